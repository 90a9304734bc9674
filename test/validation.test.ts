/**
 * Argument validation (src/validation.ts) through Standard Schema, with real zod 4, valibot 1 and
 * arktype 2 schemas and hand-written validators: the validated value replaces the arguments, a
 * failure is a `ValidationError` listing each issue with its path, a broken validator is an
 * `InternalError`, and in a batch only the failing items fail. Every test asserts on what the
 * handler answers, never on log text.
 */
import {
  type AppSyncIdentity,
  createResolver,
  type ResolverContext,
  requireAuth,
  type StandardSchemaV1,
  ValidationError,
} from 'appsync-direct';
import { type } from 'arktype';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { event, fixture, lambda, recordingLogger, rejection } from './helpers.js';

const INTERNAL = {
  errorType: 'InternalError',
  errorMessage: 'An internal error occurred (request id req-0001).',
};
const INTERNAL_ENTRY = { data: null, ...INTERNAL };

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

const app = (options: { exposeErrors?: boolean } = {}) =>
  createResolver({ logger: recordingLogger(), ...options });

/** Both views of a context's arguments, as the resolver saw them. */
const argsOf = (ctx: ResolverContext<unknown, unknown>) => ({
  args: ctx.args,
  arguments: ctx.arguments,
});

/** A hand-written Standard Schema validator. */
function standard<Output = Record<string, unknown>>(
  validate: (value: unknown) => unknown,
): StandardSchemaV1<unknown, Output> {
  return {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: validate as StandardSchemaV1<unknown, Output>['~standard']['validate'],
    },
  };
}

/** Three schemas for `{ input: { title: string (≥ 3) }, tags: string[] }`, one per library. */
const CREATE_POST = {
  zod: z.object({ input: z.object({ title: z.string().min(3) }), tags: z.array(z.string()) }),
  valibot: v.object({
    input: v.object({ title: v.pipe(v.string(), v.minLength(3)) }),
    tags: v.array(v.string()),
  }),
  arktype: type({ input: { title: 'string >= 3' }, tags: 'string[]' }),
};

describe('a valid value replaces the arguments', () => {
  it.each([
    [
      'zod (coerce, default, transform)',
      z.object({
        id: z.coerce.number(),
        limit: z.number().default(10),
        tags: z.array(z.string()).transform((tags) => tags.map((tag) => tag.toUpperCase())),
      }),
      { id: 12, limit: 10, tags: ['A', 'B'] },
    ],
    [
      'valibot (transform, optional default)',
      v.object({
        id: v.pipe(v.string(), v.transform(Number)),
        limit: v.optional(v.number(), 20),
        tags: v.array(v.pipe(v.string(), v.toUpperCase())),
      }),
      { id: 12, limit: 20, tags: ['A', 'B'] },
    ],
    [
      'arktype (parse, default)',
      type({ id: 'string.numeric.parse', limit: 'number = 5', tags: 'string[]' }),
      { id: 12, limit: 5, tags: ['a', 'b'] },
    ],
  ])('%s, in ctx.args and ctx.arguments alike', async (_name, schema, expected) => {
    const resolver = app().resolver('Query.list', argsOf, { args: schema });
    expect(
      await resolver.resolve(event('Query.list', { id: '12', tags: ['a', 'b'] }), lambda),
    ).toStrictEqual({ args: expected, arguments: expected });
  });

  it('drops the keys a schema strips', async () => {
    const resolver = app().resolver('Query.f', argsOf, { args: z.object({ id: z.string() }) });
    expect(
      await resolver.resolve(event('Query.f', { id: '1', extra: true }), lambda),
    ).toStrictEqual({ args: { id: '1' }, arguments: { id: '1' } });
  });

  it('waits for an asynchronous validator', async () => {
    const schema = standard(async (value) => {
      await tick();
      const { n } = value as { n: string };
      return Number.isNaN(Number(n))
        ? { issues: [{ message: 'not a number', path: ['n'] }] }
        : { value: { n: Number(n) } };
    });
    const resolver = app().resolver('Query.f', argsOf, { args: schema });
    expect(await resolver.resolve(event('Query.f', { n: '4' }), lambda)).toStrictEqual({
      args: { n: 4 },
      arguments: { n: 4 },
    });
    expect(
      await rejection(resolver.resolve(event('Query.f', { n: 'four' }), lambda)),
    ).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: 'Invalid arguments for Query.f: n: not a number',
    });
  });

  it('accepts a value of undefined from a validator', async () => {
    const resolver = app().resolver('Query.f', (ctx) => ctx.args === undefined, {
      args: standard(() => ({ value: undefined })),
    });
    expect(await resolver.resolve(event('Query.f', { a: 1 }), lambda)).toBe(true);
  });
});

describe('a failure is a ValidationError listing each issue with its path', () => {
  const bad = { input: { title: 'ab' }, tags: ['a', 'b', 3] };

  it.each([
    [
      'zod',
      'input.title: Too small: expected string to have >=3 characters; tags[2]: Invalid input: expected string, received number',
    ],
    [
      'valibot',
      'input.title: Invalid length: Expected >=3 but received 2; tags[2]: Invalid type: Expected string but received 3',
    ],
    [
      'arktype',
      'input.title: input.title must be at least length 3 (was 2); tags[2]: tags[2] must be a string (was a number)',
    ],
  ] as const)('%s', async (library, issues) => {
    let calls = 0;
    const resolver = app().resolver(
      'Mutation.createPost',
      () => {
        calls++;
        return 'created';
      },
      { args: CREATE_POST[library] },
    );
    expect(
      await rejection(resolver.resolve(event('Mutation.createPost', bad), lambda)),
    ).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: `Invalid arguments for Mutation.createPost: ${issues}`,
    });
    expect(calls).toBe(0);
  });

  it('names no path for an issue at the root', async () => {
    const resolver = app()
      .resolver('Query.z', () => 1, { args: z.string() })
      .resolver('Query.strict', () => 1, { args: z.strictObject({ id: z.string() }) });
    expect(await rejection(resolver.resolve(event('Query.z', {}), lambda))).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage:
        'Invalid arguments for Query.z: Invalid input: expected string, received object',
    });
    expect(
      await rejection(resolver.resolve(event('Query.strict', { id: '1', admin: true }), lambda)),
    ).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: 'Invalid arguments for Query.strict: Unrecognized key: "admin"',
    });
  });

  it('lists ten issues and counts the rest; err.issues keeps them all', async () => {
    const fields = Array.from({ length: 13 }, (_, i) => `f${i}`);
    const schema = z.object(Object.fromEntries(fields.map((field) => [field, z.string()])));
    const listed = fields
      .slice(0, 10)
      .map((field) => `${field}: Invalid input: expected string, received undefined`)
      .join('; ');
    const plain = app().resolver('Query.many', () => 1, { args: schema });
    expect(await rejection(plain.resolve(event('Query.many', {}), lambda))).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: `Invalid arguments for Query.many: ${listed}; and 3 more`,
    });

    const mapped = app()
      .onError(ValidationError, (error) => ({
        errorType: 'BadInput',
        errorMessage: `${error.issues.length} issues`,
        data: error.issues,
      }))
      .resolver('Query.many', () => 1, { args: schema });
    expect(await rejection(mapped.resolve(event('Query.many', {}), lambda))).toStrictEqual({
      errorType: 'BadInput',
      errorMessage: '13 issues',
    });
    // A batch entry carries the mapper's data: every issue, each path an array of keys.
    const [entry] = (await mapped.resolve([event('Query.many', {})], lambda)) as unknown[];
    expect(entry).toStrictEqual({
      data: fields.map((field) => ({
        message: 'Invalid input: expected string, received undefined',
        path: [field],
      })),
      errorType: 'BadInput',
      errorMessage: '13 issues',
    });
  });

  it('keeps array indexes as numbers in err.issues, and reads path segment objects', async () => {
    const seen: unknown[] = [];
    const resolver = app()
      .onError(ValidationError, (error) => {
        seen.push(error.issues);
        return undefined;
      })
      .resolver('Query.zod', () => 1, { args: CREATE_POST.zod })
      .resolver('Query.valibot', () => 1, { args: CREATE_POST.valibot })
      .resolver('Query.segments', () => 1, {
        args: standard(() => ({
          issues: [
            { message: 'bad', path: [{ key: 'a' }, { key: 0 }, 'b', Symbol.for('c')] },
            { message: 42, path: undefined },
          ],
        })),
      });
    const bad = { input: { title: 'ab' }, tags: ['a', 'b', 3] };
    expect((await rejection(resolver.resolve(event('Query.zod', bad), lambda))).errorType).toBe(
      'ValidationError',
    );
    await rejection(resolver.resolve(event('Query.valibot', bad), lambda));
    expect(await rejection(resolver.resolve(event('Query.segments', {}), lambda))).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: 'Invalid arguments for Query.segments: a[0].b.Symbol(c): bad; Invalid value',
    });
    const paths = (seen as { path: unknown }[][]).map((issues) => issues.map((i) => i.path));
    expect(paths).toStrictEqual([
      [
        ['input', 'title'],
        ['tags', 2],
      ],
      [
        ['input', 'title'],
        ['tags', 2],
      ],
      [['a', 0, 'b', 'Symbol(c)'], []],
    ]);
  });

  it('is seen by middleware as a rejection of next(), issues included', async () => {
    const resolver = app()
      .use(async (_input, next) => {
        try {
          return await next();
        } catch (error) {
          if (!(error instanceof ValidationError)) throw error;
          return { rejected: error.issues.map((issue) => issue.path.join('.')) };
        }
      })
      .resolver('Query.f', () => 'ran', { args: CREATE_POST.zod });
    expect(
      await resolver.resolve(event('Query.f', { input: { title: 'ab' }, tags: [1] }), lambda),
    ).toStrictEqual({ rejected: ['input.title', 'tags.0'] });
  });

  it('reports a failure without issues', async () => {
    const resolver = app().resolver('Query.f', () => 1, {
      args: standard(() => ({ issues: [] })),
    });
    expect(await rejection(resolver.resolve(event('Query.f', {}), lambda))).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: 'Invalid arguments for Query.f.',
    });
  });
});

describe('a broken validator', () => {
  it('that throws is an InternalError, and the resolver never runs', async () => {
    let calls = 0;
    const resolver = app().resolver(
      'Query.f',
      () => {
        calls++;
        return 1;
      },
      {
        args: standard(() => {
          throw new Error('validator bug');
        }),
      },
    );
    expect(await rejection(resolver.resolve(event('Query.f', {}), lambda))).toStrictEqual(INTERNAL);
    const rejecting = app().resolver('Query.f', () => 1, {
      args: standard(() => Promise.reject(new Error('validator bug'))),
    });
    expect(await rejection(rejecting.resolve(event('Query.f', {}), lambda))).toStrictEqual(
      INTERNAL,
    );
    expect(calls).toBe(0);
  });

  it.each([
    ['null', null, 'null'],
    ['a number', 42, 'a number'],
    ['a string', 'ok', 'a string of length 2'],
    ['an empty object', {}, 'an empty object'],
    ['issues as a string', { issues: 'bad' }, 'an object with keys [issues]'],
    ['issues as null', { issues: null }, 'an object with keys [issues]'],
    [
      'issues as a number beside a value',
      { value: 1, issues: 5 },
      'an object with keys [value, issues]',
    ],
  ])('that returns %s is an InternalError, sync or async', async (_name, result, described) => {
    let calls = 0;
    const resolver = app()
      .resolver(
        'Query.f',
        () => {
          calls++;
          return 1;
        },
        { args: standard(() => result) },
      )
      .resolver('Query.g', () => 1, { args: standard(async () => result) });
    expect(await rejection(resolver.resolve(event('Query.f', {}), lambda))).toStrictEqual(INTERNAL);
    expect(await rejection(resolver.resolve(event('Query.g', {}), lambda))).toStrictEqual(INTERNAL);
    expect(calls).toBe(0);
    const exposed = app({ exposeErrors: true }).resolver('Query.f', () => 1, {
      args: standard(() => result),
    });
    expect(await rejection(exposed.resolve(event('Query.f', {}), lambda))).toStrictEqual({
      errorType: 'TypeError',
      errorMessage: `The args validator of Query.f returned ${described}; a Standard Schema validator returns { value } or { issues: [...] }.`,
    });
  });
});

describe('the args option', () => {
  const message = (method: string, received: string) =>
    `${method}('Query.f'): args must be a Standard Schema validator (zod, valibot, arktype …: an object with ['~standard'].validate); received ${received}.`;

  it.each([
    ['a function', (value: unknown) => value, 'a function'],
    ['an object', { parse: () => ({}) }, 'an object with keys [parse]'],
    [
      'a ~standard without validate',
      { '~standard': { version: 1 } },
      'an object with keys [~standard]',
    ],
    ['a string', 'zod', 'a string of length 3'],
    ['null', null, 'null'],
  ])('rejects %s with a TypeError at registration', (_name, args, received) => {
    const resolver = createResolver();
    expect(() => resolver.resolver('Query.f', () => 1, { args: args as never })).toThrow(
      new TypeError(message('resolver', received)),
    );
    expect(() =>
      resolver.batchResolver('Query.f', (ctxs) => ctxs, { args: args as never }),
    ).toThrow(new TypeError(message('batchResolver', received)));
    expect(resolver.routes()).toStrictEqual([]);
  });
});

describe('in a batch', () => {
  const schema = z.object({ id: z.coerce.number().int().positive() });
  const items = (ids: unknown[]) => ids.map((id) => event('Post.x', { id }));
  const invalid = (message: string) => ({
    data: null,
    errorType: 'ValidationError',
    errorMessage: `Invalid arguments for Post.x: id: ${message}`,
  });
  const NOT_POSITIVE = invalid('Too small: expected number to be >0');
  const NAN = invalid('Invalid input: expected number, received NaN');

  it('fails only the items of a per-item resolver whose arguments are invalid', async () => {
    const received: unknown[] = [];
    const resolver = app().resolver(
      'Post.x',
      (ctx) => {
        received.push(ctx.args.id);
        return ctx.args;
      },
      { args: schema },
    );
    expect(await resolver.resolve(items(['1', '-2', 'x', 3]), lambda)).toStrictEqual([
      { data: { id: 1 } },
      NOT_POSITIVE,
      NAN,
      { data: { id: 3 } },
    ]);
    expect(received.sort()).toStrictEqual([1, 3]);
  });

  it('gives a batch resolver only the valid contexts, with their validated arguments', async () => {
    const received: unknown[][] = [];
    const resolver = app().batchResolver(
      'Post.x',
      (ctxs) => {
        received.push(ctxs.map((ctx) => ctx.args));
        return ctxs.map((ctx) => `post ${String(ctx.args.id)}`);
      },
      { args: schema },
    );
    expect(await resolver.resolve(items(['1', '-2', '3', 'x', 4]), lambda)).toStrictEqual([
      { data: 'post 1' },
      NOT_POSITIVE,
      { data: 'post 3' },
      NAN,
      { data: 'post 4' },
    ]);
    expect(received).toStrictEqual([[{ id: 1 }, { id: 3 }, { id: 4 }]]);
  });

  it('never calls a batch resolver whose contexts are all invalid', async () => {
    let calls = 0;
    const resolver = app().batchResolver(
      'Post.x',
      (ctxs) => {
        calls++;
        return ctxs;
      },
      { args: schema },
    );
    expect(await resolver.resolve(items(['0', 'x']), lambda)).toStrictEqual([NOT_POSITIVE, NAN]);
    expect(calls).toBe(0);
  });

  it('gives a batch resolver every context when all are valid', async () => {
    const received: unknown[][] = [];
    const resolver = app().batchResolver(
      'Post.x',
      (ctxs) => {
        received.push(ctxs.map((ctx) => ctx.arguments));
        return ctxs.map((ctx) => ctx.args.id);
      },
      { args: schema },
    );
    expect(await resolver.resolve(items(['1', '2']), lambda)).toStrictEqual([
      { data: 1 },
      { data: 2 },
    ]);
    expect(received).toStrictEqual([[{ id: 1 }, { id: 2 }]]);
  });

  it('keeps a broken validator to the items it broke on, with an async validator', async () => {
    const received: unknown[][] = [];
    const flaky = standard(async (value) => {
      await tick();
      const { id } = value as { id: string };
      if (id === 'boom') throw new Error('validator bug');
      if (id === 'junk') return 'junk';
      if (id === 'throw-string') throw 'a string';
      return id === 'bad' ? { issues: [{ message: 'bad id', path: ['id'] }] } : { value: { id } };
    });
    const resolver = app().batchResolver(
      'Post.x',
      (ctxs) => {
        received.push(ctxs.map((ctx) => ctx.args.id));
        return ctxs.map((ctx) => ctx.args.id);
      },
      { args: flaky },
    );
    expect(
      await resolver.resolve(items(['1', 'boom', 'junk', 'bad', 'throw-string', '2']), lambda),
    ).toStrictEqual([
      { data: '1' },
      INTERNAL_ENTRY,
      INTERNAL_ENTRY,
      invalid('bad id'),
      INTERNAL_ENTRY,
      { data: '2' },
    ]);
    expect(received).toStrictEqual([['1', '2']]);
  });

  it('fails an Invoke served by a batch resolver with the ValidationError', async () => {
    const resolver = app().batchResolver('Post.x', (ctxs) => ctxs.map(() => 'ok'), {
      args: schema,
    });
    expect(await resolver.resolve(items(['5'])[0], lambda)).toBe('ok');
    expect(await rejection(resolver.resolve(items(['0'])[0], lambda))).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage: 'Invalid arguments for Post.x: id: Too small: expected number to be >0',
    });
  });

  it('validates the subset a middleware passes to next(), after the middleware', async () => {
    const received: unknown[][] = [];
    const resolver = app()
      .use(async (input, next) => {
        const ctxs = input as readonly ResolverContext[];
        const kept = ctxs.filter((ctx) => ctx.args.id !== 'skip');
        const results = (await next(kept)) as unknown[];
        let j = 0;
        return ctxs.map((ctx) => (ctx.args.id === 'skip' ? 'skipped' : results[j++]));
      })
      .batchResolver(
        'Post.x',
        (ctxs) => {
          received.push(ctxs.map((ctx) => ctx.args.id));
          return ctxs.map((ctx) => ctx.args.id);
        },
        { args: z.object({ id: z.coerce.number() }) },
      );
    expect(await resolver.resolve(items(['1', 'skip', 'x', '2']), lambda)).toStrictEqual([
      { data: 1 },
      { data: 'skipped' },
      NAN,
      { data: 2 },
    ]);
    expect(received).toStrictEqual([[1, 2]]);
  });
});

describe('middleware runs before validation', () => {
  /** A schema that counts how often it ran. */
  const counting = () => {
    const runs = { count: 0 };
    const inner = z.object({ id: z.coerce.number() });
    const schema = standard((value) => {
      runs.count++;
      return inner['~standard'].validate(value);
    });
    return { runs, schema };
  };

  it('so an auth guard denies before validation reveals anything', async () => {
    const { runs, schema } = counting();
    const resolver = app().resolver('Query.f', () => 'ran', {
      use: [requireAuth({ modes: ['cognito'] })],
      args: schema,
    });
    const invalid = { id: 'not a number' };
    expect(await rejection(resolver.resolve(event('Query.f', invalid), lambda))).toStrictEqual({
      errorType: 'UnauthorizedException',
      errorMessage: 'You are not authorized to make this call.',
    });
    expect(runs.count).toBe(0);
    const signedIn = {
      identity: fixture<{ identity: AppSyncIdentity }>('invoke-cognito-user-pools').identity,
    };
    expect(
      await rejection(resolver.resolve(event('Query.f', invalid, signedIn), lambda)),
    ).toStrictEqual({
      errorType: 'ValidationError',
      errorMessage:
        'Invalid arguments for Query.f: id: Invalid input: expected number, received NaN',
    });
    expect(runs.count).toBe(1);
  });

  it('in a batch too: denied items are never validated, the others are', async () => {
    const { runs, schema } = counting();
    const cognito = fixture<{ identity: AppSyncIdentity }>('invoke-cognito-user-pools').identity;
    const resolver = app()
      .use(requireAuth({ modes: ['cognito'] }))
      .batchResolver('Post.x', (ctxs) => ctxs.map((ctx) => ctx.args.id), { args: schema });
    const batch = [
      event('Post.x', { id: 'x' }, { identity: null }),
      event('Post.x', { id: '2' }, { identity: cognito }),
      event('Post.x', { id: 'y' }, { identity: cognito }),
    ];
    expect(await resolver.resolve(batch, lambda)).toStrictEqual([
      {
        data: null,
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
      { data: 2 },
      {
        data: null,
        errorType: 'ValidationError',
        errorMessage:
          'Invalid arguments for Post.x: id: Invalid input: expected number, received NaN',
      },
    ]);
    expect(runs.count).toBe(2);
  });

  it('so middleware sees the raw arguments, and the resolver the validated ones', async () => {
    const seen: unknown[] = [];
    const resolver = app().resolver('Query.f', (ctx) => ctx.args.id, {
      use: [
        (ctx, next) => {
          seen.push(ctx.args.id);
          return next();
        },
      ],
      args: z.object({ id: z.coerce.number() }),
    });
    expect(await resolver.resolve(event('Query.f', { id: '7' }), lambda)).toBe(7);
    // The middleware's type says number (the schema's output); at run time it is the raw string.
    expect(seen).toStrictEqual(['7']);
  });

  it('so a middleware that answers first skips validation', async () => {
    const { runs, schema } = counting();
    const resolver = app()
      .use(() => 'cached')
      .resolver('Query.f', () => 'ran', { args: schema });
    expect(await resolver.resolve(event('Query.f', { id: 'x' }), lambda)).toBe('cached');
    expect(runs.count).toBe(0);
  });
});
