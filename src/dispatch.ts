import type { Deadline } from './deadline.js';
import { AppSyncError, isAppSyncError, type WireError } from './errors/app-sync-error.js';
import {
  InvalidBatchResponseError,
  InvalidEventError,
  ResolverNotFoundError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from './errors/framework-errors.js';
import {
  describeValue,
  type FailureSite,
  type NormalizeOptions,
  normalizeError,
  safeLog,
  siteAttributes,
} from './errors/normalize.js';
import {
  checkDeadline,
  isGraphQLName,
  itemName,
  type LambdaContext,
  type PayloadRouting,
  type ResolverContext,
  replaceArgs,
} from './event.js';
import { LEVEL_RANK } from './logger.js';
import { type Middleware, runLayers } from './middleware.js';
import type { FieldCodeDeclaration } from './resolver-code.js';
import { isThenable } from './thenable.js';
import { type StandardSchemaV1, validateArgs } from './validation.js';

export { isThenable };

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
  /** The route's own middleware, run after the app's. */
  readonly use: readonly Middleware[];
  /** The Standard Schema validator of the arguments, if any. */
  readonly args: StandardSchemaV1 | undefined;
  /** The code AppSync runs in front of the Lambda for this field, as declared; not run here. */
  readonly front: FieldCodeDeclaration | undefined;
}

/** What the Invoke and batch paths need from the app. */
export interface Dispatcher {
  lookup(typeName: string, fieldName: string): Route | undefined;
  readonly routing: PayloadRouting;
  readonly errors: NormalizeOptions;
  /** The layers around a route: the app's middleware, then the route's own. */
  layers(route: Route): readonly Middleware[];
  /** Milliseconds kept free before Lambda's deadline; `false`: no deadline. */
  readonly deadlineMargin: number | false;
  /** The largest response sent, in bytes of JSON; `Infinity`: unchecked. */
  readonly maxResponseBytes: number;
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

/** The longest type or field name echoed in a message; longer ones are described by length. */
const MAX_NAME = 256;

function isRoutableName(name: string): boolean {
  return name.length <= MAX_NAME && isGraphQLName(name);
}

/**
 * The routed field of a context, or the error for an unrouted one: `ResolverNotFoundError` for
 * a field nobody registered, `InvalidEventError` for names that are not GraphQL names (checked
 * only on a miss, so routing a registered field costs two map lookups and nothing more).
 */
export function routeOf(
  ctx: ResolverContext,
  d: Dispatcher,
  index?: number,
): Route | ResolverNotFoundError | InvalidEventError {
  const { parentTypeName, fieldName } = ctx.info;
  const route = d.lookup(parentTypeName, fieldName);
  if (route !== undefined) return route;
  if (!isRoutableName(parentTypeName) || !isRoutableName(fieldName)) {
    return new InvalidEventError(
      `Invalid ${itemName(index)}: the type and field names must be GraphQL names of at most ${MAX_NAME} characters; received ${describeValue(parentTypeName)} and ${describeValue(fieldName)}.`,
    );
  }
  return new ResolverNotFoundError(
    `${parentTypeName}.${fieldName}`,
    `No resolver is registered for ${parentTypeName}.${fieldName}; register one with app.resolver() or app.batchResolver().`,
  );
}

/** Our own `InvalidBatchResponseError`; false for anything else, a hostile Proxy included. */
export function isBadBatch(error: unknown): error is InvalidBatchResponseError {
  try {
    return error instanceof InvalidBatchResponseError;
  } catch {
    return false; // a Proxy whose getPrototypeOf trap throws
  }
}

/** How the log names a batch resolver's answer of the wrong shape. */
export const BAD_BATCH = 'Invalid batch resolver response';

/** The error for a batch resolver whose answer is not one entry per context. */
export function badBatchResponse(
  route: Route,
  expected: number,
  got: unknown,
): InvalidBatchResponseError {
  ignoreSlots(got);
  return new InvalidBatchResponseError(
    `The batch resolver of ${route.key} must return an array with one entry per context (${expected}), in order; it returned ${describeValue(got)}.`,
  );
}

/**
 * Calls a per-item route for one context, through its middleware and argument validation: the
 * resolver's value, an `Error`, or a promise of either. It may throw.
 */
export function callItem(route: Route, ctx: ResolverContext, d: Dispatcher): unknown {
  const layers = d.layers(route);
  if (layers.length === 0) {
    return route.args === undefined
      ? (route.fn as (ctx: ResolverContext) => unknown)(ctx)
      : itemCore(route, ctx);
  }
  return runLayers(
    layers,
    ctx,
    (input) => itemCore(route, input as ResolverContext),
    isErrorValue,
    checkDeadline,
    route,
  );
}

function itemCore(route: Route, ctx: ResolverContext): unknown {
  const fn = route.fn as (ctx: ResolverContext) => unknown;
  if (route.args === undefined) return fn(ctx);
  const proceed = (checked: unknown): unknown => {
    if (checked instanceof ValidationError) throw checked;
    checkDeadline(ctx); // an asynchronous validator may have outlived the request
    replaceArgs(ctx, checked);
    return fn(ctx);
  };
  const checked = validateArgs(route.args, ctx.args, route.key);
  return isThenable(checked) ? Promise.resolve(checked).then(proceed) : proceed(checked);
}

/**
 * Calls a batch route for some contexts, through its middleware and argument validation: an
 * array with one result per context (or a promise of it). An answer of another length throws an
 * `InvalidBatchResponseError`.
 */
export function callBatch(route: Route, ctxs: readonly ResolverContext[], d: Dispatcher): unknown {
  const layers = d.layers(route);
  if (layers.length === 0) {
    return route.args === undefined
      ? (route.fn as (ctxs: readonly ResolverContext[]) => unknown)(ctxs)
      : batchCore(route, ctxs);
  }
  return runLayers(
    layers,
    ctxs,
    (input) => batchCore(route, input as readonly ResolverContext[]),
    isErrorValue,
    (input) => checkDeadline((input as readonly ResolverContext[])[0]),
    route,
  ).then((answer) => checkedAnswer(route, ctxs.length, answer));
}

/** The batch resolver on the contexts whose arguments are valid; the others get their error. */
async function batchCore(route: Route, ctxs: readonly ResolverContext[]): Promise<unknown[]> {
  const fn = route.fn as (ctxs: readonly ResolverContext[]) => unknown;
  const schema = route.args;
  if (schema === undefined) return checkedAnswer(route, ctxs.length, await fn(ctxs));
  const slots: unknown[] = new Array(ctxs.length);
  const valid: number[] = [];
  const checks = ctxs.map((ctx) => {
    try {
      return validateArgs(schema, ctx.args, route.key);
    } catch (error) {
      return Promise.reject(error);
    }
  });
  const settled = await Promise.allSettled(checks);
  settled.forEach((outcome, k) => {
    if (outcome.status === 'rejected') slots[k] = asError(outcome.reason);
    else if (outcome.value instanceof ValidationError) slots[k] = outcome.value;
    else {
      replaceArgs(ctxs[k] as ResolverContext, outcome.value);
      valid.push(k);
    }
  });
  if (valid.length === 0) return slots;
  checkDeadline(ctxs[0]); // asynchronous validators may have outlived the request
  const subset =
    valid.length === ctxs.length
      ? ctxs
      : Object.freeze(valid.map((k) => ctxs[k] as ResolverContext));
  const answer = checkedAnswer(route, subset.length, await fn(subset));
  valid.forEach((k, j) => {
    slots[k] = answer[j];
  });
  return slots;
}

function checkedAnswer(route: Route, expected: number, answer: unknown): unknown[] {
  if (!Array.isArray(answer) || answer.length !== expected) {
    throw badBatchResponse(route, expected, answer);
  }
  return answer;
}

/** A slot holds a thrown non-Error as an Error, so that it still fails its item. */
function asError(thrown: unknown): unknown {
  return isErrorValue(thrown) ? thrown : new ThrownValue(thrown);
}

/** A non-Error value thrown while checking one context; normalised as the value it carries. */
export class ThrownValue extends Error {
  constructor(readonly value: unknown) {
    super('A non-Error value was thrown.');
  }
}

/** The wire error of a field that did not finish before the deadline, logged as a warning. */
export function timedOut(
  site: FailureSite,
  deadline: Deadline,
  d: Dispatcher,
  indices?: readonly number[],
): WireError {
  const field = site.field ?? 'The field';
  const error = new TimeoutError(
    `${field} did not finish before the deadline: the function answers ${deadline.margin} ms before Lambda's timeout, with what is finished.`,
  );
  const extra =
    indices === undefined ? undefined : { count: indices.length, indices: indices.slice(0, 100) };
  warn(d, `Deadline reached in ${field}`, site, error.errorType, extra);
  return error.toJSON();
}

/**
 * The wire error of a result above the response limit. `logged` is false while the batch path
 * still weighs whether dropping the item helps; it then calls {@link tooLargeLogged}.
 */
export function tooLarge(
  size: number,
  limit: number,
  site: FailureSite,
  d: Dispatcher,
  logged = true,
): WireError {
  const what =
    site.index === undefined
      ? `The result of ${site.field}`
      : `The result of ${site.field} (item ${site.index})`;
  const error = new ResponseTooLargeError(
    site.index === undefined
      ? `${what} is ${size} bytes of JSON, above the ${limit}-byte limit of a Lambda response; return less (paginate, or select fewer fields).`
      : `${what} is ${size} bytes of JSON; it was left out so that the batch response fits the ${limit}-byte limit of a Lambda response.`,
  );
  if (logged) tooLargeLogged(size, limit, site, d);
  return error.toJSON();
}

/**
 * The wire error that stands in for an Invoke's error whose report would be above the response
 * limit (Lambda would refuse it, and AppSync would lose the field's error type too). The error's
 * own type is kept in the message and in the warning.
 */
export function errorTooLarge(
  wire: WireError,
  size: number,
  limit: number,
  site: FailureSite,
  d: Dispatcher,
): WireError {
  // The type is named, cut short: it may be the part that is too large.
  const type =
    wire.errorType.length > 100 ? `${wire.errorType.slice(0, 100)}… (cut short)` : wire.errorType;
  const error = new ResponseTooLargeError(
    `The ${type} error of ${site.field ?? 'the field'} is ${Number.isFinite(size) ? `${size} bytes of JSON as Lambda reports it` : 'longer than JSON.stringify can write'}, above the ${limit}-byte limit of a Lambda response; its message was left out (throw a shorter message).`,
  );
  warn(d, 'Error too large', site, 'ResponseTooLargeError', { size, limit, replaced: type });
  return error.toJSON();
}

/** The warning for a result left out for its size. */
export function tooLargeLogged(
  size: number,
  limit: number,
  site: FailureSite,
  d: Dispatcher,
): void {
  warn(d, 'Response too large', site, 'ResponseTooLargeError', { size, limit });
}

/** The wire error of a result `JSON.stringify` cannot write (a BigInt, a cycle …), logged in full. */
export function unserialisable(value: unknown, site: FailureSite, d: Dispatcher): WireError {
  let reason = 'it is not JSON';
  try {
    JSON.stringify(value);
  } catch (error) {
    reason = error instanceof Error ? error.message : reason;
  }
  const error = new TypeError(
    `The result of ${site.field ?? 'a field'} cannot be serialised as JSON (${reason}); Lambda could not send it.`,
  );
  return normalizeError(error, undefined, site, d.errors);
}

function warn(
  d: Dispatcher,
  message: string,
  site: FailureSite,
  errorType: string,
  extra?: Record<string, unknown>,
): void {
  if (d.errors.logRank > LEVEL_RANK.WARN) return;
  try {
    d.errors.logger.warn(message, { ...siteAttributes(site), errorType, ...extra });
  } catch {
    // A failing logger never costs the answer.
  }
}

/** True when the dispatcher logs DEBUG lines: one per answered request. */
export function debugging(d: Dispatcher): boolean {
  return d.errors.logRank <= LEVEL_RANK.DEBUG;
}

/** The DEBUG line of an answered request. */
export function answered(
  d: Dispatcher,
  message: string,
  attributes: Record<string, unknown>,
): void {
  try {
    d.errors.logger.debug(message, attributes);
  } catch {
    // A failing logger never costs the answer.
  }
}

const ignore = (): void => {};

/**
 * The promises in an answer that is thrown away (it has the wrong length): their rejections are
 * nobody's to report, and an unhandled rejection would end the Lambda process.
 */
function ignoreSlots(answer: unknown): void {
  if (!Array.isArray(answer)) return;
  try {
    for (const slot of answer) if (isThenable(slot)) slot.then(undefined, ignore);
  } catch {
    // A hostile array or slot: nothing more to do for it.
  }
}
