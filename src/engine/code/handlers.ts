/**
 * The contract between the runner of resolver code (APPSYNC_JS modules, VTL templates) and the
 * engine's unit and pipeline resolvers: what a handler is given, and what it comes to.
 */
import type { AppSyncJsError, AuthMode, ExtensionCall } from '../appsync-js/util.js';
import type { DirectLambdaContext } from '../engine.js';

/**
 * The context object resolver code reads (`ctx` in APPSYNC_JS, `$context`/`$ctx` in VTL), as the
 * AppSync resolver context reference describes it. Plain JSON values only.
 */
export interface CodeContext {
  arguments: Record<string, unknown>;
  /** The same object as `arguments`. */
  args: Record<string, unknown>;
  identity: unknown;
  source: unknown;
  /** Shared by every handler of one field's resolution; a handler's changes are kept. */
  stash: Record<string, unknown>;
  /** The previous step's result in a pipeline (`{ result }`); `{ result: undefined }` in a unit. */
  prev: { result: unknown };
  /** The data source's result, for a `response` handler; `null` before the call. */
  result: unknown;
  /** The data source's error, for a `response` handler; absent when none. */
  error?: { message: string; type: string } | undefined;
  info: DirectLambdaContext['info'];
  request: DirectLambdaContext['request'];
  /** Environment variables of the API (AppSync's `ctx.env`): always empty locally. */
  env: Record<string, string>;
}

/** One call of a handler. */
export interface HandlerCall {
  /**
   * What the handler reads. The runner gives the handler a copy, and after it returns (or stops)
   * writes the handler's stash back into `ctx.stash` (cleared, then assigned).
   */
  ctx: CodeContext;
  /** The request's auth mode, for `util.authType()` / `$util.authType()`. */
  authType: AuthMode;
  /** The clock, epoch milliseconds. Default `Date.now`. */
  now?: (() => number) | undefined;
}

/** What every outcome carries besides its kind. */
interface OutcomeBase {
  /** Errors recorded with `util.appendError` / `$util.appendError`, in order. */
  appended: AppSyncJsError[];
  /** `extensions.*` calls, in order. */
  extensions: ExtensionCall[];
  /** What the handler wrote with `console.*`, one entry a call (`INFO message`), in order. */
  logs?: string[] | undefined;
}

/**
 * What one handler call came to:
 * - `value`: it returned `value` (a JSON value of this realm; `undefined` returned is `null`);
 * - `error`: it stopped with `util.error`/`util.unauthorized`/`$util.error`, or failed at run time
 *   (then `error.errorType` is `'Code'` and the message names the file, line and column, as
 *   AppSync reports a JS runtime error);
 * - `return`: it returned early (`runtime.earlyReturn(value, { skipTo })`, VTL `#return(value)`).
 */
export type HandlerOutcome =
  | (OutcomeBase & { kind: 'value'; value: unknown })
  | (OutcomeBase & { kind: 'error'; error: AppSyncJsError })
  | (OutcomeBase & { kind: 'return'; value: unknown; skipTo?: 'END' | 'NEXT' | undefined });

/** A compiled handler: one `request` or `response` of a module or template. */
export type Handler = (call: HandlerCall) => HandlerOutcome;

/** A module's or a pair of templates' handlers, compiled once and called per field. */
export interface CompiledHandlers {
  readonly language: 'APPSYNC_JS' | 'VTL';
  /** Absent for VTL without a request template (Direct Lambda fills it). */
  readonly request?: Handler | undefined;
  /** Absent for VTL without a response template (Direct Lambda fills it). */
  readonly response?: Handler | undefined;
  /**
   * Names the code in messages and traces: the file's path, or the label of inline source. (A VTL
   * request template's `version` is read from each rendered request, the outcome's `value`.)
   */
  readonly name: string;
}
