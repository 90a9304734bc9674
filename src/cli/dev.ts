import {
  AUTH_MODES,
  DEFAULT_API_KEY,
  DEFAULT_IAM_ACCESS_KEY,
  DEFAULT_IAM_SECRET_KEY,
  type DevIam,
  LOCAL_PRINCIPAL,
  localToken,
} from '../dev/auth.js';
import { isLoopback } from '../dev/net.js';
import type { AuthMode, FieldOptions } from '../emulator/index.js';
import type { TokenKind } from '../testing/identities.js';
import {
  didYouMean,
  documentFlag,
  type ParsedFlags,
  planCommand,
  schemaAndHandler,
  UsageError,
} from './args.js';
import { type CliIO, messageOf } from './io.js';

const FLAGS = {
  schema: 'string',
  handler: 'string',
  export: 'string',
  fields: 'string',
  port: 'string',
  host: 'string',
  'allowed-hosts': 'string',
  'api-key': 'string',
  'iam-access-key': 'string',
  'iam-secret-key': 'string',
  region: 'string',
  auth: 'string',
  query: 'string',
  token: 'string',
  groups: 'string',
  sub: 'string',
  help: 'boolean',
} as const;

/** The kinds `--token` prints a token for. */
const TOKEN_KINDS = ['cognito', 'oidc', 'lambda'] as const;

type Flags = ParsedFlags<typeof FLAGS>;

const FIELD_KEY = /^[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*$/;

/** `appsync-direct dev --help`. */
export const DEV_HELP = `Usage: appsync-direct dev --schema <file.graphql> --handler <file> [flags]

Serves a local AppSync API backed by your Lambda handler: POST /graphql takes AppSync's requests
(a JSON body { "query", "variables", "operationName" }, the x-api-key or Authorization header),
runs them with graphql-js and calls the handler exactly as AppSync calls a Direct Lambda
resolver: Invoke or BatchInvoke by maxBatchSize, a JSON boundary, Lambda's 6 MB limits, errors
read with AppSync's rules. GET / is a GraphiQL IDE whose files come from installed packages
(graphiql@3, react@18, react-dom@18), so it works offline.

The handler is bundled with esbuild and rebuilt when one of its files changes, the schema is
reloaded when it changes; a build that fails is printed and the last good build keeps serving.
Each request prints one line with its Lambda calls, so N+1 patterns show:
  POST /graphql GetPost → 2 Lambda calls: Query.getPost ×1, Post.author batch 3 (4 ms)

The API
  --schema <file>       The AppSync schema (SDL). AppSync's scalars and directives are
                        predeclared.
                          --schema schema.graphql
  --handler <file>      The handler module: .ts, .mts, .cts, .js, .mjs or .cjs, bundled with
                        esbuild (honouring tsconfig paths).
                          --handler src/handler.ts
  --export <name>       The export serving the API: an app from createResolver() (its routes say
                        which fields it serves, with their maxBatchSize) or a Lambda handler
                        function (then list its fields with --fields). Default: app, else
                        handler, else the default export.
                          --export graphqlApp
  --fields <list>       The fields the handler serves, Type.field[:maxBatchSize], comma-separated;
                        needed for a plain handler function, overrides an app's maxBatchSize.
                          --fields Query.getPost,Post.author:100

The server
  --port <n>            The port. Default 4000; 0 takes any free port.
                          --port 4001
  --host <address>      The address to listen on. Default 127.0.0.1: only this machine can
                        call it. Anything else lets your network call the handler with any
                        identity.
                          --host 127.0.0.1
  --allowed-hosts <list>
                        Host names besides localhost, 127.x.y.z, [::1] and the --host address
                        that requests may use, comma-separated (a tunnel, a container's name).
                        Requests naming any other host get 403: a page on another site could
                        point its name at this machine (DNS rebinding). On 0.0.0.0 or ::, any
                        IP address of this machine is accepted too.
                          --allowed-hosts host.docker.internal
  --query <file>        The document the IDE opens with (a .graphql file, or the query itself).
                        Default: the schema's first Query field, with its nested objects.
                          --query examples/blog/query.graphql

Auth (local only: tokens are decoded, NOT verified; anyone who reaches the server may claim any
identity. API keys and IAM signatures are checked, as AppSync checks them.)
  --auth <modes>        The auth modes, comma-separated: the first is the API's default, the
                        others additional (fields and types admit them with @aws_cognito_user_pools,
                        @aws_oidc, @aws_iam, @aws_lambda, @aws_api_key). Modes: apiKey, cognito
                        (a JWT in Authorization; groups from cognito:groups), oidc (a JWT), iam
                        (requests signed with SigV4 for the service appsync, verified against the
                        local key pair: the identity of ${LOCAL_PRINCIPAL}),
                        lambda (any Authorization: a JSON object becomes identity.resolverContext).
                        Default apiKey.
                          --auth apiKey,cognito
  --api-key <key>       The API key accepted in x-api-key. Default ${DEFAULT_API_KEY}.
                          --api-key da2-mylocalkey
  --iam-access-key <id> With iam among the modes, the access key of the local key pair that
                        requests are signed with. Default ${DEFAULT_IAM_ACCESS_KEY}.
                          --iam-access-key AKIAMYLOCALKEY000000
  --iam-secret-key <secret>
                        With iam among the modes, its secret key. Default
                        ${DEFAULT_IAM_SECRET_KEY}. Both are printed at start-up:
                        use a local pair, never real credentials.
                          --iam-secret-key my/local/secret
  --region <region>     With iam among the modes, the region signatures must be scoped to.
                        Default AWS_REGION, else us-east-1.
                          --region eu-west-1
  -h, --help            Show this help.

The IDE sends the headers of the default mode (the API key, or a sample unsigned token), so its
Run button works at once; with IAM, it signs each request in the browser with the local key pair
(on http://127.0.0.1 or localhost, where browsers allow WebCrypto). A signature that does not
verify gets AppSync's 403 (InvalidSignatureException, a 5-minute clock skew, an unknown key).

A token for curl, a client or a test (prints it and exits; no server starts)
  --token <kind>        Print the Authorization header value of a local user: cognito or oidc
                        (an unsigned JWT the server decodes), or lambda (the JSON the server's
                        authorizer makes the resolverContext).
                          --token cognito
  --groups <list>       The user's groups, comma-separated: cognito:groups for cognito, the
                        groups claim for oidc, resolverContext.groups for lambda.
                          --groups admin,editors
  --sub <id>            The user's sub (and Cognito username). Default local-user.
                          --sub ada

Exit codes
  0  stopped with Ctrl-C (SIGINT) or SIGTERM
  1  the server cannot listen (the port is in use) or failed
  2  bad usage, or the schema or the handler cannot be loaded at start

Examples
  appsync-direct dev --schema examples/blog/schema.graphql --handler examples/blog/handler.ts
  appsync-direct dev --token cognito --groups admin
  appsync-direct dev --schema schema.graphql --handler src/index.ts --export handler \\
    --fields Query.getPost,Post.author:100 --port 4001
  curl -X POST http://127.0.0.1:4000/graphql -H 'content-type: application/json' \\
    -H 'x-api-key: ${DEFAULT_API_KEY}' --data '{"query":"{ listPosts { items { title } } }"}'
  appsync-direct dev --schema schema.graphql --handler src/handler.ts --auth iam,apiKey
  curl -X POST http://127.0.0.1:4000/graphql -H 'content-type: application/json' \\
    --aws-sigv4 'aws:amz:us-east-1:appsync' --user '${DEFAULT_IAM_ACCESS_KEY}:${DEFAULT_IAM_SECRET_KEY}' \\
    --data '{"query":"{ listPosts { items { title } } }"}'
`;

/** What to serve, checked. */
interface DevPlan {
  schema: string;
  handler: string;
  exportName: string | undefined;
  fields: Record<string, FieldOptions> | undefined;
  port: number;
  host: string;
  allowedHosts: string[];
  apiKey: string;
  auth: AuthMode[];
  iamAccessKey: string | undefined;
  iamSecretKey: string | undefined;
  region: string | undefined;
  query: string | undefined;
}

type ServerModule = typeof import('../dev/server.js');

/** What `dev` uses that a test may replace. */
export interface DevDependencies {
  importServer(): Promise<ServerModule>;
}

const defaults: DevDependencies = { importServer: () => import('../dev/server.js') };

/**
 * `appsync-direct dev`: starts the local AppSync server and runs until SIGINT, SIGTERM or
 * `io.signal` stops it. Resolves to the exit code.
 */
export async function devCommand(
  argv: readonly string[],
  io: CliIO,
  dependencies: DevDependencies = defaults,
): Promise<number> {
  const planned = planCommand('dev', argv, FLAGS, DEV_HELP, io, planDev);
  if ('exitCode' in planned) return planned.exitCode;
  if ('token' in planned.plan) {
    const { kind, groups, sub } = planned.plan.token;
    io.stdout(`${localToken(kind, { groups, sub })}\n`);
    io.stderr(
      `appsync-direct dev: a ${kind} token of ${sub ?? 'local-user'}${groups === undefined ? '' : ` in ${groups.join(', ')}`}; send it as the Authorization header to a dev server with --auth ${kind} (unsigned: the local AppSync decodes it and never verifies it).\n`,
    );
    return 0;
  }
  const { plan } = planned;

  let server: ServerModule;
  try {
    server = await dependencies.importServer();
  } catch (error) {
    io.stderr(
      `appsync-direct dev: the local AppSync cannot load: ${messageOf(error)}\nIt needs graphql (16 or 17) and esbuild installed: npm i -D graphql esbuild\n`,
    );
    return 2;
  }

  let running: Awaited<ReturnType<ServerModule['startDevServer']>>;
  try {
    running = await server.startDevServer({
      schema: plan.schema,
      handler: plan.handler,
      cwd: io.cwd,
      exportName: plan.exportName,
      fields: plan.fields,
      port: plan.port,
      host: plan.host,
      allowedHosts: plan.allowedHosts,
      apiKey: plan.apiKey,
      auth: plan.auth,
      iamAccessKey: plan.iamAccessKey,
      iamSecretKey: plan.iamSecretKey,
      region: plan.region,
      query: plan.query,
      log: (line) => io.stdout(`${line}\n`),
      logError: io.stderr,
    });
  } catch (error) {
    const listening = error instanceof server.DevStartError && error.stage === 'listen';
    io.stderr(`appsync-direct dev: ${messageOf(error)}\n`);
    return listening ? 1 : 2;
  }

  io.stdout(banner(plan, running));
  if (!isLoopback(plan.host)) {
    io.stderr(
      `appsync-direct dev: ⚠ listening on ${plan.host}: other machines can call your handler, and tokens are not verified; use it on trusted networks only.${plan.auth.includes('iam') ? ' The IDE signs IAM requests only when opened on 127.0.0.1 or localhost (WebCrypto needs a secure context).' : ''}\n`,
    );
  }
  const stoppedBy = await stopSignal(io.signal);
  await running.close();
  io.stdout(`appsync-direct dev: stopped (${stoppedBy}).\n`);
  return 0;
}

/** Resolves with what stopped the command: a signal's name, or `abort`. */
function stopSignal(signal: AbortSignal | undefined): Promise<string> {
  return new Promise((resolveStop) => {
    const stop = (why: string): void => {
      process.off('SIGINT', onInt);
      process.off('SIGTERM', onTerm);
      signal?.removeEventListener('abort', onAbort);
      resolveStop(why);
    };
    const onInt = (): void => stop('SIGINT');
    const onTerm = (): void => stop('SIGTERM');
    const onAbort = (): void => stop('abort');
    process.once('SIGINT', onInt);
    process.once('SIGTERM', onTerm);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function banner(
  plan: DevPlan,
  server: {
    url: string;
    ideUrl: string;
    headers: Readonly<Record<string, string>>;
    iam: Readonly<DevIam> | undefined;
    exportName: string;
    fields: readonly { field: string; maxBatchSize: number; front?: string | undefined }[];
  },
): string {
  const fields = server.fields
    .map(({ field, maxBatchSize, front }) => {
      const notes = [
        ...(maxBatchSize > 0 ? [`batch ${maxBatchSize}`] : []),
        ...(front === undefined ? [] : [front === 'PIPELINE' ? 'pipeline' : front]),
      ];
      return notes.length === 0 ? field : `${field} (${notes.join(', ')})`;
    })
    .join(', ');
  const [mode = 'apiKey', ...more] = plan.auth;
  const credentials = Object.entries(server.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
  const { iam } = server;
  const lines = [
    `appsync-direct dev: ${server.url} (IDE at ${server.ideUrl})`,
    `  schema   ${plan.schema}`,
    `  handler  ${plan.handler}, export ${server.exportName}: ${fields}`,
    `  auth     ${mode}${more.length > 0 ? ` (also ${more.join(', ')})` : ''}; ${credentials === '' ? 'sign requests with the key pair below' : `send ${credentials}`}`,
    ...(iam === undefined
      ? []
      : [
          `  iam      access key ${iam.accessKeyId}, secret key ${iam.secretAccessKey}, region ${iam.region}, service appsync`,
          `           signed requests run as ${iam.principal} (username ${iam.username}); the IDE signs its own`,
        ]),
    ...(plan.auth.some((m) => m === 'cognito' || m === 'oidc' || m === 'lambda')
      ? ['           tokens are decoded, NOT verified: local use only']
      : []),
    '  Edits to the schema, the handler or its resolver code reload it. Ctrl-C stops.',
  ];
  return `${lines.join('\n')}\n`;
}

/** What `--token` prints. */
interface TokenPlan {
  token: { kind: TokenKind; groups: string[] | undefined; sub: string | undefined };
}

function planDev(flags: Flags, cwd: string): DevPlan | TokenPlan {
  if (flags.token !== undefined) return planToken(flags);
  for (const flag of ['groups', 'sub'] as const) {
    if (flags[flag] !== undefined) {
      throw new UsageError(
        `--${flag} shapes the token that --token prints, as in --token cognito --${flag} ${flag === 'groups' ? 'admin' : 'ada'}`,
      );
    }
  }
  const { schema, handler } = schemaAndHandler(flags, cwd, {
    schema: 'to serve',
    handler: 'serves it',
  });
  const auth: AuthMode[] = flags.auth === undefined ? ['apiKey'] : authOf(flags.auth);
  return {
    schema,
    handler,
    exportName: flags.export,
    fields: flags.fields === undefined ? undefined : fieldsOf(flags.fields),
    port: portOf(flags.port),
    host: flags.host ?? '127.0.0.1',
    allowedHosts:
      flags['allowed-hosts'] === undefined ? [] : allowedHostsOf(flags['allowed-hosts']),
    apiKey: flags['api-key'] ?? DEFAULT_API_KEY,
    auth,
    ...iamOf(flags, auth),
    query:
      flags.query === undefined
        ? undefined
        : documentFlag(flags.query, cwd, '{ listPosts { items { title } } }'),
  };
}

function planToken(flags: Flags): TokenPlan {
  const kind = flags.token as string;
  if (!(TOKEN_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      `--token ${JSON.stringify(kind)} is not a kind of token${didYouMean(kind, TOKEN_KINDS)}: use cognito, oidc or lambda (API keys need none: send x-api-key; IAM requests are signed)`,
    );
  }
  const serving = (
    [
      'schema',
      'handler',
      'export',
      'fields',
      'port',
      'host',
      'allowed-hosts',
      'query',
      'auth',
      'api-key',
      'iam-access-key',
      'iam-secret-key',
      'region',
    ] as const
  ).find((flag) => flags[flag] !== undefined);
  if (serving !== undefined) {
    throw new UsageError(
      `--token prints a token and starts no server, so --${serving} has nothing to do; run the two separately`,
    );
  }
  const groups =
    flags.groups === undefined
      ? undefined
      : flags.groups
          .split(',')
          .map((group) => group.trim())
          .filter((group) => group !== '');
  if (groups !== undefined && groups.length === 0) {
    throw new UsageError(
      '--groups needs group names, comma-separated, as in --groups admin,editors',
    );
  }
  if (flags.sub !== undefined && flags.sub.trim() === '') {
    throw new UsageError('--sub needs the user id, as in --sub ada');
  }
  return { token: { kind: kind as TokenKind, groups, sub: flags.sub } };
}

function allowedHostsOf(text: string): string[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const bad = names.find(
    (name) => !/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)$/.test(name),
  );
  if (names.length === 0 || bad !== undefined) {
    throw new UsageError(
      `--allowed-hosts lists host names without ports, comma-separated, as in --allowed-hosts host.docker.internal,mybox.local; received ${JSON.stringify(bad ?? text)}`,
    );
  }
  return names;
}

function portOf(text: string | undefined): number {
  if (text === undefined) return 4000;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) {
    throw new UsageError(
      `--port must be a port number from 0 to 65535 (0 takes any free port), as in --port 4001; received ${JSON.stringify(text)}`,
    );
  }
  return port;
}

function fieldsOf(text: string): Record<string, FieldOptions> {
  const fields: Record<string, FieldOptions> = {};
  for (const item of text.split(',').map((part) => part.trim())) {
    if (item === '') continue;
    const [key = '', size, ...rest] = item.split(':');
    if (!FIELD_KEY.test(key) || rest.length > 0) {
      throw new UsageError(
        `--fields lists Type.field or Type.field:maxBatchSize, comma-separated, as in --fields Query.getPost,Post.author:100; ${JSON.stringify(item)} is neither`,
      );
    }
    let maxBatchSize: number | undefined;
    if (size !== undefined) {
      maxBatchSize = Number(size);
      if (!/^\d+$/.test(size) || maxBatchSize > 2000) {
        throw new UsageError(
          `--fields: the maxBatchSize of ${key} must be an integer from 0 to 2000 (AppSync's range); received ${JSON.stringify(size)}`,
        );
      }
    }
    fields[key] = maxBatchSize === undefined ? {} : { maxBatchSize };
  }
  if (Object.keys(fields).length === 0) {
    throw new UsageError('--fields needs at least one Type.field, as in --fields Query.getPost');
  }
  return fields;
}

/** The local key pair and region of `--iam-access-key`, `--iam-secret-key` and `--region`. */
function iamOf(
  flags: Flags,
  auth: readonly AuthMode[],
): Pick<DevPlan, 'iamAccessKey' | 'iamSecretKey' | 'region'> {
  const given = (['iam-access-key', 'iam-secret-key', 'region'] as const).find(
    (flag) => flags[flag] !== undefined,
  );
  if (!auth.includes('iam')) {
    if (given !== undefined) {
      throw new UsageError(
        `--${given} is for IAM requests, and iam is not one of the modes: add it, as in --auth ${[...auth, 'iam'].join(',')}`,
      );
    }
    return { iamAccessKey: undefined, iamSecretKey: undefined, region: undefined };
  }
  const accessKey = flags['iam-access-key'];
  if (accessKey !== undefined && !/^[\w.-]{1,128}$/.test(accessKey)) {
    throw new UsageError(
      `--iam-access-key takes an access key id (letters, digits, _ . -), as in --iam-access-key AKIAMYLOCALKEY000000; received ${JSON.stringify(accessKey)}`,
    );
  }
  const secret = flags['iam-secret-key'];
  if (secret !== undefined && secret.trim() === '') {
    // Never echoed: it is a secret, even a local one.
    throw new UsageError(
      '--iam-secret-key needs the secret key, as in --iam-secret-key my/local/secret',
    );
  }
  const region = flags.region ?? (process.env.AWS_REGION || undefined) ?? 'us-east-1';
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(region)) {
    throw new UsageError(
      `${flags.region === undefined ? 'AWS_REGION' : '--region'} must be an AWS region such as us-east-1; received ${JSON.stringify(region)}`,
    );
  }
  return { iamAccessKey: accessKey, iamSecretKey: secret, region };
}

function authOf(text: string): AuthMode[] {
  const modes = text.split(',').map((mode) => mode.trim());
  for (const mode of modes) {
    if (!(AUTH_MODES as readonly string[]).includes(mode)) {
      throw new UsageError(
        `--auth ${JSON.stringify(mode)} is not an auth mode${didYouMean(mode, AUTH_MODES)} (the modes are ${AUTH_MODES.join(', ')}; the first one given is the default)`,
      );
    }
  }
  const repeated = modes.find((mode, i) => modes.indexOf(mode) !== i);
  if (repeated !== undefined) {
    throw new UsageError(`--auth lists ${repeated} twice; give each mode once`);
  }
  return modes as AuthMode[];
}
