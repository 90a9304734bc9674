// The example's tests, written with appsync-direct/testing as a user of the library would.

import { fileURLToPath } from 'node:url';
import {
  batchEvent,
  createTestClient,
  invoke,
  invokeEvent,
  lambdaContext,
  loadFixture,
  makeIdentity,
} from 'appsync-direct/testing';
import { describe, expect, it } from 'vitest';
import { createStore } from './data.js';
import { createBlogApp } from './handler.js';

const post1 = {
  id: '1',
  title: 'Hello, AppSync',
  content: 'One Lambda, many fields.',
  authorId: 'u1',
  createdAt: '2026-01-15T10:00:00.000Z',
};
const ada = { id: 'u1', name: 'Ada Lovelace' };
const alan = { id: 'u2', name: 'Alan Turing' };
const jane = { id: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93', name: 'Jane Doe' };
const unauthorized = {
  error: {
    errorType: 'UnauthorizedException',
    errorMessage: 'You are not authorized to make this call.',
  },
};

describe('Query.getPost', () => {
  it('returns the post', async () => {
    const event = invokeEvent({ field: 'Query.getPost', args: { id: '1' } });
    expect(await invoke(createBlogApp(), event)).toEqual({ data: post1 });
  });

  it('says NotFoundError for a post that does not exist', async () => {
    const event = invokeEvent({ field: 'Query.getPost', args: { id: '999' } });
    expect(await invoke(createBlogApp(), event)).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 999 not found' },
    });
  });

  it.each([
    'invoke-api-key',
    'invoke-oidc',
    'mapping-document-invoke',
    'tutorial-payload',
    'amplify-function',
  ] as const)('answers the %s fixture', async (name) => {
    expect(await invoke(createBlogApp(), loadFixture(name))).toEqual({ data: post1 });
  });

  it('answers IAM callers, plain and through an identity pool', async () => {
    const app = createBlogApp();
    expect(await invoke(app, loadFixture('invoke-iam-user'))).toEqual({
      data: expect.objectContaining({ id: '2' }),
    });
    expect(await invoke(app, loadFixture('invoke-iam-cognito-identity-pool'))).toEqual({
      data: expect.objectContaining({ id: '3' }),
    });
  });
});

describe('Query.listPosts', () => {
  it('pages through the posts with nextToken', async () => {
    const app = createBlogApp();
    const first = await invoke<{ items: { id: string }[]; nextToken: string | null }>(
      app,
      loadFixture('invoke-lambda-authorizer'),
    );
    expect(first).toEqual({
      data: { items: [post1, expect.objectContaining({ id: '2' })], nextToken: '2' },
    });
    const next = invokeEvent({ field: 'Query.listPosts', args: { limit: 2, nextToken: '2' } });
    expect(await invoke(app, next)).toEqual({
      data: { items: [expect.objectContaining({ id: '3' })], nextToken: null },
    });
  });

  it.each([
    [{ limit: 1000 }, 'limit must be an integer from 1 to 100; received 1000'],
    [{ limit: 0 }, 'limit must be an integer from 1 to 100; received 0'],
    [{ nextToken: 'abc' }, 'nextToken is not one this API returned'],
  ])('rejects %o with a ValidationError', async (args, errorMessage) => {
    const event = invokeEvent({ field: 'Query.listPosts', args });
    expect(await invoke(createBlogApp(), event)).toEqual({
      error: { errorType: 'ValidationError', errorMessage },
    });
  });
});

describe('Query.me', () => {
  it('finds the caller of every signed-in auth mode', async () => {
    const app = createBlogApp();
    expect(await invoke(app, invokeEvent({ field: 'Query.me', identity: 'cognito' }))).toEqual({
      data: jane,
    });
    const oidc = makeIdentity('oidc', { sub: 'u2' });
    expect(await invoke(app, invokeEvent({ field: 'Query.me', identity: oidc }))).toEqual({
      data: alan,
    });
    const lambda = makeIdentity('lambda', { resolverContext: { userId: 'u1' } });
    expect(await invoke(app, invokeEvent({ field: 'Query.me', identity: lambda }))).toEqual({
      data: ada,
    });
    expect(await invoke(app, invokeEvent({ field: 'Query.me', identity: 'oidc' }))).toEqual({
      data: null,
    });
  });

  it.each(['apiKey', 'iam'] as const)('refuses a %s caller, who has no user', async (identity) => {
    const event = invokeEvent({ field: 'Query.me', identity });
    expect(await invoke(createBlogApp(), event)).toEqual(unauthorized);
  });
});

describe('Mutation.createPost', () => {
  it('creates a post authored by the Cognito caller', async () => {
    const event = loadFixture('invoke-cognito-user-pools');
    expect(await invoke(createBlogApp(), event)).toEqual({
      data: {
        id: '4',
        title: 'Direct Lambda in practice',
        content: 'Notes on Invoke vs BatchInvoke.',
        authorId: jane.id,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it('takes the author from a Lambda authorizer resolverContext', async () => {
    const event = invokeEvent({
      field: 'Mutation.createPost',
      args: { input: { title: 'From a tenant' } },
      identity: 'lambda',
    });
    expect(await invoke(createBlogApp(), event)).toEqual({
      data: expect.objectContaining({ authorId: 'u-456', content: null }),
    });
  });

  it('refuses an API key caller', async () => {
    const event = loadFixture('invoke-cognito-user-pools', { identity: null });
    expect(await invoke(createBlogApp(), event)).toEqual(unauthorized);
  });

  it('maps the store unique-title error to ConflictError with onError', async () => {
    const event = invokeEvent({
      field: 'Mutation.createPost',
      args: { input: { title: 'hello, appsync' } },
      identity: 'cognito',
    });
    expect(await invoke(createBlogApp(), event)).toEqual({
      error: {
        errorType: 'ConflictError',
        errorMessage: 'a post titled "hello, appsync" already exists',
      },
    });
  });

  it('rejects a blank title', async () => {
    const event = invokeEvent({
      field: 'Mutation.createPost',
      args: { input: { title: '   ' } },
      identity: 'oidc',
    });
    expect(await invoke(createBlogApp(), event)).toEqual({
      error: { errorType: 'ValidationError', errorMessage: 'title must not be empty' },
    });
  });
});

describe('Mutation.deletePost', () => {
  it('lets an admin delete a post in a pipeline function', async () => {
    const store = createStore();
    const app = createBlogApp(store);
    expect(await invoke(app, loadFixture('invoke-pipeline-function'))).toEqual({
      data: expect.objectContaining({ id: '2' }),
    });
    expect(store.posts.has('2')).toBe(false);
    // Deleting it again finds nothing: null, not an error.
    expect(await invoke(app, loadFixture('invoke-pipeline-function'))).toEqual({ data: null });
  });

  it('refuses a user in no group, and an IAM caller', async () => {
    const app = createBlogApp();
    const noGroup = invokeEvent({
      field: 'Mutation.deletePost',
      args: { id: '2' },
      identity: makeIdentity('cognito', { groups: null }),
    });
    expect(await invoke(app, noGroup)).toEqual(unauthorized);
    const editors = loadFixture('invoke-pipeline-function', {
      identity: { groups: ['editors'], claims: { 'cognito:groups': ['editors'] } },
    });
    expect(await invoke(app, editors)).toEqual(unauthorized);
    const iam = invokeEvent({ field: 'Mutation.deletePost', args: { id: '2' }, identity: 'iam' });
    expect(await invoke(app, iam)).toEqual(unauthorized);
  });
});

describe('Mutation.addComment', () => {
  it('adds a comment by the caller, which Post.comments then returns first', async () => {
    const app = createBlogApp();
    const added = await invoke(
      app,
      invokeEvent({
        field: 'Mutation.addComment',
        args: { postId: '3', body: ' First! ' },
        identity: 'cognito',
      }),
    );
    expect(added).toEqual({
      data: {
        id: 'c4',
        postId: '3',
        body: 'First!',
        authorId: jane.id,
        createdAt: expect.any(String),
      },
    });
    const comments = await invoke(
      app,
      batchEvent('Post.comments', [{ source: { ...post1, id: '3' } }]),
    );
    expect(comments).toEqual([{ data: [expect.objectContaining({ id: 'c4' })] }]);
  });

  it.each([
    [{ postId: '9', body: 'hi' }, 'NotFoundError', 'post 9 not found'],
    [
      { postId: '1', body: '  ' },
      'ValidationError',
      'body must be 1 to 500 characters; received 0',
    ],
    [
      { postId: '1', body: 'x'.repeat(501) },
      'ValidationError',
      'body must be 1 to 500 characters; received 501',
    ],
  ])('refuses %o', async (args, errorType, errorMessage) => {
    const event = invokeEvent({ field: 'Mutation.addComment', args, identity: 'oidc' });
    expect(await invoke(createBlogApp(), event)).toEqual({ error: { errorType, errorMessage } });
  });
});

describe('batch fields', () => {
  it('resolves Post.author for an Invoke and for batches of 1, 3 and 100', async () => {
    const app = createBlogApp();
    expect(await invoke(app, loadFixture('invoke-nested-source'))).toEqual({ data: ada });
    expect(await invoke(app, loadFixture('batch-1'))).toEqual([{ data: ada }]);
    const missing = {
      error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' },
    };
    expect(await invoke(app, loadFixture('batch-3'))).toEqual([
      { data: ada },
      { data: alan },
      missing,
    ]);
    expect(await invoke(app, loadFixture('mapping-document-batch'))).toEqual([
      { data: ada },
      { data: alan },
      missing,
    ]);
    const batch = loadFixture('batch-100');
    const results = await invoke(app, batch);
    expect(results).toEqual(
      batch.map((item) => {
        const { authorId } = item.source as { authorId: string };
        return authorId === 'u404' ? missing : { data: authorId === 'u1' ? ada : alan };
      }),
    );
  });

  it('resolves Comment.author with the same loader', async () => {
    const event = batchEvent('Comment.author', [
      { source: { id: 'c1', authorId: 'u2' } },
      { source: { id: 'c3', authorId: jane.id } },
    ]);
    expect(await invoke(createBlogApp(), event)).toEqual([{ data: alan }, { data: jane }]);
  });

  it('answers Post.comments per post, newest first, each with its own limit', async () => {
    const posts = ['1', '2', '3'].map((id) => ({ source: { ...post1, id } }));
    const event = batchEvent('Post.comments', [
      posts[0] ?? {},
      { ...posts[0], args: { limit: 1 } },
      posts[1] ?? {},
      posts[2] ?? {},
      { ...posts[1], args: { limit: -1 } },
    ]);
    expect(await invoke(createBlogApp(), event)).toEqual([
      { data: [expect.objectContaining({ id: 'c2' }), expect.objectContaining({ id: 'c1' })] },
      { data: [expect.objectContaining({ id: 'c2' })] },
      { data: [expect.objectContaining({ id: 'c3' })] },
      { data: [] },
      {
        error: {
          errorType: 'ValidationError',
          errorMessage: 'limit must be an integer from 0 to 100; received -1',
        },
      },
    ]);
  });

  it('declares the batch fields with the maxBatchSize they are deployed with', () => {
    expect(
      createBlogApp()
        .routes()
        .filter((route) => route.kind === 'batch'),
    ).toEqual([
      {
        typeName: 'Post',
        fieldName: 'commentCount',
        kind: 'batch',
        maxBatchSize: 100,
        code: 'resolvers/comment-count.js',
      },
      { typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 100 },
      { typeName: 'Comment', fieldName: 'author', kind: 'batch', maxBatchSize: 100 },
      { typeName: 'Post', fieldName: 'comments', kind: 'batch', maxBatchSize: 50 },
    ]);
  });

  it('answers a batch well inside a short Lambda deadline', async () => {
    const results = await invoke(
      createBlogApp(),
      loadFixture('batch-100'),
      lambdaContext({ remainingMs: 100 }),
    );
    expect(results).toHaveLength(100);
  });
});

// The three fields with resolver code in front of the Lambda run as AppSync runs them: through
// the local AppSync, which runs the APPSYNC_JS modules under resolvers/ around the handler.
describe('resolver code in front of the Lambda', () => {
  const schema = fileURLToPath(new URL('./schema.graphql', import.meta.url));
  const client = () =>
    createTestClient({
      schema,
      handler: createBlogApp(),
      auth: {
        default: 'apiKey',
        additional: ['oidc', 'lambda'],
        // An authorizer that lets everyone in, without a user.
        lambdaAuthorizer: () => ({ isAuthorized: true, resolverContext: {} }),
      },
    });

  it('Query.searchPosts: the request handler trims and lower-cases the term before the Lambda', async () => {
    const result = await client().query('{ searchPosts(term: "  HELLO ") { id title } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ searchPosts: [{ id: '1', title: 'Hello, AppSync' }] });
    expect(result.handlers.map((run) => `${run.field} ${run.step} ${run.outcome}`)).toEqual([
      'Query.searchPosts request value',
      'Query.searchPosts response value',
    ]);
  });

  it('Query.searchPosts: the request handler refuses a short term; the Lambda is not called', async () => {
    const result = await client().query('{ searchPosts(term: " a ") { id } }');
    expect(result.data).toBeNull();
    expect(result.errors).toMatchObject([
      {
        path: ['searchPosts'],
        errorType: 'ValidationError',
        message: 'term must have at least 2 characters; received "a"',
      },
    ]);
    expect(result.invocations).toEqual([]);
  });

  it("Query.postsByAuthor: a VTL request template, then Direct Lambda's response", async () => {
    const result = await client().query('{ postsByAuthor(authorId: "u2") { id title } }');
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ postsByAuthor: [{ id: '2', title: 'Batching authors' }] });
    expect(result.handlers.map((run) => `${run.step} ${run.language} ${run.outcome}`)).toEqual([
      'request VTL value',
    ]);
    const blank = await client().query('{ postsByAuthor(authorId: " ") { id } }');
    expect(blank.errors).toMatchObject([
      { errorType: 'ValidationError', message: 'authorId must not be blank' },
    ]);
    expect(blank.invocations).toEqual([]);
  });

  it('Post.commentCount: one BatchInvoke for a page of posts, one response per post', async () => {
    const result = await client().query('{ listPosts { items { id commentCount } } }');
    expect(result.data).toEqual({
      listPosts: {
        items: [
          { id: '1', commentCount: 2 },
          { id: '2', commentCount: 1 },
          { id: '3', commentCount: 0 },
        ],
      },
    });
    expect(result.invocations.map(({ field, kind, size }) => `${field} ${kind} ${size}`)).toEqual([
      'Query.listPosts Invoke 1',
      'Post.commentCount BatchInvoke 3',
    ]);
    expect(result.handlers.filter((run) => run.step === 'response')).toHaveLength(3);
  });

  it('Mutation.updatePost: the pipeline refuses a caller without a user before the Lambda', async () => {
    const result = await client().query(
      'mutation { updatePost(id: "1", title: "New") { title } }',
      {
        auth: { mode: 'lambda', token: 'no-user' },
      },
    );
    expect(result.data).toEqual({ updatePost: null });
    expect(result.errors).toMatchObject([{ path: ['updatePost'], errorType: 'Unauthorized' }]);
    expect(result.invocations).toEqual([]);
  });

  it("Mutation.updatePost: the pipeline's Lambda function updates the author's own post", async () => {
    const asAda = { mode: 'oidc' as const, identity: { sub: 'u1' } };
    const result = await client().query(
      'mutation { updatePost(id: "1", title: "  Hello again ") { id title } }',
      { auth: asAda },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ updatePost: { id: '1', title: 'Hello again' } });
    expect(result.invocations).toMatchObject([
      { field: 'Mutation.updatePost', function: 'updatePostInLambda', kind: 'Invoke' },
    ]);
    const other = await client().query('mutation { updatePost(id: "1", title: "Mine") { id } }', {
      auth: { mode: 'oidc', identity: { sub: 'u2' } },
    });
    expect(other.errors).toMatchObject([
      // Through resolver code, a Lambda error's type is Lambda:Unhandled: the name is lost.
      { errorType: 'Lambda:Unhandled', message: 'You are not authorized to make this call.' },
    ]);
  });
});
