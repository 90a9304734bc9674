/**
 * examples/cdk: the blog example synthesized as `cdk synth` would, offline (its handler bundled
 * by `appsync-direct build`, an environment-agnostic stack, nothing looked up), and the template
 * and the Lambda asset read back from the cloud assembly.
 */

import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { app as blog } from '../examples/blog/handler.js';
import { SCHEMA, type Synthesized, synthesize } from '../examples/cdk/app.js';

const run = promisify(execFile);
const outdir = mkdtempSync(join(tmpdir(), 'appsync-direct-cdk-example-'));
let synthesized: Synthesized;
let template: Template;

beforeAll(async () => {
  synthesized = await synthesize({ outdir });
  template = Template.fromStack(synthesized.stack);
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The resolvers of the template, by `Type.field`. */
function resolvers(): Map<string, Record<string, unknown>> {
  return new Map(
    Object.values(template.findResources('AWS::AppSync::Resolver')).map((resource) => {
      const properties = resource.Properties as Record<string, unknown>;
      return [`${properties.TypeName}.${properties.FieldName}`, properties];
    }),
  );
}

describe('the blog example as a CDK app', () => {
  it('writes a cloud assembly with one environment-agnostic stack', () => {
    const { assembly, stack } = synthesized;
    expect(assembly.directory).toBe(outdir);
    expect(assembly.stacks.map((artifact) => artifact.stackName)).toEqual(['AppSyncDirectBlog']);
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('has a resolver for every route of the app: Direct Lambda unless it declares code', () => {
    const routes = blog.routes();
    const found = resolvers();
    expect([...found.keys()].sort()).toEqual(
      routes.map((r) => `${r.typeName}.${r.fieldName}`).sort(),
    );
    const direct = routes.filter(
      (r) =>
        r.code === undefined &&
        r.pipeline === undefined &&
        r.requestTemplate === undefined &&
        r.responseTemplate === undefined,
    );
    expect(direct).toHaveLength(9);
    for (const route of direct) {
      const properties = found.get(`${route.typeName}.${route.fieldName}`);
      expect(properties, `${route.typeName}.${route.fieldName}`).toEqual({
        ApiId: { 'Fn::GetAtt': [expect.stringMatching(/^Api/), 'ApiId'] },
        DataSourceName: 'BlogHandler',
        TypeName: route.typeName,
        FieldName: route.fieldName,
        Kind: 'UNIT',
        // Only the batch fields have one: no templates, no code, no runtime.
        ...(route.maxBatchSize === undefined ? {} : { MaxBatchSize: route.maxBatchSize }),
      });
    }
    expect(
      Object.fromEntries(
        [...found]
          .map(([key, p]) => [key, p.MaxBatchSize])
          .filter(([, size]) => size !== undefined),
      ),
    ).toEqual({
      'Post.commentCount': 100,
      'Post.author': 100,
      'Comment.author': 100,
      'Post.comments': 50,
    });
  });

  it('deploys the code the routes declare: two JS resolvers, a VTL template and a pipeline with a NONE check', () => {
    const found = resolvers();
    const runtime = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
    expect(found.get('Query.searchPosts')).toMatchObject({
      Kind: 'UNIT',
      DataSourceName: 'BlogHandler',
      Runtime: runtime,
      Code: expect.stringContaining('export'),
    });
    expect(found.get('Post.commentCount')).toMatchObject({ Kind: 'UNIT', Runtime: runtime });
    // The VTL field: its request template as the template; no code, no runtime.
    expect(found.get('Query.postsByAuthor')).toMatchObject({
      Kind: 'UNIT',
      DataSourceName: 'BlogHandler',
      RequestMappingTemplate: expect.stringContaining('"operation": "Invoke"'),
    });
    expect(found.get('Query.postsByAuthor')).not.toHaveProperty('Runtime');
    expect(found.get('Mutation.updatePost')).toMatchObject({
      Kind: 'PIPELINE',
      Runtime: runtime,
      PipelineConfig: { Functions: [expect.anything(), expect.anything()] },
    });
    expect(found.get('Mutation.updatePost')).not.toHaveProperty('DataSourceName');
    const functions = Object.values(
      template.findResources('AWS::AppSync::FunctionConfiguration'),
    ).map((resource) => resource.Properties as Record<string, unknown>);
    expect(functions.map((p) => [p.Name, p.DataSourceName])).toEqual([
      ['requireSignedIn', 'BlogHandlerNone'],
      ['updatePostInLambda', 'BlogHandler'],
    ]);
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Type: 'NONE',
      Name: 'BlogHandlerNone',
    });
  });

  it('serves them from one Lambda data source, which may invoke the handler', () => {
    // And the NONE data source of the pipeline's permission check.
    template.resourceCountIs('AWS::AppSync::DataSource', 2);
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Type: 'AWS_LAMBDA',
      Name: 'BlogHandler',
      LambdaConfig: {
        LambdaFunctionArn: synthesized.stack.resolve(synthesized.stack.handler.functionArn),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  it('deploys the schema file as it is, with API keys as the default auth mode', () => {
    template.hasResourceProperties('AWS::AppSync::GraphQLSchema', {
      Definition: readFileSync(SCHEMA, 'utf8'),
    });
    template.hasResourceProperties('AWS::AppSync::GraphQLApi', {
      Name: 'appsync-direct-blog',
      AuthenticationType: 'API_KEY',
      AdditionalAuthenticationProviders: [
        Match.objectLike({ AuthenticationType: 'AMAZON_COGNITO_USER_POOLS' }),
      ],
    });
    template.resourceCountIs('AWS::AppSync::ApiKey', 1);
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin' });
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'ApiKey',
      'GraphQLUrl',
      'UserPoolClientId',
      'UserPoolId',
    ]);
  });

  it("passes aws-cdk-lib's CloudFormation schema validation, with no warnings", () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const violations = (report.pluginReports as { violations?: unknown[] }[]).flatMap(
      (plugin) => plugin.violations ?? [],
    );
    expect(violations).toEqual([]);
    expect(Annotations.fromStack(synthesized.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('ships the handler bundle alone: small, minified, and without graphql', () => {
    const [handler] = Object.values(template.findResources('AWS::Lambda::Function'));
    const key = (handler as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
    const directory = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    expect(existsSync(directory)).toBe(true);
    expect(readdirSync(directory).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    const bundle = readFileSync(join(directory, 'index.mjs'), 'utf8');
    expect(statSync(join(directory, 'index.mjs')).size).toBeLessThan(60_000);
    expect(bundle).toContain('handler');
    for (const marker of [
      'GraphQLSchema',
      'graphql/language',
      'GraphQLError',
      'aws-cdk-lib',
      'esbuild',
    ]) {
      expect(bundle, marker).not.toContain(marker);
    }
    const map = JSON.parse(readFileSync(join(directory, 'index.mjs.map'), 'utf8')) as {
      sources: string[];
    };
    expect(map.sources.filter((source) => /node_modules|\/cdk\//.test(source))).toEqual([]);
    expect(map.sources.some((source) => source.endsWith('examples/blog/handler.ts'))).toBe(true);
    expect(synthesized.build).toContain('handler      index.handler (export handler found)');
  });
});

describe('cdk synth, the CDK command line, on the example', () => {
  it('synthesizes offline, with the same resolvers', async () => {
    const out = mkdtempSync(join(tmpdir(), 'appsync-direct-cdk-cli-'));
    try {
      const root = new URL('..', import.meta.url).pathname;
      const bin = (name: string) => join(root, 'node_modules', '.bin', name);
      await run(
        bin('cdk'),
        [
          'synth',
          '--app',
          `${bin('tsx')} examples/cdk/app.ts`,
          '--output',
          out,
          '--no-notices',
          '--no-version-reporting',
          '--quiet',
        ],
        { cwd: root, env: { ...process.env, CDK_DISABLE_VERSION_CHECK: 'true' } },
      );
      const written = JSON.parse(
        readFileSync(join(out, 'AppSyncDirectBlog.template.json'), 'utf8'),
      ) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
      const fromCli = Object.values(written.Resources)
        .filter((resource) => resource.Type === 'AWS::AppSync::Resolver')
        .map(({ Properties: p }) => [`${p.TypeName}.${p.FieldName}`, p.MaxBatchSize ?? null])
        .sort();
      expect(fromCli).toEqual(
        blog
          .routes()
          .map((r) => [`${r.typeName}.${r.fieldName}`, r.maxBatchSize ?? null])
          .sort(),
      );
      // Templates and code only where the routes declare them.
      const templated = Object.values(written.Resources)
        .filter(
          ({ Type, Properties: p }) =>
            Type === 'AWS::AppSync::Resolver' &&
            ['RequestMappingTemplate', 'ResponseMappingTemplate', 'Code', 'Runtime'].some(
              (name) => name in p,
            ),
        )
        .map(({ Properties: p }) => `${p.TypeName}.${p.FieldName}`)
        .sort();
      expect(templated).toEqual(
        blog
          .routes()
          .filter(
            (r) =>
              r.code !== undefined ||
              r.pipeline !== undefined ||
              r.requestTemplate !== undefined ||
              r.responseTemplate !== undefined,
          )
          .map((r) => `${r.typeName}.${r.fieldName}`)
          .sort(),
      );
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 90_000);
});
