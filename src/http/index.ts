/**
 * `appsync-direct/http`: the app that `app.handler()` exports for AppSync, served as GraphQL over
 * HTTP from one Lambda function behind API Gateway (REST APIs, HTTP APIs), a function URL or an
 * Application Load Balancer, or from any fetch-based server. It runs on the engine of the local
 * AppSync (schema, contexts, batching, auth directives, errors), with the app called in process.
 * It needs `graphql` (16 or 17) installed; the runtime entry `appsync-direct` stays free of it.
 */
import type { AppSyncIdentity, LambdaContext } from '../event.js';
import { LAMBDA_RESPONSE_LIMIT } from '../response-size.js';
import { type HttpRequest, type HttpResponse, readHttpEvent, toLambdaResult } from './events.js';
import type { SizedRequest } from './graphql-over-http.js';
import { identityFromEvent } from './identity.js';
import { answer, createServer, type GraphQLServerOptions } from './server.js';

export type { AuthMode } from '../engine/directives.js';
export { HttpEventError, type HttpPayload, type HttpRequest, type HttpResponse } from './events.js';
export { PREFLIGHT_HEADERS } from './graphql-over-http.js';
export { groupsFromClaim, identityFromEvent } from './identity.js';
export type { CorsOptions, GraphQLApp, GraphQLServerOptions } from './server.js';

/** Options of {@link createGraphQLHandler} and {@link createGraphQLStreamHandler}. */
export interface GraphQLHandlerOptions extends GraphQLServerOptions {
  /**
   * The caller's identity, in AppSync's shapes, instead of the one read from the event's
   * authorizer (`identityFromEvent`): Cognito and JWT authorizers, Lambda authorizers and IAM.
   */
  identity?:
    | ((event: unknown, request: HttpRequest) => AppSyncIdentity | Promise<AppSyncIdentity>)
    | undefined;
}

/** A Lambda handler for API Gateway, function URL and ALB events. */
export type GraphQLHandler = (event: unknown, context?: LambdaContext) => Promise<unknown>;

/**
 * A Lambda handler that answers GraphQL over HTTP for API Gateway REST APIs (payload 1.0), HTTP
 * APIs (2.0, or 1.0), function URLs and ALB target groups, telling the four events apart by their
 * documented shapes. An event of none of them is rejected with an `HttpEventError`.
 *
 * @example
 * import { createGraphQLHandler } from 'appsync-direct/http';
 * import { app } from './app.js';
 *
 * export const handler = createGraphQLHandler({ schema: 'schema.graphql', app });
 */
export function createGraphQLHandler(options: GraphQLHandlerOptions): GraphQLHandler {
  const server = createServer(options, 'createGraphQLHandler');
  const identityOf = options.identity ?? identityFromEvent;
  return async (event, context) => {
    const request = readHttpEvent(event);
    const response = await answer(server, request, () => identityOf(event, request), context);
    const result = toLambdaResult(request, response, event);
    const limit = request.payload === 'alb' ? ALB_RESPONSE_LIMIT : LAMBDA_RESPONSE_LIMIT;
    if (response.body.length * 6 + 4096 <= limit) return result;
    // The result as Lambda sends it (the body escaped inside its JSON) must fit the limit.
    const bytes = new TextEncoder().encode(JSON.stringify(result)).length;
    return bytes <= limit
      ? result
      : toLambdaResult(request, tooLarge(response, bytes, limit), event);
  };
}

/** The largest Lambda response an Application Load Balancer accepts: 1 MB. */
const ALB_RESPONSE_LIMIT = 1_048_576;

/**
 * A 500 saying why the answer cannot be sent: Lambda refuses a buffered response above 6 MB (an
 * ALB one above 1 MB), and API Gateway would then answer 502 with nothing to go on.
 */
function tooLarge(response: HttpResponse, bytes: number, limit: number): HttpResponse {
  return {
    status: 500,
    headers: {
      'content-type': response.headers['content-type'] ?? 'application/json; charset=utf-8',
    },
    cookies: [],
    body: JSON.stringify({
      errors: [
        {
          message: `The answer is ${bytes} bytes as Lambda sends it, above the ${limit} a buffered response can hold here: select less (paginate), or serve the API with createGraphQLStreamHandler behind a function URL or a REST API that streams.`,
          errorType: 'ResponseTooLargeError',
        },
      ],
    }),
  };
}

/** Options of {@link createFetchHandler}. */
export interface FetchHandlerOptions extends GraphQLServerOptions {
  /** The caller's identity, in AppSync's shapes (a verified token, a session). Default: `null`. */
  identity?: ((request: Request) => AppSyncIdentity | Promise<AppSyncIdentity>) | undefined;
}

/**
 * The same API as a fetch handler, `(request: Request) => Promise<Response>`, for any server
 * built on the fetch API (Node's `http` with a few lines, Bun, Deno), and for test suites that
 * speak fetch.
 *
 * @example
 * const graphql = createFetchHandler({ schema: 'schema.graphql', app });
 * Bun.serve({ fetch: graphql });
 */
export function createFetchHandler(
  options: FetchHandlerOptions,
): (request: Request) => Promise<Response> {
  const server = createServer(options, 'createFetchHandler');
  const { identity } = options;
  return async (fetched) => {
    let response: HttpResponse;
    try {
      const request = await fromFetch(fetched, server.rules.maxBodyBytes);
      response = await answer(
        server,
        request,
        () => (identity === undefined ? null : identity(fetched)),
        undefined,
      );
    } catch (error) {
      // An option of the server's own (identity, onRequest, cors.origins) threw: the client gets a
      // JSON 500 without its message, and the server's log the error.
      console.error('appsync-direct/http: the request failed', error);
      response = {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8' },
        cookies: [],
        body: JSON.stringify({
          errors: [{ message: 'An internal error occurred.', errorType: 'InternalError' }],
        }),
      };
    }
    const headers = new Headers(response.headers);
    for (const cookie of response.cookies) headers.append('set-cookie', cookie);
    return new Response(response.status === 204 ? null : response.body, {
      status: response.status,
      headers,
    });
  };
}

/** A body as UTF-8 text, or `undefined` once it is over `max` bytes (the rest is not read). */
async function readUpTo(
  stream: ReadableStream<Uint8Array>,
  max: number,
): Promise<string | undefined> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > max) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}

/** A fetch `Request` as an `HttpRequest`; a body is read only up to one byte over the limit. */
async function fromFetch(request: Request, maxBodyBytes: number): Promise<SizedRequest> {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  const values = new Map<string, string[]>();
  for (const [name, value] of url.searchParams) {
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  // Built from a Map: a parameter named __proto__ or constructor is a parameter like any other.
  const query = Object.fromEntries(values);
  let body: string | undefined;
  let declared = Number(headers['content-length']);
  // A body declared over the limit is not read: it is answered 413 by its declared size. One
  // of unknown length is read only up to one byte over it.
  let oversized = Number.isFinite(declared) && declared > maxBodyBytes;
  if (request.body !== null && !oversized) {
    const read = await readUpTo(request.body, maxBodyBytes);
    if (read === undefined) {
      oversized = true;
      declared = maxBodyBytes + 1;
    } else {
      body = read;
    }
  }
  const cookies = (headers.cookie ?? '')
    .split(';')
    .map((cookie) => cookie.trim())
    .filter((cookie) => cookie !== '');
  return {
    payload: 'v2',
    method: request.method.toUpperCase(),
    path: url.pathname,
    headers,
    query,
    body,
    cookies,
    sourceIp: undefined,
    requestId: undefined,
    domainName: null,
    ...(oversized ? { declaredBytes: declared } : {}),
  };
}

/** What a streaming handler writes to: the runtime's response stream (a Node.js `Writable`). */
export interface ResponseStream {
  write(chunk: string | Uint8Array): boolean;
  end(): void;
  once?(event: 'drain', listener: () => void): unknown;
}

/**
 * The part of the Lambda runtime's `awslambda` global that streaming needs: `streamifyResponse`
 * and `HttpResponseStream.from` (the Node.js managed runtimes define it).
 */
export interface StreamingRuntime {
  streamifyResponse(
    handler: (event: unknown, stream: ResponseStream, context?: LambdaContext) => Promise<void>,
  ): unknown;
  HttpResponseStream: {
    from(
      stream: ResponseStream,
      metadata: { statusCode: number; headers: Record<string, string>; cookies?: string[] },
    ): ResponseStream;
  };
}

/** How much of the body is written at a time, so a large answer never waits as one chunk. */
const STREAM_CHUNK = 64 * 1024;

/**
 * The same API as a streaming handler (`awslambda.streamifyResponse`), for function URLs with
 * `InvokeMode: RESPONSE_STREAM` and REST APIs with `responseTransferMode: STREAM`: the answer is
 * written in chunks as it is sent, so it may exceed the 6 MB of a buffered response (up to the
 * 200 MB Lambda streams). HTTP APIs and ALB do not stream: they need `createGraphQLHandler`.
 *
 * @example
 * export const handler = createGraphQLStreamHandler({ schema: 'schema.graphql', app });
 */
export function createGraphQLStreamHandler(
  options: GraphQLHandlerOptions & {
    /** The runtime's `awslambda` global; given for tests, read from `globalThis` otherwise. */
    runtime?: StreamingRuntime | undefined;
  },
): unknown {
  const runtime =
    options.runtime ?? (globalThis as { awslambda?: StreamingRuntime }).awslambda ?? undefined;
  if (
    runtime === undefined ||
    typeof runtime.streamifyResponse !== 'function' ||
    typeof runtime.HttpResponseStream?.from !== 'function'
  ) {
    throw new TypeError(
      'createGraphQLStreamHandler: the Lambda runtime global awslambda (streamifyResponse, HttpResponseStream) is missing: response streaming needs a Node.js managed runtime of Lambda. Elsewhere, use createGraphQLHandler or createFetchHandler.',
    );
  }
  const server = createServer(options, 'createGraphQLStreamHandler');
  const identityOf = options.identity ?? identityFromEvent;
  return runtime.streamifyResponse(async (event, stream, context) => {
    const request = readHttpEvent(event);
    const response = await answer(server, request, () => identityOf(event, request), context);
    const body = runtime.HttpResponseStream.from(stream, {
      statusCode: response.status,
      headers: response.headers,
      ...(response.cookies.length > 0 ? { cookies: response.cookies } : {}),
    });
    // Bytes, not string slices: a slice could split a surrogate pair.
    const bytes = new TextEncoder().encode(response.body);
    for (let at = 0; at < bytes.length; at += STREAM_CHUNK) {
      if (!body.write(bytes.subarray(at, at + STREAM_CHUNK)) && body.once !== undefined) {
        await new Promise<void>((resolve) => body.once?.('drain', resolve));
      }
    }
    body.end();
  });
}
