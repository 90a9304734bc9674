/**
 * planDeployment: the one description of what a route table's code declarations deploy, read by
 * `manifest --format cloudformation` and the CDK construct alike.
 */
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import {
  APPSYNC_JS_RUNTIME,
  CodeDeployError,
  type DeployRoute,
  FUNCTION_VERSION,
  MAX_CODE_LENGTH,
  PASS_THROUGH_CODE,
  planDeployment,
} from '../../../src/engine/code/deploy.js';
import { app } from '../../cli-fixtures/manifest-code.js';
import { ROOT, removeTempFiles, tempFiles } from '../../cli-helpers.js';

afterAll(removeTempFiles);

const BASE = join(ROOT, 'test/cli-fixtures/manifest-code');

const route = (key: string, more: Partial<DeployRoute> = {}): DeployRoute => {
  const [typeName = '', fieldName = ''] = key.split('.');
  return { typeName, fieldName, ...more };
};

const MODULE =
  'export function request(ctx) { return {}; }\nexport function response(ctx) { return ctx.prev.result; }\n';

describe('planDeployment', () => {
  const plan = planDeployment(app.routes(), { baseDir: BASE });

  it('has one resolver per route, in order, of the kind its declaration makes', () => {
    expect(
      plan.resolvers.map((r) => [
        r.key,
        r.kind,
        r.kind === 'PIPELINE' ? 'APPSYNC_JS' : (r.code?.language ?? 'direct'),
      ]),
    ).toEqual([
      ['Query.getPost', 'UNIT', 'APPSYNC_JS'],
      ['Query.listPosts', 'UNIT', 'VTL'],
      ['Mutation.deletePost', 'PIPELINE', 'APPSYNC_JS'],
      ['Mutation.updatePost', 'PIPELINE', 'APPSYNC_JS'],
      ['Query.me', 'UNIT', 'direct'],
    ]);
    expect(APPSYNC_JS_RUNTIME).toEqual({ name: 'APPSYNC_JS', runtimeVersion: '1.0.0' });
    expect(FUNCTION_VERSION).toBe('2018-05-29');
  });

  it('bundles a TypeScript module as an ES module: relative imports inlined, the utils external', () => {
    const [getPost] = plan.resolvers;
    const code =
      getPost?.kind === 'UNIT' && getPost.code?.language === 'APPSYNC_JS'
        ? getPost.code
        : undefined;
    expect(code?.origin).toBe(join(BASE, 'getPost.ts'));
    expect(code?.code).toContain('import { util } from "@aws-appsync/utils";');
    expect(code?.code).toContain('function invokePayload(ctx)');
    expect(code?.code).not.toMatch(/from ["']\.\/lib/);
    expect(code?.code).not.toContain('Context<Args>');
    expect(code?.code).toMatch(/export \{\n {2}request,\n {2}response\n\};/);
  });

  it('keeps a request template alone: Direct Lambda fills in the response', () => {
    const listPosts = plan.resolvers[1];
    expect(listPosts?.kind === 'UNIT' && listPosts.code).toEqual({
      language: 'VTL',
      requestTemplate: expect.stringContaining('"operation": "Invoke"'),
    });
  });

  it('gives a pipeline without code the pass-through module, and one with code its bundle', () => {
    const [, , deletePost, updatePost] = plan.resolvers;
    expect(deletePost).toMatchObject({
      kind: 'PIPELINE',
      generated: true,
      functions: ['checkOwner', 'deletePost'],
      code: { language: 'APPSYNC_JS', code: PASS_THROUGH_CODE },
    });
    expect(updatePost).toMatchObject({
      kind: 'PIPELINE',
      generated: false,
      functions: ['checkOwner', 'updatePost'],
      code: { code: expect.stringContaining('util.time.nowISO8601()') },
    });
  });

  it('plans a function once however many pipelines use it, and asks for a NONE data source', () => {
    expect(
      plan.functions.map((fn) => ({
        name: fn.name,
        dataSource: fn.dataSource,
        code: fn.code?.language ?? 'direct',
        maxBatchSize: fn.maxBatchSize,
        usedBy: fn.usedBy,
      })),
    ).toEqual([
      {
        name: 'checkOwner',
        dataSource: 'NONE',
        code: 'APPSYNC_JS',
        maxBatchSize: undefined,
        usedBy: ['Mutation.deletePost', 'Mutation.updatePost'],
      },
      {
        name: 'deletePost',
        dataSource: 'LAMBDA',
        code: 'direct',
        maxBatchSize: 10,
        usedBy: ['Mutation.deletePost'],
      },
      {
        name: 'updatePost',
        dataSource: 'LAMBDA',
        code: 'APPSYNC_JS',
        maxBatchSize: undefined,
        usedBy: ['Mutation.updatePost'],
      },
    ]);
    expect(plan.needsNoneDataSource).toBe(true);
  });

  it('routes without code need no esbuild and no files', () => {
    const loadEsbuild = () => {
      throw new Error('esbuild was loaded');
    };
    expect(
      planDeployment([route('Query.a', { maxBatchSize: 5 }), route('Post.b')], {
        baseDir: '/nowhere',
        loadEsbuild,
      }),
    ).toEqual({
      resolvers: [
        {
          kind: 'UNIT',
          key: 'Query.a',
          typeName: 'Query',
          fieldName: 'a',
          code: undefined,
          maxBatchSize: 5,
        },
        { kind: 'UNIT', key: 'Post.b', typeName: 'Post', fieldName: 'b', code: undefined },
      ],
      functions: [],
      needsNoneDataSource: false,
    });
  });

  it('bundles a file used twice once, and takes inline source as it is', () => {
    let builds = 0;
    const counted = planDeployment(
      [
        route('Query.a', { code: 'getPost.ts' }),
        route('Query.b', { code: 'getPost.ts' }),
        route('Query.c', { code: MODULE }),
      ],
      {
        baseDir: BASE,
        loadEsbuild: () => ({
          buildSync: (options: object) => {
            builds += 1;
            return buildSync(options);
          },
        }),
      },
    );
    expect(builds).toBe(2);
    expect(counted.resolvers[0]?.code).toBe(counted.resolvers[1]?.code);
    expect(counted.resolvers[2]).toMatchObject({
      code: { origin: 'Query.c (code)', code: expect.stringContaining('function request(ctx)') },
    });
  });
});

describe('planDeployment: what cannot be deployed', () => {
  const fails = (routes: DeployRoute[], baseDir = BASE) => {
    try {
      planDeployment(routes, { baseDir });
    } catch (error) {
      expect(error).toBeInstanceOf(CodeDeployError);
      return (error as Error).message;
    }
    throw new Error('planDeployment did not throw');
  };

  it(`code over ${MAX_CODE_LENGTH.toLocaleString('en')} characters, with its largest parts`, () => {
    const dir = tempFiles({
      'big.js': `import { DATA } from './data.js';\nexport function request() { return { payload: DATA }; }\nexport function response(ctx) { return ctx.result; }\n`,
      'data.js': `export const DATA = '${'x'.repeat(MAX_CODE_LENGTH)}';\n`,
    });
    const message = fails([route('Query.big', { code: 'big.js' })], dir);
    expect(message).toMatch(
      new RegExp(
        `^${join(dir, 'big.js')} bundles to 32,\\d{3} characters, and AppSync takes at most 32,768 \\(32 KB\\) of code for a resolver or function\\. Its largest parts: data\\.js \\(32,7\\d\\d\\), big\\.js \\(\\d+\\)\\. Import less`,
      ),
    );
  });

  it('just under the limit is deployed', () => {
    const head = 'export function request() { return {}; }\nexport function response() { return "';
    const tail = '"; }\n';
    // esbuild reprints the module; leave it room for its changes.
    const text = `${head}${'y'.repeat(MAX_CODE_LENGTH - 200)}${tail}`;
    const planned = planDeployment([route('Query.edge', { code: text })], { baseDir: BASE });
    const code = planned.resolvers[0]?.code;
    expect(code?.language === 'APPSYNC_JS' && code.code.length).toBeLessThanOrEqual(
      MAX_CODE_LENGTH,
    );
  });

  it('a missing file, with the path it looked for and the folder paths are relative to', () => {
    expect(fails([route('Query.getPost', { code: 'nope.ts' })])).toBe(
      `Query.getPost (code): cannot read ${join(BASE, 'nope.ts')} (ENOENT); paths are relative to ${BASE}.`,
    );
    expect(
      fails([
        route('Mutation.x', {
          pipeline: { functions: [{ name: 'f', dataSource: 'NONE', requestTemplate: 'gone.vtl' }] },
        }),
      ]),
    ).toMatch(/^Mutation\.x function f \(request template\): cannot read .*gone\.vtl \(ENOENT\)/);
  });

  it('one function name, two declarations', () => {
    const message = fails([
      route('Mutation.a', {
        pipeline: {
          functions: [{ name: 'checkOwner', dataSource: 'NONE', code: 'checkOwner.js' }],
        },
      }),
      route('Mutation.b', {
        pipeline: { functions: [{ name: 'checkOwner', dataSource: 'NONE', code: MODULE }] },
      }),
    ]);
    expect(message).toBe(
      `function checkOwner is declared twice, differently: Mutation.a pipeline.functions[0] (checkOwner) and Mutation.b pipeline.functions[0] (checkOwner) differ in code (${join(BASE, 'checkOwner.js')}, Mutation.b function checkOwner (code) bundle differently). A function's name is its identity in the API: give one of them another name, or declare both the same.`,
    );
    expect(
      fails([
        route('Mutation.a', { pipeline: { functions: [{ name: 'f', dataSource: 'LAMBDA' }] } }),
        route('Mutation.b', {
          pipeline: { functions: [{ name: 'f', dataSource: 'LAMBDA', maxBatchSize: 5 }] },
        }),
      ]),
    ).toContain('differ in maxBatchSize (none, 5)');
    expect(
      fails([
        route('Mutation.a', { pipeline: { functions: [{ name: 'f', dataSource: 'LAMBDA' }] } }),
        route('Mutation.b', {
          pipeline: { functions: [{ name: 'f', dataSource: 'NONE', code: MODULE }] },
        }),
      ]),
    ).toContain('differ in dataSource (LAMBDA, NONE)');
  });

  it('the same function by another path is the same function', () => {
    const planned = planDeployment(
      [
        route('Mutation.a', {
          pipeline: { functions: [{ name: 'check', dataSource: 'NONE', code: 'checkOwner.js' }] },
        }),
        route('Mutation.b', {
          pipeline: {
            functions: [{ name: 'check', dataSource: 'NONE', code: join(BASE, 'checkOwner.js') }],
          },
        }),
      ],
      { baseDir: BASE },
    );
    expect(planned.functions.map((fn) => [fn.name, fn.usedBy])).toEqual([
      ['check', ['Mutation.a', 'Mutation.b']],
    ]);
  });

  it('a module without response, one that does not build, a declaration AppSync refuses', () => {
    expect(fails([route('Query.a', { code: 'export function request() { return {}; }' })])).toBe(
      "Query.a (code) exports no response function: AppSync requires both request and response in a resolver's or function's code (its exports: request).",
    );
    expect(fails([route('Query.a', { code: 'export function request( {' })])).toMatch(
      /^Query\.a \(code\) does not build:\n {2}Query\.a \(code\):1:\d+: /,
    );
    expect(fails([route('Query.a', { code: MODULE, requestTemplate: '{}' })])).toBe(
      'Query.a: declare one of code, requestTemplate/responseTemplate or pipeline; received code and templates.',
    );
  });

  it('batch sizes where they mean nothing', () => {
    expect(
      fails([
        route('Post.author', {
          maxBatchSize: 10,
          pipeline: { functions: [{ name: 'f', dataSource: 'LAMBDA' }] },
        }),
      ]),
    ).toBe(
      "Post.author: a pipeline resolver has no data source to batch, so maxBatchSize 10 cannot go on it; give it to the pipeline's LAMBDA functions instead (pipeline.functions[i].maxBatchSize).",
    );
    expect(
      fails([
        route('Post.author', {
          pipeline: {
            functions: [{ name: 'f', dataSource: 'NONE', code: MODULE, maxBatchSize: 5 }],
          },
        }),
      ]),
    ).toMatch(
      /^Post\.author pipeline\.functions\[0\] \(f\): maxBatchSize 5 is for a LAMBDA function/,
    );
  });

  it('esbuild not installed: says how to install it', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'esbuild'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() =>
      planDeployment([route('Query.a', { code: MODULE })], { baseDir: BASE, loadEsbuild: missing }),
    ).toThrow(
      new CodeDeployError(
        'Query.a (code) is APPSYNC_JS code, which is bundled with esbuild (an optional peer dependency) before it is deployed, and esbuild is not installed: install it (npm i -D esbuild).',
      ),
    );
  });
});
