import { UnauthorizedException } from './errors/app-sync-error.js';
import { InvalidBatchResponseError } from './errors/framework-errors.js';
import { describeValue } from './errors/normalize.js';
import type { AppSyncIdentity, ResolverContext } from './event.js';
import { type IdentityKind, identityGroups, identityKind } from './identity.js';
import { isThenable } from './thenable.js';

// Middleware is an onion around a resolver: `(ctx, next) => result`. The app's middleware runs
// first, in `use()` order, then the resolver's own `use` list, then argument validation, then the
// resolver. Each layer can read and enrich the context, answer without calling `next()` (a value,
// a thrown error or a returned `Error`), and see what the inner layers produced.
//
// A per-item `resolver` meets middleware once per context (an Invoke, or each item of a batch).
// A `batchResolver` meets it once per batch: `ctx` is the array of the batch's contexts and
// `next()` resolves to the array of results, one per context (values, `Error`s or promises of
// either). `next(subset)` runs the inner layers on some of the contexts only; its results are
// aligned with `subset`, and the middleware answers for the others (`next([])` resolves to `[]`
// without running them). Inner layers that answer a batch with the wrong number of results fail
// it with `InvalidBatchResponseError`.

/**
 * What the inner layers produce. For a batch, pass a subset of the batch's contexts to run the
 * inner layers on those only.
 */
// biome-ignore lint/suspicious/noExplicitAny: any keeps middleware assignable to every typed resolver's list
export type Next = (contexts?: readonly ResolverContext<any, any>[]) => Promise<unknown>;

/**
 * Middleware for any resolver, as `app.use()` takes it: `ctx` is one context (a `resolver`) or
 * the array of a batch's contexts (a `batchResolver`); {@link isBatch} tells which (and narrows
 * the type, which `Array.isArray` does not), and {@link contextsOf} gives an array in both cases.
 *
 * @example
 * app.use(async (ctx, next) => {
 *   const started = Date.now();
 *   try {
 *     return await next();
 *   } finally {
 *     metrics.record(Date.now() - started);
 *   }
 * });
 */
export type Middleware = (
  ctx: ResolverContext<unknown, unknown> | readonly ResolverContext<unknown, unknown>[],
  next: Next,
) => unknown;

/**
 * Middleware in a `resolver`'s own `use` list: one context at a time. It runs before argument
 * validation, so `ctx.args` are the arguments as they arrived.
 */
export type ResolverMiddleware<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> = (ctx: ResolverContext<TArgs, TSource>, next: () => Promise<unknown>) => unknown;

/**
 * Middleware in a `batchResolver`'s own `use` list: once per batch, with every context; `next()`
 * resolves to one result per context.
 */
export type BatchMiddleware<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> = (ctxs: readonly ResolverContext<TArgs, TSource>[], next: BatchNext<TArgs, TSource>) => unknown;

/**
 * A batch middleware's `next`. Declared as a method so that it is compared bivariantly: a
 * middleware written for one field's contexts still fits a list typed for another.
 */
export type BatchNext<TArgs, TSource> = {
  next(contexts?: readonly ResolverContext<TArgs, TSource>[]): Promise<unknown[]>;
}['next'];

/**
 * The contexts a middleware was given, as an array: `[ctx]` for a per-item resolver, the batch's
 * contexts for a batch resolver.
 *
 * @example
 * app.use((input, next) => {
 *   for (const ctx of contextsOf(input)) ctx.stash.startedAt = Date.now();
 *   return next();
 * });
 */
export function contextsOf<C extends ResolverContext<unknown, unknown>>(
  input: C | readonly C[],
): readonly C[] {
  return Array.isArray(input) ? (input as readonly C[]) : [input as C];
}

/**
 * Whether a middleware was given a batch (a `batchResolver`'s contexts) rather than one context.
 * A type guard: `Array.isArray` does not narrow a union with a readonly array in TypeScript.
 *
 * @example
 * app.use((ctx, next) => {
 *   if (isBatch(ctx)) log.info('batch', { size: ctx.length });
 *   else log.info('field', { field: ctx.info.fieldName });
 *   return next();
 * });
 */
export function isBatch<C extends ResolverContext<unknown, unknown>>(
  input: C | readonly C[],
): input is readonly C[] {
  return Array.isArray(input);
}

/** The route a stack of layers runs around: its `Type.field` key and its own `use` list. */
export interface LayerOwner {
  readonly key: string;
  readonly use: readonly unknown[];
}

/** True for an `Error` (of any realm) or one of our errors from another package copy. */
type IsError = (value: unknown) => boolean;

/**
 * Runs `layers` around `inner` for one context or one batch. The promise settles with what the
 * outermost layer answered; a returned `Error` becomes a rejection, so every layer sees a failure
 * of the layers inside it as a rejection of `next()`.
 */
export function runLayers(
  layers: readonly Middleware[],
  input: ResolverContext | readonly ResolverContext[],
  inner: (input: ResolverContext | readonly ResolverContext[]) => unknown,
  isError: IsError,
  /** Throws when nothing more may start (the request's deadline has passed). */
  guard: (input: ResolverContext | readonly ResolverContext[]) => void,
  /** The route the layers run around, for messages that name a layer. */
  owner: LayerOwner,
): Promise<unknown> {
  const settle = (run: () => unknown): Promise<unknown> => {
    try {
      const value = run();
      if (isThenable(value)) {
        return Promise.resolve(value).then((settled) =>
          isError(settled) ? Promise.reject(settled) : settled,
        );
      }
      return isError(value) ? Promise.reject(value) : Promise.resolve(value);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  const step = (i: number, current: ResolverContext | readonly ResolverContext[]) => {
    const layer = layers[i];
    if (layer === undefined) return settle(() => inner(current));
    let called = false;
    const next: Next = (contexts) => {
      const twice = called;
      called = true;
      let ran: Promise<unknown>;
      if (twice)
        ran = Promise.reject(
          new Error(
            `${layerName(layers, owner, i)} called next() more than once; call it at most once.`,
          ),
        );
      else {
        try {
          guard(current);
          ran = run(contexts);
        } catch (error) {
          ran = Promise.reject(error);
        }
      }
      // A middleware that drops next()'s promise (fire and forget, a second call it ignores)
      // must not crash the process with an unhandled rejection: whoever awaits it still sees it.
      ran.catch(ignore);
      return ran;
    };
    const run = (contexts: readonly ResolverContext[] | undefined): Promise<unknown> => {
      const subset =
        contexts === undefined ? current : checkSubset(contexts, current, layers, owner, i);
      if (subset instanceof Error) return Promise.reject(subset);
      if (!Array.isArray(subset)) return step(i + 1, subset);
      // Nothing to run: a batch resolver is never called with an empty batch.
      if (subset.length === 0) return Promise.resolve([]);
      // Each batch layer answers one entry per context it ran on, so that a middleware that
      // narrowed the batch (requireAuth) never lines up the wrong results with its contexts.
      return step(i + 1, subset).then((answer) => checkedLength(answer, subset, layers, owner, i));
    };
    return settle(() => layer(current, next));
  };
  return step(0, input);
}

const ignore = (): void => {};

function checkedLength(
  answer: unknown,
  ctxs: readonly ResolverContext[],
  layers: readonly Middleware[],
  owner: LayerOwner,
  i: number,
): unknown {
  if (!Array.isArray(answer)) throw badLength(answer, ctxs, layerName(layers, owner, i));
  // A middleware may drop the slots it was given (answer for them, or throw): a slot's later
  // rejection must not go unhandled and end the Lambda runtime. Whoever awaits it still sees it.
  for (const slot of answer) if (slot instanceof Promise) slot.catch(ignore);
  if (answer.length !== ctxs.length) throw badLength(answer, ctxs, layerName(layers, owner, i));
  return answer;
}

function badLength(
  answer: unknown,
  ctxs: readonly ResolverContext[],
  layer: string,
): InvalidBatchResponseError {
  return new InvalidBatchResponseError(
    `${layer} called next() for ${ctxs.length} context${ctxs.length === 1 ? '' : 's'} and the layers inside answered ${describeValue(answer)}; each layer of a batch resolver answers with an array of one entry per context, in order.`,
  );
}

/** The contexts a middleware passed to `next()`, if they are some of its own; else the error. */
function checkSubset(
  contexts: unknown,
  current: ResolverContext | readonly ResolverContext[],
  layers: readonly Middleware[],
  owner: LayerOwner,
  i: number,
): readonly ResolverContext[] | TypeError {
  if (!Array.isArray(current)) {
    return new TypeError(
      `${layerName(layers, owner, i)} passed contexts to next(): next(contexts) narrows a batch; the middleware of a per-item resolver calls next() without arguments.`,
    );
  }
  if (!Array.isArray(contexts)) {
    return new TypeError(
      `${layerName(layers, owner, i)} passed next() ${describeValue(contexts)}: next(contexts) takes an array of the batch's contexts.`,
    );
  }
  const known = new Set<unknown>(current);
  for (const [index, ctx] of contexts.entries()) {
    if (!known.has(ctx)) {
      return new TypeError(
        `${layerName(layers, owner, i)} passed next() a context that is not one of the ${current.length} it was given (entry ${index}): next(contexts) takes a subset of the middleware's own batch.`,
      );
    }
  }
  return contexts as readonly ResolverContext[];
}

/**
 * How messages name layer `i` of a route's middleware: the app's (`app.use()`, in order) come
 * first, then the route's own `use` list; a named function adds its name.
 */
function layerName(layers: readonly Middleware[], owner: LayerOwner, i: number): string {
  const { key } = owner;
  const ownCount = owner.use.length;
  const appCount = layers.length - ownCount;
  const fn = layers[i] as { name?: unknown } | undefined;
  const name = typeof fn?.name === 'string' && fn.name !== '' ? ` (${fn.name})` : '';
  return i < appCount
    ? `The app.use() middleware ${i + 1} of ${appCount}${name}, around ${key},`
    : `The middleware ${i - appCount + 1} of ${ownCount} in ${key}'s use list${name}`;
}

// ---------------------------------------------------------------------------------------------
// Auth guards
// ---------------------------------------------------------------------------------------------

const MODES: readonly IdentityKind[] = ['apiKey', 'iam', 'cognito', 'oidc', 'lambda'];

/** Options of {@link requireAuth}. Every condition given must hold. */
export interface RequireAuthOptions {
  /**
   * The authorization modes allowed, as {@link identityKind} names them: `'apiKey'`, `'iam'`,
   * `'cognito'`, `'oidc'`, `'lambda'`. Default: any mode, API key included.
   */
  modes?: readonly IdentityKind[] | undefined;
  /**
   * The caller must be in at least one of these groups, as {@link identityGroups} reads them
   * (Cognito groups, an OIDC groups claim, a Lambda authorizer's `resolverContext.groups`). IAM
   * and API key callers have no groups.
   */
  groups?: readonly string[] | undefined;
  /** Where the groups are, for OIDC and Lambda identities (see {@link identityGroups}). */
  claim?: string | undefined;
  /**
   * A final check, once per context: return `true` to let the caller through. It runs after the
   * modes and groups, so `identity` is of an allowed kind.
   */
  where?:
    | ((
        identity: AppSyncIdentity,
        ctx: ResolverContext<unknown, unknown>,
      ) => boolean | PromiseLike<boolean>)
    | undefined;
  /** The message of the `UnauthorizedException` (AppSync shows clients its own text anyway). */
  message?: string | undefined;
}

/**
 * Middleware that lets a caller through only when the conditions hold, and otherwise fails the
 * field with `UnauthorizedException`. In a batch each context is checked on its own: the ones
 * that fail get `UnauthorizedException` entries (or, where `where` threw, that error) and the
 * resolver runs for the rest.
 *
 * Groups are read with {@link identityGroups}, so a `groups` value in the wrong kind of identity
 * (an IAM identity, an API key request) or a value that is not a list of strings grants nothing,
 * and a group name never matches a part of another (`admins` is not `admin`). Only `where`
 * returning exactly `true` passes.
 *
 * @example
 * app.use(requireAuth({ modes: ['cognito', 'oidc'] }));
 * app.resolver('Mutation.deletePost', deletePost, { use: [requireAuth({ groups: ['admin'] })] });
 */
export function requireAuth(options: RequireAuthOptions = {}): Middleware {
  const { modes, groups, claim, where, message } = checkAuthOptions(options);
  const modeSet = modes === undefined ? undefined : new Set<string>(modes);
  const groupOptions = claim === undefined ? {} : { claim };
  const denied = (): UnauthorizedException =>
    message === undefined ? new UnauthorizedException() : new UnauthorizedException(message);

  /** True, false, or a promise of either, for one context. */
  const allows = (ctx: ResolverContext<unknown, unknown>): boolean | Promise<boolean> => {
    const identity = ctx.identity;
    const kind = identityKind(identity);
    if (kind === undefined || (modeSet !== undefined && !modeSet.has(kind))) return false;
    if (groups !== undefined) {
      const member = identityGroups(identity, groupOptions);
      if (!groups.some((group) => member.includes(group))) return false;
    }
    if (where === undefined) return true;
    const verdict = where(identity, ctx);
    return isThenable(verdict)
      ? Promise.resolve(verdict).then((settled) => settled === true)
      : verdict === true;
  };

  /** For one context of a batch: true, false, or the error `where` threw (that item's answer). */
  const verdictOf = (ctx: ResolverContext<unknown, unknown>): Promise<boolean | Error> => {
    try {
      return Promise.resolve(allows(ctx)).catch(asError);
    } catch (error) {
      return Promise.resolve(asError(error));
    }
  };

  return async (input, next) => {
    if (!Array.isArray(input)) {
      if (!(await allows(input as ResolverContext<unknown, unknown>))) throw denied();
      return next();
    }
    const ctxs = input as readonly ResolverContext<unknown, unknown>[];
    // Each context on its own: one caller's failing check never fails another caller's item.
    const verdicts = await Promise.all(ctxs.map(verdictOf));
    if (verdicts.every((verdict) => verdict === true)) return next();
    const passing = ctxs.filter((_, k) => verdicts[k] === true);
    if (passing.length === 0 && verdicts.every((verdict) => verdict === false)) throw denied();
    const results = (await next(passing)) as unknown[];
    let j = 0;
    return verdicts.map((verdict) =>
      verdict === true ? results[j++] : verdict === false ? denied() : verdict,
    );
  };
}

/** A thrown value as an `Error`, so that it fails its item like a thrown `Error` does. */
function asError(thrown: unknown): Error {
  return thrown instanceof Error
    ? thrown
    : new Error(`A value that is not an Error was thrown: ${describeValue(thrown)}.`, {
        cause: thrown,
      });
}

function checkAuthOptions(options: RequireAuthOptions): RequireAuthOptions {
  const fail = (what: string, value: unknown): never => {
    throw new TypeError(`requireAuth: ${what}; received ${describeValue(value)}.`);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object', options);
  const { modes, groups, claim, where, message } = options;
  if (modes !== undefined) {
    if (!Array.isArray(modes) || modes.length === 0) {
      fail(`modes must be a non-empty array of ${MODES.join(', ')}`, modes);
    }
    for (const mode of modes as unknown[]) {
      if (!MODES.includes(mode as IdentityKind)) {
        fail(`each mode must be one of ${MODES.join(', ')}`, mode);
      }
    }
  }
  if (groups !== undefined) {
    if (
      !Array.isArray(groups) ||
      groups.length === 0 ||
      !groups.every((group) => typeof group === 'string' && group !== '')
    ) {
      fail('groups must be a non-empty array of group names', groups);
    }
  }
  if (claim !== undefined && (typeof claim !== 'string' || claim === '')) {
    fail('claim must be a non-empty string', claim);
  }
  if (where !== undefined && typeof where !== 'function') fail('where must be a function', where);
  if (message !== undefined && typeof message !== 'string')
    fail('message must be a string', message);
  return options;
}
