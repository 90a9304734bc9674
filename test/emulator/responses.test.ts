import { createResolver, LAMBDA_RESPONSE_LIMIT, UnauthorizedException } from 'appsync-direct';
import { createEmulator, type LambdaHandler, MAX_PAYLOAD_BYTES } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { API_KEY, recorder } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    item(big: String): Item
    strict: Item!
    json: AWSJSON
    holders(count: Int!): [Holder!]!
    parent: Parent
  }
  type Holder {
    n: Int!
    item: Item
    tags: [String]
    label: String
    strictItem: Item!
  }
  type Item {
    id: ID!
    name: String!
  }
  type Parent {
    author: Item
    child: Child
  }
  type Child {
    x: String
    seen: String
  }
`;

const ITEM = { id: 'i1', name: 'Item one' };
const HOLDERS = '{ holders(count: 3) { n item { id } } }';

class NotFoundError extends Error {
  override name = 'NotFoundError';
}

function emulate(handler: LambdaHandler, batchField = 'Holder.item') {
  return createEmulator({
    schema: SCHEMA,
    handler,
    fields: {
      'Query.item': {},
      'Query.strict': {},
      'Query.json': {},
      'Query.holders': {},
      'Holder.tags': { maxBatchSize: 10 },
      'Holder.label': { maxBatchSize: 10 },
      'Holder.strictItem': { maxBatchSize: 10 },
      [batchField]: { maxBatchSize: 10 },
    },
  });
}

/** A handler whose Query.holders gives `count` holders and whose batches get `answer`. */
function batchAnswering(answer: (events: unknown[]) => unknown) {
  return recorder((event) => {
    if (Array.isArray(event)) return answer(event);
    return Array.from({ length: Number(event.arguments.count) }, (_, n) => ({ n }));
  });
}

async function run(handler: LambdaHandler, query: string, batchField?: string) {
  return emulate(handler, batchField).execute({ query, headers: API_KEY });
}

describe('reading an Invoke response', () => {
  it('returns the value as the field', async () => {
    const result = await run(async () => ITEM, '{ item { id name } }');
    expect(result.status).toBe(200);
    expect(result.body).toEqual({ data: { item: ITEM } });
  });

  it('turns a thrown error into a null field and an error with its name and message', async () => {
    const result = await run(async () => {
      throw new NotFoundError('item 7 not found');
    }, '{ item { id } }');
    expect(result.status).toBe(200);
    expect(result.body.data).toEqual({ item: null });
    const [error] = result.body.errors ?? [];
    expect(Object.keys(error ?? {})).toEqual([
      'path',
      'data',
      'errorType',
      'errorInfo',
      'locations',
      'message',
    ]);
    expect(error).toEqual({
      path: ['item'],
      data: null,
      errorType: 'NotFoundError',
      errorInfo: null,
      locations: [{ line: 1, column: 3, sourceName: null }],
      message: 'item 7 not found',
    });
  });

  it("replaces an UnauthorizedException's message with AppSync's", async () => {
    const app = createResolver();
    app.resolver('Query.item', () => {
      throw new UnauthorizedException('only admins, and the secret reason is 42');
    });
    const result = await createEmulator({ schema: SCHEMA, handler: app }).execute({
      query: '{ item { id } }',
      headers: API_KEY,
    });
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      message: 'You are not authorized to make this call.',
    });
  });

  it('reads a returned error-shaped object as data: Invoke has no envelope', async () => {
    const result = await run(async () => ({ errorMessage: 'boom', errorType: 'Nope' }), '{ json }');
    expect(result.body).toEqual({ data: { json: '{"errorMessage":"boom","errorType":"Nope"}' } });
  });

  it('reports a thrown non-Error by its type, as the Node.js runtime does', async () => {
    const result = await run(async () => {
      throw 'plain string';
    }, '{ item { id } }');
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'string',
      message: 'plain string',
    });
  });

  it('reads undefined as null', async () => {
    const result = await run(async () => undefined, '{ item { id } }');
    expect(result.body).toEqual({ data: { item: null } });
  });

  it('serves callback-style handlers', async () => {
    const ok = ((_event: unknown, _context: unknown, callback: (e: null, v: unknown) => void) => {
      callback(null, ITEM);
    }) as LambdaHandler;
    expect((await run(ok, '{ item { id } }')).body).toEqual({ data: { item: { id: 'i1' } } });
    const failing = ((_event: unknown, _context: unknown, callback: (e: Error) => void) => {
      callback(new NotFoundError('gone'));
    }) as LambdaHandler;
    expect((await run(failing, '{ item { id } }')).body.errors?.[0]).toMatchObject({
      errorType: 'NotFoundError',
      message: 'gone',
    });
    const throwing = (() => {
      throw new NotFoundError('sync');
    }) as LambdaHandler;
    expect((await run(throwing, '{ item { id } }')).body.errors?.[0]).toMatchObject({
      errorType: 'NotFoundError',
    });
  });
});

describe('reading a BatchInvoke response', () => {
  it('takes { data } as the field value', async () => {
    const lambda = batchAnswering((events) => events.map((_, i) => ({ data: { id: `i${i}` } })));
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body).toEqual({
      data: {
        holders: [
          { n: 0, item: { id: 'i0' } },
          { n: 1, item: { id: 'i1' } },
          { n: 2, item: { id: 'i2' } },
        ],
      },
    });
  });

  // The batch response logic is "equivalent to" `$utils.error($context.result.errorMessage,
  // $context.result.errorType, $context.result.data)`, whose "data will be filtered based on the
  // query selection set" (AWS "Utility helpers in $util"): `partial` is not selected.
  it('turns a truthy errorMessage into a null field and puts the selected data in errors[].data', async () => {
    const lambda = batchAnswering((events) =>
      events.map((_, i) =>
        i === 1
          ? {
              data: { id: 'p1', partial: true },
              errorMessage: 'item 1 failed',
              errorType: 'ItemError',
            }
          : i === 2
            ? { errorMessage: 'no type' }
            : { data: { id: 'i0' }, errorMessage: '' },
      ),
    );
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body).toEqual({
      data: {
        holders: [
          { n: 0, item: { id: 'i0' } },
          { n: 1, item: null },
          { n: 2, item: null },
        ],
      },
      errors: [
        {
          path: ['holders', 1, 'item'],
          data: { id: 'p1' },
          errorType: 'ItemError',
          errorInfo: null,
          locations: [{ line: 1, column: 25, sourceName: null }],
          message: 'item 1 failed',
        },
        {
          path: ['holders', 2, 'item'],
          data: null,
          errorType: null,
          errorInfo: null,
          locations: [{ line: 1, column: 25, sourceName: null }],
          message: 'no type',
        },
      ],
    });
  });

  it('reads a null item as a null field without error', async () => {
    const lambda = batchAnswering((events) => events.map(() => null));
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({
      holders: [
        { n: 0, item: null },
        { n: 1, item: null },
        { n: 2, item: null },
      ],
    });
  });

  it('reads {} (no data) as a null field without error', async () => {
    const lambda = batchAnswering((events) => events.map(() => ({})));
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { holders: { item: unknown }[] }).holders[2]?.item).toBeNull();
  });

  it('ignores keys other than data, errorMessage and errorType', async () => {
    const lambda = batchAnswering((events) =>
      events.map(() => ({
        data: { id: 'x' },
        errorInfo: { code: 42 },
        extensions: { cost: 1 },
        errorType: 'Ignored without a message',
      })),
    );
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { holders: { item: unknown }[] }).holders[0]?.item).toEqual({
      id: 'x',
    });
  });

  it('reads a raw object as an envelope without data: null', async () => {
    const lambda = batchAnswering((events) => events.map(() => ({ id: 'raw', name: 'Raw' })));
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors).toBeUndefined();
    expect((result.body.data as { holders: { item: unknown }[] }).holders[0]?.item).toBeNull();
  });

  it('passes raw arrays and scalars through as the value, with a warning in the trace', async () => {
    const lists = batchAnswering((events) => events.map((_, i) => [`tag${i}`]));
    const listResult = await run(lists.handler, '{ holders(count: 2) { tags } }', 'Holder.tags');
    expect(listResult.body).toEqual({
      data: { holders: [{ tags: ['tag0'] }, { tags: ['tag1'] }] },
    });
    const batch = listResult.invocations.find((call) => call.field === 'Holder.tags');
    expect(batch?.warnings).toEqual([
      expect.stringContaining('BatchInvoke response item 0 is an array, not an envelope'),
      expect.stringContaining('BatchInvoke response item 1 is an array, not an envelope'),
    ]);

    const scalars = batchAnswering((events) => events.map((_, i) => `label ${i}`));
    const scalarResult = await run(
      scalars.handler,
      '{ holders(count: 2) { label } }',
      'Holder.label',
    );
    expect(scalarResult.body).toEqual({
      data: { holders: [{ label: 'label 0' }, { label: 'label 1' }] },
    });
    expect(scalarResult.invocations[1]?.warnings?.[0]).toContain('is a string, not an envelope');
  });

  it('fails every item of the batch when the response has the wrong length', async () => {
    const lambda = batchAnswering((events) => events.slice(1).map(() => ({ data: { id: 'x' } })));
    const result = await run(lambda.handler, HOLDERS);
    expect(
      (result.body.data as { holders: { item: unknown }[] }).holders.map((h) => h.item),
    ).toEqual([null, null, null]);
    expect(result.body.errors?.map((error) => [error.path, error.errorType])).toEqual([
      [['holders', 0, 'item'], 'BatchResponseLengthMismatch'],
      [['holders', 1, 'item'], 'BatchResponseLengthMismatch'],
      [['holders', 2, 'item'], 'BatchResponseLengthMismatch'],
    ]);
    expect(result.body.errors?.[0]?.message).toBe(
      'A BatchInvoke of 3 contexts must be answered with an array of 3 items in the same order; the Lambda returned an array of 2.',
    );
    expect(result.invocations[1]?.errorCount).toBe(3);
  });

  it('fails every item when the response is not an array', async () => {
    const short = batchAnswering(() => ({ data: { id: 'x' } }));
    const result = await run(short.handler, HOLDERS);
    expect(result.body.errors).toHaveLength(3);
    expect(result.body.errors?.[0]?.message).toContain('the Lambda returned {"data":{"id":"x"}}.');
    const long = batchAnswering(() => 'y'.repeat(200));
    const truncated = await run(long.handler, HOLDERS);
    expect(truncated.body.errors?.[0]?.message).toMatch(/the Lambda returned "y{79}…\.$/);
  });

  it('gives every item of the batch its own error when the handler throws', async () => {
    const lambda = batchAnswering(() => {
      throw new NotFoundError('the whole batch failed');
    });
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors).toEqual(
      [0, 1, 2].map((i) => ({
        path: ['holders', i, 'item'],
        data: null,
        errorType: 'NotFoundError',
        errorInfo: null,
        locations: [{ line: 1, column: 25, sourceName: null }],
        message: 'the whole batch failed',
      })),
    );
  });

  it('writes an errorMessage or errorType that is not a string as JSON', async () => {
    const lambda = batchAnswering((events) =>
      events.map(() => ({ errorMessage: { code: 7 }, errorType: 404 })),
    );
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors?.[0]).toMatchObject({ errorType: '404', message: '{"code":7}' });
  });

  it("replaces an UnauthorizedException envelope's message with AppSync's", async () => {
    const lambda = batchAnswering((events) =>
      events.map(() => ({ data: null, errorMessage: 'why', errorType: 'UnauthorizedException' })),
    );
    const result = await run(lambda.handler, HOLDERS);
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'UnauthorizedException',
      message: 'You are not authorized to make this call.',
    });
  });
});

describe('null propagation and the HTTP status', () => {
  it('nulls the nearest nullable parent of a failed non-null field, with status 200', async () => {
    const lambda = batchAnswering((events) =>
      events.map((_, i) => (i === 1 ? { errorMessage: 'no', errorType: 'E' } : { data: ITEM })),
    );
    const result = await run(
      lambda.handler,
      '{ holders(count: 2) { n strictItem { id } } }',
      'Holder.strictItem',
    );
    expect(result.status).toBe(200);
    // holders is [Holder!]!: a null Holder nulls the list, and the non-null list nulls data.
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.map((error) => error.path)).toEqual([['holders', 1, 'strictItem']]);
  });

  it("reports a null non-null field in AppSync's words", async () => {
    const result = await run(async () => ({ id: 'i1', name: null }), '{ item { id name } }');
    expect(result.body).toEqual({
      data: { item: null },
      errors: [
        {
          path: ['item', 'name'],
          locations: null,
          message:
            "Cannot return null for non-nullable type: 'String' within parent 'Item' (/item/name)",
        },
      ],
    });
  });

  it('names the item type when a list of non-null items holds a null', async () => {
    const result = await run(async () => [{ n: 1 }, null], '{ holders(count: 2) { n } }');
    expect(result.body.data).toBeNull();
    expect(result.body.errors?.[0]).toEqual({
      path: ['holders', 1],
      locations: null,
      message:
        "Cannot return null for non-nullable type: 'Holder' within parent 'Query' (/holders/1)",
    });
  });
});

describe('the JSON boundary', () => {
  it('refuses an event above 6 MB without calling the handler', async () => {
    const lambda = recorder(() => ITEM);
    const big = 'x'.repeat(MAX_PAYLOAD_BYTES);
    const result = await emulate(lambda.handler).execute({
      query: 'query ($big: String) { item(big: $big) { id } }',
      variables: { big },
      headers: API_KEY,
    });
    expect(lambda.events).toEqual([]);
    expect(result.body.data).toEqual({ item: null });
    expect(result.body.errors?.[0]).toMatchObject({
      path: ['item'],
      errorType: 'Lambda:RequestEntityTooLargeException',
    });
    expect(result.body.errors?.[0]?.message).toMatch(
      /^Request must be smaller than 6291456 bytes for the InvokeFunction operation; this Invoke event is \d+ bytes\.$/,
    );
  });

  it('refuses a batch whose contexts add up to more than 6 MB, failing every item', async () => {
    // Every context carries all the request headers (PROTOCOL.md §5): ten of 700 kB are 7 MB.
    const lambda = batchAnswering((events) => events.map(() => ({ data: ITEM })));
    const result = await emulate(lambda.handler).execute({
      query: '{ holders(count: 10) { item { id } } }',
      headers: { ...API_KEY, 'x-pad': 'p'.repeat(700_000) },
    });
    expect(lambda.events).toHaveLength(1);
    expect(result.body.errors).toHaveLength(10);
    expect(result.body.errors?.[9]).toMatchObject({
      path: ['holders', 9, 'item'],
      errorType: 'Lambda:RequestEntityTooLargeException',
    });
    expect(result.body.errors?.[0]?.message).toContain('BatchInvoke of 10');
    expect(result.body.errors?.[0]?.message).toContain('Reduce maxBatchSize');
  });

  it('refuses a response above 6 MB', async () => {
    const result = await run(
      async () => ({ id: 'big', name: 'n'.repeat(LAMBDA_RESPONSE_LIMIT) }),
      '{ item { id } }',
    );
    expect(result.body.data).toEqual({ item: null });
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'Function.ResponseSizeTooLarge',
      message: expect.stringMatching(
        /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
      ),
    });
  });

  // Regression (issue 15): the emulator refused responses between 6 MiB and 6 MiB + 100 bytes that
  // the dispatcher's guard (and Lambda) let through.
  it("takes a response up to Lambda's response limit, which is 100 bytes above the event limit", async () => {
    const name = 'n'.repeat(
      MAX_PAYLOAD_BYTES + 50 - JSON.stringify({ id: 'big', name: '' }).length,
    );
    const result = await run(async () => ({ id: 'big', name }), '{ item { id } }');
    expect(result.body.errors).toBeUndefined();
    expect(result.body.data).toEqual({ item: { id: 'big' } });
  });

  // Regression (issue 15): a thrown error is reported by the runtime as { errorType, errorMessage,
  // trace }, a response like any other; above the limit Lambda refuses it.
  it('refuses a thrown error whose report is above 6 MB', async () => {
    const result = await run(async () => {
      throw Object.assign(new Error('e'.repeat(4_000_000)), { name: 'ExportFailed' });
    }, '{ item { id } }');
    expect(result.body.data).toEqual({ item: null });
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'Function.ResponseSizeTooLarge',
      message: expect.stringMatching(
        /^Response payload size \(\d+ bytes\) exceeded maximum allowed payload size \(6291556 bytes\)\.$/,
      ),
    });
    const small = await run(async () => {
      throw Object.assign(new Error('e'.repeat(2_000_000)), { name: 'ExportFailed' });
    }, '{ item { id } }');
    expect(small.body.errors?.[0]).toMatchObject({ errorType: 'ExportFailed' });
  });

  it('fails the call when JSON cannot serialise the response', async () => {
    const result = await run(async () => ({ id: 1n, name: 'n' }), '{ item { id } }');
    expect(result.body.errors?.[0]).toMatchObject({
      errorType: 'Runtime.MarshalError',
      message:
        'Unable to stringify response body: $.id is a BigInt, which JSON.stringify cannot serialise (send it as a string or a number).',
    });
  });

  it('lets JSON change what it changes, and says so in the trace', async () => {
    const result = await run(async () => new Map([['a', 1]]), '{ json }');
    expect(result.body).toEqual({ data: { json: '{}' } });
    expect(result.invocations[0]?.warnings).toEqual([
      "The response's $ is a Map, which JSON turns into {} (use Object.fromEntries).",
    ]);
  });

  it('gives the handler a copy: what it changes in its event never reaches other fields', async () => {
    const lambda = recorder((event) => {
      if (Array.isArray(event)) return [];
      if (event.info.fieldName === 'parent') return { child: { x: 'original' } };
      if (event.info.fieldName === 'author') {
        (event.source as { child: { x: string } }).child.x = 'mutated by the handler';
        return ITEM;
      }
      return (event.source as { x: string }).x;
    });
    const result = await createEmulator({
      schema: SCHEMA,
      handler: lambda.handler,
      fields: { 'Query.parent': {}, 'Parent.author': {}, 'Child.seen': {} },
    }).execute({ query: '{ parent { author { id } child { seen } } }', headers: API_KEY });
    expect(result.body).toEqual({
      data: { parent: { author: { id: 'i1' }, child: { seen: 'original' } } },
    });
  });
});
