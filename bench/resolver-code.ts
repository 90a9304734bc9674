/**
 * What resolver code in front of the Lambda costs in the local AppSync, against the same field
 * served as Direct Lambda, in the same run.
 *
 * One query resolves `Post.count` for 100 posts, a BatchInvoke of 100 (maxBatchSize 100), served
 * four ways by the same Lambda handler:
 * - Direct Lambda (the baseline);
 * - an APPSYNC_JS unit resolver: `request` returns `{ operation: 'BatchInvoke', payload: ctx }`,
 *   `response` raises `ctx.error` and unpacks the entry (200 handler runs, each in a fresh
 *   `node:vm` context);
 * - VTL templates doing the same (200 renders);
 * - a pipeline with a NONE JS function, then a LAMBDA JS function (400 handler runs).
 * Rounds alternate the variants; the figure is milliseconds per query (median [min, max]) and the
 * ratio to Direct Lambda within each round.
 *
 *   npm run bench:resolver-code     (builds dist/ first, and measures the built package)
 *
 * Writes bench/results/resolver-code.json.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createEmulator } from '../dist/emulator/index.js';
import { createResolver } from '../dist/index.js';
import { machine, num, printTable, ratioStats, stats } from './lib.js';

const ROUNDS = 9;
const QUERIES = 5;
const POSTS = 100;

const SCHEMA = `
  type Query { posts: [Post!]! }
  type Post { id: ID! count: Int }
`;

const JS = `import { util } from '@aws-appsync/utils';
export function request(ctx) { return { operation: 'BatchInvoke', payload: ctx }; }
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  if (ctx.result.errorMessage) util.error(ctx.result.errorMessage, ctx.result.errorType);
  return ctx.result.data;
}`;

const NONE_JS = `export function request(ctx) { ctx.stash.checked = true; return { payload: true }; }
export function response(ctx) { return ctx.result; }`;

const REQUEST_VTL = `{ "version": "2018-05-29", "operation": "BatchInvoke", "payload": $util.toJson($ctx) }`;
const RESPONSE_VTL = `#if($ctx.error) $util.error($ctx.error.message, $ctx.error.type) #end
#if($ctx.result.errorMessage) $util.error($ctx.result.errorMessage, $ctx.result.errorType) #end
$util.toJson($ctx.result.data)`;

const app = createResolver({ logLevel: 'ERROR' })
  .resolver('Query.posts', () => Array.from({ length: POSTS }, (_, i) => ({ id: String(i) })))
  .batchResolver(
    'Post.count',
    (ctxs) => ctxs.map((ctx) => Number((ctx.source as { id: string }).id)),
    {
      maxBatchSize: POSTS,
    },
  );

const front = {
  direct: {},
  appsyncJs: { code: JS },
  vtl: { requestTemplate: REQUEST_VTL, responseTemplate: RESPONSE_VTL },
  pipeline: {
    pipeline: {
      functions: [
        { name: 'check', dataSource: 'NONE' as const, code: NONE_JS },
        { name: 'count', dataSource: 'LAMBDA' as const, code: JS },
      ],
    },
  },
};
type Variant = keyof typeof front;
const VARIANTS = Object.keys(front) as Variant[];

const emulators = Object.fromEntries(
  VARIANTS.map((variant) => [
    variant,
    createEmulator({
      schema: SCHEMA,
      handler: app,
      fields: { 'Post.count': { maxBatchSize: POSTS, ...front[variant] } },
    }),
  ]),
) as Record<Variant, ReturnType<typeof createEmulator>>;

const query = { query: '{ posts { id count } }', headers: { 'x-api-key': 'bench' } };

/** Runs the query QUERIES times; checks every answer; returns ms per query. */
async function time(variant: Variant): Promise<number> {
  const emulator = emulators[variant];
  const started = performance.now();
  for (let i = 0; i < QUERIES; i++) {
    const { body } = await emulator.execute(query);
    const posts = (body.data as { posts: { count: number }[] } | null)?.posts;
    if (body.errors !== undefined || posts?.[POSTS - 1]?.count !== POSTS - 1) {
      throw new Error(`${variant}: unexpected answer ${JSON.stringify(body).slice(0, 300)}`);
    }
  }
  return (performance.now() - started) / QUERIES;
}

// Warm up: compile, JIT.
for (const variant of VARIANTS) await time(variant);
const series = Object.fromEntries(VARIANTS.map((variant) => [variant, [] as number[]])) as Record<
  Variant,
  number[]
>;
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
  for (const variant of order) series[variant].push(await time(variant));
}

const rows = [['variant', 'ms per query, median [min, max]', '× Direct Lambda, median [min, max]']];
for (const variant of VARIANTS) {
  const ms = stats(series[variant]);
  const ratio = ratioStats(series[variant], series.direct);
  rows.push([
    variant,
    `${num(ms.median)} [${num(ms.min)}, ${num(ms.max)}]`,
    `${num(ratio.median)}× [${num(ratio.min)}, ${num(ratio.max)}]`,
  ]);
}
console.log(
  `One query, ${POSTS} posts, Post.count as a BatchInvoke of ${POSTS} (${ROUNDS} rounds of ${QUERIES}):\n`,
);
printTable(rows);
writeFileSync(
  new URL('./results/resolver-code.json', import.meta.url),
  `${JSON.stringify(
    {
      machine: machine(),
      posts: POSTS,
      rounds: ROUNDS,
      queriesPerRound: QUERIES,
      msPerQuery: Object.fromEntries(VARIANTS.map((v) => [v, stats(series[v])])),
      ratioToDirect: Object.fromEntries(
        VARIANTS.map((v) => [v, ratioStats(series[v], series.direct)]),
      ),
    },
    null,
    2,
  )}\n`,
);
