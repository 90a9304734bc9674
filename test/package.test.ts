import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { entryGraph, foreign, neutralBundle } from './bundle-graph.js';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('package.json', () => {
  it('is an ES module package with types first in every export', () => {
    expect(pkg.name).toBe('appsync-direct');
    expect(pkg.type).toBe('module');
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.engines).toEqual({ node: '>=20' });
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      expect(Object.keys(target as object)[0], subpath).toBe('types');
    }
  });

  it('has no runtime dependencies', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it('has only optional peers, each also a dev dependency to build and test with', () => {
    const peers = Object.keys(pkg.peerDependencies);
    expect(peers).toEqual(expect.arrayContaining(['aws-cdk-lib', 'constructs', 'graphql']));
    for (const name of peers) {
      expect(pkg.peerDependenciesMeta[name], name).toEqual({ optional: true });
      expect(pkg.devDependencies[name], name).toBeDefined();
    }
  });
});

describe('the runtime entry', () => {
  it('imports nothing but its own files: no package, no Node built-in, no graphql', async () => {
    const { inputs, imports } = await neutralBundle({ entry: 'src/index.ts' });
    expect(inputs.length).toBeGreaterThan(5);
    expect(inputs.filter((file) => !file.startsWith('src/'))).toEqual([]);
    expect(imports).toEqual([]);
  });
});

describe('the runtime sources', () => {
  it('import only each other, types included, so the .d.ts files need no other package', () => {
    const root = new URL('../src/', import.meta.url);
    // The test kit, the emulator and its GraphQL engine, the dev server and the command line are
    // Node-only tools; the CDK construct runs in CDK apps.
    const tools = /^(testing|cli|emulator|engine|http|dev|codegen|cdk|client)\//;
    const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter(
      (f) => f.endsWith('.ts') && !tools.test(f),
    );
    expect(files.length).toBeGreaterThan(5);
    const specifiers = files.flatMap((file) =>
      [...readFileSync(new URL(file, root), 'utf8').matchAll(/\bfrom\s+'([^']+)'/g)].map(
        (match) => `${file}: ${match[1]}`,
      ),
    );
    expect(specifiers.length).toBeGreaterThan(10);
    expect(specifiers.filter((line) => !line.split(': ')[1]?.startsWith('.'))).toEqual([]);
    expect(
      specifiers.filter((line) => /\/(testing|cli|emulator|engine|dev|codegen|cdk)\//.test(line)),
    ).toEqual([]);
  });
});

describe('the testing entry', () => {
  it('loads Node built-ins and our runtime; graphql only behind the test client', async () => {
    const { outputs, entry, loaded } = await entryGraph('src/testing/index.ts', {
      external: ['graphql'],
    });
    expect(foreign(loaded)).toEqual([]);
    const dynamic = (outputs[entry]?.imports ?? []).filter(
      (item) => item.kind === 'dynamic-import',
    );
    expect(dynamic).toHaveLength(1);
    expect(outputs[String(dynamic[0]?.path)]?.imports.map((item) => item.path)).toContain(
      'graphql',
    );
  });
});

describe('the cdk entry', () => {
  it('loads aws-cdk-lib, constructs and Node built-ins only: not the runtime, graphql or esbuild', async () => {
    const { outputs, entry, loaded, dynamic } = await entryGraph('src/cdk/index.ts', {
      external: ['aws-cdk-lib', 'constructs'],
    });
    const packages = foreign(loaded).map((path) => path.split('/')[0]);
    expect([...new Set(packages)].sort()).toEqual(['aws-cdk-lib', 'constructs']);
    expect(dynamic).toEqual([]);
    const inputs = Object.keys(outputs[entry]?.inputs ?? {});
    // src/batching.ts: the one rule of batch routes AppSync never batches, dependency-free;
    // src/engine/code: the code declarations' checks and the deployment plan `manifest` shares,
    // which load esbuild (through src/engine/appsync-js/bundle.ts, which imports neither esbuild
    // nor the checker) only when a route declares APPSYNC_JS code.
    expect(inputs.sort()).toEqual([
      'src/batching.ts',
      'src/cdk/index.ts',
      'src/cdk/routes.ts',
      'src/cdk/sdl.ts',
      'src/engine/appsync-js/bundle.ts',
      'src/engine/code/declaration.ts',
      'src/engine/code/deploy.ts',
    ]);
  });

  it('is loaded by no other entry', async () => {
    for (const source of [
      'src/index.ts',
      'src/testing/index.ts',
      'src/emulator/index.ts',
      'src/codegen/index.ts',
      'src/http/index.ts',
    ]) {
      const { outputs } = await entryGraph(source, {
        external: ['graphql', 'esbuild', 'aws-cdk-lib', 'constructs'],
      });
      const inputs = Object.values(outputs).flatMap((output) => Object.keys(output.inputs));
      expect(
        inputs.filter((input) => input.startsWith('src/cdk/')),
        source,
      ).toEqual([]);
      const imports = Object.values(outputs).flatMap((output) =>
        output.imports.map((item) => item.path),
      );
      expect(
        imports.filter((path) => /^(aws-cdk-lib|constructs)(\/|$)/.test(path)),
        source,
      ).toEqual([]);
    }
  });
});

describe('the http entry', () => {
  it('loads graphql (its peer) and our own sources: no esbuild, CDK, Lambda boundary or dev server', async () => {
    const { outputs, entry, loaded, dynamic } = await entryGraph('src/http/index.ts', {
      external: ['graphql'],
    });
    expect([...new Set(foreign(loaded).map((path) => path.split('/')[0]))]).toEqual(['graphql']);
    expect(dynamic).toEqual([]);
    const inputs = Object.keys(outputs[entry]?.inputs ?? {});
    expect(inputs.filter((input) => /^src\/(emulator|cli|cdk|codegen)\//.test(input))).toEqual([]);
    expect(inputs.filter((input) => /^src\/(dev|testing)\//.test(input))).toEqual([]);
    expect(inputs).toContain('src/engine/engine.ts');
  });
});

describe('the client entry', () => {
  it('loads node:crypto and its own files only: no runtime, engine, graphql or other package', async () => {
    const { outputs, entry, loaded, dynamic } = await entryGraph('src/client/index.ts', {});
    expect(foreign(loaded)).toEqual([]);
    expect(dynamic).toEqual([]);
    const inputs = Object.keys(outputs[entry]?.inputs ?? {});
    expect(inputs.filter((input) => !input.startsWith('src/client/'))).toEqual([]);
    const imports = (outputs[entry]?.imports ?? []).map((item) => item.path);
    expect(imports).toEqual(['node:crypto']);
  });
});

describe('a handler bundled and minified as users deploy it', () => {
  it('keeps every errorType, though the minifier renamed the classes', async () => {
    const result = await build({
      entryPoints: [new URL('../examples/blog/handler.ts', import.meta.url).pathname],
      bundle: true,
      minify: true,
      platform: 'node',
      format: 'esm',
      write: false,
      alias: { 'appsync-direct': new URL('../src/index.ts', import.meta.url).pathname },
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.text ?? '';
    expect(code).not.toMatch(/class NotFoundError/);
    const file = join(mkdtempSync(join(tmpdir(), 'appsync-direct-')), 'handler.mjs');
    writeFileSync(file, code);
    const { handler } = await import(pathToFileURL(file).href);
    const fixture = (name: string) =>
      JSON.parse(readFileSync(new URL(`../fixtures/${name}.json`, import.meta.url), 'utf8'));

    const missing = fixture('invoke-api-key');
    missing.arguments.id = '404';
    await expect(handler(missing)).rejects.toMatchObject({
      name: 'NotFoundError',
      message: 'post 404 not found',
    });
    const batch = await handler(fixture('batch-3'));
    expect(batch[2]).toEqual({
      data: null,
      errorType: 'NotFoundError',
      errorMessage: 'author u404 not found',
    });
    const unrouted = fixture('invoke-api-key');
    unrouted.info.fieldName = 'nope';
    await expect(handler(unrouted)).rejects.toMatchObject({ name: 'ResolverNotFoundError' });
  });
});

describe('the published declarations (dist/**/*.d.ts; `npm run build` first)', () => {
  const dist = fileURLToPath(new URL('../dist/', import.meta.url));
  /** Every module a declaration file names: imports, exports, `import()` types, references. */
  const specifiers = (file: string): string[] => {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    return [
      ...info.importedFiles.map((ref) => ref.fileName),
      ...info.referencedFiles.map((ref) => `reference path ${ref.fileName}`),
      ...info.typeReferenceDirectives.map((ref) => `reference types ${ref.fileName}`),
      ...info.libReferenceDirectives.map((ref) => `reference lib ${ref.fileName}`),
    ];
  };
  const declarations = (): string[] => {
    if (!existsSync(join(dist, 'index.d.ts'))) {
      throw new Error('dist/ is missing: run `npm run build` (npm test does) before this suite.');
    }
    return readdirSync(dist, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.d.ts'))
      .map((file) => join(dist, file));
  };

  it('name only their own files, Node built-ins (node:*) and declared dependencies or peers', () => {
    const allowed = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      ...Object.keys(pkg.peerDependencies ?? {}),
    ]);
    const files = declarations();
    expect(files.length).toBeGreaterThan(20);
    const wrong = files.flatMap((file) =>
      specifiers(file)
        .filter((spec) => {
          if (spec.startsWith('.')) return false;
          if (spec.startsWith('node:')) return !builtinModules.includes(spec.slice(5));
          const name = spec
            .split('/')
            .slice(0, spec.startsWith('@') ? 2 : 1)
            .join('/');
          return !allowed.has(name);
        })
        .map((spec) => `${relative(dist, file)}: ${spec}`),
    );
    expect(wrong).toEqual([]);
  });

  it('of the runtime entry name no package at all, not even Node built-ins or their types', () => {
    const seen = new Set<string>();
    const outside: string[] = [];
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const spec of specifiers(file)) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec.replace(/\.js$/, '.d.ts')));
        else outside.push(`${relative(dist, file)}: ${spec}`);
      }
    };
    visit(join(dist, 'index.d.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect([...seen].filter((file) => !existsSync(file))).toEqual([]);
    expect(outside).toEqual([]);
  });

  it('of the cdk entry name only aws-cdk-lib, constructs and their own files', () => {
    const files = declarations().filter((file) => relative(dist, file).startsWith('cdk/'));
    expect(files.map((file) => relative(dist, file)).sort()).toEqual([
      'cdk/index.d.ts',
      'cdk/routes.d.ts',
      'cdk/sdl.d.ts',
    ]);
    const outside = files.flatMap((file) =>
      specifiers(file).filter((spec) => !spec.startsWith('./')),
    );
    // ../resolver-code.js: the types of a route's code declaration, which routes carry.
    expect([...new Set(outside)].sort()).toEqual([
      '../resolver-code.js',
      'aws-cdk-lib/aws-appsync',
      'aws-cdk-lib/aws-lambda',
      'constructs',
    ]);
    // No other entry's declarations reach them.
    const others = declarations().filter((file) => !relative(dist, file).startsWith('cdk/'));
    expect(
      others.flatMap((file) =>
        specifiers(file).filter((spec) => /^(aws-cdk-lib|constructs)(\/|$)|\/cdk\//.test(spec)),
      ),
    ).toEqual([]);
  });
});
