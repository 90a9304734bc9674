import { Deadline, TIMED_OUT } from '../deadline.js';
import {
  answered,
  BAD_BATCH,
  badBatchResponse,
  callBatch,
  callItem,
  type Dispatcher,
  debugging,
  failedOutside,
  isBadBatch,
  isErrorValue,
  isThenable,
  rejected,
  requestIdOf,
  routeOf,
  timedOut,
  tooLarge,
  unserialisable,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { InvalidEventError } from '../errors/framework-errors.js';
import { normalizeError } from '../errors/normalize.js';
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
  error.stack = `${wire.errorType}: ${wire.errorMessage}`;
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
export async function runInvoke(
  item: unknown,
  lambda: LambdaContext | undefined,
  d: Dispatcher,
): Promise<unknown> {
  const deadline = new Deadline(lambda, d.deadlineMargin);
  if (!debugging(d)) {
    try {
      return await invoke(item, lambda, deadline, d);
    } finally {
      deadline.dispose();
    }
  }
  const started = Date.now();
  let errorType: string | undefined;
  try {
    return await invoke(item, lambda, deadline, d);
  } catch (error) {
    errorType = (error as Error).name;
    throw error;
  } finally {
    deadline.dispose();
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

async function invoke(
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
    throw toThrownError(failedOutside(error, { requestId }, d));
  }
  if (ctx instanceof AppSyncError) throw toThrownError(rejected(ctx, { requestId }, d));
  const route = routeOf(ctx, d);
  if (route instanceof InvalidEventError) throw toThrownError(rejected(route, { requestId }, d));
  if (route instanceof AppSyncError) {
    throw toThrownError(rejected(route, { field: route.field, requestId }, d));
  }
  const site = { field: route.key, requestId };
  let value: unknown;
  let failed: boolean;
  try {
    if (route.kind === 'resolver') {
      value = callItem(route, ctx, d);
    } else {
      // A batch resolver answers an Invoke as a batch of one.
      let results = callBatch(route, [ctx], d);
      if (isThenable(results)) results = await deadline.race(results);
      if (results === TIMED_OUT) throw TIMED_OUT;
      if (!Array.isArray(results) || results.length !== 1) {
        throw badBatchResponse(route, 1, results);
      }
      value = results[0];
    }
    if (isThenable(value)) value = await deadline.race(value);
    if (value === TIMED_OUT) throw TIMED_OUT;
    // A returned Error fails the field, as a thrown one does.
    failed = isErrorValue(value);
  } catch (error) {
    if (isThrownWire(error)) throw error;
    if (error === TIMED_OUT) throw toThrownError(timedOut(site, deadline, d));
    if (isBadBatch(error)) {
      throw toThrownError(rejected(error, site, d, BAD_BATCH));
    }
    throw toThrownError(normalizeError(error, ctx, site, d.errors));
  }
  if (failed) throw toThrownError(normalizeError(value, ctx, site, d.errors));
  value ??= null;
  const limit = d.maxResponseBytes;
  if (limit !== Number.POSITIVE_INFINITY && !(jsonSizeBound(value) <= limit)) {
    const size = jsonSize(value);
    if (size === undefined) throw toThrownError(unserialisable(value, site, d));
    if (size > limit) throw toThrownError(tooLarge(size, limit, site, d));
  }
  return value;
}
