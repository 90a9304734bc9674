import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBlogApp } from './handler.js';

// Fixtures are edited freely in these tests; their shape is checked by the handler itself.
// biome-ignore lint/suspicious/noExplicitAny: see above
const fixture = (name: string): any =>
  JSON.parse(readFileSync(new URL(`../../fixtures/${name}.json`, import.meta.url), 'utf8'));
const lambda = { awsRequestId: 'example-req', getRemainingTimeInMillis: () => 10_000 };
const post1 = {
  id: '1',
  title: 'Hello, AppSync',
  content: 'One Lambda, many fields.',
  authorId: 'u1',
  createdAt: '2026-01-15T10:00:00.000Z',
};
const ada = { id: 'u1', name: 'Ada Lovelace' };
const alan = { id: 'u2', name: 'Alan Turing' };

async function answer(event: unknown) {
  const handler = createBlogApp().handler();
  try {
    return { data: await handler(event, lambda) };
  } catch (error) {
    return { error: { errorType: (error as Error).name, errorMessage: (error as Error).message } };
  }
}

describe('the blog example', () => {
  it.each([
    ['invoke-api-key'],
    ['invoke-oidc'],
    ['mapping-document-invoke'],
    ['tutorial-payload'],
    ['amplify-function'],
  ])('answers Query.getPost from %s', async (name) => {
    expect(await answer(fixture(name))).toEqual({ data: post1 });
  });

  it('answers the IAM fixtures with the post they ask for', async () => {
    expect((await answer(fixture('invoke-iam-user'))).data).toMatchObject({ id: '2' });
    expect((await answer(fixture('invoke-iam-cognito-identity-pool'))).data).toMatchObject({
      id: '3',
    });
  });

  it('creates a post for a Cognito user, authored by the caller', async () => {
    const event = fixture('invoke-cognito-user-pools');
    expect(await answer(event)).toEqual({
      data: {
        id: '4',
        title: 'Direct Lambda in practice',
        content: 'Notes on Invoke vs BatchInvoke.',
        authorId: event.identity.sub,
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      },
    });
  });

  it('refuses createPost to a caller without a Cognito identity', async () => {
    const event = fixture('invoke-cognito-user-pools');
    event.identity = null;
    expect(await answer(event)).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
    });
  });

  it('lets an admin delete a post in a pipeline function, and nobody else', async () => {
    expect((await answer(fixture('invoke-pipeline-function'))).data).toMatchObject({ id: '2' });
    const notAdmin = fixture('invoke-pipeline-function');
    notAdmin.identity.groups = null;
    expect((await answer(notAdmin)).error?.errorType).toBe('UnauthorizedException');
  });

  it('lists posts for the Lambda-authorizer caller, with a next token', async () => {
    expect(await answer(fixture('invoke-lambda-authorizer'))).toEqual({
      data: {
        items: [post1, expect.objectContaining({ id: '2' })],
        nextToken: '2',
      },
    });
  });

  it('rejects an out-of-range limit with a ValidationError', async () => {
    const event = fixture('invoke-lambda-authorizer');
    event.arguments.limit = 1000;
    expect(await answer(event)).toEqual({
      error: {
        errorType: 'ValidationError',
        errorMessage: 'limit must be an integer from 1 to 100; received 1000',
      },
    });
  });

  it('says NotFoundError for a missing post', async () => {
    const event = fixture('invoke-api-key');
    event.arguments.id = '999';
    expect(await answer(event)).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 999 not found' },
    });
  });

  it('resolves Post.author for an Invoke, and for batches of 1, 3 and 100', async () => {
    expect(await answer(fixture('invoke-nested-source'))).toEqual({ data: ada });
    expect(await answer(fixture('batch-1'))).toEqual({ data: [{ data: ada }] });
    const missing = {
      data: null,
      errorType: 'NotFoundError',
      errorMessage: 'author u404 not found',
    };
    expect(await answer(fixture('batch-3'))).toEqual({
      data: [{ data: ada }, { data: alan }, missing],
    });
    expect(await answer(fixture('mapping-document-batch'))).toEqual({
      data: [{ data: ada }, { data: alan }, missing],
    });
    const batch = fixture('batch-100');
    const out = (await answer(batch)).data as unknown[];
    expect(out).toHaveLength(100);
    out.forEach((entry, i) => {
      const authorId = batch[i].source.authorId;
      expect(entry).toEqual(
        authorId === 'u404' ? missing : { data: authorId === 'u1' ? ada : alan },
      );
    });
  });

  it('declares Post.author as a batch field of 100', () => {
    expect(createBlogApp().routes()).toContainEqual({
      typeName: 'Post',
      fieldName: 'author',
      kind: 'batch',
      maxBatchSize: 100,
    });
  });
});
