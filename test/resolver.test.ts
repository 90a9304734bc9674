import { describe, expect, it } from 'vitest';
import { createResolver, DuplicateResolverError, ResolverNotFoundError } from '../src/index.js';
import { event, lambda, recordingLogger, rejection } from './helpers.js';

const quiet = () => createResolver({ logger: recordingLogger() });

describe('registration', () => {
  it('accepts Type.field keys made of GraphQL names and lists them in routes()', () => {
    const app = quiet()
      .resolver('Query.getPost', () => null)
      .resolver('_Private.field_2', () => null, { maxBatchSize: 0, concurrency: 4 })
      .batchResolver('Post.author', () => [], { maxBatchSize: 100 });
    expect(app.routes()).toEqual([
      { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
      { typeName: '_Private', fieldName: 'field_2', kind: 'resolver', maxBatchSize: 0 },
      { typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 100 },
    ]);
  });

  it.each([
    ['getPost'],
    ['Query.'],
    ['.getPost'],
    ['Query.get.Post'],
    ['Query.get-post'],
    ['1Query.getPost'],
    ['Query .getPost'],
    [''],
    ['Query.getPost '],
  ])('rejects the malformed key %j with a TypeError', (key) => {
    expect(() => quiet().resolver(key, () => null)).toThrow(TypeError);
    expect(() => quiet().batchResolver(key, () => [])).toThrow(/"Type\.field"/);
  });

  it.each([['__proto__.x'], ['Query.__typename'], ['__Schema.types']])(
    'rejects the reserved name in %j',
    (key) => {
      expect(() => quiet().resolver(key, () => null)).toThrow(/reserved by GraphQL/);
    },
  );

  it('rejects a key that is not a string, and a resolver that is not a function', () => {
    expect(() => quiet().resolver(42 as never, () => null)).toThrow(
      'resolver: the key must be a "Type.field" string; received a number.',
    );
    expect(() => quiet().resolver('Query.a', 'nope' as never)).toThrow(
      "resolver('Query.a'): expected a function; received a string of length 4.",
    );
    expect(() => quiet().resolver('Query.a', () => null, 'x' as never)).toThrow(
      /options must be an object/,
    );
  });

  it('throws DuplicateResolverError for the same key twice, across both kinds', () => {
    const app = quiet().resolver('Query.getPost', () => null);
    expect(() => app.resolver('Query.getPost', () => null)).toThrow(DuplicateResolverError);
    expect(() => app.batchResolver('Query.getPost', () => [])).toThrow(
      'Query.getPost is already registered (as a resolver); each field has exactly one resolver.',
    );
    const other = quiet().batchResolver('Post.author', () => []);
    expect(() => other.resolver('Post.author', () => null)).toThrow(/as a batchResolver/);
  });

  it.each([[-1], [2001], [1.5], [Number.NaN], ['10']])('rejects maxBatchSize %j', (size) => {
    expect(() => quiet().resolver('Query.a', () => null, { maxBatchSize: size as number })).toThrow(
      /maxBatchSize must be an integer from 0 to 2000/,
    );
  });

  it.each([[0], [-2], [1.5], [Number.NaN], ['4']])('rejects concurrency %j', (concurrency) => {
    expect(() => createResolver({ concurrency: concurrency as number })).toThrow(
      /concurrency must be a positive integer or Infinity/,
    );
    expect(() =>
      quiet().resolver('Query.a', () => null, { concurrency: concurrency as number }),
    ).toThrow(/concurrency must be a positive integer or Infinity/);
  });

  it('accepts Infinity as concurrency, and refuses concurrency on a batch resolver', () => {
    expect(() => createResolver({ concurrency: Number.POSITIVE_INFINITY })).not.toThrow();
    expect(() => quiet().batchResolver('Post.a', () => [], { concurrency: 2 } as never)).toThrow(
      /concurrency does not apply to a batch resolver/,
    );
  });

  it('rejects a route option that is not a function', () => {
    expect(() => createResolver({ route: 'Query.a' as never })).toThrow(
      'createResolver: the route option must be a function; received a string of length 7.',
    );
  });

  it('routes() carries the code a route declares in front of the Lambda, and only the keys it declares', () => {
    const pipeline = {
      code: 'pipeline.js',
      functions: [{ name: 'check', dataSource: 'NONE' as const, code: 'check.js' }],
    };
    const app = quiet()
      .resolver('Query.a', () => 1, { code: 'a.js' })
      .batchResolver('Post.b', () => [], { maxBatchSize: 5, requestTemplate: 'b.req.vtl' })
      .resolver('Query.c', () => 1, { pipeline })
      .resolver('Query.d', () => 1);
    expect(app.routes()).toEqual([
      { typeName: 'Query', fieldName: 'a', kind: 'resolver', code: 'a.js' },
      {
        typeName: 'Post',
        fieldName: 'b',
        kind: 'batch',
        maxBatchSize: 5,
        requestTemplate: 'b.req.vtl',
      },
      { typeName: 'Query', fieldName: 'c', kind: 'resolver', pipeline },
      { typeName: 'Query', fieldName: 'd', kind: 'resolver' },
    ]);
  });

  it('routes() returns a fresh copy that callers cannot use to change the table', async () => {
    const app = quiet().resolver('Query.a', () => 1);
    const routes = app.routes();
    routes.length = 0;
    expect(app.routes()).toHaveLength(1);
    expect(await app.resolve(event('Query.a'))).toBe(1);
  });
});

describe('route lookup', () => {
  // Keys that exist on Object.prototype must not be mistaken for routes.
  it.each([
    ['__proto__', 'x'],
    ['constructor', 'toString'],
    ['Query', '__proto__'],
    ['Query', 'hasOwnProperty'],
    ['toString', 'call'],
    ['Query', 'constructor'],
  ])('treats %s.%s as unrouted', async (typeName, fieldName) => {
    const app = quiet().resolver('Query.getPost', () => 'post');
    const ev = event('Query.getPost');
    ev.info.parentTypeName = typeName;
    ev.info.fieldName = fieldName;
    expect(await rejection(app.resolve(ev))).toEqual({
      errorType: 'ResolverNotFoundError',
      errorMessage: `No resolver is registered for ${typeName}.${fieldName}; register one with app.resolver() or app.batchResolver().`,
    });
    expect(await app.resolve([ev, event('Query.getPost')])).toEqual([
      {
        data: null,
        errorType: 'ResolverNotFoundError',
        errorMessage: `No resolver is registered for ${typeName}.${fieldName}; register one with app.resolver() or app.batchResolver().`,
      },
      { data: 'post' },
    ]);
  });

  it('tells fields of different types apart', async () => {
    const app = quiet()
      .resolver('Post.author', () => 'post author')
      .resolver('Comment.author', () => 'comment author');
    expect(await app.resolve(event('Post.author'))).toBe('post author');
    expect(await app.resolve(event('Comment.author'))).toBe('comment author');
  });

  it('serves fields registered after handler() was taken', async () => {
    const app = quiet();
    const handler = app.handler();
    app.resolver('Query.late', () => 'late');
    expect(await handler(event('Query.late'), lambda)).toBe('late');
  });

  it('logs an unrouted field with its key and the request id', async () => {
    const logger = recordingLogger();
    const app = createResolver({ logger });
    await rejection(app.resolve(event('Query.missing'), lambda));
    expect(logger.calls).toEqual([
      {
        level: 'error',
        message: 'Event rejected in Query.missing',
        attributes: {
          field: 'Query.missing',
          requestId: 'req-0001',
          errorType: 'ResolverNotFoundError',
          error:
            'No resolver is registered for Query.missing; register one with app.resolver() or app.batchResolver().',
        },
      },
    ]);
  });

  it('exposes the unrouted key on ResolverNotFoundError', () => {
    const error = new ResolverNotFoundError('Query.x', 'no resolver');
    expect(error.field).toBe('Query.x');
    expect(error.errorType).toBe('ResolverNotFoundError');
  });
});

describe('handler()', () => {
  it('is a function of (event, context) that answers like resolve()', async () => {
    const app = quiet().resolver('Query.getPost', (ctx) => ({
      id: ctx.args.id,
      by: ctx.lambda?.awsRequestId,
    }));
    const handler = app.handler();
    expect(handler).toBeTypeOf('function');
    expect(await handler(event('Query.getPost', { id: '7' }), lambda)).toEqual({
      id: '7',
      by: 'req-0001',
    });
  });

  it('works when detached from the app (no this binding)', async () => {
    const { resolve } = quiet().resolver('Query.a', () => 'a');
    expect(await resolve(event('Query.a'))).toBe('a');
  });

  it('ignores a Lambda context that is not an object', async () => {
    const app = quiet().resolver('Query.a', (ctx) => ctx.lambda ?? 'none');
    expect(await app.resolve(event('Query.a'), 'nope' as never)).toBe('none');
    expect(await app.resolve(event('Query.a'), null as never)).toBe('none');
  });
});
