/**
 * requireAuth (src/middleware.ts): modes, groups, claim, where and message, on every identity
 * kind of the shipped fixtures, on Invoke and in batches, and the identities that must not pass
 * for what they are not. Every test asserts on what the handler answers, never on log text.
 */
import {
  type AppSyncIdentity,
  type AppSyncResolverEvent,
  createResolver,
  type IdentityKind,
  isCognitoIdentity,
  type RequireAuthOptions,
  type ResolverContext,
  requireAuth,
} from 'appsync-direct';
import { describe, expect, it } from 'vitest';
import { event, fixture, lambda, recordingLogger, rejection } from './helpers.js';

const UNAUTHORIZED = {
  errorType: 'UnauthorizedException',
  errorMessage: 'You are not authorized to make this call.',
};
const UNAUTHORIZED_ENTRY = { data: null, ...UNAUTHORIZED };
const INTERNAL = {
  errorType: 'InternalError',
  errorMessage: 'An internal error occurred (request id req-0001).',
};
const INTERNAL_ENTRY = { data: null, ...INTERNAL };

const identityOf = (name: string): AppSyncIdentity =>
  fixture<{ identity: AppSyncIdentity }>(name).identity;

/** One identity of each kind, from the shipped fixtures. */
const IDENTITIES: [name: string, kind: IdentityKind, identity: AppSyncIdentity][] = [
  ['invoke-api-key', 'apiKey', identityOf('invoke-api-key')],
  ['invoke-iam-user', 'iam', identityOf('invoke-iam-user')],
  ['invoke-iam-cognito-identity-pool', 'iam', identityOf('invoke-iam-cognito-identity-pool')],
  ['invoke-cognito-user-pools', 'cognito', identityOf('invoke-cognito-user-pools')],
  ['invoke-oidc', 'oidc', identityOf('invoke-oidc')],
  ['invoke-lambda-authorizer', 'lambda', identityOf('invoke-lambda-authorizer')],
];
const MODES: IdentityKind[] = ['apiKey', 'iam', 'cognito', 'oidc', 'lambda'];

/** A fixture's identity as a plain object, to build variants from. */
const rawIdentity = (name: string) => fixture<{ identity: Record<string, unknown> }>(name).identity;
const cognito = rawIdentity('invoke-cognito-user-pools');
const oidc = rawIdentity('invoke-oidc');
const iam = rawIdentity('invoke-iam-user');

/** A Cognito identity in `groups` (top-level and claim alike). */
const cognitoIn = (groups: unknown) => ({
  ...cognito,
  groups,
  claims: { ...(cognito.claims as object), 'cognito:groups': groups },
});

/** A Cognito identity whose claims say nothing about groups. */
const cognitoWithoutClaim = (groups: unknown) => {
  const { 'cognito:groups': _dropped, ...claims } = cognito.claims as Record<string, unknown>;
  return { ...cognito, groups, claims };
};

const oidcWith = (claims: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  ...oidc,
  claims: { ...(oidc.claims as object), ...claims },
  ...extra,
});

const lambdaWith = (resolverContext: Record<string, unknown>) => ({ resolverContext });

/** An app with `Query.secret` behind `guard`, answering "secret" to whoever gets through. */
function guarded(options?: RequireAuthOptions) {
  const calls = { resolver: 0 };
  const app = createResolver({ logger: recordingLogger() }).resolver(
    'Query.secret',
    () => {
      calls.resolver++;
      return 'secret';
    },
    { use: [requireAuth(options)] },
  );
  const ask = (identity: unknown) =>
    app.resolve(event('Query.secret', {}, { identity: identity as AppSyncIdentity }), lambda);
  /** 'allowed', or the error the client sees. */
  const verdict = async (identity: unknown) => {
    try {
      expect(await ask(identity)).toBe('secret');
      return 'allowed';
    } catch (error) {
      return { errorType: (error as Error).name, errorMessage: (error as Error).message };
    }
  };
  return { app, ask, verdict, calls };
}

describe('modes', () => {
  const cases = MODES.flatMap((mode) =>
    IDENTITIES.map(([name, kind, identity]) => ({ mode, name, kind, identity })),
  );

  it.each(cases)('modes [$mode] with $name ($kind)', async ({ mode, kind, identity }) => {
    const { verdict, calls } = guarded({ modes: [mode] });
    if (mode === kind) {
      expect(await verdict(identity)).toBe('allowed');
      expect(calls.resolver).toBe(1);
    } else {
      expect(await verdict(identity)).toStrictEqual(UNAUTHORIZED);
      expect(calls.resolver).toBe(0);
    }
  });

  it('lets any of several modes through', async () => {
    const { verdict } = guarded({ modes: ['cognito', 'oidc'] });
    const verdicts = await Promise.all(IDENTITIES.map(([, , identity]) => verdict(identity)));
    expect(verdicts).toStrictEqual([
      UNAUTHORIZED,
      UNAUTHORIZED,
      UNAUTHORIZED,
      'allowed',
      'allowed',
      UNAUTHORIZED,
    ]);
  });

  it('lets every recognised identity through without options, API key included', async () => {
    const { verdict } = guarded();
    for (const [, , identity] of IDENTITIES) expect(await verdict(identity)).toBe('allowed');
    expect(await verdict(undefined)).toBe('allowed');
  });

  it('denies an identity of no known kind, whatever the options', async () => {
    for (const identity of [{}, { sub: 'only a sub' }, { role: 'admin' }]) {
      expect(await guarded().verdict(identity)).toStrictEqual(UNAUTHORIZED);
    }
  });

  it('serves the shipped fixture events as they are', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .use(requireAuth({ modes: ['cognito'], groups: ['admin'] }))
      .resolver('Mutation.createPost', () => 'created')
      .resolver('Query.getPost', () => 'post')
      .resolver('Query.listPosts', () => []);
    expect(await app.resolve(fixture('invoke-cognito-user-pools'), lambda)).toBe('created');
    for (const name of [
      'invoke-api-key',
      'invoke-iam-user',
      'invoke-iam-cognito-identity-pool',
      'invoke-oidc',
      'invoke-lambda-authorizer',
    ]) {
      expect(await rejection(app.resolve(fixture(name), lambda))).toStrictEqual(UNAUTHORIZED);
    }
  });
});

describe('groups', () => {
  it('lets a member of any of the groups through', async () => {
    expect(await guarded({ groups: ['editor', 'admin'] }).verdict(cognitoIn(['admin']))).toBe(
      'allowed',
    );
    expect(await guarded({ groups: ['admin'] }).verdict(cognitoIn(['reader', 'admin']))).toBe(
      'allowed',
    );
    expect(await guarded({ groups: ['editor'] }).verdict(cognitoIn(['admin']))).toStrictEqual(
      UNAUTHORIZED,
    );
  });

  it('reads Cognito groups from the identity, else from the cognito:groups claim', async () => {
    const { verdict } = guarded({ groups: ['admin'] });
    expect(await verdict(identityOf('invoke-cognito-user-pools'))).toBe('allowed');
    expect(await verdict({ ...cognito, groups: null })).toBe('allowed');
    expect(await verdict(cognitoWithoutClaim(['admin']))).toBe('allowed');
    expect(await verdict(cognitoWithoutClaim(null))).toStrictEqual(UNAUTHORIZED);
  });

  it('reads OIDC groups from the groups claim, else the cognito:groups claim', async () => {
    const { verdict } = guarded({ groups: ['admin'] });
    expect(await verdict(oidcWith({ groups: ['admin'] }))).toBe('allowed');
    expect(await verdict(oidcWith({ 'cognito:groups': ['admin'] }))).toBe('allowed');
    expect(await verdict(oidcWith({ groups: 'admin' }))).toBe('allowed');
    expect(await verdict(identityOf('invoke-oidc'))).toStrictEqual(UNAUTHORIZED);
  });

  it("reads a Lambda authorizer's groups from resolverContext.groups", async () => {
    const { verdict } = guarded({ groups: ['admin'] });
    expect(await verdict(lambdaWith({ groups: ['admin'] }))).toBe('allowed');
    expect(await verdict(identityOf('invoke-lambda-authorizer'))).toStrictEqual(UNAUTHORIZED);
  });

  it('never lets API key or IAM callers through a groups check', async () => {
    const { verdict } = guarded({ groups: ['admin'] });
    expect(await verdict(null)).toStrictEqual(UNAUTHORIZED);
    expect(await verdict(identityOf('invoke-iam-user'))).toStrictEqual(UNAUTHORIZED);
    expect(await verdict(identityOf('invoke-iam-cognito-identity-pool'))).toStrictEqual(
      UNAUTHORIZED,
    );
  });

  describe('is not fooled by', () => {
    const admin = () => guarded({ groups: ['admin'] });

    it('a groups key on an IAM identity', async () => {
      expect(await admin().verdict({ ...iam, groups: ['admin'] })).toStrictEqual(UNAUTHORIZED);
    });

    it("claims['cognito:groups'] on an IAM identity", async () => {
      expect(
        await admin().verdict({
          ...iam,
          claims: { 'cognito:groups': ['admin'] },
        }),
      ).toStrictEqual(UNAUTHORIZED);
    });

    it("a group whose name contains the required one ('admins', 'administrators', 'not-admin')", async () => {
      for (const group of ['admins', 'administrators', 'not-admin', 'Admin', ' admin']) {
        expect(await admin().verdict(cognitoIn([group]))).toStrictEqual(UNAUTHORIZED);
        expect(await admin().verdict(cognitoIn(group))).toStrictEqual(UNAUTHORIZED);
        expect(await admin().verdict(oidcWith({ groups: group }))).toStrictEqual(UNAUTHORIZED);
      }
    });

    it("an array-like object { 0: 'admin', length: 1 }", async () => {
      const arrayLike = { 0: 'admin', length: 1 };
      expect(await admin().verdict(cognitoWithoutClaim(arrayLike))).toStrictEqual(UNAUTHORIZED);
      expect(await admin().verdict(cognitoIn(arrayLike))).toStrictEqual(UNAUTHORIZED);
      expect(await admin().verdict(oidcWith({ groups: arrayLike }))).toStrictEqual(UNAUTHORIZED);
      expect(await admin().verdict(lambdaWith({ groups: arrayLike }))).toStrictEqual(UNAUTHORIZED);
    });

    it("a comma-separated string 'admin,editor'", async () => {
      expect(await admin().verdict(cognitoWithoutClaim('admin,editor'))).toStrictEqual(
        UNAUTHORIZED,
      );
      expect(await admin().verdict(cognitoIn('admin,editor'))).toStrictEqual(UNAUTHORIZED);
      expect(await admin().verdict(oidcWith({ groups: 'admin,editor' }))).toStrictEqual(
        UNAUTHORIZED,
      );
      expect(await admin().verdict(lambdaWith({ groups: 'admin,editor' }))).toStrictEqual(
        UNAUTHORIZED,
      );
    });

    it('non-string members of a groups list', async () => {
      expect(await admin().verdict(cognitoIn([['admin'], { admin: true }, 1]))).toStrictEqual(
        UNAUTHORIZED,
      );
    });

    it('an OIDC identity carrying defaultAuthStrategy and a groups key, when Cognito is required', async () => {
      const lookalike = oidcWith({}, { defaultAuthStrategy: 'ALLOW', groups: ['admin'] });
      expect(
        await guarded({ modes: ['cognito'], groups: ['admin'] }).verdict(lookalike),
      ).toStrictEqual(UNAUTHORIZED);
      expect(await guarded({ modes: ['cognito'] }).verdict(lookalike)).toStrictEqual(UNAUTHORIZED);
      // It is what it is, an OIDC caller; and a top-level groups key is no OIDC groups claim.
      expect(await guarded({ modes: ['oidc'] }).verdict(lookalike)).toBe('allowed');
      expect(
        await guarded({ modes: ['oidc'], groups: ['admin'] }).verdict(lookalike),
      ).toStrictEqual(UNAUTHORIZED);
    });

    // identityGroups() reads own properties only: JSON events never carry a prototype of their
    // own, but a polluted Object.prototype (`cognito:groups`) must not make every Cognito caller
    // in no group an admin.
    const user = { sub: 's', username: 'u', issuer: 'i', sourceIp: [], defaultAuthStrategy: null };
    it.each([
      [
        'on a Cognito identity',
        Object.assign(Object.create({ groups: ['admin'] }), { ...user, claims: {} }),
      ],
      [
        'in Cognito claims',
        { ...user, groups: null, claims: Object.create({ 'cognito:groups': ['admin'] }) },
      ],
      [
        'in OIDC claims',
        { sub: 's', issuer: 'i', claims: Object.create({ 'cognito:groups': ['admin'] }) },
      ],
      ['in a resolverContext', { resolverContext: Object.create({ groups: ['admin'] }) }],
    ])('groups inherited through the prototype chain, %s', async (_name, identity) => {
      expect(await admin().verdict(identity)).toStrictEqual(UNAUTHORIZED);
    });

    it('a polluted Object.prototype', async () => {
      const parsed = JSON.parse(JSON.stringify({ ...user, groups: null, claims: {} }));
      const proto = Object.prototype as Record<string, unknown>;
      proto['cognito:groups'] = ['admin'];
      try {
        expect(await admin().verdict(parsed)).toStrictEqual(UNAUTHORIZED);
      } finally {
        delete proto['cognito:groups'];
      }
    });
  });
});

describe('claim', () => {
  it("reads an OIDC identity's groups from the named claim only", async () => {
    const { verdict } = guarded({ groups: ['admin'], claim: 'https://example.com/roles' });
    expect(await verdict(oidcWith({ 'https://example.com/roles': ['admin'] }))).toBe('allowed');
    expect(await verdict(oidcWith({ groups: ['admin'] }))).toStrictEqual(UNAUTHORIZED);
  });

  it("reads a Cognito identity's groups from the named claim, not from groups", async () => {
    const { verdict } = guarded({ groups: ['admin'], claim: 'custom:roles' });
    expect(await verdict(identityOf('invoke-cognito-user-pools'))).toStrictEqual(UNAUTHORIZED);
    expect(
      await verdict({
        ...cognito,
        groups: null,
        claims: { ...(cognito.claims as object), 'custom:roles': ['admin'] },
      }),
    ).toBe('allowed');
  });

  it("reads a Lambda authorizer's groups from the named resolverContext key", async () => {
    const { verdict } = guarded({ groups: ['editor'], claim: 'role' });
    expect(await verdict(identityOf('invoke-lambda-authorizer'))).toBe('allowed');
    expect(await verdict(lambdaWith({ groups: ['editor'] }))).toStrictEqual(UNAUTHORIZED);
  });
});

describe('where', () => {
  const cognitoUser = identityOf('invoke-cognito-user-pools');

  it.each([
    ['true', true, 'allowed'],
    ['false', false, UNAUTHORIZED],
    ["'yes'", 'yes', UNAUTHORIZED],
    ['1', 1, UNAUTHORIZED],
    ['an object', {}, UNAUTHORIZED],
    ['undefined', undefined, UNAUTHORIZED],
  ])('returning %s: only exactly true passes', async (_name, value, expected) => {
    const { verdict } = guarded({ where: () => value as boolean });
    expect(await verdict(cognitoUser)).toStrictEqual(expected);
  });

  it.each([
    ['true', true, 'allowed'],
    ['false', false, UNAUTHORIZED],
    ["'yes'", 'yes', UNAUTHORIZED],
    ['1', 1, UNAUTHORIZED],
  ])('resolving to %s: only exactly true passes', async (_name, value, expected) => {
    const { verdict } = guarded({
      where: async () => {
        await new Promise((resolve) => setTimeout(resolve, 0));
        return value as boolean;
      },
    });
    expect(await verdict(cognitoUser)).toStrictEqual(expected);
  });

  it('fails with an InternalError, never lets through, when it throws or rejects', async () => {
    const throwing = guarded({
      where: () => {
        throw new Error('directory down');
      },
    });
    expect(await throwing.verdict(cognitoUser)).toStrictEqual(INTERNAL);
    expect(throwing.calls.resolver).toBe(0);
    const rejecting = guarded({ where: () => Promise.reject(new Error('directory down')) });
    expect(await rejecting.verdict(cognitoUser)).toStrictEqual(INTERNAL);
    expect(rejecting.calls.resolver).toBe(0);
  });

  it('receives the identity and the context, after modes and groups held', async () => {
    const seen: [AppSyncIdentity, string][] = [];
    const { verdict } = guarded({
      modes: ['cognito'],
      groups: ['admin'],
      where: (identity, ctx) => {
        seen.push([identity, ctx.info.fieldName]);
        return true;
      },
    });
    expect(await verdict(cognitoUser)).toBe('allowed');
    expect(await verdict(identityOf('invoke-oidc'))).toStrictEqual(UNAUTHORIZED);
    expect(await verdict(cognitoIn(['reader']))).toStrictEqual(UNAUTHORIZED);
    expect(seen).toStrictEqual([[cognitoUser, 'secret']]);
  });

  it('can check ownership on the context', async () => {
    const { app } = guarded({
      where: (identity, ctx) =>
        isCognitoIdentity(identity) && identity.sub === (ctx.args as { ownerId?: string }).ownerId,
    });
    const sub = (cognito as { sub: string }).sub;
    const ask = (ownerId: string) =>
      app.resolve(event('Query.secret', { ownerId }, { identity: cognitoUser }), lambda);
    expect(await ask(sub)).toBe('secret');
    expect(await rejection(ask('someone else'))).toStrictEqual(UNAUTHORIZED);
  });
});

describe('message', () => {
  it('is the message of the UnauthorizedException', async () => {
    const { verdict } = guarded({ modes: ['cognito'], message: 'Sign in with your account.' });
    expect(await verdict(null)).toStrictEqual({
      errorType: 'UnauthorizedException',
      errorMessage: 'Sign in with your account.',
    });
  });
});

describe('in a batch', () => {
  const sub = (cognito as { sub: string }).sub;
  const other = { ...cognito, sub: 'someone-else', username: 'other' };
  const apiKey = null;

  /** Items of `Post.secret`, each with an identity and a parent owned by `ownerId`. */
  const items = (
    rows: [id: string, identity: unknown, ownerId: string][],
  ): AppSyncResolverEvent[] =>
    rows.map(([id, identity, ownerId]) =>
      event('Post.secret', {}, { identity: identity as AppSyncIdentity, source: { id, ownerId } }),
    );

  const owner = requireAuth({
    modes: ['cognito'],
    where: (identity, ctx) =>
      isCognitoIdentity(identity) && identity.sub === (ctx.source as { ownerId: string }).ownerId,
  });

  const rows: [string, unknown, string][] = [
    ['1', cognito, sub],
    ['2', other, sub],
    ['3', apiKey, sub],
    ['4', cognito, sub],
    ['5', other, 'someone-else'],
  ];

  const idOf = (ctx: ResolverContext) => (ctx.source as { id: string }).id;

  it('checks each context of a per-item resolver on its own', async () => {
    const received: string[] = [];
    const app = createResolver({ logger: recordingLogger() })
      .use(owner)
      .resolver('Post.secret', (ctx) => {
        received.push(idOf(ctx));
        return `post ${idOf(ctx)}`;
      });
    expect(await app.resolve(items(rows), lambda)).toStrictEqual([
      { data: 'post 1' },
      UNAUTHORIZED_ENTRY,
      UNAUTHORIZED_ENTRY,
      { data: 'post 4' },
      { data: 'post 5' },
    ]);
    expect(received.sort()).toStrictEqual(['1', '4', '5']);
  });

  it('gives a batch resolver exactly the contexts that passed, and fails the others', async () => {
    const received: string[][] = [];
    const app = createResolver({ logger: recordingLogger() }).batchResolver(
      'Post.secret',
      (ctxs) => {
        received.push(ctxs.map(idOf));
        return ctxs.map((ctx) => `post ${idOf(ctx)}`);
      },
      { use: [owner] },
    );
    expect(await app.resolve(items(rows), lambda)).toStrictEqual([
      { data: 'post 1' },
      UNAUTHORIZED_ENTRY,
      UNAUTHORIZED_ENTRY,
      { data: 'post 4' },
      { data: 'post 5' },
    ]);
    expect(received).toStrictEqual([['1', '4', '5']]);
  });

  it('keeps Errors and promises of the passing slots where they belong', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .use(owner)
      .batchResolver('Post.secret', (ctxs) =>
        ctxs.map((ctx) =>
          idOf(ctx) === '4' ? new RangeError('no 4') : Promise.resolve(`post ${idOf(ctx)}`),
        ),
      );
    expect(await app.resolve(items(rows), lambda)).toStrictEqual([
      { data: 'post 1' },
      UNAUTHORIZED_ENTRY,
      UNAUTHORIZED_ENTRY,
      INTERNAL_ENTRY,
      { data: 'post 5' },
    ]);
  });

  it('passes the whole batch through when every context is allowed', async () => {
    const received: string[][] = [];
    const app = createResolver({ logger: recordingLogger() })
      .use(owner)
      .batchResolver('Post.secret', (ctxs) => {
        received.push(ctxs.map(idOf));
        return ctxs.map(idOf);
      });
    const allowed = rows.filter(([id]) => id === '1' || id === '4');
    expect(await app.resolve(items(allowed), lambda)).toStrictEqual([{ data: '1' }, { data: '4' }]);
    expect(received).toStrictEqual([['1', '4']]);
  });

  it('never calls the batch resolver when every context is denied', async () => {
    let calls = 0;
    const app = createResolver({ logger: recordingLogger() })
      .use(owner)
      .batchResolver('Post.secret', (ctxs) => {
        calls++;
        return ctxs.map(idOf);
      });
    const denied = rows.filter(([id]) => id === '2' || id === '3');
    expect(await app.resolve(items(denied), lambda)).toStrictEqual([
      UNAUTHORIZED_ENTRY,
      UNAUTHORIZED_ENTRY,
    ]);
    expect(calls).toBe(0);
  });

  it('fails only the item whose where throws; the others are answered', async () => {
    const received: string[][] = [];
    const app = createResolver({ logger: recordingLogger() })
      .use(
        requireAuth({
          where: async (_identity, ctx) => {
            const id = (ctx.source as { id: string }).id;
            if (id === '2') throw new Error('directory down');
            if (id === '3') throw 'not an Error';
            return id !== '4';
          },
        }),
      )
      .batchResolver('Post.secret', (ctxs) => {
        received.push(ctxs.map(idOf));
        return ctxs.map((ctx) => `post ${idOf(ctx)}`);
      });
    expect(await app.resolve(items(rows), lambda)).toStrictEqual([
      { data: 'post 1' },
      INTERNAL_ENTRY,
      INTERNAL_ENTRY,
      UNAUTHORIZED_ENTRY,
      { data: 'post 5' },
    ]);
    expect(received).toStrictEqual([['1', '5']]);
  });

  it('answers every item with its error when no context passes and some checks failed', async () => {
    let calls = 0;
    const app = createResolver({ logger: recordingLogger() })
      .use(
        requireAuth({
          where: (_identity, ctx) => {
            if ((ctx.source as { id: string }).id === '1') throw new Error('directory down');
            return false;
          },
        }),
      )
      .batchResolver('Post.secret', (ctxs) => {
        calls++;
        return ctxs.map(idOf);
      });
    expect(await app.resolve(items(rows.slice(0, 2)), lambda)).toStrictEqual([
      INTERNAL_ENTRY,
      UNAUTHORIZED_ENTRY,
    ]);
    expect(calls).toBe(0);
  });

  it('denies an Invoke served by a batch resolver (a batch of one)', async () => {
    const app = createResolver({ logger: recordingLogger() })
      .use(owner)
      .batchResolver('Post.secret', (ctxs) => ctxs.map((ctx) => `post ${idOf(ctx)}`));
    const [mine, theirs] = items(rows.slice(0, 2));
    expect(await app.resolve(mine, lambda)).toBe('post 1');
    expect(await rejection(app.resolve(theirs, lambda))).toStrictEqual(UNAUTHORIZED);
  });
});

describe('options', () => {
  const modes = 'apiKey, iam, cognito, oidc, lambda';

  it.each([
    [{ modes: ['apikey'] }, `each mode must be one of ${modes}; received a string of length 6`],
    [
      { modes: ['cognito', 'COGNITO'] },
      `each mode must be one of ${modes}; received a string of length 7`,
    ],
    [{ modes: [] }, `modes must be a non-empty array of ${modes}; received an array of 0 items`],
    [
      { modes: 'cognito' },
      `modes must be a non-empty array of ${modes}; received a string of length 7`,
    ],
    [
      { groups: [] },
      'groups must be a non-empty array of group names; received an array of 0 items',
    ],
    [
      { groups: 'admin' },
      'groups must be a non-empty array of group names; received a string of length 5',
    ],
    [
      { groups: ['admin', 1] },
      'groups must be a non-empty array of group names; received an array of 2 items',
    ],
    [
      { groups: [''] },
      'groups must be a non-empty array of group names; received an array of 1 item',
    ],
    [{ claim: '' }, 'claim must be a non-empty string; received a string of length 0'],
    [{ claim: ['groups'] }, 'claim must be a non-empty string; received an array of 1 item'],
    [{ where: true }, 'where must be a function; received a boolean'],
    [{ where: 'isOwner' }, 'where must be a function; received a string of length 7'],
    [{ message: 401 }, 'message must be a string; received a number'],
    [null, 'options must be an object; received null'],
    ['admin', 'options must be an object; received a string of length 5'],
  ])('rejects %j with a TypeError', (options, message) => {
    expect(() => requireAuth(options as RequireAuthOptions)).toThrow(
      new TypeError(`requireAuth: ${message}.`),
    );
  });

  it('accepts every mode, and undefined for every option', () => {
    expect(requireAuth({ modes: MODES })).toBeTypeOf('function');
    expect(
      requireAuth({
        modes: undefined,
        groups: undefined,
        claim: undefined,
        where: undefined,
        message: undefined,
      }),
    ).toBeTypeOf('function');
  });
});
