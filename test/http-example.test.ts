/**
 * examples/http: the blog example served as GraphQL over HTTP, synthesized offline as `cdk synth`
 * would (its handler bundled by `appsync-direct build`, an environment-agnostic stack, nothing
 * looked up): the template read back from the cloud assembly, and the Lambda asset's bundle
 * imported and sent the events a function URL and the HTTP API would send it.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { httpEvent } from 'appsync-direct/testing';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA, type Synthesized, synthesize, WEB_ORIGIN } from '../examples/http/app.js';

const outdir = mkdtempSync(join(tmpdir(), 'appsync-direct-http-example-'));
let synthesized: Synthesized;
let template: Template;
/** The Lambda asset's directory in the cloud assembly. */
let asset: string;

/** What a handler answers a buffered HTTP event with. */
interface LambdaResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}
let handler: (event: unknown) => Promise<LambdaResult>;

beforeAll(async () => {
  synthesized = await synthesize({ outdir });
  template = Template.fromStack(synthesized.stack);
  const [fn] = Object.values(template.findResources('AWS::Lambda::Function'));
  const key = (fn as { Properties: { Code: { S3Key: string } } }).Properties.Code.S3Key;
  asset = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
  // The bundle as Lambda loads it: the module the handler setting names, from the asset.
  ({ handler } = (await import(pathToFileURL(join(asset, 'http', 'index.mjs')).href)) as {
    handler: typeof handler;
  });
}, 60_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** The logical id of the one resource of a type. */
function idOf(type: string): string {
  const ids = Object.keys(template.findResources(type));
  expect(ids, type).toHaveLength(1);
  return ids[0] as string;
}

describe('the HTTP example as a CDK app', () => {
  it('writes a cloud assembly with one environment-agnostic stack', () => {
    const { assembly, stack } = synthesized;
    expect(assembly.directory).toBe(outdir);
    expect(assembly.stacks.map((artifact) => artifact.stackName)).toEqual([
      'AppSyncDirectBlogHttp',
    ]);
    expect(stack.environment).toBe('aws://unknown-account/unknown-region');
  });

  it('has one nodejs22.x arm64 function, whose handler setting names the bundle in the asset', () => {
    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'http/index.handler',
      Environment: { Variables: { NODE_OPTIONS: '--enable-source-maps' } },
    });
  });

  it('puts a public function URL in front of it, with CORS for the web origin', () => {
    const fn = { 'Fn::GetAtt': [idOf('AWS::Lambda::Function'), 'Arn'] };
    template.resourceCountIs('AWS::Lambda::Url', 1);
    template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: fn,
      Cors: {
        AllowOrigins: [WEB_ORIGIN],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['content-type', 'authorization', 'x-graphql-preflight'],
        MaxAge: 600,
      },
    });
    // Anyone may call the URL: both permissions a public function URL needs.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunctionUrl',
      FunctionName: fn,
      FunctionUrlAuthType: 'NONE',
      Principal: '*',
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: fn,
      InvokedViaFunctionUrl: true,
      Principal: '*',
    });
  });

  it('routes GET and POST /graphql of an HTTP API to it, behind a Cognito JWT authorizer', () => {
    const api = idOf('AWS::ApiGatewayV2::Api');
    const authorizer = idOf('AWS::ApiGatewayV2::Authorizer');
    const integration = idOf('AWS::ApiGatewayV2::Integration');
    template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: {
        AllowOrigins: [WEB_ORIGIN],
        AllowMethods: ['GET', 'POST'],
        AllowHeaders: ['content-type', 'authorization', 'x-graphql-preflight'],
      },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      ApiId: { Ref: api },
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [idOf('AWS::Lambda::Function'), 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (route) => route.Properties as Record<string, unknown>,
    );
    expect(routes.map((route) => route.RouteKey).sort()).toEqual(['GET /graphql', 'POST /graphql']);
    for (const route of routes) {
      expect(route, String(route.RouteKey)).toMatchObject({
        ApiId: { Ref: api },
        AuthorizationType: 'JWT',
        AuthorizerId: { Ref: authorizer },
        Target: { 'Fn::Join': ['', ['integrations/', { Ref: integration }]] },
      });
    }
    // A token of the stack's user pool, issued to its app client.
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Audience: [{ Ref: idOf('AWS::Cognito::UserPoolClient') }],
        Issuer: {
          'Fn::Join': [
            '',
            [
              'https://cognito-idp.',
              { Ref: 'AWS::Region' },
              '.amazonaws.com/',
              { Ref: idOf('AWS::Cognito::UserPool') },
            ],
          ],
        },
      },
    });
    template.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'admin' });
  });

  it('outputs the function URL, the HTTP API endpoint and the user pool', () => {
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual([
      'FunctionUrl',
      'HttpApiGraphQLUrl',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    template.hasOutput('FunctionUrl', {
      Value: { 'Fn::GetAtt': [idOf('AWS::Lambda::Url'), 'FunctionUrl'] },
    });
    template.hasOutput('HttpApiGraphQLUrl', {
      Value: {
        'Fn::Join': [
          '',
          [{ 'Fn::GetAtt': [idOf('AWS::ApiGatewayV2::Api'), 'ApiEndpoint'] }, '/graphql'],
        ],
      },
    });
  });

  it("passes aws-cdk-lib's CloudFormation schema validation, with no warnings", () => {
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8'));
    const violations = (report.pluginReports as { violations?: unknown[] }[]).flatMap(
      (plugin) => plugin.violations ?? [],
    );
    expect(violations).toEqual([]);
    expect(Annotations.fromStack(synthesized.stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('the Lambda asset', () => {
  it('holds the bundle and the schema it reads, laid out as in the repository', () => {
    expect(existsSync(asset)).toBe(true);
    expect(readdirSync(asset).sort()).toEqual(['blog', 'http']);
    expect(readdirSync(join(asset, 'http')).sort()).toEqual(['index.mjs', 'index.mjs.map']);
    expect(readdirSync(join(asset, 'blog'))).toEqual(['schema.graphql']);
    expect(readFileSync(join(asset, 'blog', 'schema.graphql'), 'utf8')).toBe(
      readFileSync(SCHEMA, 'utf8'),
    );
  });

  it('is one minified module with graphql in it, and no build tools', () => {
    const file = join(asset, 'http', 'index.mjs');
    const bundle = readFileSync(file, 'utf8');
    // graphql-js is most of it (about 280 KB minified): unlike a Direct Lambda handler, whose
    // GraphQL AppSync executes, the HTTP entry parses, validates and executes every request.
    expect(statSync(file).size).toBeLessThan(450_000);
    for (const marker of ['aws-cdk-lib', 'esbuild']) {
      expect(bundle, marker).not.toContain(marker);
    }
    const map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    const packages = new Set(
      map.sources.flatMap((source) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source)?.[1] ?? []),
    );
    expect([...packages]).toEqual(['graphql']);
    expect(bundle).toContain('GraphQLSchema');
    for (const source of ['examples/http/handler.ts', 'examples/blog/handler.ts']) {
      expect(
        map.sources.some((path) => path.endsWith(source)),
        source,
      ).toBe(true);
    }
    // `appsync-direct build --strict` knows a handler of appsync-direct/http needs graphql: no
    // warning, where a Direct Lambda handler would get one.
    expect(synthesized.build.warnings).toBe('');
    expect(synthesized.build.report).toContain('handler      index.handler (export handler found)');
  });
});

describe('the bundled handler', () => {
  const listPosts = 'listPosts { items { title author { name } } }';
  const posts = [
    { title: 'Hello, AppSync', author: { name: 'Ada Lovelace' } },
    { title: 'Batching authors', author: { name: 'Alan Turing' } },
    { title: 'Errors that clients can read', author: { name: 'Ada Lovelace' } },
  ];

  it('answers a POST through the function URL with the blog data', async () => {
    const result = await handler(httpEvent({ payload: 'url', query: `{ ${listPosts} }` }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ data: { listPosts: { items: posts } } });
  });

  it('answers a GET through the function URL that forces a preflight, and refuses one that does not', async () => {
    const get = (headers: Record<string, string>) =>
      handler(httpEvent({ payload: 'url', method: 'GET', query: `{ ${listPosts} }`, headers }));
    const allowed = await get({ 'x-graphql-preflight': '1' });
    expect(allowed.statusCode).toBe(200);
    expect(JSON.parse(allowed.body)).toEqual({ data: { listPosts: { items: posts } } });
    // A page on another site could make a browser send this one: CSRF prevention refuses it.
    expect((await get({})).statusCode).toBe(400);
  });

  it('runs a request through the HTTP API as the Cognito user its JWT authorizer verified', async () => {
    const cognito = (query: string) =>
      handler(httpEvent({ payload: 'v2', authorizer: 'cognito', query }));
    const me = await cognito('{ me { id name } }');
    expect(me.statusCode).toBe(200);
    expect(JSON.parse(me.body)).toEqual({
      data: { me: { id: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93', name: 'Jane Doe' } },
    });
    const comment = await cognito(
      'mutation { addComment(postId: "2", body: "Sent through the HTTP API") { postId body author { name } } }',
    );
    expect(JSON.parse(comment.body)).toEqual({
      data: {
        addComment: {
          postId: '2',
          body: 'Sent through the HTTP API',
          author: { name: 'Jane Doe' },
        },
      },
    });
    // Query.listPosts has no auth directive, so, as in AppSync, only the default mode (apiKey,
    // the function URL) may call it.
    const list = JSON.parse((await cognito(`{ ${listPosts} }`)).body) as {
      errors: { errorType: string; path: string[] }[];
    };
    expect(list.errors.map(({ errorType, path }) => [errorType, path])).toEqual([
      ['Unauthorized', ['listPosts']],
    ]);
  });

  it('keeps the signed-in fields from a function URL caller, who has no token', async () => {
    const result = await handler(httpEvent({ payload: 'url', query: '{ me { name } }' }));
    const body = JSON.parse(result.body) as { data: unknown; errors: { errorType: string }[] };
    expect(body.data).toEqual({ me: null });
    expect(body.errors.map((error) => error.errorType)).toEqual(['Unauthorized']);
  });
});
