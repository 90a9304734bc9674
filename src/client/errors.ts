/** One entry of a GraphQL response's `errors`, as AppSync writes it. */
export interface AppSyncGraphQLError {
  message: string;
  /** AppSync's error type: a resolver's error name, `UnauthorizedException`, … */
  errorType?: string | null | undefined;
  /** What a resolver attached with `util.error(…, errorInfo)` or `AppSyncError`'s `errorInfo`. */
  errorInfo?: unknown;
  /** What a resolver attached as `data`. */
  data?: unknown;
  path?: readonly (string | number)[] | null | undefined;
  locations?:
    | readonly { line: number; column: number; sourceName?: string | null }[]
    | null
    | undefined;
}

/**
 * Why a call failed: AppSync answered with errors (`errors`, with any partial `data`), with an
 * HTTP error, with something that is not a GraphQL response, or not in time.
 *
 * `errorType` is the first error's type, or one of the client's own: `NetworkError` (no answer),
 * `TimeoutError` (no answer within `timeoutMs`), `AbortError` (the `signal` fired; `cause` is its
 * reason), `InvalidResponseError` (an answer that is not a GraphQL response).
 *
 * @example
 * try {
 *   await client.request(GetPost, { id: '7' });
 * } catch (error) {
 *   if (error instanceof AppSyncRequestError && error.errorType === 'NotFoundError') return null;
 *   throw error;
 * }
 */
export class AppSyncRequestError extends Error {
  override readonly name = 'AppSyncRequestError';
  /** The first error's `errorType`, or the client's reason (see the class's description). */
  declare readonly errorType: string;
  /** The response's errors; empty when there was no GraphQL response. */
  declare readonly errors: readonly AppSyncGraphQLError[];
  /** The partial data AppSync returned beside the errors, if any. */
  declare readonly data: unknown;
  /** The HTTP status; `undefined` when no response arrived. */
  declare readonly status: number | undefined;
  /** AppSync's `x-amzn-requestid`, to quote in a support case. */
  declare readonly requestId: string | undefined;
  /** How many requests were sent. */
  declare readonly attempts: number;

  constructor(
    message: string,
    options: {
      errorType: string;
      errors?: readonly AppSyncGraphQLError[] | undefined;
      data?: unknown;
      status?: number | undefined;
      requestId?: string | undefined;
      attempts: number;
      cause?: unknown;
    },
  ) {
    const { cause, ...fields } = options;
    super(message, cause === undefined ? undefined : { cause });
    Object.assign(this, { errors: [] }, fields);
  }
}
