import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppSyncIdentity } from '../event.js';
import { type HttpPayload, payloadOf } from '../http/events.js';
import type { IdentityKind } from '../identity.js';
import {
  type BatchItemOptions,
  batchEvent,
  type FixtureName,
  fixtureNames,
  type HttpAuthorizerKind,
  type HttpEventOptions,
  httpEvent,
  type InvokeResult,
  identityKinds,
  invoke,
  invokeEvent,
  isIdentityKind,
  lambdaContext,
  loadFixture,
} from '../testing/index.js';
import {
  closest,
  didYouMean,
  documentFlag,
  type ParsedFlags,
  planCommand,
  UsageError,
} from './args.js';
import { type CliIO, describeThrown, messageOf } from './io.js';
import { type LoadedHandler, loadHandler } from './load-handler.js';
import { withStdoutTo } from './redirect.js';

const FLAGS = {
  handler: 'string',
  export: 'string',
  event: 'string',
  fixture: 'string',
  field: 'string',
  args: 'string',
  source: 'string',
  sources: 'string',
  identity: 'string',
  headers: 'string',
  selection: 'string',
  http: 'string',
  query: 'string',
  variables: 'string',
  'operation-name': 'string',
  method: 'string',
  authorizer: 'string',
  'remaining-ms': 'string',
  'request-id': 'string',
  raw: 'boolean',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

/** The flags that only shape an AppSync event built from --field. */
const FIELD_FLAGS = ['args', 'source', 'sources', 'identity', 'selection'] as const;

/** The flags that only shape an HTTP event built from --http. */
const HTTP_FLAGS = ['query', 'variables', 'operation-name', 'method', 'authorizer'] as const;

/** What to use with --http instead of each AppSync flag. */
const INSTEAD_OF_FIELD_FLAG: Readonly<Record<(typeof FIELD_FLAGS)[number], string>> = {
  args: `an HTTP request passes arguments in the document or as variables: --variables '{"id":"1"}' with --query 'query ($id: ID!) { getPost(id: $id) { id } }'`,
  source:
    'an HTTP request has no parent object: the handler resolves nested fields itself, from the fields --query selects',
  sources:
    'an HTTP request has no parent objects: the handler batches nested fields itself, from the fields --query selects',
  identity:
    'an HTTP request carries its caller in the authorizer part of the event: --authorizer none, cognito, oidc, lambda or iam',
  selection:
    'an HTTP request selects fields in its document: --query \'{ getPost(id: "1") { id title } }\'',
};

/** What to use with --field instead of each HTTP flag. */
const INSTEAD_OF_HTTP_FLAG: Readonly<Record<(typeof HTTP_FLAGS)[number], string>> = {
  query: 'an AppSync event names one field: --field Type.field with --args',
  variables: `an AppSync event carries the field's arguments: --args '{"id":"1"}'`,
  'operation-name': 'an AppSync event names one field: --field Type.field',
  method:
    'AppSync invokes a Lambda the same way for queries and mutations: --field Query.x or Mutation.x',
  authorizer:
    'an AppSync event carries its caller as the identity: --identity apiKey, iam, cognito, oidc or lambda',
};

const PAYLOADS: readonly HttpPayload[] = ['v1', 'v2', 'url', 'alb'];

/** How each payload is named in messages. */
const PAYLOAD_NAMES: Readonly<Record<HttpPayload, string>> = {
  v1: 'an API Gateway REST API (payload 1.0)',
  v2: 'an API Gateway HTTP API (payload 2.0)',
  url: 'a Lambda function URL',
  alb: 'an Application Load Balancer',
};

const AUTHORIZERS: readonly HttpAuthorizerKind[] = ['none', 'cognito', 'oidc', 'lambda', 'iam'];

const FIELD_KEY = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

function wrap(words: readonly string[], indent: string, width = 96): string {
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line !== '' && indent.length + line.length + word.length + 1 > width) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? word : `${line} ${word}`;
  }
  lines.push(line);
  return lines.map((text) => `${indent}${text}`).join('\n');
}

/** `appsync-direct invoke --help`. */
export const INVOKE_HELP = `Usage: appsync-direct invoke --handler <file>
         (--field <Type.field> [--args <json> …] | --http <v1|v2|url|alb> --query <document> […]
          | --event <file.json> | --fixture <name>) [flags]

Calls a Lambda handler once, as AppSync would, and prints what AppSync makes of the answer as
JSON: { "data": … } or { "error": { "errorType", "errorMessage" } } for an Invoke, an array of
those (one per item, in order) for a BatchInvoke. An HTTP event (built with --http, or an --event
or --fixture of that shape) is sent as API Gateway, a function URL or ALB sends it, and the HTTP
response is printed instead: { "status", "headers", "body" }, with "cookies" when it sets any and
the body parsed when it is JSON. Whatever the handler prints to stdout goes to stderr, so stdout
holds only the result and can be piped to jq.

The handler
  --handler <file>      The handler module: .ts, .mts, .cts (bundled with esbuild, honouring
                        tsconfig paths), .js, .mjs or .cjs. Relative to the working directory.
                          --handler src/handler.ts
  --export <name>       The export to call: a Lambda handler function or an app from
                        createResolver(). Default: handler, else app, else the default export.
                          --export graphqlHandler

The event: exactly one of --event, --fixture, --field and --http
  --event <file.json>   Send the event in this JSON file as is (Invoke, BatchInvoke, a
                        mapping-document or template payload, an Amplify @function event, or
                        the event of an HTTP request to API Gateway, a function URL or ALB).
                          --event events/get-post.json
  --fixture <name>      Send a fixture shipped with appsync-direct (the http-* ones are HTTP
                        events). The fixtures:
${wrap(
  fixtureNames.map((name, i) => (i < fixtureNames.length - 1 ? `${name},` : name)),
  ' '.repeat(26),
)}
                          --fixture batch-3
  --field <Type.field>  Build an Invoke event for this field (a BatchInvoke with --sources).
                          --field Query.getPost
  --args <json>         The field's arguments, a JSON object. Default {}.
                          --args '{"id":"1"}'
  --source <json>       The parent object of a nested field, a JSON object. Default null.
                          --source '{"id":"1","authorId":"u1"}'
  --sources <json>      A BatchInvoke: a JSON array of parent objects, one item per parent.
                          --sources '[{"authorId":"u1"},{"authorId":"u2"}]'
  --identity <caller>   Who calls: apiKey (the default), iam, cognito, oidc, lambda, or an
                        identity as a JSON object.
                          --identity cognito
                          --identity '{"resolverContext":{"tenantId":"t-1"}}'
  --headers <json>      Request headers merged over the defaults, a JSON object of strings
                        (with --field or --http).
                          --headers '{"x-tenant-id":"t-1"}'
  --selection <list>    info.selectionSetList, comma-separated, nested fields as parent/child.
                          --selection id,title,author,author/name

An HTTP request (a handler of appsync-direct/http)
  --http <payload>      Build the Lambda event of a GraphQL request over HTTP: v1 (a REST API,
                        payload 1.0), v2 (an HTTP API, payload 2.0), url (a function URL) or
                        alb (an Application Load Balancer).
                          --http v2
  --query <document>    The GraphQL document, or a .graphql file holding it. Required.
                          --query '{ getPost(id: "1") { id title } }'
                          --query queries/get-post.graphql
  --variables <json>    The operation's variables, a JSON object.
                          --variables '{"id":"1"}'
  --operation-name <name>
                        The operation to run, when the document holds several.
                          --operation-name GetPost
  --method <method>     POST (the default: a JSON body) or GET (the query string). With CSRF
                        prevention on, as it is by default, a GET needs a preflight header:
                        --headers '{"x-graphql-preflight":"1"}'.
                          --method GET
  --authorizer <kind>   Who the authorizer says calls: none (the default), cognito, oidc,
                        lambda or iam. A function URL has none or iam, ALB none.
                          --authorizer cognito
  --headers <json>      As above; a Cookie header is sent as the request's cookies.
                          --headers '{"x-graphql-preflight":"1","cookie":"session=1"}'

The Lambda context
  --remaining-ms <n>    Milliseconds left before the Lambda deadline. Default 30000.
                          --remaining-ms 500
  --request-id <id>     The context's awsRequestId. Default: a random UUID.
                          --request-id req-1

Output
  --raw                 Print what the handler returned, as Lambda sends it to AppSync (or to
                        API Gateway, the function URL or ALB) instead of what they make of it;
                        a thrown error prints as { "errorType", "errorMessage" }.
                          --raw
  -h, --help            Show this help.

Exit codes
  0  every result is data; for an HTTP request, a 2xx response without "errors" in its body
  1  the result, or any batch item, is an error; an HTTP response with another status or with
     "errors"; or the response breaks the Lambda contract (not JSON-serialisable, a batch answer
     of the wrong length, an HTTP answer the service cannot read), explained on stderr
  2  bad usage (a --field the app has no resolver for, with the nearest one; an AppSync flag
     with --http), or the handler cannot be found, built or loaded

Examples
  appsync-direct invoke --handler examples/blog/handler.ts --field Query.getPost --args '{"id":"1"}'
  appsync-direct invoke --handler src/handler.ts --field Mutation.createPost \\
    --args '{"input":{"title":"Hi"}}' --identity cognito
  appsync-direct invoke --handler src/handler.ts --field Post.author \\
    --sources '[{"authorId":"u1"},{"authorId":"u2"}]' --selection id,name
  appsync-direct invoke --handler src/handler.ts --fixture batch-3 --raw | jq .
  appsync-direct invoke --handler src/http.ts --http v2 --query '{ getPost(id: "1") { title } }'
  appsync-direct invoke --handler src/http.ts --http v1 --authorizer cognito \\
    --query 'query Get($id: ID!) { getPost(id: $id) { title } }' --variables '{"id":"1"}'
  appsync-direct invoke --handler src/http.ts --fixture http-v2-jwt-cognito | jq .body
`;

/** What to run: the handler, the event and the Lambda context, checked and built. */
interface InvokePlan {
  handler: string;
  exportName: string | undefined;
  /** `--field`, when the event was built from it. */
  field: string | undefined;
  event: unknown;
  /** Set when the event is an HTTP request: its payload, and the flag that chose it. */
  http: { payload: HttpPayload; chosenBy: string } | undefined;
  remainingMs: number | undefined;
  requestId: string | undefined;
  raw: boolean;
}

/** How the handler finished, as Lambda saw it. */
type Outcome = { returned: unknown } | { threw: unknown };

type HandlerFunction = (event: unknown, context: unknown) => unknown;

/**
 * `appsync-direct invoke`: builds or reads the event, loads the handler, calls it (through
 * `invoke()` for an AppSync event, directly for an HTTP one) and prints the result. Resolves to
 * the exit code.
 */
export async function invokeCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const planned = planCommand('invoke', argv, FLAGS, INVOKE_HELP, io, planInvoke);
  if ('exitCode' in planned) return planned.exitCode;
  const { plan } = planned;

  let handler: HandlerFunction;
  try {
    const loaded = await withStdoutTo(io.stderr, () =>
      loadHandler(plan.handler, { cwd: io.cwd, exportName: plan.exportName }),
    );
    const refused =
      plan.http !== undefined
        ? appSyncOnly(plan.http, loaded, plan.handler)
        : plan.field !== undefined
          ? unroutedField(plan.field, loaded, plan.handler)
          : undefined;
    if (refused !== undefined) {
      io.stderr(`appsync-direct invoke: ${refused}\n`);
      return 2;
    }
    handler =
      loaded.kind === 'app'
        ? ((loaded.target as { handler(): HandlerFunction }).handler() as HandlerFunction)
        : (loaded.target as HandlerFunction);
  } catch (error) {
    io.stderr(`appsync-direct invoke: ${messageOf(error)}\n`);
    return 2;
  }

  const context = lambdaContext({ remainingMs: plan.remainingMs, requestId: plan.requestId });
  if (plan.http !== undefined) return invokeHttp(handler, plan, context, io);

  let outcome: Outcome = { returned: undefined };
  const recorded = async (event: unknown, context: unknown): Promise<unknown> => {
    try {
      const value = await handler(event, context);
      outcome = { returned: value };
      return value;
    } catch (thrown) {
      outcome = { threw: thrown };
      throw thrown;
    }
  };
  let result: InvokeResult | InvokeResult[];
  try {
    result = await withStdoutTo(io.stderr, () => invoke(recorded, plan.event, context));
  } catch (error) {
    io.stderr(`appsync-direct invoke: ${messageOf(error)}\n`);
    return 1;
  }
  // What AppSync shows is printed below. An error with more to it (a stack, from a handler of the
  // user's own) is shown whole on stderr; an app's answer (one line: its name and message) is
  // not printed twice.
  if ('threw' in outcome) {
    if ((outcome.threw as { name?: unknown } | null)?.name === 'HttpEventError') {
      // A handler of appsync-direct/http refusing an AppSync event: its message is the answer.
      io.stderr(
        `--handler ${plan.handler} answers HTTP requests (appsync-direct/http): send it one with --http v2 --query '{ … }', or with an http-* fixture\n`,
      );
    } else if (saysMore(outcome.threw)) {
      io.stderr(`The handler threw: ${describeThrown(outcome.threw)}\n`);
    }
  }
  const shown = plan.raw ? rawResponse(outcome) : result;
  io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
  const failed = Array.isArray(result) ? result.some((item) => 'error' in item) : 'error' in result;
  return failed ? 1 : 0;
}

/**
 * Calls the handler with an HTTP event, as API Gateway, a function URL or ALB would, and prints
 * the HTTP response: status, headers, cookies and body (parsed when JSON). Exit 0 for a 2xx
 * without GraphQL errors, 1 otherwise.
 */
async function invokeHttp(
  handler: HandlerFunction,
  plan: InvokePlan,
  context: unknown,
  io: CliIO,
): Promise<number> {
  let outcome: Outcome;
  try {
    outcome = { returned: await withStdoutTo(io.stderr, async () => handler(plan.event, context)) };
  } catch (thrown) {
    outcome = { threw: thrown };
  }
  if ('threw' in outcome) {
    // API Gateway, a function URL and ALB answer a failed invocation with a bare 502 of their
    // own: what the handler threw is all there is to show.
    io.stderr(`The handler threw: ${describeThrown(outcome.threw)}\n`);
    if (plan.raw) io.stdout(`${JSON.stringify(rawResponse(outcome), null, 2)}\n`);
    return 1;
  }
  const returned = outcome.returned;
  const { payload, chosenBy } = plan.http as NonNullable<InvokePlan['http']>;
  const reading = readHttpResult(returned, payload, plan.event);
  if ('problem' in reading) {
    io.stderr(
      `appsync-direct invoke: the handler's answer to ${chosenBy} is not an HTTP response: ${reading.problem}. A handler of appsync-direct/http (createGraphQLHandler) returns one.\n`,
    );
  } else {
    for (const note of reading.notes) io.stderr(`Note: ${note}.\n`);
  }
  const shown = plan.raw || 'problem' in reading ? (returned ?? null) : reading.view;
  let text: string;
  try {
    text = JSON.stringify(shown, null, 2) ?? 'null';
  } catch (error) {
    io.stderr(
      `appsync-direct invoke: the handler's answer is not JSON-serialisable, so Lambda cannot send it: ${messageOf(error)}\n`,
    );
    return 1;
  }
  io.stdout(`${text}\n`);
  if ('problem' in reading) return 1;
  const { status, body } = reading.view;
  return status >= 200 && status < 300 && !hasErrors(body) ? 0 : 1;
}

/** The HTTP response as the command prints it. */
interface HttpView {
  status: number;
  headers: Record<string, string>;
  cookies?: string[];
  /** Parsed when the content type is JSON, else the text. */
  body: unknown;
  /** Only for a binary body, kept base64-encoded. */
  isBase64Encoded?: true;
}

/** What the service makes of the handler's answer, or why it cannot read it. */
type HttpReading = { view: HttpView; notes: string[] } | { problem: string };

/**
 * The HTTP response the service sends for a Lambda result, read as AWS documents it (the pages
 * cited in src/http/events.ts): a REST API (payload 1.0) merges `headers` and `multiValueHeaders`; an HTTP
 * API and a function URL read `headers` and `cookies`, and send an answer without `statusCode` as
 * a 200 JSON body; ALB reads `multiValueHeaders` when its target group has them on (the event
 * carries them), else `headers`. `Set-Cookie` is shown apart, as `cookies`; a base64 body is
 * decoded when it is text. Keys the service ignores are named in `notes`.
 */
function readHttpResult(returned: unknown, payload: HttpPayload, event: unknown): HttpReading {
  const service = PAYLOAD_NAMES[payload];
  const inferred = payload === 'v2' || payload === 'url';
  if (!isObject(returned) || returned.statusCode === undefined) {
    if (!inferred) {
      return {
        problem: `it has no statusCode, so ${service} answers 502 Bad Gateway: return { statusCode, headers, body }`,
      };
    }
    return {
      view: {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: typeof returned === 'string' ? parsedBody(returned, true) : (returned ?? null),
      },
      notes: [`the answer has no statusCode: ${service} sends it as the JSON body of a 200`],
    };
  }
  const { statusCode, body } = returned;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode)) {
    return { problem: `its statusCode is ${describeValue(statusCode)}, not an integer` };
  }
  if (body !== undefined && body !== null && typeof body !== 'string') {
    return { problem: `its body is ${describeValue(body)}, not a string (JSON.stringify it)` };
  }
  const multiAlb = payload === 'alb' && isObject(event) && isObject(event.multiValueHeaders);
  const read = {
    headers: payload !== 'alb' || !multiAlb,
    multiValueHeaders: payload === 'v1' || multiAlb,
    cookies: inferred,
  };
  const reader =
    payload === 'alb' ? `${service} (multi-value headers ${multiAlb ? 'on' : 'off'})` : service;
  const notes = (Object.keys(read) as (keyof typeof read)[])
    .filter((key) => !read[key] && returned[key] !== undefined)
    .map((key) => `${reader} ignores the answer's ${key}`);

  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  const add = (name: string, value: unknown): void => {
    if (name.toLowerCase() === 'set-cookie') {
      cookies.push(String(value));
      return;
    }
    const previous = headers[name];
    headers[name] = previous === undefined ? String(value) : `${previous}, ${String(value)}`;
  };
  if (read.headers && isObject(returned.headers)) {
    for (const [name, value] of Object.entries(returned.headers)) add(name, value);
  }
  if (read.multiValueHeaders && isObject(returned.multiValueHeaders)) {
    for (const [name, values] of Object.entries(returned.multiValueHeaders)) {
      for (const value of Array.isArray(values) ? values : [values]) add(name, value);
    }
  }
  if (read.cookies && Array.isArray(returned.cookies)) {
    cookies.push(...returned.cookies.map(String));
  }

  const type = Object.entries(headers)
    .find(([name]) => name.toLowerCase() === 'content-type')?.[1]
    ?.split(';')[0]
    ?.trim()
    .toLowerCase();
  const json = type === 'application/json' || (type?.endsWith('+json') ?? false);
  const textual = json || (type?.startsWith('text/') ?? false);
  const base64 = returned.isBase64Encoded === true;
  const text = body ?? '';
  return {
    view: {
      status: statusCode,
      headers,
      ...(cookies.length > 0 && { cookies }),
      body:
        base64 && !textual
          ? text
          : parsedBody(base64 ? Buffer.from(text, 'base64').toString('utf8') : text, json),
      ...(base64 && !textual && { isBase64Encoded: true as const }),
    },
    notes,
  };
}

/** A JSON body parsed, any other (or JSON that does not parse) as its text. */
function parsedBody(text: string, json: boolean): unknown {
  if (!json || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A value for a message: its type, and the value itself when it is short. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text !== undefined && text.length <= 40
    ? `${typeof value === 'string' ? 'the string' : `the ${typeof value}`} ${text}`
    : `a ${typeof value}`;
}

/** Whether a GraphQL response body (or any of a batch of them) carries errors. */
function hasErrors(body: unknown): boolean {
  if (Array.isArray(body)) return body.some(hasErrors);
  if (!isObject(body) || body.errors === undefined || body.errors === null) return false;
  return !Array.isArray(body.errors) || body.errors.length > 0;
}

/**
 * Why an HTTP event cannot go to this export, or `undefined` when it may: an app from
 * `createResolver()`, or its `app.handler()`, answers AppSync events only.
 */
function appSyncOnly(
  http: NonNullable<InvokePlan['http']>,
  loaded: LoadedHandler,
  handler: string,
): string | undefined {
  const what =
    loaded.kind === 'app'
      ? 'an app from createResolver()'
      : isApp(
            (loaded.target as unknown as Record<symbol, unknown>)[Symbol.for('appsync-direct.app')],
          )
        ? 'the handler() of an app from createResolver()'
        : undefined;
  if (what === undefined) return undefined;
  return (
    `${http.chosenBy} is an HTTP request to ${PAYLOAD_NAMES[http.payload]}, and export ${loaded.exportName} of ${handler} is ${what}, which answers AppSync events. ` +
    'Serve the app over HTTP with createGraphQLHandler({ schema, app }) from appsync-direct/http and point --handler (or --export) at that handler, ' +
    'or send an AppSync event: --field Type.field, or a fixture such as invoke-api-key'
  );
}

/**
 * Why `--field` cannot reach the app, or `undefined` when it may: the export called is an app, or
 * the handler of one (`app.handler()`), with no resolver for the field. The message names the
 * nearest registered key and lists them. A handler function of one's own is called as it is: it
 * may answer any field.
 */
function unroutedField(field: string, loaded: LoadedHandler, handler: string): string | undefined {
  const app =
    loaded.kind === 'app'
      ? loaded.target
      : (loaded.target as unknown as Record<symbol, unknown>)[Symbol.for('appsync-direct.app')];
  if (!isApp(app)) return undefined;
  let routes: unknown;
  try {
    routes = (app as { routes(): unknown }).routes();
  } catch {
    return undefined; // the call itself will say what is wrong
  }
  if (!Array.isArray(routes)) return undefined;
  const keys = (routes as { typeName?: unknown; fieldName?: unknown }[]).map(
    (route) => `${String(route?.typeName)}.${String(route?.fieldName)}`,
  );
  if (keys.includes(field)) return undefined;
  const where = `the app of export ${loaded.exportName} of ${handler}`;
  if (keys.length === 0) return `--field ${field}: ${where} has no routes`;
  const nearest = closest(field, keys);
  const hint = nearest === undefined ? '.' : `; did you mean ${nearest}?`;
  return `--field ${field}: no resolver is registered for it in ${where}${hint} The routes: ${keys.join(', ')}`;
}

/** Whether a thrown value says more than AppSync's view of it (its type and message). */
function saysMore(thrown: unknown): boolean {
  return !(thrown instanceof Error) || describeThrown(thrown).includes('\n');
}

/** An app from `createResolver()`, of this package copy or another: `handler()` and `routes()`. */
function isApp(value: unknown): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { handler?: unknown }).handler === 'function' &&
    typeof (value as { routes?: unknown }).routes === 'function'
  );
}

/** What Lambda hands AppSync: the returned value, or the runtime's report of a thrown one. */
function rawResponse(outcome: Outcome): unknown {
  if ('returned' in outcome) return outcome.returned ?? null;
  const thrown = outcome.threw;
  return thrown instanceof Error
    ? { errorType: thrown.name, errorMessage: thrown.message }
    : { errorType: typeof thrown, errorMessage: String(thrown) };
}

function planInvoke(flags: Flags, cwd: string): InvokePlan {
  if (flags.handler === undefined) {
    throw new UsageError(
      'say which handler to call with --handler <file>, as in --handler src/handler.ts',
    );
  }
  const { event, http } = eventOf(flags, cwd);
  return {
    handler: flags.handler,
    exportName: flags.export,
    field: flags.field,
    event,
    http,
    remainingMs: remainingMsOf(flags['remaining-ms']),
    requestId: flags['request-id'],
    raw: flags.raw === true,
  };
}

function eventOf(flags: Flags, cwd: string): Pick<InvokePlan, 'event' | 'http'> {
  const chosen = (['event', 'fixture', 'field', 'http'] as const).filter(
    (flag) => flags[flag] !== undefined,
  );
  if (chosen.length === 0) {
    throw new UsageError(
      "say which event to send: --field Type.field (with --args, --identity …), --http v2 --query '{ … }' (an HTTP request), --event <file.json> or --fixture <name>",
    );
  }
  if (flags.field !== undefined && flags.http !== undefined) {
    throw new UsageError(
      `--field ${flags.field} builds an AppSync event and --http ${flags.http} an HTTP request: give one. An HTTP request names its fields in its document, as in ${queryExample(flags.field)}`,
    );
  }
  if (chosen.length > 1) {
    throw new UsageError(
      `${chosen.map((flag) => `--${flag} ${flags[flag]}`).join(' and ')} each choose the event; give only one of --event, --fixture, --field and --http`,
    );
  }
  const [by] = chosen as [(typeof chosen)[number]];
  const chosenBy = `--${by} ${flags[by]}`;
  if (flags.http !== undefined) {
    const appSyncFlag = FIELD_FLAGS.find((flag) => flags[flag] !== undefined);
    if (appSyncFlag !== undefined) {
      throw new UsageError(
        `--${appSyncFlag} shapes an AppSync event built with --field, not an HTTP request: ${INSTEAD_OF_FIELD_FLAG[appSyncFlag]}`,
      );
    }
    return httpRequest(flags.http, flags, cwd);
  }
  const httpFlag = HTTP_FLAGS.find((flag) => flags[flag] !== undefined);
  if (httpFlag !== undefined) {
    throw new UsageError(
      flags.field !== undefined
        ? `--${httpFlag} shapes an HTTP request built with --http, not an AppSync event: ${INSTEAD_OF_HTTP_FLAG[httpFlag]}`
        : `--${httpFlag} shapes an HTTP request built with --http; the event of --${by} is sent as is (edit a copy of it and pass it with --event)`,
    );
  }
  if (flags.field === undefined) {
    const extra = [...FIELD_FLAGS, 'headers' as const].find((flag) => flags[flag] !== undefined);
    if (extra !== undefined) {
      throw new UsageError(
        `--${extra} shapes an event built with --field${extra === 'headers' ? ' or --http' : ''}; the event of --${by} is sent as is (edit a copy of it and pass it with --event)`,
      );
    }
    const event =
      flags.event !== undefined ? readEvent(flags.event, cwd) : fixtureEvent(flags.fixture);
    const payload = payloadOf(event);
    return { event, http: payload === undefined ? undefined : { payload, chosenBy } };
  }
  return { event: fieldEvent(flags.field, flags), http: undefined };
}

/** `--query '{ getPost }'` for `--field Query.getPost`: the same field as an HTTP request asks it. */
function queryExample(field: string): string {
  const [type, name] = field.split('.');
  const operation =
    type === 'Mutation' ? 'mutation ' : type === 'Subscription' ? 'subscription ' : '';
  return type === 'Query' || operation !== ''
    ? `--query '${operation}{ ${name} }'`
    : `--query '{ … }'`;
}

/** The event of `--http`: the request `--query`, `--variables` … describe, as that service sends it. */
function httpRequest(
  payloadText: string,
  flags: Flags,
  cwd: string,
): Pick<InvokePlan, 'event' | 'http'> {
  const payload = payloadText as HttpPayload;
  if (!PAYLOADS.includes(payload)) {
    throw new UsageError(
      `--http ${payloadText} is not a payload${didYouMean(payloadText, PAYLOADS)}: use v1 (a REST API, payload 1.0), v2 (an HTTP API, payload 2.0), url (a function URL) or alb (an Application Load Balancer)`,
    );
  }
  if (flags.query === undefined) {
    throw new UsageError(
      `say which GraphQL document --http ${payload} sends with --query, as in --query '{ getPost(id: "1") { id title } }' or --query get-post.graphql`,
    );
  }
  const method = methodOf(flags.method);
  const authorizer = authorizerOf(flags.authorizer, payload);
  const headers = optional(flags.headers, headersOf);
  // A Cookie header goes where the service puts the request's cookies.
  const cookieName =
    headers === undefined
      ? undefined
      : Object.keys(headers).find((name) => name.toLowerCase() === 'cookie');
  const cookies =
    cookieName === undefined
      ? undefined
      : (headers?.[cookieName] ?? '')
          .split(';')
          .map((cookie) => cookie.trim())
          .filter((cookie) => cookie !== '');
  if (headers !== undefined && cookieName !== undefined) delete headers[cookieName];
  const options: HttpEventOptions = {
    payload,
    method,
    query: documentFlag(flags.query, cwd, '{ getPost(id: "1") { id title } }'),
    variables: optional(flags.variables, (text) => jsonObject('variables', text, `'{"id":"1"}'`)),
    operationName: flags['operation-name'],
    headers,
    cookies,
    authorizer,
  };
  // The combinations httpEvent() refuses are refused above, with the flags to use instead.
  return { event: httpEvent(options), http: { payload, chosenBy: `--http ${payload}` } };
}

function methodOf(text: string | undefined): 'GET' | 'POST' {
  if (text === undefined) return 'POST';
  const method = text.toUpperCase();
  if (method === 'GET' || method === 'POST') return method;
  throw new UsageError(
    `--method ${text}: GraphQL over HTTP is sent with POST (the default) or GET (a query only)`,
  );
}

function authorizerOf(text: string | undefined, payload: HttpPayload): HttpAuthorizerKind {
  if (text === undefined) return 'none';
  const kind = text as HttpAuthorizerKind;
  if (!AUTHORIZERS.includes(kind)) {
    const hint =
      text.toLowerCase() === 'apikey'
        ? ' (an API key is no authorizer: a request without one, --authorizer none, is served in the apiKey mode)'
        : didYouMean(text, AUTHORIZERS);
    throw new UsageError(
      `--authorizer ${text} is not an authorizer${hint}: use none, cognito, oidc, lambda or iam`,
    );
  }
  if (payload === 'url' && kind !== 'none' && kind !== 'iam') {
    throw new UsageError(
      `--http url --authorizer ${kind}: a function URL's auth type is NONE or AWS_IAM, so it has no ${kind} authorizer. Use --authorizer none or iam, or --http v2 (an HTTP API${kind === 'lambda' ? '' : ', whose JWT authorizer can trust a Cognito user pool or any OIDC issuer'}) or --http v1`,
    );
  }
  if (payload === 'alb' && kind !== 'none') {
    throw new UsageError(
      `--http alb --authorizer ${kind}: an Application Load Balancer puts no authorizer in the Lambda event (its authenticate actions pass x-amzn-oidc-* headers instead). Use --authorizer none, or --http v1 or v2 for API Gateway's authorizers`,
    );
  }
  return kind;
}

function readEvent(file: string, cwd: string): unknown {
  const path = resolve(cwd, file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(
      (error as { code?: unknown }).code === 'ENOENT'
        ? `--event ${file}: there is no such file (looked for ${path})`
        : `--event ${file} cannot be read: ${messageOf(error)}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--event ${file} is not valid JSON: ${messageOf(error)}`);
  }
}

function fixtureEvent(name: string | undefined): unknown {
  const fixture = name as FixtureName;
  if (!fixtureNames.includes(fixture)) {
    throw new UsageError(
      `there is no fixture named ${JSON.stringify(name)}${didYouMean(fixture, fixtureNames)}. The fixtures are: ${fixtureNames.join(', ')}`,
    );
  }
  return loadFixture(fixture);
}

function fieldEvent(field: string, flags: Flags): unknown {
  if (!FIELD_KEY.test(field)) {
    throw new UsageError(
      `--field must be Type.field, as in --field Query.getPost; received ${JSON.stringify(field)}`,
    );
  }
  if (flags.source !== undefined && flags.sources !== undefined) {
    throw new UsageError(
      '--source and --sources both set the parent: use --source for an Invoke, --sources for a BatchInvoke',
    );
  }
  const shared: BatchItemOptions = {
    args: optional(flags.args, (text) => jsonObject('args', text, `'{"id":"1"}'`)),
    identity: optional(flags.identity, identityOf),
    headers: optional(flags.headers, headersOf),
    selectionSetList: optional(flags.selection, selectionOf),
  };
  try {
    if (flags.sources === undefined) {
      const source = optional(flags.source, (text) =>
        jsonObject('source', text, `'{"id":"1","authorId":"u1"}'`),
      );
      return invokeEvent({ ...shared, field, source });
    }
    return batchEvent(field, sourcesOf(flags.sources), shared);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(messageOf(error));
  }
}

function optional<T>(text: string | undefined, read: (text: string) => T): T | undefined {
  return text === undefined ? undefined : read(text);
}

function json(flag: string, text: string, example: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(
      `--${flag} is not valid JSON (${messageOf(error)}); received ${text}. ` +
        `Quote the whole value for the shell and use double quotes inside, as in --${flag} ${example}`,
    );
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonObject(flag: string, text: string, example: string): Record<string, unknown> {
  const value = json(flag, text, example);
  if (!isObject(value)) {
    throw new UsageError(
      `--${flag} must be a JSON object, as in --${flag} ${example}; received ${text}`,
    );
  }
  return value;
}

function identityOf(text: string): IdentityKind | AppSyncIdentity {
  if (isIdentityKind(text)) return text as IdentityKind;
  if (text.trimStart().startsWith('{')) {
    return jsonObject(
      'identity',
      text,
      `'{"resolverContext":{"tenantId":"t-1"}}'`,
    ) as unknown as AppSyncIdentity;
  }
  throw new UsageError(
    `--identity ${text} is not a caller${didYouMean(text, identityKinds)}: use apiKey, iam, cognito, oidc, lambda, or an identity as a JSON object`,
  );
}

function headersOf(text: string): Record<string, string> {
  const headers = jsonObject('headers', text, `'{"x-tenant-id":"t-1"}'`);
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value !== 'string') {
      throw new UsageError(
        `--headers values must be strings, as HTTP headers are; ${JSON.stringify(name)} is ${JSON.stringify(value)}`,
      );
    }
  }
  return headers as Record<string, string>;
}

function selectionOf(text: string): string[] {
  const list = text
    .split(',')
    .map((path) => path.trim())
    .filter((path) => path !== '');
  if (list.length === 0) {
    throw new UsageError(
      `--selection needs field names, comma-separated, as in --selection id,title,author/name; received ${JSON.stringify(text)}`,
    );
  }
  return list;
}

function sourcesOf(text: string): BatchItemOptions[] {
  const example = `'[{"authorId":"u1"},{"authorId":"u2"}]'`;
  const value = json('sources', text, example);
  if (!Array.isArray(value) || value.length === 0 || !value.every(isObject)) {
    throw new UsageError(
      `--sources must be a non-empty JSON array of parent objects, one per batch item, as in --sources ${example}; received ${text}`,
    );
  }
  return value.map((source) => ({ source }));
}

function remainingMsOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !Number.isFinite(value)) {
    throw new UsageError(
      `--remaining-ms must be a number of milliseconds ≥ 0, as in --remaining-ms 500; received ${JSON.stringify(text)}`,
    );
  }
  return value;
}
