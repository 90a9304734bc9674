/**
 * The response-size guard: Lambda refuses a synchronous response above 6 MB, and AppSync then
 * fails every field of the request (PROTOCOL.md §5). The dispatcher keeps the response within the
 * limit, dropping the largest batch items first, and answers an item JSON cannot carry with an
 * `InternalError` entry instead of losing the whole batch.
 */

import { runInNewContext } from 'node:vm';
import { AppSyncError, createResolver, LAMBDA_RESPONSE_LIMIT } from 'appsync-direct';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonSize, jsonSizeBound } from '../src/response-size.js';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

const utf8 = (text: string): number => new TextEncoder().encode(text).length;
const internal = {
  data: null,
  errorType: 'InternalError',
  errorMessage: 'An internal error occurred (request id req-0001).',
};

describe('jsonSizeBound() and jsonSize()', () => {
  it('bounds the UTF-8 size of JSON.stringify from above, and jsonSize is exact', () => {
    fc.assert(
      fc.property(
        fc.anything({
          withBoxedValues: true,
          withDate: true,
          withMap: true,
          withSet: true,
          withNullPrototype: true,
          withSparseArray: true,
          withTypedArray: true,
          withUnicodeString: true,
          maxDepth: 4,
        }),
        (value) => {
          const text = JSON.stringify(value);
          if (text === undefined) return;
          const exact = utf8(text);
          expect(jsonSize(value)).toBe(exact);
          const bound = jsonSizeBound(value);
          if (!Number.isNaN(bound)) expect(bound).toBeGreaterThanOrEqual(exact);
        },
      ),
      { numRuns: 2000 },
    );
    // 2000 random values: about 2 s idle, more on a loaded machine.
  }, 60_000);

  it('counts escapes, multi-byte characters, surrogate pairs and lone surrogates', () => {
    for (const text of ['\u0000\u001f"\\', 'é€', '😀', '\ud800', 'a\udc00b']) {
      const exact = utf8(JSON.stringify(text));
      expect(jsonSize(text)).toBe(exact);
      expect(jsonSizeBound(text)).toBeGreaterThanOrEqual(exact);
    }
  });

  it('cannot tell for a BigInt, a cycle, a very deep value or a throwing toJSON; jsonSize says which cannot be sent', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    const throwing = {
      toJSON() {
        throw new Error('no');
      },
    };
    expect(jsonSizeBound(1n)).toBeNaN();
    expect(jsonSizeBound(cycle)).toBeNaN();
    expect(jsonSizeBound(deep)).toBeNaN();
    expect(jsonSizeBound(throwing)).toBeNaN();
    expect(jsonSize(1n)).toBeUndefined();
    expect(jsonSize(cycle)).toBeUndefined();
    expect(jsonSize(deep)).toBe(JSON.stringify(deep).length);
    expect(jsonSize(undefined)).toBeUndefined();
  });
});

describe('an Invoke above the limit', () => {
  it('rejects with ResponseTooLargeError naming the size and the limit', async () => {
    const body = 'x'.repeat(7 * 1024 * 1024);
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.big', () => ({
      body,
    }));
    expect(await rejection(app.resolve(event('Query.big'), lambda))).toStrictEqual({
      errorType: 'ResponseTooLargeError',
      errorMessage: `The result of Query.big is ${body.length + 11} bytes of JSON, above the ${LAMBDA_RESPONSE_LIMIT}-byte limit of a Lambda response; return less (paginate, or select fewer fields).`,
    });
  });

  it('sends a result just within the limit, measured exactly once the bound is above it', async () => {
    // 6× the characters as a bound, but only ASCII: exactly at the limit.
    const body = 'x'.repeat(LAMBDA_RESPONSE_LIMIT - 2);
    const app = createResolver().resolver('Query.edge', () => body);
    expect(await app.resolve(event('Query.edge'), lambda)).toBe(body);
    const over = createResolver({ logger: recordingLogger() }).resolver(
      'Query.edge',
      () => `${body}é`,
    );
    expect((await rejection(over.resolve(event('Query.edge'), lambda))).errorType).toBe(
      'ResponseTooLargeError',
    );
  });

  it('takes the limit from maxResponseBytes, and Infinity turns the check off', async () => {
    const small = createResolver({ maxResponseBytes: 10, logger: recordingLogger() }).resolver(
      'Query.f',
      () => 'twelve chars',
    );
    expect(await rejection(small.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'ResponseTooLargeError',
      errorMessage:
        'The result of Query.f is 14 bytes of JSON, above the 10-byte limit of a Lambda response; return less (paginate, or select fewer fields).',
    });
    const off = createResolver({ maxResponseBytes: Number.POSITIVE_INFINITY }).resolver(
      'Query.f',
      () => 1n,
    );
    expect(await off.resolve(event('Query.f'), lambda)).toBe(1n);
  });

  it('answers InternalError for a result JSON cannot carry, and logs why', async () => {
    const logger = recordingLogger();
    const cycle: Record<string, unknown> = { id: '1' };
    cycle.self = cycle;
    const app = createResolver({ logger })
      .resolver('Query.big', () => ({ n: 10n }))
      .resolver('Query.cycle', () => cycle);
    for (const field of ['Query.big', 'Query.cycle']) {
      expect(await rejection(app.resolve(event(field), lambda))).toStrictEqual({
        errorType: 'InternalError',
        errorMessage: 'An internal error occurred (request id req-0001).',
      });
    }
    const logged = logger.calls.filter((call) => call.level === 'error');
    expect(logged.map((call) => call.attributes?.field)).toEqual(['Query.big', 'Query.cycle']);
    expect(String((logged[0]?.attributes?.error as Error | undefined)?.message)).toMatch(
      /^The result of Query\.big cannot be serialised as JSON \(.*BigInt.*\)/,
    );
  });

  // Regression (issue 15): an Invoke's error left the handler at any size; the runtime's report
  // of it ({ errorType, errorMessage, trace }) is a response Lambda refuses above the limit.
  it('replaces an error whose report is above the limit with ResponseTooLargeError, and logs its type', async () => {
    class ExportFailed extends AppSyncError {}
    const logger = recordingLogger();
    const app = createResolver({ logger })
      .resolver('Query.huge', () => {
        throw new ExportFailed('e'.repeat(7_000_000));
      })
      // 3.6 MB of JSON alone (each character escaped), but the trace repeats it: 7.2 MB in all.
      .resolver('Query.twice', async () => {
        throw new ExportFailed('\u0001'.repeat(600_000));
      })
      .resolver('Query.fits', () => {
        throw new ExportFailed('f'.repeat(2_000_000));
      });
    for (const field of ['Query.huge', 'Query.twice']) {
      const error = (await app.resolve(event(field), lambda).catch((e: unknown) => e)) as Error;
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ResponseTooLargeError');
      expect(error.message).toMatch(
        new RegExp(
          `^The ExportFailed error of ${field.replace('.', '\\.')} is \\d+ bytes of JSON as Lambda reports it, above the ${LAMBDA_RESPONSE_LIMIT}-byte limit of a Lambda response; its message was left out \\(throw a shorter message\\)\\.$`,
        ),
      );
      const report = {
        errorType: error.name,
        errorMessage: error.message,
        trace: String(error.stack).split('\n'),
      };
      expect(utf8(JSON.stringify(report))).toBeLessThan(1000);
    }
    expect(
      logger.calls.filter((call) => call.level === 'warn').map((call) => call.attributes),
    ).toEqual([
      expect.objectContaining({
        field: 'Query.huge',
        errorType: 'ResponseTooLargeError',
        replaced: 'ExportFailed',
        limit: LAMBDA_RESPONSE_LIMIT,
      }),
      expect.objectContaining({
        field: 'Query.twice',
        errorType: 'ResponseTooLargeError',
        replaced: 'ExportFailed',
      }),
    ]);
    const fits = await rejection(app.resolve(event('Query.fits'), lambda));
    expect(fits).toStrictEqual({ errorType: 'ExportFailed', errorMessage: 'f'.repeat(2_000_000) });
  });

  it('measures an error exactly as the runtime reports it: replaced above the limit, kept at it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 30 }).filter((type) => type !== ''),
        fc.string({ unit: 'binary', maxLength: 200 }),
        async (errorType, message) => {
          const thrown = new AppSyncError(message === '' ? 'x' : message, { errorType });
          const report = (e: Error) =>
            utf8(
              JSON.stringify({
                errorType: e.name,
                errorMessage: e.message,
                trace: String(e.stack).split('\n'),
              }),
            );
          const probe = createResolver({ logger: recordingLogger() }).resolver('Query.e', () => {
            throw thrown;
          });
          const exact = report(
            (await probe.resolve(event('Query.e'), lambda).catch((e) => e)) as Error,
          );
          const at = createResolver({ maxResponseBytes: exact, logger: recordingLogger() });
          at.resolver('Query.e', () => {
            throw thrown;
          });
          const kept = (await at.resolve(event('Query.e'), lambda).catch((e) => e)) as Error;
          expect(kept.name).toBe(errorType);
          const below = createResolver({ maxResponseBytes: exact - 1, logger: recordingLogger() });
          below.resolver('Query.e', () => {
            throw thrown;
          });
          const replaced = (await below.resolve(event('Query.e'), lambda).catch((e) => e)) as Error;
          expect(replaced.name).toBe('ResponseTooLargeError');
        },
      ),
      { numRuns: 200, seed: 20261207 },
    );
  });

  it('names an oversized error type cut short, so the replacement fits', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.t', () => {
      throw new AppSyncError('short', { errorType: 'T'.repeat(4_000_000) });
    });
    const error = (await app.resolve(event('Query.t'), lambda).catch((e) => e)) as Error;
    expect(error.name).toBe('ResponseTooLargeError');
    expect(error.message).toMatch(/^The T{100}… \(cut short\) error of Query\.t is \d+ bytes/);
    expect(error.message.length).toBeLessThan(400);
  });

  it('bounds an error by maxResponseBytes too, whoever raised it', async () => {
    const app = createResolver({ maxResponseBytes: 200, logger: recordingLogger() })
      .resolver('Query.f', () => {
        throw new AppSyncError('x'.repeat(100));
      })
      .resolver('Query.short', () => {
        throw new AppSyncError('short');
      });
    expect((await rejection(app.resolve(event('Query.f'), lambda))).errorType).toBe(
      'ResponseTooLargeError',
    );
    expect(await rejection(app.resolve(event('Query.short'), lambda))).toStrictEqual({
      errorType: 'AppSyncError',
      errorMessage: 'short',
    });
    // A route option that throws a long error, outside any resolver.
    const routed = createResolver({
      maxResponseBytes: 200,
      logger: recordingLogger(),
      route: () => {
        throw new AppSyncError('r'.repeat(300));
      },
    }).resolver('Query.f', () => 1);
    expect((await rejection(routed.resolve({ field: 'f' }, lambda))).errorType).toBe(
      'ResponseTooLargeError',
    );
  });

  it('rejects bad maxResponseBytes and deadlineMargin options', () => {
    for (const maxResponseBytes of [0, -1, Number.NaN, '6MB']) {
      expect(() => createResolver({ maxResponseBytes: maxResponseBytes as number })).toThrow(
        /^createResolver: maxResponseBytes must be a number of bytes ≥ 1, or Infinity; received /,
      );
    }
    for (const deadlineMargin of [-1, Number.POSITIVE_INFINITY, '500', true]) {
      expect(() => createResolver({ deadlineMargin: deadlineMargin as number })).toThrow(
        /^createResolver: deadlineMargin must be a number of milliseconds ≥ 0, or false; received /,
      );
    }
  });
});

describe('a BatchInvoke above the limit', () => {
  const blob = (bytes: number) => 'x'.repeat(bytes);

  it('replaces the largest items first, until the rest fits, and keeps every other item', async () => {
    const sizes = [100, 3_000_000, 50, 2_500_000, 2_000_000, 10];
    const app = createResolver({ logger: recordingLogger() }).resolver('Post.body', (ctx) =>
      blob(ctx.args.n as number),
    );
    const items = sizes.map((n) => event('Post.body', { n }));
    const out = (await app.resolve(items, lambda)) as Record<string, unknown>[];
    // 7.5 MB in all: dropping the 3 MB item leaves 4.5 MB, which fits.
    expect(out.map((entry) => entry.errorType ?? 'data')).toEqual([
      'data',
      'ResponseTooLargeError',
      'data',
      'data',
      'data',
      'data',
    ]);
    expect(out[1]).toStrictEqual({
      data: null,
      errorType: 'ResponseTooLargeError',
      errorMessage: `The result of Post.body (item 1) is ${3_000_000 + 11} bytes of JSON; it was left out so that the batch response fits the ${LAMBDA_RESPONSE_LIMIT}-byte limit of a Lambda response.`,
    });
    expect(out[3]).toStrictEqual({ data: blob(2_500_000) });
    expect(utf8(JSON.stringify(out))).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT);
  });

  it('drops as many items as it takes, from a batch resolver too', async () => {
    const app = createResolver({ maxResponseBytes: 900, logger: recordingLogger() }).batchResolver(
      'Post.body',
      (ctxs) => ctxs.map((ctx) => blob(ctx.args.n as number)),
    );
    const items = [400, 300, 200, 100, 50].map((n) => event('Post.body', { n }));
    const out = (await app.resolve(items, lambda)) as Record<string, unknown>[];
    expect(out.map((entry) => entry.errorType ?? entry.data)).toEqual([
      'ResponseTooLargeError',
      'ResponseTooLargeError',
      blob(200),
      blob(100),
      blob(50),
    ]);
    expect(utf8(JSON.stringify(out))).toBeLessThanOrEqual(900);
  });

  it('counts error entries and their data, and drops an error entry if it is the largest', async () => {
    const app = createResolver({ maxResponseBytes: 500, logger: recordingLogger() }).resolver(
      'Post.f',
      (ctx) => {
        if (ctx.args.fail) throw new AppSyncError('failed', { data: { log: blob(600) } });
        return 'ok';
      },
    );
    const out = (await app.resolve(
      [event('Post.f', { fail: true }), event('Post.f')],
      lambda,
    )) as Record<string, unknown>[];
    expect(out[0]?.errorType).toBe('ResponseTooLargeError');
    expect(out[1]).toStrictEqual({ data: 'ok' });
  });

  it('answers an item JSON cannot carry with InternalError and keeps the others', async () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const app = createResolver({ logger: recordingLogger() }).batchResolver('Post.author', (ctxs) =>
      ctxs.map((ctx) => [{ id: 0 }, { id: 1n }, cycle, { id: 3 }][ctx.args.i as number]),
    );
    const items = [0, 1, 2, 3].map((i) => event('Post.author', { i }));
    expect(await app.resolve(items, lambda)).toStrictEqual([
      { data: { id: 0 } },
      internal,
      internal,
      { data: { id: 3 } },
    ]);
  });

  it('never serialises a response whose bound fits', async () => {
    let calls = 0;
    const counted = {
      toJSON() {
        calls++;
        return 'counted';
      },
    };
    const app = createResolver().resolver('Post.f', () => counted);
    await app.resolve([event('Post.f'), event('Post.f')], lambda);
    // One toJSON call per item, from the bound's walk; JSON.stringify would make it two.
    expect(calls).toBe(2);
  });
});

describe('the bound, for what JSON.stringify does with unusual values', () => {
  it('passes toJSON its key, reads a function’s toJSON, and converts boxed values as JSON does', () => {
    const keyed = { long: { toJSON: (key: string) => (key === 'long' ? 'x'.repeat(1000) : '') } };
    const fn = Object.assign(() => 0, { toJSON: () => 'y'.repeat(1000) });
    const boxed = Object.assign(new String('s'), { toString: () => 'z'.repeat(1000) });
    for (const value of [
      keyed,
      [keyed.long],
      { fn },
      { boxed },
      new Number(1e300),
      new Boolean(false),
    ]) {
      const exact = jsonSize(value) as number;
      expect(jsonSizeBound(value)).toBeGreaterThanOrEqual(exact);
    }
    expect(jsonSizeBound(Object(1n))).toBeNaN();
  });

  it('calls toJSON once per value, as JSON.stringify does, and not on what it returned', () => {
    const big = 'x'.repeat(5000);
    const value = { toJSON: () => ({ toJSON: () => 1, big }) };
    const fn = Object.assign(() => 0, {
      toJSON: () => Object.assign(() => 0, { toJSON: () => big }),
    });
    for (const v of [value, [value], { fn }]) {
      expect(jsonSizeBound(v)).toBeGreaterThanOrEqual(jsonSize(v) as number);
    }
  });

  it('counts boxed values by their slot: from another realm, or with another prototype', () => {
    const other = runInNewContext(
      '[new Number(-1.7976931348623157e+308), new Boolean(false), new String("ab"), Object(1n)]',
    ) as object[];
    const reset = Object.setPrototypeOf(new Boolean(false), null);
    const toObject = Object.setPrototypeOf(new Number(-1e300), Object.prototype);
    for (const value of [...other.slice(0, 3), reset, { b: reset }]) {
      expect(jsonSizeBound(value)).toBeGreaterThanOrEqual(jsonSize(value) as number);
    }
    // Without a prototype, a Number or String box has no valueOf for JSON.stringify to call.
    const bare = Object.setPrototypeOf(new Number(1), null);
    expect(jsonSize(bare)).toBeUndefined();
    expect(jsonSizeBound(bare)).toBeNaN();
    expect(jsonSizeBound(other[3])).toBeNaN();
    // A class that only borrows the tag is measured by its keys.
    class Tagged {
      readonly [Symbol.toStringTag] = 'Number';
      readonly text = 'x'.repeat(100);
    }
    expect(jsonSizeBound(new Tagged())).toBeGreaterThanOrEqual(jsonSize(new Tagged()) as number);
    // A box given Object.prototype is converted through Object.prototype's valueOf and toString.
    expect(jsonSize(toObject)).toBe(4);
    expect(jsonSizeBound(toObject)).toBeGreaterThanOrEqual(4);
  });

  it('answers a boxed BigInt with InternalError for its item, not a failed batch', async () => {
    const app = createResolver({ logger: recordingLogger() }).batchResolver('Post.n', (ctxs) =>
      ctxs.map((_, i) => (i === 0 ? { n: Object(1n) } : { n: i })),
    );
    expect(await app.resolve([event('Post.n'), event('Post.n')], lambda)).toStrictEqual([
      internal,
      { data: { n: 1 } },
    ]);
  });

  it('keeps an oversized result out whatever its toJSON is keyed on', async () => {
    const app = createResolver({ maxResponseBytes: 500, logger: recordingLogger() }).resolver(
      'Query.f',
      () => ({ body: { toJSON: (key: string) => (key === 'body' ? 'x'.repeat(2000) : '') } }),
    );
    expect((await rejection(app.resolve(event('Query.f'), lambda))).errorType).toBe(
      'ResponseTooLargeError',
    );
  });
});
