/**
 * The package as users get it: packed with `npm pack`, installed into an empty project, and
 * imported by its public names. Needs `dist/` (`npm test` builds it first).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'appsync-direct-install-'));
let packed: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before this suite.');
  }
  // --ignore-scripts: pack what is built, without rebuilding dist under other suites' feet.
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work],
    { cwd: root },
  );
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  packed = info.files.map((file) => file.path).sort();
  const consumer = join(work, 'consumer');
  await run('mkdir', ['-p', consumer]);
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--ignore-scripts', join(work, info.filename)],
    { cwd: consumer },
  );
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the published package', () => {
  it('holds the build, the fixtures and the documents, and nothing else', () => {
    const outside = packed.filter(
      (path) =>
        !/^dist\/.+\.(js|d\.ts)$/.test(path) &&
        !/^fixtures\/([a-z0-9-]+\.json|README\.md)$/.test(path) &&
        !/^bin\/appsync-direct\.js$/.test(path) &&
        !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'appsync.graphql'].includes(path),
    );
    expect(outside).toEqual([]);
    expect(packed).toEqual(
      expect.arrayContaining([
        'dist/index.js',
        'dist/index.d.ts',
        'dist/testing/index.js',
        'dist/testing/index.d.ts',
        'dist/codegen/index.js',
        'dist/codegen/index.d.ts',
        'appsync.graphql',
        'fixtures/batch-3.json',
        'fixtures/invoke-cognito-user-pools.json',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
      ]),
    );
  });

  it('serves a handler and its tests by the public entry names', async () => {
    const script = `
      import { createResolver, identityKind, AppSyncError } from 'appsync-direct';
      import { invoke, invokeEvent, loadFixture, fixtureNames } from 'appsync-direct/testing';
      class NotFoundError extends AppSyncError {}
      const app = createResolver().batchResolver('Post.author', (ctxs) =>
        ctxs.map((c) => c.source.authorId === 'u404' ? new NotFoundError('gone') : { id: c.source.authorId }));
      const batch = await invoke(app, loadFixture('batch-3'));
      const event = invokeEvent({ field: 'Query.me', identity: 'cognito' });
      console.log(JSON.stringify({ batch, kind: identityKind(event.identity), fixtures: fixtureNames.length }));
    `;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], {
      cwd: join(work, 'consumer'),
    });
    expect(JSON.parse(stdout)).toEqual({
      batch: [
        { data: { id: 'u1' } },
        { data: { id: 'u2' } },
        { error: { errorType: 'NotFoundError', errorMessage: 'gone' } },
      ],
      kind: 'cognito',
      fixtures: 15,
    });
  });

  it('installs the appsync-direct command, which runs a JavaScript handler without esbuild', async () => {
    const consumer = join(work, 'consumer');
    writeFileSync(
      join(consumer, 'handler.mjs'),
      `import { createResolver } from 'appsync-direct';
       export const handler = createResolver()
         .resolver('Query.hello', (ctx) => ({ greeting: 'hello ' + ctx.args.name }))
         .handler();`,
    );
    const bin = join(consumer, 'node_modules', '.bin', 'appsync-direct');
    const { stdout: version } = await run(bin, ['--version'], { cwd: consumer });
    expect(version.trim()).toContain(pkg.version);
    const { stdout } = await run(
      bin,
      ['invoke', '--handler', 'handler.mjs', '--field', 'Query.hello', '--args', '{"name":"Ada"}'],
      { cwd: consumer },
    );
    expect(JSON.parse(stdout)).toEqual({ data: { greeting: 'hello Ada' } });
  });

  it('generates schema types with graphql installed: the command, and the plugin over the shipped appsync.graphql', async () => {
    const consumer = join(work, 'consumer');
    await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', 'graphql@16'], {
      cwd: consumer,
    });
    writeFileSync(
      join(consumer, 'schema.graphql'),
      'type Query { now(zone: String): AWSDateTime! }',
    );
    const bin = join(consumer, 'node_modules', '.bin', 'appsync-direct');
    const { stdout: wrote } = await run(
      bin,
      ['codegen', '--schema', 'schema.graphql', '--out', 'schema.generated.ts'],
      { cwd: consumer },
    );
    expect(wrote).toBe('appsync-direct codegen: wrote schema.generated.ts (1 field)\n');
    const generated = readFileSync(join(consumer, 'schema.generated.ts'), 'utf8');
    expect(generated).toContain(
      "'Query.now': { args: { zone?: string | null }; source: null; result: AWSDateTime };",
    );
    // GraphQL Code Generator's way: the schema loaded by plain graphql-js, with appsync.graphql.
    const script = `
      import { readFileSync } from 'node:fs';
      import { buildSchema } from 'graphql';
      import { plugin } from 'appsync-direct/codegen';
      const sdl = readFileSync('node_modules/appsync-direct/appsync.graphql', 'utf8') + readFileSync('schema.graphql', 'utf8');
      process.stdout.write(plugin(buildSchema(sdl), [], { header: ['Regenerate: appsync-direct codegen --schema schema.graphql --out schema.generated.ts'] }));
    `;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: consumer });
    expect(stdout).toBe(generated);
  }, 60_000);
});
