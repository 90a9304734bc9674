import { existsSync, statSync } from 'node:fs';
import { dirname, extname, relative, resolve, sep } from 'node:path';
import { isNeverBatched, neverBatchedMessage } from '../batching.js';
import { checkFieldCode, type FieldCodeDeclaration } from '../engine/code/declaration.js';
import {
  APPSYNC_JS_RUNTIME,
  type BundledCode,
  CodeDeployError,
  type DeployedCode,
  type EsbuildSyncApi,
  FUNCTION_VERSION,
  type FunctionPlan,
  planDeployment,
  type ResolverPlan,
} from '../engine/code/deploy.js';
import { didYouMean, type ParsedFlags, planCommand, UsageError } from './args.js';
import { APP_FLAGS_HELP, loadAppRoutes, type RouteReader } from './check.js';
import { type CliIO, messageOf } from './io.js';
import { type EsbuildApi, HandlerLoadError, importEsbuild } from './load-handler.js';
import { withStdoutTo } from './redirect.js';

/*
 * The deployment manifest: what the app's routes need from AppSync. The pure part (route checks,
 * logical ids, the CloudFormation template) takes no handler, so infrastructure code (a SAM or
 * CloudFormation generator) can reuse the exact mapping the command prints; it reads files only
 * for routes that declare code, through the plan the CDK construct reads too
 * (src/engine/code/deploy.ts).
 */

/**
 * One route as `app.routes()` lists it: the field, how it is served, its batch size, and the
 * code in front of the Lambda when it declares some.
 */
export interface ManifestRoute extends FieldCodeDeclaration {
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

/** A CloudFormation `Fn::GetAtt` of another resource of the template. */
export interface CloudFormationGetAtt {
  'Fn::GetAtt': [string, string];
}

/** A CloudFormation `Fn::Join`, for a name made from a parameter. */
export interface CloudFormationJoin {
  'Fn::Join': [string, (string | CloudFormationRef)[]];
}

/** The `Runtime` of a resolver or function with APPSYNC_JS code. */
export interface CloudFormationRuntime {
  Name: 'APPSYNC_JS';
  RuntimeVersion: '1.0.0';
}

/**
 * One resolver. A Direct Lambda resolver (a route without code) is Kind UNIT on the Lambda data
 * source with no mapping templates and no code; a route with `code` adds `Runtime` and `Code`,
 * one with templates `RequestMappingTemplate` and/or `ResponseMappingTemplate`; a pipeline is
 * Kind PIPELINE, with no data source, `Runtime`, `Code` and `PipelineConfig`.
 */
export interface CloudFormationResolver {
  Type: 'AWS::AppSync::Resolver';
  DependsOn?: string[];
  Properties: {
    ApiId: string | CloudFormationRef;
    TypeName: string;
    FieldName: string;
    DataSourceName?: string | CloudFormationRef;
    Kind: 'UNIT' | 'PIPELINE';
    Runtime?: CloudFormationRuntime;
    Code?: string;
    RequestMappingTemplate?: string;
    ResponseMappingTemplate?: string;
    PipelineConfig?: { Functions: CloudFormationGetAtt[] };
    MaxBatchSize?: number;
  };
}

/** One pipeline function: on the Lambda data source or the `NONE` one. */
export interface CloudFormationFunction {
  Type: 'AWS::AppSync::FunctionConfiguration';
  DependsOn?: string[];
  Properties: {
    ApiId: string | CloudFormationRef;
    Name: string;
    DataSourceName: string | CloudFormationRef | CloudFormationGetAtt;
    Runtime?: CloudFormationRuntime;
    Code?: string;
    FunctionVersion?: typeof FUNCTION_VERSION;
    RequestMappingTemplate?: string;
    ResponseMappingTemplate?: string;
    MaxBatchSize?: number;
  };
}

/** The `NONE` data source of the functions that call no data source. */
export interface CloudFormationNoneDataSource {
  Type: 'AWS::AppSync::DataSource';
  DependsOn?: string[];
  Properties: {
    ApiId: string | CloudFormationRef;
    Name: string | CloudFormationJoin;
    Type: 'NONE';
    Description: string;
  };
}

/** A resource of the template. */
export type CloudFormationResource =
  | CloudFormationResolver
  | CloudFormationFunction
  | CloudFormationNoneDataSource;

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
  Resources: Record<string, CloudFormationResource>;
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
  /**
   * The folder that the paths of the routes' code declarations are relative to. Default: the
   * working directory.
   */
  codeBaseDir?: string | undefined;
  /** Loads esbuild for code declarations; by default `require('esbuild')`. */
  loadEsbuild?: (() => EsbuildSyncApi) | undefined;
}

/** The logical id of the `NONE` data source, when a function needs it. */
export const NONE_DATA_SOURCE_ID = 'NoneDataSource';

/** What the `NONE` data source's name adds to the Lambda data source's. */
export const NONE_DATA_SOURCE_SUFFIX = 'None';

const DEFAULT_DESCRIPTION =
  'AppSync Direct Lambda resolvers, one per route of the app (appsync-direct manifest)';

/** `Type.field`. */
export function routeKey(route: Pick<ManifestRoute, 'typeName' | 'fieldName'>): string {
  return `${route.typeName}.${route.fieldName}`;
}

/**
 * What keeps `routes` from being deployed, one message each: a type or field name AppSync
 * rejects, a kind other than `resolver` or `batch`, a `maxBatchSize` outside 0–2000, a code
 * declaration AppSync would refuse (`checkFieldCode`), a key listed twice. Empty when they can
 * be. Files are not read here: {@link cloudFormationTemplate} reads and bundles them.
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
    try {
      checkFieldCode(route, key);
    } catch (error) {
      problems.push((error as Error).message.replace(/\.$/, ''));
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
  const stems = new Map(routes.map((route) => [routeKey(route), stemOf(route)]));
  return uniqueLogicalIds(routes.map(routeKey), stems, SUFFIX);
}

/**
 * The logical id of each pipeline function, in the order of `names`: `<Name>Function`, the name
 * in PascalCase with its underscores dropped (`check_owner` → `CheckOwnerFunction`), names that
 * give the same id told apart as {@link resolverLogicalIds} tells keys apart.
 */
export function functionLogicalIds(names: readonly string[]): string[] {
  return uniqueLogicalIds(names, new Map(names.map((name) => [name, pascal(name)])), 'Function');
}

/** A logical id per key, `<stem><suffix>`, unique; see {@link resolverLogicalIds}. */
function uniqueLogicalIds(
  keys: readonly string[],
  stems: ReadonlyMap<string, string>,
  suffix: string,
): string[] {
  const ids = new Map<string, string>();
  const taken = new Set<string>();
  // Plain ids first: per id, the plainest key of those that would have it.
  const claimants = new Map<string, string[]>();
  for (const key of keys) {
    const stem = stems.get(key) as string;
    if (stem.length + suffix.length > MAX_LOGICAL_ID) continue;
    const id = `${stem}${suffix}`;
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
    const stem = (stems.get(key) as string).slice(0, MAX_LOGICAL_ID - HASH_DIGITS - suffix.length);
    let id: string;
    let salt = 0;
    do {
      id = `${stem}${fnv1a(salt === 0 ? key : `${key}#${salt}`)}${suffix}`;
      salt++;
    } while (taken.has(id));
    ids.set(key, id);
    taken.add(id);
  }
  return keys.map((key) => ids.get(key) as string);
}

/**
 * A CloudFormation template (as a JSON value) with one `AWS::AppSync::Resolver` per route. A
 * route without code gets what AppSync needs for a Direct Lambda resolver: `Kind: UNIT`, no
 * request or response mapping template, no code or runtime, the route's `maxBatchSize` as
 * `MaxBatchSize`. A route that declares code gets it, as planned by `planDeployment`
 * (src/engine/code/deploy.ts): `code` → `Runtime` APPSYNC_JS 1.0.0 and the bundled `Code`;
 * templates → `RequestMappingTemplate` / `ResponseMappingTemplate`; `pipeline` → `Kind:
 * PIPELINE` with its code (or a pass-through module) and `PipelineConfig.Functions`, one
 * `AWS::AppSync::FunctionConfiguration` per function name (`<Name>Function`), and, when a
 * function is `NONE`, one `AWS::AppSync::DataSource` of type NONE (`NoneDataSource`, named after
 * the Lambda data source with `None` appended). `ApiId` and `DataSourceName` are the given
 * values, or references to the template parameters `ApiId` and `DataSourceName`. Logical ids
 * come from {@link resolverLogicalIds} and {@link functionLogicalIds}. Throws a
 * {@link ManifestError} for routes that cannot be deployed (or none) and for invalid options,
 * and a `CodeDeployError` for code that cannot be read, bundled or deployed.
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
  const own = new Map<string, string>([
    ...ids.map((id) => [id, 'resolvers'] as const),
    ...Object.keys(parameters).map((id) => [id, 'parameters'] as const),
  ]);
  const refuseClash = () => {
    const clash = dependsOn.find((id) => own.has(id));
    if (clash !== undefined) {
      throw new ManifestError(
        `${clash} is one of the template's own ${own.get(clash)}; a resolver can only wait for another resource`,
      );
    }
  };
  // What the options get wrong is said before any file is read.
  refuseClash();
  const plan = planDeployment(routes, {
    baseDir: resolve(options.codeBaseDir ?? '.'),
    loadEsbuild: options.loadEsbuild,
  });
  const functionIds = new Map(
    zip(
      plan.functions.map((fn) => fn.name),
      functionLogicalIds(plan.functions.map((fn) => fn.name)),
    ),
  );
  for (const id of functionIds.values()) own.set(id, 'functions');
  if (plan.needsNoneDataSource) own.set(NONE_DATA_SOURCE_ID, 'resources');
  refuseClash();
  const api = () => (typeof apiId === 'string' ? apiId : { ...apiId });
  const lambda = () =>
    typeof dataSourceName === 'string' ? dataSourceName : { ...dataSourceName };
  // Each resource its own array, so that editing one leaves the others.
  const waits = () => (dependsOn.length === 0 ? {} : { DependsOn: [...dependsOn] });

  const resources: Record<string, CloudFormationResource> = {};
  if (plan.needsNoneDataSource) {
    resources[NONE_DATA_SOURCE_ID] = {
      Type: 'AWS::AppSync::DataSource',
      Properties: {
        ApiId: api(),
        Name:
          typeof dataSourceName === 'string'
            ? `${dataSourceName}${NONE_DATA_SOURCE_SUFFIX}`
            : { 'Fn::Join': ['', [{ ...dataSourceName }, NONE_DATA_SOURCE_SUFFIX]] },
        Type: 'NONE',
        Description:
          'The data source of the pipeline functions that call no data source (appsync-direct manifest)',
      },
    };
  }
  for (const fn of plan.functions) {
    resources[functionIds.get(fn.name) as string] = {
      Type: 'AWS::AppSync::FunctionConfiguration',
      ...waits(),
      Properties: {
        ApiId: api(),
        Name: fn.name,
        DataSourceName:
          fn.dataSource === 'NONE' ? { 'Fn::GetAtt': [NONE_DATA_SOURCE_ID, 'Name'] } : lambda(),
        ...functionCode(fn),
        ...(fn.maxBatchSize === undefined ? {} : { MaxBatchSize: fn.maxBatchSize }),
      },
    };
  }
  plan.resolvers.forEach((resolver, i) => {
    resources[ids[i] as string] = {
      Type: 'AWS::AppSync::Resolver',
      ...waits(),
      Properties: {
        ApiId: api(),
        TypeName: resolver.typeName,
        FieldName: resolver.fieldName,
        ...resolverProperties(resolver, lambda, functionIds),
      },
    };
  });
  return {
    AWSTemplateFormatVersion: '2010-09-09',
    Description: options.description ?? DEFAULT_DESCRIPTION,
    ...(Object.keys(parameters).length === 0 ? {} : { Parameters: parameters }),
    Resources: resources,
  };
}

/** The properties of a resolver after its field: kind, data source, code, functions. */
function resolverProperties(
  resolver: ResolverPlan,
  lambda: () => string | CloudFormationRef,
  functionIds: ReadonlyMap<string, string>,
): Omit<CloudFormationResolver['Properties'], 'ApiId' | 'TypeName' | 'FieldName'> {
  if (resolver.kind === 'PIPELINE') {
    return {
      Kind: 'PIPELINE',
      ...jsProperties(resolver.code),
      PipelineConfig: {
        Functions: resolver.functions.map((name) => ({
          'Fn::GetAtt': [functionIds.get(name) as string, 'FunctionId'],
        })),
      },
    };
  }
  return {
    DataSourceName: lambda(),
    Kind: 'UNIT',
    ...codeProperties(resolver.code),
    ...(resolver.maxBatchSize === undefined ? {} : { MaxBatchSize: resolver.maxBatchSize }),
  };
}

/** A function's code: APPSYNC_JS, or `FunctionVersion` with its templates (or none: Direct). */
function functionCode(
  fn: FunctionPlan,
): Pick<
  CloudFormationFunction['Properties'],
  'Runtime' | 'Code' | 'FunctionVersion' | 'RequestMappingTemplate' | 'ResponseMappingTemplate'
> {
  if (fn.code?.language === 'APPSYNC_JS') return jsProperties(fn.code);
  return { FunctionVersion: FUNCTION_VERSION, ...codeProperties(fn.code) };
}

function codeProperties(
  code: DeployedCode | undefined,
): Pick<
  CloudFormationResolver['Properties'],
  'Runtime' | 'Code' | 'RequestMappingTemplate' | 'ResponseMappingTemplate'
> {
  if (code === undefined) return {};
  if (code.language === 'APPSYNC_JS') return jsProperties(code);
  return {
    ...(code.requestTemplate === undefined ? {} : { RequestMappingTemplate: code.requestTemplate }),
    ...(code.responseTemplate === undefined
      ? {}
      : { ResponseMappingTemplate: code.responseTemplate }),
  };
}

function jsProperties(code: BundledCode): { Runtime: CloudFormationRuntime; Code: string } {
  return {
    Runtime: { Name: APPSYNC_JS_RUNTIME.name, RuntimeVersion: APPSYNC_JS_RUNTIME.runtimeVersion },
    Code: code.code,
  };
}

function zip<A, B>(a: readonly A[], b: readonly B[]): [A, B][] {
  return a.map((item, i) => [item, b[i] as B]);
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
  schema: 'string',
  'code-base': 'string',
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
app.resolver() and app.batchResolver(), with its maxBatchSize and the code it declares in front
of the Lambda), as JSON, or as a CloudFormation template with one resolver per route. The
handler module is imported (its top-level code runs) but no resolver is called.

The handler
${APP_FLAGS_HELP}

The output
  --format <format>     json (the default): { "handler", "export", "routes": [{ "typeName",
                        "fieldName", "kind": "resolver" | "batch", "maxBatchSize"?, "code"?,
                        "requestTemplate"?, "responseTemplate"?, "pipeline"? }] }, code paths
                        as declared.
                        cloudformation: a template (JSON) with one AWS::AppSync::Resolver per
                        route (see Resources), MaxBatchSize from the route when it has one.
                          --format cloudformation
  --api-id <id>         The AppSync API id to write into the template. Default: a template
                        parameter ApiId. (cloudformation only)
                          --api-id abcdefghijklmnopqrstuvwxyz
  --data-source <name>  The name of the API's AWS_LAMBDA data source for the function, to write
                        into the template. Default: a template parameter DataSourceName.
                        (cloudformation only)
                          --data-source BlogLambda
  --depends-on <ids>    Logical ids each resolver (and function) waits for, comma-separated
                        (cloudformation only). A resolver needs its field in the schema: when
                        you add these resources to a template that also creates the API's
                        AWS::AppSync::GraphQLSchema or the data source, name them here (or add
                        DependsOn yourself), or the resolvers may be created first and fail.
                          --depends-on BlogSchema,BlogDataSource
  --schema <file>       The API's schema: the paths of code declarations are relative to its
                        folder, as the local AppSync reads them. (cloudformation only)
                          --schema graphql/schema.graphql
  --code-base <dir>     The folder the paths of code declarations are relative to, instead of
                        the schema's folder (or, without --schema, the working directory).
                        (cloudformation only)
                          --code-base src/resolvers
  -h, --help            Show this help.

Resources
  A route without code: Kind UNIT on the Lambda data source, no mapping templates and no code
  (Direct Lambda). With code: Runtime APPSYNC_JS 1.0.0 and Code, the module bundled with esbuild
  (an ES module, relative imports inlined, @aws-appsync/utils left external; at most 32,768
  characters, AppSync's limit). With templates: RequestMappingTemplate and/or
  ResponseMappingTemplate (one alone: Direct Lambda fills in the other). With a pipeline: Kind
  PIPELINE with its code (without code, a pass-through: request returns {}, response returns
  ctx.prev.result), PipelineConfig listing one AWS::AppSync::FunctionConfiguration per function
  name, and an AWS::AppSync::DataSource of type NONE (NoneDataSource, named after the Lambda
  data source with None appended) when a function is NONE. A function used by several
  pipelines is written once; two different functions with one name are an error.

Batching
  AppSync sends a field's contexts in one BatchInvoke only when its resolver is deployed with a
  MaxBatchSize from 1 to 2000. A batchResolver without maxBatchSize (or with 0) is never
  batched: it gets one Invoke per context. manifest warns about each one on stderr; give it
  { maxBatchSize } in app.batchResolver(). A resolver() with a maxBatchSize is fine: each
  context of a BatchInvoke is served on its own. In a pipeline, batching belongs to its LAMBDA
  functions (their maxBatchSize), not to the route.

Logical ids
  <Type><Field>Resolver, each name in PascalCase without underscores: Query.getPost and
  Query.get_post give QueryGetPostResolver. When two keys give the same id, the one with fewer
  underscores (else the first in sort order) keeps it, and the other gets eight hex digits from
  a hash of its key: QueryGetPost0A1B2C3DResolver. The ids do not depend on the routes' order.
  Pipeline functions: <Name>Function, by the same rule.

Exit codes
  0  printed (warnings go to stderr and do not fail)
  1  the handler does not build or throws while loading, exports no app, or its routes cannot
     be deployed (a name AppSync rejects, a maxBatchSize outside 0-2000, a key listed twice,
     no routes for a template, code that cannot be read or bundled, code over 32,768
     characters, two functions with one name)
  2  bad usage, a missing or non-module --handler, or esbuild not installed

Examples
  appsync-direct manifest --handler examples/blog/handler.ts
  appsync-direct manifest --handler src/handler.ts --format cloudformation > resolvers.json
  aws cloudformation deploy --template-file resolvers.json --stack-name blog-resolvers \\
    --parameter-overrides ApiId=abcdefghijklmnopqrstuvwxyz DataSourceName=BlogLambda
  appsync-direct manifest --handler src/handler.ts --format cloudformation \\
    --api-id abcdefghijklmnopqrstuvwxyz --data-source BlogLambda --depends-on BlogSchema
  appsync-direct manifest --handler src/handler.ts --format cloudformation \\
    --schema graphql/schema.graphql > resolvers.json
`;

/** What to print, read from the flags. */
interface ManifestPlan {
  handler: string;
  exportName: string | undefined;
  format: Format;
  apiId: string | undefined;
  dataSourceName: string | undefined;
  dependsOn: string[];
  /** The folder code paths are relative to, absolute. */
  codeBaseDir: string;
}

/** What `manifest` uses that a test may replace. */
export interface ManifestDependencies {
  importEsbuild(): Promise<EsbuildApi>;
  /** Loads esbuild to bundle code declarations; by default `require('esbuild')`. */
  loadEsbuild?: (() => EsbuildSyncApi) | undefined;
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

  let loaded: { routes: unknown[]; exportName: string };
  try {
    const esbuild = await importEsbuild(() => dependencies.importEsbuild());
    if (esbuild === undefined) {
      return fail(
        'esbuild is not installed, and manifest loads the handler with it: npm i -D esbuild',
        2,
      );
    }
    const read = await withStdoutTo(io.stderr, () =>
      loadAppRoutes(plan.handler, io.cwd, {
        exportName: plan.exportName,
        reader: READER,
        importEsbuild: async () => esbuild,
      }),
    );
    loaded = { routes: read.listed, exportName: read.exportName };
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
        codeBaseDir: plan.codeBaseDir,
        loadEsbuild: dependencies.loadEsbuild,
      });
    } catch (error) {
      if (error instanceof CodeDeployError) {
        return fail(
          `the code of export ${exportName} of ${plan.handler} cannot be deployed: ${error.message}`,
          1,
        );
      }
      // The routes and the other options are checked above: what is left is a --depends-on
      // that names one of the template's own resources or parameters.
      if (error instanceof ManifestError) return fail(`--depends-on: ${messageOf(error)}`, 2);
      throw error;
    }
  }
  if (routes.length === 0) {
    io.stderr(
      `appsync-direct manifest: warning: export ${exportName} of ${plan.handler} has no routes\n`,
    );
  }
  // Without the schema, the root types are GraphQL's default names. A pipeline's batching is
  // its functions', so its route is not warned about.
  for (const route of routes.filter(
    (each) => each.pipeline === undefined && isNeverBatched(each),
  )) {
    io.stderr(`appsync-direct manifest: warning: ${neverBatchedMessage(route)}\n`);
  }
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/**
 * A route with its keys in the manifest's order, `maxBatchSize` only when set, and the code keys
 * it declares (a `file:` URL as its text, so the JSON holds it).
 */
function ordered(value: unknown): ManifestRoute {
  const raw = value as Record<string, unknown>;
  const route: ManifestRoute = {
    typeName: raw.typeName as string,
    fieldName: raw.fieldName as string,
    kind: raw.kind === 'batch' ? 'batch' : 'resolver',
  };
  if (typeof raw.maxBatchSize === 'number') route.maxBatchSize = raw.maxBatchSize;
  for (const key of ['code', 'requestTemplate', 'responseTemplate', 'pipeline'] as const) {
    if (raw[key] !== undefined) {
      (route as unknown as Record<string, unknown>)[key] = jsonOf(raw[key]);
    }
  }
  return route;
}

/** A declaration as JSON holds it: URLs as their text, nothing undefined. */
function jsonOf(value: unknown): unknown {
  if (value instanceof URL) return value.href;
  if (Array.isArray(value)) return value.map(jsonOf);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, item]) => item !== undefined)
        .map(([key, item]) => [key, jsonOf(item)]),
    );
  }
  return value;
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
    const templateOnly = (
      ['api-id', 'data-source', 'depends-on', 'schema', 'code-base'] as const
    ).find((flag) => flags[flag] !== undefined);
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
    codeBaseDir: codeBaseOf(flags, cwd),
  };
}

/** `--code-base`, else the folder of `--schema`, else the working directory; each checked. */
function codeBaseOf(flags: Flags, cwd: string): string {
  if (flags.schema !== undefined) {
    const schema = resolve(cwd, flags.schema);
    if (!existsSync(schema) || !statSync(schema).isFile()) {
      throw new UsageError(
        `--schema ${flags.schema}: there is no such file (looked for ${schema})`,
      );
    }
    if (flags['code-base'] === undefined) return dirname(schema);
  }
  const base = flags['code-base'];
  if (base === undefined) return cwd;
  const dir = resolve(cwd, base);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(`--code-base ${base}: there is no such folder (looked for ${dir})`);
  }
  return dir;
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
