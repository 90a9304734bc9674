import { readEnvelope, readThrown, thrownReportBytes } from '../engine/wire.js';
import {
  type AmplifyResolverEvent,
  type AppSyncResolverEvent,
  isMappingDocument,
  type LambdaContext,
  type TemplatePayloadEvent,
} from '../event.js';
import { LAMBDA_RESPONSE_LIMIT } from '../response-size.js';
import { lambdaContext } from './builders.js';
import { findJsonProblem } from './json.js';

/** Lambda's synchronous limit for an event, 6 MiB (PROTOCOL.md §5). */
const LAMBDA_REQUEST_LIMIT = 6_291_456;

/**
 * The time {@link invoke} gives a handler when the test passes no Lambda context: Lambda's
 * default function timeout, 3 s. An app's deadline answers a resolver that never settles with a
 * `TimeoutError` 500 ms before it, well inside test runners' own 5 s timeouts.
 */
export const DEFAULT_REMAINING_MS = 3_000;

/** What AppSync makes of a failed field: the client's `errorType` and `message`. */
export interface InvokeError {
  /** The error's type, as the client sees it; `null` when a batch envelope set none. */
  errorType: string | null;
  /** The client's `message`. AppSync rewrites it for `UnauthorizedException`. */
  errorMessage: string;
  /** A batch envelope's `data` next to its error; AppSync puts it in `errors[].data`. */
  data?: unknown;
}

/** What AppSync makes of one field: its value, or an error (and a `null` field). */
export type InvokeResult<T = unknown> = { data: T | null } | { error: InvokeError };

/** Something that answers AppSync events: an app from `createResolver()`, or a handler function. */
export type InvokeTarget =
  | { handler(): (event: unknown, context?: never) => unknown }
  | ((event: never, context?: never) => unknown);

/**
 * The JSON boundary between Lambda and AppSync failed: the event or the response holds something
 * JSON cannot carry, or a batch response breaks AppSync's contract. `path` says where.
 */
export class InvokeContractError extends Error {
  static readonly errorName = 'InvokeContractError';
  override readonly name = 'InvokeContractError';
  /** A JSONPath into the event or the response (`$[2].data.views`); `$` for the whole. */
  readonly path: string;

  constructor(message: string, path: string) {
    super(message);
    this.path = path;
  }
}

function handlerOf(target: InvokeTarget): (event: unknown, context?: LambdaContext) => unknown {
  if (typeof target === 'function')
    return target as (event: unknown, context?: LambdaContext) => unknown;
  if (typeof target === 'object' && target !== null && typeof target.handler === 'function') {
    return target.handler() as (event: unknown, context?: LambdaContext) => unknown;
  }
  throw new TypeError(
    `invoke() needs an app from createResolver() or a Lambda handler function; received ${target === null ? 'null' : typeof target}.`,
  );
}

function isBatch(event: unknown): boolean {
  if (Array.isArray(event)) return true;
  if (!isMappingDocument(event)) return false;
  const { operation, payload } = event as { operation: unknown; payload: unknown };
  return operation === 'BatchInvoke' && Array.isArray(payload);
}

/** `Type.field` of a Direct Lambda context or an Amplify event, for messages. */
function fieldOf(event: unknown): string | undefined {
  const item = (Array.isArray(event) ? event[0] : event) as Record<string, unknown> | null;
  if (typeof item !== 'object' || item === null) return undefined;
  const info = item.info as Record<string, unknown> | null | undefined;
  const typeName = info?.parentTypeName ?? item.typeName;
  const fieldName = info?.fieldName ?? item.fieldName;
  return typeof typeName === 'string' && typeof fieldName === 'string'
    ? `${typeName}.${fieldName}`
    : undefined;
}

function batchLength(event: unknown): number {
  return Array.isArray(event) ? event.length : (event as { payload: unknown[] }).payload.length;
}

/**
 * The value as the other side receives it: through JSON and within Lambda's size limit
 * (`limit` bytes of UTF-8), or a clear error saying why not.
 */
function throughJson(value: unknown, what: string, limit: number): unknown {
  const problem = findJsonProblem(value);
  if (problem !== undefined) {
    throw new InvokeContractError(
      `${what} cannot cross Lambda's JSON boundary: ${problem.path} ${problem.reason}.`,
      problem.path,
    );
  }
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    // What the walk cannot foresee, such as a string too long for JSON.stringify.
    throw new InvokeContractError(
      `${what} cannot cross Lambda's JSON boundary: JSON.stringify threw ${error instanceof Error ? error.message : String(error)}.`,
      '$',
    );
  }
  if (text === undefined) return null;
  const bytes = Buffer.byteLength(text);
  if (bytes > limit) {
    throw new InvokeContractError(
      `${what} is ${bytes} bytes of JSON, above Lambda's ${limit}-byte limit: Lambda would refuse it${limit === LAMBDA_RESPONSE_LIMIT ? ' (Function.ResponseSizeTooLarge) and AppSync fail the field' : ''}.`,
      '$',
    );
  }
  return JSON.parse(text);
}

/** What AppSync reads of a thrown value, after checking that Lambda could send its report. */
function thrownWithin(thrown: unknown, field: string | undefined): ReturnType<typeof readThrown> {
  const bytes = thrownReportBytes(thrown);
  if (bytes > LAMBDA_RESPONSE_LIMIT) {
    throw new InvokeContractError(
      `The error thrown${field === undefined ? '' : ` by ${field}`} is ${Number.isFinite(bytes) ? `${bytes} bytes` : 'too long for JSON.stringify'} as the Lambda runtime reports it ({ errorType, errorMessage, trace }), above Lambda's ${LAMBDA_RESPONSE_LIMIT}-byte limit: Lambda would refuse it (Function.ResponseSizeTooLarge) and AppSync fail the field.`,
      '$',
    );
  }
  return readThrown(thrown);
}

/** One element of a BatchInvoke response, read with AppSync's rule (PROTOCOL.md §3.2). */
function readItem(element: unknown, index: number): InvokeResult {
  if (element === null) return { data: null };
  if (typeof element !== 'object' || Array.isArray(element)) {
    throw new InvokeContractError(
      `BatchInvoke response item ${index} is ${Array.isArray(element) ? 'an array' : typeof element}, not an envelope: ` +
        'each item must be { data } or { data: null, errorMessage, errorType } (or null).',
      `$[${index}]`,
    );
  }
  const read = readEnvelope(element as Record<string, unknown>);
  if (!('failure' in read)) return read;
  const error: InvokeError = { ...read.failure };
  if (read.data !== null) error.data = read.data;
  return { error };
}

/**
 * Calls `target` with `event` exactly as Lambda would, and returns what AppSync makes of the
 * answer. Both the event and the response cross JSON, as they do between AppSync and Lambda,
 * so a value JSON cannot carry (a `BigInt`, a cycle, a `Map`, `NaN`, a nested promise) fails
 * with an {@link InvokeContractError} that names its path.
 *
 * - An Invoke gives `{ data }`, or `{ error: { errorType, errorMessage } }` if the handler threw.
 * - A BatchInvoke gives one of those per item, in order. If the handler threw, every item gets
 *   the error, as in AppSync. A response that is not an array of the event's length is an
 *   {@link InvokeContractError}.
 *
 * ```ts
 * expect(await invoke(app, invokeEvent({ field: 'Query.getPost', args: { id: '1' } })))
 *   .toEqual({ data: { id: '1', title: 'Hello' } });
 * ```
 */
export function invoke<T = unknown>(
  target: InvokeTarget,
  event: readonly unknown[],
  context?: LambdaContext,
): Promise<InvokeResult<T>[]>;
export function invoke<T = unknown>(
  target: InvokeTarget,
  // biome-ignore lint/suspicious/noExplicitAny: any argument and source types
  event: AppSyncResolverEvent<any, any> | AmplifyResolverEvent<any, any> | TemplatePayloadEvent,
  context?: LambdaContext,
): Promise<InvokeResult<T>>;
export function invoke<T = unknown>(
  target: InvokeTarget,
  event: unknown,
  context?: LambdaContext,
): Promise<InvokeResult<T> | InvokeResult<T>[]>;
export async function invoke(
  target: InvokeTarget,
  event: unknown,
  context: LambdaContext = lambdaContext({ remainingMs: DEFAULT_REMAINING_MS }),
): Promise<InvokeResult | InvokeResult[]> {
  const handler = handlerOf(target);
  const received = throughJson(event, 'The event', LAMBDA_REQUEST_LIMIT);
  const batch = isBatch(received);
  const payload = isMappingDocument(received)
    ? (received as { payload: unknown }).payload
    : received;
  const field = fieldOf(payload);
  let response: unknown;
  try {
    response = await withinRemainingTime(handler(received, context), context, field);
  } catch (thrown) {
    if (thrown instanceof InvokeContractError && timedOut.has(thrown)) throw thrown;
    const error = thrownWithin(thrown, field);
    if (!batch) return { error };
    return Array.from({ length: batchLength(received) }, () => ({ error: { ...error } }));
  }
  const answered = throughJson(
    response === undefined ? null : response,
    `The response${field === undefined ? '' : ` to ${batch ? 'a BatchInvoke of ' : ''}${field}`}`,
    LAMBDA_RESPONSE_LIMIT,
  );
  if (!batch) return { data: answered };
  const expected = batchLength(received);
  if (!Array.isArray(answered) || answered.length !== expected) {
    throw new InvokeContractError(
      `A BatchInvoke of ${expected} must be answered with an array of ${expected} items in the same order; ` +
        `the handler returned ${Array.isArray(answered) ? `an array of ${answered.length}` : describe(answered)}.`,
      '$',
    );
  }
  return answered.map(readItem);
}

const timedOut = new WeakSet<InvokeContractError>();

/** The longest delay `setTimeout` keeps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The handler's answer, or an {@link InvokeContractError} once the Lambda context's remaining time
 * is up and it has not answered: Lambda would stop it there ("Task timed out"). An app's own
 * deadline answers first, with a `TimeoutError`; this catches a handler without one.
 */
function withinRemainingTime(
  answer: unknown,
  context: LambdaContext,
  field: string | undefined,
): Promise<unknown> {
  const pending = Promise.resolve(answer);
  const remaining = context.getRemainingTimeInMillis?.();
  // setTimeout takes at most 2^31 - 1 ms (about 24.8 days) and fires at once for more.
  if (remaining === undefined || !(remaining <= MAX_TIMER_MS)) return pending;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new InvokeContractError(
        `The handler${field === undefined ? '' : ` of ${field}`} did not answer within the ${Math.round(remaining)} ms the Lambda context had left: Lambda would stop it ("Task timed out") and AppSync fail the field. Pass a context with more time (lambdaContext({ remainingMs })) if it needs it.`,
        '$',
      );
      timedOut.add(error);
      reject(error);
    }, remaining);
    // A timer of its own must not keep a process alive that has nothing else left to run (the
    // command line reports such a handler at once: its promise can never settle).
    (timer as { unref?: () => void }).unref?.();
  });
  return Promise.race([pending, late]).finally(() => clearTimeout(timer));
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'an array' : `a value of type ${typeof value}`;
}
