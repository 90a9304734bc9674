/**
 * Values that run code when read — Proxies, throwing getters, failing loggers — must never make
 * the dispatcher leak a raw error, lose a batch item or throw synchronously.
 */
import { describe, expect, it } from 'vitest';
import { AppSyncError, createResolver, type Logger } from '../src/index.js';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

/** An object whose every read throws an error holding a secret. */
const booby = () =>
  new Proxy(
    {},
    {
      get() {
        throw new Error('SECRET password=hunter2');
      },
      getPrototypeOf() {
        throw new Error('SECRET proto');
      },
      has() {
        throw new Error('SECRET has');
      },
      ownKeys() {
        throw new Error('SECRET keys');
      },
    },
  );

const internal = {
  errorType: 'InternalError',
  errorMessage: 'An internal error occurred (request id req-0001).',
};
const internalEntry = { data: null, ...internal };

function app(logger: Logger = recordingLogger()) {
  return createResolver({ logger })
    .resolver('Query.ok', () => 'ok')
    .resolver('Query.throwsProxy', () => {
      throw booby();
    })
    .resolver('Query.returnsProxy', () => booby())
    .batchResolver('Post.slotProxy', (ctxs) => ctxs.map((_, i) => (i === 1 ? booby() : i)))
    .batchResolver('Post.thenGetter', (ctxs) =>
      ctxs.map((_, i) =>
        i === 1
          ? {
              // biome-ignore lint/suspicious/noThenProperty: a throwing `then` is the hostile value under test
              get then() {
                throw new Error('SECRET then');
              },
            }
          : i,
      ),
    )
    .batchResolver(
      'Post.lengthThrows',
      (ctxs) =>
        new Proxy(
          ctxs.map(() => 1),
          {
            get(target, key) {
              if (key === 'length') throw new Error('SECRET length');
              return Reflect.get(target, key);
            },
          },
        ),
    );
}

describe('hostile values from resolvers', () => {
  it('checks what a thenable calls back with: a nested rejection, a nested oversized value', async () => {
    const nested = createResolver({ logger: recordingLogger() })
      .resolver('Query.nestedReject', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that calls back with a promise
        then(resolve: (value: unknown) => void) {
          resolve(Promise.reject(new Error('SECRET nested')));
        },
      }))
      .resolver('Query.nestedBig', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that calls back with a promise
        then(resolve: (value: unknown) => void) {
          resolve(Promise.resolve('x'.repeat(7_000_000)));
        },
      }))
      .resolver('Query.nestedError', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that calls back with a promise
        then(resolve: (value: unknown) => void) {
          resolve(Promise.resolve(new AppSyncError('gone', { errorType: 'NotFound' })));
        },
      }));
    expect(await rejection(nested.resolve(event('Query.nestedReject'), lambda))).toEqual(internal);
    expect((await rejection(nested.resolve(event('Query.nestedBig'), lambda))).errorType).toBe(
      'ResponseTooLargeError',
    );
    expect(await rejection(nested.resolve(event('Query.nestedError'), lambda))).toEqual({
      errorType: 'NotFound',
      errorMessage: 'gone',
    });
  });

  it('answers a resolver whose then getter throws with InternalError, logged with its field, at every level', async () => {
    for (const logLevel of ['DEBUG', 'ERROR'] as const) {
      const logger = recordingLogger();
      const getter = createResolver({ logger, logLevel }).resolver('Query.getter', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a throwing then getter is the value under test
        get then() {
          throw new Error('SECRET getter');
        },
      }));
      expect(await rejection(getter.resolve(event('Query.getter'), lambda))).toEqual(internal);
      const errors = logger.calls.filter((call) => call.level === 'error');
      expect(errors.map((call) => call.attributes?.field)).toEqual(['Query.getter']);
    }
  });

  it('hides a thenable whose then() throws, and answers a thenable that calls back twice once', async () => {
    const logger = recordingLogger();
    const hostile = createResolver({ logger })
      .resolver('Query.thenThrows', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a throwing then() is the value under test
        then() {
          throw new Error('SECRET then');
        },
      }))
      .resolver('Query.twice', () => ({
        // biome-ignore lint/suspicious/noThenProperty: a thenable that calls back twice
        then(resolve: (value: unknown) => void, reject: (error: unknown) => void) {
          resolve('first');
          reject(new Error('SECRET second'));
          resolve('third');
        },
      }));
    expect(await rejection(hostile.resolve(event('Query.thenThrows'), lambda))).toEqual(internal);
    await expect(hostile.resolve(event('Query.twice'), lambda)).resolves.toBe('first');
    expect(JSON.stringify(logger.calls)).not.toContain('SECRET second');
  });

  it('hides a thrown Proxy behind InternalError, on Invoke and per item', async () => {
    expect(await rejection(app().resolve(event('Query.throwsProxy'), lambda))).toEqual(internal);
    expect(
      await app().resolve(
        [event('Query.ok'), event('Query.throwsProxy'), event('Query.ok')],
        lambda,
      ),
    ).toEqual([{ data: 'ok' }, internalEntry, { data: 'ok' }]);
  });

  it('fails a returned Proxy that cannot be inspected, without a raw error', async () => {
    expect(await rejection(app().resolve(event('Query.returnsProxy'), lambda))).toEqual(internal);
    expect(await app().resolve([event('Query.returnsProxy'), event('Query.ok')], lambda)).toEqual([
      internalEntry,
      { data: 'ok' },
    ]);
  });

  it('keeps a hostile batch slot in its slot', async () => {
    const three = (key: string) => [event(key), event(key), event(key)];
    expect(await app().resolve(three('Post.slotProxy'), lambda)).toEqual([
      { data: 0 },
      internalEntry,
      { data: 2 },
    ]);
    expect(await app().resolve(three('Post.thenGetter'), lambda)).toEqual([
      { data: 0 },
      internalEntry,
      { data: 2 },
    ]);
  });

  it('fails only its own group when a batch answer cannot be read, in a mixed batch', async () => {
    expect(
      await app().resolve(
        [event('Query.ok'), event('Post.lengthThrows'), event('Post.lengthThrows')],
        lambda,
      ),
    ).toEqual([{ data: 'ok' }, internalEntry, internalEntry]);
  });

  it('survives an error whose errorType getter throws, and falls back to the name for a non-string one', async () => {
    class BadType extends AppSyncError {
      override get errorType(): string {
        throw new Error('SECRET getter');
      }
    }
    class NumberType extends AppSyncError {
      override get errorType(): string {
        return 42 as unknown as string;
      }
    }
    const a = createResolver({ logger: recordingLogger() })
      .resolver('Query.bad', () => {
        throw new BadType('x');
      })
      .resolver('Query.num', () => {
        throw new NumberType('kept');
      });
    expect(await rejection(a.resolve(event('Query.bad'), lambda))).toEqual(internal);
    expect(await rejection(a.resolve(event('Query.num'), lambda))).toEqual({
      errorType: 'NumberType',
      errorMessage: 'kept',
    });
  });

  it('answers even when the logger throws', async () => {
    const broken: Logger = {
      debug() {},
      info() {},
      warn() {},
      error() {
        throw new Error('SECRET transport down');
      },
    };
    const a = app(broken);
    expect(await rejection(a.resolve(event('Query.throwsProxy'), lambda))).toEqual(internal);
    expect(await a.resolve([event('Query.ok'), event('Query.nowhere')], lambda)).toEqual([
      { data: 'ok' },
      {
        data: null,
        errorType: 'ResolverNotFoundError',
        errorMessage:
          'No resolver is registered for Query.nowhere; register one with app.resolver() or app.batchResolver().',
      },
    ]);
  });
});

describe('hostile events', () => {
  const cases: [string, () => unknown][] = [
    ['a Proxy whose every read throws', booby],
    [
      'a revoked Proxy',
      () => {
        const { proxy, revoke } = Proxy.revocable({}, {});
        revoke();
        return proxy;
      },
    ],
    [
      'a mapping document whose payload getter throws',
      () => ({
        operation: 'Invoke',
        get payload() {
          throw new Error('SECRET payload');
        },
      }),
    ],
    [
      'a context whose info getter throws',
      () => ({
        get info() {
          throw new Error('SECRET info');
        },
      }),
    ],
  ];

  it.each(cases)('rejects %s without throwing synchronously or leaking', async (_label, make) => {
    let promise: Promise<unknown> | undefined;
    expect(() => {
      promise = app().resolve(make(), lambda);
    }).not.toThrow();
    expect(await rejection(promise as Promise<unknown>)).toEqual(internal);
  });

  it('fails only the unreadable items of a batch', async () => {
    expect(await app().resolve([event('Query.ok'), booby(), event('Query.ok')], lambda)).toEqual([
      { data: 'ok' },
      internalEntry,
      { data: 'ok' },
    ]);
  });

  it('ignores a request id that cannot be read', async () => {
    const context = {
      get awsRequestId(): string {
        throw new Error('SECRET request id');
      },
    };
    expect(await rejection(app().resolve(event('Query.throwsProxy'), context))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred.',
    });
  });
});
