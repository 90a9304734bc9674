import { describeValue } from '../errors/normalize.js';

// ---------------------------------------------------------------------------------------------
// The edge of `appsync-direct/http`: the four Lambda events that carry an HTTP request, read into
// one `HttpRequest`, and the Lambda result each of them expects back. Web APIs only (`atob`,
// `TextDecoder`, `URLSearchParams`): this file also runs behind a fetch-based server.
//
// Sources, for every rule below:
//   [v1/v2]  https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//   [rest]   https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
//   [url]    https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
//   [alb]    https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html
// ---------------------------------------------------------------------------------------------

/**
 * Which event carried the request: API Gateway payload format 1.0 (REST APIs, and HTTP APIs
 * set to 1.0), payload format 2.0 (HTTP APIs), a Lambda function URL, or an Application Load
 * Balancer target group.
 */
export type HttpPayload = 'v1' | 'v2' | 'url' | 'alb';

/** One HTTP request, whatever event carried it. */
export interface HttpRequest {
  /** The event it was read from. */
  payload: HttpPayload;
  /** Upper-case: `'GET'`, `'POST'`, `'OPTIONS'` … */
  method: string;
  /** The path the client asked for, e.g. `'/graphql'` (see {@link readHttpEvent} for each payload). */
  path: string;
  /**
   * Names lower-cased. A header sent several times is one value joined with `', '`, except
   * `cookie`, joined with `'; '`. For payload 2.0 and function URLs, which move cookies out of the
   * headers, `cookie` is rebuilt from `cookies`, so every payload has the same headers.
   */
  headers: Record<string, string>;
  /** Query string parameters in order, each value decoded exactly once. */
  query: Record<string, string[]>;
  /** The body as text (UTF-8 when it arrived base64-encoded); `undefined` when there is none. */
  body: string | undefined;
  /** The request cookies, `'name=value'` each. */
  cookies: string[];
  /** The client's address as the AWS service saw it. */
  sourceIp: string | undefined;
  /** `requestContext.requestId`; behind ALB, the `Root` of the `x-amzn-trace-id` header. */
  requestId: string | undefined;
  /** `requestContext.domainName` when present (never behind ALB), else `null`. */
  domainName: string | null;
}

/**
 * The event is none of the four documented HTTP shapes (or one of them with a part of the wrong
 * type). The message says what was expected and what arrived: types and key names, never values.
 */
export class HttpEventError extends Error {
  override readonly name = 'HttpEventError';
}

/** What a handler sends back, before it is shaped for one payload by {@link toLambdaResult}. */
export interface HttpResponse {
  status: number;
  /** Response headers, one value each; `Set-Cookie` goes in `cookies`, never here. */
  headers: Record<string, string>;
  /** One `Set-Cookie` value each. */
  cookies: string[];
  /** UTF-8 text (JSON or HTML). */
  body: string;
}

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/**
 * A function URL's own domain: `<url-id>.lambda-url.<region>.on.aws` [url]. `on.aws` belongs to
 * AWS, so no HTTP API custom domain can end that way.
 */
const FUNCTION_URL_DOMAIN = /\.lambda-url\.[a-z0-9-]+\.on\.aws$/;

/**
 * Which of the four events this is, by documented shape only; `undefined` for anything else.
 *
 * - `alb`: `requestContext.elb` with `httpMethod` — the only event with `elb` [alb].
 * - `url` / `v2`: `version: '2.0'` with `requestContext.http`. A function URL sends the same
 *   payload 2.0 [url]; it is told apart by `requestContext.domainName`, always
 *   `<url-id>.lambda-url.<region>.on.aws` for a function URL, and by its route key, only ever
 *   `$default` (a function URL has no routes). An HTTP API is served from its `execute-api`
 *   domain or a custom domain, and its routes are `$default` or `METHOD /path`.
 * - `v1`: `httpMethod` with `version: '1.0'` (HTTP APIs) or, as REST APIs send no `version`,
 *   with `requestContext.resourcePath` or `requestContext.stage` [v1/v2] [rest].
 *
 * @example
 * payloadOf({ version: '2.0', requestContext: { http: { method: 'GET' } } }); // 'v2'
 */
export function payloadOf(event: unknown): HttpPayload | undefined {
  if (!isObject(event)) return undefined;
  const context = event.requestContext;
  if (!isObject(context)) return undefined;
  const method = event.httpMethod;
  if (isObject(context.elb) && typeof method === 'string') return 'alb';
  if (event.version === '2.0') {
    if (!isObject(context.http)) return undefined;
    const domain = str(context.domainName);
    const defaultRoute =
      (event.routeKey === undefined || event.routeKey === '$default') &&
      (context.routeKey === undefined || context.routeKey === '$default');
    return domain !== undefined && FUNCTION_URL_DOMAIN.test(domain) && defaultRoute ? 'url' : 'v2';
  }
  if (
    typeof method === 'string' &&
    (event.version === '1.0' ||
      typeof context.resourcePath === 'string' ||
      typeof context.stage === 'string')
  ) {
    return 'v1';
  }
  return undefined;
}

const EXPECTED =
  'expected an API Gateway proxy event (REST API or payload format 1.0: httpMethod, path and requestContext.stage; HTTP API payload format 2.0: version "2.0", rawPath and requestContext.http), a Lambda function URL event (payload format 2.0) or an Application Load Balancer event (httpMethod, path and requestContext.elb)';

function unrecognised(event: unknown): string {
  let hint = '';
  if (isObject(event)) {
    if ('info' in event || 'arguments' in event || 'fieldName' in event || 'operation' in event) {
      hint = ' It looks like an AppSync event: serve those with app.handler().';
    } else if (event.version === '2.0' && isObject(event.requestContext)) {
      hint = ` A payload 2.0 event needs requestContext.http; its requestContext is ${describeValue(event.requestContext)}.`;
    }
  }
  return `Invalid HTTP event: ${EXPECTED}; received ${describeValue(event)}.${hint}`;
}

/**
 * Reads any of the four HTTP events into one {@link HttpRequest}, or throws an
 * {@link HttpEventError} saying what was expected and what arrived.
 *
 * Each event spells a request its own way; the rules, with their sources in the file header:
 *
 * | part     | v1 (REST, HTTP API 1.0)                  | v2, function URL            | ALB                                    |
 * | -------- | ---------------------------------------- | --------------------------- | -------------------------------------- |
 * | headers  | `multiValueHeaders` (names as sent)      | `headers` (already joined)  | `multiValueHeaders` or `headers`       |
 * | query    | `multiValueQueryStringParameters`, decoded by API Gateway | `rawQueryString`, parsed here | either map, URL-encoded: decoded here |
 * | cookies  | the `Cookie` header(s)                   | `cookies`                   | the `cookie` header(s)                 |
 * | path     | `path`                                   | `rawPath`                   | `path`                                 |
 *
 * The multi-value maps are preferred because the single-value ones keep only the last value of a
 * repeated header or parameter; a name only the single-value map has is taken from it.
 *
 * @example
 * const request = readHttpEvent(event);
 * if (request.method === 'GET') console.log(request.query.query?.[0]);
 */
export function readHttpEvent(event: unknown): HttpRequest {
  const payload = payloadOf(event);
  if (payload === undefined) throw new HttpEventError(unrecognised(event));
  const e = event as Obj;
  const context = e.requestContext as Obj;
  const body = readBody(e);

  if (payload === 'v2' || payload === 'url') {
    const http = context.http as Obj;
    const method = str(http.method);
    const path = str(e.rawPath) ?? str(http.path);
    if (method === undefined || path === undefined) {
      throw new HttpEventError(
        `Invalid HTTP event: a payload 2.0 event needs requestContext.http.method and rawPath as strings; received ${describeValue(http.method)} and ${describeValue(e.rawPath)}.`,
      );
    }
    const headers = collectHeaders(e.headers, undefined);
    const cookies = Array.isArray(e.cookies)
      ? e.cookies.filter((cookie): cookie is string => typeof cookie === 'string' && cookie !== '')
      : cookiesOf(headers.get('cookie'));
    if (!headers.has('cookie') && cookies.length > 0) headers.set('cookie', [cookies.join('; ')]);
    return {
      payload,
      method: method.toUpperCase(),
      path,
      headers: joinHeaders(headers),
      query: queryOfV2(e),
      body,
      cookies,
      sourceIp: str(http.sourceIp),
      requestId: str(context.requestId),
      domainName: str(context.domainName) ?? null,
    };
  }

  const method = e.httpMethod as string;
  const path = str(e.path);
  if (path === undefined) {
    throw new HttpEventError(
      `Invalid HTTP event: ${payload === 'alb' ? 'an Application Load Balancer' : 'a payload 1.0'} event needs path as a string; received ${describeValue(e.path)}.`,
    );
  }
  const headers = collectHeaders(e.headers, e.multiValueHeaders);
  const joined = joinHeaders(headers);
  if (payload === 'v1') {
    const identity = context.identity;
    return {
      payload,
      method: method.toUpperCase(),
      path,
      headers: joined,
      // API Gateway has decoded these once already: decoding again would turn a %25 the client
      // meant as "%25" into "%", and its "+" into a space.
      query: collectQuery(e.queryStringParameters, e.multiValueQueryStringParameters, same),
      body,
      cookies: cookiesOf(headers.get('cookie')),
      sourceIp: isObject(identity) ? str(identity.sourceIp) : undefined,
      requestId: str(context.requestId),
      domainName: str(context.domainName) ?? null,
    };
  }
  return {
    payload,
    method: method.toUpperCase(),
    path,
    headers: joined,
    // "If the query parameters are URL-encoded, the load balancer does not decode them. You must
    // decode them in your Lambda function." [alb]
    query: collectQuery(e.queryStringParameters, e.multiValueQueryStringParameters, decodeForm),
    body,
    cookies: cookiesOf(headers.get('cookie')),
    sourceIp: lastForwardedFor(joined['x-forwarded-for']),
    requestId: traceRoot(joined['x-amzn-trace-id']),
    domainName: null,
  };
}

// ---- Headers ----------------------------------------------------------------------------------

/** Header values by lower-cased name, in arrival order. A `Map`: names are untrusted keys. */
type HeaderValues = Map<string, string[]>;

function headerValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Appends a value to a name's list. */
function append(out: Map<string, string[]>, name: string, value: string): void {
  const values = out.get(name);
  if (values === undefined) out.set(name, [value]);
  else values.push(value);
}

/**
 * Merges a multi-value map and a single-value one: each name and value read by `read` (which
 * lower-cases, decodes, or drops what is not text); a name the multi-value map has is taken from
 * it alone, since the single-value map keeps only its last value [rest].
 */
function mergeMaps(
  single: unknown,
  multi: unknown,
  readName: (name: string) => string,
  readValue: (value: unknown) => string | undefined,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  if (isObject(multi)) {
    for (const [name, values] of Object.entries(multi)) {
      for (const value of Array.isArray(values) ? values : [values]) {
        const text = readValue(value);
        if (text !== undefined) append(out, readName(name), text);
      }
    }
  }
  const fromMulti = new Set(out.keys());
  if (isObject(single)) {
    for (const [name, value] of Object.entries(single)) {
      const key = readName(name);
      const text = readValue(value);
      if (text !== undefined && !fromMulti.has(key)) append(out, key, text);
    }
  }
  return out;
}

/** Headers of both maps, case-insensitively (REST APIs pass names as the client sent them). */
function collectHeaders(single: unknown, multi: unknown): HeaderValues {
  return mergeMaps(single, multi, (name) => name.toLowerCase(), headerValue);
}

/** RFC 9110 §5.3 joins repeated fields with commas; cookies are joined with "; " (RFC 6265 §5.4). */
function joinHeaders(headers: HeaderValues): Record<string, string> {
  return Object.fromEntries(
    [...headers].map(([name, values]) => [name, values.join(name === 'cookie' ? '; ' : ', ')]),
  );
}

/** `'a=1; b=2'` → `['a=1', 'b=2']`. HTTP/2 clients may send one cookie header per cookie. */
function cookiesOf(values: readonly string[] | string | undefined): string[] {
  if (values === undefined) return [];
  const list = typeof values === 'string' ? [values] : values;
  return list.flatMap((value) =>
    value
      .split(';')
      .map((cookie) => cookie.trim())
      .filter((cookie) => cookie !== ''),
  );
}

/**
 * The address that connected to the load balancer: ALB appends it to `X-Forwarded-For`, so it is
 * the last entry; the ones before it are whatever the client claimed.
 */
function lastForwardedFor(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const last = value.split(',').pop()?.trim();
  return last === undefined || last === '' ? undefined : last;
}

/** `Root=1-67891233-abcdef012345678912345678;Sampled=1` → `1-67891233-abcdef012345678912345678`. */
function traceRoot(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  for (const field of value.split(';')) {
    const [key, ...rest] = field.split('=');
    if (key?.trim() === 'Root' && rest.length > 0) return rest.join('=').trim() || undefined;
  }
  return value.trim() || undefined;
}

// ---- Query string -----------------------------------------------------------------------------

const same = (value: string): string => value;

/**
 * One `application/x-www-form-urlencoded` component decoded as browsers do (WHATWG URL §5.1):
 * `+` is a space, `%XX` bytes are UTF-8, a malformed escape is kept as it is. Never throws.
 */
function decodeForm(value: string): string {
  return new URLSearchParams(`x=${value.replaceAll('&', '%26')}`).get('x') ?? value;
}

function collectQuery(
  single: unknown,
  multi: unknown,
  decode: (value: string) => string,
): Record<string, string[]> {
  const read = (value: unknown) => (typeof value === 'string' ? decode(value) : undefined);
  return Object.fromEntries(mergeMaps(single, multi, decode, read));
}

/**
 * Payload 2.0 gives the query string as the client sent it (`rawQueryString`) and a map whose
 * repeated parameters are joined with commas, which cannot be split back [v1/v2]: the raw string
 * is parsed, once. An event without `rawQueryString` (built by hand) falls back on the map.
 */
function queryOfV2(event: Obj): Record<string, string[]> {
  const raw = event.rawQueryString;
  if (typeof raw !== 'string') return collectQuery(event.queryStringParameters, undefined, same);
  const out = new Map<string, string[]>();
  for (const [name, value] of new URLSearchParams(raw)) append(out, name, value);
  return Object.fromEntries(out);
}

// ---- Body -------------------------------------------------------------------------------------

/**
 * The body as text. `null`, a missing body and `''` (what ALB sends for a request without one)
 * are all `undefined`. A base64 body is decoded to bytes, then read as UTF-8 (invalid sequences
 * become U+FFFD, as `TextDecoder` does by default).
 */
function readBody(event: Obj): string | undefined {
  const body = event.body;
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'string') {
    throw new HttpEventError(
      `Invalid HTTP event: body must be a string or null; received ${describeValue(body)}.`,
    );
  }
  if (event.isBase64Encoded !== true) return body;
  let binary: string;
  try {
    binary = atob(body);
  } catch {
    throw new HttpEventError(
      `Invalid HTTP event: isBase64Encoded is true but the body is not base64 (${describeValue(body)}).`,
    );
  }
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder().decode(bytes);
}

// ---- Result -----------------------------------------------------------------------------------

/** Reason phrases (RFC 9110 §15) for ALB's `statusDescription`. */
const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  101: 'Switching Protocols',
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  203: 'Non-Authoritative Information',
  204: 'No Content',
  205: 'Reset Content',
  206: 'Partial Content',
  300: 'Multiple Choices',
  301: 'Moved Permanently',
  302: 'Found',
  303: 'See Other',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  407: 'Proxy Authentication Required',
  408: 'Request Timeout',
  409: 'Conflict',
  410: 'Gone',
  411: 'Length Required',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  417: 'Expectation Failed',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  426: 'Upgrade Required',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  505: 'HTTP Version Not Supported',
};

/** `'200 OK'`; a code without a registered phrase is just its number. */
function statusDescription(status: number): string {
  const reason = REASONS[status];
  return reason === undefined ? String(status) : `${status} ${reason}`;
}

/**
 * The Lambda result that answers `request` on the payload it came from; `event` is the event
 * itself, for what the request does not keep (ALB's header mode). The body is always text
 * (`isBase64Encoded: false`).
 *
 * - v1: `headers`, and the cookies as `multiValueHeaders['set-cookie']`, the only way payload 1.0
 *   sends several `Set-Cookie` headers [rest].
 * - v2 and function URLs: `headers` and `cookies`; each cookie becomes a `Set-Cookie` header
 *   [v1/v2] [url].
 * - ALB: `statusDescription` and either `multiValueHeaders` or `headers`. A target group with
 *   multi-value headers on sends `multiValueHeaders` in the event and expects them in the
 *   response; with them off, `headers` only [alb] ("Multi-value headers").
 *
 * @example
 * return toLambdaResult(request, { status: 200, headers: { 'content-type': 'application/json' }, cookies: [], body }, event);
 */
export function toLambdaResult(
  request: HttpRequest,
  response: HttpResponse,
  event: unknown,
): unknown {
  const { status, headers, cookies, body } = response;
  switch (request.payload) {
    case 'v1':
      return {
        statusCode: status,
        headers: { ...headers },
        ...(cookies.length > 0 && { multiValueHeaders: { 'set-cookie': [...cookies] } }),
        body,
        isBase64Encoded: false,
      };
    case 'v2':
    case 'url':
      return {
        statusCode: status,
        headers: { ...headers },
        ...(cookies.length > 0 && { cookies: [...cookies] }),
        body,
        isBase64Encoded: false,
      };
    case 'alb': {
      const multi = isObject(event) && isObject(event.multiValueHeaders);
      if (multi) {
        const multiValueHeaders: Record<string, string[]> = Object.fromEntries(
          Object.entries(headers).map(([name, value]) => [name, [value]]),
        );
        if (cookies.length > 0) multiValueHeaders['set-cookie'] = [...cookies];
        return {
          statusCode: status,
          statusDescription: statusDescription(status),
          multiValueHeaders,
          body,
          isBase64Encoded: false,
        };
      }
      // With multi-value headers off, a header has one value: of several cookies only the first
      // can be sent. Turn the target group's lambda.multi_value_headers.enabled on to send all.
      const single: Record<string, string> = { ...headers };
      const first = cookies[0];
      if (first !== undefined) single['set-cookie'] = first;
      return {
        statusCode: status,
        statusDescription: statusDescription(status),
        headers: single,
        body,
        isBase64Encoded: false,
      };
    }
  }
}
