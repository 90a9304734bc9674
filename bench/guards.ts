/**
 * What the deadline and the response-size guard cost on the common path.
 *
 * The same handler runs with a guard on and off, in this process, on a realistic AppSync event
 * (all the headers of PROTOCOL.md §2.2, a Cognito identity, about 1.5 KB of JSON) and a small
 * result. Each round times N calls of each variant back to back; the figure is the extra
 * nanoseconds per call (or per batch item), reported min / median / max over rounds, next to
 * what the Lambda runtime spends anyway on `JSON.parse` of the event plus `JSON.stringify` of
 * the response, measured in the same rounds.
 *
 *   npm run bench:guards     (builds dist/ first, and measures the built package)
 *
 * Writes bench/results/guards.json.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
// The built package, as users run it (tsx would lower its private fields to slower helpers).
import { createResolver } from '../dist/index.js';
import {
  getPostEvent,
  lambdaContext as lambda,
  machine,
  printTable,
  range,
  type Stats,
  stats,
} from './lib.js';

const ROUNDS = 15;
const INVOKES = 20_000;
const BATCH = 2000;
const BATCH_RUNS = 20;

const context = (i: number) => getPostEvent(String(i));

const post = (id: unknown) => ({ id, title: 'Hello, AppSync', published: true, likes: 42 });

/** An app with one guard set as given; the resolver is async, as real resolvers are. */
function app(options: Parameters<typeof createResolver>[0]) {
  return createResolver(options).resolver('Query.getPost', async (ctx) => post(ctx.args.id));
}

const VARIANTS = {
  none: app({ deadlineMargin: false, maxResponseBytes: Number.POSITIVE_INFINITY }),
  deadline: app({ maxResponseBytes: Number.POSITIVE_INFINITY }),
  size: app({ deadlineMargin: false }),
  both: app({}),
};
type Variant = keyof typeof VARIANTS;

const invokeEvent = context(42);
const eventJson = JSON.stringify(invokeEvent);
const batchEvent = Array.from({ length: BATCH }, (_, i) => context(i));
const batchJson = JSON.stringify(batchEvent);

async function timeInvokes(variant: Variant): Promise<number> {
  const resolve = VARIANTS[variant].resolve;
  const ctx = lambda();
  const started = performance.now();
  for (let i = 0; i < INVOKES; i++) await resolve(invokeEvent, ctx);
  return ((performance.now() - started) * 1e6) / INVOKES;
}

async function timeBatches(variant: Variant): Promise<number> {
  const resolve = VARIANTS[variant].resolve;
  const ctx = lambda();
  const started = performance.now();
  for (let i = 0; i < BATCH_RUNS; i++) await resolve(batchEvent, ctx);
  return ((performance.now() - started) * 1e6) / (BATCH_RUNS * BATCH);
}

/** What Lambda does anyway: parse the event, stringify the response (ns per call or item). */
async function runtimeCost(batch: boolean): Promise<number> {
  const text = batch ? batchJson : eventJson;
  const response = batch
    ? await VARIANTS.none.resolve(batchEvent, lambda())
    : await VARIANTS.none.resolve(invokeEvent, lambda());
  const runs = batch ? BATCH_RUNS : INVOKES;
  let sink = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    sink += (JSON.parse(text) as unknown[]).length ?? 0;
    sink += JSON.stringify(response).length;
  }
  const elapsed = performance.now() - started;
  if (sink < 0) console.log(sink);
  return (elapsed * 1e6) / (batch ? runs * BATCH : runs);
}

const round1 = (n: number) => String(Math.round(n * 10) / 10);

async function main(): Promise<void> {
  const extra: Record<string, Record<Variant, number[]>> = {
    invoke: {} as never,
    batchItem: {} as never,
  };
  const base: Record<string, number[]> = { invoke: [], batchItem: [] };
  const runtime: Record<string, number[]> = { invoke: [], batchItem: [] };
  for (const kind of ['invoke', 'batchItem'] as const) {
    for (const v of Object.keys(VARIANTS) as Variant[])
      (extra[kind] as Record<Variant, number[]>)[v] = [];
  }
  // Warm up every path.
  for (const v of Object.keys(VARIANTS) as Variant[]) {
    await timeInvokes(v);
    await timeBatches(v);
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const [kind, time] of [
      ['invoke', timeInvokes],
      ['batchItem', timeBatches],
    ] as const) {
      const none = await time('none');
      base[kind]?.push(none);
      for (const v of ['deadline', 'size', 'both'] as const) {
        extra[kind]?.[v].push((await time(v)) - none);
      }
      runtime[kind]?.push(await runtimeCost(kind === 'batchItem'));
    }
  }
  const report: Record<string, unknown> = {
    machine: machine(),
    method: `${ROUNDS} rounds; Invoke: ${INVOKES} calls per variant per round; batch: ${BATCH_RUNS} BatchInvokes of ${BATCH} items. Extra ns = variant − no guards, in the same round.`,
  };
  const rows: string[][] = [
    [
      'path',
      'no guards (ns)',
      '+ deadline',
      '+ size guard',
      '+ both',
      'Lambda JSON work (ns)',
      'both / JSON work',
    ],
  ];
  for (const kind of ['invoke', 'batchItem'] as const) {
    const b = stats(base[kind] as number[]);
    const r = stats(runtime[kind] as number[]);
    const e = Object.fromEntries(
      (['deadline', 'size', 'both'] as const).map((v) => [v, stats(extra[kind]?.[v] as number[])]),
    ) as Record<'deadline' | 'size' | 'both', Stats>;
    report[kind] = { noGuards: b, extra: e, lambdaJsonWork: r };
    const fmt = (s: Stats) => range(s, round1);
    rows.push([
      kind === 'invoke' ? 'Invoke' : 'batch item',
      fmt(b),
      fmt(e.deadline),
      fmt(e.size),
      fmt(e.both),
      fmt(r),
      `${round1((e.both.median / r.median) * 100)} %`,
    ]);
  }
  printTable(rows);
  writeFileSync(
    new URL('./results/guards.json', import.meta.url),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}

await main();
