/**
 * The blog example (examples/blog) served as GraphQL over HTTP: the same `createResolver()` app
 * that `app.handler()` exports for AppSync, answering the Lambda events of a function URL and of
 * an API Gateway HTTP API. examples/http/app.ts deploys both in front of this one function.
 */
import { createGraphQLHandler } from 'appsync-direct/http';
import { app } from '../blog/handler.js';

/**
 * The Lambda entry point. The schema is found from this module: `../blog/schema.graphql` from
 * examples/http/ in the repository, and from `http/index.mjs` in the Lambda asset, which app.ts
 * lays out as the repository is (`http/index.mjs`, `blog/schema.graphql`), so that the one path
 * names the same file in both. It is read once, when Lambda loads the module.
 *
 * A request through the function URL carries no authorizer, so it runs in the default mode,
 * `apiKey`: the schema's public reads. One through the HTTP API carries the claims its JWT
 * authorizer verified, a Cognito user pool's, so it runs as `cognito`: the reads, and also `me`,
 * the writes, and deletePost for the `admin` group.
 */
export const handler = createGraphQLHandler({
  schema: new URL('../blog/schema.graphql', import.meta.url),
  app,
  auth: { default: 'apiKey', additional: ['cognito'] },
  // Three blog fields have APPSYNC_JS in front of the Lambda, which only AppSync runs: here the
  // app serves them as Direct Lambda fields.
  resolverCode: 'ignore',
});
