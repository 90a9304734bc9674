/**
 * A brand shared by every copy of this package (`Symbol.for` is global to the realm), so that an
 * error thrown by one copy is still recognised by another — `instanceof` alone fails when a
 * bundle or a monorepo holds two copies.
 */
export const ERROR_BRAND: unique symbol = Symbol.for('appsync-direct.AppSyncError');

/** Options of {@link AppSyncError}. */
export interface AppSyncErrorOptions {
  /** The GraphQL `errorType` the client sees. Defaults to the error's `name` (its class name). */
  errorType?: string | undefined;
  /** The underlying error, kept for logs; never sent to the client. */
  cause?: unknown;
  /**
   * Data sent with the error in a BatchInvoke entry; AppSync puts it in `errors[].data`
   * (PROTOCOL.md §3.2). An Invoke error cannot carry data (PROTOCOL.md §4.1).
   */
  data?: unknown;
}

/** What AppSync reads of an error: the `errorType` and `errorMessage` of PROTOCOL.md §3–4. */
export interface WireError {
  errorType: string;
  errorMessage: string;
  /** Present only when the error carries data (batch entries only). */
  data?: unknown;
}

/**
 * The base of every error meant for GraphQL clients. Throw it, or a subclass, from a resolver and
 * the client sees `errorType` (the subclass's name unless given) and the message.
 *
 * Bundlers that minify identifiers rename classes; give a subclass a static `errorName`
 * (`static readonly errorName = 'NotFoundError'`), which minifiers keep, or bundle with
 * `keepNames`. Subclasses without their own `errorName` are named after their class.
 *
 * @example
 * class NotFoundError extends AppSyncError {
 *   static readonly errorName = 'NotFoundError';
 * }
 * throw new NotFoundError(`post ${id} not found`); // errorType "NotFoundError"
 */
export class AppSyncError extends Error {
  declare readonly [ERROR_BRAND]: true;
  /** Data for the client's `errors[].data` (BatchInvoke entries only). */
  readonly data: unknown;
  readonly #errorType: string | undefined;

  constructor(message: string, options: AppSyncErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    // A class's own static `errorName` survives minification (the framework's errors use it);
    // any other class, including a subclass of one of those, is named after itself.
    this.name = Object.hasOwn(new.target, 'errorName')
      ? (new.target as unknown as { errorName: string }).errorName
      : new.target.name;
    this.#errorType = options.errorType;
    this.data = options.data;
  }

  /** The GraphQL `errorType`: the option given to the constructor, else the error's `name`. */
  get errorType(): string {
    return this.#errorType ?? this.name;
  }

  /** The error as AppSync reads it; no stack, no cause. */
  toJSON(): WireError {
    return toWire(this.errorType, this.message, this.data);
  }
}

/**
 * A wire error from parts of unknown quality. AppSync treats a batch entry as an error only when
 * `errorMessage` is truthy (PROTOCOL.md §3.2), so an empty message, which would turn a failure
 * into a silent `data`, is replaced by the errorType; a missing errorType becomes `"Error"`.
 */
export function toWire(errorType: unknown, errorMessage: unknown, data: unknown): WireError {
  const type = typeof errorType === 'string' && errorType !== '' ? errorType : 'Error';
  const message = typeof errorMessage === 'string' && errorMessage !== '' ? errorMessage : type;
  const wire: WireError = { errorType: type, errorMessage: message };
  if (data !== undefined) wire.data = data;
  return wire;
}
Object.defineProperty(AppSyncError.prototype, ERROR_BRAND, { value: true });

/**
 * True for an {@link AppSyncError} from this or any other copy of the package.
 *
 * @example
 * if (isAppSyncError(err)) console.log(err.errorType);
 */
export function isAppSyncError(value: unknown): value is AppSyncError {
  return (
    value instanceof AppSyncError ||
    (typeof value === 'object' &&
      value !== null &&
      (value as { [ERROR_BRAND]?: unknown })[ERROR_BRAND] === true)
  );
}

/**
 * The error AppSync treats specially: whatever the message, the client sees
 * "You are not authorized to make this call." (PROTOCOL.md §4.1).
 *
 * @example
 * if (!isAdmin(ctx.identity)) throw new UnauthorizedException();
 */
export class UnauthorizedException extends AppSyncError {
  static readonly errorName = 'UnauthorizedException';
  constructor(
    message = 'You are not authorized to make this call.',
    options?: Omit<AppSyncErrorOptions, 'errorType'>,
  ) {
    super(message, options);
  }
}
