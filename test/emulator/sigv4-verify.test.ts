/**
 * The local AppSync's SigV4 check on its own: every refusal with AppSync's errorType and words,
 * requests signed by our signer and by AWS's (@smithy/signature-v4) accepted, and fast-check
 * properties: whatever is signed verifies, and any one changed byte of the body never does.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AwsCredentials, sha256Hex, signRequest } from '../../src/client/sigv4.js';
import {
  MAX_SKEW_MS,
  parseAmzDate,
  parseAuthorization,
  type VerifyInput,
  verifySigV4,
} from '../../src/emulator/sigv4-verify.js';

const KEY: AwsCredentials = {
  accessKeyId: 'AKIALOCALTEST0000001',
  secretAccessKey: 'local/secret+key/for/tests/000000000000',
};
const ENDPOINT = new URL('http://127.0.0.1:4000/graphql');
/** 2026-01-15T10:00:12Z: the signing time, and the clock unless a test moves it. */
const NOW = Date.UTC(2026, 0, 15, 10, 0, 12);
const BODY = '{"query":"{ whoami { kind } }","variables":{}}';

interface Signing {
  body?: string | Uint8Array;
  url?: URL;
  region?: string;
  service?: string;
  date?: number;
  credentials?: AwsCredentials;
  extra?: Record<string, string>;
}

/** A request signed with `signRequest`, as the verifier receives it, checked at NOW. */
function signed(options: Signing = {}): VerifyInput {
  const url = options.url ?? ENDPOINT;
  const body = options.body ?? BODY;
  const headers = signRequest({
    method: 'POST',
    url,
    body,
    credentials: options.credentials ?? KEY,
    region: options.region ?? 'us-east-1',
    service: options.service ?? 'appsync',
    date: new Date(options.date ?? NOW),
    headers: options.extra,
  });
  return {
    method: 'POST',
    path: `${url.pathname}${url.search}`,
    body,
    headers: {
      'content-type': 'application/json',
      host: url.host,
      ...options.extra,
      ...headers,
    },
    now: NOW,
    region: 'us-east-1',
    keys: new Map([[KEY.accessKeyId, { secretAccessKey: KEY.secretAccessKey }]]),
  };
}

const invalid = (message: string) => ({ errorType: 'InvalidSignatureException', message });
const incomplete = (message: string) => ({ errorType: 'IncompleteSignatureException', message });
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

describe('verifySigV4 accepts', () => {
  it('a request signed with signRequest, naming its access key', () => {
    expect(verifySigV4(signed())).toEqual({ accessKeyId: KEY.accessKeyId });
  });

  it('a body of bytes, a query string, more signed headers and temporary credentials', () => {
    const credentials = { ...KEY, sessionToken: 'FwoGZXIvYXdzEXAMPLETOKEN' };
    const request = signed({
      body: new Uint8Array([0, 255, 10, 123]),
      url: new URL('http://localhost:4000/graphql?b=2&a=x%20y'),
      credentials,
      extra: { 'content-type': 'application/json', 'x-amz-user-agent': 'test/1' },
    });
    expect(request.headers['x-amz-security-token']).toBe(credentials.sessionToken);
    expect(verifySigV4(request)).toEqual({ accessKeyId: KEY.accessKeyId });
    const keys = new Map([[KEY.accessKeyId, { ...KEY, sessionToken: credentials.sessionToken }]]);
    expect(verifySigV4({ ...request, keys })).toEqual({ accessKeyId: KEY.accessKeyId });
  });

  it('a request signed 5 minutes ago, or 5 minutes ahead, to the millisecond', () => {
    expect(verifySigV4({ ...signed(), now: NOW + MAX_SKEW_MS })).toEqual({
      accessKeyId: KEY.accessKeyId,
    });
    expect(verifySigV4({ ...signed(), now: NOW - MAX_SKEW_MS })).toEqual({
      accessKeyId: KEY.accessKeyId,
    });
  });

  it("a request signed by AWS's own signer, @smithy/signature-v4", async () => {
    const signer = new SignatureV4({
      credentials: { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretAccessKey },
      region: 'eu-west-1',
      service: 'appsync',
      sha256: NodeSha256,
    });
    const request = await signer.sign(
      new HttpRequest({
        method: 'POST',
        protocol: 'http:',
        hostname: '127.0.0.1',
        port: 4000,
        path: '/graphql',
        headers: { host: '127.0.0.1:4000', 'content-type': 'application/json' },
        body: BODY,
      }),
      { signingDate: new Date(NOW) },
    );
    const headers = Object.fromEntries(
      Object.entries(request.headers).map(([name, value]) => [name.toLowerCase(), value]),
    );
    expect(headers.authorization).toMatch(
      /SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date,/,
    );
    const input = { ...signed(), headers, region: 'eu-west-1' };
    expect(verifySigV4(input)).toEqual({ accessKeyId: KEY.accessKeyId });
    expect(verifySigV4({ ...input, body: `${BODY} ` })).toMatchObject({
      errorType: 'InvalidSignatureException',
    });
  });
});

describe('verifySigV4 refuses, as AppSync answers', () => {
  it('a body changed after signing: the signature does not match, with our canonical request', () => {
    const request = signed();
    const tampered = BODY.replace('whoami', 'whoAmI');
    const outcome = verifySigV4({ ...request, body: tampered });
    expect(outcome).toMatchObject({ errorType: 'InvalidSignatureException' });
    const { message } = outcome as { message: string };
    expect(message.startsWith(MISMATCH)).toBe(true);
    expect(message).toContain(
      `\n\nThe Canonical String for this request should have been\n'POST\n/graphql\n\nhost:127.0.0.1:4000\nx-amz-date:20260115T100012Z\n\nhost;x-amz-date\n${sha256Hex(tampered)}'\n`,
    );
    expect(message).toMatch(
      /\n\nThe String-to-Sign should have been\n'AWS4-HMAC-SHA256\n20260115T100012Z\n20260115\/us-east-1\/appsync\/aws4_request\n[0-9a-f]{64}'\n$/,
    );
  });

  it('a wrong secret, another path, method or query, and a signature of another length', () => {
    const request = signed();
    const other = new Map([[KEY.accessKeyId, { secretAccessKey: 'another-secret' }]]);
    for (const changed of [
      { ...request, keys: other },
      { ...request, path: '/graphql?x=1' },
      { ...request, method: 'PUT' },
      {
        ...request,
        headers: {
          ...request.headers,
          authorization: (request.headers.authorization as string).replace(
            /Signature=\w+/,
            'Signature=abc',
          ),
        },
      },
    ]) {
      expect((verifySigV4(changed) as { message: string }).message.startsWith(MISMATCH)).toBe(true);
    }
  });

  it('quotes no credential header value: no token, no API key, never the secret', () => {
    const credentials = { ...KEY, sessionToken: 'SECRET-SESSION-TOKEN-VALUE' };
    const request = signed({ credentials, extra: { 'x-api-key': 'da2-secretapikey' } });
    const outcome = verifySigV4({ ...request, body: '{}' });
    const { message } = outcome as { message: string };
    expect(message).toContain('\nx-amz-security-token:(not shown)\n');
    expect(message).toContain('\nx-api-key:(not shown)\n');
    for (const secret of [credentials.sessionToken, 'da2-secretapikey', KEY.secretAccessKey]) {
      expect(message).not.toContain(secret);
    }
  });

  it('a request scoped to another region', () => {
    expect(verifySigV4(signed({ region: 'eu-west-1' }))).toEqual(
      invalid('Credential should be scoped to a valid region. '),
    );
  });

  it('a request scoped to another service', () => {
    expect(verifySigV4(signed({ service: 'execute-api' }))).toEqual(
      invalid("Credential should be scoped to correct service: 'appsync'. "),
    );
  });

  it('a signature older than 5 minutes: expired, with the times', () => {
    expect(verifySigV4({ ...signed(), now: NOW + MAX_SKEW_MS + 1000 })).toEqual(
      invalid(
        'Signature expired: 20260115T100012Z is now earlier than 20260115T100013Z (20260115T100513Z - 5 min.)',
      ),
    );
  });

  it('a signature more than 5 minutes ahead: not yet current, with the times', () => {
    expect(verifySigV4({ ...signed(), now: NOW - MAX_SKEW_MS - 1000 })).toEqual(
      invalid(
        'Signature not yet current: 20260115T100012Z is still later than 20260115T100011Z (20260115T095511Z + 5 min.)',
      ),
    );
  });

  it('an access key it does not know', () => {
    const outcome = verifySigV4(
      signed({ credentials: { ...KEY, accessKeyId: 'AKIAUNKNOWN000000000' } }),
    );
    expect(outcome).toEqual({
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    });
  });

  it('a key with a session token, and a request with another token or none', () => {
    const keys = new Map([[KEY.accessKeyId, { ...KEY, sessionToken: 'the-token' }]]);
    const unrecognized = {
      errorType: 'UnrecognizedClientException',
      message: 'The security token included in the request is invalid.',
    };
    expect(verifySigV4({ ...signed(), keys })).toEqual(unrecognized);
    const other = signed({ credentials: { ...KEY, sessionToken: 'other-token' } });
    expect(verifySigV4({ ...other, keys })).toEqual(unrecognized);
  });

  it('a signed header the request does not carry', () => {
    const request = signed({ extra: { 'x-custom': 'signed' } });
    const { 'x-custom': _, ...headers } = request.headers;
    expect(verifySigV4({ ...request, headers })).toEqual(
      incomplete(
        "'x-custom' is named as a SignedHeader, but it does not exist in the HTTP request.",
      ),
    );
  });

  // Regression (review of the verifier): a signed header named like an Object member was read
  // from the prototype, and its value's trim() threw: a 500 for an unauthenticated request.
  it('a signed header named like an Object member that the request does not carry', () => {
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const request = signed();
      const authorization = (request.headers.authorization as string).replace(
        'SignedHeaders=host;',
        `SignedHeaders=${name};host;`,
      );
      expect(verifySigV4({ ...request, headers: { ...request.headers, authorization } })).toEqual(
        incomplete(
          `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`,
        ),
      );
    }
  });

  it('a signature that does not cover host', () => {
    const request = signed();
    const authorization = (request.headers.authorization as string).replace(
      'SignedHeaders=host;x-amz-date',
      'SignedHeaders=x-amz-date',
    );
    expect(verifySigV4({ ...request, headers: { ...request.headers, authorization } })).toEqual(
      invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization."),
    );
  });

  it('a request without x-amz-date, or with one in another format or not a date', () => {
    const request = signed();
    const { 'x-amz-date': _, ...headers } = request.headers;
    expect(verifySigV4({ ...request, headers })).toEqual(
      incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
      ),
    );
    for (const date of ['2026-01-15T10:00:12Z', '20260230T100012Z', '20260115T250012Z']) {
      expect(
        verifySigV4({ ...request, headers: { ...request.headers, 'x-amz-date': date } }),
      ).toEqual(
        incomplete(
          `Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
        ),
      );
    }
  });

  it('an x-amz-date of another day than the credential scope', () => {
    const request = signed();
    const headers = { ...request.headers, 'x-amz-date': '20260116T000100Z' };
    expect(verifySigV4({ ...request, headers, now: Date.UTC(2026, 0, 16, 0, 1) })).toEqual(
      invalid(
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20260115' != '20260116', from '20260116T000100Z'.",
      ),
    );
  });

  it.each([
    [
      'AWS4-HMAC-SHA256 Credential=AKIA/20260115/us-east-1/appsync/aws4_request',
      "Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    ],
    [
      'AWS4-HMAC-SHA256 ',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
    ],
    [
      'AWS4-HMAC-SHA256 Credential=, SignedHeaders=host, Signature=ab',
      "Authorization header requires 'Credential' parameter.",
    ],
    [
      'AWS4-HMAC-SHA256 Credential AKIA/x',
      "'Credential AKIA/x' not a valid key=value pair (missing equal-sign) in Authorization header.",
    ],
    [
      'AWS4-HMAC-SHA256 Credential=AKIA/20260115/appsync/aws4_request, SignedHeaders=host, Signature=ab',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIA/20260115/appsync/aws4_request'",
    ],
    [
      'AWS4-HMAC-SHA256 Credential=AKIA//us-east-1/appsync/aws4_request, SignedHeaders=host, Signature=ab',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIA//us-east-1/appsync/aws4_request'",
    ],
  ])('a malformed Authorization: %s', (authorization, message) => {
    const request = signed();
    expect(verifySigV4({ ...request, headers: { ...request.headers, authorization } })).toEqual(
      incomplete(message),
    );
  });

  it('no Authorization header at all: every parameter missing', () => {
    const { authorization: _, ...headers } = signed().headers;
    expect(verifySigV4({ ...signed(), headers })).toEqual(
      incomplete(
        "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. Authorization header requires 'SignedHeaders' parameter.",
      ),
    );
  });

  it('a credential scope without the aws4_request terminator', () => {
    const request = signed();
    const authorization = (request.headers.authorization as string).replace(
      'aws4_request',
      'aws4_reqest',
    );
    expect(verifySigV4({ ...request, headers: { ...request.headers, authorization } })).toEqual(
      invalid(
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws4_reqest'. ",
      ),
    );
  });
});

describe('the parts, on their own', () => {
  it('parseAuthorization reads the three parameters in any order, with extra spaces', () => {
    expect(
      parseAuthorization(
        'AWS4-HMAC-SHA256 Signature=ff,  SignedHeaders=host;x-amz-date ,Credential=K/20260115/r/s/aws4_request,',
        '20260115T000000Z',
      ),
    ).toEqual({
      accessKeyId: 'K',
      date: '20260115',
      region: 'r',
      service: 's',
      terminator: 'aws4_request',
      signedHeaders: ['host', 'x-amz-date'],
      signature: 'ff',
    });
  });

  it('parseAmzDate reads the basic format only, and real dates only', () => {
    expect(parseAmzDate('20260115T100012Z')).toBe(NOW);
    expect(parseAmzDate('20240229T000000Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseAmzDate('20250229T000000Z')).toBeUndefined();
    expect(parseAmzDate('20260115T100012')).toBeUndefined();
  });
});

describe('properties', () => {
  const regions = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2');
  const bodies = fc.oneof(fc.string({ unit: 'binary' }), fc.uint8Array({ maxLength: 2048 }));
  const skew = fc.integer({ min: -MAX_SKEW_MS, max: MAX_SKEW_MS });

  it('whatever signRequest signs verifies, at any time within 5 minutes of the clock', () => {
    fc.assert(
      fc.property(bodies, regions, skew, fc.webPath(), (body, region, offset, path) => {
        const url = new URL(`http://127.0.0.1:4000${path.startsWith('/') ? path : `/${path}`}`);
        const request = signed({ body, region, url });
        expect(verifySigV4({ ...request, region, now: NOW + offset })).toEqual({
          accessKeyId: KEY.accessKeyId,
        });
      }),
    );
  });

  it('any single changed byte of the body never verifies', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
        fc.nat(),
        fc.integer({ min: 1, max: 255 }),
        (body, at, flip) => {
          const request = signed({ body });
          const changed = Uint8Array.from(body);
          const index = at % changed.length;
          changed[index] = (changed[index] as number) ^ flip;
          const outcome = verifySigV4({ ...request, body: changed });
          expect(outcome).toMatchObject({ errorType: 'InvalidSignatureException' });
          expect((outcome as { message: string }).message.startsWith(MISMATCH)).toBe(true);
        },
      ),
    );
  });

  it('any Authorization header is answered, never thrown on, and never accepted unsigned', () => {
    fc.assert(
      fc.property(fc.string(), fc.option(fc.string(), { nil: undefined }), (rest, date) => {
        const request = signed();
        const headers: Record<string, string> = {
          ...request.headers,
          authorization: `AWS4-HMAC-SHA256 ${rest}`,
        };
        if (date === undefined) delete headers['x-amz-date'];
        else headers['x-amz-date'] = date;
        expect(verifySigV4({ ...request, headers })).toMatchObject({
          errorType: expect.stringMatching(/SignatureException$|^UnrecognizedClientException$/),
        });
      }),
    );
  });
});

/** `@smithy/signature-v4`'s hash, on node:crypto: SHA-256, or HMAC-SHA-256 with a secret. */
class NodeSha256 {
  readonly #secret: string | Uint8Array | undefined;
  #hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.#secret = secret === undefined ? undefined : bytes(secret);
    this.#hash = this.#fresh();
  }
  #fresh(): Hash | Hmac {
    return this.#secret === undefined ? createHash('sha256') : createHmac('sha256', this.#secret);
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.#hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.#hash.digest());
  }
  reset(): void {
    this.#hash = this.#fresh();
  }
}

function bytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (ArrayBuffer.isView(data))
    return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return new Uint8Array(data);
}
