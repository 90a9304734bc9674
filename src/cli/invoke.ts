import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { AppSyncIdentity } from '../event.js';
import type { IdentityKind } from '../identity.js';
import {
  type BatchItemOptions,
  batchEvent,
  type FixtureName,
  fixtureNames,
  type InvokeResult,
  identityKinds,
  invoke,
  invokeEvent,
  isIdentityKind,
  lambdaContext,
  loadFixture,
} from '../testing/index.js';
import { closest, didYouMean, type ParsedFlags, planCommand, UsageError } from './args.js';
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
  'remaining-ms': 'string',
  'request-id': 'string',
  raw: 'boolean',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

/** The flags that only shape an event built from --field. */
const FIELD_FLAGS = ['args', 'source', 'sources', 'identity', 'headers', 'selection'] as const;

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
         (--field <Type.field> [--args <json> …] | --event <file.json> | --fixture <name>) [flags]

Calls a Lambda handler once, as AppSync would, and prints what AppSync makes of the answer as
JSON: { "data": … } or { "error": { "errorType", "errorMessage" } } for an Invoke, an array of
those (one per item, in order) for a BatchInvoke. Whatever the handler prints to stdout goes to
stderr, so stdout holds only the result and can be piped to jq.

The handler
  --handler <file>      The handler module: .ts, .mts, .cts (bundled with esbuild, honouring
                        tsconfig paths), .js, .mjs or .cjs. Relative to the working directory.
                          --handler src/handler.ts
  --export <name>       The export to call: a Lambda handler function or an app from
                        createResolver(). Default: handler, else app, else the default export.
                          --export graphqlHandler

The event: exactly one of --event, --fixture and --field
  --event <file.json>   Send the event in this JSON file as is (Invoke, BatchInvoke, a
                        mapping-document or template payload, an Amplify @function event).
                          --event events/get-post.json
  --fixture <name>      Send a fixture shipped with appsync-direct. The fixtures:
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
  --headers <json>      Request headers merged over the defaults, a JSON object of strings.
                          --headers '{"x-tenant-id":"t-1"}'
  --selection <list>    info.selectionSetList, comma-separated, nested fields as parent/child.
                          --selection id,title,author,author/name

The Lambda context
  --remaining-ms <n>    Milliseconds left before the Lambda deadline. Default 30000.
                          --remaining-ms 500
  --request-id <id>     The context's awsRequestId. Default: a random UUID.
                          --request-id req-1

Output
  --raw                 Print what the handler returned, as Lambda sends it to AppSync, instead
                        of AppSync's view; a thrown error prints as { "errorType", "errorMessage" }.
                          --raw
  -h, --help            Show this help.

Exit codes
  0  every result is data
  1  the result, or any batch item, is an error; or the response breaks the Lambda/AppSync
     contract (not JSON-serialisable, a batch answer of the wrong length), explained on stderr
  2  bad usage (a --field the app has no resolver for, with the nearest one), or the handler
     cannot be found, built or loaded

Examples
  appsync-direct invoke --handler examples/blog/handler.ts --field Query.getPost --args '{"id":"1"}'
  appsync-direct invoke --handler src/handler.ts --field Mutation.createPost \\
    --args '{"input":{"title":"Hi"}}' --identity cognito
  appsync-direct invoke --handler src/handler.ts --field Post.author \\
    --sources '[{"authorId":"u1"},{"authorId":"u2"}]' --selection id,name
  appsync-direct invoke --handler src/handler.ts --fixture batch-3 --raw | jq .
`;

/** What to run: the handler, the event and the Lambda context, checked and built. */
interface InvokePlan {
  handler: string;
  exportName: string | undefined;
  /** `--field`, when the event was built from it. */
  field: string | undefined;
  event: unknown;
  remainingMs: number | undefined;
  requestId: string | undefined;
  raw: boolean;
}

/** How the handler finished, as Lambda saw it. */
type Outcome = { returned: unknown } | { threw: unknown };

type HandlerFunction = (event: unknown, context: unknown) => unknown;

/**
 * `appsync-direct invoke`: builds or reads the event, loads the handler, calls it through
 * `invoke()` and prints the result. Resolves to the exit code.
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
    if (plan.field !== undefined) {
      const unrouted = unroutedField(plan.field, loaded, plan.handler);
      if (unrouted !== undefined) {
        io.stderr(`appsync-direct invoke: ${unrouted}\n`);
        return 2;
      }
    }
    handler =
      loaded.kind === 'app'
        ? ((loaded.target as { handler(): HandlerFunction }).handler() as HandlerFunction)
        : (loaded.target as HandlerFunction);
  } catch (error) {
    io.stderr(`appsync-direct invoke: ${messageOf(error)}\n`);
    return 2;
  }

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
  const context = lambdaContext({ remainingMs: plan.remainingMs, requestId: plan.requestId });
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
  if ('threw' in outcome && saysMore(outcome.threw)) {
    io.stderr(`The handler threw: ${describeThrown(outcome.threw)}\n`);
  }
  const shown = plan.raw ? rawResponse(outcome) : result;
  io.stdout(`${JSON.stringify(shown, null, 2)}\n`);
  const failed = Array.isArray(result) ? result.some((item) => 'error' in item) : 'error' in result;
  return failed ? 1 : 0;
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
  return {
    handler: flags.handler,
    exportName: flags.export,
    field: flags.field,
    event: eventOf(flags, cwd),
    remainingMs: remainingMsOf(flags['remaining-ms']),
    requestId: flags['request-id'],
    raw: flags.raw === true,
  };
}

function eventOf(flags: Flags, cwd: string): unknown {
  const chosen = (['event', 'fixture', 'field'] as const).filter(
    (flag) => flags[flag] !== undefined,
  );
  if (chosen.length === 0) {
    throw new UsageError(
      'say which event to send: --field Type.field (with --args, --identity …), --event <file.json> or --fixture <name>',
    );
  }
  if (chosen.length > 1) {
    throw new UsageError(
      `${chosen.map((flag) => `--${flag} ${flags[flag]}`).join(' and ')} each choose the event; give only one of --event, --fixture and --field`,
    );
  }
  if (flags.field === undefined) {
    const extra = FIELD_FLAGS.find((flag) => flags[flag] !== undefined);
    if (extra !== undefined) {
      throw new UsageError(
        `--${extra} shapes an event built with --field; the event of --${chosen[0]} is sent as is (edit a copy of it and pass it with --event)`,
      );
    }
    return flags.event !== undefined ? readEvent(flags.event, cwd) : fixtureEvent(flags.fixture);
  }
  return fieldEvent(flags.field, flags);
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
