import { createHash } from 'node:crypto';
import type { AppSyncIdentityIAM } from '../event.js';
import type { VerifyingKey } from './sigv4-verify.js';

/**
 * The IAM test credentials of the local AppSync: which access keys it accepts, and the identity
 * AppSync would give a request signed with each, from the IAM principal the key belongs to.
 */

/** An access key the local AppSync accepts, and who it belongs to. */
export interface IamCredential {
  accessKeyId: string;
  /** Used to verify signatures; never printed in any message. */
  secretAccessKey: string;
  /**
   * The session token of temporary credentials: when set, requests signed with the key must carry
   * it in `x-amz-security-token`. When not set, a token sent along is not checked.
   */
  sessionToken?: string | undefined;
  /**
   * The IAM principal the key belongs to: a user (`arn:aws:iam::123456789012:user/alice`) or an
   * assumed role's session (`arn:aws:sts::123456789012:assumed-role/Role/session`). It makes the
   * identity's `accountId`, `userArn` and `username`. Default
   * `arn:aws:iam::123456789012:user/<accessKeyId>`.
   */
  principal?: string | undefined;
  /** Fields of the identity to set as given, over those made from the principal. */
  identity?: Partial<AppSyncIdentityIAM> | undefined;
}

/** A checked credential: the key to verify with, and the identity it gives. */
export interface IamKey extends VerifyingKey {
  identity(sourceIp: string): AppSyncIdentityIAM;
}

/** The account of principals given without one in mind: AWS's documentation account. */
export const DEFAULT_ACCOUNT = '123456789012';

const PARTITION = 'aws(?:-cn|-us-gov|-iso|-iso-b)?';
const NAME = '[\\w+=,.@-]+';
const USER = new RegExp(`^arn:(${PARTITION}):iam::(\\d{12}):user/(?:${NAME}/)*${NAME}$`);
const SESSION = new RegExp(`^arn:(${PARTITION}):sts::(\\d{12}):assumed-role/(${NAME})/(${NAME})$`);
const ACCESS_KEY = /^[\w.-]{1,128}$/;
const UNIQUE_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * An IAM unique id as AWS prints them (`AIDA` for users, `AROA` for roles, then 17 characters),
 * made from the ARN so that the same principal always gets the same id.
 */
export function uniqueId(prefix: 'AIDA' | 'AROA', arn: string): string {
  const digest = createHash('sha256').update(arn).digest();
  let id = prefix;
  for (let i = 0; i < 17; i++) id += UNIQUE_ID_CHARS[(digest[i] as number) & 31];
  return id;
}

/**
 * The identity fields a principal gives, as AppSync fills them for IAM callers: the account from
 * the ARN, `userArn` the ARN, `username` the IAM user's unique id (`AIDA…`), or for an assumed
 * role `<role id>:<session name>` (`AROA…:session`). `undefined` for another kind of ARN.
 */
export function principalIdentity(
  principal: string,
): Pick<AppSyncIdentityIAM, 'accountId' | 'userArn' | 'username'> | undefined {
  const user = USER.exec(principal);
  if (user !== null) {
    return {
      accountId: user[2] as string,
      userArn: principal,
      username: uniqueId('AIDA', principal),
    };
  }
  const session = SESSION.exec(principal);
  if (session === null) return undefined;
  const [, partition, account, role, name] = session as unknown as [
    string,
    string,
    string,
    string,
    string,
  ];
  const roleArn = `arn:${partition}:iam::${account}:role/${role}`;
  return {
    accountId: account,
    userArn: principal,
    username: `${uniqueId('AROA', roleArn)}:${name}`,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks `auth.iamCredentials` (a mistake is a TypeError at start-up, naming the entry but never
 * a secret) and returns the keys by access key id.
 */
export function iamKeys(credentials: unknown, who: string): Map<string, IamKey> {
  const where = `${who}: auth.iamCredentials`;
  if (!Array.isArray(credentials) || credentials.length === 0) {
    throw new TypeError(
      `${where} must be a list of { accessKeyId, secretAccessKey, principal? }, at least one.`,
    );
  }
  const keys = new Map<string, IamKey>();
  credentials.forEach((entry: unknown, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(entry)) {
      throw new TypeError(`${at} must be an object { accessKeyId, secretAccessKey, principal? }.`);
    }
    const { accessKeyId, secretAccessKey, sessionToken, principal, identity } = entry;
    if (typeof accessKeyId !== 'string' || !ACCESS_KEY.test(accessKeyId)) {
      throw new TypeError(
        `${at}.accessKeyId must be an access key id (letters, digits, _ . -; up to 128), such as AKIALOCALDEV00000000.`,
      );
    }
    if (keys.has(accessKeyId)) {
      throw new TypeError(`${at}: the access key ${accessKeyId} is listed twice; list each once.`);
    }
    if (typeof secretAccessKey !== 'string' || secretAccessKey === '') {
      throw new TypeError(`${at}.secretAccessKey must be a non-empty string.`);
    }
    if (sessionToken !== undefined && (typeof sessionToken !== 'string' || sessionToken === '')) {
      throw new TypeError(`${at}.sessionToken, when given, must be a non-empty string.`);
    }
    if (identity !== undefined && !isObject(identity)) {
      throw new TypeError(`${at}.identity, when given, must be an object of identity fields.`);
    }
    const arn =
      principal === undefined ? `arn:aws:iam::${DEFAULT_ACCOUNT}:user/${accessKeyId}` : principal;
    const made = typeof arn === 'string' ? principalIdentity(arn) : undefined;
    if (made === undefined) {
      throw new TypeError(
        `${at}.principal must be an IAM user's ARN (arn:aws:iam::123456789012:user/alice) or an assumed role's session (arn:aws:sts::123456789012:assumed-role/Role/session); received ${JSON.stringify(principal)}.`,
      );
    }
    const overrides = (identity ?? {}) as Partial<AppSyncIdentityIAM>;
    keys.set(accessKeyId, {
      secretAccessKey,
      sessionToken: sessionToken as string | undefined,
      identity: (sourceIp) => ({
        accountId: made.accountId,
        cognitoIdentityPoolId: null,
        cognitoIdentityId: null,
        sourceIp: [sourceIp],
        username: made.username,
        userArn: made.userArn,
        cognitoIdentityAuthType: null,
        cognitoIdentityAuthProvider: null,
        ...overrides,
      }),
    });
  });
  return keys;
}
