import type {
  AppSyncIdentity,
  AppSyncIdentityCognito,
  AppSyncIdentityIAM,
  AppSyncIdentityLambda,
  AppSyncIdentityOIDC,
} from '../event.js';
import type { HttpRequest } from './events.js';

// ---------------------------------------------------------------------------------------------
// What an API Gateway authorizer (or a function URL's IAM auth) says about the caller, mapped
// onto the AppSync identity shapes, so identityKind(), identityGroups() and requireAuth work on
// an HTTP request as they do on an AppSync event. Sources:
//   [v1/v2]   https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
//   [rest]    https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
//   [restjwt] https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-jwt-authorizer-claims.html
//   [jwt]     https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html
//   [lambda]  https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-lambda-authorizer.html
//   [url]     https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads
// Events are untrusted in shape (tests and scripts build them by hand): nothing here throws on a
// missing or oddly typed part. A string the identity type requires falls back to '', a nullable
// one to null, a list to [].
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `https://cognito-idp.<region>.amazonaws.com/<pool id>`, or `amazonaws.com.cn` in China. */
const COGNITO_ISSUER = /^https:\/\/cognito-idp\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[^/]+$/;

/**
 * The list of groups a `cognito:groups` (or `groups`) claim holds, whichever way it arrived:
 *
 * - an array (Cognito's own tokens, the REST API JWT authorizer [restjwt]): its strings;
 * - `'admin'` or `'admin,editors'`: a REST API Cognito user pool authorizer passes every claim as
 *   a string and joins a list with commas (reported in aws/chalice#783; @types/aws-lambda's
 *   `APIGatewayProxyCognitoAuthorizer` types every claim as a string);
 * - `'[admin]'` or `'[admin editors]'`: an HTTP API JWT authorizer prints a list in brackets,
 *   space-separated (reported in aws-solutions-library-samples/guidance-for-claude-code-with-amazon-bedrock#803);
 * - `'["admin","editors"]'`: a JSON array in a string, as some authorizers forward it.
 *
 * Cognito group names hold no whitespace, so the bracketed form splits cleanly; a group name
 * with a comma cannot be told apart from two groups once API Gateway has joined them. Anything
 * else (a number, `null`, an object) is no group. Never throws.
 *
 * @example
 * groupsFromClaim('[admin editors]'); // ['admin', 'editors']
 */
export function groupsFromClaim(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.filter((group): group is string => typeof group === 'string' && group !== '');
  }
  if (typeof value !== 'string') return [];
  const text = value.trim();
  if (text.startsWith('[') && text.endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) return groupsFromClaim(parsed);
    } catch {
      // Not JSON: the bracketed, space-separated form.
    }
    return split(text.slice(1, -1), /[\s,]+/);
  }
  return split(text, /,/);
}

function split(text: string, separator: RegExp): string[] {
  return text
    .split(separator)
    .map((group) => group.trim())
    .filter((group) => group !== '');
}

/**
 * The AppSync identity an API Gateway / Function URL / ALB event's authorizer stands for;
 * `request` is the event as `readHttpEvent()` read it (for the client's address). First
 * match wins:
 *
 * | the event's `requestContext`                                | identity                      |
 * | ----------------------------------------------------------- | ----------------------------- |
 * | `authorizer.jwt.claims` (HTTP API JWT authorizer) [jwt]     | Cognito for a user pool's issuer, else OIDC |
 * | `authorizer.iam` (HTTP API or function URL `AWS_IAM`) [url] | IAM                           |
 * | `authorizer.lambda` (HTTP API Lambda authorizer) [lambda]   | Lambda: `resolverContext` is that object |
 * | `authorizer.claims` (REST Cognito or JWT authorizer, HTTP API payload 1.0 JWT) [rest] | Cognito for a user pool's issuer (or none), else OIDC |
 * | `authorizer` with other keys (REST Lambda authorizer) [rest]| Lambda: `resolverContext` is the context and `principalId`, without `integrationLatency` |
 * | `identity.userArn`, `accountId` or `caller` (REST `AWS_IAM`) [rest] | IAM                 |
 * | anything else (no authorizer, ALB, an unknown event)        | `null`, the API key kind      |
 *
 * The REST Lambda authorizer's `principalId` is kept: it is the authorizer's own answer (often
 * the only one) and would otherwise be lost; `integrationLatency` is API Gateway's measurement,
 * not the authorizer's. API Gateway turns that context's numbers and booleans into strings
 * [rest]; they are kept as they arrived, as are token claims (REST passes `exp` and `iat` as
 * date strings): only the groups are parsed, once, by {@link groupsFromClaim}, into `groups`
 * (`null` when there are none, as AppSync sends it). A JWT authorizer's `scopes` are not copied:
 * the `scope` claim carries them.
 *
 * An ALB's `authenticate-oidc` action is not an authorizer: its `x-amzn-oidc-*` headers are signed
 * by the load balancer, and verifying them is left to the app.
 *
 * @example
 * const request = readHttpEvent(event);
 * const identity = identityFromEvent(event, request);
 * identityGroups(identity); // ['admin', 'editors'] for a Cognito user in both groups
 */
export function identityFromEvent(event: unknown, request: HttpRequest): AppSyncIdentity {
  if (!isObject(event)) return null;
  const context = event.requestContext;
  if (!isObject(context)) return null;
  const ip = isObject(request) ? nonEmpty(request.sourceIp) : undefined;
  const sourceIp = ip === undefined ? [] : [ip];
  const authorizer = context.authorizer;

  if (isObject(authorizer)) {
    const { jwt, iam, lambda, claims } = authorizer;
    if (isObject(jwt)) {
      return tokenIdentity(isObject(jwt.claims) ? jwt.claims : {}, sourceIp, false);
    }
    if (isObject(iam)) return iamFromV2(iam, sourceIp);
    if ('lambda' in authorizer && (isObject(lambda) || lambda === null)) {
      return { resolverContext: { ...(lambda ?? {}) } } satisfies AppSyncIdentityLambda;
    }
    if (isObject(claims)) return tokenIdentity(claims, sourceIp, true);
    const resolverContext = restLambdaContext(authorizer);
    if (resolverContext !== undefined) return { resolverContext } satisfies AppSyncIdentityLambda;
  }

  const identity = context.identity;
  if (
    isObject(identity) &&
    (nonEmpty(identity.userArn) ?? nonEmpty(identity.accountId) ?? nonEmpty(identity.caller))
  ) {
    return iamFromV1(identity, sourceIp);
  }
  return null;
}

/**
 * A token's claims as a Cognito or an OIDC identity. The issuer decides; without one, a REST
 * authorizer's claims (`cognitoWithoutIssuer`) are a Cognito user pool's, the classic source.
 */
function tokenIdentity(
  claims: Obj,
  sourceIp: string[],
  cognitoWithoutIssuer: boolean,
): AppSyncIdentityCognito | AppSyncIdentityOIDC {
  const issuer = str(claims.iss);
  const sub = str(claims.sub) ?? '';
  const copy = { ...claims };
  const cognito = issuer === undefined ? cognitoWithoutIssuer : COGNITO_ISSUER.test(issuer);
  if (!cognito) return { sub, issuer: issuer ?? '', claims: copy, sourceIp };
  const groups = groupsFromClaim(claims['cognito:groups']);
  return {
    sub,
    issuer: issuer ?? '',
    // An ID token names the user in `cognito:username`, an access token in `username`.
    username: str(claims['cognito:username']) ?? str(claims.username) ?? sub,
    claims: copy,
    sourceIp,
    defaultAuthStrategy: 'ALLOW',
    groups: groups.length > 0 ? groups : null,
  };
}

/** Keys of a payload 1.0 authorizer that are API Gateway's, not the Lambda authorizer's context. */
function restLambdaContext(authorizer: Obj): Record<string, unknown> | undefined {
  const entries = Object.entries(authorizer).filter(
    ([key, value]) =>
      key !== 'integrationLatency' &&
      // An HTTP API payload 1.0 event without an authorizer carries { claims: null, scopes: null }.
      !((key === 'claims' || key === 'scopes') && value === null),
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/**
 * A Cognito identity pool's login providers as AppSync spells them: each quoted, joined with
 * commas (`"cognito-idp…/pool","cognito-idp…/pool:CognitoSignIn:sub"`). API Gateway's
 * `cognitoAuthenticationProvider` joins them unquoted.
 */
function quotedProviders(providers: readonly string[]): string | null {
  const list = providers.map((provider) => provider.trim()).filter((provider) => provider !== '');
  if (list.length === 0) return null;
  return list
    .map((provider) => (provider.startsWith('"') ? provider : JSON.stringify(provider)))
    .join(',');
}

/** REST `AWS_IAM`: `requestContext.identity` [rest]. */
function iamFromV1(identity: Obj, sourceIp: string[]): AppSyncIdentityIAM {
  const provider = str(identity.cognitoAuthenticationProvider);
  const ip = nonEmpty(identity.sourceIp);
  return {
    accountId: str(identity.accountId) ?? '',
    cognitoIdentityPoolId: str(identity.cognitoIdentityPoolId) ?? null,
    cognitoIdentityId: str(identity.cognitoIdentityId) ?? null,
    sourceIp: ip === undefined ? sourceIp : [ip],
    username: nonEmpty(identity.caller) ?? str(identity.user) ?? '',
    userArn: str(identity.userArn) ?? '',
    cognitoIdentityAuthType: str(identity.cognitoAuthenticationType) ?? null,
    cognitoIdentityAuthProvider:
      provider === undefined
        ? null
        : quotedProviders(provider.startsWith('"') ? [provider] : provider.split(',')),
  };
}

/**
 * HTTP API or function URL `AWS_IAM`: `requestContext.authorizer.iam` [url]. Through a Cognito
 * identity pool, `cognitoIdentity.amr` holds `authenticated` (or `unauthenticated`) and the login
 * providers.
 */
function iamFromV2(iam: Obj, sourceIp: string[]): AppSyncIdentityIAM {
  const cognito = isObject(iam.cognitoIdentity) ? iam.cognitoIdentity : undefined;
  const amr = Array.isArray(cognito?.amr)
    ? cognito.amr.filter((entry): entry is string => typeof entry === 'string')
    : [];
  const authType = amr.find((entry) => entry === 'authenticated' || entry === 'unauthenticated');
  return {
    accountId: str(iam.accountId) ?? '',
    cognitoIdentityPoolId: str(cognito?.identityPoolId) ?? null,
    cognitoIdentityId: str(cognito?.identityId) ?? null,
    sourceIp,
    username: nonEmpty(iam.userId) ?? str(iam.callerId) ?? '',
    userArn: str(iam.userArn) ?? '',
    cognitoIdentityAuthType: authType ?? null,
    cognitoIdentityAuthProvider: quotedProviders(amr.filter((entry) => entry !== authType)),
  };
}
