/**
 * The APPSYNC_JS runner of the local AppSync: runs a resolver's or function's module (it exports
 * `request(ctx)` and `response(ctx)`) as AWS AppSync runs it, for fidelity with the runtime's
 * environment. It is not a security sandbox: the code runs in this process, and the host objects
 * it is given (`util`, `console`) lead back to it. Run only code you would run yourself.
 *
 * - **Built as deployed.** The module and its relative imports are bundled by esbuild, TypeScript
 *   included, `@aws-appsync/utils` left external, as the AWS guide to bundling resolver code does.
 *   That ES module bundle — what AppSync would be given — is checked by `checkAppSyncJs`, and
 *   code AppSync refuses when the resolver is created ("The code contains one or more errors"),
 *   or a module without both `request` and `response` exports, is a `TypeError` at compile time.
 *   esbuild and acorn are optional peer dependencies, loaded on the first compile.
 * - **The runtime's globals.** Each handler call runs in a fresh `node:vm` context: JavaScript's
 *   built-ins and a `console` whose calls are recorded (the outcome's `logs`); no `process`,
 *   `fetch`, timers, `Buffer`, `module` or `exports` (a ReferenceError, as in AppSync). A use of
 *   `require` is refused at compile time: esbuild bundles it as a shim that throws, which AppSync
 *   refuses. Strict mode, as the runtime's. `@aws-appsync/utils` is `createUtil` built for the call; its
 *   subpaths (`/dynamodb`, `/rds`…) throw "… is not implemented by the local AppSync" when a name
 *   is read.
 * - **Values cross as JSON.** `ctx` enters as a copy parsed in the context's realm (`ctx.args` is
 *   `ctx.arguments`); what the handler returns (or `runtime.earlyReturn` carries, or `util.error`
 *   attaches) leaves as a copy stringified there: a `Date` becomes its ISO string, `undefined`
 *   `null`, and a value JSON cannot hold (a function, a cycle, a BigInt) a `Code` error. The
 *   handler's `ctx.stash` is written back into the caller's after every call that ends (not one
 *   the timeout stops).
 * - **Errors as AppSync reports them.** A run-time error becomes `{ errorType: 'Code', message:
 *   'getPost.js:12:5: ReferenceError: x is not defined' }` (aws/aws-appsync-community#328), the
 *   position mapped back to the original file (a helper's path is relative to the module's
 *   folder) through esbuild's source map.
 * - **A guard, not a limit of AppSync's.** A call that runs longer than `timeoutMs` (default
 *   5 s, far beyond what resolver code takes; AppSync's own request timeout is 30 s) is stopped
 *   and reported as a `Code` error, so a loop over an endless iterator cannot hang the server.
 */
import { formatWithOptions } from 'node:util';
import { createContext, Script } from 'node:vm';
import type {
  AssignmentExpression,
  CallExpression,
  ExpressionStatement,
  Identifier,
  MemberExpression,
  Program,
} from 'acorn';
import { checkAppSyncJs, loadAcorn } from '../../codegen/appsync-js-rules.js';
import type { CodeSource } from '../code/declaration.js';
import type {
  CodeContext,
  CompiledHandlers,
  HandlerCall,
  HandlerOutcome,
} from '../code/handlers.js';
import {
  type AppSyncJsBundle,
  asBundled,
  buildAppSyncJs,
  checkBundle,
  type EsbuildSyncApi,
  loadEsbuild,
  missingHandlers,
  originalPosition,
  type SourceMap,
  sourceFile,
  APPSYNC_UTILS as UTILS,
} from './bundle.js';
import {
  AppSyncJsEarlyReturn,
  type AppSyncJsError,
  AppSyncJsStop,
  createUtil,
  type ExtensionCall,
  notImplemented,
} from './util.js';

/** The part of esbuild the runner uses. */
export type EsbuildApi = EsbuildSyncApi;

/** What {@link compileAppSyncJs} needs besides the source. */
export interface CompileAppSyncJsOptions {
  /** How long one handler call may run, in milliseconds, before it is stopped. Default 5000. */
  timeoutMs?: number | undefined;
  /** Loads esbuild; by default `require('esbuild')` from this package (tests replace it). */
  loadEsbuild?: (() => EsbuildApi) | undefined;
}

const DEFAULT_TIMEOUT_MS = 5000;
type HandlerName = 'request' | 'response';

/** The vm script's file name: the frames of the bundle in a stack trace. */
const BUNDLE_FILE = 'appsync-js-bundle.cjs';
// The bundle's own `require("@aws-appsync/utils")` calls are renamed to a name of the same length,
// so that columns on their lines do not move, and `module.exports` to another: the code itself
// sees no `require`, `module` or `exports`, as in AppSync's runtime.
const HOST_REQUIRE = '__req$_';
const HOST_MODULE = '__mod$_';
const WRAPPER = `(function (${HOST_MODULE}, ${HOST_REQUIRE}) {'use strict';\n`;
const BRIDGE = '__appsyncDirectBridge';

/**
 * Runs in the call's context with the timeout: evaluates the module, calls the handler with a
 * copy of ctx, and turns what came of it into JSON text in the context's realm. It takes what it
 * needs from a global and deletes it before the module runs.
 */
const BRIDGE_SCRIPT = `(() => {
  'use strict';
  const bridge = globalThis.${BRIDGE};
  delete globalThis.${BRIDGE};
  const { parse, stringify } = JSON;
  const toJson = (value) => {
    if (value === undefined) return { json: 'null' };
    let json;
    try {
      json = stringify(value);
    } catch (error) {
      return { unjsonable: String(error && error.message).split('\\n')[0] };
    }
    return json === undefined ? { unjsonable: 'it is a ' + typeof value } : { json };
  };
  let ctx;
  let record;
  try {
    const module = { exports: {} };
    bridge.factory(module, bridge.require);
    const handler = module.exports[bridge.name];
    if (typeof handler === 'function') {
      ctx = parse(bridge.ctx);
      ctx.args = ctx.arguments;
      record = { kind: 'value', result: toJson(handler(ctx)) };
    } else {
      record = { kind: 'missing', type: typeof handler };
    }
  } catch (error) {
    const kind = bridge.kindOf(error);
    if (kind === 'stop') record = { kind, result: toJson(error.error) };
    else if (kind === 'return') record = { kind, result: toJson(error.value), skipTo: error.skipTo };
    else record = { kind: 'thrown', error };
  }
  if (ctx !== undefined) record.stash = toJson(ctx.stash);
  return record;
})()`;

let bridgeScript: Script | undefined;

type Json = { json: string; unjsonable?: undefined } | { json?: undefined; unjsonable: string };

/** What the bridge script returns. */
type BridgeRecord = { stash?: Json } & (
  | { kind: 'value'; result: Json }
  | { kind: 'stop'; result: Json }
  | { kind: 'return'; result: Json; skipTo?: 'END' | 'NEXT' }
  | { kind: 'missing'; type: string }
  | { kind: 'thrown'; error: unknown }
);

/**
 * Compiles an APPSYNC_JS module into the `request` and `response` handlers the engine calls:
 * bundled, checked as AppSync checks it, then run per call in a fresh context (see the module's
 * doc comment). Throws a `TypeError` when esbuild or acorn is not installed, when the code does
 * not build, when AppSync would refuse it (each finding as `file:line:col rule: message`), and
 * when it does not export both `request` and `response`.
 *
 * @example
 * const code = compileAppSyncJs(readCodeSource('getPost.js', schemaDir, 'Query.getPost (code)'));
 * const outcome = code.request?.({ ctx, authType: 'API_KEY' });
 * // { kind: 'value', value: { operation: 'Invoke', payload: … }, appended: [], extensions: [], logs: [] }
 */
export function compileAppSyncJs(
  source: CodeSource,
  options: CompileAppSyncJsOptions = {},
): CompiledHandlers {
  const file = sourceFile(source);
  const esbuild = loadEsbuild(
    options.loadEsbuild,
    file,
    'the local AppSync bundles with esbuild (an optional peer dependency)',
    TypeError,
  );
  const bundle = (format: 'esm' | 'cjs') =>
    buildAppSyncJs(esbuild, source, { format, sourceMap: true, name: file, error: TypeError });
  refuseAsAppSync(bundle('esm'), file);
  const run = bundle('cjs');
  const module: Runnable = {
    script: new Script(`${WRAPPER}${hostBindings(run.code)}\n})`, { filename: BUNDLE_FILE }),
    file,
    map: run.map,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  return {
    language: 'APPSYNC_JS',
    name: source.name,
    request: (call) => callHandler(module, 'request', call),
    response: (call) => callHandler(module, 'response', call),
  };
}

/** Throws what AppSync refuses when the resolver is created: findings, a missing handler. */
function refuseAsAppSync(deployed: AppSyncJsBundle, file: string): void {
  const findings = checkBundle(deployed, checkAppSyncJs);
  if (findings.length > 0) {
    const lines = findings.map((f) => `  ${f.file}:${f.line}:${f.column} ${f.rule}: ${f.message}`);
    // esbuild turns a use of require() in an ES module into a shim that throws (and reads this).
    if (findings.some((f) => f.file === asBundled(file)) && /\b__require\b/.test(deployed.code)) {
      lines.push(
        `  (${asBundled(file)} is code esbuild adds for a use of require(): APPSYNC_JS has no require; import what the code needs.)`,
      );
    }
    throw new TypeError(
      `${file} is code AppSync refuses ("The code contains one or more errors"):\n${lines.join('\n')}`,
    );
  }
  const missing = missingHandlers(file, deployed.exports);
  if (missing !== undefined) throw new TypeError(missing);
}

/** A compiled module, ready to run. */
interface Runnable {
  /** Evaluates to the bundle wrapped as `function (module, require)`. */
  script: Script;
  file: string;
  map: SourceMap;
  timeout: number;
}

function callHandler(module: Runnable, name: HandlerName, call: HandlerCall): HandlerOutcome {
  const { file, timeout } = module;
  const base = {
    appended: [] as AppSyncJsError[],
    extensions: [] as ExtensionCall[],
    logs: [] as string[],
  };
  const failed = (message: string): HandlerOutcome => ({
    kind: 'error',
    error: { message: `${file}: ${message}`, errorType: 'Code' },
    ...base,
  });
  const utils = createUtil({
    authType: call.authType,
    parentTypeName: call.ctx.info.parentTypeName,
    fieldName: call.ctx.info.fieldName,
    errors: base.appended,
    extensions: base.extensions,
    ...(call.now === undefined ? {} : { now: call.now }),
  });
  let ctxJson: string;
  try {
    ctxJson = JSON.stringify(call.ctx);
  } catch (error) {
    // What the engine builds is JSON; a value an authorizer put in the identity may not be.
    return failed(
      `ctx cannot cross into the handler: JSON cannot hold it (${(error as Error).message})`,
    );
  }
  const context = createContext({ console: recordingConsole(base.logs) });
  (context as Record<string, unknown>)[BRIDGE] = {
    factory: module.script.runInContext(context),
    require: requireIn(utils),
    name,
    ctx: ctxJson,
    kindOf,
  };
  let record: BridgeRecord;
  try {
    bridgeScript ??= new Script(BRIDGE_SCRIPT, { filename: 'appsync-js-bridge.cjs' });
    record = bridgeScript.runInContext(context, { timeout }) as BridgeRecord;
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw error;
    return failed(
      `the code ran for more than ${timeout} ms and was stopped by the local AppSync (a loop that does not end?)`,
    );
  }
  const unkept = record.stash === undefined ? undefined : writeStash(call.ctx, record.stash);
  const outcome = toOutcome(record, name, file, module.map);
  if (outcome.kind === 'unjsonable') return failed(outcome.message);
  if (unkept !== undefined && outcome.kind !== 'error') {
    return failed(`ctx.stash cannot be kept: JSON cannot hold it (${unkept})`);
  }
  return { ...outcome, ...base };
}

const isUtils = (id: string): boolean => id === UTILS || id.startsWith(`${UTILS}/`);

/** Renames the bundle's `require("@aws-appsync/utils…")` and its top-level `module.exports`. */
function hostBindings(code: string): string {
  const { parse, ancestor } = loadAcorn();
  const program = parse(code, { ecmaVersion: 'latest', sourceType: 'script' }) as Program;
  const edits: { start: number; end: number; text: string }[] = [];
  ancestor(program, {
    CallExpression(node) {
      const { callee, arguments: args } = node as CallExpression;
      const [first] = args;
      if (
        callee.type === 'Identifier' &&
        callee.name === 'require' &&
        args.length === 1 &&
        first?.type === 'Literal' &&
        typeof first.value === 'string' &&
        isUtils(first.value)
      ) {
        edits.push({ start: callee.start, end: callee.end, text: HOST_REQUIRE });
      }
    },
  });
  for (const statement of program.body) {
    const expression = (statement as ExpressionStatement).expression as
      | AssignmentExpression
      | undefined;
    const target = expression?.left as MemberExpression | undefined;
    if (
      statement.type === 'ExpressionStatement' &&
      expression?.type === 'AssignmentExpression' &&
      target?.type === 'MemberExpression' &&
      target.object.type === 'Identifier' &&
      target.object.name === 'module' &&
      !target.computed &&
      (target.property as Identifier).name === 'exports'
    ) {
      edits.push({ start: target.object.start, end: target.object.end, text: HOST_MODULE });
    }
  }
  let out = code;
  for (const edit of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  }
  return out;
}

/**
 * The `require` the bundle is given: `@aws-appsync/utils` is the call's `util`, `runtime` and
 * `extensions`; a subpath is a module every name of which is not implemented.
 */
function requireIn(utils: ReturnType<typeof createUtil>): (id: string) => object {
  return (id) => {
    if (id === UTILS) return moduleOf(UTILS, utils);
    if (isUtils(id)) return moduleOf(id, {});
    throw new Error(`require("${id}"): APPSYNC_JS code imports only ${UTILS}`);
  };
}

/**
 * A module object with `values`, `__esModule` (esbuild's interop reads it), and a prototype that
 * throws "`id`.name is not implemented" for any other name — read directly, or through the
 * namespace object esbuild builds on the module's prototype.
 */
function moduleOf(id: string, values: object): object {
  const missing = new Proxy(Object.create(null) as object, {
    get(_target, property) {
      if (typeof property === 'symbol') return undefined;
      throw notImplemented(`${id}.${property}`);
    },
  });
  const module = Object.create(missing) as object;
  Object.defineProperty(module, '__esModule', { value: true });
  return Object.freeze(Object.assign(module, values));
}

function kindOf(error: unknown): 'stop' | 'return' | 'other' {
  if (error instanceof AppSyncJsStop) return 'stop';
  if (error instanceof AppSyncJsEarlyReturn) return 'return';
  return 'other';
}

const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG' };

function recordingConsole(
  logs: string[],
): Record<keyof typeof LEVELS, (...args: unknown[]) => void> {
  const record =
    (level: string) =>
    (...args: unknown[]): void => {
      logs.push(`${level} ${formatWithOptions({ colors: false }, ...args)}`);
    };
  return {
    log: record(LEVELS.log),
    info: record(LEVELS.info),
    warn: record(LEVELS.warn),
    error: record(LEVELS.error),
    debug: record(LEVELS.debug),
  };
}

/** Clears and fills `ctx.stash` from the handler's; returns why JSON could not hold it, if so. */
function writeStash(ctx: CodeContext, stash: Json): string | undefined {
  if (stash.json === undefined) return stash.unjsonable;
  const value = JSON.parse(stash.json) as unknown;
  for (const key of Object.keys(ctx.stash)) delete ctx.stash[key];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    Object.assign(ctx.stash, value);
  }
  return undefined;
}

type Outcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'error'; error: AppSyncJsError }
  | { kind: 'return'; value: unknown; skipTo?: 'END' | 'NEXT' }
  | { kind: 'unjsonable'; message: string };

function toOutcome(record: BridgeRecord, name: HandlerName, file: string, map: SourceMap): Outcome {
  switch (record.kind) {
    case 'value':
    case 'return':
    case 'stop': {
      const { json, unjsonable } = record.result;
      if (json === undefined) {
        const what = {
          value: `the value ${name} returned`,
          return: 'the value of runtime.earlyReturn',
          stop: "util.error's data or errorInfo",
        }[record.kind];
        return { kind: 'unjsonable', message: `JSON cannot hold ${what} (${unjsonable})` };
      }
      const value = JSON.parse(json) as unknown;
      if (record.kind === 'stop') return { kind: 'error', error: value as AppSyncJsError };
      if (record.kind === 'value') return { kind: 'value', value };
      return record.skipTo === undefined
        ? { kind: 'return', value }
        : { kind: 'return', value, skipTo: record.skipTo };
    }
    case 'missing':
      return {
        kind: 'error',
        error: {
          message: `${file}: TypeError: ${name} is not a function (typeof ${name} is "${record.type}")`,
          errorType: 'Code',
        },
      };
    case 'thrown':
      return {
        kind: 'error',
        error: { message: describeThrown(record.error, file, map), errorType: 'Code' },
      };
  }
}

const FRAME = new RegExp(`${BUNDLE_FILE.replaceAll('.', '\\.')}:(\\d+):(\\d+)`);

/**
 * `file:line:col: Name: message`, the position of the innermost frame of the bundle mapped to the
 * original source. The thrown value may come from the context's realm: read by its fields.
 */
function describeThrown(thrown: unknown, file: string, map: SourceMap): string {
  const fields = (typeof thrown === 'object' && thrown !== null ? thrown : {}) as {
    name?: unknown;
    message?: unknown;
    stack?: unknown;
  };
  const name = typeof fields.name === 'string' ? fields.name : 'Error';
  const message = typeof fields.message === 'string' ? fields.message : String(thrown);
  const frame = typeof fields.stack === 'string' ? FRAME.exec(fields.stack) : null;
  // The wrapper takes the script's first line.
  const at =
    frame === null ? undefined : originalPosition(map, Number(frame[1]) - 2, Number(frame[2]) - 1);
  return `${at === undefined ? file : `${at.file}:${at.line}:${at.column}`}: ${name}: ${message}`;
}
