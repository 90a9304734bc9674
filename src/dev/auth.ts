import type { AuthMode, AuthOptions, LambdaAuthorizer } from '../emulator/index.js';
import { makeToken, type TokenKind } from '../testing/identities.js';

/** The API key the dev server accepts unless `--api-key` says otherwise (AppSync's key shape). */
export const DEFAULT_API_KEY = 'da2-appsyncdirectlocaldev00000';

/** The auth modes, as `--auth` spells them. */
export const AUTH_MODES: readonly AuthMode[] = ['apiKey', 'cognito', 'oidc', 'iam', 'lambda'];

/** How the dev server authorizes requests, and the headers that pass its default mode. */
export interface DevAuth {
  options: AuthOptions;
  /** Headers that authorize a request in the default mode (the IDE sends them). */
  headers: Record<string, string>;
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
      return { Authorization: 'AWS4-HMAC-SHA256 Credential=AKIALOCAL/local, Signature=local' };
    case 'lambda':
      return { Authorization: localToken('lambda') };
  }
}

/**
 * The emulator's auth for `--auth` (the first mode is the API's default, the others additional)
 * and `--api-key`. Tokens are decoded, never verified.
 */
export function devAuth(modes: readonly AuthMode[], apiKey: string): DevAuth {
  const [defaultMode = 'apiKey', ...additional] = modes;
  return {
    options: {
      default: defaultMode,
      additional,
      apiKeys: [apiKey],
      lambdaAuthorizer: localAuthorizer,
    },
    headers: sampleHeaders(defaultMode, apiKey),
  };
}
