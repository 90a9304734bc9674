/**
 * The IDE page's SigV4 signer, run here on Node's WebCrypto (the same SubtleCrypto API browsers
 * have): what it signs verifies with the local AppSync's check, it leaves requests with their own
 * credentials alone, and it says why when the page has no WebCrypto. The page in a real browser
 * is test/browser/ide.test.ts.
 */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { signRequest } from '../../src/client/sigv4.js';
import { type VerifyInput, verifySigV4 } from '../../src/emulator/sigv4-verify.js';
import { curlSigV4, idePage, missingIdePage } from '../../src/engine/ide-page.js';
import { IDE_SIGV4_SCRIPT } from '../../src/engine/ide-sigv4.js';

interface SignKey {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}
type Sign = (
  request: { method: string; url: string; body: string; date: Date },
  key: SignKey,
) => Promise<Record<string, string>>;
type SigningFetch = (key: SignKey) => typeof fetch;

/** The page's functions, with the globals it would find in a page. */
function load(globals: { crypto?: unknown; fetch?: unknown } = {}) {
  const scope = {
    crypto: 'crypto' in globals ? globals.crypto : globalThis.crypto,
    fetch: globals.fetch ?? globalThis.fetch,
  };
  return new Function(
    'globalThis',
    'crypto',
    'fetch',
    `${IDE_SIGV4_SCRIPT}\nreturn { sign: appsyncDirectSign, signingFetch: appsyncDirectSigningFetch };`,
  )(scope, scope.crypto, scope.fetch) as { sign: Sign; signingFetch: SigningFetch };
}

const KEY: SignKey = {
  accessKeyId: 'AKIALOCALDEV00000000',
  secretAccessKey: 'appsync/direct+local/dev/secret/00000000',
  region: 'us-east-1',
};
const DATE = new Date(Date.UTC(2026, 0, 15, 10, 0, 12));

const verifying = (url: URL, body: string, headers: Record<string, string>): VerifyInput => ({
  method: 'POST',
  path: `${url.pathname}${url.search}`,
  body,
  headers: { ...headers, host: url.host },
  now: DATE.getTime(),
  region: KEY.region,
  keys: new Map([[KEY.accessKeyId, { secretAccessKey: KEY.secretAccessKey }]]),
});

describe("the IDE page's signer", () => {
  it('signs exactly as src/client/sigv4.ts does', async () => {
    const { sign } = load();
    const url = 'http://127.0.0.1:4000/graphql';
    const body = '{"query":"{ listPosts { items { title } } }"}';
    const headers = await sign({ method: 'POST', url, body, date: DATE }, KEY);
    expect(headers).toEqual(
      signRequest({
        method: 'POST',
        url: new URL(url),
        body,
        credentials: KEY,
        region: KEY.region,
        service: 'appsync',
        date: DATE,
      }),
    );
  });

  it('signs what the local AppSync verifies, for any body, path and query', async () => {
    const { sign } = load();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme' }),
        fc.webPath(),
        fc.webQueryParameters(),
        async (body, path, query) => {
          const url = new URL(`http://localhost:4000${path.startsWith('/') ? path : `/${path}`}`);
          if (query !== '') url.search = query;
          const headers = await sign({ method: 'post', url: url.href, body, date: DATE }, KEY);
          expect(verifySigV4(verifying(url, body, headers))).toEqual({
            accessKeyId: KEY.accessKeyId,
          });
        },
      ),
      { numRuns: 50 },
    );
  });

  it('signs requests without credentials of their own, and sends the rest as they are', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const fetchStub = vi.fn(async (url: string, init: RequestInit) => {
      sent.push({ url, init });
      return new Response('{}');
    });
    const { signingFetch } = load({ fetch: fetchStub });
    const signed = signingFetch(KEY);
    const url = 'http://127.0.0.1:4000/graphql';
    const body = '{"query":"{ __typename }"}';
    await signed(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const headers = sent[0]?.init.headers as Record<string, string>;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIALOCALDEV00000000\//);
    const now = Date.parse(
      (headers['x-amz-date'] as string).replace(
        /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/,
        '$1-$2-$3T$4:$5:$6Z',
      ),
    );
    expect(verifySigV4({ ...verifying(new URL(url), body, headers), now })).toEqual({
      accessKeyId: KEY.accessKeyId,
    });

    await signed(url, { method: 'POST', body, headers: { 'X-Api-Key': 'da2-key' } });
    await signed(url, { method: 'POST', body, headers: { Authorization: 'token' } });
    expect(sent[1]?.init.headers).toEqual({ 'X-Api-Key': 'da2-key' });
    expect(sent[2]?.init.headers).toEqual({ Authorization: 'token' });
    // No init, no body: an empty body is signed, with POST.
    await signed(url, undefined);
    expect(sent[3]?.init.headers).toMatchObject({
      authorization: expect.stringContaining('SignedHeaders=host;x-amz-date'),
    });
  });

  it('says why it cannot sign where the page has no WebCrypto (not a secure context)', async () => {
    const fetchStub = vi.fn();
    const { signingFetch } = load({ crypto: undefined, fetch: fetchStub });
    await expect(
      signingFetch(KEY)('http://192.168.1.20:4000/graphql', { method: 'POST', body: '{}' }),
    ).rejects.toThrow(
      /WebCrypto is only available to secure contexts\. Open the IDE at http:\/\/127\.0\.0\.1/,
    );
    expect(fetchStub).not.toHaveBeenCalled();
  });
});

describe('the pages', () => {
  const page = {
    title: 't',
    endpoint: '/graphql',
    query: '{ a }',
    headers: '{}',
    css: { url: '/ide/x.css' },
    scripts: [{ url: '/ide/x.js' }],
  };

  it('idePage has the signer and the key only when asked to sign', () => {
    const plain = idePage(page);
    expect(plain).not.toContain('async function appsyncDirectSign');
    expect(plain).toContain('"sign":null');
    const signing = idePage({ ...page, sign: KEY });
    expect(signing).toContain('async function appsyncDirectSign(request, key)');
    expect(signing).toContain(
      'fetch: config.sign ? appsyncDirectSigningFetch(config.sign) : undefined',
    );
    expect(signing).toContain(`"sign":{"accessKeyId":"${KEY.accessKeyId}"`);
  });

  it('missingIdePage shows curl signing with the key pair when no header authorizes', () => {
    const options = { problems: [], install: 'npm i', endpoint: 'http://127.0.0.1:4000/graphql' };
    const signed = missingIdePage({ ...options, headers: {}, sign: KEY });
    expect(signed).toContain(
      '--aws-sigv4 &#39;aws:amz:us-east-1:appsync&#39; --user &#39;AKIALOCALDEV00000000:appsync/direct+local/dev/secret/00000000&#39;',
    );
    const keyed = missingIdePage({ ...options, headers: { 'x-api-key': 'k' }, sign: KEY });
    expect(keyed).toContain('-H &#39;x-api-key: k&#39;');
    expect(keyed).not.toContain('--aws-sigv4');
    expect(curlSigV4({ ...KEY, secretAccessKey: "it's" })).toContain(
      "--user 'AKIALOCALDEV00000000:it'\\''s'",
    );
  });
});
