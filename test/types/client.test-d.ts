import {
  type AppSyncClient,
  createAppSyncClient,
  type GraphQLResult,
  type ResultOf,
  type TypedDocument,
  type VariablesOf,
} from 'appsync-direct/client';
import { describe, expectTypeOf, it } from 'vitest';

const client: AppSyncClient = createAppSyncClient({
  url: 'http://127.0.0.1:4000/graphql',
  auth: { type: 'apiKey', apiKey: 'k' },
});

const GetPost = 'query GetPost($id: ID!) { getPost(id: $id) { title } }' as TypedDocument<
  { getPost: { title: string } | null },
  { id: string }
>;
const ListPosts =
  'query ListPosts($limit: Int) { listPosts(limit: $limit) { id } }' as TypedDocument<
    { listPosts: { id: string }[] },
    { limit?: number | null }
  >;

describe('typed documents', () => {
  it('infer the result and the variables', () => {
    expectTypeOf<ResultOf<typeof GetPost>>().toEqualTypeOf<{ getPost: { title: string } | null }>();
    expectTypeOf<VariablesOf<typeof GetPost>>().toEqualTypeOf<{ id: string }>();
    expectTypeOf(client.request(GetPost, { id: '1' })).resolves.toEqualTypeOf<{
      getPost: { title: string } | null;
    }>();
    expectTypeOf(client.graphql(GetPost, { id: '1' })).resolves.toEqualTypeOf<
      GraphQLResult<{ getPost: { title: string } | null }>
    >();
  });

  it('require the variables an operation requires, and only those', () => {
    // @ts-expect-error GetPost needs $id.
    void client.request(GetPost);
    // @ts-expect-error $id is an ID (a string), not a number.
    void client.request(GetPost, { id: 1 });
    // @ts-expect-error GetPost has no $limit.
    void client.request(GetPost, { id: '1', limit: 2 });
    void client.request(ListPosts);
    void client.request(ListPosts, { limit: null }, { operationName: 'ListPosts' });
  });

  it('take a plain string, with explicit type parameters or as a record', () => {
    expectTypeOf(client.request('{ ok }')).resolves.toEqualTypeOf<Record<string, unknown>>();
    expectTypeOf(client.request<{ ok: boolean }>('{ ok }')).resolves.toEqualTypeOf<{
      ok: boolean;
    }>();
    void client.request<{ a: 1 }, { id: string }>('query ($id: ID!) { a }', { id: 'x' });
    // @ts-expect-error the explicit variables type requires id.
    void client.request<{ a: 1 }, { id: string }>('query ($id: ID!) { a }', {});
  });

  it('check auth at compile time', () => {
    // @ts-expect-error an API key needs apiKey.
    createAppSyncClient({ auth: { type: 'apiKey' } });
    // @ts-expect-error there is no such mode.
    createAppSyncClient({ auth: { type: 'cognito', token: 't' } });
    createAppSyncClient({
      auth: { type: 'iam', credentials: async () => ({ accessKeyId: 'a', secretAccessKey: 'b' }) },
    });
  });
});
