import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type AppSyncClientOptions,
  AppSyncRequestError,
  type ClientLogger,
  createAppSyncClient,
  type TypedDocument,
} from '../../src/client/index.js';

const URL_ = 'https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql';
const API_KEY = 'da2-secretsecretsecretsecret00';

interface Sent {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
}

type Reply =
  | { status?: number; body?: unknown; text?: string; headers?: Record<string, string> }
  | Error
  | ((sent: Sent, init: RequestInit) => Promise<Response>);

function headersOf(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  new Headers(init).forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/** A fetch that records what it is sent and answers from a script, one reply per request. */
function scripted(...replies: Reply[]) {
  const sent: Sent[] = [];
  const fetch = vi.fn(async (url: string | URL | Request, init: RequestInit = {}) => {
    const request: Sent = {
      url: String(url),
      method: String(init.method),
      headers: headersOf(init.headers),
      body: String(init.body),
    };
    sent.push(request);
    const reply = replies.shift() ?? { body: { data: { ok: true } } };
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(request, init);
    const text = reply.text ?? JSON.stringify(reply.body);
    return new Response(text, {
      status: reply.status ?? 200,
      headers: {
        'content-type': 'application/json',
        'x-amzn-requestid': 'req-1',
        ...reply.headers,
      },
    });
  });
  return { fetch: fetch as unknown as typeof globalThis.fetch, sent };
}

function recorder() {
  const lines: { message: string; attributes: Record<string, unknown> }[] = [];
  const logger: ClientLogger = {
    warn: (message, attributes) => lines.push({ message, attributes }),
  };
  return { logger, lines, text: () => JSON.stringify(lines) };
}

const noWait = { baseDelayMs: 0, maxDelayMs: 0 };

/** A client with the API key, sending with `fetch`. */
function keyed(fetch: typeof globalThis.fetch, more: Partial<AppSyncClientOptions> = {}) {
  return createAppSyncClient({
    url: URL_,
    auth: { type: 'apiKey', apiKey: API_KEY },
    fetch,
    ...more,
  });
}

beforeEach(() => {
  for (const name of Object.keys(process.env)) {
    if (
      name === 'APPSYNC_URL' ||
      /^API_.+_GRAPHQLAPIENDPOINTOUTPUT$/.test(name) ||
      name.startsWith('AWS_')
    ) {
      vi.stubEnv(name, undefined);
    }
  }
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.useRealTimers();
});

describe('the endpoint', () => {
  const auth = { type: 'apiKey', apiKey: API_KEY } as const;

  it('is url, else APPSYNC_URL, else the one API_*_GRAPHQLAPIENDPOINTOUTPUT', () => {
    vi.stubEnv('API_BLOG_GRAPHQLAPIENDPOINTOUTPUT', 'https://amplify.example/graphql');
    expect(createAppSyncClient({ auth }).url).toBe('https://amplify.example/graphql');
    vi.stubEnv('APPSYNC_URL', 'https://env.example/graphql');
    expect(createAppSyncClient({ auth }).url).toBe('https://env.example/graphql');
    expect(createAppSyncClient({ auth, url: new URL(URL_) }).url).toBe(URL_);
  });

  it('names what it looked for when there is none, or more than one', () => {
    expect(() => createAppSyncClient({ auth })).toThrow(
      'createAppSyncClient: no endpoint: pass url, or set APPSYNC_URL or one API_<NAME>_GRAPHQLAPIENDPOINTOUTPUT; none is set.',
    );
    vi.stubEnv('API_A_GRAPHQLAPIENDPOINTOUTPUT', 'https://a.example/graphql');
    vi.stubEnv('API_B_GRAPHQLAPIENDPOINTOUTPUT', 'https://b.example/graphql');
    expect(() => createAppSyncClient({ auth })).toThrow(
      /found API_A_GRAPHQLAPIENDPOINTOUTPUT, API_B_GRAPHQLAPIENDPOINTOUTPUT\.$/,
    );
  });

  it('must be an absolute http(s) URL', () => {
    expect(() => createAppSyncClient({ auth, url: 'appsync/graphql' })).toThrow(
      'createAppSyncClient: the endpoint must be an absolute http(s) URL without a query string; received "appsync/graphql".',
    );
    expect(() => createAppSyncClient({ auth, url: 'https://x.example/graphql?stage=1' })).toThrow(
      /without a query string; received "https:\/\/x.example\/graphql\?stage=1"/,
    );
    expect(() => createAppSyncClient({ auth, url: 'ftp://x.example/graphql' })).toThrow(
      'createAppSyncClient: the endpoint must be an absolute http(s) URL without a query string; received "ftp://x.example/graphql".',
    );
  });
});

describe('options', () => {
  it('refuses options that are not an object, and auth of the wrong shape, naming no secret', () => {
    expect(() => createAppSyncClient(null as never)).toThrow(/expects options such as/);
    const bad = (auth: unknown) => () => createAppSyncClient({ url: URL_, auth: auth as never });
    const shape =
      'createAppSyncClient: auth must be { type: "apiKey", apiKey }, { type: "iam", credentials? } or { type: "userPool" | "oidc" | "lambda", token }; received';
    expect(bad(undefined)).toThrow(`${shape} undefined.`);
    expect(bad({ type: 'apiKey', apiKey: '' })).toThrow(`${shape} an object of type "apiKey".`);
    expect(bad({ type: 'oidc', token: 42 })).toThrow(`${shape} an object of type "oidc".`);
    expect(bad({ type: 'cognito', token: 't' })).toThrow(`${shape} an object of type "cognito".`);
    expect(bad({ apiKey: 'da2-secret-value' })).toThrow(`${shape} an object.`);
    expect(
      bad({
        type: 'iam',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'hunter2', extra: 1 },
      }),
    ).not.toThrow();
    const error = (() => {
      try {
        bad({ type: 'iam', credentials: { accessKeyId: 'AKID', secretAccessKey: '' } })();
      } catch (caught) {
        return caught as Error;
      }
      return undefined;
    })();
    expect(error?.message).toBe(`${shape} an object of type "iam".`);
    expect(bad(['apiKey'])).toThrow(/received an array/);
    expect(bad('apiKey')).toThrow(/received string/);
    expect(bad(null)).toThrow(/received null/);
  });

  it('checks retry and timeout numbers', () => {
    const auth = { type: 'apiKey', apiKey: API_KEY } as const;
    expect(() => createAppSyncClient({ url: URL_, auth, retry: { retries: 11 } })).toThrow(
      'createAppSyncClient: retry.retries must be a number from 0 to 10; received 11.',
    );
    expect(() => createAppSyncClient({ url: URL_, auth, timeoutMs: -1 })).toThrow(
      /timeoutMs must be a number from 0 to 900000; received -1/,
    );
    expect(() =>
      createAppSyncClient({ url: URL_, auth, retry: { baseDelayMs: Number.NaN } }),
    ).toThrow(/retry.baseDelayMs/);
  });
});

describe('requests', () => {
  it('posts the document, variables and operation name as JSON with the API key', async () => {
    const { fetch, sent } = scripted({ body: { data: { getPost: { id: '1' } } } });
    const client = keyed(fetch, {
      headers: { 'x-team': 'blog' },
    });
    const result = await client.graphql(
      'query GetPost($id: ID!) { getPost(id: $id) { id } }',
      { id: '1' },
      {
        operationName: 'GetPost',
        headers: { 'x-call': 'yes' },
      },
    );
    expect(result).toEqual({ data: { getPost: { id: '1' } }, status: 200, requestId: 'req-1' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      url: URL_,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': API_KEY,
        'x-team': 'blog',
        'x-call': 'yes',
      },
    });
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({
      query: 'query GetPost($id: ID!) { getPost(id: $id) { id } }',
      variables: { id: '1' },
      operationName: 'GetPost',
    });
  });

  it('sends variables {} when none are given, and no operationName', async () => {
    const { fetch, sent } = scripted();
    const client = keyed(fetch);
    await client.request('{ ok }');
    expect(JSON.parse(sent[0]?.body ?? '')).toEqual({ query: '{ ok }', variables: {} });
  });

  it('sends the token of userPool, oidc and lambda auth as Authorization, asking a function each time', async () => {
    const { fetch, sent } = scripted();
    let n = 0;
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'userPool', token: async () => `jwt-${++n}` },
      fetch,
    });
    await client.request('{ ok }');
    await client.request('{ ok }');
    await client.request('{ ok }', {}, { auth: { type: 'lambda', token: 'custom-token' } });
    await client.request('{ ok }', {}, { auth: { type: 'oidc', token: () => 'oidc-jwt' } });
    expect(sent.map((s) => s.headers.authorization)).toEqual([
      'jwt-1',
      'jwt-2',
      'custom-token',
      'oidc-jwt',
    ]);
    expect(sent.every((s) => s.headers['x-api-key'] === undefined)).toBe(true);
  });

  it('refuses a token function that returns nothing, and a document that is not a string', async () => {
    const { fetch } = scripted();
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'lambda', token: () => '' },
      fetch,
    });
    await expect(client.request('{ ok }')).rejects.toThrow(
      'appsync-direct/client: the lambda token function returned "".',
    );
    await expect(client.request(42 as never)).rejects.toThrow(
      'appsync-direct/client: the document must be a non-empty string; received number.',
    );
    await expect(
      client.request('{ ok }', {}, { auth: { type: 'lambda', token: () => undefined as never } }),
    ).rejects.toThrow(/returned undefined/);
    await expect(client.request('{ ok }', {}, { auth: { type: 'nope' } as never })).rejects.toThrow(
      /^appsync-direct\/client: auth must be/,
    );
  });
});

describe('IAM', () => {
  /** Recomputes the signature of what was sent with @smithy/signature-v4. */
  async function oracle(
    sent: Sent,
    credentials: { accessKeyId: string; secretAccessKey: string; sessionToken?: string },
    region: string,
  ) {
    const url = new URL(sent.url);
    const signer = new SignatureV4({
      credentials,
      region,
      service: 'appsync',
      sha256: Hash.bind(null, 'sha256'),
      applyChecksum: false,
    });
    const headers: Record<string, string> = {
      host: url.host,
      'x-amz-date': sent.headers['x-amz-date'] ?? '',
    };
    const date = sent.headers['x-amz-date'] ?? '';
    const signingDate = new Date(
      `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
    );
    const signed = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: url.protocol,
        hostname: url.hostname,
        path: url.pathname,
        headers,
        body: sent.body,
      }),
      { signingDate },
    );
    return signed.headers.authorization;
  }

  it("signs with Lambda's credentials from the environment, for the AppSync host's region", async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'ASIALAMBDAROLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'lambda-secret');
    vi.stubEnv('AWS_SESSION_TOKEN', 'lambda-session-token');
    vi.stubEnv('AWS_REGION', 'us-west-2');
    const { fetch, sent } = scripted();
    const client = createAppSyncClient({ url: URL_, auth: { type: 'iam' }, fetch });
    await client.request('mutation { publish }');
    const headers = sent[0]?.headers ?? {};
    expect(headers['x-amz-security-token']).toBe('lambda-session-token');
    expect(headers.authorization).toMatch(
      /Credential=ASIALAMBDAROLE\/\d{8}\/eu-west-1\/appsync\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, /,
    );
    expect(headers.authorization).toBe(
      await oracle(
        sent[0] as Sent,
        {
          accessKeyId: 'ASIALAMBDAROLE',
          secretAccessKey: 'lambda-secret',
          sessionToken: 'lambda-session-token',
        },
        'eu-west-1',
      ),
    );
  });

  it('takes the region from the option, else AWS_REGION, on a custom domain; none is an error', () => {
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    expect(() =>
      createAppSyncClient({
        url: 'https://api.example.com/graphql',
        auth: { type: 'iam', credentials },
      }),
    ).toThrow(
      'createAppSyncClient: IAM needs a region, and api.example.com names none: pass region, or set AWS_REGION.',
    );
    // Other modes need no region.
    expect(() =>
      createAppSyncClient({
        url: 'https://api.example.com/graphql',
        auth: { type: 'apiKey', apiKey: API_KEY },
      }),
    ).not.toThrow();
    vi.stubEnv('AWS_REGION', 'ap-south-1');
    expect(() =>
      createAppSyncClient({
        url: 'https://api.example.com/graphql',
        auth: { type: 'iam', credentials },
      }),
    ).not.toThrow();
  });

  it('signs for the region option over the host', async () => {
    const { fetch, sent } = scripted();
    const credentials = { accessKeyId: 'AKID', secretAccessKey: 'secret' };
    const client = createAppSyncClient({
      url: URL_,
      region: 'eu-central-1',
      auth: { type: 'iam', credentials },
      fetch,
    });
    await client.request('{ ok }');
    expect(sent[0]?.headers.authorization).toContain('/eu-central-1/appsync/aws4_request');
    expect(sent[0]?.headers['x-amz-security-token']).toBeUndefined();
    expect(sent[0]?.headers.authorization).toBe(
      await oracle(sent[0] as Sent, credentials, 'eu-central-1'),
    );
  });

  it('says where credentials come from when Lambda has set none', () => {
    expect(() => createAppSyncClient({ url: URL_, auth: { type: 'iam' } })).toThrow(
      'appsync-direct/client: IAM auth needs auth.credentials, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.',
    );
  });

  it('reads the environment on each call, and fails a call when the variables are gone', async () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDONE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'one');
    const { fetch, sent } = scripted();
    const client = createAppSyncClient({ url: URL_, auth: { type: 'iam' }, fetch });
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDTWO');
    await client.request('{ ok }');
    expect(sent[0]?.headers.authorization).toContain('Credential=AKIDTWO/');
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    await expect(client.request('{ ok }')).rejects.toThrow(/IAM auth needs auth.credentials/);
  });

  it("keeps a provider's credentials until a minute before they expire, sharing one call between requests", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    let n = 0;
    const provider = vi.fn(async () => ({
      accessKeyId: `ASIA${++n}`,
      secretAccessKey: 'secret',
      sessionToken: `token-${n}`,
      expiration: new Date(Date.now() + 10 * 60_000),
    }));
    const { fetch, sent } = scripted();
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'iam', credentials: provider },
      fetch,
    });
    await Promise.all([client.request('{ ok }'), client.request('{ ok }')]);
    await client.request('{ ok }');
    expect(provider).toHaveBeenCalledTimes(1);
    vi.setSystemTime(new Date('2026-12-07T12:09:30Z'));
    await client.request('{ ok }');
    expect(provider).toHaveBeenCalledTimes(2);
    expect(sent.map((s) => s.headers['x-amz-security-token'])).toEqual([
      'token-1',
      'token-1',
      'token-1',
      'token-2',
    ]);
  });

  it("keeps credentials without an expiry for good, and never keeps a provider's failure", async () => {
    const provider = vi
      .fn()
      .mockRejectedValueOnce(new Error('no metadata service'))
      .mockResolvedValueOnce({ accessKeyId: '', secretAccessKey: 'x' })
      .mockResolvedValue({ accessKeyId: 'AKID', secretAccessKey: 'secret' });
    const { fetch } = scripted();
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'iam', credentials: provider },
      fetch,
    });
    await expect(client.request('{ ok }')).rejects.toThrow('no metadata service');
    await expect(client.request('{ ok }')).rejects.toThrow(
      'appsync-direct/client: the credentials provider returned an object, not { accessKeyId, secretAccessKey }.',
    );
    await client.request('{ ok }');
    await client.request('{ ok }');
    expect(provider).toHaveBeenCalledTimes(3);
  });

  it('learns the clock skew from the Date of a "Signature expired" answer and signs again, once', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    const expired = {
      status: 403,
      headers: {
        date: 'Mon, 07 Dec 2026 12:20:00 GMT',
        'x-amzn-errortype': 'InvalidSignatureException',
      },
      body: {
        errors: [
          {
            errorType: 'InvalidSignatureException',
            message:
              'Signature expired: 20261207T120000Z is now earlier than 20261207T121500Z (20261207T122000Z - 5 min.)',
          },
        ],
      },
    };
    const { fetch, sent } = scripted(
      expired,
      { body: { data: { publish: true } } },
      expired,
      expired,
    );
    const log = recorder();
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'iam', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } },
      fetch,
      logger: log.logger,
    });
    await expect(client.request('mutation { publish }')).resolves.toEqual({ publish: true });
    expect(sent.map((s) => s.headers['x-amz-date'])).toEqual([
      '20261207T120000Z',
      '20261207T122000Z',
    ]);
    expect(log.lines.map((l) => l.message)).toEqual([
      'appsync-direct/client: mutation -> 403 InvalidSignatureException; retrying',
    ]);
    // The offset is kept; a second expiry in a call is not corrected again.
    const again = await client.graphql('mutation { publish }');
    expect(again.status).toBe(403);
    expect(again.errors?.[0]?.errorType).toBe('InvalidSignatureException');
    expect(sent).toHaveLength(4);
  });
});

describe('answers', () => {
  const partial = {
    data: { getPost: { id: '1', author: null } },
    errors: [
      {
        path: ['getPost', 'author'],
        data: null,
        errorType: 'NotFoundError',
        errorInfo: { id: 'u9' },
        locations: [{ line: 1, column: 20, sourceName: null }],
        message: 'no author u9',
      },
      { path: ['getPost', 'x'], errorType: 'Other', message: 'second' },
    ],
  };

  it('graphql() returns partial data with the errors as AppSync wrote them', async () => {
    const { fetch } = scripted({ body: partial });
    const client = keyed(fetch);
    const result = await client.graphql('{ getPost(id: "1") { id author { name } } }');
    expect(result).toEqual({ ...partial, status: 200, requestId: 'req-1' });
  });

  it('request() throws AppSyncRequestError with the errors, the partial data and the status', async () => {
    const { fetch } = scripted({ body: partial });
    const client = keyed(fetch);
    const error = await client
      .request('query P { getPost(id: "1") { id } }')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppSyncRequestError);
    expect(error).toMatchObject({
      name: 'AppSyncRequestError',
      message: 'query: NotFoundError: no author u9 (and 1 more)',
      errorType: 'NotFoundError',
      errors: partial.errors,
      data: partial.data,
      status: 200,
      requestId: 'req-1',
    });
  });

  it("returns AppSync's refusals (401, 400) from graphql(), and throws them from request()", async () => {
    const refused = {
      status: 401,
      headers: { 'x-amzn-errortype': 'UnauthorizedException' },
      body: {
        errors: [
          {
            errorType: 'UnauthorizedException',
            message: 'You are not authorized to make this call.',
          },
        ],
      },
    };
    const { fetch, sent } = scripted(refused, refused);
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'apiKey', apiKey: 'da2-wrong' },
      fetch,
      logger: false,
    });
    const result = await client.graphql('{ ok }');
    expect(result).toEqual({
      data: null,
      errors: refused.body.errors,
      status: 401,
      requestId: 'req-1',
    });
    await expect(
      client.request('{ ok }', undefined, { operationName: 'Ok' }),
    ).rejects.toMatchObject({
      message: 'Ok: UnauthorizedException: You are not authorized to make this call.',
      status: 401,
      errorType: 'UnauthorizedException',
    });
    expect(sent).toHaveLength(2);
  });

  it('names the status when an error answer carries no errors entry', async () => {
    const { fetch } = scripted({ status: 400, body: { data: null } });
    const client = keyed(fetch, {
      logger: false,
    });
    await expect(client.request('{ ok }')).rejects.toMatchObject({
      errorType: 'HTTP 400',
      message: 'query: HTTP 400: no message',
      status: 400,
    });
  });

  it('throws InvalidResponseError for an answer that is not a GraphQL response', async () => {
    for (const reply of [
      { status: 200, text: '<html>gateway</html>' },
      { status: 200, text: '[1]' },
      { status: 200, text: '{"message":"hi"}' },
      { status: 200, text: '{"errors":"bad"}' },
      { status: 404, text: 'Not Found' },
    ]) {
      const { fetch } = scripted(reply);
      const client = keyed(fetch, {
        logger: false,
      });
      const error = (await client
        .graphql('mutation { a }')
        .catch((caught: unknown) => caught)) as AppSyncRequestError;
      expect(error).toBeInstanceOf(AppSyncRequestError);
      expect(error.errorType).toBe('InvalidResponseError');
      expect(error.status).toBe(reply.status);
      expect(error.message).toBe(
        `mutation: ${reply.status}, no GraphQL response (${reply.text.length} bytes).`,
      );
    }
  });
});

describe('retries', () => {
  const unavailable = { status: 503, text: 'Service Unavailable' };

  it('retries a query after a 503 and a 429, with a log line for each, and answers', async () => {
    const { fetch, sent } = scripted(unavailable, {
      status: 429,
      body: { errors: [{ errorType: 'TooManyRequests', message: 'slow down' }] },
      headers: { 'retry-after': '0' },
    });
    const log = recorder();
    const client = keyed(fetch, {
      retry: noWait,
      logger: log.logger,
    });
    await expect(
      client.request('query Q { ok }', undefined, { operationName: 'Q' }),
    ).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(3);
    expect(log.lines.map((l) => l.message)).toEqual([
      'appsync-direct/client: Q -> 503 HTTP 503; retrying',
      'appsync-direct/client: Q -> 429 TooManyRequests; retrying',
    ]);
    expect(log.lines[0]?.attributes).toMatchObject({
      url: URL_,
      operation: 'Q',
      attempt: 1,
      status: 503,
      willRetry: true,
    });
  });

  it('retries a throttled 400, and gives up after `retries`, answering what came last', async () => {
    const throttled = {
      status: 400,
      body: { errors: [{ errorType: 'ThrottlingException', message: 'Rate exceeded' }] },
    };
    const { fetch, sent } = scripted(...Array.from({ length: 6 }, () => throttled));
    const client = keyed(fetch, {
      retry: { ...noWait, retries: 2 },
      logger: false,
    });
    const result = await client.graphql('{ ok }');
    expect(sent).toHaveLength(3);
    expect(result).toMatchObject({ status: 400, errors: [{ errorType: 'ThrottlingException' }] });
    // request() says how many requests it took.
    await expect(client.request('{ ok }')).rejects.toMatchObject({
      errorType: 'ThrottlingException',
      status: 400,
      attempts: 3,
    });
    expect(sent).toHaveLength(6);
  });

  it('does not retry a mutation unless asked, nor a document whose operation it cannot tell', async () => {
    for (const document of ['mutation { publish }', 'query A { a } query B { b }']) {
      const { fetch, sent } = scripted(unavailable);
      const client = keyed(fetch, {
        retry: noWait,
        logger: false,
      });
      await expect(client.request(document)).rejects.toMatchObject({
        errorType: 'InvalidResponseError',
        status: 503,
        attempts: 1,
      });
      expect(sent).toHaveLength(1);
    }
    const { fetch, sent } = scripted(unavailable);
    const client = keyed(fetch, {
      retry: { ...noWait, mutations: true },
      logger: false,
    });
    await expect(client.request('mutation { publish }')).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(2);
  });

  it('retry: false sends once', async () => {
    const { fetch, sent } = scripted(unavailable);
    const client = keyed(fetch, {
      retry: false,
      logger: false,
    });
    await expect(client.request('{ ok }')).rejects.toMatchObject({ attempts: 1, status: 503 });
    expect(sent).toHaveLength(1);
  });

  it('retries a query when the request fails on the way, then throws NetworkError with the cause', async () => {
    const lost = new TypeError('fetch failed', { cause: new Error('ECONNRESET') });
    const { fetch, sent } = scripted(lost, lost, lost);
    const log = recorder();
    const client = keyed(fetch, {
      retry: noWait,
      logger: log.logger,
    });
    const error = (await client
      .request('{ ok }')
      .catch((caught: unknown) => caught)) as AppSyncRequestError;
    expect(sent).toHaveLength(3);
    expect(error).toMatchObject({ errorType: 'NetworkError', attempts: 3, errors: [] });
    expect(error.message).toBe('query: the request failed: fetch failed (ECONNRESET).');
    expect(error.status).toBeUndefined();
    expect(error.cause).toBe(lost);
    expect(log.lines.map((l) => l.message)).toEqual([
      'appsync-direct/client: query -> NetworkError; retrying',
      'appsync-direct/client: query -> NetworkError; retrying',
      'appsync-direct/client: query -> NetworkError',
    ]);
  });

  it('waits a Retry-After no longer than maxDelayMs, and a backoff no longer than its ceiling', async () => {
    vi.useFakeTimers();
    const { fetch, sent } = scripted({ status: 429, text: '', headers: { 'retry-after': '120' } });
    const client = keyed(fetch, {
      retry: { maxDelayMs: 1500 },
      logger: false,
    });
    const pending = client.request('{ ok }');
    await vi.advanceTimersByTimeAsync(1499);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await expect(pending).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(2);
  });
});

describe('timeouts and signals', () => {
  /** A fetch that never answers until its signal fires. */
  const hanging = (_sent: Sent, init: RequestInit) =>
    new Promise<Response>((_, reject) => {
      if (init.signal?.aborted) reject(init.signal.reason);
      init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
    });

  it("has no timeout of its own unless timeoutMs is given: fetch gets the caller's signal, or none", async () => {
    const signals: (AbortSignal | null | undefined)[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      signals.push(init.signal);
      return new Response('{"data":{"ok":true}}');
    }) as unknown as typeof globalThis.fetch;
    const plain = keyed(fetch);
    const caller = new AbortController();
    await plain.request('{ ok }');
    await plain.request('{ ok }', undefined, { signal: caller.signal });
    const timed = keyed(fetch, {
      timeoutMs: 5000,
    });
    await timed.request('{ ok }', undefined, { signal: caller.signal });
    expect(signals[0]).toBeNull();
    expect(signals[1]).toBe(caller.signal);
    // With a timeout, the client's own signal, which the caller's aborts too.
    expect(signals[2]).toBeInstanceOf(AbortSignal);
    expect(signals[2]).not.toBe(caller.signal);
  });

  it('abandons a request after timeoutMs with TimeoutError', async () => {
    const { fetch, sent } = scripted(hanging);
    const client = keyed(fetch, {
      timeoutMs: 20,
      retry: false,
      logger: false,
    });
    await expect(client.request('{ ok }')).rejects.toMatchObject({
      errorType: 'TimeoutError',
      message: 'query: no answer within 20 ms.',
    });
    expect(sent).toHaveLength(1);
  });

  it('stops a request in flight when the signal fires, with its reason as the cause', async () => {
    const { fetch, sent } = scripted(hanging);
    const client = keyed(fetch, {
      logger: false,
    });
    const controller = new AbortController();
    const pending = client.request('{ ok }', undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    const reason = new Error('deadline');
    controller.abort(reason);
    const error = (await pending.catch((caught: unknown) => caught)) as AppSyncRequestError;
    expect(error).toMatchObject({
      errorType: 'AbortError',
      message: 'query: aborted by the signal.',
      attempts: 1,
    });
    expect(error.cause).toBe(reason);
  });

  it('sends nothing once the signal has fired, even if it fires while the token is fetched', async () => {
    const { fetch, sent } = scripted();
    const controller = new AbortController();
    const client = createAppSyncClient({
      url: URL_,
      auth: {
        type: 'lambda',
        token: async () => {
          controller.abort(new Error('deadline'));
          return 'token';
        },
      },
      fetch,
      logger: false,
    });
    await expect(
      client.request('{ ok }', undefined, { signal: controller.signal }),
    ).rejects.toMatchObject({ errorType: 'AbortError' });
    await expect(
      client.request('{ ok }', undefined, { signal: controller.signal }),
    ).rejects.toMatchObject({ errorType: 'AbortError' });
    expect(sent).toHaveLength(0);
  });

  it('stops waiting between retries when the signal fires', async () => {
    const { fetch, sent } = scripted({ status: 503, text: '' });
    const client = keyed(fetch, {
      retry: { baseDelayMs: 60_000, maxDelayMs: 60_000 },
      logger: false,
    });
    const controller = new AbortController();
    const pending = client.request('{ ok }', undefined, { signal: controller.signal });
    await vi.waitFor(() => expect(sent).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ errorType: 'AbortError', attempts: 1 });
    expect(sent).toHaveLength(1);
  });
});

describe('log lines', () => {
  it('never carry the API key, the token, the secret or the signature', async () => {
    const secretMessage = `bad key ${API_KEY}\nThe Canonical String for this request should have been 'x-amz-security-token:SESSION'`;
    const { fetch } = scripted(
      { status: 403, body: { errors: [{ errorType: 'Forbidden', message: secretMessage }] } },
      {
        status: 403,
        body: { errors: [{ errorType: 'Forbidden', message: 'jwt-token-value was refused' }] },
      },
      {
        status: 403,
        body: { errors: [{ errorType: 'InvalidSignatureException', message: 'no match SESSION' }] },
      },
    );
    const log = recorder();
    const client = keyed(fetch, {
      logger: log.logger,
    });
    await client.graphql('{ ok }');
    await client.graphql('{ ok }', {}, { auth: { type: 'userPool', token: 'jwt-token-value' } });
    await client.graphql(
      '{ ok }',
      {},
      {
        auth: {
          type: 'iam',
          credentials: {
            accessKeyId: 'AKID',
            secretAccessKey: 'SECRETKEY',
            sessionToken: 'SESSION',
          },
        },
      },
    );
    const text = log.text();
    for (const secret of [API_KEY, 'jwt-token-value', 'SECRETKEY', 'SESSION', 'Signature='])
      expect(text).not.toContain(secret);
    expect(log.lines.map((l) => l.attributes.message)).toEqual([
      'bad key [redacted]',
      '[redacted] was refused',
      'no match [redacted]',
    ]);
  });

  it('go to console.warn by default, one line each', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const { fetch } = scripted({ status: 500, text: 'x'.repeat(300) });
      const client = keyed(fetch, {
        retry: false,
      });
      await client.graphql('mutation { a }').catch(() => undefined);
      expect(warn).toHaveBeenCalledTimes(1);
      const [message, attributes] = warn.mock.calls[0] as [string, string];
      expect(message).toBe('appsync-direct/client: mutation -> 500 HTTP 500');
      expect(JSON.parse(attributes)).toMatchObject({ status: 500, willRetry: false, attempt: 1 });
    } finally {
      warn.mockRestore();
    }
  });
});

describe('regressions', () => {
  // The redaction of log lines once ran a backtracking regex over every credential value on every
  // request, successful or not: quadratic in the session token's length. A megabyte-long token
  // took minutes; now nothing is scanned unless a line is written.
  it('signs a request with a very long session token without scanning it', async () => {
    const { fetch, sent } = scripted();
    const sessionToken = 'T'.repeat(1_000_000);
    const client = createAppSyncClient({
      url: URL_,
      auth: {
        type: 'iam',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken },
      },
      fetch,
    });
    await expect(client.request('{ ok }')).resolves.toEqual({ ok: true });
    expect(sent[0]?.headers['x-amz-security-token']).toHaveLength(1_000_000);
  }, 30_000);
});

describe('regressions from review', () => {
  const canonical =
    "The request signature we calculated does not match the signature you provided.\n\nThe Canonical String for this request should have been\n'POST\n/graphql\n\nhost:x\nx-amz-security-token:SESSIONTOKENVALUE\n'";

  it('never puts a refusal quoting the session token into the thrown error or its errors', async () => {
    const { fetch } = scripted(
      {
        status: 403,
        body: { errors: [{ errorType: 'InvalidSignatureException', message: canonical }] },
      },
      {
        status: 403,
        body: { errors: [{ errorType: 'InvalidSignatureException', message: canonical }] },
      },
    );
    const client = createAppSyncClient({
      url: URL_,
      auth: {
        type: 'iam',
        credentials: {
          accessKeyId: 'AKID',
          secretAccessKey: 'SECRET',
          sessionToken: 'SESSIONTOKENVALUE',
        },
      },
      fetch,
      logger: false,
    });
    const error = (await client
      .request('{ ok }')
      .catch((caught: unknown) => caught)) as AppSyncRequestError;
    expect(error.message).toBe(
      'query: InvalidSignatureException: The request signature we calculated does not match the signature you provided.',
    );
    expect(JSON.stringify(error.errors)).not.toContain('SESSIONTOKENVALUE');
    const result = await client.graphql('{ ok }');
    expect(JSON.stringify(result)).not.toContain('SESSIONTOKENVALUE');
    expect(result.errors?.[0]?.errorType).toBe('InvalidSignatureException');
  });

  it('merges header names case-insensitively: the credentials win, one content-type', async () => {
    const { fetch, sent } = scripted();
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'apiKey', apiKey: API_KEY },
      fetch,
      headers: { 'X-Api-Key': 'stale', 'Content-Type': 'application/json; charset=utf-8' },
    });
    await client.request('{ ok }', undefined, { headers: { 'X-Team': 'blog' } });
    expect(sent[0]?.headers).toMatchObject({
      'x-api-key': API_KEY,
      'content-type': 'application/json; charset=utf-8',
      'x-team': 'blog',
    });
  });

  it('refuses redirects, which would replay the credentials elsewhere', async () => {
    const inits: RequestInit[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      inits.push(init);
      return new Response('{"data":{"ok":true}}');
    }) as unknown as typeof globalThis.fetch;
    await keyed(fetch).request('{ ok }');
    expect(inits[0]?.redirect).toBe('error');
  });

  it('leaves no abort listener on a long-lived signal after retries', async () => {
    const controller = new AbortController();
    const registered = new Set<unknown>();
    const { signal } = controller;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = ((type: string, listener: unknown, ...rest: unknown[]) => {
      registered.add(listener);
      (add as (...args: unknown[]) => void)(type, listener, ...rest);
    }) as typeof add;
    signal.removeEventListener = ((type: string, listener: unknown, ...rest: unknown[]) => {
      registered.delete(listener);
      (remove as (...args: unknown[]) => void)(type, listener, ...rest);
    }) as typeof remove;
    for (const timeoutMs of [undefined, 5000]) {
      const { fetch } = scripted({ status: 503, text: '' }, { status: 503, text: '' });
      const client = keyed(fetch, { retry: noWait, logger: false, timeoutMs });
      await client.request('{ ok }', undefined, { signal });
    }
    expect(registered.size).toBe(0);
  });

  it('asks for no token and counts no attempt once the signal has fired', async () => {
    const token = vi.fn(() => 'token');
    const { fetch, sent } = scripted();
    const client = createAppSyncClient({ url: URL_, auth: { type: 'lambda', token }, fetch });
    const error = await client
      .request('{ ok }', undefined, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ errorType: 'AbortError', attempts: 0 });
    expect(token).not.toHaveBeenCalled();
    expect(sent).toHaveLength(0);
  });
});

describe('a skew correction', () => {
  it('does not count against the retries of a query', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-07T12:00:00Z'));
    const expired = {
      status: 403,
      headers: { date: 'Mon, 07 Dec 2026 12:20:00 GMT' },
      body: {
        errors: [{ errorType: 'InvalidSignatureException', message: 'Signature expired: x' }],
      },
    };
    const unavailable = { status: 503, text: '' };
    const { fetch, sent } = scripted(expired, unavailable, { body: { data: { ok: true } } });
    const client = createAppSyncClient({
      url: URL_,
      auth: { type: 'iam', credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } },
      fetch,
      retry: { ...noWait, retries: 1 },
      logger: false,
    });
    // One retry allowed: the 503 is retried although a request was already sent again for skew.
    await expect(client.request('{ ok }')).resolves.toEqual({ ok: true });
    expect(sent).toHaveLength(3);
  });
});

describe('typed documents', () => {
  it('carry nothing at run time: a typed document is its string', async () => {
    const GetPost = 'query GetPost($id: ID!) { getPost(id: $id) { id } }' as TypedDocument<
      { getPost: { id: string } | null },
      { id: string }
    >;
    const { fetch, sent } = scripted({ body: { data: { getPost: { id: '7' } } } });
    const client = keyed(fetch);
    const data = await client.request(GetPost, { id: '7' });
    expect(data.getPost?.id).toBe('7');
    expect(JSON.parse(sent[0]?.body ?? '').query).toBe(GetPost);
  });
});
