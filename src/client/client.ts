import {
  type ClientAuth,
  checkAuth,
  credentialsSource,
  describe,
  endpointOf,
  regionOf,
} from './config.js';
import { type AppSyncGraphQLError, AppSyncRequestError } from './errors.js';
import { operationKind } from './operation.js';
import { signQueryless } from './sigv4.js';
import type { TypedDocument, Variables } from './types.js';

/** When and how often a request is sent again. */
export interface RetryOptions {
  /** Retries after the first request, 0–10. Default 2. */
  retries?: number | undefined;
  /** The first backoff's ceiling, doubled each retry (full jitter). Default 100 ms. */
  baseDelayMs?: number | undefined;
  /** The largest backoff, and the most a `Retry-After` header is waited. Default 2000 ms. */
  maxDelayMs?: number | undefined;
  /**
   * Retry mutations too. Default false: a mutation whose answer was lost may have run, and
   * running it twice is the caller's decision. (Documents whose operation cannot be told count
   * as mutations.)
   */
  mutations?: boolean | undefined;
}

/** Where the client reports failed requests: Powertools' `Logger` fits, as does `console`. */
export interface ClientLogger {
  warn(message: string, attributes: Record<string, unknown>): void;
}

/** Options of {@link createAppSyncClient}. */
export interface AppSyncClientOptions {
  /**
   * The GraphQL endpoint. Default: `APPSYNC_URL`, else the one `API_<NAME>_GRAPHQLAPIENDPOINTOUTPUT`
   * variable (Amplify's convention for a function with access to an API).
   */
  url?: string | URL | undefined;
  /** The region IAM requests are signed for. Default: the AppSync host's, else `AWS_REGION`. */
  region?: string | undefined;
  /** How requests are authorized; a call's `auth` option overrides it. */
  auth: ClientAuth;
  /** The `fetch` to send with. Default: the global one. */
  fetch?: typeof fetch | undefined;
  /** Retries on throttling, 429, 5xx and lost answers; `false` for none. */
  retry?: RetryOptions | false | undefined;
  /**
   * How long one request may take before it is abandoned (ms, up to 900,000). Default (or 0): none, as the AWS
   * SDK's: AppSync ends a request itself after 30 s, and in a resolver `ctx.signal` stops a call
   * at the Lambda's deadline. A timer per request costs about 4 % of a request's time.
   */
  timeoutMs?: number | undefined;
  /** Headers sent with every request. */
  headers?: Readonly<Record<string, string>> | undefined;
  /**
   * One line per failed request (status, error type, attempt, whether it is retried), never a
   * key, token or signature. Default: `console`; `false` for none.
   */
  logger?: ClientLogger | false | undefined;
}

/** Options of one call. */
export interface CallOptions {
  /** Stops the call: pass `ctx.signal` in a resolver, so it ends at the Lambda's deadline. */
  signal?: AbortSignal | undefined;
  /** Headers for this call, over the client's. */
  headers?: Readonly<Record<string, string>> | undefined;
  /** Which operation of the document to run. */
  operationName?: string | undefined;
  /** Authorizes this call differently from the client. */
  auth?: ClientAuth | undefined;
}

/** AppSync's answer: data and errors, as the GraphQL response carries them. */
export interface GraphQLResult<TResult> {
  /** The result; `null` (or partial, with `null` in failed fields) when there are errors. */
  data: TResult | null;
  /** The errors, each with AppSync's `errorType`, `errorInfo`, `path` and `locations`. */
  errors?: AppSyncGraphQLError[];
  extensions?: Record<string, unknown>;
  /** The HTTP status: 200, or AppSync's 4xx for a request it refused (with `errors`). */
  status: number;
  /** AppSync's `x-amzn-requestid`. */
  requestId: string | undefined;
}

/** The variables argument: required when the operation has a required variable. */
type VariablesArgs<TVariables> =
  Record<string, never> extends TVariables
    ? [variables?: TVariables | undefined, options?: CallOptions]
    : [variables: TVariables, options?: CallOptions];

/** A client of one AppSync API; see {@link createAppSyncClient}. */
export interface AppSyncClient {
  /** The endpoint requests go to. */
  readonly url: string;
  /**
   * Runs an operation and returns AppSync's `{ data, errors }`: GraphQL errors, and requests
   * AppSync refuses (401, 400), are returned, not thrown. Throws {@link AppSyncRequestError} only
   * when there is no GraphQL answer: no response, a timeout, an abort, or a body that is not one.
   */
  graphql<TResult = Record<string, unknown>, TVariables extends Variables = Variables>(
    document: TypedDocument<TResult, TVariables> | string,
    ...args: VariablesArgs<NoInfer<TVariables>>
  ): Promise<GraphQLResult<TResult>>;
  /** Runs an operation and returns its `data`; any error throws {@link AppSyncRequestError}. */
  request<TResult = Record<string, unknown>, TVariables extends Variables = Variables>(
    document: TypedDocument<TResult, TVariables> | string,
    ...args: VariablesArgs<NoInfer<TVariables>>
  ): Promise<TResult>;
}

const RETRIED_STATUS = (status: number) => status === 429 || status >= 500;
const THROTTLED = /throttl|toomany|limitexceeded/i;
const SKEWED = /signature (expired|not yet current)/i;

const consoleLogger: ClientLogger = {
  warn: (message, attributes) => console.warn(message, JSON.stringify(attributes)),
};

/**
 * A client for an AppSync GraphQL API: API key, IAM (SigV4, signed here), Cognito, OIDC or Lambda
 * tokens, over `fetch`, with no dependency. Typed documents from `appsync-direct codegen
 * --documents` type the variables and the result.
 *
 * @example
 * const client = createAppSyncClient({ auth: { type: 'iam' } }); // the endpoint from APPSYNC_URL
 * app.resolver('Mutation.publish', async (ctx) =>
 *   client.request(Notify, { id: ctx.args.id }, { signal: ctx.signal }),
 * );
 */
export function createAppSyncClient(options: AppSyncClientOptions): AppSyncClient {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createAppSyncClient() expects options such as { url, auth }.');
  }
  const env = process.env;
  const url = endpointOf(options.url, env);
  const endpoint = url.href;
  const who = 'createAppSyncClient';
  const baseAuth = checkAuth(options.auth, who);
  const given: RetryOptions = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retry = {
    retries: given.retries ?? 2,
    baseDelayMs: given.baseDelayMs ?? 100,
    maxDelayMs: given.maxDelayMs ?? 2000,
    mutations: given.mutations ?? false,
  };
  const timeoutMs = options.timeoutMs;
  for (const [name, value, max] of [
    ['retry.retries', retry.retries, 10],
    ['retry.baseDelayMs', retry.baseDelayMs, 6e4],
    ['retry.maxDelayMs', retry.maxDelayMs, 3e5],
    ['timeoutMs', timeoutMs ?? 0, 9e5],
  ] as const) {
    if (!(value >= 0 && value <= max)) {
      throw new TypeError(
        `createAppSyncClient: ${name} must be a number from 0 to ${max}; received ${value}.`,
      );
    }
  }
  const logger = options.logger === false ? undefined : (options.logger ?? consoleLogger);
  const baseHeaders = { ...options.headers };
  let region: string | undefined;
  const regionFor = () => (region ??= regionOf(url, options.region, env));

  // One signer per IAM auth object, so a provider's credentials are kept across calls.
  const signers = new WeakMap<object, ReturnType<typeof credentialsSource>>();
  const credentialsFor = (auth: Extract<ClientAuth, { type: 'iam' }>) => {
    let source = signers.get(auth);
    if (source === undefined) {
      source = credentialsSource(auth.credentials, env);
      signers.set(auth, source);
    }
    return source;
  };
  if (baseAuth.type === 'iam') {
    regionFor();
    credentialsFor(baseAuth);
  }
  // The clock's offset from AppSync's, learnt from a "Signature expired" answer.
  let skewMs = 0;

  const authHeaders = async (auth: ClientAuth, body: string): Promise<Record<string, string>> => {
    switch (auth.type) {
      case 'apiKey':
        return { 'x-api-key': auth.apiKey };
      case 'iam':
        return signQueryless({
          method: 'POST',
          url,
          body,
          credentials: await credentialsFor(auth)(),
          region: regionFor(),
          service: 'appsync',
          date: new Date(Date.now() + skewMs),
        });
      default: {
        const token = typeof auth.token === 'string' ? auth.token : await auth.token();
        if (typeof token !== 'string' || token === '') {
          throw new TypeError(
            `appsync-direct/client: the ${auth.type} token function returned ${describe(token)}.`,
          );
        }
        return { authorization: token };
      }
    }
  };

  /** One call: AppSync's answer, the operation's label and the requests sent. */
  const run = async (
    document: string,
    variables: Variables | undefined,
    call: CallOptions = {},
  ): Promise<[GraphQLResult<unknown>, string, number]> => {
    if (typeof document !== 'string' || document === '') {
      throw new TypeError(
        `appsync-direct/client: the document must be a non-empty string; received ${describe(document)}.`,
      );
    }
    const operationName = call.operationName;
    const auth = call.auth === undefined ? baseAuth : checkAuth(call.auth, 'appsync-direct/client');
    // JSON leaves out an undefined operationName.
    const body = JSON.stringify({ query: document, variables: variables ?? {}, operationName });
    const kind = operationKind(document, operationName);
    const retries = kind === 'query' || retry.mutations ? retry.retries : 0;
    const label = operationName ?? kind ?? 'operation';
    const signal = call.signal;
    let skewFixed = false;
    for (let attempt = 1; ; attempt++) {
      const fail = (
        errorType: string,
        message: string,
        extra: Partial<ConstructorParameters<typeof AppSyncRequestError>[1]> = {},
      ) =>
        new AppSyncRequestError(`${label}: ${message}`, { errorType, attempts: attempt, ...extra });
      // Before sending (at the start, or once the token came), this attempt sent nothing.
      const aborted = (sent: number) =>
        signal?.aborted &&
        fail('AbortError', 'aborted by the signal.', { cause: signal.reason, attempts: sent });
      if (aborted(attempt - 1)) throw aborted(attempt - 1);
      const credentials = await authHeaders(auth, body);
      if (aborted(attempt - 1)) throw aborted(attempt - 1);
      // Header names are case-insensitive: the last of each name wins, the credentials last.
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries({
        'content-type': 'application/json',
        ...baseHeaders,
        ...call.headers,
        ...credentials,
      })) {
        headers[name.toLowerCase()] = value;
      }
      // With a timeout, one controller that it and the caller's signal abort: cheaper than
      // AbortSignal.timeout() and AbortSignal.any(). Without, fetch gets the signal, if any.
      const controller = timeoutMs ? new AbortController() : undefined;
      const abort = () => controller?.abort();
      const timer = timeoutMs && setTimeout(abort, timeoutMs);
      if (controller) signal?.addEventListener('abort', abort);
      let response: Response;
      let text: string;
      try {
        response = await (options.fetch ?? fetch)(endpoint, {
          method: 'POST',
          headers,
          body,
          // A redirect would replay the API key or the session token to another address.
          redirect: 'error',
          signal: controller?.signal ?? signal ?? null,
        });
        text = await response.text();
      } catch (error) {
        if (aborted(attempt)) throw aborted(attempt);
        const timedOut = controller?.signal.aborted;
        const errorType = timedOut ? 'TimeoutError' : 'NetworkError';
        const message = timedOut
          ? `no answer within ${timeoutMs} ms.`
          : `the request failed: ${firstLine(messageOf(error), credentials)}.`;
        // A request sent again for the clock's sake does not count against the retries.
        const willRetry = attempt <= retries + +skewFixed;
        report(logger, label, endpoint, { attempt, errorType, message, willRetry });
        if (!willRetry) throw fail(errorType, message, { cause: error });
        await sleep(backoff(retry, attempt, undefined), signal);
        continue;
      } finally {
        clearTimeout(timer || undefined);
        signal?.removeEventListener('abort', abort);
      }
      const status = response.status;
      const requestId = response.headers.get('x-amzn-requestid') ?? undefined;
      const parsed = parseBody(text);
      const firstError = parsed?.errors?.[0];
      const errorType =
        firstError?.errorType ??
        response.headers.get('x-amzn-errortype') ??
        (status === 200 ? undefined : `HTTP ${status}`);
      if (status !== 200 || parsed === undefined) {
        // A refusal's messages may quote the request, session token included: first lines only,
        // credentials masked, wherever they go next.
        if (parsed?.errors) {
          parsed.errors = parsed.errors.map((e) => ({
            ...e,
            message: firstLine(String(e.message), credentials),
          }));
        }
        const message = firstLine(
          firstError?.message ??
            (parsed === undefined ? `no GraphQL response (${text.length} bytes)` : ''),
          credentials,
        );
        const skewed = !skewFixed && auth.type === 'iam' && SKEWED.test(firstError?.message ?? '');
        const dated = Date.parse(response.headers.get('date') ?? '');
        const throttled = RETRIED_STATUS(status) || THROTTLED.test(String(errorType));
        const willRetry = (skewed && dated > 0) || (throttled && attempt <= retries + +skewFixed);
        report(logger, label, endpoint, {
          attempt,
          status,
          errorType,
          message,
          requestId,
          willRetry,
        });
        if (willRetry) {
          if (skewed) {
            // AppSync's clock is the one that counts: sign with it from now on.
            skewMs = dated - Date.now();
            skewFixed = true;
          } else {
            await sleep(backoff(retry, attempt, response.headers.get('retry-after')), signal);
          }
          continue;
        }
        if (parsed === undefined) {
          throw fail('InvalidResponseError', `${status}, ${message}.`, {
            status,
            requestId,
          });
        }
      }
      // The body as AppSync wrote it: data (null when absent), errors, extensions.
      return [
        { ...parsed, data: parsed?.data ?? null, status, requestId } as GraphQLResult<unknown>,
        label,
        attempt,
      ];
    }
  };

  return {
    url: endpoint,
    graphql: (async (document: string, variables?: Variables, call?: CallOptions) =>
      (await run(document, variables, call))[0]) as AppSyncClient['graphql'],
    request: (async (document: string, variables?: Variables, call?: CallOptions) => {
      const [result, label, attempts] = await run(document, variables, call);
      const errors = result.errors ?? [];
      if (errors.length === 0 && result.status === 200) return result.data;
      const first = errors[0];
      const errorType = first?.errorType ?? `HTTP ${result.status}`;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      throw new AppSyncRequestError(
        `${label}: ${errorType}: ${first?.message ?? 'no message'}${more}`,
        { ...result, errorType, errors, attempts },
      );
    }) as AppSyncClient['request'],
  };
}

interface ParsedBody {
  data?: unknown;
  errors?: AppSyncGraphQLError[];
  extensions?: Record<string, unknown>;
}

/** A GraphQL response body, or `undefined` for anything else. */
function parseBody(text: string): ParsedBody | undefined {
  try {
    const body = JSON.parse(text) as ParsedBody | null;
    const errors = body?.errors;
    const valid =
      typeof body === 'object' &&
      !Array.isArray(body) &&
      (errors === undefined ? 'data' in (body as object) : Array.isArray(errors));
    return valid ? (body as ParsedBody) : undefined;
  } catch {
    return undefined;
  }
}

/** The wait before retry `attempt`: full jitter up to base·2^(attempt−1), or `Retry-After`. */
function backoff(
  retry: { baseDelayMs: number; maxDelayMs: number },
  attempt: number,
  retryAfter: string | null | undefined,
): number {
  const seconds = Number(retryAfter);
  if (retryAfter && seconds >= 0) return Math.min(seconds * 1000, retry.maxDelayMs);
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

/** Waits `ms`, or until the signal fires (the next attempt sees it and stops). */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const finish = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    };
    const timer = setTimeout(finish, ms);
    signal?.addEventListener('abort', finish);
  });
}

/**
 * The first line of a message, at most 200 characters, without the credentials sent (the key, the
 * token, the session token, the signature): AppSync's signature errors go on to quote the
 * canonical request, security token included. Only a failure pays for it.
 */
function firstLine(message: string, credentials: Readonly<Record<string, string>>): string {
  let line = message.split('\n', 1)[0] as string;
  for (const [name, value] of Object.entries(credentials)) {
    const at = value.indexOf('Signature=');
    const secret = at < 0 ? value : value.slice(at + 10);
    if (name !== 'x-amz-date') line = line.split(secret).join('[redacted]');
  }
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** An error's message, with its cause's (fetch's "fetch failed" says nothing by itself). */
function messageOf(error: unknown): string {
  const { message, cause } = (error ?? {}) as { message?: unknown; cause?: { message?: unknown } };
  return cause?.message === undefined ? String(message ?? error) : `${message} (${cause.message})`;
}

function report(
  logger: ClientLogger | undefined,
  label: string,
  endpoint: string,
  fields: {
    attempt: number;
    status?: number;
    errorType: string | undefined;
    message: string;
    requestId?: string | undefined;
    willRetry: boolean;
  },
): void {
  if (logger === undefined) return;
  const what = `${fields.status ?? ''} ${fields.errorType ?? ''}`.trim();
  logger.warn(`appsync-direct/client: ${label} -> ${what}${fields.willRetry ? '; retrying' : ''}`, {
    url: endpoint,
    operation: label,
    ...fields,
  });
}
