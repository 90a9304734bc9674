import { describe, expect, it } from 'vitest';
import { AppSyncError, createResolver, type ResolverContext } from '../src/index.js';
import { event, lambda, recordingLogger } from './helpers.js';

class NotFoundError extends AppSyncError {}

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));
const authorEvents = (ids: string[]) =>
  ids.map((authorId) => event('Post.author', {}, { source: { authorId } }));
const authorId = (ctx: ResolverContext) => (ctx.source as { authorId: string }).authorId;

describe('BatchInvoke with a per-item resolver', () => {
  it('answers an envelope per item, in order', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Post.author', (ctx) => {
      const id = authorId(ctx);
      if (id === 'missing') throw new NotFoundError(`author ${id} not found`);
      if (id === 'none') return undefined;
      return { id };
    });
    expect(
      await app.resolve(authorEvents(['u1', 'missing', 'none', 'u2']), lambda),
    ).toMatchInlineSnapshot(`
        [
          {
            "data": {
              "id": "u1",
            },
          },
          {
            "data": null,
            "errorMessage": "author missing not found",
            "errorType": "NotFoundError",
          },
          {
            "data": null,
          },
          {
            "data": {
              "id": "u2",
            },
          },
        ]
      `);
  });

  it('answers a batch of one as an array of one', async () => {
    const app = createResolver().resolver('Post.author', (ctx) => authorId(ctx));
    expect(await app.resolve(authorEvents(['u1']))).toEqual([{ data: 'u1' }]);
  });

  it('answers an empty batch with an empty array without calling the resolver', async () => {
    let calls = 0;
    const app = createResolver()
      .resolver('Post.a', () => calls++)
      .batchResolver('Post.b', () => {
        calls++;
        return [];
      });
    expect(await app.resolve([])).toEqual([]);
    expect(calls).toBe(0);
  });

  it('keeps input order whatever the completion order', async () => {
    const app = createResolver({ concurrency: Number.POSITIVE_INFINITY }).resolver(
      'Post.author',
      async (ctx) => {
        const id = Number(authorId(ctx));
        await tick(10 - id);
        return id;
      },
    );
    const ids = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
    expect(await app.resolve(authorEvents(ids))).toEqual(ids.map((id) => ({ data: Number(id) })));
  });

  it.each([
    [1, 1],
    [3, 3],
    [16, 16],
    [Number.POSITIVE_INFINITY, 40],
  ])('runs at most %s items at once (app option)', async (concurrency, expectedPeak) => {
    let running = 0;
    let peak = 0;
    const app = createResolver({ concurrency }).resolver('Post.author', async (ctx) => {
      running++;
      peak = Math.max(peak, running);
      await tick(1);
      running--;
      return authorId(ctx);
    });
    const ids = Array.from({ length: 40 }, (_, i) => `u${i}`);
    const out = await app.resolve(authorEvents(ids));
    expect(out).toEqual(ids.map((id) => ({ data: id })));
    expect(peak).toBe(expectedPeak);
  });

  it('lets a resolver override the app concurrency', async () => {
    let running = 0;
    let peak = 0;
    const app = createResolver({ concurrency: 10 }).resolver(
      'Post.author',
      async () => {
        running++;
        peak = Math.max(peak, running);
        await tick(1);
        running--;
        return 1;
      },
      { concurrency: 2 },
    );
    await app.resolve(authorEvents(['a', 'b', 'c', 'd', 'e', 'f']));
    expect(peak).toBe(2);
  });

  it('runs synchronous resolvers to completion without yielding per item', async () => {
    const order: string[] = [];
    const app = createResolver().resolver('Post.author', (ctx) => {
      order.push(authorId(ctx));
      return null;
    });
    const pending = app.resolve(authorEvents(['a', 'b', 'c']));
    // All three ran synchronously, inside resolve().
    expect(order).toEqual(['a', 'b', 'c']);
    await pending;
  });

  it('fails only the items whose resolver failed, whatever it threw', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger }).resolver('Post.author', async (ctx) => {
      switch (authorId(ctx)) {
        case 'typed':
          throw new NotFoundError('typed failure', { data: { partial: true } });
        case 'plain':
          throw new Error('database exploded');
        case 'string':
          throw 'a string';
        case 'null':
          throw null;
        default:
          return 'ok';
      }
    });
    const out = await app.resolve(
      authorEvents(['a', 'typed', 'plain', 'b', 'string', 'null']),
      lambda,
    );
    const internal = {
      data: null,
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred (request id req-0001).',
    };
    expect(out).toEqual([
      { data: 'ok' },
      { data: { partial: true }, errorType: 'NotFoundError', errorMessage: 'typed failure' },
      internal,
      { data: 'ok' },
      internal,
      internal,
    ]);
    expect(logger.calls.map((c) => [c.attributes?.index, c.attributes?.error])).toEqual([
      [2, expect.objectContaining({ message: 'database exploded' })],
      [4, 'a string'],
      [5, null],
    ]);
  });
});

describe('a per-item resolver that returns an Error', () => {
  it('fails its item, as a thrown one does', async () => {
    const app = createResolver().resolver('Post.author', async (ctx) =>
      authorId(ctx) === 'x' ? new NotFoundError('returned, not thrown') : authorId(ctx),
    );
    expect(await app.resolve(authorEvents(['a', 'x']))).toEqual([
      { data: 'a' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'returned, not thrown' },
    ]);
  });
});

describe('BatchInvoke with a batch resolver', () => {
  it('calls it once with every context, in order, and maps slots to entries', async () => {
    const calls: string[][] = [];
    const app = createResolver().batchResolver('Post.author', async (ctxs) => {
      calls.push(ctxs.map(authorId));
      return ctxs.map((ctx) =>
        authorId(ctx) === 'u404'
          ? new NotFoundError('author u404 not found')
          : { id: authorId(ctx) },
      );
    });
    const out = await app.resolve(authorEvents(['u1', 'u404', 'u2']), lambda);
    expect(calls).toEqual([['u1', 'u404', 'u2']]);
    expect(out).toEqual([
      { data: { id: 'u1' } },
      { data: null, errorType: 'NotFoundError', errorMessage: 'author u404 not found' },
      { data: { id: 'u2' } },
    ]);
  });

  it('gives each context its own source and the shared lambda context', async () => {
    const app = createResolver().batchResolver('Post.author', (ctxs) =>
      ctxs.map((ctx) => ({ id: authorId(ctx), request: ctx.lambda?.awsRequestId })),
    );
    expect(await app.resolve(authorEvents(['a', 'b']), lambda)).toEqual([
      { data: { id: 'a', request: 'req-0001' } },
      { data: { id: 'b', request: 'req-0001' } },
    ]);
  });

  it('turns undefined and null slots into { data: null }', async () => {
    const app = createResolver().batchResolver('Post.author', () => [undefined, null, 0]);
    expect(await app.resolve(authorEvents(['a', 'b', 'c']))).toEqual([
      { data: null },
      { data: null },
      { data: 0 },
    ]);
  });

  it('hides an unexpected Error in a slot behind InternalError, for that slot only', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger }).batchResolver('Post.author', () => [
      'ok',
      new RangeError('secret detail'),
    ]);
    expect(await app.resolve(authorEvents(['a', 'b']))).toEqual([
      { data: 'ok' },
      { data: null, errorType: 'InternalError', errorMessage: 'An internal error occurred.' },
    ]);
    expect(logger.calls[0]?.attributes).toMatchObject({ field: 'Post.author', index: 1 });
  });

  it('fails every item when it throws, and logs the error once', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger }).batchResolver('Post.author', async () => {
      throw new Error('BatchGetItem throttled');
    });
    const out = await app.resolve(authorEvents(['a', 'b', 'c']), lambda);
    const entry = {
      data: null,
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred (request id req-0001).',
    };
    expect(out).toEqual([entry, entry, entry]);
    expect(logger.calls).toHaveLength(1);
  });

  it('fails every item with the named error when it throws an AppSyncError', async () => {
    const app = createResolver().batchResolver('Post.author', () => {
      throw new NotFoundError('no authors today');
    });
    const entry = { data: null, errorType: 'NotFoundError', errorMessage: 'no authors today' };
    expect(await app.resolve(authorEvents(['a', 'b']))).toEqual([entry, entry]);
  });

  it.each([
    ['too few entries', ['x'], 'an array of 1 item'],
    ['too many entries', ['x', 'y', 'z'], 'an array of 3 items'],
    ['an object', { a: 1 }, 'an object with keys [a]'],
    ['null', null, 'null'],
    ['a string', 'xy', 'a string of length 2'],
  ])(
    'fails every item with InvalidBatchResponseError when it returns %s',
    async (_l, value, got) => {
      const logger = recordingLogger();
      const app = createResolver({ logger }).batchResolver('Post.author', () => value as never);
      const entry = {
        data: null,
        errorType: 'InvalidBatchResponseError',
        errorMessage: `The batch resolver of Post.author must return an array with one entry per context (2), in order; it returned ${got}.`,
      };
      expect(await app.resolve(authorEvents(['a', 'b']))).toEqual([entry, entry]);
      expect(logger.calls.map((c) => c.attributes?.errorType)).toEqual([
        'InvalidBatchResponseError',
      ]);
      expect(logger.calls[0]?.message).toBe('Invalid batch resolver response in Post.author');
    },
  );

  it('settles slots that hold promises, each into its own entry', async () => {
    const app = createResolver({ logger: recordingLogger() }).batchResolver('Post.author', (ctxs) =>
      ctxs.map(async (ctx) => {
        await tick(1);
        const id = authorId(ctx);
        if (id === 'reject') throw new NotFoundError('rejected slot');
        if (id === 'error') return new NotFoundError('error slot');
        return id === 'none' ? undefined : id;
      }),
    );
    expect(await app.resolve(authorEvents(['a', 'reject', 'error', 'none', 'b']))).toEqual([
      { data: 'a' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'rejected slot' },
      { data: null, errorType: 'NotFoundError', errorMessage: 'error slot' },
      { data: null },
      { data: 'b' },
    ]);
  });

  it('gives each failed item its own entry object', async () => {
    const app = createResolver().batchResolver('Post.author', () => {
      throw new NotFoundError('x');
    });
    const [first, second] = (await app.resolve(authorEvents(['a', 'b']))) as object[];
    expect(first).toEqual(second);
    expect(first).not.toBe(second);
  });
});

describe('BatchInvoke, defensively', () => {
  it('groups a batch that mixes fields, runs each group, and answers in input order', async () => {
    const batchCalls: number[] = [];
    const app = createResolver({ logger: recordingLogger() })
      .resolver('Query.getPost', (ctx) => `post ${ctx.args.id}`)
      .batchResolver('Post.author', (ctxs) => {
        batchCalls.push(ctxs.length);
        return ctxs.map((ctx) => `author ${authorId(ctx)}`);
      });
    const items = [
      event('Post.author', {}, { source: { authorId: 'a' } }),
      event('Query.getPost', { id: '1' }),
      event('Query.unknown'),
      event('Post.author', {}, { source: { authorId: 'b' } }),
      { nonsense: true },
      event('Query.getPost', { id: '2' }),
    ];
    const out = await app.resolve(items, lambda);
    expect(batchCalls).toEqual([2]);
    expect(out).toEqual([
      { data: 'author a' },
      { data: 'post 1' },
      {
        data: null,
        errorType: 'ResolverNotFoundError',
        errorMessage:
          'No resolver is registered for Query.unknown; register one with app.resolver() or app.batchResolver().',
      },
      { data: 'author b' },
      {
        data: null,
        errorType: 'InvalidEventError',
        errorMessage: expect.stringMatching(
          /^Invalid BatchInvoke item 4: expected .* received an object with keys \[nonsense\]\.$/,
        ),
      },
      { data: 'post 2' },
    ]);
  });

  it('logs an unrouted field once per batch, however many items ask for it', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger }).resolver('Query.a', () => 'a');
    const items = Array.from({ length: 50 }, (_, i) =>
      event(i % 10 === 0 ? 'Query.a' : 'Post.gone'),
    );
    const out = (await app.resolve(items, lambda)) as { errorType?: string }[];
    expect(out).toHaveLength(50);
    expect(out.filter((e) => e.errorType === 'ResolverNotFoundError')).toHaveLength(45);
    expect(new Set(out).size).toBe(50);
    expect(logger.calls.map((c) => [c.attributes?.field, c.attributes?.index])).toEqual([
      ['Post.gone', 1],
    ]);
  });

  it('serves every item of a batch with an unrouted first item', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.a', () => 'a');
    const out = (await app.resolve([event('Query.nope'), event('Query.a'), event('Query.a')])) as {
      errorType?: string;
    }[];
    expect(out.map((e) => e.errorType ?? 'ok')).toEqual(['ResolverNotFoundError', 'ok', 'ok']);
  });
});

describe('a batch resolver that reorders its contexts in place', () => {
  it('cannot line its results up with other callers’ items: the group fails instead', async () => {
    const app = createResolver({ logger: recordingLogger() }).batchResolver(
      'Post.author',
      (ctxs) => {
        (ctxs as ResolverContext[]).sort((a, b) => authorId(b).localeCompare(authorId(a)));
        return ctxs.map((ctx) => ({ id: authorId(ctx) }));
      },
    );
    const out = (await app.resolve(authorEvents(['a', 'b', 'c']), lambda)) as Record<
      string,
      unknown
    >[];
    expect(out.map((entry) => entry.errorType)).toStrictEqual([
      'InternalError',
      'InternalError',
      'InternalError',
    ]);
  });
});
