// Fifty resolvers on appsync-direct, with its defaults (deadline and response-size guard on).
import { AppSyncError, createResolver } from 'appsync-direct';
import { findPost, OTHER_FIELDS, other } from './data.js';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

export const app = createResolver();

for (const field of OTHER_FIELDS) app.resolver(field, async (ctx) => other(field, ctx.args));

app.resolver('Query.getPost', async (ctx) => {
  const post = findPost(ctx.args.id);
  if (post === undefined) throw new NotFoundError(`post ${String(ctx.args.id)} not found`);
  return post;
});

export const handler = app.handler();
