/**
 * `auth.iamCredentials` through `execute`: signed requests verified over the raw request, the
 * identity of the key's principal, AppSync's 403 answers with their headers, the clock, and the
 * client (`appsync-direct/client`) running against the emulator unchanged.
 */
import type { AppSyncResolverEvent } from 'appsync-direct';
import { createAppSyncClient } from 'appsync-direct/client';
import { type AuthOptions, createEmulator, type ExecuteRequest } from 'appsync-direct/emulator';
import { makeIdentity } from 'appsync-direct/testing';
import { describe, expect, it } from 'vitest';
import { type AwsCredentials, signRequest } from '../../src/client/sigv4.js';
import { principalIdentity } from '../../src/emulator/iam.js';
import { API_KEY, recorder } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    whoami: AWSJSON @aws_iam @aws_api_key
  }
`;

const ALICE: AwsCredentials = {
  accessKeyId: 'AKIALOCALALICE000001',
  secretAccessKey: 'alice/secret+key/000000000000000000000000',
};
const ALICE_ARN = 'arn:aws:iam::111122223333:user/alice';
const ENDPOINT = new URL('http://127.0.0.1:4000/graphql');
const NOW = Date.UTC(2026, 0, 15, 10, 0, 12);
const QUERY = '{ whoami }';

function setup(auth: Partial<AuthOptions> = {}) {
  const lambda = recorder((event) => JSON.stringify((event as AppSyncResolverEvent).identity));
  const emulator = createEmulator({
    schema: SCHEMA,
    handler: lambda.handler,
    fields: { 'Query.whoami': {} },
    auth: {
      default: 'iam',
      additional: ['apiKey'],
      apiKeys: ['da2-local'],
      iamCredentials: [{ ...ALICE, principal: ALICE_ARN }],
      clock: () => NOW,
      ...auth,
    },
  });
  return { emulator, lambda };
}

/** An execute request signed as the client signs it, the body as sent. */
function signedRequest(
  options: { credentials?: AwsCredentials; date?: number; region?: string } = {},
): ExecuteRequest & { http: { body: string } } {
  const body = JSON.stringify({ query: QUERY, variables: {} });
  const headers = signRequest({
    method: 'POST',
    url: ENDPOINT,
    body,
    credentials: options.credentials ?? ALICE,
    region: options.region ?? 'us-east-1',
    service: 'appsync',
    date: new Date(options.date ?? NOW),
  });
  return {
    query: QUERY,
    variables: {},
    headers: { ...headers, host: ENDPOINT.host, 'content-type': 'application/json' },
    sourceIp: '198.51.100.7',
    http: { method: 'POST', path: '/graphql', body },
  };
}

const identityIn = (body: { data?: Record<string, unknown> | null }) =>
  JSON.parse(String((body.data as { whoami: string }).whoami));

describe('an emulator with iamCredentials', () => {
  it("runs a signed request with the identity of the key's principal", async () => {
    const { emulator } = setup();
    const result = await emulator.execute(signedRequest());
    expect(result.status).toBe(200);
    expect(identityIn(result.body)).toEqual({
      accountId: '111122223333',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: ['198.51.100.7'],
      username: principalIdentity(ALICE_ARN)?.username,
      userArn: ALICE_ARN,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
    expect(result.headers.date).toBe('Thu, 15 Jan 2026 10:00:12 GMT');
  });

  it('verifies bytes too, and the region it is told', async () => {
    const { emulator } = setup({ region: 'eu-central-1' });
    const request = signedRequest({ region: 'eu-central-1' });
    const bytes = new TextEncoder().encode(request.http.body);
    const result = await emulator.execute({ ...request, http: { ...request.http, body: bytes } });
    expect(result.status).toBe(200);
    const elsewhere = await emulator.execute(signedRequest());
    expect(elsewhere.body).toEqual({
      errors: [
        {
          errorType: 'InvalidSignatureException',
          message: 'Credential should be scoped to a valid region. ',
        },
      ],
    });
  });

  // Regression (review): the signature covers http.body, but query, variables and operationName
  // are what runs; a caller could run another operation under a signer's identity.
  it('refuses a query, variables or operation name other than the signed body holds', async () => {
    const { emulator, lambda } = setup();
    const request = signedRequest();
    for (const change of [
      { query: '{ other }' },
      { variables: { id: '2' } },
      { operationName: 'Other' },
    ]) {
      const result = await emulator.execute({ ...request, ...change });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.message).toBe(
        'execute: query, variables and operationName must be those of http.body, the request as sent (and signed); they differ.',
      );
    }
    const garbled = await emulator.execute({
      ...request,
      http: { ...request.http, body: 'not json' },
    });
    expect(garbled.status).toBe(400);
    expect(lambda.events).toEqual([]);
  });

  it('answers 403 with the errorType in x-amzn-errortype and the date, calling nothing', async () => {
    const { emulator, lambda } = setup();
    const request = signedRequest();
    const tampered = await emulator.execute({
      ...request,
      variables: { x: 1 },
      http: { ...request.http, body: request.http.body.replace('{}', '{"x":1}') },
    });
    expect(tampered.status).toBe(403);
    expect(tampered.headers).toMatchObject({
      'content-type': 'application/json; charset=UTF-8',
      'x-amzn-errortype': 'InvalidSignatureException',
      'x-amzn-requestid': expect.stringMatching(/^[0-9a-f-]{36}$/),
      date: 'Thu, 15 Jan 2026 10:00:12 GMT',
    });
    expect(tampered.body.errors?.[0]).toMatchObject({
      errorType: 'InvalidSignatureException',
      message: expect.stringMatching(/^The request signature we calculated does not match/),
    });
    const unknown = await emulator.execute(
      signedRequest({ credentials: { ...ALICE, accessKeyId: 'AKIAOTHER' } }),
    );
    expect(unknown.status).toBe(403);
    expect(unknown.headers['x-amzn-errortype']).toBe('UnrecognizedClientException');
    expect(lambda.events).toEqual([]);
  });

  it('answers a skewed clock either way, with the local clock in the message and the date', async () => {
    let now = NOW + 6 * 60_000;
    const { emulator } = setup({ clock: () => now });
    const late = await emulator.execute(signedRequest());
    expect(late.status).toBe(403);
    expect(late.body.errors?.[0]?.message).toBe(
      'Signature expired: 20260115T100012Z is now earlier than 20260115T100112Z (20260115T100612Z - 5 min.)',
    );
    expect(late.headers.date).toBe('Thu, 15 Jan 2026 10:06:12 GMT');
    now = NOW - 6 * 60_000;
    const early = await emulator.execute(signedRequest());
    expect(early.body.errors?.[0]?.message).toBe(
      'Signature not yet current: 20260115T100012Z is still later than 20260115T095912Z (20260115T095412Z + 5 min.)',
    );
  });

  it('refuses a signed request without the raw request, saying what to pass', async () => {
    const { emulator } = setup();
    const { http: _, ...request } = signedRequest();
    const result = await emulator.execute(request);
    expect(result.status).toBe(403);
    expect(result.body.errors?.[0]).toEqual({
      errorType: 'IncompleteSignatureException',
      message: expect.stringContaining(
        'needs the request as sent: pass execute({ ..., http: { method, path, body } })',
      ),
    });
  });

  it('answers 400 for an http that is not { method, path, body }', async () => {
    const { emulator } = setup();
    for (const http of [null, { method: 'POST', path: '/graphql', body: 1 }, 'POST /graphql']) {
      const result = await emulator.execute({ ...signedRequest(), http: http as never });
      expect(result.status).toBe(400);
      expect(result.body.errors?.[0]?.message).toMatch(
        /^execute: http must be \{ method, path, body \}/,
      );
    }
  });

  it("still runs authMode: 'iam' without a signature, as iamIdentity or the default IAM user", async () => {
    const { emulator } = setup();
    const result = await emulator.execute({ query: QUERY, authMode: 'iam', sourceIp: '10.0.0.9' });
    expect(identityIn(result.body)).toEqual(makeIdentity('iam', { sourceIp: ['10.0.0.9'] }));
    const iamIdentity = makeIdentity('iam', { username: 'from-iamIdentity' });
    const both = setup({ iamIdentity });
    const forced = await both.emulator.execute({ query: QUERY, authMode: 'iam' });
    expect(identityIn(forced.body)).toEqual(iamIdentity);
    // A request signed with a listed key gets the key's identity, whatever iamIdentity says.
    const signed = await both.emulator.execute(signedRequest());
    expect(identityIn(signed.body)).toMatchObject({ userArn: ALICE_ARN });
  });

  it('leaves API keys as they were: 401 for a key not listed, with the date', async () => {
    const { emulator } = setup();
    expect((await emulator.execute({ query: QUERY, headers: API_KEY })).status).toBe(200);
    const wrong = await emulator.execute({ query: QUERY, headers: { 'x-api-key': 'da2-nope' } });
    expect(wrong).toMatchObject({
      status: 401,
      headers: { 'x-amzn-errortype': 'UnauthorizedException', date: expect.any(String) },
      body: {
        errors: [
          {
            errorType: 'UnauthorizedException',
            message: 'You are not authorized to make this call.',
          },
        ],
      },
    });
  });

  it('checks its options at start-up', () => {
    const make = (auth: Partial<AuthOptions>) => () => setup(auth);
    expect(make({ region: 'US East' })).toThrow(/auth\.region must be an AWS region/);
    expect(make({ clock: 'now' as never })).toThrow(/auth\.clock must be a function/);
    expect(make({ iamCredentials: [] })).toThrow(/auth\.iamCredentials must be a list/);
  });
});

describe('without iamCredentials', () => {
  it('accepts any SigV4 header unverified, as before', async () => {
    const { emulator } = setup({ iamCredentials: undefined });
    const result = await emulator.execute({
      query: QUERY,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=x, Signature=y' },
    });
    expect(result.status).toBe(200);
    expect(identityIn(result.body)).toMatchObject({ userArn: makeIdentity('iam').userArn });
  });
});

describe('appsync-direct/client against the emulator', () => {
  /** A fetch that hands the request, as sent, to the emulator. */
  const through =
    (emulator: ReturnType<typeof setup>['emulator']): typeof fetch =>
    async (input, init) => {
      const url = new URL(String(input));
      const body = String(init?.body);
      const result = await emulator.execute({
        ...(JSON.parse(body) as { query: string }),
        headers: { ...(init?.headers as Record<string, string>), host: url.host },
        http: { method: String(init?.method), path: `${url.pathname}${url.search}`, body },
      });
      return new Response(JSON.stringify(result.body), {
        status: result.status,
        headers: result.headers,
      });
    };

  it('signs requests the emulator verifies, and corrects its clock from the date of a 403', async () => {
    // The local AppSync's clock is 7 minutes ahead of this machine's: the first signature has
    // expired there, the client reads the date of the answer and signs again with it.
    const { emulator } = setup({ clock: () => Date.now() + 7 * 60_000 });
    const client = createAppSyncClient({
      url: ENDPOINT,
      region: 'us-east-1',
      auth: { type: 'iam', credentials: ALICE },
      fetch: through(emulator),
      logger: false,
    });
    const data = await client.request<{ whoami: string }>(QUERY);
    expect(JSON.parse(data.whoami)).toMatchObject({ userArn: ALICE_ARN });
    const stranger = createAppSyncClient({
      url: ENDPOINT,
      region: 'us-east-1',
      auth: { type: 'iam', credentials: { ...ALICE, secretAccessKey: 'wrong' } },
      fetch: through(emulator),
      logger: false,
      retry: false,
    });
    const refused = await stranger.graphql(QUERY);
    expect(refused.status).toBe(403);
    expect(refused.errors?.[0]?.errorType).toBe('InvalidSignatureException');
  });
});
