import { setTimeout as sleep } from 'node:timers/promises';
import type { AppSyncResolverEvent } from 'appsync-direct';
import { createEmulator, type FieldOptions, summarize } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { API_KEY, recorder } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    posts(count: Int!): [Post!]!
    users: [User]
  }
  type Mutation {
    append(value: String!, delayMs: Int = 0): [String!]!
  }
  type Post {
    id: ID!
    title: String
    author(greeting: String): User
    comments: [Comment!]!
  }
  type Comment {
    id: ID!
    author: User
  }
  type User {
    id: ID!
    name: String
  }
`;

type Source = { authorId: string };

function setup(fields: Record<string, FieldOptions> = {}) {
  const appended: string[] = [];
  const user = (ctx: AppSyncResolverEvent) => {
    const { authorId } = ctx.source as Source;
    const greeting = (ctx.arguments as { greeting?: string }).greeting ?? 'User';
    return { id: authorId, name: `${greeting} ${authorId}` };
  };
  const answer = async (ctx: AppSyncResolverEvent): Promise<unknown> => {
    switch (ctx.info.fieldName) {
      case 'posts':
        return Array.from({ length: Number(ctx.arguments.count) }, (_, i) => ({
          id: `p${i}`,
          title: `Post ${i}`,
          authorId: `u${i}`,
          comments: [
            { id: `c${i}a`, authorId: `u${i}a` },
            { id: `c${i}b`, authorId: `u${i}b` },
          ],
        }));
      case 'append':
        await sleep(Number(ctx.arguments.delayMs));
        appended.push(String(ctx.arguments.value));
        return [...appended];
      default:
        return user(ctx);
    }
  };
  const lambda = recorder(async (event) =>
    Array.isArray(event)
      ? Promise.all(event.map(async (ctx) => ({ data: await answer(ctx) })))
      : answer(event),
  );
  const emulator = createEmulator({
    schema: SCHEMA,
    handler: lambda.handler,
    fields: {
      'Query.posts': {},
      'Mutation.append': {},
      'Post.author': { maxBatchSize: 100 },
      'Comment.author': { maxBatchSize: 10 },
      ...fields,
    },
  });
  return { emulator, lambda };
}

describe('BatchInvoke', () => {
  it('sends the contexts of 250 parents in batches of 100, 100 and 50, each answered in order', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query: '{ posts(count: 250) { id author { id name } } }',
      headers: API_KEY,
    });
    expect(result.body.errors).toBeUndefined();
    const posts = (result.body.data as { posts: { id: string; author: { id: string } }[] }).posts;
    expect(posts).toHaveLength(250);
    posts.forEach((post, i) => {
      expect(post).toEqual({ id: `p${i}`, author: { id: `u${i}`, name: `User u${i}` } });
    });
    const batches = lambda.batches('Post.author');
    expect(batches.map((batch) => batch.length)).toEqual([100, 100, 50]);
    expect(batches.flat().map((ctx) => (ctx.source as Source).authorId)).toEqual(
      posts.map((_, i) => `u${i}`),
    );
    expect(result.invocations.map(({ field, kind, size }) => ({ field, kind, size }))).toEqual([
      { field: 'Query.posts', kind: 'Invoke', size: 1 },
      { field: 'Post.author', kind: 'BatchInvoke', size: 100 },
      { field: 'Post.author', kind: 'BatchInvoke', size: 100 },
      { field: 'Post.author', kind: 'BatchInvoke', size: 50 },
    ]);
    expect(summarize(result.invocations, { label: 'POST /graphql', durationMs: 12 })).toBe(
      'POST /graphql → 4 Lambda calls: Query.posts ×1, Post.author batch 100+100+50 (12 ms)',
    );
  });

  it('batches each level of nested batched fields separately, up to its own maxBatchSize', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query: '{ posts(count: 6) { author { name } comments { id author { name } } } }',
      headers: API_KEY,
    });
    expect(result.body.errors).toBeUndefined();
    const data = result.body.data as {
      posts: { author: { name: string }; comments: { id: string; author: { name: string } }[] }[];
    };
    expect(data.posts[5]).toEqual({
      author: { name: 'User u5' },
      comments: [
        { id: 'c5a', author: { name: 'User u5a' } },
        { id: 'c5b', author: { name: 'User u5b' } },
      ],
    });
    expect(lambda.batches('Post.author').map((batch) => batch.length)).toEqual([6]);
    expect(lambda.batches('Comment.author').map((batch) => batch.length)).toEqual([10, 2]);
    const comments = lambda.batches('Comment.author').flat();
    expect(comments.map((ctx) => (ctx.source as { id: string }).id).slice(0, 3)).toEqual([
      'c0a',
      'c0b',
      'c1a',
    ]);
    expect(comments[0]?.info.selectionSetList).toEqual(['name']);
  });

  it('puts the same field under two aliases, with different arguments, in one batch', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query:
        '{ posts(count: 2) { hi: author(greeting: "Hi") { name } yo: author(greeting: "Yo") { id } } }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: {
        posts: [
          { hi: { name: 'Hi u0' }, yo: { id: 'u0' } },
          { hi: { name: 'Hi u1' }, yo: { id: 'u1' } },
        ],
      },
    });
    const [batch, ...others] = lambda.batches('Post.author');
    expect(others).toEqual([]);
    expect(batch?.map((ctx) => [ctx.arguments, ctx.info.selectionSetList])).toEqual([
      [{ greeting: 'Hi' }, ['name']],
      [{ greeting: 'Yo' }, ['id']],
      [{ greeting: 'Hi' }, ['name']],
      [{ greeting: 'Yo' }, ['id']],
    ]);
  });

  it('sends a root field with a maxBatchSize as a batch of one', async () => {
    const { emulator, lambda } = setup({ 'Query.posts': { maxBatchSize: 5 } });
    const result = await emulator.execute({
      query: '{ posts(count: 1) { id } }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({ data: { posts: [{ id: 'p0' }] } });
    expect(lambda.batches('Query.posts').map((batch) => batch.length)).toEqual([1]);
  });
});

describe('Invoke', () => {
  it('calls the Lambda once per parent for a field without maxBatchSize (N+1)', async () => {
    const { emulator, lambda } = setup({ 'Post.author': { maxBatchSize: 0 } });
    const result = await emulator.execute({
      query: '{ posts(count: 3) { author { name } } }',
      headers: API_KEY,
    });
    expect(result.body.data).toEqual({
      posts: [
        { author: { name: 'User u0' } },
        { author: { name: 'User u1' } },
        { author: { name: 'User u2' } },
      ],
    });
    expect(lambda.invokes('Post.author')).toHaveLength(3);
    expect(lambda.batches('Post.author')).toEqual([]);
    expect(summarize(result.invocations, { durationMs: 3 })).toBe(
      '→ 4 Lambda calls: Query.posts ×1, Post.author ×3 (3 ms)',
    );
  });

  it('resolves fields it does not serve from the parent, by name', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query: '{ users { id } posts(count: 1) { title comments { id } } }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: { users: null, posts: [{ title: 'Post 0', comments: [{ id: 'c0a' }, { id: 'c0b' }] }] },
    });
    expect(lambda.events).toHaveLength(1);
  });
});

describe('mutations', () => {
  it('run one after the other, in document order, never batched together', async () => {
    const { emulator, lambda } = setup({ 'Mutation.append': { maxBatchSize: 10 } });
    const result = await emulator.execute({
      query: `mutation {
        a: append(value: "1", delayMs: 30)
        b: append(value: "2", delayMs: 0)
        c: append(value: "3", delayMs: 10)
      }`,
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: { a: ['1'], b: ['1', '2'], c: ['1', '2', '3'] },
    });
    expect(lambda.batches('Mutation.append').map((batch) => batch.length)).toEqual([1, 1, 1]);
    const [a, b, c] = result.invocations;
    expect(a && b && c).toBeTruthy();
    if (!a || !b || !c) return;
    expect(b.startMs).toBeGreaterThanOrEqual(a.startMs + a.durationMs - 0.1);
    expect(c.startMs).toBeGreaterThanOrEqual(b.startMs + b.durationMs - 0.1);
  });

  it('run serially as Invokes too, each seeing the effect of the one before', async () => {
    const { emulator } = setup();
    const result = await emulator.execute({
      query: 'mutation { a: append(value: "x", delayMs: 20) b: append(value: "y") }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({ data: { a: ['x'], b: ['x', 'y'] } });
    expect(result.invocations.map((call) => call.kind)).toEqual(['Invoke', 'Invoke']);
  });
});
