import {
  BAD_BATCH,
  badBatchResponse,
  type Dispatcher,
  failedOutside,
  isErrorValue,
  isThenable,
  rejected,
  requestIdOf,
  routeOf,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { normalizeError } from '../errors/normalize.js';
import { type LambdaContext, type ResolverContext, toResolverContext } from '../event.js';

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
 * `null`), or rejects with an error whose `name` is the errorType.
 */
export async function runInvoke(
  item: unknown,
  lambda: LambdaContext | undefined,
  d: Dispatcher,
): Promise<unknown> {
  const requestId = requestIdOf(lambda);
  let ctx: ResolverContext | AppSyncError;
  try {
    ctx = toResolverContext(item, lambda, d.routing);
  } catch (error) {
    throw toThrownError(failedOutside(error, { requestId }, d));
  }
  if (ctx instanceof AppSyncError) throw toThrownError(rejected(ctx, { requestId }, d));
  const route = routeOf(ctx, d);
  if (route instanceof AppSyncError) {
    throw toThrownError(rejected(route, { field: route.field, requestId }, d));
  }
  let value: unknown;
  let results: unknown;
  let failed: boolean;
  try {
    if (route.kind === 'resolver') {
      value = (route.fn as (ctx: ResolverContext) => unknown)(ctx);
    } else {
      // A batch resolver answers an Invoke as a batch of one.
      results = (route.fn as (ctxs: ResolverContext[]) => unknown)([ctx]);
      if (isThenable(results)) results = await results;
      if (!Array.isArray(results) || results.length !== 1) {
        const error = badBatchResponse(route, 1, results);
        throw toThrownError(rejected(error, { field: route.key, requestId }, d, BAD_BATCH));
      }
      value = results[0];
    }
    if (isThenable(value)) value = await value;
    // A returned Error fails the field, as a thrown one does.
    failed = isErrorValue(value);
  } catch (error) {
    if (isThrownWire(error)) throw error;
    throw toThrownError(normalizeError(error, ctx, { field: route.key, requestId }, d.errors));
  }
  if (failed) {
    throw toThrownError(normalizeError(value, ctx, { field: route.key, requestId }, d.errors));
  }
  return value ?? null;
}
