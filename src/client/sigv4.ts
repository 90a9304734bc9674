import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for HTTP requests, on `node:crypto`: the canonical request, the string
 * to sign, the derived key and the `Authorization` header, as AWS's "Create a signed AWS API
 * request" guide specifies them. The client signs with it; the local AppSync verifies with the
 * same functions, so the two can never disagree about the format.
 */

/** AWS credentials: an access key pair, and the session token of temporary credentials. */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' token, sent (and signed) as `x-amz-security-token`. */
  sessionToken?: string | undefined;
  /** When temporary credentials stop working; a provider is asked again before then. */
  expiration?: Date | undefined;
}

/** What is signed: the request as it goes on the wire. */
export interface CanonicalInput {
  method: string;
  /** The path as sent, percent-encoded as on the wire: `/graphql`. */
  path: string;
  /** The query string as sent, without `?`; empty for none. */
  query: string;
  /** The headers to sign: lower-case names, values as sent. */
  headers: Readonly<Record<string, string>>;
  /** The hex SHA-256 of the body. */
  payloadHash: string;
}

/** The credential scope and time of a signature. */
export interface SigningScope {
  /** `YYYYMMDDTHHMMSSZ`, the `x-amz-date` header. */
  amzDate: string;
  region: string;
  service: string;
}

export const ALGORITHM = 'AWS4-HMAC-SHA256';

/** The hex SHA-256 of a body. */
export function sha256Hex(body: string | Uint8Array): string {
  return createHash('sha256').update(body).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ` for a time, as `x-amz-date` carries it. */
export function amzDate(date: Date): string {
  return date.toISOString().replace(/[:-]|\.\d{3}/g, '');
}

/** RFC 3986 percent-encoding: everything but `A–Z a–z 0–9 - _ . ~`. */
function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * The wire path normalised (empty and `.` segments dropped, `..` applied, as RFC 3986 and the AWS
 * SDK do) and each segment encoded once more: every service but S3 signs it so.
 */
function canonicalPath(path: string): string {
  if (path === '' || path === '/') return '/';
  const segments: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(uriEscape(segment));
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : '';
  return `${path.startsWith('/') ? '/' : ''}${segments.join('/')}${trailing}`;
}

/** The query's pairs, each side decoded then strictly encoded, sorted by name then value. */
function canonicalQuery(query: string): string {
  if (query === '') return '';
  const pairs: string[][] = [];
  for (const part of query.split('&')) {
    if (part === '') continue;
    const at = part.indexOf('=');
    const name = at === -1 ? part : part.slice(0, at);
    const value = at === -1 ? '' : part.slice(at + 1);
    pairs.push([uriEscape(decode(name)), uriEscape(decode(value))]);
  }
  pairs.sort(([a = '', x = ''], [b = '', y = '']) =>
    a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
  );
  return pairs.map(([name, value]) => `${name}=${value}`).join('&');
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/**
 * The canonical request and the `SignedHeaders` list: method, path, query, the headers sorted by
 * name with their values trimmed and inner runs of spaces folded, the header names, the body hash.
 */
export function canonicalRequest(input: CanonicalInput): {
  request: string;
  signedHeaders: string;
} {
  return canonicalForm(input, canonicalQuery(input.query));
}

/** {@link canonicalRequest} with the query already in canonical form. */
function canonicalForm(
  input: Omit<CanonicalInput, 'query'>,
  query: string,
): { request: string; signedHeaders: string } {
  const names = Object.keys(input.headers).sort();
  let headers = '';
  for (const name of names) {
    const value = input.headers[name] as string;
    headers += `${name}:${value.trim().replace(/\s+/g, ' ')}\n`;
  }
  const signedHeaders = names.join(';');
  return {
    request: `${input.method.toUpperCase()}\n${canonicalPath(input.path)}\n${query}\n${headers}\n${signedHeaders}\n${input.payloadHash}`,
    signedHeaders,
  };
}

/** `<date>/<region>/<service>/aws4_request`. */
export function credentialScope(scope: SigningScope): string {
  return `${scope.amzDate.slice(0, 8)}/${scope.region}/${scope.service}/aws4_request`;
}

/** The string to sign for a canonical request. */
export function stringToSign(canonical: string, scope: SigningScope): string {
  return `${ALGORITHM}\n${scope.amzDate}\n${credentialScope(scope)}\n${sha256Hex(canonical)}`;
}

const KEYS_KEPT = 32;
const keys = new Map<string, Buffer>();

/**
 * The signing key of a secret for one day, region and service; kept (up to 32), as it changes
 * once a day. The map is in memory only and never logged; its keys hold the secret.
 */
export function signingKey(secretAccessKey: string, scope: SigningScope): Buffer {
  const day = scope.amzDate.slice(0, 8);
  const id = `${day}\0${scope.region}\0${scope.service}\0${secretAccessKey}`;
  let key = keys.get(id);
  if (key === undefined) {
    key = Buffer.from(`AWS4${secretAccessKey}`);
    for (const part of [day, scope.region, scope.service, 'aws4_request']) {
      key = createHmac('sha256', key).update(part).digest();
    }
    if (keys.size >= KEYS_KEPT) keys.clear();
    keys.set(id, key);
  }
  return key;
}

/** The hex signature of a string to sign. */
export function signature(secretAccessKey: string, scope: SigningScope, toSign: string): string {
  return createHmac('sha256', signingKey(secretAccessKey, scope)).update(toSign).digest('hex');
}

/** A request to sign: the URL it goes to, its method, its body, headers to sign besides ours. */
export interface SignInput {
  method: string;
  url: URL;
  body: string | Uint8Array;
  credentials: AwsCredentials;
  region: string;
  service: string;
  /** The signing time. */
  date: Date;
  /** More headers to sign, lower-case names (`host`, `x-amz-date` and the token are added). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * Signs a request: the headers to send with it, `authorization`, `x-amz-date` and, for temporary
 * credentials, `x-amz-security-token`. `host` is signed from the URL; fetch sends the same.
 *
 * @example
 * const headers = signRequest({
 *   method: 'POST', url: new URL(endpoint), body, region: 'eu-west-1', service: 'appsync',
 *   credentials: { accessKeyId, secretAccessKey }, date: new Date(),
 * });
 */
export function signRequest(input: SignInput): Record<string, string> {
  return signWith(input, canonicalQuery(input.url.search.slice(1)));
}

/**
 * {@link signRequest} for a URL without a query string, as AppSync's endpoints are: the client's
 * signer, which leaves the query's canonical form (and its bytes) out of a Lambda bundle.
 */
export function signQueryless(input: SignInput): Record<string, string> {
  return signWith(input, '');
}

function signWith(input: SignInput, query: string): Record<string, string> {
  const { credentials, url } = input;
  const scope: SigningScope = {
    amzDate: amzDate(input.date),
    region: input.region,
    service: input.service,
  };
  const out: Record<string, string> = { 'x-amz-date': scope.amzDate };
  if (credentials.sessionToken) {
    out['x-amz-security-token'] = credentials.sessionToken;
  }
  const { request, signedHeaders } = canonicalForm(
    {
      method: input.method,
      path: url.pathname,
      headers: { ...input.headers, host: url.host, ...out },
      payloadHash: sha256Hex(input.body),
    },
    query,
  );
  const sig = signature(credentials.secretAccessKey, scope, stringToSign(request, scope));
  out.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope(scope)}, SignedHeaders=${signedHeaders}, Signature=${sig}`;
  return out;
}
