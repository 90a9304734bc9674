/**
 * appsync-direct's generateTypes against GraphQL Code Generator's `typescript` plugin, on the
 * large test schema (test/codegen/schemas/commerce.graphql, with appsync.graphql for the other
 * tool): generation time (median of 20 runs each, taken in turns in one process after a
 * warm-up), output size, and what each output types per field. Not part of `npm test`.
 *
 * The GraphQL Code Generator packages are not dependencies of this project: install them in a
 * scratch directory and pass it (default /tmp/gcg):
 *
 *   mkdir -p /tmp/gcg && cd /tmp/gcg && npm init -y
 *   npm i graphql@16 @graphql-codegen/core@6 @graphql-codegen/typescript@6
 *   npx tsx bench/codegen-compare.ts /tmp/gcg
 *
 * With --install, it first measures the install of @graphql-codegen/typescript alone in a new
 * scratch directory (packages added, size on disk besides graphql, npm install time), and
 * whether @graphql-codegen/cli installs:
 *
 *   npx tsx bench/codegen-compare.ts /tmp/gcg --install
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { generateTypes } from '../src/codegen/generate.js';
import { buildAppSyncSchema } from '../src/engine/schema.js';

const RUNS = 20;
const WARM_UP = 3;

const args = process.argv.slice(2);
const install = args.includes('--install');
const dir = args.find((arg) => !arg.startsWith('--')) ?? process.env.GCG_DIR ?? '/tmp/gcg';

const root = fileURLToPath(new URL('..', import.meta.url));
const sdl = readFileSync(join(root, 'test/codegen/schemas/commerce.graphql'), 'utf8');
const appsync = readFileSync(join(root, 'appsync.graphql'), 'utf8');

/** The parts of graphql and @graphql-codegen/* used here, loaded from the scratch directory. */
interface Graphql {
  parse(source: string): unknown;
  buildASTSchema(document: unknown): unknown;
}
interface Core {
  codegen(options: {
    filename: string;
    schema: unknown;
    schemaAst?: unknown;
    documents: unknown[];
    config: Record<string, unknown>;
    plugins: Record<string, unknown>[];
    pluginMap: Record<string, unknown>;
  }): Promise<string>;
}
interface TypescriptPlugin {
  plugin(schema: unknown, documents: unknown[], config: Record<string, unknown>): unknown;
}

function sh(command: string, cwd: string): { status: number | null; output: string; ms: number } {
  const started = performance.now();
  const result = spawnSync('sh', ['-c', command], { cwd, encoding: 'utf8' });
  return {
    status: result.status,
    output: `${result.stdout}${result.stderr}`,
    ms: performance.now() - started,
  };
}

/** Installs @graphql-codegen/typescript alone next to graphql, and tries @graphql-codegen/cli. */
function measureInstall(): void {
  const scratch = mkdtempSync(join(tmpdir(), 'gcg-install-'));
  try {
    sh('npm init -y && npm i --no-audit --no-fund graphql@16', scratch);
    const before = sh('npm ls --all --parseable', scratch).output.trim().split('\n').length;
    const typescript = sh('npm i --no-audit --no-fund @graphql-codegen/typescript@6', scratch);
    const after = sh('npm ls --all --parseable', scratch).output.trim().split('\n').length;
    const kib = (path: string) => Number(sh(`du -sk ${path}`, scratch).output.split('\t')[0]);
    const apparent = (path: string) =>
      Number(sh(`du -sk --apparent-size ${path}`, scratch).output.split('\t')[0]);
    const engine = typescript.output.match(
      /package: '([^']+)',[\s\S]*?required: \{ node: '([^']+)'/,
    );
    console.log('Install of @graphql-codegen/typescript@6 next to graphql@16:');
    console.table({
      'packages added': after - before,
      'on disk besides graphql (MB, du)': +(
        ((kib('node_modules') - kib('node_modules/graphql')) * 1024) /
        1e6
      ).toFixed(1),
      'apparent size besides graphql (MB)': +(
        ((apparent('node_modules') - apparent('node_modules/graphql')) * 1024) /
        1e6
      ).toFixed(1),
      'npm install (s)': +(typescript.ms / 1000).toFixed(1),
      'engine warning': engine ? `${engine[1]} requires node ${engine[2]}` : 'none',
    });
    const cli = sh('npm i --no-audit --no-fund @graphql-codegen/cli', scratch);
    const error = cli.output
      .split('\n')
      .filter((line) => /npm error (code|notarget No matching)/.test(line))
      .join(' / ');
    console.log(
      `@graphql-codegen/cli: ${cli.status === 0 ? 'installed' : `failed: ${error || cli.output}`}\n`,
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The median time of each function, run in turns (one run of each, RUNS times, after WARM_UP
 * turns) so that a change in the machine's load affects them alike.
 */
async function time<K extends string>(runs: Record<K, () => unknown>): Promise<Record<K, number>> {
  const names = Object.keys(runs) as K[];
  const times = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<
    K,
    number[]
  >;
  for (let turn = 0; turn < WARM_UP + RUNS; turn++) {
    for (const name of names) {
      const started = performance.now();
      await runs[name]();
      if (turn >= WARM_UP) times[name].push(performance.now() - started);
    }
  }
  return Object.fromEntries(names.map((name) => [name, median(times[name])])) as Record<K, number>;
}

if (install) measureInstall();

if (!existsSync(join(dir, 'node_modules/@graphql-codegen/typescript'))) {
  console.error(
    `No @graphql-codegen/typescript in ${dir}/node_modules. Install it there first:\n` +
      `  mkdir -p ${dir} && cd ${dir} && npm init -y && ` +
      'npm i graphql@16 @graphql-codegen/core@6 @graphql-codegen/typescript@6',
  );
  process.exit(1);
}

// The other tool runs on the scratch directory's own graphql, as it would in a user's project.
const require = createRequire(join(dir, 'package.json'));
const graphql = require('graphql') as Graphql;
const { codegen } = require('@graphql-codegen/core') as Core;
const typescript = require('@graphql-codegen/typescript') as TypescriptPlugin;
const version = (name: string): string =>
  (require(`${name}/package.json`) as { version: string }).version;

const document = graphql.parse(`${appsync}\n${sdl}`);
const schemaAst = graphql.buildASTSchema(document);
const config = { enumsAsTypes: true };
/** As the codegen CLI calls it: the parsed schema files, and the schema built from them. */
const viaCodegen = (): Promise<string> =>
  codegen({
    filename: 'schema.generated.ts',
    schema: document,
    schemaAst,
    documents: [],
    config: {},
    plugins: [{ typescript: config }],
    pluginMap: { typescript },
  });
/** From the SDL text: parsed here, and merged into a schema by codegen() itself. */
const fromText = (): Promise<string> =>
  codegen({
    filename: 'schema.generated.ts',
    schema: graphql.parse(`${appsync}\n${sdl}`),
    documents: [],
    config: {},
    plugins: [{ typescript: config }],
    pluginMap: { typescript },
  });

const schema = buildAppSyncSchema(sdl);
const ours = generateTypes(sdl);
const theirs = await viaCodegen();

if ((await fromText()) !== theirs) throw new Error('codegen() wrote two different files');

const timings = await time({
  oursFromText: () => generateTypes(sdl),
  oursFromSchema: () => generateTypes(schema),
  theirsFromText: fromText,
  theirsViaCodegen: viaCodegen,
  theirsPluginOnly: () => typescript.plugin(schemaAst, [], config),
});

const lines = (code: string): number => code.split('\n').length - (code.endsWith('\n') ? 1 : 0);
const argsTypes = (theirs.match(/^export type \w+Args = /gm) ?? []).length;

console.log(
  `Large schema: ${Object.keys(schema.getTypeMap()).filter((name) => !name.startsWith('__')).length} named types; ` +
    `@graphql-codegen/typescript ${version('@graphql-codegen/typescript')}, ` +
    `@graphql-codegen/core ${version('@graphql-codegen/core')}, graphql ${version('graphql')} (${dir}); ` +
    `median of ${RUNS} runs each, in turns, after ${WARM_UP} warm-up turns, ms.`,
);
console.table({
  'appsync-direct generateTypes (SDL text: parse, build, validate, write)': {
    ms: +timings.oursFromText.toFixed(2),
    bytes: Buffer.byteLength(ours),
    lines: lines(ours),
    'per-field args/source/result': 'yes (Schema map)',
  },
  'appsync-direct generateTypes (GraphQLSchema)': {
    ms: +timings.oursFromSchema.toFixed(2),
    bytes: Buffer.byteLength(ours),
    lines: lines(ours),
    'per-field args/source/result': 'yes (Schema map)',
  },
  'typescript via codegen() (SDL text: parse, merge, write)': {
    ms: +timings.theirsFromText.toFixed(2),
    bytes: Buffer.byteLength(theirs),
    lines: lines(theirs),
    'per-field args/source/result': `args only (${argsTypes} *Args types)`,
  },
  'typescript via codegen() (DocumentNode and GraphQLSchema, as the CLI)': {
    ms: +timings.theirsViaCodegen.toFixed(2),
    bytes: Buffer.byteLength(theirs),
    lines: lines(theirs),
    'per-field args/source/result': `args only (${argsTypes} *Args types)`,
  },
  'typescript plugin() alone (GraphQLSchema)': {
    ms: +timings.theirsPluginOnly.toFixed(2),
    bytes: Buffer.byteLength(theirs),
    lines: lines(theirs),
    'per-field args/source/result': `args only (${argsTypes} *Args types)`,
  },
});
const ratio = (a: number, b: number): string => `${(a / b).toFixed(1)}x`;
console.log(
  `From SDL text, codegen() + typescript / generateTypes: ${ratio(timings.theirsFromText, timings.oursFromText)}; ` +
    `from a schema, typescript plugin() / generateTypes: ${ratio(timings.theirsPluginOnly, timings.oursFromSchema)}.`,
);
