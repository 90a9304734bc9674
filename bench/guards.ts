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
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
// The built package, as users run it (tsx would lower its private fields to slower helpers).
import { createResolver, type LambdaContext } from '../dist/index.js';

const ROUNDS = 15;
const INVOKES = 20_000;
const BATCH = 2000;
const BATCH_RUNS = 20;

const headers: Record<string, string> = {
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
  authorization: 'eyJraWQiOiJrZXkiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxOTI4NzlmYyJ9.c2lnbmF0dXJl',
  'cloudfront-forwarded-proto': 'https',
  'cloudfront-is-desktop-viewer': 'true',
  'cloudfront-viewer-country': 'GB',
  'content-length': '112',
  'content-type': 'application/json',
  host: 'abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com',
  origin: 'https://app.example.com',
  referer: 'https://app.example.com/posts/42',
  'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
  via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
  'x-amz-cf-id': '6Yc0kS2HqkH7tpXoQ0ZpVbXrHcG5aA==',
  'x-amzn-trace-id': 'Root=1-65f0c0de-0123456789abcdef01234567',
  'x-forwarded-for': '203.0.113.10, 130.176.1.1',
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
};

function context(i: number) {
  return {
    arguments: { id: String(i) },
    identity: {
      sub: '192879fc-a240-4bf1-ab5a-d6a00f3063f9',
      issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
      username: 'jdoe',
      claims: { sub: '192879fc-a240-4bf1-ab5a-d6a00f3063f9', 'cognito:groups': ['admin'] },
      sourceIp: ['203.0.113.10'],
      defaultAuthStrategy: 'ALLOW',
      groups: ['admin'],
    },
    source: null,
    request: { headers, domainName: null },
    prev: null,
    info: {
      fieldName: 'getPost',
      parentTypeName: 'Query',
      variables: { id: String(i) },
      selectionSetList: ['id', 'title', 'author', 'author/name'],
      selectionSetGraphQL: '{\n  id\n  title\n  author {\n    name\n  }\n}',
    },
    stash: {},
  };
}

const post = (id: unknown) => ({ id, title: 'Hello, AppSync', published: true, likes: 42 });

/** An app with one guard set as given; the resolver is async, as real resolvers are. */
function app(options: Parameters<typeof createResolver>[0]) {
  return createResolver(options).resolver('Query.getPost', async (ctx) => post(ctx.args.id));
}

const lambda = (): LambdaContext => {
  const deadline = Date.now() + 30_000;
  return { awsRequestId: 'bench', getRemainingTimeInMillis: () => deadline - Date.now() };
};

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

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const pick = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { min: pick(0), median: pick(0.5), max: sorted[sorted.length - 1] as number };
};
const round1 = (n: number) => Math.round(n * 10) / 10;

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
    machine: { node: process.version, cpus: cpus().length, model: cpus()[0]?.model },
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
    ) as Record<'deadline' | 'size' | 'both', ReturnType<typeof stats>>;
    report[kind] = { noGuards: b, extra: e, lambdaJsonWork: r };
    const fmt = (s: ReturnType<typeof stats>) =>
      `${round1(s.median)} [${round1(s.min)}, ${round1(s.max)}]`;
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
  const widths = rows[0]?.map((_, c) =>
    Math.max(...rows.map((row) => (row[c] as string).length)),
  ) as number[];
  for (const row of rows)
    console.log(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
  writeFileSync(
    new URL('./results/guards.json', import.meta.url),
    `${JSON.stringify(report, null, 2)}\n`,
  );
}

await main();
