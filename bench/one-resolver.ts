// The smallest real handler: one resolver, one named error. bench/bundle-size.ts bundles it.
import { AppSyncError, createResolver } from 'appsync-direct';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

const posts = new Map([['1', { id: '1', title: 'Hello' }]]);

export const handler = createResolver()
  .resolver('Query.getPost', (ctx) => {
    const post = posts.get(String(ctx.args.id));
    if (post === undefined) throw new NotFoundError(`post ${String(ctx.args.id)} not found`);
    return post;
  })
  .handler();
