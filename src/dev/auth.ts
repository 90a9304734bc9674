import { principalIdentity } from '../emulator/iam.js';
import type { AuthMode, AuthOptions, LambdaAuthorizer } from '../emulator/index.js';
import { makeToken, type TokenKind } from '../testing/identities.js';

/** The API key the dev server accepts unless `--api-key` says otherwise (AppSync's key shape). */
export const DEFAULT_API_KEY = 'da2-appsyncdirectlocaldev00000';

/**
 * The local IAM key pair the dev server accepts unless `--iam-access-key` and `--iam-secret-key`
 * say otherwise: the shapes of AWS's (20 and 40 characters), known to everyone, so local only.
 */
export const DEFAULT_IAM_ACCESS_KEY = 'AKIALOCALDEV00000000';
export const DEFAULT_IAM_SECRET_KEY = 'appsync/direct+local/dev/secret/00000000';

/** The IAM user the local key pair belongs to. */
export const LOCAL_PRINCIPAL = 'arn:aws:iam::123456789012:user/appsync-direct-local';

/** The dev server's IAM key pair, the region signatures are scoped to, and whose key it is. */
export interface DevIam {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  /** The principal's ARN. */
  principal: string;
  /** The `username` of the identity requests signed with the key get (`AIDA…`). */
  username: string;
}

/** The auth modes, as `--auth` spells them. */
export const AUTH_MODES: readonly AuthMode[] = ['apiKey', 'cognito', 'oidc', 'iam', 'lambda'];

/** How the dev server authorizes requests, and the headers that pass its default mode. */
export interface DevAuth {
  options: AuthOptions;
  /**
   * Headers that authorize a request in the default mode (the IDE sends them); none for IAM,
   * whose requests are signed.
   */
  headers: Record<string, string>;
  /** The key pair IAM requests are verified with; `undefined` when IAM is not one of the modes. */
  iam: DevIam | undefined;
}

/** The `sub` of the sample tokens. */
const LOCAL_USER = 'local-user';

/** The issuer of the sample Cognito token: a user pool's, so either token mode reads it as Cognito. */
const LOCAL_POOL = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local';

/**
 * The dev server's Lambda authorizer: any non-empty token is authorized; a token that is a JSON
 * object becomes the `resolverContext` (`{"userId":"u1"}`), any other is passed on as
 * `{ token }`. Local only, like every check here.
 */
export const localAuthorizer: LambdaAuthorizer = (event) => {
  const token = event.authorizationToken.trim();
  if (token === '') return { isAuthorized: false };
  try {
    const value: unknown = JSON.parse(token);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return { isAuthorized: true, resolverContext: value as Record<string, unknown> };
    }
  } catch {
    // Not JSON: an opaque token.
  }
  return { isAuthorized: true, resolverContext: { token } };
};

/**
 * The dev server's token of a local user in `kind` (`appsync-direct dev --token`, and what the IDE
 * sends by default): `local-user`, in `groups`; unsigned, as the local AppSync never verifies.
 */
export function localToken(
  kind: TokenKind,
  options: { groups?: readonly string[] | undefined; sub?: string | undefined } = {},
): string {
  const sub = options.sub ?? LOCAL_USER;
  const groups = [...(options.groups ?? [])];
  switch (kind) {
    case 'cognito':
      return makeToken('cognito', { sub, username: sub, issuer: LOCAL_POOL, groups });
    case 'oidc':
      return makeToken('oidc', {
        sub,
        issuer: 'https://oidc.local/',
        claims: groups.length > 0 ? { groups } : {},
      });
    case 'lambda':
      return JSON.stringify(groups.length > 0 ? { userId: sub, groups } : { userId: sub });
  }
}

/** A request's credentials in `mode`, as the IDE sends them by default. */
function sampleHeaders(mode: AuthMode, apiKey: string): Record<string, string> {
  switch (mode) {
    case 'apiKey':
      return { 'x-api-key': apiKey };
    case 'cognito':
      return { Authorization: localToken('cognito') };
    case 'oidc':
      return { Authorization: localToken('oidc') };
    case 'iam':
      // Signed per request with the local key pair (the IDE signs in the browser).
      return {};
    case 'lambda':
      return { Authorization: localToken('lambda') };
  }
}

/**
 * The emulator's auth for `--auth` (the first mode is the API's default, the others additional),
 * `--api-key`, and with IAM among the modes, the key pair and region that SigV4 signatures are
 * verified with. Tokens are decoded, never verified.
 */
export function devAuth(
  modes: readonly AuthMode[],
  apiKey: string,
  keys: {
    accessKeyId?: string | undefined;
    secretAccessKey?: string | undefined;
    region?: string | undefined;
  } = {},
): DevAuth {
  const [defaultMode = 'apiKey', ...additional] = modes;
  const options: AuthOptions = {
    default: defaultMode,
    additional,
    apiKeys: [apiKey],
    lambdaAuthorizer: localAuthorizer,
  };
  let iam: DevIam | undefined;
  if (modes.includes('iam')) {
    const accessKeyId = keys.accessKeyId ?? DEFAULT_IAM_ACCESS_KEY;
    const secretAccessKey = keys.secretAccessKey ?? DEFAULT_IAM_SECRET_KEY;
    const region = keys.region ?? 'us-east-1';
    options.iamCredentials = [{ accessKeyId, secretAccessKey, principal: LOCAL_PRINCIPAL }];
    options.region = region;
    const { username } = principalIdentity(LOCAL_PRINCIPAL) as { username: string };
    iam = { accessKeyId, secretAccessKey, region, principal: LOCAL_PRINCIPAL, username };
  }
  return { options, headers: sampleHeaders(defaultMode, apiKey), iam };
}
