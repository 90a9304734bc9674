/**
 * appsync-direct/client end to end, over real HTTP: against `appsync-direct dev` serving
 * test/client/api in all five auth modes, through a proxy that answers 429 and 503 first, and
 * against the emulator behind a Node server whose clock runs ahead.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppSyncRequestError,
  type ClientAuth,
  type ClientLogger,
  createAppSyncClient,
} from '../../src/client/index.js';
import { localToken } from '../../src/dev/auth.js';
import type { DevServer } from '../../src/dev/server.js';
import { createEmulator } from '../../src/emulator/index.js';
import { startTestServer } from '../dev-helpers.js';
import { app } from './api/handler.js';

const SCHEMA = 'test/client/api/schema.graphql';
const API_KEY = 'da2-clientendtoendtest0000000';
const WHOAMI = '{ whoami { kind id } }';

let dev: DevServer;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const started = await startTestServer({
    schema: SCHEMA,
    handler: 'test/client/api/handler.ts',
    auth: ['apiKey', 'iam', 'cognito', 'oidc', 'lambda'],
    apiKey: API_KEY,
    region: 'eu-west-1',
  });
  dev = started.server;
  closers.push(() => dev.close());
}, 60_000);

afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

const iamKeys = () => {
  const iam = dev.iam;
  if (iam === undefined) throw new Error('dev was started with IAM among its modes');
  return iam;
};

function client(auth: ClientAuth, more: Partial<Parameters<typeof createAppSyncClient>[0]> = {}) {
  return createAppSyncClient({ url: dev.url, auth, logger: false, ...more });
}

/** A Node server on 127.0.0.1 and a free port, closed after the suite. */
async function serve(
  handle: (
    req: IncomingMessage,
    body: Buffer,
  ) => Promise<{ status: number; headers: Record<string, string>; body: string }>,
): Promise<string> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      handle(req, Buffer.concat(chunks)).then(
        (answer) => {
          res.writeHead(answer.status, answer.headers);
          res.end(answer.body);
        },
        (error: unknown) => {
          res.writeHead(500);
          res.end(String(error));
        },
      );
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  closers.push(
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

describe('each auth mode against appsync-direct dev', () => {
  it('API key', async () => {
    const data = await client({ type: 'apiKey', apiKey: API_KEY }).request(WHOAMI);
    expect(data).toEqual({ whoami: { kind: 'apiKey', id: null } });
  });

  it('IAM, signed with the local key pair, is the key principal', async () => {
    const { accessKeyId, secretAccessKey, principal } = iamKeys();
    const data = await client(
      { type: 'iam', credentials: { accessKeyId, secretAccessKey } },
      { region: 'eu-west-1' },
    ).request(WHOAMI);
    expect(data).toEqual({ whoami: { kind: 'iam', id: principal } });
  });

  it('IAM with temporary credentials (a session token) from a provider', async () => {
    const { accessKeyId, secretAccessKey, principal } = iamKeys();
    const provider = async () => ({
      accessKeyId,
      secretAccessKey,
      sessionToken: 'local-session',
      expiration: new Date(Date.now() + 3_600_000),
    });
    const data = await client(
      { type: 'iam', credentials: provider },
      { region: 'eu-west-1' },
    ).request(WHOAMI);
    expect(data).toEqual({ whoami: { kind: 'iam', id: principal } });
  });

  it('Cognito user pools, OIDC and Lambda tokens', async () => {
    await expect(
      client({ type: 'userPool', token: localToken('cognito') }).request(WHOAMI),
    ).resolves.toEqual({
      whoami: { kind: 'cognito', id: 'local-user' },
    });
    await expect(
      client({ type: 'oidc', token: async () => localToken('oidc') }).request(WHOAMI),
    ).resolves.toEqual({
      whoami: { kind: 'oidc', id: 'local-user' },
    });
    await expect(
      client({ type: 'lambda', token: '{"tenant":"t1"}' }).request(WHOAMI),
    ).resolves.toEqual({
      whoami: { kind: 'lambda', id: '{"tenant":"t1"}' },
    });
  });

  it('a mutation, with typed variables', async () => {
    const data = await client({ type: 'apiKey', apiKey: API_KEY }).request<
      { addNote: { text: string } },
      { text: string }
    >('mutation Add($text: String!) { addNote(text: $text) { text } }', { text: 'hello' });
    expect(data).toEqual({ addNote: { text: 'hello' } });
  });
});

describe('what AppSync rejects, the local AppSync rejects', () => {
  it('a wrong API key: 401 UnauthorizedException', async () => {
    const result = await client({ type: 'apiKey', apiKey: 'da2-notthekey' }).graphql(WHOAMI);
    expect(result.status).toBe(401);
    expect(result.data).toBeNull();
    expect(result.errors).toEqual([
      { errorType: 'UnauthorizedException', message: 'You are not authorized to make this call.' },
    ]);
  });

  it('a body changed after signing: 403 InvalidSignatureException', async () => {
    const { accessKeyId, secretAccessKey } = iamKeys();
    const tamper: typeof fetch = (url, init) =>
      fetch(url, { ...init, body: String(init?.body).replace('whoami', 'whoami ') });
    const result = await client(
      { type: 'iam', credentials: { accessKeyId, secretAccessKey } },
      { region: 'eu-west-1', fetch: tamper },
    ).graphql(WHOAMI);
    expect(result.status).toBe(403);
    expect(result.errors?.[0]?.errorType).toBe('InvalidSignatureException');
    expect(result.errors?.[0]?.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\./,
    );
  });

  it('a signature for another region: 403 InvalidSignatureException', async () => {
    const { accessKeyId, secretAccessKey } = iamKeys();
    const result = await client(
      { type: 'iam', credentials: { accessKeyId, secretAccessKey } },
      { region: 'us-west-2' },
    ).graphql(WHOAMI);
    expect(result.status).toBe(403);
    expect(result.errors).toEqual([
      {
        errorType: 'InvalidSignatureException',
        message: expect.stringMatching(/^Credential should be scoped to a valid region/),
      },
    ]);
  });

  it('an access key the API does not know: 403 UnrecognizedClientException', async () => {
    const result = await client(
      {
        type: 'iam',
        credentials: { accessKeyId: 'AKIAUNKNOWNKEY000000', secretAccessKey: 'x'.repeat(40) },
      },
      { region: 'eu-west-1' },
    ).graphql(WHOAMI);
    expect(result.status).toBe(403);
    expect(result.errors).toEqual([
      {
        errorType: 'UnrecognizedClientException',
        message: 'The security token included in the request is invalid.',
      },
    ]);
  });

  it('request() throws each refusal as AppSyncRequestError', async () => {
    const error = await client({ type: 'apiKey', apiKey: 'da2-notthekey' })
      .request(WHOAMI)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AppSyncRequestError);
    expect(error).toMatchObject({ status: 401, errorType: 'UnauthorizedException', attempts: 1 });
  });
});

describe('answers', () => {
  it('partial data with the errors, from graphql(); thrown with the data by request()', async () => {
    const api = client({ type: 'apiKey', apiKey: API_KEY });
    const query = '{ getPost(id: "7") { id title author } missing: getPost(id: "404") { id } }';
    const result = await api.graphql(query);
    expect(result.status).toBe(200);
    expect(result.data).toEqual({
      getPost: { id: '7', title: 'Post 7', author: null },
      missing: null,
    });
    expect(result.errors).toEqual([
      expect.objectContaining({
        path: ['missing'],
        errorType: 'NotFoundError',
        message: 'post 404 not found',
      }),
      expect.objectContaining({
        path: ['getPost', 'author'],
        errorType: 'AuthorMissing',
        message: 'no author for post 7',
        locations: [expect.objectContaining({ line: 1 })],
      }),
    ]);
    const error = (await api
      .request(query)
      .catch((caught: unknown) => caught)) as AppSyncRequestError;
    expect(error.data).toEqual(result.data);
    expect(error.errors).toEqual(result.errors);
    expect(error.message).toBe('query: NotFoundError: post 404 not found (and 1 more)');
  });
});

describe('retries, timeouts and signals over HTTP', () => {
  it('retries a query after a 429 and after a 503, then answers from dev', async () => {
    const refusals = [
      {
        status: 429,
        headers: { 'content-type': 'application/json', 'retry-after': '0' },
        body: '{"errors":[{"errorType":"TooManyRequestsException","message":"slow down"}]}',
      },
      { status: 503, headers: { 'content-type': 'text/plain' }, body: 'Service Unavailable' },
    ];
    const seen: string[] = [];
    const proxy = await serve(async (req, body) => {
      seen.push(String(req.headers['x-api-key']));
      const refusal = refusals.shift();
      if (refusal !== undefined) return refusal;
      const response = await fetch(dev.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': String(req.headers['x-api-key']),
        },
        body: body.toString('utf8'),
      });
      return {
        status: response.status,
        headers: { 'content-type': 'application/json' },
        body: await response.text(),
      };
    });
    const lines: string[] = [];
    const logger: ClientLogger = { warn: (message) => lines.push(message) };
    const api = createAppSyncClient({
      url: proxy,
      auth: { type: 'apiKey', apiKey: API_KEY },
      retry: { baseDelayMs: 1, maxDelayMs: 5 },
      logger,
    });
    await expect(api.request(WHOAMI)).resolves.toEqual({ whoami: { kind: 'apiKey', id: null } });
    expect(seen).toEqual([API_KEY, API_KEY, API_KEY]);
    expect(lines).toEqual([
      'appsync-direct/client: query -> 429 TooManyRequestsException; retrying',
      'appsync-direct/client: query -> 503 HTTP 503; retrying',
    ]);
  });

  it('times out a request that takes longer than timeoutMs', async () => {
    const api = client({ type: 'apiKey', apiKey: API_KEY }, { timeoutMs: 50, retry: false });
    await expect(api.request('{ slow(ms: 2000) }')).rejects.toMatchObject({
      errorType: 'TimeoutError',
      attempts: 1,
    });
  });

  it('stops at an aborted signal, as at a Lambda deadline', async () => {
    const api = client({ type: 'apiKey', apiKey: API_KEY });
    const signal = AbortSignal.timeout(50);
    const error = (await api
      .request('{ slow(ms: 2000) }', undefined, { signal })
      .catch((caught: unknown) => caught)) as AppSyncRequestError;
    expect(error).toMatchObject({ errorType: 'AbortError' });
    expect((error.cause as Error).name).toBe('TimeoutError');
  });
});

describe('a skewed clock', () => {
  it('is refused with "Signature expired", then corrected from the answer\'s Date', async () => {
    const accessKeyId = 'AKIASKEWTEST00000000';
    const secretAccessKey = 'skew/test/secret/key/000000000000000000000';
    const ahead = 20 * 60_000;
    const emulator = createEmulator({
      schema: SCHEMA,
      handler: app,
      auth: {
        default: 'iam',
        iamCredentials: [
          { accessKeyId, secretAccessKey, principal: 'arn:aws:iam::123456789012:user/skew' },
        ],
        region: 'eu-west-1',
        // AppSync's clock, 20 minutes ahead of this machine's.
        clock: () => Date.now() + ahead,
      },
    });
    const url = await serve(async (req, body) => {
      const request = JSON.parse(body.toString('utf8')) as {
        query: string;
        variables?: Record<string, unknown>;
      };
      const result = await emulator.execute({
        ...request,
        headers: req.headers as Record<string, string>,
        http: { method: String(req.method), path: String(req.url), body },
      });
      return { status: result.status, headers: result.headers, body: JSON.stringify(result.body) };
    });
    const dates: string[] = [];
    const recording: typeof fetch = (input, init) => {
      dates.push(new Headers(init?.headers).get('x-amz-date') ?? '');
      return fetch(input, init);
    };
    const api = createAppSyncClient({
      url,
      auth: { type: 'iam', credentials: { accessKeyId, secretAccessKey } },
      region: 'eu-west-1',
      fetch: recording,
      logger: false,
    });
    await expect(api.request('mutation { addNote(text: "once") { text } }')).resolves.toEqual({
      addNote: { text: 'once' },
    });
    expect(dates).toHaveLength(2);
    const minutes = (amz: string) =>
      Date.parse(
        amz.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z'),
      ) / 60_000;
    expect(Math.round(minutes(dates[1] as string) - minutes(dates[0] as string))).toBe(20);
    // The offset is kept: the next call is signed right the first time.
    await api.request(WHOAMI);
    expect(dates).toHaveLength(3);
  });
});
