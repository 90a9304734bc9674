/**
 * `appsync-direct/cdk`: deploys an app's routes as AppSync Direct Lambda resolvers with the AWS
 * CDK, and the code a route declares in front of the Lambda (an APPSYNC_JS module, VTL templates,
 * a pipeline). Needs `aws-cdk-lib` 2.60 or later and `constructs` 10 (optional peer dependencies
 * of appsync-direct), and esbuild for APPSYNC_JS code; the runtime entry never loads them.
 *
 * @example
 * import { DirectLambdaResolvers } from 'appsync-direct/cdk';
 * import { app } from '../src/handler.js';
 *
 * new DirectLambdaResolvers(this, 'Resolvers', { api, function: fn, routes: app.routes() });
 *
 * @packageDocumentation
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Annotations, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import {
  AppsyncFunction,
  type CfnFunctionConfiguration,
  type CfnGraphQLSchema,
  type CfnResolver,
  Code,
  FunctionRuntime,
  type IGraphqlApi,
  LambdaDataSource,
  MappingTemplate,
  NoneDataSource,
  Resolver,
} from 'aws-cdk-lib/aws-appsync';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { isNeverBatched, neverBatchedMessage } from '../batching.js';
import { type DeployedCode, type DeploymentPlan, planDeployment } from '../engine/code/deploy.js';
import {
  type DirectLambdaManifest,
  type DirectLambdaRoute,
  keyOf,
  MAX_BATCH_SIZE,
  normalizeRoutes,
  routeProblem,
} from './routes.js';
import { readSdl, type SdlSummary } from './sdl.js';

export type { DirectLambdaManifest, DirectLambdaRoute } from './routes.js';
export { MAX_BATCH_SIZE };

/** The ids of the warnings the construct adds, to acknowledge one with `Annotations`. */
export const WARNINGS = {
  /** The API's schema could not be read, so the routes were not checked against it. */
  schemaUnchecked: 'appsync-direct:schemaUnchecked',
  /** A batch resolver is deployed without `maxBatchSize`, so each batch holds one context. */
  batchWithoutMaxBatchSize: 'appsync-direct:batchWithoutMaxBatchSize',
} as const;

/** The properties of {@link DirectLambdaResolvers}. */
export interface DirectLambdaResolversProps {
  /**
   * The GraphQL API the resolvers belong to. With a `GraphqlApi` defined in this app (from
   * `Definition.fromFile()`, `Definition.fromSchema()` or a code-first schema), the routes are
   * checked against its schema; for an imported API, give `schema`.
   */
  readonly api: IGraphqlApi;
  /**
   * The Lambda function that serves the routes: the handler of `app.handler()`. The data source's
   * role is granted `lambda:InvokeFunction` on it; an imported function takes that grant when it
   * is imported with `Function.fromFunctionAttributes(scope, id, { functionArn,
   * sameEnvironment: true })` (or `skipPermissions: true` when its permissions are set already).
   */
  readonly function: IFunction;
  /**
   * The fields the function serves: `app.routes()` of the handler, or the JSON of
   * `appsync-direct manifest --format json` (an object with `routes`), or such an array written
   * by hand. Each becomes one Direct Lambda resolver, with the route's `maxBatchSize`.
   */
  readonly routes: readonly DirectLambdaRoute[] | DirectLambdaManifest;
  /**
   * The data source's name, unique in the API: letters, digits and `_`, not starting with a
   * digit.
   *
   * @default - an id unique in the app, from the construct's path
   */
  readonly dataSourceName?: string;
  /** A description of the data source. @default - none */
  readonly description?: string;
  /**
   * The schema to check the routes against, as SDL text or the path of a `.graphql` file
   * (relative to the working directory): for an API that is not defined in this app (imported
   * with `GraphqlApi.fromGraphqlApiAttributes()`), or one whose schema is not text at synthesis
   * (a schema in S3). Text with a `{` is read as SDL, anything else as a path.
   *
   * @default - the schema of `api`; when it cannot be read, the routes are not checked, with a
   *   warning
   */
  readonly schema?: string;
  /**
   * The folder that the paths in the routes' code declarations (`code`, `requestTemplate`,
   * `responseTemplate`, `pipeline`) are relative to, itself relative to the working directory.
   *
   * @default - the folder of `schema` when it is a path, else the working directory
   */
  readonly codeBaseDir?: string;
  /**
   * The name of the `NONE` data source made for the pipeline functions whose `dataSource` is
   * `'NONE'` (only when one is).
   *
   * @default - the Lambda data source's name followed by `None`
   */
  readonly noneDataSourceName?: string;
}

/**
 * The Lambda data source of one function, and one AppSync resolver for each route of the app. A
 * route without code gets a **Direct Lambda** resolver: a unit resolver with no request or
 * response mapping template and no code, so AppSync sends the function the resolver context
 * itself (Invoke), or an array of contexts (BatchInvoke) on the fields with a `maxBatchSize`
 * above 0. A route that declares code gets it, from the plan `appsync-direct manifest` writes
 * too: `code` → a unit resolver with the module bundled by esbuild for APPSYNC_JS 1.0.0;
 * `requestTemplate` / `responseTemplate` → a unit resolver with the template(s); `pipeline` → a
 * pipeline resolver with its code (or a pass-through module), one `AppsyncFunction` per function
 * name (shared by the pipelines that use it), on the Lambda data source or on a `NONE` data
 * source made when a function needs it. Paths are relative to `codeBaseDir`. A file that cannot
 * be read, a module that does not build or is over AppSync's 32 KB, or two different functions
 * with one name throw at once, naming the route.
 *
 * At synthesis it checks each route against the API's schema: a route whose type is missing, is
 * not an object type (interfaces, unions and input types have no resolvers), or lacks the field,
 * fails synthesis with a message that names the route and the nearest names of the schema. The
 * routes themselves are checked at once, in the constructor: GraphQL names, `maxBatchSize` an
 * integer from 0 to 2000, no field twice, at least one route.
 *
 * Warnings (acknowledge them with `Annotations.of(scope).acknowledgeWarning(id)`; ids in
 * {@link WARNINGS}): the schema cannot be read, so nothing was checked against it; a batch
 * resolver (`kind: 'batch'`) of a field that is not a root field is deployed without
 * `maxBatchSize`, so it gets batches of one.
 *
 * @example
 * const api = new appsync.GraphqlApi(this, 'Api', {
 *   name: 'blog',
 *   definition: appsync.Definition.fromFile('schema.graphql'),
 * });
 * const fn = new lambda.Function(this, 'Handler', {
 *   runtime: lambda.Runtime.NODEJS_22_X,
 *   handler: 'index.handler',
 *   code: lambda.Code.fromAsset('dist/lambda'), // npx appsync-direct build
 * });
 * const resolvers = new DirectLambdaResolvers(this, 'Resolvers', {
 *   api,
 *   function: fn,
 *   routes: app.routes(), // or JSON.parse(readFileSync('manifest.json', 'utf8'))
 * });
 * resolvers.resolvers.get('Post.author'); // the Resolver of one field
 */
export class DirectLambdaResolvers extends Construct {
  /** The Lambda data source of the function. */
  readonly dataSource: LambdaDataSource;
  /** The `NONE` data source of the pipeline functions that call none; only when one does. */
  readonly noneDataSource: NoneDataSource | undefined;
  /** The resolvers, by `Type.field`, in the order of the routes. */
  readonly resolvers: ReadonlyMap<string, Resolver>;
  /** The pipeline functions, by name, in the order first used. */
  readonly functions: ReadonlyMap<string, AppsyncFunction>;
  /** The routes as deployed: checked, copied, in their order. */
  readonly routes: readonly DirectLambdaRoute[];

  private readonly api: IGraphqlApi;
  /** The schema given as a prop, read in the constructor. */
  private readonly givenSchema: SdlSummary | undefined;
  /** Set once the warnings are added, so that a second synthesis does not repeat them. */
  private warned = false;

  constructor(scope: Construct, id: string, props: DirectLambdaResolversProps) {
    super(scope, id);
    const fail = (message: string): never => {
      throw new Error(`DirectLambdaResolvers ${this.node.path}: ${message}`);
    };
    let routes: DirectLambdaRoute[] = [];
    try {
      routes = normalizeRoutes(props.routes);
    } catch (error) {
      fail((error as Error).message);
    }
    this.routes = routes;
    this.api = props.api;
    this.givenSchema = props.schema === undefined ? undefined : readGivenSchema(props.schema, fail);
    let plan: DeploymentPlan = { resolvers: [], functions: [], needsNoneDataSource: false };
    try {
      plan = planDeployment(routes, { baseDir: codeBaseOf(props) });
    } catch (error) {
      fail((error as Error).message);
    }

    const name = props.dataSourceName ?? defaultName(this);
    if (!Token.isUnresolved(name) && !/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) {
      fail(
        `dataSourceName ${JSON.stringify(name)} is not a name AppSync accepts: letters, digits and _, not starting with a digit`,
      );
    }
    this.dataSource = new LambdaDataSource(this, 'DataSource', {
      api: props.api,
      lambdaFunction: props.function,
      name,
      ...(props.description === undefined ? {} : { description: props.description }),
    });
    const noneName = props.noneDataSourceName ?? `${name}None`;
    if (
      plan.needsNoneDataSource &&
      !Token.isUnresolved(noneName) &&
      !/^[_A-Za-z][_0-9A-Za-z]*$/.test(noneName)
    ) {
      fail(
        `noneDataSourceName ${JSON.stringify(noneName)} is not a name AppSync accepts: letters, digits and _, not starting with a digit`,
      );
    }
    this.noneDataSource = plan.needsNoneDataSource
      ? new NoneDataSource(this, 'NoneDataSource', {
          api: props.api,
          name: noneName,
          description: 'The data source of the pipeline functions that call no data source',
        })
      : undefined;

    const functions = new Map<string, AppsyncFunction>();
    // Their own scope, so that a function's name never meets a route's key or a data source's id.
    const functionScope = plan.functions.length === 0 ? this : new Construct(this, 'Functions');
    for (const fn of plan.functions) {
      const appsyncFunction = new AppsyncFunction(functionScope, fn.name, {
        api: props.api,
        name: fn.name,
        dataSource: (fn.dataSource === 'NONE' ? this.noneDataSource : this.dataSource) as
          | LambdaDataSource
          | NoneDataSource,
        ...codeProps(fn.code),
      });
      if (fn.maxBatchSize !== undefined) {
        // On the CloudFormation resource: AppsyncFunction took the property later than 2.60.
        (appsyncFunction.node.defaultChild as CfnFunctionConfiguration).maxBatchSize =
          fn.maxBatchSize;
      }
      functions.set(fn.name, appsyncFunction);
    }
    this.functions = functions;

    const resolvers = new Map<string, Resolver>();
    for (const planned of plan.resolvers) {
      const { key, typeName, fieldName } = planned;
      if (planned.kind === 'PIPELINE') {
        resolvers.set(
          key,
          new Resolver(this, key, {
            api: props.api,
            typeName,
            fieldName,
            pipelineConfig: planned.functions.map((fn) => functions.get(fn) as AppsyncFunction),
            ...codeProps(planned.code),
          }),
        );
        continue;
      }
      // A unit resolver on the Lambda data source; without code or templates, a Direct one.
      const resolver = new Resolver(this, key, {
        api: props.api,
        dataSource: this.dataSource,
        typeName,
        fieldName,
        ...codeProps(planned.code),
        ...(planned.maxBatchSize === undefined ? {} : { maxBatchSize: planned.maxBatchSize }),
      });
      if (planned.maxBatchSize !== undefined) {
        // Also on the CloudFormation resource itself, which has had it since before the Resolver
        // construct took the property: no aws-cdk-lib release drops it silently.
        (resolver.node.defaultChild as CfnResolver).maxBatchSize = planned.maxBatchSize;
      }
      resolvers.set(key, resolver);
    }
    this.resolvers = resolvers;

    // At synthesis, once the API's schema is complete (a code-first schema grows after this).
    this.node.addValidation({ validate: () => this.validateRoutes() });
  }

  /** The errors that fail synthesis: routes the schema does not have. */
  private validateRoutes(): string[] {
    const found = this.givenSchema === undefined ? this.apiSchema() : { summary: this.givenSchema };
    const first = !this.warned;
    this.warned = true;
    if (first && 'unchecked' in found) {
      warn(
        this,
        WARNINGS.schemaUnchecked,
        `the routes were not checked against the schema: ${found.unchecked}. Give the schema as the schema prop (SDL or a file path) to check them at synthesis`,
      );
    }
    const summary = 'summary' in found ? found.summary : undefined;
    const roots = new Set(
      Object.values(
        summary?.roots ?? { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' },
      ),
    );
    for (const route of this.routes) {
      // A pipeline's batching is its LAMBDA functions', not the route's.
      if (first && route.pipeline === undefined && isNeverBatched(route, roots)) {
        warn(this, WARNINGS.batchWithoutMaxBatchSize, neverBatchedMessage(route));
      }
    }
    const taken = this.fieldsTakenElsewhere();
    const errors = this.routes.flatMap((route) => {
      const other = taken.get(keyOf(route));
      return other === undefined
        ? []
        : [
            `route ${keyOf(route)}: ${other} is another resolver of the same field of this API, and AppSync allows one per field`,
          ];
    });
    if (summary === undefined) return errors;
    return errors.concat(
      this.routes.flatMap((route) => {
        const problem = routeProblem(summary, route);
        return problem === undefined ? [] : [`route ${problem}`];
      }),
    );
  }

  /**
   * The fields of this API that resolvers outside this construct attach to (another
   * DirectLambdaResolvers, `api.createResolver()` …), by `Type.field`, with the path of one.
   */
  private fieldsTakenElsewhere(): Map<string, string> {
    const stack = Stack.of(this);
    const apiId = stack.resolve(this.api.apiId);
    const taken = new Map<string, string>();
    for (const node of this.node.root.node.findAll()) {
      if (!CfnResource.isCfnResource(node) || node.cfnResourceType !== 'AWS::AppSync::Resolver') {
        continue;
      }
      if (node.node.scopes.includes(this)) continue;
      const resolver = node as CfnResolver;
      const sameApi =
        Stack.of(resolver) === stack &&
        JSON.stringify(stack.resolve(resolver.apiId)) === JSON.stringify(apiId);
      if (!sameApi) continue;
      const typeName: unknown = stack.resolve(resolver.typeName);
      const fieldName: unknown = stack.resolve(resolver.fieldName);
      if (typeof typeName === 'string' && typeof fieldName === 'string') {
        taken.set(`${typeName}.${fieldName}`, resolver.node.path);
      }
    }
    return taken;
  }

  /** The schema of the API, read from its `AWS::AppSync::GraphQLSchema` in this app. */
  private apiSchema(): { summary: SdlSummary } | { unchecked: string } {
    const resource = this.api.node.children.find(
      (child): child is CfnGraphQLSchema =>
        CfnResource.isCfnResource(child) && child.cfnResourceType === 'AWS::AppSync::GraphQLSchema',
    );
    if (resource === undefined) {
      return {
        unchecked: `the API ${this.api.node.path} has no schema in this app (an imported or merged API)`,
      };
    }
    const definition: unknown = Stack.of(resource).resolve(resource.definition);
    if (typeof definition !== 'string' || Token.isUnresolved(definition)) {
      return {
        unchecked: `the schema of ${this.api.node.path} is not text at synthesis (a schema in S3, or a value known only at deployment)`,
      };
    }
    try {
      return { summary: readSdl(definition) };
    } catch (error) {
      return {
        unchecked: `the schema of ${this.api.node.path} could not be read: ${(error as Error).message}`,
      };
    }
  }
}

/** Reads the `schema` prop: SDL text, or the path of a file of SDL. */
function readGivenSchema(schema: string, fail: (message: string) => never): SdlSummary {
  let text = schema;
  let origin = 'the schema prop';
  if (!schema.includes('{')) {
    const path = resolve(schema);
    if (!existsSync(path) || !statSync(path).isFile()) {
      return fail(
        `schema ${JSON.stringify(schema)} is neither SDL (it has no "{") nor a file (looked for ${path})`,
      );
    }
    text = readFileSync(path, 'utf8');
    origin = schema;
  }
  try {
    return readSdl(text);
  } catch (error) {
    return fail(`${origin} is not a GraphQL schema: ${(error as Error).message}`);
  }
}

/** The folder code paths are relative to: `codeBaseDir`, else the schema file's, else `.`. */
function codeBaseOf(props: DirectLambdaResolversProps): string {
  if (props.codeBaseDir !== undefined) return resolve(props.codeBaseDir);
  if (props.schema !== undefined && !props.schema.includes('{')) {
    return dirname(resolve(props.schema));
  }
  return resolve('.');
}

/** A resolver's or function's code, as the L2 constructs take it. */
function codeProps(code: DeployedCode | undefined): {
  runtime?: FunctionRuntime;
  code?: Code;
  requestMappingTemplate?: MappingTemplate;
  responseMappingTemplate?: MappingTemplate;
} {
  if (code === undefined) return {};
  if (code.language === 'APPSYNC_JS') {
    return { runtime: FunctionRuntime.JS_1_0_0, code: Code.fromInline(code.code) };
  }
  return {
    ...(code.requestTemplate === undefined
      ? {}
      : { requestMappingTemplate: MappingTemplate.fromString(code.requestTemplate) }),
    ...(code.responseTemplate === undefined
      ? {}
      : { responseMappingTemplate: MappingTemplate.fromString(code.responseTemplate) }),
  };
}

/** A data source name unique in the app: the construct's unique id, which is alphanumeric. */
function defaultName(scope: Construct): string {
  const id = Names.uniqueId(scope);
  return /^[0-9]/.test(id) ? `_${id}` : id;
}

/** An acknowledgeable warning where this aws-cdk-lib has them (`addWarningV2`), else a plain one. */
function warn(scope: Construct, id: string, message: string): void {
  const annotations = Annotations.of(scope) as Annotations & {
    addWarningV2?: Annotations['addWarningV2'];
  };
  if (typeof annotations.addWarningV2 === 'function') annotations.addWarningV2(id, message);
  else annotations.addWarning(message);
}
