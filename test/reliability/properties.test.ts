/**
 * Reliability properties of the dispatcher: whatever arrives, the answer is well formed, sanitised
 * and isolated (PROTOCOL.md §2–§4, DESIGN.md "Events the dispatcher accepts" and "Errors").
 *
 * Every property asserts on what the handler resolves to or rejects with, never on log text.
 * Generated events (one event = one call of the handler; batch items are not counted separately):
 *
 *   a1  any JSON value as the event ............................. 2,000 runs × 1 event  =  2,000
 *   a2  near-miss events: valid events mutated, wrapped ......... 3,000 runs × 1 event  =  3,000
 *   a3  batches (bare or wrapped) of near-miss items ............ 1,000 runs × 1 event  =  1,000
 *   b   mixed batches, random concurrency, batch resolvers ...... 1,000 runs × 1 event  =  1,000
 *   c   resolvers failing with arbitrary values ................. 1,000 runs × 3 events =  3,000
 *   d1  prototype keys everywhere ............................... 1,000 runs × 1 event  =  1,000
 *   d2  two interleaved requests ................................   500 runs × 2 events =  1,000
 *                                                                                 total = 12,000
 */
import {
  AppSyncError,
  createResolver,
  type DirectLambdaHandler,
  type LambdaContext,
  type ResolverContext,
  UnauthorizedException,
} from 'appsync-direct';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concurrencyArb } from '../arbitraries.js';
import { eventVerdict, type ItemVerdict, isObject } from '../event-oracle.js';
import {
  CONTEXT_KEYS,
  event as directEvent,
  lambdaWithId,
  recordingLogger,
  silentLogger,
} from '../helpers.js';

const TIMEOUT = 120_000;

type Obj = Record<string, unknown>;

const silent = silentLogger;
const lambdaContext = lambdaWithId;

function internalMessage(requestId: string): string {
  return `An internal error occurred (request id ${requestId}).`;
}

/** What a Lambda event is after the runtime parsed it: `__proto__` keys become own properties. */
function viaJson<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Sets an own, enumerable property, whatever the key (`__proto__` included). */
function setOwn(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}

/** An object from entries, keeping every key as an own property. */
function fromEntries(entries: readonly (readonly [string, unknown])[]): Obj {
  const out: Obj = {};
  for (const [key, value] of entries) setOwn(out, key, value);
  return out;
}

async function ticks(count: number): Promise<void> {
  for (let k = 0; k < count; k++) await Promise.resolve();
}

type Settled = { resolved: unknown } | { rejected: unknown };

/** Calls the handler; a synchronous throw is a failure of its own. */
async function settle(
  handler: DirectLambdaHandler,
  event: unknown,
  lambda: LambdaContext,
): Promise<Settled> {
  let promise: unknown;
  try {
    promise = handler(event, lambda);
  } catch (error) {
    expect.fail(`the handler threw synchronously: ${String(error)}`);
  }
  expect(promise).toBeInstanceOf(Promise);
  try {
    return { resolved: await promise };
  } catch (error) {
    return { rejected: error };
  }
}

/** Where `value` stops being plain JSON data (what `JSON.stringify` would alter or drop). */
function jsonProblem(value: unknown, path = '$'): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') {
    return Number.isFinite(value) && !Object.is(value, -0) ? undefined : `${path} is ${value}`;
  }
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  const proto = Object.getPrototypeOf(value);
  if (Array.isArray(value)) {
    if (proto !== Array.prototype) return `${path} is an array of another class`;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return `${path}[${i}] is a hole`;
      const problem = jsonProblem(value[i], `${path}[${i}]`);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
  for (const key of Reflect.ownKeys(value)) {
    if (typeof key === 'symbol') return `${path} has a symbol key`;
    const d = Object.getOwnPropertyDescriptor(value, key) as PropertyDescriptor;
    if (!d.enumerable || !('value' in d))
      return `${path}.${key} is not an enumerable data property`;
    const problem = jsonProblem(d.value, `${path}.${key}`);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * A resolved answer is what Lambda serialises: plain JSON data, so a JSON round trip gives it
 * back unchanged.
 */
function expectJsonStable(value: unknown): void {
  expect(value).not.toBeUndefined();
  expect(jsonProblem(value)).toBeUndefined();
  expect(JSON.stringify(JSON.parse(JSON.stringify(value)))).toBe(JSON.stringify(value));
}

/**
 * JSON text with sorted keys: for JSON data, equal texts mean equal values. (`toStrictEqual`
 * cannot compare data with an own `constructor` key: it reads that key as the class.)
 */
function canonical(value: unknown): string | undefined {
  return JSON.stringify(value, (_key, v: unknown) =>
    isObject(v)
      ? fromEntries(
          Object.keys(v)
            .sort()
            .map((k) => [k, v[k]] as const),
        )
      : v,
  );
}

function expectSameJson(actual: unknown, expected: unknown): void {
  expect(jsonProblem(actual)).toBeUndefined();
  expect(canonical(actual)).toBe(canonical(expected));
}

/** What the Lambda runtime sends for a rejection: name, message and the stack as the trace. */
function wireOfRejection(error: unknown): string {
  const e = error as Error;
  return JSON.stringify({
    errorType: e.name,
    errorMessage: e.message,
    trace: String(e.stack).split('\n'),
    own: e,
  });
}

/** An Invoke rejection: an `Error` named after the errorType, with a non-empty message. */
function expectRejection(error: unknown, errorType: string, requestId: string): void {
  expect(error).toBeInstanceOf(Error);
  const e = error as Error;
  expect(e.name).toBe(errorType);
  expect(typeof e.message).toBe('string');
  expect(e.message.length).toBeGreaterThan(0);
  if (errorType === 'InternalError') expect(e.message).toBe(internalMessage(requestId));
}

/** A batch failure entry: exactly `{ data: null, errorType, errorMessage }`. */
function expectFailureEntry(entry: unknown, errorType: string, requestId: string): void {
  expect(isObject(entry)).toBe(true);
  const e = entry as Obj;
  expect(Object.keys(e).sort()).toStrictEqual(['data', 'errorMessage', 'errorType']);
  expect(e.data).toBeNull();
  expect(e.errorType).toBe(errorType);
  expect(typeof e.errorMessage).toBe('string');
  expect((e.errorMessage as string).length).toBeGreaterThan(0);
  if (errorType === 'InternalError') expect(e.errorMessage).toBe(internalMessage(requestId));
}

/** A batch answer: an array of exactly `length` entries, no holes, JSON-stable. */
function expectBatchShape(response: unknown, length: number): asserts response is unknown[] {
  expect(Array.isArray(response)).toBe(true);
  const array = response as unknown[];
  expect(array).toHaveLength(length);
  expect(Object.keys(array)).toHaveLength(length);
  expectJsonStable(array);
}

// ---------------------------------------------------------------------------------------------
// The oracle: which answer each event must get (DESIGN.md "Events the dispatcher accepts")
// ---------------------------------------------------------------------------------------------

/** What the client gets for an item: data, or an error of this type. */
type Verdict = { data: unknown } | { error: string };

const INTERNAL: Verdict = { error: 'InternalError' };

/** A route table as the oracle sees it: each key's answer to a routed item, or a throw. */
interface OracleRoutes {
  readonly keys: ReadonlySet<string>;
  /** The data the route answers for these arguments; `undefined` means the resolver throws. */
  answer(key: string, args: unknown): unknown;
}

/** The shared oracle's verdict, with the route's answer in place of the route. */
function answered(verdict: ItemVerdict, routes: OracleRoutes): Verdict {
  if (!('route' in verdict)) return verdict;
  const data = routes.answer(verdict.route, verdict.args);
  return data === undefined ? INTERNAL : { data };
}

type EventAnswer = { invoke: Verdict } | { batch: Verdict[] };

function eventAnswer(event: unknown, routes: OracleRoutes): EventAnswer {
  const verdict = eventVerdict(event, routes.keys);
  return 'invoke' in verdict
    ? { invoke: answered(verdict.invoke, routes) }
    : { batch: verdict.batch.map((item) => answered(item, routes)) };
}

/** Checks one answer against the oracle; returns the verdicts met, for the coverage check. */
async function checkAgainstOracle(
  handler: DirectLambdaHandler,
  routes: OracleRoutes,
  event: unknown,
  requestId: string,
): Promise<Verdict[]> {
  const verdict = eventAnswer(event, routes);
  const outcome = await settle(handler, event, lambdaContext(requestId));
  if ('invoke' in verdict) {
    const expected = verdict.invoke;
    if ('error' in expected) {
      expect(outcome).toHaveProperty('rejected');
      expectRejection((outcome as { rejected: unknown }).rejected, expected.error, requestId);
    } else {
      expect(outcome).toHaveProperty('resolved');
      expectSameJson((outcome as { resolved: unknown }).resolved, expected.data);
    }
    return [expected];
  }
  expect(outcome).toHaveProperty('resolved');
  const response = (outcome as { resolved: unknown }).resolved;
  expectBatchShape(response, verdict.batch.length);
  verdict.batch.forEach((expected, i) => {
    if ('error' in expected) expectFailureEntry(response[i], expected.error, requestId);
    else expectSameJson(response[i], { data: expected.data });
  });
  return verdict.batch;
}

// ---------------------------------------------------------------------------------------------
// a. Any JSON, and near misses of every accepted shape
// ---------------------------------------------------------------------------------------------

/** `title` is registered on two types, so a bare `title` is ambiguous; `Mutation.explode` throws. */
const A_ROUTES: OracleRoutes = {
  keys: new Set(['Query.getPost', 'Post.title', 'User.title', 'Post.author', 'Mutation.explode']),
  answer: (key, args) => (key === 'Mutation.explode' ? undefined : { key, args }),
};

function appA() {
  return createResolver({ logger: recordingLogger() })
    .resolver('Query.getPost', (ctx) => ({ key: 'Query.getPost', args: ctx.args }))
    .resolver('Post.title', async (ctx) => {
      await ticks(1);
      return { key: 'Post.title', args: ctx.args };
    })
    .resolver('User.title', (ctx) => ({ key: 'User.title', args: ctx.args }))
    .batchResolver('Post.author', (ctxs) =>
      ctxs.map((ctx) => Promise.resolve({ key: 'Post.author', args: ctx.args })),
    )
    .resolver('Mutation.explode', () => {
      throw new Error('db password=hunter2');
    });
}

const json = fc.jsonValue({ maxDepth: 2 }).map(viaJson);

/** Type and field names the router cares about, prototype names, and noise. */
const nameArb = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constantFrom(
      'Query',
      'Post',
      'User',
      'Mutation',
      'Subscription',
      'getPost',
      'title',
      'author',
      'explode',
      'listPosts',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '__proto__',
      'constructor',
      'prototype',
      'hasOwnProperty',
      '__typename',
    ),
  },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const keyArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...A_ROUTES.keys) },
  { weight: 3, arbitrary: fc.tuple(nameArb, nameArb).map(([t, f]) => `${t}.${f}`) },
  { weight: 1, arbitrary: fc.string({ maxLength: 10 }) },
);

const argKeyArb = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'prototype', 'id') },
);

const argsArb = fc
  .array(fc.tuple(argKeyArb, json), { maxLength: 3 })
  .map((entries) => fromEntries(entries));

type Shape = 'direct' | 'amplify' | 'template-key' | 'template-bare';

function splitKey(key: string): [string, string] {
  const dot = key.indexOf('.');
  return dot < 0 ? [key, ''] : [key.slice(0, dot), key.slice(dot + 1)];
}

/** A valid event of one shape, for any key (registered or not, well-formed or not). */
function shaped(shape: Shape, key: string, args: Obj): Obj {
  const [typeName, fieldName] = splitKey(key);
  switch (shape) {
    case 'direct': {
      const base = directEvent('Query.x', {}) as unknown as Obj;
      return {
        ...base,
        arguments: args,
        info: { ...(base.info as Obj), parentTypeName: typeName, fieldName },
      };
    }
    case 'amplify':
      return {
        typeName,
        fieldName,
        arguments: args,
        identity: null,
        source: null,
        request: { headers: {}, domainName: null },
        prev: null,
      };
    case 'template-key':
      return { field: key, arguments: args, source: null };
    case 'template-bare':
      return { field: fieldName, arguments: args };
  }
}

const TOP_KEYS = [
  ...CONTEXT_KEYS,
  'field',
  'typeName',
  'fieldName',
  'operation',
  'payload',
  '__proto__',
  'constructor',
] as const;

type Mutation =
  | { op: 'delete'; key: string }
  | { op: 'replace'; key: string; value: unknown }
  | { op: 'info'; key: 'parentTypeName' | 'fieldName'; value: unknown };

const replacementArb = fc.oneof(json, nameArb, keyArb, argsArb, fc.constant(null));

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...TOP_KEYS) }),
  fc.record({
    op: fc.constant('replace' as const),
    key: fc.constantFrom(...TOP_KEYS),
    value: replacementArb,
  }),
  fc.record({
    op: fc.constant('info' as const),
    key: fc.constantFrom('parentTypeName' as const, 'fieldName' as const),
    value: fc.oneof(nameArb, json),
  }),
);

function mutate(item: Obj, mutations: readonly Mutation[]): Obj {
  const out = fromEntries(Object.entries(item));
  for (const m of mutations) {
    if (m.op === 'delete') delete out[m.key];
    else if (m.op === 'replace') setOwn(out, m.key, m.value);
    else if (isObject(out.info)) setOwn(out, 'info', { ...out.info, [m.key]: m.value });
  }
  return out;
}

/** A valid event of a random shape, with zero to three keys deleted or replaced by junk. */
const nearMissItemArb: fc.Arbitrary<unknown> = fc
  .record({
    shape: fc.constantFrom<Shape>('direct', 'amplify', 'template-key', 'template-bare'),
    key: keyArb,
    args: argsArb,
    mutations: fc.array(mutationArb, { maxLength: 3 }),
  })
  .map(({ shape, key, args, mutations }) => viaJson(mutate(shaped(shape, key, args), mutations)));

/** A `{ version, operation, payload }` mapping document around items, with any operation. */
function mappingDocumentArb(payload: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc
    .record({
      version: fc.constantFrom('2018-05-29', '2017-02-28'),
      operation: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('Invoke', 'BatchInvoke') },
        { weight: 1, arbitrary: json },
      ),
      payload,
    })
    .map(viaJson);
}

const nearMissEventArb = fc.oneof(
  { weight: 4, arbitrary: nearMissItemArb },
  {
    weight: 1,
    arbitrary: mappingDocumentArb(
      fc.oneof(nearMissItemArb, fc.array(nearMissItemArb, { maxLength: 3 }), json),
    ),
  },
);

const batchOfNearMissesArb = fc.oneof(
  { weight: 3, arbitrary: fc.array(fc.oneof(nearMissItemArb, json), { maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: mappingDocumentArb(fc.array(nearMissItemArb, { maxLength: 8 })).map((doc) => ({
      ...(doc as Obj),
      operation: 'BatchInvoke',
    })),
  },
);

const plainJsonEventArb = fc.oneof(
  { weight: 20, arbitrary: fc.jsonValue().map(viaJson) },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

describe('a. any JSON event is answered well-formed or rejected with a framework error', () => {
  const handler = appA().handler();

  it.each([
    ['any JSON value', plainJsonEventArb, 2000],
    ['near-miss events of every shape, mutated or wrapped', nearMissEventArb, 3000],
    ['batches of near-miss items, bare or in a BatchInvoke document', batchOfNearMissesArb, 1000],
  ] as const)(
    '%s',
    async (_label, events, numRuns) => {
      await fc.assert(
        fc.asyncProperty(events, async (event) => {
          await checkAgainstOracle(handler, A_ROUTES, event, 'req-a');
        }),
        { numRuns },
      );
    },
    TIMEOUT,
  );

  it('the generators reach every verdict, so the oracle is not vacuous', async () => {
    const seen = new Map<string, number>();
    const samples = fc.sample(fc.oneof(nearMissEventArb, batchOfNearMissesArb), {
      numRuns: 1000,
      seed: 7,
    });
    for (const event of samples) {
      const verdict = eventAnswer(event, A_ROUTES);
      for (const v of 'invoke' in verdict ? [verdict.invoke] : verdict.batch) {
        const name = 'error' in v ? v.error : 'data';
        seen.set(name, (seen.get(name) ?? 0) + 1);
      }
    }
    for (const name of ['data', 'InvalidEventError', 'ResolverNotFoundError', 'InternalError']) {
      expect(seen.get(name) ?? 0, name).toBeGreaterThan(20);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// b. Batches: exactly their length, in order, whatever the mix and the concurrency
// ---------------------------------------------------------------------------------------------

type BItem =
  | { kind: 'each'; key: 'Query.each' | 'Post.each'; shape: Shape; fail: boolean; wait: number }
  | { kind: 'agg'; shape: Shape; slot: 'value' | 'promise' | 'error' | 'rejected'; wait: number }
  | { kind: 'unknown'; key: string }
  | { kind: 'invalid'; value: unknown };

type GroupMode = 'ok' | 'throws' | 'short' | 'long' | 'not-array';

const routedShape = fc.constantFrom<Shape>('direct', 'amplify', 'template-key');

const bItemArb: fc.Arbitrary<BItem> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('each' as const),
      key: fc.constantFrom('Query.each' as const, 'Post.each' as const),
      shape: routedShape,
      fail: fc.boolean(),
      wait: fc.integer({ min: 0, max: 5 }),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('agg' as const),
      shape: routedShape,
      slot: fc.constantFrom(
        'value' as const,
        'promise' as const,
        'error' as const,
        'rejected' as const,
      ),
      wait: fc.integer({ min: 0, max: 3 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('unknown' as const),
      key: fc.constantFrom('Query.nothing', 'Post.getPost', 'Query.agg', 'Nope.each'),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      value: fc.constantFrom<unknown>(
        null,
        7,
        'Query.each',
        true,
        [],
        {},
        { info: { parentTypeName: 3, fieldName: 'each' } },
        { field: 'Query.each.more' },
        { typeName: 'Query', fieldName: 'each', arguments: [] },
        { typeName: 'Query', fieldName: 'each', stash: 5 },
      ),
    }),
  },
);

class ItemError extends AppSyncError {
  static readonly errorName = 'ItemError';
}
class SlotError extends AppSyncError {
  static readonly errorName = 'SlotError';
}
class GroupError extends AppSyncError {
  static readonly errorName = 'GroupError';
}

describe('b. a batch answer has exactly one entry per item, in input order', () => {
  it(
    'mixes per-item resolvers (own concurrency), a batch resolver, unknown and invalid items',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(bItemArb, { maxLength: 40 }),
          fc.tuple(concurrencyArb, concurrencyArb, concurrencyArb),
          fc.constantFrom<GroupMode>('ok', 'ok', 'ok', 'throws', 'short', 'long', 'not-array'),
          fc.boolean(),
          async (items, [appConcurrency, queryConcurrency, postConcurrency], mode, wrap) => {
            const limits = { 'Query.each': queryConcurrency, 'Post.each': postConcurrency };
            const inFlight = { 'Query.each': 0, 'Post.each': 0 };
            const peak = { 'Query.each': 0, 'Post.each': 0 };
            const plan = (i: number) => items[i] as BItem;
            const app = createResolver({ logger: silent, concurrency: appConcurrency });
            for (const key of ['Query.each', 'Post.each'] as const) {
              app.resolver(
                key,
                async (ctx: ResolverContext<{ i: number }>) => {
                  const { i } = ctx.args;
                  const item = plan(i) as Extract<BItem, { kind: 'each' }>;
                  inFlight[key]++;
                  peak[key] = Math.max(peak[key], inFlight[key]);
                  try {
                    await ticks(item.wait);
                    if (item.fail) throw new ItemError(`item ${i} of ${key} failed`);
                    return { i, key };
                  } finally {
                    inFlight[key]--;
                  }
                },
                { concurrency: limits[key] },
              );
            }
            app.batchResolver(
              'Post.agg',
              async (ctxs: readonly ResolverContext<{ i: number }>[]) => {
                await ticks(1);
                if (mode === 'throws') throw new GroupError('the whole group failed');
                if (mode === 'not-array') return { length: ctxs.length } as never;
                const answers = ctxs.map((ctx) => {
                  const { i } = ctx.args;
                  const item = plan(i) as Extract<BItem, { kind: 'agg' }>;
                  if (item.slot === 'value') return { i, key: 'Post.agg' };
                  if (item.slot === 'error') return new SlotError(`slot ${i} failed`);
                  return ticks(item.wait).then(() => {
                    if (item.slot === 'rejected') throw new SlotError(`slot ${i} rejected`);
                    return { i, key: 'Post.agg' };
                  });
                });
                if (mode === 'short') {
                  // The slot this resolver drops is its own to handle: the dispatcher never sees it.
                  Promise.resolve(answers[0]).catch(() => {});
                  return answers.slice(1);
                }
                if (mode === 'long') return [...answers, { i: -1 }];
                return answers;
              },
            );

            const events = items.map((item, i) => {
              if (item.kind === 'each') return shaped(item.shape, item.key, { i });
              if (item.kind === 'agg') return shaped(item.shape, 'Post.agg', { i });
              if (item.kind === 'unknown') return shaped('direct', item.key, { i });
              return item.value;
            });
            const event = wrap
              ? { version: '2018-05-29', operation: 'BatchInvoke', payload: events }
              : events;
            const outcome = await settle(app.handler(), event, lambdaContext('req-b'));

            expect(outcome).toHaveProperty('resolved');
            const response = (outcome as { resolved: unknown }).resolved;
            expectBatchShape(response, items.length);
            const aggCount = items.filter((item) => item.kind === 'agg').length;
            items.forEach((item, i) => {
              const entry = response[i];
              switch (item.kind) {
                case 'each':
                  expect(entry).toStrictEqual(
                    item.fail
                      ? {
                          data: null,
                          errorType: 'ItemError',
                          errorMessage: `item ${i} of ${item.key} failed`,
                        }
                      : { data: { i, key: item.key } },
                  );
                  return;
                case 'agg':
                  if (mode === 'throws') {
                    expect(entry).toStrictEqual({
                      data: null,
                      errorType: 'GroupError',
                      errorMessage: 'the whole group failed',
                    });
                  } else if (mode === 'ok') {
                    expect(entry).toStrictEqual(
                      item.slot === 'value' || item.slot === 'promise'
                        ? { data: { i, key: 'Post.agg' } }
                        : {
                            data: null,
                            errorType: 'SlotError',
                            errorMessage:
                              item.slot === 'error' ? `slot ${i} failed` : `slot ${i} rejected`,
                          },
                    );
                  } else {
                    expectFailureEntry(entry, 'InvalidBatchResponseError', 'req-b');
                    expect((entry as Obj).errorMessage).toContain(`(${aggCount})`);
                  }
                  return;
                case 'unknown':
                  expectFailureEntry(entry, 'ResolverNotFoundError', 'req-b');
                  return;
                case 'invalid':
                  expectFailureEntry(entry, 'InvalidEventError', 'req-b');
                  return;
              }
            });
            // Per-item resolvers never run more items at once than their own concurrency.
            expect(peak['Query.each']).toBeLessThanOrEqual(queryConcurrency);
            expect(peak['Post.each']).toBeLessThanOrEqual(postConcurrency);
          },
        ),
        { numRuns: 1000 },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// c. Whatever a resolver throws, the client sees a sanitised entry and never the secret
// ---------------------------------------------------------------------------------------------

const SECRET = 'sk_live_FAKE_51Hx9SECRETdoNotLeak';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}
/** No static errorName: named after its class. */
class QuotaExceeded extends AppSyncError {}

/** What the client must see for a failure; `undefined` for the generic InternalError. */
interface Kept {
  errorType: string;
  errorMessage: string;
  data: unknown;
}

interface Failure {
  label: string;
  /** Builds the value afresh (Proxies and getters must not be shared between calls). */
  make: () => unknown;
  /** Whether the value is an `Error`, so a resolver may return it instead of throwing it. */
  isError: boolean;
  kept: Kept | undefined;
}

const throwingGetter = (): never => {
  throw new Error(`getter ${SECRET}`);
};

function hostileError(which: 'name' | 'message' | 'stack' | 'all'): Error {
  const error = new Error(`hostile ${SECRET}`);
  const keys = which === 'all' ? ['name', 'message', 'stack', 'constructor'] : [which];
  for (const key of keys) Object.defineProperty(error, key, { get: throwingGetter });
  return error;
}

function hostileProxy(): object {
  const trap = (): never => {
    throw new Error(`trap ${SECRET}`);
  };
  return new Proxy(new Error(SECRET), {
    get: trap,
    getPrototypeOf: trap,
    has: trap,
    ownKeys: trap,
    getOwnPropertyDescriptor: trap,
  });
}

const errorCtorArb = fc.constantFrom(Error, TypeError, RangeError, SyntaxError, EvalError);

const failureArb: fc.Arbitrary<Failure> = fc.oneof(
  fc
    .anything({
      withBoxedValues: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withBigInt: true,
      withDate: true,
      withTypedArray: true,
      withSparseArray: true,
    })
    .map((value) => ({ label: 'anything', make: () => value, isError: false, kept: undefined })),
  fc.tuple(fc.string(), fc.string()).map(([a, b]) => ({
    label: 'a string holding the secret',
    make: () => `${a}${SECRET}${b}`,
    isError: false,
    kept: undefined,
  })),
  fc.tuple(errorCtorArb, fc.string()).map(([Ctor, prefix]) => ({
    label: `a ${Ctor.name} holding the secret`,
    make: () => new Ctor(`${prefix} ${SECRET}`, { cause: SECRET }),
    isError: true,
    kept: undefined,
  })),
  fc.constantFrom('name', 'message', 'stack', 'all').map((which) => ({
    label: `an Error whose ${which} getter throws`,
    make: () => hostileError(which as 'name' | 'message' | 'stack' | 'all'),
    isError: true,
    kept: undefined,
  })),
  fc.constant({
    label: 'a Proxy whose traps throw',
    make: hostileProxy,
    isError: false,
    kept: undefined,
  }),
  fc.tuple(fc.anything(), fc.anything()).map(([name, message]) => ({
    label: 'an object with non-string name and message',
    make: () => ({ name: typeof name === 'string' ? 42 : name, message: { message, SECRET } }),
    isError: false,
    kept: undefined,
  })),
  fc.constant({
    label: 'an Object.create(null) error-alike',
    make: () => Object.assign(Object.create(null) as object, { name: 'Error', message: SECRET }),
    isError: false,
    kept: undefined,
  }),
  fc.constant({
    label: 'a wire-error lookalike',
    make: () => ({ errorType: 'NotFoundError', errorMessage: SECRET }),
    isError: false,
    kept: undefined,
  }),
  fc.constant({
    label: 'an Error named like an AppSyncError subclass',
    make: () => Object.assign(new Error(SECRET), { name: 'NotFoundError' }),
    isError: true,
    kept: undefined,
  }),
  fc
    .record({
      cls: fc.constantFrom('NotFoundError', 'QuotaExceeded', 'AppSyncError', 'Unauthorized'),
      message: fc.oneof(fc.constant(''), fc.string({ minLength: 1, maxLength: 20 })),
      errorType: fc.option(fc.stringMatching(/^[A-Z][A-Za-z]{0,11}$/), { nil: undefined }),
      data: fc.option(json, { nil: undefined }),
    })
    .map(({ cls, message, errorType, data }) => {
      // The client is meant to see these messages; none holds the secret.
      const options = { data, errorType };
      const make = (): Error => {
        switch (cls) {
          case 'NotFoundError':
            return new NotFoundError(message, options);
          case 'QuotaExceeded':
            return new QuotaExceeded(message, options);
          case 'AppSyncError':
            return new AppSyncError(message, options);
          default:
            return new UnauthorizedException(message || undefined, { data });
        }
      };
      const type = cls === 'Unauthorized' ? 'UnauthorizedException' : (errorType ?? cls);
      const text =
        cls === 'Unauthorized' && message === ''
          ? 'You are not authorized to make this call.'
          : message || type;
      return {
        label: `${cls} (message ${JSON.stringify(message)})`,
        make,
        isError: true,
        kept: { errorType: type, errorMessage: text, data: data ?? null },
      };
    }),
);

type How = 'throw' | 'reject' | 'return';

/** Delivers the failure: a synchronous throw, a rejected promise, or a returned `Error`. */
function fail(failure: Failure, how: How): unknown {
  const value = failure.make();
  if (how === 'return' && failure.isError) return value;
  if (how === 'reject' || how === 'return') return Promise.reject(value);
  throw value;
}

describe('c. a failing resolver reaches the client sanitised', () => {
  it(
    'on Invoke, per item and from a batch resolver, whatever was thrown',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          failureArb,
          fc.constantFrom<How>('throw', 'reject', 'return'),
          fc.boolean(),
          fc.integer({ min: 1, max: 4 }),
          async (failure, how, wholeBatch, size) => {
            const app = createResolver({ logger: recordingLogger() })
              .resolver('Query.ok', () => 'fine')
              .resolver('Query.fail', () => fail(failure, how))
              .batchResolver('Post.fail', (ctxs) => {
                // Returning an Error instead of an array is a wrong answer, not a failure.
                if (wholeBatch) return fail(failure, how === 'return' ? 'throw' : how) as never;
                return ctxs.map(() => {
                  if (how === 'return' && failure.isError) return failure.make() as Error;
                  return Promise.reject(failure.make());
                });
              });
            const handler = app.handler();
            const entry = (requestId: string) =>
              failure.kept === undefined
                ? {
                    data: null,
                    errorType: 'InternalError',
                    errorMessage: internalMessage(requestId),
                  }
                : { ...failure.kept };

            // Invoke: a rejection named after the errorType; data never travels on Invoke.
            const invoked = await settle(
              handler,
              directEvent('Query.fail'),
              lambdaContext('req-c1'),
            );
            expect(invoked).toHaveProperty('rejected');
            const error = (invoked as { rejected: unknown }).rejected as Error;
            expect(error).toBeInstanceOf(Error);
            const { errorType, errorMessage } = entry('req-c1');
            expect({ name: error.name, message: error.message }).toStrictEqual({
              name: errorType,
              message: errorMessage,
            });
            expect(wireOfRejection(error)).not.toContain(SECRET);

            // Per-item batch: the failures stay in their slots, the healthy item is untouched.
            const items = Array.from({ length: size }, () => directEvent('Query.fail'));
            items.splice(1, 0, directEvent('Query.ok'));
            const perItem = await settle(handler, items, lambdaContext('req-c2'));
            expect(perItem).toHaveProperty('resolved');
            const perItemResponse = (perItem as { resolved: unknown }).resolved;
            expectBatchShape(perItemResponse, items.length);
            expect(perItemResponse).toStrictEqual(
              items.map((_, i) => (i === 1 ? { data: 'fine' } : entry('req-c2'))),
            );
            expect(JSON.stringify(perItemResponse)).not.toContain(SECRET);

            // Batch resolver: thrown, every item fails alike; in slots, each slot fails alone.
            const batch = Array.from({ length: size }, () => directEvent('Post.fail'));
            const aggregate = await settle(handler, batch, lambdaContext('req-c3'));
            expect(aggregate).toHaveProperty('resolved');
            const aggregateResponse = (aggregate as { resolved: unknown }).resolved;
            expectBatchShape(aggregateResponse, size);
            expect(aggregateResponse).toStrictEqual(batch.map(() => entry('req-c3')));
            expect(JSON.stringify(aggregateResponse)).not.toContain(SECRET);
          },
        ),
        { numRuns: 1000 },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// d. Prototype keys change nothing; one request's state never reaches another
// ---------------------------------------------------------------------------------------------

const PROTOTYPES = {
  Object: Object.prototype,
  Array: Array.prototype,
  Function: Function.prototype,
};

/** Every own property of the built-in prototypes, by identity, to compare before and after. */
function prototypeSnapshot(): unknown {
  return Object.entries(PROTOTYPES).map(([name, proto]) => [
    name,
    Object.isExtensible(proto),
    Object.getPrototypeOf(proto),
    Reflect.ownKeys(proto).map((key) => {
      const d = Object.getOwnPropertyDescriptor(proto, key) as PropertyDescriptor;
      return [key, d.value, d.get, d.set, d.writable, d.enumerable, d.configurable];
    }),
  ]);
}

/** Routes named after `Object.prototype` members: a plain-object route table would find them. */
const D_ROUTES: OracleRoutes = {
  keys: new Set(['Query.getPost', 'Query.constructor', 'Post.prototype', 'User.valueOf']),
  answer: (key) => ({ key, prototypesIntact: true }),
};

const POISON = {
  polluted: 'yes',
  isAdmin: true,
  info: { parentTypeName: 'Query', fieldName: 'getPost' },
};

/** The prototype of every object a resolver reads must be untouched by `__proto__` keys. */
function ownPrototypesIntact(ctx: ResolverContext): boolean {
  const probe = {} as Obj;
  const parts = [ctx.args, ctx.stash, ctx.info, ctx.request, ctx.identity, ctx.request.headers];
  return (
    probe.polluted === undefined &&
    probe.isAdmin === undefined &&
    parts.every((part) => part === null || Object.getPrototypeOf(part) === Object.prototype) &&
    (ctx.args as Obj).isAdmin ===
      (Object.hasOwn(ctx.args, 'isAdmin') ? (ctx.args as Obj).isAdmin : undefined)
  );
}

function appD() {
  const app = createResolver({ logger: silent });
  for (const key of D_ROUTES.keys) {
    app.resolver(key, (ctx) => ({ key, prototypesIntact: ownPrototypesIntact(ctx) }));
  }
  return app;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

const poisonArb: fc.Arbitrary<Obj> = fc
  .array(
    fc.tuple(
      fc.constantFrom(...PROTO_KEYS),
      fc.oneof(
        fc.constant<unknown>(POISON),
        fc.constant<unknown>({ prototype: POISON }),
        fc.constant<unknown>(null),
        json,
      ),
    ),
    { minLength: 1, maxLength: 3 },
  )
  .map(fromEntries);

const protoKeyArb = fc.oneof(
  fc.constantFrom(...D_ROUTES.keys),
  fc
    .tuple(
      fc.constantFrom('Query', 'Post', 'User', '__proto__', 'constructor', 'Object'),
      fc.constantFrom(...PROTO_KEYS, 'toString', 'valueOf', 'hasOwnProperty', 'getPost', 'isAdmin'),
    )
    .map(([t, f]) => `${t}.${f}`),
);

/** An event of any shape with `__proto__`, `constructor` and `prototype` keys at every level. */
const poisonedEventArb: fc.Arbitrary<unknown> = fc
  .record({
    shape: fc.constantFrom<Shape>('direct', 'amplify', 'template-key', 'template-bare'),
    key: protoKeyArb,
    top: fc.option(poisonArb, { nil: undefined }),
    args: poisonArb,
    stash: fc.option(poisonArb, { nil: undefined }),
    identity: fc.option(poisonArb, { nil: undefined }),
    headers: fc.option(poisonArb, { nil: undefined }),
    wrap: fc.constantFrom('none', 'batch', 'document'),
  })
  .map(({ shape, key, top, args, stash, identity, headers, wrap }) => {
    const item = shaped(shape, key, args);
    if (stash !== undefined) item.stash = stash;
    if (identity !== undefined) item.identity = identity;
    if (headers !== undefined) item.request = { headers, domainName: null };
    if (top !== undefined) for (const [k, v] of Object.entries(top)) setOwn(item, k, v);
    const out = viaJson(item);
    if (wrap === 'batch') return [out, out];
    if (wrap === 'document')
      return viaJson({ version: '2018-05-29', operation: 'Invoke', payload: out });
    return out;
  });

interface Caller {
  requestId: string;
  shape: 'direct' | 'amplify' | 'template-key';
  args: Obj;
  stash: Obj | undefined;
  headers: Record<string, string> | undefined;
  wait: number;
  batch: number;
}

function callerArb(prefix: string): fc.Arbitrary<Caller> {
  return fc.record({
    requestId: fc.uuid().map((id) => `${prefix}-${id}`),
    shape: fc.constantFrom('direct' as const, 'amplify' as const, 'template-key' as const),
    args: fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 3 }).map(viaJson),
    stash: fc.option(
      fc.dictionary(fc.string({ maxLength: 4 }), json, { maxKeys: 3 }).map(viaJson),
      { nil: undefined },
    ),
    headers: fc.option(fc.dictionary(fc.constantFrom('x-a', 'x-b', 'authorization'), fc.string()), {
      nil: undefined,
    }),
    wait: fc.integer({ min: 0, max: 6 }),
    batch: fc.integer({ min: 0, max: 3 }),
  });
}

/** A caller's event: Invoke (`batch` 0) or a batch of `batch` items, each tagged with its owner. */
function callerEvent(caller: Caller): unknown {
  const item = (i: number) => {
    const args = { ...caller.args, owner: caller.requestId, i, wait: caller.wait + i };
    const base = shaped(caller.shape, 'Query.whoami', args);
    if (caller.stash === undefined) delete base.stash;
    else base.stash = { ...caller.stash, owner: caller.requestId };
    if (caller.headers === undefined) delete base.request;
    else base.request = { headers: { ...caller.headers }, domainName: null };
    return viaJson(base);
  };
  return caller.batch === 0 ? item(0) : Array.from({ length: caller.batch }, (_, i) => item(i));
}

function appIsolation() {
  return createResolver({ logger: recordingLogger() }).resolver(
    'Query.whoami',
    async (ctx: ResolverContext<{ owner: string; i: number; wait: number }>) => {
      const stashAtStart = structuredClone(ctx.stash);
      ctx.stash.visitedBy = ctx.args.owner;
      try {
        (ctx.request.headers as Obj)['x-visited-by'] = ctx.args.owner;
      } catch {
        // A shared default may be frozen; that is one way of not leaking.
      }
      await ticks(ctx.args.wait);
      if (ctx.args.i === 1) throw new Error(`item 1 of ${ctx.args.owner} failed`);
      return {
        requestId: ctx.lambda?.awsRequestId ?? null,
        args: ctx.args,
        stashAtStart,
        stashAtEnd: structuredClone(ctx.stash),
        headers: structuredClone(ctx.request.headers),
      };
    },
  );
}

/**
 * Checks the answer to item `i` of a caller: item 1 fails with an InternalError naming the
 * caller's own request id; the others echo the caller's own arguments, stash, headers and id.
 */
function expectOwnAnswer(caller: Caller, i: number, answer: unknown, batch: boolean): void {
  if (i === 1) {
    expect(answer).toStrictEqual({
      data: null,
      errorType: 'InternalError',
      errorMessage: internalMessage(caller.requestId),
    });
    return;
  }
  const data = (batch ? (answer as { data: unknown }).data : answer) as Obj;
  if (batch) expect(Object.keys(answer as Obj)).toStrictEqual(['data']);
  expect(jsonProblem(data)).toBeUndefined();
  const { headers, ...rest } = data;
  // The caller's own headers, plus its own mark when its request object could take one.
  const { 'x-visited-by': mark, ...ownHeaders } = headers as Obj;
  expectSameJson(ownHeaders, caller.headers ?? {});
  expect([undefined, caller.requestId]).toContain(mark);
  const stash = caller.stash === undefined ? {} : { ...caller.stash, owner: caller.requestId };
  expectSameJson(rest, {
    requestId: caller.requestId,
    args: { ...caller.args, owner: caller.requestId, i, wait: caller.wait + i },
    stashAtStart: stash,
    stashAtEnd: { ...stash, visitedBy: caller.requestId },
  });
}

describe('d. no input changes a built-in prototype, and requests stay apart', () => {
  it(
    '__proto__, constructor and prototype keys at every level pollute nothing and route nowhere new',
    async () => {
      const handler = appD().handler();
      const before = prototypeSnapshot();
      await fc.assert(
        fc.asyncProperty(poisonedEventArb, async (event) => {
          await checkAgainstOracle(handler, D_ROUTES, event, 'req-d');
          expect(prototypeSnapshot()).toStrictEqual(before);
          expect(({} as Obj).polluted).toBeUndefined();
          expect(({} as Obj).isAdmin).toBeUndefined();
        }),
        { numRuns: 1000 },
      );
    },
    TIMEOUT,
  );

  it(
    'two interleaved requests each see only their own arguments, stash, headers and request id',
    async () => {
      const handler = appIsolation().handler();
      await fc.assert(
        fc.asyncProperty(callerArb('A'), callerArb('B'), async (a, b) => {
          const [outA, outB] = await Promise.all([
            settle(handler, callerEvent(a), lambdaContext(a.requestId)),
            settle(handler, callerEvent(b), lambdaContext(b.requestId)),
          ]);
          for (const [caller, outcome] of [
            [a, outA],
            [b, outB],
          ] as const) {
            expect(outcome).toHaveProperty('resolved');
            const response = (outcome as { resolved: unknown }).resolved;
            if (caller.batch === 0) {
              expectOwnAnswer(caller, 0, response, false);
            } else {
              expectBatchShape(response, caller.batch);
              response.forEach((answer, i) => {
                expectOwnAnswer(caller, i, answer, true);
              });
            }
            const other = caller === a ? b : a;
            expect(JSON.stringify(outcome)).not.toContain(other.requestId);
          }
        }),
        { numRuns: 500 },
      );
    },
    TIMEOUT,
  );
});
