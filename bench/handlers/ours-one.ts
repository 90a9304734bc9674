// One resolver on appsync-direct, with its defaults (deadline and response-size guard on).
import { AppSyncError, createResolver } from 'appsync-direct';
import { findPost } from './data.js';

class NotFoundError extends AppSyncError {
  // A minifier renames classes; the errorType must not change with it.
  static readonly errorName = 'NotFoundError';
}

export const app = createResolver().resolver('Query.getPost', async (ctx) => {
  const post = findPost(ctx.args.id);
  if (post === undefined) throw new NotFoundError(`post ${String(ctx.args.id)} not found`);
  return post;
});

export const handler = app.handler();
