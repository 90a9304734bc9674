import { existsSync, statSync } from 'node:fs';
import { extname, relative, resolve, sep } from 'node:path';
import { isNeverBatched, neverBatchedMessage } from '../batching.js';
import { didYouMean, type ParsedFlags, planCommand, UsageError } from './args.js';
import { APP_FLAGS_HELP, loadAppRoutes, type RouteReader } from './check.js';
import { type CliIO, messageOf } from './io.js';
import { type EsbuildApi, HandlerLoadError, importEsbuild } from './load-handler.js';
import { withStdoutTo } from './redirect.js';

/*
 * The deployment manifest: what the app's routes need from AppSync. The pure part (route checks,
 * logical ids, the CloudFormation template) takes no handler and does no I/O, so infrastructure
 * code (a CDK construct, a SAM or CloudFormation generator) can reuse the exact mapping the
 * command prints.
 */

/** One route as `app.routes()` lists it: the field, how it is served, its batch size. */
export interface ManifestRoute {
  typeName: string;
  fieldName: string;
  /** `'resolver'` for `app.resolver()`, `'batch'` for `app.batchResolver()`. */
  kind: 'resolver' | 'batch';
  /** The `MaxBatchSize` the field is deployed with (0–2000; 0 or none: no batching). */
  maxBatchSize?: number | undefined;
}

/** Routes or template options that cannot become a deployable template. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
}

/** AppSync's range for a resolver's `MaxBatchSize`. */
export const MAX_BATCH_SIZE = 2000;

/** A GraphQL name: what AppSync accepts as a type, field or data source name. */
const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A CloudFormation logical id. */
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** An AppSync API id (the `ApiId` attribute of an `AWS::AppSync::GraphQLApi`). */
const API_ID = /^[A-Za-z0-9]+$/;

const SUFFIX = 'Resolver';
/** The hex digits a logical id gets when its plain form is taken or too long. */
const HASH_DIGITS = 8;
const MAX_LOGICAL_ID = 255;

/** The parameters a template declares for the values it was not given. */
export const API_ID_PARAMETER = 'ApiId';
export const DATA_SOURCE_PARAMETER = 'DataSourceName';

/** A CloudFormation reference to a template parameter. */
export interface CloudFormationRef {
  Ref: string;
}

/** One Direct Lambda resolver: Kind UNIT, no mapping templates, no code. */
export interface CloudFormationResolver {
  Type: 'AWS::AppSync::Resolver';
  DependsOn?: string[];
  Properties: {
    ApiId: string | CloudFormationRef;
    TypeName: string;
    FieldName: string;
    DataSourceName: string | CloudFormationRef;
    Kind: 'UNIT';
    MaxBatchSize?: number;
  };
}

/** A template parameter of type String. */
export interface CloudFormationParameter {
  Type: 'String';
  Description: string;
  AllowedPattern: string;
  ConstraintDescription: string;
}

/** The template {@link cloudFormationTemplate} makes. */
export interface CloudFormationTemplate {
  AWSTemplateFormatVersion: '2010-09-09';
  Description: string;
  Parameters?: Record<string, CloudFormationParameter>;
  Resources: Record<string, CloudFormationResolver>;
}

/** What {@link cloudFormationTemplate} writes besides the routes. */
export interface CloudFormationOptions {
  /** The AppSync API id; without it, the template takes a parameter `ApiId`. */
  apiId?: string | undefined;
  /** The Lambda data source's name; without it, the template takes a parameter `DataSourceName`. */
  dataSourceName?: string | undefined;
  /**
   * Logical ids every resolver waits for: the `AWS::AppSync::GraphQLSchema` (and the data source)
   * when the same template creates them, since a resolver needs its field in the schema.
   */
  dependsOn?: readonly string[] | undefined;
  /** The template's `Description`. */
  description?: string | undefined;
}

const DEFAULT_DESCRIPTION =
  'AppSync Direct Lambda resolvers, one per route of the app (appsync-direct manifest)';

/** `Type.field`. */
export function routeKey(route: Pick<ManifestRoute, 'typeName' | 'fieldName'>): string {
  return `${route.typeName}.${route.fieldName}`;
}

/**
 * What keeps `routes` from being deployed, one message each: a type or field name AppSync
 * rejects, a kind other than `resolver` or `batch`, a `maxBatchSize` outside 0–2000, a key
 * listed twice. Empty when they can be.
 */
export function routeProblems(routes: readonly ManifestRoute[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    const key = `${String(route.typeName)}.${String(route.fieldName)}`;
    for (const [what, name] of [
      ['type', route.typeName],
      ['field', route.fieldName],
    ] as const) {
      if (typeof name !== 'string' || !NAME.test(name)) {
        problems.push(
          `${key}: the ${what} name ${JSON.stringify(name)} is not a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)`,
        );
      }
    }
    if (route.kind !== 'resolver' && route.kind !== 'batch') {
      problems.push(`${key}: kind ${JSON.stringify(route.kind)} is neither "resolver" nor "batch"`);
    }
    const size = route.maxBatchSize;
    if (size !== undefined && !(Number.isInteger(size) && size >= 0 && size <= MAX_BATCH_SIZE)) {
      problems.push(
        `${key}: maxBatchSize ${JSON.stringify(size)} is not an integer from 0 to ${MAX_BATCH_SIZE} (AppSync's range)`,
      );
    }
    if (seen.has(key)) problems.push(`${key} is listed twice; a field has one resolver`);
    seen.add(key);
  }
  return problems;
}

/**
 * The logical id of each route's resolver, in the order of `routes`: `<Type><Field>Resolver`,
 * each name in PascalCase with its underscores dropped (`Query.get_post` → `QueryGetPostResolver`).
 * When two keys give the same id, the one with fewer underscores (else the first in code-unit
 * order) keeps it and the others get eight hex digits of a hash of their key before `Resolver`;
 * an id over 255 characters is cut and gets them too. The ids depend on the set of keys, not on
 * their order. Throws a {@link ManifestError} when the routes have a problem ({@link routeProblems}).
 */
export function resolverLogicalIds(routes: readonly ManifestRoute[]): string[] {
  assertDeployable(routes);
  const keys = routes.map(routeKey);
  const stems = new Map(routes.map((route) => [routeKey(route), stemOf(route)]));
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  // Plain ids first: per id, the plainest key of those that would have it.
  const claimants = new Map<string, string[]>();
  for (const key of keys) {
    const stem = stems.get(key) as string;
    if (stem.length + SUFFIX.length > MAX_LOGICAL_ID) continue;
    const id = `${stem}${SUFFIX}`;
    claimants.set(id, [...(claimants.get(id) ?? []), key]);
  }
  for (const [id, claiming] of claimants) {
    const winner = claiming.sort(plainestFirst)[0] as string;
    ids.set(winner, id);
    taken.add(id);
  }
  // Then the rest, in key order, each with a hash of its key that no other id has.
  for (const key of [...keys].sort(byCodeUnits)) {
    if (ids.has(key)) continue;
    const stem = (stems.get(key) as string).slice(0, MAX_LOGICAL_ID - HASH_DIGITS - SUFFIX.length);
    let id: string;
    let salt = 0;
    do {
      id = `${stem}${fnv1a(salt === 0 ? key : `${key}#${salt}`)}${SUFFIX}`;
      salt++;
    } while (taken.has(id));
    ids.set(key, id);
    taken.add(id);
  }
  return keys.map((key) => ids.get(key) as string);
}

/**
 * A CloudFormation template (as a JSON value) with one `AWS::AppSync::Resolver` per route, as
 * AppSync needs a Direct Lambda resolver: `Kind: UNIT`, no request or response mapping template,
 * no code or runtime, the route's `maxBatchSize` as `MaxBatchSize`. `ApiId` and `DataSourceName`
 * are the given values, or references to the template parameters `ApiId` and `DataSourceName`.
 * Logical ids come from {@link resolverLogicalIds}. Throws a {@link ManifestError} for routes
 * that cannot be deployed (or none) and for invalid options.
 *
 * ```ts
 * cloudFormationTemplate(app.routes(), { dataSourceName: 'BlogLambda' });
 * // { AWSTemplateFormatVersion: '2010-09-09', Description: '…', Parameters: { ApiId: {…} },
 * //   Resources: { QueryGetPostResolver: { Type: 'AWS::AppSync::Resolver', Properties: {
 * //     ApiId: { Ref: 'ApiId' }, TypeName: 'Query', FieldName: 'getPost',
 * //     DataSourceName: 'BlogLambda', Kind: 'UNIT' } }, … } }
 * ```
 */
export function cloudFormationTemplate(
  routes: readonly ManifestRoute[],
  options: CloudFormationOptions = {},
): CloudFormationTemplate {
  const problems = [
    ...optionProblems(options),
    ...(routes.length === 0
      ? ['there are no routes, and a template needs at least one resource']
      : []),
  ];
  if (problems.length > 0) throw new ManifestError(problems.join('; '));
  const ids = resolverLogicalIds(routes);
  const dependsOn = options.dependsOn === undefined ? [] : [...options.dependsOn];
  const apiId = options.apiId ?? { Ref: API_ID_PARAMETER };
  const dataSourceName = options.dataSourceName ?? { Ref: DATA_SOURCE_PARAMETER };
  const parameters: Record<string, CloudFormationParameter> = {};
  if (options.apiId === undefined) {
    parameters[API_ID_PARAMETER] = {
      Type: 'String',
      Description:
        'The id of the AppSync GraphQL API the resolvers attach to (the ApiId attribute of its AWS::AppSync::GraphQLApi)',
      AllowedPattern: API_ID.source.slice(1, -1),
      ConstraintDescription: 'an AppSync API id: letters and digits',
    };
  }
  if (options.dataSourceName === undefined) {
    parameters[DATA_SOURCE_PARAMETER] = {
      Type: 'String',
      Description:
        "The name of the API's AWS_LAMBDA data source that invokes the handler's function",
      AllowedPattern: NAME.source.slice(1, -1),
      ConstraintDescription: 'a data source name: [_A-Za-z][_0-9A-Za-z]*',
    };
  }
  const clash = dependsOn.find((id) => ids.includes(id) || Object.hasOwn(parameters, id));
  if (clash !== undefined) {
    const what = ids.includes(clash) ? 'resolvers' : 'parameters';
    throw new ManifestError(
      `${clash} is one of the template's own ${what}; a resolver can only wait for another resource`,
    );
  }
  const resources: Record<string, CloudFormationResolver> = {};
  routes.forEach((route, i) => {
    const resolver: CloudFormationResolver = {
      Type: 'AWS::AppSync::Resolver',
      ...(dependsOn.length === 0 ? {} : { DependsOn: [...dependsOn] }),
      Properties: {
        ApiId: typeof apiId === 'string' ? apiId : { ...apiId },
        TypeName: route.typeName,
        FieldName: route.fieldName,
        DataSourceName: typeof dataSourceName === 'string' ? dataSourceName : { ...dataSourceName },
        Kind: 'UNIT',
        ...(route.maxBatchSize === undefined ? {} : { MaxBatchSize: route.maxBatchSize }),
      },
    };
    resources[ids[i] as string] = resolver;
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: options.description ?? DEFAULT_DESCRIPTION,
    ...(Object.keys(parameters).length === 0 ? {} : { Parameters: parameters }),
    Resources: resources,
  };
}

/** What is wrong with an `--api-id` value, or `undefined`. */
export function apiIdProblem(value: string): string | undefined {
  if (API_ID.test(value)) return undefined;
  const hint = value.startsWith('arn:')
    ? ': give the id, not the ARN (the last part of arn:…:apis/<id>)'
    : ', as in abcdefghijklmnopqrstuvwxyz';
  return `the API id ${JSON.stringify(value)} is not an AppSync API id (letters and digits)${hint}`;
}

/** What is wrong with a data source name, or `undefined`. */
export function dataSourceProblem(value: string): string | undefined {
  return NAME.test(value)
    ? undefined
    : `the data source name ${JSON.stringify(value)} is not one AppSync accepts ([_A-Za-z][_0-9A-Za-z]*), as in BlogLambda`;
}

/** What is wrong with a logical id to depend on, or `undefined`. */
export function logicalIdProblem(value: string): string | undefined {
  return LOGICAL_ID.test(value)
    ? undefined
    : `${JSON.stringify(value)} is not a CloudFormation logical id (1 to 255 letters and digits)`;
}

function optionProblems(options: CloudFormationOptions): string[] {
  const problems: (string | undefined)[] = [];
  if (options.apiId !== undefined) problems.push(apiIdProblem(options.apiId));
  if (options.dataSourceName !== undefined) {
    problems.push(dataSourceProblem(options.dataSourceName));
  }
  const seen = new Set<string>();
  for (const id of options.dependsOn ?? []) {
    problems.push(logicalIdProblem(id));
    if (seen.has(id)) problems.push(`dependsOn names ${id} twice`);
    seen.add(id);
  }
  return problems.filter((problem) => problem !== undefined);
}

function assertDeployable(routes: readonly ManifestRoute[]): void {
  const problems = routeProblems(routes);
  if (problems.length > 0) {
    throw new ManifestError(`the routes cannot be deployed: ${problems.join('; ')}`);
  }
}

/** `Query.get_post` → `QueryGetPost`. */
function stemOf(route: ManifestRoute): string {
  return pascal(route.typeName) + pascal(route.fieldName);
}

function pascal(name: string): string {
  return name
    .split('_')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function underscores(key: string): number {
  return key.split('_').length - 1;
}

function plainestFirst(a: string, b: string): number {
  return underscores(a) - underscores(b) || byCodeUnits(a, b);
}

/** Code-unit order of keys, which are unique by now ({@link routeProblems}). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : 1;
}

/** 32-bit FNV-1a of the UTF-16 code units, as eight upper-case hex digits. */
export function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).toUpperCase().padStart(HASH_DIGITS, '0');
}

// ---------------------------------------------------------------------------------------------
// The command

const FLAGS = {
  handler: 'string',
  export: 'string',
  format: 'string',
  'api-id': 'string',
  'data-source': 'string',
  'depends-on': 'string',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

const FORMATS = ['json', 'cloudformation'] as const;
type Format = (typeof FORMATS)[number];

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

const READER: RouteReader = { command: 'manifest', verb: 'deploy' };

/** `appsync-direct manifest --help`. */
export const MANIFEST_HELP = `Usage: appsync-direct manifest --handler <file> [--format json|cloudformation] [flags]

Prints what your app needs deployed: the routes of the app from createResolver() (each
app.resolver() and app.batchResolver(), with its maxBatchSize), as JSON, or as a CloudFormation
template with one Direct Lambda resolver per route. The handler module is imported (its
top-level code runs) but no resolver is called.

The handler
${APP_FLAGS_HELP}

The output
  --format <format>     json (the default): { "handler", "export", "routes": [{ "typeName",
                        "fieldName", "kind": "resolver" | "batch", "maxBatchSize"? }] }.
                        cloudformation: a template (JSON) with one AWS::AppSync::Resolver per
                        route: Kind UNIT, no mapping templates and no code (Direct Lambda),
                        MaxBatchSize from the route when it has one.
                          --format cloudformation
  --api-id <id>         The AppSync API id to write into the template. Default: a template
                        parameter ApiId. (cloudformation only)
                          --api-id abcdefghijklmnopqrstuvwxyz
  --data-source <name>  The name of the API's AWS_LAMBDA data source for the function, to write
                        into the template. Default: a template parameter DataSourceName.
                        (cloudformation only)
                          --data-source BlogLambda
  --depends-on <ids>    Logical ids each resolver waits for, comma-separated (cloudformation
                        only). A resolver needs its field in the schema: when you add these
                        resources to a template that also creates the API's
                        AWS::AppSync::GraphQLSchema or the data source, name them here (or add
                        DependsOn yourself), or the resolvers may be created first and fail.
                          --depends-on BlogSchema,BlogDataSource
  -h, --help            Show this help.

Batching
  AppSync sends a field's contexts in one BatchInvoke only when its resolver is deployed with a
  MaxBatchSize from 1 to 2000. A batchResolver without maxBatchSize (or with 0) is never
  batched: it gets one Invoke per context. manifest warns about each one on stderr; give it
  { maxBatchSize } in app.batchResolver(). A resolver() with a maxBatchSize is fine: each
  context of a BatchInvoke is served on its own.

Logical ids
  <Type><Field>Resolver, each name in PascalCase without underscores: Query.getPost and
  Query.get_post give QueryGetPostResolver. When two keys give the same id, the one with fewer
  underscores (else the first in sort order) keeps it, and the other gets eight hex digits from
  a hash of its key: QueryGetPost0A1B2C3DResolver. The ids do not depend on the routes' order.

Exit codes
  0  printed (warnings go to stderr and do not fail)
  1  the handler does not build or throws while loading, exports no app, or its routes cannot
     be deployed (a name AppSync rejects, a maxBatchSize outside 0-2000, a key listed twice,
     or no routes for a template)
  2  bad usage, a missing or non-module --handler, or esbuild not installed

Examples
  appsync-direct manifest --handler examples/blog/handler.ts
  appsync-direct manifest --handler src/handler.ts --format cloudformation > resolvers.json
  aws cloudformation deploy --template-file resolvers.json --stack-name blog-resolvers \\
    --parameter-overrides ApiId=abcdefghijklmnopqrstuvwxyz DataSourceName=BlogLambda
  appsync-direct manifest --handler src/handler.ts --format cloudformation \\
    --api-id abcdefghijklmnopqrstuvwxyz --data-source BlogLambda --depends-on BlogSchema
`;

/** What to print, read from the flags. */
interface ManifestPlan {
  handler: string;
  exportName: string | undefined;
  format: Format;
  apiId: string | undefined;
  dataSourceName: string | undefined;
  dependsOn: string[];
}

/** What `manifest` uses that a test may replace. */
export interface ManifestDependencies {
  importEsbuild(): Promise<EsbuildApi>;
}

const defaults: ManifestDependencies = { importEsbuild: () => import('esbuild') };

/** The JSON that `--format json` prints. */
export interface ManifestDocument {
  /** The handler module, relative to the working directory. */
  handler: string;
  /** The export the app was read from. */
  export: string;
  routes: ManifestRoute[];
}

/**
 * `appsync-direct manifest`: loads the handler, reads the app's routes and prints them as JSON
 * or as a CloudFormation template. Resolves to the exit code: 0 printed, 1 the handler or its
 * routes fail, 2 bad usage.
 */
export async function manifestCommand(
  argv: readonly string[],
  io: CliIO,
  dependencies: ManifestDependencies = defaults,
): Promise<number> {
  const planned = planCommand('manifest', argv, FLAGS, MANIFEST_HELP, io, planManifest);
  if ('exitCode' in planned) return planned.exitCode;
  const { plan } = planned;
  const fail = (message: string, code: 1 | 2): number => {
    io.stderr(`appsync-direct manifest: ${message}\n`);
    return code;
  };

  let loaded: { routes: ManifestRoute[]; exportName: string };
  try {
    const esbuild = await importEsbuild(() => dependencies.importEsbuild());
    if (esbuild === undefined) {
      return fail(
        'esbuild is not installed, and manifest loads the handler with it: npm i -D esbuild',
        2,
      );
    }
    loaded = await withStdoutTo(io.stderr, () =>
      loadAppRoutes(plan.handler, io.cwd, {
        exportName: plan.exportName,
        reader: READER,
        importEsbuild: async () => esbuild,
      }),
    );
  } catch (error) {
    if (!(error instanceof HandlerLoadError)) throw error;
    return fail(error.message, error.esbuildUnusable ? 2 : 1);
  }
  const { exportName } = loaded;
  const routes = loaded.routes.map(ordered);
  const problems = routeProblems(routes);
  if (problems.length > 0) {
    return fail(
      `the routes of export ${exportName} of ${plan.handler} cannot be deployed:\n${problems.map((problem) => `  ${problem}`).join('\n')}`,
      1,
    );
  }

  const handler = relative(io.cwd, resolve(io.cwd, plan.handler)).split(sep).join('/');
  let output: unknown;
  if (plan.format === 'json') {
    output = { handler, export: exportName, routes } satisfies ManifestDocument;
  } else {
    if (routes.length === 0) {
      return fail(
        `export ${exportName} of ${plan.handler} has no routes, and a template needs at least one resource: register resolvers with app.resolver() or app.batchResolver()`,
        1,
      );
    }
    try {
      output = cloudFormationTemplate(routes, {
        apiId: plan.apiId,
        dataSourceName: plan.dataSourceName,
        dependsOn: plan.dependsOn,
        description: `AppSync Direct Lambda resolvers for the routes of ${handler} (export ${exportName}), from appsync-direct manifest`,
      });
    } catch (error) {
      // The routes and the other options are checked above: what is left is a --depends-on
      // that names one of the template's own resolvers or parameters.
      return fail(`--depends-on: ${messageOf(error)}`, 2);
    }
  }
  if (routes.length === 0) {
    io.stderr(
      `appsync-direct manifest: warning: export ${exportName} of ${plan.handler} has no routes\n`,
    );
  }
  // Without the schema, the root types are GraphQL's default names.
  for (const route of routes.filter((each) => isNeverBatched(each))) {
    io.stderr(`appsync-direct manifest: warning: ${neverBatchedMessage(route)}\n`);
  }
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** A route with its keys in the manifest's order, and `maxBatchSize` only when set. */
function ordered(route: ManifestRoute): ManifestRoute {
  const { typeName, fieldName, kind, maxBatchSize } = route;
  return maxBatchSize === undefined
    ? { typeName, fieldName, kind }
    : { typeName, fieldName, kind, maxBatchSize };
}

function planManifest(flags: Flags, cwd: string): ManifestPlan {
  if (flags.handler === undefined) {
    throw new UsageError(
      'say which handler to read the routes of with --handler <file>, as in --handler src/handler.ts',
    );
  }
  const path = resolve(cwd, flags.handler);
  if (!MODULE_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new UsageError(
      `--handler ${flags.handler} is not a module this command can load: give a .ts, .mts, .cts, .js, .mjs or .cjs file`,
    );
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(`--handler ${flags.handler}: there is no such file (looked for ${path})`);
  }
  const format = formatOf(flags.format);
  if (format === 'json') {
    const templateOnly = (['api-id', 'data-source', 'depends-on'] as const).find(
      (flag) => flags[flag] !== undefined,
    );
    if (templateOnly !== undefined) {
      throw new UsageError(
        `--${templateOnly} goes into the CloudFormation template: add --format cloudformation`,
      );
    }
  }
  const apiId = flags['api-id'];
  const apiProblem = apiId === undefined ? undefined : apiIdProblem(apiId);
  if (apiProblem !== undefined) throw new UsageError(`--api-id: ${apiProblem}`);
  const dataSource = flags['data-source'];
  const sourceProblem = dataSource === undefined ? undefined : dataSourceProblem(dataSource);
  if (sourceProblem !== undefined) throw new UsageError(`--data-source: ${sourceProblem}`);
  return {
    handler: flags.handler,
    exportName: flags.export,
    format,
    apiId,
    dataSourceName: dataSource,
    dependsOn: flags['depends-on'] === undefined ? [] : logicalIdsOf(flags['depends-on']),
  };
}

function formatOf(text: string | undefined): Format {
  if (text === undefined) return 'json';
  const format = FORMATS.find((name) => name === text.toLowerCase());
  if (format !== undefined) return format;
  throw new UsageError(
    `--format ${text} is not a format manifest prints: give json or cloudformation${didYouMean(text, FORMATS)}`,
  );
}

function logicalIdsOf(text: string): string[] {
  const ids = text
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0) {
    throw new UsageError(
      `--depends-on needs logical ids, comma-separated, as in --depends-on BlogSchema; received ${JSON.stringify(text)}`,
    );
  }
  const seen = new Set<string>();
  for (const id of ids) {
    const problem = logicalIdProblem(id);
    if (problem !== undefined) throw new UsageError(`--depends-on: ${problem}`);
    if (seen.has(id)) throw new UsageError(`--depends-on names ${id} twice`);
    seen.add(id);
  }
  return ids;
}
