/**
 * The code part of `appsync-direct check`: the APPSYNC_JS modules and VTL templates the app's
 * routes declare in front of their Lambda (`code`, `requestTemplate`/`responseTemplate`,
 * `pipeline`), read from the code base folder and checked as AppSync checks them when the
 * resolver or function is created.
 *
 * - A declaration `checkFieldCode` refuses (11 pipeline functions, a function without a name …)
 *   and a path that cannot be read are errors of the route.
 * - An APPSYNC_JS module is bundled as the local AppSync and the AWS guide to bundling bundle it
 *   (esbuild, `@aws-appsync/utils` external, TypeScript included) and the bundle — what AppSync
 *   would be given — goes through `checkAppSyncJs`, its findings mapped back to the files they
 *   come from through esbuild's source map. Warnings are on; `unchecked-error` only for code in
 *   front of a data source (a unit resolver, a pipeline function on `LAMBDA`).
 * - A VTL template is read, and parsed with velocityjs when it is installed.
 */
import type {
  AppSyncJsCheckOptions,
  AppSyncJsFinding,
  AppSyncJsRule,
} from '../codegen/appsync-js-rules.js';
import {
  appSyncJsBuildOptions,
  asBundled,
  checkBundle,
  type EsbuildResult,
  esbuildErrors,
  fileNamer,
  missingHandlers,
  readAppSyncJsBundle,
} from '../engine/appsync-js/bundle.js';
import {
  type CodeReference,
  type CodeSource,
  checkFieldCode,
  type FieldCodeDeclaration,
  readCodeSource,
} from '../engine/code/declaration.js';

/** What a code finding is about: a rule of `checkAppSyncJs`, or one of the declaration's. */
export type CodeRule =
  | AppSyncJsRule
  | 'code-declaration'
  | 'code-unreadable'
  | 'code-build'
  | 'missing-handler'
  | 'vtl-syntax-error';

/** One thing found in a route's code. */
export interface CodeFinding {
  severity: 'error' | 'warning';
  rule: CodeRule;
  /** The route: `Type.field`. */
  key: string;
  message: string;
  /**
   * The file it is in (absolute), or the label of inline source; absent when it is about the
   * declaration itself, which the caller places at the route.
   */
  file?: string;
  line?: number;
  column?: number;
}

/** A route of `app.routes()` and its raw code keys. */
export interface RouteCode {
  key: string;
  declaration: unknown;
}

/** The part of esbuild's `build` the check uses. */
export type BuildFunction = (options: Record<string, unknown>) => Promise<EsbuildResult>;

/** What the code check runs with: loaded by the command, replaced by tests. */
export interface CodeCheckTools {
  /** `checkAppSyncJs`, with acorn loaded; absent when no route declares APPSYNC_JS code. */
  checkAppSyncJs?:
    | ((source: string, options: AppSyncJsCheckOptions) => AppSyncJsFinding[])
    | undefined;
  /** esbuild's `build`; needed with `checkAppSyncJs`. */
  build?: BuildFunction | undefined;
  /** Parses a VTL template, throwing velocityjs's error; absent: templates are only read. */
  parseVtl?: ((template: string) => unknown) | undefined;
}

/** The raw code keys of a route, when it declares any. */
const CODE_KEYS = ['code', 'requestTemplate', 'responseTemplate', 'pipeline'] as const;

/** The routes of `routes()` that declare code, with their raw keys. */
export function routesWithCode(listed: readonly unknown[]): RouteCode[] {
  const found: RouteCode[] = [];
  for (const route of listed) {
    const raw = route as Record<string, unknown>;
    if (CODE_KEYS.some((key) => raw[key] !== undefined)) {
      found.push({ key: `${String(raw.typeName)}.${String(raw.fieldName)}`, declaration: raw });
    }
  }
  return found;
}

/** Whether a raw declaration names an APPSYNC_JS module anywhere (before it is checked). */
export function declaresJs(declaration: unknown): boolean {
  const raw = declaration as {
    code?: unknown;
    pipeline?: { code?: unknown; functions?: unknown };
  };
  if (raw.code !== undefined) return true;
  const pipeline = raw.pipeline;
  if (typeof pipeline !== 'object' || pipeline === null) return false;
  if (pipeline.code !== undefined) return true;
  return (
    Array.isArray(pipeline.functions) &&
    pipeline.functions.some(
      (fn: unknown) =>
        typeof fn === 'object' && fn !== null && 'code' in fn && fn.code !== undefined,
    )
  );
}

/** One module or template to check, and where it sits in the declaration. */
interface Unit {
  kind: 'js' | 'vtl';
  reference: CodeReference;
  /** `Query.getPost: pipeline.functions[0] (check).code`: names it in messages. */
  label: string;
  /** `Query.getPost inline pipeline.functions[0].code`: names inline source in findings. */
  inline: string;
  /** For APPSYNC_JS: whether `response` follows a data source call. */
  dataSource: boolean;
}

function unitsOf(key: string, declaration: FieldCodeDeclaration): Unit[] {
  const units: Unit[] = [];
  const add = (
    kind: Unit['kind'],
    reference: CodeReference | undefined,
    where: string,
    dataSource = false,
    name = '',
  ) => {
    if (reference === undefined) return;
    const label = `${key}: ${name === '' ? where : where.replace(/\]/, `] (${name})`)}`;
    units.push({ kind, reference, label, inline: `${key} inline ${where}`, dataSource });
  };
  add('js', declaration.code, 'code', true);
  add('vtl', declaration.requestTemplate, 'requestTemplate');
  add('vtl', declaration.responseTemplate, 'responseTemplate');
  const { pipeline } = declaration;
  if (pipeline !== undefined) {
    add('js', pipeline.code, 'pipeline.code');
    pipeline.functions.forEach((fn, index) => {
      const at = `pipeline.functions[${index}]`;
      add('js', fn.code, `${at}.code`, fn.dataSource === 'LAMBDA', fn.name);
      add('vtl', fn.requestTemplate, `${at}.requestTemplate`, false, fn.name);
      add('vtl', fn.responseTemplate, `${at}.responseTemplate`, false, fn.name);
    });
  }
  return units;
}

/**
 * Checks the code every route declares: the declaration, then each module and template, read
 * relative to `baseDir`. A module several routes share is checked once, for the first.
 * Resolves to the findings, in route order, and how many files or inline sources were checked.
 */
export async function checkRouteCode(
  routes: readonly RouteCode[],
  baseDir: string,
  tools: CodeCheckTools,
): Promise<{ findings: CodeFinding[]; sources: number }> {
  const findings: CodeFinding[] = [];
  const seen = new Set<string>();
  for (const { key, declaration } of routes) {
    let checked: FieldCodeDeclaration | undefined;
    try {
      checked = checkFieldCode(declaration, key);
    } catch (error) {
      findings.push({
        severity: 'error',
        rule: 'code-declaration',
        key,
        message: messageOf(error),
      });
      continue;
    }
    if (checked === undefined) continue;
    for (const unit of unitsOf(key, checked)) {
      let source: CodeSource;
      try {
        source = readCodeSource(unit.reference, baseDir, unit.label);
        if (source.path === undefined) source = { ...source, name: unit.inline };
      } catch (error) {
        findings.push({
          severity: 'error',
          rule: 'code-unreadable',
          key,
          message: `${messageOf(error)} --code-base <dir> sets the folder they are relative to.`,
        });
        continue;
      }
      const id = `${source.path ?? `${key}\n${source.text}`}\n${unit.kind}:${unit.dataSource}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const found =
        unit.kind === 'vtl'
          ? checkTemplate(source, key, tools)
          : await checkModule(source, unit, key, tools);
      findings.push(...found);
    }
  }
  return { findings, sources: seen.size };
}

function checkTemplate(source: CodeSource, key: string, tools: CodeCheckTools): CodeFinding[] {
  if (tools.parseVtl === undefined) return [];
  try {
    tools.parseVtl(source.text);
    return [];
  } catch (error) {
    return [{ severity: 'error', rule: 'vtl-syntax-error', key, ...vtlError(error, source) }];
  }
}

/** What velocityjs's error says: what it met, and where (its parser's 1-based line, 0-based column). */
function vtlError(
  error: unknown,
  source: CodeSource,
): { message: string; file: string; line?: number; column?: number } {
  const { hash } = error as {
    hash?: {
      text?: string;
      line?: number;
      loc?: { first_line: number; first_column: number };
      expected?: string[];
    };
  };
  const file = source.path ?? source.name;
  const fix = 'AppSync rejects a mapping template that does not parse; fix the syntax.';
  if (hash?.loc !== undefined) {
    const met = hash.text
      ? `unexpected ${JSON.stringify(hash.text)}`
      : 'unexpected end of the template';
    const expected = hash.expected ?? [];
    const wanted =
      expected.length > 0 && expected.length <= 4 ? `, expected ${expected.join(', ')}` : '';
    return {
      message: `the template does not parse (${met}${wanted}): ${fix}`,
      file,
      line: hash.loc.first_line,
      column: hash.loc.first_column + 1,
    };
  }
  // Its lexer's: "Lexical error on line 4. Unrecognized text.", with a 0-based `line`.
  const first = (messageOf(error).split('\n')[0] as string).replace(/ on line \d+\./, ':');
  return {
    message: `the template does not parse (${first.replace(/\.$/, '')}): ${fix}`,
    file,
    ...(typeof hash?.line === 'number' ? { line: hash.line + 1 } : {}),
  };
}

/** How the check bundles: with a source map, naming files by their absolute paths. */
const BUNDLE = { sourceMap: true, paths: 'absolute' } as const;

async function checkModule(
  source: CodeSource,
  unit: Unit,
  key: string,
  tools: CodeCheckTools,
): Promise<CodeFinding[]> {
  const { checkAppSyncJs, build } = tools;
  if (checkAppSyncJs === undefined || build === undefined) return [];
  let result: EsbuildResult;
  try {
    result = await build(appSyncJsBuildOptions(source, BUNDLE));
  } catch (error) {
    const file = fileNamer(source, BUNDLE.paths);
    return esbuildErrors(error).map(({ text, location }) => ({
      severity: 'error',
      rule: 'code-build',
      key,
      message: `${text}: the module does not bundle, so AppSync cannot be given it; fix it.`,
      ...(location === null || location === undefined
        ? { file: source.name }
        : { file: file(location.file), line: location.line, column: location.column + 1 }),
    }));
  }
  const bundle = readAppSyncJsBundle(result, source, BUNDLE);
  const { entry } = bundle;
  const findings: CodeFinding[] = checkBundle(bundle, checkAppSyncJs, {
    warnings: true,
    dataSource: unit.dataSource,
  }).map(({ severity, rule, message, file, line, column }) =>
    // The size is the bundle's, and code no source holds has no place in one: the file alone.
    rule === 'code-size' || file === asBundled(entry)
      ? { severity, rule, key, message, file }
      : { severity, rule, key, message, file, line, column },
  );
  // In the bundle, imported files come first: the module's own findings lead instead.
  const rank = (file: string | undefined) =>
    file === entry ? 0 : file === asBundled(entry) ? 2 : 1;
  findings.sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  const missing = missingHandlers(unit.label, bundle.exports);
  if (missing !== undefined) {
    findings.push({
      severity: 'error',
      rule: 'missing-handler',
      key,
      message: missing,
      file: entry,
    });
  }
  return findings;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
