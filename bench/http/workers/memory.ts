/**
 * Heap over 10,000 requests of one HTTP handler, in a process of its own:
 *
 *   node --expose-gc memory.mjs <variant> <requests> <out.json>
 *
 * The handler answers the benchmark's HTTP API event again and again, each time a new JSON-parsed
 * copy (as the Lambda runtime hands them over). After the warm-up and at each checkpoint (1,000,
 * 5,000 and 10,000 requests), pending callbacks finish, two full collections run, and the heap in
 * use is read: the used size of V8's heap spaces without the code spaces (the JIT's), as
 * bench/workers/memory.ts reads it. A handler that keeps anything per request grows from one
 * checkpoint to the next.
 */
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { httpEvent } from 'appsync-direct/testing';
import { QUERY, VARIABLES } from '../data.js';
import { handler as apollo } from '../handlers/apollo.js';
import { handler as appsyncDirect } from '../handlers/appsync-direct.js';
import { handler as graphqlJs } from '../handlers/graphql-js.js';
import { handler as yoga } from '../handlers/yoga.js';

export interface MemoryCheckpoint {
  /** Requests answered so far. */
  requests: number;
  /** Heap in use after two full collections, in bytes. */
  heap: number;
}

export interface MemoryResult {
  variant: string;
  checkpoints: MemoryCheckpoint[];
}

type Handler = (event: never, context: never) => Promise<{ statusCode: number }>;
const HANDLERS: Record<string, Handler> = {
  'appsync-direct': appsyncDirect as Handler,
  yoga: yoga as unknown as Handler,
  apollo: apollo as unknown as Handler,
  'graphql-js': graphqlJs as unknown as Handler,
};

const [variant = '', requestsArg = '10000', outPath] = process.argv.slice(2);
const handler = HANDLERS[variant];
const gc = (globalThis as { gc?: () => void }).gc;
if (handler === undefined || outPath === undefined || gc === undefined) {
  throw new Error(
    `usage: node --expose-gc memory.mjs <${Object.keys(HANDLERS).join('|')}> <requests> <out.json>`,
  );
}
const collect = gc;
const total = Number(requestsArg);
const WARM_UP = 100;
/** The checkpoints: 1k, 5k and 10k of 10,000 requests (the same tenths of another count). */
const CHECKPOINTS = [total / 10, total / 2, total].map(Math.round);

const eventJson = JSON.stringify(httpEvent({ payload: 'v2', query: QUERY, variables: VARIABLES }));
const lambda = () => {
  const deadline = Date.now() + 30_000;
  return { awsRequestId: 'memory', getRemainingTimeInMillis: () => deadline - Date.now() };
};

const used = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);

async function heapNow(): Promise<number> {
  // Let the last request's timers and callbacks finish, so that its garbage is collectable.
  await new Promise((resolve) => setTimeout(resolve, 1));
  collect();
  collect();
  return used();
}

/** In a function of its own, so that no frame of the caller keeps a request's values alive. */
async function answer(): Promise<void> {
  const result = await (handler as Handler)(JSON.parse(eventJson) as never, lambda() as never);
  if (result.statusCode !== 200) throw new Error(`${variant} answered ${result.statusCode}`);
}

const checkpoints: MemoryCheckpoint[] = [];
let done = 0;
for (; done < WARM_UP; done++) await answer();
checkpoints.push({ requests: done, heap: await heapNow() });
for (const checkpoint of CHECKPOINTS) {
  for (; done < checkpoint; done++) await answer();
  checkpoints.push({ requests: done, heap: await heapNow() });
}
const result: MemoryResult = { variant, checkpoints };
writeFileSync(outPath, JSON.stringify(result));
