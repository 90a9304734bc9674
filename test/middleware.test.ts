/**
 * Middleware (src/middleware.ts): app.use() and per-resolver `use`, around per-item resolvers,
 * batch resolvers and an Invoke. Every test asserts on what the handler answers (a value, a
 * rejection read as AppSync reads it, or the batch entries), never on log text.
 */
import {
  AppSyncError,
  contextsOf,
  createResolver,
  isBatch,
  type Middleware,
  type ResolverContext,
  UnauthorizedException,
} from 'appsync-direct';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

class NotFoundError extends AppSyncError {}
class ForbiddenError extends AppSyncError {}

/** Not an AppSyncError: only an onError mapper makes it more than an InternalError. */
class QuotaExceeded extends Error {
  constructor(readonly limit: number) {
    super(`quota of ${limit} exceeded`);
  }
}

const INTERNAL = {
  errorType: 'InternalError',
  errorMessage: 'An internal error occurred (request id req-0001).',
};
const INTERNAL_ENTRY = { data: null, ...INTERNAL };
const UNAUTHORIZED = {
  errorType: 'UnauthorizedException',
  errorMessage: 'You are not authorized to make this call.',
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/** A fresh app that logs nowhere visible. */
const app = (options: { exposeErrors?: boolean } = {}) =>
  createResolver({ logger: recordingLogger(), ...options });

/** Items of `Post.x` whose `source.id` are `ids`. */
const posts = (ids: readonly string[], key = 'Post.x') =>
  ids.map((id) => event(key, { id }, { source: { id } }));

const idOf = (ctx: ResolverContext<unknown, unknown>): string => (ctx.source as { id: string }).id;

/** Middleware that records its name in the stash on the way in and wraps the result on the way out. */
const wrap =
  (name: string): Middleware =>
  async (input, next) => {
    for (const ctx of contextsOf(input)) {
      ctx.stash.trace = [...((ctx.stash.trace ?? []) as string[]), name];
    }
    const result = await next();
    return isBatch(input)
      ? (result as unknown[]).map((value) => `${name}(${String(value)})`)
      : `${name}(${String(result)})`;
  };

const traceOf = (ctx: ResolverContext<unknown, unknown>): string =>
  ((ctx.stash.trace ?? []) as string[]).join(' ');

describe('order', () => {
  it("runs the app's middleware first, in use() order, then the resolver's own, in order", async () => {
    const resolver = createResolver()
      .use(wrap('g1'))
      .use(wrap('g2'))
      .resolver('Query.f', (ctx) => traceOf(ctx), { use: [wrap('l1'), wrap('l2')] });
    expect(await resolver.resolve(event('Query.f'), lambda)).toBe('g1(g2(l1(l2(g1 g2 l1 l2))))');
  });

  it('applies app.use() called after the resolvers were registered to every route', async () => {
    const resolver = app()
      .resolver('Query.a', (ctx) => traceOf(ctx), { use: [wrap('a')] })
      .batchResolver('Post.b', (ctxs) => ctxs.map(traceOf), { use: [wrap('b')] })
      .use(wrap('g'));
    expect(await resolver.resolve(event('Query.a'), lambda)).toBe('g(a(g a))');
    expect(await resolver.resolve(posts(['1', '2'], 'Post.b'), lambda)).toStrictEqual([
      { data: 'g(b(g b))' },
      { data: 'g(b(g b))' },
    ]);
  });

  it('applies app.use() called after requests were served to the next requests', async () => {
    const resolver = app().resolver('Query.a', (ctx) => traceOf(ctx));
    expect(await resolver.resolve(event('Query.a'), lambda)).toBe('');
    resolver.use(wrap('late'));
    expect(await resolver.resolve(event('Query.a'), lambda)).toBe('late(late)');
  });

  it("keeps a resolver's own middleware to that resolver", async () => {
    const resolver = app()
      .use(wrap('g'))
      .resolver('Query.a', (ctx) => traceOf(ctx), { use: [wrap('a')] })
      .resolver('Query.b', (ctx) => traceOf(ctx));
    expect(await resolver.resolve(event('Query.a'), lambda)).toBe('g(a(g a))');
    expect(await resolver.resolve(event('Query.b'), lambda)).toBe('g(g)');
  });

  it('runs the same middleware twice when it is registered twice', async () => {
    const twice = wrap('m');
    const resolver = app()
      .use(twice)
      .resolver('Query.a', (ctx) => traceOf(ctx), { use: [twice] });
    expect(await resolver.resolve(event('Query.a'), lambda)).toBe('m(m(m m))');
  });
});

describe('the context', () => {
  it('is read and enriched by middleware: the stash and a property of its own', async () => {
    const resolver = app()
      .use((input, next) => {
        for (const ctx of contextsOf(input)) {
          ctx.stash.user = `user of ${String(ctx.request.headers['x-user'])}`;
          Object.assign(ctx, { tenant: 't-1' });
        }
        return next();
      })
      .resolver('Query.me', (ctx) => ({
        user: ctx.stash.user,
        tenant: (ctx as ResolverContext & { tenant?: string }).tenant,
        fromEvent: ctx.stash.fromEvent,
      }));
    const item = event(
      'Query.me',
      {},
      {
        request: { headers: { 'x-user': 'ann' }, domainName: null },
        stash: { fromEvent: 'kept' },
      },
    );
    expect(await resolver.resolve(item, lambda)).toStrictEqual({
      user: 'user of ann',
      tenant: 't-1',
      fromEvent: 'kept',
    });
  });

  it('gives per-item middleware one context and batch middleware the array (contextsOf wraps both)', async () => {
    const seen: unknown[] = [];
    const observe: Middleware = (input, next) => {
      seen.push({
        array: Array.isArray(input),
        ids: contextsOf(input).map(idOf),
      });
      return next();
    };
    const resolver = app()
      .use(observe)
      .resolver('Post.item', idOf)
      .batchResolver('Post.batch', (ctxs) => ctxs.map(idOf));
    await resolver.resolve(posts(['1', '2'], 'Post.item'), lambda);
    await resolver.resolve(posts(['3', '4'], 'Post.batch'), lambda);
    expect(seen).toStrictEqual([
      { array: false, ids: ['1'] },
      { array: false, ids: ['2'] },
      { array: true, ids: ['3', '4'] },
    ]);
  });
});

describe('short-circuit', () => {
  const counted = () => {
    const calls = { resolver: 0, inner: 0 };
    const inner: Middleware = (_input, next) => {
      calls.inner++;
      return next();
    };
    return { calls, inner };
  };

  it('answers with a value without calling the inner layers or the resolver', async () => {
    const { calls, inner } = counted();
    const resolver = app()
      .use(() => ({ cached: true }))
      .use(inner)
      .resolver('Query.f', () => {
        calls.resolver++;
        return 'fresh';
      });
    expect(await resolver.resolve(event('Query.f'), lambda)).toStrictEqual({ cached: true });
    expect(calls).toStrictEqual({ resolver: 0, inner: 0 });
  });

  it('answers null when it returns undefined without calling next()', async () => {
    const resolver = app()
      .use(() => undefined)
      .resolver('Query.f', () => 'fresh');
    expect(await resolver.resolve(event('Query.f'), lambda)).toBeNull();
  });

  it('fails the field with a thrown error', async () => {
    const { calls, inner } = counted();
    const resolver = app()
      .use(() => {
        throw new ForbiddenError('no entry');
      })
      .use(inner)
      .resolver('Query.f', () => {
        calls.resolver++;
        return 'fresh';
      });
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'ForbiddenError',
      errorMessage: 'no entry',
    });
    expect(calls).toStrictEqual({ resolver: 0, inner: 0 });
  });

  it('fails the field with a returned Error, as with a thrown one', async () => {
    const resolver = app()
      .use(() => new UnauthorizedException())
      .resolver('Query.f', () => 'fresh')
      .resolver('Query.g', () => 'fresh', { use: [async () => new ForbiddenError('later')] });
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual(UNAUTHORIZED);
    expect(await rejection(resolver.resolve(event('Query.g'), lambda))).toStrictEqual(UNAUTHORIZED);
  });

  it('hides an unexpected thrown error behind InternalError', async () => {
    const resolver = app()
      .use(() => {
        throw new Error('database password is hunter2');
      })
      .resolver('Query.f', () => 'fresh');
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual(INTERNAL);
  });

  it('fails only the items of a batch it short-circuits for', async () => {
    const resolver = app()
      .use((input, next) => {
        const id = idOf(input as ResolverContext);
        if (id === 'cached') return 'from cache';
        if (id === 'thrown') throw new NotFoundError('gone');
        if (id === 'returned') return new ForbiddenError('not yours');
        return next();
      })
      .resolver('Post.x', (ctx) => `fresh ${idOf(ctx)}`);
    expect(
      await resolver.resolve(posts(['1', 'cached', 'thrown', 'returned', '2']), lambda),
    ).toStrictEqual([
      { data: 'fresh 1' },
      { data: 'from cache' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'gone' },
      { data: null, errorType: 'ForbiddenError', errorMessage: 'not yours' },
      { data: 'fresh 2' },
    ]);
  });
});

describe('observing the result', () => {
  it('sees and transforms the value', async () => {
    const resolver = app()
      .use(async (_input, next) => ((await next()) as string).toUpperCase())
      .resolver('Query.f', async () => {
        await tick();
        return 'quiet';
      });
    expect(await resolver.resolve(event('Query.f'), lambda)).toBe('QUIET');
  });

  it('sees a thrown inner error as a rejection of next(), the error itself', async () => {
    const thrown = new NotFoundError('post 7');
    let caught: unknown;
    const resolver = app()
      .use(async (_input, next) => {
        try {
          return await next();
        } catch (error) {
          caught = error;
          throw error;
        }
      })
      .resolver('Query.f', () => {
        throw thrown;
      });
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'NotFoundError',
      errorMessage: 'post 7',
    });
    expect(caught).toBe(thrown);
  });

  it('sees an Error the resolver returned (or resolved to) as a rejection of next()', async () => {
    const resolver = app()
      .use(async (_input, next) => {
        try {
          return await next();
        } catch (error) {
          return `caught ${(error as Error).name}: ${(error as Error).message}`;
        }
      })
      .resolver('Query.returned', () => new NotFoundError('post 1'))
      .resolver('Query.resolved', async () => new ForbiddenError('post 2'));
    expect(await resolver.resolve(event('Query.returned'), lambda)).toBe(
      'caught NotFoundError: post 1',
    );
    expect(await resolver.resolve(event('Query.resolved'), lambda)).toBe(
      'caught ForbiddenError: post 2',
    );
  });

  it('sees an inner middleware failure as a rejection, and can replace the error', async () => {
    const resolver = app()
      .use(async (_input, next) => {
        try {
          return await next();
        } catch (error) {
          if (error instanceof NotFoundError) throw new ForbiddenError(`hidden: ${error.message}`);
          throw error;
        }
      })
      .resolver('Query.f', () => 'never', {
        use: [() => new NotFoundError('post 3')],
      });
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'ForbiddenError',
      errorMessage: 'hidden: post 3',
    });
  });

  it('can turn a failure into a value for one item of a batch', async () => {
    const resolver = app()
      .use((_input, next) => next().catch(() => 'fallback'))
      .resolver('Post.x', (ctx) => {
        if (idOf(ctx) === '2') throw new Error('flaky');
        return idOf(ctx);
      });
    expect(await resolver.resolve(posts(['1', '2', '3']), lambda)).toStrictEqual([
      { data: '1' },
      { data: 'fallback' },
      { data: '3' },
    ]);
  });
});

describe('next() misuse', () => {
  // Regression (issue 15): the message and the log line blamed the batch resolver, with no word
  // of which middleware passed next() a context of another batch.
  it('names the middleware layer that misused next(), app-level or the resolver’s own', async () => {
    const logger = recordingLogger();
    const stray = posts(['9'])[0] as unknown as ResolverContext;
    const resolver = createResolver({ logger, exposeErrors: true })
      .use((_input, next) => next())
      .batchResolver('Post.x', (ctxs) => ctxs.map(idOf), {
        use: [
          (ctxs, next) => next(ctxs),
          function tenantFilter(ctxs, next) {
            return next([...ctxs, stray]);
          },
        ],
      });
    const message =
      "The middleware 2 of 2 in Post.x's use list (tenantFilter) passed next() a context that is not one of the 1 it was given (entry 1): next(contexts) takes a subset of the middleware's own batch.";
    expect(await resolver.resolve(posts(['1']), lambda)).toStrictEqual([
      { data: null, errorType: 'TypeError', errorMessage: message },
    ]);
    const logged = logger.calls.filter((call) => call.level === 'error');
    expect(logged).toHaveLength(1);
    expect(logged[0]?.attributes?.error).toMatchObject({ message });
  });

  it('rejects a second call of next(): the client sees an InternalError, the resolver ran once', async () => {
    let calls = 0;
    const resolver = app()
      .use(async (_input, next) => {
        await next();
        return next();
      })
      .resolver('Query.f', () => ++calls);
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual(INTERNAL);
    expect(calls).toBe(1);
  });

  it('says what went wrong when errors are exposed', async () => {
    const resolver = app({ exposeErrors: true })
      .use((_input, next) => {
        void next();
        return next();
      })
      .resolver('Query.f', () => 'once');
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'Error',
      errorMessage:
        'The app.use() middleware 1 of 1, around Query.f, called next() more than once; call it at most once.',
    });
  });

  it('fails each item of a batch whose middleware calls next() twice', async () => {
    const resolver = app()
      .use(async (_input, next) => {
        await next();
        return next();
      })
      .resolver('Post.x', idOf)
      .batchResolver('Post.y', (ctxs) => ctxs.map(idOf));
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([
      INTERNAL_ENTRY,
      INTERNAL_ENTRY,
    ]);
    expect(await resolver.resolve(posts(['1', '2'], 'Post.y'), lambda)).toStrictEqual([
      INTERNAL_ENTRY,
      INTERNAL_ENTRY,
    ]);
  });

  it('answers with the middleware value when it drops a failing next() (no unhandled rejection)', async () => {
    const resolver = app()
      .use((_input, next) => {
        void next(); // fire and forget: the failure below is nobody's answer
        return 'answered';
      })
      .resolver('Query.f', async () => {
        throw new Error('late failure');
      });
    // An unhandled rejection ends a Lambda runtime: every field of the request would fail.
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect(await resolver.resolve(event('Query.f'), lambda)).toBe('answered');
      await tick();
      await tick();
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toStrictEqual([]);
  });

  it('answers with the batch middleware value when it drops rejecting slots (no unhandled rejection)', async () => {
    const resolver = app()
      .use(async (input, next) => {
        await next();
        return contextsOf(input).map(() => 'replaced');
      })
      .batchResolver('Post.x', (ctxs) =>
        ctxs.map(async () => {
          await tick();
          throw new Error('late slot failure');
        }),
      );
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([
        { data: 'replaced' },
        { data: 'replaced' },
      ]);
      await tick();
      await tick();
    } finally {
      process.off('unhandledRejection', record);
    }
    expect(unhandled).toStrictEqual([]);
  });

  it('rejects next(contexts) in a per-item resolver, which has no batch to narrow', async () => {
    const resolver = app({ exposeErrors: true })
      .use((input, next) => next([input as ResolverContext]))
      .resolver('Query.f', () => 'never');
    expect(await rejection(resolver.resolve(event('Query.f'), lambda))).toStrictEqual({
      errorType: 'TypeError',
      errorMessage:
        'The app.use() middleware 1 of 1, around Query.f, passed contexts to next(): next(contexts) narrows a batch; the middleware of a per-item resolver calls next() without arguments.',
    });
  });
});

describe('per-item resolvers', () => {
  it('meet middleware once for an Invoke and once per item of a batch', async () => {
    let calls = 0;
    const count: Middleware = (_input, next) => {
      calls++;
      return next();
    };
    const resolver = app()
      .use(count)
      .resolver('Post.x', idOf, { use: [count] });
    expect(await resolver.resolve(posts(['1'])[0], lambda)).toBe('1');
    expect(calls).toBe(2);
    calls = 0;
    expect(await resolver.resolve(posts(['1', '2', '3']), lambda)).toStrictEqual([
      { data: '1' },
      { data: '2' },
      { data: '3' },
    ]);
    expect(calls).toBe(6);
  });

  it('keep each item to its own context whatever the concurrency', async () => {
    const resolver = createResolver({ logger: recordingLogger(), concurrency: 3 })
      .use(async (input, next) => {
        const ctx = input as ResolverContext;
        ctx.stash.seen = idOf(ctx);
        await tick();
        return `${String(await next())}/${idOf(ctx)}`;
      })
      .resolver('Post.x', async (ctx) => {
        await tick();
        return ctx.stash.seen;
      });
    const ids = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
    expect(await resolver.resolve(posts(ids), lambda)).toStrictEqual(
      ids.map((id) => ({ data: `${id}/${id}` })),
    );
  });
});

describe('batch resolvers', () => {
  it('meet middleware once per batch, with every context; next() resolves to the results', async () => {
    const seen: { ids: string[]; results: unknown[] }[] = [];
    const resolver = app()
      .use(async (input, next) => {
        const results = (await next()) as unknown[];
        seen.push({ ids: contextsOf(input).map(idOf), results });
        return results;
      })
      .batchResolver('Post.x', (ctxs) =>
        ctxs.map((ctx) => {
          const id = idOf(ctx);
          if (id === 'missing') return new NotFoundError(`post ${id}`);
          if (id === 'later') return Promise.resolve(`${id}!`);
          return id;
        }),
      );
    expect(await resolver.resolve(posts(['1', 'missing', 'later']), lambda)).toStrictEqual([
      { data: '1' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'post missing' },
      { data: 'later!' },
    ]);
    expect(seen).toHaveLength(1);
    const [{ ids, results }] = seen as [(typeof seen)[number]];
    expect(ids).toStrictEqual(['1', 'missing', 'later']);
    expect(results).toHaveLength(3);
    expect(results[0]).toBe('1');
    expect(results[1]).toBeInstanceOf(NotFoundError);
    expect(results[2]).toBeInstanceOf(Promise);
  });

  it('run the inner layers on next(subset) only, with results aligned with the subset', async () => {
    const received: string[][] = [];
    const cache = new Map([['2', 'cached 2']]);
    const resolver = app()
      .use(async (input, next) => {
        const ctxs = input as readonly ResolverContext[];
        const misses = ctxs.filter((ctx) => !cache.has(idOf(ctx)));
        const fresh = (await next(misses)) as unknown[];
        return ctxs.map((ctx) => cache.get(idOf(ctx)) ?? fresh[misses.indexOf(ctx)]);
      })
      .batchResolver(
        'Post.x',
        (ctxs) => {
          received.push(ctxs.map(idOf));
          return ctxs.map((ctx) => `fresh ${idOf(ctx)}`);
        },
        { use: [wrap('inner')] },
      );
    expect(await resolver.resolve(posts(['1', '2', '3']), lambda)).toStrictEqual([
      { data: 'inner(fresh 1)' },
      { data: 'cached 2' },
      { data: 'inner(fresh 3)' },
    ]);
    expect(received).toStrictEqual([['1', '3']]);
  });

  it('never call the batch resolver for next([]): it resolves to an empty array', async () => {
    let calls = 0;
    let answered: unknown;
    const resolver = app()
      .use(async (input, next) => {
        answered = await next([]);
        return contextsOf(input).map(() => 'all cached');
      })
      .batchResolver('Post.x', (ctxs) => {
        calls++;
        return ctxs.map(idOf);
      });
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([
      { data: 'all cached' },
      { data: 'all cached' },
    ]);
    expect(answered).toStrictEqual([]);
    expect(calls).toBe(0);
  });

  it('fail every item when next(subset) is given a context from elsewhere', async () => {
    const stranger = createResolver().batchResolver('Post.x', (ctxs) => ctxs);
    let foreign: ResolverContext | undefined;
    await stranger
      .use((input) => {
        foreign = contextsOf(input)[0] as ResolverContext;
        return [null];
      })
      .resolve(posts(['0']), lambda);
    let calls = 0;
    const exposed = app({ exposeErrors: true })
      .use((input, next) => next([...contextsOf(input), foreign as ResolverContext]))
      .batchResolver('Post.x', (ctxs) => {
        calls++;
        return ctxs.map(idOf);
      });
    const error = {
      data: null,
      errorType: 'TypeError',
      errorMessage:
        "The app.use() middleware 1 of 1, around Post.x, passed next() a context that is not one of the 2 it was given (entry 2): next(contexts) takes a subset of the middleware's own batch.",
    };
    expect(await exposed.resolve(posts(['1', '2']), lambda)).toStrictEqual([error, error]);
    expect(calls).toBe(0);
  });

  it('fail every item when next() is given something other than an array', async () => {
    const resolver = app({ exposeErrors: true })
      .use((input, next) => next(contextsOf(input)[0] as never))
      .batchResolver('Post.x', (ctxs) => ctxs.map(idOf));
    const error = {
      data: null,
      errorType: 'TypeError',
      // The message names the keys it received (never values); their list is the context's.
      errorMessage: expect.stringMatching(
        /^The app\.use\(\) middleware 1 of 1, around Post\.x, passed next\(\) an object with keys \[.*\]: next\(contexts\) takes an array of the batch's contexts\.$/,
      ),
    };
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([error, error]);
  });

  it('fail every item with InvalidBatchResponseError when a middleware answers the wrong length', async () => {
    let calls = 0;
    const resolver = app()
      .batchResolver(
        'Post.x',
        (ctxs) => {
          calls++;
          return ctxs.map(idOf);
        },
        { use: [(ctxs) => ctxs.slice(1).map(idOf)] },
      )
      .batchResolver('Post.y', (ctxs) => ctxs.map(idOf), { use: [() => undefined] });
    const entry = (key: string, what: string) => ({
      data: null,
      errorType: 'InvalidBatchResponseError',
      errorMessage: `The batch resolver of ${key} must return an array with one entry per context (3), in order; it returned ${what}.`,
    });
    const short = entry('Post.x', 'an array of 2 items');
    expect(await resolver.resolve(posts(['1', '2', '3']), lambda)).toStrictEqual([
      short,
      short,
      short,
    ]);
    expect(calls).toBe(0);
    const missing = entry('Post.y', 'undefined');
    expect(await resolver.resolve(posts(['1', '2', '3'], 'Post.y'), lambda)).toStrictEqual([
      missing,
      missing,
      missing,
    ]);
  });

  it('fail every item when a layer inside next(subset) answers the wrong length', async () => {
    // The outer middleware narrows the batch; the inner one answers one entry too few. Lining
    // the short answer up with the subset would give an item a neighbour's result or a silent
    // null, so every item fails instead.
    const narrow: Middleware = async (input, next) => {
      const ctxs = input as readonly ResolverContext[];
      const kept = ctxs.filter((ctx) => idOf(ctx) !== 'skip');
      const results = (await next(kept)) as unknown[];
      let j = 0;
      return ctxs.map((ctx) => (idOf(ctx) === 'skip' ? 'skipped' : results[j++]));
    };
    const resolver = app()
      .use(narrow)
      .batchResolver('Post.x', (ctxs) => ctxs.map(idOf), {
        use: [(ctxs) => ctxs.slice(1).map(idOf)],
      });
    const entry = {
      data: null,
      errorType: 'InvalidBatchResponseError',
      errorMessage:
        'The app.use() middleware 1 of 1 (narrow), around Post.x, called next() for 2 contexts and the layers inside answered an array of 1 item; each layer of a batch resolver answers with an array of one entry per context, in order.',
    };
    expect(await resolver.resolve(posts(['1', 'skip', '2']), lambda)).toStrictEqual([
      entry,
      entry,
      entry,
    ]);
  });

  it('fail every item when the batch resolver answers next(subset) with the wrong length', async () => {
    const everyId = ['1', '2', '3'];
    const resolver = app()
      .use(async (input, next) => {
        const ctxs = input as readonly ResolverContext[];
        const results = (await next(ctxs.slice(1))) as unknown[];
        return ['first', ...results];
      })
      // A resolver that answers for the whole batch it expected, not the contexts it received.
      .batchResolver('Post.x', () => everyId);
    const entry = {
      data: null,
      errorType: 'InvalidBatchResponseError',
      errorMessage:
        'The batch resolver of Post.x must return an array with one entry per context (2), in order; it returned an array of 3 items.',
    };
    expect(await resolver.resolve(posts(everyId), lambda)).toStrictEqual([entry, entry, entry]);
  });

  it('fail every item when a batch middleware throws or returns an Error', async () => {
    const resolver = app()
      .batchResolver('Post.x', (ctxs) => ctxs.map(idOf), {
        use: [
          () => {
            throw new ForbiddenError('batch refused');
          },
        ],
      })
      .batchResolver('Post.y', (ctxs) => ctxs.map(idOf), {
        use: [async () => new NotFoundError('nothing here')],
      });
    const refused = { data: null, errorType: 'ForbiddenError', errorMessage: 'batch refused' };
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([refused, refused]);
    const nothing = { data: null, errorType: 'NotFoundError', errorMessage: 'nothing here' };
    expect(await resolver.resolve(posts(['1', '2'], 'Post.y'), lambda)).toStrictEqual([
      nothing,
      nothing,
    ]);
  });

  it('fail only the slots a batch middleware answers with an Error', async () => {
    let calls = 0;
    const resolver = app().batchResolver(
      'Post.x',
      (ctxs) => {
        calls++;
        return ctxs;
      },
      {
        use: [
          (ctxs) =>
            ctxs.map((ctx) =>
              idOf(ctx) === '2' ? new NotFoundError('no 2') : `short ${idOf(ctx)}`,
            ),
        ],
      },
    );
    expect(await resolver.resolve(posts(['1', '2', '3']), lambda)).toStrictEqual([
      { data: 'short 1' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'no 2' },
      { data: 'short 3' },
    ]);
    expect(calls).toBe(0);
  });

  it('serve an Invoke as a batch of one, through the middleware', async () => {
    const seen: unknown[] = [];
    const resolver = app()
      .use(async (input, next) => {
        seen.push(Array.isArray(input) ? contextsOf(input).map(idOf) : 'one context');
        return next();
      })
      .batchResolver('Post.x', (ctxs) => ctxs.map((ctx) => `author of ${idOf(ctx)}`), {
        use: [wrap('local')],
      })
      .batchResolver('Post.denied', (ctxs) => ctxs.map(idOf), {
        use: [(ctxs) => ctxs.map(() => new UnauthorizedException())],
      })
      .batchResolver('Post.short', (ctxs) => ctxs.map(idOf), { use: [() => []] });
    expect(await resolver.resolve(posts(['7'])[0], lambda)).toBe('local(author of 7)');
    expect(seen).toStrictEqual([['7']]);
    expect(await rejection(resolver.resolve(posts(['7'], 'Post.denied')[0], lambda))).toStrictEqual(
      UNAUTHORIZED,
    );
    expect(await rejection(resolver.resolve(posts(['7'], 'Post.short')[0], lambda))).toStrictEqual({
      errorType: 'InvalidBatchResponseError',
      // The app's middleware called next(): the layer inside it answered the wrong length.
      errorMessage:
        'The app.use() middleware 1 of 1, around Post.short, called next() for 1 context and the layers inside answered an array of 0 items; each layer of a batch resolver answers with an array of one entry per context, in order.',
    });
  });
});

describe('onError', () => {
  it('maps what a middleware throws, for an Invoke, per-item items and a batch', async () => {
    const resolver = app()
      .onError(QuotaExceeded, (error, ctx) => ({
        errorType: 'QuotaExceeded',
        errorMessage: `${error.message} in ${ctx.info.parentTypeName}.${ctx.info.fieldName}`,
      }))
      .use(() => {
        throw new QuotaExceeded(10);
      })
      .resolver('Post.x', idOf)
      .batchResolver('Post.y', (ctxs) => ctxs.map(idOf));
    expect(await rejection(resolver.resolve(posts(['1'])[0], lambda))).toStrictEqual({
      errorType: 'QuotaExceeded',
      errorMessage: 'quota of 10 exceeded in Post.x',
    });
    const item = {
      data: null,
      errorType: 'QuotaExceeded',
      errorMessage: 'quota of 10 exceeded in Post.x',
    };
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([item, item]);
    const batch = { ...item, errorMessage: 'quota of 10 exceeded in Post.y' };
    expect(await resolver.resolve(posts(['1', '2'], 'Post.y'), lambda)).toStrictEqual([
      batch,
      batch,
    ]);
  });

  it('maps an Error a batch middleware puts in one slot', async () => {
    const resolver = app()
      .onError(QuotaExceeded, (error) => ({
        errorType: 'QuotaExceeded',
        errorMessage: `limit ${error.limit}`,
      }))
      .batchResolver('Post.x', (ctxs) => ctxs.map(idOf), {
        use: [
          async (_ctxs, next) => {
            const results = await next();
            return results.map((value, k) => (k === 1 ? new QuotaExceeded(k) : value));
          },
        ],
      });
    expect(await resolver.resolve(posts(['1', '2']), lambda)).toStrictEqual([
      { data: '1' },
      { data: null, errorType: 'QuotaExceeded', errorMessage: 'limit 1' },
    ]);
  });
});

describe('registration', () => {
  const noop: Middleware = (_input, next) => next();

  it.each([
    ['a function', noop, 'a function'],
    ['a string', 'auth', 'a string of length 4'],
    ['an object', { use: noop }, 'an object with keys [use]'],
    ['null', null, 'null'],
    ['an array with a non-function', [noop, null], 'an array of 2 items'],
    ['an array with a string', ['requireAuth'], 'an array of 1 item'],
  ])('rejects use: %s with a TypeError at registration', (_name, use, received) => {
    const resolver = createResolver();
    expect(() => resolver.resolver('Query.f', () => 1, { use: use as never })).toThrow(
      new TypeError(
        `resolver('Query.f'): use must be an array of middleware functions; received ${received}.`,
      ),
    );
    expect(() => resolver.batchResolver('Query.g', (ctxs) => ctxs, { use: use as never })).toThrow(
      new TypeError(
        `batchResolver('Query.g'): use must be an array of middleware functions; received ${received}.`,
      ),
    );
    expect(resolver.routes()).toStrictEqual([]);
  });

  it.each([
    ['undefined', undefined, 'undefined'],
    ['null', null, 'null'],
    ['a string', 'auth', 'a string of length 4'],
    ['an object', {}, 'an empty object'],
    ['an array of middleware', [noop], 'an array of 1 item'],
  ])('rejects app.use(%s) with a TypeError', (_name, value, received) => {
    expect(() => createResolver().use(value as never)).toThrow(
      new TypeError(`use: expected a middleware function; received ${received}.`),
    );
  });

  it('keeps its own copy of the use list', async () => {
    const use: Middleware[] = [wrap('a')];
    const resolver = app().resolver('Query.f', (ctx) => traceOf(ctx), { use });
    use.push(wrap('added later'));
    expect(await resolver.resolve(event('Query.f'), lambda)).toBe('a(a)');
  });

  it('accepts an empty use list', async () => {
    const resolver = app().resolver('Query.f', () => 'plain', { use: [] });
    expect(await resolver.resolve(event('Query.f'), lambda)).toBe('plain');
  });
});

describe('property: the onion over per-item batches', () => {
  type Action = 'pass' | 'value' | 'throw' | 'return';
  interface Item {
    actions: Action[];
    fails: boolean;
  }

  /** What the onion must answer for one item, from its actions alone. */
  function model(item: Item, index: number): Record<string, unknown> {
    const k = item.actions.findIndex((action) => action !== 'pass');
    const depth = k === -1 ? item.actions.length : k;
    const action = item.actions[depth];
    if (action === 'throw' || action === 'return') {
      return { data: null, errorType: `E${depth}`, errorMessage: `layer ${depth} item ${index}` };
    }
    if (action === undefined && item.fails) {
      return { data: null, errorType: 'ResolverFailed', errorMessage: `item ${index}` };
    }
    let data = action === 'value' ? `m${depth}:${index}` : `r:${index}`;
    for (let j = depth - 1; j >= 0; j--) data = `${j}(${data})`;
    return { data };
  }

  /** Layer `j`: does what the item's `actions[j]` says, asynchronously when `slow`. */
  const layer =
    (j: number, slow: boolean): Middleware =>
    async (input, next) => {
      const ctx = input as ResolverContext<{ i: number; item: Item }>;
      if (slow) await tick();
      const { i, item } = ctx.args;
      switch (item.actions[j]) {
        case 'value':
          return `m${j}:${i}`;
        case 'throw':
          throw new AppSyncError(`layer ${j} item ${i}`, { errorType: `E${j}` });
        case 'return':
          return new AppSyncError(`layer ${j} item ${i}`, { errorType: `E${j}` });
        default:
          return `${j}(${String(await next())})`;
      }
    };

  it('answers one entry per item, in order, each as the model predicts', async () => {
    const action = fc.constantFrom<Action>('pass', 'pass', 'value', 'throw', 'return');
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 5 }).chain((depth) =>
          fc.record({
            depth: fc.constant(depth),
            global: fc.integer({ min: 0, max: depth }),
            slow: fc.array(fc.boolean(), { minLength: depth, maxLength: depth }),
            concurrency: fc.integer({ min: 1, max: 4 }),
            items: fc.array(
              fc.record({
                actions: fc.array(action, { minLength: depth, maxLength: depth }),
                fails: fc.boolean(),
              }),
              { maxLength: 12 },
            ),
          }),
        ),
        async ({ depth, global, slow, concurrency, items }) => {
          const layers = Array.from({ length: depth }, (_, j) => layer(j, slow[j] === true));
          const resolver = createResolver({ logger: recordingLogger(), concurrency });
          for (const m of layers.slice(0, global)) resolver.use(m);
          resolver.resolver(
            'Post.x',
            (ctx: ResolverContext<{ i: number; item: Item }>) => {
              if (ctx.args.item.fails) {
                throw new AppSyncError(`item ${ctx.args.i}`, { errorType: 'ResolverFailed' });
              }
              return `r:${ctx.args.i}`;
            },
            { use: layers.slice(global) },
          );
          const response = await resolver.resolve(
            items.map((item, i) => event('Post.x', { i, item })),
            lambda,
          );
          expect(response).toStrictEqual(items.map(model));
        },
      ),
      { numRuns: 150 },
    );
  });
});
