import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AppSyncError,
  createResolver,
  identityGroups,
  identityKind,
  type ResolverContext,
  UnauthorizedException,
} from '../src/index.js';
import {
  batchEvent,
  findJsonProblem,
  InvokeContractError,
  invoke,
  invokeEvent,
  lambdaContext,
  loadFixture,
  makeIdentity,
  makeToken,
  selectionSetGraphQL,
} from '../src/testing/index.js';
import { deepMerge } from '../src/testing/merge.js';
import { fixture, silentLogger } from './helpers.js';

const silent = silentLogger;

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

describe('invokeEvent()', () => {
  it('builds a context with the exact key set and AppSync defaults', () => {
    const event = invokeEvent({ field: 'Query.getPost', args: { id: '1' } });
    expect(Object.keys(event).sort()).toEqual([
      'arguments',
      'identity',
      'info',
      'prev',
      'request',
      'source',
      'stash',
    ]);
    expect(event).toMatchObject({
      arguments: { id: '1' },
      identity: null,
      source: null,
      prev: null,
      stash: {},
      request: { domainName: null },
      info: {
        fieldName: 'getPost',
        parentTypeName: 'Query',
        variables: { id: '1' },
        selectionSetList: [],
        selectionSetGraphQL: '',
      },
    });
    expect(event.request.headers['x-api-key']).toMatch(/^da2-/);
    expect(event.request.headers).not.toHaveProperty('authorization');
  });

  it('has the same header names as the API key fixture', () => {
    const built = Object.keys(invokeEvent({ field: 'Query.getPost' }).request.headers);
    const captured = Object.keys(
      fixture<{ request: { headers: object } }>('invoke-api-key').request.headers,
    );
    // The fixture also carries headers of one particular client (content-length, language …).
    expect(captured).toEqual(expect.arrayContaining(built));
  });

  it.each(['apiKey', 'iam', 'cognito', 'oidc', 'lambda'] as const)(
    'builds a %s identity that identityKind() recognises, with its credential header',
    (kind) => {
      const event = invokeEvent({ field: 'Query.getPost', identity: kind });
      expect(identityKind(event.identity)).toBe(kind);
      const headers = event.request.headers;
      const credential = kind === 'apiKey' ? headers['x-api-key'] : headers.authorization;
      expect(credential).toEqual(expect.any(String));
    },
  );

  it('signs a JWT whose payload is the identity claims, for Cognito and OIDC', () => {
    for (const kind of ['cognito', 'oidc'] as const) {
      const event = invokeEvent({ field: 'Query.getPost', identity: kind });
      const [, payload] = String(event.request.headers.authorization).split('.');
      const claims = JSON.parse(Buffer.from(String(payload), 'base64url').toString('utf8'));
      expect(claims).toEqual((event.identity as { claims: unknown }).claims);
    }
  });

  it('takes an identity object as it is', () => {
    const identity = { resolverContext: { tenantId: 't-9' } };
    const event = invokeEvent({ field: 'Query.getPost', identity });
    expect(event.identity).toBe(identity);
    expect(event.request.headers.authorization).toMatch(/^tok_/);
  });

  it('treats a source as a nested field: no variables copied from the arguments', () => {
    const event = invokeEvent({ field: 'Post.author', source: { id: '1', authorId: 'u1' } });
    expect(event.source).toEqual({ id: '1', authorId: 'u1' });
    expect(event.info.variables).toEqual({});
    expect(invokeEvent({ field: 'Post.author', variables: { id: '1' } }).info.variables).toEqual({
      id: '1',
    });
  });

  it('derives selectionSetGraphQL from selectionSetList, unless given', () => {
    const event = invokeEvent({
      field: 'Query.getPost',
      selectionSetList: ['id', 'author', 'author/name', 'author/posts', 'author/posts/id'],
    });
    expect(event.info.selectionSetGraphQL).toBe(
      '{\n  id\n  author {\n    name\n    posts {\n      id\n    }\n  }\n}',
    );
    const given = invokeEvent({
      field: 'Query.getPost',
      selectionSetList: ['id'],
      selectionSetGraphQL: '{ id }',
    });
    expect(given.info.selectionSetGraphQL).toBe('{ id }');
  });

  it('merges headers over the defaults, lower-casing names', () => {
    const event = invokeEvent({
      field: 'Query.getPost',
      headers: { 'X-Tenant': 'acme', 'User-Agent': 'vitest' },
    });
    expect(event.request.headers['x-tenant']).toBe('acme');
    expect(event.request.headers['user-agent']).toBe('vitest');
    expect(event.request.headers.host).toMatch(/appsync-api/);
  });

  it('refuses a cookie header, which AppSync never passes on', () => {
    expect(() => invokeEvent({ field: 'Query.getPost', headers: { Cookie: 'a=b' } })).toThrow(
      /never passes the cookie header/,
    );
  });

  it('sets prev, stash and domainName for pipeline functions and custom domains', () => {
    const event = invokeEvent({
      field: 'Mutation.deletePost',
      prevResult: { allowed: true },
      stash: { step: 2 },
      domainName: 'api.example.com',
    });
    expect(event.prev).toEqual({ result: { allowed: true } });
    expect(event.stash).toEqual({ step: 2 });
    expect(event.request.domainName).toBe('api.example.com');
    expect(invokeEvent({ field: 'Query.a', prevResult: null }).prev).toEqual({ result: null });
  });

  it('lays overrides over the finished event, deeply', () => {
    const event = invokeEvent({
      field: 'Query.getPost',
      identity: 'cognito',
      overrides: {
        identity: { groups: null },
        request: { headers: { 'x-extra': '1' } },
        info: { selectionSetList: ['title'] },
      },
    });
    expect(event.identity).toMatchObject({ username: 'jdoe', groups: null });
    expect(event.request.headers['x-extra']).toBe('1');
    expect(event.request.headers.host).toMatch(/appsync-api/);
    expect(event.info.selectionSetList).toEqual(['title']);
  });

  it.each([
    ['no dot', 'getPost'],
    ['an empty type', '.getPost'],
    ['a bad name', 'Query.get-post'],
    ['a number', 7],
  ])('rejects a field with %s, saying what it needs', (_label, field) => {
    expect(() => invokeEvent({ field: field as string })).toThrow(
      /needs field as "Type\.field".*received/,
    );
  });

  it('rejects an unknown identity kind and a missing options object', () => {
    expect(() =>
      invokeEvent({ field: 'Query.a', identity: 'cognitoo' as unknown as 'cognito' }),
    ).toThrow(/identity must be 'apiKey', 'iam', 'cognito', 'oidc', 'lambda'.*"cognitoo"/);
    expect(() => invokeEvent(null as never)).toThrow(/expects an options object.*received null/);
    expect(() => invokeEvent('Query.a' as never)).toThrow(/received string/);
  });
});

describe('makeToken()', () => {
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;

  it("is a JWT of makeIdentity()'s claims, groups in step, or the authorizer's JSON", () => {
    const token = makeToken('cognito', { groups: ['admin'], username: 'ada' });
    expect(token.split('.')).toHaveLength(3);
    expect(claimsOf(token)).toEqual(
      makeIdentity('cognito', { groups: ['admin'], username: 'ada' }).claims,
    );
    expect(claimsOf(token)).toMatchObject({
      'cognito:groups': ['admin'],
      'cognito:username': 'ada',
    });
    expect(claimsOf(makeToken('oidc', { sub: 'u-1' }))).toMatchObject({ sub: 'u-1' });
    expect(JSON.parse(makeToken('lambda', { resolverContext: { tenantId: 't-9' } }))).toMatchObject(
      {
        tenantId: 't-9',
      },
    );
  });

  it('refuses a kind that signs in without a token', () => {
    expect(() => makeToken('apiKey' as never)).toThrow(
      new TypeError(
        'makeToken() makes tokens of the kinds cognito, oidc and lambda; received "apiKey".',
      ),
    );
  });
});

describe('makeIdentity()', () => {
  it('keeps a Cognito identity and its claims in step', () => {
    const identity = makeIdentity('cognito', { groups: ['editors'], sub: 'abc', username: 'ann' });
    expect(identity.groups).toEqual(['editors']);
    expect(identity.claims).toMatchObject({
      'cognito:groups': ['editors'],
      sub: 'abc',
      'cognito:username': 'ann',
    });
    expect(identityGroups(identity)).toEqual(['editors']);
  });

  it('drops the groups claim for a user in no group, and lets explicit claims win', () => {
    const none = makeIdentity('cognito', { groups: null });
    expect(none.groups).toBeNull();
    expect(none.claims).not.toHaveProperty('cognito:groups');
    const explicit = makeIdentity('cognito', {
      groups: ['a'],
      claims: { 'cognito:groups': ['b'], sub: 'x' },
    });
    expect(explicit.claims['cognito:groups']).toEqual(['b']);
    expect(explicit.claims.sub).toBe('x');
  });

  it('keeps an OIDC token identity and its claims in step', () => {
    const identity = makeIdentity('oidc', { sub: 'user-7', issuer: 'https://id.example.com/' });
    expect(identity.claims).toMatchObject({ sub: 'user-7', iss: 'https://id.example.com/' });
    const event = invokeEvent({ field: 'Query.me', identity });
    const [, payload] = String(event.request.headers.authorization).split('.');
    expect(JSON.parse(Buffer.from(String(payload), 'base64url').toString())).toMatchObject({
      sub: 'user-7',
    });
  });

  it('returns null for an API key, and a fresh object each time', () => {
    expect(makeIdentity('apiKey')).toBeNull();
    const first = makeIdentity('iam');
    first.sourceIp.push('198.51.100.1');
    expect(makeIdentity('iam').sourceIp).toEqual(['203.0.113.10']);
    expect(makeIdentity('lambda', { resolverContext: { role: 'admin' } }).resolverContext).toEqual({
      tenantId: 't-123',
      userId: 'u-456',
      role: 'admin',
    });
  });
});

describe('batchEvent()', () => {
  it('builds one context per item, in order, sharing the request', () => {
    const batch = batchEvent(
      'Post.author',
      [{ source: { authorId: 'u1' } }, { source: { authorId: 'u2' } }],
      { identity: 'cognito', selectionSetList: ['id', 'name'] },
    );
    expect(batch.map((item) => item.source)).toEqual([{ authorId: 'u1' }, { authorId: 'u2' }]);
    for (const item of batch) {
      expect(item.info).toMatchObject({ parentTypeName: 'Post', fieldName: 'author' });
      expect(identityKind(item.identity)).toBe('cognito');
      expect(item.info.selectionSetGraphQL).toBe('{\n  id\n  name\n}');
    }
    expect(batch[0]?.identity).not.toBe(batch[1]?.identity);
  });

  it('lets an item override what the batch shares', () => {
    const [first, second] = batchEvent('Query.a', [{ args: { n: 1 } }, { identity: 'iam' }], {
      identity: 'oidc',
    });
    expect(identityKind(first?.identity)).toBe('oidc');
    expect(identityKind(second?.identity)).toBe('iam');
  });

  it('refuses an empty batch and one larger than AppSync allows', () => {
    expect(() => batchEvent('Post.author', [])).toThrow(/1 to 2000 items.*received 0 items/);
    expect(() =>
      batchEvent(
        'Post.author',
        Array.from({ length: 2001 }, () => ({})),
      ),
    ).toThrow(/received 2001 items/);
    expect(() => batchEvent('Post.author', 'u1' as never)).toThrow(/received string/);
  });
});

describe('lambdaContext()', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('counts down from remainingMs with the clock', () => {
    vi.useFakeTimers();
    const context = lambdaContext({ remainingMs: 500, requestId: 'req-1' });
    expect(context.awsRequestId).toBe('req-1');
    expect(context.getRemainingTimeInMillis()).toBe(500);
    vi.advanceTimersByTime(200);
    expect(context.getRemainingTimeInMillis()).toBe(300);
    vi.advanceTimersByTime(1000);
    expect(context.getRemainingTimeInMillis()).toBe(0);
  });

  it('fills the rest of the Lambda context realistically', () => {
    const context = lambdaContext({ functionName: 'blog', memoryLimitInMB: 512 });
    expect(context).toMatchObject({
      functionName: 'blog',
      functionVersion: '$LATEST',
      memoryLimitInMB: '512',
      logGroupName: '/aws/lambda/blog',
      invokedFunctionArn: expect.stringMatching(/^arn:aws:lambda:.*:function:blog$/),
    });
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lambdaContext().awsRequestId).not.toBe(context.awsRequestId);
    expect(context.getRemainingTimeInMillis()).toBeLessThanOrEqual(30_000);
    expect(() => context.done()).toThrow(/async handler returns or throws/);
    expect(() => context.fail('x')).toThrow(/callback-style/);
    expect(() => context.succeed('x')).toThrow(/callback-style/);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY, '100'])(
    'rejects remainingMs %s',
    (remainingMs) => {
      expect(() => lambdaContext({ remainingMs: remainingMs as number })).toThrow(
        /remainingMs as a finite number/,
      );
    },
  );
});

describe('loadFixture()', () => {
  it('lays overrides over a fixture deeply', () => {
    const event = loadFixture('invoke-cognito-user-pools', {
      identity: { groups: null },
      arguments: { input: { title: 'Changed' } },
    });
    expect(event.identity).toMatchObject({ username: 'jdoe', groups: null });
    expect(event.arguments).toEqual({
      input: { title: 'Changed', content: 'Notes on Invoke vs BatchInvoke.' },
    });
  });

  it('applies overrides to every item of a batch fixture', () => {
    const batch = loadFixture('batch-3', { identity: makeIdentity('cognito') });
    expect(batch.map((item) => identityKind(item.identity))).toEqual([
      'cognito',
      'cognito',
      'cognito',
    ]);
    expect(batch.map((item) => (item.source as { authorId: string }).authorId)).toEqual([
      'u1',
      'u2',
      'u404',
    ]);
  });

  it('names the fixtures when asked for one that does not exist', () => {
    expect(() => loadFixture('invoke-api-keys' as 'invoke-api-key')).toThrow(
      /no fixture named "invoke-api-keys".*invoke-api-key, invoke-iam-user/,
    );
    expect(() => loadFixture('../package' as 'invoke-api-key')).toThrow(/no fixture named/);
  });
});

describe('invoke()', () => {
  function blog() {
    const app = createResolver({ logger: silent });
    app.resolver('Query.getPost', (ctx: ResolverContext<{ id: string }>) => {
      if (ctx.args.id === '404') throw new NotFoundError(`post ${ctx.args.id} not found`);
      return { id: ctx.args.id, title: 'Hello', when: new Date(0) };
    });
    app.resolver('Mutation.deletePost', () => {
      throw new UnauthorizedException('only admins may delete');
    });
    app.resolver('Query.crash', () => {
      throw new Error('database password is hunter2');
    });
    app.batchResolver('Post.author', (ctxs) =>
      ctxs.map((ctx) => {
        const { authorId } = ctx.source as { authorId: string };
        return authorId === 'u404'
          ? new NotFoundError(`author ${authorId} not found`)
          : { id: authorId };
      }),
    );
    return app;
  }

  it('answers an Invoke with { data }, after JSON (a Date becomes its string)', async () => {
    const result = await invoke(blog(), invokeEvent({ field: 'Query.getPost', args: { id: '1' } }));
    expect(result).toEqual({ data: { id: '1', title: 'Hello', when: '1970-01-01T00:00:00.000Z' } });
  });

  it('answers a failed Invoke with the errorType and message the client sees', async () => {
    const app = blog();
    expect(await invoke(app, invokeEvent({ field: 'Query.getPost', args: { id: '404' } }))).toEqual(
      {
        error: { errorType: 'NotFoundError', errorMessage: 'post 404 not found' },
      },
    );
    expect(await invoke(app, invokeEvent({ field: 'Query.crash' }))).toEqual({
      error: { errorType: 'InternalError', errorMessage: expect.not.stringContaining('hunter2') },
    });
    expect(await invoke(app, invokeEvent({ field: 'Query.nope' }))).toEqual({
      error: {
        errorType: 'ResolverNotFoundError',
        errorMessage: expect.stringContaining('Query.nope'),
      },
    });
  });

  it('shows the message AppSync puts on every UnauthorizedException', async () => {
    expect(await invoke(blog(), invokeEvent({ field: 'Mutation.deletePost' }))).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
    });
  });

  it('answers a batch with one result per item, in order', async () => {
    expect(await invoke(blog(), loadFixture('batch-3'))).toEqual([
      { data: { id: 'u1' } },
      { data: { id: 'u2' } },
      { error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' } },
    ]);
    expect(await invoke(blog(), loadFixture('mapping-document-batch'))).toHaveLength(3);
  });

  it('accepts a plain handler function and passes it the Lambda context', async () => {
    const seen: unknown[] = [];
    const handler = async (event: unknown, context?: { awsRequestId: string }) => {
      seen.push(context?.awsRequestId);
      return (event as { arguments: unknown }).arguments;
    };
    const context = lambdaContext({ requestId: 'req-42' });
    expect(
      await invoke(handler, invokeEvent({ field: 'Query.a', args: { n: 1 } }), context),
    ).toEqual({
      data: { n: 1 },
    });
    expect(seen).toEqual(['req-42']);
    const defaulted = async (_event: unknown, ctx?: { awsRequestId: string }) => ctx?.awsRequestId;
    expect(await invoke(defaulted, invokeEvent({ field: 'Query.a' }))).toEqual({
      data: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('hands the handler a JSON copy of the event, not the test object', async () => {
    const event = invokeEvent({ field: 'Query.a', args: { when: new Date(0), skip: undefined } });
    let received: unknown;
    await invoke((e: unknown) => {
      received = e;
      return null;
    }, event);
    expect(received).not.toBe(event);
    expect((received as { arguments: unknown }).arguments).toEqual({
      when: '1970-01-01T00:00:00.000Z',
    });
    expect(Object.keys((received as { arguments: object }).arguments)).toEqual(['when']);
  });

  it('reads a returned undefined as null', async () => {
    expect(await invoke(() => undefined, invokeEvent({ field: 'Query.a' }))).toEqual({
      data: null,
    });
  });

  it.each([
    ['a BigInt', { views: 10n }, '$.views', /BigInt/],
    ['a Map', { tags: new Map([['a', 1]]) }, '$.tags', /Map.*\{\}.*Object\.fromEntries/],
    ['a Set', { tags: new Set(['a']) }, '$.tags', /Set/],
    ['NaN', { score: Number.NaN }, '$.score', /NaN.*null/],
    ['a nested promise', { author: Promise.resolve({ id: 'u1' }) }, '$.author', /Promise.*await/],
    ['a function', { load: () => 1 }, '$.load', /function/],
  ])('fails a response holding %s, naming the path', async (_label, value, path, reason) => {
    const error = await invoke(() => value, invokeEvent({ field: 'Query.getPost' })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InvokeContractError);
    expect((error as InvokeContractError).path).toBe(path);
    expect((error as Error).message).toMatch(
      /^The response to Query\.getPost cannot cross Lambda's JSON boundary/,
    );
    expect((error as Error).message).toMatch(reason);
  });

  it('fails a response with a cycle', async () => {
    const post: Record<string, unknown> = { id: '1' };
    post.self = post;
    await expect(invoke(() => post, invokeEvent({ field: 'Query.getPost' }))).rejects.toThrow(
      /\$\.self refers back to an object that contains it/,
    );
  });

  it('fails a batch whose item holds what JSON cannot carry, naming the item', async () => {
    // A hand-written handler: an app answers such an item with an InternalError entry instead.
    const handler = (items: unknown[]) =>
      items.map((_, i) => ({ data: i === 1 ? { id: 2n } : { id: i } }));
    await expect(invoke(handler, loadFixture('batch-3'))).rejects.toThrow(
      /^The response to a BatchInvoke of Post\.author .*\$\[1\]\.data\.id is a BigInt/,
    );
  });

  it('fails an event that cannot be sent as JSON', async () => {
    const event = invokeEvent({ field: 'Query.a', args: { id: 1n } as Record<string, unknown> });
    await expect(invoke(() => null, event)).rejects.toThrow(
      /^The event cannot cross.*\$\.arguments\.id/,
    );
  });

  it('gives every item the error when a batch handler throws', async () => {
    const handler = () => {
      throw new RangeError('boom');
    };
    expect(await invoke(handler, loadFixture('batch-3'))).toEqual([
      { error: { errorType: 'RangeError', errorMessage: 'boom' } },
      { error: { errorType: 'RangeError', errorMessage: 'boom' } },
      { error: { errorType: 'RangeError', errorMessage: 'boom' } },
    ]);
  });

  it('survives a hostile thrown value', async () => {
    const throwing = () => {
      throw Object.create(null);
    };
    expect(await invoke(throwing, invokeEvent({ field: 'Query.a' }))).toEqual({
      error: { errorType: 'object', errorMessage: 'Unknown error' },
    });
  });

  it('fails a response too long for JSON.stringify with a contract error', async () => {
    // V8's JSON.stringify throws RangeError('Invalid string length') past 2 ** 29 - 24
    // characters, which the walk of findJsonProblem cannot foresee. Rather than build half a
    // gigabyte, JSON.stringify throws that error for this response alone, as V8 would for it.
    const huge = { text: 'stands for 2 ** 29 characters' };
    const stringify = JSON.stringify;
    const spy = vi.spyOn(JSON, 'stringify').mockImplementation(function (this: JSON, ...args) {
      if (args[0] === huge) throw new RangeError('Invalid string length');
      return stringify.apply(this, args as Parameters<typeof JSON.stringify>);
    });
    try {
      expect(findJsonProblem(huge)).toBeUndefined();
      const failure = await invoke(() => huge, invokeEvent({ field: 'Query.a' })).catch(
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(InvokeContractError);
      expect(failure).toMatchObject({
        message:
          "The response to Query.a cannot cross Lambda's JSON boundary: JSON.stringify threw Invalid string length.",
        path: '$',
      });
      expect(spy).toHaveBeenCalledWith(huge);
    } finally {
      spy.mockRestore();
    }
  });

  it('reports a thrown non-Error as the Lambda runtime does', async () => {
    expect(
      await invoke(() => Promise.reject('plain string'), invokeEvent({ field: 'Query.a' })),
    ).toEqual({ error: { errorType: 'string', errorMessage: 'plain string' } });
  });

  it('reads hand-written batch envelopes with AppSync rule', async () => {
    const handler = () => [
      { data: { id: 1 } },
      null,
      {},
      { data: { partial: true }, errorMessage: 'half done', errorType: 'Partial' },
      { data: null, errorMessage: 'no type' },
      { data: 'kept', errorMessage: '' },
      { errorMessage: 'denied', errorType: 'UnauthorizedException' },
    ];
    const event = batchEvent(
      'Query.a',
      Array.from({ length: 7 }, () => ({})),
    );
    expect(await invoke(handler, event)).toEqual([
      { data: { id: 1 } },
      { data: null },
      { data: null },
      { error: { errorType: 'Partial', errorMessage: 'half done', data: { partial: true } } },
      { error: { errorType: null, errorMessage: 'no type' } },
      { data: 'kept' },
      {
        error: {
          errorType: 'UnauthorizedException',
          errorMessage: 'You are not authorized to make this call.',
        },
      },
    ]);
  });

  it('fails a batch answer that breaks the contract', async () => {
    const event = batchEvent('Query.a', [{}, {}]);
    await expect(invoke(() => [{ data: 1 }], event)).rejects.toThrow(
      /BatchInvoke of 2 must be answered with an array of 2 items.*an array of 1/,
    );
    await expect(invoke(() => ({ data: 1 }), event)).rejects.toThrow(
      /returned a value of type object/,
    );
    await expect(invoke(() => null, event)).rejects.toThrow(/returned null/);
    await expect(invoke(() => [{ data: 1 }, 'raw'], event)).rejects.toThrow(
      /item 1 is string, not an envelope/,
    );
    await expect(invoke(() => [{ data: 1 }, [1]], event)).rejects.toThrow(/item 1 is an array/);
  });

  it('treats a BatchInvoke document without an array payload as one event', async () => {
    const result = await invoke(blog(), { operation: 'BatchInvoke', payload: { not: 'a list' } });
    expect(result).toEqual({
      error: { errorType: 'InvalidEventError', errorMessage: expect.any(String) },
    });
  });

  it('refuses something that is neither an app nor a handler', async () => {
    await expect(invoke({} as never, invokeEvent({ field: 'Query.a' }))).rejects.toThrow(
      /needs an app from createResolver\(\) or a Lambda handler function; received object/,
    );
    await expect(invoke(null as never, {})).rejects.toThrow(/received null/);
  });
});

describe('findJsonProblem()', () => {
  it('passes JSON-safe values, including toJSON() objects and shared references', () => {
    const shared = { id: 1 };
    expect(
      findJsonProblem({ a: [shared, shared], b: new Date(0), c: null, d: undefined, e: 'x' }),
    ).toBeUndefined();
    expect(findJsonProblem(Buffer.from('hi'))).toBeUndefined();
    expect(findJsonProblem({ toJSON: () => ({ ok: true }) })).toBeUndefined();
    expect(findJsonProblem(Object.assign(Object.create(null), { a: 1 }))).toBeUndefined();
  });

  it.each([
    [{ a: [1, { 'odd key': 1n }] }, '$.a[1]["odd key"]', true],
    [{ e: new Error('x') }, '$.e', false],
    [{ r: /x/ }, '$.r', false],
    [{ w: new WeakMap() }, '$.w', false],
    [{ w: new WeakSet() }, '$.w', false],
    [{ bytes: new Uint8Array(2) }, '$.bytes', false],
    [{ s: Symbol('x') }, '$.s', false],
    [[Number.POSITIVE_INFINITY], '$[0]', false],
    [{ toJSON: () => ({ n: 1n }) }, '$.n', true],
    [
      {
        toJSON: () => {
          throw new Error('nope');
        },
      },
      '$',
      true,
    ],
  ])('finds the problem in %o at %s', (value, path, fatal) => {
    expect(findJsonProblem(value)).toEqual({ path, reason: expect.any(String), fatal });
  });

  it('reports a throwing getter and a revoked proxy instead of throwing', () => {
    const getter = {
      ok: 1,
      get bad() {
        throw new Error('nope');
      },
    };
    expect(findJsonProblem({ a: getter })).toEqual({
      path: '$.a.bad',
      reason: expect.stringMatching(/cannot be read \(nope\)/),
      fatal: true,
    });
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(findJsonProblem([proxy])).toMatchObject({ path: '$[0]', fatal: true });
  });

  it('finds a cycle through toJSON()', () => {
    const value: Record<string, unknown> = {};
    value.toJSON = () => ({ again: value });
    expect(findJsonProblem(value)).toMatchObject({ path: '$.again', fatal: true });
  });
});

describe('deepMerge()', () => {
  it('merges plain objects, replaces arrays, keeps base values for undefined', () => {
    const base = { a: { b: 1, c: [1, 2] }, d: 'x' };
    const merged = deepMerge(base, { a: { c: [3] }, d: undefined, e: null });
    expect(merged).toEqual({ a: { b: 1, c: [3] }, d: 'x', e: null });
    expect(base).toEqual({ a: { b: 1, c: [1, 2] }, d: 'x' });
  });

  it('copies __proto__ as data instead of changing the prototype', () => {
    const merged = deepMerge({ a: 1 }, JSON.parse('{"__proto__": {"polluted": true}}')) as Record<
      string,
      unknown
    >;
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('replaces class instances instead of merging into them', () => {
    const when = new Date(5);
    expect(deepMerge({ when: { a: 1 } }, { when })).toEqual({ when });
  });
});

describe('selectionSetGraphQL()', () => {
  it('is empty for a scalar field and nests by slash', () => {
    expect(selectionSetGraphQL([])).toBe('');
    expect(selectionSetGraphQL(['a/b/c'])).toBe('{\n  a {\n    b {\n      c\n    }\n  }\n}');
  });
});
