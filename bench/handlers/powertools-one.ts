// One resolver on Powertools' AppSyncGraphQLResolver, as its documentation writes it.
import { AppSyncGraphQLResolver } from '@aws-lambda-powertools/event-handler/appsync-graphql';
import type { Context } from 'aws-lambda';
import { findPost, NotFoundError } from './data.js';

const app = new AppSyncGraphQLResolver();

app.onQuery<{ id: string }>('getPost', async ({ id }) => {
  const post = findPost(id);
  if (post === undefined) throw new NotFoundError(`post ${id} not found`);
  return post;
});

export const handler = async (event: unknown, context: Context) => app.resolve(event, context);
