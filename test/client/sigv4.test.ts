import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amzDate,
  canonicalRequest,
  credentialScope,
  type SigningScope,
  sha256Hex,
  signature,
  signingKey,
  signQueryless,
  signRequest,
  stringToSign,
} from '../../src/client/sigv4.js';

// AWS's SigV4 test suite ("signature-v4-test-suite"): its credentials, scope and time.
const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SUITE: SigningScope = {
  amzDate: '20150830T123600Z',
  region: 'us-east-1',
  service: 'service',
};
const EMPTY = sha256Hex('');

function suiteSignature(method: string, path: string, query: string, payload = EMPTY): string {
  const { request } = canonicalRequest({
    method,
    path,
    query,
    headers: { host: 'example.amazonaws.com', 'x-amz-date': SUITE.amzDate },
    payloadHash: payload,
  });
  return signature(SECRET, SUITE, stringToSign(request, SUITE));
}

describe('SigV4 against the published test suite', () => {
  it("derives the published signing keys (the suite's, and the IAM example of AWS's guide)", () => {
    expect(signingKey(SECRET, SUITE).toString('hex')).toBe(
      '938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75',
    );
    expect(signingKey(SECRET, { ...SUITE, service: 'iam' }).toString('hex')).toBe(
      'c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9',
    );
  });

  it('get-vanilla: canonical request, string to sign and signature', () => {
    const { request, signedHeaders } = canonicalRequest({
      method: 'GET',
      path: '/',
      query: '',
      headers: { host: 'example.amazonaws.com', 'x-amz-date': SUITE.amzDate },
      payloadHash: EMPTY,
    });
    expect(request).toBe(
      `GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n${EMPTY}`,
    );
    expect(signedHeaders).toBe('host;x-amz-date');
    expect(stringToSign(request, SUITE)).toBe(
      'AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\nbb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63',
    );
    expect(suiteSignature('GET', '/', '')).toBe(
      '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });

  it('get-vanilla-query-order-key-case: the query is sorted by name', () => {
    expect(suiteSignature('GET', '/', 'Param2=value2&Param1=value1')).toBe(
      'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500',
    );
  });

  it('get-utf8: a path byte outside ASCII is percent-encoded', () => {
    expect(suiteSignature('GET', '/ሴ', '')).toBe(
      '8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85',
    );
  });

  it('post-vanilla: the method is part of the signature', () => {
    expect(suiteSignature('POST', '/', '')).toBe(
      '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b',
    );
  });

  it('signRequest writes the suite Authorization header', () => {
    const headers = signRequest({
      method: 'GET',
      url: new URL('https://example.amazonaws.com/'),
      body: '',
      credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET },
      region: 'us-east-1',
      service: 'service',
      date: new Date('2015-08-30T12:36:00Z'),
    });
    expect(headers).toEqual({
      'x-amz-date': '20150830T123600Z',
      authorization:
        'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    });
  });
});

describe('SigV4 details', () => {
  it('signs the session token and folds header whitespace', () => {
    const headers = signRequest({
      method: 'POST',
      url: new URL('https://abc.appsync-api.eu-west-1.amazonaws.com/graphql'),
      body: '{"query":"{ a }"}',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
      region: 'eu-west-1',
      service: 'appsync',
      date: new Date('2026-01-02T03:04:05.678Z'),
      headers: { 'x-extra': '  a   b  ' },
    });
    expect(headers['x-amz-security-token']).toBe('token');
    expect(headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKID\/20260102\/eu-west-1\/appsync\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token;x-extra, Signature=[0-9a-f]{64}$/,
    );
    const { request } = canonicalRequest({
      method: 'post',
      path: '/graphql',
      query: 'b=2&a=1&a=0&flag',
      headers: { 'x-extra': '  a   b  ' },
      payloadHash: EMPTY,
    });
    expect(request.split('\n').slice(0, 4)).toEqual([
      'POST',
      '/graphql',
      'a=0&a=1&b=2&flag=',
      'x-extra:a b',
    ]);
  });

  it('formats the time and the scope as AWS does', () => {
    expect(amzDate(new Date('2026-12-07T20:45:32.123Z'))).toBe('20261207T204532Z');
    expect(
      credentialScope({ amzDate: '20261207T204532Z', region: 'eu-west-1', service: 'appsync' }),
    ).toBe('20261207/eu-west-1/appsync/aws4_request');
  });

  it('keeps a malformed percent-escape in the query as it came, encoded', () => {
    const { request } = canonicalRequest({
      method: 'GET',
      path: '/a b/',
      query: 'x=%E0%A4%A&y=(1)',
      headers: {},
      payloadHash: EMPTY,
    });
    expect(request.split('\n').slice(1, 3)).toEqual(['/a%20b/', 'x=%25E0%25A4%25A&y=%281%29']);
  });

  it('normalises the path as the AWS SDK does: empty and . segments dropped, .. applied', () => {
    const path = (wire: string) =>
      canonicalRequest({
        method: 'GET',
        path: wire,
        query: '',
        headers: {},
        payloadHash: EMPTY,
      }).request.split('\n')[1];
    expect(path('/a/./b/../c//d/')).toBe('/a/c/d/');
    expect(path('')).toBe('/');
    expect(path('/')).toBe('/');
    expect(path('//')).toBe('/');
    expect(path('a/b')).toBe('a/b');
    expect(path('/graphql')).toBe('/graphql');
  });

  it("signs a URL without a query string the same way through the client's signer", () => {
    const input = {
      method: 'POST',
      url: new URL('https://abc.appsync-api.eu-west-1.amazonaws.com/graphql'),
      body: '{"query":"{ a }"}',
      credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: 'token' },
      region: 'eu-west-1',
      service: 'appsync',
      date: new Date('2026-12-07T12:00:00Z'),
    };
    expect(signQueryless(input)).toEqual(signRequest(input));
  });

  it('keeps at most 32 signing keys, and derives the same key again after clearing', () => {
    const first = signingKey('s0', { ...SUITE, region: 'r0' });
    for (let i = 1; i <= 40; i++) signingKey(`s${i}`, { ...SUITE, region: `r${i}` });
    expect(signingKey('s0', { ...SUITE, region: 'r0' }).equals(first)).toBe(true);
  });
});

describe('SigV4 against @smithy/signature-v4 (the oracle)', () => {
  // The oracle takes the query as an object: a `__proto__` name could not be one of its keys.
  const token = fc
    .stringMatching(/^[A-Za-z0-9_\-.~]{1,12}$/)
    .filter((name) => name !== '__proto__');
  const segment = fc.string({ unit: 'grapheme', maxLength: 8 }).map(encodeURIComponent);
  const headerName = fc
    .stringMatching(/^x-[a-z0-9-]{1,12}$/)
    .filter((name) => !name.startsWith('x-amz-') && name !== 'x-amzn-trace-id');
  const headerValue = fc.stringMatching(/^[ -~]{0,20}$/);
  const request = fc.record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
    region: fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'cn-north-1'),
    service: fc.constantFrom('appsync', 'execute-api', 'lambda'),
    path: fc.array(segment, { maxLength: 4 }).map((parts) => `/${parts.join('/')}`),
    query: fc.dictionary(token, fc.string({ maxLength: 8 }), { maxKeys: 4 }),
    headers: fc.dictionary(headerName, headerValue, { maxKeys: 4 }),
    body: fc.string({ unit: 'grapheme', maxLength: 200 }),
    time: fc.integer({ min: Date.UTC(2015, 0, 1), max: Date.UTC(2035, 0, 1) }),
    sessionToken: fc.option(fc.stringMatching(/^[A-Za-z0-9+/=]{1,40}$/), { nil: undefined }),
    secret: fc.stringMatching(/^[A-Za-z0-9+/]{40}$/),
  });

  it('signs 1,000 generated requests exactly as @smithy/signature-v4 does', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const date = new Date(Math.floor(r.time / 1000) * 1000);
        const search = new URLSearchParams(r.query).toString().replace(/\+/g, '%20');
        const url = new URL(`https://api.example.com${r.path}${search === '' ? '' : `?${search}`}`);
        const credentials = {
          accessKeyId: 'AKIAGENERATED',
          secretAccessKey: r.secret,
          ...(r.sessionToken === undefined ? {} : { sessionToken: r.sessionToken }),
        };
        const ours = signRequest({
          method: r.method,
          url,
          body: r.body,
          credentials,
          region: r.region,
          service: r.service,
          date,
          headers: r.headers,
        });
        const oracle = new SignatureV4({
          credentials,
          region: r.region,
          service: r.service,
          sha256: Hash.bind(null, 'sha256'),
          // AppSync takes no x-amz-content-sha256 header; the body hash is in the signature.
          applyChecksum: false,
        });
        const signed = await oracle.sign(
          new HttpRequest({
            method: r.method,
            protocol: 'https:',
            hostname: url.hostname,
            path: url.pathname,
            query: Object.fromEntries(url.searchParams),
            headers: { host: url.host, ...r.headers },
            body: r.body,
          }),
          { signingDate: date },
        );
        expect(ours.authorization).toBe(signed.headers.authorization);
      }),
      { numRuns: 1000 },
    );
    // A budget, not a measure: 1,000 signatures by both signers take about a second.
  }, 60_000);
});
