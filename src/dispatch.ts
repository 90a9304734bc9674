import { AppSyncError, isAppSyncError, type WireError } from './errors/app-sync-error.js';
import { InvalidBatchResponseError, ResolverNotFoundError } from './errors/framework-errors.js';
import {
  describeValue,
  type FailureSite,
  type NormalizeOptions,
  normalizeError,
  safeLog,
} from './errors/normalize.js';
import type { LambdaContext, PayloadRouting, ResolverContext } from './event.js';

// What the Invoke path and the batch path share: the route table's view and its helpers.

/** A registered field. */
export interface Route {
  readonly typeName: string;
  readonly fieldName: string;
  /** `Type.field`. */
  readonly key: string;
  readonly kind: 'resolver' | 'batch';
  readonly fn: (input: never) => unknown;
  readonly maxBatchSize: number | undefined;
  /** For per-item resolvers: how many batch items run at once. */
  readonly concurrency: number;
}

/** What the Invoke and batch paths need from the app. */
export interface Dispatcher {
  lookup(typeName: string, fieldName: string): Route | undefined;
  readonly routing: PayloadRouting;
  readonly errors: NormalizeOptions;
}

/** `then`-able: the resolver returned a promise (or a promise-like) to wait for. */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** An `Error` in a batch resolver's result slot fails that item. */
export function isErrorValue(value: unknown): value is Error {
  return value instanceof Error || isAppSyncError(value);
}

/**
 * A framework error (an event that cannot be served, a batch answer of the wrong shape): logged
 * with `what` happened, then sent as it is.
 */
export function rejected(
  error: AppSyncError,
  site: FailureSite,
  d: Dispatcher,
  what = 'Event rejected',
): WireError {
  safeLog(d.errors.logger, what, site, error.message, error.errorType);
  return error.toJSON();
}

/**
 * Whatever failed outside a resolver, as a wire error: the framework's own errors as they are,
 * anything else (a throwing `route` option, an unreadable event) normalised.
 */
export function failedOutside(error: unknown, site: FailureSite, d: Dispatcher): WireError {
  return isOwnError(error)
    ? rejected(error, site, d)
    : normalizeError(error, undefined, site, d.errors);
}

function isOwnError(error: unknown): error is AppSyncError {
  try {
    return error instanceof AppSyncError;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws
  }
}

/** The Lambda request id, if the context has a readable one. */
export function requestIdOf(lambda: LambdaContext | undefined): string | undefined {
  try {
    const id = lambda?.awsRequestId;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

/** The routed field of a context, or the error for an unrouted one. */
export function routeOf(ctx: ResolverContext, d: Dispatcher): Route | ResolverNotFoundError {
  const { parentTypeName, fieldName } = ctx.info;
  return (
    d.lookup(parentTypeName, fieldName) ??
    new ResolverNotFoundError(
      `${parentTypeName}.${fieldName}`,
      `No resolver is registered for ${parentTypeName}.${fieldName}; register one with app.resolver() or app.batchResolver().`,
    )
  );
}

/** How the log names a batch resolver's answer of the wrong shape. */
export const BAD_BATCH = 'Invalid batch resolver response';

/** The error for a batch resolver whose answer is not one entry per context. */
export function badBatchResponse(
  route: Route,
  expected: number,
  got: unknown,
): InvalidBatchResponseError {
  return new InvalidBatchResponseError(
    `The batch resolver of ${route.key} must return an array with one entry per context (${expected}), in order; it returned ${describeValue(got)}.`,
  );
}
