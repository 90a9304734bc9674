import { createResolver } from 'appsync-direct';

/** Two apps and no preferred export name: the command needs --export. */
export const posts = createResolver();
posts.resolver('Query.getPost', () => null);

export const users = createResolver();
users.batchResolver('Post.author', (ctxs) => ctxs.map(() => null), { maxBatchSize: 25 });
