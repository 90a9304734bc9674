/**
 * The blog example (examples/blog) as an AWS CDK app: its schema as an AppSync GraphQL API, its
 * handler bundled as one Lambda function, and one resolver per route of the app (Direct Lambda,
 * or with the code the route declares in front of the Lambda), with the routes' maxBatchSize,
 * made by `DirectLambdaResolvers` from `appsync-direct/cdk`.
 *
 * Synthesize, offline (no AWS account, no Docker, no bootstrap):
 *
 *   npx tsx examples/cdk/app.ts [outdir]         # default outdir: cdk.out
 *
 * Deploy, with the CDK command line (`npm i -D aws-cdk`) and a bootstrapped account:
 *
 *   npx cdk deploy --app 'npx tsx examples/cdk/app.ts'
 *
 * The function's code is the bundle `appsync-direct build` writes (esbuild, minified, with its
 * source map); in a project of your own that is `npx appsync-direct build --handler
 * src/handler.ts --out dist/lambda` before `cdk deploy`, and `Code.fromAsset('dist/lambda')`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DirectLambdaResolvers } from 'appsync-direct/cdk';
import { App, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { buildCommand } from '../../src/cli/build.js';
import { app as blog } from '../blog/handler.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** The example's schema and handler. */
export const SCHEMA = here('../blog/schema.graphql');
export const HANDLER = here('../blog/handler.ts');

/** What {@link BlogStack} needs besides the usual stack properties. */
export interface BlogStackProps extends StackProps {
  /** The directory with the bundled handler (`index.mjs` and its map): `bundleHandler()`. */
  readonly code: string;
}

/**
 * The blog's GraphQL API: API keys as the default auth mode (the public reads), a Cognito user
 * pool as an additional one (the schema's `@aws_cognito_user_pools` fields: writing posts and
 * comments, deleting posts for the `admin` group), and the handler serving every field it routes.
 */
export class BlogStack extends Stack {
  readonly api: appsync.GraphqlApi;
  readonly handler: lambda.Function;
  readonly resolvers: DirectLambdaResolvers;

  constructor(scope: Construct, id: string, props: BlogStackProps) {
    super(scope, id, props);

    const users = new cognito.UserPool(this, 'Users', {
      signInAliases: { email: true },
      removalPolicy: RemovalPolicy.DESTROY, // an example: `cdk destroy` removes it
    });
    new cognito.CfnUserPoolGroup(this, 'Admins', {
      userPoolId: users.userPoolId,
      groupName: 'admin',
    });
    const client = users.addClient('Web');

    this.api = new appsync.GraphqlApi(this, 'Api', {
      name: 'appsync-direct-blog',
      definition: appsync.Definition.fromFile(SCHEMA),
      authorizationConfig: {
        defaultAuthorization: { authorizationType: appsync.AuthorizationType.API_KEY },
        additionalAuthorizationModes: [
          {
            authorizationType: appsync.AuthorizationType.USER_POOL,
            userPoolConfig: { userPool: users },
          },
        ],
      },
    });

    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(props.code),
      memorySize: 512,
      // AppSync gives up on a request after 30 s; the handler answers before Lambda's timeout.
      timeout: Duration.seconds(10),
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });

    // One data source for the function, one resolver per route (Direct Lambda, or with the code
    // the route declares in front of the Lambda), checked against the schema at synthesis. The
    // routes' code paths are relative to the schema's folder, as for the local AppSync.
    this.resolvers = new DirectLambdaResolvers(this, 'Resolvers', {
      api: this.api,
      function: this.handler,
      routes: blog.routes(),
      dataSourceName: 'BlogHandler',
      codeBaseDir: dirname(SCHEMA),
    });

    new CfnOutput(this, 'GraphQLUrl', { value: this.api.graphqlUrl });
    new CfnOutput(this, 'ApiKey', { value: this.api.apiKey ?? '' });
    new CfnOutput(this, 'UserPoolId', { value: users.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}

/**
 * Bundles the blog handler into `outDir` as `appsync-direct build` does (index.mjs for
 * nodejs22.x, and its source map); `--strict` fails on any warning, such as graphql in the
 * bundle.
 */
export async function bundleHandler(outDir: string): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await buildCommand(
    ['--handler', HANDLER, '--out', outDir, '--target', 'node22', '--strict'],
    { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: process.cwd() },
  );
  if (code !== 0) throw new Error(`appsync-direct build failed (exit code ${code}):\n${stderr}`);
  return stdout;
}

/** What {@link synthesize} made. */
export interface Synthesized {
  assembly: CloudAssembly;
  stack: BlogStack;
  /** The report of `appsync-direct build`: files, sizes, what the bundle holds. */
  build: string;
}

/**
 * Bundles the handler and synthesizes the app into `outdir` (default: `CDK_OUTDIR`, which the CDK
 * command line sets, else a new App's own choice). The stack is environment-agnostic: nothing is
 * looked up, so this works offline.
 */
export async function synthesize(options: { outdir?: string } = {}): Promise<Synthesized> {
  const bundle = mkdtempSync(join(tmpdir(), 'appsync-direct-blog-'));
  try {
    const build = await bundleHandler(bundle);
    const app = new App({
      ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
      // aws-cdk-lib checks templates against CloudFormation's resource schemas as it synthesizes;
      // with this flag a violation fails synthesis instead of printing a warning.
      context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
    });
    // The asset is copied into the output directory here, so the bundle may go afterwards.
    const stack = new BlogStack(app, 'AppSyncDirectBlog', {
      code: bundle,
      description: 'appsync-direct blog example: AppSync API with Direct Lambda resolvers',
    });
    return { assembly: app.synth(), stack, build };
  } finally {
    rmSync(bundle, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = process.env.CDK_OUTDIR ?? process.argv[2] ?? 'cdk.out';
  const { assembly, stack, build } = await synthesize({ outdir });
  process.stderr.write(build);
  const keys = [...stack.resolvers.resolvers.keys()];
  process.stderr.write(
    `\nsynthesized ${stack.stackName} into ${assembly.directory}: ${keys.length} Direct Lambda resolvers (${keys.join(', ')})\n`,
  );
}
