/**
 * `npm run bench:http`: appsync-direct/http against GraphQL Yoga, Apollo Server and graphql-js
 * alone, on the blog example's schema, data and resolvers, answering one API Gateway HTTP API
 * (payload 2.0) request: `listPosts(limit: 20)` with each post's author and comments and each
 * comment's author, batched. Measures the built package (dist/), so the script builds first.
 *
 *   npm run bench:http                 the full run (under three minutes on two cores)
 *   npm run bench:http -- --quick      fewer rounds and requests, to try a change
 *   npm run bench:http -- --cpu-prof   also profiles appsync-direct and graphql-js alone, and
 *                                      prints where their time goes, by module and function
 *
 * Four parts, each in plain `node` processes on esbuild bundles (no TypeScript loader):
 * time per request (all variants in one process, interleaved in every round), the minified
 * bundle of each handler (built with `appsync-direct build`, and with plain esbuild), cold start
 * (bench/cold-start.ts's method) and the heap over 10,000 requests. Every variant must answer the
 * same `data` before anything is timed. Writes bench/results/http.json. docs/performance.md
 * ("GraphQL over HTTP") explains the method and the results.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { cleanEnv, USER_BUILD } from './cold-start.js';
import { benchScript, printReport, REQUIRE_BANNER, resultHeader, root } from './driver.js';
import { type ColdTimes, timeColdStarts } from './http/cold.js';
import { QUERY, VARIABLES } from './http/data.js';
import {
  inclusiveTimes,
  type ProfileSummary,
  profileLines,
  profilesJson,
  summariseProfile,
} from './http/profile.js';
import type { MemoryResult } from './http/workers/memory.js';
import type { TimeConfig, TimeResult } from './http/workers/time.js';
import {
  at,
  int,
  num,
  range,
  ratioStats,
  signed,
  startReport,
  stats,
  statsOf,
  status,
  times,
} from './lib.js';

const { quick, profile, cache, progress, bundleWorkers, runWorker, profileWorker, writeResults } =
  benchScript('bench:http', 'http');
const schemaFile = join(root, 'examples/blog/schema.graphql');

const TIME: TimeConfig = {
  rounds: quick ? 5 : 21,
  warmupRounds: quick ? 1 : 2,
  slices: 10,
  perSlice: quick ? 10 : 20,
};
const MEMORY_REQUESTS = quick ? 2000 : 10_000;
const COLD_ROUNDS = quick ? 5 : 21;
/**
 * `--no-flush-bytecode`: V8 otherwise discards, after some collections, the bytecode of functions
 * that ran only at start-up, and the heap shrinks by that between checkpoints.
 */
const MEMORY_FLAGS = ['--expose-gc', '--no-flush-bytecode'];
const PROFILE_REQUESTS = 4000;

/** Targets. "+30 KB" read strictly, as bench/run.ts reads "6 KB": 30,000 bytes. */
const TARGET = {
  vsFasterPeer: 0.5,
  vsGraphqlJs: 1.3,
  bundleExtraBytes: 30_000,
  coldVsYoga: 0.6,
  /**
   * Heap growth from the 1k to the 10k checkpoint, per request: 288 KB over 9,000 requests. A
   * request that left anything behind (its context objects, its response of 11 KB) would grow it
   * by hundreds of bytes or more; V8's own drift between checkpoints is within ±300 KB.
   */
  flatBytesPerRequest: 32,
};

/** The variants' names in the tables. */
const LABEL: Record<string, string> = {
  'appsync-direct': 'appsync-direct createGraphQLHandler',
  yoga: 'GraphQL Yoga, fetch API',
  apollo: 'Apollo Server, @as-integrations/aws-lambda',
  'graphql-js': 'graphql-js alone, minimal handler',
  execute: 'graphql-js execute() only, parsed document',
};
const HANDLERS = ['appsync-direct', 'graphql-js', 'yoga', 'apollo'] as const;

// --- bundles ------------------------------------------------------------------------------------

/**
 * The measuring processes (the require banner: Apollo's bundled CommonJS needs it), with the
 * schema file beside them.
 */
async function bundleTimeAndMemory(): Promise<string> {
  const outdir = await bundleWorkers({
    dir: 'bench/http/workers',
    workers: ['time', 'memory'],
    subpaths: ['http', 'testing'],
    banner: REQUIRE_BANNER,
  });
  copyFileSync(schemaFile, join(outdir, 'schema.graphql'));
  return outdir;
}

/**
 * A project as a user of the package has it: the handlers and the modules they import, copied
 * with their relative paths, a tsconfig.json of its own, and `node_modules/appsync-direct`
 * linking to this package (its exports map, so dist/). Other packages resolve from the
 * repository's node_modules above it.
 */
function makeProject(): string {
  const project = join(cache, 'project');
  rmSync(project, { recursive: true, force: true });
  const files = [
    'examples/blog/handler.ts',
    'examples/blog/data.ts',
    'examples/blog/schema.generated.ts',
    'bench/http/data.ts',
    'bench/http/peers.ts',
    'bench/http/schema.ts',
    ...HANDLERS.map((name) => `bench/http/handlers/${name}.ts`),
    'bench/http/handlers/yoga-server.js',
  ];
  for (const file of files) {
    mkdirSync(dirname(join(project, file)), { recursive: true });
    copyFileSync(join(root, file), join(project, file));
  }
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        verbatimModuleSyntax: true,
      },
    }),
  );
  // A package of its own, so that the name appsync-direct is not this repository's own name
  // (a self-reference) but the dependency in its node_modules.
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'blog-http', private: true, type: 'module' }),
  );
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  symlinkSync(root, join(project, 'node_modules/appsync-direct'), 'dir');
  return project;
}

interface BundleInfo {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
}

interface Bundles {
  /** `appsync-direct build --handler …`: minified, names kept, with the require banner. */
  cli: BundleInfo[];
  /** esbuild --bundle --minify --platform=node --format=esm --target=node20 (+ require banner). */
  esbuild: BundleInfo[];
  /** The largest inputs of each plain esbuild bundle, in bytes of minified output. */
  inputs: Record<string, Record<string, number>>;
  /** What `appsync-direct build` warned about, per handler. */
  cliWarnings: Record<string, string>;
}

const sizeOf = (name: string, file: string): BundleInfo => {
  const code = readFileSync(file);
  return { name, file, bytes: code.byteLength, gzip: gzipSync(code).byteLength };
};

/** Groups a bundle input by package, or by appsync-direct's folder. */
function inputGroup(path: string): string {
  if (path.includes('/http/project/')) return 'handler, app and data';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg !== null && !path.includes('node_modules/appsync-direct/')) return pkg[1] as string;
  const dist = /(?:^|\/)dist\/([^/]+)\//.exec(path);
  if (dist !== null) return `appsync-direct ${dist[1]}/`;
  if (/(?:^|\/)dist\/[^/]+\.js$/.test(path)) return 'appsync-direct runtime';
  return 'handler, app and data';
}

async function bundleHandlers(project: string): Promise<Bundles> {
  const out = join(cache, 'bundles');
  rmSync(out, { recursive: true, force: true });
  const result: Bundles = { cli: [], esbuild: [], inputs: {}, cliWarnings: {} };
  for (const name of HANDLERS) {
    // The project's bundler, as a user runs it.
    const dir = join(out, 'cli', name);
    const built = spawnSync(
      process.execPath,
      [
        join(root, 'bin/appsync-direct.js'),
        'build',
        '--handler',
        `bench/http/handlers/${name}.ts`,
        '--out',
        dir,
      ],
      { cwd: project, encoding: 'utf8', env: cleanEnv() },
    );
    if (built.status !== 0) {
      throw new Error(`appsync-direct build of ${name} failed:\n${built.stdout}${built.stderr}`);
    }
    result.cliWarnings[name] = built.stderr.trim();
    copyFileSync(schemaFile, join(dir, 'schema.graphql'));
    result.cli.push(sizeOf(name, join(dir, 'index.mjs')));

    // Plain esbuild, the same way for every handler.
    const plainDir = join(out, 'esbuild', name);
    const file = join(plainDir, 'index.mjs');
    const plain = await build({
      entryPoints: [join(project, `bench/http/handlers/${name}.ts`)],
      outfile: file,
      ...USER_BUILD,
      banner: { js: REQUIRE_BANNER },
      metafile: true,
      logLevel: 'warning',
    });
    copyFileSync(schemaFile, join(plainDir, 'schema.graphql'));
    result.esbuild.push(sizeOf(name, file));
    const groups: Record<string, number> = {};
    for (const output of Object.values(plain.metafile.outputs)) {
      for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
        const group = inputGroup(path);
        groups[group] = (groups[group] ?? 0) + bytesInOutput;
      }
    }
    result.inputs[name] = Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1]));
  }
  return result;
}

// --- running the workers ------------------------------------------------------------------------

/** The heap workers, two at a time: they count bytes, not time, so they may share the cores. */
async function runMemory(workers: string): Promise<MemoryResult[]> {
  const one = (variant: string) =>
    new Promise<MemoryResult>((resolve, reject) => {
      const out = join(cache, `memory-${variant}.json`);
      const child = spawn(
        process.execPath,
        [...MEMORY_FLAGS, join(workers, 'memory.mjs'), variant, String(MEMORY_REQUESTS), out],
        { env: cleanEnv(), stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      child.on('close', (code) => {
        if (code !== 0) reject(new Error(`memory worker ${variant} failed (${code}): ${stderr}`));
        else resolve(JSON.parse(readFileSync(out, 'utf8')) as MemoryResult);
      });
    });
  const results: MemoryResult[] = [];
  for (let i = 0; i < HANDLERS.length; i += 2) {
    results.push(...(await Promise.all(HANDLERS.slice(i, i + 2).map(one))));
  }
  return results;
}

interface Profiles {
  dir: string;
  /** The requests profiled. */
  requests: number;
  summaries: Record<string, ProfileSummary>;
  /** Inclusive ms of appsync-direct's functions in its profile. */
  inclusive: Record<string, number>;
}

/** The module groups of a profile: appsync-direct's files, graphql-js's folders, packages. */
function profileGroup(module: string): string {
  const parts = module.split('/');
  if (parts[0] !== 'graphql' || parts.length < 3) return module;
  return parts[1] === 'jsutils' ? module : `graphql/${parts[1]}/`;
}

function runProfiles(workers: string): Profiles {
  const dir = join(tmpdir(), 'appsync-direct-bench-http-profiles');
  rmSync(dir, { recursive: true, force: true });
  const summaries: Record<string, ProfileSummary> = {};
  let inclusive: Record<string, number> = {};
  const bundle = join(workers, 'time.mjs');
  for (const variant of ['appsync-direct', 'graphql-js']) {
    const variantDir = join(dir, variant);
    const path = profileWorker(variantDir, bundle, [
      JSON.stringify({ ...TIME, only: [variant], requests: PROFILE_REQUESTS }),
    ]);
    summaries[variant] = summariseProfile(path, bundle, profileGroup, 30);
    if (variant === 'appsync-direct') {
      inclusive = Object.fromEntries(
        [...inclusiveTimes(path, bundle)]
          .filter(([key]) => / \((dist|examples)\//.test(key))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 40),
      );
    }
  }
  return { dir, requests: PROFILE_REQUESTS, summaries, inclusive };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  progress('bundling the workers (appsync-direct from dist/)');
  const workers = await bundleTimeAndMemory();
  progress('bundling the handlers: appsync-direct build, and plain esbuild');
  const project = makeProject();
  const bundles = await bundleHandlers(project);

  progress(`time per request: ${TIME.rounds} rounds`);
  const time = runWorker<TimeResult>([], join(workers, 'time.mjs'), [JSON.stringify(TIME)]);

  progress(`heap: ${MEMORY_REQUESTS} requests per handler`);
  const memory = await runMemory(workers);

  progress(`cold start: ${COLD_ROUNDS} rounds of ${HANDLERS.length + 2} processes`);
  const cold = timeColdStarts(
    bundles.cli.map(({ name, file }) => ({ name, file })),
    COLD_ROUNDS,
    time.eventJson,
    time.dataJson,
  );

  let profiles: Profiles | undefined;
  if (profile) {
    progress(`CPU profiles: ${PROFILE_REQUESTS} requests of appsync-direct, then graphql-js alone`);
    profiles = runProfiles(workers);
  }

  const report = buildReport(time, bundles, cold, memory, profiles);
  printReport(report, report.profileLines);
  const seconds = writeResults('bench/results/http.json', report.json);
  progress(`wrote bench/results/http.json (${seconds} s after the build)`);
}

// --- the report ---------------------------------------------------------------------------------

const kb = (n: number) => `${num(n / 1000, 3)} KB`;
const signedKb = (bytes: number) => signed(bytes, kb);

function buildReport(
  time: TimeResult,
  bundles: Bundles,
  cold: ColdTimes,
  memory: MemoryResult[],
  profiles: Profiles | undefined,
) {
  const { rows, section, targets, finish } = startReport();
  const us = time.us as Record<string, number[]>;
  const ours = us['appsync-direct'] as number[];
  const floor = us['graphql-js'] as number[];
  const executeOnly = us.execute as number[];
  const fasterPeer = (us.yoga as number[]).map((y, i) => Math.min(y, at(us.apollo as number[], i)));
  const fasterName = (i: number) =>
    at(us.yoga as number[], i) <= at(us.apollo as number[], i) ? 'yoga' : 'apollo';
  const vsPeer = ratioStats(ours, fasterPeer);
  const vsFloor = ratioStats(ours, floor);
  targets.vsFasterPeer = {
    target: `time per request: appsync-direct ≤ ${TARGET.vsFasterPeer}× the faster of Yoga and Apollo`,
    value: `${num(vsPeer.median, 3)}×`,
    met: vsPeer.median <= TARGET.vsFasterPeer,
  };
  targets.vsGraphqlJs = {
    target: `time per request: appsync-direct ≤ ${TARGET.vsGraphqlJs}× graphql-js execute (minimal handler)`,
    value: `${num(vsFloor.median, 3)}×`,
    met: vsFloor.median <= TARGET.vsGraphqlJs,
  };
  const usCell = (s: number[]) => range(stats(s), (n) => num(n, 3));
  section(
    `1. Time per request (µs): listPosts(limit: 20) + author + comments(limit: 3) + their authors, ${int(time.dataBytes)} bytes of data`,
  );
  rows.push([
    LABEL['appsync-direct'] as string,
    usCell(ours),
    `${times(vsPeer)} faster of Yoga, Apollo`,
    `${times(vsFloor)} graphql-js handler`,
    `≤ ${TARGET.vsFasterPeer}× peer: ${status(targets.vsFasterPeer.met)}; ≤ ${TARGET.vsGraphqlJs}× graphql-js: ${status(targets.vsGraphqlJs.met)}`,
  ]);
  for (const name of ['yoga', 'apollo'] as const) {
    rows.push([
      LABEL[name] as string,
      usCell(us[name] as number[]),
      `${times(ratioStats(us[name] as number[], floor))} graphql-js handler`,
      `${times(ratioStats(ours, us[name] as number[]))} (appsync-direct ÷ this)`,
      '',
    ]);
  }
  rows.push([
    LABEL['graphql-js'] as string,
    usCell(floor),
    `${times(ratioStats(floor, executeOnly))} execute() only`,
    '',
    '',
  ]);
  rows.push([
    LABEL.execute as string,
    usCell(executeOnly),
    '',
    `${times(ratioStats(ours, executeOnly))} (appsync-direct ÷ this)`,
    '',
  ]);
  rows.push([
    'appsync-direct − graphql-js handler',
    range(stats(ours.map((x, i) => x - at(floor, i))), (n) => num(n, 3)),
    '',
    '',
    '',
  ]);

  // 2. Bundles.
  section('2. Minified bundle of the handler (bytes)');
  const cliOf = (name: string) => bundles.cli.find((b) => b.name === name) as BundleInfo;
  const plainOf = (name: string) => bundles.esbuild.find((b) => b.name === name) as BundleInfo;
  const extra = cliOf('appsync-direct').bytes - cliOf('graphql-js').bytes;
  targets.bundle = {
    target: `bundle (appsync-direct build): appsync-direct ≤ graphql-js alone + ${int(TARGET.bundleExtraBytes)} bytes`,
    value: `+${int(extra)} bytes`,
    met: extra <= TARGET.bundleExtraBytes,
  };
  for (const name of HANDLERS) {
    const cli = cliOf(name);
    const plain = plainOf(name);
    const overFloor = cli.bytes - cliOf('graphql-js').bytes;
    rows.push([
      `${LABEL[name]}`,
      `${int(cli.bytes)} (gzip ${int(cli.gzip)})`,
      `plain esbuild: ${int(plain.bytes)} (gzip ${int(plain.gzip)})`,
      name === 'graphql-js' ? '' : `${signedKb(overFloor)} over graphql-js alone`,
      name === 'appsync-direct'
        ? `≤ +${kb(TARGET.bundleExtraBytes)}: +${int(extra)} bytes, ${status(targets.bundle.met)}`
        : '',
    ]);
  }

  // 3. Cold start.
  section('3. Cold start: a new node loads the bundle and answers one request (ms)');
  const spawned = cold.spawn;
  const bare = spawned.bare as number[];
  const runner = spawned.runner as number[];
  const over = (ms: number[]) => ms.map((x, i) => x - at(runner, i));
  const ourCold = spawned['appsync-direct'] as number[];
  const yogaCold = spawned.yoga as number[];
  const coldVsYoga = ratioStats(ourCold, yogaCold);
  const coldOverVsYoga = stats(over(ourCold).map((x, i) => x / at(over(yogaCold), i)));
  targets.coldStart = {
    target: `cold start: appsync-direct ≤ ${TARGET.coldVsYoga}× Yoga (the whole process)`,
    value: `${num(coldVsYoga.median, 3)}× (loading and answering alone, over the runner: ${num(coldOverVsYoga.median, 3)}×)`,
    met: coldVsYoga.median <= TARGET.coldVsYoga,
  };
  const msCell = (values: number[]) => range(stats(values), (n) => num(n, 3));
  rows.push(['node -e 0', msCell(bare), '', '', '']);
  rows.push([
    'runner, empty module',
    msCell(runner),
    `${times(ratioStats(runner, bare))} node -e 0`,
    `in process: import ${num(stats(cold.importMs.runner as number[]).median, 2)}, answer ${num(stats(cold.answerMs.runner as number[]).median, 2)}`,
    '',
  ]);
  for (const name of HANDLERS) {
    const ms = spawned[name] as number[];
    const phases = `in process: import ${num(stats(cold.importMs[name] as number[]).median, 3)}, first answer ${num(stats(cold.answerMs[name] as number[]).median, 3)}`;
    rows.push([
      LABEL[name] as string,
      msCell(ms),
      name === 'yoga'
        ? `${range(stats(over(ms)), signed)} ms over runner`
        : `${times(ratioStats(ms, yogaCold))} Yoga; ${range(stats(over(ms)), signed)} ms over runner`,
      phases,
      name === 'appsync-direct'
        ? `≤ ${TARGET.coldVsYoga}× Yoga: ${status(targets.coldStart.met)} (over runner: ${times(coldOverVsYoga)})`
        : '',
    ]);
  }

  // 4. Heap.
  const checkpointLabels = (memory[0]?.checkpoints ?? []).map((c) => int(c.requests));
  section(`4. Heap after GC at ${checkpointLabels.join(', ')} requests (MB)`);
  const memoryJson: Record<string, unknown> = {};
  for (const m of memory) {
    type Checkpoint = { requests: number; heap: number };
    const [warm, first, middle, last] = m.checkpoints as [
      Checkpoint,
      Checkpoint,
      Checkpoint,
      Checkpoint,
    ];
    const perRequest = (last.heap - first.heap) / (last.requests - first.requests);
    memoryJson[m.variant] = { checkpoints: m.checkpoints, bytesPerRequest: perRequest };
    const flat = perRequest < TARGET.flatBytesPerRequest;
    if (m.variant === 'appsync-direct') {
      targets.memory = {
        target: `heap flat over ${int(last.requests)} requests: growth from ${int(first.requests)} to ${int(last.requests)} < ${TARGET.flatBytesPerRequest} bytes per request`,
        value: `${num(perRequest, 3)} bytes per request (${signedKb(last.heap - first.heap)})`,
        met: flat,
      };
    }
    rows.push([
      LABEL[m.variant] as string,
      m.checkpoints.map((c) => num(c.heap / 1e6, 4)).join(' → '),
      `${signedKb(last.heap - first.heap)} from ${int(first.requests)} to ${int(last.requests)}: ${num(perRequest, 2)} bytes per request`,
      `${signedKb(middle.heap - first.heap)}, then ${signedKb(last.heap - middle.heap)}; ${signedKb(first.heap - warm.heap)} while warming (${int(warm.requests)} to ${int(first.requests)})`,
      m.variant === 'appsync-direct' ? `flat: ${status(flat)}` : '',
    ]);
  }

  const fasterCount = fasterPeer.filter((_, i) => fasterName(i) === 'yoga').length;
  const notes = [
    `Every variant answered 200 with the same data (${int(time.dataBytes)} bytes of JSON) and no errors before timing; the HTTP API event is ${int(time.eventBytes)} bytes.`,
    `"Faster of Yoga and Apollo" is taken per round: Yoga was the faster in ${fasterCount} of ${fasterPeer.length} rounds.`,
    `Time: ${TIME.rounds} rounds after ${TIME.warmupRounds} warm-up rounds; each round is ${TIME.slices} slices of ${TIME.perSlice} requests per variant, variants in a rotating order.`,
    `Bundles: "appsync-direct build" is node bin/appsync-direct.js build --handler <file> (esbuild, minified, names kept, source map beside it, a require() banner); "plain esbuild" is esbuild --bundle --minify --platform=node --format=esm --target=node20 with the same banner. Cold start loads the appsync-direct build bundles.`,
  ];

  const profileText: string[] = [];
  if (profiles !== undefined) {
    const lines = profileLines(profiles.requests);
    for (const [variant, summary] of Object.entries(profiles.summaries)) {
      profileText.push(
        ...lines.byModule(variant, String(profiles.requests), summary, 24),
        `Profile of ${variant}: the functions of most self time, per request`,
        ...lines.byFunction(summary, 20),
      );
    }
    profileText.push(
      ...lines.inclusive(
        'Profile of appsync-direct: inclusive time of its functions, per request',
        profiles.inclusive,
        Number.POSITIVE_INFINITY,
        profiles.dir,
      ),
    );
  }

  const json = {
    ...resultHeader('src', [
      'graphql',
      'graphql-yoga',
      '@apollo/server',
      '@as-integrations/aws-lambda',
      'dataloader',
      'esbuild',
    ]),
    method: {
      query: QUERY,
      variables: VARIABLES,
      time: TIME,
      memory: { requests: MEMORY_REQUESTS, flags: MEMORY_FLAGS.join(' ') },
      coldStart: { rounds: COLD_ROUNDS },
      targets: TARGET,
    },
    time: {
      usPerRequest: statsOf(us),
      oursVsFasterPeer: vsPeer,
      oursVsGraphqlJs: vsFloor,
      oursVsExecuteOnly: ratioStats(ours, executeOnly),
      answers: time.answers,
      dataBytes: time.dataBytes,
      eventBytes: time.eventBytes,
      event: JSON.parse(time.eventJson) as unknown,
      raw: us,
    },
    bundles: {
      cli: bundles.cli.map(({ name, bytes, gzip }) => ({ name, bytes, gzip })),
      esbuild: bundles.esbuild.map(({ name, bytes, gzip }) => ({ name, bytes, gzip })),
      inputs: bundles.inputs,
      cliWarnings: bundles.cliWarnings,
    },
    coldStart: {
      ms: statsOf(cold.spawn),
      importMs: statsOf(nonEmpty(cold.importMs)),
      answerMs: statsOf(nonEmpty(cold.answerMs)),
      oursVsYoga: coldVsYoga,
      oursVsYogaOverRunner: coldOverVsYoga,
      raw: cold,
    },
    memory: memoryJson,
    profile: profilesJson(profiles),
  };
  return { ...finish(notes, json), profileLines: profileText };
}

/** The series that have values (`node -e 0` has no in-process times). */
function nonEmpty(series: Record<string, number[]>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(series).filter(([, values]) => values.length > 0));
}

await main();
