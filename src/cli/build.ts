import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { BuildOptions, build, Message, Metafile, OutputFile } from 'esbuild';
import { type ParsedFlags, planCommand, UsageError } from './args.js';
import { type CliIO, messageOf } from './io.js';
import { esbuildUnloadable, importEsbuild, isEsbuildBinaryFailure } from './load-handler.js';

const FLAGS = {
  handler: 'string',
  out: 'string',
  target: 'string',
  format: 'string',
  name: 'string',
  export: 'string',
  'bundle-aws-sdk': 'boolean',
  'mangle-names': 'boolean',
  strict: 'boolean',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

/** The Node.js versions of the Lambda runtimes a bundle can target, by esbuild target. */
const TARGETS = { node20: 'nodejs20.x', node22: 'nodejs22.x', node24: 'nodejs24.x' } as const;
type Target = keyof typeof TARGETS;

type Format = 'esm' | 'cjs';
const EXTENSIONS: Readonly<Record<Format, string>> = { esm: '.mjs', cjs: '.cjs' };

const MODULE_EXTENSIONS = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

/** Where the bundle goes when `--out` is not given, relative to the working directory. */
export const DEFAULT_OUT = 'dist/lambda';

/** A package above this many bytes of the bundle is worth a warning. */
export const LARGE_PACKAGE_BYTES = 100 * 1024;

/** Modules that have no business in a Lambda handler's bundle, with the reason. */
export const HEAVY_MODULES: Readonly<Record<string, string>> = {
  graphql:
    'graphql-js executes GraphQL, which AppSync has done before it calls the function; a Direct Lambda handler does not need it (it comes with appsync-direct/emulator, /testing or /codegen, or a GraphQL helper library; a handler of appsync-direct/http needs it, and is not warned)',
  'appsync-direct/emulator':
    'the local AppSync is for development; import the runtime from appsync-direct',
  'appsync-direct/testing': 'the test kit belongs in tests; import the runtime from appsync-direct',
  'appsync-direct/codegen':
    'the type generator runs at build time; import generated types with `import type`, which leaves no code',
  'appsync-direct/cli': 'the command line is a development tool',
  esbuild: 'a bundler cannot run inside Lambda; it is a build-time tool',
  typescript: 'the TypeScript compiler is a build-time tool',
  'aws-sdk':
    'the AWS SDK v2 is not in the Lambda Node.js runtimes since nodejs18.x and is large; move to the v3 clients (@aws-sdk/*), which every runtime has',
};

/** Makes `require()` work in an ES module bundle, for bundled CommonJS code and Node built-ins. */
const ESM_BANNER =
  "import{createRequire as __appsyncDirectRequire}from'node:module';const require=__appsyncDirectRequire(import.meta.url);";

/** `appsync-direct build --help`. */
export const BUILD_HELP = `Usage: appsync-direct build --handler <file> [--out <dir>] [flags]

Bundles a Lambda handler for AWS Lambda with esbuild: one minified file with everything it
imports (tsconfig paths honoured), an external source map beside it, for Lambda's Node.js
runtime. Then prints the files and their sizes (gzip too), the Lambda handler setting, what the
bundle is made of, and warns when something heavy got in (graphql, appsync-direct's emulator,
test kit or codegen, build tools, the AWS SDK v2, any package over 100 KB). Nothing is written
unless the build succeeds.

The handler
  --handler <file>      The handler module: .ts, .mts, .cts, .js, .mjs or .cjs.
                          --handler src/handler.ts
  --export <name>       The export Lambda calls; the build fails if the module lacks it.
                        Default: handler.
                          --export graphqlHandler

The bundle
  --out <dir>           The directory to write to, created if needed. Default: ${DEFAULT_OUT}.
                          --out build/api
  --format <esm|cjs>    ESM writes <name>.mjs, CommonJS <name>.cjs. Default: esm, or cjs when
                        the handler itself is a CommonJS module.
                          --format cjs
  --name <name>         The file name without its extension; Lambda's handler setting is then
                        <name>.<export>. Default: index (index.mjs, handler index.handler).
                          --name api
  --target <node>       The Node.js version of the function's runtime: node20, node22 or node24
                        (or nodejs22.x …). Default: node20, which runs on all three.
                          --target node22
  --bundle-aws-sdk      Bundle @aws-sdk/* too. By default it stays external: every Lambda
                        Node.js runtime has the AWS SDK v3, and leaving it out keeps the bundle
                        small. Bundle it to pin its version.
  --mangle-names        Let the minifier rename classes and functions too (a smaller bundle).
                        By default their names are kept, so an AppSyncError subclass without a
                        static errorName still reports its class name as the errorType.
  --strict              Fail (exit 1, nothing written) when there is any warning.
  -h, --help            Show this help.

Source maps
  The map is written beside the bundle (<name>.mjs.map, without the sources' text). Lambda
  reads it when the function's environment has NODE_OPTIONS=--enable-source-maps: stack traces
  then name your files and lines.

Exit codes
  0  built (warnings do not fail the build unless --strict)
  1  the handler does not build (esbuild's errors are printed as file:line:column: error:
     message), lacks the export, or --strict and a warning
  2  bad usage, the handler file is missing or not a module, esbuild is not installed, or the
     output directory cannot be written

Examples
  appsync-direct build --handler src/handler.ts
  appsync-direct build --handler src/handler.ts --out dist/api --target node22 --strict
  appsync-direct build --handler examples/blog/handler.ts --out /tmp/blog && \\
    (cd /tmp/blog && zip -q ../blog.zip index.mjs index.mjs.map)
`;

/** What to build, read from the flags. */
interface BuildPlan {
  /** The handler as given, for messages. */
  handler: string;
  /** Its absolute path. */
  path: string;
  /** The output directory as given (or the default), and absolute. */
  out: string;
  outDir: string;
  target: Target;
  /** The format asked for; `undefined` picks one from the handler's own module format. */
  format: Format | undefined;
  name: string;
  exportName: string;
  bundleAwsSdk: boolean;
  keepNames: boolean;
  strict: boolean;
}

/** The part of esbuild's API the command uses. */
export interface EsbuildBuildApi {
  build: typeof build;
}

/** What `build` uses that a test may replace. */
export interface BuildDependencies {
  importEsbuild(): Promise<EsbuildBuildApi>;
}

const defaults: BuildDependencies = { importEsbuild: () => import('esbuild') };

/** The bundle's share of one package (or of your code, or of appsync-direct). */
export interface Contribution {
  /** A package name, `appsync-direct`, `appsync-direct/<entry>` or `your code`. */
  name: string;
  /** Bytes in the output file, after minification. */
  bytes: number;
  /** Who imports it: your files (relative paths) or other packages, first seen first. */
  importers: string[];
}

/** A build that did not succeed: what to print, and the exit code. */
class BuildStop extends Error {
  override readonly name = 'BuildStop';
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/**
 * `appsync-direct build`: bundles the handler for Lambda, checks its export, writes the bundle
 * and its source map, and prints sizes, the handler setting and warnings. Resolves to the exit
 * code: 0 built, 1 a build error, a missing export or (with --strict) a warning, 2 bad usage.
 */
export async function buildCommand(
  argv: readonly string[],
  io: CliIO,
  dependencies: BuildDependencies = defaults,
): Promise<number> {
  const planned = planCommand('build', argv, FLAGS, BUILD_HELP, io, planBuild);
  if ('exitCode' in planned) return planned.exitCode;
  try {
    return await runBuild(planned.plan, io, dependencies);
  } catch (error) {
    if (!(error instanceof BuildStop)) throw error;
    io.stderr(`appsync-direct build: ${error.message}\n`);
    return error.exitCode;
  }
}

function planBuild(flags: Flags, cwd: string): BuildPlan {
  if (flags.handler === undefined) {
    throw new UsageError(
      'say which handler to bundle with --handler <file>, as in --handler src/handler.ts',
    );
  }
  const path = resolve(cwd, flags.handler);
  if (!MODULE_EXTENSIONS.has(extname(path).toLowerCase())) {
    throw new UsageError(
      `--handler ${flags.handler} is not a module this command can bundle: give a .ts, .mts, .cts, .js, .mjs or .cjs file`,
    );
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new UsageError(`--handler ${flags.handler}: there is no such file (looked for ${path})`);
  }
  const name = flags.name ?? 'index';
  if (!/^[A-Za-z0-9_-]+$/.test(name)) {
    throw new UsageError(
      `--name ${JSON.stringify(name)} must be a file name without extension or dots (letters, digits, _ and -), as in --name index`,
    );
  }
  const exportName = flags.export ?? 'handler';
  if (!/^[A-Za-z_$][\w$]*$/.test(exportName)) {
    throw new UsageError(
      `--export ${JSON.stringify(exportName)} is not an export name Lambda can call, as in --export handler`,
    );
  }
  const out = flags.out ?? DEFAULT_OUT;
  return {
    handler: flags.handler,
    path,
    out,
    outDir: resolve(cwd, out),
    target: targetOf(flags.target),
    format: formatOf(flags.format),
    name,
    exportName,
    bundleAwsSdk: flags['bundle-aws-sdk'] === true,
    keepNames: flags['mangle-names'] !== true,
    strict: flags.strict === true,
  };
}

function targetOf(text: string | undefined): Target {
  if (text === undefined) return 'node20';
  const normal = text.toLowerCase().replace(/^nodejs(\d+)\.x$/, 'node$1');
  if (Object.hasOwn(TARGETS, normal)) return normal as Target;
  throw new UsageError(
    `--target ${text} is not a Lambda Node.js runtime this command builds for: give node20, node22 or node24`,
  );
}

function formatOf(text: string | undefined): Format | undefined {
  if (text === undefined) return undefined;
  const lower = text.toLowerCase();
  if (lower === 'esm' || lower === 'cjs') return lower;
  throw new UsageError(
    `--format ${text} is not a format Lambda loads: give esm (an ES module, .mjs) or cjs (CommonJS, .cjs)`,
  );
}

/** What one esbuild run produced, read from its metafile. */
interface Bundle {
  format: Format;
  files: OutputFile[];
  /** The JavaScript output: its absolute path and its metafile entry. */
  js: OutputFile;
  output: Metafile['outputs'][string];
  metafile: Metafile;
  /** The handler's own module format, as esbuild read it. */
  entryFormat: 'cjs' | 'esm' | undefined;
  warnings: Message[];
}

async function runBuild(
  plan: BuildPlan,
  io: CliIO,
  dependencies: BuildDependencies,
): Promise<number> {
  checkWritable(plan);
  const esbuild = await loadEsbuild(dependencies);

  let bundle = await bundleOnce(esbuild, plan, plan.format ?? 'esm', io.cwd);
  const notes: string[] = [];
  if (bundle.format === 'esm' && bundle.entryFormat === 'cjs') {
    if (plan.format === 'esm') {
      throw new BuildStop(
        `--handler ${plan.handler} is a CommonJS module: as an ES module its exports are one default export, and Lambda could not call ${plan.name}.${plan.exportName}. Build it with --format cjs, or leave --format out`,
        1,
      );
    }
    bundle = await bundleOnce(esbuild, plan, 'cjs', io.cwd);
    notes.push(`${plan.handler} is a CommonJS module, so the bundle is CommonJS too`);
  }

  const exports = await exportsOf(esbuild, plan, bundle, io.cwd);
  if (exports !== undefined && !exports.includes(plan.exportName)) {
    throw new BuildStop(missingExport(plan, exports), 1);
  }

  // The bundle must not replace a file it is built from (`--out .` beside an index.mjs handler).
  const inputs = new Set(
    Object.keys(bundle.metafile.inputs).map((input) => resolve(io.cwd, input)),
  );
  const clash = bundle.files.find((file) => inputs.has(resolve(file.path)));
  if (clash !== undefined) {
    throw new BuildStop(
      `--out ${plan.out} would overwrite ${shown(io.cwd, clash.path)}, which the bundle is built from: choose another --out or --name`,
      2,
    );
  }

  const contributions = contributionsOf(bundle.metafile, bundle.output, io.cwd);
  const warnings = [
    ...bundle.warnings.map((message) => formatMessage(message, 'warning', io.cwd)),
    ...heavyWarnings(contributions, basenameOf(bundle.js.path)),
    ...staleWarnings(plan, bundle.format, io.cwd, inputs),
  ];

  if (plan.strict && warnings.length > 0) {
    io.stderr(warnings.map((warning) => `appsync-direct build: ${warning}\n`).join(''));
    throw new BuildStop(
      `--strict: ${count(warnings.length, 'warning')}, so the build fails and nothing is written`,
      1,
    );
  }

  try {
    makeDirectory(plan.outDir);
    for (const file of bundle.files) writeFileSync(file.path, file.contents);
  } catch (error) {
    throw new BuildStop(`--out ${plan.out} cannot be written: ${messageOf(error)}`, 2);
  }

  io.stdout(
    report(plan, bundle, {
      exports,
      contributions,
      notes,
      cwd: io.cwd,
    }),
  );
  if (warnings.length > 0) {
    io.stderr(warnings.map((warning) => `appsync-direct build: ${warning}\n`).join(''));
  }
  return 0;
}

/** Fails early when the output directory cannot be created or written. */
function checkWritable(plan: BuildPlan): void {
  let dir = plan.outDir;
  while (!existsSync(dir)) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  const problem = !statSync(dir).isDirectory()
    ? `${dir} is a file, not a directory`
    : writableProblem(dir);
  if (problem !== undefined) {
    throw new BuildStop(`--out ${plan.out} cannot be written: ${problem}`, 2);
  }
}

/**
 * Creates `dir` and its missing parents one at a time: a recursive mkdirSync never returns on
 * some file systems (under /proc, for one).
 */
function makeDirectory(dir: string): void {
  if (existsSync(dir)) return;
  makeDirectory(dirname(dir));
  mkdirSync(dir);
}

/** Why `dir` cannot be written, or `undefined` when it can. */
export function writableProblem(dir: string): string | undefined {
  try {
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    return messageOf(error);
  }
}

async function loadEsbuild(dependencies: BuildDependencies): Promise<EsbuildBuildApi> {
  let esbuild: EsbuildBuildApi | undefined;
  try {
    esbuild = await importEsbuild(() => dependencies.importEsbuild());
  } catch (error) {
    throw new BuildStop(messageOf(error), 2);
  }
  if (esbuild === undefined) {
    throw new BuildStop(
      'esbuild is not installed, and build bundles the handler with it: npm install -D esbuild',
      2,
    );
  }
  return esbuild;
}

function buildOptions(plan: BuildPlan, format: Format, cwd: string): BuildOptions {
  return {
    entryPoints: [plan.path],
    absWorkingDir: cwd,
    outfile: join(plan.outDir, `${plan.name}${EXTENSIONS[format]}`),
    bundle: true,
    platform: 'node',
    target: plan.target,
    format,
    external: plan.bundleAwsSdk ? [] : ['@aws-sdk/*'],
    metafile: true,
    write: false,
    logLevel: 'silent',
  };
}

async function bundleOnce(
  esbuild: EsbuildBuildApi,
  plan: BuildPlan,
  format: Format,
  cwd: string,
): Promise<Bundle> {
  const result = await runEsbuild(esbuild, plan, {
    ...buildOptions(plan, format, cwd),
    minify: true,
    keepNames: plan.keepNames,
    sourcemap: true,
    sourcesContent: false,
    charset: 'utf8',
    ...(format === 'esm' ? { banner: { js: ESM_BANNER } } : {}),
  });
  // The bundle first, then its map.
  const files = [...(result.outputFiles as OutputFile[])].sort(
    (a, b) => Number(a.path.endsWith('.map')) - Number(b.path.endsWith('.map')),
  );
  const js = files[0] as OutputFile;
  const output = Object.values(result.metafile.outputs).find(
    (entry) => entry.entryPoint !== undefined,
  ) as Metafile['outputs'][string];
  const entry = result.metafile.inputs[output.entryPoint as string];
  return {
    format,
    files,
    js,
    output,
    metafile: result.metafile,
    entryFormat: entry?.format,
    warnings: result.warnings,
  };
}

/** Runs esbuild; its errors become one message, `file:line:column: error: text` each. */
async function runEsbuild(
  esbuild: EsbuildBuildApi,
  plan: BuildPlan,
  options: BuildOptions,
): Promise<{ outputFiles?: OutputFile[] | undefined; metafile: Metafile; warnings: Message[] }> {
  try {
    const result = await esbuild.build(options);
    return { ...result, metafile: result.metafile as Metafile };
  } catch (error) {
    const errors = (error as { errors?: unknown }).errors;
    if (!Array.isArray(errors) || errors.length === 0) {
      if (isEsbuildBinaryFailure(error)) throw new BuildStop(esbuildUnloadable(error), 2);
      throw new BuildStop(`esbuild failed on --handler ${plan.handler}: ${messageOf(error)}`, 1);
    }
    const lines = (errors as Message[]).map((message) =>
      formatMessage(message, 'error', options.absWorkingDir),
    );
    throw new BuildStop(
      `--handler ${plan.handler} does not build (${count(errors.length, 'error')}):\n${lines.join('\n')}`,
      1,
    );
  }
}

/**
 * The handler module's export names, from esbuild's metafile: the ES module bundle lists them.
 * A CommonJS handler's exports are known only when it runs, so they are not checked.
 */
async function exportsOf(
  esbuild: EsbuildBuildApi,
  plan: BuildPlan,
  bundle: Bundle,
  cwd: string,
): Promise<string[] | undefined> {
  if (bundle.entryFormat === 'cjs') return undefined;
  if (bundle.format === 'esm') return bundle.output.exports;
  // A CommonJS bundle lists no exports: read them from an ES module build, written nowhere.
  const result = await runEsbuild(esbuild, plan, buildOptions(plan, 'esm', cwd));
  const output = Object.values(result.metafile.outputs).find(
    (entry) => entry.entryPoint !== undefined,
  ) as Metafile['outputs'][string];
  return output.exports;
}

function missingExport(plan: BuildPlan, exports: readonly string[]): string {
  const names = [...exports].sort();
  const listed = names.length === 0 ? 'it exports nothing' : `its exports are: ${names.join(', ')}`;
  const hint =
    plan.exportName === 'handler' && names.includes('app')
      ? 'export the Lambda handler of the app: export const handler = app.handler()'
      : 'export the Lambda handler (export const handler = app.handler()), or name the export Lambda should call with --export <name>';
  return `--handler ${plan.handler} has no ${plan.exportName} export, which Lambda would call as ${plan.name}.${plan.exportName}; ${listed}. ${capitalise(hint)}`;
}

/** An esbuild message as compilers print it: `file:line:column: error: text`, then its line. */
export function formatMessage(
  message: Message,
  kind: 'error' | 'warning',
  cwd: string = process.cwd(),
): string {
  const location = message.location;
  const place =
    location === null || location === undefined
      ? ''
      : `${fileOf(location.file, cwd)}:${location.line}:${location.column + 1}: `;
  const lines = [`${place}${kind}: ${message.text}`];
  if (location?.lineText) {
    lines.push(`    ${location.lineText}`);
    lines.push(`    ${' '.repeat(location.column)}${'^'.repeat(Math.max(1, location.length))}`);
  }
  for (const note of message.notes) {
    const where =
      note.location === null ? '' : `${fileOf(note.location.file, cwd)}:${note.location.line}: `;
    lines.push(`  ${where}note: ${note.text}`);
  }
  return lines.join('\n');
}

/** esbuild's file name (relative to the working directory) as the report shows paths. */
function fileOf(file: string, cwd: string): string {
  return /^\(?[a-z-]+\)?:/i.test(file) ? file : shown(cwd, resolve(cwd, file));
}

/** The package root of appsync-direct: its own files, in src/ or dist/. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url))
  .split(sep)
  .join('/');

/** The appsync-direct entries that are not the runtime, by their directory. */
const OWN_ENTRIES: Readonly<Record<string, string>> = {
  emulator: 'appsync-direct/emulator',
  testing: 'appsync-direct/testing',
  codegen: 'appsync-direct/codegen',
  cli: 'appsync-direct/cli',
  dev: 'appsync-direct/cli',
  http: 'appsync-direct/http',
  client: 'appsync-direct/client',
  // The GraphQL engine: the HTTP entry's in a Lambda bundle (the emulator is flagged by itself).
  engine: 'appsync-direct/http',
};

export const YOUR_CODE = 'your code';

/**
 * Who an input file of the bundle belongs to: the package under the last `node_modules` of its
 * path, appsync-direct (or one of its development entries), or your code.
 */
export function ownerOf(file: string, packageRoot: string = PACKAGE_ROOT): string {
  const path = file.split(sep).join('/');
  const marker = path.lastIndexOf('/node_modules/');
  if (marker !== -1) {
    const parts = path.slice(marker + '/node_modules/'.length).split('/');
    const scoped = parts[0]?.startsWith('@') === true;
    const name = (scoped ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
    if (name !== 'appsync-direct') return name;
    return ownEntry(parts.slice(1));
  }
  for (const dir of ['src/', 'dist/']) {
    if (path.startsWith(`${packageRoot}${dir}`)) {
      return ownEntry(path.slice(packageRoot.length).split('/'));
    }
  }
  return YOUR_CODE;
}

/** `appsync-direct` or `appsync-direct/<entry>` for a path inside the package (`dist/…`). */
function ownEntry(parts: readonly string[]): string {
  const inside = parts[0] === 'src' || parts[0] === 'dist' ? parts.slice(1) : parts;
  const entry = inside.length > 1 ? OWN_ENTRIES[inside[0] as string] : undefined;
  return entry ?? 'appsync-direct';
}

/**
 * The bundle by owner, largest first: bytes each package, appsync-direct and your code put in
 * the output (esbuild's `bytesInOutput`), with who imports each.
 */
export function contributionsOf(
  metafile: Metafile,
  output: Metafile['outputs'][string],
  cwd: string,
  packageRoot: string = PACKAGE_ROOT,
): Contribution[] {
  const owner = (input: string): string =>
    /^\(?[a-z-]+\)?:/i.test(input) ? 'other' : ownerOf(resolve(cwd, input), packageRoot);
  const byOwner = new Map<string, Contribution>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = owner(input);
    const entry = byOwner.get(name) ?? { name, bytes: 0, importers: [] };
    entry.bytes += bytesInOutput;
    byOwner.set(name, entry);
  }
  for (const [input, { imports }] of Object.entries(metafile.inputs)) {
    const from = owner(input);
    for (const { path, external } of imports) {
      if (external === true) continue;
      const to = byOwner.get(owner(path));
      if (to === undefined || to.name === from) continue;
      const importer = from === YOUR_CODE ? input : from;
      if (!to.importers.includes(importer)) to.importers.push(importer);
    }
  }
  return [...byOwner.values()]
    .filter((entry) => entry.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes || a.name.localeCompare(b.name));
}

/** One warning per heavy module or large package in the bundle, largest first. */
export function heavyWarnings(contributions: readonly Contribution[], file: string): string[] {
  const warnings: string[] = [];
  // A handler of appsync-direct/http executes GraphQL itself: graphql is its to carry.
  const servesHttp = contributions.some((entry) => entry.name === 'appsync-direct/http');
  for (const { name, bytes, importers } of contributions) {
    if (servesHttp && name === 'graphql') continue;
    const why = HEAVY_MODULES[name];
    const large = bytes > LARGE_PACKAGE_BYTES && name !== YOUR_CODE && name !== 'other';
    if (why === undefined && !large) continue;
    const by =
      importers.length === 0
        ? ''
        : `, imported by ${importers.slice(0, 3).join(', ')}${importers.length > 3 ? ' …' : ''}`;
    const reason =
      why ?? 'a package over 100 KB: check that the function needs it, or import less of it';
    warnings.push(`warning: ${name} is in the bundle (${kb(bytes)} of ${file}${by}): ${reason}`);
  }
  return warnings;
}

/** A bundle of the other format left in the output directory: Lambda might load that one. */
function staleWarnings(
  plan: BuildPlan,
  format: Format,
  cwd: string,
  inputs: ReadonlySet<string>,
): string[] {
  const others = [...Object.values(EXTENSIONS), '.js'].filter(
    (extension) => extension !== EXTENSIONS[format],
  );
  return (
    others
      .map((extension) => join(plan.outDir, `${plan.name}${extension}`))
      // A source file of the bundle is not a leftover (a CommonJS index.js handler with --out .).
      .filter((file) => existsSync(file) && !inputs.has(resolve(file)))
      .map(
        (file) =>
          `warning: ${shown(cwd, file)} is left from another build: with two ${plan.name} modules Lambda may load that one; delete it`,
      )
  );
}

/** What `build` prints on stdout. */
function report(
  plan: BuildPlan,
  bundle: Bundle,
  found: {
    exports: string[] | undefined;
    contributions: Contribution[];
    notes: string[];
    cwd: string;
  },
): string {
  const { cwd, contributions } = found;
  const jsName = basenameOf(bundle.js.path);
  const lines: string[] = [
    `appsync-direct build: ${shown(cwd, plan.path)} → ${shown(cwd, plan.outDir)} (${bundle.format === 'esm' ? 'ES module' : 'CommonJS'}, ${plan.target}, minified${plan.keepNames ? ', names kept' : ''})`,
    ...found.notes.map((note) => `  note: ${note}`),
    '',
  ];
  const sized = bundle.files.map((file) => ({
    path: shown(cwd, file.path),
    bytes: file.contents.byteLength,
    gzip: gzipSync(file.contents).byteLength,
  }));
  const width = Math.max(...sized.map((file) => file.path.length));
  const bytesWidth = Math.max(...sized.map((file) => String(file.bytes).length));
  for (const file of sized) {
    lines.push(
      `  ${file.path.padEnd(width)}  ${String(file.bytes).padStart(bytesWidth)} bytes  ${kb(file.bytes).padStart(9)}  gzip ${kb(file.gzip)}`,
    );
  }
  const handler = `${plan.name}.${plan.exportName}`;
  const exportLine =
    found.exports === undefined
      ? `${handler} (a CommonJS module's exports are known only when it runs: not checked)`
      : `${handler} (export ${plan.exportName} found)`;
  const sdk = sdkImports(bundle.output);
  const sdkLine = plan.bundleAwsSdk
    ? 'bundled (--bundle-aws-sdk)'
    : sdk.length === 0
      ? 'left out: every Lambda Node.js runtime has @aws-sdk/* (none is imported; --bundle-aws-sdk bundles it)'
      : `left out: every Lambda Node.js runtime has it (${sdk.join(', ')}; --bundle-aws-sdk bundles it)`;
  lines.push(
    '',
    `  handler      ${exportLine}`,
    `  runtime      ${TARGETS[plan.target]} or later`,
    `  AWS SDK      ${sdkLine}`,
    '  source maps  set NODE_OPTIONS=--enable-source-maps on the function for stack traces in your files',
    '',
    `In ${jsName} (bytes after minification)`,
  );
  const total = bundle.js.contents.byteLength;
  const shownContributions = contributions.slice(0, 8);
  const nameWidth = Math.max(...shownContributions.map((entry) => entry.name.length));
  for (const entry of shownContributions) {
    const share = `${Math.round((entry.bytes / total) * 100)}%`;
    lines.push(
      `  ${entry.name.padEnd(nameWidth)}  ${kb(entry.bytes).padStart(9)}  ${share.padStart(4)}`,
    );
  }
  if (contributions.length > shownContributions.length) {
    const rest = contributions.slice(shownContributions.length);
    const bytes = rest.reduce((sum, entry) => sum + entry.bytes, 0);
    lines.push(`  ${count(rest.length, 'more package')}, ${kb(bytes)} together`);
  }
  return `${lines.join('\n')}\n`;
}

/** The @aws-sdk/* packages the bundle imports at run time (left external). */
function sdkImports(output: Metafile['outputs'][string]): string[] {
  const names = output.imports
    .filter((entry) => entry.external === true && entry.path.startsWith('@aws-sdk/'))
    .map((entry) => entry.path.split('/').slice(0, 2).join('/'));
  return [...new Set(names)].sort();
}

/** `12.3 KB` (1 KB = 1024 bytes). */
export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function basenameOf(path: string): string {
  return path.slice(path.lastIndexOf(sep) + 1);
}

/** A path as the report shows it: relative to the working directory when inside it. */
function shown(cwd: string, path: string): string {
  const inside = relative(cwd, path);
  return inside === '' ? '.' : inside.startsWith('..') || isAbsolute(inside) ? path : inside;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
