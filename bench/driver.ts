/**
 * What the benchmark scripts that run measuring processes share (run.ts, http.ts, client.ts): the
 * repository's paths, the command line, bundling and running the workers, and writing the results.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { cleanEnv } from './cold-start.js';
import { machine } from './lib.js';

/** The repository. */
export const root = fileURLToPath(new URL('..', import.meta.url));

/** Makes `require()` work in an ES module bundle (bundled CommonJS); in every bundle alike. */
export const REQUIRE_BANNER =
  "import{createRequire as __benchRequire}from'node:module';const require=__benchRequire(import.meta.url);";

/** esbuild aliases resolving `appsync-direct` and `appsync-direct/<subpath>` to dist/. */
export function distAlias(subpaths: readonly string[]): Record<string, string> {
  return {
    'appsync-direct': join(root, 'dist/index.js'),
    ...Object.fromEntries(
      subpaths.map((sub) => [`appsync-direct/${sub}`, join(root, 'dist', sub, 'index.js')]),
    ),
  };
}

/**
 * A benchmark script's start, called first: the time (after its imports), its flags (`--quick`,
 * fewer rounds; `--cpu-prof`, also profiles), its cache folder in
 * node_modules/.cache/appsync-direct-bench (`sub` below it, when given), its progress lines on
 * stderr (prefixed with `name`, its npm script), and what it does with its workers and results.
 */
export function benchScript(name: string, sub = '') {
  const started = performance.now();
  const flags = process.argv.slice(2);
  const cache = join(root, 'node_modules/.cache/appsync-direct-bench', sub);

  /**
   * Makes the cache folder and bundles the measuring processes `workers` of the folder `dir`
   * (unminified, so that profiles name functions), appsync-direct and its `subpaths` resolved to
   * dist/, as .mjs files in the cache's `workers` folder, which it returns.
   */
  async function bundleWorkers(options: {
    dir: string;
    workers: readonly string[];
    subpaths: readonly string[];
    banner?: string;
  }): Promise<string> {
    mkdirSync(cache, { recursive: true });
    const outdir = join(cache, 'workers');
    rmSync(outdir, { recursive: true, force: true });
    await build({
      entryPoints: options.workers.map((w) => join(root, options.dir, `${w}.ts`)),
      outdir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      ...(options.banner === undefined ? {} : { banner: { js: options.banner } }),
      alias: distAlias(options.subpaths),
      logLevel: 'warning',
    });
    return outdir;
  }

  /** Runs a worker in a plain `node`; it writes its result as JSON to a file, its last argument. */
  function runWorker<T>(
    nodeFlags: string[],
    file: string,
    args: string[],
    env: NodeJS.ProcessEnv = cleanEnv(),
  ): T {
    const out = join(cache, `result-${process.pid}.json`);
    rmSync(out, { force: true });
    const child = spawnSync(process.execPath, [...nodeFlags, file, ...args, out], {
      encoding: 'utf8',
      env,
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.status !== 0) {
      throw new Error(`${file} failed (exit ${child.status}):\n${child.stdout}${child.stderr}`);
    }
    if (child.stderr.trim() !== '') process.stderr.write(child.stderr);
    const result = JSON.parse(readFileSync(out, 'utf8')) as T;
    rmSync(out, { force: true });
    return result;
  }

  /** Runs a worker under `--cpu-prof`, writing to `dir`; the path of the profile it wrote. */
  function profileWorker(
    dir: string,
    file: string,
    args: string[],
    env: NodeJS.ProcessEnv = cleanEnv(),
  ): string {
    runWorker(['--cpu-prof', `--cpu-prof-dir=${dir}`], file, args, env);
    const [profile] = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'));
    return join(dir, profile as string);
  }

  /**
   * Writes `json` and the run's `durationSeconds` to `file` (a path in the repository), formatted
   * as the repository's formatter would unless `format` is false (the committed results are
   * formatted with the docs). Returns the seconds, rounded.
   */
  function writeResults(file: string, json: object, format = true): number {
    const seconds = Math.round((performance.now() - started) / 1000);
    const out = join(root, file);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, `${JSON.stringify({ ...json, durationSeconds: seconds }, null, 2)}\n`);
    if (format) {
      spawnSync(
        process.execPath,
        [join(root, 'node_modules/@biomejs/biome/bin/biome'), 'format', '--write', out],
        { cwd: root, stdio: 'ignore' },
      );
    }
    return seconds;
  }

  return {
    quick: flags.includes('--quick'),
    profile: flags.includes('--cpu-prof'),
    cache,
    progress: (message: string) => process.stderr.write(`${name}: ${message}\n`),
    bundleWorkers,
    runWorker,
    profileWorker,
    writeResults,
  };
}

/** The installed version of each package, by name. */
function versions(names: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      (
        JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as {
          version: string;
        }
      ).version,
    ]),
  );
}

/**
 * What a results file begins with: the date, the revision measured (its commit, and whether the
 * working tree changes `src`, the sources measured), the machine and, when given, the installed
 * versions of the `packages` compared.
 */
export function resultHeader(src: string, packages?: readonly string[]) {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  return {
    date: new Date().toISOString(),
    revision: {
      commit: git('rev-parse', '--short', 'HEAD'),
      srcModified: git('status', '--porcelain', src) !== '',
    },
    machine: machine(),
    ...(packages === undefined ? {} : { versions: versions(packages) }),
  };
}

/**
 * Prints a report: its table, its targets' table if it has one, its notes as a list, then each of
 * `more`, line by line.
 */
export function printReport(
  report: { table: string[]; targetTable?: string[]; notes: string[] },
  ...more: (readonly string[])[]
): void {
  for (const line of report.table) console.log(line);
  console.log('');
  if (report.targetTable !== undefined) {
    for (const line of report.targetTable) console.log(line);
    console.log('');
  }
  for (const note of report.notes) console.log(`- ${note}`);
  for (const lines of more) for (const line of lines) console.log(line);
}
