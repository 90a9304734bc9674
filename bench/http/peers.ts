/**
 * The blog's resolvers for the peers of the HTTP benchmark (graphql-js alone, GraphQL Yoga,
 * Apollo Server): the same data access as examples/blog/handler.ts's `createBlogApp`, with the
 * same batching. Where the blog app has a `batchResolver` (Post.author and Comment.author with
 * maxBatchSize 100, Post.comments with 50), the peers have a DataLoader per field and per request
 * with the same batch function and `maxBatchSize`, and `cache: false`: one key per parent, no
 * de-duplication, as AppSync sends one context per parent. Both collect the contexts of a step of
 * execution and call the batch function once.
 *
 * The schema is the blog's SDL with AppSync's scalar and directives declared (as a user of these
 * servers would load an AppSync schema): `AWSDateTime` is a plain custom scalar (passed through,
 * not checked), and the auth directives are declarations only (not enforced).
 */
import DataLoader from 'dataloader';
import { buildSchema, type GraphQLFieldResolver, type GraphQLSchema, isObjectType } from 'graphql';
import type { Comment, Store, User } from '../../examples/blog/data.js';

/** What AppSync predeclares and the blog schema uses (appsync.graphql). */
export const APPSYNC_PRELUDE = `scalar AWSDateTime
directive @aws_api_key on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_iam on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_oidc on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_lambda on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION | INTERFACE
`;

/** The blog's named errors, as the peers raise them (a `NotFoundError` or `ValidationError`). */
class BlogError extends Error {
  constructor(
    override readonly name: string,
    message: string,
  ) {
    super(message);
  }
}

/** A post's comments to load: the post, and the field's `limit` argument. */
interface CommentsKey {
  postId: string;
  limit: number | null | undefined;
}

/** The DataLoaders of one request. */
export interface PeerContext {
  postAuthor: DataLoader<string, User>;
  commentAuthor: DataLoader<string, User>;
  comments: DataLoader<CommentsKey, Comment[]>;
}

/** One lookup per author, a missing one failing only its own item (the blog's `authors`). */
const authors = (store: Store) => async (ids: readonly string[]) =>
  ids.map((id) => store.users.get(id) ?? new BlogError('NotFoundError', `author ${id} not found`));

/** One pass over the comments for a whole page of posts (the blog's `Post.comments`). */
const commentsOf = (store: Store) => async (keys: readonly CommentsKey[]) => {
  const byPost = new Map<string, Comment[]>();
  for (const comment of store.comments.values()) {
    const list = byPost.get(comment.postId) ?? [];
    list.push(comment);
    byPost.set(comment.postId, list);
  }
  return keys.map(({ postId, limit }) => {
    const n = limit ?? 20;
    if (!Number.isInteger(n) || n < 0 || n > 100) {
      return new BlogError(
        'ValidationError',
        `limit must be an integer from 0 to 100; received ${n}`,
      );
    }
    const newestFirst = [...(byPost.get(postId) ?? [])].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    return newestFirst.slice(0, n);
  });
};

/** New loaders for one request, as a DataLoader user creates them in the context function. */
export function peerContext(store: Store): PeerContext {
  return {
    postAuthor: new DataLoader<string, User>(authors(store), { cache: false, maxBatchSize: 100 }),
    commentAuthor: new DataLoader<string, User>(authors(store), {
      cache: false,
      maxBatchSize: 100,
    }),
    comments: new DataLoader<CommentsKey, Comment[]>(commentsOf(store), {
      cache: false,
      maxBatchSize: 50,
    }),
  };
}

type Resolver = GraphQLFieldResolver<never, PeerContext, never>;

/** The resolvers, by type and field: the blog's `Query.listPosts` and the three batched fields. */
function resolvers(store: Store): Record<string, Record<string, Resolver>> {
  return {
    Query: {
      listPosts: ((_: unknown, args: { limit?: number | null; nextToken?: string | null }) => {
        const limit = args.limit ?? 10;
        if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
          throw new BlogError(
            'ValidationError',
            `limit must be an integer from 1 to 100; received ${limit}`,
          );
        }
        const all = [...store.posts.values()];
        const start = args.nextToken ? Number(args.nextToken) : 0;
        if (!Number.isInteger(start) || start < 0 || start > all.length) {
          throw new BlogError('ValidationError', 'nextToken is not one this API returned');
        }
        const items = all.slice(start, start + limit);
        const next = start + limit < all.length ? String(start + limit) : null;
        return { items, nextToken: next };
      }) as Resolver,
    },
    Post: {
      author: ((post: { authorId: string }, _: unknown, context: PeerContext) =>
        context.postAuthor.load(post.authorId)) as Resolver,
      comments: ((post: { id: string }, args: { limit?: number | null }, context: PeerContext) =>
        context.comments.load({ postId: post.id, limit: args.limit })) as Resolver,
    },
    Comment: {
      author: ((comment: { authorId: string }, _: unknown, context: PeerContext) =>
        context.commentAuthor.load(comment.authorId)) as Resolver,
    },
  };
}

/**
 * The executable schema the peers share: the SDL built by graphql-js with the resolvers set on
 * its fields (what `makeExecutableSchema` / Yoga's `createSchema` do).
 */
export function peerSchema(sdl: string, store: Store): GraphQLSchema {
  const schema = buildSchema(`${APPSYNC_PRELUDE}\n${sdl}`);
  for (const [typeName, fields] of Object.entries(resolvers(store))) {
    const type = schema.getType(typeName);
    if (!isObjectType(type)) throw new Error(`the schema has no object type ${typeName}`);
    for (const [fieldName, resolve] of Object.entries(fields)) {
      const field = type.getFields()[fieldName];
      if (field === undefined) throw new Error(`the schema has no field ${typeName}.${fieldName}`);
      field.resolve = resolve as GraphQLFieldResolver<unknown, unknown>;
    }
  }
  return schema;
}
