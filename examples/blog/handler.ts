import {
  AppSyncError,
  type AppSyncIdentity,
  createResolver,
  type ResolverContext,
  UnauthorizedException,
} from 'appsync-direct';
import { createStore, type Post, type Store } from './data.js';

/** errorType "NotFoundError". */
export class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

/** errorType "ValidationError". */
export class ValidationError extends AppSyncError {
  static readonly errorName = 'ValidationError';
}

function cognitoGroups(identity: AppSyncIdentity): string[] {
  return identity !== null && 'groups' in identity && Array.isArray(identity.groups)
    ? identity.groups
    : [];
}

function cognitoUser(identity: AppSyncIdentity): string {
  if (identity === null || !('sub' in identity) || !('username' in identity)) {
    throw new UnauthorizedException();
  }
  return identity.sub;
}

/** Builds the example app over a store (a fresh one by default, so tests stay independent). */
export function createBlogApp(store: Store = createStore()) {
  const app = createResolver();

  app.resolver('Query.getPost', (ctx: ResolverContext<{ id: string }>) => {
    const post = store.posts.get(ctx.args.id);
    if (post === undefined) throw new NotFoundError(`post ${ctx.args.id} not found`);
    return post;
  });

  app.resolver(
    'Query.listPosts',
    (ctx: ResolverContext<{ limit?: number | null; nextToken?: string | null }>) => {
      const limit = ctx.args.limit ?? 10;
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
        throw new ValidationError(`limit must be an integer from 1 to 100; received ${limit}`);
      }
      const all = [...store.posts.values()];
      const start = ctx.args.nextToken ? Number(ctx.args.nextToken) : 0;
      const items = all.slice(start, start + limit);
      const next = start + limit < all.length ? String(start + limit) : null;
      return { items, nextToken: next };
    },
  );

  app.resolver(
    'Mutation.createPost',
    (ctx: ResolverContext<{ input: { title: string; content?: string | null } }>) => {
      const authorId = cognitoUser(ctx.identity);
      const title = ctx.args.input.title.trim();
      if (title === '') throw new ValidationError('title must not be empty');
      const post: Post = {
        id: String(store.nextId++),
        title,
        content: ctx.args.input.content ?? null,
        authorId,
        createdAt: new Date().toISOString(),
      };
      store.posts.set(post.id, post);
      return post;
    },
  );

  app.resolver('Mutation.deletePost', (ctx: ResolverContext<{ id: string }>) => {
    if (!cognitoGroups(ctx.identity).includes('admin')) throw new UnauthorizedException();
    const post = store.posts.get(ctx.args.id);
    if (post === undefined) return null;
    store.posts.delete(post.id);
    return post;
  });

  // One call per batch of posts: the DataLoader pattern, with a missing author failing only its
  // own item.
  app.batchResolver(
    'Post.author',
    (ctxs: readonly ResolverContext<Record<string, never>, Post>[]) =>
      ctxs.map(
        (ctx) =>
          store.users.get(ctx.source.authorId) ??
          new NotFoundError(`author ${ctx.source.authorId} not found`),
      ),
    { maxBatchSize: 100 },
  );

  return app;
}

export const app = createBlogApp();

/** The Lambda entry point. */
export const handler = app.handler();
