import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AppSyncIdentity } from '../../src/event.js';
import { type HttpRequest, readHttpEvent } from '../../src/http/events.js';
import { groupsFromClaim, identityFromEvent } from '../../src/http/identity.js';
import { type IdentityKind, identityGroups, identityKind } from '../../src/identity.js';
import {
  CLIENT_IP,
  HTTP_FIXTURES,
  type HttpFixtureName,
  httpFixture,
  USER_POOL,
} from './helpers.js';

type Obj = Record<string, unknown>;

const PROVIDERS =
  '"cognito-idp.us-east-1.amazonaws.com/us-east-1_Xq7LmP2rT","cognito-idp.us-east-1.amazonaws.com/us-east-1_Xq7LmP2rT:CognitoSignIn:7c1e5a93-4d2b-4f8e-b6a0-19d3c5e7f204"';

/** Every fixture: the identity, its kind and its groups. */
const EXPECTED: Record<
  HttpFixtureName,
  { identity: AppSyncIdentity; kind: IdentityKind; groups: string[] }
> = {
  'http-v1-cognito': {
    identity: {
      sub: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93',
      issuer: USER_POOL,
      username: 'jdoe',
      // The claims as API Gateway passed them: strings, dates as text.
      claims: {
        sub: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93',
        'cognito:groups': 'admin,editors',
        email_verified: 'true',
        iss: USER_POOL,
        'cognito:username': 'jdoe',
        origin_jti: '0b7e4f2a-9c31-4d58-a6e2-3f1c8d905b47',
        aud: '5k2q8m1v9d3f7h4n6r0t2w8y1b',
        event_id: 'c2d9a4e1-6b7f-4c03-8e15-9a2f7d4b6c80',
        token_use: 'id',
        auth_time: '1768471200',
        exp: 'Thu Jan 15 11:00:00 UTC 2026',
        iat: 'Thu Jan 15 10:00:00 UTC 2026',
        jti: 'e84f1c6b-2a9d-4f73-b0c5-7d3e91a2f468',
        email: 'jdoe@example.com',
      },
      sourceIp: [CLIENT_IP],
      defaultAuthStrategy: 'ALLOW',
      groups: ['admin', 'editors'],
    },
    kind: 'cognito',
    groups: ['admin', 'editors'],
  },
  'http-v1-lambda-authorizer': {
    identity: {
      resolverContext: {
        principalId: 'u-456',
        tenantId: 't-123',
        userId: 'u-456',
        role: 'editor',
        admin: 'false',
        quota: '100',
      },
    },
    kind: 'lambda',
    groups: [],
  },
  'http-v1-iam': {
    identity: {
      accountId: '123456789012',
      cognitoIdentityPoolId: 'us-east-1:4b8d2f61-9e3a-4c75-a1d0-6f2e8b3c9a57',
      cognitoIdentityId: 'us-east-1:e1a7c3d9-58b2-4f06-9d4e-2c6a8f0b1d73',
      sourceIp: [CLIENT_IP],
      username: 'AROAEXAMPLEROLEID0001:CognitoIdentityCredentials',
      userArn:
        'arn:aws:sts::123456789012:assumed-role/AppSyncDirectAuthRole/CognitoIdentityCredentials',
      cognitoIdentityAuthType: 'authenticated',
      cognitoIdentityAuthProvider: PROVIDERS,
    },
    kind: 'iam',
    groups: [],
  },
  'http-v1-get': { identity: null, kind: 'apiKey', groups: [] },
  'http-v2-jwt-cognito': {
    identity: {
      sub: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93',
      issuer: USER_POOL,
      // An access token names the user in `username`.
      username: 'jdoe',
      claims: {
        sub: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93',
        'cognito:groups': '[admin editors]',
        iss: USER_POOL,
        client_id: '5k2q8m1v9d3f7h4n6r0t2w8y1b',
        origin_jti: '0b7e4f2a-9c31-4d58-a6e2-3f1c8d905b47',
        event_id: 'c2d9a4e1-6b7f-4c03-8e15-9a2f7d4b6c80',
        token_use: 'access',
        scope: 'aws.cognito.signin.user.admin',
        auth_time: '1768471200',
        exp: '1768474800',
        iat: '1768471200',
        jti: '5a9c3e71-8b2d-4f64-a0e7-3c1b9d5f2e48',
        username: 'jdoe',
      },
      sourceIp: [CLIENT_IP],
      defaultAuthStrategy: 'ALLOW',
      groups: ['admin', 'editors'],
    },
    kind: 'cognito',
    groups: ['admin', 'editors'],
  },
  'http-v2-jwt-oidc': {
    identity: {
      sub: 'auth0|65a4f2c91b3e7d0012a8c4f6',
      issuer: 'https://example.us.auth0.com/',
      claims: {
        iss: 'https://example.us.auth0.com/',
        sub: 'auth0|65a4f2c91b3e7d0012a8c4f6',
        aud: '[https://api.example.com https://example.us.auth0.com/userinfo]',
        iat: '1768471200',
        exp: '1768557600',
        azp: 'Zq4mT8vN2xK6pR1sW9yB3cD7fG5hJ0lA',
        scope: 'openid profile email',
        'https://example.com/roles': '[editor]',
      },
      sourceIp: [CLIENT_IP],
    },
    kind: 'oidc',
    groups: [],
  },
  'http-v2-lambda-authorizer': {
    identity: { resolverContext: { tenantId: 't-123', userId: 'u-456', role: 'editor' } },
    kind: 'lambda',
    groups: [],
  },
  'http-v2-iam': {
    identity: {
      accountId: '123456789012',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: [CLIENT_IP],
      username: 'AIDAEXAMPLEUSERID0002',
      userArn: 'arn:aws:iam::123456789012:user/graphql-client',
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    },
    kind: 'iam',
    groups: [],
  },
  'http-v2-cookies-base64': { identity: null, kind: 'apiKey', groups: [] },
  'http-url-iam': {
    identity: {
      accountId: '123456789012',
      cognitoIdentityPoolId: 'us-east-1:4b8d2f61-9e3a-4c75-a1d0-6f2e8b3c9a57',
      cognitoIdentityId: 'us-east-1:e1a7c3d9-58b2-4f06-9d4e-2c6a8f0b1d73',
      sourceIp: [CLIENT_IP],
      username: 'AROAEXAMPLEROLEID0002:CognitoIdentityCredentials',
      userArn:
        'arn:aws:sts::123456789012:assumed-role/AppSyncDirectAuthRole/CognitoIdentityCredentials',
      cognitoIdentityAuthType: 'authenticated',
      cognitoIdentityAuthProvider: PROVIDERS,
    },
    kind: 'iam',
    groups: [],
  },
  'http-url-none': { identity: null, kind: 'apiKey', groups: [] },
  'http-alb': { identity: null, kind: 'apiKey', groups: [] },
  'http-alb-multi': { identity: null, kind: 'apiKey', groups: [] },
};

describe('identityFromEvent() on the shipped HTTP fixtures', () => {
  it.each(HTTP_FIXTURES)('%s', (name) => {
    const event = httpFixture(name);
    const identity = identityFromEvent(event, readHttpEvent(event));
    const expected = EXPECTED[name];
    expect(identity).toEqual(expected.identity);
    if (identity !== null)
      expect(Object.keys(identity)).toEqual(Object.keys(expected.identity ?? {}));
    expect(identityKind(identity)).toBe(expected.kind);
    expect(identityGroups(identity)).toEqual(expected.groups);
  });

  it('copies what it keeps, so changing the identity leaves the event alone', () => {
    const event = httpFixture('http-v1-cognito');
    const identity = identityFromEvent(event, readHttpEvent(event)) as { claims: Obj };
    identity.claims.email = 'changed';
    const claims = ((event.requestContext as Obj).authorizer as { claims: Obj }).claims;
    expect(claims.email).toBe('jdoe@example.com');
  });
});

describe('groupsFromClaim()', () => {
  it.each([
    ['admin', ['admin']],
    ['admin,editors', ['admin', 'editors']],
    [' admin , editors ,', ['admin', 'editors']],
    ['[admin]', ['admin']],
    ['[admin editors]', ['admin', 'editors']],
    ['[admin, editors]', ['admin', 'editors']],
    ['["admin","editors"]', ['admin', 'editors']],
    ['["admin", 7, ""]', ['admin']],
    ['[]', []],
    ['', []],
    ['   ', []],
    ['[not json', ['[not json']],
    ['eu-west-1_Pool-Admins', ['eu-west-1_Pool-Admins']],
    [
      ['admin', 'editors'],
      ['admin', 'editors'],
    ],
    [['admin', null, 3, ''], ['admin']],
    [null, []],
    [undefined, []],
    [42, []],
    [{ admin: true }, []],
  ] as const)('%j → %j', (value, groups) => {
    expect(groupsFromClaim(value)).toEqual(groups);
  });
});

/** A request as readHttpEvent() would give it, for events built here. */
function requestFrom(sourceIp: string | undefined): HttpRequest {
  return {
    payload: 'v1',
    method: 'POST',
    path: '/graphql',
    headers: {},
    query: {},
    body: undefined,
    cookies: [],
    sourceIp,
    requestId: undefined,
    domainName: null,
  };
}

const withContext = (requestContext: unknown): Obj => ({ httpMethod: 'POST', requestContext });

describe('identityFromEvent() rules', () => {
  const request = requestFrom('192.0.2.9');

  it('reads claims with a foreign issuer as OIDC, on payload 1.0 too', () => {
    // A REST JWT authorizer passes each claim with its JSON type.
    const claims = { sub: 'user-1', iss: 'https://login.example.com/', groups: ['a'] };
    const identity = identityFromEvent(withContext({ authorizer: { claims } }), request);
    expect(identity).toEqual({
      sub: 'user-1',
      issuer: 'https://login.example.com/',
      claims,
      sourceIp: ['192.0.2.9'],
    });
    expect(identityKind(identity)).toBe('oidc');
    expect(identityGroups(identity)).toEqual(['a']);
  });

  it('reads a China region user pool as Cognito, and claims without an issuer by authorizer', () => {
    const iss = 'https://cognito-idp.cn-north-1.amazonaws.com.cn/cn-north-1_AbC123';
    const jwt = { claims: { sub: 's', iss, 'cognito:groups': '[ops]' }, scopes: null };
    const cn = identityFromEvent(withContext({ authorizer: { jwt } }), request);
    expect(identityKind(cn)).toBe('cognito');
    expect(identityGroups(cn)).toEqual(['ops']);
    // A REST Cognito authorizer always passes iss; without it, its claims still read as Cognito.
    const rest = identityFromEvent(withContext({ authorizer: { claims: { sub: 's' } } }), request);
    expect(rest).toEqual({
      sub: 's',
      issuer: '',
      username: 's',
      claims: { sub: 's' },
      sourceIp: ['192.0.2.9'],
      defaultAuthStrategy: 'ALLOW',
      groups: null,
    });
    const jwtNoIssuer = identityFromEvent(
      withContext({ authorizer: { jwt: { claims: { sub: 's' } } } }),
      request,
    );
    expect(jwtNoIssuer).toEqual({
      sub: 's',
      issuer: '',
      claims: { sub: 's' },
      sourceIp: ['192.0.2.9'],
    });
    const look = (host: string) =>
      identityKind(
        identityFromEvent(
          withContext({ authorizer: { jwt: { claims: { sub: 's', iss: host } } } }),
          request,
        ),
      );
    expect(look('https://cognito-idp.us-east-1.amazonaws.com.evil.example/pool')).toBe('oidc');
    expect(look('http://cognito-idp.us-east-1.amazonaws.com/pool')).toBe('oidc');
    expect(look('https://cognito-idp.us-east-1.amazonaws.com/pool/extra')).toBe('oidc');
  });

  it('gives a Cognito user in no group groups: null, as AppSync does', () => {
    const claims = { sub: 's', iss: USER_POOL, 'cognito:username': 'u', 'cognito:groups': '' };
    const identity = identityFromEvent(withContext({ authorizer: { claims } }), request);
    expect(identity).toMatchObject({ username: 'u', groups: null });
    expect(identityGroups(identity)).toEqual([]);
  });

  it('maps a payload 1.0 Lambda authorizer without integrationLatency, keeping principalId', () => {
    expect(
      identityFromEvent(
        withContext({ authorizer: { principalId: 'p', integrationLatency: 3, claims: null } }),
        request,
      ),
    ).toEqual({ resolverContext: { principalId: 'p' } });
    expect(identityFromEvent(withContext({ authorizer: { groups: 'admin' } }), request)).toEqual({
      resolverContext: { groups: 'admin' },
    });
  });

  it('reads an HTTP API payload 1.0 event without an authorizer ({ claims: null, scopes: null }) as none', () => {
    const event = withContext({
      authorizer: { claims: null, scopes: null },
      identity: { sourceIp: '192.0.2.9', accountId: null, userArn: null, caller: null },
    });
    expect(identityFromEvent(event, request)).toBeNull();
    expect(
      identityFromEvent(withContext({ authorizer: { integrationLatency: 0 } }), request),
    ).toBeNull();
  });

  it('takes authorizer.lambda on any payload, an empty context when it is null', () => {
    expect(identityFromEvent(withContext({ authorizer: { lambda: null } }), request)).toEqual({
      resolverContext: {},
    });
    const identity = identityFromEvent(
      withContext({ authorizer: { lambda: { groups: ['x', 'y'] } } }),
      request,
    );
    expect(identityGroups(identity)).toEqual(['x', 'y']);
  });

  it('maps payload 1.0 IAM with the address the identity gives, else the request', () => {
    const identity = identityFromEvent(
      withContext({ identity: { accountId: '111122223333', user: 'AIDA1' } }),
      requestFrom(undefined),
    );
    expect(identity).toEqual({
      accountId: '111122223333',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: [],
      username: 'AIDA1',
      userArn: '',
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
    expect(identityKind(identity)).toBe('iam');
    const quoted = identityFromEvent(
      withContext({
        identity: { userArn: 'arn', cognitoAuthenticationProvider: '"a","b"', sourceIp: '' },
      }),
      request,
    );
    expect(quoted).toMatchObject({
      cognitoIdentityAuthProvider: '"a","b"',
      sourceIp: ['192.0.2.9'],
    });
  });

  it('maps payload 2.0 IAM through an unauthenticated identity pool role', () => {
    const identity = identityFromEvent(
      withContext({
        authorizer: {
          iam: {
            accountId: '111122223333',
            callerId: 'AROA1:CognitoIdentityCredentials',
            cognitoIdentity: {
              amr: ['unauthenticated', 7],
              identityId: 'id',
              identityPoolId: 'pool',
            },
            userArn: 'arn:aws:sts::111122223333:assumed-role/Unauth/CognitoIdentityCredentials',
          },
        },
      }),
      request,
    );
    expect(identity).toEqual({
      accountId: '111122223333',
      cognitoIdentityPoolId: 'pool',
      cognitoIdentityId: 'id',
      sourceIp: ['192.0.2.9'],
      username: 'AROA1:CognitoIdentityCredentials',
      userArn: 'arn:aws:sts::111122223333:assumed-role/Unauth/CognitoIdentityCredentials',
      cognitoIdentityAuthType: 'unauthenticated',
      cognitoIdentityAuthProvider: null,
    });
  });

  it('falls back on empty strings and nulls for oddly typed parts', () => {
    const odd = identityFromEvent(
      withContext({
        authorizer: { iam: { accountId: 5, userId: '', callerId: ['x'], cognitoIdentity: 'x' } },
      }),
      request,
    );
    expect(odd).toEqual({
      accountId: '',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: ['192.0.2.9'],
      username: '',
      userArn: '',
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
    const token = identityFromEvent(
      withContext({ authorizer: { jwt: { claims: 'not claims' } } }),
      request,
    );
    expect(token).toEqual({ sub: '', issuer: '', claims: {}, sourceIp: ['192.0.2.9'] });
  });

  it('is null for no requestContext, an ALB event, or no authorizer', () => {
    for (const event of [
      undefined,
      'event',
      [],
      {},
      { requestContext: 'x' },
      httpFixture('http-alb'),
      withContext({ authorizer: 'token', identity: { userArn: 7, caller: '' } }),
    ]) {
      expect(identityFromEvent(event, request)).toBeNull();
    }
  });

  it('never throws, whatever the event and request', () => {
    const fixtures = HTTP_FIXTURES.map(httpFixture);
    const context = (fixture: Obj): Obj => fixture.requestContext as Obj;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.anything(),
          fc
            .record({
              fixture: fc.constantFrom(...fixtures),
              key: fc.string(),
              value: fc.anything(),
            })
            .map(({ fixture, key, value }) => ({
              ...fixture,
              requestContext: { ...context(fixture), [key]: value },
            })),
          fc
            .record({
              fixture: fc.constantFrom(...fixtures),
              part: fc.constantFrom('authorizer', 'identity'),
              key: fc.constantFrom('claims', 'jwt', 'iam', 'lambda', 'userArn', 'cognitoIdentity'),
              value: fc.anything(),
            })
            .map(({ fixture, part, key, value }) => ({
              ...fixture,
              requestContext: { ...context(fixture), [part]: { [key]: value } },
            })),
        ),
        fc.anything(),
        (event, request) => {
          identityFromEvent(event, request as HttpRequest);
        },
      ),
      { numRuns: 500 },
    );
  });
});
