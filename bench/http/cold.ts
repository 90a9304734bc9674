/**
 * Cold start of the HTTP handlers, with the method of bench/cold-start.ts: a new `node` process
 * loads a bundle (`node --input-type=module -e '<runner>' <bundle URL>`), calls
 * `handler(event, context)` once with the benchmark's HTTP API event, and prints what it
 * answered, which must be the expected data. Two baselines are spawned in the same rounds: a bare
 * `node -e 0`, and the same runner importing an empty module. Each round spawns all of them in an
 * order rotated every round, after one unmeasured spawn of each (so every file is in the page
 * cache). The runner also reports, from inside the process, how long the import and the first
 * answer took.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { cleanEnv } from '../cold-start.js';
import { rotate } from '../lib.js';

export interface ColdBundle {
  name: string;
  file: string;
}

export interface ColdTimes {
  /** Milliseconds per spawn, one value per round: `bare`, `runner` and each bundle by name. */
  spawn: Record<string, number[]>;
  /** Measured inside the process, per round: the `import()` of the module, in ms. */
  importMs: Record<string, number[]>;
  /** The same: the first `handler(event, context)`, until its answer, in ms. */
  answerMs: Record<string, number[]>;
}

interface RunnerOutput {
  status: number;
  data: unknown;
  importMs: number;
  answerMs: number;
}

/**
 * The runner: imports the module, answers one request, prints the status, the data and the two
 * phases as JSON. An empty module has no `handler`; the runner then calls one that answers
 * `{ "data": null }`.
 */
function runnerScript(eventJson: string): string {
  return `const started = performance.now();
const module = await import(process.argv[1]);
const imported = performance.now();
const { handler = async () => ({ statusCode: 200, body: '{"data":null}' }) } = module;
const deadline = Date.now() + 30000;
const context = { awsRequestId: 'cold', functionName: 'blog-http', getRemainingTimeInMillis: () => deadline - Date.now() };
const result = await handler(${eventJson}, context);
const answered = performance.now();
process.stdout.write(JSON.stringify({ status: result.statusCode, data: JSON.parse(result.body).data, importMs: imported - started, answerMs: answered - imported }));`;
}

export function timeColdStarts(
  bundles: readonly ColdBundle[],
  rounds: number,
  eventJson: string,
  expectedData: string,
): ColdTimes {
  const runner = runnerScript(eventJson);
  const empty = join(dirname(bundles[0]?.file ?? '.'), 'empty.mjs');
  writeFileSync(empty, '');
  const env = cleanEnv();
  const names = ['bare', 'runner', ...bundles.map((b) => b.name)];
  const series = () => Object.fromEntries(names.map((name) => [name, [] as number[]]));
  const times: ColdTimes = { spawn: series(), importMs: series(), answerMs: series() };
  const spawn = (name: string, record: boolean): void => {
    const file = name === 'runner' ? empty : bundles.find((b) => b.name === name)?.file;
    const args =
      name === 'bare'
        ? ['-e', '0']
        : ['--input-type=module', '-e', runner, pathToFileURL(file as string).href];
    const started = performance.now();
    const child = spawnSync(process.execPath, args, { encoding: 'utf8', env });
    const elapsed = performance.now() - started;
    const fail = () => {
      throw new Error(
        `cold start of ${name}: exit ${child.status}, ${child.stdout.slice(0, 300)}${child.stderr}`,
      );
    };
    if (child.status !== 0) fail();
    if (name !== 'bare') {
      const out = JSON.parse(child.stdout) as RunnerOutput;
      const want = name === 'runner' ? 'null' : expectedData;
      if (out.status !== 200 || JSON.stringify(out.data) !== want) fail();
      if (record) {
        times.importMs[name]?.push(out.importMs);
        times.answerMs[name]?.push(out.answerMs);
      }
    }
    if (record) times.spawn[name]?.push(elapsed);
  };
  for (const name of names) spawn(name, false);
  for (let round = 0; round < rounds; round++) {
    for (const name of rotate(names, round)) spawn(name, true);
  }
  return times;
}
