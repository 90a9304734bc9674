/**
 * The local AppSync: one query for 1000 posts with their authors, the authors served by a batch
 * resolver with maxBatchSize 100, against graphql-js executing the same schema with plain
 * resolvers in the same process (no Lambda contexts, no JSON boundary, no batching).
 *
 *   node emulator.mjs '<config JSON>' <out.json>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createEmulator } from 'appsync-direct/emulator';
import { buildSchema, defaultFieldResolver, type GraphQLFieldResolver, graphql } from 'graphql';
import { findAuthor, findPost, type Post } from '../handlers/data.js';
import { app, SCHEMA } from '../handlers/ours-posts.js';
import { rotate } from '../lib.js';

export interface EmulatorConfig {
  rounds: number;
  warmupRounds: number;
  /** Requests per variant per round. */
  requests: number;
  posts: number;
}

export interface EmulatorResult {
  /** Milliseconds per request, one value per round. */
  ms: { emulator: number[]; graphql: number[] };
  invocations: string[];
  responseBytes: number;
}

const [configArg, outPath] = process.argv.slice(2);
if (configArg === undefined || outPath === undefined) {
  throw new Error('usage: node emulator.mjs <config JSON> <out.json>');
}
const config = JSON.parse(configArg) as EmulatorConfig;

const query = `query Posts { listPosts(limit: ${config.posts}) { id title author { id name } } }`;

const emulator = createEmulator({ schema: SCHEMA, handler: app });
const viaEmulator = async () => {
  const result = await emulator.execute({ query, headers: { 'x-api-key': 'da2-bench' } });
  return { body: result.body, invocations: result.invocations };
};

const schema = buildSchema(SCHEMA);
const rootValue = {
  listPosts: async ({ limit }: { limit: number }) =>
    Array.from({ length: limit }, (_, i) => findPost(i + 1)),
};
const fieldResolver: GraphQLFieldResolver<unknown, unknown> = (source, args, context, info) =>
  info.parentType.name === 'Post' && info.fieldName === 'author'
    ? Promise.resolve(findAuthor((source as Post).authorId))
    : defaultFieldResolver(source, args, context, info);
const viaGraphql = () => graphql({ schema, source: query, rootValue, fieldResolver });

async function check(): Promise<Omit<EmulatorResult, 'ms'>> {
  const local = await viaEmulator();
  const plain = await viaGraphql();
  const a = JSON.stringify(local.body);
  const b = JSON.stringify(plain);
  if (a !== b)
    throw new Error(`the local AppSync answered ${a.slice(0, 300)}; graphql-js ${b.slice(0, 300)}`);
  const posts = (local.body.data?.listPosts ?? []) as unknown[];
  if (posts.length !== config.posts)
    throw new Error(`expected ${config.posts} posts: ${a.slice(0, 300)}`);
  return {
    invocations: local.invocations.map((call) => `${call.field} ${call.kind} ×${call.size}`),
    responseBytes: Buffer.byteLength(a),
  };
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await run();
  return performance.now() - started;
}

const checked = await check();
const ms: EmulatorResult['ms'] = { emulator: [], graphql: [] };
const variants = { emulator: viaEmulator, graphql: viaGraphql };
// Requests alternate between the two, one at a time, in an order that rotates.
for (let round = -config.warmupRounds; round < config.rounds; round++) {
  const totals = { emulator: 0, graphql: 0 };
  for (let request = 0; request < config.requests; request++) {
    for (const name of rotate(['emulator', 'graphql'] as const, round + request)) {
      totals[name] += await time(variants[name]);
    }
  }
  if (round < 0) continue;
  ms.emulator.push(totals.emulator / config.requests);
  ms.graphql.push(totals.graphql / config.requests);
}
const result: EmulatorResult = { ms, ...checked };
writeFileSync(outPath, JSON.stringify(result));
