import { createResolver } from 'appsync-direct';

/**
 * Routes that declare code in front of the Lambda, one of each kind: an APPSYNC_JS module
 * (TypeScript, with a relative import), a request template alone, and two pipelines that share a
 * NONE permission check and end in LAMBDA functions. Paths are relative to manifest-code/.
 */
export const app = createResolver();

const checkOwner = { name: 'checkOwner', dataSource: 'NONE', code: 'checkOwner.js' } as const;

app.resolver('Query.getPost', () => null, { code: 'getPost.ts' });
app.resolver('Query.listPosts', () => [], { requestTemplate: 'listPosts.request.vtl' });
app.resolver('Mutation.deletePost', () => true, {
  pipeline: {
    functions: [checkOwner, { name: 'deletePost', dataSource: 'LAMBDA', maxBatchSize: 10 }],
  },
});
app.resolver('Mutation.updatePost', () => null, {
  pipeline: {
    code: 'updatePost.pipeline.js',
    functions: [checkOwner, { name: 'updatePost', dataSource: 'LAMBDA', code: 'invoke.js' }],
  },
});
app.resolver('Query.me', () => null);
