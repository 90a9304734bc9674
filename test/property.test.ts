/**
 * Property-based tests of the dispatcher's wire contract (PROTOCOL.md §3–§4, DESIGN.md "Errors").
 *
 * Every property asserts on what the handler returns (or rejects with), never on log text. Item
 * indexes travel in each item's `arguments` (`{ i }`), so a misplaced entry is always detected.
 */
import {
  AppSyncError,
  createResolver,
  type ResolverAppBase,
  type ResolverContext,
  UnauthorizedException,
} from 'appsync-direct';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concurrencyArb } from './arbitraries.js';
import { type EventVerdict, eventVerdict, type ItemVerdict, isObject } from './event-oracle.js';
import { event, type LogCall, lambdaWithId, recordingLogger, silentLogger } from './helpers.js';

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

const RUNS = 200;
const TIMEOUT = 120_000;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Entry = Record<string, unknown>;

const silent = silentLogger;
const lambdaContext = lambdaWithId;

const REQUEST = { headers: { 'content-type': 'application/json' }, domainName: null };

/** A Direct Lambda context (PROTOCOL.md §2.1) for `Type.field`. */
function directEvent(key: string, args: Record<string, unknown>): Record<string, unknown> {
  return { ...event(key, args) };
}

/** An Amplify `@function` event (no `info`, no `stash`). */
function amplifyEvent(key: string, args: Record<string, unknown>): Record<string, unknown> {
  const [typeName = '', fieldName = ''] = key.split('.');
  return {
    typeName,
    fieldName,
    arguments: args,
    identity: null,
    source: null,
    request: REQUEST,
    prev: null,
  };
}

/** The AppSync tutorial's template payload, routed by a full `Type.field`. */
function templateEvent(key: string, args: Record<string, unknown>): Record<string, unknown> {
  return { field: key, arguments: args, identity: null, source: null };
}

/** JSON data that survives a JSON round trip unchanged (no -0, plain prototypes). */
const jsonData: fc.Arbitrary<Json> = fc
  .jsonValue({ maxDepth: 2 })
  .map((value) => JSON.parse(JSON.stringify(value)) as Json);

const requestIdArb = fc.option(fc.uuid(), { nil: undefined });

/** The batch response is what Lambda will serialise: an array without holes, JSON-stable. */
function expectWireSafe(response: unknown, length: number): asserts response is Entry[] {
  expect(Array.isArray(response)).toBe(true);
  const array = response as unknown[];
  expect(array).toHaveLength(length);
  expect(Object.keys(array)).toHaveLength(length);
  for (let i = 0; i < length; i++) expect(i in array).toBe(true);
  expect(JSON.parse(JSON.stringify(array))).toStrictEqual(array);
}

/** A failure entry: exactly `{ data, errorType, errorMessage }` with a non-empty message. */
function expectFailure(entry: unknown, errorType: string): string {
  expect(entry).toStrictEqual({
    data: null,
    errorType,
    errorMessage: expect.any(String),
  });
  const message = (entry as { errorMessage: string }).errorMessage;
  expect(message.length).toBeGreaterThan(0);
  return message;
}

/** What an `InternalError` entry must look like: generic, no original message, request id. */
function expectInternal(entry: unknown, secret: string, requestId: string | undefined): string {
  const message = expectFailure(entry, 'InternalError');
  expect(message).not.toContain(secret);
  expect(message).not.toContain('SECRET');
  if (requestId !== undefined) expect(message).toContain(requestId);
  return message;
}

// ---------------------------------------------------------------------------------------------
// Error classes the resolvers throw
// ---------------------------------------------------------------------------------------------

/** errorType given explicitly through `name`. */
class NamedError extends AppSyncError {
  override name = 'NamedError';
}

/** errorType taken from the class name (`new.target.name`). */
class ImplicitNameError extends AppSyncError {}

/** An AppSyncError of another copy of the package: recognised by its `Symbol.for` brand. */
class ForeignCopyError extends Error {
  override name = 'ForeignCopyError';
  readonly data: unknown;
  constructor(message: string, data?: unknown) {
    super(message);
    this.data = data;
  }
  get errorType(): string {
    return 'ForeignCopyError';
  }
}
Object.defineProperty(ForeignCopyError.prototype, Symbol.for('appsync-direct.AppSyncError'), {
  value: true,
});

/** A non-AppSyncError class that an `onError` mapper turns into a client error. */
class LegacyError extends Error {
  override name = 'LegacyError';
  readonly code: number;
  constructor(code: number) {
    super(`SECRET legacy ${code}`);
    this.code = code;
  }
}

/** A plain error subclass nobody maps: must become `InternalError`. */
class BoomError extends Error {
  override name = 'BoomError';
}

const PLAIN_CTORS = {
  Error,
  TypeError,
  RangeError,
  BoomError,
} as const;

// ---------------------------------------------------------------------------------------------
// Outcomes and timings of one item
// ---------------------------------------------------------------------------------------------

type AppSyncKind = 'named' | 'implicit' | 'unauthorized' | 'custom-type' | 'foreign';

type Outcome =
  | { kind: 'value'; tagged: boolean; value: Json }
  | { kind: 'undefined' }
  | { kind: 'appsync'; cls: AppSyncKind; emptyMessage: boolean; data: Json | undefined }
  | { kind: 'mapped' }
  | { kind: 'plain'; ctor: keyof typeof PLAIN_CTORS }
  | { kind: 'string' };

type Timing =
  | { mode: 'sync' }
  | { mode: 'microtask'; ticks: number }
  | { mode: 'macrotask'; ms: number }
  | { mode: 'thenable' };

const valueOutcome = fc.record({
  kind: fc.constant('value' as const),
  tagged: fc.boolean(),
  value: fc.oneof(jsonData, fc.constantFrom<Json>(0, false, '', null)),
});

const appSyncOutcome = fc.record({
  kind: fc.constant('appsync' as const),
  cls: fc.constantFrom<AppSyncKind>('named', 'implicit', 'unauthorized', 'custom-type', 'foreign'),
  emptyMessage: fc.boolean(),
  data: fc.option(jsonData, { nil: undefined, freq: 4 }),
});

/** An unexpected error of one of the plain classes (they must all become InternalError). */
const plainErrorOutcome = fc.record({
  kind: fc.constant('plain' as const),
  ctor: fc.constantFrom<keyof typeof PLAIN_CTORS>('Error', 'TypeError', 'RangeError', 'BoomError'),
});

const failureOutcome: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 3, arbitrary: appSyncOutcome },
  { weight: 1, arbitrary: fc.constant({ kind: 'mapped' as const }) },
  { weight: 2, arbitrary: plainErrorOutcome },
  { weight: 1, arbitrary: fc.constant({ kind: 'string' as const }) },
);

const outcomeArb: fc.Arbitrary<Outcome> = fc.oneof(
  { weight: 3, arbitrary: valueOutcome },
  { weight: 1, arbitrary: fc.constant({ kind: 'undefined' as const }) },
  { weight: 4, arbitrary: failureOutcome },
);

const timingArb: fc.Arbitrary<Timing> = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ mode: 'sync' as const }) },
  {
    weight: 3,
    arbitrary: fc.record({
      mode: fc.constant('microtask' as const),
      ticks: fc.integer({ min: 0, max: 4 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      mode: fc.constant('macrotask' as const),
      ms: fc.integer({ min: 0, max: 2 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ mode: 'thenable' as const }) },
);

interface Plan {
  outcome: Outcome;
  timing: Timing;
}

const planArb: fc.Arbitrary<Plan> = fc.record({ outcome: outcomeArb, timing: timingArb });

async function pause(timing: Timing): Promise<void> {
  if (timing.mode === 'microtask') {
    for (let k = 0; k < timing.ticks; k++) await Promise.resolve();
  } else if (timing.mode === 'macrotask') {
    await new Promise((resolve) => setTimeout(resolve, timing.ms));
  }
}

/**
 * Runs `produce` with the given timing: synchronously (a return or a synchronous throw), after
 * some microtasks or a timer (a promise that resolves or rejects), or through a bare thenable.
 */
function deliver(timing: Timing, produce: () => unknown): unknown {
  if (timing.mode === 'sync') return produce();
  if (timing.mode === 'thenable') {
    return {
      // biome-ignore lint/suspicious/noThenProperty: a deliberate PromiseLike, not a Promise
      then(onFulfilled?: (value: unknown) => unknown, onRejected?: (reason: unknown) => unknown) {
        queueMicrotask(() => {
          let value: unknown;
          try {
            value = produce();
          } catch (error) {
            onRejected?.(error);
            return;
          }
          onFulfilled?.(value);
        });
      },
    };
  }
  return pause(timing).then(produce);
}

/** What a failure of item `i` is made of, and what the client must see for it. */
interface Failure {
  error: unknown;
  /** `undefined` for errors that must become `InternalError`. */
  expected: { data: unknown; errorType: string; errorMessage: string } | undefined;
  /** The original message, which an `InternalError` must not leak. */
  secret: string;
}

function makeFailure(outcome: Outcome, i: number): Failure {
  switch (outcome.kind) {
    case 'appsync': {
      const message = outcome.emptyMessage ? '' : `item ${i} failed`;
      const options = outcome.data === undefined ? {} : { data: outcome.data };
      let error: Error;
      let errorType: string;
      switch (outcome.cls) {
        case 'named':
          error = new NamedError(message, options);
          errorType = 'NamedError';
          break;
        case 'implicit':
          error = new ImplicitNameError(message, options);
          errorType = 'ImplicitNameError';
          break;
        case 'unauthorized':
          error = outcome.emptyMessage
            ? new UnauthorizedException(undefined, options)
            : new UnauthorizedException(message, options);
          errorType = 'UnauthorizedException';
          break;
        case 'custom-type':
          error = new AppSyncError(message, { ...options, errorType: `Custom_${i}` });
          errorType = `Custom_${i}`;
          break;
        case 'foreign':
          error = new ForeignCopyError(message, outcome.data);
          errorType = 'ForeignCopyError';
          break;
      }
      const errorMessage =
        outcome.cls === 'unauthorized' && outcome.emptyMessage
          ? 'You are not authorized to make this call.'
          : message === ''
            ? errorType // an empty message would make AppSync drop the error (PROTOCOL.md §3.2)
            : message;
      return {
        error,
        expected: { data: outcome.data ?? null, errorType, errorMessage },
        secret: '\u0000never',
      };
    }
    case 'mapped':
      return {
        error: new LegacyError(i),
        expected: { data: null, errorType: 'LegacyMapped', errorMessage: `legacy code ${i}` },
        secret: `SECRET legacy ${i}`,
      };
    case 'plain': {
      const secret = `SECRET-${outcome.ctor}-${i}`;
      return { error: new PLAIN_CTORS[outcome.ctor](secret), expected: undefined, secret };
    }
    case 'string': {
      const secret = `SECRET-string-${i}`;
      return { error: secret, expected: undefined, secret };
    }
    default:
      throw new Error(`not a failure: ${outcome.kind}`);
  }
}

function successData(outcome: Outcome, i: number): unknown {
  if (outcome.kind === 'undefined') return undefined;
  if (outcome.kind === 'value')
    return outcome.tagged ? { item: i, payload: outcome.value } : outcome.value;
  throw new Error(`not a success: ${outcome.kind}`);
}

function isSuccess(outcome: Outcome): boolean {
  return outcome.kind === 'value' || outcome.kind === 'undefined';
}

function addLegacyMapper(app: ResolverAppBase): void {
  app.onError(LegacyError, (error) => ({
    errorType: 'LegacyMapped',
    errorMessage: `legacy code ${error.code}`,
  }));
}

/**
 * Checks entry `i` against its plan's outcome; returns true when the failure had to become an
 * `InternalError` (the caller then checks that the thrown value reached the logs).
 */
function checkEntry(
  entry: unknown,
  outcome: Outcome,
  i: number,
  requestId: string | undefined,
): boolean {
  if (isSuccess(outcome)) {
    expect(entry).toStrictEqual({ data: successData(outcome, i) ?? null });
    return false;
  }
  const failure = makeFailure(outcome, i);
  if (failure.expected !== undefined) {
    expect(entry).toStrictEqual(failure.expected);
    expect(failure.expected.errorMessage.length).toBeGreaterThan(0);
    return false;
  }
  expectInternal(entry, failure.secret, requestId);
  return true;
}

/** Every unexpected error reached the logs in full (by identity, not by text). */
function expectLogged(logger: { calls: LogCall[] }, thrown: unknown): void {
  const found = logger.calls.some(
    (call) =>
      call.level === 'error' && call.attributes !== undefined && call.attributes.error === thrown,
  );
  expect(found).toBe(true);
}

// ---------------------------------------------------------------------------------------------
// a. Per-item resolver over a BatchInvoke
// ---------------------------------------------------------------------------------------------

describe('property a: per-item resolver over a BatchInvoke', () => {
  it(
    'answers one entry per item, in input order, whatever the mix of outcomes, timings and concurrency',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(planArb, { maxLength: 24 }),
          concurrencyArb,
          fc.boolean(),
          requestIdArb,
          async (plans, concurrency, perRoute, requestId) => {
            const logger = recordingLogger();
            const app = createResolver(perRoute ? { logger } : { logger, concurrency });
            addLegacyMapper(app);
            const calls = plans.map(() => 0);
            const thrown = new Map<number, unknown>();
            let inFlight = 0;
            let maxInFlight = 0;
            app.resolver(
              'Query.item',
              (ctx: ResolverContext<{ i: number }>) => {
                const i = ctx.args.i;
                const plan = plans[i] as Plan;
                calls[i] = (calls[i] ?? 0) + 1;
                inFlight++;
                maxInFlight = Math.max(maxInFlight, inFlight);
                return deliver(plan.timing, () => {
                  inFlight--;
                  if (isSuccess(plan.outcome)) return successData(plan.outcome, i);
                  const error = makeFailure(plan.outcome, i).error;
                  thrown.set(i, error);
                  throw error;
                });
              },
              perRoute ? { concurrency } : undefined,
            );
            const events = plans.map((_, i) => directEvent('Query.item', { i }));
            const lambda = requestId === undefined ? undefined : lambdaContext(requestId);

            const response = await app.handler()(events, lambda);

            expectWireSafe(response, plans.length);
            const internal: string[] = [];
            plans.forEach((plan, i) => {
              if (checkEntry(response[i], plan.outcome, i, requestId)) {
                expectLogged(logger, thrown.get(i));
                internal.push(response[i]?.errorMessage as string);
              }
            });
            // The generic message is the same for every item: nothing item-specific leaks.
            expect(new Set(internal).size).toBeLessThanOrEqual(1);
            // Each item ran exactly once, never more than `concurrency` at a time.
            expect(calls).toStrictEqual(plans.map(() => 1));
            expect(maxInFlight).toBeLessThanOrEqual(concurrency);
            expect(inFlight).toBe(0);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// b. Batch resolver over a BatchInvoke
// ---------------------------------------------------------------------------------------------

type SlotOutcome = Exclude<Outcome, { kind: 'string' }>;

/** A slot can hold a value or an Error instance (a string in a slot is data, not an error). */
const slotArb: fc.Arbitrary<SlotOutcome> = fc.oneof(
  { weight: 3, arbitrary: valueOutcome },
  { weight: 1, arbitrary: fc.constant({ kind: 'undefined' as const }) },
  { weight: 3, arbitrary: appSyncOutcome },
  { weight: 1, arbitrary: fc.constant({ kind: 'mapped' as const }) },
  { weight: 2, arbitrary: plainErrorOutcome },
);

type WrongAnswer =
  | { shape: 'length'; length: number }
  | { shape: 'null' | 'undefined' | 'object' | 'string' | 'number' | 'set' };

type BatchMode =
  | { mode: 'slots'; slots: SlotOutcome[]; timing: Timing }
  | { mode: 'wrong'; size: number; answer: WrongAnswer; timing: Timing }
  | { mode: 'throws'; size: number; failure: Outcome; timing: Timing };

const batchModeArb: fc.Arbitrary<BatchMode> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      mode: fc.constant('slots' as const),
      slots: fc.array(slotArb, { maxLength: 24 }),
      timing: timingArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      mode: fc.constant('wrong' as const),
      size: fc.integer({ min: 1, max: 16 }),
      answer: fc.oneof(
        fc.record({
          shape: fc.constant('length' as const),
          length: fc.integer({ min: 0, max: 20 }),
        }),
        fc.record({
          shape: fc.constantFrom('null', 'undefined', 'object', 'string', 'number', 'set' as const),
        }),
      ),
      timing: timingArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      mode: fc.constant('throws' as const),
      size: fc.integer({ min: 1, max: 16 }),
      failure: failureOutcome,
      timing: timingArb,
    }),
  },
);

function wrongAnswer(answer: WrongAnswer, size: number): unknown {
  switch (answer.shape) {
    case 'length': {
      const length = answer.length === size ? size + 1 : answer.length;
      return Array.from({ length }, (_, k) => ({ k }));
    }
    case 'null':
      return null;
    case 'undefined':
      return undefined;
    case 'object':
      return Object.fromEntries(Array.from({ length: size }, (_, k) => [k, { k }]));
    case 'string':
      return 'x'.repeat(size);
    case 'number':
      return size;
    case 'set':
      return new Set(Array.from({ length: size }, (_, k) => k));
  }
}

describe('property b: batch resolver over a BatchInvoke', () => {
  it(
    'maps each slot to its entry, and fails every entry alike on a wrong answer or a throw',
    async () => {
      await fc.assert(
        fc.asyncProperty(batchModeArb, requestIdArb, async (plan, requestId) => {
          const logger = recordingLogger();
          const app = createResolver({ logger });
          addLegacyMapper(app);
          const size = plan.mode === 'slots' ? plan.slots.length : plan.size;
          const seen: number[][] = [];
          const thrown = new Map<number, unknown>();
          const fail = (outcome: Outcome, k: number): unknown => {
            const error = makeFailure(outcome, k).error;
            thrown.set(k, error);
            return error;
          };
          app.batchResolver('Post.author', (ctxs: readonly ResolverContext<{ i: number }>[]) => {
            seen.push(ctxs.map((ctx) => ctx.args.i));
            return deliver(plan.timing, () => {
              switch (plan.mode) {
                case 'slots':
                  return plan.slots.map((slot, k) =>
                    isSuccess(slot) ? successData(slot, k) : fail(slot, k),
                  );
                case 'wrong':
                  return wrongAnswer(plan.answer, size);
                case 'throws':
                  throw fail(plan.failure, 0);
              }
            }) as never;
          });
          const events = Array.from({ length: size }, (_, i) => directEvent('Post.author', { i }));
          const lambda = requestId === undefined ? undefined : lambdaContext(requestId);

          const response = await app.handler()(events, lambda);

          expectWireSafe(response, size);
          // One call with every context, in input order (none when the batch is empty).
          expect(seen).toStrictEqual(size === 0 ? [] : [Array.from({ length: size }, (_, i) => i)]);
          if (plan.mode === 'slots') {
            plan.slots.forEach((slot, i) => {
              if (checkEntry(response[i], slot, i, requestId)) expectLogged(logger, thrown.get(i));
            });
            return;
          }
          // Whole-batch failure: every entry is the same failure, and the length is kept.
          const first = response[0];
          for (const entry of response) expect(entry).toStrictEqual(first);
          if (plan.mode === 'wrong') {
            expectFailure(first, 'InvalidBatchResponseError');
            return;
          }
          if (checkEntry(first, plan.failure, 0, requestId)) expectLogged(logger, thrown.get(0));
        }),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// c. Mixed-field batches
// ---------------------------------------------------------------------------------------------

const PER_ITEM_KEYS = ['Query.alpha', 'Post.beta'] as const;
const BATCH_KEY = 'User.gamma';
/** Unregistered, including registered field names on the wrong type. */
const UNREGISTERED_KEYS = ['Query.beta', 'Post.alpha', 'User.alpha', 'Query.gamma', 'Nope.delta'];
const ALL_KEYS = [...PER_ITEM_KEYS, BATCH_KEY, ...UNREGISTERED_KEYS];

type Shape = 'direct' | 'amplify' | 'template';
type MixedItem =
  | { kind: 'routed'; key: string; shape: Shape; fail: boolean; timing: Timing }
  | { kind: 'invalid'; value: unknown };

const SHAPES: Record<Shape, (key: string, args: Record<string, unknown>) => unknown> = {
  direct: directEvent,
  amplify: amplifyEvent,
  template: templateEvent,
};

const mixedItemArb: fc.Arbitrary<MixedItem> = fc.oneof(
  {
    weight: 10,
    arbitrary: fc.record({
      kind: fc.constant('routed' as const),
      key: fc.constantFrom(...ALL_KEYS),
      shape: fc.constantFrom<Shape>('direct', 'amplify', 'template'),
      fail: fc.boolean(),
      timing: timingArb,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      value: fc.constantFrom<unknown>(
        null,
        42,
        'Query.alpha',
        [],
        {},
        { info: {} },
        { field: 'a.b.c' },
      ),
    }),
  },
);

class ItemFailedError extends AppSyncError {
  override name = 'ItemFailedError';
}
class GroupFailedError extends AppSyncError {
  override name = 'GroupFailedError';
}

describe('property c: mixed-field batches', () => {
  it(
    're-assembles entries in input order; unrouted items fail alone, the others are unaffected',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(mixedItemArb, { minLength: 1, maxLength: 30 }),
          fc.boolean(),
          concurrencyArb,
          async (items, groupThrows, concurrency) => {
            const app = createResolver({ logger: silent, concurrency });
            const ran = new Map<string, number[]>();
            const batchCalls: number[][] = [];
            const plan = (i: number) => items[i] as Extract<MixedItem, { kind: 'routed' }>;
            for (const key of PER_ITEM_KEYS) {
              app.resolver(key, (ctx: ResolverContext<{ i: number }>) => {
                const i = ctx.args.i;
                ran.set(key, [...(ran.get(key) ?? []), i]);
                const item = plan(i);
                return deliver(item.timing, () => {
                  if (item.fail) throw new ItemFailedError(`fail ${key} ${i}`);
                  return { key, i };
                });
              });
            }
            app.batchResolver(
              BATCH_KEY,
              async (ctxs: readonly ResolverContext<{ i: number }>[]) => {
                batchCalls.push(ctxs.map((ctx) => ctx.args.i));
                await Promise.resolve();
                if (groupThrows) throw new GroupFailedError('gamma group failed');
                return ctxs.map((ctx) =>
                  plan(ctx.args.i).fail
                    ? new ItemFailedError(`fail ${BATCH_KEY} ${ctx.args.i}`)
                    : { key: BATCH_KEY, i: ctx.args.i },
                );
              },
            );
            const events = items.map((item, i) =>
              item.kind === 'routed' ? SHAPES[item.shape](item.key, { i }) : item.value,
            );

            const response = await app.handler()(events);

            expectWireSafe(response, items.length);
            const expectedRan = new Map<string, number[]>();
            const gamma: number[] = [];
            items.forEach((item, i) => {
              const entry = response[i];
              if (item.kind === 'invalid') {
                expectFailure(entry, 'InvalidEventError');
                return;
              }
              const { key } = item;
              if (key === BATCH_KEY) {
                gamma.push(i);
                if (groupThrows) {
                  expect(entry).toStrictEqual({
                    data: null,
                    errorType: 'GroupFailedError',
                    errorMessage: 'gamma group failed',
                  });
                  return;
                }
              } else if ((PER_ITEM_KEYS as readonly string[]).includes(key)) {
                expectedRan.set(key, [...(expectedRan.get(key) ?? []), i]);
              } else {
                expectFailure(entry, 'ResolverNotFoundError');
                return;
              }
              expect(entry).toStrictEqual(
                item.fail
                  ? { data: null, errorType: 'ItemFailedError', errorMessage: `fail ${key} ${i}` }
                  : { data: { key, i } },
              );
            });
            // Each registered per-item resolver ran exactly its own items, once each.
            for (const key of PER_ITEM_KEYS) {
              expect([...(ran.get(key) ?? [])].sort((x, y) => x - y)).toStrictEqual(
                expectedRan.get(key) ?? [],
              );
            }
            // The batch resolver got exactly its items, once, in input order.
            expect(batchCalls).toStrictEqual(gamma.length === 0 ? [] : [gamma]);
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------------------------------------
// d. Fuzzing the event: any JSON is answered, or rejected with a framework error
// ---------------------------------------------------------------------------------------------

/**
 * The fuzzed app's routes; `getPost` exists on two types, so a bare `getPost` is ambiguous.
 * `Mutation.getPost` answers `undefined`, which must reach the wire as `null`.
 */
const FUZZ_ROUTES = new Map<string, 'resolver' | 'batch'>([
  ['Query.getPost', 'resolver'],
  ['Mutation.getPost', 'resolver'],
  ['Post.author', 'batch'],
]);

function routeAnswer(key: string, args: unknown): unknown {
  return key === 'Mutation.getPost' ? undefined : { route: key, args };
}

function fuzzApp() {
  const app = createResolver({ logger: silent });
  for (const [key, kind] of FUZZ_ROUTES) {
    if (kind === 'resolver') app.resolver(key, (ctx) => routeAnswer(key, ctx.args));
    else app.batchResolver(key, (ctxs) => ctxs.map((ctx) => routeAnswer(key, ctx.args)));
  }
  return app;
}

const FUZZ_KEYS: ReadonlySet<string> = new Set(FUZZ_ROUTES.keys());
const verdictOf = (event: unknown): EventVerdict => eventVerdict(event, FUZZ_KEYS);

const FRAMEWORK_REJECTIONS = ['InvalidEventError', 'ResolverNotFoundError'];

async function checkFuzzedEvent(
  handler: ReturnType<ReturnType<typeof createResolver>['handler']>,
  event: unknown,
): Promise<void> {
  const verdict = verdictOf(event);
  let promise: unknown;
  try {
    promise = handler(event);
  } catch (error) {
    expect.fail(`the handler threw synchronously: ${String(error)}`);
  }
  expect(promise).toBeInstanceOf(Promise);
  let outcome: { resolved: unknown } | { rejected: unknown };
  try {
    outcome = { resolved: await promise };
  } catch (error) {
    outcome = { rejected: error };
  }

  if ('rejected' in outcome) {
    const error = outcome.rejected;
    expect(error).toBeInstanceOf(Error);
    expect(FRAMEWORK_REJECTIONS).toContain((error as Error).name);
    expect(typeof (error as Error).message).toBe('string');
    expect((error as Error).message.length).toBeGreaterThan(0);
    expect(verdict).toStrictEqual({ invoke: { error: (error as Error).name } });
    return;
  }

  const value = outcome.resolved;
  expect(value).not.toBeUndefined();
  if ('invoke' in verdict) {
    // Resolving means the item was routed; the value is the route's answer.
    expect(verdict.invoke).toHaveProperty('route');
    const routed = verdict.invoke as { route: string; args: unknown };
    expect(value).toEqual(routeAnswer(routed.route, routed.args) ?? null);
    return;
  }
  expect(Array.isArray(value)).toBe(true);
  const entries = value as unknown[];
  expect(entries).toHaveLength(verdict.batch.length);
  expect(Object.keys(entries)).toHaveLength(entries.length);
  verdict.batch.forEach((expected, i) => {
    const entry = entries[i] as Entry;
    expect(isObject(entry)).toBe(true);
    expect(entry).toHaveProperty('data');
    if ('route' in expected) {
      expect(Object.keys(entry)).toStrictEqual(['data']);
      expect(entry.data).toEqual(routeAnswer(expected.route, expected.args) ?? null);
    } else {
      expect(Object.keys(entry).sort()).toStrictEqual(['data', 'errorMessage', 'errorType']);
      expect(entry.data).toBeNull();
      expect(entry.errorType).toBe(expected.error);
      expect(typeof entry.errorMessage).toBe('string');
      expect((entry.errorMessage as string).length).toBeGreaterThan(0);
    }
  });
}

const EVENT_KEYS = [
  'info',
  'arguments',
  'identity',
  'source',
  'request',
  'prev',
  'stash',
  'operation',
  'payload',
  'version',
  'field',
  'typeName',
  'fieldName',
] as const;

/** Strings that mean something to the router, plus near misses. */
const NAMES = fc.constantFrom(
  'Query',
  'Mutation',
  'Post',
  'User',
  'getPost',
  'author',
  'missing',
  'Query.getPost',
  'Mutation.getPost',
  'Post.author',
  'Query.author',
  'Query.missing',
  'Post.getPost',
  'a.b.c',
  '1x.getPost',
  'Query.',
  '.getPost',
  '',
  'Invoke',
  'BatchInvoke',
  '__proto__',
  'constructor',
  'toString',
  'Query.__typename',
  '2018-05-29',
);

const leafArb: fc.Arbitrary<unknown> = fc.oneof(fc.jsonValue({ maxDepth: 2 }), NAMES);

/** Objects whose keys are real event keys, nested up to a few levels. */
const structuredEventArb: fc.Arbitrary<unknown> = fc.letrec<{
  event: unknown;
  object: unknown;
  info: unknown;
}>((tie) => ({
  event: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'event' },
    leafArb,
    tie('object'),
    fc.array(tie('event'), { maxLength: 4, depthIdentifier: 'event' }),
  ),
  object: fc.dictionary(
    fc.constantFrom(...EVENT_KEYS),
    fc.oneof({ maxDepth: 3, depthIdentifier: 'event' }, leafArb, tie('info'), tie('event')),
    { maxKeys: 10, depthIdentifier: 'event' },
  ),
  info: fc.record(
    {
      parentTypeName: fc.oneof(NAMES, fc.jsonValue({ maxDepth: 1 })),
      fieldName: fc.oneof(NAMES, fc.jsonValue({ maxDepth: 1 })),
      variables: fc.jsonValue({ maxDepth: 1 }),
      selectionSetList: fc.array(fc.string(), { maxLength: 2 }),
    },
    { requiredKeys: [] },
  ),
})).event;

const DELETE = Symbol('delete');

/** A valid event of any accepted shape, for a registered or unregistered field. */
const validItemArb = fc
  .record({
    key: fc.constantFrom(...FUZZ_ROUTES.keys(), 'Query.missing', 'Post.getPost', 'Query.author'),
    shape: fc.constantFrom<Shape | 'bare'>('direct', 'amplify', 'template', 'bare'),
    args: fc.dictionary(fc.string({ maxLength: 4 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  })
  .map(({ key, shape, args }) =>
    shape === 'bare'
      ? { field: key.split('.')[1], arguments: args }
      : (SHAPES[shape](key, args) as Record<string, unknown>),
  );

/** A valid item with some keys deleted or overwritten by junk. */
const mutatedItemArb = fc
  .tuple(
    validItemArb,
    fc.dictionary(
      fc.constantFrom(...EVENT_KEYS),
      fc.oneof(leafArb, fc.constant(DELETE), structuredEventArb),
      { maxKeys: 3 },
    ),
  )
  .map(([item, changes]) => {
    const out: Record<string, unknown> = { ...item };
    for (const [key, value] of Object.entries(changes)) {
      if (value === DELETE) delete out[key];
      else out[key] = value;
    }
    return out;
  });

const itemArb = fc.oneof(validItemArb, mutatedItemArb);

/** Items alone, in batches, or wrapped in mapping documents (valid or not). */
const mutatedEventArb: fc.Arbitrary<unknown> = fc.oneof(
  itemArb,
  fc.array(fc.oneof(itemArb, structuredEventArb), { maxLength: 6 }),
  fc.record(
    {
      version: fc.constantFrom('2018-05-29', '2017-02-28'),
      operation: fc.oneof(fc.constantFrom('Invoke', 'BatchInvoke'), leafArb),
      payload: fc.oneof(itemArb, fc.array(itemArb, { maxLength: 5 }), leafArb),
      info: fc.jsonValue({ maxDepth: 1 }),
    },
    { requiredKeys: ['operation', 'payload'] },
  ),
);

describe('property d: no JSON input makes the handler fail with anything but a framework error', () => {
  const handler = fuzzApp().handler();

  it.each([
    ['fc.jsonValue()', fc.jsonValue() as fc.Arbitrary<unknown>, 500],
    ['objects built from real event keys', structuredEventArb as fc.Arbitrary<unknown>, 1000],
    [
      'valid events of every shape, mutated, batched and wrapped',
      mutatedEventArb as fc.Arbitrary<unknown>,
      1000,
    ],
  ] as const)(
    '%s',
    async (_label, events, numRuns) => {
      await fc.assert(
        fc.asyncProperty(events, (event) => checkFuzzedEvent(handler, event)),
        { numRuns },
      );
    },
    TIMEOUT,
  );

  it('the oracle is not vacuous: the generators reach every verdict', () => {
    const counts = { ok: 0, InvalidEventError: 0, ResolverNotFoundError: 0 };
    const tally = (verdict: ItemVerdict) => {
      counts['route' in verdict ? 'ok' : verdict.error]++;
    };
    for (const event of fc.sample(fc.oneof(structuredEventArb, mutatedEventArb), {
      numRuns: 2000,
      seed: 42,
    })) {
      const verdict = verdictOf(event);
      if ('batch' in verdict) verdict.batch.forEach(tally);
      else tally(verdict.invoke);
    }
    expect(counts.ok).toBeGreaterThan(50);
    expect(counts.InvalidEventError).toBeGreaterThan(50);
    expect(counts.ResolverNotFoundError).toBeGreaterThan(50);
  });
});

// ---------------------------------------------------------------------------------------------
// e. JSON round trip of any batch response
// ---------------------------------------------------------------------------------------------

type RoundTripItem =
  | { kind: 'each'; outcome: Outcome; timing: Timing }
  | { kind: 'batch'; slot: SlotOutcome }
  | { kind: 'unrouted' }
  | { kind: 'invalid'; value: Json };

const roundTripItemArb: fc.Arbitrary<RoundTripItem> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('each' as const),
      outcome: outcomeArb,
      timing: timingArb,
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('batch' as const), slot: slotArb }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'unrouted' as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('invalid' as const),
      value: jsonData.filter((value) => !isObject(value)),
    }),
  },
);

describe('property e: JSON round trip', () => {
  it(
    'every batch response survives JSON.parse(JSON.stringify(x)) unchanged, with no holes',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(roundTripItemArb, { maxLength: 30 }),
          fc.oneof(
            fc.constant<'slots'>('slots'),
            fc.constant<'throws'>('throws'),
            fc.constant<'wrong'>('wrong'),
          ),
          concurrencyArb,
          requestIdArb,
          fc.boolean(),
          async (items, batchMode, concurrency, requestId, wrapped) => {
            const app = createResolver({ logger: silent, concurrency });
            addLegacyMapper(app);
            const plan = (i: number) => items[i] as RoundTripItem;
            app.resolver('Query.each', (ctx: ResolverContext<{ i: number }>) => {
              const i = ctx.args.i;
              const item = plan(i) as Extract<RoundTripItem, { kind: 'each' }>;
              return deliver(item.timing, () => {
                if (isSuccess(item.outcome)) return successData(item.outcome, i);
                throw makeFailure(item.outcome, i).error;
              });
            });
            app.batchResolver('Post.batch', (ctxs: readonly ResolverContext<{ i: number }>[]) => {
              if (batchMode === 'throws') throw new Error('SECRET batch');
              if (batchMode === 'wrong') return ctxs.slice(1);
              return ctxs.map((ctx) => {
                const slot = (plan(ctx.args.i) as Extract<RoundTripItem, { kind: 'batch' }>).slot;
                return isSuccess(slot)
                  ? successData(slot, ctx.args.i)
                  : makeFailure(slot, ctx.args.i).error;
              });
            });
            const keyOf = { each: 'Query.each', batch: 'Post.batch', unrouted: 'Query.unrouted' };
            const events = items.map((item, i) =>
              item.kind === 'invalid' ? item.value : directEvent(keyOf[item.kind], { i }),
            );
            const event = wrapped
              ? { version: '2018-05-29', operation: 'BatchInvoke', payload: events }
              : events;
            const lambda = requestId === undefined ? undefined : lambdaContext(requestId);

            const response = await app.handler()(event, lambda);

            expectWireSafe(response, items.length);
            for (const entry of response) {
              expect(isObject(entry)).toBe(true);
              const keys = Object.keys(entry).sort();
              expect([['data'], ['data', 'errorMessage', 'errorType']]).toContainEqual(keys);
              if (keys.length === 3) {
                expect(typeof entry.errorType).toBe('string');
                expect(typeof entry.errorMessage).toBe('string');
                expect((entry.errorMessage as string).length).toBeGreaterThan(0);
              }
            }
          },
        ),
        { numRuns: RUNS },
      );
    },
    TIMEOUT,
  );
});
