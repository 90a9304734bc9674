import type {
  AppSyncIdentity,
  AppSyncIdentityCognito,
  AppSyncIdentityIAM,
  AppSyncIdentityLambda,
  AppSyncIdentityOIDC,
} from '../event.js';
import type { IdentityKind } from '../identity.js';
import { type DeepPartial, deepMerge } from './merge.js';

/** The identity type of each kind; `apiKey` is AppSync's `null`. */
export interface IdentityOf {
  apiKey: null;
  iam: AppSyncIdentityIAM;
  cognito: AppSyncIdentityCognito;
  oidc: AppSyncIdentityOIDC;
  lambda: AppSyncIdentityLambda;
}

/** The five identity kinds, in the order the docs list the auth modes. */
export const identityKinds: readonly IdentityKind[] = Object.freeze([
  'apiKey',
  'iam',
  'cognito',
  'oidc',
  'lambda',
] as const);

/** True for one of the five identity kind names. */
export function isIdentityKind(value: unknown): value is IdentityKind {
  return typeof value === 'string' && (identityKinds as readonly string[]).includes(value);
}

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const CLIENT_IP = '203.0.113.10';
const USER_POOL = `https://cognito-idp.${REGION}.amazonaws.com/${REGION}_Xq7LmP2rT`;
const AUTH_TIME = 1768470600; // 2026-01-15T10:30:00Z: fixed, so builders are deterministic

/**
 * A realistic identity of the given kind (PROTOCOL.md §2.2), with `overrides` merged deeply:
 * `makeIdentity('cognito', { groups: ['admin'] })`. Every value is invented and fixed.
 */
export function makeIdentity<K extends IdentityKind>(
  kind: K,
  overrides?: DeepPartial<IdentityOf[K]>,
): IdentityOf[K] {
  const identity = defaultIdentity(kind) as IdentityOf[K];
  if (overrides === undefined || identity === null) return identity;
  const merged = deepMerge(identity, overrides);
  if (kind === 'cognito' || kind === 'oidc') {
    syncClaims(merged as AppSyncIdentityCognito | AppSyncIdentityOIDC, overrides as Obj);
  }
  return merged;
}

type Obj = Record<string, unknown>;

/**
 * Keeps a token identity's claims (what its JWT carries) in step with the top-level fields an
 * override changed; a claim the override sets itself wins.
 */
function syncClaims(identity: AppSyncIdentityCognito | AppSyncIdentityOIDC, overrides: Obj): void {
  const claims = overrides.claims as Obj | undefined;
  const sync = (field: string, claim: string): void => {
    if (overrides[field] === undefined || claims?.[claim] !== undefined) return;
    const value = (identity as unknown as Obj)[field];
    if (value === null) delete identity.claims[claim];
    else identity.claims[claim] = value;
  };
  sync('sub', 'sub');
  sync('issuer', 'iss');
  sync('groups', 'cognito:groups');
  sync('username', 'cognito:username');
}

function defaultIdentity(kind: IdentityKind): AppSyncIdentity {
  switch (kind) {
    case 'apiKey':
      return null;
    case 'iam':
      return {
        accountId: ACCOUNT,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: [CLIENT_IP],
        username: 'AIDAEXAMPLEUSERID0001',
        userArn: `arn:aws:iam::${ACCOUNT}:user/appsync-caller`,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
      };
    case 'cognito': {
      const sub = 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93';
      return {
        sub,
        issuer: USER_POOL,
        username: 'jdoe',
        claims: {
          sub,
          'cognito:groups': ['admin'],
          email_verified: true,
          iss: USER_POOL,
          'cognito:username': 'jdoe',
          aud: '5k2q8m1v9d3f7h4n6r0t2w8y1b',
          token_use: 'id',
          auth_time: AUTH_TIME,
          exp: AUTH_TIME + 3600,
          iat: AUTH_TIME,
          email: 'jdoe@example.com',
        },
        sourceIp: [CLIENT_IP],
        defaultAuthStrategy: 'ALLOW',
        groups: ['admin'],
      };
    }
    case 'oidc': {
      const sub = 'auth0|65a4f2c91b3e7d0012a8c4f6';
      const issuer = 'https://example.us.auth0.com/';
      return {
        sub,
        issuer,
        claims: {
          iss: issuer,
          sub,
          aud: ['https://api.example.com'],
          iat: AUTH_TIME,
          exp: AUTH_TIME + 86400,
          scope: 'openid profile email',
        },
      };
    }
    case 'lambda':
      return { resolverContext: { tenantId: 't-123', userId: 'u-456', role: 'editor' } };
  }
}

const COMMON_HEADERS: Readonly<Record<string, string>> = {
  host: 'k3x7q2m9vd5fhn4ubw6tyc8ep4.appsync-api.us-east-1.amazonaws.com',
  accept: 'application/json, text/plain, */*',
  'accept-encoding': 'gzip, deflate, br',
  'content-type': 'application/json',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)',
  via: '2.0 6d3f0c1bd6e362694388e4d5fbe1f518.cloudfront.net (CloudFront)',
  'x-amz-cf-id': 'utHqUZectw4gcRD3XhZHRW6Op6p3B-teElWZACJ0RzgJwiDCXlwHda==',
  'x-amzn-trace-id': 'Root=1-6968baa0-86b0eff5a70e15d1d1f879ae',
  'x-forwarded-for': `${CLIENT_IP}, 130.176.92.17`,
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
};

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

/** A structurally valid JWT whose payload is `claims`; the signature is fake. */
export function fakeJwt(claims: unknown): string {
  return `${base64url({ kid: 'test-key', alg: 'RS256' })}.${base64url(claims)}.${'x'.repeat(43)}`;
}

/** The caller kinds that sign in with a token: a JWT (`cognito`, `oidc`) or an authorizer's (`lambda`). */
export type TokenKind = 'cognito' | 'oidc' | 'lambda';

/**
 * A token for a caller of the local AppSync (`appsync-direct dev`, `createTestClient`), to send as
 * the `Authorization` header: for `cognito` and `oidc`, an unsigned JWT whose claims are those of
 * {@link makeIdentity} with `overrides` (`groups` kept in step with `cognito:groups`); for
 * `lambda`, the JSON that the dev server's authorizer passes on as `resolverContext`. The local
 * AppSync decodes tokens and never verifies them; AppSync itself would refuse these.
 *
 * @example
 * const token = makeToken('cognito', { groups: ['admin'] });
 * await client.execute({ query, headers: { authorization: token } });
 */
export function makeToken<K extends TokenKind>(
  kind: K,
  overrides?: DeepPartial<IdentityOf[K]>,
): string {
  if (kind !== 'cognito' && kind !== 'oidc' && kind !== 'lambda') {
    throw new TypeError(
      `makeToken() makes tokens of the kinds cognito, oidc and lambda; received ${JSON.stringify(kind)}.`,
    );
  }
  const identity = makeIdentity(kind, overrides);
  if (kind === 'lambda') {
    return JSON.stringify((identity as AppSyncIdentityLambda).resolverContext);
  }
  return fakeJwt((identity as AppSyncIdentityCognito | AppSyncIdentityOIDC).claims);
}

/**
 * The request headers AppSync passes for a caller of this kind: lower-cased, no `cookie`, the
 * CloudFront-style ones, and the credential the auth mode reads (`x-api-key`, a SigV4
 * `authorization`, a JWT whose payload is the identity's claims, or an authorizer token).
 */
export function headersFor(
  identity: AppSyncIdentity,
  kind: IdentityKind | undefined,
): Record<string, string> {
  const headers: Record<string, string> = { ...COMMON_HEADERS };
  switch (kind) {
    case 'apiKey':
      headers['x-api-key'] = 'da2-7h4kq2mzw5bxf3n6r9tdyc8pse';
      break;
    case 'iam':
      headers.authorization =
        'AWS4-HMAC-SHA256 Credential=AKIAEXAMPLEKEYID0001/20260115/us-east-1/appsync/aws4_request, ' +
        'SignedHeaders=accept;content-type;host;x-amz-date, Signature=' +
        '68cc932271e363143d3a0445885e4878c673401bba7093cadc47129282d6225a';
      headers['x-amz-date'] = '20260115T100012Z';
      break;
    case 'cognito':
    case 'oidc':
      headers.authorization = fakeJwt((identity as { claims?: unknown }).claims ?? {});
      break;
    case 'lambda':
      headers.authorization = 'tok_t-123_8d59c7ea14df0c05f41226bcfae739cf';
      break;
  }
  return headers;
}
