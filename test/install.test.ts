/**
 * The package as users get it: packed with `npm pack`, installed offline into empty projects, and
 * loaded by its public names, from ES modules and from CommonJS (`require()` of an ES module,
 * which Node ≥ 20.19 does unflagged). Needs `dist/` (`npm test` builds it first).
 *
 * Two consumers: `plain` has only appsync-direct (the runtime and the test kit must not need
 * graphql); `full` also has graphql, the optional peer of the emulator and codegen entries, packed
 * from this repository's node_modules so that nothing is fetched, and aws-cdk-lib and constructs,
 * the optional peers of the cdk entry, linked from this repository's node_modules (packing and
 * installing aws-cdk-lib's 160 MB would take longer than the rest of the suite).
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'appsync-direct-install-'));
const plain = join(work, 'plain');
const full = join(work, 'full');
let packed: string[] = [];
/** What `npm install` printed when it installed the package into `plain`, as a user would. */
let installOutput = '';

/** The subpaths of `exports` that are JavaScript modules: `.`, `./testing`, … */
const modules = Object.entries(pkg.exports as Record<string, unknown>)
  .filter(([, target]) => typeof target === 'object')
  .map(([subpath]) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`) as string);

/** `npm pack` of `dir` into the scratch folder, without its scripts; the tarball's name. */
async function pack(dir: string): Promise<{ filename: string; files: { path: string }[] }> {
  const { stdout } = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', work, dir],
    { cwd: work },
  );
  const [info] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
  if (info === undefined) throw new Error(`npm pack printed no package: ${stdout}`);
  return info;
}

/**
 * An empty ES module project at `dir` with `tarballs` installed, offline; what npm printed.
 * `scripts: true` installs as a user does, with npm's install-script policy (npm 11 warns about
 * a dependency's unapproved `preinstall`, `install`, `postinstall` or, from a tarball,
 * `prepare`); otherwise with `--ignore-scripts`.
 */
async function consumer(dir: string, tarballs: string[], scripts = false): Promise<string> {
  mkdirSync(dir);
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  );
  const { stdout, stderr } = await run(
    'npm',
    [
      'install',
      '--offline',
      '--no-audit',
      '--no-fund',
      ...(scripts ? [] : ['--ignore-scripts']),
      ...tarballs,
    ],
    { cwd: dir },
  );
  return `${stdout}${stderr}`;
}

/** Runs `node file` in `cwd`; stdout parsed as JSON, and stderr (which should stay empty). */
async function node(cwd: string, file: string, source: string) {
  writeFileSync(join(cwd, file), source);
  const { stdout, stderr } = await run('node', [file], { cwd });
  return { out: JSON.parse(stdout), stderr };
}

beforeAll(async () => {
  if (!existsSync(join(root, 'dist', 'index.js'))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does) before this suite.');
  }
  // --ignore-scripts: pack what is built, without rebuilding dist under other suites' feet.
  const [ours, graphql] = await Promise.all([pack(root), pack(join(root, 'node_modules/graphql'))]);
  packed = ours.files.map((file) => file.path).sort();
  const tarball = join(work, ours.filename);
  [installOutput] = await Promise.all([
    consumer(plain, [tarball], true),
    consumer(full, [tarball, join(work, graphql.filename)]),
  ]);
  // As a CDK app has them: aws-cdk-lib resolves its own peer, constructs, from where it really
  // is, which is where the link below leads too, so there is one copy of constructs.
  for (const name of ['aws-cdk-lib', 'constructs']) {
    symlinkSync(join(root, 'node_modules', name), join(full, 'node_modules', name), 'dir');
  }
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

const TSC = join(root, 'node_modules/typescript/bin/tsc');

/**
 * Writes a strict `nodenext` tsconfig for `files` in `dir`, with no ambient types and only the
 * ES2022 library, as a consumer without @types/node or the DOM would have.
 */
function consumerTsconfig(dir: string, files: string[], skipLibCheck: boolean): void {
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        target: 'es2022',
        lib: ['es2022'],
        types: [],
        strict: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck,
        noEmit: true,
      },
      files,
    }),
  );
}

// Every test below runs node, npm or tsc in a child process: a second or two each on an idle
// machine, several times that on a loaded one, so each has a budget well above the default 5 s.
describe('the published package', { timeout: 60_000 }, () => {
  it('holds dist/ (the build, the fixtures, appsync.graphql) and the documents, nothing else', () => {
    const outside = packed.filter(
      (path) =>
        !/^dist\/.+\.(js|d\.ts)$/.test(path) &&
        !/^dist\/fixtures\/([a-z0-9-]+\.json|README\.md)$/.test(path) &&
        path !== 'dist/appsync.graphql' &&
        !['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(path),
    );
    expect(outside).toEqual([]);
    const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>)
      .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))
      .concat(Object.values(pkg.bin as Record<string, string>))
      .map((target) => target.replace(/^\.\//, ''));
    expect(packed).toEqual(
      expect.arrayContaining([
        ...targets,
        'dist/fixtures/batch-3.json',
        'dist/fixtures/invoke-cognito-user-pools.json',
        'dist/fixtures/README.md',
        'README.md',
        'LICENSE',
        'CHANGELOG.md',
      ]),
    );
    expect(modules).toEqual([
      'appsync-direct',
      'appsync-direct/testing',
      'appsync-direct/emulator',
      'appsync-direct/codegen',
      'appsync-direct/cdk',
      'appsync-direct/http',
      'appsync-direct/client',
    ]);
  });

  it('installs without a warning from npm: no install-time script to approve', () => {
    // npm 11 asks users to approve a dependency's install-time scripts, and warns until they do.
    const warnings = installOutput
      .split('\n')
      .filter((line) => /^npm warn/i.test(line))
      .filter((line) => /install-scripts|allowScripts|prepare|appsync-direct/i.test(line));
    expect(warnings).toEqual([]);
    const installed = JSON.parse(
      readFileSync(join(plain, 'node_modules/appsync-direct/package.json'), 'utf8'),
    ) as { scripts?: Record<string, string> };
    const lifecycle = ['preinstall', 'install', 'postinstall', 'prepare'];
    expect(Object.keys(installed.scripts ?? {}).filter((name) => lifecycle.includes(name))).toEqual(
      [],
    );
    const lock = JSON.parse(readFileSync(join(plain, 'package-lock.json'), 'utf8'));
    expect(lock.packages['node_modules/appsync-direct']).not.toHaveProperty('hasInstallScript');
  });

  it('loads every entry point from an ES module and from CommonJS, as one copy', async () => {
    // require() of an ES module graph works when no module in it uses top-level await (else
    // ERR_REQUIRE_ASYNC_MODULE): this proves it for every entry, on the Node running the tests.
    const esm = await node(
      full,
      'esm.mjs',
      `const names = {};
       for (const entry of ${JSON.stringify(modules)}) names[entry] = Object.keys(await import(entry)).sort();
       const { default: manifest } = await import('appsync-direct/package.json', { with: { type: 'json' } });
       const sdl = new URL(import.meta.resolve('appsync-direct/appsync.graphql')).pathname;
       console.log(JSON.stringify({ names, version: manifest.version, sdl }));`,
    );
    const cjs = await node(
      full,
      'cjs.cjs',
      `const names = {};
       for (const entry of ${JSON.stringify(modules)}) names[entry] = Object.keys(require(entry)).sort();
       const required = require('appsync-direct');
       import('appsync-direct').then((imported) => console.log(JSON.stringify({
         names,
         version: require('appsync-direct/package.json').version,
         sdl: require.resolve('appsync-direct/appsync.graphql'),
         oneCopy: required.AppSyncError === imported.AppSyncError && required.createResolver === imported.createResolver,
         isError: new required.AppSyncError('x') instanceof imported.AppSyncError,
       })));`,
    );
    expect(esm.stderr).toBe('');
    expect(cjs.stderr).toBe('');
    for (const entry of modules) {
      expect(esm.out.names[entry].length, entry).toBeGreaterThan(0);
      expect(cjs.out.names[entry], entry).toEqual(esm.out.names[entry]);
    }
    expect(esm.out.names['appsync-direct']).toEqual(
      expect.arrayContaining(['createResolver', 'AppSyncError', 'isAppSyncError']),
    );
    expect(esm.out.names['appsync-direct/emulator']).toContain('buildAppSyncSchema');
    expect(esm.out.names['appsync-direct/cdk']).toEqual([
      'DirectLambdaResolvers',
      'MAX_BATCH_SIZE',
      'WARNINGS',
    ]);
    expect(esm.out.version).toBe(pkg.version);
    expect(cjs.out.version).toBe(pkg.version);
    const sdl = join(full, 'node_modules/appsync-direct/dist/appsync.graphql');
    expect(esm.out.sdl).toBe(sdl);
    expect(cjs.out.sdl).toBe(sdl);
    expect(readFileSync(sdl, 'utf8')).toBe(readFileSync(join(root, 'appsync.graphql'), 'utf8'));
    expect(cjs.out.oneCopy).toBe(true);
    expect(cjs.out.isError).toBe(true);
  });

  it('serves a handler and its tests without graphql, from ESM and CommonJS', async () => {
    const body = (load: (entry: string) => string) => `
      const { createResolver, identityKind, AppSyncError } = ${load('appsync-direct')};
      const { invoke, invokeEvent, loadFixture, fixtureNames } = ${load('appsync-direct/testing')};
      class NotFoundError extends AppSyncError {}
      const app = createResolver().batchResolver('Post.author', (ctxs) =>
        ctxs.map((c) => c.source.authorId === 'u404' ? new NotFoundError('gone') : { id: c.source.authorId }));
      const event = invokeEvent({ field: 'Query.me', identity: 'cognito' });
      invoke(app, loadFixture('batch-3')).then((batch) =>
        console.log(JSON.stringify({ batch, kind: identityKind(event.identity), fixtures: fixtureNames.length })));`;
    const expected = {
      batch: [
        { data: { id: 'u1' } },
        { data: { id: 'u2' } },
        { error: { errorType: 'NotFoundError', errorMessage: 'gone' } },
      ],
      kind: 'cognito',
      fixtures: 28,
    };
    expect(existsSync(join(plain, 'node_modules/graphql'))).toBe(false);
    const esm = await node(
      plain,
      'handler-test.mjs',
      body((entry) => `await import('${entry}')`),
    );
    const cjs = await node(
      plain,
      'handler-test.cjs',
      body((entry) => `require('${entry}')`),
    );
    expect(esm).toEqual({ out: expected, stderr: '' });
    expect(cjs).toEqual({ out: expected, stderr: '' });
  });

  it("reaches CommonJS handlers where require(esm) is off, as on Lambda's managed runtimes: bundled, or by import()", async () => {
    // Lambda starts nodejs20.x and 22.x with --no-experimental-require-module.
    const off = '--no-experimental-require-module';
    const answer = `const event = JSON.parse(require('node:fs').readFileSync(
      'node_modules/appsync-direct/dist/fixtures/invoke-api-key.json', 'utf8'));
      handler(event).then((data) => console.log(JSON.stringify(data)));`;
    writeFileSync(
      join(plain, 'required.cjs'),
      `const { createResolver } = require('appsync-direct');
       exports.handler = createResolver().resolver('Query.getPost', (ctx) => ({ id: ctx.args.id })).handler();`,
    );
    writeFileSync(
      join(plain, 'imported.cjs'),
      `let handler;
       exports.handler = async (event, context) => {
         handler ??= (await import('appsync-direct')).createResolver()
           .resolver('Query.getPost', (ctx) => ({ id: ctx.args.id })).handler();
         return handler(event, context);
       };`,
    );
    await expect(
      run('node', [off, '-e', "require('./required.cjs')"], { cwd: plain }),
    ).rejects.toMatchObject({ stderr: expect.stringContaining('ERR_REQUIRE_ESM') });
    // What CDK's NodejsFunction does by default: one CommonJS file, the package inlined.
    await build({
      entryPoints: [join(plain, 'required.cjs')],
      outfile: join(plain, 'bundle', 'index.cjs'),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      logLevel: 'silent',
    });
    for (const file of ['./bundle/index.cjs', './imported.cjs']) {
      const { stdout, stderr } = await run(
        'node',
        [off, '-e', `const { handler } = require('${file}'); ${answer}`],
        { cwd: plain },
      );
      expect({ file, out: JSON.parse(stdout), stderr }).toEqual({
        file,
        out: { id: '1' },
        stderr: '',
      });
    }
  });

  it('types a handler from an ES module and from CommonJS, without @types/node', async () => {
    const handler = (load: string) => `${load}
      class NotFoundError extends direct.AppSyncError {}
      const app = direct.createResolver().resolver('Query.post', (ctx) => {
        if (ctx.args['id'] === '404') throw new NotFoundError('no post');
        return { id: ctx.args['id'] };
      });
      export const handler = app.handler();`;
    writeFileSync(join(plain, 'esm.mts'), handler("import * as direct from 'appsync-direct';"));
    writeFileSync(join(plain, 'cjs.cts'), handler("import direct = require('appsync-direct');"));
    consumerTsconfig(plain, ['esm.mts', 'cjs.cts'], false);
    const { stdout } = await run('node', [TSC, '-p', '.', '--listFilesOnly'], { cwd: plain });
    expect(stdout).toContain('node_modules/appsync-direct/dist/index.d.ts');
    expect(stdout).not.toContain('@types');
    await expect(run('node', [TSC, '-p', '.'], { cwd: plain })).resolves.toMatchObject({
      stdout: '',
    });
  }, 60_000);

  it('deploys routes with the cdk entry, and fails synthesis for a field the schema lacks', async () => {
    writeFileSync(
      join(full, 'cdk-schema.graphql'),
      'type Query { getPost(id: ID!): Post } type Post { id: ID! author: String }',
    );
    const script = (routes: string) => `
      import { App, Stack } from 'aws-cdk-lib';
      import * as appsync from 'aws-cdk-lib/aws-appsync';
      import * as lambda from 'aws-cdk-lib/aws-lambda';
      import { DirectLambdaResolvers } from 'appsync-direct/cdk';
      const app = new App({ outdir: 'cdk.out', builtinCloudFormationValidation: false });
      const stack = new Stack(app, 'Blog');
      const api = new appsync.GraphqlApi(stack, 'Api', { name: 'blog', definition: appsync.Definition.fromFile('cdk-schema.graphql') });
      const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
      new DirectLambdaResolvers(stack, 'Resolvers', { api, function: fn, routes: ${routes} });
      try {
        const template = app.synth().getStackByName('Blog').template;
        const resolvers = Object.values(template.Resources).filter((r) => r.Type === 'AWS::AppSync::Resolver');
        console.log(JSON.stringify({ resolvers: resolvers.map((r) => r.Properties) }));
      } catch (error) {
        console.log(JSON.stringify({ error: error.message }));
      }`;
    const good = await node(
      full,
      'cdk-good.mjs',
      script(
        `[{ typeName: 'Query', fieldName: 'getPost', kind: 'resolver' }, { typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 10 }]`,
      ),
    );
    expect(good.out.resolvers).toEqual([
      expect.objectContaining({ TypeName: 'Query', FieldName: 'getPost', Kind: 'UNIT' }),
      expect.objectContaining({ TypeName: 'Post', FieldName: 'author', MaxBatchSize: 10 }),
    ]);
    expect(good.out.resolvers[0]).not.toHaveProperty('RequestMappingTemplate');
    const bad = await node(
      full,
      'cdk-bad.mjs',
      script(`[{ typeName: 'Post', fieldName: 'writer' }]`),
    );
    expect(bad.out.error).toContain('route Post.writer: type Post has no field writer');
  });

  it('needs aws-cdk-lib for the cdk entry only, and says so', async () => {
    expect(existsSync(join(plain, 'node_modules/aws-cdk-lib'))).toBe(false);
    await expect(
      run('node', ['--input-type=module', '-e', "await import('appsync-direct/cdk')"], {
        cwd: plain,
      }),
    ).rejects.toMatchObject({
      stderr: expect.stringContaining("Cannot find package 'aws-cdk-lib'"),
    });
  });

  it('types a CDK app with the cdk entry', async () => {
    writeFileSync(
      join(full, 'cdk-app.mts'),
      `import { App, Stack } from 'aws-cdk-lib';
       import * as appsync from 'aws-cdk-lib/aws-appsync';
       import * as lambda from 'aws-cdk-lib/aws-lambda';
       import { DirectLambdaResolvers, type DirectLambdaRoute } from 'appsync-direct/cdk';
       const stack = new Stack(new App(), 'Blog');
       const api = appsync.GraphqlApi.fromGraphqlApiAttributes(stack, 'Api', { graphqlApiId: 'id' });
       const fn = lambda.Function.fromFunctionName(stack, 'Fn', 'blog');
       const routes: DirectLambdaRoute[] = [{ typeName: 'Query', fieldName: 'getPost', maxBatchSize: 10 }];
       const made = new DirectLambdaResolvers(stack, 'Resolvers', { api, function: fn, routes: { routes } });
       const size: number | undefined = made.routes[0]?.maxBatchSize;
       made.resolvers.get('Query.getPost')?.arn;
       // @ts-expect-error: routes are required
       new DirectLambdaResolvers(stack, 'Nothing', { api, function: fn });
       export { size };`,
    );
    // aws-cdk-lib's own declarations need @types/node and break under exactOptionalPropertyTypes;
    // the package's are checked by the project's build.
    consumerTsconfig(full, ['cdk-app.mts'], true);
    // One compilation that lists its files: errors would be printed among them.
    const { stdout } = await run('node', [TSC, '-p', '.', '--listFiles'], { cwd: full });
    expect(stdout).toContain('node_modules/appsync-direct/dist/cdk/index.d.ts');
    expect(stdout).not.toContain('error TS');
  }, 120_000); // tsc over aws-cdk-lib's declarations: 5-6 s idle, 26 s seen on a loaded machine

  it('installs the appsync-direct command, which runs a JavaScript handler without esbuild', async () => {
    writeFileSync(
      join(plain, 'handler.mjs'),
      `import { createResolver } from 'appsync-direct';
       export const handler = createResolver()
         .resolver('Query.hello', (ctx) => ({ greeting: 'hello ' + ctx.args.name }))
         .handler();`,
    );
    const bin = join(plain, 'node_modules', '.bin', 'appsync-direct');
    const { stdout: version } = await run(bin, ['--version'], { cwd: plain });
    expect(version.trim()).toContain(pkg.version);
    const { stdout } = await run(
      bin,
      ['invoke', '--handler', 'handler.mjs', '--field', 'Query.hello', '--args', '{"name":"Ada"}'],
      { cwd: plain },
    );
    expect(JSON.parse(stdout)).toEqual({ data: { greeting: 'hello Ada' } });
  });

  it('generates schema types with graphql installed: the command, and the plugin over the shipped appsync.graphql', async () => {
    writeFileSync(join(full, 'schema.graphql'), 'type Query { now(zone: String): AWSDateTime! }');
    const bin = join(full, 'node_modules', '.bin', 'appsync-direct');
    const { stdout: wrote } = await run(
      bin,
      ['codegen', '--schema', 'schema.graphql', '--out', 'schema.generated.ts'],
      { cwd: full },
    );
    expect(wrote).toBe('appsync-direct codegen: wrote schema.generated.ts (1 field)\n');
    const generated = readFileSync(join(full, 'schema.generated.ts'), 'utf8');
    expect(generated).toContain(
      "'Query.now': { args: { zone?: string | null }; source: null; result: AWSDateTime };",
    );
    // GraphQL Code Generator's way: the schema loaded by plain graphql-js, with appsync.graphql.
    const script = `
      import { readFileSync } from 'node:fs';
      import { buildSchema } from 'graphql';
      import { plugin } from 'appsync-direct/codegen';
      const sdl = readFileSync('node_modules/appsync-direct/dist/appsync.graphql', 'utf8') + readFileSync('schema.graphql', 'utf8');
      process.stdout.write(plugin(buildSchema(sdl), [], { header: ['Regenerate: appsync-direct codegen --schema schema.graphql --out schema.generated.ts'] }));
    `;
    const { stdout } = await run('node', ['--input-type=module', '-e', script], { cwd: full });
    expect(stdout).toBe(generated);
  });
});
