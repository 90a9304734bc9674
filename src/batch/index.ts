import {
  BAD_BATCH,
  badBatchResponse,
  type Dispatcher,
  failedOutside,
  isErrorValue,
  isThenable,
  type Route,
  rejected,
  requestIdOf,
  routeOf,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { normalizeError } from '../errors/normalize.js';
import { type LambdaContext, type ResolverContext, toResolverContext } from '../event.js';
import { toThrownError } from '../invoke/index.js';

/** A successful batch entry: the field's value. */
export interface BatchSuccess {
  data: unknown;
}

/**
 * A failed batch entry. AppSync sets the field to `null` and adds an error with this type and
 * message; `data` goes to that error's `data` (PROTOCOL.md §3.2).
 */
export interface BatchFailure {
  data: unknown;
  errorType: string;
  errorMessage: string;
}

/** One entry of a BatchInvoke response, aligned with the event's item at the same index. */
export type BatchItemResponse = BatchSuccess | BatchFailure;

/** The items of one field, in event order, with their positions in the event. */
interface Group {
  readonly route: Route;
  readonly ctxs: ResolverContext[];
  readonly indices: number[];
}

function failure(wire: WireError): BatchFailure {
  return { data: wire.data ?? null, errorType: wire.errorType, errorMessage: wire.errorMessage };
}

/**
 * The BatchInvoke path. The answer always has exactly one entry per item, in input order: items
 * are grouped by field (AppSync sends one field per batch, but a mixed batch is handled too), each
 * group runs through its resolver, and each result lands at its item's index. One item's failure
 * never touches another's entry.
 */
export async function runBatch(
  items: readonly unknown[],
  lambda: LambdaContext | undefined,
  d: Dispatcher,
): Promise<BatchItemResponse[]> {
  const requestId = requestIdOf(lambda);
  let count: number;
  try {
    count = items.length; // a Proxy can throw even here
  } catch (error) {
    throw toThrownError(failedOutside(error, { requestId }, d));
  }
  const out: BatchItemResponse[] = new Array(count);
  const groups = new Map<Route, Group>();
  let last: Group | undefined;
  // One entry (and one log line) per unrouted field, however many items ask for it.
  let unrouted: Map<string, BatchFailure> | undefined;
  for (let index = 0; index < count; index++) {
    let ctx: ResolverContext | AppSyncError;
    try {
      ctx = toResolverContext(items[index], lambda, d.routing, index);
    } catch (error) {
      out[index] = failure(failedOutside(error, { index, requestId }, d));
      continue;
    }
    if (ctx instanceof AppSyncError) {
      out[index] = failure(rejected(ctx, { index, requestId }, d));
      continue;
    }
    let group = last;
    const { parentTypeName, fieldName } = ctx.info;
    if (
      group === undefined ||
      group.route.fieldName !== fieldName ||
      group.route.typeName !== parentTypeName
    ) {
      const route = routeOf(ctx, d);
      if (route instanceof AppSyncError) {
        unrouted ??= new Map();
        let entry = unrouted.get(route.field);
        if (entry === undefined) {
          entry = failure(rejected(route, { field: route.field, index, requestId }, d));
          unrouted.set(route.field, entry);
        }
        out[index] = { ...entry };
        continue;
      }
      group = groups.get(route);
      if (group === undefined) {
        group = { route, ctxs: [], indices: [] };
        groups.set(route, group);
      }
      last = group;
    }
    group.ctxs.push(ctx);
    group.indices.push(index);
  }
  if (groups.size === 1) {
    await runGroup(last as Group, out, requestId, d);
  } else if (groups.size > 1) {
    await Promise.all(Array.from(groups.values(), (group) => runGroup(group, out, requestId, d)));
  }
  return out;
}

function runGroup(
  group: Group,
  out: BatchItemResponse[],
  requestId: string | undefined,
  d: Dispatcher,
): Promise<void> {
  return group.route.kind === 'batch'
    ? runAggregate(group, out, requestId, d)
    : runEach(group, out, requestId, d);
}

/** A per-item resolver over a group, at most `route.concurrency` items at a time. */
async function runEach(
  { route, ctxs, indices }: Group,
  out: BatchItemResponse[],
  requestId: string | undefined,
  d: Dispatcher,
): Promise<void> {
  const fn = route.fn as (ctx: ResolverContext) => unknown;
  const count = ctxs.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const k = next++;
      const ctx = ctxs[k] as ResolverContext;
      const index = indices[k] as number;
      try {
        let value = fn(ctx);
        if (isThenable(value)) value = await value;
        // A returned Error fails the item, as an Error in a batch resolver's slot does.
        if (isErrorValue(value)) throw value;
        out[index] = { data: value ?? null };
      } catch (error) {
        const site = { field: route.key, index, requestId };
        out[index] = failure(normalizeError(error, ctx, site, d.errors));
      }
    }
  };
  const workers = Math.min(route.concurrency, count);
  if (workers === 1) return worker();
  const running: Promise<void>[] = [];
  for (let w = 0; w < workers; w++) running.push(worker());
  await Promise.all(running);
}

/** A batch resolver over a group: one call, one result per context. */
async function runAggregate(
  { route, ctxs, indices }: Group,
  out: BatchItemResponse[],
  requestId: string | undefined,
  d: Dispatcher,
): Promise<void> {
  const site = { field: route.key, requestId };
  let results: unknown[];
  try {
    let answer = (route.fn as (ctxs: readonly ResolverContext[]) => unknown)(ctxs);
    if (isThenable(answer)) answer = await answer;
    if (!Array.isArray(answer) || answer.length !== ctxs.length) {
      const error = badBatchResponse(route, ctxs.length, answer);
      fill(out, indices, failure(rejected(error, site, d, BAD_BATCH)));
      return;
    }
    results = answer;
  } catch (error) {
    // A batch resolver that throws fails every item of its batch.
    fill(out, indices, failure(normalizeError(error, ctxs[0], site, d.errors)));
    return;
  }
  const slotFailure = (error: unknown, k: number): BatchFailure => {
    const index = indices[k] as number;
    return failure(
      normalizeError(error, ctxs[k], { field: route.key, index, requestId }, d.errors),
    );
  };
  // Reading a slot runs user code (getters, a Proxy, a `then`): a failure stays in its slot.
  const settle = (value: unknown, k: number): void => {
    const index = indices[k] as number;
    try {
      out[index] = isErrorValue(value) ? slotFailure(value, k) : { data: value ?? null };
    } catch (error) {
      out[index] = slotFailure(error, k);
    }
  };
  // A slot may hold a promise (`ctxs.map(async …)`): each settles into its own entry.
  let pending: Promise<void>[] | undefined;
  for (let k = 0; k < indices.length; k++) {
    try {
      const value: unknown = results[k];
      if (isThenable(value)) {
        pending ??= [];
        pending.push(
          Promise.resolve(value).then(
            (settled) => settle(settled, k),
            (error: unknown) => {
              out[indices[k] as number] = slotFailure(error, k);
            },
          ),
        );
      } else {
        settle(value, k);
      }
    } catch (error) {
      out[indices[k] as number] = slotFailure(error, k);
    }
  }
  if (pending !== undefined) await Promise.all(pending);
}

function fill(out: BatchItemResponse[], indices: readonly number[], entry: BatchFailure): void {
  for (const index of indices) out[index] = { ...entry };
}
