import { describe, expect, it } from 'vitest';
import { AppSyncError, createResolver, UnauthorizedException } from '../src/index.js';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

class NotFoundError extends AppSyncError {}

/** A promise-like that is not a Promise, as some libraries return. */
function promiseLike<T>(value: T): PromiseLike<T> {
  // biome-ignore lint/suspicious/noThenProperty: a promise-like is what the test needs
  const thenable = { then: (ok: (v: T) => void) => ok(value) };
  return thenable as unknown as PromiseLike<T>;
}

describe('Invoke', () => {
  it('returns the resolver value as is', async () => {
    const post = { id: '1', tags: ['a'], nested: { n: 1 } };
    const app = createResolver().resolver('Query.getPost', () => post);
    expect(await app.resolve(event('Query.getPost'), lambda)).toBe(post);
  });

  it('awaits a promise, and a promise-like', async () => {
    const app = createResolver()
      .resolver('Query.a', async () => 'async')
      .resolver('Query.b', () => promiseLike('thenable'));
    expect(await app.resolve(event('Query.a'))).toBe('async');
    expect(await app.resolve(event('Query.b'))).toBe('thenable');
  });

  it.each([
    ['undefined', undefined, null],
    ['null', null, null],
    ['false', false, false],
    ['0', 0, 0],
    ['an empty string', '', ''],
    ['an array', [1, 2], [1, 2]],
  ])('answers %s as AppSync expects', async (_label, value, expected) => {
    const app = createResolver().resolver('Query.a', () => value);
    expect(await app.resolve(event('Query.a'))).toEqual(expected);
  });

  it('returns an object shaped like an error envelope as data (Invoke has no envelope)', async () => {
    const value = { errorType: 'X', errorMessage: 'looks like an error' };
    const app = createResolver().resolver('Query.a', () => value);
    expect(await app.resolve(event('Query.a'))).toBe(value);
  });

  it('gives the resolver one context mirroring the AppSync context', async () => {
    const ev = event(
      'Query.getPost',
      { id: '7' },
      {
        identity: { resolverContext: { tenant: 't1' } },
        source: { parent: true },
        prev: { result: { step: 1 } },
        stash: { started: 1 },
      },
    );
    let seen: unknown;
    const app = createResolver().resolver('Query.getPost', (ctx) => {
      seen = ctx;
      return null;
    });
    await app.resolve(ev, lambda);
    expect(seen).toEqual({
      args: { id: '7' },
      arguments: { id: '7' },
      source: { parent: true },
      identity: { resolverContext: { tenant: 't1' } },
      request: ev.request,
      info: ev.info,
      prev: { result: { step: 1 } },
      stash: { started: 1 },
      lambda,
      event: ev,
    });
    const ctx = seen as { args: unknown; arguments: unknown; stash: unknown; event: unknown };
    expect(ctx.args).toBe(ctx.arguments);
    expect(ctx.stash).toBe(ev.stash);
    expect(ctx.event).toBe(ev);
  });

  it('passes lambda as undefined when called without a Lambda context', async () => {
    const app = createResolver().resolver('Query.a', (ctx) => ({
      hasLambda: ctx.lambda !== undefined,
    }));
    expect(await app.resolve(event('Query.a'))).toEqual({ hasLambda: false });
  });

  it('fills what an event may omit: identity, source, prev, stash, request, arguments', async () => {
    const app = createResolver().resolver('Query.a', (ctx) => ({
      args: ctx.args,
      identity: ctx.identity,
      source: ctx.source,
      prev: ctx.prev,
      stash: ctx.stash,
      request: ctx.request,
    }));
    const bare = { info: { parentTypeName: 'Query', fieldName: 'a' } };
    expect(await app.resolve(bare)).toEqual({
      args: {},
      identity: null,
      source: null,
      prev: null,
      stash: {},
      request: { headers: {}, domainName: null },
    });
  });

  it('rejects with an Error whose name is the errorType and message the errorMessage', async () => {
    const app = createResolver().resolver('Query.getPost', (ctx) => {
      throw new NotFoundError(`post ${ctx.args.id} not found`);
    });
    const error = await app.resolve(event('Query.getPost', { id: '9' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'NotFoundError', message: 'post 9 not found' });
    // The stack the Lambda runtime reports as `trace` holds nothing but that line.
    expect((error as Error).stack).toBe('NotFoundError: post 9 not found');
  });

  it('rejects for a resolver that rejects asynchronously, and for a sync throw alike', async () => {
    const app = createResolver()
      .resolver('Query.a', async () => {
        await new Promise((r) => setTimeout(r, 1));
        throw new NotFoundError('later');
      })
      .resolver('Query.b', () => {
        throw new NotFoundError('now');
      });
    expect(await rejection(app.resolve(event('Query.a')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'later',
    });
    expect(await rejection(app.resolve(event('Query.b')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'now',
    });
  });

  it('rejects when the resolver returns an Error instead of throwing it', async () => {
    const app = createResolver().resolver('Query.a', async () => new NotFoundError('returned'));
    expect(await rejection(app.resolve(event('Query.a')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'returned',
    });
  });

  it('sends UnauthorizedException with its name (AppSync rewrites the message)', async () => {
    const app = createResolver().resolver('Mutation.deletePost', () => {
      throw new UnauthorizedException();
    });
    expect(await rejection(app.resolve(event('Mutation.deletePost')))).toEqual({
      errorType: 'UnauthorizedException',
      errorMessage: 'You are not authorized to make this call.',
    });
  });

  it('hides an unexpected error behind InternalError carrying the request id, and logs it in full', async () => {
    const logger = recordingLogger();
    const secret = new Error('connect ECONNREFUSED 10.0.0.12:5432 password=hunter2');
    const app = createResolver({ logger }).resolver('Query.getPost', () => {
      throw secret;
    });
    const error = (await app
      .resolve(event('Query.getPost'), lambda)
      .catch((e: unknown) => e)) as Error;
    expect({ name: error.name, message: error.message }).toEqual({
      name: 'InternalError',
      message: 'An internal error occurred (request id req-0001).',
    });
    expect(error.stack).not.toContain('hunter2');
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0]?.level).toBe('error');
    expect(logger.calls[0]?.attributes).toEqual({
      field: 'Query.getPost',
      requestId: 'req-0001',
      errorType: 'InternalError',
      error: secret,
    });
  });

  it('says "An internal error occurred." when there is no request id', async () => {
    const app = createResolver({ logger: recordingLogger() }).resolver('Query.a', () => {
      throw new TypeError('x is undefined');
    });
    expect(await rejection(app.resolve(event('Query.a')))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred.',
    });
  });

  it('exposes unexpected errors with exposeErrors: true', async () => {
    const app = createResolver({ logger: recordingLogger(), exposeErrors: true })
      .resolver('Query.a', () => {
        throw new TypeError('x is undefined');
      })
      .resolver('Query.b', () => {
        throw 'plain string';
      })
      .resolver('Query.c', () => {
        throw { code: 42 };
      });
    expect(await rejection(app.resolve(event('Query.a')))).toEqual({
      errorType: 'TypeError',
      errorMessage: 'x is undefined',
    });
    expect(await rejection(app.resolve(event('Query.b')))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'Non-error value thrown: plain string',
    });
    expect(await rejection(app.resolve(event('Query.c')))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'Non-error value thrown: an object with keys [code]',
    });
  });

  it('writes nothing to the logger on the success path', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger }).resolver('Query.a', () => 'ok');
    await app.resolve(event('Query.a'), lambda);
    await app.resolve([event('Query.a'), event('Query.a')], lambda);
    expect(logger.calls).toEqual([]);
  });
});

describe('Invoke of a batch resolver', () => {
  it('answers as a batch of one', async () => {
    let received: unknown[] = [];
    const app = createResolver().batchResolver('Post.author', (ctxs) => {
      received = [...ctxs];
      return ctxs.map((ctx) => ({ id: (ctx.source as { authorId: string }).authorId }));
    });
    const ev = event('Post.author', {}, { source: { authorId: 'u1' } });
    expect(await app.resolve(ev, lambda)).toEqual({ id: 'u1' });
    expect(received).toHaveLength(1);
  });

  it('turns undefined into null, and an Error slot into a rejection', async () => {
    const app = createResolver()
      .batchResolver('Post.a', () => [undefined])
      .batchResolver('Post.b', async () => [new NotFoundError('no author')]);
    expect(await app.resolve(event('Post.a'))).toBeNull();
    expect(await rejection(app.resolve(event('Post.b')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'no author',
    });
  });

  it('awaits a slot that holds a promise', async () => {
    const app = createResolver()
      .batchResolver('Post.a', (ctxs) => ctxs.map(async () => 'settled'))
      .batchResolver('Post.b', (ctxs) =>
        ctxs.map(async () => {
          throw new NotFoundError('rejected slot');
        }),
      );
    expect(await app.resolve(event('Post.a'))).toBe('settled');
    expect(await rejection(app.resolve(event('Post.b')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'rejected slot',
    });
  });

  it.each([
    ['an empty array', [], 'an array of 0 items'],
    ['two entries', [1, 2], 'an array of 2 items'],
    ['an object', { 0: 1 }, 'an object with keys [0]'],
    ['undefined', undefined, 'undefined'],
  ])(
    'rejects with InvalidBatchResponseError when it returns %s',
    async (_label, value, described) => {
      const app = createResolver({ logger: recordingLogger() }).batchResolver(
        'Post.a',
        () => value as never,
      );
      expect(await rejection(app.resolve(event('Post.a')))).toEqual({
        errorType: 'InvalidBatchResponseError',
        errorMessage: `The batch resolver of Post.a must return an array with one entry per context (1), in order; it returned ${described}.`,
      });
    },
  );
});
