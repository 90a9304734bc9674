/**
 * What the measuring processes of the benchmarks share (bench/workers, bench/http/workers,
 * bench/client/workers): their command line, the profile mode, and rounds of slices run in a
 * rotating order.
 */
import { writeFileSync } from 'node:fs';
import { rotate } from './lib.js';

/**
 * A worker's command line, `node <worker>.mjs '<config JSON>' <out.json>`: the config, parsed,
 * and the file to write the result to.
 */
export function workerArgs<T>(worker: string): { config: T; outPath: string } {
  const [configArg, outPath] = process.argv.slice(2);
  if (configArg === undefined || outPath === undefined) {
    throw new Error(`usage: node ${worker}.mjs <config JSON> <out.json>`);
  }
  return { config: JSON.parse(configArg) as T, outPath };
}

/** A config's profile mode: run only these variants, `requests` requests each, and time nothing. */
export interface ProfileMode {
  only?: string[];
  requests?: number;
}

/** `n` runs, one after another. */
async function repeatRuns(run: () => Promise<unknown>, n: number): Promise<unknown> {
  for (let i = 0; i < n; i++) await run();
  return undefined;
}

/**
 * The process a CPU profile is taken of: with `only` in the config, runs just those variants,
 * `requests` (10,000 by default) each through `repeat`, writes nothing but their names to
 * `outPath` and returns true. Without `only`, does nothing and returns false.
 */
export async function profileOnly(
  config: ProfileMode,
  variants: Readonly<Record<string, () => Promise<unknown>>>,
  outPath: string,
  repeat: (run: () => Promise<unknown>, n: number) => Promise<unknown> = repeatRuns,
): Promise<boolean> {
  if (config.only === undefined) return false;
  for (const name of config.only) {
    const run = variants[name];
    if (run === undefined) throw new Error(`no variant ${name}`);
    await repeat(run, config.requests ?? 10_000);
  }
  writeFileSync(outPath, JSON.stringify({ profiled: config.only }));
  return true;
}

export interface SliceConfig {
  rounds: number;
  warmupRounds: number;
  /** Each round is cut into this many slices; every slice runs every variant in turn. */
  slices: number;
  /** Runs per variant per slice. */
  perSlice: number;
}

/**
 * Warm-up rounds, then `rounds` rounds, each cut into slices: every slice runs each variant in
 * turn, in an order that rotates from slice to slice, so that a change of load on the machine
 * reaches all variants alike. `time(name)` runs one variant's slice and gives its milliseconds.
 * A variant's value for a round is its milliseconds summed over the slices × `scale` ÷ its runs
 * (1000 for µs per run, 1e6 for ns); one value per round, warm-up rounds left out.
 */
export async function slicedRounds(
  names: readonly string[],
  config: SliceConfig,
  time: (name: string) => Promise<number>,
  scale: number,
): Promise<Record<string, number[]>> {
  const values: Record<string, number[]> = Object.fromEntries(
    names.map((n) => [n, [] as number[]]),
  );
  for (let round = -config.warmupRounds; round < config.rounds; round++) {
    const totals: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
    for (let slice = 0; slice < config.slices; slice++) {
      for (const name of rotate(names, round + slice)) {
        totals[name] = (totals[name] as number) + (await time(name));
      }
    }
    if (round < 0) continue;
    const runs = config.slices * config.perSlice;
    for (const name of names) values[name]?.push(((totals[name] as number) * scale) / runs);
  }
  return values;
}
