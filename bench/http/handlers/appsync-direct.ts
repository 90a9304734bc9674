// The blog app of examples/blog (createResolver, with its batch resolvers) served as GraphQL over
// HTTP by appsync-direct/http, on the benchmark's 24 posts. Defaults otherwise: API key as the
// default auth mode (a request without an authorizer), CSRF prevention on.
import { createGraphQLHandler } from 'appsync-direct/http';
import { createBlogApp } from '../../../examples/blog/handler.js';
import { createBenchStore } from '../data.js';
import { SCHEMA_URL } from '../schema.js';

export const handler = createGraphQLHandler({
  schema: SCHEMA_URL,
  app: createBlogApp(createBenchStore()),
});
