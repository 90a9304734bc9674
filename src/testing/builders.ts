import { randomUUID } from 'node:crypto';
import { type AppSyncIdentity, type AppSyncResolverEvent, parseFieldKey } from '../event.js';
import { type IdentityKind, identityKind } from '../identity.js';
import { headersFor, isIdentityKind, makeIdentity } from './identities.js';
import { type DeepPartial, deepMerge } from './merge.js';

/** Options of {@link invokeEvent}. Everything but `field` has a realistic default. */
export interface InvokeEventOptions<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> {
  /** The field, as `Type.field`: `'Query.getPost'`. */
  field: string;
  /** The field's arguments. Default `{}`. */
  args?: TArgs | undefined;
  /** The parent object, for a nested field. Default `null` (a root field). */
  source?: TSource | undefined;
  /**
   * The caller: an auth mode (`'apiKey'`, `'iam'`, `'cognito'`, `'oidc'`, `'lambda'`) for a
   * realistic identity of that kind, or the identity object itself. Default `'apiKey'`.
   */
  identity?: IdentityKind | AppSyncIdentity | undefined;
  /** Extra or replacement headers, merged over the defaults; names are lower-cased. */
  headers?: Record<string, string> | undefined;
  /** The custom domain the client called. Default `null` (the AppSync endpoint). */
  domainName?: string | null | undefined;
  /**
   * The selected sub-fields, as AppSync lists them (`['id', 'author', 'author/name']`).
   * Default `[]`. `selectionSetGraphQL` is derived from it unless given.
   */
  selectionSetList?: string[] | undefined;
  selectionSetGraphQL?: string | undefined;
  /** The operation's variables. Default: `args` on a root field, `{}` on a nested one. */
  variables?: Record<string, unknown> | undefined;
  /** The previous pipeline step's result: sets `prev` to `{ result }`. Default `prev: null`. */
  prevResult?: unknown;
  /** The pipeline's stash. Default `{}`. */
  stash?: Record<string, unknown> | undefined;
  /** Laid over the finished event, deeply (arrays replace): for anything the options above miss. */
  overrides?: DeepPartial<AppSyncResolverEvent<TArgs, TSource>> | undefined;
}

const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * A Direct Lambda Invoke event (one context) as AppSync sends it, faithful to PROTOCOL.md §2:
 * every key present, `identity: null` for API keys, lower-cased headers without `cookie`,
 * `domainName: null`, `prev: null`, `stash: {}`, `info` filled from `field`.
 *
 * ```ts
 * const event = invokeEvent({ field: 'Query.getPost', args: { id: '1' }, identity: 'cognito' });
 * ```
 */
export function invokeEvent<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
>(options: InvokeEventOptions<TArgs, TSource>): AppSyncResolverEvent<TArgs, TSource> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `invokeEvent() expects an options object such as { field: 'Query.getPost' }; received ${options === null ? 'null' : typeof options}.`,
    );
  }
  const ref = typeof options.field === 'string' ? parseFieldKey(options.field) : undefined;
  if (ref === undefined) {
    throw new TypeError(
      `invokeEvent() needs field as "Type.field" (for example 'Query.getPost'); received ${JSON.stringify(options.field) ?? String(options.field)}.`,
    );
  }
  const identity = resolveIdentity(options.identity);
  const args = (options.args ?? {}) as TArgs;
  const source = (options.source ?? null) as TSource;
  const selectionSetList = options.selectionSetList ?? [];
  const event: AppSyncResolverEvent<TArgs, TSource> = {
    arguments: args,
    identity,
    source,
    request: {
      headers: { ...headersFor(identity, identityKind(identity)), ...lowerCased(options.headers) },
      domainName: options.domainName ?? null,
    },
    prev: 'prevResult' in options ? { result: options.prevResult } : null,
    info: {
      fieldName: ref.fieldName,
      parentTypeName: ref.typeName,
      variables: options.variables ?? (ROOT_TYPES.has(ref.typeName) ? { ...(args as object) } : {}),
      selectionSetList: [...selectionSetList],
      selectionSetGraphQL: options.selectionSetGraphQL ?? selectionSetGraphQL(selectionSetList),
    },
    stash: options.stash ?? {},
  };
  return options.overrides === undefined ? event : deepMerge(event, options.overrides);
}

function resolveIdentity(identity: InvokeEventOptions['identity']): AppSyncIdentity {
  if (identity === undefined) return null;
  if (typeof identity === 'string') {
    if (isIdentityKind(identity)) return makeIdentity(identity);
    throw new TypeError(
      `identity must be 'apiKey', 'iam', 'cognito', 'oidc', 'lambda' or an identity object; received ${JSON.stringify(identity)}.`,
    );
  }
  return identity;
}

function lowerCased(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers === undefined) return out;
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (lower === 'cookie') {
      throw new TypeError(
        'AppSync never passes the cookie header to resolvers; a test event with one would pass where production cannot. Remove it.',
      );
    }
    out[lower] = value;
  }
  return out;
}

interface SelectionNode {
  children: Map<string, SelectionNode>;
}

/**
 * `selectionSetGraphQL` for a `selectionSetList`, indented as AppSync prints it:
 * `['id', 'author', 'author/name']` → `"{\n  id\n  author {\n    name\n  }\n}"`.
 */
export function selectionSetGraphQL(selectionSetList: readonly string[]): string {
  if (selectionSetList.length === 0) return '';
  const root: SelectionNode = { children: new Map() };
  for (const path of selectionSetList) {
    let node = root;
    for (const name of path.split('/')) {
      let next = node.children.get(name);
      if (next === undefined) {
        next = { children: new Map() };
        node.children.set(name, next);
      }
      node = next;
    }
  }
  return render(root, '');
}

function render(node: SelectionNode, indent: string): string {
  const inner = `${indent}  `;
  const lines = [...node.children].map(([name, child]) =>
    child.children.size === 0 ? `${inner}${name}` : `${inner}${name} ${render(child, inner)}`,
  );
  return `{\n${lines.join('\n')}\n${indent}}`;
}

/** One item of {@link batchEvent}: the options of {@link invokeEvent} without `field`. */
export type BatchItemOptions<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> = Omit<InvokeEventOptions<TArgs, TSource>, 'field'>;

/** AppSync's largest `maxBatchSize` (PROTOCOL.md §5). */
const MAX_BATCH = 2000;

/**
 * A BatchInvoke event: one context per item, in order, for the same field. As in a real batch,
 * every item shares the request (`shared`: identity, headers, selection set …) and differs in
 * what its own options set, usually `source`:
 *
 * ```ts
 * batchEvent('Post.author', [{ source: post1 }, { source: post2 }], { identity: 'cognito' });
 * ```
 */
export function batchEvent<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
>(
  field: string,
  items: readonly BatchItemOptions<TArgs, TSource>[],
  shared: BatchItemOptions<TArgs, TSource> = {},
): AppSyncResolverEvent<TArgs, TSource>[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
    throw new TypeError(
      `batchEvent() needs 1 to ${MAX_BATCH} items (AppSync's maxBatchSize range); received ${Array.isArray(items) ? `${items.length} items` : typeof items}.`,
    );
  }
  return items.map((item) => invokeEvent<TArgs, TSource>({ ...shared, ...item, field }));
}

/** Options of {@link lambdaContext}. */
export interface LambdaContextOptions {
  /** Milliseconds left before the Lambda deadline, counted from now. Default 30 000 (AppSync's cap). */
  remainingMs?: number | undefined;
  /** `awsRequestId`. Default: a fresh UUID per context. */
  requestId?: string | undefined;
  /** Default `'appsync-direct-test'`. */
  functionName?: string | undefined;
  /** Default 1024. */
  memoryLimitInMB?: number | undefined;
}

/**
 * The Lambda context object, shaped as `@types/aws-lambda`'s `Context`, whose
 * `getRemainingTimeInMillis()` counts down in real (or faked) time from `remainingMs`.
 */
export interface TestLambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
  getRemainingTimeInMillis(): number;
  /** Callback-style completion is not used by async handlers; these throw if called. */
  done(error?: Error, result?: unknown): void;
  fail(error: Error | string): void;
  succeed(message: unknown, object?: unknown): void;
}

/**
 * A Lambda context for tests: `lambdaContext({ remainingMs: 50 })` gives a handler 50 ms before
 * its deadline (it counts down with `Date.now()`, so fake timers drive it too).
 */
export function lambdaContext(options: LambdaContextOptions = {}): TestLambdaContext {
  const remainingMs = options.remainingMs ?? 30_000;
  if (typeof remainingMs !== 'number' || !(remainingMs >= 0) || remainingMs === Infinity) {
    throw new TypeError(
      `lambdaContext() needs remainingMs as a finite number of milliseconds ≥ 0; received ${String(remainingMs)}.`,
    );
  }
  const deadline = Date.now() + remainingMs;
  const functionName = options.functionName ?? 'appsync-direct-test';
  const callbackStyle = (): never => {
    throw new Error(
      'done(), fail() and succeed() belong to callback-style handlers; an async handler returns or throws instead.',
    );
  };
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: String(options.memoryLimitInMB ?? 1024),
    awsRequestId: options.requestId ?? randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: '2026/01/15/[$LATEST]0123456789abcdef0123456789abcdef',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: callbackStyle,
    fail: callbackStyle,
    succeed: callbackStyle,
  };
}
