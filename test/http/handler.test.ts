/**
 * The HTTP entry's own rules, beyond graphql-http's audits: CSRF prevention, CORS, sizes and
 * media types, GET and mutations, auth modes, operation batching, persisted queries, the
 * onRequest hook and the IDE page, through createFetchHandler and createGraphQLHandler.
 */
import { createHash } from 'node:crypto';
import { AppSyncError, createResolver } from 'appsync-direct';
import { describe, expect, it } from 'vitest';
import {
  createFetchHandler,
  createGraphQLHandler,
  type FetchHandlerOptions,
} from '../../src/http/index.js';
import { lambdaContext } from '../../src/testing/builders.js';
import { httpEvent } from '../../src/testing/http-events.js';
import { silentLogger } from '../helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    hello(name: String): String
    secret: String @aws_cognito_user_pools(cognito_groups: ["admin"])
    boom: String
  }
  type Mutation {
    bump: Int
  }
`;

class Teapot extends AppSyncError {}

function app() {
  let count = 0;
  return createResolver({ logger: silentLogger })
    .resolver('Query.hello', (ctx) => `hello ${ctx.args.name ?? 'world'}`)
    .resolver('Query.secret', () => 's3cret')
    .resolver('Query.boom', () => {
      throw new Teapot('short and stout');
    })
    .resolver('Mutation.bump', () => ++count);
}

const URL_ = 'http://api.example/graphql';
const JSON_HEADERS = { 'content-type': 'application/json' };

function fetchHandler(options: Partial<FetchHandlerOptions> = {}) {
  return createFetchHandler({ schema: SCHEMA, app: app(), ...options });
}

async function post(
  handler: (request: Request) => Promise<Response>,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const response = await handler(
    new Request(URL_, {
      method: 'POST',
      headers: { ...JSON_HEADERS, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

describe('GraphQL over HTTP', () => {
  it('answers a query, and a named error as AppSync shapes it, with 200', async () => {
    const result = await post(fetchHandler(), { query: '{ hello(name: "Ada") boom }' });
    expect(result.status).toBe(200);
    expect(result.json()).toEqual({
      data: { hello: 'hello Ada', boom: null },
      errors: [
        {
          path: ['boom'],
          data: null,
          errorType: 'Teapot',
          errorInfo: null,
          locations: [{ line: 1, column: 22, sourceName: null }],
          message: 'short and stout',
        },
      ],
    });
  });

  it('CSRF prevention: a GET or a simple media type needs a preflight-forcing header', async () => {
    const handler = fetchHandler();
    const get = await handler(new Request(`${URL_}?query=${encodeURIComponent('{ hello }')}`));
    expect(get.status).toBe(400);
    expect(((await get.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      'This request could have been sent by a page on another site: send it with content-type application/json (a POST), or with the header x-graphql-preflight: 1.',
    );
    const preflighted = await handler(
      new Request(`${URL_}?query=${encodeURIComponent('{ hello }')}`, {
        headers: { 'x-graphql-preflight': '1' },
      }),
    );
    expect(await preflighted.json()).toEqual({ data: { hello: 'hello world' } });
    const form = await post(handler, 'query={hello}', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(form.status).toBe(400);
  });

  it('a mutation over GET is 405, with Allow: POST', async () => {
    const handler = fetchHandler({ csrfPrevention: false });
    const response = await handler(
      new Request(`${URL_}?query=${encodeURIComponent('mutation { bump }')}`),
    );
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
  });

  it('415 for another media type, 406 for an Accept it cannot meet, 413 past the size limit', async () => {
    const handler = fetchHandler({ maxBodyBytes: 64, csrfPrevention: false });
    expect(
      (await post(handler, '{}', { 'content-type': 'text/plain', 'x-graphql-preflight': '1' }))
        .status,
    ).toBe(415);
    expect((await post(handler, { query: '{ hello }' }, { accept: 'text/html' })).status).toBe(406);
    const big = await post(handler, { query: `{ hello(name: "${'x'.repeat(100)}") }` });
    expect(big.status).toBe(413);
    expect(big.json()).toEqual({
      errors: [
        {
          message: 'The request body is over 64 bytes, the most this API reads.',
          errorType: 'PayloadTooLargeException',
        },
      ],
    });
  });

  it('malformed JSON is a 400 with a JSON error body, no stack, no echo', async () => {
    const result = await post(fetchHandler(), '{ "query": ');
    expect(result.status).toBe(400);
    expect(result.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(result.json()).toEqual({
      errors: [
        {
          message: 'The body is not JSON: send a JSON object { "query": "…" }.',
          errorType: 'BadRequestException',
        },
      ],
    });
  });

  it('auth directives against the mapped identity; a mode the API lacks is 401', async () => {
    const handler = createGraphQLHandler({
      schema: SCHEMA,
      app: app(),
      auth: { default: 'apiKey', additional: ['cognito'] },
    });
    const ask = async (authorizer: 'none' | 'cognito' | 'iam') =>
      JSON.parse(
        (
          (await handler(httpEvent({ payload: 'v1', authorizer, query: '{ secret }' }))) as {
            body: string;
          }
        ).body,
      );
    expect(await ask('cognito')).toEqual({ data: { secret: 's3cret' } });
    expect((await ask('none')).errors[0]).toMatchObject({ errorType: 'Unauthorized' });
    expect(await ask('iam')).toEqual({
      errors: [
        {
          message: "The request's auth mode (iam) is not one of this API's (apiKey, cognito).",
          errorType: 'UnauthorizedException',
        },
      ],
    });
  });

  it('CORS: allowed origins get the headers and preflights; others get none', async () => {
    const handler = fetchHandler({ cors: { origins: ['https://app.example'] } });
    const preflight = await handler(
      new Request(URL_, { method: 'OPTIONS', headers: { origin: 'https://app.example' } }),
    );
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await post(handler, { query: '{ hello }' }, { origin: 'https://evil.example' });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    expect(() => fetchHandler({ cors: { origins: '*', credentials: true } })).toThrow(
      /cors\.credentials cannot be true with origins '\*'/,
    );
  });

  it('refuses a route with resolver code in front of the Lambda, which only AppSync runs', () => {
    const coded = createResolver({ logLevel: 'ERROR' }).resolver('Query.hello', () => 'hi', {
      code: 'export function request(ctx) { return { operation: "Invoke", payload: ctx }; }',
    });
    expect(() => createFetchHandler({ schema: SCHEMA, app: coded })).toThrow(
      /Query\.hello declares resolver code in front of the Lambda .* Serve it through AppSync, or pass resolverCode: 'ignore'/,
    );
    expect(() =>
      createFetchHandler({ schema: SCHEMA, app: coded, resolverCode: 'skip' as never }),
    ).toThrow(`resolverCode must be 'refuse' or 'ignore'; received "skip".`);
  });

  it("serves a route with resolver code as a Direct Lambda field with resolverCode: 'ignore'", async () => {
    const coded = createResolver({ logLevel: 'ERROR' }).resolver(
      'Query.hello',
      (ctx) => `hello ${String(ctx.args.name)} from ${ctx.info.fieldName}`,
      { code: 'export function request() { return { operation: "Invoke", payload: {} }; }' },
    );
    const handler = createFetchHandler({ schema: SCHEMA, app: coded, resolverCode: 'ignore' });
    const response = await post(handler, { query: '{ hello(name: "Ada") }' });
    expect(await response.json()).toEqual({ data: { hello: 'hello Ada from hello' } });
  });
});

describe('operation batching', () => {
  it('is off by default, saying how to turn it on', async () => {
    const result = await post(fetchHandler(), [{ query: '{ hello }' }]);
    expect(result.status).toBe(400);
    expect(result.json().errors[0].message).toMatch(/batching is off/);
  });

  it('answers an array of operations with an array of results, in order', async () => {
    const handler = fetchHandler({ batching: { max: 3 } });
    const result = await post(handler, [
      { query: 'mutation { bump }' },
      { query: '{ hello(name: "B") }' },
      { query: 'mutation { bump }' },
    ]);
    expect(result.status).toBe(200);
    expect(result.json()).toEqual([
      { data: { bump: 1 } },
      { data: { hello: 'hello B' } },
      { data: { bump: 2 } },
    ]);
    const tooMany = await post(
      handler,
      Array.from({ length: 4 }, () => ({ query: '{ hello }' })),
    );
    expect(tooMany.json().errors[0].message).toBe(
      'A batch holds 1 to 3 operations; this one holds 4.',
    );
  });
});

describe('persisted queries', () => {
  const query = '{ hello(name: "P") }';
  const hash = createHash('sha256').update(query).digest('hex');
  const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };

  it('automatic: not found, then sent with its document, then known by hash alone', async () => {
    const handler = fetchHandler({ persistedQueries: 'automatic' });
    expect((await post(handler, byHash)).json()).toEqual({
      errors: [{ message: 'PersistedQueryNotFound', errorType: 'PersistedQueryNotFound' }],
    });
    expect((await post(handler, { query, ...byHash })).json()).toEqual({
      data: { hello: 'hello P' },
    });
    expect((await post(handler, byHash)).json()).toEqual({ data: { hello: 'hello P' } });
    const wrong = await post(handler, { query: '{ hello }', ...byHash });
    expect(wrong.status).toBe(400);
    expect(wrong.json().errors[0].message).toBe('provided sha does not match query');
  });

  it('allow-list: only listed documents run, by hash or by text', async () => {
    const handler = fetchHandler({ persistedQueries: { allowList: { [hash]: query } } });
    expect((await post(handler, byHash)).json()).toEqual({ data: { hello: 'hello P' } });
    const other = await post(handler, { query: '{ hello }' });
    expect(other.status).toBe(400);
    expect(other.json().errors[0].errorType).toBe('PersistedQueryNotSupported');
  });
});

describe('onRequest and the IDE page', () => {
  it('onRequest may answer a request itself, or add headers to the answer', async () => {
    const seen: string[] = [];
    const handler = fetchHandler({
      onRequest(request) {
        seen.push(`${request.method} ${request.path}`);
        if (request.path === '/health') return { status: 200, body: 'ok' };
        return { headers: { 'x-trace': 'abc' } };
      },
    });
    const health = await handler(new Request('http://api.example/health'));
    expect([health.status, await health.text()]).toEqual([200, 'ok']);
    const answered = await post(handler, { query: '{ hello }' });
    expect(answered.headers.get('x-trace')).toBe('abc');
    // A cookie set by the hook goes out as each payload sends cookies.
    const events = createGraphQLHandler({
      schema: SCHEMA,
      app: app(),
      onRequest: () => ({ headers: { 'Set-Cookie': 'seen=1; Secure' } }),
    });
    const v1 = (await events(httpEvent({ payload: 'v1', query: '{ hello }' }))) as Record<
      string,
      unknown
    >;
    expect(v1.multiValueHeaders).toEqual({ 'set-cookie': ['seen=1; Secure'] });
    const v2 = (await events(httpEvent({ payload: 'v2', query: '{ hello }' }))) as Record<
      string,
      unknown
    >;
    expect(v2.cookies).toEqual(['seen=1; Secure']);
    expect(seen).toEqual(['GET /health', 'POST /graphql']);
  });

  it('serves a GraphiQL page to browsers only when asked to', async () => {
    const page = (handler: (request: Request) => Promise<Response>) =>
      handler(new Request(URL_, { headers: { accept: 'text/html' } }));
    const on = await page(fetchHandler({ ide: true }));
    expect(on.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await on.text()).toContain('https://unpkg.com/graphiql@3/graphiql.min.js');
    expect((await page(fetchHandler())).status).toBe(406);
  });
});

describe('the Lambda context of the HTTP invocation', () => {
  it("gives resolvers the invocation's deadline: a slow field is a TimeoutError, the rest answers", async () => {
    const slow = createResolver({ logger: silentLogger, deadlineMargin: 100 })
      .resolver('Query.hello', () => 'quick')
      .resolver('Query.boom', () => new Promise(() => {}));
    const handler = createGraphQLHandler({ schema: SCHEMA, app: slow });
    const result = (await handler(
      httpEvent({ payload: 'url', query: '{ hello boom }' }),
      lambdaContext({ remainingMs: 300 }),
    )) as { statusCode: number; body: string };
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({
      data: { hello: 'quick', boom: null },
      errors: [
        expect.objectContaining({
          path: ['boom'],
          errorType: 'TimeoutError',
          message: expect.stringMatching(/^Query\.boom did not finish before the deadline/),
        }),
      ],
    });
  });
});

describe('what reaches a client of values it should not see', () => {
  it('a throwing getter on a returned object is an InternalError, not its message', async () => {
    const leaky = createResolver({ logger: silentLogger }).resolver('Query.hello', () => ({
      toString() {
        return 'x';
      },
    }));
    const schema = 'type Query { hello: Secret } type Secret { value: String }';
    const objects = createResolver({ logger: silentLogger }).resolver('Query.hello', () => ({
      get value(): string {
        throw new Error('connection to db-prod.internal:5432 refused (user=admin)');
      },
    }));
    const result = await post(createFetchHandler({ schema, app: objects }), {
      query: '{ hello { value } }',
    });
    expect(result.text).not.toContain('db-prod');
    // The app's own size check reads the getter first: its field fails as an InternalError.
    expect(result.json().errors[0]).toMatchObject({
      path: ['hello'],
      errorType: 'InternalError',
    });
    // Without the app's size check, the getter throws inside the engine: masked there too.
    const unguarded = createResolver({ logger: silentLogger, maxResponseBytes: Infinity }).resolver(
      'Query.hello',
      () => ({
        get value(): string {
          throw new Error('connection to db-prod.internal:5432 refused (user=admin)');
        },
      }),
    );
    const masked = await post(createFetchHandler({ schema, app: unguarded }), {
      query: '{ hello { value } }',
    });
    expect(masked.text).not.toContain('db-prod');
    expect(masked.json().errors[0]).toMatchObject({
      path: ['hello', 'value'],
      errorType: 'InternalError',
      message: 'An internal error occurred.',
    });
    // A value of the wrong type is named by its type, never printed.
    const wrong = await post(fetchHandler({ app: leaky }), { query: '{ hello }' });
    expect(wrong.text).not.toContain('toString');
    expect(wrong.json().errors[0].message).toBe(
      'String cannot represent value of the type the resolver returned.',
    );
  });

  it('a method on a returned object is no field value: it is never called', async () => {
    let calledWith: unknown;
    const schema = 'type Query { hello: Thing } type Thing { name: String }';
    const app = createResolver({ logger: silentLogger }).resolver('Query.hello', () => ({
      name(_args: unknown, context: unknown) {
        calledWith = context;
        return 'called';
      },
    }));
    const result = await post(createFetchHandler({ schema, app }), { query: '{ hello { name } }' });
    expect(result.json()).toEqual({ data: { hello: { name: null } } });
    expect(calledWith).toBeUndefined();
  });
});

describe('hostile requests (from the review of the HTTP entry)', () => {
  it('query-string parameters named like Object.prototype members are parameters', async () => {
    const handler = fetchHandler({ csrfPrevention: false });
    for (const name of ['constructor', 'toString', '__proto__']) {
      const response = await handler(
        new Request(`${URL_}?${name}=1&query=${encodeURIComponent('{ hello }')}`),
      );
      expect(await response.json(), name).toEqual({ data: { hello: 'hello world' } });
    }
  });

  it('a body of unknown length is read only up to the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(32));
      },
    });
    const response = await fetchHandler({ maxBodyBytes: 4096 })(
      new Request(URL_, {
        method: 'POST',
        headers: JSON_HEADERS,
        body: endless,
        duplex: 'half',
      } as RequestInit),
    );
    expect(response.status).toBe(413);
    expect(pulled).toBeLessThan(10);
  });

  it('a null persistedQuery is a 400, and a document is kept only once it validates', async () => {
    const handler = fetchHandler({ persistedQueries: 'automatic' });
    const nullExtension = await post(handler, {
      query: '{ hello }',
      extensions: { persistedQuery: null },
    });
    expect(nullExtension.status).toBe(400);
    const invalid = '{ nope }';
    const hash = createHash('sha256').update(invalid).digest('hex');
    const byHash = { extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
    expect((await post(handler, { query: invalid, ...byHash })).status).toBe(200);
    expect((await post(handler, byHash)).json().errors[0].message).toBe('PersistedQueryNotFound');
  });

  it('an option that throws is a JSON 500 without its message', async () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      const handler = fetchHandler({
        identity: () => {
          throw new Error('jwks fetch failed: secret-internal-host');
        },
      });
      const result = await post(handler, { query: '{ hello }' });
      expect(result.status).toBe(500);
      expect(result.text).not.toContain('secret-internal-host');
      expect(result.json()).toEqual({
        errors: [{ message: 'An internal error occurred.', errorType: 'InternalError' }],
      });
      expect(errors).toHaveLength(1);
    } finally {
      console.error = original;
    }
  });

  it('CORS with listed origins always says vary: origin; an empty operationName names none', async () => {
    const handler = fetchHandler({ cors: { origins: ['https://app.example'] } });
    expect((await post(handler, { query: '{ hello }' })).headers.get('vary')).toBe('origin');
    const refused = await post(handler, { query: '{ hello }' }, { origin: 'https://evil.example' });
    expect(refused.headers.get('vary')).toBe('origin');
    const empty = await post(fetchHandler(), { query: '{ hello }', operationName: '' });
    expect(empty.json()).toEqual({ data: { hello: 'hello world' } });
  });

  it('the IDE page posts to its own address, whatever path the request named', async () => {
    const page = await fetchHandler({ ide: true })(
      new Request('http://api.example//evil.example/graphql', { headers: { accept: 'text/html' } }),
    );
    const html = await page.text();
    expect(html).not.toContain('evil.example');
    expect(html).toContain('"endpoint":null');
  });
});
