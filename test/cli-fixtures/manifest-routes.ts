import { createResolver } from 'appsync-direct';

/**
 * Routes whose logical ids collide once underscores are dropped, and batch settings of every
 * kind. It prints while loading: the command must keep stdout for the manifest.
 */
export const app = createResolver();

console.log('loading the manifest fixture');

app.resolver('Query.get_post', () => null);
app.resolver('Query.getPost', () => null);
app.resolver('Query.GetPost', () => null);
app.resolver('Post.comments', () => [], { maxBatchSize: 10 });
app.batchResolver('Post.author', (ctxs) => ctxs.map(() => null));
app.batchResolver('Comment.author', (ctxs) => ctxs.map(() => null), { maxBatchSize: 0 });
app.batchResolver('Post.tags', (ctxs) => ctxs.map(() => []), { maxBatchSize: 2000 });
// A root field: a batch of one whatever its setting, so no warning (check says batch-of-one).
app.batchResolver('Query.feed', (ctxs) => ctxs.map(() => []));
