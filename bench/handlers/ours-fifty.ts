// Fifty resolvers on appsync-direct, with its defaults (deadline and response-size guard on).
import { AppSyncError, type CreateResolverOptions, createResolver } from 'appsync-direct';
import { findPost, OTHER_FIELDS, other } from './data.js';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

/** The fifty-field app with the given options (the warm bench also runs it with the guards off). */
export function fiftyFields(options?: CreateResolverOptions) {
  const app = createResolver(options);
  for (const field of OTHER_FIELDS) app.resolver(field, async (ctx) => other(field, ctx.args));
  app.resolver('Query.getPost', async (ctx) => {
    const post = findPost(ctx.args.id);
    if (post === undefined) throw new NotFoundError(`post ${String(ctx.args.id)} not found`);
    return post;
  });
  return app;
}

export const app = fiftyFields();

export const handler = app.handler();
