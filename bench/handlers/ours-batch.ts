// Post.author on appsync-direct for a BatchInvoke, with its defaults: a per-item resolver (run
// 16 at a time) and a batch resolver (one call for the whole batch).
import { AppSyncError, createResolver } from 'appsync-direct';
import { findAuthor, findAuthors, type Post } from './data.js';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

const missing = (id: string) => new NotFoundError(`author ${id} not found`);

export const perItem = createResolver()
  .resolver<Record<string, never>, Post>('Post.author', async (ctx) => {
    const author = findAuthor(ctx.source.authorId);
    if (author === undefined) throw missing(ctx.source.authorId);
    return author;
  })
  .handler();

export const batch = createResolver()
  .batchResolver<Record<string, never>, Post>('Post.author', async (ctxs) => {
    const authors = findAuthors(ctxs.map((ctx) => ctx.source.authorId));
    return authors.map(
      (author, i) => author ?? missing((ctxs[i] as { source: Post }).source.authorId),
    );
  })
  .handler();
