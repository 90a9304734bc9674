/**
 * One engine: the same suite of queries against the blog example, through the local AppSync
 * (createTestClient: the emulator, with the Lambda boundary) and through createGraphQLHandler
 * with API Gateway payload 1.0 and 2.0, function URL and ALB events (the app in process), gives
 * the same data, the same errors, and the same calls of the resolvers with the same batch sizes.
 * Data, named errors, batching, auth directives and requireAuth are all in it.
 */
import { isBatch } from 'appsync-direct';
import { createTestClient, type TestAuth } from 'appsync-direct/testing';
import { describe, expect, it } from 'vitest';
import { createBlogApp } from '../../examples/blog/handler.js';
import type { HttpPayload } from '../../src/http/events.js';
import { createGraphQLHandler } from '../../src/http/index.js';
import { type HttpAuthorizerKind, httpEvent } from '../../src/testing/http-events.js';

const SCHEMA = new URL('../../examples/blog/schema.graphql', import.meta.url);
const AUTH = { default: 'apiKey', additional: ['cognito', 'oidc'] } as const;

/** A fresh blog app whose middleware records each call: `Type.field ×size`. */
function recordedApp() {
  const calls: string[] = [];
  const app = createBlogApp().use((ctx, next) => {
    const one = isBatch(ctx) ? ctx[0] : ctx;
    calls.push(
      `${one?.info.parentTypeName}.${one?.info.fieldName} ×${isBatch(ctx) ? ctx.length : 1}`,
    );
    return next();
  });
  return { app, calls };
}

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** Who asks: API key (no authorizer) or a Cognito user in `admin` (the default identity). */
  caller: 'apiKey' | 'cognito';
}

const CASES: Case[] = [
  {
    name: 'a post with its author and comments (batched)',
    query: '{ getPost(id: "1") { id title author { name } comments { body author { name } } } }',
    caller: 'apiKey',
  },
  {
    name: 'a page of posts: batch sizes per field and step',
    query: `query Page($limit: Int) {
      listPosts(limit: $limit) { items { title author { id } comments(limit: 2) { author { name } } } nextToken }
    }`,
    variables: { limit: 4 },
    caller: 'apiKey',
  },
  { name: 'a named error', query: '{ getPost(id: "404") { id } }', caller: 'apiKey' },
  {
    name: 'a validation error from a resolver',
    query: '{ listPosts(limit: 1000) { nextToken } }',
    caller: 'apiKey',
  },
  {
    name: 'an auth directive denies the API key',
    query: '{ me { id } getPost(id: "2") { title } }',
    caller: 'apiKey',
  },
  {
    name: 'a signed-in user reads who they are',
    query: '{ me { id name } }',
    caller: 'cognito',
  },
  {
    name: 'requireAuth and cognito_groups let the admin through',
    query: 'mutation { deletePost(id: "does-not-exist") { id } }',
    caller: 'cognito',
  },
  {
    name: 'an unknown argument is a validation error',
    query: '{ getPost(id: "1", nope: 1) { id } }',
    caller: 'apiKey',
  },
];

/** What a run gives, reduced to what must be equal across engines' edges. */
interface Seen {
  data: unknown;
  errors: unknown;
  calls: string[];
}

async function throughTestClient(c: Case): Promise<Seen> {
  const { app, calls } = recordedApp();
  const client = createTestClient({ schema: SCHEMA, handler: app, auth: AUTH });
  const auth: TestAuth = c.caller;
  const result = await client.query(c.query, { variables: c.variables, auth });
  return { data: result.data, errors: result.errors, calls };
}

async function throughHttp(c: Case, payload: HttpPayload): Promise<Seen> {
  const { app, calls } = recordedApp();
  const handler = createGraphQLHandler({ schema: SCHEMA, app, auth: AUTH, resolverCode: 'ignore' });
  const authorizer: HttpAuthorizerKind = c.caller === 'cognito' ? 'cognito' : 'none';
  const event = httpEvent({
    payload,
    query: c.query,
    authorizer,
    headers: { accept: 'application/json' },
    ...(c.variables === undefined ? {} : { variables: c.variables }),
  });
  const result = (await handler(event)) as { statusCode: number; body: string };
  const body = JSON.parse(result.body) as { data?: unknown; errors?: unknown };
  // A request that never executes (it does not validate) has no data entry over HTTP, as the
  // GraphQL specification says; AppSync answers data: null. The one difference, by design.
  const data = 'data' in body ? body.data : body.errors === undefined ? undefined : null;
  return { data, errors: body.errors, calls };
}

const PAYLOADS: { payload: HttpPayload; callers: readonly Case['caller'][] }[] = [
  { payload: 'v1', callers: ['apiKey', 'cognito'] },
  { payload: 'v2', callers: ['apiKey', 'cognito'] },
  // Function URLs know IAM or no auth, and ALB no authorizer at all.
  { payload: 'url', callers: ['apiKey'] },
  { payload: 'alb', callers: ['apiKey'] },
];

describe('one engine: the local AppSync and the HTTP entry agree', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const expected = await throughTestClient(c);
      // The suite is only worth something if it exercises what it says.
      expect(expected.data ?? expected.errors).toBeTruthy();
      for (const { payload, callers } of PAYLOADS) {
        if (!callers.includes(c.caller)) continue;
        expect(await throughHttp(c, payload), `${payload}: ${c.name}`).toEqual(expected);
      }
    });
  }

  it('batches a page of posts (the blog has three) per field and step', async () => {
    const seen = await throughHttp(CASES[1] as Case, 'v2');
    expect(seen.calls).toEqual([
      'Query.listPosts ×1',
      'Post.author ×3',
      'Post.comments ×3',
      expect.stringMatching(/^Comment\.author ×\d+$/),
    ]);
  });
});
