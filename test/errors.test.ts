import { describe, expect, it } from 'vitest';
import { ERROR_BRAND } from '../src/errors/app-sync-error.js';
import { describeValue } from '../src/errors/normalize.js';
import {
  AppSyncError,
  createResolver,
  DuplicateResolverError,
  InvalidBatchResponseError,
  InvalidEventError,
  isAppSyncError,
  ResolverNotFoundError,
  ResponseTooLargeError,
  TimeoutError,
  UnauthorizedException,
} from '../src/index.js';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

class NotFoundError extends AppSyncError {}
class PostNotFoundError extends NotFoundError {}
class DatabaseError extends Error {}
class ConnectionError extends DatabaseError {}

/** A resolver app whose Query.fail throws what the test gives it, answering Invoke and batch. */
function failing(thrown: () => unknown, options: Parameters<typeof createResolver>[0] = {}) {
  return createResolver({ logger: recordingLogger(), ...options }).resolver('Query.fail', () => {
    throw thrown();
  });
}

describe('AppSyncError', () => {
  it('takes its errorType from the subclass name, or from the option', () => {
    expect(new NotFoundError('x').errorType).toBe('NotFoundError');
    expect(new PostNotFoundError('x').errorType).toBe('PostNotFoundError');
    expect(new AppSyncError('x').errorType).toBe('AppSyncError');
    expect(new NotFoundError('x', { errorType: 'Missing' }).errorType).toBe('Missing');
  });

  it('keeps message, cause and data, and serialises only what AppSync reads', () => {
    const cause = new Error('low level');
    const error = new NotFoundError('post 7 not found', { cause, data: { id: '7' } });
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe('post 7 not found');
    expect(error.cause).toBe(cause);
    expect(error.data).toEqual({ id: '7' });
    expect(JSON.stringify(error)).toBe(
      '{"errorType":"NotFoundError","errorMessage":"post 7 not found","data":{"id":"7"}}',
    );
    expect(new NotFoundError('m').toJSON()).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'm',
    });
    expect('cause' in new NotFoundError('m')).toBe(false);
  });

  it('keeps an explicit name when a bundler has renamed the class', () => {
    // What esbuild --minify makes of `class NotFoundError extends AppSyncError {}`.
    const Mangled = class a extends AppSyncError {};
    const Named = class b extends AppSyncError {
      override name = 'NotFoundError';
    };
    expect(new Mangled('x').errorType).toBe('a');
    expect(new Named('x').errorType).toBe('NotFoundError');
  });

  it('names every framework error explicitly', () => {
    const errors = [
      [new InvalidEventError('m'), 'InvalidEventError'],
      [new ResolverNotFoundError('Q.f', 'm'), 'ResolverNotFoundError'],
      [new InvalidBatchResponseError('m'), 'InvalidBatchResponseError'],
      [new DuplicateResolverError('m'), 'DuplicateResolverError'],
      [new TimeoutError('m'), 'TimeoutError'],
      [new ResponseTooLargeError('m'), 'ResponseTooLargeError'],
      [new UnauthorizedException(), 'UnauthorizedException'],
    ] as const;
    for (const [error, name] of errors) {
      expect(error.name).toBe(name);
      expect(error.errorType).toBe(name);
      expect(isAppSyncError(error)).toBe(true);
    }
  });

  it('names a subclass of a framework error after the subclass', () => {
    class Forbidden extends UnauthorizedException {}
    class BadShape extends InvalidEventError {}
    expect(new Forbidden().errorType).toBe('Forbidden');
    expect(new BadShape('m').errorType).toBe('BadShape');
  });

  it('takes the errorType from an own static errorName, which minifiers keep', () => {
    const Minified = class a extends AppSyncError {
      static readonly errorName = 'NotFoundError';
    };
    const Sub = class b extends Minified {};
    expect(new Minified('x').errorType).toBe('NotFoundError');
    expect(new Sub('x').errorType).toBe('b');
  });

  it('never serialises an empty message', () => {
    expect(new AppSyncError('').toJSON()).toEqual({
      errorType: 'AppSyncError',
      errorMessage: 'AppSyncError',
    });
  });

  it("gives UnauthorizedException AppSync's message by default", () => {
    expect(new UnauthorizedException().message).toBe('You are not authorized to make this call.');
    expect(new UnauthorizedException('not an admin').message).toBe('not an admin');
  });
});

/** An AppSyncError of a second copy of the package: its own class, the same Symbol.for brand. */
class OtherCopyError extends Error {
  get errorType() {
    return 'FromOtherCopy';
  }
  readonly data = { copy: 2 };
}
Object.defineProperty(OtherCopyError.prototype, Symbol.for('appsync-direct.AppSyncError'), {
  value: true,
});

describe('isAppSyncError', () => {
  it('recognises errors of another copy of the package by their brand', () => {
    const foreign = new OtherCopyError('from the other copy');
    expect(foreign instanceof AppSyncError).toBe(false);
    expect(isAppSyncError(foreign)).toBe(true);
    expect(ERROR_BRAND).toBe(Symbol.for('appsync-direct.AppSyncError'));
  });

  it.each([[new Error('x')], [null], [undefined], ['NotFoundError'], [{ errorType: 'X' }], [42]])(
    'is false for %j',
    (value) => {
      expect(isAppSyncError(value)).toBe(false);
    },
  );

  it('answers with a foreign AppSyncError as with our own', async () => {
    const app = failing(() => new OtherCopyError('foreign message'));
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'FromOtherCopy',
      errorMessage: 'foreign message',
    });
    expect(await app.resolve([event('Query.fail')])).toEqual([
      { data: { copy: 2 }, errorType: 'FromOtherCopy', errorMessage: 'foreign message' },
    ]);
  });
});

describe('normalising anything thrown', () => {
  it.each([
    ['a plain Error', () => new Error('secret')],
    ['a TypeError', () => new TypeError('secret')],
    ['a string', () => 'secret'],
    ['null', () => null],
    ['undefined', () => undefined],
    ['a number', () => 42],
    ['a plain object', () => ({ errorType: 'Forged', errorMessage: 'secret' })],
    ['an error-like object', () => ({ name: 'Forged', message: 'secret' })],
    ['a custom-named Error', () => Object.assign(new Error('secret'), { name: 'CustomException' })],
  ])('turns %s into InternalError', async (_label, thrown) => {
    const app = failing(thrown);
    const expected = {
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred (request id req-0001).',
    };
    expect(await rejection(app.resolve(event('Query.fail'), lambda))).toEqual(expected);
    expect(await app.resolve([event('Query.fail')], lambda)).toEqual([{ data: null, ...expected }]);
  });

  it('never sends an empty errorMessage, which AppSync would read as success', async () => {
    const app = failing(() => new NotFoundError(''));
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'NotFoundError',
    });
    expect(await app.resolve([event('Query.fail')])).toEqual([
      { data: null, errorType: 'NotFoundError', errorMessage: 'NotFoundError' },
    ]);
  });

  it('falls back to errorType "Error" when an error type is empty', async () => {
    const app = failing(() => new NotFoundError('m', { errorType: '' }));
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'Error',
      errorMessage: 'm',
    });
  });
});

describe('onError', () => {
  it('maps a class and its subclasses; the most specific mapper wins', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .resolver('Query.base', () => {
        throw new DatabaseError('pool exhausted');
      })
      .resolver('Query.sub', () => {
        throw new ConnectionError('ECONNRESET');
      })
      .onError(DatabaseError, () => ({
        errorType: 'ServiceUnavailable',
        errorMessage: 'try again',
      }))
      .onError(ConnectionError, (err) => ({
        errorType: 'ConnectionLost',
        errorMessage: err.message,
      }));
    expect(await rejection(app.resolve(event('Query.base')))).toEqual({
      errorType: 'ServiceUnavailable',
      errorMessage: 'try again',
    });
    expect(await rejection(app.resolve(event('Query.sub')))).toEqual({
      errorType: 'ConnectionLost',
      errorMessage: 'ECONNRESET',
    });
  });

  it('applies whatever the registration order', async () => {
    const app = failing(() => new ConnectionError('x'))
      .onError(ConnectionError, () => ({ errorType: 'Specific', errorMessage: 's' }))
      .onError(Error, () => ({ errorType: 'General', errorMessage: 'g' }));
    expect((await rejection(app.resolve(event('Query.fail')))).errorType).toBe('Specific');
  });

  it('maps AppSyncErrors too, before they pass through', async () => {
    const app = failing(() => new PostNotFoundError('post 1')).onError(NotFoundError, (err) => ({
      errorType: 'NotFound',
      errorMessage: `mapped: ${err.message}`,
    }));
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'NotFound',
      errorMessage: 'mapped: post 1',
    });
  });

  it('passes the resolver context to the mapper', async () => {
    const app = failing(() => new DatabaseError('x')).onError(DatabaseError, (_err, ctx) => ({
      errorType: 'Db',
      errorMessage: `in ${ctx.info.parentTypeName}.${ctx.info.fieldName} for ${ctx.lambda?.awsRequestId}`,
    }));
    expect(await rejection(app.resolve(event('Query.fail'), lambda))).toEqual({
      errorType: 'Db',
      errorMessage: 'in Query.fail for req-0001',
    });
  });

  it('lets a mapper decline with undefined, falling back to a less specific one', async () => {
    const app = failing(() => new ConnectionError('retryable'))
      .onError(ConnectionError, (err) =>
        err.message === 'fatal' ? { errorType: 'Fatal', errorMessage: 'f' } : undefined,
      )
      .onError(DatabaseError, () => ({ errorType: 'Db', errorMessage: 'db' }));
    expect((await rejection(app.resolve(event('Query.fail')))).errorType).toBe('Db');
  });

  it('falls back to the default handling when every mapper declines', async () => {
    const app = failing(() => new NotFoundError('kept')).onError(NotFoundError, () => null);
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'kept',
    });
  });

  it('answers with the name and message of an Error a mapper returns', async () => {
    const app = failing(() => new DatabaseError('x')).onError(
      DatabaseError,
      () => new NotFoundError('gone', { data: { id: 1 } }),
    );
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'gone',
    });
    expect(await app.resolve([event('Query.fail')])).toEqual([
      { data: { id: 1 }, errorType: 'NotFoundError', errorMessage: 'gone' },
    ]);
  });

  it('sends data from a mapping in batch entries', async () => {
    const app = failing(() => new DatabaseError('x')).onError(DatabaseError, () => ({
      errorType: 'Db',
      errorMessage: 'db',
      data: { retryAfter: 2 },
    }));
    expect(await app.resolve([event('Query.fail')])).toEqual([
      { data: { retryAfter: 2 }, errorType: 'Db', errorMessage: 'db' },
    ]);
  });

  it('treats a mapper that throws as an unexpected error, and logs it', async () => {
    const logger = recordingLogger();
    const bug = new Error('mapper bug');
    const app = failing(() => new DatabaseError('x'), { logger }).onError(DatabaseError, () => {
      throw bug;
    });
    expect(await rejection(app.resolve(event('Query.fail')))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred.',
    });
    expect(logger.calls[0]?.attributes?.error).toBe(bug);
  });

  it('treats a mapper that returns something invalid as an unexpected error', async () => {
    const logger = recordingLogger();
    const app = failing(() => new DatabaseError('x'), { logger }).onError(
      DatabaseError,
      () => 'NotFound' as never,
    );
    expect((await rejection(app.resolve(event('Query.fail')))).errorType).toBe('InternalError');
    expect(logger.calls[0]?.attributes?.error).toBeInstanceOf(TypeError);
  });

  it('does not apply to primitives thrown', async () => {
    const app = failing(() => 'just a string').onError(Error, () => ({
      errorType: 'Mapped',
      errorMessage: 'm',
    }));
    expect((await rejection(app.resolve(event('Query.fail')))).errorType).toBe('InternalError');
  });

  it('maps errors in batch slots, and a batch resolver failure once for the group', async () => {
    let mapped = 0;
    const app = createResolver({ logger: recordingLogger() })
      .batchResolver('Post.slots', () => [new DatabaseError('a'), 'ok'])
      .batchResolver('Post.whole', () => {
        throw new DatabaseError('b');
      })
      .onError(DatabaseError, (err) => {
        mapped++;
        return { errorType: 'Db', errorMessage: err.message };
      });
    expect(await app.resolve([event('Post.slots'), event('Post.slots')])).toEqual([
      { data: null, errorType: 'Db', errorMessage: 'a' },
      { data: 'ok' },
    ]);
    expect(await app.resolve([event('Post.whole'), event('Post.whole')])).toEqual([
      { data: null, errorType: 'Db', errorMessage: 'b' },
      { data: null, errorType: 'Db', errorMessage: 'b' },
    ]);
    expect(mapped).toBe(2);
  });

  it('refuses a second mapper for the same class, a non-class and a non-function', () => {
    const app = createResolver().onError(DatabaseError, () => undefined);
    expect(() => app.onError(DatabaseError, () => undefined)).toThrow(
      'An onError mapper for DatabaseError is already registered; register one mapper per class.',
    );
    expect(() => app.onError('Error' as never, () => undefined)).toThrow(
      /expects an error class \(a constructor\)/,
    );
    expect(() => app.onError(Error, 'x' as never)).toThrow(/expects a mapper function/);
    expect(() => app.onError((() => {}) as never, () => undefined)).toThrow(
      /expects an error class/,
    );
  });
});

describe('describeValue', () => {
  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['abc', 'a string of length 3'],
    [1, 'a number'],
    [true, 'a boolean'],
    [10n, 'a bigint'],
    [Symbol('s'), 'a symbol'],
    [() => 1, 'a function'],
    [[], 'an array of 0 items'],
    [[1], 'an array of 1 item'],
    [{}, 'an empty object'],
    [{ a: 1, b: 2 }, 'an object with keys [a, b]'],
    [
      Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`k${i}`, i])),
      'an object with keys [k0, k1, k2, k3, k4, k5, k6, k7, … 2 more]',
    ],
  ])('describes %o as %j, without contents', (value, expected) => {
    expect(describeValue(value)).toBe(expected);
  });
});
