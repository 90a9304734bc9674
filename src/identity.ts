import type {
  AppSyncIdentity,
  AppSyncIdentityCognito,
  AppSyncIdentityIAM,
  AppSyncIdentityLambda,
  AppSyncIdentityOIDC,
} from './event.js';

/**
 * The five AppSync authorization modes, as they show in a resolver's `identity`
 * (PROTOCOL.md §2.2): `apiKey` (no identity), `iam` (SigV4, plain or through a Cognito identity
 * pool), `cognito` (user pools), `oidc` (OpenID Connect) and `lambda` (a Lambda authorizer).
 */
export type IdentityKind = 'apiKey' | 'iam' | 'cognito' | 'oidc' | 'lambda';

type Obj = Record<string, unknown>;

const has = (value: Obj, key: string): boolean => Object.hasOwn(value, key);

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Which authorization mode produced `identity`. A multi-auth API can send any of them to the
 * same resolver. The rules, first match wins:
 *
 * | identity                                                     | kind      |
 * | ------------------------------------------------------------ | --------- |
 * | `null` or missing                                            | `apiKey`  |
 * | has `resolverContext`                                        | `lambda`  |
 * | has `accountId` or `userArn`                                 | `iam`     |
 * | has `sub` and `username`                                     | `cognito` |
 * | has `sub`, `issuer` and `claims`                             | `oidc`    |
 * | has `sub` and `groups` or `defaultAuthStrategy`              | `cognito` |
 *
 * A Cognito identity always carries `username`; an OpenID Connect one never does, but AppSync
 * may add `defaultAuthStrategy` to it (PROTOCOL.md §2.2), so `issuer` and `claims` without
 * `username` mean OIDC whatever else is there: an OIDC caller is never taken for a Cognito user.
 * Extra fields never change the answer. Anything the rules do not recognise (an empty object,
 * a string, an array) is `undefined`: the helper does not guess.
 */
export function identityKind(identity: unknown): IdentityKind | undefined {
  if (identity === null || identity === undefined) return 'apiKey';
  if (!isObject(identity)) return undefined;
  if (has(identity, 'resolverContext')) return 'lambda';
  if (has(identity, 'accountId') || has(identity, 'userArn')) return 'iam';
  if (has(identity, 'sub')) {
    if (has(identity, 'username')) return 'cognito';
    if (has(identity, 'issuer') && has(identity, 'claims')) return 'oidc';
    if (has(identity, 'groups') || has(identity, 'defaultAuthStrategy')) return 'cognito';
  }
  return undefined;
}

/** True for an AMAZON_COGNITO_USER_POOLS identity (`sub`, `username`, `claims`, `groups` …). */
export function isCognitoIdentity(identity: unknown): identity is AppSyncIdentityCognito {
  return identityKind(identity) === 'cognito';
}

/** True for an AWS_IAM identity, plain or through a Cognito identity pool. */
export function isIamIdentity(identity: unknown): identity is AppSyncIdentityIAM {
  return identityKind(identity) === 'iam';
}

/** True for an OPENID_CONNECT identity (`sub`, `issuer`, `claims`). */
export function isOidcIdentity(identity: unknown): identity is AppSyncIdentityOIDC {
  return identityKind(identity) === 'oidc';
}

/** True for an AWS_LAMBDA identity: `resolverContext` is what the Lambda authorizer returned. */
export function isLambdaIdentity(identity: unknown): identity is AppSyncIdentityLambda {
  return identityKind(identity) === 'lambda';
}

/** True for API_KEY auth, where AppSync sends `identity: null`. */
export function isApiKeyIdentity(identity: unknown): identity is null | undefined {
  return identity === null || identity === undefined;
}

/** Options of {@link identityGroups}. */
export interface IdentityGroupsOptions {
  /**
   * Where the groups are: a claim name for Cognito and OIDC identities, a `resolverContext` key
   * for Lambda authorizers. Defaults: `groups` then the `cognito:groups` claim for Cognito;
   * the `groups` then `cognito:groups` claims for OIDC; `resolverContext.groups` for Lambda.
   */
  claim?: string | undefined;
}

const NO_GROUPS: readonly string[] = Object.freeze([]);

/**
 * The groups the caller belongs to, for authorization checks: always an array of strings,
 * empty when the identity has none (API key, IAM, a user in no group, a malformed value).
 * A Cognito user's groups are a list, as Cognito issues them (a `cognito:groups` string grants
 * nothing, as in AppSync's `cognito_groups` check); in an OIDC claim, a `claim` of your own or a
 * Lambda authorizer's `resolverContext`, a single string counts as one group.
 */
export function identityGroups(
  identity: AppSyncIdentity | undefined | unknown,
  options: IdentityGroupsOptions = {},
): readonly string[] {
  const kind = identityKind(identity);
  if (kind === undefined || kind === 'apiKey' || kind === 'iam') return NO_GROUPS;
  const id = identity as Obj;
  const { claim } = options;
  // Own properties only: an inherited `groups` (a polluted Object.prototype) grants nothing.
  if (kind === 'lambda') {
    const context = own(id, 'resolverContext');
    return isObject(context) ? groupsFrom(own(context, claim ?? 'groups')) : NO_GROUPS;
  }
  const claimsValue = own(id, 'claims');
  const claims = isObject(claimsValue) ? claimsValue : {};
  if (claim !== undefined) return groupsFrom(own(claims, claim));
  if (kind === 'cognito') {
    // Cognito issues `cognito:groups` as a list, and AppSync's `groups` is that list or null: a
    // string there is no group list, here as in the local AppSync's `cognito_groups` check.
    const groups = own(id, 'groups');
    const list = Array.isArray(groups) ? groups : own(claims, 'cognito:groups');
    return Array.isArray(list) ? groupsFrom(list) : NO_GROUPS;
  }
  return has(claims, 'groups')
    ? groupsFrom(own(claims, 'groups'))
    : groupsFrom(own(claims, 'cognito:groups'));
}

/** An own property's value; `undefined` for a missing or inherited one. */
function own(value: Obj, key: string): unknown {
  return has(value, key) ? value[key] : undefined;
}

function groupsFrom(value: unknown): readonly string[] {
  if (typeof value === 'string') return value === '' ? NO_GROUPS : [value];
  if (!Array.isArray(value)) return NO_GROUPS;
  return value.filter((group): group is string => typeof group === 'string' && group !== '');
}
