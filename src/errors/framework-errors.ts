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

/** One problem found by a validator: what is wrong, and where in the value. */
export interface ValidationIssue {
  /** What is wrong, in the validator's words. */
  readonly message: string;
  /** Where: property names and array indexes from the validated value's root; empty for the root. */
  readonly path: readonly (string | number)[];
}

/** Options of {@link ValidationError}. */
export interface ValidationErrorOptions extends AppSyncErrorOptions {
  /** The problems found, each with its path. */
  issues?: readonly ValidationIssue[] | undefined;
}

/**
 * A value failed validation: the arguments of a resolver declared with `{ args: schema }`, or a
 * scalar helper's check. The client sees errorType `ValidationError` and a message that lists
 * each issue with its path; `issues` keeps them for code.
 *
 * @example
 * throw new ValidationError('title: must not be empty', { issues: [{ path: ['title'], message: 'must not be empty' }] });
 */
export class ValidationError extends AppSyncError {
  static readonly errorName = 'ValidationError';
  readonly issues: readonly ValidationIssue[];
  constructor(message: string, options: ValidationErrorOptions = {}) {
    const { issues, ...rest } = options;
    super(message, rest);
    this.issues = issues ?? [];
  }
}
