import { every, readAnswer, readRaw, thrownToError } from '../engine/answers.js';
import type { CallOutcome } from '../engine/engine.js';
import { FieldError } from '../engine/errors.js';
import { thrownReportBytes } from '../engine/wire.js';
import type { LambdaContext } from '../event.js';
import { LAMBDA_RESPONSE_LIMIT } from '../response-size.js';
import { lambdaContext } from '../testing/builders.js';
import { findJsonProblem } from '../testing/json.js';

/**
 * Lambda's synchronous payload limit for the event, 6 MiB (PROTOCOL.md §5). A response may be
 * 100 bytes more (`LAMBDA_RESPONSE_LIMIT`), the figures Lambda's own two errors quote.
 */
export const MAX_PAYLOAD_BYTES = 6_291_456;

/**
 * A Lambda handler: `async (event, context) => result`, or the callback style
 * `(event, context, callback) => void`.
 */
export type LambdaHandler = (
  event: never,
  context: never,
  callback: never,
) => unknown | PromiseLike<unknown>;

function callHandler(handler: LambdaHandler, event: unknown, context: LambdaContext) {
  return new Promise<unknown>((resolve, reject) => {
    const callback = (error: unknown, result?: unknown): void => {
      if (error === null || error === undefined) resolve(result);
      else reject(error);
    };
    let returned: unknown;
    try {
      returned = (handler as (e: unknown, c: unknown, cb: unknown) => unknown)(
        event,
        context,
        callback,
      );
    } catch (error) {
      reject(error);
      return;
    }
    if (typeof (returned as PromiseLike<unknown> | null)?.then === 'function') {
      (returned as PromiseLike<unknown>).then(resolve, reject);
    } else if (handler.length < 3) {
      resolve(returned);
    }
  });
}

/** Lambda's error for a response above its limit, whether a value or a thrown error's report. */
function responseTooLarge(bytes: number): FieldError {
  return new FieldError(
    'Function.ResponseSizeTooLarge',
    `Response payload size (${Number.isFinite(bytes) ? `${bytes} bytes` : 'too long to serialise'}) exceeded maximum allowed payload size (${LAMBDA_RESPONSE_LIMIT} bytes).`,
  );
}

/**
 * Calls `handler` as Lambda does for AppSync: the event crosses JSON (and is refused above
 * 6 MB), the handler runs with a fresh Lambda context, and its response crosses JSON (refused
 * above 6 MB; a value JSON cannot serialise fails the call), then is read with AppSync's rules:
 * the value of an Invoke, or one envelope per context of a BatchInvoke. It never rejects.
 *
 * Failures of the whole call give every context the same error:
 * - event over 6 MB: `Lambda:RequestEntityTooLargeException` (Lambda refuses the Invoke call);
 * - thrown error: its name and message (PROTOCOL.md §4.1, §4.2);
 * - a response JSON cannot hold (a BigInt, a cycle, a throwing getter, a revoked proxy, a string
 *   too long to serialise): `Runtime.MarshalError`;
 * - response over 6 MB, or a thrown error whose report is: `Function.ResponseSizeTooLarge`
 *   (Lambda's own function error type);
 * - a batch answered with anything but an array of the batch's length:
 *   `BatchResponseLengthMismatch` (what AppSync does is undocumented, PROTOCOL.md §3.4).
 *
 * With `raw`, the answer is read as resolver code reads `ctx.result`: the value of an Invoke, or
 * each element of a BatchInvoke's array as it is (no envelope).
 */
export async function callLambda(
  handler: LambdaHandler,
  events: readonly unknown[],
  batch: boolean,
  raw = false,
): Promise<CallOutcome> {
  try {
    return await exchange(handler, events, batch, raw);
  } catch (error) {
    // Only JSON can throw here: an event part that cannot be serialised (a value an authorizer
    // returned), or a response whose getters, proxies or size defeat JSON.stringify.
    const reason = thrownToError(error).message;
    const failure = new FieldError(
      'Runtime.MarshalError',
      `Unable to serialise the ${batch ? 'BatchInvoke' : 'Invoke'} payload as JSON: ${reason}.`,
    );
    return { outcomes: every(events.length, failure), warnings: [] };
  }
}

async function exchange(
  handler: LambdaHandler,
  events: readonly unknown[],
  batch: boolean,
  raw: boolean,
): Promise<CallOutcome> {
  const count = events.length;
  const warnings: string[] = [];
  const requestText = JSON.stringify(batch ? events : events[0]) as string;
  const requestBytes = Buffer.byteLength(requestText);
  if (requestBytes > MAX_PAYLOAD_BYTES) {
    const error = new FieldError(
      'Lambda:RequestEntityTooLargeException',
      `Request must be smaller than ${MAX_PAYLOAD_BYTES} bytes for the InvokeFunction operation; this ${batch ? `BatchInvoke of ${count}` : 'Invoke'} event is ${requestBytes} bytes.${batch ? ' Reduce maxBatchSize.' : ''}`,
    );
    return { outcomes: every(count, error), warnings };
  }
  let response: unknown;
  try {
    response = await callHandler(
      handler,
      JSON.parse(requestText),
      lambdaContext({ functionName: 'appsync-direct-emulator' }),
    );
  } catch (thrown) {
    // The runtime's report of the error is a response too, and Lambda bounds it the same way.
    const reportBytes = thrownReportBytes(thrown);
    const error =
      reportBytes > LAMBDA_RESPONSE_LIMIT ? responseTooLarge(reportBytes) : thrownToError(thrown);
    return { outcomes: every(count, error), warnings };
  }
  const problem = findJsonProblem(response);
  if (problem?.fatal) {
    const error = new FieldError(
      'Runtime.MarshalError',
      `Unable to stringify response body: ${problem.path} ${problem.reason}.`,
    );
    return { outcomes: every(count, error), warnings };
  }
  if (problem !== undefined) warnings.push(`The response's ${problem.path} ${problem.reason}.`);
  const responseText = JSON.stringify(response) ?? 'null';
  const responseBytes = Buffer.byteLength(responseText);
  if (responseBytes > LAMBDA_RESPONSE_LIMIT) {
    return { outcomes: every(count, responseTooLarge(responseBytes)), warnings };
  }
  const answer = JSON.parse(responseText);
  return {
    outcomes: raw ? readRaw(answer, count, batch) : readAnswer(answer, count, batch, warnings),
    warnings,
  };
}
