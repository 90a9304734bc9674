/**
 * `npm run bench`: appsync-direct against a hand-written handler and Powertools' AppSync
 * resolver, as one table. Measures the built package (dist/), so `npm run bench` builds first.
 *
 *   npm run bench                 the full run (about two minutes on two cores)
 *   npm run bench -- --quick      fewer rounds, to try a change
 *   npm run bench -- --cpu-prof   also writes CPU profiles of the warm-dispatch process
 *
 * Every timed part runs in a plain `node` process of its own, on bundles built here with
 * appsync-direct resolved to dist/ (no TypeScript loader in the measured process). Variants of a
 * comparison run in the same process, interleaved in every round in a rotating order; each round
 * gives one value per variant, and ratios are taken within a round; targets are the medians of
 * those per-round values. Round counts are odd. Writes bench/results.json.
 * docs/performance.md explains the method and the results.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BundleInfo,
  bundleHandlers,
  type ColdTimes,
  importCheck,
  timeColdStarts,
} from './cold-start.js';
import { benchScript, printReport, resultHeader } from './driver.js';
import {
  at,
  int,
  num,
  range,
  ratioStats,
  type Stats,
  signed,
  startReport,
  stats,
  statsOf,
  status,
  times,
} from './lib.js';
import type { EmulatorConfig, EmulatorResult } from './workers/emulator.js';
import type { MemoryResult } from './workers/memory.js';
import type { WarmConfig, WarmResult } from './workers/warm.js';

const { quick, profile, cache, progress, bundleWorkers, runWorker, writeResults } =
  benchScript('bench');

const WARM: WarmConfig = {
  rounds: quick ? 5 : 31,
  warmupRounds: quick ? 1 : 2,
  invokes: quick ? 10_000 : 40_000,
  invokeSlices: 20,
  invokeJsonRuns: quick ? 1000 : 4000,
  batchSize: 2000,
  batchRuns: quick ? 4 : 12,
  failEvery: 10,
};
const MEMORY_REPETITIONS = quick ? 3 : 7;
const EMULATOR: EmulatorConfig = {
  rounds: quick ? 5 : 31,
  warmupRounds: quick ? 1 : 2,
  requests: 4,
  posts: 1000,
};
const COLD_ROUNDS = quick ? 5 : 61;
/** "≤ 6 KB" read strictly: 6,000 bytes. */
const BUNDLE_LIMIT = 6000;

// --- statistics -------------------------------------------------------------------------------------

/** A per-round combination of two series. */
const zip = (a: readonly number[], b: readonly number[], f: (x: number, y: number) => number) =>
  a.map((x, i) => f(x, at(b, i)));
/** Per round: (ours − hand) / json, the overhead as a fraction of Lambda's JSON work. */
const overheadStats = (
  ours: readonly number[],
  hand: readonly number[],
  json: readonly number[],
): Stats => stats(ours.map((x, i) => (x - at(hand, i)) / at(json, i)));

const pct = (n: number) => `${num(n * 100, 3)} %`;
const bytes = (n: number) => `${num(n / 1e6, 3)} MB`;

// --- main ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  progress('bundling the workers and handlers (appsync-direct from dist/)');
  const workers = await bundleWorkers({
    dir: 'bench/workers',
    workers: ['warm', 'memory', 'emulator'],
    subpaths: ['emulator'],
  });
  const bundles = await bundleHandlers(join(cache, 'cold'));

  progress(`warm dispatch: ${WARM.rounds} rounds`);
  const profileDir = join(tmpdir(), 'appsync-direct-bench-profiles');
  const warm = runWorker<WarmResult>(
    profile ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
    join(workers, 'warm.mjs'),
    [JSON.stringify(WARM)],
  );
  if (profile) progress(`CPU profiles of the warm-dispatch process in ${profileDir}`);

  progress('memory: one process per handler');
  const memoryVariants = [
    'oursResolver',
    'oursBatchResolver',
    'handPromiseAll',
    'handBatch',
    'powertoolsPerItem',
    'powertoolsAggregate',
  ];
  const memory = memoryVariants.map((variant) =>
    runWorker<MemoryResult>(
      ['--expose-gc', '--max-semi-space-size=1'],
      join(workers, 'memory.mjs'),
      [variant, String(MEMORY_REPETITIONS)],
    ),
  );

  progress(`local AppSync: ${EMULATOR.rounds} rounds`);
  const emulator = runWorker<EmulatorResult>([], join(workers, 'emulator.mjs'), [
    JSON.stringify(EMULATOR),
  ]);

  progress(`cold start: ${COLD_ROUNDS} rounds of ${bundles.length + 2} processes`);
  const imports = await importCheck();
  const cold = timeColdStarts(bundles, COLD_ROUNDS);

  const report = buildReport(warm, memory, emulator, bundles, imports, cold);
  printReport(report);
  // Not committed, so not formatted.
  const seconds = writeResults('bench/results.json', report.json, false);
  progress(`wrote bench/results.json (${seconds} s)`);
}

function buildReport(
  warm: WarmResult,
  memory: MemoryResult[],
  emulator: EmulatorResult,
  bundles: BundleInfo[],
  imports: Awaited<ReturnType<typeof importCheck>>,
  cold: ColdTimes,
) {
  const { rows, section, targets, tables } = startReport();
  const ns = (s: Stats) => range(s, (n) => num(n, 3));

  // 1. Invoke.
  const inv = warm.invoke;
  const invS = statsOf(inv);
  // Targets: the medians over rounds of the per-round values, as in the ratio cells.
  const invokeOverheadStats = overheadStats(inv.ours ?? [], inv.hand ?? [], inv.json ?? []);
  const invokeVsPowertoolsStats = ratioStats(inv.ours ?? [], inv.powertools ?? []);
  const invokeOverhead = invokeOverheadStats.median;
  const invokeVsPowertools = invokeVsPowertoolsStats.median;
  targets.invokeOverhead = {
    target: 'Invoke: appsync-direct − hand-written ≤ 10 % of JSON work',
    value: pct(invokeOverhead),
    met: invokeOverhead <= 0.1,
  };
  targets.invokeVsPowertools = {
    target: 'Invoke: appsync-direct ≤ ½ Powertools',
    value: `${num(invokeVsPowertools, 3)}×`,
    met: invokeVsPowertools <= 0.5,
  };
  section('1. Invoke, 1 of 50 fields (ns per call)');
  rows.push([
    'appsync-direct',
    ns(invS.ours as Stats),
    `${times(ratioStats(inv.ours ?? [], inv.hand ?? []))} hand-written`,
    `${times(invokeVsPowertoolsStats)} Powertools`,
    `≤ 0.5× Powertools: ${status(targets.invokeVsPowertools.met)}`,
  ]);
  rows.push([
    'appsync-direct, deadline and size guard off',
    ns(invS.oursNoGuards as Stats),
    `${times(ratioStats(inv.oursNoGuards ?? [], inv.hand ?? []))} hand-written`,
    `${times(ratioStats(inv.oursNoGuards ?? [], inv.powertools ?? []))} Powertools`,
    '',
  ]);
  rows.push(['hand-written switch', ns(invS.hand as Stats), '', '', '']);
  rows.push(['Powertools', ns(invS.powertools as Stats), '', '', '']);
  rows.push([
    `JSON work: parse ${num(warm.eventBytes / 1024, 2)} KB event, stringify result`,
    ns(invS.json as Stats),
    '',
    '',
    '',
  ]);
  rows.push([
    'appsync-direct − hand-written',
    ns(stats(zip(inv.ours ?? [], inv.hand ?? [], (a, b) => a - b))),
    `${range(invokeOverheadStats, pct)} of JSON work`,
    '',
    `≤ 10 %: ${pct(invokeOverhead)}, ${status(targets.invokeOverhead.met)}`,
  ]);

  // 2 and 3. Batches.
  const batchRows = (kind: 'batch' | 'failing', title: string) => {
    const s = warm[kind];
    const sum = statsOf(s);
    section(title);
    const pairs = [
      ['appsync-direct resolver', 'oursResolver', 'handPromiseAll', 'powertoolsPerItem'],
      ['appsync-direct batchResolver', 'oursBatchResolver', 'handBatch', 'powertoolsAggregate'],
    ] as const;
    for (const [label, ours, hand, powertools] of pairs) {
      let target = '';
      if (kind === 'batch') {
        const overheadRange = overheadStats(s[ours] ?? [], s[hand] ?? [], s.json ?? []);
        const overhead = overheadRange.median;
        const key = `${ours}Overhead`;
        targets[key] = {
          target: `batch item, ${label.replace('appsync-direct ', '')}: appsync-direct − hand-written ≤ 10 % of JSON work`,
          value: pct(overhead),
          met: overhead <= 0.1,
        };
        target = `− hand ≤ 10 % of JSON: ${range(overheadRange, pct)}, ${status(overhead <= 0.1)}`;
      }
      rows.push([
        label,
        ns(sum[ours] as Stats),
        `${times(ratioStats(s[ours] ?? [], s[hand] ?? []))} ${hand === 'handBatch' ? 'hand batch' : 'Promise.all'}`,
        `${times(ratioStats(s[ours] ?? [], s[powertools] ?? []))} Powertools ${powertools === 'powertoolsAggregate' ? 'aggregate' : 'per item'}`,
        target,
      ]);
    }
    const lost = kind === 'failing' ? 'failed items → null, errors lost' : '';
    rows.push(['hand-written Promise.all', ns(sum.handPromiseAll as Stats), '', '', '']);
    rows.push(['hand-written batch', ns(sum.handBatch as Stats), '', '', '']);
    rows.push(['Powertools aggregate: false', ns(sum.powertoolsPerItem as Stats), '', '', lost]);
    rows.push(['Powertools aggregate: true', ns(sum.powertoolsAggregate as Stats), '', '', lost]);
    rows.push(['JSON work per item: parse event, stringify', ns(sum.json as Stats), '', '', '']);
  };
  batchRows('batch', `2. BatchInvoke, ${WARM.batchSize} items (ns per item)`);
  batchRows('failing', `3. The same, 1 item in ${WARM.failEvery} failing (ns per item)`);

  // 4. Memory.
  const eventBytes = memory[0]?.eventBytes ?? 1;
  section(`4. Heap, ${WARM.batchSize}-item batch (allocated while handling)`);
  const memoryJson: Record<string, unknown> = {};
  const memoryLabels: Record<string, string> = {
    oursResolver: 'appsync-direct resolver',
    oursBatchResolver: 'appsync-direct batchResolver',
    handPromiseAll: 'hand-written Promise.all',
    handBatch: 'hand-written batch',
    powertoolsPerItem: 'Powertools aggregate: false',
    powertoolsAggregate: 'Powertools aggregate: true',
  };
  for (const m of memory) {
    const allocated = stats(m.samples.map((x) => x.allocated));
    const peak = stats(m.samples.map((x) => x.peak));
    const retained = stats(m.samples.map((x) => x.retained));
    memoryJson[m.variant] = { allocated, peak, retained, samples: m.samples };
    let target = '';
    if (m.variant.startsWith('ours')) {
      const ratio = allocated.median / eventBytes;
      targets[`${m.variant}Heap`] = {
        target: `heap growth, ${memoryLabels[m.variant]}: ≤ 2× event JSON`,
        value: `${num(ratio, 3)}×`,
        met: ratio <= 2,
      };
      target = `≤ 2× event JSON: ${status(ratio <= 2)}`;
    }
    rows.push([
      memoryLabels[m.variant] ?? m.variant,
      range(allocated, bytes),
      `${num(allocated.median / eventBytes, 3)}× event JSON (${bytes(eventBytes)})`,
      `peak live ${bytes(peak.median)}, retained ${bytes(retained.median)}`,
      target,
    ]);
  }

  // 5. Cold start.
  const bareMs = cold.bare;
  const runnerMs = cold.runner;
  section('5. Cold start: load the bundle, answer one Invoke (ms)');
  const size = (name: string) => bundles.find((b) => b.name === name) as BundleInfo;
  const oursOne = size('ours-one');
  targets.bundleSize = {
    target: `minified one-resolver bundle ≤ 6 KB (${int(BUNDLE_LIMIT)} bytes)`,
    value: `${int(oursOne.bytes)} bytes`,
    met: oursOne.bytes <= BUNDLE_LIMIT,
  };
  const nothingAtImport =
    imports.importOnlyBytes === 0 && imports.runtime.timers === 0 && imports.runtime.output === '';
  targets.nothingAtImport = {
    target: 'nothing executed at import beyond definitions',
    value: `import-only bundle ${imports.importOnlyBytes} bytes; ${imports.residue.declarations + imports.residue.expressions} top-level statements without the side-effect hints, ${imports.residue.expressions} of them expressions; ${imports.runtime.timers} timers after import`,
    met: nothingAtImport,
  };
  const msRange = (s: Stats) => range(s, (n) => num(n, 3));
  /** `+median [min, max] ms` of the per-round differences. */
  const plusMs = (s: Stats) => `${range(s, signed)} ms`;
  const overBare = (ms: readonly number[]) =>
    `${times(ratioStats(ms, bareMs))} node -e 0 (${signed(stats(zip(ms, bareMs, (a, c) => a - c)).median)} ms)`;
  rows.push(['node -e 0', msRange(stats(bareMs)), '', '', '']);
  const runnerExtra = stats(zip(runnerMs, bareMs, (a, c) => a - c));
  rows.push(['runner, empty module', msRange(stats(runnerMs)), overBare(runnerMs), '', '']);
  const labels: Record<string, string> = {
    'ours-one': 'appsync-direct, 1 resolver',
    'powertools-one': 'Powertools, 1 resolver',
    'hand-one': 'hand-written, 1 resolver',
    'ours-fifty': 'appsync-direct, 50 resolvers',
    'powertools-fifty': 'Powertools, 50 resolvers',
    'hand-fifty': 'hand-written, 50 resolvers',
  };
  const coldJson: Record<string, unknown> = {};
  for (const b of bundles) {
    const ms = cold[b.name];
    const extra = stats(zip(ms, bareMs, (a, c) => a - c));
    const overRunner = stats(zip(ms, runnerMs, (a, c) => a - c));
    coldJson[b.name] = {
      bytes: b.bytes,
      gzip: b.gzip,
      inputs: b.inputs,
      ms: stats(ms),
      ratioToBareNode: ratioStats(ms, bareMs),
      extraMs: extra,
      extraMsOverRunner: overRunner,
    };
    rows.push([
      `${labels[b.name] ?? b.name}: ${int(b.bytes)} bytes, gzip ${int(b.gzip)}`,
      msRange(stats(ms)),
      overBare(ms),
      `${plusMs(overRunner)} over runner`,
      b.name === 'ours-one'
        ? `≤ 6 KB (${int(BUNDLE_LIMIT)} bytes): ${status(targets.bundleSize.met)}`
        : '',
    ]);
  }
  rows.push([
    "import 'appsync-direct', nothing used",
    `${imports.importOnlyBytes} bytes bundled`,
    `hints ignored: ${imports.residue.declarations} declarations, ${imports.residue.expressions} call`,
    `${imports.runtime.timers} timers, ${imports.runtime.output.length} bytes output`,
    `only definitions: ${status(nothingAtImport)}`,
  ]);

  // 6. Local AppSync.
  const em = emulator.ms;
  const batches = emulator.invocations.filter((i) => i.includes('BatchInvoke')).length;
  section(`6. Local AppSync, ${EMULATOR.posts} posts + authors (ms per request)`);
  rows.push([
    'appsync-direct/emulator',
    range(stats(em.emulator), (n) => num(n, 3)),
    `${times(ratioStats(em.emulator, em.graphql))} graphql-js`,
    `${emulator.invocations.length} Lambda calls: ${emulator.invocations.length - batches} Invoke + ${batches} BatchInvoke`,
    '',
  ]);
  rows.push([
    'graphql-js, same schema, plain resolvers',
    range(stats(em.graphql), (n) => num(n, 3)),
    '',
    '',
    '',
  ]);

  const a = warm.answers as {
    invokeError: Record<string, unknown>;
    failing: Record<string, { failedItem: unknown; nulls: number; errors: number }>;
  };
  const notes = [
    `All handlers answered the same before timing: the post for the Invoke; for batches, identical envelopes from appsync-direct and the hand-written handlers, and the same values unwrapped from Powertools.`,
    `Powertools, failing Invoke: returns ${JSON.stringify((a.invokeError.powertools as { returned?: unknown }).returned)} as the field's data instead of throwing, so AppSync reports no error (appsync-direct and the hand-written handler throw NotFoundError).`,
    `Powertools, failing batch items: ${a.failing.powertoolsPerItem?.nulls} of ${WARM.batchSize} answered null with no errorType or message (aggregate: false logs them; aggregate: true has no way to fail one item); appsync-direct answers ${JSON.stringify(a.failing.oursResolver?.failedItem)}.`,
    `Powertools answers batch items as raw values, not { data } envelopes; it runs aggregate: false items one after another, appsync-direct's resolver 16 at a time, Promise.all all at once.`,
    `Failing batch: every handler creates one NotFoundError per failed item (appsync-direct's extends AppSyncError, the others' extend Error); the hand-written handlers write the { data: null, errorType, errorMessage } envelope from it, Powertools' per-item handler throws it and Powertools logs it (to a silent logger) and answers null, Powertools' aggregate handler logs it the same way and answers null.`,
    `Invoke: every handler calls an async resolver function for the field; the hand-written switch returns its promise.`,
    `Heap: "allocated" is everything allocated while handling, the bound on growth; "peak live" the largest heap after a collection while handling (sampled about every MB) or at the end; "retained" the response after a full GC. All three are the used size of V8's heap spaces without the code spaces, read the same way before and after.`,
    `Cold start: "+ms over runner" is, per round, a bundle's time minus the same runner's on an empty module (node, the ESM loader, the runner's -e script, one import, one line of output): what loading the bundle and answering cost. The ratio and "+ms" to node -e 0 include the runner.`,
    `At import, appsync-direct is dropped whole by a bundler when unused (sideEffects: false). With that hint and @__PURE__ comments ignored, ${imports.residue.declarations + imports.residue.expressions} top-level statements remain (${num(imports.residue.bytes, 3)} bytes minified), all definitions; the only call: ${imports.residue.statements.find((t) => !/^(var|let|const|function|class|async function)\b/.test(t)) ?? 'none'}.`,
  ];

  const json = {
    ...resultHeader('src'),
    method: {
      summary:
        'Each comparison runs in one plain node process on esbuild bundles with appsync-direct resolved to dist/; variants interleave in every round in a rotating order; stats are min / median / max over an odd number of rounds, ratios and differences per round. Targets are the medians of the per-round values.',
      warm: WARM,
      memory: {
        repetitions: MEMORY_REPETITIONS,
        flags: '--expose-gc --max-semi-space-size=1',
        measure:
          "baseline after parsing the event and a full GC; v8.GCProfiler during handling; allocated = growth at the end + bytes freed by each collection; peak = largest heap after a collection, or after a full GC at the end with the response alive. Every figure is the used size of the heap spaces without the code spaces (v8.getHeapSpaceStatistics, or the profiler's heapSpaceStatistics).",
      },
      emulator: EMULATOR,
      coldStart: {
        rounds: COLD_ROUNDS,
        build: 'esbuild --bundle --minify --platform=node --format=esm --target=node20',
        baselines:
          'node -e 0; and the runner (node --input-type=module -e) importing an empty module, whose default handler answers null',
        bundleLimitBytes: BUNDLE_LIMIT,
      },
    },
    invoke: {
      eventBytes: warm.eventBytes,
      nsPerCall: invS,
      oursVsHand: ratioStats(inv.ours ?? [], inv.hand ?? []),
      oursVsPowertools: ratioStats(inv.ours ?? [], inv.powertools ?? []),
      noGuardsVsPowertools: ratioStats(inv.oursNoGuards ?? [], inv.powertools ?? []),
      guardsCost: stats(zip(inv.ours ?? [], inv.oursNoGuards ?? [], (a, b) => a - b)),
      raw: inv,
    },
    batch: { eventBytes: warm.batchEventBytes, nsPerItem: statsOf(warm.batch), raw: warm.batch },
    failingBatch: { nsPerItem: statsOf(warm.failing), raw: warm.failing },
    answers: warm.answers,
    memory: { eventBytes, variants: memoryJson },
    coldStart: {
      bareNodeMs: stats(bareMs),
      runnerEmptyModuleMs: stats(runnerMs),
      runnerOverBareMs: runnerExtra,
      bundles: coldJson,
      importCheck: imports,
      raw: cold,
    },
    emulator: {
      msPerRequest: stats(em.emulator),
      graphqlJsMsPerRequest: stats(em.graphql),
      ratio: ratioStats(em.emulator, em.graphql),
      invocations: emulator.invocations,
      responseBytes: emulator.responseBytes,
      raw: em,
    },
    targets,
    notes,
  };
  return { table: tables().table, notes, json };
}

await main();
