// The handler behind the local AppSync benchmark: a list of posts, and their authors through a
// batch resolver deployed with maxBatchSize 100.
import { AppSyncError, createResolver } from 'appsync-direct';
import { findAuthors, findPost, type Post } from './data.js';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

export const SCHEMA = /* GraphQL */ `
  type Query {
    listPosts(limit: Int!): [Post!]!
  }
  type Post {
    id: ID!
    title: String!
    author: Author
  }
  type Author {
    id: ID!
    name: String!
  }
`;

export const app = createResolver()
  .resolver<{ limit: number }>('Query.listPosts', async (ctx) =>
    Array.from({ length: ctx.args.limit }, (_, i) => findPost(i + 1)),
  )
  .batchResolver<Record<string, never>, Post>(
    'Post.author',
    async (ctxs) =>
      findAuthors(ctxs.map((ctx) => ctx.source.authorId)).map(
        (author, i) => author ?? new NotFoundError(`author ${ctxs[i]?.source.authorId} not found`),
      ),
    { maxBatchSize: 100 },
  );
