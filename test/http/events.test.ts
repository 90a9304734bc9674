import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HttpEventError,
  type HttpRequest,
  type HttpResponse,
  payloadOf,
  readHttpEvent,
  toLambdaResult,
} from '../../src/http/events.js';
import { loadFixture } from '../../src/testing/index.js';
import {
  ALB_HOST,
  CLIENT_IP,
  fixtureHeader,
  GET_QUERY,
  HTTP_FIXTURES,
  type HttpFixtureName,
  httpFixture,
  POST_BODY,
  REST_DOMAIN,
  REST_HEADERS,
  UA,
  URL_DOMAIN,
  V2_HEADERS,
} from './helpers.js';

type Obj = Record<string, unknown>;

const URL_HEADERS = {
  ...V2_HEADERS,
  host: URL_DOMAIN,
  'x-amzn-tls-cipher-suite': 'TLS_AES_128_GCM_SHA256',
  'x-amzn-tls-version': 'TLSv1.3',
};

/** Every fixture, read: one whole HttpRequest each. */
const EXPECTED: Record<HttpFixtureName, HttpRequest> = {
  'http-v1-cognito': {
    payload: 'v1',
    method: 'POST',
    path: '/graphql',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...REST_HEADERS,
      'content-type': 'application/json',
      authorization: fixtureHeader('http-v1-cognito', 'Authorization'),
      'content-length': '47',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '7e2c4a91-5b3d-4f8e-a6c0-1d9b3e5f7a24',
    domainName: REST_DOMAIN,
  },
  'http-v1-lambda-authorizer': {
    payload: 'v1',
    method: 'POST',
    path: '/graphql',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...REST_HEADERS,
      'content-type': 'application/json',
      authorization: 'Bearer tok_t-123_8d59c7ea14df0c05f41226bcfae739cf',
      'content-length': '47',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '3b8f1d6e-2a7c-4e95-b0d4-8c6a2f1e9d37',
    domainName: REST_DOMAIN,
  },
  'http-v1-iam': {
    payload: 'v1',
    method: 'POST',
    path: '/graphql',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      ...REST_HEADERS,
      'content-type': 'application/json',
      authorization: fixtureHeader('http-v1-iam', 'Authorization'),
      'x-amz-date': '20260115T103012Z',
      'x-amz-security-token': 'IQoJb3JpZ2luX2VjEXAMPLEFAKESESSIONTOKENFORFIXTURES0001==',
      'content-length': '47',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '9d4a2e7b-6c1f-4b38-8a5e-0f3d7c2b9e61',
    domainName: REST_DOMAIN,
  },
  'http-v1-get': {
    payload: 'v1',
    method: 'GET',
    path: '/graphql',
    headers: {
      // Sent twice: multiValueHeaders has both, headers only the last.
      accept: 'application/graphql-response+json, application/json',
      ...REST_HEADERS,
      'x-api-key': 'Zk8qT2vN6mR1wX4yB7cJ3dF9hL5pS0aE2gU8iO4n',
      cookie: 'session=3f9a2c71; theme=dark',
    },
    query: GET_QUERY,
    body: undefined,
    cookies: ['session=3f9a2c71', 'theme=dark'],
    sourceIp: CLIENT_IP,
    requestId: '1f6b9c3e-8d2a-4e7f-b5c0-6a4d8e2f1b93',
    domainName: REST_DOMAIN,
  },
  'http-v2-jwt-cognito': {
    payload: 'v2',
    method: 'POST',
    path: '/graphql',
    headers: {
      ...V2_HEADERS,
      authorization: fixtureHeader('http-v2-jwt-cognito', 'authorization'),
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: 'Yq3LhGtWoAMEbUw=',
    domainName: REST_DOMAIN,
  },
  'http-v2-jwt-oidc': {
    payload: 'v2',
    method: 'POST',
    path: '/graphql',
    headers: { ...V2_HEADERS, authorization: fixtureHeader('http-v2-jwt-oidc', 'authorization') },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: 'Zr4MiHuXpBNFcVx=',
    domainName: REST_DOMAIN,
  },
  'http-v2-lambda-authorizer': {
    payload: 'v2',
    method: 'POST',
    path: '/graphql',
    headers: { ...V2_HEADERS, authorization: 'tok_t-123_8d59c7ea14df0c05f41226bcfae739cf' },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: 'Ws5NjIvYqCOGdWy=',
    domainName: REST_DOMAIN,
  },
  'http-v2-iam': {
    payload: 'v2',
    method: 'POST',
    path: '/graphql',
    headers: {
      ...V2_HEADERS,
      authorization: fixtureHeader('http-v2-iam', 'authorization'),
      'x-amz-date': '20260115T103012Z',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: 'Vt6OkJwZrDPHeXz=',
    domainName: REST_DOMAIN,
  },
  'http-v2-cookies-base64': {
    payload: 'v2',
    method: 'POST',
    path: '/graphql',
    // Payload 2.0 moves cookies out of the headers; the request puts the header back.
    headers: { ...V2_HEADERS, cookie: 'session=3f9a2c71; theme=dark' },
    query: {},
    body: POST_BODY,
    cookies: ['session=3f9a2c71', 'theme=dark'],
    sourceIp: CLIENT_IP,
    requestId: 'Us7PlKxAsEQIfYa=',
    domainName: REST_DOMAIN,
  },
  'http-url-iam': {
    payload: 'url',
    method: 'POST',
    path: '/graphql',
    headers: {
      ...V2_HEADERS,
      host: URL_DOMAIN,
      authorization: fixtureHeader('http-url-iam', 'authorization'),
      'x-amz-date': '20260115T103012Z',
      'x-amz-security-token': 'IQoJb3JpZ2luX2VjEXAMPLEFAKESESSIONTOKENFORFIXTURES0002==',
      'x-amzn-tls-cipher-suite': 'TLS_AES_128_GCM_SHA256',
      'x-amzn-tls-version': 'TLSv1.3',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '4c9e2a7f-1b5d-4e83-9f6a-2d8b5c1e7a39',
    domainName: URL_DOMAIN,
  },
  'http-url-none': {
    payload: 'url',
    method: 'GET',
    path: '/graphql',
    headers: (({ 'content-length': _, 'content-type': __, ...rest }) => rest)(URL_HEADERS),
    query: GET_QUERY,
    body: undefined,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '8a3f6d1c-7e2b-4a95-b4c8-5f0e9d2a6b17',
    domainName: URL_DOMAIN,
  },
  'http-alb': {
    payload: 'alb',
    method: 'POST',
    path: '/graphql',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'accept-encoding': 'gzip, deflate, br',
      'content-length': '47',
      'content-type': 'application/json',
      host: ALB_HOST,
      'user-agent': UA,
      'x-amzn-trace-id': 'Root=1-6968bab4-0c7e3a9f1d5b8e2a4c6f0d83',
      'x-forwarded-for': CLIENT_IP,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    query: {},
    body: POST_BODY,
    cookies: [],
    sourceIp: CLIENT_IP,
    requestId: '1-6968bab4-0c7e3a9f1d5b8e2a4c6f0d83',
    domainName: null,
  },
  'http-alb-multi': {
    payload: 'alb',
    method: 'GET',
    path: '/graphql',
    headers: {
      accept: 'application/graphql-response+json, application/json',
      'accept-encoding': 'gzip, deflate, br',
      cookie: 'session=3f9a2c71; theme=dark',
      host: ALB_HOST,
      'user-agent': UA,
      'x-amzn-trace-id': 'Root=1-6968bab4-9b1d5f3a7c2e6084d1a5c7e3',
      'x-forwarded-for': `192.0.2.200, ${CLIENT_IP}`,
      'x-forwarded-port': '443',
      'x-forwarded-proto': 'https',
    },
    query: GET_QUERY,
    body: undefined,
    cookies: ['session=3f9a2c71', 'theme=dark'],
    // ALB appended the address it saw; the first entry is whatever the client claimed.
    sourceIp: CLIENT_IP,
    requestId: '1-6968bab4-9b1d5f3a7c2e6084d1a5c7e3',
    domainName: null,
  },
};

describe('readHttpEvent() on the shipped HTTP fixtures', () => {
  it.each(HTTP_FIXTURES)('%s', (name) => {
    const event = httpFixture(name);
    const request = readHttpEvent(event);
    expect(request).toEqual(EXPECTED[name]);
    expect(Object.keys(request)).toEqual(Object.keys(EXPECTED[name]));
    expect(payloadOf(event)).toBe(EXPECTED[name].payload);
  });

  it('decodes the GET query string exactly once on every payload', () => {
    for (const name of ['http-v1-get', 'http-url-none', 'http-alb-multi'] as const) {
      const { query } = readHttpEvent(httpFixture(name));
      const variables = JSON.parse(query.variables?.[0] ?? 'null');
      expect(variables, name).toEqual({ id: '1+1=2 & 100%25 café ☕' });
    }
  });
});

/** A minimal event of each payload, for the cases the fixtures do not cover. */
function v1(overrides: Obj = {}): Obj {
  return {
    resource: '/graphql',
    path: '/graphql',
    httpMethod: 'POST',
    headers: null,
    multiValueHeaders: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    requestContext: { stage: 'prod', resourcePath: '/graphql', requestId: 'r-1' },
    body: null,
    isBase64Encoded: false,
    ...overrides,
  };
}

function v2(overrides: Obj = {}, context: Obj = {}): Obj {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/graphql',
    rawQueryString: '',
    headers: {},
    requestContext: {
      domainName: 'api.example.com',
      http: { method: 'POST', path: '/graphql', sourceIp: '192.0.2.1' },
      requestId: 'r-2',
      ...context,
    },
    isBase64Encoded: false,
    ...overrides,
  };
}

function alb(overrides: Obj = {}): Obj {
  return {
    requestContext: { elb: { targetGroupArn: 'arn:aws:elasticloadbalancing:tg' } },
    httpMethod: 'GET',
    path: '/graphql',
    queryStringParameters: {},
    headers: {},
    body: '',
    isBase64Encoded: false,
    ...overrides,
  };
}

describe('payloadOf()', () => {
  it('tells a function URL from an HTTP API by its lambda-url domain and its only route', () => {
    const url = { domainName: 'abcdefghij0123456789abcdefghij01.lambda-url.eu-west-1.on.aws' };
    expect(payloadOf(v2({}, url))).toBe('url');
    expect(payloadOf(v2({ routeKey: 'POST /graphql' }, url))).toBe('v2');
    expect(payloadOf(v2({}, { ...url, routeKey: 'POST /graphql' }))).toBe('v2');
    expect(payloadOf(v2({}, { domainName: 'lambda-url.example.com' }))).toBe('v2');
    expect(payloadOf(v2({}, { domainName: undefined }))).toBe('v2');
  });

  it('takes an HTTP API payload 1.0 event (version "1.0") and a REST event (no version) as v1', () => {
    expect(payloadOf({ version: '1.0', httpMethod: 'GET', path: '/', requestContext: {} })).toBe(
      'v1',
    );
    expect(payloadOf({ httpMethod: 'GET', path: '/', requestContext: { stage: 'prod' } })).toBe(
      'v1',
    );
    expect(payloadOf({ httpMethod: 'GET', path: '/', requestContext: { resourcePath: '/' } })).toBe(
      'v1',
    );
  });

  it('is undefined for anything else', () => {
    for (const event of [
      undefined,
      null,
      'GET /graphql',
      [],
      {},
      { requestContext: {} },
      { httpMethod: 'GET', requestContext: {} },
      { httpMethod: 'GET', requestContext: null },
      { version: '2.0', requestContext: { domainName: 'x' } },
      { version: '3.0', requestContext: { http: { method: 'GET' } } },
      { requestContext: { elb: {} } },
      // A WebSocket API event: no httpMethod, no http.
      { requestContext: { eventType: 'MESSAGE', connectionId: 'c', stage: 'prod' }, body: '{}' },
      loadFixture('invoke-api-key'),
    ]) {
      expect(payloadOf(event)).toBeUndefined();
    }
  });
});

describe('readHttpEvent() rules', () => {
  it('prefers multiValueHeaders, takes the rest from headers, and lower-cases every name', () => {
    const request = readHttpEvent(
      v1({
        headers: { Accept: 'last', 'X-Only-Single': 'one', 'content-type': 'application/json' },
        multiValueHeaders: {
          Accept: ['first', 'last'],
          accept: ['third'],
          'Content-Type': ['application/json'],
          'X-Number': [5],
          'X-Skipped': [null, { no: 1 }],
          'X-Scalar': 'not a list',
        },
      }),
    );
    expect(request.headers).toEqual({
      accept: 'first, last, third',
      'content-type': 'application/json',
      'x-number': '5',
      'x-scalar': 'not a list',
      'x-only-single': 'one',
    });
  });

  it('joins several cookie headers with "; " and splits them into cookies', () => {
    const request = readHttpEvent(
      v1({ multiValueHeaders: { Cookie: ['a=1', 'b=2; c=3'], cookie: [' d=4 ;;'] } }),
    );
    expect(request.headers.cookie).toBe('a=1; b=2; c=3;  d=4 ;;');
    expect(request.cookies).toEqual(['a=1', 'b=2', 'c=3', 'd=4']);
    const albRequest = readHttpEvent(alb({ headers: { Cookie: 'x=1; y=2' } }));
    expect(albRequest.cookies).toEqual(['x=1', 'y=2']);
  });

  it('keeps payload 2.0 cookies, and the cookie header when the event has one', () => {
    expect(readHttpEvent(v2({ cookies: ['a=1', '', 7, 'b=2'] })).cookies).toEqual(['a=1', 'b=2']);
    const both = readHttpEvent(v2({ cookies: ['a=1'], headers: { cookie: 'z=9' } }));
    expect(both.headers.cookie).toBe('z=9');
    expect(both.cookies).toEqual(['a=1']);
    const headerOnly = readHttpEvent(v2({ headers: { Cookie: 'z=9; y=8' } }));
    expect(headerOnly.cookies).toEqual(['z=9', 'y=8']);
    expect(readHttpEvent(v2()).headers).toEqual({});
  });

  it('does not decode payload 1.0 query maps again, and prefers the multi-value map', () => {
    const request = readHttpEvent(
      v1({
        queryStringParameters: { a: '2', single: '%41+b' },
        multiValueQueryStringParameters: { a: ['1', '2'], 'k%20': ['%25', 7] },
      }),
    );
    expect(request.query).toEqual({ a: ['1', '2'], 'k%20': ['%25'], single: ['%41+b'] });
  });

  it('parses payload 2.0 rawQueryString once and ignores the comma-joined map', () => {
    const request = readHttpEvent(
      v2({
        rawQueryString: 'a=1&a=2%2C3&plus=a+b%2Bc&pct=100%2525&bad=%zz&u=caf%C3%A9&empty',
        queryStringParameters: { a: '1,2,3', ignored: 'yes' },
      }),
    );
    expect(request.query).toEqual({
      a: ['1', '2,3'],
      plus: ['a b+c'],
      pct: ['100%25'],
      bad: ['%zz'],
      u: ['café'],
      empty: [''],
    });
  });

  it('reads the decoded payload 2.0 map when an event has no rawQueryString', () => {
    const request = readHttpEvent(
      v2({ rawQueryString: undefined, queryStringParameters: { a: '1,2', b: '%25' } }),
    );
    expect(request.query).toEqual({ a: ['1,2'], b: ['%25'] });
  });

  it('decodes ALB query parameters once, names too, in either header mode', () => {
    const single = readHttpEvent(
      alb({ queryStringParameters: { 'na%6De': 'a+b%2B%26%3D', bad: '%E2%zz', u: 'caf%C3%A9' } }),
    );
    expect(single.query).toEqual({ name: ['a b+&='], bad: ['\uFFFD%zz'], u: ['café'] });
    const multi = readHttpEvent(
      alb({
        queryStringParameters: undefined,
        headers: undefined,
        multiValueHeaders: {},
        multiValueQueryStringParameters: { x: ['1', '%31'], 'x%20': ['%2525'] },
      }),
    );
    expect(multi.query).toEqual({ x: ['1', '1'], 'x ': ['%25'] });
  });

  it('decodes a base64 body as UTF-8, and reads no body as undefined', () => {
    const text = 'café ☕ {"query":"{ a }"}';
    const base64 = btoa(String.fromCharCode(...new TextEncoder().encode(text)));
    expect(readHttpEvent(v2({ body: base64, isBase64Encoded: true })).body).toBe(text);
    expect(readHttpEvent(v1({ body: base64, isBase64Encoded: true })).body).toBe(text);
    expect(readHttpEvent(alb({ body: base64, isBase64Encoded: true })).body).toBe(text);
    expect(readHttpEvent(v2({ body: base64 })).body).toBe(base64);
    expect(readHttpEvent(v1({ body: null })).body).toBeUndefined();
    expect(readHttpEvent(alb({ body: '' })).body).toBeUndefined();
    expect(readHttpEvent(v2()).body).toBeUndefined();
    // Bytes that are not UTF-8 become U+FFFD rather than an error.
    expect(readHttpEvent(v2({ body: btoa('\xff'), isBase64Encoded: true })).body).toBe('\uFFFD');
  });

  it('upper-cases the method and keeps the path as the event gives it', () => {
    const request = readHttpEvent(v1({ httpMethod: 'options', path: '/stage/graph%20ql' }));
    expect(request.method).toBe('OPTIONS');
    expect(request.path).toBe('/stage/graph%20ql');
    const fromHttp = readHttpEvent(
      v2({ rawPath: undefined }, { http: { method: 'get', path: '/p' } }),
    );
    expect(fromHttp).toMatchObject({ method: 'GET', path: '/p', sourceIp: undefined });
  });

  it('reads what is missing as undefined or null', () => {
    expect(readHttpEvent(v1({ requestContext: { stage: 'prod' } }))).toEqual({
      payload: 'v1',
      method: 'POST',
      path: '/graphql',
      headers: {},
      query: {},
      body: undefined,
      cookies: [],
      sourceIp: undefined,
      requestId: undefined,
      domainName: null,
    });
  });

  it('takes the ALB request id from the Root of x-amzn-trace-id, or the whole value', () => {
    const id = (trace: string) =>
      readHttpEvent(alb({ headers: { 'x-amzn-trace-id': trace } })).requestId;
    expect(id('Self=1-aaa;Root=1-67891233-abcdef012345678912345678;Sampled=1')).toBe(
      '1-67891233-abcdef012345678912345678',
    );
    expect(id('custom-id')).toBe('custom-id');
    expect(id(' ')).toBeUndefined();
    expect(readHttpEvent(alb()).requestId).toBeUndefined();
    expect(readHttpEvent(alb({ headers: { 'x-forwarded-for': ' , ' } })).sourceIp).toBeUndefined();
  });
});

describe('HttpEventError', () => {
  const failure = (event: unknown): HttpEventError => {
    try {
      readHttpEvent(event);
    } catch (error) {
      expect(error).toBeInstanceOf(HttpEventError);
      return error as HttpEventError;
    }
    throw new Error('readHttpEvent() did not throw');
  };

  it('says what was expected and what arrived, without values', () => {
    const error = failure({ hello: 'secret-value' });
    expect(error.name).toBe('HttpEventError');
    expect(error.message).toBe(
      'Invalid HTTP event: expected an API Gateway proxy event (REST API or payload format 1.0: httpMethod, path and requestContext.stage; HTTP API payload format 2.0: version "2.0", rawPath and requestContext.http), a Lambda function URL event (payload format 2.0) or an Application Load Balancer event (httpMethod, path and requestContext.elb); received an object with keys [hello].',
    );
    expect(failure('GET /').message).toMatch(/; received a string of length 5\.$/);
    expect(failure(null).message).toMatch(/; received null\.$/);
  });

  it('recognises an AppSync event and names the handler for it', () => {
    expect(failure(loadFixture('invoke-api-key')).message).toMatch(
      /received an object with keys \[arguments, identity, .*\]\. It looks like an AppSync event: serve those with app\.handler\(\)\.$/,
    );
    expect(failure(loadFixture('batch-3')).message).toMatch(/received an array of 3 items\.$/);
  });

  it('names the missing part of a payload 2.0 event', () => {
    expect(failure({ version: '2.0', requestContext: { stage: '$default' } }).message).toMatch(
      /A payload 2\.0 event needs requestContext\.http; its requestContext is an object with keys \[stage\]\.$/,
    );
    expect(failure(v2({ rawPath: 7 }, { http: { method: 5 } })).message).toBe(
      'Invalid HTTP event: a payload 2.0 event needs requestContext.http.method and rawPath as strings; received a number and a number.',
    );
  });

  it('names a bad path, body or base64 body', () => {
    expect(failure(v1({ path: undefined })).message).toBe(
      'Invalid HTTP event: a payload 1.0 event needs path as a string; received undefined.',
    );
    expect(failure(alb({ path: 3 })).message).toBe(
      'Invalid HTTP event: an Application Load Balancer event needs path as a string; received a number.',
    );
    expect(failure(v2({ body: { query: '{ a }' } })).message).toBe(
      'Invalid HTTP event: body must be a string or null; received an object with keys [query].',
    );
    expect(failure(v2({ body: 'not base64!', isBase64Encoded: true })).message).toBe(
      'Invalid HTTP event: isBase64Encoded is true but the body is not base64 (a string of length 11).',
    );
  });

  it('is the only error readHttpEvent() throws, whatever arrives', () => {
    const fixtures = HTTP_FIXTURES.map(httpFixture);
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
            .map(({ fixture, key, value }) => ({ ...fixture, [key]: value })),
          fc
            .record({
              fixture: fc.constantFrom(...fixtures),
              key: fc.string(),
              value: fc.anything(),
            })
            .map(({ fixture, key, value }) => ({
              ...fixture,
              requestContext: { ...(fixture.requestContext as Obj), [key]: value },
            })),
        ),
        (event) => {
          try {
            readHttpEvent(event);
          } catch (error) {
            expect(error).toBeInstanceOf(HttpEventError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('toLambdaResult()', () => {
  const response: HttpResponse = {
    status: 200,
    headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
    cookies: ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'],
    body: '{"data":{"getPost":null}}',
  };
  const noCookies: HttpResponse = { ...response, cookies: [] };
  const result = (name: HttpFixtureName, answer: HttpResponse): unknown => {
    const event = httpFixture(name);
    return toLambdaResult(readHttpEvent(event), answer, event);
  };

  it('answers payload 1.0 with the cookies in multiValueHeaders', () => {
    expect(result('http-v1-cognito', response)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
      multiValueHeaders: {
        'set-cookie': ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'],
      },
      body: '{"data":{"getPost":null}}',
      isBase64Encoded: false,
    });
    expect(result('http-v1-get', noCookies)).toEqual({
      statusCode: 200,
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
      body: '{"data":{"getPost":null}}',
      isBase64Encoded: false,
    });
  });

  it('answers payload 2.0 and function URLs with cookies only when there are some', () => {
    for (const name of ['http-v2-cookies-base64', 'http-url-iam'] as const) {
      expect(result(name, response)).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
        cookies: ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'],
        body: '{"data":{"getPost":null}}',
        isBase64Encoded: false,
      });
      expect(result(name, noCookies)).toEqual({
        statusCode: 200,
        headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
        body: '{"data":{"getPost":null}}',
        isBase64Encoded: false,
      });
    }
  });

  it('answers ALB in the header mode of its target group', () => {
    expect(result('http-alb-multi', response)).toEqual({
      statusCode: 200,
      statusDescription: '200 OK',
      multiValueHeaders: {
        'content-type': ['application/graphql-response+json; charset=utf-8'],
        'set-cookie': ['session=new; Path=/; HttpOnly', 'theme=light; Path=/'],
      },
      body: '{"data":{"getPost":null}}',
      isBase64Encoded: false,
    });
    // Single-value headers carry one Set-Cookie: the first.
    expect(result('http-alb', { ...response, status: 400 })).toEqual({
      statusCode: 400,
      statusDescription: '400 Bad Request',
      headers: {
        'content-type': 'application/graphql-response+json; charset=utf-8',
        'set-cookie': 'session=new; Path=/; HttpOnly',
      },
      body: '{"data":{"getPost":null}}',
      isBase64Encoded: false,
    });
    expect(result('http-alb', { ...noCookies, status: 599 })).toEqual({
      statusCode: 599,
      statusDescription: '599',
      headers: { 'content-type': 'application/graphql-response+json; charset=utf-8' },
      body: '{"data":{"getPost":null}}',
      isBase64Encoded: false,
    });
  });

  it('does not share the response objects with the result', () => {
    const answer: HttpResponse = { ...response, headers: { ...response.headers } };
    const out = result('http-v2-iam', answer) as { headers: Obj; cookies: string[] };
    out.headers.extra = 'x';
    out.cookies.push('c=3');
    expect(answer.headers).toEqual(response.headers);
    expect(answer.cookies).toEqual(response.cookies);
  });
});
