import { describe, expect, it } from 'vitest';
import { createResolver, type ResolverContext } from '../src/index.js';
import { event, fixture, lambda, recordingLogger, rejection } from './helpers.js';

function blogApp(options: Parameters<typeof createResolver>[0] = {}) {
  const seen: ResolverContext[] = [];
  const app = createResolver({ logger: recordingLogger(), ...options })
    .resolver('Query.getPost', (ctx) => {
      seen.push(ctx);
      return { id: ctx.args.id };
    })
    .resolver('Mutation.createPost', (ctx) => ({ created: ctx.args.input }))
    .batchResolver('Post.author', (ctxs) =>
      ctxs.map((c) => ({ of: (c.source as { id: string }).id })),
    )
    .resolver('Comment.author', () => 'comment author');
  return { app, seen };
}

describe('event shapes', () => {
  it('1. Direct Lambda Invoke: the context itself', async () => {
    const { app, seen } = blogApp();
    const ev = fixture<Record<string, unknown>>('invoke-api-key');
    expect(await app.resolve(ev, lambda)).toEqual({ id: '1' });
    expect(seen[0]?.event).toBe(ev);
    expect(seen[0]?.info).toBe(ev.info);
    expect(seen[0]?.request).toBe(ev.request);
  });

  it('2. Direct Lambda BatchInvoke: an array of contexts', async () => {
    const { app } = blogApp();
    expect(await app.resolve(fixture('batch-3'), lambda)).toEqual([
      { data: { of: '1' } },
      { data: { of: '2' } },
      { data: { of: '3' } },
    ]);
  });

  it('3a. a mapping document with operation Invoke is unwrapped', async () => {
    const { app, seen } = blogApp();
    const doc = fixture<{ payload: unknown }>('mapping-document-invoke');
    expect(await app.resolve(doc, lambda)).toEqual({ id: '1' });
    expect(seen[0]?.event).toEqual(doc.payload);
  });

  it('3b. a mapping document with operation BatchInvoke is unwrapped to a batch', async () => {
    const { app } = blogApp();
    expect(await app.resolve(fixture('mapping-document-batch'), lambda)).toEqual([
      { data: { of: '1' } },
      { data: { of: '2' } },
      { data: { of: '3' } },
    ]);
  });

  it('3c. a mapping document without version (an APPSYNC_JS request) is accepted', async () => {
    const { app } = blogApp();
    const payload = event('Query.getPost', { id: '5' });
    expect(
      await app.resolve({ operation: 'Invoke', invocationType: 'RequestResponse', payload }),
    ).toEqual({
      id: '5',
    });
  });

  it('3d. a mapping document with a bad operation or payload is an InvalidEventError', async () => {
    const { app } = blogApp();
    expect(
      await rejection(app.resolve({ version: '2018-05-29', operation: 'Query', payload: {} })),
    ).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: a mapping document\'s operation must be "Invoke" or "BatchInvoke"; received a string of length 5.',
    });
    expect(await rejection(app.resolve({ operation: 7, payload: {} }))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: a mapping document\'s operation must be "Invoke" or "BatchInvoke"; received a number.',
    });
    expect(await rejection(app.resolve({ operation: 'BatchInvoke', payload: { a: 1 } }))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: a BatchInvoke mapping document must carry an array payload; received an object with keys [a].',
    });
    expect((await rejection(app.resolve({ operation: 'Invoke', payload: null }))).errorType).toBe(
      'InvalidEventError',
    );
  });

  it('4a. a tutorial-style { field, arguments } payload is routed by a unique field name', async () => {
    const { app, seen } = blogApp();
    const payload = fixture<Record<string, unknown>>('tutorial-payload');
    expect(await app.resolve(payload, lambda)).toEqual({ id: '1' });
    const ctx = seen[0] as ResolverContext;
    expect(ctx.info).toEqual({
      fieldName: 'getPost',
      parentTypeName: 'Query',
      variables: {},
      selectionSetList: [],
      selectionSetGraphQL: '',
    });
    expect([ctx.identity, ctx.source, ctx.prev, ctx.stash]).toEqual([null, null, null, {}]);
    expect(ctx.request).toEqual({ headers: {}, domainName: null });
    expect(ctx.event).toBe(payload);
  });

  it('4b. a template payload may name the field as Type.field', async () => {
    const { app } = blogApp();
    expect(await app.resolve({ field: 'Comment.author' })).toBe('comment author');
  });

  it('4c. an ambiguous or unknown field name is a clear error', async () => {
    const { app } = blogApp();
    expect(await rejection(app.resolve({ field: 'author', arguments: {} }))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: the field name "author" is ambiguous (Post.author, Comment.author); send "Type.field" as the field, or use the route option.',
    });
    expect(await rejection(app.resolve({ field: 'nope', arguments: {} }))).toEqual({
      errorType: 'ResolverNotFoundError',
      errorMessage:
        'No resolver is registered for a field named "nope"; register one, or send "Type.field" as the field.',
    });
    expect(await rejection(app.resolve({ field: 'Query.a.b' }))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: "field" must be a field name or a "Type.field" key; received a string of length 9.',
    });
    expect((await rejection(app.resolve({ field: 'Query.nope' }))).errorType).toBe(
      'ResolverNotFoundError',
    );
  });

  it('4d. the field-name index follows later registrations', async () => {
    const { app } = blogApp();
    expect((await rejection(app.resolve({ field: 'later' }))).errorType).toBe(
      'ResolverNotFoundError',
    );
    app.resolver('Query.later', () => 'now routed');
    expect(await app.resolve({ field: 'later' })).toBe('now routed');
  });

  it('4e. template payloads in an array form a batch', async () => {
    const { app } = blogApp();
    expect(
      await app.resolve([
        { field: 'getPost', arguments: { id: '1' } },
        { field: 'author' },
        { field: 'getPost', arguments: { id: '2' } },
      ]),
    ).toEqual([
      { data: { id: '1' } },
      {
        data: null,
        errorType: 'InvalidEventError',
        errorMessage: expect.stringContaining('ambiguous'),
      },
      { data: { id: '2' } },
    ]);
  });

  it('4f. a route option routes custom payloads, and may decline', async () => {
    const { app } = blogApp({
      route: (ev) => {
        const action = (ev as { action?: string }).action;
        return action === 'read' ? 'Query.getPost' : action === 'bad' ? 'not a key' : undefined;
      },
    });
    expect(await app.resolve({ action: 'read', arguments: { id: '3' } })).toEqual({ id: '3' });
    // Declined: the { field } convention still applies.
    expect(
      await app.resolve({ action: 'other', field: 'getPost', arguments: { id: '4' } }),
    ).toEqual({
      id: '4',
    });
    expect(await rejection(app.resolve({ action: 'bad' }))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: the route option must return a "Type.field" key or undefined; it returned a string of length 9.',
    });
    expect((await rejection(app.resolve({ action: 'other' }))).errorType).toBe('InvalidEventError');
  });

  it('4g. a route option that throws fails the item as an unexpected error', async () => {
    const logger = recordingLogger();
    const app = createResolver({
      logger,
      route: () => {
        throw new Error('route bug');
      },
    }).resolver('Query.a', () => 'a');
    expect(await rejection(app.resolve({ custom: 1 }, lambda))).toEqual({
      errorType: 'InternalError',
      errorMessage: 'An internal error occurred (request id req-0001).',
    });
    expect(await app.resolve([{ custom: 1 }, event('Query.a')], lambda)).toEqual([
      {
        data: null,
        errorType: 'InternalError',
        errorMessage: 'An internal error occurred (request id req-0001).',
      },
      { data: 'a' },
    ]);
    expect(logger.calls.map((c) => c.attributes?.index)).toEqual([undefined, 0]);
  });

  it('4h. Direct Lambda contexts are never given to the route option', async () => {
    let asked = 0;
    const app = createResolver({
      route: () => {
        asked++;
        return 'Query.other';
      },
    })
      .resolver('Query.getPost', () => 'direct')
      .resolver('Query.other', () => 'other');
    expect(await app.resolve(event('Query.getPost'))).toBe('direct');
    expect(asked).toBe(0);
  });

  it('5. an Amplify @function event is routed by typeName and fieldName', async () => {
    const { app, seen } = blogApp();
    const ev = fixture<Record<string, unknown>>('amplify-function');
    expect(await app.resolve(ev, lambda)).toEqual({ id: '1' });
    const ctx = seen[0] as ResolverContext;
    expect(ctx.identity).toBe(ev.identity);
    expect(ctx.request).toBe(ev.request);
    expect(ctx.info.parentTypeName).toBe('Query');
    expect(ctx.info.fieldName).toBe('getPost');
    expect(ctx.stash).toEqual({});
  });
});

describe('anything else is an InvalidEventError', () => {
  const expected =
    'expected an AppSync Direct Lambda context (an object with info.parentTypeName and info.fieldName), an array of them (BatchInvoke), a { version, operation, payload } mapping document, a { field, arguments } template payload or an Amplify @function event { typeName, fieldName, arguments }';
  const expectedItem =
    'expected an AppSync Direct Lambda context (an object with info.parentTypeName and info.fieldName), a { field, arguments } template payload or an Amplify @function event { typeName, fieldName, arguments }';

  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    ['Query.getPost', 'a string of length 13'],
    [42, 'a number'],
    [true, 'a boolean'],
    [{}, 'an empty object'],
    [{ arguments: { id: 1 }, identity: null }, 'an object with keys [arguments, identity]'],
  ])('rejects %j, saying what was expected and what arrived', async (input, received) => {
    const { app } = blogApp();
    expect(await rejection(app.resolve(input))).toEqual({
      errorType: 'InvalidEventError',
      errorMessage: `Invalid event: ${expected}; received ${received}.`,
    });
  });

  it('rejects an info without string names', async () => {
    const { app } = blogApp();
    expect(
      await rejection(app.resolve({ info: { parentTypeName: 'Query', fieldName: 3 } })),
    ).toEqual({
      errorType: 'InvalidEventError',
      errorMessage:
        'Invalid event: info.parentTypeName and info.fieldName must be strings; received a string of length 5 and a number.',
    });
  });

  it.each([
    ['arguments', 'a string of length 1'],
    ['identity', 'a string of length 1'],
    ['request', 'a string of length 1'],
    ['prev', 'a string of length 1'],
    ['stash', 'a string of length 1'],
  ])('rejects a context whose %s is not an object', async (key) => {
    const { app } = blogApp();
    const ev = { ...event('Query.getPost'), [key]: 'x' };
    const { errorType, errorMessage } = await rejection(app.resolve(ev));
    expect(errorType).toBe('InvalidEventError');
    expect(errorMessage).toContain(`${key}: a string of length 1`);
  });

  it('rejects arrays where objects are expected', async () => {
    const { app } = blogApp();
    const ev = { ...event('Query.getPost'), arguments: ['1'] };
    expect((await rejection(app.resolve(ev))).errorType).toBe('InvalidEventError');
  });

  it('fails only the malformed items of a batch, naming their position', async () => {
    const { app } = blogApp();
    const out = await app.resolve([event('Query.getPost', { id: '1' }), 7, null]);
    expect(out).toEqual([
      { data: { id: '1' } },
      {
        data: null,
        errorType: 'InvalidEventError',
        errorMessage: `Invalid BatchInvoke item 1: ${expectedItem}; received a number.`,
      },
      {
        data: null,
        errorType: 'InvalidEventError',
        errorMessage: `Invalid BatchInvoke item 2: ${expectedItem}; received null.`,
      },
    ]);
  });

  it('does not accept a mapping document nested in a batch', async () => {
    const { app } = blogApp();
    const out = (await app.resolve([{ operation: 'Invoke', payload: event('Query.getPost') }])) as {
      errorType: string;
    }[];
    expect(out[0]?.errorType).toBe('InvalidEventError');
  });
});

describe('errors before a context exists', () => {
  it('do not reach onError mappers, which are given a context', async () => {
    let mapped = 0;
    const app = createResolver({
      logger: recordingLogger(),
      route: () => {
        throw new Error('route bug');
      },
    })
      .resolver('Query.a', () => 'a')
      .onError(Error, () => {
        mapped++;
        return { errorType: 'Mapped', errorMessage: 'm' };
      });
    expect((await rejection(app.resolve({ custom: 1 }))).errorType).toBe('InternalError');
    expect(mapped).toBe(0);
  });
});
