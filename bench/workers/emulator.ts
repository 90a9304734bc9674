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
import { slicedRounds, workerArgs } from '../worker.js';

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

const { config, outPath } = workerArgs<EmulatorConfig>('emulator');

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
const variants = { emulator: viaEmulator, graphql: viaGraphql };
// Requests alternate between the two, one at a time (a slice of one), in an order that rotates.
const ms = (await slicedRounds(
  Object.keys(variants),
  { ...config, slices: config.requests, perSlice: 1 },
  (name) => time(variants[name as keyof typeof variants]),
  1,
)) as EmulatorResult['ms'];
const result: EmulatorResult = { ms, ...checked };
writeFileSync(outPath, JSON.stringify(result));
