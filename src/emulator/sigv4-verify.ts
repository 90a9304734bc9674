import { timingSafeEqual } from 'node:crypto';
import {
  ALGORITHM,
  amzDate,
  canonicalRequest,
  type SigningScope,
  sha256Hex,
  signature,
  stringToSign,
} from '../client/sigv4.js';

/**
 * The local AppSync's check of a SigV4 request: the `Authorization` header parsed, the credential
 * scope, the time and the signed headers checked, and the signature computed again from the raw
 * request with the same functions the client signs with (src/client/sigv4.ts), so signer and
 * verifier can never disagree about the format. The answers are AppSync's, as docs/local-appsync.md
 * lists them with where each comes from.
 */

/** The service IAM requests to AppSync are signed for. */
export const SERVICE = 'appsync';

/** How far a request's `x-amz-date` may be from the clock, either way: AWS's 5 minutes. */
export const MAX_SKEW_MS = 5 * 60 * 1000;

/** Why AppSync refuses a signed request: always HTTP 403. */
export type SigV4ErrorType =
  | 'IncompleteSignatureException'
  | 'InvalidSignatureException'
  | 'UnrecognizedClientException';

/** A request refused: the `errorType` and the message AppSync answers with. */
export interface SigV4Rejection {
  errorType: SigV4ErrorType;
  message: string;
}

/** A key the local AppSync knows: what {@link verifySigV4} needs of it. */
export interface VerifyingKey {
  secretAccessKey: string;
  /** When set, requests signed with the key must carry it in `x-amz-security-token`. */
  sessionToken?: string | undefined;
}

/** The request as it arrived, and what to check it against. */
export interface VerifyInput {
  method: string;
  /** The path as sent, with its query string: `/graphql?x=1`. */
  path: string;
  /** The body exactly as sent: its bytes are hashed. */
  body: string | Uint8Array;
  /** The request headers, names lower-cased. */
  headers: Readonly<Record<string, string>>;
  /** The clock, in milliseconds since the epoch. */
  now: number;
  /** The API's region. */
  region: string;
  /** The keys, by access key id. */
  keys: ReadonlyMap<string, VerifyingKey>;
}

/** The parts of a SigV4 `Authorization` header. */
export interface SigV4Authorization {
  accessKeyId: string;
  /** `YYYYMMDD`. */
  date: string;
  region: string;
  service: string;
  terminator: string;
  /** The signed header names, as listed. */
  signedHeaders: string[];
  signature: string;
}

const PARAMETERS = ['Credential', 'Signature', 'SignedHeaders'] as const;
const BASIC_FORMAT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** Header values the canonical request quoted in a mismatch answer never shows. */
const HIDDEN = new Set(['x-amz-security-token', 'x-api-key', 'authorization', 'cookie']);

const incomplete = (message: string): SigV4Rejection => ({
  errorType: 'IncompleteSignatureException',
  message,
});
const invalid = (message: string): SigV4Rejection => ({
  errorType: 'InvalidSignatureException',
  message,
});
/** AppSync's answer for a key it does not know, and for a session token that does not match. */
const UNRECOGNIZED: SigV4Rejection = {
  errorType: 'UnrecognizedClientException',
  message: 'The security token included in the request is invalid.',
};

/**
 * Reads `AWS4-HMAC-SHA256 Credential=<key>/<date>/<region>/<service>/aws4_request,
 * SignedHeaders=a;b, Signature=<hex>`; a missing part is AWS's IncompleteSignatureException, with
 * a missing `x-amz-date` named in the same message as AWS does. The header itself is never
 * quoted back.
 */
export function parseAuthorization(
  authorization: string,
  xAmzDate: string | undefined,
): SigV4Authorization | SigV4Rejection {
  const rest = authorization.slice(ALGORITHM.length).trim();
  const values = new Map<string, string>();
  for (const part of rest.split(',')) {
    const pair = part.trim();
    if (pair === '') continue;
    const at = pair.indexOf('=');
    if (at === -1) {
      return incomplete(
        `'${pair}' not a valid key=value pair (missing equal-sign) in Authorization header.`,
      );
    }
    values.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
  }
  const missing = PARAMETERS.filter((name) => !values.get(name)).map(
    (name) => `Authorization header requires '${name}' parameter.`,
  );
  if (xAmzDate === undefined || xAmzDate === '') {
    // The local AppSync reads X-Amz-Date only, as every AWS SDK sends it; AWS's words name Date too.
    missing.push(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
    );
  }
  if (missing.length > 0) return incomplete(missing.join(' '));
  const credential = values.get('Credential') as string;
  const scope = credential.split('/');
  if (scope.length !== 5 || scope.some((part) => part === '')) {
    return incomplete(
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    );
  }
  const [accessKeyId, date, region, service, terminator] = scope as [
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    accessKeyId,
    date,
    region,
    service,
    terminator,
    signedHeaders: (values.get('SignedHeaders') as string).split(';'),
    signature: values.get('Signature') as string,
  };
}

/** The time of an `x-amz-date`, or `undefined` when it is not ISO 8601's basic format. */
export function parseAmzDate(value: string): number | undefined {
  const match = BASIC_FORMAT.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second] = match.map(Number) as number[];
  const time = Date.UTC(year as number, (month as number) - 1, day, hour, minute, second);
  // 20260230T000000Z would roll over into March: not a date.
  return amzDate(new Date(time)) === value ? time : undefined;
}

/** Splits `/graphql?a=1` into the path and the query. */
function splitPath(path: string): { path: string; query: string } {
  const at = path.indexOf('?');
  return at === -1 ? { path, query: '' } : { path: path.slice(0, at), query: path.slice(at + 1) };
}

/** Equal strings, compared in constant time for strings of the same length. */
function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Verifies a SigV4-signed request as AppSync does: the `Authorization` header's parts, the scope
 * (`aws4_request`, service `appsync`, the API's region, the day of `x-amz-date`), the time (within
 * 5 minutes of `now`), `host` and every other signed header present, the access key known (and
 * its session token, when it has one), then the signature, computed again over the raw body and
 * compared in constant time. Returns the access key id, or AppSync's refusal (HTTP 403).
 *
 * @example
 * const outcome = verifySigV4({ method: 'POST', path: '/graphql', body, headers, now: Date.now(),
 *   region: 'us-east-1', keys: new Map([[accessKeyId, { secretAccessKey }]]) });
 * if ('errorType' in outcome) return forbidden(outcome);
 */
export function verifySigV4(input: VerifyInput): { accessKeyId: string } | SigV4Rejection {
  const { headers } = input;
  const xAmzDate = headers['x-amz-date'];
  const auth = parseAuthorization(headers.authorization ?? '', xAmzDate);
  if ('errorType' in auth) return auth;
  const date = xAmzDate as string;
  const time = parseAmzDate(date);
  if (time === undefined) {
    return incomplete(
      `Date must be in ISO-8601 'basic format'. Got '${date}'. See http://en.wikipedia.org/wiki/ISO_8601`,
    );
  }
  if (auth.terminator !== 'aws4_request') {
    return invalid(
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${auth.terminator}'. `,
    );
  }
  if (auth.service !== SERVICE) {
    return invalid(`Credential should be scoped to correct service: '${SERVICE}'. `);
  }
  if (auth.region !== input.region) {
    return invalid('Credential should be scoped to a valid region. ');
  }
  if (auth.date !== date.slice(0, 8)) {
    return invalid(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.date}' != '${date.slice(0, 8)}', from '${date}'.`,
    );
  }
  const { now } = input;
  if (time < now - MAX_SKEW_MS) {
    return invalid(
      `Signature expired: ${date} is now earlier than ${amzDate(new Date(now - MAX_SKEW_MS))} (${amzDate(new Date(now))} - 5 min.)`,
    );
  }
  if (time > now + MAX_SKEW_MS) {
    return invalid(
      `Signature not yet current: ${date} is still later than ${amzDate(new Date(now + MAX_SKEW_MS))} (${amzDate(new Date(now))} + 5 min.)`,
    );
  }
  if (!auth.signedHeaders.includes('host')) {
    return invalid("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }
  // A null-prototype map: a signed header named like an Object member (constructor, toString)
  // must be looked up among the request's headers only.
  const signed: Record<string, string> = Object.create(null);
  for (const name of auth.signedHeaders) {
    const value = Object.hasOwn(headers, name) ? headers[name] : undefined;
    if (typeof value !== 'string') {
      return incomplete(
        `'${name}' is named as a SignedHeader, but it does not exist in the HTTP request.`,
      );
    }
    signed[name] = value;
  }
  const key = input.keys.get(auth.accessKeyId);
  if (key === undefined) return UNRECOGNIZED;
  if (
    key.sessionToken !== undefined &&
    !sameText(headers['x-amz-security-token'] ?? '', key.sessionToken)
  ) {
    return UNRECOGNIZED;
  }
  const scope: SigningScope = { amzDate: date, region: auth.region, service: auth.service };
  const { path, query } = splitPath(input.path);
  const { request } = canonicalRequest({
    method: input.method,
    path,
    query,
    headers: signed,
    payloadHash: sha256Hex(input.body),
  });
  const toSign = stringToSign(request, scope);
  if (sameText(auth.signature, signature(key.secretAccessKey, scope, toSign))) {
    return { accessKeyId: auth.accessKeyId };
  }
  return invalid(
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.' +
      `\n\nThe Canonical String for this request should have been\n'${shown(request)}'\n\nThe String-to-Sign should have been\n'${toSign}'\n`,
  );
}

/** The canonical request with the values of credential headers left out. */
function shown(request: string): string {
  return request
    .split('\n')
    .map((line) => {
      const at = line.indexOf(':');
      return at > 0 && HIDDEN.has(line.slice(0, at)) ? `${line.slice(0, at)}:(not shown)` : line;
    })
    .join('\n');
}
