/**
 * GraphQL over HTTP, as the GraphQL-over-HTTP specification has it (graphql-http is its reference
 * implementation and test list): which requests run, with which status and media type, for an
 * `HttpRequest` whatever carried it (an API Gateway or ALB event, a Function URL, a fetch
 * `Request`). Execution is the engine's; this file is only the HTTP rules around it.
 *
 * - POST with `application/json` (any charset parameter); GET with `query`, `variables`,
 *   `operationName` and `extensions` in the query string. Mutations over GET are 405.
 * - The response is `application/graphql-response+json` when the client accepts it, else
 *   `application/json`. With the former, a request that cannot run (bad JSON, bad parameters, a
 *   document that does not parse or validate, variables that do not coerce) is a 400 without
 *   `data`; with `application/json` it is a 200 with `errors`, as the specification asks of
 *   legacy clients. An `Accept` that allows neither is 406, another request media type 415.
 * - A request a browser could send cross-site without a preflight (a GET, or a POST of a simple
 *   media type) must carry a header that forces one (`csrfPrevention`), else it is refused.
 */
import type { AppSyncResponseBody } from '../emulator/emulator.js';
import type { AuthMode, RequestAuth } from '../engine/directives.js';
import type { Engine, FieldCaller, Prepared } from '../engine/engine.js';
import type { GraphQLResponseError } from '../engine/errors.js';
import type { HttpRequest, HttpResponse } from './events.js';

/** A request whose body was left unread for its declared size (`content-length`). */
export type SizedRequest = HttpRequest & { declaredBytes?: number };

/** The two response media types of GraphQL over HTTP. */
const GRAPHQL_RESPONSE = 'application/graphql-response+json';
const JSON_TYPE = 'application/json';

/** Headers that make a browser send a preflight, so a request carrying one is no forged form. */
export const PREFLIGHT_HEADERS: readonly string[] = [
  'x-graphql-preflight',
  'graphql-require-preflight',
  'apollo-require-preflight',
  'x-apollo-operation-name',
];

/** What the HTTP rules need of the server's configuration. */
export interface HttpRules {
  engine: Engine;
  /** The largest request body, in bytes of UTF-8. */
  maxBodyBytes: number;
  /** Refuse GETs (and simple-media-type POSTs) that carry no preflight-forcing header. */
  csrfPrevention: boolean;
  /** The auth modes the API accepts: a request in another mode is refused with 401. */
  modes: ReadonlySet<AuthMode>;
  /** How many operations a POST may batch in an array; 0: batching off. */
  batchLimit: number;
  /** Persisted documents, by the SHA-256 of their text; `undefined`: off. */
  persisted: PersistedDocuments | undefined;
}

/** Documents sent by hash (Apollo's `extensions.persistedQuery`). */
export interface PersistedDocuments {
  /**
   * `automatic`: a client sends a hash, and the document with it when told it is not known yet;
   * it is kept from then on (in this process). `allow-list`: only the listed documents run.
   */
  mode: 'automatic' | 'allow-list';
  /** Known documents by the lower-case hex SHA-256 of their text. */
  lookup(hash: string): string | undefined;
  /** Keeps a document (automatic mode). */
  keep(hash: string, query: string): void;
}

/** A document sent with its hash, to keep once it validates: its parameters → the hash. */
const pendingKeeps = new WeakMap<Params, string>();

/** The hex SHA-256 of a text, with the platform's Web Crypto. */
async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/**
 * The document a request runs: its text, the persisted one its hash names, or why neither. The
 * errors a client of automatic persisted queries acts on keep Apollo's messages and codes.
 */
async function documentOf(params: Params, rules: HttpRules): Promise<string | Refused> {
  const { persisted } = rules;
  const extension = params.extensions?.persistedQuery;
  if (extension === undefined) {
    if (persisted?.mode === 'allow-list') {
      return new Refused(
        400,
        'This API runs persisted documents only: send extensions.persistedQuery with the sha256Hash of a document it lists.',
        'PersistedQueryNotSupported',
      );
    }
    return params.query as string;
  }
  if (persisted === undefined) {
    return new Refused(400, 'PersistedQueryNotSupported', 'PersistedQueryNotSupported', 200);
  }
  if (!isObject(extension)) {
    return new Refused(
      400,
      'extensions.persistedQuery must be { version: 1, sha256Hash: <64 lower-case hex digits> }.',
      'BadRequestException',
    );
  }
  const { sha256Hash: hash, version } = extension as { sha256Hash?: unknown; version?: unknown };
  if (version !== 1 || typeof hash !== 'string' || !/^[0-9a-f]{64}$/.test(hash)) {
    return new Refused(
      400,
      'extensions.persistedQuery must be { version: 1, sha256Hash: <64 lower-case hex digits> }.',
      'BadRequestException',
    );
  }
  if (params.query !== undefined) {
    if ((await sha256(params.query)) !== hash) {
      return new Refused(400, 'provided sha does not match query', 'PersistedQueryHashMismatch');
    }
    if (persisted.mode === 'allow-list' && persisted.lookup(hash) === undefined) {
      return new Refused(
        400,
        'This API runs persisted documents only, and this one is not among them.',
        'PersistedQueryNotSupported',
      );
    }
    // Kept once it proves a valid document (see runOperation), so a client cannot fill the cache
    // with text that never runs.
    pendingKeeps.set(params, hash);
    return params.query;
  }
  const known = persisted.lookup(hash);
  if (known !== undefined) return known;
  // Clients of automatic persisted queries retry with the document on this exact message.
  return new Refused(400, 'PersistedQueryNotFound', 'PersistedQueryNotFound', 200);
}

/** What one request needs besides the rules: who calls, and how routed fields are reached. */
export interface HttpCall {
  auth: RequestAuth;
  caller: FieldCaller;
}

/** A GraphQL request's parameters, read from a body or a query string. */
interface Params {
  /** The document; `undefined` for a persisted query sent by its hash alone. */
  query: string | undefined;
  variables: Record<string, unknown>;
  operationName: string | undefined;
  extensions: Record<string, unknown> | undefined;
}

/** A request that cannot run, and how to answer it in each media type. */
class Refused {
  constructor(
    /** Status with `application/graphql-response+json`. */
    readonly status: number,
    readonly message: string,
    readonly errorType: string,
    /**
     * Status with `application/json`: as above for a request that is not a well-formed GraphQL
     * request (no body, bad JSON, bad parameters), 200 for one GraphQL itself refuses (a document
     * that does not parse or validate, variables that do not coerce).
     */
    readonly legacyStatus = status,
    readonly headers: Record<string, string> = {},
    readonly errors?: GraphQLResponseError[] | undefined,
  ) {}
}

/** Which media type to answer in; `undefined` when the client accepts neither (406). */
function negotiate(
  accept: string | undefined,
): typeof GRAPHQL_RESPONSE | typeof JSON_TYPE | undefined {
  if (accept === undefined || accept.trim() === '') return JSON_TYPE;
  let json = false;
  for (const part of accept.split(',')) {
    const [range = '', ...parameters] = part.split(';').map((item) => item.trim().toLowerCase());
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) continue;
    if (range === GRAPHQL_RESPONSE) return GRAPHQL_RESPONSE;
    if (range === JSON_TYPE || range === 'application/*' || range === '*/*') json = true;
  }
  return json ? JSON_TYPE : undefined;
}

/** The media type of a `Content-Type` header, lower-cased and without parameters. */
function mediaType(contentType: string | undefined): string | undefined {
  if (contentType === undefined) return undefined;
  const type = contentType.split(';', 1)[0]?.trim().toLowerCase();
  return type === '' ? undefined : type;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Checks the parameters of a request, as they arrived (JSON values, or query-string text). */
function readParams(raw: Record<string, unknown>): Params | Refused {
  const bad = (message: string) => new Refused(400, message, 'BadRequestException');
  const { query, variables, operationName, extensions } = raw;
  const byHash = query === undefined && isObject(extensions) && isObject(extensions.persistedQuery);
  if (!byHash && (typeof query !== 'string' || query.trim() === '')) {
    return bad(
      query === undefined
        ? 'The request has no query: send { "query": "…" } (or ?query=… in a GET).'
        : `The query must be a GraphQL document as a string; received ${kindOf(query)}.`,
    );
  }
  if (variables !== undefined && variables !== null && !isObject(variables)) {
    return bad(`The variables must be an object of values by name; received ${kindOf(variables)}.`);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    return bad(`The operationName must be a string; received ${kindOf(operationName)}.`);
  }
  if (extensions !== undefined && extensions !== null && !isObject(extensions)) {
    return bad(`The extensions must be an object; received ${kindOf(extensions)}.`);
  }
  return {
    query: query as string | undefined,
    variables: (variables ?? {}) as Record<string, unknown>,
    // An empty operationName (`?operationName=`) names no operation.
    operationName: (operationName || undefined) as string | undefined,
    extensions: (extensions ?? undefined) as Record<string, unknown> | undefined,
  };
}

/** The parameters of a GET: each is one query-string value; variables and extensions are JSON. */
function getParams(query: Record<string, string[]>): Params | Refused {
  const raw: Record<string, unknown> = {};
  for (const name of ['query', 'operationName', 'variables', 'extensions']) {
    const values = query[name];
    if (values === undefined || values.length === 0) continue;
    if (values.length > 1) {
      return new Refused(
        400,
        `The query string gives ${name} ${values.length} times; give it once.`,
        'BadRequestException',
      );
    }
    const value = values[0] as string;
    if (name === 'variables' || name === 'extensions') {
      try {
        raw[name] = JSON.parse(value);
      } catch {
        return new Refused(
          400,
          `The ${name} parameter of the query string is not JSON.`,
          'BadRequestException',
        );
      }
    } else {
      raw[name] = value;
    }
  }
  return readParams(raw);
}

/** The parameters of a POST's JSON body. */
function postParams(body: string | undefined, batchLimit: number): Params | Params[] | Refused {
  if (body === undefined || body.trim() === '') {
    return new Refused(
      400,
      'The POST has no body: send a JSON object { "query": "…" }.',
      'BadRequestException',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return new Refused(
      400,
      'The body is not JSON: send a JSON object { "query": "…" }.',
      'BadRequestException',
    );
  }
  if (Array.isArray(parsed)) {
    if (batchLimit === 0) {
      return new Refused(
        400,
        'The body is an array of operations, and batching is off: send one { "query": "…" } per request (or turn on the batching option).',
        'BadRequestException',
      );
    }
    if (parsed.length === 0 || parsed.length > batchLimit) {
      return new Refused(
        400,
        `A batch holds 1 to ${batchLimit} operations; this one holds ${parsed.length}.`,
        'BadRequestException',
      );
    }
    const batch: Params[] = [];
    for (const [index, item] of parsed.entries()) {
      const params = isObject(item)
        ? readParams(item)
        : new Refused(
            400,
            `Operation ${index} of the batch is ${kindOf(item)}, not { "query": "…" }.`,
            'BadRequestException',
          );
      if (params instanceof Refused) return params;
      batch.push(params);
    }
    return batch;
  }
  if (!isObject(parsed)) {
    return new Refused(
      400,
      `The body must be a JSON object { "query": "…" }; received ${kindOf(parsed)}.`,
      'BadRequestException',
    );
  }
  return readParams(parsed);
}

function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) bytes += code >= 0x800 && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return bytes;
}

/**
 * The request's parameters, or why it is refused before any GraphQL is read: its method, media
 * types, size and CSRF protection.
 */
function paramsOf(request: SizedRequest, rules: HttpRules): Params | Params[] | Refused {
  const { method, headers } = request;
  if (method !== 'GET' && method !== 'POST') {
    return new Refused(
      405,
      `${method} is not a GraphQL request: use POST (or GET for a query).`,
      'MethodNotAllowedException',
      405,
      { allow: 'GET, POST' },
    );
  }
  const type = mediaType(headers['content-type']);
  const simple =
    type === undefined ||
    type === 'text/plain' ||
    type === 'application/x-www-form-urlencoded' ||
    type === 'multipart/form-data';
  if (
    rules.csrfPrevention &&
    simple &&
    !PREFLIGHT_HEADERS.some((name) => headers[name] !== undefined && headers[name] !== '')
  ) {
    // No preflight: a page on another site could have sent it (a form, an image).
    return new Refused(
      400,
      `This request could have been sent by a page on another site: send it with content-type ${JSON_TYPE}${method === 'GET' ? ' (a POST)' : ''}, or with the header ${PREFLIGHT_HEADERS[0]}: 1.`,
      'BadRequestException',
      400,
    );
  }
  if (method === 'GET') return getParams(request.query);
  if (type !== JSON_TYPE && !(type?.endsWith('+json') ?? false)) {
    return new Refused(
      415,
      `Send the request as JSON, with the header content-type: ${JSON_TYPE}; received ${headers['content-type'] ?? 'no content-type'}.`,
      'UnsupportedMediaTypeException',
      415,
    );
  }
  const bytes = request.declaredBytes ?? (request.body === undefined ? 0 : utf8Bytes(request.body));
  if (bytes > rules.maxBodyBytes) {
    return new Refused(
      413,
      `The request body is over ${rules.maxBodyBytes} bytes, the most this API reads.`,
      'PayloadTooLargeException',
      413,
    );
  }
  return postParams(request.body, rules.batchLimit);
}

function respond(
  status: number,
  type: string,
  body: AppSyncResponseBody,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': `${type}; charset=utf-8`, ...headers },
    cookies: [],
    body: JSON.stringify(body),
  };
}

function refusal(refusedRequest: Refused, type: string): HttpResponse {
  const answered = refused(refusedRequest, type);
  return respond(answered.status, type, answered.body, answered.headers);
}

/** One operation's answer: its status and body, and headers it needs. */
interface Answered {
  status: number;
  body: AppSyncResponseBody;
  headers?: Record<string, string>;
}

function refused(refused: Refused, type: string): Answered {
  const status = type === GRAPHQL_RESPONSE ? refused.status : refused.legacyStatus;
  const errors = refused.errors ?? [{ message: refused.message, errorType: refused.errorType }];
  return { status, body: { errors }, headers: refused.headers };
}

/** Runs one operation of a request: its document, its checks, then the engine. */
async function runOperation(
  params: Params,
  request: SizedRequest,
  rules: HttpRules,
  call: () => Promise<HttpCall>,
  type: string,
): Promise<Answered> {
  const document = await documentOf(params, rules);
  if (document instanceof Refused) return refused(document, type);
  const { engine } = rules;
  const prepared = engine.prepare(document, params.operationName);
  const hash = pendingKeeps.get(params);
  if (hash !== undefined && !('stage' in prepared)) rules.persisted?.keep(hash, document);
  if ('stage' in prepared) {
    return refused(
      prepared.stage === 'validate'
        ? new Refused(400, '', 'ValidationError', 200, {}, prepared.errors)
        : new Refused(
            400,
            prepared.message,
            prepared.stage === 'parse' ? 'GraphQLParseError' : 'BadRequestException',
            200,
          ),
      type,
    );
  }
  const operation = (prepared as Prepared).operation.operation;
  if (operation === 'mutation' && request.method === 'GET') {
    return refused(
      new Refused(
        405,
        'Mutations cannot be sent with GET: use POST.',
        'MethodNotAllowedException',
        405,
        { allow: 'POST' },
      ),
      type,
    );
  }
  if (operation === 'subscription') {
    return refused(
      new Refused(
        400,
        'Subscriptions are not served over HTTP requests: they need a WebSocket (AppSync real-time).',
        'UnsupportedOperation',
        200,
      ),
      type,
    );
  }
  const { auth, caller } = await call();
  if (!rules.modes.has(auth.mode)) {
    return {
      status: 401,
      body: {
        errors: [
          {
            message: `The request's auth mode (${auth.mode}) is not one of this API's (${[...rules.modes].join(', ')}).`,
            errorType: 'UnauthorizedException',
          },
        ],
      },
    };
  }
  const headers = { ...request.headers };
  delete headers.cookie;
  const result = await engine.run(prepared as Prepared, {
    variables: params.variables,
    auth,
    headers,
    domainName: request.domainName,
    caller,
  });
  if (result.refused !== undefined) {
    return refused(new Refused(400, result.refused, 'BadRequestException'), type);
  }
  if (result.variablesFailed) {
    return refused(new Refused(400, '', 'BadRequestException', 200, {}, result.errors), type);
  }
  const body: AppSyncResponseBody = { data: result.data };
  if (result.errors !== undefined) body.errors = result.errors;
  return { status: 200, body };
}

/**
 * Answers one GraphQL-over-HTTP request: one operation, or (with batching on) an array of them,
 * run one after the other and answered as an array of results in order, with status 200.
 */
export async function answerGraphQL(
  request: SizedRequest,
  rules: HttpRules,
  call: () => Promise<HttpCall>,
): Promise<HttpResponse> {
  const type = negotiate(request.headers.accept);
  if (type === undefined) {
    return respond(406, JSON_TYPE, {
      errors: [
        {
          message: `This API answers ${GRAPHQL_RESPONSE} or ${JSON_TYPE}; the request accepts only ${request.headers.accept}.`,
          errorType: 'NotAcceptableException',
        },
      ],
    });
  }
  const params = paramsOf(request, rules);
  if (params instanceof Refused) return refusal(params, type);
  // One identity and one boundary for every operation of the request.
  let resolved: Promise<HttpCall> | undefined;
  const once = () => {
    resolved ??= call();
    return resolved;
  };
  if (!Array.isArray(params)) {
    const answered = await runOperation(params, request, rules, once, type);
    return respond(answered.status, type, answered.body, answered.headers);
  }
  const results: AppSyncResponseBody[] = [];
  for (const one of params) {
    results.push((await runOperation(one, request, rules, once, JSON_TYPE)).body);
  }
  // Each result as with application/json (a batch has one status: 200), in the type negotiated.
  return respond(200, type, results as unknown as AppSyncResponseBody);
}
