import type { HttpPayload } from '../http/events.js';
import { fakeJwt, makeIdentity } from './identities.js';

/** The authorizers {@link httpEvent} can put in front of a request. */
export type HttpAuthorizerKind = 'none' | 'cognito' | 'oidc' | 'lambda' | 'iam';

/** Options of {@link httpEvent}. Every one has a realistic default. */
export interface HttpEventOptions {
  /** Which event: API Gateway payload 1.0 (a REST API), 2.0 (an HTTP API), a function URL or ALB. Default `'v2'`. */
  payload?: HttpPayload | undefined;
  /** Default `'POST'`. */
  method?: 'GET' | 'POST' | (string & {}) | undefined;
  /** Default `'/graphql'`. */
  path?: string | undefined;
  /** The GraphQL document: in the JSON body of a POST, in the query string of a GET. Default `'{ __typename }'`. */
  query?: string | undefined;
  /** Sent as JSON beside `query`. */
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
  /** A raw body instead of `query`, `variables` and `operationName`. */
  body?: string | undefined;
  /**
   * Merged over the defaults (`accept`, `host`, `user-agent`, `x-forwarded-*`, `x-amzn-trace-id`,
   * `content-type: application/json` when there is a body, the authorizer's `authorization`);
   * a name replaces the default of the same name in any case.
   */
  headers?: Record<string, string> | undefined;
  /** Request cookies, `'name=value'` each: `cookies` for payload 2.0 and function URLs, a `Cookie` header otherwise. */
  cookies?: readonly string[] | undefined;
  /** Send the body base64-encoded (`isBase64Encoded: true`), as AWS does for binary media types. */
  base64?: boolean | undefined;
  /**
   * Who the authorizer says the caller is, with the values of `makeIdentity()`: `'none'`
   * (default), `'cognito'` (a user pool authorizer on REST, a JWT authorizer on HTTP APIs),
   * `'oidc'` (a JWT authorizer), `'lambda'` (a Lambda authorizer) or `'iam'` (`AWS_IAM`). An
   * object is used as `requestContext.authorizer` as it is. Function URLs know only `'none'` and
   * `'iam'` (or an object), ALB no authorizer at all: other combinations throw a `TypeError`, since
   * no such event exists.
   */
  authorizer?: HttpAuthorizerKind | Record<string, unknown> | undefined;
  /** ALB only: the target group's multi-value headers mode. Default `false`. (Payload 1.0 always has both maps.) */
  multiValue?: boolean | undefined;
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CLIENT_IP = '203.0.113.10';
const API_ID = 'k3x7q2m9vd';
const URL_ID = 'x4kq2m9vd5fhn4ubw6tyc8ep4e7jr3sa';
const TARGET_GROUP = `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:targetgroup/appsync-direct/6d0ecf831eec9f09`;
const USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)';
const TRACE_ID = 'Root=1-6968bab4-3c1f0e5a9d7b2468ace01357';
/** 2026-01-15T10:30:12Z, within the hour of `makeIdentity()`'s tokens: fixed, so events are deterministic. */
const REQUEST_EPOCH_MS = 1768473012000;
const REQUEST_TIME = '15/Jan/2026:10:30:12 +0000';
const V1_REQUEST_ID = '5f2b8c1e-9a47-4d3b-8e60-7c1d2a9f4b83';
const V2_REQUEST_ID = 'XyZ1aGhHIAMFZqA=';
const URL_REQUEST_ID = 'b7e3d9a2-4c18-4f6e-9a05-2d8c6f1e3b74';
const DEFAULT_QUERY = '{ __typename }';
const IAM_ACCESS_KEY = 'AKIAEXAMPLEKEYID0001';
const IAM_USER_ID = 'AIDAEXAMPLEUSERID0001';
const IAM_USER_ARN = `arn:aws:iam::${ACCOUNT}:user/appsync-caller`;
const LAMBDA_TOKEN = 'tok_t-123_8d59c7ea14df0c05f41226bcfae739cf';

type Obj = Record<string, unknown>;
const PAYLOADS: readonly HttpPayload[] = ['v1', 'v2', 'url', 'alb'];
const KINDS: readonly HttpAuthorizerKind[] = ['none', 'cognito', 'oidc', 'lambda', 'iam'];

/**
 * A Lambda event carrying one HTTP request, as API Gateway (payload 1.0 or 2.0), a function URL
 * or an Application Load Balancer sends it: every documented key, realistic headers, and the
 * authorizer's part of `requestContext`. Values are invented and fixed (ids, times, addresses), so
 * two calls with the same options give equal events. By default, a POST of `{ __typename }` to
 * `/graphql` through an HTTP API (payload 2.0) without an authorizer.
 *
 * For a GET, `query`, `variables` and `operationName` go in the query string, encoded once as a
 * browser does; each event then carries them the way its service does (decoded in payload 1.0's
 * maps, raw in `rawQueryString`, still URL-encoded in ALB's maps).
 *
 * @example
 * const event = httpEvent({ payload: 'v1', authorizer: 'cognito', query: '{ getPost(id: "1") { id } }' });
 * const result = await handler(event, lambdaContext());
 */
export function httpEvent(options: HttpEventOptions = {}): Record<string, unknown> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `httpEvent() expects an options object such as { payload: 'v2' }; received ${options === null ? 'null' : typeof options}.`,
    );
  }
  const payload = options.payload ?? 'v2';
  if (!PAYLOADS.includes(payload)) {
    throw new TypeError(
      `httpEvent() payload must be 'v1', 'v2', 'url' or 'alb'; received ${JSON.stringify(payload)}.`,
    );
  }
  const authorizer = options.authorizer ?? 'none';
  if (payload === 'alb' && authorizer !== 'none') {
    throw new TypeError(
      `An Application Load Balancer has no authorizer in the Lambda event (its authenticate actions pass x-amzn-oidc-* headers): use authorizer 'none', or add those headers yourself.`,
    );
  }
  if (typeof authorizer === 'string') {
    if (!KINDS.includes(authorizer)) {
      throw new TypeError(
        `httpEvent() authorizer must be 'none', 'cognito', 'oidc', 'lambda', 'iam' or an object; received ${JSON.stringify(authorizer)}.`,
      );
    }
    if (payload === 'url' && authorizer !== 'none' && authorizer !== 'iam') {
      throw new TypeError(
        `A function URL's auth type is NONE or AWS_IAM: it has no ${authorizer} authorizer. Use authorizer 'none' or 'iam', or payload 'v2' (an HTTP API).`,
      );
    }
  }
  const method = (options.method ?? 'POST').toUpperCase();
  const { params, body } = requestParts(options, method);
  const rawQuery = new URLSearchParams(params).toString();
  const encodedBody =
    body === undefined ? undefined : options.base64 === true ? base64Utf8(body) : body;
  const headers = mergeHeaders(
    defaultHeaders(payload, authorizer, body !== undefined),
    options.headers,
  );
  const cookies = [...(options.cookies ?? [])];
  const path = options.path ?? '/graphql';
  const base64 = options.base64 === true && body !== undefined;

  switch (payload) {
    case 'v1':
      return restEvent({ method, path, headers, cookies, params, encodedBody, base64, authorizer });
    case 'v2':
    case 'url':
      return httpApiEvent(payload, {
        method,
        path,
        headers,
        cookies,
        params,
        rawQuery,
        encodedBody,
        base64,
        authorizer,
      });
    case 'alb':
      return albEvent({
        method,
        path,
        headers,
        cookies,
        rawQuery,
        encodedBody,
        base64,
        multiValue: options.multiValue === true,
      });
  }
}

/** The query string parameters (for a GET or HEAD) or the body of the request. */
function requestParts(
  options: HttpEventOptions,
  method: string,
): { params: [string, string][]; body: string | undefined } {
  if (options.body !== undefined) return { params: [], body: options.body };
  const query = options.query ?? DEFAULT_QUERY;
  if (method === 'GET' || method === 'HEAD') {
    const params: [string, string][] = [['query', query]];
    if (options.variables !== undefined) {
      params.push(['variables', JSON.stringify(options.variables)]);
    }
    if (options.operationName !== undefined) params.push(['operationName', options.operationName]);
    return { params, body: undefined };
  }
  return {
    params: [],
    body: JSON.stringify({
      query,
      ...(options.variables !== undefined && { variables: options.variables }),
      ...(options.operationName !== undefined && { operationName: options.operationName }),
    }),
  };
}

function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** Header names in the case a client sends them; payload 2.0 and ALB lower-case them. */
function defaultHeaders(
  payload: HttpPayload,
  authorizer: HttpAuthorizerKind | Obj,
  hasBody: boolean,
): [string, string][] {
  const host =
    payload === 'url'
      ? `${URL_ID}.lambda-url.${REGION}.on.aws`
      : payload === 'alb'
        ? `appsync-direct-1234567890.${REGION}.elb.amazonaws.com`
        : `${API_ID}.execute-api.${REGION}.amazonaws.com`;
  const headers: [string, string][] = [
    ['Accept', 'application/graphql-response+json, application/json'],
    ['Host', host],
    ['User-Agent', USER_AGENT],
    ['X-Amzn-Trace-Id', TRACE_ID],
    ['X-Forwarded-For', CLIENT_IP],
    ['X-Forwarded-Port', '443'],
    ['X-Forwarded-Proto', 'https'],
  ];
  if (hasBody) headers.push(['Content-Type', 'application/json']);
  const authorization = authorizationFor(payload, authorizer);
  if (authorization !== undefined) headers.push(['Authorization', authorization]);
  return headers;
}

/** The credential a client of that authorizer sends. */
function authorizationFor(
  payload: HttpPayload,
  authorizer: HttpAuthorizerKind | Obj,
): string | undefined {
  switch (authorizer) {
    case 'cognito':
      return fakeJwt(makeIdentity('cognito').claims);
    case 'oidc':
      return `Bearer ${fakeJwt(makeIdentity('oidc').claims)}`;
    case 'lambda':
      return LAMBDA_TOKEN;
    case 'iam': {
      const service = payload === 'url' ? 'lambda' : 'execute-api';
      return (
        `AWS4-HMAC-SHA256 Credential=${IAM_ACCESS_KEY}/20260115/${REGION}/${service}/aws4_request, ` +
        'SignedHeaders=host;x-amz-date, Signature=' +
        '3f1c7d9e2b6a48e0f5c1a9d3b7e2f604c8a1d5e9b3f7c2a6d0e4b8f1c5a9d3e7'
      );
    }
    default:
      return undefined;
  }
}

/** The defaults with `extra` laid over them, names compared without case. */
function mergeHeaders(
  defaults: [string, string][],
  extra: Record<string, string> | undefined,
): [string, string][] {
  if (extra === undefined) return defaults;
  const given = Object.entries(extra);
  const names = new Set(given.map(([name]) => name.toLowerCase()));
  return [...defaults.filter(([name]) => !names.has(name.toLowerCase())), ...given];
}

function fromEntries<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  return Object.fromEntries(entries);
}

// ---- The claims each authorizer passes ----------------------------------------------------------

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu Jan 15 11:30:00 UTC 2026`: how a REST Cognito authorizer passes `exp` and `iat`. */
function restDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** A REST Cognito user pool authorizer passes every claim as a string, a list joined with commas. */
function restCognitoClaims(claims: Obj): Record<string, string> {
  return fromEntries(
    Object.entries(claims).map(([name, value]) => {
      if ((name === 'exp' || name === 'iat') && typeof value === 'number') {
        return [name, restDate(value)];
      }
      return [name, Array.isArray(value) ? value.join(',') : String(value)];
    }),
  );
}

/** An HTTP API JWT authorizer passes every claim as a string, a list as `[a b]`. */
function httpApiClaims(claims: Obj): Record<string, string> {
  return fromEntries(
    Object.entries(claims).map(([name, value]) => [
      name,
      Array.isArray(value) ? `[${value.join(' ')}]` : String(value),
    ]),
  );
}

// ---- Payload 1.0 (REST API) ---------------------------------------------------------------------

interface RestParts {
  method: string;
  path: string;
  headers: [string, string][];
  cookies: string[];
  params: [string, string][];
  encodedBody: string | undefined;
  base64: boolean;
  authorizer: HttpAuthorizerKind | Obj;
}

function restEvent(parts: RestParts): Record<string, unknown> {
  const { method, path, cookies, params, encodedBody, base64, authorizer } = parts;
  const headers = [...parts.headers];
  if (cookies.length > 0) headers.push(['Cookie', cookies.join('; ')]);
  const multiQuery = new Map<string, string[]>();
  for (const [name, value] of params)
    multiQuery.set(name, [...(multiQuery.get(name) ?? []), value]);
  const restAuthorizer = restAuthorizerOf(authorizer);
  const context: Obj = {
    resourceId: 'a1b2c3',
    ...(restAuthorizer !== undefined && { authorizer: restAuthorizer }),
    resourcePath: path,
    httpMethod: method,
    extendedRequestId: 'XyZ1aGhHIAMFZqA=',
    requestTime: REQUEST_TIME,
    path: `/prod${path}`,
    accountId: ACCOUNT,
    protocol: 'HTTP/1.1',
    stage: 'prod',
    domainPrefix: API_ID,
    requestTimeEpoch: REQUEST_EPOCH_MS,
    requestId: V1_REQUEST_ID,
    identity: restIdentity(authorizer),
    domainName: `${API_ID}.execute-api.${REGION}.amazonaws.com`,
    deploymentId: 'd4e5f6',
    apiId: API_ID,
  };
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: fromEntries(headers),
    multiValueHeaders: fromEntries(headers.map(([name, value]) => [name, [value]])),
    queryStringParameters:
      multiQuery.size === 0 ? null : fromEntries([...multiQuery].map(([k, v]) => [k, v.at(-1)])),
    multiValueQueryStringParameters: multiQuery.size === 0 ? null : fromEntries(multiQuery),
    pathParameters: null,
    stageVariables: null,
    requestContext: context,
    body: encodedBody ?? null,
    isBase64Encoded: base64,
  };
}

function restAuthorizerOf(authorizer: HttpAuthorizerKind | Obj): Obj | undefined {
  switch (authorizer) {
    case 'none':
    case 'iam':
      return undefined;
    case 'cognito':
      return { claims: restCognitoClaims(makeIdentity('cognito').claims) };
    case 'oidc':
      // A REST API JWT authorizer passes each claim with its JSON type.
      return { claims: { ...makeIdentity('oidc').claims } };
    case 'lambda': {
      const context = makeIdentity('lambda').resolverContext;
      return {
        principalId: String(context.userId),
        integrationLatency: 12,
        ...fromEntries(Object.entries(context).map(([k, v]) => [k, String(v)])),
      };
    }
    default:
      return authorizer;
  }
}

function restIdentity(authorizer: HttpAuthorizerKind | Obj): Obj {
  const iam = authorizer === 'iam';
  return {
    cognitoIdentityPoolId: null,
    accountId: iam ? ACCOUNT : null,
    cognitoIdentityId: null,
    caller: iam ? IAM_USER_ID : null,
    sourceIp: CLIENT_IP,
    principalOrgId: null,
    accessKey: iam ? IAM_ACCESS_KEY : null,
    cognitoAuthenticationType: null,
    cognitoAuthenticationProvider: null,
    userArn: iam ? IAM_USER_ARN : null,
    userAgent: USER_AGENT,
    user: iam ? IAM_USER_ID : null,
  };
}

// ---- Payload 2.0 (HTTP API) and function URLs ---------------------------------------------------

interface HttpApiParts {
  method: string;
  path: string;
  headers: [string, string][];
  cookies: string[];
  params: [string, string][];
  rawQuery: string;
  encodedBody: string | undefined;
  base64: boolean;
  authorizer: HttpAuthorizerKind | Obj;
}

function httpApiEvent(payload: 'v2' | 'url', parts: HttpApiParts): Record<string, unknown> {
  const { method, path, cookies, params, rawQuery, encodedBody, base64, authorizer } = parts;
  // Payload 2.0 lower-cases header names and joins repeated ones with commas.
  const headers = new Map<string, string>();
  for (const [name, value] of parts.headers) {
    const lower = name.toLowerCase();
    const previous = headers.get(lower);
    headers.set(lower, previous === undefined ? value : `${previous},${value}`);
  }
  const query = new Map<string, string>();
  for (const [name, value] of params) {
    const previous = query.get(name);
    query.set(name, previous === undefined ? value : `${previous},${value}`);
  }
  const url = payload === 'url';
  const domainName = url
    ? `${URL_ID}.lambda-url.${REGION}.on.aws`
    : `${API_ID}.execute-api.${REGION}.amazonaws.com`;
  const httpAuthorizer = httpApiAuthorizerOf(authorizer);
  const context: Obj = {
    accountId: url && authorizer === 'none' ? 'anonymous' : ACCOUNT,
    apiId: url ? URL_ID : API_ID,
    ...(httpAuthorizer !== undefined && { authorizer: httpAuthorizer }),
    domainName,
    domainPrefix: url ? URL_ID : API_ID,
    http: {
      method,
      path,
      protocol: 'HTTP/1.1',
      sourceIp: CLIENT_IP,
      userAgent: headers.get('user-agent') ?? USER_AGENT,
    },
    requestId: url ? URL_REQUEST_ID : V2_REQUEST_ID,
    routeKey: url ? '$default' : `${method} ${path}`,
    stage: '$default',
    time: REQUEST_TIME,
    timeEpoch: REQUEST_EPOCH_MS,
  };
  return {
    version: '2.0',
    routeKey: context.routeKey,
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies.length > 0 && { cookies }),
    headers: fromEntries(headers),
    ...(query.size > 0 && { queryStringParameters: fromEntries(query) }),
    requestContext: context,
    ...(encodedBody !== undefined && { body: encodedBody }),
    isBase64Encoded: base64,
  };
}

function httpApiAuthorizerOf(authorizer: HttpAuthorizerKind | Obj): Obj | undefined {
  switch (authorizer) {
    case 'none':
      return undefined;
    case 'cognito':
    case 'oidc':
      return { jwt: { claims: httpApiClaims(makeIdentity(authorizer).claims), scopes: null } };
    case 'lambda':
      return { lambda: { ...makeIdentity('lambda').resolverContext } };
    case 'iam':
      return {
        iam: {
          accessKey: IAM_ACCESS_KEY,
          accountId: ACCOUNT,
          callerId: IAM_USER_ID,
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: IAM_USER_ARN,
          userId: IAM_USER_ID,
        },
      };
    default:
      return authorizer;
  }
}

// ---- Application Load Balancer ------------------------------------------------------------------

interface AlbParts {
  method: string;
  path: string;
  headers: [string, string][];
  cookies: string[];
  rawQuery: string;
  encodedBody: string | undefined;
  base64: boolean;
  multiValue: boolean;
}

function albEvent(parts: AlbParts): Record<string, unknown> {
  const { method, path, cookies, rawQuery, encodedBody, base64, multiValue } = parts;
  const headers: [string, string][] = parts.headers.map(([name, value]) => [
    name.toLowerCase(),
    value,
  ]);
  if (cookies.length > 0) headers.push(['cookie', cookies.join('; ')]);
  // ALB passes the query string split but still URL-encoded, as the client sent it.
  const query = rawQuery === '' ? [] : rawQuery.split('&').map((pair) => splitPair(pair));
  const event: Obj = {
    requestContext: { elb: { targetGroupArn: TARGET_GROUP } },
    httpMethod: method,
    path,
  };
  if (multiValue) {
    const multiQuery = new Map<string, string[]>();
    for (const [name, value] of query)
      multiQuery.set(name, [...(multiQuery.get(name) ?? []), value]);
    const multiHeaders = new Map<string, string[]>();
    for (const [name, value] of headers)
      multiHeaders.set(name, [...(multiHeaders.get(name) ?? []), value]);
    event.multiValueQueryStringParameters = fromEntries(multiQuery);
    event.multiValueHeaders = fromEntries(multiHeaders);
  } else {
    event.queryStringParameters = fromEntries(query);
    event.headers = fromEntries(headers);
  }
  // ALB sends an empty string for a request without a body.
  event.body = encodedBody ?? '';
  event.isBase64Encoded = base64;
  return event;
}

function splitPair(pair: string): [string, string] {
  const equals = pair.indexOf('=');
  return equals < 0 ? [pair, ''] : [pair.slice(0, equals), pair.slice(equals + 1)];
}
