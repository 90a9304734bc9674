import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  type DocumentNode,
  defaultFieldResolver,
  execute,
  GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getOperationAST,
  isObjectType,
  parse,
  validate,
} from 'graphql';
import { parseFieldKey } from '../event.js';
import {
  type AuthConfig,
  type AuthMode,
  type AuthOptions,
  authConfig,
  authenticate,
  DirectiveAuth,
  type RequestAuth,
} from './auth.js';
import {
  clientMessage,
  FieldError,
  type GraphQLResponseError,
  isStackOverflow,
  locationsOf,
  TOO_DEEP,
  toAppSyncError,
} from './errors.js';
import { callLambda, type LambdaHandler, type Outcome, thrownToError } from './lambda.js';
import { buildAppSyncSchema, type SchemaSource } from './schema.js';
import { type SelectionInfo, selectionInfo } from './selection.js';
import { type Invocation, summarize } from './trace.js';

/** How the emulator serves one field with the Lambda. */
export interface FieldOptions {
  /**
   * The resolver's `maxBatchSize` (0–2000): above 0 the field is invoked as a BatchInvoke of up
   * to that many contexts; 0 or absent, one Invoke per field. Default: the app route's value.
   */
  maxBatchSize?: number | undefined;
}

/** An app from `createResolver()`, or anything with the same `handler()` and `routes()`. */
export interface HandlerApp {
  handler(): (event: never, context: never) => unknown;
  routes?(): readonly { typeName: string; fieldName: string; maxBatchSize?: number | undefined }[];
}

/** Options of {@link createEmulator}. */
export interface EmulatorOptions {
  /** AppSync SDL, or the path (or `file:` URL) of a `.graphql` / `.gql` file. */
  schema: SchemaSource;
  /**
   * What AppSync calls: an app from `createResolver()` (its `routes()` say which fields it serves,
   * and their `maxBatchSize`), or any Lambda handler function (then `fields` must list them).
   */
  handler: HandlerApp | LambdaHandler;
  /**
   * The fields the Lambda serves, as `Type.field`, with their `maxBatchSize`; adds to, or
   * overrides, what an app's `routes()` say. Every other field resolves from its parent object by
   * name, as a field without a resolver does in AppSync.
   */
  fields?: Readonly<Record<string, FieldOptions>> | undefined;
  /** How requests are authorized. Default: API key only, any non-empty key. */
  auth?: AuthOptions | undefined;
}

/** One GraphQL request, as AppSync's `POST /graphql` takes it. */
export interface ExecuteRequest {
  query: string;
  variables?: Record<string, unknown> | null | undefined;
  operationName?: string | null | undefined;
  /** The HTTP headers; names are case-insensitive, repeated values may be arrays. */
  headers?: Readonly<Record<string, string | readonly string[] | undefined>> | undefined;
  /** Picks the auth mode instead of reading it from the headers (IAM needs no signature then). */
  authMode?: AuthMode | undefined;
  /**
   * Adds the request's Lambda calls to the response's `extensions.appsyncDirect`. Also asked for
   * by the header `x-appsync-direct-trace: 1`.
   */
  trace?: boolean | undefined;
  /** The client's address, for identities' `sourceIp`. Default: `x-forwarded-for`, else 127.0.0.1. */
  sourceIp?: string | undefined;
}

/** AppSync's response body. */
export interface AppSyncResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLResponseError[];
  extensions?: Record<string, unknown>;
}

/** What AppSync would answer to a request, with the emulator's trace of it. */
export interface ExecuteResult {
  /** The HTTP status: 200 (with `errors` for execution errors), 400 or 401. */
  status: number;
  /** The HTTP response headers AppSync sets (`content-type`, `x-amzn-requestid`, …). */
  headers: Record<string, string>;
  body: AppSyncResponseBody;
  /** The Lambda calls the request made, in the order they started. */
  invocations: Invocation[];
  /** The executed operation's name; `null` when anonymous or when none ran. */
  operationName: string | null;
  /** The request's duration, in milliseconds. */
  durationMs: number;
}

/** A field the Lambda serves. */
export interface EmulatedField {
  /** `Type.field`. */
  field: string;
  /** 0 for Invoke, else the largest BatchInvoke. */
  maxBatchSize: number;
}

/** A local AppSync API backed by a Lambda handler; see {@link createEmulator}. */
export interface Emulator {
  /** The executable schema: the SDL with AppSync's scalars and directives. */
  readonly schema: GraphQLSchema;
  /** The fields the Lambda serves, in the order they were declared. */
  readonly fields: readonly EmulatedField[];
  /** Every Lambda call so far, oldest first (the most recent 10 000). */
  readonly invocations: readonly Invocation[];
  /**
   * Runs one request as AppSync would; never rejects for the handler's faults. A handler that
   * never settles holds its request: there is no 30-second limit.
   */
  execute(request: ExecuteRequest): Promise<ExecuteResult>;
}

const MAX_BATCH_SIZE = 2000;
const KEPT_INVOCATIONS = 10_000;
const TRACE_HEADER = 'x-appsync-direct-trace';

interface Route {
  key: string;
  maxBatchSize: number;
}

function isApp(handler: unknown): handler is HandlerApp {
  return (
    typeof handler === 'object' &&
    handler !== null &&
    typeof (handler as HandlerApp).handler === 'function'
  );
}

function checkBatchSize(value: unknown, key: string): number {
  if (value === undefined) return 0;
  if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_BATCH_SIZE) {
    return value as number;
  }
  throw new TypeError(
    `createEmulator: ${key}: maxBatchSize must be an integer from 0 to ${MAX_BATCH_SIZE} (AppSync's range); received ${String(value)}.`,
  );
}

function routesOf(
  schema: GraphQLSchema,
  handler: HandlerApp | LambdaHandler,
  fields: Readonly<Record<string, FieldOptions>> | undefined,
): Map<string, Route> {
  const routes = new Map<string, Route>();
  if (isApp(handler) && typeof handler.routes === 'function') {
    for (const route of handler.routes()) {
      const key = `${route.typeName}.${route.fieldName}`;
      routes.set(key, { key, maxBatchSize: checkBatchSize(route.maxBatchSize, key) });
    }
  }
  if (fields !== undefined && (typeof fields !== 'object' || fields === null)) {
    throw new TypeError(
      "createEmulator: fields must be an object such as { 'Post.author': { maxBatchSize: 100 } }.",
    );
  }
  for (const [key, options] of Object.entries(fields ?? {})) {
    const maxBatchSize = options?.maxBatchSize ?? routes.get(key)?.maxBatchSize;
    routes.set(key, { key, maxBatchSize: checkBatchSize(maxBatchSize, key) });
  }
  if (routes.size === 0) {
    throw new TypeError(
      isApp(handler)
        ? 'createEmulator: the app serves no field; register resolvers, or list the fields it serves in fields.'
        : "createEmulator: a handler function needs fields, the Type.field keys it serves, such as { 'Query.getPost': {} }.",
    );
  }
  const unknown = [...routes.keys()].filter((key) => {
    const ref = parseFieldKey(key);
    const type = ref === undefined ? undefined : schema.getType(ref.typeName);
    return (
      !isObjectType(type) ||
      type.getFields()[(ref as { fieldName: string }).fieldName] === undefined
    );
  });
  if (unknown.length > 0) {
    throw new TypeError(
      `createEmulator: the schema defines no field ${unknown.join(', ')}; the handler's routes and fields must name fields of the schema as Type.field.`,
    );
  }
  return routes;
}

function handlerOf(handler: HandlerApp | LambdaHandler): LambdaHandler {
  if (typeof handler === 'function') return handler;
  if (isApp(handler)) return handler.handler() as LambdaHandler;
  throw new TypeError(
    `createEmulator: handler must be an app from createResolver() or a Lambda handler function; received ${handler === null ? 'null' : typeof handler}.`,
  );
}

/** Lower-cased headers, repeated values joined as HTTP does. */
function normaliseHeaders(headers: ExecuteRequest['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

interface RequestState {
  auth: RequestAuth;
  /** The headers resolvers see: lower-cased, without `cookie`. */
  headers: Record<string, string>;
  start: number;
  invocations: Invocation[];
  selections: WeakMap<object, SelectionInfo>;
  pending: Map<string, { route: Route; items: PendingItem[] }>;
}

interface PendingItem {
  event: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

function settle(outcome: Outcome): unknown {
  if ('error' in outcome) throw outcome.error;
  return outcome.data;
}

function requestError(status: 400 | 401, requestId: string, message: string) {
  const errorType = status === 400 ? 'MalformedHttpRequestException' : 'UnauthorizedException';
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=UTF-8',
      'x-amzn-requestid': requestId,
      'x-amzn-errortype': errorType,
    },
    body: { errors: [status === 400 ? { message, errorType } : { errorType, message }] },
  };
}

/**
 * A local AppSync API: executes GraphQL operations with graphql-js against an AppSync schema and
 * calls the handler for each field it serves exactly as AppSync calls a Direct Lambda resolver —
 * the context of PROTOCOL.md §2, Invoke or BatchInvoke by `maxBatchSize`, a JSON boundary with
 * Lambda's 6 MB limits, and responses read with AppSync's rules (§3, §4).
 *
 * Auth is emulated, not enforced: JWTs are decoded without verifying them. Local use only.
 *
 * @example
 * const emulator = createEmulator({ schema: 'schema.graphql', handler: app });
 * const { body } = await emulator.execute({
 *   query: '{ getPost(id: "1") { title author { name } } }',
 *   headers: { 'x-api-key': 'local' },
 * });
 */
export function createEmulator(options: EmulatorOptions): Emulator {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      'createEmulator() expects options such as { schema, handler, fields?, auth? }.',
    );
  }
  const schema = buildAppSyncSchema(options.schema);
  const handler = handlerOf(options.handler);
  const routes = routesOf(schema, options.handler, options.fields);
  const auth: AuthConfig = authConfig(options.auth);
  const directives = new DirectiveAuth(auth.defaultMode);
  const log: Invocation[] = [];

  const call = async (state: RequestState, route: Route, events: unknown[], batch: boolean) => {
    const started = performance.now();
    // Recorded when the call starts, so the trace lists calls in the order they began.
    const invocation: Invocation = {
      field: route.key,
      kind: batch ? 'BatchInvoke' : 'Invoke',
      size: events.length,
      startMs: round(started - state.start),
      durationMs: 0,
      errorCount: 0,
    };
    state.invocations.push(invocation);
    log.push(invocation);
    if (log.length > KEPT_INVOCATIONS) log.splice(0, log.length - KEPT_INVOCATIONS);
    const { outcomes, warnings } = await callLambda(handler, events, batch);
    invocation.durationMs = round(performance.now() - started);
    invocation.errorCount = outcomes.filter((outcome) => 'error' in outcome).length;
    if (warnings.length > 0) invocation.warnings = warnings;
    return outcomes;
  };

  // Contexts of one batched field are collected until the current step of execution is over
  // (graphql-js resolves every sibling and list item whose parent is ready in the same turn of
  // the event loop), then sent in chunks of at most maxBatchSize, all at once.
  const flush = (state: RequestState, key: string): void => {
    const group = state.pending.get(key) as { route: Route; items: PendingItem[] };
    state.pending.delete(key);
    const { route, items } = group;
    for (let i = 0; i < items.length; i += route.maxBatchSize) {
      const chunk = items.slice(i, i + route.maxBatchSize);
      void call(
        state,
        route,
        chunk.map((item) => item.event),
        true,
      ).then(
        (outcomes) => {
          chunk.forEach((item, index) => {
            const outcome = outcomes[index] as Outcome;
            if ('error' in outcome) item.reject(outcome.error);
            else item.resolve(outcome.data);
          });
        },
        // callLambda never rejects; should that ever change, no item may be left waiting.
        (error: unknown) => {
          for (const item of chunk) item.reject(thrownToError(error));
        },
      );
    }
  };

  const enqueue = (state: RequestState, route: Route, event: unknown): Promise<unknown> =>
    new Promise((resolve, reject) => {
      let group = state.pending.get(route.key);
      if (group === undefined) {
        group = { route, items: [] };
        state.pending.set(route.key, group);
        setImmediate(() => flush(state, route.key));
      }
      group.items.push({ event, resolve, reject });
    });

  const eventFor = (
    state: RequestState,
    source: unknown,
    args: Record<string, unknown>,
    info: GraphQLResolveInfo,
  ) => {
    let selection = state.selections.get(info.fieldNodes);
    if (selection === undefined) {
      selection = selectionInfo(info);
      state.selections.set(info.fieldNodes, selection);
    }
    return {
      arguments: args,
      identity: state.auth.identity,
      source: source ?? null,
      request: { headers: state.headers, domainName: null },
      prev: null,
      info: {
        fieldName: info.fieldName,
        parentTypeName: info.parentType.name,
        variables: info.variableValues,
        selectionSetList: selection.selectionSetList,
        selectionSetGraphQL: selection.selectionSetGraphQL,
      },
      stash: {},
    };
  };

  const fieldResolver: GraphQLFieldResolver<unknown, RequestState> = (
    source,
    args,
    state,
    info,
  ) => {
    const field = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown>;
    const denial = directives.check(info.parentType, field, state.auth);
    if (denial !== undefined) throw new FieldError('Unauthorized', denial);
    const route = routes.get(`${info.parentType.name}.${info.fieldName}`);
    if (route === undefined) return defaultFieldResolver(source, args, state, info);
    const event = eventFor(state, source, args, info);
    if (route.maxBatchSize > 0) return enqueue(state, route, event);
    return call(state, route, [event], false).then((outcomes) => settle(outcomes[0] as Outcome));
  };

  const run = async (request: ExecuteRequest, requestId: string, start: number) => {
    if (typeof request !== 'object' || request === null) {
      return requestError(400, requestId, 'Request body is empty.');
    }
    const { query } = request;
    if (typeof query !== 'string' || query.trim() === '') {
      return requestError(400, requestId, 'Unable to parse GraphQL query.');
    }
    const variables = request.variables ?? {};
    if (typeof variables !== 'object' || Array.isArray(variables)) {
      return requestError(
        400,
        requestId,
        'Unable to parse GraphQL query: variables must be a JSON object.',
      );
    }
    const operationName = request.operationName ?? undefined;
    const headers = normaliseHeaders(request.headers);
    const resolverHeaders = { ...headers };
    delete resolverHeaders.cookie;
    const sourceIp =
      request.sourceIp ?? headers['x-forwarded-for']?.split(',')[0]?.trim() ?? '127.0.0.1';
    const requestAuth = await authenticate(auth, {
      headers: resolverHeaders,
      query,
      operationName,
      variables,
      requestId,
      sourceIp,
      authMode: request.authMode,
    });
    if ('failure' in requestAuth) return requestError(401, requestId, requestAuth.failure);

    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      // AppSync's message, then graphql-js's detail: the one liberty taken with the wording.
      return requestError(
        400,
        requestId,
        `Unable to parse GraphQL query. ${isStackOverflow(error) ? TOO_DEEP : (error as Error).message}`,
      );
    }
    const ok = (body: AppSyncResponseBody, name: string | null = null) => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8', 'x-amzn-requestid': requestId },
      body,
      name,
    });
    let invalid: readonly GraphQLError[];
    try {
      invalid = validate(schema, document);
    } catch (error) {
      if (isStackOverflow(error)) return requestError(400, requestId, TOO_DEEP);
      throw error;
    }
    if (invalid.length > 0) {
      return ok({
        data: null,
        errors: invalid.map((error) => ({
          path: null,
          locations: locationsOf(error),
          message: `Validation error: ${error.message}`,
        })),
      });
    }
    const operation = getOperationAST(document, operationName);
    if (operation === null || operation === undefined) {
      return requestError(
        400,
        requestId,
        operationName === undefined
          ? 'Must provide operation name if query contains multiple operations.'
          : `Unknown operation named "${operationName}".`,
      );
    }
    const name = operation.name?.value ?? null;
    if (operation.operation === 'subscription') {
      return ok(
        {
          data: null,
          errors: [
            {
              path: null,
              errorType: 'UnsupportedOperation',
              locations: locationsOf(new GraphQLError('', { nodes: operation })),
              message:
                'Subscriptions are not supported by the local AppSync emulator: AppSync serves them over its real-time WebSocket endpoint. Run queries and mutations here.',
            },
          ],
        },
        name,
      );
    }
    const state: RequestState = {
      auth: requestAuth,
      headers: resolverHeaders,
      start,
      invocations: [],
      selections: new WeakMap(),
      pending: new Map(),
    };
    let result: Awaited<ReturnType<typeof execute>>;
    try {
      result = await execute({
        schema,
        document,
        variableValues: variables,
        operationName,
        contextValue: state,
        fieldResolver,
      });
    } catch (error) {
      if (isStackOverflow(error)) return requestError(400, requestId, TOO_DEEP);
      throw error;
    }
    const body: AppSyncResponseBody = { data: (result.data as Record<string, unknown>) ?? null };
    if (result.errors !== undefined && result.errors.length > 0) {
      body.errors =
        result.data === undefined
          ? // Variables that do not coerce stop the request before execution.
            result.errors.map((error) => ({
              path: null,
              locations: null,
              message: clientMessage(error),
            }))
          : result.errors.map((error) => toAppSyncError(error, schema));
    }
    const trace = request.trace === true || ['1', 'true'].includes(headers[TRACE_HEADER] ?? '');
    if (trace) {
      body.extensions = {
        appsyncDirect: {
          invocations: state.invocations,
          summary: summarize(state.invocations, { durationMs: performance.now() - start }),
        },
      };
    }
    return { ...ok(body, name), invocations: state.invocations };
  };

  return {
    schema,
    fields: [...routes.values()].map(({ key, maxBatchSize }) => ({ field: key, maxBatchSize })),
    get invocations() {
      return log;
    },
    async execute(request) {
      const start = performance.now();
      const requestId = randomUUID();
      const outcome = await run(request, requestId, start);
      const invocations = 'invocations' in outcome ? outcome.invocations : [];
      return {
        status: outcome.status,
        headers: outcome.headers,
        // The body crosses HTTP as JSON: plain objects, nothing JSON cannot carry.
        body: JSON.parse(JSON.stringify(outcome.body)) as AppSyncResponseBody,
        invocations: [...invocations],
        operationName: 'name' in outcome ? outcome.name : null,
        durationMs: round(performance.now() - start),
      };
    },
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
