/**
 * Deadlines: the dispatcher answers before Lambda's timeout with what is finished, `TimeoutError`
 * for the rest, and aborts `ctx.signal` (DESIGN.md "Scale", PROTOCOL.md §5). Fake timers drive
 * the clock, and `lambdaContext({ remainingMs })` counts down with it.
 */
import {
  AppSyncError,
  createResolver,
  LAMBDA_RESPONSE_LIMIT,
  type ResolverContext,
  requireAuth,
  TimeoutError,
} from 'appsync-direct';
import { lambdaContext } from 'appsync-direct/testing';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { event, recordingLogger, rejection } from './helpers.js';

const never = (): Promise<never> => new Promise(() => {});
const later = <T>(ms: number, value: T): Promise<T> =>
  new Promise((resolve) => setTimeout(() => resolve(value), ms));

const timeoutEntry = (field: string) => ({
  data: null,
  errorType: 'TimeoutError',
  errorMessage: `${field} did not finish before the deadline: the function answers 500 ms before Lambda's timeout, with what is finished.`,
});

/** Resolves `promise` while advancing fake time; returns the value and the fake time it took. */
async function settle<T>(promise: Promise<T>): Promise<{ value: T; elapsed: number }> {
  const started = Date.now();
  let done = false;
  let value: T | undefined;
  let failure: unknown;
  let failed = false;
  promise.then(
    (v) => {
      done = true;
      value = v;
    },
    (error: unknown) => {
      done = true;
      failed = true;
      failure = error;
    },
  );
  for (let i = 0; i < 10_000 && !done; i++) await vi.advanceTimersByTimeAsync(10);
  if (!done) throw new Error('the promise did not settle within 100 s of fake time');
  if (failed) throw failure;
  return { value: value as T, elapsed: Date.now() - started };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('an Invoke at the deadline', () => {
  it('rejects with TimeoutError at remaining time minus the margin, and aborts ctx.signal', async () => {
    let seen: ResolverContext | undefined;
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.slow', (ctx) => {
      seen = ctx;
      return never();
    });
    const { value, elapsed } = await settle(
      rejection(app.resolve(event('Query.slow'), lambdaContext({ remainingMs: 3000 }))),
    );
    expect(value).toStrictEqual({
      errorType: 'TimeoutError',
      errorMessage:
        "Query.slow did not finish before the deadline: the function answers 500 ms before Lambda's timeout, with what is finished.",
    });
    expect(elapsed).toBeGreaterThanOrEqual(2500);
    expect(elapsed).toBeLessThan(2600);
    expect(seen?.signal.aborted).toBe(true);
    expect(seen?.signal.reason).toBeInstanceOf(TimeoutError);
  });

  it('answers a resolver that finishes in time', async () => {
    const app = createResolver().resolver('Query.fast', () => later(2400, 'done'));
    const { value } = await settle(
      app.resolve(event('Query.fast'), lambdaContext({ remainingMs: 3000 })),
    );
    expect(value).toBe('done');
  });

  it('takes the margin from the option, and has no deadline with deadlineMargin: false', async () => {
    const app = createResolver({ deadlineMargin: 2000, logger: recordingLogger() }).resolver(
      'Query.f',
      () => later(1500, 'late'),
    );
    const timed = await settle(
      rejection(app.resolve(event('Query.f'), lambdaContext({ remainingMs: 3000 }))),
    );
    expect(timed.value.errorType).toBe('TimeoutError');
    expect(timed.elapsed).toBeLessThan(1100);

    const off = createResolver({ deadlineMargin: false }).resolver('Query.f', () =>
      later(5000, 'late'),
    );
    const result = await settle(
      off.resolve(event('Query.f'), lambdaContext({ remainingMs: 3000 })),
    );
    expect(result.value).toBe('late');
  });

  it('has no deadline without a Lambda context, or with one that cannot say its remaining time', async () => {
    const app = createResolver().resolver('Query.f', () => later(60_000, 'answered'));
    expect((await settle(app.resolve(event('Query.f')))).value).toBe('answered');
    expect((await settle(app.resolve(event('Query.f'), { awsRequestId: 'r' }))).value).toBe(
      'answered',
    );
    const broken = {
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => {
        throw new Error('unreadable');
      },
    };
    expect((await settle(app.resolve(event('Query.f'), broken))).value).toBe('answered');
    const nonsense = { awsRequestId: 'r', getRemainingTimeInMillis: () => Number.NaN };
    expect((await settle(app.resolve(event('Query.f'), nonsense))).value).toBe('answered');
  });

  it('gives ctx.signal without a deadline too; it never aborts', async () => {
    let signal: AbortSignal | undefined;
    const app = createResolver().resolver('Query.f', async (ctx) => {
      signal = ctx.signal;
      await later(100_000, null);
      return signal.aborted;
    });
    expect((await settle(app.resolve(event('Query.f')))).value).toBe(false);
    expect(signal).toBeInstanceOf(AbortSignal);
  });

  it('aborts a signal read after the deadline at once', async () => {
    let ctxSeen: ResolverContext | undefined;
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.f', (ctx) => {
      ctxSeen = ctx;
      return never();
    });
    await settle(rejection(app.resolve(event('Query.f'), lambdaContext({ remainingMs: 1000 }))));
    expect(ctxSeen?.signal.aborted).toBe(true);
  });

  it('times out a batch resolver answering an Invoke, and a promise in its slot', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger })
      .batchResolver('Post.author', () => never())
      .batchResolver('Post.editor', (ctxs) => ctxs.map(() => never()));
    const ctx = lambdaContext({ remainingMs: 1000 });
    for (const field of ['Post.author', 'Post.editor']) {
      const { value } = await settle(rejection(app.resolve(event(field), ctx)));
      expect(value.errorType).toBe('TimeoutError');
    }
  });

  it('fails the request at once when the remaining time is below the margin', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.f', () =>
      later(10, 'x'),
    );
    const { value, elapsed } = await settle(
      rejection(app.resolve(event('Query.f'), lambdaContext({ remainingMs: 200 }))),
    );
    expect(value.errorType).toBe('TimeoutError');
    expect(elapsed).toBeLessThanOrEqual(10);
  });

  it('does not time out a synchronous resolver, whatever the remaining time', async () => {
    const app = createResolver().resolver('Query.f', () => 'sync');
    expect(await app.resolve(event('Query.f'), lambdaContext({ remainingMs: 0 }))).toBe('sync');
  });
});

describe('a BatchInvoke at the deadline', () => {
  it('keeps every finished item, and gives TimeoutError to the ones still running', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger, concurrency: 4 }).resolver('Post.author', (ctx) => {
      const i = ctx.args.i as number;
      if (i % 3 === 0) return never();
      return later(i * 10, { i });
    });
    const items = Array.from({ length: 12 }, (_, i) => event('Post.author', { i }));
    const { value, elapsed } = await settle(
      app.resolve(items, lambdaContext({ remainingMs: 2000 })) as Promise<unknown[]>,
    );
    // Four workers: by item 9 all four hold a hanging item, so items 10 and 11 never start.
    expect(elapsed).toBeLessThan(1600);
    expect(value).toHaveLength(12);
    value.forEach((entry, i) => {
      if (i % 3 === 0 || i >= 10) expect(entry).toStrictEqual(timeoutEntry('Post.author'));
      else expect(entry).toStrictEqual({ data: { i } });
    });
    const warning = logger.calls.find((call) => call.level === 'warn');
    expect(warning?.attributes).toMatchObject({
      field: 'Post.author',
      errorType: 'TimeoutError',
      count: 6,
      indices: [0, 3, 6, 9, 10, 11],
    });
  });

  it('does not start queued items after the deadline', async () => {
    const started: number[] = [];
    const app = createResolver({ concurrency: 1, logger: recordingLogger() }).resolver(
      'Post.author',
      (ctx) => {
        started.push(ctx.args.i as number);
        return later(400, ctx.args.i);
      },
    );
    const items = Array.from({ length: 10 }, (_, i) => event('Post.author', { i }));
    const { value } = await settle(
      app.resolve(items, lambdaContext({ remainingMs: 1500 })) as Promise<unknown[]>,
    );
    expect(value.slice(0, 2)).toStrictEqual([{ data: 0 }, { data: 1 }]);
    expect(value.slice(3)).toStrictEqual(Array(7).fill(timeoutEntry('Post.author')));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(started).toEqual([0, 1, 2]);
  });

  it('times out a batch resolver group as a whole, and its late promise slots one by one', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .batchResolver('Post.author', () => never())
      .batchResolver('Post.editor', (ctxs) =>
        ctxs.map((ctx) => ((ctx.args.i as number) < 2 ? later(100, ctx.args.i) : never())),
      );
    const items = [
      event('Post.author', { i: 0 }),
      event('Post.editor', { i: 1 }),
      event('Post.editor', { i: 5 }),
      event('Post.author', { i: 3 }),
    ];
    const { value } = await settle(
      app.resolve(items, lambdaContext({ remainingMs: 1000 })) as Promise<unknown[]>,
    );
    expect(value).toStrictEqual([
      timeoutEntry('Post.author'),
      { data: 1 },
      timeoutEntry('Post.editor'),
      timeoutEntry('Post.author'),
    ]);
  });

  it('ignores what a resolver answers after the deadline', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .resolver('Post.author', async () => {
        await later(2000, null);
        throw new AppSyncError('too late to matter');
      })
      .batchResolver('Post.editor', async () => {
        await later(2000, null);
        throw new Error('too late to matter');
      });
    const items = [event('Post.author'), event('Post.editor')];
    const pending = app.resolve(items, lambdaContext({ remainingMs: 1000 })) as Promise<unknown[]>;
    const { value } = await settle(pending);
    await vi.advanceTimersByTimeAsync(5000);
    expect(value).toStrictEqual([timeoutEntry('Post.author'), timeoutEntry('Post.editor')]);
  });

  it('answers a batch of synchronous resolvers without reading the clock', async () => {
    let reads = 0;
    const ctx = {
      awsRequestId: 'r',
      getRemainingTimeInMillis: () => {
        reads++;
        return 0;
      },
    };
    const app = createResolver().resolver('Post.author', (c) => c.args.i);
    const items = Array.from({ length: 5 }, (_, i) => event('Post.author', { i }));
    expect(await app.resolve(items, ctx)).toStrictEqual(
      Array.from({ length: 5 }, (_, i) => ({ data: i })),
    );
    expect(reads).toBe(0);
  });

  it('serves overlapping requests with their own deadlines', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.f', (ctx) =>
      later(ctx.args.ms as number, ctx.args.ms),
    );
    const short = rejection(
      app.resolve(event('Query.f', { ms: 5000 }), lambdaContext({ remainingMs: 1000 })),
    );
    const long = app.resolve(
      event('Query.f', { ms: 3000 }),
      lambdaContext({ remainingMs: 10_000 }),
    );
    const both = await settle(Promise.all([short, long]));
    expect(both.value).toStrictEqual([
      {
        errorType: 'TimeoutError',
        errorMessage:
          "Query.f did not finish before the deadline: the function answers 500 ms before Lambda's timeout, with what is finished.",
      },
      3000,
    ]);
  });

  it('re-arms its timer when the timer functions are swapped (fake timers on and off)', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.f', () => never());
    // Arm the shared timer under fake timers, then swap to real ones and back.
    const first = rejection(app.resolve(event('Query.f'), lambdaContext({ remainingMs: 60_000 })));
    vi.useRealTimers();
    vi.useFakeTimers();
    const second = await settle(
      rejection(app.resolve(event('Query.f'), lambdaContext({ remainingMs: 1000 }))),
    );
    expect(second.value.errorType).toBe('TimeoutError');
    void first;
  });
});

describe("the issue's acceptance batch", () => {
  it('answers 2000 items where 10 hang and 1 returns 7 MB: 1989 data, 10 TimeoutError, 1 ResponseTooLargeError, before the deadline', async () => {
    const hanging = new Set([7, 150, 333, 600, 901, 1200, 1333, 1500, 1777, 1999]);
    const huge = 1024;
    const app = createResolver({ logger: recordingLogger() }).resolver(
      'Query.item',
      async (ctx) => {
        const i = ctx.args.i as number;
        if (hanging.has(i)) return never();
        await later(1, null);
        if (i === huge) return { i, body: 'x'.repeat(7 * 1024 * 1024) };
        return { i };
      },
    );
    const items = Array.from({ length: 2000 }, (_, i) => event('Query.item', { i }));
    const lambda = lambdaContext({ remainingMs: 10_000 });
    const { value } = await settle(
      app.resolve(items, lambda) as Promise<Record<string, unknown>[]>,
    );
    expect(lambda.getRemainingTimeInMillis()).toBeGreaterThanOrEqual(500);
    expect(value).toHaveLength(2000);
    const byType = { data: 0, TimeoutError: 0, ResponseTooLargeError: 0, other: 0 };
    value.forEach((entry, i) => {
      if (hanging.has(i)) {
        expect(entry).toStrictEqual(timeoutEntry('Query.item'));
        byType.TimeoutError++;
      } else if (i === huge) {
        expect(entry).toStrictEqual({
          data: null,
          errorType: 'ResponseTooLargeError',
          errorMessage: `The result of Query.item (item 1024) is ${JSON.stringify({ data: { i: huge, body: 'x'.repeat(7 * 1024 * 1024) } }).length} bytes of JSON; it was left out so that the batch response fits the ${LAMBDA_RESPONSE_LIMIT}-byte limit of a Lambda response.`,
        });
        byType.ResponseTooLargeError++;
      } else if ('errorType' in entry) {
        byType.other++;
      } else {
        expect(entry).toStrictEqual({ data: { i } });
        byType.data++;
      }
    });
    expect(byType).toStrictEqual({
      data: 1989,
      TimeoutError: 10,
      ResponseTooLargeError: 1,
      other: 0,
    });
    expect(JSON.stringify(value).length).toBeLessThanOrEqual(LAMBDA_RESPONSE_LIMIT);
  });
});

describe('the shared timer, after review', () => {
  it('fires for a request that outlives the wall clock jumping forward', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.f', (ctx) =>
      later(ctx.args.ms as number, 'late'),
    );
    // Request A arms the timer for its deadline, 29.5 s away, and answers at once.
    await settle(app.resolve(event('Query.f', { ms: 1 }), lambdaContext({ remainingMs: 30_000 })));
    vi.setSystemTime(Date.now() + 3_600_000);
    const b = await settle(
      rejection(
        app.resolve(event('Query.f', { ms: 10_000 }), lambdaContext({ remainingMs: 1000 })),
      ),
    );
    expect(b.value.errorType).toBe('TimeoutError');
    expect(b.elapsed).toBeLessThan(1000);
  });

  it('arms no timer beyond setTimeout’s range, and does not spin', async () => {
    vi.useRealTimers();
    const calls = vi.spyOn(globalThis, 'setTimeout');
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const app = createResolver().resolver('Query.f', () => later(100, 'ok'));
      const before = calls.mock.calls.length;
      expect(await app.resolve(event('Query.f'), lambdaContext({ remainingMs: 3e9 }))).toBe('ok');
      // Node clamps a delay above 2³¹−1 ms to 1 ms: a timer armed with one would fire and re-arm
      // every millisecond of the request.
      const armed = calls.mock.calls.slice(before).map(([, ms]) => ms);
      expect(armed.filter((ms) => ms !== 100)).toStrictEqual([2_147_483_647]);
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
      calls.mockRestore();
    }
  });

  it('runs no resolver after the deadline, even behind a middleware still at work', async () => {
    let ran = false;
    const slowGuard = requireAuth({ where: () => later(2000, true) });
    const app = createResolver({ logger: recordingLogger() })
      .resolver(
        'Mutation.deletePost',
        () => {
          ran = true;
          return true;
        },
        { use: [slowGuard] },
      )
      .batchResolver(
        'Post.author',
        (ctxs) => {
          ran = true;
          return ctxs.map(() => null);
        },
        { use: [slowGuard] },
      );
    const invoke = await settle(
      rejection(app.resolve(event('Mutation.deletePost'), lambdaContext({ remainingMs: 1000 }))),
    );
    expect(invoke.value.errorType).toBe('TimeoutError');
    const batch = await settle(
      app.resolve([event('Post.author')], lambdaContext({ remainingMs: 1000 })) as Promise<
        unknown[]
      >,
    );
    expect(batch.value).toStrictEqual([timeoutEntry('Post.author')]);
    await vi.advanceTimersByTimeAsync(5000);
    expect(ran).toBe(false);
  });
});
