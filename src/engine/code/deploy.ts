/**
 * What a route table's code declarations become in AppSync: one plain description of the
 * resolvers, the pipeline functions, the `NONE` data source and the bundled code, which
 * `appsync-direct manifest --format cloudformation` writes as a template and the CDK construct
 * as constructs. No CloudFormation or CDK here, so both read the same plan.
 *
 * - `code` → a UNIT resolver on the Lambda data source with the module bundled for APPSYNC_JS.
 * - `requestTemplate` / `responseTemplate` → a UNIT resolver on the Lambda data source with the
 *   template(s); one alone is fine, Direct Lambda fills in the other.
 * - `pipeline` → a PIPELINE resolver with the pipeline's code (or {@link PASS_THROUGH_CODE} when
 *   it declares none) and one function per name: on the Lambda data source (`LAMBDA`) or on a
 *   `NONE` data source, made once for all of them.
 * - nothing → a Direct Lambda resolver, as before.
 *
 * Modules are bundled as AWS's guide to bundling resolver code does: esbuild, an ES module,
 * relative imports inlined, TypeScript accepted, `@aws-appsync/utils` (and its subpaths) left
 * to the runtime, platform neutral. esbuild is an optional peer dependency, loaded on the first
 * bundle.
 */
import {
  buildAppSyncJs,
  type EsbuildSyncApi,
  loadEsbuild,
  missingHandlers,
  oversize,
} from '../appsync-js/bundle.js';
import {
  type CodeReference,
  type CodeSource,
  checkFieldCode,
  type FieldCodeDeclaration,
  type PipelineDataSource,
  type PipelineFunctionDeclaration,
  readCodeSource,
} from './declaration.js';

/** The runtime of every bundled module: `Runtime` of a resolver or function. */
export const APPSYNC_JS_RUNTIME = { name: 'APPSYNC_JS', runtimeVersion: '1.0.0' } as const;

/** The `FunctionVersion` of a function without code (templates, or Direct Lambda). */
export const FUNCTION_VERSION = '2018-05-29';

// The most characters AppSync takes as code (32 KB), and the part of esbuild the planner uses
// (its synchronous build): the APPSYNC_JS bundler's.
export { type EsbuildSyncApi, MAX_CODE_LENGTH } from '../appsync-js/bundle.js';

/**
 * The code of a pipeline resolver that declares none. AppSync needs code (or templates) on a
 * pipeline resolver; this one does what the local AppSync does without code: nothing before the
 * functions, and the last function's result as the field's.
 */
export const PASS_THROUGH_CODE = `// appsync-direct: a pipeline without code of its own.
export function request() {
  return {};
}

export function response(ctx) {
  return ctx.prev.result;
}
`;

/** A declaration that cannot be deployed: a file, a bundle, a size or a function name. */
export class CodeDeployError extends Error {
  override readonly name = 'CodeDeployError';
}

/** A route as {@link planDeployment} reads it: `app.routes()` entries and manifest routes fit. */
export interface DeployRoute extends FieldCodeDeclaration {
  typeName: string;
  fieldName: string;
  maxBatchSize?: number | undefined;
}

/** A module bundled for the APPSYNC_JS runtime. */
export interface BundledCode {
  language: 'APPSYNC_JS';
  /** The ES module, as AppSync is given it. */
  code: string;
  /** Where it came from, for messages: the file, or `Type.field (code)` for inline source. */
  origin: string;
}

/** Mapping templates, as AppSync is given them; one may be absent. */
export interface TemplateCode {
  language: 'VTL';
  requestTemplate?: string | undefined;
  responseTemplate?: string | undefined;
}

/** What runs in front of a data source: a module or templates. */
export type DeployedCode = BundledCode | TemplateCode;

/** A UNIT resolver on the Lambda data source. */
export interface UnitResolverPlan {
  kind: 'UNIT';
  /** `Type.field`. */
  key: string;
  typeName: string;
  fieldName: string;
  /** Its code or templates; `undefined`: a Direct Lambda resolver. */
  code: DeployedCode | undefined;
  maxBatchSize?: number | undefined;
}

/** A PIPELINE resolver: no data source, its own code, and functions by name. */
export interface PipelineResolverPlan {
  kind: 'PIPELINE';
  key: string;
  typeName: string;
  fieldName: string;
  /** The pipeline's code, or {@link PASS_THROUGH_CODE} (`generated`). */
  code: BundledCode;
  /** True when the pipeline declares no code and gets {@link PASS_THROUGH_CODE}. */
  generated: boolean;
  /** The names of its functions, in order: each one of {@link DeploymentPlan.functions}. */
  functions: readonly string[];
}

/** One resolver of the plan. */
export type ResolverPlan = UnitResolverPlan | PipelineResolverPlan;

/** One pipeline function, however many pipelines use it. */
export interface FunctionPlan {
  name: string;
  /** `LAMBDA`: the Lambda data source; `NONE`: the plan's `NONE` data source. */
  dataSource: PipelineDataSource;
  /** Its code or templates; `undefined`: a Direct Lambda function. */
  code: DeployedCode | undefined;
  /** Only for a `LAMBDA` function, and only when declared. */
  maxBatchSize?: number | undefined;
  /** The keys of the pipelines that use it, in route order. */
  usedBy: readonly string[];
}

/** What a route table deploys. */
export interface DeploymentPlan {
  /** One per route, in the routes' order. */
  resolvers: ResolverPlan[];
  /** One per function name, in the order first used. */
  functions: FunctionPlan[];
  /** Whether a function runs on a `NONE` data source, which then has to be created. */
  needsNoneDataSource: boolean;
}

/** Options of {@link planDeployment}. */
export interface PlanOptions {
  /** The folder relative paths of the declarations resolve from. */
  baseDir: string;
  /** Loads esbuild; by default `require('esbuild')` (tests replace it). */
  loadEsbuild?: (() => EsbuildSyncApi) | undefined;
}

/**
 * Reads, checks and bundles the code declarations of `routes` into a {@link DeploymentPlan}.
 * Throws a {@link CodeDeployError} naming the route for a declaration AppSync would refuse
 * ({@link checkFieldCode}'s rules), a file that cannot be read, a module that does not build or
 * lacks `request` or `response`, a bundle over {@link MAX_CODE_LENGTH} characters, a function
 * name declared twice with different declarations, a `NONE` function with a `maxBatchSize`, and
 * a pipeline route with a `maxBatchSize` (batching belongs to its `LAMBDA` functions). Routes
 * without code need neither esbuild nor files.
 *
 * @example
 * const plan = planDeployment(app.routes(), { baseDir: 'graphql' });
 * // { resolvers: [{ kind: 'UNIT', key: 'Query.getPost', code: { language: 'APPSYNC_JS',
 * //   code: 'export function request(ctx) {…', origin: '/app/graphql/getPost.ts' }, … }, …],
 * //   functions: [{ name: 'checkOwner', dataSource: 'NONE', … }], needsNoneDataSource: true }
 */
export function planDeployment(
  routes: readonly DeployRoute[],
  options: PlanOptions,
): DeploymentPlan {
  const { baseDir } = options;
  let esbuild: EsbuildSyncApi | undefined;
  const bundles = new Map<string, BundledCode>();
  const js = (reference: CodeReference, label: string): BundledCode => {
    const source = read(reference, baseDir, label);
    const cacheKey = `${source.path ?? label}\n${source.text}`;
    let bundled = bundles.get(cacheKey);
    if (bundled === undefined) {
      esbuild ??= loadEsbuild(
        options.loadEsbuild,
        source.name,
        'is bundled with esbuild (an optional peer dependency) before it is deployed',
        CodeDeployError,
      );
      bundled = bundleAppSyncJs(esbuild, source);
      bundles.set(cacheKey, bundled);
    }
    return bundled;
  };
  const vtl = (
    request: CodeReference | undefined,
    response: CodeReference | undefined,
    label: string,
  ): TemplateCode => ({
    language: 'VTL',
    ...(request === undefined
      ? {}
      : { requestTemplate: read(request, baseDir, `${label} (request template)`).text }),
    ...(response === undefined
      ? {}
      : { responseTemplate: read(response, baseDir, `${label} (response template)`).text }),
  });
  const unitCode = (
    declaration: Omit<FieldCodeDeclaration, 'pipeline'>,
    label: string,
  ): DeployedCode | undefined => {
    if (declaration.code !== undefined) return js(declaration.code, `${label} (code)`);
    if (declaration.requestTemplate === undefined && declaration.responseTemplate === undefined) {
      return undefined;
    }
    return vtl(declaration.requestTemplate, declaration.responseTemplate, label);
  };

  const resolvers: ResolverPlan[] = [];
  const functions = new Map<string, FunctionPlan & { usedBy: string[]; at: string }>();
  for (const route of routes) {
    const key = `${route.typeName}.${route.fieldName}`;
    let declaration: FieldCodeDeclaration | undefined;
    try {
      declaration = checkFieldCode(route, key);
    } catch (error) {
      throw new CodeDeployError((error as Error).message);
    }
    const { typeName, fieldName, maxBatchSize } = route;
    if (declaration?.pipeline === undefined) {
      resolvers.push({
        kind: 'UNIT',
        key,
        typeName,
        fieldName,
        code: declaration === undefined ? undefined : unitCode(declaration, key),
        ...(maxBatchSize === undefined ? {} : { maxBatchSize }),
      });
      continue;
    }
    const { pipeline } = declaration;
    if (maxBatchSize !== undefined && maxBatchSize > 0) {
      throw new CodeDeployError(
        `${key}: a pipeline resolver has no data source to batch, so maxBatchSize ${maxBatchSize} cannot go on it; give it to the pipeline's LAMBDA functions instead (pipeline.functions[i].maxBatchSize).`,
      );
    }
    const names = pipeline.functions.map((fn, index) => {
      const at = `${key} pipeline.functions[${index}] (${fn.name})`;
      const planned = planFunction(fn, at, (d) => unitCode(d, `${key} function ${fn.name}`));
      const existing = functions.get(fn.name);
      if (existing === undefined) {
        functions.set(fn.name, { ...planned, usedBy: [key], at });
      } else {
        const difference = differenceOf(existing, planned);
        if (difference !== undefined) {
          throw new CodeDeployError(
            `function ${fn.name} is declared twice, differently: ${existing.at} and ${at} differ in ${difference}. A function's name is its identity in the API: give one of them another name, or declare both the same.`,
          );
        }
        if (!existing.usedBy.includes(key)) existing.usedBy.push(key);
      }
      return fn.name;
    });
    const code =
      pipeline.code === undefined ? undefined : js(pipeline.code, `${key} (pipeline code)`);
    resolvers.push({
      kind: 'PIPELINE',
      key,
      typeName,
      fieldName,
      code: code ?? {
        language: 'APPSYNC_JS',
        code: PASS_THROUGH_CODE,
        origin: `${key} (pass-through pipeline code)`,
      },
      generated: code === undefined,
      functions: names,
    });
  }
  const planned = [...functions.values()].map(({ at: _, ...fn }) => fn);
  return {
    resolvers,
    functions: planned,
    needsNoneDataSource: planned.some((fn) => fn.dataSource === 'NONE'),
  };
}

function planFunction(
  fn: PipelineFunctionDeclaration,
  at: string,
  codeOf: (declaration: PipelineFunctionDeclaration) => DeployedCode | undefined,
): FunctionPlan {
  const { maxBatchSize } = fn;
  if (fn.dataSource === 'NONE' && maxBatchSize !== undefined && maxBatchSize > 0) {
    throw new CodeDeployError(
      `${at}: maxBatchSize ${maxBatchSize} is for a LAMBDA function; a NONE function calls no data source and has nothing to batch. Remove it, or make the function LAMBDA.`,
    );
  }
  return {
    name: fn.name,
    dataSource: fn.dataSource,
    code: codeOf(fn),
    ...(fn.dataSource === 'LAMBDA' && maxBatchSize !== undefined ? { maxBatchSize } : {}),
    usedBy: [],
  };
}

/** What two plans of one function name differ in, or `undefined` when they are the same. */
function differenceOf(a: FunctionPlan, b: FunctionPlan): string | undefined {
  if (a.dataSource !== b.dataSource) return `dataSource (${a.dataSource}, ${b.dataSource})`;
  if ((a.maxBatchSize ?? 0) !== (b.maxBatchSize ?? 0)) {
    return `maxBatchSize (${a.maxBatchSize ?? 'none'}, ${b.maxBatchSize ?? 'none'})`;
  }
  const kind = (code: DeployedCode | undefined) =>
    code === undefined ? 'no code (Direct Lambda)' : code.language === 'VTL' ? 'templates' : 'code';
  if (kind(a.code) !== kind(b.code)) return `what they run (${kind(a.code)}, ${kind(b.code)})`;
  if (a.code?.language === 'APPSYNC_JS' && b.code?.language === 'APPSYNC_JS') {
    return a.code.code === b.code.code
      ? undefined
      : `code (${a.code.origin}, ${b.code.origin} bundle differently)`;
  }
  if (a.code?.language === 'VTL' && b.code?.language === 'VTL') {
    if (a.code.requestTemplate !== b.code.requestTemplate) return 'requestTemplate';
    if (a.code.responseTemplate !== b.code.responseTemplate) return 'responseTemplate';
  }
  return undefined;
}

function read(reference: CodeReference, baseDir: string, label: string): CodeSource {
  try {
    return readCodeSource(reference, baseDir, label);
  } catch (error) {
    throw new CodeDeployError((error as Error).message);
  }
}

/**
 * Bundles one APPSYNC_JS module as it is deployed (see the module's doc comment) and checks
 * what AppSync checks when the resolver or function is created: both `request` and `response`
 * exported, at most {@link MAX_CODE_LENGTH} characters.
 */
export function bundleAppSyncJs(esbuild: EsbuildSyncApi, source: CodeSource): BundledCode {
  const { name } = source;
  const bundle = buildAppSyncJs(esbuild, source, { name, error: CodeDeployError });
  const refused = missingHandlers(name, bundle.exports) ?? oversize(name, bundle);
  if (refused !== undefined) throw new CodeDeployError(refused);
  return { language: 'APPSYNC_JS', code: bundle.code, origin: name };
}
