import { runBatch } from './batch/index.js';
import { DEFAULT_DEADLINE_MARGIN } from './deadline.js';
import { type Dispatcher, failedOutside, type Route, requestIdOf } from './dispatch.js';
import type { AppSyncError } from './errors/app-sync-error.js';
import {
  DuplicateResolverError,
  InvalidEventError,
  ResolverNotFoundError,
} from './errors/framework-errors.js';
import {
  describeValue,
  ErrorMapperRegistry,
  type ErrorMapping,
  type NormalizeOptions,
} from './errors/normalize.js';
import {
  type FieldRef,
  isGraphQLName,
  isMappingDocument,
  itemName,
  type LambdaContext,
  parseFieldKey,
  type ResolverContext,
  unwrapMappingDocument,
} from './event.js';
import { runInvoke, toThrownError } from './invoke/index.js';
import { jsonLogger, LEVEL_RANK, type Logger, type LogLevel, resolveLogLevel } from './logger.js';
import type { BatchMiddleware, Middleware, ResolverMiddleware } from './middleware.js';
import type { FieldCodeDeclaration } from './resolver-code.js';
import { LAMBDA_RESPONSE_LIMIT } from './response-size.js';
import { isStandardSchema, type StandardSchemaV1 } from './validation.js';

/** Options of {@link createResolver}. */
export interface CreateResolverOptions {
  /** Where errors are logged. Default: one JSON line per warning or error on stdout. */
  logger?: Logger | undefined;
  /**
   * Send unexpected errors' names and messages to clients instead of a generic `InternalError`.
   * For development only. Default `false`.
   */
  exposeErrors?: boolean | undefined;
  /**
   * How many items of a batch a per-item `resolver` runs at once (results keep input order
   * whatever it is). A positive integer or `Infinity`. Default 16.
   */
  concurrency?: number | undefined;
  /**
   * Routes custom payloads (from a request template) that carry no `info`: return the
   * `Type.field` to serve the event, or `undefined` to fall back to the `{ field }` convention.
   */
  route?: ((event: unknown) => string | undefined) | undefined;
  /**
   * Milliseconds kept free before Lambda's timeout (read from the Lambda context's
   * `getRemainingTimeInMillis()`): at that deadline `ctx.signal` aborts and the items still
   * running get `TimeoutError`, so the finished ones reach the client. `false` turns deadlines
   * off. Default 500.
   */
  deadlineMargin?: number | false | undefined;
  /**
   * The largest response sent, in bytes of JSON. Above it a batch's largest results are replaced
   * by `ResponseTooLargeError` entries, and an Invoke fails with `ResponseTooLargeError`.
   * Default: Lambda's synchronous limit, 6 291 556 bytes; `Infinity` turns the check off.
   */
  maxResponseBytes?: number | undefined;
  /**
   * The lowest level the dispatcher logs at: `DEBUG` (one line per answered request), `INFO` (each failed
   * field), `WARN` (deadlines, oversized results), `ERROR` (unexpected errors, rejected events).
   * Default: `AWS_LAMBDA_LOG_LEVEL`, else `WARN`.
   */
  logLevel?: LogLevel | undefined;
  /**
   * Add the field's arguments to its log lines. Off by default, since arguments may hold
   * personal data; headers and identity claims are never logged.
   */
  logArguments?: boolean | undefined;
}

/**
 * Options of `app.resolver()`. The code AppSync runs in front of the Lambda (`code`, templates,
 * `pipeline`) is not run by the handler: `routes()` carries it to the local AppSync, `check`,
 * `manifest` and the CDK construct (docs/resolver-code.md).
 */
export interface ResolverOptions<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
  TRaw = Record<string, unknown>,
> extends FieldCodeDeclaration {
  /**
   * The `maxBatchSize` the field is deployed with (0–2000, AppSync's setting). Read by
   * `routes()` for infrastructure code; the dispatcher serves Invoke and BatchInvoke either way.
   */
  maxBatchSize?: number | undefined;
  /** Overrides the app's `concurrency` for batches of this field. */
  concurrency?: number | undefined;
  /**
   * Middleware for this field only, run after the app's, in order, and before argument
   * validation: `ctx.args` are the arguments as they arrived. A typed app types them as the
   * schema's arguments; an untyped one as the resolver's (which an `args` validator that
   * transforms them has not reached yet).
   */
  use?: readonly ResolverMiddleware<NoInfer<TRaw>, NoInfer<TSource>>[] | undefined;
  /**
   * A Standard Schema validator (zod, valibot, arktype …) for the arguments: its output replaces
   * `ctx.args`, and a failure is a `ValidationError` listing each issue with its path.
   */
  args?: StandardSchemaV1<unknown, TArgs> | undefined;
}

/** Options of `app.batchResolver()`, with the code in front of the Lambda as for `resolver()`. */
export interface BatchResolverOptions<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
  TRaw = Record<string, unknown>,
> extends FieldCodeDeclaration {
  /** The `maxBatchSize` the field is deployed with (0–2000). */
  maxBatchSize?: number | undefined;
  /**
   * Middleware for this field only: once per batch, after the app's, in order, and before
   * argument validation (`ctx.args` are the arguments as they arrived, `TRaw`).
   */
  use?: readonly BatchMiddleware<NoInfer<TRaw>, NoInfer<TSource>>[] | undefined;
  /**
   * A Standard Schema validator for each context's arguments. The contexts that fail get a
   * `ValidationError` entry each, and the batch resolver receives the others.
   */
  args?: StandardSchemaV1<unknown, TArgs> | undefined;
}

/** A resolver for one field: a value, or a promise of one. Throw (or return) an `Error` to fail the field. */
export type ResolverFunction<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
  TResult = unknown,
> = (ctx: ResolverContext<TArgs, TSource>) => TResult | PromiseLike<TResult>;

/**
 * A resolver for a whole batch: one result per context, in the same order. An `Error` in a slot
 * fails that item only (a slot may also hold a promise of a result); throwing fails every item of
 * the batch.
 */
export type BatchResolverFunction<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
  TResult = unknown,
> = (
  ctxs: readonly ResolverContext<TArgs, TSource>[],
) => BatchResults<TResult> | PromiseLike<BatchResults<TResult>>;

/** What a batch resolver answers: per context, a result, an `Error`, or a promise of either. */
export type BatchResults<TResult> = ReadonlyArray<TResult | Error | PromiseLike<TResult | Error>>;

/**
 * One entry of `app.routes()`: what infrastructure code needs to deploy the field, with the code
 * keys the route declares (only those).
 */
export interface RouteInfo extends FieldCodeDeclaration {
  typeName: string;
  fieldName: string;
  /** `'resolver'` for `app.resolver()`, `'batch'` for `app.batchResolver()`. */
  kind: 'resolver' | 'batch';
  maxBatchSize?: number | undefined;
}

/**
 * The Lambda handler: takes an AppSync event (Invoke, BatchInvoke, or any accepted shape) and the
 * Lambda context. Assignable to `AppSyncResolverHandler` and `AppSyncBatchResolverHandler` of
 * `@types/aws-lambda`.
 */
// The answer's type depends on the event (a value, or an array of batch entries); `any` lets the
// handler be assigned to the @types handler types, whose result type is the user's choice.
// biome-ignore lint/suspicious/noExplicitAny: see above
export type DirectLambdaHandler = (event: unknown, context?: LambdaContext) => Promise<any>;

/** The methods an application has whether or not it is typed by a schema. */
export interface ResolverAppBase {
  /**
   * Maps errors of a class (and its subclasses, unless a more specific mapper exists) to what the
   * client sees. One mapper per class: registering a second for the same class throws a
   * `TypeError` at start-up (map its subclasses separately, or branch inside the one mapper).
   *
   * @example
   * app.onError(ZodError, (err) => ({ errorType: 'ValidationError', errorMessage: err.message }));
   */
  onError<E>(
    errorClass: abstract new (...args: never[]) => E,
    mapper: (error: E, ctx: ResolverContext) => ErrorMapping | Error | null | undefined,
  ): this;
  /**
   * Adds middleware that runs around every resolver, before each resolver's own `use` list, in
   * the order of the `use()` calls. A per-item resolver meets it once per context; a batch
   * resolver once per batch, with the array of contexts.
   *
   * @example
   * app.use(requireAuth({ modes: ['cognito'] }));
   */
  use(middleware: Middleware): this;
  /** The registered fields, in registration order. */
  routes(): RouteInfo[];
  /**
   * Answers one event as AppSync expects: the value (Invoke), an array of `{ data }` /
   * `{ data: null, errorType, errorMessage }` entries (BatchInvoke), or a rejection whose `name`
   * is the errorType.
   */
  resolve(event: unknown, lambda?: LambdaContext): Promise<unknown>;
  /** The Lambda handler, to export as is. */
  handler(): DirectLambdaHandler;
}

/** An application: the route table and the dispatcher around it. */
export interface ResolverApp extends ResolverAppBase {
  /**
   * Registers a per-item resolver for `Type.field`. It answers an Invoke, and each item of a
   * BatchInvoke (with bounded concurrency).
   *
   * @example
   * app.resolver('Query.getPost', async (ctx) => db.get(ctx.args.id));
   */
  resolver<
    TArgs = Record<string, unknown>,
    TSource = Record<string, unknown> | null,
    TResult = unknown,
  >(
    key: string,
    fn: ResolverFunction<TArgs, TSource, TResult>,
    options?: ResolverOptions<TArgs, TSource, TArgs>,
  ): this;
  /**
   * Registers a resolver that gets a whole BatchInvoke group in one call (DataLoader style). It
   * answers an Invoke as a batch of one.
   *
   * @example
   * app.batchResolver('Post.author', async (ctxs: readonly ResolverContext<{}, Post>[]) =>
   *   users.getMany(ctxs.map((ctx) => ctx.source.authorId)),
   * );
   */
  batchResolver<
    TArgs = Record<string, unknown>,
    TSource = Record<string, unknown> | null,
    TResult = unknown,
  >(
    key: string,
    fn: BatchResolverFunction<TArgs, TSource, TResult>,
    options?: BatchResolverOptions<TArgs, TSource, TArgs>,
  ): this;
}

/** One field of a schema type map: its arguments, its parent value and its result. */
export interface FieldTypes {
  args: unknown;
  source: unknown;
  result: unknown;
}

/**
 * A schema type map, as `appsync-direct codegen` writes it (`Schema`): one {@link FieldTypes}
 * per `Type.field` key.
 */
export type SchemaTypes<S> = { [K in keyof S]: FieldTypes };

/**
 * An application typed by a schema type map (`createResolver<Schema>()`): keys are the schema's
 * fields, and `ctx.args`, `ctx.source` and the result follow each field's types.
 */
export interface TypedResolverApp<S extends SchemaTypes<S>> extends ResolverAppBase {
  /**
   * Registers a per-item resolver for a field of the schema. It answers an Invoke, and each item
   * of a BatchInvoke (with bounded concurrency).
   *
   * @example
   * app.resolver('Query.getPost', async (ctx) => db.get(ctx.args.id));
   */
  resolver<K extends keyof S & string, TArgs = S[K]['args']>(
    key: K,
    // NoInfer: the key alone picks the field, so a literal result ('EUR', a __typename) is
    // checked against that field's type instead of widening while K is inferred. TArgs is the
    // schema's, or the output of an `args` validator.
    fn: NoInfer<ResolverFunction<TArgs, S[K]['source'], S[K]['result']>>,
    options?: ResolverOptions<TArgs, S[K]['source'], S[K]['args']>,
  ): this;
  /**
   * Registers a resolver that gets a whole BatchInvoke group of a field of the schema in one
   * call: one result or `Error` per context, in order.
   *
   * @example
   * app.batchResolver('Post.author', (ctxs) => users.getMany(ctxs.map((ctx) => ctx.source.authorId)));
   */
  batchResolver<K extends keyof S & string, TArgs = S[K]['args']>(
    key: K,
    fn: NoInfer<BatchResolverFunction<TArgs, S[K]['source'], S[K]['result']>>,
    options?: BatchResolverOptions<TArgs, S[K]['source'], S[K]['args']>,
  ): this;
}

const DEFAULT_CONCURRENCY = 16;
const MAX_BATCH_SIZE = 2000;

/**
 * Creates an application: register resolvers on it, then export `app.handler()`. Give it the
 * `Schema` type map that `appsync-direct codegen` writes, and keys, arguments, parent values and
 * results are checked against the schema.
 *
 * @example
 * const app = createResolver<Schema>();
 * app.resolver('Query.hello', (ctx) => `Hello, ${ctx.args.name}`);
 * export const handler = app.handler();
 */
export function createResolver(options?: CreateResolverOptions): ResolverApp;
export function createResolver<S extends SchemaTypes<S>>(
  options?: CreateResolverOptions,
): TypedResolverApp<S>;
export function createResolver(options: CreateResolverOptions = {}): ResolverApp {
  const concurrency = checkConcurrency(
    options.concurrency ?? DEFAULT_CONCURRENCY,
    'createResolver',
  );
  if (options.route !== undefined && typeof options.route !== 'function') {
    throw new TypeError(
      `createResolver: the route option must be a function; received ${describeValue(options.route)}.`,
    );
  }
  const byType = new Map<string, Map<string, Route>>();
  const ordered: Route[] = [];
  let byFieldName: Map<string, Route[]> | undefined;
  const mappers = new ErrorMapperRegistry();
  const logLevel = resolveLogLevel(options.logLevel, 'createResolver');
  const errors: NormalizeOptions = {
    mappers,
    logger: options.logger ?? jsonLogger({ level: logLevel }),
    exposeErrors: options.exposeErrors === true,
    logRank: LEVEL_RANK[logLevel],
    logArguments: options.logArguments === true,
  };
  const deadlineMargin = checkMargin(options.deadlineMargin);
  const maxResponseBytes = checkLimit(options.maxResponseBytes);
  const middleware: Middleware[] = [];
  const layers = new Map<Route, readonly Middleware[]>();

  const lookup = (typeName: string, fieldName: string): Route | undefined =>
    byType.get(typeName)?.get(fieldName);

  const byField = (field: string, index: number | undefined): FieldRef | AppSyncError => {
    const dot = field.indexOf('.');
    if (dot >= 0 ? parseFieldKey(field) === undefined : !isGraphQLName(field)) {
      return new InvalidEventError(
        `Invalid ${itemName(index)}: "field" must be a field name or a "Type.field" key; received a string of length ${field.length}.`,
      );
    }
    if (dot >= 0) return parseFieldKey(field) as FieldRef;
    if (byFieldName === undefined) {
      byFieldName = new Map();
      for (const route of ordered) {
        const list = byFieldName.get(route.fieldName);
        if (list === undefined) byFieldName.set(route.fieldName, [route]);
        else list.push(route);
      }
    }
    const matches = byFieldName.get(field);
    if (matches === undefined) {
      return new ResolverNotFoundError(
        field,
        `No resolver is registered for a field named "${field}"; register one, or send "Type.field" as the field.`,
      );
    }
    if (matches.length > 1) {
      return new InvalidEventError(
        `Invalid ${itemName(index)}: the field name "${field}" is ambiguous (${matches.map((r) => r.key).join(', ')}); send "Type.field" as the field, or use the route option.`,
      );
    }
    return matches[0] as Route;
  };

  const dispatcher: Dispatcher = {
    lookup,
    routing: { route: options.route, byField },
    errors,
    layers(route) {
      if (middleware.length === 0) return route.use;
      let list = layers.get(route);
      if (list === undefined) {
        list = middleware.length === 0 ? route.use : [...middleware, ...route.use];
        layers.set(route, list);
      }
      return list;
    },
    deadlineMargin,
    maxResponseBytes,
  };

  const register = (
    method: string,
    kind: Route['kind'],
    key: unknown,
    fn: unknown,
    opts: ResolverOptions<unknown> | undefined,
  ): void => {
    const ref = checkKey(key, method);
    if (typeof fn !== 'function') {
      throw new TypeError(
        `${method}('${key}'): expected a function; received ${describeValue(fn)}.`,
      );
    }
    if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
      throw new TypeError(
        `${method}('${key}'): options must be an object; received ${describeValue(opts)}.`,
      );
    }
    const maxBatchSize = opts?.maxBatchSize;
    if (
      maxBatchSize !== undefined &&
      !(Number.isInteger(maxBatchSize) && maxBatchSize >= 0 && maxBatchSize <= MAX_BATCH_SIZE)
    ) {
      throw new TypeError(
        `${method}('${key}'): maxBatchSize must be an integer from 0 to ${MAX_BATCH_SIZE} (AppSync's range); received ${String(maxBatchSize)}.`,
      );
    }
    const own = opts?.concurrency;
    const use = checkUse(opts?.use, `${method}('${key}')`);
    const args = opts?.args;
    if (args !== undefined && !isStandardSchema(args)) {
      throw new TypeError(
        `${method}('${key}'): args must be a Standard Schema validator (zod, valibot, arktype …: an object with ['~standard'].validate); received ${describeValue(args)}.`,
      );
    }
    const fields = byType.get(ref.typeName) ?? new Map<string, Route>();
    const existing = fields.get(ref.fieldName);
    if (existing !== undefined) {
      throw new DuplicateResolverError(
        `${key as string} is already registered (as a ${existing.kind === 'batch' ? 'batchResolver' : 'resolver'}); each field has exactly one resolver.`,
      );
    }
    const route: Route = {
      typeName: ref.typeName,
      fieldName: ref.fieldName,
      key: key as string,
      kind,
      fn: fn as Route['fn'],
      maxBatchSize,
      concurrency: own === undefined ? concurrency : checkConcurrency(own, `${method}('${key}')`),
      use,
      args,
      front:
        (opts?.code ?? opts?.requestTemplate ?? opts?.responseTemplate ?? opts?.pipeline)
          ? {
              code: opts.code,
              requestTemplate: opts.requestTemplate,
              responseTemplate: opts.responseTemplate,
              pipeline: opts.pipeline,
            }
          : undefined,
    };
    fields.set(ref.fieldName, route);
    byType.set(ref.typeName, fields);
    ordered.push(route);
    byFieldName = undefined;
  };

  const app: ResolverApp = {
    resolver(key, fn, opts) {
      register('resolver', 'resolver', key, fn, opts as ResolverOptions<unknown> | undefined);
      return app;
    },
    batchResolver(key, fn, opts) {
      if (
        opts !== undefined &&
        typeof opts === 'object' &&
        opts !== null &&
        'concurrency' in opts
      ) {
        throw new TypeError(
          `batchResolver('${key}'): concurrency does not apply to a batch resolver, which receives the whole batch in one call.`,
        );
      }
      register('batchResolver', 'batch', key, fn, opts as ResolverOptions<unknown> | undefined);
      return app;
    },
    onError(errorClass, mapper) {
      mappers.add(errorClass, mapper as never);
      return app;
    },
    use(fn) {
      if (typeof fn !== 'function') {
        throw new TypeError(`use: expected a middleware function; received ${describeValue(fn)}.`);
      }
      middleware.push(fn);
      layers.clear();
      return app;
    },
    routes() {
      return ordered.map(({ typeName, fieldName, kind, maxBatchSize, front }) => {
        const info: RouteInfo = { typeName, fieldName, kind };
        if (maxBatchSize !== undefined) info.maxBatchSize = maxBatchSize;
        // Only the keys a route declares, so routes() stays the JSON a manifest prints.
        for (const [key, value] of Object.entries(front ?? {})) {
          if (value !== undefined) (info as unknown as Record<string, unknown>)[key] = value;
        }
        return info;
      });
    },
    resolve(event, lambda) {
      const lambdaContext = typeof lambda === 'object' && lambda !== null ? lambda : undefined;
      try {
        if (Array.isArray(event)) return runBatch(event, lambdaContext, dispatcher);
        if (isMappingDocument(event)) {
          const { batch, payload } = unwrapMappingDocument(event);
          return batch
            ? runBatch(payload as unknown[], lambdaContext, dispatcher)
            : runInvoke(payload, lambdaContext, dispatcher);
        }
        return runInvoke(event, lambdaContext, dispatcher);
      } catch (error) {
        // An unreadable event (a Proxy, a throwing getter) or an invalid mapping document: a
        // rejection like every other failure, never a synchronous throw.
        const site = { requestId: requestIdOf(lambdaContext) };
        return Promise.reject(toThrownError(failedOutside(error, site, dispatcher)));
      }
    },
    handler() {
      const handler: DirectLambdaHandler = (event, context) => app.resolve(event, context);
      // Which app a handler answers for, so tools that load a module (`appsync-direct invoke`) can
      // read its routes; a registry symbol, so another copy of the package reads it too.
      Object.defineProperty(handler, Symbol.for('appsync-direct.app'), { value: app });
      return handler;
    },
  };
  return app;
}

function checkKey(key: unknown, method: string): FieldRef {
  if (typeof key !== 'string') {
    throw new TypeError(
      `${method}: the key must be a "Type.field" string; received ${describeValue(key)}.`,
    );
  }
  const ref = parseFieldKey(key);
  if (ref === undefined) {
    throw new TypeError(
      `${method}('${key}'): the key must be "Type.field" with two GraphQL names (letters, digits, _), such as "Query.getPost".`,
    );
  }
  if (ref.typeName.startsWith('__') || ref.fieldName.startsWith('__')) {
    throw new TypeError(
      `${method}('${key}'): names starting with "__" are reserved by GraphQL for introspection and never reach a resolver.`,
    );
  }
  return ref;
}

function checkConcurrency(value: unknown, where: string): number {
  if (value === Number.POSITIVE_INFINITY || (Number.isInteger(value) && (value as number) >= 1)) {
    return value as number;
  }
  throw new TypeError(
    `${where}: concurrency must be a positive integer or Infinity; received ${typeof value === 'number' ? String(value) : describeValue(value)}.`,
  );
}

function checkUse(use: unknown, where: string): readonly Middleware[] {
  if (use === undefined) return [];
  if (!Array.isArray(use) || !use.every((fn) => typeof fn === 'function')) {
    throw new TypeError(
      `${where}: use must be an array of middleware functions; received ${describeValue(use)}.`,
    );
  }
  return [...use] as Middleware[];
}

function checkMargin(margin: unknown): number | false {
  if (margin === undefined) return DEFAULT_DEADLINE_MARGIN;
  if (margin === false) return false;
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    throw new TypeError(
      `createResolver: deadlineMargin must be a number of milliseconds ≥ 0, or false; received ${typeof margin === 'number' ? String(margin) : describeValue(margin)}.`,
    );
  }
  return margin;
}

function checkLimit(limit: unknown): number {
  if (limit === undefined) return LAMBDA_RESPONSE_LIMIT;
  if (typeof limit !== 'number' || Number.isNaN(limit) || limit < 1) {
    throw new TypeError(
      `createResolver: maxResponseBytes must be a number of bytes ≥ 1, or Infinity; received ${typeof limit === 'number' ? String(limit) : describeValue(limit)}.`,
    );
  }
  return limit;
}
