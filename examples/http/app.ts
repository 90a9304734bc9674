/**
 * The blog example served as GraphQL over HTTP (examples/http/handler.ts), as an AWS CDK app:
 * one Lambda function, bundled by `appsync-direct build`, behind
 *
 * - a function URL (auth type NONE: public, as an API key's reads are), and
 * - an API Gateway HTTP API routing GET and POST /graphql to it, each checked by a JWT
 *   authorizer on a Cognito user pool made in the stack (a signed-in user's ID or access token).
 *
 * Synthesize, offline (no AWS account, no Docker, no bootstrap):
 *
 *   npx tsx examples/http/app.ts [outdir]        # default outdir: cdk.out
 *
 * Deploy, with the CDK command line and a bootstrapped account:
 *
 *   npx cdk deploy --app 'npx tsx examples/http/app.ts'
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { Construct } from 'constructs';
import { buildCommand } from '../../src/cli/build.js';

const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

/** The handler, and the schema it reads (`../blog/schema.graphql` from its module). */
export const HANDLER = here('./handler.ts');
export const SCHEMA = here('../blog/schema.graphql');

/** The origin whose pages may call the API from a browser: a placeholder, put your site's. */
export const WEB_ORIGIN = 'https://app.example.com';

/**
 * The request headers those pages may send: the JSON content type, a Cognito token (HTTP API),
 * and `x-graphql-preflight`, which lets a GET through the handler's CSRF prevention.
 */
const ALLOWED_HEADERS = ['content-type', 'authorization', 'x-graphql-preflight'];

/** What {@link BlogHttpStack} needs besides the usual stack properties. */
export interface BlogHttpStackProps extends StackProps {
  /** The Lambda asset directory: `http/index.mjs` and `blog/schema.graphql`, by `bundleHandler()`. */
  readonly code: string;
}

/** The blog's GraphQL API over HTTP: one function, a function URL and an HTTP API. */
export class BlogHttpStack extends Stack {
  readonly handler: lambda.Function;
  readonly url: lambda.FunctionUrl;
  readonly api: apigateway.HttpApi;
  readonly users: cognito.UserPool;

  constructor(scope: Construct, id: string, props: BlogHttpStackProps) {
    super(scope, id, props);

    this.handler = new lambda.Function(this, 'Handler', {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      // The asset keeps the repository's layout, so the module is http/index.mjs.
      handler: 'http/index.handler',
      code: lambda.Code.fromAsset(props.code),
      memorySize: 1024,
      // An HTTP API gives up on its integration after 30 s; the handler answers well before.
      timeout: Duration.seconds(10),
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });

    // (a) A function URL. Anyone may call it: the handler runs such a request in the default
    // mode, apiKey, which the schema opens to its reads. CORS is the URL's: Lambda answers the
    // preflight and adds the headers, so the handler's own `cors` option stays off.
    this.url = this.handler.addFunctionUrl({
      authType: lambda.FunctionUrlAuthType.NONE,
      cors: {
        allowedOrigins: [WEB_ORIGIN],
        allowedMethods: [lambda.HttpMethod.GET, lambda.HttpMethod.POST],
        allowedHeaders: ALLOWED_HEADERS,
        maxAge: Duration.minutes(10),
      },
    });

    // (b) An HTTP API whose routes need a token of this user pool, which API Gateway verifies
    // (signature, issuer, expiry, and the app client in `aud` or `client_id`) before it calls
    // the function with the token's claims: the handler runs the request as that Cognito user.
    this.users = new cognito.UserPool(this, 'Users', {
      signInAliases: { email: true },
      removalPolicy: RemovalPolicy.DESTROY, // an example: `cdk destroy` removes it
    });
    new cognito.CfnUserPoolGroup(this, 'Admins', {
      userPoolId: this.users.userPoolId,
      groupName: 'admin',
    });
    // USER_PASSWORD_AUTH lets `aws cognito-idp initiate-auth` sign in from a shell; no hosted UI.
    const client = this.users.addClient('Web', {
      authFlows: { userPassword: true, userSrp: true },
      disableOAuth: true,
    });

    this.api = new apigateway.HttpApi(this, 'HttpApi', {
      apiName: 'appsync-direct-blog-http',
      // API Gateway answers the preflight itself and ignores the function's CORS headers.
      corsPreflight: {
        allowOrigins: [WEB_ORIGIN],
        allowMethods: [apigateway.CorsHttpMethod.GET, apigateway.CorsHttpMethod.POST],
        allowHeaders: ALLOWED_HEADERS,
        maxAge: Duration.minutes(10),
      },
    });
    this.api.addRoutes({
      path: '/graphql',
      methods: [apigateway.HttpMethod.GET, apigateway.HttpMethod.POST],
      // Payload format 2.0, the default.
      integration: new HttpLambdaIntegration('GraphQL', this.handler),
      authorizer: new HttpUserPoolAuthorizer('Cognito', this.users, {
        userPoolClients: [client],
      }),
    });

    new CfnOutput(this, 'FunctionUrl', { value: this.url.url });
    new CfnOutput(this, 'HttpApiGraphQLUrl', { value: `${this.api.apiEndpoint}/graphql` });
    new CfnOutput(this, 'UserPoolId', { value: this.users.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: client.userPoolClientId });
  }
}

/** What {@link bundleHandler} wrote and printed. */
export interface Bundled {
  /** The report of `appsync-direct build`: files, sizes, what the bundle holds. */
  report: string;
  /** Its warnings (stderr). */
  warnings: string;
}

/**
 * Lays out the Lambda asset in `asset`: the handler bundled by `appsync-direct build` as
 * `http/index.mjs` (nodejs22.x, with its source map), and the schema copied to
 * `blog/schema.graphql`, where the bundle looks for it. With `--strict`: graphql is in the bundle
 * (this handler executes GraphQL, which AppSync does for a Direct Lambda handler), and the build
 * knows a handler of appsync-direct/http needs it, so any warning is a real one.
 */
export async function bundleHandler(asset: string): Promise<Bundled> {
  let report = '';
  let warnings = '';
  const code = await buildCommand(
    ['--handler', HANDLER, '--out', join(asset, 'http'), '--target', 'node22', '--strict'],
    {
      stdout: (text) => (report += text),
      stderr: (text) => (warnings += text),
      cwd: process.cwd(),
    },
  );
  if (code !== 0) throw new Error(`appsync-direct build failed (exit code ${code}):\n${warnings}`);
  mkdirSync(join(asset, 'blog'));
  copyFileSync(SCHEMA, join(asset, 'blog', 'schema.graphql'));
  return { report, warnings };
}

/** What {@link synthesize} made. */
export interface Synthesized {
  assembly: CloudAssembly;
  stack: BlogHttpStack;
  build: Bundled;
}

/**
 * Bundles the handler and synthesizes the app into `outdir` (default: `CDK_OUTDIR`, which the CDK
 * command line sets, else a new App's own choice). The stack is environment-agnostic: nothing is
 * looked up, so this works offline.
 */
export async function synthesize(options: { outdir?: string } = {}): Promise<Synthesized> {
  const asset = mkdtempSync(join(tmpdir(), 'appsync-direct-blog-http-'));
  try {
    const build = await bundleHandler(asset);
    const app = new App({
      ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
      // A violation of CloudFormation's resource schemas fails synthesis, not just a warning.
      context: { '@aws-cdk/core:validateAgainstDefaultRules': true },
    });
    // The asset is copied into the output directory here, so the bundle may go afterwards.
    const stack = new BlogHttpStack(app, 'AppSyncDirectBlogHttp', {
      code: asset,
      description:
        'appsync-direct blog example: GraphQL over HTTP from a function URL and an HTTP API',
    });
    return { assembly: app.synth(), stack, build };
  } finally {
    rmSync(asset, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outdir = process.env.CDK_OUTDIR ?? process.argv[2] ?? 'cdk.out';
  const { assembly, stack, build } = await synthesize({ outdir });
  process.stderr.write(build.report);
  process.stderr.write(`\nsynthesized ${stack.stackName} into ${assembly.directory}\n`);
}
