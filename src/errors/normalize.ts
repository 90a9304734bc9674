import { LEVEL_RANK, type Logger } from '../logger.js';
import { isAppSyncError, toWire, type WireError } from './app-sync-error.js';

/** What an `onError` mapper may return: the errorType and message the client sees. */
export interface ErrorMapping {
  errorType: string;
  errorMessage: string;
  /** Sent with the error in BatchInvoke entries (`errors[].data`). */
  data?: unknown;
}

/**
 * Maps an error class to what the client sees. Return `undefined` to decline and let a less
 * specific mapper (or the default handling) decide; return an `Error` to answer with its name and
 * message.
 */
export type ErrorMapper<E = unknown, C = unknown> = (
  error: E,
  ctx: C,
) => ErrorMapping | Error | null | undefined;

/** Where a failure happened, for the log line. */
export interface FailureSite {
  /** `Type.field`; absent when the event could not be routed. */
  field?: string | undefined;
  /** Position in a BatchInvoke event; absent for an Invoke. */
  index?: number | undefined;
  requestId?: string | undefined;
  /** The field's arguments, only when the app logs arguments (`logArguments: true`). */
  arguments?: unknown;
}

/** How {@link normalizeError} treats errors that are neither mapped nor `AppSyncError`s. */
export interface NormalizeOptions {
  mappers: ErrorMapperRegistry;
  logger: Logger;
  exposeErrors: boolean;
  /** The rank of the lowest level the dispatcher logs at (see `LEVEL_RANK`). */
  logRank: number;
  /** Add each failed field's arguments to its log line. Off by default: arguments may be personal data. */
  logArguments: boolean;
}

const INTERNAL = 'InternalError';

/**
 * `onError` mappers keyed by the prototype of the class they were registered for, so that a
 * lookup walks the thrown value's prototype chain and finds the most specific mapper first.
 */
export class ErrorMapperRegistry {
  readonly #byPrototype = new Map<object, ErrorMapper<never, never>>();

  get size(): number {
    return this.#byPrototype.size;
  }

  add(errorClass: abstract new (...args: never[]) => unknown, mapper: ErrorMapper<never, never>) {
    if (typeof errorClass !== 'function' || typeof errorClass.prototype !== 'object') {
      throw new TypeError(
        `onError expects an error class (a constructor) as its first argument; received ${describeValue(errorClass)}.`,
      );
    }
    if (typeof mapper !== 'function') {
      throw new TypeError(
        `onError expects a mapper function as its second argument; received ${describeValue(mapper)}.`,
      );
    }
    if (this.#byPrototype.has(errorClass.prototype)) {
      throw new TypeError(
        `An onError mapper for ${errorClass.name || 'this class'} is already registered; register one mapper per class.`,
      );
    }
    this.#byPrototype.set(errorClass.prototype, mapper);
  }

  /** The mappers that apply to `error`, most specific first. */
  *matching(error: object): Generator<ErrorMapper<unknown, unknown>> {
    for (
      let proto = Object.getPrototypeOf(error);
      proto !== null;
      proto = Object.getPrototypeOf(proto)
    ) {
      const mapper = this.#byPrototype.get(proto);
      if (mapper !== undefined) yield mapper as ErrorMapper<unknown, unknown>;
    }
  }
}

/**
 * The one place that turns anything thrown — an `AppSyncError` of any package copy, a plain
 * `Error`, a string, `null`, an object — into what AppSync reads. Mapped and `AppSyncError`s keep
 * their type and message; anything else becomes `InternalError` with a generic message carrying
 * the request id (unless `exposeErrors`), and is logged in full. `ctx` is the resolver context
 * given to mappers; without one, no mapper applies.
 *
 * It never throws: an error whose getters throw, a hostile Proxy or a failing logger still ends
 * as a generic `InternalError`, so nothing raw reaches the client and no batch item is lost.
 */
export function normalizeError(
  thrown: unknown,
  ctx: unknown,
  site: FailureSite,
  options: NormalizeOptions,
): WireError {
  const where =
    options.logArguments && ctx !== undefined && ctx !== null
      ? { ...site, arguments: (ctx as { arguments?: unknown }).arguments }
      : site;
  try {
    return mapOrPass(thrown, ctx, where, options);
  } catch (failure) {
    safeLog(options.logger, 'Error could not be read', site, failure);
    return internalError(site);
  }
}

function mapOrPass(
  thrown: unknown,
  ctx: unknown,
  site: FailureSite,
  options: NormalizeOptions,
): WireError {
  // Mappers see errors raised while resolving a field; a failure before there is a context
  // (a throwing route option) goes straight to the default handling.
  if (
    ctx !== undefined &&
    options.mappers.size > 0 &&
    typeof thrown === 'object' &&
    thrown !== null
  ) {
    for (const mapper of options.mappers.matching(thrown)) {
      let mapped: ReturnType<ErrorMapper>;
      try {
        mapped = mapper(thrown, ctx);
      } catch (mapperError) {
        return unexpected(mapperError, site, options, 'An onError mapper threw');
      }
      if (mapped === undefined || mapped === null) continue;
      if (mapped instanceof Error) return expected(fromError(mapped), site, options);
      if (typeof mapped === 'object' && typeof mapped.errorType === 'string') {
        return expected(toWire(mapped.errorType, mapped.errorMessage, mapped.data), site, options);
      }
      return unexpected(
        new TypeError(
          `An onError mapper must return { errorType, errorMessage }, an Error or undefined; it returned ${describeValue(mapped)}.`,
        ),
        site,
        options,
        'An onError mapper returned an invalid value',
      );
    }
  }
  if (isAppSyncError(thrown)) return expected(fromError(thrown), site, options);
  return unexpected(thrown, site, options, 'Unexpected error');
}

/** A failure the resolver meant (an `AppSyncError`, a mapped error): an INFO line, no stack. */
function expected(wire: WireError, site: FailureSite, options: NormalizeOptions): WireError {
  if (options.logRank <= LEVEL_RANK.INFO) {
    try {
      const at = site.field === undefined ? '' : ` in ${site.field}`;
      options.logger.info(`Field failed${at}`, {
        ...siteAttributes(site),
        errorType: wire.errorType,
      });
    } catch {
      // A failing logger never costs the answer.
    }
  }
  return wire;
}

function fromError(error: Error): WireError {
  if (!isAppSyncError(error)) return toWire(error.name, error.message, undefined);
  const { errorType } = error;
  return toWire(typeof errorType === 'string' ? errorType : error.name, error.message, error.data);
}

function unexpected(
  thrown: unknown,
  site: FailureSite,
  options: NormalizeOptions,
  message: string,
): WireError {
  safeLog(options.logger, message, site, thrown);
  if (options.exposeErrors) {
    return thrown instanceof Error
      ? toWire(thrown.name, thrown.message, undefined)
      : toWire(
          INTERNAL,
          `Non-error value thrown: ${typeof thrown === 'string' ? thrown : describeValue(thrown)}`,
          undefined,
        );
  }
  return internalError(site);
}

function internalError(site: FailureSite): WireError {
  return {
    errorType: INTERNAL,
    errorMessage:
      site.requestId === undefined
        ? 'An internal error occurred.'
        : `An internal error occurred (request id ${site.requestId}).`,
  };
}

/**
 * Logs an unexpected failure with where it happened. A logger that throws is ignored: losing a
 * log line must not turn into losing the answer.
 */
export function safeLog(
  logger: Logger,
  message: string,
  site: FailureSite,
  error: unknown,
  errorType = INTERNAL,
): void {
  try {
    logger.error(site.field === undefined ? message : `${message} in ${site.field}`, {
      ...siteAttributes(site),
      errorType,
      error,
    });
  } catch {
    // Nothing else to do: the logger is the place failures are reported to.
  }
}

/** The log attributes of a failure site, without the keys that are unknown. */
export function siteAttributes(site: FailureSite): Record<string, unknown> {
  const attributes: Record<string, unknown> = {};
  if (site.field !== undefined) attributes.field = site.field;
  if (site.index !== undefined) attributes.index = site.index;
  if (site.requestId !== undefined) attributes.requestId = site.requestId;
  if (site.arguments !== undefined) attributes.arguments = site.arguments;
  return attributes;
}

/**
 * A short description of a value's type and shape for error messages — key names, lengths and
 * primitive types, never contents, so that no secret reaches a message.
 */
export function describeValue(value: unknown): string {
  try {
    return describe(value);
  } catch {
    return 'a value that cannot be inspected';
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value))
    return `an array of ${value.length} item${value.length === 1 ? '' : 's'}`;
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `a string of length ${value.length}`;
    case 'object': {
      const keys = Object.keys(value);
      if (keys.length === 0) return 'an empty object';
      const shown = keys.slice(0, 8).join(', ');
      return `an object with keys [${shown}${keys.length > 8 ? `, … ${keys.length - 8} more` : ''}]`;
    }
    case 'function':
      return 'a function';
    default:
      return `a ${typeof value}`;
  }
}
