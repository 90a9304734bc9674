/**
 * Cold start: the handlers of bench/handlers bundled as a user's build bundles them (esbuild,
 * minified, ESM, platform node, target node20), their size, and the time a new `node` process
 * takes to load one and answer one Invoke, against two baselines spawned in the same rounds: a bare
 * `node -e 0`, and the same runner importing an empty module (the runner's own cost). Also what
 * importing appsync-direct executes.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import ts from 'typescript';
import { getPostEvent, rotate } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const runtime = join(root, 'dist/index.js');

/** The bundles compared: each exports `handler`. */
export const COLD_HANDLERS = [
  'ours-one',
  'powertools-one',
  'hand-one',
  'ours-fifty',
  'powertools-fifty',
  'hand-fifty',
] as const;
export type ColdHandler = (typeof COLD_HANDLERS)[number];

export interface BundleInfo {
  name: ColdHandler;
  file: string;
  bytes: number;
  gzip: number;
  /** The largest inputs of the bundle, in bytes of minified output. */
  inputs: Record<string, number>;
}

/** The options of a user's production build (esbuild): one minified ES module for Node 20. */
export const USER_BUILD = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
} as const;

/** The same, with appsync-direct from dist/. */
const OURS_BUILD = {
  ...USER_BUILD,
  alias: { 'appsync-direct': runtime },
  logLevel: 'warning',
} as const;

export async function bundleHandlers(outDir: string): Promise<BundleInfo[]> {
  mkdirSync(outDir, { recursive: true });
  const bundles: BundleInfo[] = [];
  for (const name of COLD_HANDLERS) {
    const file = join(outDir, `${name}.mjs`);
    const result = await build({
      ...OURS_BUILD,
      entryPoints: [join(root, 'bench/handlers', `${name}.ts`)],
      outfile: file,
      metafile: true,
    });
    const code = readFileSync(file);
    const output = Object.values(result.metafile.outputs)[0];
    const inputs = Object.entries(output?.inputs ?? {})
      .map(([path, { bytesInOutput }]) => [path.replace(/^.*node_modules\//, ''), bytesInOutput])
      .sort((a, b) => (b[1] as number) - (a[1] as number))
      .slice(0, 12);
    bundles.push({
      name,
      file,
      bytes: code.byteLength,
      gzip: gzipSync(code).byteLength,
      inputs: Object.fromEntries(inputs),
    });
  }
  return bundles;
}

export interface ImportCheck {
  /** Bytes of a minified bundle of `import 'appsync-direct'`, as a user's build makes it. */
  importOnlyBytes: number;
  /**
   * The same bundle with esbuild told to ignore `sideEffects: false` and `@__PURE__` comments:
   * what is left is every top-level statement esbuild cannot prove free of effects.
   */
  residue: { bytes: number; declarations: number; expressions: number; statements: string[] };
  /** After `import('appsync-direct')` in a new process: timers and handles left, output written. */
  runtime: { timers: number; output: string };
}

export async function importCheck(): Promise<ImportCheck> {
  const bundle = async (ignoreAnnotations: boolean, minify: boolean) => {
    const result = await build({
      ...OURS_BUILD,
      minify,
      ignoreAnnotations,
      stdin: { contents: "import 'appsync-direct';", resolveDir: root, loader: 'js' },
      write: false,
      // esbuild warns that the import is dropped: that is the point.
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  };
  const importOnly = await bundle(false, true);
  const residue = await bundle(true, false);
  const source = ts.createSourceFile('residue.js', residue, ts.ScriptTarget.Latest, false);
  let declarations = 0;
  let expressions = 0;
  const statements: string[] = [];
  for (const statement of source.statements) {
    const text = statement.getText(source).replace(/\s+/g, ' ');
    statements.push(text.length > 100 ? `${text.slice(0, 97)}...` : text);
    if (ts.isExpressionStatement(statement)) expressions++;
    else declarations++;
  }
  const probe = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(pathToFileURL(runtime).href)});
       const timers = process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'Immediate');
       process.stderr.write(String(timers.length));`,
    ],
    { encoding: 'utf8', env: cleanEnv() },
  );
  if (probe.status !== 0) throw new Error(`importing dist/index.js failed: ${probe.stderr}`);
  return {
    importOnlyBytes: Buffer.byteLength(importOnly),
    residue: {
      bytes: Buffer.byteLength(await bundle(true, true)),
      declarations,
      expressions,
      statements,
    },
    runtime: { timers: Number(probe.stderr), output: probe.stdout },
  };
}

/**
 * The environment of every measuring process: without loader hooks a parent (tsx) may have set,
 * and without the log-level variables that would make a handler log on every call (Lambda's
 * `AWS_LAMBDA_LOG_LEVEL`, read by appsync-direct and Powertools; Powertools' own `POWERTOOLS_*`
 * settings; a generic `LOG_LEVEL`), so that every handler runs with its default, quiet level.
 */
export function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'NODE_OPTIONS',
    'AWS_LAMBDA_LOG_LEVEL',
    'AWS_LAMBDA_LOG_FORMAT',
    'POWERTOOLS_LOG_LEVEL',
    'POWERTOOLS_DEV',
    'POWERTOOLS_LOGGER_LOG_EVENT',
    'LOG_LEVEL',
  ]) {
    delete env[name];
  }
  return env;
}

/** The baselines of a cold start: a bare `node -e 0`, and the runner importing an empty module. */
export type ColdBaseline = 'bare' | 'runner';

/** Milliseconds per spawn, one value per round, for each baseline and each bundle. */
export type ColdTimes = Record<ColdBaseline | ColdHandler, number[]>;

/**
 * Each round spawns `node -e 0`, the runner on an empty module, and the runner on each bundle, in
 * an order rotated every round. The runner imports the module, calls `handler(event, context)`
 * with a `Query.getPost` Invoke and prints the answer, which must be the post; the empty module
 * exports nothing, so the runner calls a default handler answering `null` in its place.
 */
export function timeColdStarts(bundles: readonly BundleInfo[], rounds: number): ColdTimes {
  const event = JSON.stringify(getPostEvent('1'));
  const expected = JSON.stringify({ id: '1', title: 'Post 1', authorId: 'u1' });
  const runner = `const { handler = async () => null } = await import(process.argv[1]);
const deadline = Date.now() + 30000;
const context = { awsRequestId: 'cold', getRemainingTimeInMillis: () => deadline - Date.now() };
process.stdout.write(JSON.stringify(await handler(${event}, context)));`;
  const empty = join(dirname(bundles[0]?.file ?? root), 'empty.mjs');
  writeFileSync(empty, '');
  const env = cleanEnv();
  const spawn = (name: ColdBaseline | ColdHandler): number => {
    const file = name === 'runner' ? empty : bundles.find((b) => b.name === name)?.file;
    const args =
      name === 'bare'
        ? ['-e', '0']
        : ['--input-type=module', '-e', runner, pathToFileURL(file as string).href];
    const want = name === 'runner' ? 'null' : expected;
    const started = performance.now();
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    const elapsed = performance.now() - started;
    if (child.status !== 0 || (name !== 'bare' && child.stdout !== want)) {
      throw new Error(
        `cold start of ${name}: exit ${child.status}, ${child.stdout}${child.stderr}`,
      );
    }
    return elapsed;
  };
  const names = ['bare', 'runner', ...bundles.map((b) => b.name)] as (ColdBaseline | ColdHandler)[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as ColdTimes;
  for (const name of names) spawn(name); // the page cache holds every file before timing
  for (let round = 0; round < rounds; round++) {
    for (const name of rotate(names, round)) times[name].push(spawn(name));
  }
  return times;
}
