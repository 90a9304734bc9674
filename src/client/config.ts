import type { AwsCredentials } from './sigv4.js';

/** The AWS SDK's credential provider shape (`fromNodeProviderChain()` and friends). */
export type CredentialsProvider = () => AwsCredentials | PromiseLike<AwsCredentials>;

/** A token, or a function that returns the current one (asked before every request). */
export type TokenSource = string | (() => string | PromiseLike<string>);

/** How the client authorizes its requests: one of AppSync's five modes. */
export type ClientAuth =
  | { type: 'apiKey'; apiKey: string }
  | {
      type: 'iam';
      /**
       * Default: `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN`, which
       * Lambda sets for the function's role. A provider's answer is kept until it expires.
       */
      credentials?: AwsCredentials | CredentialsProvider | undefined;
    }
  | { type: 'userPool' | 'oidc' | 'lambda'; token: TokenSource };

type Env = Readonly<Record<string, string | undefined>>;

const ENDPOINT_VARIABLE = /^API_.+_GRAPHQLAPIENDPOINTOUTPUT$/;

/**
 * The endpoint: `url`, else `APPSYNC_URL`, else the one `API_<NAME>_GRAPHQLAPIENDPOINTOUTPUT`
 * variable (what Amplify sets for a function with access to an API).
 */
export function endpointOf(url: string | URL | undefined, env: Env): URL {
  let value = url ?? env.APPSYNC_URL;
  if (!value) {
    const names = Object.keys(env)
      .filter((name) => ENDPOINT_VARIABLE.test(name) && env[name])
      .sort();
    if (names.length !== 1) {
      throw new TypeError(
        `createAppSyncClient: no endpoint: pass url, or set APPSYNC_URL or one API_<NAME>_GRAPHQLAPIENDPOINTOUTPUT; ${names.length === 0 ? 'none is set' : `found ${names.join(', ')}`}.`,
      );
    }
    value = env[names[0] as string] as string;
  }
  const text = String(value);
  const parsed = URL.canParse(text) ? new URL(text) : undefined;
  // AppSync's endpoints take no query string (the signer leaves its canonical form out).
  if ((parsed?.protocol !== 'https:' && parsed?.protocol !== 'http:') || parsed.search) {
    throw new TypeError(
      `createAppSyncClient: the endpoint must be an absolute http(s) URL without a query string; received ${JSON.stringify(text)}.`,
    );
  }
  return parsed;
}

const APPSYNC_HOST = /\.appsync-api\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?$/;

/** The region IAM signs for: `region`, else the AppSync host's, else `AWS_REGION`. */
export function regionOf(url: URL, region: string | undefined, env: Env): string {
  const found = region ?? APPSYNC_HOST.exec(url.hostname)?.[1] ?? env.AWS_REGION;
  if (!found) {
    throw new TypeError(
      `createAppSyncClient: IAM needs a region, and ${url.hostname} names none: pass region, or set AWS_REGION.`,
    );
  }
  return found;
}

const TOKEN_MODES: readonly unknown[] = ['userPool', 'oidc', 'lambda'];

const filled = (value: unknown): boolean => typeof value === 'string' && value !== '';

/** Checks an auth option's shape; a mistake is a TypeError where the client is made. */
export function checkAuth(auth: unknown, who: string): ClientAuth {
  const a = auth as Record<string, unknown> | null | undefined;
  const type = a?.type;
  const ok =
    type === 'apiKey'
      ? filled(a?.apiKey)
      : type === 'iam'
        ? a?.credentials === undefined ||
          typeof a.credentials === 'function' ||
          isCredentials(a.credentials)
        : TOKEN_MODES.includes(type) && (typeof a?.token === 'function' || filled(a?.token));
  if (!ok) {
    throw new TypeError(
      `${who}: auth must be { type: "apiKey", apiKey }, { type: "iam", credentials? } or { type: "userPool" | "oidc" | "lambda", token }; received ${describe(auth)}.`,
    );
  }
  return auth as ClientAuth;
}

export function isCredentials(value: unknown): value is AwsCredentials {
  const c = value as AwsCredentials | null | undefined;
  return filled(c?.accessKeyId) && filled(c?.secretAccessKey);
}

/** Lambda's credentials, from its environment. */
export function envCredentials(env: Env): AwsCredentials | undefined {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  return accessKeyId && secretAccessKey
    ? { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined }
    : undefined;
}

/** What a value is, for a message: its type, never its contents (it may hold a secret). */
export function describe(value: unknown): string {
  if (value === '' || value === null) return JSON.stringify(value);
  if (typeof value !== 'object') return typeof value;
  const type = (value as { type?: unknown }).type;
  return Array.isArray(value)
    ? 'an array'
    : `an object${type ? ` of type ${JSON.stringify(type)}` : ''}`;
}

/** Kept a minute short of their expiry, as the AWS SDK does with five. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * The credentials to sign with: fixed ones, Lambda's (read on each call: cheap, and never stale),
 * or a provider's, kept until a minute before they expire and shared by concurrent calls.
 */
export function credentialsSource(
  option: AwsCredentials | CredentialsProvider | undefined,
  env: Env,
): () => AwsCredentials | Promise<AwsCredentials> {
  if (option === undefined) {
    const read = (): AwsCredentials => {
      const found = envCredentials(env);
      if (found === undefined) {
        throw new TypeError(
          'appsync-direct/client: IAM auth needs auth.credentials, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY set.',
        );
      }
      return found;
    };
    read();
    return read;
  }
  if (typeof option !== 'function') return () => option;
  let kept: AwsCredentials | undefined;
  let pending: Promise<AwsCredentials> | undefined;
  return () => {
    // Credentials without an expiry are kept for good.
    if (kept && +(kept.expiration ?? Number.POSITIVE_INFINITY) - REFRESH_MARGIN_MS > Date.now()) {
      return kept;
    }
    pending ??= Promise.resolve(option())
      .then((credentials) => {
        if (!isCredentials(credentials)) {
          throw new TypeError(
            `appsync-direct/client: the credentials provider returned ${describe(credentials)}, not { accessKeyId, secretAccessKey }.`,
          );
        }
        kept = credentials;
        return credentials;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
}
