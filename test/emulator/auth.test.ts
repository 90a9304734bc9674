import {
  type AppSyncIdentity,
  type AppSyncResolverEvent,
  createResolver,
  identityKind,
  requireAuth,
} from 'appsync-direct';
import {
  type AppSyncAuthorizerEvent,
  type AuthOptions,
  createEmulator,
  type ExecuteRequest,
} from 'appsync-direct/emulator';
import { invoke, invokeEvent, makeIdentity } from 'appsync-direct/testing';
import { describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../helpers.js';
import { API_KEY, jwt, recorder } from './helpers.js';

const ALL = '@aws_api_key @aws_iam @aws_cognito_user_pools @aws_oidc @aws_lambda';

const SCHEMA = /* GraphQL */ `
  type Query {
    whoami: Caller ${ALL}
    defaultOnly: String
    admins: String @aws_cognito_user_pools(cognito_groups: ["admin"])
    editors: String @aws_auth(cognito_groups: ["editors"])
    secret: Secret @aws_api_key @aws_cognito_user_pools
    reports: String ${ALL}
  }
  type Caller ${ALL} {
    kind: String
    onlyIam: String @aws_iam
  }
  type Secret {
    value: String
  }
  type Subscription {
    onReport: String @aws_subscribe(mutations: ["report"])
  }
`;

const COGNITO_ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123';
const COGNITO_CLAIMS = {
  sub: 'user-1',
  iss: COGNITO_ISSUER,
  'cognito:username': 'jdoe',
  'cognito:groups': ['admin'],
  token_use: 'id',
  email: 'jdoe@example.com',
};
const OIDC_CLAIMS = { sub: 'auth0|42', iss: 'https://example.auth0.com/', aud: 'api' };
const SIGV4 =
  'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20260115/us-east-1/appsync/aws4_request, SignedHeaders=host, Signature=abc';

function setup(auth: AuthOptions) {
  const lambda = recorder((event) => {
    const ctx = event as AppSyncResolverEvent;
    switch (ctx.info.fieldName) {
      case 'whoami':
        return { kind: identityKind(ctx.identity), onlyIam: 'iam only' };
      case 'secret':
        return { value: 's3cret' };
      default:
        return ctx.info.fieldName;
    }
  });
  const emulator = createEmulator({
    schema: SCHEMA,
    handler: lambda.handler,
    fields: {
      'Query.whoami': {},
      'Query.defaultOnly': {},
      'Query.admins': {},
      'Query.editors': {},
      'Query.secret': {},
      'Query.reports': {},
    },
    auth,
  });
  const ask = (
    query: string,
    headers: ExecuteRequest['headers'],
    extra: Partial<ExecuteRequest> = {},
  ) => emulator.execute({ query, headers, ...extra });
  return { emulator, lambda, ask };
}

const MULTI: AuthOptions = {
  default: 'apiKey',
  additional: ['iam', 'cognito', 'oidc', 'lambda'],
  lambdaAuthorizer: (event) => ({
    isAuthorized: event.authorizationToken.startsWith('tok_'),
    resolverContext: { tenant: 't1' },
  }),
};

const UNAUTHORIZED = (message: string) => ({
  errors: [{ errorType: 'UnauthorizedException', message }],
});

describe('API key', () => {
  it('admits a configured key, with identity null', async () => {
    const { ask, lambda } = setup({ default: 'apiKey', apiKeys: ['da2-local'] });
    const result = await ask('{ whoami { kind } }', API_KEY);
    expect(result.body).toEqual({ data: { whoami: { kind: 'apiKey' } } });
    expect(lambda.events[0]).toMatchObject({ identity: null });
  });

  it('answers 401 for a wrong key and for no credentials at all', async () => {
    const { ask, lambda } = setup({ apiKeys: ['da2-local'] });
    const wrong = await ask('{ whoami { kind } }', { 'x-api-key': 'da2-other' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    expect(wrong.body).toEqual(UNAUTHORIZED('You are not authorized to make this call.'));
    const none = await ask('{ whoami { kind } }', {});
    expect(none.status).toBe(401);
    expect(none.body).toEqual(UNAUTHORIZED('Missing authorization header'));
    expect(await ask('{ whoami { kind } }', { 'x-api-key': '' })).toMatchObject({ status: 401 });
    expect(lambda.events).toEqual([]);
  });

  it('admits any non-empty key when no keys are configured', async () => {
    const { ask } = setup({});
    expect((await ask('{ whoami { kind } }', { 'x-api-key': 'anything' })).status).toBe(200);
  });
});

describe('Cognito user pools', () => {
  it('decodes the JWT into the identity shape of PROTOCOL.md §2.2, without verifying it', async () => {
    const { ask, lambda } = setup({ default: 'cognito' });
    const result = await ask('{ whoami { kind } }', {
      Authorization: jwt(COGNITO_CLAIMS),
      'X-Forwarded-For': '203.0.113.9, 130.176.1.1',
    });
    expect(result.body).toEqual({ data: { whoami: { kind: 'cognito' } } });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toEqual({
      sub: 'user-1',
      issuer: COGNITO_ISSUER,
      username: 'jdoe',
      claims: COGNITO_CLAIMS,
      sourceIp: ['203.0.113.9'],
      defaultAuthStrategy: 'ALLOW',
      groups: ['admin'],
    });
  });

  it('reads an access token: username claim, no groups', async () => {
    const { ask, lambda } = setup({ default: 'cognito' });
    const claims = { sub: 'user-2', iss: COGNITO_ISSUER, username: 'ann', token_use: 'access' };
    await ask('{ whoami { kind } }', { authorization: jwt(claims) }, { sourceIp: '10.0.0.1' });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toMatchObject({
      username: 'ann',
      groups: null,
      sourceIp: ['10.0.0.1'],
    });
  });

  it('answers 401 for a token that is not a JWT, or has no sub', async () => {
    const { ask } = setup({ default: 'cognito' });
    const opaque = await ask('{ whoami { kind } }', { authorization: 'not-a-jwt' });
    expect(opaque.status).toBe(401);
    expect(opaque.body).toEqual(UNAUTHORIZED('Unable to parse JWT token.'));
    const noSub = await ask('{ whoami { kind } }', { authorization: jwt({ iss: COGNITO_ISSUER }) });
    expect(noSub.body).toEqual(UNAUTHORIZED('Unable to parse JWT token.'));
    const notJson = await ask('{ whoami { kind } }', { authorization: 'abc.def.ghi' });
    expect(notJson.body).toEqual(UNAUTHORIZED('Unable to parse JWT token.'));
    const array = `x.${Buffer.from('[1]').toString('base64url')}.y`;
    expect((await ask('{ whoami { kind } }', { authorization: array })).status).toBe(401);
  });

  it('admits only the listed groups on cognito_groups fields', async () => {
    const { ask } = setup({ default: 'cognito' });
    const admin = await ask('{ admins editors }', { authorization: jwt(COGNITO_CLAIMS) });
    expect(admin.status).toBe(200);
    expect(admin.body).toEqual({
      data: { admins: 'admins', editors: null },
      errors: [
        {
          path: ['editors'],
          data: null,
          errorType: 'Unauthorized',
          errorInfo: null,
          locations: [{ line: 1, column: 10, sourceName: null }],
          message: 'Not Authorized to access editors on type Query',
        },
      ],
    });
    const editor = { ...COGNITO_CLAIMS, 'cognito:groups': ['editors'] };
    const result = await ask('{ admins editors }', { authorization: jwt(editor) });
    expect(result.body.data).toEqual({ admins: null, editors: 'editors' });
  });
});

describe('which token mode reads a JWT', () => {
  // The README's rule, as the code applies it: one token mode enabled reads every JWT; with both,
  // a Cognito user pool's issuer decides.
  const kindOf = async (auth: AuthOptions, claims: Record<string, unknown>) => {
    const { ask } = setup(auth);
    const result = await ask('{ whoami { kind } }', { authorization: jwt(claims) });
    return (result.body.data as { whoami: { kind: string } } | undefined)?.whoami.kind;
  };
  const auth0 = OIDC_CLAIMS;
  const lookalike = { ...OIDC_CLAIMS, iss: 'https://example.auth0.com/cognito-idp.us-east-1/' };

  it('with Cognito and OIDC enabled, by the issuer', async () => {
    const both: AuthOptions = { default: 'cognito', additional: ['oidc'] };
    expect(await kindOf(both, COGNITO_CLAIMS)).toBe('cognito');
    expect(await kindOf(both, auth0)).toBe('oidc');
    expect(await kindOf(both, lookalike)).toBe('oidc');
    expect(await kindOf({ default: 'oidc', additional: ['cognito'] }, COGNITO_CLAIMS)).toBe(
      'cognito',
    );
  });

  it('with one of them enabled, every JWT in that mode', async () => {
    expect(await kindOf({ default: 'cognito' }, auth0)).toBe('cognito');
    expect(await kindOf({ default: 'oidc' }, COGNITO_CLAIMS)).toBe('oidc');
    expect(await kindOf({ default: 'apiKey', additional: ['oidc'] }, COGNITO_CLAIMS)).toBe('oidc');
  });
});

describe('a cognito:groups claim that is one string', () => {
  // Regression (issue 15): the emulator denied it and requireAuth took it as one group. Cognito
  // issues `cognito:groups` as a list of names (Cognito developer guide, the ID token's claims),
  // and AppSync's identity carries that list as `groups`; a string is no group list for either.
  it('grants no group, in the emulator and in requireAuth alike', async () => {
    const { ask, lambda } = setup({ default: 'cognito' });
    const claims = { ...COGNITO_CLAIMS, 'cognito:groups': 'admin' };
    const result = await ask('{ admins whoami { kind } }', { authorization: jwt(claims) });
    expect(result.body.data).toEqual({ admins: null, whoami: { kind: 'cognito' } });
    expect(result.body.errors?.[0]).toMatchObject({ path: ['admins'], errorType: 'Unauthorized' });
    const identity = (lambda.events[0] as AppSyncResolverEvent).identity;
    expect(identity).toMatchObject({ groups: null, claims: { 'cognito:groups': 'admin' } });

    const app = createResolver({ logger: silentLogger }).resolver('Query.admins', () => 'ok', {
      use: [requireAuth({ groups: ['admin'] })],
    });
    const event = invokeEvent({ field: 'Query.admins', identity: identity as AppSyncIdentity });
    expect(await invoke(app, event)).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
    });
    const listed = { ...(identity as object), groups: ['admin'] } as AppSyncIdentity;
    expect(await invoke(app, invokeEvent({ field: 'Query.admins', identity: listed }))).toEqual({
      data: 'ok',
    });
  });
});

describe('OpenID Connect', () => {
  it('gives the { sub, issuer, claims } identity', async () => {
    const { ask, lambda } = setup({ default: 'oidc' });
    const result = await ask('{ whoami { kind } }', { authorization: jwt(OIDC_CLAIMS) });
    expect(result.body).toEqual({ data: { whoami: { kind: 'oidc' } } });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toEqual({
      sub: 'auth0|42',
      issuer: 'https://example.auth0.com/',
      claims: OIDC_CLAIMS,
    });
  });
});

describe('IAM', () => {
  it('reads a SigV4 Authorization header and gives a realistic IAM identity', async () => {
    const { ask, lambda } = setup({ default: 'iam' });
    const result = await ask(
      '{ whoami { kind onlyIam } }',
      { authorization: SIGV4 },
      {
        sourceIp: '198.51.100.7',
      },
    );
    expect(result.body).toEqual({ data: { whoami: { kind: 'iam', onlyIam: 'iam only' } } });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toEqual(
      makeIdentity('iam', { sourceIp: ['198.51.100.7'] }),
    );
  });

  it('takes the identity from the iamIdentity option, and the mode from authMode', async () => {
    const iamIdentity = vi.fn((headers: Readonly<Record<string, string>>) =>
      makeIdentity('iam', { username: headers['x-caller'] ?? 'nobody' }),
    );
    const { ask, lambda } = setup({ default: 'apiKey', additional: ['iam'], iamIdentity });
    const result = await ask('{ whoami { kind } }', { 'x-caller': 'svc-7' }, { authMode: 'iam' });
    expect(result.body).toEqual({ data: { whoami: { kind: 'iam' } } });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toMatchObject({
      username: 'svc-7',
    });
    expect(iamIdentity).toHaveBeenCalledTimes(1);
  });

  it('needs the credentials of a JWT mode forced by authMode', async () => {
    const { ask, lambda } = setup({
      default: 'apiKey',
      additional: ['oidc', 'lambda'],
      lambdaAuthorizer: (event) => ({ isAuthorized: event.authorizationToken === '' }),
    });
    const oidc = await ask('{ whoami { kind } }', API_KEY, { authMode: 'oidc' });
    expect(oidc.body).toEqual(UNAUTHORIZED('Unable to parse JWT token.'));
    const noIssuer = await ask(
      '{ whoami { kind } }',
      { authorization: jwt({ sub: 's' }) },
      {
        authMode: 'oidc',
      },
    );
    expect(noIssuer.status).toBe(200);
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toEqual({
      sub: 's',
      issuer: '',
      claims: { sub: 's' },
    });
    const forcedLambda = await ask('{ whoami { kind } }', API_KEY, { authMode: 'lambda' });
    expect(forcedLambda.body).toEqual({ data: { whoami: { kind: 'lambda' } } });
  });

  it('answers 401 when authMode names a mode the API does not have', async () => {
    const { ask } = setup({});
    const result = await ask('{ whoami { kind } }', API_KEY, { authMode: 'iam' });
    expect(result.status).toBe(401);
    expect(result.body.errors?.[0]?.message).toContain('The iam auth mode is not enabled');
  });
});

describe('Lambda authorizer', () => {
  it('calls the authorizer with an AppSyncAuthorizerEvent and passes resolverContext on', async () => {
    const lambdaAuthorizer = vi.fn((_event: AppSyncAuthorizerEvent) => ({
      isAuthorized: true,
      resolverContext: { userId: 'u-9', role: 'editor' },
    }));
    const { ask, lambda } = setup({ default: 'lambda', lambdaAuthorizer });
    const query = 'query Who($x: Boolean!) { whoami @include(if: $x) { kind } }';
    const result = await ask(
      query,
      { Authorization: 'tok_abc', 'X-Custom': 'c' },
      {
        variables: { x: true },
        operationName: 'Who',
      },
    );
    expect(result.body).toEqual({ data: { whoami: { kind: 'lambda' } } });
    expect(lambdaAuthorizer).toHaveBeenCalledWith({
      authorizationToken: 'tok_abc',
      requestContext: {
        apiId: 'appsync-direct-local',
        accountId: '123456789012',
        requestId: result.headers['x-amzn-requestid'],
        queryString: query,
        operationName: 'Who',
        variables: { x: true },
      },
      requestHeaders: { authorization: 'tok_abc', 'x-custom': 'c' },
    });
    expect((lambda.events[0] as AppSyncResolverEvent).identity).toEqual({
      resolverContext: { userId: 'u-9', role: 'editor' },
    });
  });

  it('nulls the deniedFields with an Unauthorized error, by Type.field or by ARN', async () => {
    const { ask } = setup({
      default: 'lambda',
      lambdaAuthorizer: async () => ({
        isAuthorized: true,
        deniedFields: [
          'Query.reports',
          'arn:aws:appsync:us-east-1:123456789012:apis/abc/types/Caller/fields/onlyIam',
        ],
      }),
    });
    const result = await ask('{ reports whoami { kind onlyIam } }', { authorization: 'tok' });
    expect(result.body.data).toEqual({ reports: null, whoami: { kind: 'lambda', onlyIam: null } });
    expect(result.body.errors?.map((error) => [error.errorType, error.message])).toEqual([
      ['Unauthorized', 'Not Authorized to access reports on type Query'],
      ['Unauthorized', 'Not Authorized to access onlyIam on type Caller'],
    ]);
  });

  it('answers 401 when the authorizer refuses, throws or answers nonsense', async () => {
    for (const lambdaAuthorizer of [
      () => ({ isAuthorized: false }),
      () => {
        throw new Error('authorizer crashed');
      },
      () => null as never,
    ]) {
      const { ask, lambda } = setup({ default: 'lambda', lambdaAuthorizer });
      const result = await ask('{ whoami { kind } }', { authorization: 'tok' });
      expect(result.status).toBe(401);
      expect(result.body).toEqual(UNAUTHORIZED('You are not authorized to make this call.'));
      expect(lambda.events).toEqual([]);
    }
  });
});

describe('choosing the mode of a request on a multi-auth API', () => {
  it.each([
    { name: 'a SigV4 signature', headers: { authorization: SIGV4 }, kind: 'iam' },
    { name: 'a Cognito JWT', headers: { authorization: jwt(COGNITO_CLAIMS) }, kind: 'cognito' },
    { name: 'another JWT', headers: { authorization: jwt(OIDC_CLAIMS) }, kind: 'oidc' },
    { name: 'another Authorization', headers: { authorization: 'tok_custom' }, kind: 'lambda' },
    { name: 'an x-api-key only', headers: API_KEY, kind: 'apiKey' },
    {
      name: 'an Authorization and an x-api-key',
      headers: { ...API_KEY, authorization: jwt(OIDC_CLAIMS) },
      kind: 'oidc',
    },
  ])('$name → $kind', async ({ headers, kind }) => {
    const { ask } = setup(MULTI);
    expect((await ask('{ whoami { kind } }', headers)).body).toEqual({
      data: { whoami: { kind } },
    });
  });

  it('sends a JWT to the Lambda authorizer when no JWT mode is enabled', async () => {
    const tokens: string[] = [];
    const { ask } = setup({
      default: 'lambda',
      lambdaAuthorizer: (event) => {
        tokens.push(event.authorizationToken);
        return { isAuthorized: true };
      },
    });
    const token = jwt(OIDC_CLAIMS);
    expect((await ask('{ whoami { kind } }', { authorization: token })).body).toEqual({
      data: { whoami: { kind: 'lambda' } },
    });
    expect(tokens).toEqual([token]);
  });

  it('answers 401 for an API key on an API without the API key mode', async () => {
    const { ask } = setup({ default: 'cognito' });
    expect((await ask('{ whoami { kind } }', API_KEY)).body).toEqual(
      UNAUTHORIZED('You are not authorized to make this call.'),
    );
    const { emulator } = setup({});
    expect((await emulator.execute({ query: '{ whoami { kind } }' })).body).toEqual(
      UNAUTHORIZED('Missing authorization header'),
    );
  });

  it('takes a JWT as Cognito when OIDC is not enabled, whatever its issuer', async () => {
    const { ask } = setup({ default: 'apiKey', additional: ['cognito'] });
    expect((await ask('{ whoami { kind } }', { authorization: jwt(OIDC_CLAIMS) })).body).toEqual({
      data: { whoami: { kind: 'cognito' } },
    });
  });

  it('falls back to the API key when the Authorization fits no enabled mode', async () => {
    const { ask } = setup({ default: 'apiKey', additional: ['iam'] });
    const result = await ask('{ whoami { kind } }', { ...API_KEY, authorization: 'opaque' });
    expect(result.body).toEqual({ data: { whoami: { kind: 'apiKey' } } });
    const alone = await ask('{ whoami { kind } }', { authorization: 'opaque' });
    expect(alone.body).toEqual(UNAUTHORIZED('You are not authorized to make this call.'));
  });
});

describe('auth directives', () => {
  it('allow only the default mode on fields and types without any', async () => {
    const { ask } = setup(MULTI);
    expect((await ask('{ defaultOnly }', API_KEY)).body).toEqual({
      data: { defaultOnly: 'defaultOnly' },
    });
    const cognito = await ask('{ defaultOnly }', { authorization: jwt(COGNITO_CLAIMS) });
    expect(cognito.body.errors?.[0]).toMatchObject({
      errorType: 'Unauthorized',
      message: 'Not Authorized to access defaultOnly on type Query',
    });
  });

  it("let a field's own directive override its type's", async () => {
    const { ask } = setup(MULTI);
    const asKey = await ask('{ whoami { kind onlyIam } }', API_KEY);
    expect(asKey.body.data).toEqual({ whoami: { kind: 'apiKey', onlyIam: null } });
    expect(asKey.body.errors?.[0]).toMatchObject({
      path: ['whoami', 'onlyIam'],
      message: 'Not Authorized to access onlyIam on type Caller',
    });
    const asIam = await ask('{ whoami { onlyIam } }', { authorization: SIGV4 });
    expect(asIam.body).toEqual({ data: { whoami: { onlyIam: 'iam only' } } });
  });

  it('deny a field whose returned type does not admit the mode, naming that type', async () => {
    const { ask, lambda } = setup(MULTI);
    expect((await ask('{ secret { value } }', API_KEY)).body).toEqual({
      data: { secret: { value: 's3cret' } },
    });
    const before = lambda.events.length;
    const cognito = await ask('{ secret { value } }', { authorization: jwt(COGNITO_CLAIMS) });
    expect(cognito.body).toEqual({
      data: { secret: null },
      errors: [
        {
          path: ['secret'],
          data: null,
          errorType: 'Unauthorized',
          errorInfo: null,
          locations: [{ line: 1, column: 3, sourceName: null }],
          message: 'Not Authorized to access secret on type Secret',
        },
      ],
    });
    expect(lambda.events.length).toBe(before);
  });
});

describe('subscriptions', () => {
  it('are refused with a clear error: AppSync serves them over WebSocket', async () => {
    const { ask } = setup({});
    const result = await ask('subscription OnReport { onReport }', API_KEY);
    expect(result.status).toBe(200);
    expect(result.operationName).toBe('OnReport');
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          errorType: 'UnsupportedOperation',
          locations: [{ line: 1, column: 1, sourceName: null }],
          message: expect.stringContaining(
            'Subscriptions are not supported by the local AppSync emulator',
          ),
        },
      ],
    });
  });
});

describe('the auth option', () => {
  it('is checked at start-up', () => {
    const make = (auth: unknown) => () =>
      createEmulator({
        schema: SCHEMA,
        handler: async () => null,
        fields: { 'Query.whoami': {} },
        auth: auth as AuthOptions,
      });
    expect(make({ default: 'lambda' })).toThrow(/needs auth.lambdaAuthorizer/);
    expect(make({ default: 'API_KEY' })).toThrow(/auth modes are 'apiKey', 'iam'/);
    expect(make({ additional: ['cognito', 'jwt'] })).toThrow(/received "jwt"/);
    expect(make('apiKey')).toThrow(/auth must be an object/);
  });
});

describe('directive arguments', () => {
  it('read a single cognito group as a list of one, and ignore other directives', async () => {
    const lambda = recorder(() => 'ok');
    const emulator = createEmulator({
      schema: /* GraphQL */ `
        type Query {
          one: String @aws_cognito_user_pools(cognito_groups: "admin") @deprecated(reason: "old")
        }
      `,
      handler: lambda.handler,
      fields: { 'Query.one': {} },
      auth: { default: 'cognito' },
    });
    const ask = (groups: string[]) =>
      emulator.execute({
        query: '{ one }',
        headers: { authorization: jwt({ ...COGNITO_CLAIMS, 'cognito:groups': groups }) },
      });
    expect((await ask(['admin'])).body).toEqual({ data: { one: 'ok' } });
    expect((await ask(['other'])).body.data).toEqual({ one: null });
  });
});
