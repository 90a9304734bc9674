import {
  badBatchResponse,
  type Dispatcher,
  isErrorValue,
  isThenable,
  rejected,
  routeOf,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { type FailureSite, normalizeError } from '../errors/normalize.js';
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
  return error;
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
  const requestId = lambda?.awsRequestId;
  let ctx: ResolverContext | AppSyncError;
  try {
    ctx = toResolverContext(item, lambda, d.routing);
  } catch (error) {
    throw toThrownError(normalizeError(error, undefined, { requestId }, d.errors));
  }
  if (ctx instanceof AppSyncError) throw toThrownError(rejected(ctx, { requestId }, d));
  const route = routeOf(ctx, d);
  if (route instanceof AppSyncError) {
    throw toThrownError(rejected(route, { field: route.field, requestId }, d));
  }
  const site: FailureSite = { field: route.key, requestId };
  let value: unknown;
  let results: unknown;
  try {
    if (route.kind === 'resolver') {
      value = (route.fn as (ctx: ResolverContext) => unknown)(ctx);
    } else {
      // A batch resolver answers an Invoke as a batch of one.
      results = (route.fn as (ctxs: ResolverContext[]) => unknown)([ctx]);
      if (isThenable(results)) results = await results;
      value = Array.isArray(results) && results.length === 1 ? results[0] : undefined;
    }
    if (isThenable(value)) value = await value;
  } catch (error) {
    throw toThrownError(normalizeError(error, ctx, site, d.errors));
  }
  if (route.kind === 'batch' && !(Array.isArray(results) && results.length === 1)) {
    throw toThrownError(rejected(badBatchResponse(route, 1, results), site, d));
  }
  // A returned Error fails the field, as a thrown one does.
  if (isErrorValue(value)) throw toThrownError(normalizeError(value, ctx, site, d.errors));
  return value ?? null;
}
