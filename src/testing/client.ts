import type {
  AppSyncResponseBody,
  Emulator,
  EmulatorOptions,
  ExecuteResult,
} from '../emulator/index.js';
import type { IdentityKind } from '../identity.js';
import { fakeJwt, type IdentityOf, makeIdentity } from './identities.js';
import type { DeepPartial } from './merge.js';

/** Options of {@link createTestClient}: those of `createEmulator()` from `appsync-direct/emulator`. */
export type TestClientOptions = EmulatorOptions;

/**
 * Who sends a test query: an auth mode for a realistic caller of that mode, or the mode with
 * changes to that caller (`{ mode: 'cognito', identity: { groups: ['admin'] } }`). For Cognito
 * and OIDC the client sends a JWT whose payload is the identity's claims; for a Lambda
 * authorizer, `token` (default `'local-token'`) in `Authorization`.
 */
export type TestAuth =
  | IdentityKind
  | {
      [K in IdentityKind]: {
        mode: K;
        identity?: DeepPartial<NonNullable<IdentityOf[K]>> | undefined;
        /** The API key (`apiKey`) or authorizer token (`lambda`) to send. */
        token?: string | undefined;
      };
    }[IdentityKind];

/** Options of one {@link TestClient.query}. */
export interface TestQueryOptions {
  variables?: Record<string, unknown> | undefined;
  operationName?: string | undefined;
  /** Who sends it. Default: the API's default mode, with a realistic caller. */
  auth?: TestAuth | undefined;
  /** More request headers, sent as they are (they win over the ones `auth` sets). */
  headers?: Record<string, string> | undefined;
}

/** What a test query gives: AppSync's response body, its HTTP status and the Lambda calls. */
export interface TestQueryResult<TData = Record<string, unknown>> {
  data: TData | null | undefined;
  errors: NonNullable<AppSyncResponseBody['errors']> | undefined;
  extensions: Record<string, unknown> | undefined;
  status: number;
  /** The Lambda calls the query made: field, Invoke or BatchInvoke, size, duration, errors. */
  invocations: ExecuteResult['invocations'];
  /** The runs of resolver code in front of the Lambda: field, step, outcome, warnings. */
  handlers: ExecuteResult['handlers'];
}

/** Runs whole GraphQL operations against a handler, in-process, through the local AppSync. */
export interface TestClient {
  query<TData = Record<string, unknown>>(
    document: string,
    options?: TestQueryOptions,
  ): Promise<TestQueryResult<TData>>;
  /** The emulator behind the client, created by the first query. */
  emulator(): Promise<Emulator>;
}

const LOCAL_API_KEY = 'da2-local-test-key';

/**
 * A client that runs GraphQL operations in-process against `handler`, the way AppSync would call
 * it (Direct Lambda contexts, batching by `maxBatchSize`, AppSync's error shapes). It needs
 * `graphql` installed, and loads it at the first query, so the rest of `appsync-direct/testing`
 * works without it; a mistake in `schema` or the options rejects that first query.
 *
 * ```ts
 * const client = createTestClient({ schema: 'schema.graphql', handler: app });
 * const { data, invocations } = await client.query('{ listPosts { items { author { name } } } }');
 * ```
 */
export function createTestClient(options: TestClientOptions): TestClient {
  let created: Promise<Emulator> | undefined;
  const emulator = (): Promise<Emulator> => {
    created ??= import('../emulator/index.js').then((module) => module.createEmulator(options));
    return created;
  };
  const apiKey = options.auth?.apiKeys?.[0] ?? LOCAL_API_KEY;
  const defaultMode: IdentityKind = options.auth?.default ?? 'apiKey';
  return {
    emulator,
    async query<TData>(document: string, queryOptions: TestQueryOptions = {}) {
      const engine = await emulator();
      const { auth = defaultMode, headers = {}, variables, operationName } = queryOptions;
      const { authHeaders, authMode } = credentials(auth, apiKey);
      const result = await engine.execute({
        query: document,
        variables,
        operationName,
        headers: { 'content-type': 'application/json', ...authHeaders, ...headers },
        authMode,
      });
      return {
        data: result.body.data as TData | null | undefined,
        errors: result.body.errors,
        extensions: result.body.extensions,
        status: result.status,
        invocations: result.invocations,
        handlers: result.handlers,
      };
    },
  };
}

function credentials(
  auth: TestAuth,
  apiKey: string,
): { authHeaders: Record<string, string>; authMode: IdentityKind | undefined } {
  const spec: Exclude<TestAuth, IdentityKind> =
    typeof auth === 'string' ? ({ mode: auth } as Exclude<TestAuth, IdentityKind>) : auth;
  switch (spec.mode) {
    case 'apiKey':
      return { authHeaders: { 'x-api-key': spec.token ?? apiKey }, authMode: 'apiKey' };
    case 'lambda':
      return { authHeaders: { authorization: spec.token ?? 'local-token' }, authMode: 'lambda' };
    case 'iam':
      return { authHeaders: {}, authMode: 'iam' };
    case 'cognito':
    case 'oidc': {
      const identity = makeIdentity(spec.mode, spec.identity as never);
      return { authHeaders: { authorization: fakeJwt(identity.claims) }, authMode: spec.mode };
    }
  }
}
