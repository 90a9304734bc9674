/**
 * Runs the code in front of a field's Lambda as AppSync runs it, for one field resolution: a unit
 * resolver (request handler → Lambda data source → response handler) or a pipeline resolver
 * (before → functions in order → after), with one `ctx.stash` for the whole resolution and
 * `ctx.prev.result` chained from step to step.
 *
 * The rules, each from the AWS AppSync references this project follows:
 * - Lambda request objects (`{ operation: 'Invoke' | 'BatchInvoke', payload, invocationType? }`):
 *   the Lambda receives `payload` alone; `BatchInvoke` sends the payloads of sibling resolutions as
 *   one array, and `ctx.result` of each is its element of the answer, unread ("JavaScript resolver
 *   function reference for Lambda"); `invocationType: 'Event'` does not wait, and `ctx.result` is
 *   null.
 * - A Lambda error reaches a handler as `ctx.error` (`message`, `type`), with the type
 *   `Lambda:Unhandled` (PROTOCOL.md §4.1); a response handler that does not raise it resolves the
 *   field with whatever it returns and no error, as AppSync does: the run carries a warning.
 * - A request template without a response template, or a response template without a request
 *   template, is completed by Direct Lambda's behaviour; `2017-02-28` puts an invocation error in
 *   `errors` whatever the response template does (PROTOCOL.md §4.3).
 * - `runtime.earlyReturn` / `#return`: in a unit resolver's request, the data source and response
 *   are skipped; in a pipeline's before, the functions are skipped; in a function's request, its
 *   data source and response are skipped (`skipTo: 'END'` skips the remaining functions too)
 *   ("Runtime utilities").
 * - The `NONE` data source gives the request's `payload` as `ctx.result` ("JavaScript resolver
 *   function reference for None data source").
 */
import type { AppSyncJsError, AuthMode } from '../appsync-js/util.js';
import type { DirectLambdaContext, Outcome } from '../engine.js';
import { FieldError } from '../errors.js';
import { round } from '../trace.js';
import type { CompiledFront, CompiledFunction } from './compiled.js';
import type { CodeContext, CompiledHandlers, Handler, HandlerOutcome } from './handlers.js';

/** One run of a request or response handler, as the trace shows it. */
export interface HandlerRun {
  /** The field, as `Type.field`. */
  field: string;
  /** `request`/`response` of a unit resolver or function; `before`/`after` of a pipeline. */
  step: 'request' | 'response' | 'before' | 'after';
  /** The pipeline function, for its steps. */
  function?: string;
  language: 'APPSYNC_JS' | 'VTL';
  /** When the run started, in milliseconds since the request started. */
  startMs: number;
  durationMs: number;
  /** What it came to: a value, an error (`util.error`, a runtime error), or an early return. */
  outcome: 'value' | 'error' | 'earlyReturn';
  /** The error it stopped with. */
  error?: { errorType: string | null; message: string };
  /** `extensions.*` calls it made. */
  extensions?: { name: string; args: unknown[] }[];
  /** Lines it logged with `console`. */
  logs?: string[];
  /** What looked wrong: a Lambda error the response handler did not raise. */
  warnings?: string[];
}

/** One call of the Lambda data source, as a step asks for it. */
export interface DataSourceCall {
  /** The pipeline function making the call, if any. */
  function?: string | undefined;
  /** What the Lambda receives (for a BatchInvoke, this resolution's element of the array). */
  payload: unknown;
  /** A BatchInvoke: the payload is sent with siblings' in one array of at most `batchSize`. */
  batch: boolean;
  batchSize: number;
  /** `invocationType: 'Event'`: sent without waiting; the outcome is `{ data: null }`. */
  event: boolean;
  /**
   * How the answer is read: `raw` (code reads `ctx.result`: the value, or the batch element as it
   * is) or Direct Lambda's rules (envelopes per batch element).
   */
  raw: boolean;
}

/** What the engine provides to a field's resolution. */
export interface FrontHost {
  /** `Type.field`. */
  readonly field: string;
  /** The resolver's `maxBatchSize`, for Direct Lambda steps. */
  readonly maxBatchSize: number;
  readonly authType: AuthMode;
  /** Calls the Lambda; never rejects. */
  invoke(call: DataSourceCall): Promise<Outcome>;
  /** Records a handler run in the trace. */
  record(run: HandlerRun): void;
  /** Adds errors of `util.appendError` to the response, at this field's path. */
  append(errors: readonly AppSyncJsError[]): void;
  /** Milliseconds since the request started. */
  elapsed(): number;
}

/** AppSync's default batch size for a `BatchInvoke` request without `maxBatchSize`. */
export const DEFAULT_BATCH_SIZE = 5;

const LEGACY = '2017-02-28';

/** Resolves one field with its compiled front; rejects with a {@link FieldError}. */
export async function runFront(
  host: FrontHost,
  front: CompiledFront,
  event: DirectLambdaContext,
): Promise<unknown> {
  const ctx: CodeContext = {
    arguments: event.arguments,
    args: event.arguments,
    identity: event.identity,
    source: event.source,
    stash: {},
    prev: { result: undefined },
    result: null,
    info: event.info,
    request: event.request,
    env: {},
  };
  const runner = new Runner(host, ctx, event);
  return front.kind === 'unit'
    ? runner.unit(front.handlers)
    : runner.pipeline(front.handlers, front.functions);
}

function toFieldError(error: AppSyncJsError): FieldError {
  return new FieldError(
    error.errorType ?? null,
    error.message,
    error.data ?? null,
    error.errorInfo ?? null,
  );
}

/** The type a handler sees in `ctx.error` for a failed Lambda call (PROTOCOL.md §4.1). */
function lambdaErrorType(errorType: string | null): string {
  return errorType?.startsWith('Lambda:') ? errorType : 'Lambda:Unhandled';
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/** A step's result on the way through a pipeline: its value, and whether to skip to `after`. */
interface StepResult {
  value: unknown;
  end: boolean;
}

class Runner {
  constructor(
    private readonly host: FrontHost,
    private readonly ctx: CodeContext,
    private readonly event: DirectLambdaContext,
  ) {}

  /** Runs one handler, records it, hands on appended errors, and throws its stop. */
  private run(
    handler: Handler,
    handlers: CompiledHandlers,
    step: HandlerRun['step'],
    fn: string | undefined,
  ): Exclude<HandlerOutcome, { kind: 'error' }> {
    const { host } = this;
    const startMs = host.elapsed();
    const outcome = handler({ ctx: this.ctx, authType: host.authType });
    const run: HandlerRun = {
      field: host.field,
      step,
      ...(fn === undefined ? {} : { function: fn }),
      language: handlers.language,
      startMs: round(startMs),
      durationMs: round(host.elapsed() - startMs),
      outcome: outcome.kind === 'return' ? 'earlyReturn' : outcome.kind,
    };
    if (outcome.kind === 'error') {
      run.error = { errorType: outcome.error.errorType ?? null, message: outcome.error.message };
    }
    if (outcome.extensions.length > 0) {
      run.extensions = outcome.extensions.map(({ name, args }) => ({ name, args: [...args] }));
    }
    const logs = (outcome as { logs?: string[] }).logs;
    if (logs !== undefined && logs.length > 0) run.logs = logs;
    // A response handler that neither raises nor appends ctx.error hides the Lambda's failure.
    const { error } = this.ctx;
    if (
      (step === 'response' || step === 'after') &&
      error !== undefined &&
      outcome.kind !== 'error' &&
      outcome.appended.length === 0
    ) {
      run.warnings = [
        `${fn === undefined ? host.field : `${host.field} function ${fn}`}: the Lambda failed (${error.type}: ${error.message}) and the response handler did not raise ctx.error, so the ${fn === undefined ? 'field resolves' : 'function results'} to ${describe((outcome as { value?: unknown }).value ?? null)} with no error, as in AppSync. Call util.error(ctx.error.message, ctx.error.type) to report it.`,
      ];
    }
    host.record(run);
    if (outcome.appended.length > 0) host.append(outcome.appended);
    if (outcome.kind === 'error') throw toFieldError(outcome.error);
    return outcome;
  }

  /** Reads a rendered request for the Lambda data source. */
  private lambdaRequest(
    document: unknown,
    handlers: CompiledHandlers,
    fn: CompiledFunction | undefined,
  ): { call: DataSourceCall; legacy: boolean } {
    const who = fn === undefined ? this.host.field : `${this.host.field} function ${fn.name}`;
    const errorType = handlers.language === 'VTL' ? 'MappingTemplate' : 'Code';
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new FieldError(
        errorType,
        `${who}: the request ${handlers.language === 'VTL' ? 'template must render' : 'handler must return'} { operation: 'Invoke' | 'BatchInvoke', payload } for a Lambda data source; it gave ${describe(document)}.`,
      );
    }
    const request = document as Record<string, unknown>;
    const { operation, invocationType } = request;
    if (operation !== 'Invoke' && operation !== 'BatchInvoke') {
      throw new FieldError(
        errorType,
        `${who}: operation must be 'Invoke' or 'BatchInvoke' for a Lambda data source; received ${describe(operation)}.`,
      );
    }
    if (
      invocationType !== undefined &&
      invocationType !== 'RequestResponse' &&
      invocationType !== 'Event'
    ) {
      throw new FieldError(
        errorType,
        `${who}: invocationType must be 'RequestResponse' or 'Event'; received ${describe(invocationType)}.`,
      );
    }
    const batchSize =
      (fn === undefined ? this.host.maxBatchSize : fn.maxBatchSize) || DEFAULT_BATCH_SIZE;
    return {
      call: {
        function: fn?.name,
        payload: request.payload ?? null,
        batch: operation === 'BatchInvoke',
        batchSize,
        event: invocationType === 'Event',
        raw: true,
      },
      legacy: handlers.language === 'VTL' && request.version === LEGACY,
    };
  }

  /** The Direct Lambda call of a step without a request handler. */
  private directCall(fn: CompiledFunction | undefined, raw: boolean): DataSourceCall {
    const size = fn === undefined ? this.host.maxBatchSize : fn.maxBatchSize;
    const payload =
      fn === undefined
        ? this.event
        : { ...this.event, prev: { result: this.ctx.prev.result ?? null }, stash: this.ctx.stash };
    return { function: fn?.name, payload, batch: size > 0, batchSize: size, event: false, raw };
  }

  /** Calls the Lambda and sets `ctx.result` / `ctx.error` from its outcome. */
  private async callLambda(call: DataSourceCall): Promise<Outcome> {
    const outcome = await this.host.invoke(call);
    if ('error' in outcome) {
      this.ctx.result = null;
      this.ctx.error = {
        message: outcome.error.message,
        type: lambdaErrorType(outcome.error.errorType),
      };
    } else {
      this.ctx.result = outcome.data ?? null;
      delete this.ctx.error;
    }
    return outcome;
  }

  /**
   * A request → data source → response sequence: a unit resolver's, or one function's. Returns
   * the step's value, and whether an early return asked to skip to the end.
   */
  private async sequence(
    handlers: CompiledHandlers | undefined,
    fn: CompiledFunction | undefined,
  ): Promise<StepResult> {
    const requestStep = 'request' as const;
    let call: DataSourceCall;
    let legacy = false;
    let none: unknown;
    if (handlers?.request !== undefined) {
      const outcome = this.run(handlers.request, handlers, requestStep, fn?.name);
      if (outcome.kind === 'return') return { value: outcome.value, end: outcome.skipTo === 'END' };
      if (fn?.dataSource === 'NONE') {
        const document = outcome.value as Record<string, unknown> | null;
        none =
          typeof document === 'object' && document !== null ? (document.payload ?? null) : null;
        legacy = handlers.language === 'VTL' && document?.version === LEGACY;
        call = undefined as never;
      } else {
        ({ call, legacy } = this.lambdaRequest(outcome.value, handlers, fn));
      }
    } else {
      call = this.directCall(fn, handlers?.response !== undefined);
    }

    if (fn?.dataSource === 'NONE') {
      this.ctx.result = none;
      delete this.ctx.error;
    } else {
      const outcome = await this.callLambda(call);
      // A Direct Lambda step (no handlers): Direct Lambda's own rules, the function's error type.
      if (handlers === undefined) {
        if ('error' in outcome) throw outcome.error;
        return { value: outcome.data, end: false };
      }
    }

    const { error } = this.ctx;
    if (handlers?.response === undefined) {
      // Direct Lambda's response behaviour after a request template (PROTOCOL.md §4.1, §4.3).
      if (error !== undefined) {
        throw new FieldError(error.type, error.message, legacy ? null : (this.ctx.result ?? null));
      }
      // A batch element is read as Direct Lambda reads it: `#if( $context.result &&
      // $context.result.errorMessage ) $utils.error(…) #else $utils.toJson($context.result.data)`
      // (PROTOCOL.md §3.1).
      if (fn?.dataSource !== 'NONE' && call.batch)
        return { value: unwrap(this.ctx.result), end: false };
      return { value: this.ctx.result, end: false };
    }
    if (legacy && error !== undefined) {
      // 2017-02-28: the invocation error goes to errors whatever the template does.
      throw new FieldError(error.type, error.message);
    }
    const outcome = this.run(handlers.response, handlers, 'response', fn?.name);
    return {
      value: outcome.value,
      end: outcome.kind === 'return' && outcome.skipTo === 'END',
    };
  }

  async unit(handlers: CompiledHandlers): Promise<unknown> {
    return (await this.sequence(handlers, undefined)).value;
  }

  async pipeline(
    handlers: CompiledHandlers | undefined,
    functions: readonly CompiledFunction[],
  ): Promise<unknown> {
    const { ctx } = this;
    let prev: unknown = null;
    let skip = false;
    if (handlers?.request !== undefined) {
      const outcome = this.run(handlers.request, handlers, 'before', undefined);
      prev = outcome.value;
      skip = outcome.kind === 'return';
    }
    if (!skip) {
      for (const fn of functions) {
        ctx.prev = { result: prev };
        ctx.result = null;
        delete ctx.error;
        const step = await this.sequence(fn.handlers, fn);
        prev = step.value;
        if (step.end) break;
      }
    }
    ctx.prev = { result: prev };
    ctx.result = prev;
    delete ctx.error;
    if (handlers?.response === undefined) return prev;
    return this.run(handlers.response, handlers, 'after', undefined).value;
  }
}

/** A BatchInvoke element read with Direct Lambda's batch response template. */
function unwrap(element: unknown): unknown {
  if (typeof element !== 'object' || element === null) return element;
  const { data, errorMessage, errorType } = element as Record<string, unknown>;
  if (errorMessage) {
    throw new FieldError(
      typeof errorType === 'string' ? errorType : null,
      String(errorMessage),
      data ?? null,
    );
  }
  return data ?? null;
}
