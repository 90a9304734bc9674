/**
 * What `createGraphQLHandler`, `createGraphQLStreamHandler` and `createFetchHandler` share: the
 * options, checked once at start-up, and the answer to one `HttpRequest` through the engine. The
 * three differ only in how a request arrives and how the answer leaves.
 */

import { AUTH_MODES, type AuthMode, type RequestAuth } from '../engine/directives.js';
import { checkSettings, createEngine, type Engine, Lru, routeTable } from '../engine/engine.js';
import { idePage } from '../engine/ide-page.js';
import { inProcessCaller } from '../engine/in-process.js';
import { buildAppSyncSchema, type SchemaSource } from '../engine/schema.js';
import type { AppSyncIdentity, LambdaContext } from '../event.js';
import { identityGroups, identityKind } from '../identity.js';
import type { HttpRequest, HttpResponse } from './events.js';
import {
  answerGraphQL,
  type HttpRules,
  type PersistedDocuments,
  PREFLIGHT_HEADERS,
} from './graphql-over-http.js';

/** Lambda's synchronous payload limit, 6 MiB: the default largest request body. */
const DEFAULT_MAX_BODY_BYTES = 6_291_456;

/** An app from `createResolver()`: its routes say which fields it serves, and how it batches. */
export interface GraphQLApp {
  resolve(event: unknown, context?: LambdaContext): Promise<unknown>;
  routes(): readonly { typeName: string; fieldName: string; maxBatchSize?: number | undefined }[];
}

/** Cross-origin requests from browsers: off unless given. */
export interface CorsOptions {
  /** The origins whose pages may call the API: a list, `'*'` for any, or a test. */
  origins: readonly string[] | '*' | ((origin: string) => boolean);
  /** Let pages send cookies and `Authorization` (never with `'*'`). Default false. */
  credentials?: boolean | undefined;
  /** How long browsers may cache a preflight, in seconds. Default 600. */
  maxAge?: number | undefined;
  /** Request headers pages may send besides the CORS-safe ones. Default: content-type, authorization, x-api-key and the preflight headers. */
  allowHeaders?: readonly string[] | undefined;
}

/** Options every HTTP handler takes. */
export interface GraphQLServerOptions {
  /** AppSync SDL, or the path (or `file:` URL) of a `.graphql` file: read as the emulator reads it. */
  schema: SchemaSource;
  /** The app from `createResolver()` that `app.handler()` exports for AppSync. */
  app: GraphQLApp;
  /** `Type.field` → `{ maxBatchSize }`: adds to, or overrides, the app's routes. */
  fields?: Readonly<Record<string, { maxBatchSize?: number | undefined }>> | undefined;
  /**
   * The auth modes of the API, as AppSync's are configured: the default mode admits types and
   * fields without auth directives, additional ones only where a directive names them. A
   * request's mode is the kind of its identity (`identityKind`); one in no listed mode is
   * refused with 401. Default: `{ default: 'apiKey' }`, the mode of a request without an
   * authorizer.
   */
  auth?:
    | { default?: AuthMode | undefined; additional?: readonly AuthMode[] | undefined }
    | undefined;
  /**
   * Refuse a GET, or a POST of a media type a form can send, that carries no header forcing a
   * CORS preflight (`x-graphql-preflight` …), so a page on another site cannot make a user's
   * browser run a query. Default true.
   */
  csrfPrevention?: boolean | undefined;
  /** Cross-origin requests from browsers. Default: none allowed. */
  cors?: CorsOptions | undefined;
  /**
   * What to do with routes that declare resolver code in front of the Lambda (`code`, templates,
   * `pipeline`), which only AppSync runs: `'refuse'` (the default) throws at start-up naming them;
   * `'ignore'` serves them as Direct Lambda fields, so the app gets the Direct Lambda context
   * instead of what the code would have sent.
   */
  resolverCode?: 'refuse' | 'ignore' | undefined;
  /** The largest request body, in bytes. Default 6 MiB, Lambda's limit for a buffered event. */
  maxBodyBytes?: number | undefined;
  /** How many parsed and validated documents to keep. Default 500. */
  documentCacheSize?: number | undefined;
  /** Whether `__schema` and `__type` may be queried, as AppSync's API setting. Default true. */
  introspection?: boolean | undefined;
  /** AppSync's query depth limit, 1–75: deeper fields resolve to `null` with an error. */
  queryDepthLimit?: number | undefined;
  /** AppSync's resolver count limit, 1–10,000: resolver calls past it fail their field. */
  resolverCountLimit?: number | undefined;
  /**
   * Operation batching: a POST whose body is an array of operations is answered with an array
   * of results, in order (run one after the other). Off by default; `true` takes up to 10,
   * `{ max }` up to `max`.
   */
  batching?: boolean | { max: number } | undefined;
  /**
   * Documents sent by hash (`extensions.persistedQuery` with a SHA-256): `'automatic'` keeps each
   * document a client sends with its hash, in this process, up to 1,000 (Apollo's automatic
   * persisted queries; `{ automatic: { max } }` keeps up to `max`); `{ allowList }` maps the
   * SHA-256 hashes of the only documents that run to their text (sent by hash, or by text with
   * its hash).
   */
  persistedQueries?:
    | 'automatic'
    | { automatic: { max: number } }
    | { allowList: Readonly<Record<string, string>> }
    | undefined;
  /**
   * Called first for every request (after CORS preflights): for logging, tracing, or to answer it
   * yourself. Return a response to send it instead (`{ status, headers?, body? }`), headers to
   * add to the answer (`{ headers }`), or nothing.
   */
  onRequest?:
    | ((request: HttpRequest) => OnRequestResult | undefined | Promise<OnRequestResult | undefined>)
    | undefined;
  /**
   * A GraphiQL page for browsers (a GET that accepts `text/html`), loaded from a CDN: off by
   * default. `true` loads graphiql@3 and React 18 from unpkg.com; `{ cdn }` from another base URL
   * that serves the same paths.
   */
  ide?: boolean | { cdn: string } | undefined;
}

/** What an `onRequest` hook may return: a response to send, or headers for the answer. */
export interface OnRequestResult {
  status?: number | undefined;
  headers?: Readonly<Record<string, string>> | undefined;
  body?: string | undefined;
}

/** The checked configuration of a server. */
export interface Server {
  readonly engine: Engine;
  readonly rules: HttpRules;
  readonly cors: CorsOptions | undefined;
  readonly app: GraphQLApp;
  readonly onRequest: GraphQLServerOptions['onRequest'];
  /** The CDN the IDE page loads from; `undefined`: no page. */
  readonly ide: string | undefined;
}

function fail(who: string, message: string): never {
  throw new TypeError(`${who}: ${message}`);
}

/** Checks the options and builds the engine: every mistake is a `TypeError` at start-up. */
export function createServer(options: GraphQLServerOptions, who: string): Server {
  if (typeof options !== 'object' || options === null) {
    fail(who, 'expects options such as { schema, app }.');
  }
  const { app } = options;
  if (
    typeof app !== 'object' ||
    app === null ||
    typeof app.resolve !== 'function' ||
    typeof app.routes !== 'function'
  ) {
    fail(who, 'app must be the app from createResolver(), with its resolve() and routes().');
  }
  const schema = buildAppSyncSchema(options.schema);
  const routes = routeTable(schema, {
    routes: app.routes(),
    fields: options.fields,
    who,
    none: 'the app serves no field; register resolvers, or list the fields it serves in fields.',
  });
  const { resolverCode = 'refuse' } = options;
  if (resolverCode !== 'refuse' && resolverCode !== 'ignore') {
    fail(
      who,
      `resolverCode must be 'refuse' or 'ignore'; received ${JSON.stringify(resolverCode)}.`,
    );
  }
  const coded = [...routes.values()].filter((route) => route.front !== undefined);
  if (coded.length > 0 && resolverCode === 'refuse') {
    fail(
      who,
      `${coded.map((route) => route.key).join(', ')} declare${coded.length === 1 ? 's' : ''} resolver code in front of the Lambda (code, templates or a pipeline), which only AppSync runs: without AppSync the app is called directly. Serve ${coded.length === 1 ? 'it' : 'them'} through AppSync, or pass resolverCode: 'ignore' to serve ${coded.length === 1 ? 'it' : 'them'} as Direct Lambda fields.`,
    );
  }
  // Served as Direct Lambda: the app gets the context the code would have replaced.
  for (const route of coded) delete route.front;
  const defaultMode = options.auth?.default ?? 'apiKey';
  const modes = new Set<AuthMode>([defaultMode, ...(options.auth?.additional ?? [])]);
  for (const mode of modes) {
    if (!AUTH_MODES.includes(mode)) {
      fail(who, `auth modes are ${AUTH_MODES.join(', ')}; received ${JSON.stringify(mode)}.`);
    }
  }
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (!(Number.isInteger(maxBodyBytes) && maxBodyBytes > 0)) {
    fail(
      who,
      `maxBodyBytes must be a whole number of bytes above 0; received ${String(maxBodyBytes)}.`,
    );
  }
  const { cors } = options;
  if (cors !== undefined) {
    const { origins } = cors;
    if (origins !== '*' && typeof origins !== 'function' && !Array.isArray(origins)) {
      fail(who, "cors.origins must be a list of origins, '*' or a function of the origin.");
    }
    if (origins === '*' && cors.credentials === true) {
      fail(
        who,
        "cors.credentials cannot be true with origins '*': browsers refuse it; list the origins.",
      );
    }
  }
  const engine = createEngine({
    schema,
    routes,
    defaultAuthMode: defaultMode,
    documentCacheSize: options.documentCacheSize,
    settings: checkSettings(options, who),
  });
  return {
    engine,
    app,
    cors,
    onRequest: checkHook(options.onRequest, who),
    ide: ideOf(options.ide, who),
    rules: {
      engine,
      maxBodyBytes,
      csrfPrevention: options.csrfPrevention ?? true,
      modes,
      batchLimit: batchLimitOf(options.batching, who),
      persisted: persistedOf(options.persistedQueries, who),
    },
  };
}

function checkHook<T>(hook: T, who: string): T {
  if (hook !== undefined && typeof hook !== 'function') {
    fail(
      who,
      'onRequest must be a function (request) => { status, headers, body } | { headers } | undefined.',
    );
  }
  return hook;
}

function batchLimitOf(batching: GraphQLServerOptions['batching'], who: string): number {
  if (batching === undefined || batching === false) return 0;
  if (batching === true) return 10;
  const max = (batching as { max?: unknown }).max;
  if (!(Number.isInteger(max) && (max as number) >= 1 && (max as number) <= 1000)) {
    fail(
      who,
      `batching.max must be a whole number of operations from 1 to 1000; received ${String(max)}.`,
    );
  }
  return max as number;
}

/** The hex SHA-256 of a text, computed synchronously for an allow-list at start-up. */
function allowListOf(list: Readonly<Record<string, string>>, who: string) {
  const documents = new Map<string, string>();
  if (Array.isArray(list)) {
    fail(
      who,
      'persistedQueries.allowList maps the SHA-256 hashes of documents to their text: give { "<sha256 hex>": "<document>" }, not a list.',
    );
  }
  for (const [hash, query] of Object.entries(list as Record<string, string>)) {
    if (!/^[0-9a-f]{64}$/.test(hash) || typeof query !== 'string') {
      fail(
        who,
        `persistedQueries.allowList maps lower-case hex SHA-256 hashes to documents; ${JSON.stringify(hash)} is not one.`,
      );
    }
    documents.set(hash, query);
  }
  return documents;
}

function persistedOf(
  option: GraphQLServerOptions['persistedQueries'],
  who: string,
): PersistedDocuments | undefined {
  if (option === undefined) return undefined;
  if (typeof option === 'object' && option !== null && 'allowList' in option) {
    const documents = allowListOf(option.allowList, who);
    return { mode: 'allow-list', lookup: (hash) => documents.get(hash), keep() {} };
  }
  const max =
    option === 'automatic' ? 1000 : (option as { automatic?: { max?: unknown } }).automatic?.max;
  if (!(Number.isInteger(max) && (max as number) >= 1)) {
    fail(who, "persistedQueries is 'automatic', { automatic: { max } } or { allowList }.");
  }
  const kept = new Lru<string, string>(max as number);
  return {
    mode: 'automatic',
    lookup: (hash) => kept.get(hash),
    keep: (hash, query) => kept.set(hash, query),
  };
}

/** The GraphiQL assets' base URL, or `undefined` when the page is off. */
function ideOf(ide: GraphQLServerOptions['ide'], who: string): string | undefined {
  if (ide === undefined || ide === false) return undefined;
  if (ide === true) return 'https://unpkg.com';
  const cdn = (ide as { cdn?: unknown }).cdn;
  if (typeof cdn !== 'string' || !/^https:\/\//.test(cdn)) {
    fail(who, 'ide.cdn must be the https base URL of a CDN that serves npm packages by path.');
  }
  return (cdn as string).replace(/\/+$/, '');
}

/** The request auth of an identity: its mode, and its Cognito groups for `cognito_groups`. */
export function requestAuth(identity: AppSyncIdentity): RequestAuth {
  const mode = identityKind(identity);
  return {
    // An identity of no known shape matches no mode: refused with 401.
    mode: mode ?? ('unknown' as AuthMode),
    identity,
    groups: mode === 'cognito' ? identityGroups(identity) : [],
    deniedFields: [],
  };
}

const CORS_SAFE_HEADERS = ['content-type', 'authorization', 'x-api-key', ...PREFLIGHT_HEADERS];

/** The CORS headers of an answer to `origin`, or none when the origin is not allowed. */
function corsHeaders(cors: CorsOptions, origin: string | undefined): Record<string, string> {
  const { origins } = cors;
  // The answer depends on the origin whenever origins are listed: shared caches must know.
  const vary: Record<string, string> = origins === '*' ? {} : { vary: 'origin' };
  if (origin === undefined) return vary;
  const allowed =
    origins === '*'
      ? true
      : typeof origins === 'function'
        ? origins(origin)
        : origins.includes(origin);
  if (!allowed) return vary;
  const headers: Record<string, string> = {
    'access-control-allow-origin': origins === '*' ? '*' : origin,
    ...vary,
  };
  if (cors.credentials === true) headers['access-control-allow-credentials'] = 'true';
  return headers;
}

/**
 * Answers one request: a CORS preflight, or a GraphQL request run through the engine with the
 * app in process (`lambda` is the invocation's context, so resolvers keep their deadline).
 */
export async function answer(
  server: Server,
  request: HttpRequest,
  identity: () => AppSyncIdentity | Promise<AppSyncIdentity>,
  lambda: LambdaContext | undefined,
): Promise<HttpResponse> {
  const { cors } = server;
  const origin = request.headers.origin;
  if (request.method === 'OPTIONS' && cors !== undefined) {
    const headers = corsHeaders(cors, origin);
    if (headers['access-control-allow-origin'] !== undefined) {
      headers['access-control-allow-methods'] = 'GET, POST, OPTIONS';
      headers['access-control-allow-headers'] = (cors.allowHeaders ?? CORS_SAFE_HEADERS).join(', ');
      headers['access-control-max-age'] = String(cors.maxAge ?? 600);
    }
    return { status: 204, headers, cookies: [], body: '' };
  }
  const hooked = server.onRequest === undefined ? undefined : await server.onRequest(request);
  let response: HttpResponse;
  const extra = cookiesApart(hooked?.headers);
  if (hooked?.status !== undefined) {
    response = { status: hooked.status, ...extra, body: hooked.body ?? '' };
  } else if (server.ide !== undefined && wantsPage(request)) {
    response = ideResponse(server.ide);
  } else {
    response = await answerGraphQL(request, server.rules, async () => ({
      auth: requestAuth(await identity()),
      caller: inProcessCaller(server.app, lambda),
    }));
    Object.assign(response.headers, extra.headers);
    response.cookies.push(...extra.cookies);
  }
  if (cors !== undefined) Object.assign(response.headers, corsHeaders(cors, origin));
  return response;
}

/** Headers of a hook, with `Set-Cookie` taken out into cookies (each payload sends them its way). */
function cookiesApart(headers: Readonly<Record<string, string>> | undefined): {
  headers: Record<string, string>;
  cookies: string[];
} {
  const out: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() === 'set-cookie') cookies.push(value);
    else out[name] = value;
  }
  return { headers: out, cookies };
}

/** A browser asking for a page: a GET that accepts HTML and sends no GraphQL parameters. */
function wantsPage(request: HttpRequest): boolean {
  return (
    request.method === 'GET' &&
    (request.headers.accept ?? '').includes('text/html') &&
    request.query.query === undefined &&
    request.query.extensions === undefined
  );
}

/** The GraphiQL page, its files from `cdn` at pinned major versions. */
function ideResponse(cdn: string): HttpResponse {
  const body = idePage({
    title: 'GraphQL',
    // The page posts to its own address, as the browser sees it: the request's path may lack a
    // REST API's stage, or be a client's `//other.host` trick.
    endpoint: undefined,
    query: '{ __typename }',
    headers: '{}',
    css: { url: `${cdn}/graphiql@3/graphiql.min.css` },
    scripts: [
      { url: `${cdn}/react@18/umd/react.production.min.js` },
      { url: `${cdn}/react-dom@18/umd/react-dom.production.min.js` },
      { url: `${cdn}/graphiql@3/graphiql.min.js` },
    ],
  });
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    cookies: [],
    body,
  };
}
