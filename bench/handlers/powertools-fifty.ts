// Fifty resolvers on Powertools' AppSyncGraphQLResolver.
import { AppSyncGraphQLResolver } from '@aws-lambda-powertools/event-handler/appsync-graphql';
import type { Context } from 'aws-lambda';
import { findPost, NotFoundError, OTHER_FIELDS, other } from './data.js';

const app = new AppSyncGraphQLResolver();

for (const field of OTHER_FIELDS) {
  const [typeName, fieldName] = field.split('.') as [string, string];
  app.resolver(async (args) => other(field, args), { typeName, fieldName });
}

app.onQuery<{ id: string }>('getPost', async ({ id }) => {
  const post = findPost(id);
  if (post === undefined) throw new NotFoundError(`post ${id} not found`);
  return post;
});

export const handler = async (event: unknown, context: Context) => app.resolve(event, context);
