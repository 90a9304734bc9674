import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type IdentityKind,
  identityGroups,
  identityKind,
  isApiKeyIdentity,
  isCognitoIdentity,
  isIamIdentity,
  isLambdaIdentity,
  isOidcIdentity,
} from '../src/index.js';
import { fixture } from './helpers.js';

/** Every fixture that carries an identity, with the auth mode it was captured under. */
const FIXTURE_KINDS: [name: string, kind: IdentityKind, groups: string[]][] = [
  ['invoke-api-key', 'apiKey', []],
  ['invoke-iam-user', 'iam', []],
  ['invoke-iam-cognito-identity-pool', 'iam', []],
  ['invoke-cognito-user-pools', 'cognito', ['admin']],
  ['invoke-oidc', 'oidc', []],
  ['invoke-lambda-authorizer', 'lambda', []],
  ['invoke-pipeline-function', 'cognito', ['admin']],
  ['invoke-nested-source', 'apiKey', []],
  ['tutorial-payload', 'apiKey', []],
  ['amplify-function', 'cognito', []],
];

const GUARDS = {
  apiKey: isApiKeyIdentity,
  iam: isIamIdentity,
  cognito: isCognitoIdentity,
  oidc: isOidcIdentity,
  lambda: isLambdaIdentity,
} satisfies Record<IdentityKind, (identity: unknown) => boolean>;

function guardsThatAccept(identity: unknown): string[] {
  return Object.entries(GUARDS)
    .filter(([, guard]) => guard(identity))
    .map(([kind]) => kind);
}

describe('identityKind() on the shipped fixtures', () => {
  it.each(FIXTURE_KINDS)('%s is %s, with groups %j', (name, kind, groups) => {
    const { identity } = fixture<{ identity: unknown }>(name);
    expect(identityKind(identity)).toBe(kind);
    expect(guardsThatAccept(identity)).toEqual([kind]);
    expect(identityGroups(identity)).toEqual(groups);
  });

  it('reads every item of a batch fixture as an API key caller', () => {
    const items = fixture<{ identity: unknown }[]>('batch-3');
    expect(items.map((item) => identityKind(item.identity))).toEqual([
      'apiKey',
      'apiKey',
      'apiKey',
    ]);
  });
});

const cognito = () =>
  fixture<{ identity: Record<string, unknown> }>('invoke-cognito-user-pools').identity;
const oidc = () => fixture<{ identity: Record<string, unknown> }>('invoke-oidc').identity;
const iam = () => fixture<{ identity: Record<string, unknown> }>('invoke-iam-user').identity;

describe('identityKind() on the table of PROTOCOL.md §2.2', () => {
  it.each([
    ['null', null, 'apiKey'],
    ['a missing identity', undefined, 'apiKey'],
    ['resolverContext alone', { resolverContext: {} }, 'lambda'],
    ['resolverContext next to IAM fields', { resolverContext: {}, accountId: '1' }, 'lambda'],
    ['accountId alone', { accountId: '123456789012' }, 'iam'],
    ['userArn alone', { userArn: 'arn:aws:iam::123456789012:user/x' }, 'iam'],
    ['sub and username', { sub: 's', username: 'u' }, 'cognito'],
    ['sub and groups: null', { sub: 's', groups: null }, 'cognito'],
    ['sub and defaultAuthStrategy', { sub: 's', defaultAuthStrategy: 'DENY' }, 'cognito'],
    ['sub, issuer and claims', { sub: 's', issuer: 'https://i/', claims: {} }, 'oidc'],
    [
      'OIDC with a defaultAuthStrategy (never taken for Cognito)',
      { sub: 's', issuer: 'https://i/', claims: {}, defaultAuthStrategy: 'ALLOW' },
      'oidc',
    ],
    [
      'OIDC with a groups key (never taken for Cognito)',
      { sub: 's', issuer: 'https://i/', claims: {}, groups: ['admin'] },
      'oidc',
    ],
    [
      'OIDC with a sourceIp',
      { sub: 's', issuer: 'https://i/', claims: {}, sourceIp: ['::1'] },
      'oidc',
    ],
  ] as const)('%s → %s', (_label, identity, kind) => {
    expect(identityKind(identity)).toBe(kind);
  });

  it.each([
    ['an empty object', {}],
    ['sub alone', { sub: 's' }],
    ['sub and issuer without claims', { sub: 's', issuer: 'https://i/' }],
    ['a string', 'jdoe'],
    ['a number', 42],
    ['an array', [{ sub: 's', username: 'u' }]],
    ['a function', () => 'apiKey'],
  ])('%s is not recognised (undefined, no guard accepts it)', (_label, identity) => {
    expect(identityKind(identity)).toBeUndefined();
    expect(guardsThatAccept(identity)).toEqual([]);
    expect(identityGroups(identity)).toEqual([]);
  });

  it('only counts own properties: an inherited sub or resolverContext is not an identity', () => {
    const inherited = Object.create({ resolverContext: {}, sub: 's', username: 'u' });
    expect(identityKind(inherited)).toBeUndefined();
  });

  it('keeps its answer when fields AppSync may add or drop change', () => {
    const withExtras = { ...cognito(), sourceIp: ['2001:db8::1', '203.0.113.10'], extra: { a: 1 } };
    expect(identityKind(withExtras)).toBe('cognito');
    const { groups: _groups, defaultAuthStrategy: _strategy, ...noGroupsNoStrategy } = cognito();
    expect(identityKind(noGroupsNoStrategy)).toBe('cognito');
    expect(identityKind({ ...iam(), sourceIp: ['2001:db8:85a3::8a2e:370:7334'] })).toBe('iam');
    expect(identityKind({ ...iam(), username: undefined, user: 'AIDAEXAMPLE' })).toBe('iam');
    expect(identityKind({ ...oidc(), sourceIp: ['::ffff:203.0.113.10'] })).toBe('oidc');
  });

  it('never throws, whatever the value', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withMap: true, withSet: true }),
        (value) => {
          const kind = identityKind(value);
          expect([undefined, 'apiKey', 'iam', 'cognito', 'oidc', 'lambda']).toContain(kind);
          const groups = identityGroups(value);
          expect(groups.every((group) => typeof group === 'string' && group !== '')).toBe(true);
        },
      ),
    );
  });
});

describe('identityGroups()', () => {
  it('reads Cognito groups, and the cognito:groups claim when groups is null', () => {
    expect(identityGroups({ ...cognito(), groups: ['admin', 'editors'] })).toEqual([
      'admin',
      'editors',
    ]);
    expect(
      identityGroups({ ...cognito(), groups: null, claims: { 'cognito:groups': ['readers'] } }),
    ).toEqual(['readers']);
    expect(identityGroups({ ...cognito(), groups: null, claims: {} })).toEqual([]);
  });

  it('reads no group from a Cognito claim that is a string, as Cognito issues a list', () => {
    const claims = { 'cognito:groups': 'librarians' };
    expect(identityGroups({ ...cognito(), groups: null, claims })).toEqual([]);
    expect(identityGroups({ ...cognito(), groups: 'librarians', claims: {} })).toEqual([]);
    // A claim named by the caller is the caller's own format: one string is one group.
    expect(identityGroups({ ...cognito(), claims }, { claim: 'cognito:groups' })).toEqual([
      'librarians',
    ]);
  });

  it('drops entries that are not non-empty strings', () => {
    expect(
      identityGroups({ ...cognito(), groups: ['admin', 7, null, '', { x: 1 }, 'ops'] }),
    ).toEqual(['admin', 'ops']);
  });

  it('reads OIDC groups from the groups claim, then cognito:groups', () => {
    expect(identityGroups({ ...oidc(), claims: { groups: ['a', 'b'] } })).toEqual(['a', 'b']);
    expect(identityGroups({ ...oidc(), claims: { 'cognito:groups': ['c'] } })).toEqual(['c']);
    expect(identityGroups({ ...oidc(), claims: { groups: 'solo' } })).toEqual(['solo']);
    expect(identityGroups({ ...oidc(), claims: { groups: '' } })).toEqual([]);
    expect(identityGroups({ ...oidc(), claims: null })).toEqual([]);
  });

  it('reads a named claim, for providers that put roles elsewhere', () => {
    const roles = { ...oidc(), claims: { 'https://example.com/roles': ['owner'], groups: ['x'] } };
    expect(identityGroups(roles, { claim: 'https://example.com/roles' })).toEqual(['owner']);
    expect(identityGroups({ ...cognito(), claims: { roles: ['r'] } }, { claim: 'roles' })).toEqual([
      'r',
    ]);
    expect(identityGroups(roles, { claim: '__proto__' })).toEqual([]);
  });

  it('reads resolverContext.groups for a Lambda authorizer, or the key given', () => {
    expect(identityGroups({ resolverContext: { groups: ['tenant-admin'] } })).toEqual([
      'tenant-admin',
    ]);
    expect(identityGroups({ resolverContext: { role: 'editor' } }, { claim: 'role' })).toEqual([
      'editor',
    ]);
    expect(identityGroups({ resolverContext: null })).toEqual([]);
    expect(identityGroups({ resolverContext: 'groups' })).toEqual([]);
  });

  it('is empty for API keys and IAM callers', () => {
    expect(identityGroups(null)).toEqual([]);
    expect(identityGroups(undefined)).toEqual([]);
    expect(identityGroups({ ...iam(), groups: ['not-read'] })).toEqual([]);
  });

  it('returns an array the caller cannot corrupt for the next caller', () => {
    const none = identityGroups(null);
    expect(Object.isFrozen(none)).toBe(true);
    const mine = identityGroups(cognito()) as string[];
    mine.push('root');
    expect(identityGroups(cognito())).toEqual(['admin']);
  });
});
