import { AppSyncError, type AppSyncErrorOptions } from './app-sync-error.js';

// Every framework error names itself with a static `errorName`: a minifying bundler renames
// classes, and the name is the errorType the client sees. Subclasses are named after themselves.

/**
 * The event is none of the shapes the dispatcher accepts. The message says what was expected and
 * what arrived (types and key names only, never values).
 */
export class InvalidEventError extends AppSyncError {
  static readonly errorName = 'InvalidEventError';
}

/** No resolver is registered for the `Type.field` the event asks for. */
export class ResolverNotFoundError extends AppSyncError {
  static readonly errorName = 'ResolverNotFoundError';
  /** The `Type.field` key that was asked for. */
  readonly field: string;
  constructor(field: string, message: string, options?: AppSyncErrorOptions) {
    super(message, options);
    this.field = field;
  }
}

/** A `batchResolver` returned something other than an array with one entry per context. */
export class InvalidBatchResponseError extends AppSyncError {
  static readonly errorName = 'InvalidBatchResponseError';
}

/** The same `Type.field` was registered twice. Thrown at registration, never at run time. */
export class DuplicateResolverError extends AppSyncError {
  static readonly errorName = 'DuplicateResolverError';
}

/** The work did not finish before the deadline derived from the Lambda's remaining time. */
export class TimeoutError extends AppSyncError {
  static readonly errorName = 'TimeoutError';
}

/** The response would exceed Lambda's synchronous payload limit. */
export class ResponseTooLargeError extends AppSyncError {
  static readonly errorName = 'ResponseTooLargeError';
}
