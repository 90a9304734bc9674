/**
 * `appsync-direct build`: bundles run in-process into temporary directories, then the bundles
 * are imported (or run in a fresh `node`) and answer real AppSync events.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUILD_HELP,
  buildCommand,
  contributionsOf,
  DEFAULT_OUT,
  formatMessage,
  heavyWarnings,
  kb,
  ownerOf,
  writableProblem,
} from '../src/cli/build.js';
import { USAGE } from '../src/cli/main.js';
import { BLOG, type CliRun, cli, POST_1, ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';
import { event, lambda, rejection } from './helpers.js';

afterAll(removeTempFiles);

const FIXTURE = 'test/cli-fixtures/build-handler.ts';
const GRAPHQL = 'test/cli-fixtures/build-graphql.ts';
const HELP_HINT = 'Run "appsync-direct build --help" for every flag, with examples.';

type Handler = (event: unknown, context: unknown) => Promise<unknown>;

/** `appsync-direct build <argv> --out <a fresh directory>`; returns the run and the directory. */
async function build(...argv: string[]): Promise<CliRun & { out: string }> {
  const out = join(tempFiles({}), 'lambda');
  const result = await cli(['build', ...argv, '--out', out]);
  return { ...result, out };
}

/** A build that must succeed without warnings. */
async function built(...argv: string[]): Promise<CliRun & { out: string }> {
  const result = await build(...argv);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result;
}

async function importBundle(file: string): Promise<Record<string, unknown>> {
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

/** A directory with `files` (paths may hold directories, such as node_modules/x/index.js). */
function project(files: Record<string, string>): string {
  const dir = tempFiles({});
  for (const [name, contents] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), contents);
  }
  return dir;
}

/** The report's line for a file: its path, bytes, KB and gzipped KB. */
function sizeLine(path: string, contents: Buffer): RegExp {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const size = `${contents.byteLength} bytes +${kb(contents.byteLength)} +gzip ${kb(gzipSync(contents).byteLength)}`;
  return new RegExp(`^ {2}${escaped} +${size.replaceAll('.', '\\.')}$`, 'm');
}

function node(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') reject(error);
      else resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

describe('appsync-direct build: the blog example', () => {
  it('writes a minified ES module and its map, prints their sizes, and the bundle answers AppSync', async () => {
    const { stdout, out } = await built('--handler', BLOG);
    expect(readdirSync(out).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(out, 'index.mjs'));
    const map = readFileSync(join(out, 'index.mjs.map'));

    // Minified: long lines (only template literals break them), short local names.
    const lines = code.toString('utf8').trimEnd().split('\n');
    expect(code.byteLength / lines.length).toBeGreaterThan(1000);
    expect(lines.at(-1)).toBe('//# sourceMappingURL=index.mjs.map');
    expect(code.toString('utf8')).not.toContain('createBlogApp(store');
    const parsed = JSON.parse(map.toString('utf8')) as { version: number; sources: string[] };
    expect(parsed.version).toBe(3);
    expect(parsed.sources.some((source) => source.endsWith('examples/blog/handler.ts'))).toBe(true);

    // The sizes printed are the files' own.
    expect(stdout).toMatch(sizeLine(join(out, 'index.mjs'), code));
    expect(stdout).toMatch(sizeLine(join(out, 'index.mjs.map'), map));
    expect(stdout).toMatch(/^ {2}handler {6}index\.handler \(export handler found\)$/m);
    expect(stdout).toMatch(/^ {2}runtime {6}nodejs20\.x or later$/m);
    expect(stdout).toContain('left out: every Lambda Node.js runtime has @aws-sdk/*');
    expect(stdout).toContain('NODE_OPTIONS=--enable-source-maps');
    expect(stdout).toMatch(/^ {2}appsync-direct +\d+\.\d KB +\d+%$/m);
    expect(stdout).toMatch(/^ {2}your code +\d+\.\d KB +\d+%$/m);

    const bundle = await importBundle(join(out, 'index.mjs'));
    const handler = bundle.handler as Handler;
    expect(await handler(event('Query.getPost', { id: '1' }), lambda)).toEqual(POST_1);
    expect(await rejection(handler(event('Query.getPost', { id: '404' }), lambda))).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'post 404 not found',
    });
  });
});

describe('appsync-direct build: a small handler', () => {
  it('keeps class names, so an error class without errorName keeps its errorType', async () => {
    const { out, stdout } = await built('--handler', FIXTURE);
    expect(stdout).toContain(
      `appsync-direct build: ${FIXTURE} → ${out} (ES module, node20, minified, names kept)`,
    );
    const handler = (await importBundle(join(out, 'index.mjs'))).handler as Handler;
    expect(await handler(event('Query.getPost', { id: '7' }), lambda)).toEqual({
      id: '7',
      title: 'Post 7',
    });
    expect(await rejection(handler(event('Query.getPost', { id: 'missing' }), lambda))).toEqual({
      errorType: 'PostMissing',
      errorMessage: 'post missing does not exist',
    });
  });

  it('--mangle-names renames them: smaller, and that error class loses its name', async () => {
    const kept = await built('--handler', FIXTURE);
    const mangled = await built('--handler', FIXTURE, '--mangle-names');
    expect(mangled.stdout).toContain('(ES module, node20, minified)');
    const size = (dir: string): number => readFileSync(join(dir, 'index.mjs')).byteLength;
    expect(size(mangled.out)).toBeLessThan(size(kept.out));
    const handler = (await importBundle(join(mangled.out, 'index.mjs'))).handler as Handler;
    const error = await rejection(handler(event('Query.getPost', { id: 'missing' }), lambda));
    expect(error.errorType).not.toBe('PostMissing');
    expect(error.errorMessage).toBe('post missing does not exist');
  });

  it('the source map leads a stack trace back to the handler file under --enable-source-maps', async () => {
    const { out } = await built('--handler', FIXTURE);
    const source = readFileSync(join(ROOT, FIXTURE), 'utf8').split('\n');
    const line = source.findIndex((text) => text.includes("throw new Error('failed on purpose')"));
    const script = `import(${JSON.stringify(pathToFileURL(join(out, 'index.mjs')).href)}).then((m) => { try { m.fail(); } catch (e) { console.log(e.stack); } })`;
    const mapped = await node(['--enable-source-maps', '-e', script]);
    expect(mapped.stdout).toContain('Error: failed on purpose');
    expect(mapped.stdout).toContain(`cli-fixtures/build-handler.ts:${line + 1}:`);
    const plain = await node(['-e', script]);
    expect(plain.stdout).toContain('index.mjs:');
    expect(plain.stdout).not.toContain('build-handler.ts');
  });

  it('--format cjs writes index.cjs, which require() loads and Lambda calls as index.handler', async () => {
    const { out, stdout } = await built('--handler', FIXTURE, '--format', 'cjs');
    expect(readdirSync(out).sort()).toEqual(['index.cjs', 'index.cjs.map']);
    expect(stdout).toContain('(CommonJS, node20, minified, names kept)');
    expect(stdout).toContain('index.handler (export handler found)');
    expect(readFileSync(join(out, 'index.cjs'), 'utf8')).toContain(
      '//# sourceMappingURL=index.cjs.map',
    );
    const handler = createRequire(import.meta.url)(join(out, 'index.cjs')).handler as Handler;
    expect(await handler(event('Query.getPost', { id: '3' }), lambda)).toEqual({
      id: '3',
      title: 'Post 3',
    });
  });

  it.each([
    ['node22', 'nodejs22.x'],
    ['nodejs24.x', 'nodejs24.x'],
    ['NODE20', 'nodejs20.x'],
  ])('--target %s builds for %s', async (target, runtime) => {
    const { stdout } = await built('--handler', FIXTURE, '--target', target);
    expect(stdout).toContain(`  runtime      ${runtime} or later\n`);
  });

  it('--name and --export set the file and the handler setting', async () => {
    const dir = project({ 'api.mjs': 'export const graphql = async () => "hi";\n' });
    const { out, stdout } = await built(
      '--handler',
      join(dir, 'api.mjs'),
      '--name',
      'api',
      '--export',
      'graphql',
    );
    expect(readdirSync(out).sort()).toEqual(['api.mjs', 'api.mjs.map']);
    expect(stdout).toContain('  handler      api.graphql (export graphql found)\n');
    expect(await ((await importBundle(join(out, 'api.mjs'))).graphql as Handler)({}, {})).toBe(
      'hi',
    );
  });

  it(`writes to ${DEFAULT_OUT} under the working directory by default`, async () => {
    const dir = project({ 'h.mjs': 'export const handler = async () => 1;\n' });
    const result = await cli(['build', '--handler', 'h.mjs'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('appsync-direct build: h.mjs → dist/lambda (ES module');
    expect(result.stdout).toContain('  dist/lambda/index.mjs      ');
    expect(readdirSync(join(dir, 'dist/lambda')).sort()).toEqual(['index.mjs', 'index.mjs.map']);
  });

  it('--out . writes into the working directory', async () => {
    const dir = project({ 'h.mjs': 'export const handler = async () => 1;\n' });
    const result = await cli(['build', '--handler', 'h.mjs', '--out', '.'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain('appsync-direct build: h.mjs → . (ES module');
    expect(readdirSync(dir).sort()).toEqual(['h.mjs', 'index.mjs', 'index.mjs.map']);
  });

  it('refuses to overwrite the handler it bundles, and writes nothing', async () => {
    const source = 'export const handler = async () => 1;\n';
    const dir = project({ 'index.mjs': source });
    const result = await cli(['build', '--handler', 'index.mjs', '--out', '.'], dir);
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'appsync-direct build: --out . would overwrite index.mjs, which the bundle is built from: choose another --out or --name\n',
    });
    expect(readFileSync(join(dir, 'index.mjs'), 'utf8')).toBe(source);
    expect(readdirSync(dir)).toEqual(['index.mjs']);
  });

  it('does not call a CommonJS handler beside its output a leftover', async () => {
    const dir = project({
      'package.json': '{"type":"commonjs"}',
      'index.js': 'exports.handler = async () => 1;\n',
    });
    const result = await cli(['build', '--handler', 'index.js', '--out', '.'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(dir).sort()).toEqual([
      'index.cjs',
      'index.cjs.map',
      'index.js',
      'package.json',
    ]);
  });
});

describe('appsync-direct build: warnings', () => {
  it('warns when graphql is in the bundle, names who imports it, and still builds', async () => {
    const result = await build('--handler', GRAPHQL);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      new RegExp(
        `^appsync-direct build: warning: graphql is in the bundle \\(\\d+\\.\\d KB of index\\.mjs, imported by ${GRAPHQL}\\): graphql-js executes GraphQL`,
      ),
    );
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(result.stdout).toMatch(/^ {2}graphql +\d+\.\d KB +\d+%$/m);
    const handler = (await importBundle(join(result.out, 'index.mjs'))).handler as Handler;
    expect(await handler({ arguments: { query: '{ a } mutation { b }' } }, lambda)).toEqual([
      'OperationDefinition',
      'OperationDefinition',
    ]);
  });

  it('--strict turns a warning into exit 1, and writes nothing', async () => {
    const result = await build('--handler', GRAPHQL, '--strict');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('appsync-direct build: warning: graphql is in the bundle (');
    expect(result.stderr).toMatch(
      /\nappsync-direct build: --strict: 1 warning, so the build fails and nothing is written\n$/,
    );
    expect(existsSync(result.out)).toBe(false);
  });

  it('--strict passes a bundle without warnings', async () => {
    const result = await built('--handler', FIXTURE, '--strict');
    expect(existsSync(join(result.out, 'index.mjs'))).toBe(true);
  });

  it('warns about appsync-direct/testing, a package over 100 KB, and lists the rest of the packages', async () => {
    const packages: Record<string, string> = {};
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    for (const name of names) {
      packages[`node_modules/${name}/package.json`] = `{"name":"${name}","main":"index.js"}`;
      packages[`node_modules/${name}/index.js`] =
        `exports.value = ${JSON.stringify(name.repeat(40))};\n`;
    }
    const dir = project({
      ...packages,
      'node_modules/@big/blob/package.json': '{"name":"@big/blob","main":"index.js"}',
      'node_modules/@big/blob/index.js': `exports.blob = ${JSON.stringify('x'.repeat(110 * 1024))};\n`,
      'node_modules/appsync-direct/package.json':
        '{"name":"appsync-direct","type":"module","exports":{"./testing":"./dist/testing/index.js"}}',
      'node_modules/appsync-direct/dist/testing/index.js':
        'export const invokeEvent = () => ({ testing: true });\n',
      'handler.mjs': [
        "import { blob } from '@big/blob';",
        "import { invokeEvent } from 'appsync-direct/testing';",
        ...names.map((name) => `import { value as ${name} } from '${name}';`),
        `export const handler = async () => [blob.length, invokeEvent(), ${names.join(', ')}];`,
        '',
      ].join('\n'),
    });
    const result = await cli(['build', '--handler', 'handler.mjs'], dir);
    expect(result.code).toBe(0);
    const warnings = result.stderr.trimEnd().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(
      /^appsync-direct build: warning: @big\/blob is in the bundle \(110\.\d KB of index\.mjs, imported by handler\.mjs\): a package over 100 KB/,
    );
    expect(warnings[1]).toBe(
      'appsync-direct build: warning: appsync-direct/testing is in the bundle (0.0 KB of index.mjs, imported by handler.mjs): the test kit belongs in tests; import the runtime from appsync-direct',
    );
    expect(result.stdout).toMatch(/^ {2}@big\/blob +110\.\d KB +\d+%$/m);
    expect(result.stdout).toMatch(/^ {2}4 more packages, 0\.\d KB together$/m);
  });

  it('warns about a bundle of the other format left in the output directory', async () => {
    const first = await built('--handler', FIXTURE, '--format', 'cjs');
    const again = await cli(['build', '--handler', FIXTURE, '--out', first.out]);
    expect(again.code).toBe(0);
    expect(again.stderr).toBe(
      `appsync-direct build: warning: ${join(first.out, 'index.cjs')} is left from another build: with two index modules Lambda may load that one; delete it\n`,
    );
    expect(readdirSync(first.out).sort()).toEqual([
      'index.cjs',
      'index.cjs.map',
      'index.mjs',
      'index.mjs.map',
    ]);
  });

  it("prints esbuild's own warnings as file:line:column: warning", async () => {
    const dir = project({
      'h.mjs': 'export const handler = async (event) => event == -0 ? "zero" : typeof event;\n',
    });
    const result = await cli(['build', '--handler', 'h.mjs'], dir);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      [
        'appsync-direct build: h.mjs:1:50: warning: Comparison with -0 using the "==" operator will also match 0',
        '    export const handler = async (event) => event == -0 ? "zero" : typeof event;',
        '                                                     ^^',
        '  note: Floating-point equality is defined such that 0 and -0 are equal, so "x === -0" returns true for both 0 and -0. You need to use "Object.is(x, -0)" instead to test for -0.',
        '',
      ].join('\n'),
    );
  });
});

describe('appsync-direct build: the AWS SDK', () => {
  const files = {
    'h.mjs': [
      "import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
      'export const handler = async () => typeof DynamoDBClient;',
      '',
    ].join('\n'),
  };

  it('leaves @aws-sdk/* external by default and says which packages it imports', async () => {
    const dir = project(files);
    const { out, stdout } = await built('--handler', join(dir, 'h.mjs'));
    expect(stdout).toContain(
      '  AWS SDK      left out: every Lambda Node.js runtime has it (@aws-sdk/client-dynamodb; --bundle-aws-sdk bundles it)\n',
    );
    expect(readFileSync(join(out, 'index.mjs'), 'utf8')).toMatch(
      /from\s*"@aws-sdk\/client-dynamodb"/,
    );
  });

  it('--bundle-aws-sdk bundles it (here it is not installed, so the build fails)', async () => {
    const dir = project(files);
    const result = await build('--handler', join(dir, 'h.mjs'), '--bundle-aws-sdk');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      [
        `appsync-direct build: --handler ${join(dir, 'h.mjs')} does not build (1 error):`,
        `${join(dir, 'h.mjs')}:1:32: error: Could not resolve "@aws-sdk/client-dynamodb"`,
        "    import { DynamoDBClient } from '@aws-sdk/client-dynamodb';",
        '                                   ^^^^^^^^^^^^^^^^^^^^^^^^^^',
        '  note: You can mark the path "@aws-sdk/client-dynamodb" as external to exclude it from the bundle, which will remove this error and leave the unresolved path in the bundle.',
        '',
      ].join('\n'),
    );
  });

  it('--bundle-aws-sdk says so in the report', async () => {
    const { stdout } = await built('--handler', FIXTURE, '--bundle-aws-sdk');
    expect(stdout).toContain('  AWS SDK      bundled (--bundle-aws-sdk)\n');
  });
});

describe('appsync-direct build: the export Lambda calls', () => {
  it('fails with exit 1 when the module has no handler export, listing its exports', async () => {
    const dir = project({ 'h.mjs': 'export const app = { handler() {} };\nexport const x = 1;\n' });
    const result = await cli(['build', '--handler', 'h.mjs'], dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'appsync-direct build: --handler h.mjs has no handler export, which Lambda would call as index.handler; its exports are: app, x. Export the Lambda handler of the app: export const handler = app.handler()\n',
    );
    expect(existsSync(join(dir, DEFAULT_OUT))).toBe(false);
  });

  it('checks --export, also for a CommonJS bundle', async () => {
    const result = await build('--handler', FIXTURE, '--format', 'cjs', '--export', 'main');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `appsync-direct build: --handler ${FIXTURE} has no main export, which Lambda would call as index.main; its exports are: PostMissing, fail, handler. Export the Lambda handler (export const handler = app.handler()), or name the export Lambda should call with --export <name>\n`,
    );
  });

  it('a module without exports', async () => {
    const dir = project({ 'h.ts': 'console.log("side effects only");\n' });
    const result = await cli(['build', '--handler', 'h.ts'], dir);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'has no handler export, which Lambda would call as index.handler; it exports nothing. ',
    );
  });

  it('a CommonJS handler is bundled as CommonJS; its exports are not checked', async () => {
    const dir = project({
      'h.cjs': 'exports.handler = async (event) => ({ got: event.arguments });\n',
    });
    const result = await cli(['build', '--handler', 'h.cjs'], dir);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toContain(
      '  note: h.cjs is a CommonJS module, so the bundle is CommonJS too\n',
    );
    expect(result.stdout).toContain(
      "  handler      index.handler (a CommonJS module's exports are known only when it runs: not checked)\n",
    );
    const handler = createRequire(import.meta.url)(join(dir, DEFAULT_OUT, 'index.cjs'))
      .handler as Handler;
    expect(await handler(event('Query.x', { a: 1 }), lambda)).toEqual({ got: { a: 1 } });
  });

  it('a CommonJS handler with --format esm is an error', async () => {
    const dir = project({ 'h.cjs': 'exports.handler = async () => 1;\n' });
    const result = await cli(['build', '--handler', 'h.cjs', '--format', 'esm'], dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      'appsync-direct build: --handler h.cjs is a CommonJS module: as an ES module its exports are one default export, and Lambda could not call index.handler. Build it with --format cjs, or leave --format out\n',
    );
  });
});

describe('appsync-direct build: errors', () => {
  it("prints esbuild's errors as file:line:column: error, with the line, and exits 1", async () => {
    const dir = project({
      'src/h.ts':
        "import { a } from './a.js';\nimport { b } from 'b';\nexport const handler = () => a + b;\n",
    });
    const result = await cli(['build', '--handler', 'src/h.ts'], dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      [
        'appsync-direct build: --handler src/h.ts does not build (2 errors):',
        'src/h.ts:1:19: error: Could not resolve "./a.js"',
        "    import { a } from './a.js';",
        '                      ^^^^^^^^',
        'src/h.ts:2:19: error: Could not resolve "b"',
        "    import { b } from 'b';",
        '                      ^^^',
        '  note: You can mark the path "b" as external to exclude it from the bundle, which will remove this error and leave the unresolved path in the bundle.',
        '',
      ].join('\n'),
    );
    expect(existsSync(join(dir, DEFAULT_OUT))).toBe(false);
  });

  it('a syntax error', async () => {
    const dir = project({ 'h.ts': 'export const handler = (: number) => 1;\n' });
    const result = await cli(['build', '--handler', 'h.ts'], dir);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      [
        'appsync-direct build: --handler h.ts does not build (1 error):',
        'h.ts:1:25: error: Unexpected ":"',
        '    export const handler = (: number) => 1;',
        '                            ^',
        '',
      ].join('\n'),
    );
  });

  it.each([
    [[], 'say which handler to bundle with --handler <file>, as in --handler src/handler.ts'],
    [
      ['--handler', 'nope.ts'],
      `--handler nope.ts: there is no such file (looked for ${join(ROOT, 'nope.ts')})`,
    ],
    [
      ['--handler', 'examples'],
      `--handler examples is not a module this command can bundle: give a .ts, .mts, .cts, .js, .mjs or .cjs file`,
    ],
    [
      ['--handler', 'README.md'],
      '--handler README.md is not a module this command can bundle: give a .ts, .mts, .cts, .js, .mjs or .cjs file',
    ],
    [['--handler', FIXTURE, '--strcit'], 'unknown flag --strcit; did you mean --strict?'],
    [['--handler', FIXTURE, '--outt', 'x'], 'unknown flag --outt; did you mean --out?'],
    [
      ['--handler', FIXTURE, '--target', 'node18'],
      '--target node18 is not a Lambda Node.js runtime this command builds for: give node20, node22 or node24',
    ],
    [
      ['--handler', FIXTURE, '--format', 'umd'],
      '--format umd is not a format Lambda loads: give esm (an ES module, .mjs) or cjs (CommonJS, .cjs)',
    ],
    [
      ['--handler', FIXTURE, '--name', 'index.mjs'],
      '--name "index.mjs" must be a file name without extension or dots (letters, digits, _ and -), as in --name index',
    ],
    [
      ['--handler', FIXTURE, '--export', 'my-handler'],
      '--export "my-handler" is not an export name Lambda can call, as in --export handler',
    ],
    [['--handler', FIXTURE, '--strict=yes'], '--strict takes no value; write just --strict'],
  ])('%j is bad usage: exit 2', async (argv, message) => {
    const result = await cli(['build', ...argv]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toContain(`appsync-direct build: ${message}`);
    expect(result.stderr.endsWith(`\n${HELP_HINT}\n`)).toBe(true);
  });

  it('an --out below a file cannot be written: exit 2, before building', async () => {
    const dir = project({ 'file.txt': 'not a directory' });
    const result = await cli([
      'build',
      '--handler',
      FIXTURE,
      '--out',
      join(dir, 'file.txt/lambda'),
    ]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `appsync-direct build: --out ${join(dir, 'file.txt/lambda')} cannot be written: ${join(dir, 'file.txt')} is a file, not a directory\n`,
    );
  });

  it('a file that cannot be written: exit 2', async () => {
    const dir = project({ 'out/index.mjs/keep': 'a directory where the bundle goes' });
    const result = await cli(['build', '--handler', FIXTURE, '--out', join(dir, 'out')]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(
      new RegExp(
        `^appsync-direct build: --out ${join(dir, 'out')} cannot be written: EISDIR: illegal operation on a directory`,
      ),
    );
  });

  it('an --out where no directory can be made: exit 2 (and no endless mkdir under /proc)', async () => {
    const result = await cli(['build', '--handler', FIXTURE, '--out', '/proc/appsync-direct/x']);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toMatch(
      /^appsync-direct build: --out \/proc\/appsync-direct\/x cannot be written: [A-Z]+: /,
    );
  });

  it('says why a directory is not writable', () => {
    expect(writableProblem(ROOT)).toBeUndefined();
    expect(writableProblem(join(ROOT, 'no-such-directory'))).toMatch(/^ENOENT: /);
  });
});

describe('appsync-direct build: esbuild', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    return {
      out,
      io: {
        stdout: (text: string) => {
          out.stdout += text;
        },
        stderr: (text: string) => {
          out.stderr += text;
        },
        cwd: ROOT,
      },
    };
  };
  const argv = ['--handler', FIXTURE, '--out', join(tempFiles({}), 'x')];

  it('not installed: exit 2, saying how to install it', async () => {
    const { out, io: cliIo } = io();
    const missing = () =>
      Promise.reject(Object.assign(new Error('no esbuild'), { code: 'ERR_MODULE_NOT_FOUND' }));
    expect(await buildCommand(argv, cliIo, { importEsbuild: missing })).toBe(2);
    expect(out.stderr).toBe(
      'appsync-direct build: esbuild is not installed, and build bundles the handler with it: npm install -D esbuild\n',
    );
  });

  it('broken: exit 2', async () => {
    const { out, io: cliIo } = io();
    const broken = () => Promise.reject(new Error('bad binary'));
    expect(await buildCommand(argv, cliIo, { importEsbuild: broken })).toBe(2);
    expect(out.stderr).toBe(
      'appsync-direct build: esbuild is installed but could not be loaded: bad binary\n',
    );
  });

  it('an unexpected failure is not swallowed', async () => {
    const { io: cliIo } = io();
    const odd = async () => ({
      build: (async () => ({ metafile: { inputs: {}, outputs: {} }, warnings: [] })) as never,
    });
    await expect(buildCommand(argv, cliIo, { importEsbuild: odd })).rejects.toThrow(TypeError);
  });

  it('without its platform binary (node_modules from another platform): exit 2, not the handler', async () => {
    const { out, io: cliIo } = io();
    const message =
      'The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.';
    const binaryless = async () => ({
      build: (() => Promise.reject(new Error(message))) as never,
    });
    expect(await buildCommand(argv, cliIo, { importEsbuild: binaryless })).toBe(2);
    expect(out.stderr).toBe(
      `appsync-direct build: esbuild is installed but could not be loaded: ${message}\n`,
    );
  });

  it('failing without messages: exit 1', async () => {
    const { out, io: cliIo } = io();
    const crashing = async () => ({
      build: (() => Promise.reject(new Error('the service stopped'))) as never,
    });
    expect(await buildCommand(argv, cliIo, { importEsbuild: crashing })).toBe(1);
    expect(out.stderr).toBe(
      `appsync-direct build: esbuild failed on --handler ${FIXTURE}: the service stopped\n`,
    );
  });
});

describe('appsync-direct build: help', () => {
  it.each(['--help', '-h'])('%s prints the help', async (flag) => {
    expect(await cli(['build', flag])).toMatchObject({ code: 0, stdout: BUILD_HELP, stderr: '' });
    expect(BUILD_HELP).toContain('NODE_OPTIONS=--enable-source-maps');
    expect(BUILD_HELP).toContain(`Default: ${DEFAULT_OUT}.`);
  });

  it('a misspelt command suggests build', async () => {
    const result = await cli(['buidl', '--handler', FIXTURE]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command "buidl"; did you mean build?');
  });

  it('is listed in the usage', () => {
    expect(USAGE).toMatch(/^ {2}build {5}Bundle a handler for Lambda with esbuild/m);
    expect(USAGE).toContain('appsync-direct build --help');
  });
});

describe('build: its parts', () => {
  it.each([
    ['/p/node_modules/graphql/index.js', 'graphql'],
    ['/p/node_modules/@aws-sdk/client-s3/dist/index.js', '@aws-sdk/client-s3'],
    ['/p/node_modules/a/node_modules/b/lib/x.js', 'b'],
    ['/p/node_modules/appsync-direct/dist/index.js', 'appsync-direct'],
    ['/p/node_modules/appsync-direct/dist/emulator/index.js', 'appsync-direct/emulator'],
    ['/p/node_modules/appsync-direct/dist/codegen/check.js', 'appsync-direct/codegen'],
    ['/p/node_modules/appsync-direct/dist/batch/index.js', 'appsync-direct'],
    ['/pkg/src/testing/index.ts', 'appsync-direct/testing'],
    ['/pkg/dist/cli/main.js', 'appsync-direct/cli'],
    ['/pkg/src/resolver.ts', 'appsync-direct'],
    ['/pkg/dist/index.js', 'appsync-direct'],
    ['/pkg/examples/blog/handler.ts', 'your code'],
    ['/elsewhere/src/handler.ts', 'your code'],
  ])('%s belongs to %s', (file, owner) => {
    expect(ownerOf(file, '/pkg/')).toBe(owner);
  });

  it('counts bytes by owner and who imports each', () => {
    const metafile = {
      inputs: {
        'h.ts': {
          bytes: 1,
          imports: [
            { path: 'node_modules/x/a.js', kind: 'import-statement', original: 'x' },
            { path: 'node_modules/y/a.js', kind: 'import-statement', original: 'y' },
            { path: 'lib.ts', kind: 'import-statement', original: './lib' },
          ],
        },
        'lib.ts': {
          bytes: 1,
          imports: [{ path: 'node_modules/x/b.js', kind: 'import-statement', original: 'x/b' }],
        },
        'node_modules/y/a.js': {
          bytes: 1,
          imports: [
            { path: 'node_modules/x/a.js', kind: 'require-call', original: 'x' },
            { path: 'fs', kind: 'require-call', external: true, original: 'fs' },
          ],
        },
        'node_modules/x/a.js': {
          bytes: 1,
          imports: [{ path: 'node_modules/x/b.js', kind: 'import-statement', original: './b' }],
        },
      },
    } as unknown as Metafile;
    const output = {
      bytes: 0,
      imports: [],
      exports: [],
      inputs: {
        'h.ts': { bytesInOutput: 10 },
        'lib.ts': { bytesInOutput: 5 },
        'node_modules/x/a.js': { bytesInOutput: 100 },
        'node_modules/x/b.js': { bytesInOutput: 50 },
        'node_modules/y/a.js': { bytesInOutput: 0 },
        '(disabled):fs': { bytesInOutput: 3 },
      },
    };
    expect(contributionsOf(metafile, output, '/p', '/pkg/')).toEqual([
      { name: 'x', bytes: 150, importers: ['h.ts', 'lib.ts', 'y'] },
      { name: 'your code', bytes: 15, importers: [] },
      { name: 'other', bytes: 3, importers: [] },
    ]);
  });

  it('warns once per heavy module or large package, naming up to three importers', () => {
    expect(
      heavyWarnings(
        [
          { name: 'huge', bytes: 200 * 1024, importers: ['a.ts', 'b.ts', 'c.ts', 'd.ts'] },
          { name: 'your code', bytes: 300 * 1024, importers: [] },
          { name: 'other', bytes: 300 * 1024, importers: [] },
          { name: 'typescript', bytes: 10, importers: [] },
          { name: 'small', bytes: 100 * 1024, importers: ['a.ts'] },
        ],
        'index.mjs',
      ),
    ).toEqual([
      'warning: huge is in the bundle (200.0 KB of index.mjs, imported by a.ts, b.ts, c.ts …): a package over 100 KB: check that the function needs it, or import less of it',
      'warning: typescript is in the bundle (0.0 KB of index.mjs): the TypeScript compiler is a build-time tool',
    ]);
  });

  it('does not warn of graphql in a handler of appsync-direct/http, which executes GraphQL', () => {
    const graphql = { name: 'graphql', bytes: 280 * 1024, importers: ['src/engine/engine.ts'] };
    expect(heavyWarnings([graphql], 'index.mjs')).toEqual([
      expect.stringMatching(/^warning: graphql is in the bundle \(280\.0 KB of index\.mjs/),
    ]);
    expect(
      heavyWarnings(
        [graphql, { name: 'appsync-direct/http', bytes: 80 * 1024, importers: ['h.ts'] }],
        'index.mjs',
      ),
    ).toEqual([]);
  });

  it('counts the engine and the HTTP entry as appsync-direct/http, not a development tool', () => {
    for (const file of ['/pkg/dist/engine/engine.js', '/pkg/src/http/server.ts']) {
      expect(ownerOf(file, '/pkg/')).toBe('appsync-direct/http');
    }
    expect(ownerOf('/pkg/dist/engine/ide-page.js', '/pkg/')).toBe('appsync-direct/http');
  });

  it('formats notes with their place, and files outside the file system as esbuild names them', () => {
    const location = {
      file: '(disabled):fs',
      namespace: '',
      line: 3,
      column: 4,
      length: 0,
      lineText: '',
      suggestion: '',
    };
    expect(
      formatMessage(
        {
          id: '',
          pluginName: '',
          text: 'odd',
          location,
          notes: [{ text: 'defined here', location: { ...location, file: 'src/a.ts' } }],
          detail: undefined,
        },
        'warning',
        '/p',
      ),
    ).toBe('(disabled):fs:3:5: warning: odd\n  src/a.ts:3: note: defined here');
  });

  it('formats a message without a location', () => {
    expect(
      formatMessage(
        {
          id: '',
          pluginName: '',
          text: 'something broke',
          location: null,
          notes: [{ text: 'see here', location: null }],
          detail: undefined,
        },
        'error',
      ),
    ).toBe('error: something broke\n  note: see here');
  });
});
