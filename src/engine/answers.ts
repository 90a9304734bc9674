/**
 * How AppSync reads what a Direct Lambda function answered (PROTOCOL.md §3, §4), whatever carried
 * the answer: the emulator's Lambda boundary after JSON, or the HTTP entry's call in process.
 */

import type { Outcome } from './engine.js';
import { FieldError } from './errors.js';
import { readEnvelope, readThrown } from './wire.js';

/** The same error for every context of a call that failed as a whole. */
export function every(count: number, error: FieldError): Outcome[] {
  return Array.from({ length: count }, () => ({ error }));
}

/** What the Node.js runtime reports for a thrown value, read as AppSync reads it (§4.1). */
export function thrownToError(thrown: unknown): FieldError {
  const { errorType, errorMessage } = readThrown(thrown);
  return new FieldError(errorType, errorMessage);
}

/**
 * One element of a BatchInvoke response, read with AppSync's rule (PROTOCOL.md §3.2): an object
 * is an envelope (`data`, or a truthy `errorMessage` with `errorType` and `data`, other keys
 * ignored; `{}` is null without error); `null` is null. Arrays and scalars pass through as the
 * value, the explanation PROTOCOL.md §3.3 finds most consistent with what AppSync was seen doing,
 * with a warning: the documented contract is the envelope.
 */
function readItem(element: unknown, index: number, warnings: string[]): Outcome {
  if (element === null) return { data: null };
  if (typeof element !== 'object' || Array.isArray(element)) {
    warnings.push(
      `BatchInvoke response item ${index} is ${Array.isArray(element) ? 'an array' : `a ${typeof element}`}, not an envelope; ` +
        'AppSync documents { data } or { data: null, errorMessage, errorType } for each item.',
    );
    return { data: element };
  }
  const read = readEnvelope(element as Record<string, unknown>);
  if (!('failure' in read)) return read;
  const { errorType, errorMessage } = read.failure;
  return { error: new FieldError(errorType, errorMessage, read.data) };
}

/**
 * The outcomes of an answer to `count` contexts: the value of an Invoke, or one envelope per
 * context of a BatchInvoke. A batch answered with anything but an array of its length fails every
 * item with `BatchResponseLengthMismatch` (what AppSync does is undocumented, PROTOCOL.md §3.4).
 */
/**
 * The outcomes of an answer read as resolver code reads `ctx.result`: the value of an Invoke, or
 * each element of a BatchInvoke's array as it is, unread ("JavaScript resolver function reference
 * for Lambda": the list must match the batch in size and order; null items are valid).
 */
export function readRaw(answered: unknown, count: number, batch: boolean): Outcome[] {
  if (!batch) return [{ data: answered }];
  const mismatch = lengthMismatch(answered, count);
  if (mismatch !== undefined) return every(count, mismatch);
  return (answered as unknown[]).map((data) => ({ data }));
}

/** The error of a batch answered with anything but an array of its length, else `undefined`. */
function lengthMismatch(answered: unknown, count: number): FieldError | undefined {
  if (Array.isArray(answered) && answered.length === count) return undefined;
  let got: string;
  try {
    got = Array.isArray(answered)
      ? `an array of ${answered.length}`
      : String(JSON.stringify(answered));
  } catch {
    got = typeof answered;
  }
  return new FieldError(
    'BatchResponseLengthMismatch',
    `A BatchInvoke of ${count} contexts must be answered with an array of ${count} items in the same order; the Lambda returned ${got.length > 80 ? `${got.slice(0, 80)}…` : got}.`,
  );
}

export function readAnswer(
  answered: unknown,
  count: number,
  batch: boolean,
  warnings: string[],
): Outcome[] {
  if (!batch) return [{ data: answered }];
  const mismatch = lengthMismatch(answered, count);
  if (mismatch !== undefined) return every(count, mismatch);
  return (answered as unknown[]).map((item, index) => readItem(item, index, warnings));
}
