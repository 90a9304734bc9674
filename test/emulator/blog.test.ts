import { fileURLToPath } from 'node:url';
import { createEmulator, summarize } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { createStore, insertPost } from '../../examples/blog/data.js';
import { createBlogApp } from '../../examples/blog/handler.js';
import { API_KEY } from './helpers.js';

// The built-in example, as `npm start` serves it: its schema file and its app, whose routes
// say which fields the Lambda serves (Post.author with maxBatchSize 100).
const schema = fileURLToPath(new URL('../../examples/blog/schema.graphql', import.meta.url));

function blog(posts = 0) {
  const store = createStore();
  for (let i = 0; i < posts; i++) {
    insertPost(store, {
      title: `Post number ${i}`,
      content: null,
      authorId: i % 2 === 0 ? 'u1' : 'u2',
      createdAt: '2026-02-01T00:00:00.000Z',
    });
  }
  return createEmulator({ schema, handler: createBlogApp(store) });
}

describe('the blog example through the emulator', () => {
  it('serves a nested query: getPost, then its author in a batch', async () => {
    const result = await blog().execute({
      query: 'query ($id: ID!) { getPost(id: $id) { id title createdAt author { name } } }',
      variables: { id: '1' },
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: {
        getPost: {
          id: '1',
          title: 'Hello, AppSync',
          createdAt: '2026-01-15T10:00:00.000Z',
          author: { name: 'Ada Lovelace' },
        },
      },
    });
    expect(result.invocations.map(({ field, kind, size }) => [field, kind, size])).toEqual([
      ['Query.getPost', 'Invoke', 1],
      ['Post.author', 'BatchInvoke', 1],
    ]);
  });

  it("reports the handler's NotFoundError as AppSync would", async () => {
    const result = await blog().execute({
      query: '{ getPost(id: "404") { id } }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: { getPost: null },
      errors: [
        {
          path: ['getPost'],
          data: null,
          errorType: 'NotFoundError',
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: 'post 404 not found',
        },
      ],
    });
  });

  it('batches Post.author by its maxBatchSize of 100 across two aliased pages', async () => {
    const result = await blog(150).execute({
      query: `{
        first: listPosts(limit: 100) { items { author { name } } nextToken }
        rest: listPosts(limit: 100, nextToken: "100") { items { author { name } } }
      }`,
      headers: API_KEY,
    });
    expect(result.body.errors).toBeUndefined();
    const data = result.body.data as {
      first: { items: { author: { name: string } }[]; nextToken: string };
      rest: { items: unknown[] };
    };
    expect(data.first.items).toHaveLength(100);
    expect(data.first.nextToken).toBe('100');
    expect(data.rest.items).toHaveLength(53);
    expect(data.first.items[3]?.author).toEqual({ name: 'Ada Lovelace' });
    expect(summarize(result.invocations, { durationMs: 0 })).toBe(
      '→ 4 Lambda calls: Query.listPosts ×2, Post.author batch 100+53 (0 ms)',
    );
  });
});
