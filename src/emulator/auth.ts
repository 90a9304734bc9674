import { AUTH_MODES, type AuthMode, type RequestAuth } from '../engine/directives.js';
import { UNAUTHORIZED_MESSAGE } from '../engine/wire.js';
import type { AppSyncIdentityIAM } from '../event.js';
import { makeIdentity } from '../testing/identities.js';

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
 * expiry are NOT verified, and IAM requests are not checked against any signature. Anyone who can
 * reach the emulator can claim any identity. Never expose it beyond your machine.
 */
export interface AuthOptions {
  /** The API's default mode. Default `'apiKey'`. */
  default?: AuthMode | undefined;
  /** Additional modes, usable on types and fields that carry their directive. */
  additional?: readonly AuthMode[] | undefined;
  /** The API keys accepted in `x-api-key`. Default: any non-empty key. */
  apiKeys?: readonly string[] | undefined;
  /**
   * The identity of IAM requests (a SigV4 `Authorization` header, or `authMode: 'iam'`): an
   * identity, or a function of the request headers. Default: a realistic IAM user.
   */
  iamIdentity?:
    | AppSyncIdentityIAM
    | ((headers: Readonly<Record<string, string>>) => AppSyncIdentityIAM)
    | undefined;
  /** The Lambda authorizer, required when `'lambda'` is one of the modes. */
  lambdaAuthorizer?: LambdaAuthorizer | undefined;
}

/** A request AppSync refuses before executing anything: HTTP 401, `UnauthorizedException`. */
export interface AuthFailure {
  failure: string;
}

/** The checked configuration. */
export interface AuthConfig {
  defaultMode: AuthMode;
  enabled: ReadonlySet<AuthMode>;
  options: AuthOptions;
}

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
  return { defaultMode, enabled, options };
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

const SIGV4 = /^AWS4-HMAC-SHA256\s/;

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

/** What {@link authenticate} needs to know of the request. */
export interface AuthRequest {
  headers: Readonly<Record<string, string>>;
  query: string;
  operationName: string | undefined;
  variables: Record<string, unknown>;
  requestId: string;
  sourceIp: string;
  authMode: AuthMode | undefined;
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
