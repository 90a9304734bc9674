import { type ClientAuth, checkAuth, credentialsSource, endpointOf, regionOf } from './config.js';
import { type AppSyncGraphQLError, AppSyncRequestError } from './errors.js';
import { operationKind } from './operation.js';
import { signRequest } from './sigv4.js';
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
  /** The `fetch` to send with. Default: the global one (Node ≥ 18). */
  fetch?: typeof fetch | undefined;
  /** Retries on throttling, 429, 5xx and lost answers; `false` for none. */
  retry?: RetryOptions | false | undefined;
  /** How long one request may take before it is abandoned. Default 30 000 ms (AppSync's limit). */
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

const RETRY_DEFAULTS = { retries: 2, baseDelayMs: 100, maxDelayMs: 2000, mutations: false };
const RETRIED_STATUS = (status: number) => status === 429 || status >= 500;
const THROTTLED = /throttl|toomanyrequests|limitexceeded/i;
const SKEWED = /signature expired|signature not yet current/i;

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
    throw new TypeError(
      'createAppSyncClient() expects options such as { url, auth: { type: "apiKey", apiKey } }.',
    );
  }
  const env = process.env;
  const url = endpointOf(options.url, env);
  const endpoint = url.href;
  const who = 'createAppSyncClient';
  const baseAuth = checkAuth(options.auth, who);
  const given: RetryOptions = options.retry === false ? { retries: 0 } : (options.retry ?? {});
  const retry = {
    retries: given.retries ?? RETRY_DEFAULTS.retries,
    baseDelayMs: given.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs,
    maxDelayMs: given.maxDelayMs ?? RETRY_DEFAULTS.maxDelayMs,
    mutations: given.mutations ?? RETRY_DEFAULTS.mutations,
  };
  checkNumber(retry.retries, 0, 10, 'retry.retries');
  checkNumber(retry.baseDelayMs, 0, 60_000, 'retry.baseDelayMs');
  checkNumber(retry.maxDelayMs, 0, 300_000, 'retry.maxDelayMs');
  const timeoutMs = options.timeoutMs ?? 30_000;
  checkNumber(timeoutMs, 1, 900_000, 'timeoutMs');
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
        return signRequest({
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
            `appsync-direct/client: the ${auth.type} token function returned ${token === '' ? 'an empty string' : typeof token}; expected the token.`,
          );
        }
        return { authorization: token };
      }
    }
  };

  const graphql = async (
    document: string,
    variables: Variables | undefined,
    call: CallOptions = {},
  ): Promise<GraphQLResult<unknown>> => {
    if (typeof document !== 'string' || document === '') {
      throw new TypeError(
        `appsync-direct/client: the document must be a GraphQL string; received ${document === '' ? 'an empty string' : typeof document}.`,
      );
    }
    const operationName = call.operationName;
    const auth = call.auth === undefined ? baseAuth : checkAuth(call.auth, 'appsync-direct/client');
    const body = JSON.stringify(
      operationName === undefined
        ? { query: document, variables: variables ?? {} }
        : { query: document, variables: variables ?? {}, operationName },
    );
    const kind = operationKind(document, operationName);
    const retries = kind === 'query' || retry.mutations ? retry.retries : 0;
    const label = operationName ?? (kind === undefined ? 'operation' : kind);
    const secrets = secretsOf(auth);
    const signal = call.signal;
    let skewFixed = false;
    for (let attempt = 1; ; attempt++) {
      const fail = (
        errorType: string,
        message: string,
        extra: Partial<ConstructorParameters<typeof AppSyncRequestError>[1]> = {},
      ) =>
        new AppSyncRequestError(`${label}: ${message}`, { errorType, attempts: attempt, ...extra });
      if (signal?.aborted)
        throw fail('AbortError', 'aborted by the signal.', { cause: signal.reason });
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        ...baseHeaders,
        ...call.headers,
        ...(await authHeaders(auth, body)),
      };
      const timeout = AbortSignal.timeout(timeoutMs);
      let response: Response;
      let text: string;
      try {
        response = await (options.fetch ?? fetch)(endpoint, {
          method: 'POST',
          headers,
          body,
          signal: signal === undefined ? timeout : AbortSignal.any([signal, timeout]),
        });
        text = await response.text();
      } catch (error) {
        if (signal?.aborted)
          throw fail('AbortError', 'aborted by the signal.', { cause: signal.reason });
        const timedOut = timeout.aborted;
        const errorType = timedOut ? 'TimeoutError' : 'NetworkError';
        const message = timedOut
          ? `no answer within ${timeoutMs} ms.`
          : `the request failed: ${firstLine(messageOf(error), secrets)}.`;
        const willRetry = attempt <= retries;
        report(logger, label, endpoint, { attempt, errorType, message, willRetry });
        if (!willRetry) throw fail(errorType, message, { cause: error });
        await sleep(backoff(retry, attempt, undefined), signal);
        continue;
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
        const message = firstLine(
          firstError?.message ??
            (parsed === undefined
              ? `an answer that is not a GraphQL response (${text.length} bytes)`
              : ''),
          secrets,
        );
        const skewed = !skewFixed && auth.type === 'iam' && SKEWED.test(firstError?.message ?? '');
        const dated = Date.parse(response.headers.get('date') ?? '');
        const throttled = RETRIED_STATUS(status) || THROTTLED.test(String(errorType));
        const willRetry = (skewed && !Number.isNaN(dated)) || (throttled && attempt <= retries);
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
          throw fail('InvalidResponseError', `AppSync answered ${status} with ${message}.`, {
            status,
            requestId,
          });
        }
      }
      const result: GraphQLResult<unknown> = {
        data: (parsed as ParsedBody).data ?? null,
        status,
        requestId,
      };
      if (parsed?.errors !== undefined) result.errors = parsed.errors;
      if (parsed?.extensions !== undefined) result.extensions = parsed.extensions;
      return result;
    }
  };

  return {
    url: endpoint,
    graphql: ((document: string, variables?: Variables, call?: CallOptions) =>
      graphql(document, variables, call)) as AppSyncClient['graphql'],
    request: (async (document: string, variables?: Variables, call?: CallOptions) => {
      const result = await graphql(document, variables, call);
      const errors = result.errors ?? [];
      if (errors.length === 0 && result.status === 200) return result.data;
      const first = errors[0];
      const errorType = first?.errorType ?? `HTTP ${result.status}`;
      const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
      const label = call?.operationName ?? operationKind(document, undefined) ?? 'operation';
      throw new AppSyncRequestError(
        `${label}: ${errorType}: ${first?.message ?? 'no message'}${more}`,
        {
          errorType,
          errors,
          data: result.data,
          status: result.status,
          requestId: result.requestId,
          attempts: 1,
        },
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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const body = value as ParsedBody;
  const hasErrors = Array.isArray(body.errors);
  if (!('data' in body) && !hasErrors) return undefined;
  if (body.errors !== undefined && !hasErrors) return undefined;
  return body;
}

function checkNumber(value: number, min: number, max: number, name: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    throw new TypeError(
      `createAppSyncClient: ${name} must be a number from ${min} to ${max}; received ${String(value)}.`,
    );
  }
}

/** The wait before retry `attempt`: full jitter up to base·2^(attempt−1), or `Retry-After`. */
function backoff(
  retry: typeof RETRY_DEFAULTS,
  attempt: number,
  retryAfter: string | null | undefined,
): number {
  const seconds = Number(retryAfter);
  if (retryAfter && Number.isFinite(seconds) && seconds >= 0)
    return Math.min(seconds * 1000, retry.maxDelayMs);
  return Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(finish, ms);
    function finish() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', finish);
      done();
    }
    // An abort ends the wait; the next attempt sees the signal and stops.
    signal?.addEventListener('abort', finish, { once: true });
  });
}

/** The values a log line must never carry. */
function secretsOf(auth: ClientAuth): string[] {
  switch (auth.type) {
    case 'apiKey':
      return [auth.apiKey];
    case 'iam': {
      const c = auth.credentials;
      return typeof c === 'object' && c !== null
        ? [c.secretAccessKey, c.sessionToken ?? ''].filter(Boolean)
        : [];
    }
    default:
      return typeof auth.token === 'string' ? [auth.token] : [];
  }
}

/**
 * The first line of a message, at most 200 characters, with secrets masked: AppSync's signature
 * errors go on to quote the canonical request, security token included.
 */
function firstLine(message: string, secrets: readonly string[]): string {
  let line = message.split('\n', 1)[0] as string;
  for (const secret of secrets) line = line.split(secret).join('[redacted]');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function messageOf(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown } } | null)?.cause?.message;
  const message = (error as { message?: unknown } | null)?.message;
  return typeof cause === 'string' ? `${String(message)} (${cause})` : String(message ?? error);
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
  const what =
    fields.status === undefined
      ? fields.errorType
      : `${fields.status} ${fields.errorType ?? ''}`.trim();
  logger.warn(`appsync-direct/client: ${label} → ${what}${fields.willRetry ? '; retrying' : ''}`, {
    url: endpoint,
    operation: label,
    ...fields,
  });
}
