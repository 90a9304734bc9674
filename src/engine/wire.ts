/**
 * How AppSync reads what a Direct Lambda function answers (PROTOCOL.md §3.2, §4.1), shared by
 * the test kit's `invoke()` and the emulator.
 */

/** The message AppSync puts on every `UnauthorizedException` (PROTOCOL.md §4.1). */
export const UNAUTHORIZED_MESSAGE = 'You are not authorized to make this call.';

/** A field error as AppSync sees it: its type (`null` when an envelope set none) and message. */
export interface WireFailure {
  errorType: string | null;
  errorMessage: string;
}

/** AppSync shows its own message for `UnauthorizedException`, whatever the function said. */
function clientMessage(errorType: string | null, message: string): string {
  return errorType === 'UnauthorizedException' ? UNAUTHORIZED_MESSAGE : message;
}

/**
 * What the Node.js Lambda runtime sends for a thrown value: an `Error`'s name, message and stack
 * (as `trace`), else the value's type and text with no trace. A hostile value (a throwing getter,
 * an object without `toString`) never escapes as a crash.
 */
export function thrownReport(thrown: unknown): {
  errorType: string;
  errorMessage: string;
  trace: string[];
} {
  const read = (value: () => unknown, fallback: string): string => {
    try {
      return String(value());
    } catch {
      return fallback;
    }
  };
  const isError = thrown instanceof Error;
  const errorType = isError ? read(() => thrown.name, 'Error') : typeof thrown;
  const errorMessage = read(() => (isError ? thrown.message : thrown), 'Unknown error');
  const trace = isError ? read(() => thrown.stack ?? '', '').split('\n') : [];
  return { errorType, errorMessage, trace };
}

/**
 * The UTF-8 bytes of a thrown value's report ({@link thrownReport}) as the runtime sends it;
 * `Infinity` when it is too long for `JSON.stringify` to write at all.
 */
export function thrownReportBytes(thrown: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(thrownReport(thrown)));
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

/**
 * What the Node.js Lambda runtime reports for a thrown value ({@link thrownReport}), as AppSync
 * reads it: the type, and the message the client sees.
 */
export function readThrown(thrown: unknown): WireFailure & { errorType: string } {
  const { errorType, errorMessage } = thrownReport(thrown);
  return { errorType, errorMessage: clientMessage(errorType, errorMessage) };
}

/** Text of a value that came through `JSON.parse`: strings as they are, the rest as JSON. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) as string);
}

/**
 * One object of a BatchInvoke answer, read as AppSync reads it: a truthy `errorMessage` fails the
 * field (the envelope's `data`, if any, goes with the error); otherwise `data` is the value
 * (`{}` is `null`). Other keys are ignored.
 */
export function readEnvelope(
  envelope: Record<string, unknown>,
): { data: unknown } | { failure: WireFailure; data: unknown } {
  const { data, errorMessage, errorType } = envelope;
  if (!errorMessage) return { data: data ?? null };
  const type = errorType === undefined || errorType === null ? null : textOf(errorType);
  return {
    failure: { errorType: type, errorMessage: clientMessage(type, textOf(errorMessage)) },
    data: data ?? null,
  };
}
