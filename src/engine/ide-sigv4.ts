/**
 * SigV4 for the IDE page, in the browser: the same canonical request, string to sign and key
 * derivation as src/client/sigv4.ts, on WebCrypto (SubtleCrypto SHA-256 and HMAC), which pages
 * have in secure contexts only: https, and http on localhost and 127.0.0.1.
 *
 * It is page text, not module code: the dev server puts it in the IDE page when IAM is one of its
 * auth modes, so that the IDE's requests pass the same signature check as every other client's.
 * Defines `appsyncDirectSign(request, key)` and `appsyncDirectSigningFetch(key)`.
 */
export const IDE_SIGV4_SCRIPT = `
async function appsyncDirectSign(request, key) {
  const encoder = new TextEncoder();
  const hex = (bytes) =>
    Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');
  const sha256 = async (text) => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  const hmac = async (secret, text) => {
    const raw = typeof secret === 'string' ? encoder.encode(secret) : secret;
    const imported = await crypto.subtle.importKey(
      'raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'],
    );
    return crypto.subtle.sign('HMAC', imported, encoder.encode(text));
  };
  const escape = (text) =>
    encodeURIComponent(text).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const decode = (text) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const url = new URL(request.url);
  const amzDate = request.date.toISOString().replace(/[:-]|\\.\\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  // The path normalised (empty and dot segments dropped) and each segment encoded once more.
  const segments = [];
  for (const segment of url.pathname.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(escape(segment));
  }
  const trailing = segments.length > 0 && url.pathname.endsWith('/') ? '/' : '';
  const path = '/' + segments.join('/') + trailing;
  const query = url.search
    .slice(1)
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const at = part.indexOf('=');
      const name = at === -1 ? part : part.slice(0, at);
      const value = at === -1 ? '' : part.slice(at + 1);
      return [escape(decode(name)), escape(decode(value))];
    })
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => name + '=' + value)
    .join('&');
  const signedHeaders = 'host;x-amz-date';
  const canonical = [
    request.method.toUpperCase(),
    path,
    query,
    'host:' + url.host,
    'x-amz-date:' + amzDate,
    '',
    signedHeaders,
    await sha256(request.body),
  ].join('\\n');
  const scope = day + '/' + key.region + '/appsync/aws4_request';
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, await sha256(canonical)].join('\\n');
  const kDate = await hmac('AWS4' + key.secretAccessKey, day);
  const kRegion = await hmac(new Uint8Array(kDate), key.region);
  const kService = await hmac(new Uint8Array(kRegion), 'appsync');
  const kSigning = await hmac(new Uint8Array(kService), 'aws4_request');
  const signature = hex(await hmac(new Uint8Array(kSigning), toSign));
  return {
    'x-amz-date': amzDate,
    authorization:
      'AWS4-HMAC-SHA256 Credential=' + key.accessKeyId + '/' + scope +
      ', SignedHeaders=' + signedHeaders + ', Signature=' + signature,
  };
}

function appsyncDirectSigningFetch(key) {
  return async (input, init) => {
    const headers = Object.assign({}, init && init.headers);
    const names = Object.keys(headers).map((name) => name.toLowerCase());
    // Requests that carry credentials of their own (an API key, a token) are sent as they are.
    if (!names.includes('authorization') && !names.includes('x-api-key')) {
      if (!globalThis.crypto || !globalThis.crypto.subtle) {
        throw new Error(
          'This page cannot sign IAM requests: WebCrypto is only available to secure contexts. Open the IDE at http://127.0.0.1 or http://localhost (or over https), or send an x-api-key or Authorization header.',
        );
      }
      const body = init && typeof init.body === 'string' ? init.body : '';
      const method = (init && init.method) || 'POST';
      Object.assign(headers, await appsyncDirectSign({ method, url: String(input), body, date: new Date() }, key));
    }
    return fetch(input, Object.assign({}, init, { headers }));
  };
}
`;
