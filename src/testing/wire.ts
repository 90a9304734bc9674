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
 * What the Node.js Lambda runtime reports for a thrown value (an `Error`'s name and message, else
 * the value's type and text), as AppSync reads it. A hostile value (a throwing getter, an object
 * without `toString`) never escapes as a crash.
 */
export function readThrown(thrown: unknown): WireFailure & { errorType: string } {
  const read = (value: () => unknown, fallback: string): string => {
    try {
      return String(value());
    } catch {
      return fallback;
    }
  };
  const isError = thrown instanceof Error;
  const errorType = isError ? read(() => thrown.name, 'Error') : typeof thrown;
  const message = read(() => (isError ? thrown.message : thrown), 'Unknown error');
  return { errorType, errorMessage: clientMessage(errorType, message) };
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
