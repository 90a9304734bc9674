/**
 * Heap growth while one handler answers a 2000-item BatchInvoke, in a process of its own.
 *
 *   node --expose-gc --max-semi-space-size=1 memory.mjs <variant> <repetitions> <out.json>
 *
 * The event is parsed first (the Lambda runtime holds it anyway) and a full GC taken; that heap is
 * the baseline. The handler then runs with V8's GC profiler on, and the response is kept alive.
 * With a 1 MB semi-space, V8 scavenges about every megabyte allocated, and the profiler records
 * the heap spaces before and after each collection. Every figure reads the same statistic: the
 * used size of V8's heap spaces, summed without the code spaces (`v8.getHeapSpaceStatistics()`
 * for the baseline and the end, the profiler's `heapSpaceStatistics` around each collection):
 *
 * - peak: the largest heap after a collection during the handling, or at the end after a full
 *   GC with the response still alive — the live memory handling needs, sampled about every MB;
 * - retained: the heap after a full GC with the response alive (the response itself);
 * - allocated: everything allocated while handling (growth at the end plus what each collection
 *   freed), which is garbage collection work rather than memory held.
 */
import { writeFileSync } from 'node:fs';
import v8 from 'node:v8';
import { BATCH_HANDLERS as HANDLERS, type Handler } from '../handlers/batch-variants.js';
import { appSyncEvent } from '../lib.js';

export interface MemorySample {
  peak: number;
  retained: number;
  allocated: number;
  collections: number;
}

export interface MemoryResult {
  variant: string;
  eventBytes: number;
  samples: MemorySample[];
}

const [variant = '', repetitionsArg = '5', outPath] = process.argv.slice(2);
const handler = HANDLERS[variant];
const gc = (globalThis as { gc?: () => void }).gc;
if (handler === undefined || outPath === undefined || gc === undefined) {
  throw new Error(
    `usage: node --expose-gc memory.mjs <${Object.keys(HANDLERS).join('|')}> <repetitions> <out.json>`,
  );
}
const collect = gc;

const BATCH = 2000;
const batchJson = JSON.stringify(
  Array.from({ length: BATCH }, (_, i) =>
    appSyncEvent({
      field: 'Post.author',
      source: { id: String(i + 1), title: `Post ${i + 1}`, authorId: `u${i % 100}` },
      variables: {},
      selectionSetList: ['id', 'name'],
      selectionSetGraphQL: '{\n  id\n  name\n}',
    }),
  ),
);

/** The heap in use, without the spaces holding compiled code (the JIT's, not the handler's). */
const used = () =>
  v8
    .getHeapSpaceStatistics()
    .filter((space) => !space.space_name.startsWith('code'))
    .reduce((sum, space) => sum + space.space_used_size, 0);

/** The same sum from the heap spaces the GC profiler records before or after a collection. */
interface ProfiledSpace {
  spaceName: string;
  spaceUsedSize: number;
}
const usedIn = (spaces: readonly ProfiledSpace[]) =>
  spaces
    .filter((space) => !space.spaceName.startsWith('code'))
    .reduce((sum, space) => sum + space.spaceUsedSize, 0);
const lambda = () => {
  const deadline = Date.now() + 30_000;
  return { awsRequestId: 'memory', getRemainingTimeInMillis: () => deadline - Date.now() };
};

async function sample(run: Handler): Promise<MemorySample> {
  // Let the previous request's timers and callbacks finish, so that its garbage is collectable.
  await new Promise((resolve) => setTimeout(resolve, 1));
  const event = JSON.parse(batchJson) as unknown[];
  collect();
  collect();
  const base = used();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const response = await run(event as never, lambda() as never);
  const end = used();
  const profile = profiler.stop();
  collect();
  collect();
  const retained = used() - base;
  if (!Array.isArray(response) || response.length !== BATCH || event.length !== BATCH) {
    throw new Error(`${variant} answered ${JSON.stringify(response).slice(0, 200)}`);
  }
  let peak = retained;
  let freed = 0;
  for (const entry of profile?.statistics ?? []) {
    const before = usedIn(entry.beforeGC.heapSpaceStatistics);
    const after = usedIn(entry.afterGC.heapSpaceStatistics);
    peak = Math.max(peak, after - base);
    freed += before - after;
  }
  return {
    peak,
    retained,
    allocated: end - base + freed,
    collections: profile?.statistics.length ?? 0,
  };
}

/**
 * Warm up, so that compiled code, inline caches and lazily built tables exist before the
 * baseline. In a function of its own: a caller's frame can keep its last values alive, which
 * would then be freed during a later measurement.
 */
async function warmUp(run: Handler): Promise<void> {
  for (let i = 0; i < 3; i++) await run(JSON.parse(batchJson) as never, lambda() as never);
}

await warmUp(handler);
await sample(handler);
const samples: MemorySample[] = [];
for (let i = 0; i < Number(repetitionsArg); i++) samples.push(await sample(handler));

const result: MemoryResult = { variant, eventBytes: Buffer.byteLength(batchJson), samples };
writeFileSync(outPath, JSON.stringify(result));
