import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createBlogApp } from '../examples/blog/handler.js';
import { createResolver } from '../src/index.js';
import { createTestClient } from '../src/testing/index.js';

const schema = fileURLToPath(new URL('../examples/blog/schema.graphql', import.meta.url));

function blogClient(auth?: Parameters<typeof createTestClient>[0]['auth']) {
  return createTestClient({ schema, handler: createBlogApp(), auth });
}

describe('createTestClient()', () => {
  it('runs a nested query, batching the author field', async () => {
    const client = blogClient();
    const result = await client.query<{
      listPosts: { items: { title: string; author: { name: string } }[] };
    }>('{ listPosts { items { title author { name } } } }');
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
    expect(result.data?.listPosts.items).toEqual([
      { title: 'Hello, AppSync', author: { name: 'Ada Lovelace' } },
      { title: 'Batching authors', author: { name: 'Alan Turing' } },
      { title: 'Errors that clients can read', author: { name: 'Ada Lovelace' } },
    ]);
    expect(result.invocations.map(({ field, kind, size }) => ({ field, kind, size }))).toEqual([
      { field: 'Query.listPosts', kind: 'Invoke', size: 1 },
      { field: 'Post.author', kind: 'BatchInvoke', size: 3 },
    ]);
  });

  it('passes variables and reads named errors as AppSync shows them', async () => {
    const result = await blogClient().query('query Get($id: ID!) { getPost(id: $id) { id } }', {
      variables: { id: '404' },
    });
    expect(result.data).toEqual({ getPost: null });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['getPost'],
        errorType: 'NotFoundError',
        message: 'post 404 not found',
      }),
    ]);
  });

  it('signs in as a Cognito user, with the groups the test gives', async () => {
    const client = blogClient({ default: 'apiKey', additional: ['cognito'] });
    const deletion = 'mutation { deletePost(id: "2") { id } }';
    const denied = await client.query(deletion, {
      auth: { mode: 'cognito', identity: { groups: ['editors'] } },
    });
    expect(denied.errors?.[0]).toMatchObject({ errorType: 'Unauthorized' });
    const allowed = await client.query(deletion, { auth: 'cognito' });
    expect(allowed.errors).toBeUndefined();
    expect(allowed.data).toEqual({ deletePost: { id: '2' } });
  });

  it('sends an OIDC caller to a field that allows it', async () => {
    const client = blogClient({ default: 'apiKey', additional: ['oidc'] });
    const result = await client.query('{ me { id } }', {
      auth: { mode: 'oidc', identity: { sub: 'u2' } },
    });
    expect(result.data).toEqual({ me: { id: 'u2' } });
  });

  it('uses a Lambda authorizer token, the configured API key, and IAM without a signature', async () => {
    const app = createResolver().resolver('Query.whoami', (ctx) => ctx.identity);
    const schemaText = 'type Query { whoami: AWSJSON @aws_lambda @aws_iam @aws_api_key }';
    const seen: string[] = [];
    const client = createTestClient({
      schema: schemaText,
      handler: createResolver()
        .resolver('Query.whoami', async (ctx) => JSON.stringify(await app.resolve(ctx.event)))
        .handler(),
      fields: { 'Query.whoami': {} },
      auth: {
        default: 'apiKey',
        additional: ['lambda', 'iam'],
        apiKeys: ['da2-configured'],
        lambdaAuthorizer: (event) => {
          seen.push(event.authorizationToken);
          return { isAuthorized: true, resolverContext: { tenant: 't1' } };
        },
      },
    });
    const lambda = await client.query<{ whoami: string }>('{ whoami }', {
      auth: { mode: 'lambda', token: 'tok-1' },
    });
    expect(JSON.parse(String(lambda.data?.whoami))).toEqual({ resolverContext: { tenant: 't1' } });
    expect(seen).toEqual(['tok-1']);
    const apiKey = await client.query<{ whoami: string }>('{ whoami }');
    expect(apiKey.data?.whoami).toBe('null');
    const iam = await client.query<{ whoami: string }>('{ whoami }', { auth: 'iam' });
    expect(JSON.parse(String(iam.data?.whoami))).toMatchObject({ accountId: '123456789012' });
    const wrongKey = await client.query('{ whoami }', { auth: { mode: 'apiKey', token: 'nope' } });
    expect(wrongKey.status).toBe(401);
  });

  it('creates one emulator, at the first query, and rejects that query for a bad schema', async () => {
    const client = blogClient();
    const first = client.emulator();
    expect(client.emulator()).toBe(first);
    expect((await first).fields.map((field) => field.field)).toContain('Post.comments');
    const broken = createTestClient({ schema: 'type Query {', handler: createBlogApp() });
    await expect(broken.query('{ __typename }')).rejects.toThrow(/Syntax Error|schema/i);
  });
});
