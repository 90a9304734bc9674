/**
 * Type tests of registration: what resolvers receive and may return, chaining, routes, error
 * mappers and options. Checked by `tsc --noEmit` (`npm run typecheck`), never run.
 */
import {
  AppSyncError,
  type AppSyncIdentity,
  type AppSyncInfo,
  type AppSyncRequest,
  createResolver,
  type ErrorMapping,
  InvalidEventError,
  type LambdaContext,
  type ResolverApp,
  type ResolverContext,
  type RouteInfo,
  UnauthorizedException,
} from 'appsync-direct';
import { expectTypeOf } from 'vitest';

interface Post {
  id: string;
  authorId: string;
}

interface User {
  id: string;
  name: string;
}

class NotFoundError extends AppSyncError {
  override name = 'NotFoundError';
}

class ZodLikeError extends Error {
  readonly issues: string[] = [];
}

const app = createResolver();
expectTypeOf(app).toEqualTypeOf<ResolverApp>();

// ---- app.resolver: the context ------------------------------------------------------------

app.resolver('Query.defaults', (ctx) => {
  // Without an annotation, ctx has the default arguments and source.
  expectTypeOf(ctx).toEqualTypeOf<
    ResolverContext<Record<string, unknown>, Record<string, unknown> | null>
  >();
  expectTypeOf(ctx).toEqualTypeOf<ResolverContext>();
  expectTypeOf(ctx.args).toEqualTypeOf<Record<string, unknown>>();
  expectTypeOf(ctx.source).toEqualTypeOf<Record<string, unknown> | null>();
  expectTypeOf(ctx.lambda).toEqualTypeOf<LambdaContext | undefined>();
  expectTypeOf(ctx.identity).toEqualTypeOf<AppSyncIdentity>();
  expectTypeOf(ctx.request).toEqualTypeOf<AppSyncRequest>();
  expectTypeOf(ctx.info).toEqualTypeOf<AppSyncInfo>();
  expectTypeOf(ctx.prev).toEqualTypeOf<{ result: unknown } | null>();
  expectTypeOf(ctx.stash).toEqualTypeOf<Record<string, unknown>>();
  expectTypeOf(ctx.event).toBeUnknown();
  return null;
});

app.resolver('Query.getPost', (ctx: ResolverContext<{ id: string }>) => {
  expectTypeOf(ctx.args.id).toBeString();
  expectTypeOf(ctx.arguments.id).toBeString();
  expectTypeOf(ctx.arguments).toEqualTypeOf(ctx.args);
  expectTypeOf(ctx.args).toEqualTypeOf<{ id: string }>();
  expectTypeOf(ctx.source).toEqualTypeOf<Record<string, unknown> | null>();
  expectTypeOf(ctx.lambda).toEqualTypeOf<LambdaContext | undefined>();
  expectTypeOf(ctx.identity).toEqualTypeOf<AppSyncIdentity>();
  // @ts-expect-error only declared arguments exist
  void ctx.args.title;
  // @ts-expect-error the context is read-only
  ctx.args = { id: '1' };
  return { id: ctx.args.id, authorId: 'u1' };
});

app.resolver('Post.author', (ctx: ResolverContext<Record<string, never>, Post>) => {
  expectTypeOf(ctx.source).toEqualTypeOf<Post>();
  expectTypeOf(ctx.source.authorId).toBeString();
  return { id: ctx.source.authorId, name: 'n' };
});

// The identity is a union narrowed by its keys; null for API_KEY.
app.resolver('Query.me', (ctx) => {
  if (ctx.identity !== null && 'sub' in ctx.identity) expectTypeOf(ctx.identity.sub).toBeString();
  if (ctx.identity !== null && 'resolverContext' in ctx.identity) {
    expectTypeOf(ctx.identity.resolverContext).toEqualTypeOf<Record<string, unknown>>();
  }
  return null;
});

// Resolvers may return a value or a promise of one.
app.resolver('Query.sync', () => 1);
app.resolver('Query.async', async () => 1);

// ---- app.resolver: chaining and routes -----------------------------------------------------

expectTypeOf(app.resolver('Query.chain', () => null)).toEqualTypeOf<ResolverApp>();
expectTypeOf(
  app.batchResolver('Post.chain', (ctxs) => ctxs.map(() => null)),
).toEqualTypeOf<ResolverApp>();
expectTypeOf(app.onError(ZodLikeError, () => undefined)).toEqualTypeOf<ResolverApp>();
export const chained: ResolverApp = createResolver()
  .resolver('Query.a', () => 'a', { maxBatchSize: 10, concurrency: 4 })
  .batchResolver('Query.b', (ctxs) => ctxs.map(() => 'b'), { maxBatchSize: 100 })
  .resolver('Query.c', () => 'c');

expectTypeOf(app.routes()).toEqualTypeOf<RouteInfo[]>();
expectTypeOf<RouteInfo['kind']>().toEqualTypeOf<'resolver' | 'batch'>();

// @ts-expect-error the key is a string
app.resolver(42, () => null);
// @ts-expect-error the resolver is a function
app.resolver('Query.x', 'not a function');
// @ts-expect-error a batch resolver takes no concurrency: it receives the whole batch at once
app.batchResolver('Post.y', (ctxs) => ctxs.map(() => null), { concurrency: 2 });

// ---- app.batchResolver ------------------------------------------------------------------------

app.batchResolver('Post.authorBatch', (ctxs) => {
  expectTypeOf(ctxs).toEqualTypeOf<readonly ResolverContext[]>();
  // @ts-expect-error the contexts are read-only
  ctxs.push(ctxs[0] as ResolverContext);
  return ctxs.map((_ctx, k): User | Error =>
    k % 2 === 0 ? { id: String(k), name: 'n' } : new NotFoundError('no author'),
  );
});

app.batchResolver('Post.typed', (ctxs: readonly ResolverContext<Record<string, never>, Post>[]) => {
  expectTypeOf(ctxs[0]?.source).toEqualTypeOf<Post | undefined>();
  return ctxs.map((ctx) => ({ id: ctx.source.authorId, name: 'n' }));
});

// A promise of (T | Error)[] is fine too.
app.batchResolver('Post.async', async (ctxs) =>
  ctxs.map((_, k): User | Error => (k === 0 ? new Error('first fails') : { id: 'u', name: 'n' })),
);

// @ts-expect-error a batch resolver must return an array, not one value
app.batchResolver('Post.notArray', () => 42);

// @ts-expect-error nor a promise of one value
app.batchResolver('Post.notArrayAsync', async () => ({ id: 'u', name: 'n' }));

// ---- app.onError ---------------------------------------------------------------------------

app.onError(ZodLikeError, (err, ctx) => {
  expectTypeOf(err).toEqualTypeOf<ZodLikeError>();
  expectTypeOf(err.issues).toEqualTypeOf<string[]>();
  expectTypeOf(ctx).toEqualTypeOf<ResolverContext>();
  return { errorType: 'ValidationError', errorMessage: err.issues.join('; ') };
});
app.onError(NotFoundError, (err) => {
  expectTypeOf(err).toEqualTypeOf<NotFoundError>();
  return new InvalidEventError(err.message);
});
app.onError(RangeError, (err) => {
  expectTypeOf(err).toEqualTypeOf<RangeError>();
  return undefined;
});
expectTypeOf<{ errorType: string; errorMessage: string }>().toExtend<ErrorMapping>();

// @ts-expect-error errorType must be a string
app.onError(ZodLikeError, () => ({ errorType: 1, errorMessage: 'm' }));

// @ts-expect-error a mapping with a numeric errorType (and no errorMessage) is not an ErrorMapping
app.onError(ZodLikeError, () => ({ errorType: 1 }));

// @ts-expect-error an errorMessage is required
app.onError(ZodLikeError, () => ({ errorType: 'ValidationError' }));

// @ts-expect-error the first argument is an error class, not an instance
app.onError(new ZodLikeError(), () => undefined);

// ---- createResolver options ----------------------------------------------------------------

createResolver({ concurrency: 2, exposeErrors: false });
createResolver({ concurrency: Number.POSITIVE_INFINITY });
createResolver({ route: (event) => (typeof event === 'object' ? 'Query.getPost' : undefined) });
createResolver({ logger: { debug() {}, info() {}, warn() {}, error() {} } });
// @ts-expect-error concurrency is a number
createResolver({ concurrency: '2' });
// @ts-expect-error exposeErrors is a boolean
createResolver({ exposeErrors: 'yes' });
// @ts-expect-error a logger needs all four methods
createResolver({ logger: { error() {} } });
// @ts-expect-error unknown options are rejected
createResolver({ concurency: 2 });

// ---- Errors --------------------------------------------------------------------------------

expectTypeOf(new NotFoundError('post 7 not found').errorType).toEqualTypeOf<string>();
expectTypeOf(new UnauthorizedException().errorType).toEqualTypeOf<string>();
expectTypeOf(new InvalidEventError('bad').errorType).toEqualTypeOf<string>();
expectTypeOf(new AppSyncError('m', { errorType: 'Custom' }).errorType).toEqualTypeOf<string>();
expectTypeOf(new NotFoundError('x')).toExtend<Error>();
expectTypeOf(new NotFoundError('x').toJSON()).toEqualTypeOf<{
  errorType: string;
  errorMessage: string;
  data?: unknown;
}>();
// @ts-expect-error errorType is read-only
new NotFoundError('x').errorType = 'Other';
// @ts-expect-error the errorType option is a string
new AppSyncError('m', { errorType: 7 });
