/**
 * Time per request of the blog's front page over HTTP, in one process: appsync-direct/http,
 * GraphQL Yoga, Apollo Server and graphql-js alone, each answering the same API Gateway HTTP API
 * (payload 2.0) event, interleaved in every round. Also graphql-js's `execute` of the parsed
 * document with no event and no JSON around it.
 *
 * Run by bench/http.ts as a bundle (appsync-direct resolved to dist/), in a plain `node`:
 *   node time.mjs '<config JSON>' <out.json>
 * With `only` in the config, it runs just those variants for `requests` requests and writes
 * nothing but the count: the process a CPU profile is taken of.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { httpEvent } from 'appsync-direct/testing';
import { parse } from 'graphql';
import {
  type ProfileMode,
  profileOnly,
  type SliceConfig,
  slicedRounds,
  workerArgs,
} from '../../worker.js';
import { PAGE, QUERY, VARIABLES } from '../data.js';
import { handler as apollo } from '../handlers/apollo.js';
import { handler as appsyncDirect } from '../handlers/appsync-direct.js';
import { executeOnly, handler as graphqlJs } from '../handlers/graphql-js.js';
import { handler as yoga } from '../handlers/yoga.js';

/** Rounds of slices, `perSlice` requests per variant in each; or the profile mode. */
export interface TimeConfig extends SliceConfig, ProfileMode {}

export interface TimeResult {
  /** Microseconds per request, one value per round, by variant. */
  us: Record<string, number[]>;
  /** The event every HTTP variant answers, and its size. */
  eventJson: string;
  eventBytes: number;
  /** The `data` every variant answered (the same JSON for all), and its size. */
  dataJson: string;
  dataBytes: number;
  /** Each variant's status, content type and body size. */
  answers: Record<string, { statusCode: number; contentType: string; bodyBytes: number }>;
}

const { config, outPath } = workerArgs<TimeConfig>('time');

type LambdaResult = { statusCode: number; headers?: Record<string, string>; body: string };
type Handler = (event: never, context: never) => Promise<unknown>;

const eventJson = JSON.stringify(httpEvent({ payload: 'v2', query: QUERY, variables: VARIABLES }));
const POOL = 64;
/** JSON-parsed copies, as the Lambda runtime hands events over. */
const pool = Array.from({ length: POOL }, () => JSON.parse(eventJson) as unknown);
let next = 0;

let deadline = Date.now() + 30_000;
const getRemainingTimeInMillis = () => deadline - Date.now();
/** A new Lambda context per invocation, as the runtime makes; 30 s left at the round's start. */
const lambda = () =>
  ({
    awsRequestId: 'bench',
    functionName: 'blog-http',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:blog-http',
    memoryLimitInMB: '1024',
    logGroupName: '/aws/lambda/blog-http',
    logStreamName: 'bench',
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis,
  }) as never;

const document = parse(QUERY);

const VARIANTS: Record<string, () => Promise<unknown>> = {
  'appsync-direct': () => (appsyncDirect as Handler)(pool[next++ % POOL] as never, lambda()),
  yoga: () => (yoga as unknown as Handler)(pool[next++ % POOL] as never, lambda()),
  apollo: () => (apollo as unknown as Handler)(pool[next++ % POOL] as never, lambda()),
  'graphql-js': () => (graphqlJs as unknown as Handler)(pool[next++ % POOL] as never, lambda()),
  execute: async () => executeOnly(document, VARIABLES),
};

/** Every variant must answer 200 with the same `data` JSON, and no errors. */
async function check(): Promise<Omit<TimeResult, 'us' | 'eventJson' | 'eventBytes'>> {
  const answers: TimeResult['answers'] = {};
  const data: Record<string, string> = {};
  for (const [name, run] of Object.entries(VARIANTS)) {
    const answered = await run();
    let body: { data?: unknown; errors?: unknown };
    if (name === 'execute') {
      body = answered as typeof body;
      answers[name] = { statusCode: 0, contentType: '', bodyBytes: 0 };
    } else {
      const result = answered as LambdaResult;
      body = JSON.parse(result.body) as typeof body;
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
      );
      answers[name] = {
        statusCode: result.statusCode,
        contentType: headers['content-type'] ?? '',
        bodyBytes: Buffer.byteLength(result.body),
      };
      if (result.statusCode !== 200) {
        throw new Error(`${name} answered ${result.statusCode}: ${result.body.slice(0, 400)}`);
      }
    }
    if (body.errors !== undefined) {
      throw new Error(`${name} answered errors: ${JSON.stringify(body.errors).slice(0, 400)}`);
    }
    data[name] = JSON.stringify(body.data);
  }
  const reference = data['appsync-direct'] as string;
  for (const [name, json] of Object.entries(data)) {
    if (json !== reference) {
      throw new Error(
        `${name} answered other data than appsync-direct:\n${json.slice(0, 300)}\n${reference.slice(0, 300)}`,
      );
    }
  }
  const items = (JSON.parse(reference) as { listPosts: { items: unknown[] } }).listPosts.items;
  if (items.length !== PAGE) throw new Error(`expected ${PAGE} posts: ${reference.slice(0, 300)}`);
  return { answers, dataJson: reference, dataBytes: Buffer.byteLength(reference) };
}

/** Milliseconds for `n` requests, one after another. */
async function timeRequests(run: () => Promise<unknown>, n: number): Promise<number> {
  deadline = Date.now() + 30_000;
  const started = performance.now();
  for (let i = 0; i < n; i++) await run();
  return performance.now() - started;
}

async function main(): Promise<void> {
  const checked = await check();
  if (await profileOnly(config, VARIANTS, outPath, timeRequests)) return;
  const us = await slicedRounds(
    Object.keys(VARIANTS),
    config,
    (name) => timeRequests(VARIANTS[name] as () => Promise<unknown>, config.perSlice),
    1000,
  );
  const result: TimeResult = {
    us,
    eventJson,
    eventBytes: Buffer.byteLength(eventJson),
    ...checked,
  };
  writeFileSync(outPath, JSON.stringify(result));
}

await main();
