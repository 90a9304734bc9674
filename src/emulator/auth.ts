import { AUTH_MODES, type AuthMode, type RequestAuth } from '../engine/directives.js';
import { UNAUTHORIZED_MESSAGE } from '../engine/wire.js';
import type { AppSyncIdentityIAM } from '../event.js';
import { makeIdentity } from '../testing/identities.js';
import { type IamCredential, type IamKey, iamKeys } from './iam.js';
import { verifySigV4 } from './sigv4-verify.js';

export type { AuthMode, RequestAuth } from '../engine/directives.js';

/** The event a Lambda authorizer receives (`AppSyncAuthorizerEvent` of `@types/aws-lambda`). */
export interface AppSyncAuthorizerEvent {
  /** The `Authorization` header, as sent. */
  authorizationToken: string;
  requestContext: {
    apiId: string;
    accountId: string;
    requestId: string;
    queryString: string;
    operationName?: string | undefined;
    variables: Record<string, unknown>;
  };
  /** The request's headers, lower-cased. */
  requestHeaders: Record<string, string>;
}

/** What a Lambda authorizer answers (`AppSyncAuthorizerResult` of `@types/aws-lambda`). */
export interface AppSyncAuthorizerResult {
  isAuthorized: boolean;
  /** Becomes `identity.resolverContext` in every resolver's context. */
  resolverContext?: Record<string, unknown> | undefined;
  /**
   * Fields forced to `null` with an `Unauthorized` error: `Type.field`, or AppSync's field ARN
   * `arn:aws:appsync:<region>:<account>:apis/<id>/types/<Type>/fields/<field>`.
   */
  deniedFields?: readonly string[] | undefined;
  /** Accepted and ignored: the emulator caches no authorization. */
  ttlOverride?: number | undefined;
}

/** A local Lambda authorizer: the function AppSync would call for `AWS_LAMBDA` requests. */
export type LambdaAuthorizer = (
  event: AppSyncAuthorizerEvent,
) => AppSyncAuthorizerResult | PromiseLike<AppSyncAuthorizerResult>;

/**
 * How the emulated API authorizes requests, as an AppSync API's `authenticationType` and
 * `additionalAuthenticationProviders` do.
 *
 * ⚠ Local only: Cognito and OIDC tokens are decoded but their signature, issuer, audience and
 * expiry are NOT verified, and IAM requests are checked against a signature only when
 * `iamCredentials` lists the keys. Anyone who can reach the emulator can claim any other identity.
 * Never expose it beyond your machine.
 */
export interface AuthOptions {
  /** The API's default mode. Default `'apiKey'`. */
  default?: AuthMode | undefined;
  /** Additional modes, usable on types and fields that carry their directive. */
  additional?: readonly AuthMode[] | undefined;
  /** The API keys accepted in `x-api-key`. Default: any non-empty key. */
  apiKeys?: readonly string[] | undefined;
  /**
   * The identity of IAM requests that no listed key signed: `authMode: 'iam'` in process, and,
   * without `iamCredentials`, any SigV4 request. An identity, or a function of the request
   * headers. Default: a realistic IAM user. A request verified with a key of `iamCredentials`
   * gets that key's identity instead.
   */
  iamIdentity?:
    | AppSyncIdentityIAM
    | ((headers: Readonly<Record<string, string>>) => AppSyncIdentityIAM)
    | undefined;
  /**
   * The access keys IAM requests may be signed with. When given, every SigV4 request is verified
   * as AppSync verifies it (scope, time, signed headers, signature over the raw body; HTTP 403
   * with AppSync's answer otherwise), and its identity comes from the key's principal. Without
   * it, any SigV4 `Authorization` header is accepted, unverified.
   */
  iamCredentials?: readonly IamCredential[] | undefined;
  /** The API's region, which signatures must be scoped to. Default `'us-east-1'`. */
  region?: string | undefined;
  /** The local AppSync's clock, in milliseconds since the epoch (signature times). Default `Date.now`. */
  clock?: (() => number) | undefined;
  /** The Lambda authorizer, required when `'lambda'` is one of the modes. */
  lambdaAuthorizer?: LambdaAuthorizer | undefined;
}

/**
 * A request AppSync refuses before executing anything: HTTP 401 `UnauthorizedException` unless
 * said otherwise (a SigV4 request AppSync cannot verify is a 403).
 */
export interface AuthFailure {
  failure: string;
  status?: 401 | 403 | undefined;
  errorType?: string | undefined;
}

/** The checked configuration. */
export interface AuthConfig {
  defaultMode: AuthMode;
  enabled: ReadonlySet<AuthMode>;
  options: AuthOptions;
  /** The keys of `iamCredentials`, by access key id; `undefined` when none are listed. */
  iamKeys: ReadonlyMap<string, IamKey> | undefined;
  region: string;
  clock: () => number;
}

const REGION = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function isMode(value: unknown): value is AuthMode {
  return typeof value === 'string' && (AUTH_MODES as readonly string[]).includes(value);
}

/** Checks the `auth` option; a mistake is a TypeError at start-up, never a 401 later. */
export function authConfig(options: AuthOptions = {}): AuthConfig {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('createEmulator: auth must be an object such as { default: "apiKey" }.');
  }
  const defaultMode = options.default ?? 'apiKey';
  const additional = options.additional ?? [];
  for (const mode of [defaultMode, ...additional]) {
    if (!isMode(mode)) {
      throw new TypeError(
        `createEmulator: auth modes are ${AUTH_MODES.map((m) => `'${m}'`).join(', ')}; received ${JSON.stringify(mode)}.`,
      );
    }
  }
  const enabled = new Set<AuthMode>([defaultMode, ...additional]);
  if (enabled.has('lambda') && typeof options.lambdaAuthorizer !== 'function') {
    throw new TypeError(
      'createEmulator: the lambda auth mode needs auth.lambdaAuthorizer, a function (event) => ({ isAuthorized, resolverContext, deniedFields }).',
    );
  }
  const region = options.region ?? 'us-east-1';
  if (typeof region !== 'string' || !REGION.test(region)) {
    throw new TypeError(
      `createEmulator: auth.region must be an AWS region such as 'us-east-1'; received ${JSON.stringify(region)}.`,
    );
  }
  const clock = options.clock ?? Date.now;
  if (typeof clock !== 'function') {
    throw new TypeError('createEmulator: auth.clock must be a function () => milliseconds.');
  }
  const keys =
    options.iamCredentials === undefined
      ? undefined
      : iamKeys(options.iamCredentials, 'createEmulator');
  return { defaultMode, enabled, options, iamKeys: keys, region, clock };
}

/** The payload of a JWT, or `undefined` if `token` is not one. The signature is NOT checked. */
export function decodeJwt(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[1] === undefined) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return typeof payload === 'object' && payload !== null && !Array.isArray(payload)
      ? (payload as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** An `Authorization` header that is a SigV4 signature. */
export const SIGV4 = /^AWS4-HMAC-SHA256\s/;

const NOT_AUTHORIZED: AuthFailure = { failure: UNAUTHORIZED_MESSAGE };

/**
 * A Cognito user pool's issuer: `https://cognito-idp.<region>.amazonaws.com/<pool id>` (or
 * `amazonaws.com.cn` in the China regions).
 */
function isCognitoIssuer(iss: unknown): boolean {
  return (
    typeof iss === 'string' &&
    /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^/]+$/.test(iss)
  );
}

/**
 * Which mode authorizes a request, the way a multi-auth AppSync API tells them apart by their
 * credentials:
 *
 * 1. An `Authorization` header that is a SigV4 signature (`AWS4-HMAC-SHA256 …`) → IAM.
 * 2. An `Authorization` header that decodes as a JWT → the token mode that is enabled; with
 *    both Cognito user pools and OIDC enabled, Cognito for a user pool's issuer
 *    (`https://cognito-idp.<region>.amazonaws.com/<pool>`), OIDC for any other.
 * 3. Any other `Authorization` header (or a JWT no JWT mode takes) → the Lambda authorizer.
 * 4. No usable `Authorization`, but an `x-api-key` header → API key.
 *
 * Only enabled modes are candidates; `forced` (the `authMode` execute option) skips the choice.
 */
function chooseMode(
  config: AuthConfig,
  headers: Readonly<Record<string, string>>,
  forced: AuthMode | undefined,
): AuthMode | AuthFailure {
  const { enabled } = config;
  if (forced !== undefined) {
    return enabled.has(forced)
      ? forced
      : {
          failure: `The ${forced} auth mode is not enabled on this emulator; enable it with auth.default or auth.additional.`,
        };
  }
  const authorization = headers.authorization;
  if (authorization !== undefined && authorization !== '') {
    if (SIGV4.test(authorization) && enabled.has('iam')) return 'iam';
    const claims = decodeJwt(authorization);
    if (claims !== undefined) {
      // One token mode enabled: every JWT is read in it (nothing is verified, so the issuer
      // cannot disqualify a token). Both: a Cognito user pool's issuer decides.
      if (enabled.has('cognito') && (!enabled.has('oidc') || isCognitoIssuer(claims.iss))) {
        return 'cognito';
      }
      if (enabled.has('oidc')) return 'oidc';
    }
    if (enabled.has('lambda')) return 'lambda';
    if (headers['x-api-key'] === undefined) {
      return enabled.has('cognito') || enabled.has('oidc')
        ? { failure: 'Unable to parse JWT token.' }
        : NOT_AUTHORIZED;
    }
  }
  if (headers['x-api-key'] !== undefined && enabled.has('apiKey')) return 'apiKey';
  return authorization === undefined && headers['x-api-key'] === undefined
    ? { failure: 'Missing authorization header' }
    : NOT_AUTHORIZED;
}

/** The request as it came over HTTP, for the SigV4 check. */
export interface RawRequest {
  method: string;
  /** The path as sent, with its query string. */
  path: string;
  /** The body exactly as sent. */
  body: string | Uint8Array;
  /** Every header, names lower-cased (the resolvers' copy has no `cookie`). */
  headers: Readonly<Record<string, string>>;
}

/** What {@link authenticate} needs to know of the request. */
export interface AuthRequest {
  headers: Readonly<Record<string, string>>;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  requestId: string;
  sourceIp: string;
  authMode: AuthMode | undefined;
  /** The raw request, when it came over HTTP; a SigV4 check needs it. */
  http?: RawRequest | undefined;
}

/** Authorizes a request: its mode and identity, or the 401 AppSync would answer. */
export async function authenticate(
  config: AuthConfig,
  request: AuthRequest,
): Promise<RequestAuth | AuthFailure> {
  const mode = chooseMode(config, request.headers, request.authMode);
  if (typeof mode !== 'string') return mode;
  const { headers } = request;
  const none: readonly string[] = [];
  switch (mode) {
    case 'apiKey': {
      const key = headers['x-api-key'];
      const keys = config.options.apiKeys;
      if (key === undefined || key === '' || (keys !== undefined && !keys.includes(key))) {
        return NOT_AUTHORIZED;
      }
      return { mode, identity: null, groups: none, deniedFields: none };
    }
    case 'iam': {
      // A signature is checked when keys are listed; authMode: 'iam' asks for none.
      if (config.iamKeys !== undefined && request.authMode === undefined) {
        return verifyIam(config, config.iamKeys, request);
      }
      const option = config.options.iamIdentity;
      const identity =
        typeof option === 'function'
          ? option(headers)
          : (option ?? makeIdentity('iam', { sourceIp: [request.sourceIp] }));
      return { mode, identity, groups: none, deniedFields: none };
    }
    case 'cognito':
    case 'oidc': {
      const claims = decodeJwt(headers.authorization ?? '');
      if (claims === undefined || typeof claims.sub !== 'string') {
        return { failure: 'Unable to parse JWT token.' };
      }
      const issuer = typeof claims.iss === 'string' ? claims.iss : '';
      if (mode === 'oidc') {
        return {
          mode,
          identity: { sub: claims.sub, issuer, claims },
          groups: none,
          deniedFields: none,
        };
      }
      const rawGroups = claims['cognito:groups'];
      const groups = Array.isArray(rawGroups)
        ? rawGroups.filter((group): group is string => typeof group === 'string')
        : null;
      const username = claims['cognito:username'] ?? claims.username ?? claims.sub;
      return {
        mode,
        identity: {
          sub: claims.sub,
          issuer,
          username: String(username),
          claims,
          sourceIp: [request.sourceIp],
          defaultAuthStrategy: 'ALLOW',
          groups,
        },
        groups: groups ?? none,
        deniedFields: none,
      };
    }
    case 'lambda':
      return authorizeWithLambda(config, request);
  }
}

/** Verifies a SigV4 request with the listed keys: the key's identity, or AppSync's 403. */
function verifyIam(
  config: AuthConfig,
  keys: ReadonlyMap<string, IamKey>,
  request: AuthRequest,
): RequestAuth | AuthFailure {
  const { http } = request;
  if (http === undefined) {
    return {
      status: 403,
      errorType: 'IncompleteSignatureException',
      failure:
        'The local AppSync verifies SigV4 signatures (auth.iamCredentials is set), and that needs the request as sent: pass execute({ ..., http: { method, path, body } }) with the body exactly as signed, or authMode: "iam" to run as IAM without a signature.',
    };
  }
  const outcome = verifySigV4({
    method: http.method,
    path: http.path,
    body: http.body,
    headers: http.headers,
    now: config.clock(),
    region: config.region,
    keys,
  });
  if ('errorType' in outcome) {
    return { status: 403, errorType: outcome.errorType, failure: outcome.message };
  }
  const identity = (keys.get(outcome.accessKeyId) as IamKey).identity(request.sourceIp);
  return { mode: 'iam', identity, groups: [], deniedFields: [] };
}

async function authorizeWithLambda(
  config: AuthConfig,
  request: AuthRequest,
): Promise<RequestAuth | AuthFailure> {
  const authorizer = config.options.lambdaAuthorizer as LambdaAuthorizer;
  const event: AppSyncAuthorizerEvent = {
    authorizationToken: request.headers.authorization ?? '',
    requestContext: {
      apiId: 'appsync-direct-local',
      accountId: '123456789012',
      requestId: request.requestId,
      queryString: request.query,
      operationName: request.operationName,
      variables: request.variables,
    },
    requestHeaders: { ...request.headers },
  };
  let result: AppSyncAuthorizerResult;
  try {
    result = await authorizer(event);
  } catch {
    // AppSync answers 401 whatever made the authorizer fail.
    return NOT_AUTHORIZED;
  }
  if (typeof result !== 'object' || result === null || result.isAuthorized !== true) {
    return NOT_AUTHORIZED;
  }
  const resolverContext = result.resolverContext ?? {};
  const denied = Array.isArray(result.deniedFields) ? result.deniedFields : [];
  return {
    mode: 'lambda',
    identity: { resolverContext },
    groups: [],
    deniedFields: denied.filter((field): field is string => typeof field === 'string'),
  };
}
