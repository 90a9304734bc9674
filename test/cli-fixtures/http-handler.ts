/**
 * An app served over HTTP with createGraphQLHandler, for `invoke --http` and the http-* fixtures.
 * `getPost` answers the fixtures' query; `whoami` says which authorizer the request came through;
 * `fail` throws a named error, so the answer carries GraphQL errors.
 */
import { AppSyncError, createResolver } from 'appsync-direct';
import { createGraphQLHandler } from 'appsync-direct/http';

const SCHEMA = /* GraphQL */ `
  type Query @aws_api_key @aws_iam @aws_cognito_user_pools @aws_oidc @aws_lambda {
    getPost(id: ID!): Post
    whoami: String
    fail: String
  }

  type Post @aws_api_key @aws_iam @aws_cognito_user_pools @aws_oidc @aws_lambda {
    id: ID!
    title: String
  }
`;

export const app = createResolver();

app.resolver('Query.getPost', (ctx) => ({ id: String(ctx.args.id), title: `Post ${ctx.args.id}` }));

app.resolver('Query.whoami', (ctx) => {
  const identity = ctx.identity as Record<string, unknown> | null;
  if (identity === null) return 'anonymous';
  const claims = identity.claims as Record<string, unknown> | undefined;
  if (claims !== undefined) return `user ${String(claims.sub)}`;
  if (identity.resolverContext !== undefined) return 'a Lambda authorizer';
  return `IAM ${String(identity.userArn)}`;
});

app.resolver('Query.fail', () => {
  console.log('about to fail');
  throw new AppSyncError('nothing to see here', { errorType: 'NotFoundError' });
});

export const handler = createGraphQLHandler({
  schema: SCHEMA,
  app,
  auth: { default: 'apiKey', additional: ['iam', 'cognito', 'oidc', 'lambda'] },
});

/** Sets a cookie and answers in plain text: the command shows both as they are. */
export const cookies = async (): Promise<unknown> => ({
  statusCode: 201,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
  cookies: ['session=1; HttpOnly', 'theme=dark'],
  body: 'created',
  isBase64Encoded: false,
});

/** A handler function that answers an HTTP event with no HTTP response. */
export const notHttp = async (): Promise<unknown> => ({ data: { ok: true } });

/** A handler function that throws: API Gateway would answer 502 on its own. */
export const throws = async (): Promise<never> => {
  throw new TypeError('cannot read the table');
};

/** Answers with `variables.answer` of a POST's body: any Lambda result a test wants to read. */
export const answer = async (event: { body: string }): Promise<unknown> =>
  (JSON.parse(event.body) as { variables: { answer: unknown } }).variables.answer;
