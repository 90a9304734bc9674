import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckFinding, CheckReport, CheckRoute } from '../codegen/check.js';
import { type ParsedFlags, planCommand, schemaAndHandler, UsageError } from './args.js';
import {
  type BuildFunction,
  type CodeCheckTools,
  type CodeFinding,
  type CodeRule,
  checkRouteCode,
  declaresJs,
  type RouteCode,
  routesWithCode,
} from './check-code.js';
import { type CliIO, describeThrown, messageOf } from './io.js';
import {
  buildHandler,
  HandlerLoadError,
  importEsbuild,
  type LoadHandlerOptions,
  type Namespace,
} from './load-handler.js';
import { withStdoutTo } from './redirect.js';

const FLAGS = {
  schema: 'string',
  handler: 'string',
  export: 'string',
  require: 'string',
  'code-base': 'string',
  json: 'boolean',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

/** A `--require` pattern: `Type.field`, where `*` stands for any part of a name. */
const PATTERN = /^[_A-Za-z0-9*]+\.[_A-Za-z0-9*]+$/;

/** The exports that may hold the app, in the order they are tried. */
const APP_EXPORTS = ['app', 'default', 'handler'] as const;

/** The help of the flags that pick the app, for every command that loads one. */
export const APP_FLAGS_HELP = `  --handler <file>      The handler module: .ts, .mts, .cts, .js, .mjs or .cjs, bundled with
                        esbuild (honouring tsconfig paths).
                          --handler src/handler.ts
  --export <name>       The export holding the app from createResolver(). Default: the first of
                        app, default and handler that is an app, else the module's only app.
                          --export graphqlApp`;

/** `appsync-direct check --help`. */
export const CHECK_HELP = `Usage: appsync-direct check --schema <file.graphql> --handler <file> [flags]

Compares the routes of your app (app.routes(): each app.resolver() and app.batchResolver()) with
the AppSync schema, and prints what does not fit; then checks the code routes declare in front of
their Lambda (code, requestTemplate/responseTemplate, pipeline) as AppSync checks it when the
resolver is created. The handler module is imported (its top-level code runs) but no resolver is
called.

  error    a route for a type or field the schema lacks, with the key you likely meant
           [unknown-type, unknown-field]; a route for a field of an input, enum, scalar, union or
           interface type, since resolvers attach to fields of object types [not-object-type]
  warning  a batchResolver whose parent type is in no list and below none (no field returns [T]
           or a list of a union or interface holding T, and no type reached from such items
           returns T; root types never are): AppSync batches it only when a request selects
           several T values under aliases, so a plain resolver does the same work
           [batch-of-one]; a batchResolver below the root types without maxBatchSize (or
           with 0), which AppSync never batches: one Invoke per parent [never-batched];
           a --require pattern that matches no field [unmatched-require]
  info     a schema field that no route serves and no parent value supplies [unserved-field]:
           a field of the query, mutation or subscription type, or of a type that nothing served
           returns. A field of a type your resolvers return is left out: the returned object
           carries it. Fields served by other data sources are listed too; --require turns the
           matching ones into errors.

  The code in front of the Lambda, per route that declares it:
  error    a declaration AppSync refuses, such as more than 10 pipeline functions
           [code-declaration]; a module or template path that cannot be read [code-unreadable];
           an APPSYNC_JS module that does not bundle [code-build] or lacks request or response
           [missing-handler]; what the APPSYNC_JS runtime does not support, at its file, line and
           column: try, throw, while, for(;;), continue, labels, ++/--/~, in, instanceof, async,
           Promise, generators, classes, this, new on anything but a built-in constructor,
           regular expressions, apply/bind/call, a function passed as an argument (except to the
           Array methods that take a callback), sort() with arguments, recursion [try, throw, …];
           code over 32,768 characters, bundled [code-size]; a VTL template that does not parse,
           when velocityjs is installed [vtl-syntax-error]
  warning  new on a built-in constructor the runtime does not list, such as new Date()
           [new-builtin]; a response() in front of a data source (a unit resolver, a LAMBDA
           pipeline function) that never reads ctx.error, so a failed Lambda call resolves the
           field to null with no error [unchecked-error]
  APPSYNC_JS modules are bundled as AppSync is given them (esbuild, @aws-appsync/utils
  external, TypeScript included); checking them needs acorn and acorn-walk (npm i -D acorn
  acorn-walk). Paths are relative to the schema file's folder, or to --code-base.

The API
  --schema <file>       The AppSync schema (SDL). AppSync's scalars and directives are
                        predeclared.
                          --schema schema.graphql
${APP_FLAGS_HELP}
  --code-base <dir>     The folder the routes' code and template paths are relative to.
                        Default: the folder of --schema, as for the local AppSync.
                          --code-base src/resolvers

The check
  --require <patterns>  Fields that must be served or supplied by their parent: Type.field
                        patterns, comma-separated, where * stands for any part of a name. A
                        field that matches and is not served is an error.
                          --require 'Query.*,Mutation.*'
                          --require '*.author,Post.comments'
  --json                Print one JSON object instead of lines (see Output).
                          --json
  -h, --help            Show this help.

Output
  One line per finding, as compilers print them (errors, then warnings, then infos), then a
  summary. A route's location is where its key is written as a string literal in the handler's
  files; a schema field's is its name in the schema.
    src/handler.ts:42:16: error: Query.getPots is not a field of the schema; did you mean Query.getPost? [unknown-field]
    schema.graphql:12:3: info: Query.search is not served by any resolver here [unserved-field]
    check: 1 error, 0 warnings, 1 field not served (9 routes, 21 schema fields)
  A finding in a route's code is at its place in the module (TypeScript and imported files
  included); one about the declaration is at the route's key:
    resolvers/getPost.js:7:3: error: throw is not supported by APPSYNC_JS; … [throw]
    src/handler.ts:12:14: error: Query.feed: pipeline.functions has 11 functions; … [code-declaration]
    check: 2 errors, 0 warnings, 0 fields not served (9 routes, 21 schema fields, 3 code files)
  With --json, one object; line, column and suggestion are there when known:
    { "ok": false, "errors": 1, "warnings": 0, "unserved": 1, "routes": 9, "fields": 21,
      "code": 0, "schema": "schema.graphql", "handler": "src/handler.ts", "export": "app",
      "findings": [{ "severity": "error", "rule": "unknown-field", "key": "Query.getPots",
                     "message": "Query.getPots is not a field of the schema; …",
                     "file": "src/handler.ts", "line": 42, "column": 16,
                     "suggestion": "Query.getPost" }, …] }

Exit codes
  0  no errors (warnings and infos do not fail the check)
  1  at least one error
  2  bad usage, or the schema or the handler cannot be loaded, or a route declares APPSYNC_JS
     code and acorn is not installed

Examples
  appsync-direct check --schema examples/blog/schema.graphql --handler examples/blog/handler.ts
  appsync-direct check --schema schema.graphql --handler src/handler.ts \\
    --require 'Query.*,Mutation.*'
  appsync-direct check --schema schema.graphql --handler src/index.ts --export api --json \\
    | jq '.findings[] | select(.severity == "error")'
  appsync-direct check --schema api/schema.graphql --handler src/handler.ts \\
    --code-base src/resolvers
`;

/** What to check, read from the flags. */
interface CheckPlan {
  schema: string;
  handler: string;
  exportName: string | undefined;
  require: string[];
  /** The folder code paths are relative to: `--code-base`, else the schema's folder. */
  codeBase: string;
  json: boolean;
}

/** The parts of `check` that need graphql, loaded only when the command runs. */
export interface CheckAnalysis {
  checkRoutes: typeof import('../codegen/check.js').checkRoutes;
  buildAppSyncSchema: typeof import('../engine/schema.js').buildAppSyncSchema;
  validateSchema: typeof import('graphql').validateSchema;
}

/** The APPSYNC_JS rules, loaded only when a route declares code. */
export type CodeRules = Pick<
  typeof import('../codegen/appsync-js-rules.js'),
  'checkAppSyncJs' | 'loadAcorn'
>;

/** What `check` uses that a test may replace. */
export interface CheckDependencies {
  importAnalysis(): Promise<CheckAnalysis>;
  /** The APPSYNC_JS rules; `loadAcorn()` throws when acorn is not installed. */
  importCodeRules?: (() => Promise<CodeRules>) | undefined;
  /** velocityjs's `parse`, or `undefined` when it is not installed: templates are only read. */
  loadVtlParser?: (() => ((template: string) => unknown) | undefined) | undefined;
}

/** velocityjs, an optional peer dependency: its parser when installed. */
function loadVtlParser(): ((template: string) => unknown) | undefined {
  try {
    const velocity = createRequire(import.meta.url)('velocityjs') as {
      parse(template: string): unknown;
    };
    return (template) => velocity.parse(template);
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

const defaults: CheckDependencies = {
  importAnalysis: async () => {
    const [check, schema, graphql] = await Promise.all([
      import('../codegen/check.js'),
      import('../engine/schema.js'),
      import('graphql'),
    ]);
    return {
      checkRoutes: check.checkRoutes,
      buildAppSyncSchema: schema.buildAppSyncSchema,
      validateSchema: graphql.validateSchema,
    };
  },
};

/** A finding with its place: the file (relative to the working directory), line and column. */
export interface LocatedFinding {
  severity: CheckFinding['severity'];
  /** A rule of the routes' check, or of their code's ({@link CodeRule}). */
  rule: CheckFinding['rule'] | CodeRule;
  key: string;
  message: string;
  file: string;
  line?: number;
  column?: number;
  suggestion?: string;
}

/**
 * `appsync-direct check`: loads the schema and the app's routes, compares them and prints the
 * findings. Resolves to the exit code: 0 no errors, 1 errors, 2 bad usage or nothing to check.
 */
export async function checkCommand(
  argv: readonly string[],
  io: CliIO,
  dependencies: CheckDependencies = defaults,
): Promise<number> {
  const planned = planCommand('check', argv, FLAGS, CHECK_HELP, io, planCheck);
  if ('exitCode' in planned) return planned.exitCode;
  const { plan } = planned;
  const fail = (message: string): number => {
    io.stderr(`appsync-direct check: ${message}\n`);
    return 2;
  };

  let analysis: CheckAnalysis;
  try {
    analysis = await dependencies.importAnalysis();
  } catch (error) {
    return fail(
      `the check cannot load: ${messageOf(error)}\nIt needs graphql (16 or 17) and esbuild installed: npm i -D graphql esbuild`,
    );
  }

  const schemaFile = shown(io.cwd, resolve(io.cwd, plan.schema));
  let schema: ReturnType<CheckAnalysis['buildAppSyncSchema']>;
  try {
    schema = analysis.buildAppSyncSchema(readFileSync(resolve(io.cwd, plan.schema), 'utf8'));
  } catch (error) {
    const where = (error as { locations?: readonly { line: number; column: number }[] })
      .locations?.[0];
    const at = where === undefined ? '' : ` (line ${where.line}, column ${where.column})`;
    return fail(`--schema ${plan.schema}${at}: ${messageOf(error)}`);
  }
  const invalid = analysis.validateSchema(schema);
  if (invalid.length > 0) {
    const lines = invalid.map((error) => {
      const where = error.locations?.[0];
      const place =
        where === undefined ? schemaFile : `${schemaFile}:${where.line}:${where.column}`;
      return `  ${place}: ${error.message}`;
    });
    return fail(`--schema ${plan.schema} is not a valid schema:\n${lines.join('\n')}`);
  }

  let loaded: LoadedRoutes;
  try {
    loaded = await withStdoutTo(io.stderr, () => loadRoutes(plan, io.cwd));
  } catch (error) {
    return fail(messageOf(error));
  }

  let code: Awaited<ReturnType<typeof checkRouteCode>>;
  try {
    const tools = await codeTools(loaded.code, dependencies);
    code = await checkRouteCode(loaded.code, plan.codeBase, tools);
  } catch (error) {
    return fail(messageOf(error));
  }

  const report = analysis.checkRoutes({ schema, routes: loaded.routes, require: plan.require });
  const handlerFile = shown(io.cwd, resolve(io.cwd, plan.handler));
  const finder = new SourceFinder(loaded.files);
  const where = { schema: schemaFile, handler: handlerFile, cwd: io.cwd };
  const findings = [
    ...report.findings.map((finding) => locate(finding, finder, where)),
    ...code.findings.map((finding) => locateCode(finding, finder, where)),
  ].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);
  const counts = {
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
  const ok = counts.errors === 0;

  if (plan.json) {
    const { unserved, routes, fields } = report;
    const json = {
      ok,
      ...counts,
      unserved,
      routes,
      fields,
      code: code.sources,
      schema: schemaFile,
      handler: handlerFile,
      export: loaded.exportName,
      findings,
    };
    io.stdout(`${JSON.stringify(json, null, 2)}\n`);
  } else {
    io.stdout(findings.map((finding) => `${formatFinding(finding)}\n`).join(''));
    io.stdout(`${summary(report, counts, code.sources)}\n`);
  }
  return ok ? 0 : 1;
}

const SEVERITY_RANK: Record<LocatedFinding['severity'], number> = { error: 0, warning: 1, info: 2 };

/**
 * What the code check needs for the routes that declare code: the APPSYNC_JS rules (acorn) and
 * esbuild when a route declares a module, velocityjs's parser when installed. acorn missing is
 * an error that says what to install.
 */
async function codeTools(
  routes: readonly RouteCode[],
  dependencies: CheckDependencies,
): Promise<CodeCheckTools> {
  if (routes.length === 0) return {};
  const parseVtl = (dependencies.loadVtlParser ?? loadVtlParser)();
  const js = routes.find((route) => declaresJs(route.declaration));
  if (js === undefined) return { parseVtl };
  const rules = await (
    dependencies.importCodeRules ?? (() => import('../codegen/appsync-js-rules.js'))
  )();
  try {
    rules.loadAcorn();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new Error(
      `${js.key} declares APPSYNC_JS code, and checking it needs acorn and acorn-walk (optional peer dependencies), which are not installed: npm i -D acorn acorn-walk`,
    );
  }
  const esbuild = await importEsbuild(() => import('esbuild'));
  if (esbuild === undefined) {
    throw new Error(
      `${js.key} declares APPSYNC_JS code, which check bundles with esbuild, and esbuild is not installed: npm i -D esbuild`,
    );
  }
  return {
    checkAppSyncJs: rules.checkAppSyncJs,
    build: esbuild.build as unknown as BuildFunction,
    parseVtl,
  };
}

function planCheck(flags: Flags, cwd: string): CheckPlan {
  const { schema, handler } = schemaAndHandler(flags, cwd, {
    schema: 'to check against',
    handler: 'to check',
  });
  const codeBase = flags['code-base'];
  if (codeBase !== undefined) {
    const path = resolve(cwd, codeBase);
    if (!existsSync(path) || !statSync(path).isDirectory()) {
      throw new UsageError(
        `--code-base ${codeBase}: there is no such folder (looked for ${path}); give the folder the routes' code paths are relative to`,
      );
    }
  }
  return {
    schema,
    handler,
    exportName: flags.export,
    require: flags.require === undefined ? [] : patternsOf(flags.require),
    codeBase: resolve(cwd, codeBase ?? dirname(schema)),
    json: flags.json === true,
  };
}

function patternsOf(text: string): string[] {
  const patterns = text
    .split(',')
    .map((pattern) => pattern.trim())
    .filter((pattern) => pattern !== '');
  if (patterns.length === 0) {
    throw new UsageError(
      `--require needs Type.field patterns, comma-separated, as in --require 'Query.*,Mutation.*'; received ${JSON.stringify(text)}`,
    );
  }
  for (const pattern of patterns) {
    if (!PATTERN.test(pattern)) {
      throw new UsageError(
        `--require ${JSON.stringify(pattern)} is not a Type.field pattern: write a type and a field name joined by a dot, where * stands for any part of a name, as in Query.*, *.author or Post.comments`,
      );
    }
  }
  return patterns;
}

/** The routes of an app, read by {@link loadAppRoutes}. */
export interface LoadedRoutes {
  routes: CheckRoute[];
  /** The routes that declare code in front of their Lambda, with their raw code keys. */
  code: RouteCode[];
  /** `app.routes()` as the app returned it, every key kept (what `manifest` prints). */
  listed: unknown[];
  exportName: string;
  /** The handler and the project files it imports, handler first. */
  files: string[];
}

/** Bundles and imports the handler, picks the app and reads its routes. */
function loadRoutes(plan: CheckPlan, cwd: string): Promise<LoadedRoutes> {
  return loadAppRoutes(plan.handler, cwd, { exportName: plan.exportName, reader: CHECK_READER });
}

/** How a command that reads an app's routes names itself in {@link pickApp}'s messages. */
export interface RouteReader {
  /** The command: "<command> reads the routes of the app …". */
  command: string;
  /** What it does with the app: "pick the one to <verb> with --export <name>". */
  verb: string;
}

const CHECK_READER: RouteReader = { command: 'check', verb: 'check' };

/**
 * Bundles and imports the handler module `handler` (its top-level code runs, no resolver is
 * called), picks the app with {@link pickApp} and reads its routes. Shared by `check` and
 * `manifest`. `files` are the handler and the project files it imports, handler first.
 */
export async function loadAppRoutes(
  handler: string,
  cwd: string,
  options: {
    exportName: string | undefined;
    reader: RouteReader;
    importEsbuild?: LoadHandlerOptions['importEsbuild'];
  },
): Promise<LoadedRoutes> {
  const built = await buildHandler(handler, { cwd, importEsbuild: options.importEsbuild });
  const { app, exportName } = pickApp(built.exports, handler, options.exportName, options.reader);
  let listed: unknown;
  try {
    listed = app.routes();
  } catch (error) {
    throw new HandlerLoadError(
      `export ${exportName} of ${handler}: routes() threw: ${describeThrown(error)}`,
    );
  }
  const routes = Array.isArray(listed) ? listed.map(routeOf) : [];
  if (!Array.isArray(listed) || routes.includes(undefined)) {
    throw new HandlerLoadError(
      `export ${exportName} of ${handler}: routes() must return the app's routes, [{ typeName, fieldName, kind }, …], as an app from createResolver() does`,
    );
  }
  const path = resolve(cwd, handler);
  const files = [path, ...built.inputs.filter((file) => file !== path && isProjectFile(file))];
  return {
    routes: routes as CheckRoute[],
    code: routesWithCode(listed),
    listed,
    exportName,
    files,
  };
}

function routeOf(value: unknown): CheckRoute | undefined {
  const route = value as Partial<Record<keyof CheckRoute, unknown>> | null;
  if (typeof route?.typeName !== 'string' || typeof route.fieldName !== 'string') return undefined;
  return {
    typeName: route.typeName,
    fieldName: route.fieldName,
    kind: route.kind === 'batch' ? 'batch' : 'resolver',
    maxBatchSize: typeof route.maxBatchSize === 'number' ? route.maxBatchSize : undefined,
  };
}

/** The package root of appsync-direct: its own sources are not the user's. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OWN_SOURCES = [`${PACKAGE_ROOT}src${sep}`, `${PACKAGE_ROOT}dist${sep}`];

/** A file of the user's project: not a dependency and not appsync-direct's own source. */
function isProjectFile(file: string): boolean {
  return (
    !file.includes(`${sep}node_modules${sep}`) && !OWN_SOURCES.some((dir) => file.startsWith(dir))
  );
}

/** An app: what `createResolver()` returns, with `routes()` and `handler()`. */
interface RoutedApp {
  routes(): unknown;
  handler(): unknown;
}

function isApp(value: unknown): value is RoutedApp {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as Partial<RoutedApp>).routes === 'function' &&
    typeof (value as Partial<RoutedApp>).handler === 'function'
  );
}

/**
 * The export holding the app: `wanted`, else the first of `app`, `default` and `handler` that
 * is an app, else the module's only app. Anything else is a {@link HandlerLoadError} that says
 * what to export or pass; `reader` names the command in its messages.
 */
export function pickApp(
  exports: Namespace,
  file: string,
  wanted: string | undefined,
  reader: RouteReader = CHECK_READER,
): { app: RoutedApp; exportName: string } {
  const names = Object.keys(exports).sort();
  const listed = names.length === 0 ? 'it has no exports' : `its exports are: ${names.join(', ')}`;
  const howTo = `${reader.command} reads the routes of the app from createResolver(): export it (export const app = createResolver()) or pass the export that holds it with --export <name>`;
  if (wanted !== undefined) {
    if (!Object.hasOwn(exports, wanted)) {
      throw new HandlerLoadError(`--handler ${file} has no export named ${wanted}; ${listed}`);
    }
    const value = exports[wanted];
    if (isApp(value)) return { app: value, exportName: wanted };
    throw new HandlerLoadError(
      `export ${wanted} of ${file} is ${describe(value)}, not an app from createResolver(); ${listed}. ${capitalise(howTo)}`,
    );
  }
  const preferred = APP_EXPORTS.find((name) => isApp(exports[name]));
  if (preferred !== undefined)
    return { app: exports[preferred] as RoutedApp, exportName: preferred };
  const apps = names.filter((name) => isApp(exports[name]));
  if (apps.length === 1) {
    const only = apps[0] as string;
    return { app: exports[only] as RoutedApp, exportName: only };
  }
  if (apps.length > 1) {
    throw new HandlerLoadError(
      `--handler ${file} exports ${apps.length} apps (${apps.join(', ')}); pick the one to ${reader.verb} with --export <name>`,
    );
  }
  throw new HandlerLoadError(
    `--handler ${file} exports no app from createResolver(); ${listed}. ${capitalise(howTo)}`,
  );
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'function') return 'a function (a Lambda handler has no routes)';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object'
    ? 'an object without routes() and handler()'
    : `a ${typeof value}`;
}

/** Finds where a route's key is written as a string literal in the handler's files. */
class SourceFinder {
  readonly #files: readonly string[];
  readonly #texts = new Map<string, string[]>();

  constructor(files: readonly string[]) {
    this.#files = files;
  }

  /** The first `'key'`, `"key"` or `` `key` `` outside a comment line: in the handler first. */
  find(key: string): { file: string; line: number; column: number } | undefined {
    const literal = new RegExp(`(['"\`])${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1`);
    for (const file of this.#files) {
      const lines = this.#lines(file);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i] as string;
        if (/^\s*(\/\/|\/\*|\*)/.test(line)) continue;
        const match = literal.exec(line);
        if (match !== null) return { file, line: i + 1, column: match.index + 1 };
      }
    }
    return undefined;
  }

  #lines(file: string): string[] {
    let lines = this.#texts.get(file);
    if (lines === undefined) {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
      this.#texts.set(file, lines);
    }
    return lines;
  }
}

/** A path as the findings show it: relative to the working directory. */
function shown(cwd: string, path: string): string {
  return relative(cwd, path);
}

function locate(
  finding: CheckFinding,
  finder: SourceFinder,
  where: { schema: string; handler: string; cwd: string },
): LocatedFinding {
  const { severity, rule, key, message } = finding;
  const suggestion = finding.suggestion === undefined ? {} : { suggestion: finding.suggestion };
  if (finding.origin === 'route') {
    return { ...atRoute({ severity, rule, key, message }, finder, where), ...suggestion };
  }
  const place =
    finding.line === undefined || finding.column === undefined
      ? {}
      : { line: finding.line, column: finding.column };
  return { severity, rule, key, message, file: where.schema, ...place, ...suggestion };
}

/** A code finding placed: in its file, or at the route's key when it is about the declaration. */
function locateCode(
  finding: CodeFinding,
  finder: SourceFinder,
  where: { handler: string; cwd: string },
): LocatedFinding {
  const { severity, rule, key, message } = finding;
  if (finding.file !== undefined) {
    // Inline source is named by its route (`Query.getPost inline code`), not by a path.
    const file = isAbsolute(finding.file) ? shown(where.cwd, finding.file) : finding.file;
    const place = {
      ...(finding.line === undefined ? {} : { line: finding.line }),
      ...(finding.column === undefined ? {} : { column: finding.column }),
    };
    return { severity, rule, key, message, file, ...place };
  }
  return atRoute({ severity, rule, key, message }, finder, where);
}

/** A finding placed at its route's key in the handler's sources, else at the handler. */
function atRoute(
  finding: Pick<LocatedFinding, 'severity' | 'rule' | 'key' | 'message'>,
  finder: SourceFinder,
  where: { handler: string; cwd: string },
): LocatedFinding {
  const found = finder.find(finding.key);
  return found === undefined
    ? { ...finding, file: where.handler }
    : { ...finding, file: shown(where.cwd, found.file), line: found.line, column: found.column };
}

/** `file:line:column: severity: message [rule]`, as compilers print. */
export function formatFinding(finding: LocatedFinding): string {
  const place =
    finding.line === undefined
      ? finding.file
      : finding.column === undefined
        ? `${finding.file}:${finding.line}`
        : `${finding.file}:${finding.line}:${finding.column}`;
  return `${place}: ${finding.severity}: ${finding.message} [${finding.rule}]`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * `check: 1 error, 0 warnings, 2 fields not served (12 routes, 40 schema fields)`, with
 * `, 3 code files` when routes declare code.
 */
function summary(
  report: CheckReport,
  counts: { errors: number; warnings: number },
  codeFiles: number,
): string {
  const required = report.findings.filter(
    (finding) => finding.rule === 'unserved-field' && finding.severity === 'error',
  ).length;
  const served = `${count(report.unserved, 'field')} not served${required > 0 ? `, ${required} of them required` : ''}`;
  const code = codeFiles > 0 ? `, ${count(codeFiles, 'code file')}` : '';
  return `check: ${count(counts.errors, 'error')}, ${count(counts.warnings, 'warning')}, ${served} (${count(report.routes, 'route')}, ${count(report.fields, 'schema field')}${code})`;
}
