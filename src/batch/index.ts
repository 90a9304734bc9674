import { Deadline } from '../deadline.js';
import {
  answered,
  BAD_BATCH,
  badBatchResponse,
  callBatch,
  callItem,
  type Dispatcher,
  debugging,
  failedOutside,
  isBadBatch,
  isErrorValue,
  isThenable,
  type Route,
  rejected,
  requestIdOf,
  routeOf,
  timedOut,
  tooLarge,
  tooLargeLogged,
  unserialisable,
} from '../dispatch.js';
import { AppSyncError, type WireError } from '../errors/app-sync-error.js';
import { InvalidEventError } from '../errors/framework-errors.js';
import { normalizeError } from '../errors/normalize.js';
import { type LambdaContext, type ResolverContext, toResolverContext } from '../event.js';
import { toThrownError } from '../invoke/index.js';
import { jsonSize, jsonSizeBound } from '../response-size.js';

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

/** The state of one BatchInvoke request, shared by its groups. */
interface BatchRun {
  readonly out: BatchItemResponse[];
  readonly requestId: string | undefined;
  readonly d: Dispatcher;
  /** Routed items still without an entry. */
  pending: number;
  /** False once the deadline passed: late results are dropped, and no new item starts. */
  open: boolean;
}

/** Writes an item's entry, unless the request has already been answered. */
function put(run: BatchRun, index: number, entry: BatchItemResponse): void {
  if (!run.open) return;
  run.out[index] = entry;
  run.pending--;
}

/**
 * The BatchInvoke path. The answer always has exactly one entry per item, in input order: items
 * are grouped by field (AppSync sends one field per batch, but a mixed batch is handled too), each
 * group runs through its resolver, and each result lands at its item's index. One item's failure
 * never touches another's entry. At the deadline, the items still running get `TimeoutError`
 * entries; before returning, the largest results are replaced by `ResponseTooLargeError` entries
 * until the response fits the limit.
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
  const started = debugging(d) ? Date.now() : 0;
  const deadline = new Deadline(lambda, d.deadlineMargin);
  const out: BatchItemResponse[] = new Array(count);
  const run: BatchRun = { out, requestId, d, pending: 0, open: true };
  const groups = new Map<Route, Group>();
  let last: Group | undefined;
  // One entry (and one log line) per unrouted field, however many items ask for it.
  let unrouted: Map<string, BatchFailure> | undefined;
  for (let index = 0; index < count; index++) {
    let ctx: ResolverContext | AppSyncError;
    try {
      ctx = toResolverContext(items[index], deadline, lambda, d.routing, index);
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
      const route = routeOf(ctx, d, index);
      if (route instanceof InvalidEventError) {
        out[index] = failure(rejected(route, { index, requestId }, d));
        continue;
      }
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
    run.pending++;
  }
  try {
    if (groups.size > 0) {
      const work: Promise<unknown> =
        groups.size === 1
          ? runGroup(last as Group, run)
          : Promise.all(Array.from(groups.values(), (group) => runGroup(group, run)));
      // Synchronous resolvers have answered by now: no clock, no timer.
      if (run.pending > 0) await deadline.race(work);
      if (run.pending > 0) {
        run.open = false;
        for (const group of groups.values()) timeOut(group, run, deadline);
      }
    }
  } finally {
    deadline.dispose();
  }
  if (d.maxResponseBytes !== Number.POSITIVE_INFINITY) fitResponse(run, groups);
  if (debugging(d)) {
    const fields: Record<string, number> = {};
    for (const { route, indices } of groups.values()) fields[route.key] = indices.length;
    answered(d, 'Answered a BatchInvoke', {
      requestId,
      items: count,
      fields,
      failed: out.filter((entry) => 'errorType' in entry).length,
      durationMs: Date.now() - started,
    });
  }
  return out;
}

/** The items of a group still running at the deadline: a `TimeoutError` entry each. */
function timeOut(group: Group, run: BatchRun, deadline: Deadline): void {
  const late = group.indices.filter((index) => run.out[index] === undefined);
  if (late.length === 0) return;
  const site = { field: group.route.key, index: late[0], requestId: run.requestId };
  const entry = failure(timedOut(site, deadline, run.d, late));
  for (const index of late) run.out[index] = { ...entry };
}

/**
 * Keeps the response within `maxResponseBytes`. The common case costs one walk of the entries
 * for an upper bound of their size; only a response whose bound is above the limit is measured
 * exactly, and then its largest entries are replaced, largest first, until the rest fits. An
 * entry that cannot be serialised at all (a BigInt, a cycle) becomes an `InternalError`, as it
 * would otherwise make Lambda fail the whole batch.
 */
function fitResponse(run: BatchRun, groups: ReadonlyMap<Route, Group>): void {
  const { out, d } = run;
  const limit = d.maxResponseBytes;
  const count = out.length;
  let keyOf: string[] | undefined;
  const siteOf = (index: number) => {
    if (keyOf === undefined) {
      keyOf = new Array(count);
      for (const { route, indices } of groups.values()) {
        for (const i of indices) keyOf[i] = route.key;
      }
    }
    return { field: keyOf[index], index, requestId: run.requestId };
  };
  const exactly = (index: number): number => {
    const size = jsonSize(out[index]);
    if (size !== undefined) return size;
    const site = siteOf(index);
    out[index] = failure(unserialisable((out[index] as BatchSuccess).data, site, d));
    return jsonSize(out[index]) as number;
  };
  // Brackets and commas, then each entry's bound (or exact size where the walk cannot tell).
  const punctuation = count === 0 ? 2 : count + 1;
  let total = punctuation;
  for (let i = 0; i < count; i++) {
    const bound = jsonSizeBound(out[i]);
    total += Number.isNaN(bound) ? exactly(i) : bound;
  }
  if (total <= limit) return;
  const sizes = Array.from({ length: count }, (_, i) => exactly(i));
  total = punctuation;
  for (const size of sizes) total += size;
  const largestFirst = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) => (sizes[b] as number) - (sizes[a] as number),
  );
  for (const index of largestFirst) {
    if (total <= limit) break;
    const size = sizes[index] as number;
    const site = siteOf(index);
    const entry = failure(tooLarge(size, limit, site, d, false));
    const smaller = jsonSize(entry) as number;
    // Only a limit below a few hundred bytes gets here: dropping this item would not help.
    if (smaller >= size) break;
    tooLargeLogged(size, limit, site, d);
    out[index] = entry;
    total += smaller - size;
  }
}
function runGroup(group: Group, run: BatchRun): Promise<void> {
  return group.route.kind === 'batch' ? runAggregate(group, run) : runEach(group, run);
}

/** A per-item resolver over a group, at most `route.concurrency` items at a time. */
async function runEach({ route, ctxs, indices }: Group, run: BatchRun): Promise<void> {
  const { d, requestId } = run;
  const count = ctxs.length;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count && run.open) {
      const k = next++;
      const ctx = ctxs[k] as ResolverContext;
      const index = indices[k] as number;
      try {
        let value = callItem(route, ctx, d);
        if (isThenable(value)) value = await value;
        // A returned Error fails the item, as an Error in a batch resolver's slot does.
        if (isErrorValue(value)) throw value;
        put(run, index, { data: value ?? null });
      } catch (error) {
        if (!run.open) return;
        const site = { field: route.key, index, requestId };
        put(run, index, failure(normalizeError(error, ctx, site, d.errors)));
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
async function runAggregate({ route, ctxs, indices }: Group, run: BatchRun): Promise<void> {
  const { d, requestId } = run;
  const site = { field: route.key, requestId };
  const fillAll = (entry: BatchFailure): void => {
    for (const index of indices) put(run, index, { ...entry });
  };
  let results: unknown[];
  try {
    // Frozen: a resolver that sorted or spliced the array in place would line its results up
    // with other callers' items. Sorting it now throws, and fails this group alone.
    Object.freeze(ctxs);
    let answer = callBatch(route, ctxs, d);
    if (isThenable(answer)) answer = await answer;
    if (!Array.isArray(answer) || answer.length !== ctxs.length) {
      throw badBatchResponse(route, ctxs.length, answer);
    }
    results = answer;
  } catch (error) {
    if (!run.open) return;
    if (isBadBatch(error)) {
      fillAll(failure(rejected(error, site, d, BAD_BATCH)));
    } else {
      // A batch resolver that throws fails every item of its batch.
      fillAll(failure(normalizeError(error, ctxs[0], site, d.errors)));
    }
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
    if (!run.open) return;
    const index = indices[k] as number;
    try {
      put(run, index, isErrorValue(value) ? slotFailure(value, k) : { data: value ?? null });
    } catch (error) {
      put(run, index, slotFailure(error, k));
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
              if (run.open) put(run, indices[k] as number, slotFailure(error, k));
            },
          ),
        );
      } else {
        settle(value, k);
      }
    } catch (error) {
      put(run, indices[k] as number, slotFailure(error, k));
    }
  }
  if (pending !== undefined) await Promise.all(pending);
}
