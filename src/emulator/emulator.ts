import { randomUUID } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { compileAppSyncJs } from '../engine/appsync-js/module.js';
import { compileFronts } from '../engine/code/compile.js';
import type { FieldCodeDeclaration } from '../engine/code/declaration.js';
import type { HandlerRun } from '../engine/code/run.js';
import { checkSettings, createEngine, type Prepared, routeTable } from '../engine/engine.js';
import { type GraphQLResponseError, locationsOf } from '../engine/errors.js';
import { buildAppSyncSchema, type SchemaSource } from '../engine/schema.js';
import { type Invocation, round, summarize } from '../engine/trace.js';
import { compileVtl } from '../engine/vtl/index.js';
import {
  type AuthConfig,
  type AuthMode,
  type AuthOptions,
  authConfig,
  authenticate,
  SIGV4,
} from './auth.js';
import { callLambda, type LambdaHandler } from './lambda.js';

/**
 * How the emulator serves one field with the Lambda: Direct Lambda, or with resolver code in front
 * of it (`code`, `requestTemplate`/`responseTemplate`, or `pipeline`; declared here, it replaces
 * what the app's route declares).
 */
export interface FieldOptions extends FieldCodeDeclaration {
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
  /**
   * The folder that relative paths of resolver code (`code`, templates, pipelines) resolve from.
   * Default: the schema file's folder, or the working directory when `schema` is SDL text.
   */
  codeBaseDir?: string | undefined;
  /** Whether `__schema` and `__type` may be queried, as AppSync's API setting. Default true. */
  introspection?: boolean | undefined;
  /** AppSync's query depth limit, 1–75: deeper fields resolve to `null` with an error. */
  queryDepthLimit?: number | undefined;
  /** AppSync's resolver count limit, 1–10,000: resolver calls past it fail their field. */
  resolverCountLimit?: number | undefined;
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
  /**
   * The request as it came over HTTP. A SigV4 signature is computed over the method, the path and
   * the body exactly as sent, so an emulator with `auth.iamCredentials` refuses a signed request
   * without it (HTTP 403); `authMode: 'iam'` needs none.
   */
  http?: HttpRequest | undefined;
}

/** The raw parts of an HTTP request that a SigV4 signature covers, besides the headers. */
export interface HttpRequest {
  /** `POST`. */
  method: string;
  /** The path as sent, with its query string: `/graphql`. */
  path: string;
  /** The body exactly as sent. */
  body: string | Uint8Array;
}

/** AppSync's response body. */
export interface AppSyncResponseBody {
  data?: Record<string, unknown> | null;
  errors?: GraphQLResponseError[];
  extensions?: Record<string, unknown>;
}

/** What AppSync would answer to a request, with the emulator's trace of it. */
export interface ExecuteResult {
  /** The HTTP status: 200 (with `errors` for execution errors), 400, 401 or 403. */
  status: number;
  /** The HTTP response headers AppSync sets (`content-type`, `x-amzn-requestid`, `date`, …). */
  headers: Record<string, string>;
  body: AppSyncResponseBody;
  /** The Lambda calls the request made, in the order they started. */
  invocations: Invocation[];
  /** The runs of resolver code's request and response handlers, in the order they ran. */
  handlers: HandlerRun[];
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
  /** What runs in front of the Lambda: absent for Direct Lambda. */
  front?: 'APPSYNC_JS' | 'VTL' | 'PIPELINE';
}

/** A local AppSync API backed by a Lambda handler; see {@link createEmulator}. */
export interface Emulator {
  /** The executable schema: the SDL with AppSync's scalars and directives. */
  readonly schema: GraphQLSchema;
  /** The fields the Lambda serves, in the order they were declared. */
  readonly fields: readonly EmulatedField[];
  /** The files of resolver code the fields declare, as absolute paths (for a watcher). */
  readonly codeFiles: readonly string[];
  /** Every Lambda call so far, oldest first (the most recent 10 000). */
  readonly invocations: readonly Invocation[];
  /**
   * Runs one request as AppSync would; never rejects for the handler's faults. A handler that
   * never settles holds its request: there is no 30-second limit.
   */
  execute(request: ExecuteRequest): Promise<ExecuteResult>;
}

const KEPT_INVOCATIONS = 10_000;
const TRACE_HEADER = 'x-appsync-direct-trace';

function isApp(handler: unknown): handler is HandlerApp {
  return (
    typeof handler === 'object' &&
    handler !== null &&
    typeof (handler as HandlerApp).handler === 'function'
  );
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

const STATUS_ERROR_TYPES = {
  400: 'MalformedHttpRequestException',
  401: 'UnauthorizedException',
  403: 'InvalidSignatureException',
} as const;

function requestError(
  status: 400 | 401 | 403,
  requestId: string,
  message: string,
  errorType: string = STATUS_ERROR_TYPES[status],
) {
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
 * Auth is emulated: API keys are checked against `auth.apiKeys`, SigV4 signatures verified when
 * `auth.iamCredentials` lists the keys, but JWTs are decoded without verifying them. Local use
 * only.
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
  const routes = routeTable(schema, {
    routes:
      isApp(options.handler) && typeof options.handler.routes === 'function'
        ? options.handler.routes()
        : undefined,
    fields: options.fields,
    who: 'createEmulator',
    none: isApp(options.handler)
      ? 'the app serves no field; register resolvers, or list the fields it serves in fields.'
      : "a handler function needs fields, the Type.field keys it serves, such as { 'Query.getPost': {} }.",
  });
  const auth: AuthConfig = authConfig(options.auth);
  const settings = checkSettings(options, 'createEmulator');
  const codeFiles = new Set<string>();
  const fronts = compileFronts(routes.values(), {
    baseDir: codeBaseDir(options),
    files: codeFiles,
    compilers: { js: compileAppSyncJs, vtl: compileVtl },
    who: 'createEmulator',
  });
  const engine = createEngine({
    schema,
    routes,
    defaultAuthMode: auth.defaultMode,
    settings,
    fronts,
  });
  const log: Invocation[] = [];
  const keep = (invocation: Invocation): void => {
    log.push(invocation);
    if (log.length > KEPT_INVOCATIONS) log.splice(0, log.length - KEPT_INVOCATIONS);
  };
  // The Lambda boundary: JSON both ways, Lambda's 6 MB limits and error types.
  const caller = (_route: unknown, events: unknown[], batch: boolean, raw?: boolean) =>
    callLambda(handler, events, batch, raw);

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
    const { http } = request;
    if (http !== undefined && !isHttpRequest(http)) {
      return requestError(
        400,
        requestId,
        'execute: http must be { method, path, body }: two strings and the body as a string or bytes.',
      );
    }
    const operationName = request.operationName ?? undefined;
    const headers = normaliseHeaders(request.headers);
    // A signature covers http.body: what runs must be what was signed. Only a request that will be
    // verified pays for reading the body a second time.
    if (
      http !== undefined &&
      auth.iamKeys !== undefined &&
      SIGV4.test(headers.authorization ?? '') &&
      !carries(http.body, { query, variables, operationName })
    ) {
      return requestError(
        400,
        requestId,
        'execute: query, variables and operationName must be those of http.body, the request as sent (and signed); they differ.',
      );
    }
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
      http: http === undefined ? undefined : { ...http, headers },
    });
    if ('failure' in requestAuth) {
      const { status = 401, errorType, failure } = requestAuth;
      return requestError(status, requestId, failure, errorType);
    }

    const ok = (body: AppSyncResponseBody, name: string | null = null) => ({
      status: 200,
      headers: { 'content-type': 'application/json; charset=UTF-8', 'x-amzn-requestid': requestId },
      body,
      name,
    });
    const prepared = engine.prepare(query, operationName);
    if ('stage' in prepared) {
      switch (prepared.stage) {
        case 'parse':
          // AppSync's message, then graphql-js's detail: the one liberty taken with the wording.
          return requestError(400, requestId, `Unable to parse GraphQL query. ${prepared.message}`);
        case 'validate':
          return ok({ data: null, errors: prepared.errors });
        case 'operation':
          return requestError(400, requestId, prepared.message);
      }
    }
    const { name } = prepared as Prepared;
    if ((prepared as Prepared).operation.operation === 'subscription') {
      return ok(
        {
          data: null,
          errors: [
            {
              path: null,
              errorType: 'UnsupportedOperation',
              locations: locationsOf(
                new GraphQLError('', { nodes: (prepared as Prepared).operation }),
              ),
              message:
                'Subscriptions are not supported by the local AppSync emulator: AppSync serves them over its real-time WebSocket endpoint. Run queries and mutations here.',
            },
          ],
        },
        name,
      );
    }
    const result = await engine.run(prepared as Prepared, {
      variables: variables as Record<string, unknown>,
      auth: requestAuth,
      headers: resolverHeaders,
      caller,
      onInvocation: keep,
    });
    if (result.refused !== undefined) return requestError(400, requestId, result.refused);
    const body: AppSyncResponseBody = { data: result.data };
    if (result.errors !== undefined) body.errors = result.errors;
    const trace = request.trace === true || ['1', 'true'].includes(headers[TRACE_HEADER] ?? '');
    if (trace) {
      body.extensions = {
        appsyncDirect: {
          invocations: result.invocations,
          ...(result.handlers.length === 0 ? {} : { handlers: result.handlers }),
          summary: summarize(result.invocations, { durationMs: performance.now() - start }),
        },
      };
    }
    return { ...ok(body, name), invocations: result.invocations, handlers: result.handlers };
  };

  return {
    schema,
    codeFiles: [...codeFiles],
    fields: [...routes.values()].map(({ key, maxBatchSize }) => {
      const front = fronts.get(key);
      if (front === undefined) return { field: key, maxBatchSize };
      return {
        field: key,
        maxBatchSize,
        front: front.kind === 'pipeline' ? ('PIPELINE' as const) : front.handlers.language,
      };
    }),
    get invocations() {
      return log;
    },
    async execute(request) {
      const start = performance.now();
      const requestId = randomUUID();
      const outcome = await run(request, requestId, start);
      const invocations = 'invocations' in outcome ? outcome.invocations : [];
      const handlers = 'handlers' in outcome ? outcome.handlers : [];
      return {
        status: outcome.status,
        // Every AWS answer carries the date; a client corrects its clock from it.
        headers: { ...outcome.headers, date: new Date(auth.clock()).toUTCString() },
        // The body crosses HTTP as JSON: plain objects, nothing JSON cannot carry.
        body: JSON.parse(JSON.stringify(outcome.body)) as AppSyncResponseBody,
        invocations: [...invocations],
        handlers: [...handlers],
        operationName: 'name' in outcome ? outcome.name : null,
        durationMs: round(performance.now() - start),
      };
    },
  };
}

/** The folder relative code paths resolve from: `codeBaseDir`, the schema's folder, or the cwd. */
function codeBaseDir(options: EmulatorOptions): string {
  if (options.codeBaseDir !== undefined) {
    if (typeof options.codeBaseDir !== 'string' || options.codeBaseDir === '') {
      throw new TypeError(
        `createEmulator: codeBaseDir must be a folder path; received ${typeof options.codeBaseDir}.`,
      );
    }
    return resolve(options.codeBaseDir);
  }
  const { schema } = options;
  if (schema instanceof URL) return dirname(fileURLToPath(schema));
  const trimmed = typeof schema === 'string' ? schema.trim() : '';
  if (!trimmed.includes('\n') && /\.(graphql|graphqls|gql)$/i.test(trimmed)) {
    return dirname(resolve(trimmed));
  }
  return process.cwd();
}

function isHttpRequest(value: unknown): value is HttpRequest {
  if (typeof value !== 'object' || value === null) return false;
  const { method, path, body } = value as Record<string, unknown>;
  return (
    typeof method === 'string' &&
    typeof path === 'string' &&
    (typeof body === 'string' || body instanceof Uint8Array)
  );
}

/** Whether a raw JSON body holds this query, these variables and this operation name. */
function carries(
  body: string | Uint8Array,
  request: { query: string; variables: object; operationName: string | undefined },
): boolean {
  try {
    const sent = JSON.parse(typeof body === 'string' ? body : Buffer.from(body).toString('utf8'));
    return (
      sent?.query === request.query &&
      (sent.operationName ?? undefined) === request.operationName &&
      JSON.stringify(sent.variables ?? {}) === JSON.stringify(request.variables)
    );
  } catch {
    return false;
  }
}
