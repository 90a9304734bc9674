import { describe, expect, it } from 'vitest';
import type { AppSyncIdentity } from '../../src/event.js';
import { payloadOf, readHttpEvent } from '../../src/http/events.js';
import { identityFromEvent } from '../../src/http/identity.js';
import { type IdentityKind, identityGroups, identityKind } from '../../src/identity.js';
import { type HttpAuthorizerKind, httpEvent } from '../../src/testing/http-events.js';
import { makeIdentity } from '../../src/testing/identities.js';
import { type HttpFixtureName, httpFixture } from './helpers.js';

type Obj = Record<string, unknown>;

const PAYLOADS = ['v1', 'v2', 'url', 'alb'] as const;
const KINDS: readonly HttpAuthorizerKind[] = ['none', 'cognito', 'oidc', 'lambda', 'iam'];
const IP = '203.0.113.10';

const cognito = makeIdentity('cognito');
const oidc = makeIdentity('oidc');

/** What identityFromEvent() reads from httpEvent({ payload, authorizer }); `undefined`: no such event. */
function expectedIdentity(
  payload: (typeof PAYLOADS)[number],
  kind: HttpAuthorizerKind,
): { identity: AppSyncIdentity; kind: IdentityKind } | undefined {
  if (payload === 'alb' && kind !== 'none') return undefined;
  if (payload === 'url' && kind !== 'none' && kind !== 'iam') return undefined;
  const rest = payload === 'v1';
  switch (kind) {
    case 'none':
      return { identity: null, kind: 'apiKey' };
    case 'iam':
      return { identity: makeIdentity('iam'), kind: 'iam' };
    case 'lambda':
      return {
        identity: rest
          ? {
              resolverContext: {
                principalId: 'u-456',
                tenantId: 't-123',
                userId: 'u-456',
                role: 'editor',
              },
            }
          : makeIdentity('lambda'),
        kind: 'lambda',
      };
    case 'cognito':
      return {
        identity: {
          ...cognito,
          claims: {
            sub: cognito.sub,
            'cognito:groups': rest ? 'admin' : '[admin]',
            email_verified: 'true',
            iss: cognito.issuer,
            'cognito:username': 'jdoe',
            aud: '5k2q8m1v9d3f7h4n6r0t2w8y1b',
            token_use: 'id',
            auth_time: '1768470600',
            exp: rest ? 'Thu Jan 15 10:50:00 UTC 2026' : '1768474200',
            iat: rest ? 'Thu Jan 15 09:50:00 UTC 2026' : '1768470600',
            email: 'jdoe@example.com',
          },
        },
        kind: 'cognito',
      };
    case 'oidc':
      return {
        identity: {
          ...oidc,
          // A REST JWT authorizer keeps each claim's JSON type; an HTTP API one prints them.
          claims: rest
            ? oidc.claims
            : {
                iss: oidc.issuer,
                sub: oidc.sub,
                aud: '[https://api.example.com]',
                iat: '1768470600',
                exp: '1768557000',
                scope: 'openid profile email',
              },
          sourceIp: [IP],
        },
        kind: 'oidc',
      };
  }
}

describe('httpEvent() round-trips through readHttpEvent() and identityFromEvent()', () => {
  for (const payload of PAYLOADS) {
    for (const kind of KINDS) {
      const expected = expectedIdentity(payload, kind);
      if (expected === undefined) {
        it(`${payload} × ${kind}: refuses an event AWS never sends`, () => {
          expect(() => httpEvent({ payload, authorizer: kind })).toThrow(TypeError);
        });
        continue;
      }
      it(`${payload} × ${kind}`, () => {
        const event = httpEvent({
          payload,
          authorizer: kind,
          query: '{ getPost(id: "1") { id } }',
        });
        expect(payloadOf(event)).toBe(payload);
        const request = readHttpEvent(event);
        expect(request).toMatchObject({
          payload,
          method: 'POST',
          path: '/graphql',
          query: {},
          body: '{"query":"{ getPost(id: \\"1\\") { id } }"}',
          cookies: [],
          sourceIp: IP,
        });
        expect(request.headers['content-type']).toBe('application/json');
        const identity = identityFromEvent(event, request);
        expect(identity).toEqual(expected.identity);
        expect(identityKind(identity)).toBe(expected.kind);
        expect(identityGroups(identity)).toEqual(expected.kind === 'cognito' ? ['admin'] : []);
      });
    }
  }

  it('sends the credential each authorizer reads', () => {
    const authorization = (payload: (typeof PAYLOADS)[number], authorizer: HttpAuthorizerKind) =>
      readHttpEvent(httpEvent({ payload, authorizer })).headers.authorization;
    expect(authorization('v2', 'none')).toBeUndefined();
    expect(authorization('v1', 'cognito')).toMatch(/^eyJ[\w-]+\.eyJ[\w-]+\.x+$/);
    expect(authorization('v2', 'oidc')).toMatch(/^Bearer eyJ/);
    expect(authorization('v2', 'lambda')).toBe('tok_t-123_8d59c7ea14df0c05f41226bcfae739cf');
    expect(authorization('v1', 'iam')).toMatch(/\/us-east-1\/execute-api\/aws4_request, /);
    expect(authorization('url', 'iam')).toMatch(/\/us-east-1\/lambda\/aws4_request, /);
  });

  it('says why a combination does not exist', () => {
    expect(() => httpEvent({ payload: 'url', authorizer: 'cognito' })).toThrow(
      "A function URL's auth type is NONE or AWS_IAM: it has no cognito authorizer. Use authorizer 'none' or 'iam', or payload 'v2' (an HTTP API).",
    );
    expect(() => httpEvent({ payload: 'alb', authorizer: 'iam' })).toThrow(
      /^An Application Load Balancer has no authorizer in the Lambda event/,
    );
  });
});

describe('httpEvent() requests', () => {
  const variables = { id: '1+1=2 & 100%25 café ☕' };
  const getQuery = {
    query: ['query GetPost($id: ID!) { getPost(id: $id) { id } }'],
    variables: [JSON.stringify(variables)],
    operationName: ['GetPost'],
  };
  const get = (payload: (typeof PAYLOADS)[number], multiValue = false) =>
    httpEvent({
      payload,
      method: 'get',
      query: getQuery.query[0],
      variables,
      operationName: 'GetPost',
      multiValue,
    });

  it('puts a GET in the query string, which every payload reads back once decoded', () => {
    for (const payload of PAYLOADS) {
      const request = readHttpEvent(get(payload));
      expect(request, payload).toMatchObject({ method: 'GET', query: getQuery, body: undefined });
      expect(request.headers, payload).not.toHaveProperty('content-type');
    }
    expect(readHttpEvent(get('alb', true)).query).toEqual(getQuery);
  });

  it("carries a GET's parameters each service's way", () => {
    const raw =
      'query=query+GetPost%28%24id%3A+ID%21%29+%7B+getPost%28id%3A+%24id%29+%7B+id+%7D+%7D' +
      '&variables=%7B%22id%22%3A%221%2B1%3D2+%26+100%2525+caf%C3%A9+%E2%98%95%22%7D' +
      '&operationName=GetPost';
    const v1 = get('v1');
    expect(v1.multiValueQueryStringParameters).toEqual(getQuery);
    expect(v1.queryStringParameters).toEqual({
      query: getQuery.query[0],
      variables: getQuery.variables[0],
      operationName: 'GetPost',
    });
    expect(v1.body).toBeNull();
    const v2 = get('v2');
    expect(v2.rawQueryString).toBe(raw);
    expect(v2).not.toHaveProperty('body');
    const [query, vars, name] = raw.split('&').map((pair) => pair.slice(pair.indexOf('=') + 1));
    expect(get('alb').queryStringParameters).toEqual({
      query,
      variables: vars,
      operationName: name,
    });
    expect(get('alb', true).multiValueQueryStringParameters).toEqual({
      query: [query],
      variables: [vars],
      operationName: [name],
    });
    expect(get('alb').body).toBe('');
  });

  it('posts query, variables and operationName as JSON, or a raw body instead', () => {
    const posted = readHttpEvent(
      httpEvent({ query: '{ a }', variables: { x: 1 }, operationName: 'A' }),
    );
    expect(JSON.parse(posted.body ?? '')).toEqual({
      query: '{ a }',
      variables: { x: 1 },
      operationName: 'A',
    });
    expect(readHttpEvent(httpEvent()).body).toBe('{"query":"{ __typename }"}');
    const raw = readHttpEvent(httpEvent({ body: 'not json', query: '{ ignored }' }));
    expect(raw.body).toBe('not json');
    const rawGet = readHttpEvent(httpEvent({ method: 'GET', body: '{}' }));
    expect(rawGet).toMatchObject({ query: {}, body: '{}' });
  });

  it('sends cookies the way each payload does', () => {
    const cookies = ['session=abc', 'theme=dark'];
    const v1 = httpEvent({ payload: 'v1', cookies });
    expect((v1.multiValueHeaders as Obj).Cookie).toEqual(['session=abc; theme=dark']);
    const v2 = httpEvent({ payload: 'v2', cookies });
    expect(v2.cookies).toEqual(cookies);
    expect(v2.headers).not.toHaveProperty('cookie');
    expect((httpEvent({ payload: 'alb', cookies }).headers as Obj).cookie).toBe(
      'session=abc; theme=dark',
    );
    expect(httpEvent({ payload: 'url' })).not.toHaveProperty('cookies');
    for (const payload of PAYLOADS) {
      const request = readHttpEvent(httpEvent({ payload, cookies }));
      expect(request.cookies, payload).toEqual(cookies);
      expect(request.headers.cookie, payload).toBe('session=abc; theme=dark');
    }
  });

  it('base64-encodes the body on request, as UTF-8', () => {
    for (const payload of PAYLOADS) {
      const event = httpEvent({ payload, body: 'café ☕', base64: true });
      expect(event.isBase64Encoded).toBe(true);
      expect(event.body).toBe('Y2Fmw6kg4piV');
      expect(readHttpEvent(event).body).toBe('café ☕');
    }
    expect(httpEvent({ method: 'GET', base64: true }).isBase64Encoded).toBe(false);
  });

  it('lays headers over the defaults without regard to case', () => {
    const v1 = httpEvent({
      payload: 'v1',
      headers: { 'content-type': 'application/graphql', 'X-Custom': 'yes' },
    });
    const headers = v1.headers as Obj;
    expect(headers).not.toHaveProperty('Content-Type');
    expect(headers['content-type']).toBe('application/graphql');
    expect(headers['X-Custom']).toBe('yes');
    expect(headers.Host).toBe('k3x7q2m9vd.execute-api.us-east-1.amazonaws.com');
    const v2 = httpEvent({ headers: { 'X-Custom': 'yes', Accept: 'text/html' } });
    expect(v2.headers).toMatchObject({ 'x-custom': 'yes', accept: 'text/html' });
    expect(readHttpEvent(v1).headers).toMatchObject({ 'content-type': 'application/graphql' });
  });

  it('uses an ALB target group in multi-value mode on request', () => {
    const event = httpEvent({ payload: 'alb', multiValue: true, cookies: ['a=1'] });
    expect(event).not.toHaveProperty('headers');
    expect(event).not.toHaveProperty('queryStringParameters');
    expect((event.multiValueHeaders as Obj).cookie).toEqual(['a=1']);
    expect(event.multiValueQueryStringParameters).toEqual({});
  });

  it('uses an authorizer object as requestContext.authorizer, as it is', () => {
    const authorizer = { lambda: { plan: 'pro' } };
    for (const payload of ['v1', 'v2', 'url'] as const) {
      const event = httpEvent({ payload, authorizer });
      expect((event.requestContext as Obj).authorizer, payload).toBe(authorizer);
      expect(identityFromEvent(event, readHttpEvent(event)), payload).toEqual({
        resolverContext: { plan: 'pro' },
      });
    }
    expect(() => httpEvent({ payload: 'alb', authorizer })).toThrow(TypeError);
  });

  it('is deterministic', () => {
    for (const payload of PAYLOADS) {
      expect(httpEvent({ payload, authorizer: 'none' })).toEqual(httpEvent({ payload }));
    }
    expect(httpEvent({ payload: 'v1', authorizer: 'cognito' })).toEqual(
      httpEvent({ payload: 'v1', authorizer: 'cognito' }),
    );
  });

  it('has the keys of the shipped fixtures of its payload', () => {
    const keys = (event: Obj) => Object.keys(event).sort();
    const contextKeys = (event: Obj) => Object.keys(event.requestContext as Obj).sort();
    const pairs: [Obj, HttpFixtureName][] = [
      [httpEvent({ payload: 'v1', authorizer: 'cognito' }), 'http-v1-cognito'],
      [httpEvent({ payload: 'v1', method: 'GET' }), 'http-v1-get'],
      [httpEvent({ payload: 'v2', authorizer: 'iam' }), 'http-v2-iam'],
      [httpEvent({ payload: 'v2', cookies: ['a=1'], base64: true }), 'http-v2-cookies-base64'],
      [httpEvent({ payload: 'url', authorizer: 'iam' }), 'http-url-iam'],
      [httpEvent({ payload: 'url', method: 'GET' }), 'http-url-none'],
      [httpEvent({ payload: 'alb' }), 'http-alb'],
      [httpEvent({ payload: 'alb', multiValue: true, method: 'GET' }), 'http-alb-multi'],
    ];
    for (const [event, name] of pairs) {
      const fixture = httpFixture(name);
      expect(keys(event), name).toEqual(keys(fixture));
      expect(contextKeys(event), name).toEqual(contextKeys(fixture));
    }
  });

  it('refuses options it cannot honour', () => {
    expect(() => httpEvent(null as never)).toThrow(
      "httpEvent() expects an options object such as { payload: 'v2' }; received null.",
    );
    expect(() => httpEvent('v2' as never)).toThrow(/received string\.$/);
    expect(() => httpEvent({ payload: 'v3' as never })).toThrow(
      `httpEvent() payload must be 'v1', 'v2', 'url' or 'alb'; received "v3".`,
    );
    expect(() => httpEvent({ authorizer: 'apiKey' as never })).toThrow(
      `httpEvent() authorizer must be 'none', 'cognito', 'oidc', 'lambda', 'iam' or an object; received "apiKey".`,
    );
  });

  it('builds the default event: a POST of { __typename } through an HTTP API', () => {
    expect(httpEvent()).toMatchInlineSnapshot(`
      {
        "body": "{"query":"{ __typename }"}",
        "headers": {
          "accept": "application/graphql-response+json, application/json",
          "content-type": "application/json",
          "host": "k3x7q2m9vd.execute-api.us-east-1.amazonaws.com",
          "user-agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
          "x-amzn-trace-id": "Root=1-6968bab4-3c1f0e5a9d7b2468ace01357",
          "x-forwarded-for": "203.0.113.10",
          "x-forwarded-port": "443",
          "x-forwarded-proto": "https",
        },
        "isBase64Encoded": false,
        "rawPath": "/graphql",
        "rawQueryString": "",
        "requestContext": {
          "accountId": "123456789012",
          "apiId": "k3x7q2m9vd",
          "domainName": "k3x7q2m9vd.execute-api.us-east-1.amazonaws.com",
          "domainPrefix": "k3x7q2m9vd",
          "http": {
            "method": "POST",
            "path": "/graphql",
            "protocol": "HTTP/1.1",
            "sourceIp": "203.0.113.10",
            "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
          },
          "requestId": "XyZ1aGhHIAMFZqA=",
          "routeKey": "POST /graphql",
          "stage": "$default",
          "time": "15/Jan/2026:10:30:12 +0000",
          "timeEpoch": 1768473012000,
        },
        "routeKey": "POST /graphql",
        "version": "2.0",
      }
    `);
  });

  it('builds a REST API event with a Lambda authorizer', () => {
    expect(httpEvent({ payload: 'v1', authorizer: 'lambda' })).toMatchInlineSnapshot(`
      {
        "body": "{"query":"{ __typename }"}",
        "headers": {
          "Accept": "application/graphql-response+json, application/json",
          "Authorization": "tok_t-123_8d59c7ea14df0c05f41226bcfae739cf",
          "Content-Type": "application/json",
          "Host": "k3x7q2m9vd.execute-api.us-east-1.amazonaws.com",
          "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
          "X-Amzn-Trace-Id": "Root=1-6968bab4-3c1f0e5a9d7b2468ace01357",
          "X-Forwarded-For": "203.0.113.10",
          "X-Forwarded-Port": "443",
          "X-Forwarded-Proto": "https",
        },
        "httpMethod": "POST",
        "isBase64Encoded": false,
        "multiValueHeaders": {
          "Accept": [
            "application/graphql-response+json, application/json",
          ],
          "Authorization": [
            "tok_t-123_8d59c7ea14df0c05f41226bcfae739cf",
          ],
          "Content-Type": [
            "application/json",
          ],
          "Host": [
            "k3x7q2m9vd.execute-api.us-east-1.amazonaws.com",
          ],
          "User-Agent": [
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
          ],
          "X-Amzn-Trace-Id": [
            "Root=1-6968bab4-3c1f0e5a9d7b2468ace01357",
          ],
          "X-Forwarded-For": [
            "203.0.113.10",
          ],
          "X-Forwarded-Port": [
            "443",
          ],
          "X-Forwarded-Proto": [
            "https",
          ],
        },
        "multiValueQueryStringParameters": null,
        "path": "/graphql",
        "pathParameters": null,
        "queryStringParameters": null,
        "requestContext": {
          "accountId": "123456789012",
          "apiId": "k3x7q2m9vd",
          "authorizer": {
            "integrationLatency": 12,
            "principalId": "u-456",
            "role": "editor",
            "tenantId": "t-123",
            "userId": "u-456",
          },
          "deploymentId": "d4e5f6",
          "domainName": "k3x7q2m9vd.execute-api.us-east-1.amazonaws.com",
          "domainPrefix": "k3x7q2m9vd",
          "extendedRequestId": "XyZ1aGhHIAMFZqA=",
          "httpMethod": "POST",
          "identity": {
            "accessKey": null,
            "accountId": null,
            "caller": null,
            "cognitoAuthenticationProvider": null,
            "cognitoAuthenticationType": null,
            "cognitoIdentityId": null,
            "cognitoIdentityPoolId": null,
            "principalOrgId": null,
            "sourceIp": "203.0.113.10",
            "user": null,
            "userAgent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)",
            "userArn": null,
          },
          "path": "/prod/graphql",
          "protocol": "HTTP/1.1",
          "requestId": "5f2b8c1e-9a47-4d3b-8e60-7c1d2a9f4b83",
          "requestTime": "15/Jan/2026:10:30:12 +0000",
          "requestTimeEpoch": 1768473012000,
          "resourceId": "a1b2c3",
          "resourcePath": "/graphql",
          "stage": "prod",
        },
        "resource": "/graphql",
        "stageVariables": null,
      }
    `);
  });
});
