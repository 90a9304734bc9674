/**
 * The test kit's `invoke()` at Lambda's size limits: what Lambda would refuse (an event above
 * 6 MiB, a response or a thrown error's report above 6 MiB + 100 bytes) fails the test with an
 * `InvokeContractError`, as a value JSON cannot carry does; what fits passes.
 */
import { AppSyncError, createResolver, LAMBDA_RESPONSE_LIMIT } from 'appsync-direct';
import { InvokeContractError, invoke, invokeEvent, lambdaContext } from 'appsync-direct/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from './helpers.js';

const event = invokeEvent({ field: 'Query.a' });

describe('invoke() at the size limits', () => {
  // Regression (issue 15): a handler that threw a 7 MB error passed as an ordinary error.
  it('fails a thrown error whose report Lambda would refuse', async () => {
    const thrown = invoke(() => {
      throw Object.assign(new Error('e'.repeat(7_000_000)), { name: 'ExportFailed' });
    }, event);
    await expect(thrown).rejects.toBeInstanceOf(InvokeContractError);
    await expect(thrown).rejects.toThrow(
      /^The error thrown by Query\.a is \d+ bytes as the Lambda runtime reports it \(\{ errorType, errorMessage, trace \}\), above Lambda's 6291556-byte limit: Lambda would refuse it \(Function\.ResponseSizeTooLarge\) and AppSync fail the field\.$/,
    );
    // Half the limit as a message, but the trace repeats it.
    await expect(
      invoke(() => Promise.reject(new Error('x'.repeat(3_200_000))), event),
    ).rejects.toBeInstanceOf(InvokeContractError);
    expect(await invoke(() => Promise.reject(new Error('x'.repeat(3_000_000))), event)).toEqual({
      error: { errorType: 'Error', errorMessage: 'x'.repeat(3_000_000) },
    });
  });

  it('fails a batch whose handler threw such an error, not one item of it', async () => {
    const batch = [event, event];
    await expect(
      invoke(() => {
        throw new Error('e'.repeat(7_000_000));
      }, batch),
    ).rejects.toBeInstanceOf(InvokeContractError);
  });

  it('fails a response Lambda would refuse, and takes one exactly at the limit', async () => {
    await expect(invoke(() => 'x'.repeat(LAMBDA_RESPONSE_LIMIT), event)).rejects.toThrow(
      `The response to Query.a is ${LAMBDA_RESPONSE_LIMIT + 2} bytes of JSON, above Lambda's ${LAMBDA_RESPONSE_LIMIT}-byte limit: Lambda would refuse it (Function.ResponseSizeTooLarge) and AppSync fail the field.`,
    );
    const edge = 'x'.repeat(LAMBDA_RESPONSE_LIMIT - 2);
    expect(await invoke(() => edge, event)).toEqual({ data: edge });
  });

  it('fails an event above 6 MiB before calling the handler', async () => {
    let called = false;
    const big = invokeEvent({ field: 'Query.a', args: { pad: 'p'.repeat(6_291_456) } });
    await expect(
      invoke(() => {
        called = true;
        return null;
      }, big),
    ).rejects.toThrow(
      /^The event is \d+ bytes of JSON, above Lambda's 6291456-byte limit: Lambda would refuse it\.$/,
    );
    expect(called).toBe(false);
  });

  it('reads an app whose error the dispatcher replaced as ResponseTooLargeError', async () => {
    const app = createResolver({ logger: silentLogger }).resolver('Query.a', () => {
      throw new AppSyncError('e'.repeat(7_000_000));
    });
    expect(await invoke(app, event)).toEqual({
      error: {
        errorType: 'ResponseTooLargeError',
        errorMessage: expect.stringMatching(/^The AppSyncError error of Query\.a is \d+ bytes/),
      },
    });
  });
});

// Regression (issue 15): without a Lambda context from the test, a resolver that never settled
// held invoke() until the test runner's own timeout, which says nothing of why.
describe('invoke() without a Lambda context', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("gives the handler Lambda's default 3 s, so a hang is the app's TimeoutError", async () => {
    vi.useFakeTimers();
    let remaining: number | undefined;
    const app = createResolver({ logger: silentLogger }).resolver('Query.a', (ctx) => {
      remaining = ctx.lambda?.getRemainingTimeInMillis?.();
      return new Promise(() => {});
    });
    const answer = invoke(app, event);
    await vi.advanceTimersByTimeAsync(2_500);
    expect(await answer).toEqual({
      error: {
        errorType: 'TimeoutError',
        errorMessage: expect.stringMatching(/^Query\.a did not finish before the deadline/),
      },
    });
    expect(remaining).toBe(3_000);
  });

  it('fails a handler of your own that never answers once the time is up', async () => {
    vi.useFakeTimers();
    const answer = invoke(() => new Promise(() => {}), event);
    const failed = expect(answer).rejects.toThrow(
      /^The handler of Query\.a did not answer within the 3000 ms the Lambda context had left: Lambda would stop it \("Task timed out"\)/,
    );
    await vi.advanceTimersByTimeAsync(3_000);
    await failed;
    await expect(answer).rejects.toBeInstanceOf(InvokeContractError);
  });

  it('takes a context with more time than a timer can hold', async () => {
    const app = createResolver({ logger: silentLogger }).resolver(
      'Query.a',
      () => new Promise((resolve) => setTimeout(() => resolve('late'), 20)),
    );
    const context = lambdaContext({ remainingMs: 1e12 });
    expect(await invoke(app, event, context)).toEqual({ data: 'late' });
  });

  it('keeps the time of a context the test gives', async () => {
    let remaining: number | undefined;
    const handler = (_event: unknown, context?: { getRemainingTimeInMillis(): number }) => {
      remaining = context?.getRemainingTimeInMillis();
      return 1;
    };
    expect(await invoke(handler, event, lambdaContext({ remainingMs: 60_000 }))).toEqual({
      data: 1,
    });
    expect(remaining).toBeGreaterThan(59_000);
  });
});
