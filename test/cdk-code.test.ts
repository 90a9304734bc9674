/**
 * `DirectLambdaResolvers` with routes that declare code in front of the Lambda (an APPSYNC_JS
 * module, a request template, pipelines with a NONE and a LAMBDA function), synthesized offline;
 * and the templates of the construct and of `appsync-direct manifest --format cloudformation`
 * checked against CloudFormation's resource schemas: by aws-cdk-lib's own validator always, and
 * by cfn-lint when it is installed.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DirectLambdaResolvers,
  type DirectLambdaResolversProps,
  type DirectLambdaRoute,
} from '../src/cdk/index.js';
import { PASS_THROUGH_CODE } from '../src/engine/code/deploy.js';
import { app as codeApp } from './cli-fixtures/manifest-code.js';
import { cli, manifestTemplate, ROOT, resolverProperties } from './cli-helpers.js';

const run = promisify(execFile);
const work = mkdtempSync(join(tmpdir(), 'appsync-direct-cdk-code-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CODE_DIR = 'test/cli-fixtures/manifest-code';
const BASE = join(ROOT, CODE_DIR);
const SCHEMA = join(BASE, 'schema.graphql');
const RUNTIME = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
let apps = 0;

/** A stack with the fixture's API and an inline function; validation as asked. */
function setup(validate = false) {
  apps += 1;
  const app = new App({
    outdir: join(work, `app-${apps}`),
    builtinCloudFormationValidation: validate,
    // With validation on, a violation of CloudFormation's resource schemas fails synthesis.
    ...(validate ? { context: { '@aws-cdk/core:validateAgainstDefaultRules': true } } : {}),
  });
  const stack = new Stack(app, 'Test');
  const api = new appsync.GraphqlApi(stack, 'Api', {
    name: 'test',
    definition: appsync.Definition.fromFile(SCHEMA),
  });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
  });
  return { app, stack, api, fn };
}

/** The construct on the fixture's routes; `base` is its codeBaseDir (undefined: not given). */
function resolvers(
  props: Partial<DirectLambdaResolversProps> = {},
  options: { validate?: boolean; base?: string | undefined } = { base: CODE_DIR },
) {
  const { app, stack, api, fn } = setup(options.validate);
  const construct = new DirectLambdaResolvers(stack, 'Resolvers', {
    api,
    function: fn,
    routes: codeApp.routes(),
    dataSourceName: 'Blog',
    ...(options.base === undefined ? {} : { codeBaseDir: options.base }),
    ...props,
  });
  return { app, stack, construct };
}

/** The properties of the template's resources of `type`, by `Type.field` or by `Name`. */
function byName(template: Template, type: string): Map<string, Record<string, unknown>> {
  return new Map(
    Object.values(template.findResources(type)).map((resource) => {
      const p = resource.Properties as Record<string, unknown>;
      return [String(p.Name ?? `${p.TypeName}.${p.FieldName}`), p];
    }),
  );
}

describe('DirectLambdaResolvers: code in front of the Lambda', () => {
  it('a JS field, a request template alone, pipelines sharing a NONE permission check', () => {
    const { stack, construct } = resolvers();
    const template = Template.fromStack(stack);
    const api = { 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiId'] };

    const sources = byName(template, 'AWS::AppSync::DataSource');
    expect([...sources.keys()]).toEqual(['Blog', 'BlogNone']);
    expect(sources.get('BlogNone')).toEqual({
      ApiId: api,
      Name: 'BlogNone',
      Type: 'NONE',
      Description: 'The data source of the pipeline functions that call no data source',
    });

    const functions = byName(template, 'AWS::AppSync::FunctionConfiguration');
    expect([...functions.keys()]).toEqual(['checkOwner', 'deletePost', 'updatePost']);
    // aws-cdk-lib's AppsyncFunction writes FunctionVersion on every function, JS ones too.
    expect(functions.get('checkOwner')).toEqual({
      ApiId: api,
      Name: 'checkOwner',
      DataSourceName: 'BlogNone',
      FunctionVersion: '2018-05-29',
      Runtime: RUNTIME,
      Code: expect.stringContaining('util.unauthorized()'),
    });
    expect(functions.get('deletePost')).toEqual({
      ApiId: api,
      Name: 'deletePost',
      DataSourceName: 'Blog',
      FunctionVersion: '2018-05-29',
      MaxBatchSize: 10,
    });
    expect(functions.get('updatePost')).toEqual({
      ApiId: api,
      Name: 'updatePost',
      DataSourceName: 'Blog',
      FunctionVersion: '2018-05-29',
      Runtime: RUNTIME,
      Code: expect.stringContaining('owner: ctx.stash.owner'),
    });

    const found = byName(template, 'AWS::AppSync::Resolver');
    expect([...found.keys()]).toEqual([
      'Query.getPost',
      'Query.listPosts',
      'Mutation.deletePost',
      'Mutation.updatePost',
      'Query.me',
    ]);
    const resolver = resolverProperties(api, 'Blog');
    expect(found.get('Query.getPost')).toEqual(
      resolver.unit('Query.getPost', {
        Runtime: RUNTIME,
        Code: expect.stringContaining('function invokePayload(ctx)'),
      }),
    );
    expect(found.get('Query.listPosts')).toEqual(
      resolver.unit('Query.listPosts', {
        RequestMappingTemplate: readFileSync(join(BASE, 'listPosts.request.vtl'), 'utf8'),
      }),
    );
    const functionId = (name: string) => ({
      'Fn::GetAtt': [expect.stringMatching(new RegExp(`^ResolversFunctions${name}`)), 'FunctionId'],
    });
    expect(found.get('Mutation.deletePost')).toEqual(
      resolver.pipeline('Mutation.deletePost', PASS_THROUGH_CODE, [
        functionId('checkOwner'),
        functionId('deletePost'),
      ]),
    );
    expect(found.get('Mutation.updatePost')).toEqual(
      resolver.pipeline('Mutation.updatePost', expect.stringContaining('util.time.nowISO8601()'), [
        functionId('checkOwner'),
        functionId('updatePost'),
      ]),
    );
    expect(found.get('Query.me')).toEqual(resolver.unit('Query.me'));

    expect([...construct.functions.keys()]).toEqual(['checkOwner', 'deletePost', 'updatePost']);
    expect(construct.noneDataSource?.name).toBe('BlogNone');
    expect(construct.resolvers.size).toBe(5);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('the same code as `appsync-direct manifest`, from the same plan', async () => {
    const { stack } = resolvers();
    const fromConstruct = byName(Template.fromStack(stack), 'AWS::AppSync::Resolver');
    const manifest = await manifestTemplate('test/cli-fixtures/manifest-code.ts', [
      '--schema',
      `${CODE_DIR}/schema.graphql`,
    ]);
    expect(manifest.code).toBe(0);
    const resources = (
      manifest.json() as { Resources: Record<string, { Properties: Record<string, unknown> }> }
    ).Resources;
    for (const { Properties: p } of Object.values(resources)) {
      if (p.TypeName === undefined) continue;
      const key = `${p.TypeName}.${p.FieldName}`;
      expect(fromConstruct.get(key)?.Code, key).toBe(p.Code);
      expect(fromConstruct.get(key)?.RequestMappingTemplate, key).toBe(p.RequestMappingTemplate);
    }
  });

  it('code paths are relative to the schema prop’s folder, else to the working directory', () => {
    const { stack } = resolvers({ schema: `${CODE_DIR}/schema.graphql` }, {});
    expect(
      byName(Template.fromStack(stack), 'AWS::AppSync::Resolver').get('Query.getPost')?.Code,
    ).toContain('function invokePayload(ctx)');
    expect(() => resolvers({}, {})).toThrow(
      `DirectLambdaResolvers Test/Resolvers: Query.getPost (code): cannot read ${join(ROOT, 'getPost.ts')} (ENOENT); paths are relative to ${ROOT.replace(/\/$/, '')}.`,
    );
  });

  it('routes without code keep the construct as it was: no NONE data source, no functions', () => {
    const { stack, construct } = resolvers({
      routes: [{ typeName: 'Query', fieldName: 'me' }],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::AppSync::DataSource', 1);
    template.resourceCountIs('AWS::AppSync::FunctionConfiguration', 0);
    expect(construct.noneDataSource).toBeUndefined();
    expect(construct.functions.size).toBe(0);
    expect(construct.node.tryFindChild('Functions')).toBeUndefined();
  });

  it('the JSON of `appsync-direct manifest` carries the declarations', async () => {
    const manifest = await cli(['manifest', '--handler', 'test/cli-fixtures/manifest-code.ts']);
    const { stack } = resolvers({ routes: manifest.json() as { routes: DirectLambdaRoute[] } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::AppSync::FunctionConfiguration', 3);
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      FieldName: 'getPost',
      Code: Match.stringLikeRegexp('invokePayload'),
    });
  });

  it('noneDataSourceName names the NONE data source, and must be a name AppSync takes', () => {
    const { construct } = resolvers({ noneDataSourceName: 'Nothing' });
    expect(construct.noneDataSource?.name).toBe('Nothing');
    expect(() => resolvers({ noneDataSourceName: 'no-thing' })).toThrow(
      'DirectLambdaResolvers Test/Resolvers: noneDataSourceName "no-thing" is not a name AppSync accepts: letters, digits and _, not starting with a digit',
    );
    // Unused without a NONE function, so not checked.
    expect(() =>
      resolvers({
        noneDataSourceName: 'no-thing',
        routes: [{ typeName: 'Query', fieldName: 'me' }],
      }),
    ).not.toThrow();
  });

  it('a pipeline batch route is not warned about: its LAMBDA functions batch', () => {
    const { stack } = resolvers({
      routes: [
        {
          typeName: 'Post',
          fieldName: 'title',
          kind: 'batch',
          pipeline: { functions: [{ name: 'f', dataSource: 'LAMBDA', maxBatchSize: 50 }] },
        },
      ],
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('DirectLambdaResolvers: code that cannot be deployed throws at once', () => {
  const module =
    'export function request() { return {}; }\nexport function response(ctx) { return ctx.result; }\n';
  const prefix = 'DirectLambdaResolvers Test/Resolvers: ';

  it('code over 32 KB', () => {
    const dir = mkdtempSync(join(work, 'big-'));
    writeFileSync(
      join(dir, 'big.js'),
      `export function request() { return { payload: '${'x'.repeat(40_000)}' }; }\n${module.replace(/^.*\n/, '')}`,
    );
    expect(() =>
      resolvers({
        codeBaseDir: dir,
        routes: [{ typeName: 'Query', fieldName: 'me', code: 'big.js' }],
      }),
    ).toThrow(
      new RegExp(
        `^${prefix}${dir}/big\\.js bundles to 40,\\d{3} characters, and AppSync takes at most 32,768 \\(32 KB\\) of code for a resolver or function\\.`,
      ),
    );
  });

  it('a missing file', () => {
    expect(() =>
      resolvers({
        routes: [
          {
            typeName: 'Mutation',
            fieldName: 'deletePost',
            pipeline: { functions: [{ name: 'f', dataSource: 'NONE', code: 'missing.js' }] },
          },
        ],
      }),
    ).toThrow(
      `${prefix}Mutation.deletePost function f (code): cannot read ${join(BASE, 'missing.js')} (ENOENT); paths are relative to ${BASE}.`,
    );
  });

  it('one function name, two declarations', () => {
    expect(() =>
      resolvers({
        routes: [
          {
            typeName: 'Mutation',
            fieldName: 'deletePost',
            pipeline: {
              functions: [{ name: 'checkOwner', dataSource: 'NONE', code: 'checkOwner.js' }],
            },
          },
          {
            typeName: 'Mutation',
            fieldName: 'updatePost',
            pipeline: { functions: [{ name: 'checkOwner', dataSource: 'LAMBDA' }] },
          },
        ],
      }),
    ).toThrow(
      `${prefix}function checkOwner is declared twice, differently: Mutation.deletePost pipeline.functions[0] (checkOwner) and Mutation.updatePost pipeline.functions[0] (checkOwner) differ in dataSource (NONE, LAMBDA).`,
    );
  });

  it('a declaration AppSync refuses is a route problem', () => {
    expect(() =>
      resolvers({
        routes: [{ typeName: 'Query', fieldName: 'me', code: module, requestTemplate: '{}' }],
      }),
    ).toThrow(
      `${prefix}a route is invalid:\n  - routes[0] (Query.me): declare one of code, requestTemplate/responseTemplate or pipeline; received code and templates`,
    );
  });
});

/** cfn-lint's version, or why it cannot run. */
let cfnLint: { version: string } | { absent: string };
beforeAll(async () => {
  try {
    const { stdout } = await run('cfn-lint', ['--version']);
    cfnLint = { version: stdout.trim() };
  } catch (error) {
    cfnLint = { absent: `cfn-lint is not installed (${(error as Error).message.split('\n')[0]})` };
  }
});

/** cfn-lint's findings on a template file, as its JSON output lists them. */
async function lint(file: string): Promise<
  {
    Level: string;
    Rule: { Id: string };
    Message: string;
    Location: { Path: (string | number)[] };
  }[]
> {
  try {
    const { stdout } = await run('cfn-lint', ['--format', 'json', file]);
    return JSON.parse(stdout);
  } catch (error) {
    // cfn-lint exits non-zero when it finds something, and still prints the findings.
    const { stdout } = error as { stdout?: string };
    if (stdout === undefined || stdout === '') throw error;
    return JSON.parse(stdout);
  }
}

describe('CloudFormation resource schemas', () => {
  let manifestFile: string;
  let stackFile: string;
  /** What the construct's synthesis with aws-cdk-lib's validation threw, if anything. */
  let synthesis: unknown;

  beforeAll(async () => {
    const manifest = await manifestTemplate('test/cli-fixtures/manifest-code.ts', [
      '--schema',
      `${CODE_DIR}/schema.graphql`,
    ]);
    expect(manifest.code).toBe(0);
    manifestFile = join(work, 'manifest.json');
    writeFileSync(manifestFile, manifest.stdout);
    const { app, stack } = resolvers({}, { validate: true, base: CODE_DIR });
    try {
      const assembly = app.synth();
      stackFile = join(assembly.directory, assembly.getStackByName(stack.stackName).templateFile);
    } catch (error) {
      synthesis = error;
    }
  }, 120_000);

  it("aws-cdk-lib's validator finds nothing in the construct's template", () => {
    // A violation would have thrown (validateAgainstDefaultRules).
    expect(synthesis).toBeUndefined();
    const { Resources } = JSON.parse(readFileSync(stackFile, 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(
      Object.values(Resources).filter((r) => r.Type.startsWith('AWS::AppSync::')),
    ).toHaveLength(
      // The API, its schema and key, two data sources, three functions, five resolvers.
      13,
    );
  });

  it("aws-cdk-lib's validator finds nothing in the manifest's template", () => {
    const { app, stack } = setup(true);
    new CfnInclude(stack, 'Manifest', { templateFile: manifestFile });
    expect(() => app.synth()).not.toThrow();
  }, 120_000);

  it("aws-cdk-lib's validator is on: it refuses a resolver whose Runtime lacks its version", () => {
    const { app, stack } = setup(true);
    new CfnResource(stack, 'Broken', {
      type: 'AWS::AppSync::Resolver',
      properties: {
        ApiId: 'x',
        TypeName: 'Query',
        FieldName: 'me',
        Kind: 'UNIT',
        Runtime: { Name: 'APPSYNC_JS' },
        Code: PASS_THROUGH_CODE,
      },
    });
    expect(() => app.synth()).toThrow(/RuntimeVersion/);
  }, 120_000);

  it('cfn-lint finds nothing in the manifest’s template, nor in the construct’s AppSync resources', async (context) => {
    if ('absent' in cfnLint) {
      // CI may require it, as it requires the IDE test's browser.
      if (process.env.APPSYNC_DIRECT_REQUIRE_CFN_LINT === '1') throw new Error(cfnLint.absent);
      console.info(
        `cfn-lint test skipped: ${cfnLint.absent}; install it (pip install cfn-lint) to run it.`,
      );
      context.skip(cfnLint.absent);
    }
    expect(await lint(manifestFile)).toEqual([]);
    const template = JSON.parse(readFileSync(stackFile, 'utf8')) as {
      Resources: Record<string, { Type: string }>;
    };
    const findings = await lint(stackFile);
    // The stack's own Lambda function and role are aws-cdk-lib's; ours are the AppSync resources.
    const ours = findings.filter((finding) => {
      const [section, id] = finding.Location.Path;
      return (
        section !== 'Resources' ||
        template.Resources[id as string]?.Type.startsWith('AWS::AppSync::') !== false
      );
    });
    expect(ours).toEqual([]);
    expect(findings.filter((finding) => finding.Level === 'Error')).toEqual([]);
  }, 120_000);

  it('cfn-lint is on: it refuses a resolver whose Runtime lacks its version', async (context) => {
    if ('absent' in cfnLint) context.skip(cfnLint.absent);
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.Resources.QueryGetPostResolver.Properties.Runtime = { Name: 'APPSYNC_JS' };
    const broken = join(work, 'broken.json');
    writeFileSync(broken, JSON.stringify(manifest));
    expect((await lint(broken)).map((finding) => [finding.Rule.Id, finding.Message])).toEqual([
      ['E3003', "'RuntimeVersion' is a required property"],
    ]);
  }, 120_000);
});
