/**
 * Type tests of middleware and argument validation: where requireAuth() and hand-written
 * middleware fit, and what an `args` schema makes of `ctx.args`. Checked by `tsc --noEmit`
 * (`npm run typecheck`) and `vitest --typecheck`, never run.
 */
import {
  type BatchMiddleware,
  contextsOf,
  createResolver,
  isBatch,
  type Middleware,
  type Next,
  type ResolverContext,
  type ResolverMiddleware,
  requireAuth,
  type StandardSchemaV1,
} from 'appsync-direct';
import { type } from 'arktype';
import * as v from 'valibot';
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import type { Book, Schema } from './library.generated.js';

const guard = requireAuth({ modes: ['cognito'], groups: ['admin'] });
expectTypeOf(guard).toEqualTypeOf<Middleware>();

// ---- requireAuth() fits every place middleware goes ---------------------------------------

const app = createResolver();
app.use(guard);
app.use(requireAuth());
app.resolver('Query.a', () => 1, { use: [guard] });
app.resolver(
  'Query.b',
  (ctx: ResolverContext<{ id: string }, { ownerId: string }>) => ctx.args.id,
  {
    use: [guard],
  },
);
app.batchResolver('Post.a', (ctxs) => ctxs.map(() => 1), { use: [guard] });
app.batchResolver(
  'Post.b',
  (ctxs: readonly ResolverContext<{ id: string }, { ownerId: string }>[]) => ctxs.map(() => 1),
  { use: [guard] },
);

const typed = createResolver<Schema>();
typed.use(guard);
typed.resolver('Query.book', () => null, { use: [guard] });
typed.resolver('Mutation.addBook', (ctx) => ({ ...ctx.args.input, id: '1', kind: 'NOVEL' }), {
  use: [guard, requireAuth({ where: (_identity, ctx) => ctx.info.fieldName === 'addBook' })],
});
typed.batchResolver('Book.author', (ctxs) => ctxs.map(() => ({ id: '1', name: 'n' })), {
  use: [guard],
});

// ---- what middleware receives ---------------------------------------------------------------

app.use((input, next) => {
  expectTypeOf(input).toEqualTypeOf<
    ResolverContext<unknown, unknown> | readonly ResolverContext<unknown, unknown>[]
  >();
  expectTypeOf(next).toEqualTypeOf<Next>();
  expectTypeOf(contextsOf(input)).toEqualTypeOf<readonly ResolverContext<unknown, unknown>[]>();
  if (Array.isArray(input)) return next(input.slice(1));
  return next();
});

// Regression (issue 15): `Array.isArray` narrows neither branch of this union; `isBatch` narrows both.
app.use((input, next) => {
  if (isBatch(input)) {
    expectTypeOf(input).toEqualTypeOf<readonly ResolverContext<unknown, unknown>[]>();
    return next(input.slice(1));
  }
  expectTypeOf(input).toEqualTypeOf<ResolverContext<unknown, unknown>>();
  expectTypeOf(input.info.fieldName).toBeString();
  return next();
});

app.resolver(
  'Query.c',
  (ctx: ResolverContext<{ id: string }, { ownerId: string }>) => ctx.args.id,
  {
    use: [
      (ctx, next) => {
        expectTypeOf(ctx.args.id).toBeString();
        expectTypeOf(ctx.source.ownerId).toBeString();
        expectTypeOf(next).toEqualTypeOf<() => Promise<unknown>>();
        return next();
      },
    ],
  },
);

app.batchResolver(
  'Post.c',
  (ctxs: readonly ResolverContext<{ id: string }, { ownerId: string }>[]) => ctxs.map(() => 1),
  {
    use: [
      async (ctxs, next) => {
        expectTypeOf(ctxs).toEqualTypeOf<
          readonly ResolverContext<{ id: string }, { ownerId: string }>[]
        >();
        const results = await next(ctxs.filter((ctx) => ctx.source.ownerId !== ''));
        expectTypeOf(results).toEqualTypeOf<unknown[]>();
        return results;
      },
    ],
  },
);

typed.resolver('Query.book', () => null, {
  use: [
    (ctx, next) => {
      expectTypeOf(ctx.args).toEqualTypeOf<{ isbn: string }>();
      expectTypeOf(ctx.source).toEqualTypeOf<null>();
      return next();
    },
  ],
});
typed.batchResolver('Book.author', (ctxs) => ctxs.map(() => ({ id: '1', name: 'n' })), {
  use: [
    (ctxs, next) => {
      expectTypeOf(ctxs).toEqualTypeOf<
        readonly ResolverContext<Schema['Book.author']['args'], Book>[]
      >();
      return next();
    },
  ],
});

// ---- per-item middleware: a resolver's own use, never app.use --------------------------------

const perItem = (ctx: ResolverContext, next: () => Promise<unknown>) => {
  ctx.stash.seen = true;
  return next();
};
app.resolver('Query.d', () => 1, { use: [perItem] });
// @ts-expect-error app.use() middleware also meets batch resolvers, with an array of contexts
app.use(perItem);
// @ts-expect-error app.use() takes one middleware, never a list
app.use([guard]);

type Owned = ResolverContext<{ id: string }, { ownerId: string }>;
const perBatch: BatchMiddleware<{ id: string }, { ownerId: string }> = (ctxs, next) =>
  next(ctxs.filter((ctx) => ctx.source.ownerId !== ''));
app.batchResolver('Post.d', (ctxs: readonly Owned[]) => ctxs.map(() => 1), { use: [perBatch] });
// @ts-expect-error a batch middleware in a per-item resolver's list
app.resolver('Query.e', () => 1, { use: [perBatch] });
// @ts-expect-error a per-item middleware in a batch resolver's list
app.batchResolver('Post.e', (ctxs) => ctxs.map(() => 1), { use: [perItem] });

const declared: ResolverMiddleware<{ id: string }> = (ctx, next) =>
  ctx.args.id === '' ? null : next();
app.resolver('Query.f', (ctx: ResolverContext<{ id: string }>) => ctx.args.id, {
  use: [declared],
});

// ---- requireAuth options --------------------------------------------------------------------

requireAuth({ where: async (identity) => identity !== null });
// @ts-expect-error an unknown mode
requireAuth({ modes: ['cognito', 'apikey'] });
// @ts-expect-error groups are names
requireAuth({ groups: 'admin' });
// @ts-expect-error where answers a boolean
requireAuth({ where: () => 'yes' });

// ---- args: the schema's output is ctx.args --------------------------------------------------

const byId = z.object({ id: z.coerce.number() });

app.resolver(
  'Query.g',
  (ctx) => {
    expectTypeOf(ctx.args.id).toBeNumber();
    expectTypeOf(ctx.arguments).toEqualTypeOf<{ id: number }>();
    return ctx.args.id + 1;
  },
  { args: byId },
);

app.batchResolver(
  'Post.g',
  (ctxs) => {
    expectTypeOf(ctxs[0]?.args.id).toEqualTypeOf<number | undefined>();
    return ctxs.map((ctx) => ctx.args.id);
  },
  { args: byId },
);

app.resolver(
  'Query.h',
  (ctx) => {
    expectTypeOf(ctx.args).toEqualTypeOf<{ id: number; limit: number }>();
    return null;
  },
  {
    args: v.object({
      id: v.pipe(v.string(), v.transform(Number)),
      limit: v.optional(v.number(), 20),
    }),
  },
);

app.resolver(
  'Query.i',
  (ctx) => {
    expectTypeOf(ctx.args).toEqualTypeOf<{ id: number }>();
    return null;
  },
  { args: type({ id: 'string.numeric.parse' }) },
);

// A typed app: the schema's output overrides the schema's argument types ({ isbn: string }).
typed.resolver(
  'Query.book',
  (ctx) => {
    expectTypeOf(ctx.args.id).toBeNumber();
    // @ts-expect-error the validated arguments replace the schema's
    void ctx.args.isbn;
    return null;
  },
  { args: byId },
);
typed.batchResolver(
  'Book.author',
  (ctxs) => {
    expectTypeOf(ctxs[0]?.args.id).toEqualTypeOf<number | undefined>();
    expectTypeOf(ctxs[0]?.source).toEqualTypeOf<Book | undefined>();
    return ctxs.map(() => ({ id: '1', name: 'n' }));
  },
  { args: byId },
);
typed.resolver(
  'Query.book',
  // @ts-expect-error the result is still the schema's (Book | null)
  () => 'not a book',
  { args: byId },
);

// A hand-written Standard Schema validator works as well.
const handWritten: StandardSchemaV1<unknown, { n: number }> = {
  '~standard': { version: 1, vendor: 'me', validate: () => ({ value: { n: 1 } }) },
};
app.resolver(
  'Query.j',
  (ctx) => {
    expectTypeOf(ctx.args.n).toBeNumber();
    return null;
  },
  { args: handWritten },
);

// @ts-expect-error args takes a Standard Schema validator, not a parse function
app.resolver('Query.k', () => 1, { args: (value: unknown) => value });

// ---- a reusable batch middleware with the default types fits a plain batch resolver ---------

const reusable: BatchMiddleware = async (ctxs, next) => {
  expectTypeOf(ctxs).toEqualTypeOf<readonly ResolverContext[]>();
  return next();
};
app.batchResolver('Post.g', (ctxs) => ctxs.map(() => 1), { use: [reusable] });
