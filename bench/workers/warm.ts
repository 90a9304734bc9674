/**
 * Warm dispatch, in one process: Invoke (one field among fifty), a BatchInvoke of 2000 items, and
 * the same batch with one item in ten failing — appsync-direct, hand-written handlers and
 * Powertools, interleaved in every round, next to Lambda's own JSON work on the same payloads.
 *
 * Run by bench/run.ts as a bundle (appsync-direct resolved to dist/), in a plain `node`:
 *   node warm.mjs '<config JSON>' <out.json>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isDeepStrictEqual } from 'node:util';
import { BATCH_HANDLERS, type Handler } from '../handlers/batch-variants.js';
import { handler as handFifty } from '../handlers/hand-fifty.js';
import { perItem as oursPerItem } from '../handlers/ours-batch.js';
import { fiftyFields, handler as oursFifty } from '../handlers/ours-fifty.js';
import { handler as powertoolsFifty } from '../handlers/powertools-fifty.js';
import { appSyncEvent, getPostEvent, rotate } from '../lib.js';
import { workerArgs } from '../worker.js';

export interface WarmConfig {
  rounds: number;
  warmupRounds: number;
  /** Invokes per variant per round. */
  invokes: number;
  /** How many slices a round of Invokes is cut into (variants alternate slice by slice). */
  invokeSlices: number;
  /** JSON.parse + JSON.stringify repetitions per round for the Invoke payloads. */
  invokeJsonRuns: number;
  batchSize: number;
  /** BatchInvokes per variant per round, alternating variants batch by batch; one JSON run each. */
  batchRuns: number;
  /** One batch item in `failEvery` fails in the failing batch. */
  failEvery: number;
}

/** Nanoseconds per call (Invoke) or per item (batch), one value per round for each variant. */
export type Series = Record<string, number[]>;

export interface WarmResult {
  eventBytes: number;
  batchEventBytes: number;
  invoke: Series;
  batch: Series;
  failing: Series;
  /** What each handler answered, checked before timing. */
  answers: Record<string, unknown>;
}

const { config, outPath } = workerArgs<WarmConfig>('warm');

/** JSON-parsed copies, as the Lambda runtime hands events over. */
const parsed = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

let deadline = 0;
const getRemainingTimeInMillis = () => deadline - Date.now();
/** A new Lambda context per invocation, as the runtime makes; 30 s left at the round's start. */
const lambda = () => ({ awsRequestId: 'bench', getRemainingTimeInMillis }) as never;

// --- payloads ------------------------------------------------------------------------------------

const INVOKE_POOL = 64;
const invokeJson = JSON.stringify(getPostEvent('42'));
const invokePool = Array.from({ length: INVOKE_POOL }, (_, i) =>
  parsed(getPostEvent(String(i + 1))),
);

function authorEvent(n: number, authorId: string) {
  return appSyncEvent({
    field: 'Post.author',
    source: { id: String(n), title: `Post ${n}`, authorId },
    variables: {},
    selectionSetList: ['id', 'name'],
    selectionSetGraphQL: '{\n  id\n  name\n}',
  });
}

const batchOf = (failEvery: number) =>
  Array.from({ length: config.batchSize }, (_, i) =>
    authorEvent(i + 1, failEvery > 0 && i % failEvery === failEvery - 1 ? `x${i}` : `u${i % 100}`),
  );
const BATCH_POOL = 2;
const batchJson = JSON.stringify(batchOf(0));
const failingJson = JSON.stringify(batchOf(config.failEvery));
const batchPool = Array.from({ length: BATCH_POOL }, () => JSON.parse(batchJson) as unknown[]);
const failingPool = Array.from({ length: BATCH_POOL }, () => JSON.parse(failingJson) as unknown[]);

// --- variants ------------------------------------------------------------------------------------

const INVOKE: Record<string, Handler> = {
  ours: oursFifty,
  // The same app with the deadline and the size guard off: what the two guards cost.
  oursNoGuards: fiftyFields({
    deadlineMargin: false,
    maxResponseBytes: Number.POSITIVE_INFINITY,
  }).handler(),
  hand: handFifty,
  powertools: powertoolsFifty,
};

const BATCH = BATCH_HANDLERS;

// --- answers, checked before anything is timed ----------------------------------------------------

function fail(message: string, detail: unknown): never {
  throw new Error(`${message}: ${JSON.stringify(detail).slice(0, 600)}`);
}

async function outcome(handler: Handler, event: unknown): Promise<unknown> {
  deadline = Date.now() + 30_000;
  try {
    return { returned: parsed(await handler(event as never, lambda())) };
  } catch (error) {
    const { name, message } = error as Error;
    return { threw: { name, message } };
  }
}

async function checkAnswers(): Promise<Record<string, unknown>> {
  const answers: Record<string, unknown> = {};
  // Invoke: the same post from all three.
  const event = parsed(getPostEvent('42'));
  const expected = { returned: { id: '42', title: 'Post 42', authorId: 'u42' } };
  for (const [name, handler] of Object.entries(INVOKE)) {
    const got = await outcome(handler, event);
    if (!isDeepStrictEqual(got, expected)) fail(`Invoke: ${name} answered differently`, got);
  }
  // Invoke of a missing post: record what each does with the error. Powertools logs it with the
  // console.error it kept when created; stderr is muted meanwhile.
  const missing = parsed(getPostEvent('0'));
  const write = process.stderr.write;
  process.stderr.write = () => true;
  try {
    answers.invokeError = Object.fromEntries(
      await Promise.all(
        Object.entries(INVOKE).map(async ([name, h]) => [name, await outcome(h, missing)]),
      ),
    );
  } finally {
    process.stderr.write = write;
  }
  const threw = { threw: { name: 'NotFoundError', message: 'post 0 not found' } };
  for (const name of ['ours', 'oursNoGuards', 'hand']) {
    const got = (answers.invokeError as Record<string, unknown>)[name];
    if (!isDeepStrictEqual(got, threw)) fail(`Invoke error: ${name} answered`, got);
  }

  // Batches: appsync-direct and the hand-written handlers answer the same envelopes; Powertools
  // answers raw values, null for a failed item.
  for (const [kind, json] of [
    ['batch', batchJson],
    ['failing', failingJson],
  ] as const) {
    const events = JSON.parse(json) as { source: { authorId: string } }[];
    const envelopes = events.map(({ source: { authorId } }) =>
      authorId.startsWith('u')
        ? { data: { id: authorId, name: `Author ${authorId.slice(1)}` } }
        : { data: null, errorType: 'NotFoundError', errorMessage: `author ${authorId} not found` },
    );
    const raw = envelopes.map((e) => e.data);
    const summary: Record<string, unknown> = {};
    for (const [name, handler] of Object.entries(BATCH)) {
      const got = (await outcome(handler, JSON.parse(json))) as { returned?: unknown[] };
      const want = name.startsWith('powertools') ? raw : envelopes;
      if (!isDeepStrictEqual(got, { returned: want })) {
        fail(`${kind}: ${name} answered differently`, got);
      }
      const firstFailed = envelopes.findIndex((e) => e.data === null);
      summary[name] = {
        shape: name.startsWith('powertools') ? 'raw values' : '{ data } envelopes',
        failedItem: firstFailed < 0 ? undefined : got.returned?.[firstFailed],
        nulls: got.returned?.filter((x) => x === null).length,
        errors: got.returned?.filter((x) => (x as { errorType?: unknown } | null)?.errorType)
          .length,
      };
    }
    answers[kind] = summary;
  }
  return answers;
}

// --- timing ----------------------------------------------------------------------------------------
//
// A round is cut into slices, and every slice runs each variant in turn (in an order that rotates
// from slice to slice), so that a change of machine load during a round reaches all variants
// alike. A variant's value for the round is its time summed over the slices.

let nextInvoke = 0;

/** Milliseconds for `n` Invokes. */
async function timeInvokes(handler: Handler, n: number): Promise<number> {
  deadline = Date.now() + 30_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) {
    await handler(invokePool[nextInvoke++ % INVOKE_POOL] as never, lambda());
  }
  return performance.now() - started;
}

/** Milliseconds for one BatchInvoke. */
async function timeBatch(handler: Handler, events: unknown[]): Promise<number> {
  deadline = Date.now() + 30_000;
  const started = performance.now();
  await handler(events as never, lambda());
  return performance.now() - started;
}

/**
 * Milliseconds for what the Lambda runtime spends anyway on `runs` requests: JSON.parse of the
 * event, JSON.stringify of the answer.
 */
function timeJson(json: string, response: unknown, runs: number): number {
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    sink += Object.keys(JSON.parse(json) as object).length;
    sink += JSON.stringify(response).length;
  }
  const elapsed = performance.now() - started;
  if (sink < 0) console.log(sink);
  return elapsed;
}

type Totals = Record<string, number>;
const zero = (names: string[]): Totals =>
  Object.fromEntries([...names, 'json'].map((name) => [name, 0]));

async function invokeRound(round: number): Promise<Totals> {
  const names = Object.keys(INVOKE);
  const totals = zero(names);
  const slices = config.invokeSlices;
  for (let slice = 0; slice < slices; slice++) {
    for (const name of rotate(names, round + slice)) {
      totals[name] =
        (totals[name] as number) +
        (await timeInvokes(INVOKE[name] as Handler, config.invokes / slices));
    }
    totals.json =
      (totals.json as number) +
      timeJson(invokeJson, invokeResponse, config.invokeJsonRuns / slices);
  }
  for (const name of names) totals[name] = ((totals[name] as number) * 1e6) / config.invokes;
  totals.json = ((totals.json as number) * 1e6) / config.invokeJsonRuns;
  return totals;
}

async function batchRound(
  round: number,
  pool: unknown[][],
  json: string,
  response: unknown,
): Promise<Totals> {
  const names = Object.keys(BATCH);
  const totals = zero(names);
  for (let slice = 0; slice < config.batchRuns; slice++) {
    const events = pool[slice % BATCH_POOL] as unknown[];
    for (const name of rotate(names, round + slice)) {
      totals[name] = (totals[name] as number) + (await timeBatch(BATCH[name] as Handler, events));
    }
    totals.json = (totals.json as number) + timeJson(json, response, 1);
  }
  const items = config.batchRuns * config.batchSize;
  for (const name of [...names, 'json']) totals[name] = ((totals[name] as number) * 1e6) / items;
  return totals;
}

deadline = Date.now() + 30_000;
const invokeResponse = await oursFifty(invokePool[41] as never, lambda());
const batchResponse = await oursPerItem(batchPool[0] as never, lambda());
const failingResponse = await oursPerItem(failingPool[0] as never, lambda());

async function main(): Promise<void> {
  const answers = await checkAnswers();
  const series = (names: string[]): Series =>
    Object.fromEntries([...names, 'json'].map((name) => [name, [] as number[]]));
  const invoke = series(Object.keys(INVOKE));
  const batch = series(Object.keys(BATCH));
  const failing = series(Object.keys(BATCH));
  const record = (s: Series, totals: Totals) => {
    for (const [name, value] of Object.entries(totals)) s[name]?.push(value);
  };

  for (let round = -config.warmupRounds; round < config.rounds; round++) {
    const i = await invokeRound(round);
    const b = await batchRound(round, batchPool, batchJson, batchResponse);
    const f = await batchRound(round, failingPool, failingJson, failingResponse);
    if (round < 0) continue;
    record(invoke, i);
    record(batch, b);
    record(failing, f);
  }

  const result: WarmResult = {
    eventBytes: Buffer.byteLength(invokeJson),
    batchEventBytes: Buffer.byteLength(batchJson),
    invoke,
    batch,
    failing,
    answers,
  };
  writeFileSync(outPath, JSON.stringify(result));
}

await main();
