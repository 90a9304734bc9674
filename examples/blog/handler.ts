import {
  AppSyncError,
  type AppSyncIdentity,
  createResolver,
  identityKind,
  type ResolverContext,
  requireAuth,
  UnauthorizedException,
  ValidationError,
} from 'appsync-direct';
import {
  type Comment,
  createStore,
  insertComment,
  insertPost,
  type Store,
  UniqueConstraintError,
} from './data.js';
// Written by `npm run example:codegen` (appsync-direct codegen) from schema.graphql; `npm test`
// fails when it is stale.
import type { Schema } from './schema.generated.js';

/** errorType "NotFoundError". */
export class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

export { ValidationError };

/**
 * The caller's user id, whichever way they signed in: the `sub` of a Cognito or OIDC token, or
 * the `userId` a Lambda authorizer put in its resolverContext. API keys and IAM callers have no
 * user, so they may not write.
 */
export function callerId(identity: AppSyncIdentity | undefined): string {
  switch (identityKind(identity)) {
    case 'cognito':
    case 'oidc':
      return (identity as { sub: string }).sub;
    case 'lambda': {
      const userId = (identity as { resolverContext: Record<string, unknown> }).resolverContext
        .userId;
      if (typeof userId === 'string' && userId !== '') return userId;
      break;
    }
  }
  throw new UnauthorizedException('this field needs a signed-in user');
}

const MAX_COMMENT = 500;

/** Builds the example app over a store (a fresh one by default, so tests stay independent). */
export function createBlogApp(store: Store = createStore()) {
  // Keys, ctx.args, ctx.source and results are checked against the schema.
  const app = createResolver<Schema>();

  // A plain driver error becomes a readable errorType instead of a generic InternalError.
  app.onError(UniqueConstraintError, (error) =>
    error.constraint === 'posts_title_key'
      ? {
          errorType: 'ConflictError',
          errorMessage: `a post titled "${error.value}" already exists`,
        }
      : undefined,
  );

  app.resolver('Query.getPost', (ctx) => {
    const post = store.posts.get(ctx.args.id);
    if (post === undefined) throw new NotFoundError(`post ${ctx.args.id} not found`);
    return post;
  });

  app.resolver('Query.listPosts', (ctx) => {
    const limit = ctx.args.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw new ValidationError(`limit must be an integer from 1 to 100; received ${limit}`);
    }
    const all = [...store.posts.values()];
    const start = ctx.args.nextToken ? Number(ctx.args.nextToken) : 0;
    if (!Number.isInteger(start) || start < 0 || start > all.length) {
      throw new ValidationError('nextToken is not one this API returned');
    }
    const items = all.slice(start, start + limit);
    const next = start + limit < all.length ? String(start + limit) : null;
    return { items, nextToken: next };
  });

  app.resolver('Query.me', (ctx) => store.users.get(callerId(ctx.identity)) ?? null);

  app.resolver('Mutation.createPost', (ctx) => {
    const authorId = callerId(ctx.identity);
    const title = ctx.args.input.title.trim();
    if (title === '') throw new ValidationError('title must not be empty');
    return insertPost(store, {
      title,
      content: ctx.args.input.content ?? null,
      authorId,
      createdAt: new Date().toISOString(),
    });
  });

  // A guard: only members of the admin group get through to the resolver.
  const adminsOnly = requireAuth({ groups: ['admin'], message: 'only admins may delete posts' });
  app.resolver(
    'Mutation.deletePost',
    (ctx) => {
      const post = store.posts.get(ctx.args.id);
      if (post === undefined) return null;
      store.posts.delete(post.id);
      return post;
    },
    { use: [adminsOnly] },
  );

  app.resolver('Mutation.addComment', (ctx) => {
    const authorId = callerId(ctx.identity);
    if (!store.posts.has(ctx.args.postId)) {
      throw new NotFoundError(`post ${ctx.args.postId} not found`);
    }
    const body = ctx.args.body.trim();
    if (body === '' || body.length > MAX_COMMENT) {
      throw new ValidationError(
        `body must be 1 to ${MAX_COMMENT} characters; received ${body.length}`,
      );
    }
    return insertComment(store, {
      postId: ctx.args.postId,
      body,
      authorId,
      createdAt: new Date().toISOString(),
    });
  });

  // Resolver code in front of the Lambda: AppSync runs it (and so do `npm start`, the test client
  // and `check`); the handler below sees what it sends. Paths are relative to schema.graphql.
  app.resolver(
    'Query.searchPosts',
    (ctx) => {
      // Behind AppSync, search-posts.js has trimmed and lower-cased the term and set the
      // default limit. Served without AppSync (examples/http), the arguments arrive as sent, so
      // the same steps here change nothing behind AppSync and are needed without it.
      const term = ctx.args.term.trim().toLowerCase();
      return [...store.posts.values()]
        .filter((post) => post.title.toLowerCase().includes(term))
        .slice(0, ctx.args.limit ?? 10);
    },
    { code: 'resolvers/search-posts.js' },
  );

  // A VTL request template checks the argument and sends the context on; the response is Direct
  // Lambda's (no response template).
  app.resolver(
    'Query.postsByAuthor',
    (ctx) => [...store.posts.values()].filter((post) => post.authorId === ctx.args.authorId),
    { requestTemplate: 'resolvers/posts-by-author.request.vtl' },
  );

  app.batchResolver(
    'Post.commentCount',
    (ctxs) => {
      const counts = new Map<string, number>();
      for (const comment of store.comments.values()) {
        counts.set(comment.postId, (counts.get(comment.postId) ?? 0) + 1);
      }
      return ctxs.map((ctx) => counts.get(ctx.source.id) ?? 0);
    },
    { maxBatchSize: 100, code: 'resolvers/comment-count.js' },
  );

  // The pipeline's first function refuses callers without a user before the Lambda runs; the
  // Lambda then checks what only it can: that the caller wrote the post.
  app.resolver(
    'Mutation.updatePost',
    (ctx) => {
      const post = store.posts.get(ctx.args.id);
      if (post === undefined) throw new NotFoundError(`post ${ctx.args.id} not found`);
      if (post.authorId !== callerId(ctx.identity)) {
        throw new UnauthorizedException('only the author may edit a post');
      }
      const title = ctx.args.title.trim();
      if (title === '') throw new ValidationError('title must not be empty');
      const updated = { ...post, title };
      store.posts.set(post.id, updated);
      return updated;
    },
    {
      pipeline: {
        code: 'resolvers/pipeline.js',
        functions: [
          { name: 'requireSignedIn', dataSource: 'NONE', code: 'resolvers/require-signed-in.js' },
          { name: 'updatePostInLambda', dataSource: 'LAMBDA', code: 'resolvers/invoke-lambda.js' },
        ],
      },
    },
  );

  // One call per batch of parents: the DataLoader pattern, with a missing author failing only
  // its own item. Posts and comments both carry an authorId, so one function serves both.
  const authors = (ctxs: readonly ResolverContext<unknown, { authorId: string }>[]) =>
    ctxs.map(
      (ctx) =>
        store.users.get(ctx.source.authorId) ??
        new NotFoundError(`author ${ctx.source.authorId} not found`),
    );
  app.batchResolver('Post.author', authors, { maxBatchSize: 100 });
  app.batchResolver('Comment.author', authors, { maxBatchSize: 100 });

  // One pass over the comments for a whole page of posts; each post keeps its own `limit`.
  app.batchResolver(
    'Post.comments',
    (ctxs) => {
      const byPost = new Map<string, Comment[]>();
      for (const comment of store.comments.values()) {
        const list = byPost.get(comment.postId) ?? [];
        list.push(comment);
        byPost.set(comment.postId, list);
      }
      return ctxs.map((ctx) => {
        const limit = ctx.args.limit ?? 20;
        if (!Number.isInteger(limit) || limit < 0 || limit > 100) {
          return new ValidationError(`limit must be an integer from 0 to 100; received ${limit}`);
        }
        const newestFirst = [...(byPost.get(ctx.source.id) ?? [])].sort((a, b) =>
          b.createdAt.localeCompare(a.createdAt),
        );
        return newestFirst.slice(0, limit);
      });
    },
    { maxBatchSize: 50 },
  );

  return app;
}

export const app = createBlogApp();

/** The Lambda entry point. */
export const handler = app.handler();
