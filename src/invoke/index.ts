import { Deadline } from '../deadline.js';
import {
  answered,
  BAD_BATCH,
  badBatchResponse,
  callBatch,
  callItem,
  type Dispatcher,
  debugging,
  errorTooLarge,
  failedOutside,
  isBadBatch,
  isErrorValue,
  isThenable,
  type Route,
  rejected,
  requestIdOf,
  routeOf,
  timedOut,
  tooLarge,
  unserialisable,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { InvalidEventError } from '../errors/framework-errors.js';
import { type FailureSite, normalizeError } from '../errors/normalize.js';
import { type LambdaContext, type ResolverContext, toResolverContext } from '../event.js';
import { jsonSize, jsonSizeBound } from '../response-size.js';

/**
 * The error an Invoke rejects with. The Lambda runtime reports a thrown error to AppSync as
 * `{ errorType: error.name, errorMessage: error.message, trace }` (PROTOCOL.md §4.1), so the wire
 * error becomes a fresh `Error` whose stack holds nothing beyond that line: no internal frames,
 * no message of an error the client must not see.
 */
export function toThrownError(wire: WireError): Error {
  const error = new Error(wire.errorMessage);
  error.name = wire.errorType;
  try {
    error.stack = `${wire.errorType}: ${wire.errorMessage}`;
  } catch {
    // A message near V8's longest string (no size limit set): the name alone, not a hang.
    error.stack = wire.errorType;
  }
  thrownWire.add(error);
  return error;
}

const thrownWire = new WeakSet<object>();

/** Is this an error {@link toThrownError} made (already what AppSync should read)? */
function isThrownWire(error: unknown): boolean {
  return typeof error === 'object' && error !== null && thrownWire.has(error);
}

/**
 * The Invoke path: one context, one resolver. Resolves to the field's value (`undefined` becomes
 * `null`), or rejects with an error whose `name` is the errorType: the resolver's error, a
 * `TimeoutError` at the deadline, or a `ResponseTooLargeError` for a value above the limit.
 */
export function runInvoke(
  item: unknown,
  lambda: LambdaContext | undefined,
  d: Dispatcher,
): Promise<unknown> {
  const deadline = new Deadline(lambda, d.deadlineMargin);
  return debugging(d) ? logged(item, lambda, deadline, d) : invoke(item, lambda, deadline, d);
}

/** {@link invoke} with the DEBUG line of the answered request. */
async function logged(
  item: unknown,
  lambda: LambdaContext | undefined,
  deadline: Deadline,
  d: Dispatcher,
): Promise<unknown> {
  const started = Date.now();
  let errorType: string | undefined;
  try {
    return await invoke(item, lambda, deadline, d);
  } catch (error) {
    errorType = (error as Error).name;
    throw error;
  } finally {
    answered(d, 'Answered an Invoke', {
      ...fieldOf(item),
      requestId: requestIdOf(lambda),
      durationMs: Date.now() - started,
      ...(errorType === undefined ? {} : { errorType }),
    });
  }
}

/** The `Type.field` of an Invoke event, for the DEBUG line, when it has one. */
function fieldOf(item: unknown): { field?: string } {
  try {
    const info = (item as { info?: { parentTypeName?: unknown; fieldName?: unknown } } | null)
      ?.info;
    return typeof info?.parentTypeName === 'string' && typeof info.fieldName === 'string'
      ? { field: `${info.parentTypeName}.${info.fieldName}` }
      : {};
  } catch {
    return {}; // an event whose getters throw: the log line goes without the field
  }
}

/**
 * One Invoke: the event read, its route called, and the answer checked. A synchronous resolver is
 * answered at once; an asynchronous one is watched by the request's deadline from the same
 * promise the handler returns, which settles at the deadline with a `TimeoutError`.
 */
function invoke(
  item: unknown,
  lambda: LambdaContext | undefined,
  deadline: Deadline,
  d: Dispatcher,
): Promise<unknown> {
  const requestId = requestIdOf(lambda);
  let ctx: ResolverContext | AppSyncError;
  try {
    ctx = toResolverContext(item, deadline, lambda, d.routing);
  } catch (error) {
    return refuse(failedOutside(error, { requestId }, d), { requestId }, d);
  }
  if (ctx instanceof AppSyncError) return refuse(rejected(ctx, { requestId }, d), { requestId }, d);
  const route = routeOf(ctx, d);
  if (route instanceof InvalidEventError) {
    return refuse(rejected(route, { requestId }, d), { requestId }, d);
  }
  if (route instanceof AppSyncError) {
    const site = { field: route.field, requestId };
    return refuse(rejected(route, site, d), site, d);
  }
  const call = new InvokeCall(route, ctx, requestId, deadline, d);
  let value: unknown;
  let pending: Promise<unknown> | undefined;
  try {
    value = route.kind === 'resolver' ? callItem(route, ctx, d) : oneOfBatch(route, ctx, d);
    // A native promise as it is; any other thenable adopted once, so that nested thenables,
    // repeated callbacks and a `then` that throws all settle one native promise.
    if (isThenable(value)) pending = Promise.resolve(value);
  } catch (error) {
    return Promise.reject(call.failed(error));
  }
  if (pending === undefined) {
    deadline.dispose(); // a resolver may have read ctx.signal, which watches the deadline
    try {
      return Promise.resolve(call.answer(value));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const settling = pending;
  return new Promise((resolve, reject) => {
    if (deadline.at !== null) deadline.watch(() => reject(call.timedOut()));
    settling.then(
      (result) => {
        if (deadline.expired) return; // answered with TimeoutError already
        deadline.dispose();
        try {
          resolve(call.answer(result));
        } catch (error) {
          reject(error);
        }
      },
      (error: unknown) => {
        if (deadline.expired) return;
        reject(call.failed(error));
      },
    );
  });
}

/** A rejection with a wire error the dispatcher already logged. */
function refuse(wire: WireError, site: FailureSite, d: Dispatcher): Promise<never> {
  return Promise.reject(thrownWithin(wire, site, d));
}

/**
 * The error an Invoke rejects with, within the response limit. The Node.js runtime reports a
 * rejection as `{ errorType, errorMessage, trace }`, the trace being the stack, which repeats the
 * message (PROTOCOL.md §4.1); a report above the limit would be refused by Lambda, so it becomes a
 * `ResponseTooLargeError` that names the error's type. Messages of ordinary length are not
 * measured: twelve bytes per character bounds both copies.
 */
function thrownWithin(wire: WireError, site: FailureSite, d: Dispatcher): Error {
  const limit = d.maxResponseBytes;
  const { errorType, errorMessage } = wire;
  if (12 * (errorType.length + errorMessage.length) + 64 > limit) {
    const size = reportSize(errorType, errorMessage);
    if (size > limit) return toThrownError(errorTooLarge(wire, size, limit, site, d));
  }
  return toThrownError(wire);
}

/**
 * The UTF-8 bytes of `{"errorType":T,"errorMessage":M,"trace":["T: M"]}`, measured part by part
 * so that no string twice the message's length is built; `Infinity` for a string too long for
 * `JSON.stringify` itself.
 */
function reportSize(errorType: string, errorMessage: string): number {
  const type = jsonSize(errorType);
  const message = jsonSize(errorMessage);
  if (type === undefined || message === undefined) return Number.POSITIVE_INFINITY;
  // The frame `{"errorType":,"errorMessage":,"trace":[]}` is 41 bytes; the trace is the stack
  // `T: M` split at each line break, as long as the two quoted parts together plus one byte per
  // break (`\n` inside one string becomes `","` between two).
  return 41 + 2 * (type + message) + lineBreaks(errorType) + lineBreaks(errorMessage);
}

function lineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/** The answer of a batch resolver to an Invoke, which it serves as a batch of one. */
async function oneOfBatch(route: Route, ctx: ResolverContext, d: Dispatcher): Promise<unknown> {
  let results = callBatch(route, [ctx], d);
  if (isThenable(results)) results = await results;
  if (!Array.isArray(results) || results.length !== 1) throw badBatchResponse(route, 1, results);
  return results[0];
}

/** What an Invoke's answer needs to know of its call, to check a value or explain a failure. */
class InvokeCall {
  constructor(
    readonly route: Route,
    readonly ctx: ResolverContext,
    readonly requestId: string | undefined,
    readonly deadline: Deadline,
    readonly d: Dispatcher,
  ) {}

  get site(): FailureSite {
    return { field: this.route.key, requestId: this.requestId };
  }

  /** The resolver's value as the client gets it, or the error it becomes (thrown). */
  answer(value: unknown): unknown {
    // A returned Error fails the field, as a thrown one does.
    if (isErrorValue(value)) throw this.failed(value);
    const result = value ?? null;
    const limit = this.d.maxResponseBytes;
    if (limit !== Number.POSITIVE_INFINITY && !(jsonSizeBound(result) <= limit)) {
      const size = jsonSize(result);
      if (size === undefined) throw toThrownError(unserialisable(result, this.site, this.d));
      if (size > limit) throw toThrownError(tooLarge(size, limit, this.site, this.d));
    }
    return result;
  }

  /** What a failure of the resolver (or its middleware) becomes: the error to reject with. */
  failed(error: unknown): Error {
    this.deadline.dispose();
    if (isThrownWire(error)) return error as Error;
    const wire = isBadBatch(error)
      ? rejected(error, this.site, this.d, BAD_BATCH)
      : normalizeError(error, this.ctx, this.site, this.d.errors);
    return thrownWithin(wire, this.site, this.d);
  }

  /** The error of an Invoke still running at the deadline. */
  timedOut(): Error {
    return toThrownError(timedOut(this.site, this.deadline, this.d));
  }
}
