import { createResolver } from 'appsync-direct';
import {
  createEmulator,
  type EmulatorOptions,
  type ExecuteRequest,
  type Invocation,
  summarize,
} from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { API_KEY } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    getPost(id: ID!): Post
    many(n: Int!): [Item!]!
  }
  type Post {
    id: ID!
    title: String
    author: User
  }
  type User {
    name: String
  }
  type Item {
    v: Int
  }
`;

function blogLike() {
  const app = createResolver();
  app.resolver('Query.getPost', (ctx) => ({ id: ctx.args.id, title: 'T', authorId: 'u1' }));
  app.batchResolver('Post.author', (ctxs) => ctxs.map(() => ({ name: 'Ada' })), {
    maxBatchSize: 100,
  });
  return app;
}

function emulator(options: Partial<EmulatorOptions> = {}) {
  return createEmulator({ schema: SCHEMA, handler: blogLike(), ...options });
}

const ask = (request: Partial<ExecuteRequest>) =>
  emulator().execute({ query: '{ getPost(id: "1") { id } }', headers: API_KEY, ...request });

describe('requests AppSync refuses before executing', () => {
  it('answers a document that does not parse with 400 MalformedHttpRequestException', async () => {
    const result = await ask({ query: '{ getPost(id: "1" { id } }' });
    expect(result.status).toBe(400);
    expect(result.headers).toMatchObject({ 'x-amzn-errortype': 'MalformedHttpRequestException' });
    expect(result.body).toEqual({
      errors: [
        {
          message: 'Unable to parse GraphQL query. Syntax Error: Expected Name, found "{".',
          errorType: 'MalformedHttpRequestException',
        },
      ],
    });
  });

  it('answers a request without a query, or with variables that are not an object, with 400', async () => {
    for (const request of [{ query: '' }, { query: '   ' }, { query: 42 as never }]) {
      expect((await ask(request)).body).toEqual({
        errors: [
          { message: 'Unable to parse GraphQL query.', errorType: 'MalformedHttpRequestException' },
        ],
      });
    }
    expect((await ask({ variables: [] as never })).body.errors?.[0]?.message).toBe(
      'Unable to parse GraphQL query: variables must be a JSON object.',
    );
    expect((await emulator().execute(null as never)).body.errors?.[0]?.message).toBe(
      'Request body is empty.',
    );
  });

  it('answers validation errors with 200, data null and their locations', async () => {
    const result = await ask({ query: '{\n  badfield\n  getPost { id }\n}' });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: [{ line: 2, column: 3, sourceName: null }],
          message: 'Validation error: Cannot query field "badfield" on type "Query".',
        },
        {
          path: null,
          locations: [{ line: 3, column: 3, sourceName: null }],
          message:
            'Validation error: Field "getPost" argument "id" of type "ID!" is required, but it was not provided.',
        },
      ],
    });
    expect(Object.keys(result.body.errors?.[0] ?? {})).toEqual(['path', 'locations', 'message']);
  });

  it('answers variables that do not coerce with 200, data null and no locations', async () => {
    const result = await ask({ query: 'query ($id: ID!) { getPost(id: $id) { id } }' });
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: null,
          message: 'Variable "$id" of required type "ID!" was not provided.',
        },
      ],
    });
    expect(result.invocations).toEqual([]);
  });

  it('runs the named operation, and answers 400 for an unknown or a missing name', async () => {
    const query = 'query A { getPost(id: "a") { id } } query B { getPost(id: "b") { id } }';
    const b = await ask({ query, operationName: 'B' });
    expect(b.body).toEqual({ data: { getPost: { id: 'b' } } });
    expect(b.operationName).toBe('B');
    expect((await ask({ query, operationName: 'Nope' })).body).toEqual({
      errors: [
        { message: 'Unknown operation named "Nope".', errorType: 'MalformedHttpRequestException' },
      ],
    });
    const unnamed = await ask({ query });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.errors?.[0]?.message).toBe(
      'Must provide operation name if query contains multiple operations.',
    );
    expect((await ask({})).operationName).toBeNull();
  });
});

describe('the response', () => {
  it('has AppSync headers and a JSON body', async () => {
    const result = await ask({});
    expect(result.status).toBe(200);
    expect(result.headers['content-type']).toBe('application/json; charset=UTF-8');
    expect(result.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Object.getPrototypeOf(result.body.data)).toBe(Object.prototype);
    expect(result.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('carries the trace in extensions when the header or the option asks for it', async () => {
    const query = '{ getPost(id: "1") { author { name } } }';
    const plain = await ask({ query });
    expect(plain.body.extensions).toBeUndefined();
    for (const request of [
      { query, headers: { ...API_KEY, 'X-AppSync-Direct-Trace': '1' } },
      { query, trace: true },
    ]) {
      const result = await ask(request);
      expect(result.body.extensions).toEqual({
        appsyncDirect: {
          invocations: [
            expect.objectContaining({
              field: 'Query.getPost',
              kind: 'Invoke',
              size: 1,
              errorCount: 0,
            }),
            expect.objectContaining({ field: 'Post.author', kind: 'BatchInvoke', size: 1 }),
          ],
          summary: expect.stringMatching(
            /^→ 2 Lambda calls: Query\.getPost ×1, Post\.author batch 1 \(\d+ ms\)$/,
          ),
        },
      });
    }
  });
});

describe('the trace', () => {
  it('keeps every call on emulator.invocations, and each request its own', async () => {
    const em = emulator();
    const first = await em.execute({ query: '{ getPost(id: "1") { id } }', headers: API_KEY });
    const second = await em.execute({
      query: '{ a: getPost(id: "1") { author { name } } b: getPost(id: "2") { author { name } } }',
      headers: API_KEY,
    });
    expect(first.invocations).toHaveLength(1);
    expect(second.invocations.map((call) => [call.field, call.size])).toEqual([
      ['Query.getPost', 1],
      ['Query.getPost', 1],
      ['Post.author', 2],
    ]);
    expect(em.invocations).toEqual([...first.invocations, ...second.invocations]);
    for (const call of em.invocations) {
      expect(call.durationMs).toBeGreaterThanOrEqual(0);
      expect(call.startMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('keeps the most recent 10 000 calls', async () => {
    const em = createEmulator({
      schema: SCHEMA,
      handler: (event: { info: { fieldName: string } }) =>
        event.info.fieldName === 'many' ? Array.from({ length: 10_050 }, () => ({})) : 1,
      fields: { 'Query.many': {}, 'Item.v': {} },
    });
    const result = await em.execute({ query: '{ many(n: 1) { v } }', headers: API_KEY });
    expect(result.invocations).toHaveLength(10_051);
    expect(em.invocations).toHaveLength(10_000);
    expect(em.invocations[9_999]).toBe(result.invocations[10_050]);
  });

  it('sums a request up in one line', () => {
    const call = (field: string, kind: Invocation['kind'], size: number, extra = {}) => ({
      field,
      kind,
      size,
      startMs: 0,
      durationMs: 1,
      errorCount: 0,
      ...extra,
    });
    expect(summarize([], { label: 'POST /graphql' })).toBe(
      'POST /graphql → no Lambda calls (0 ms)',
    );
    expect(summarize([call('Query.me', 'Invoke', 1, { startMs: 2, durationMs: 3.4 })])).toBe(
      '→ 1 Lambda call: Query.me ×1 (3 ms)',
    );
    expect(
      summarize(
        [
          call('Query.a', 'Invoke', 1),
          call('Post.b', 'BatchInvoke', 2, { errorCount: 1 }),
          call('Query.a', 'Invoke', 1, { errorCount: 1 }),
          call('Query.a', 'BatchInvoke', 1, { startMs: 10, durationMs: 2 }),
          call('Post.b', 'BatchInvoke', 3, { errorCount: 2 }),
        ],
        { label: '', durationMs: 40.6 },
      ),
    ).toBe('→ 5 Lambda calls: Query.a ×2, batch 1 [1 error], Post.b batch 2+3 [3 errors] (41 ms)');
  });
});

describe('the fields the Lambda serves', () => {
  it("come from the app's routes, and fields add to or override them", () => {
    expect(emulator().fields).toEqual([
      { field: 'Query.getPost', maxBatchSize: 0 },
      { field: 'Post.author', maxBatchSize: 100 },
    ]);
    const em = emulator({ fields: { 'Post.author': { maxBatchSize: 25 }, 'Query.many': {} } });
    expect(em.fields).toEqual([
      { field: 'Query.getPost', maxBatchSize: 0 },
      { field: 'Post.author', maxBatchSize: 25 },
      { field: 'Query.many', maxBatchSize: 0 },
    ]);
    const kept = emulator({ fields: { 'Post.author': {} } });
    expect(kept.fields[1]).toEqual({ field: 'Post.author', maxBatchSize: 100 });
  });

  it('may be listed for an app without routes()', async () => {
    const em = createEmulator({
      schema: SCHEMA,
      handler: { handler: () => async () => ({ id: 'x' }) },
      fields: { 'Query.getPost': {} },
    });
    expect(
      (await em.execute({ query: '{ getPost(id: "1") { id } }', headers: API_KEY })).body,
    ).toEqual({ data: { getPost: { id: 'x' } } });
  });
});

describe('createEmulator', () => {
  it.each<[unknown, string]>([
    [null, 'createEmulator() expects options such as { schema, handler, fields?, auth? }.'],
    [
      { schema: SCHEMA, handler: 'handler.ts' },
      'handler must be an app from createResolver() or a Lambda handler function; received string',
    ],
    [{ schema: SCHEMA, handler: null }, 'or a Lambda handler function; received null'],
    [{ schema: SCHEMA, handler: async () => null }, 'a handler function needs fields'],
    [{ schema: SCHEMA, handler: createResolver() }, 'the app serves no field'],
    [
      {
        schema: SCHEMA,
        handler: async () => null,
        fields: { 'Query.nope': {}, 'Nope.x': {}, bad: {} },
      },
      'the schema defines no field Query.nope, Nope.x, bad;',
    ],
    [
      {
        schema: SCHEMA,
        handler: async () => null,
        fields: { 'Query.getPost': { maxBatchSize: 2001 } },
      },
      'Query.getPost: maxBatchSize must be an integer from 0 to 2000',
    ],
    [
      {
        schema: SCHEMA,
        handler: async () => null,
        fields: { 'Query.getPost': { maxBatchSize: 1.5 } },
      },
      'received 1.5',
    ],
    [
      {
        schema: SCHEMA,
        handler: {
          handler: () => async () => null,
          routes: () => [{ typeName: 'Post', fieldName: 'author', maxBatchSize: -1 }],
        },
      },
      'Post.author: maxBatchSize must be an integer',
    ],
    [
      { schema: SCHEMA, handler: async () => null, fields: 'Query.getPost' },
      'fields must be an object',
    ],
  ])('refuses %j', (options, message) => {
    expect(() => createEmulator(options as EmulatorOptions)).toThrow(message);
  });

  it('refuses a schema that does not parse', () => {
    expect(() => createEmulator({ schema: 'type Query {', handler: blogLike() })).toThrow(
      'Syntax Error',
    );
  });
});
