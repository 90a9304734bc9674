// Post.author on Powertools' AppSyncGraphQLResolver for a BatchInvoke: `aggregate: false` (its
// handler called once per item, in turn; it throws NotFoundError for a missing author, which
// Powertools logs and answers null) and `aggregate: true` (one call for the whole batch; the only
// way to fail one item is to answer null for it, so the handler creates the same NotFoundError,
// logs it as Powertools would, and answers null).
import { AppSyncGraphQLResolver } from '@aws-lambda-powertools/event-handler/appsync-graphql';
import type { AppSyncResolverEvent, Context } from 'aws-lambda';
import { findAuthor, findAuthors, NotFoundError, type Post } from './data.js';

// Powertools logs each failed item with logger.error; the benchmark does not time the console.
const logger = { debug() {}, info() {}, warn() {}, error(..._args: unknown[]) {} };

const perItemApp = new AppSyncGraphQLResolver({ logger });
perItemApp.batchResolver<Record<string, never>, Post>(
  async (_args, { event }) => {
    const author = findAuthor(event.source.authorId);
    if (author === undefined) throw new NotFoundError(`author ${event.source.authorId} not found`);
    return author;
  },
  { typeName: 'Post', fieldName: 'author', aggregate: false },
);

const aggregateApp = new AppSyncGraphQLResolver({ logger });
aggregateApp.batchResolver<Record<string, never>, Post>(
  async (events: AppSyncResolverEvent<Record<string, never>, Post>[]) =>
    findAuthors(events.map((event) => event.source.authorId)).map((author, i) => {
      if (author !== undefined) return author;
      const id = (events[i] as AppSyncResolverEvent<Record<string, never>, Post>).source.authorId;
      logger.error(new NotFoundError(`author ${id} not found`));
      return null;
    }),
  { typeName: 'Post', fieldName: 'author', aggregate: true },
);

export const perItem = async (event: unknown, context: Context) =>
  perItemApp.resolve(event, context);
export const aggregate = async (event: unknown, context: Context) =>
  aggregateApp.resolve(event, context);
