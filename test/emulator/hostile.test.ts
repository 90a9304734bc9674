// Handlers that throw or answer values hostile to JSON never hang or crash a request.
import { createEmulator, type LambdaHandler } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { API_KEY } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    holders: [Holder!]!
    one: Item
  }
  type Holder {
    n: Int!
    item: Item
  }
  type Item {
    id: ID
  }
`;

function revoked(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Serves `Query.holders` (two holders) and answers `Holder.item` batches and `Query.one` with `answer`. */
function emulate(answer: () => unknown) {
  const handler: LambdaHandler = ((event: unknown) => {
    if (
      !Array.isArray(event) &&
      (event as { info: { fieldName: string } }).info.fieldName === 'holders'
    ) {
      return [{ n: 1 }, { n: 2 }];
    }
    return answer();
  }) as LambdaHandler;
  return createEmulator({
    schema: SCHEMA,
    handler,
    fields: { 'Query.holders': {}, 'Query.one': {}, 'Holder.item': { maxBatchSize: 10 } },
  });
}

const hostile: [string, () => unknown, string][] = [
  [
    'throws an object without a prototype',
    () => {
      throw Object.create(null);
    },
    'object',
  ],
  [
    'throws an Error whose name getter throws',
    () => {
      const error = new Error('boom');
      Object.defineProperty(error, 'name', {
        get() {
          throw new Error('no name');
        },
      });
      throw error;
    },
    'Error',
  ],
  [
    'answers a value whose getter throws',
    () => [
      {
        get data() {
          throw new Error('getter');
        },
      },
    ],
    'Runtime.MarshalError',
  ],
  ['answers a revoked proxy', () => [revoked(), revoked()], 'Runtime.MarshalError'],
];

describe('a hostile handler', () => {
  it.each(hostile)(
    'on a batched field: %s → every item fails with %s',
    async (_label, answer, errorType) => {
      const result = await emulate(answer).execute({
        query: '{ holders { n item { id } } }',
        headers: API_KEY,
      });
      expect(result.status).toBe(200);
      expect(result.body.data).toEqual({
        holders: [
          { n: 1, item: null },
          { n: 2, item: null },
        ],
      });
      expect(result.body.errors?.map((error) => [error.path, error.errorType])).toEqual([
        [['holders', 0, 'item'], errorType],
        [['holders', 1, 'item'], errorType],
      ]);
    },
  );

  it.each(hostile)(
    'on an Invoke: %s → an AppSync-shaped %s error',
    async (_label, answer, errorType) => {
      const result = await emulate(answer).execute({ query: '{ one { id } }', headers: API_KEY });
      expect(result.body.data).toEqual({ one: null });
      expect(result.body.errors).toEqual([
        {
          path: ['one'],
          data: null,
          errorType,
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: expect.any(String),
        },
      ]);
    },
  );

  it('reads a batch envelope whose errorMessage is falsy (0) as data', async () => {
    const result = await emulate(() => [
      { data: { id: 'a' }, errorMessage: 0 },
      { data: { id: 'b' }, errorMessage: '' },
    ]).execute({ query: '{ holders { item { id } } }', headers: API_KEY });
    expect(result.body).toEqual({
      data: { holders: [{ item: { id: 'a' } }, { item: { id: 'b' } }] },
    });
  });

  it('lists the calls of a request in the order they started', async () => {
    const handler = (async (event: { info: { fieldName: string } }) => {
      if (event.info.fieldName === 'slow') await new Promise((resolve) => setTimeout(resolve, 30));
      return 'x';
    }) as unknown as LambdaHandler;
    const emulator = createEmulator({
      schema: 'type Query { slow: String fast: String }',
      handler,
      fields: { 'Query.slow': {}, 'Query.fast': {} },
    });
    const result = await emulator.execute({ query: '{ slow fast }', headers: API_KEY });
    expect(result.invocations.map((call) => call.field)).toEqual(['Query.slow', 'Query.fast']);
    expect(result.invocations[0]?.durationMs).toBeGreaterThanOrEqual(
      result.invocations[1]?.durationMs ?? 0,
    );
  });
});

// Regression (issue 15): a query nested thousands of levels deep told the client "Maximum call
// stack size exceeded", V8's words from inside graphql-js.
describe('a query nested too deeply to process', () => {
  const nested = (depth: number) => `{ one ${'{ id '.repeat(depth)}${'}'.repeat(depth)} }`;

  it('is refused with a clean message, whichever stage runs out of stack', async () => {
    const result = await emulate(() => ({ id: '1' })).execute({
      query: nested(50_000),
      headers: API_KEY,
    });
    expect(result.status).toBe(400);
    expect(result.body).toEqual({
      errors: [
        {
          errorType: 'MalformedHttpRequestException',
          message:
            'Unable to parse GraphQL query. The request is nested too deeply (thousands of levels of selection sets, lists or input objects): nest fewer levels.',
        },
      ],
    });
    expect(JSON.stringify(result.body)).not.toContain('call stack');
  });

  it('variables nested thousands of levels deep: the same message', async () => {
    const deep = createEmulator({
      schema: 'input F { a: F } type Query { one(f: F): String }',
      handler: () => 'ok',
      fields: { 'Query.one': {} },
    });
    let f: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) f = { a: f };
    const result = await deep.execute({
      query: 'query ($f: F) { one(f: $f) }',
      variables: { f },
      headers: API_KEY,
    });
    expect(JSON.stringify(result.body)).not.toContain('call stack');
    expect(result.body.errors?.[0]?.message).toBe(
      'The request is nested too deeply (thousands of levels of selection sets, lists or input objects): nest fewer levels.',
    );
  });

  it('a field that ran out of stack gets the same message, not V8 words', async () => {
    const { toAppSyncError } = await import('../../src/engine/errors.js');
    const { GraphQLError } = await import('graphql');
    const { schema } = emulate(() => null);
    const overflow = new RangeError('Maximum call stack size exceeded');
    const error = new GraphQLError(overflow.message, { path: ['one'], originalError: overflow });
    expect(toAppSyncError(error, schema)).toEqual({
      path: ['one'],
      locations: null,
      message:
        'The request is nested too deeply (thousands of levels of selection sets, lists or input objects): nest fewer levels.',
    });
  });
});
