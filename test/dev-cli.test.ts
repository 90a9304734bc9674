/**
 * `appsync-direct dev` through run(), in-process: flags, help, start-up failures, and a server
 * started and stopped with io.signal.
 */
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { DEV_HELP, devCommand } from '../src/cli/dev.js';
import { run, USAGE } from '../src/cli/main.js';
import { createAppSyncClient } from '../src/client/index.js';
import {
  DEFAULT_API_KEY,
  DEFAULT_IAM_ACCESS_KEY,
  DEFAULT_IAM_SECRET_KEY,
  LOCAL_PRINCIPAL,
} from '../src/dev/auth.js';
import { principalIdentity } from '../src/emulator/iam.js';
import { cli, ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';
import {
  BLOG_HANDLER,
  BLOG_QUERY,
  BLOG_SCHEMA,
  eventually,
  startTestServer,
} from './dev-helpers.js';

afterAll(removeTempFiles);

const BLOG = ['--schema', BLOG_SCHEMA, '--handler', BLOG_HANDLER];
const HINT = 'Run "appsync-direct dev --help" for every flag, with examples.';

/** `appsync-direct dev <argv>` running in-process until `stop()`. */
function startCli(argv: string[], cwd = ROOT) {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  let exited: number | undefined;
  const exit = run(['dev', ...argv], {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
    signal: controller.signal,
  }).then((code) => {
    exited = code;
    return code;
  });
  return {
    exit,
    stdout: () => stdout,
    stderr: () => stderr,
    /** The endpoint, once the banner is out. */
    url: async (): Promise<string> => {
      const url = await eventually('the banner', () => {
        if (exited !== undefined) throw new Error(`exited with ${exited}: ${stderr}`);
        return /^appsync-direct dev: (http:\/\/\S+\/graphql) /m.exec(stdout)?.[1];
      });
      return url;
    },
    stop: () => controller.abort(),
  };
}

describe('appsync-direct dev --help', () => {
  it.each([['--help'], ['-h']])('%s prints every flag', async (flag) => {
    const result = await cli(['dev', flag]);
    expect(result).toMatchObject({ code: 0, stdout: DEV_HELP, stderr: '' });
    for (const name of [
      'schema',
      'handler',
      'export',
      'fields',
      'port',
      'host',
      'query',
      'auth',
      'api-key',
      'iam-access-key',
      'iam-secret-key',
      'region',
    ]) {
      expect(DEV_HELP).toMatch(new RegExp(`^ {2}--${name} <`, 'm'));
    }
    expect(DEV_HELP).toContain(DEFAULT_IAM_ACCESS_KEY);
    expect(DEV_HELP).toContain("--aws-sigv4 'aws:amz:us-east-1:appsync'");
    expect(DEV_HELP).toContain('tokens are decoded, NOT verified');
    expect(DEV_HELP).toContain(DEFAULT_API_KEY);
  });

  it('is listed in the top-level help', () => {
    expect(USAGE).toMatch(/^ {2}dev {7}Serve a local AppSync API/m);
    expect(USAGE).toContain('appsync-direct dev --help');
  });
});

describe('appsync-direct dev: bad usage exits 2 and says what to do', () => {
  it.each([
    [['--prot', '4000'], 'unknown flag --prot; did you mean --port?'],
    [
      ['--handler', BLOG_HANDLER],
      'say which schema to serve with --schema <file.graphql>, as in --schema schema.graphql',
    ],
    [
      ['--schema', BLOG_SCHEMA],
      'say which handler serves it with --handler <file>, as in --handler src/handler.ts',
    ],
    [
      ['--schema', 'nope.graphql', '--handler', BLOG_HANDLER],
      `--schema nope.graphql: there is no such file (looked for ${ROOT}nope.graphql)`,
    ],
    [
      [...BLOG, '--port', 'http'],
      '--port must be a port number from 0 to 65535 (0 takes any free port), as in --port 4001; received "http"',
    ],
    [
      [...BLOG, '--port', '65536'],
      '--port must be a port number from 0 to 65535 (0 takes any free port), as in --port 4001; received "65536"',
    ],
    [
      [...BLOG, '--auth', 'apikey'],
      '--auth "apikey" is not an auth mode; did you mean apiKey? (the modes are apiKey, cognito, oidc, iam, lambda; the first one given is the default)',
    ],
    [
      [...BLOG, '--auth', 'cognito,apiKey,cognito'],
      '--auth lists cognito twice; give each mode once',
    ],
    [
      [...BLOG, '--fields', 'getPost'],
      '--fields lists Type.field or Type.field:maxBatchSize, comma-separated, as in --fields Query.getPost,Post.author:100; "getPost" is neither',
    ],
    [
      [...BLOG, '--fields', 'Post.author:1:2'],
      '--fields lists Type.field or Type.field:maxBatchSize, comma-separated, as in --fields Query.getPost,Post.author:100; "Post.author:1:2" is neither',
    ],
    [
      [...BLOG, '--fields', 'Post.author:5000'],
      '--fields: the maxBatchSize of Post.author must be an integer from 0 to 2000 (AppSync\'s range); received "5000"',
    ],
    [
      [...BLOG, '--fields', ' , '],
      '--fields needs at least one Type.field, as in --fields Query.getPost',
    ],
    [
      [...BLOG, '--query', 'queries/front.graphql'],
      `--query queries/front.graphql: there is no such file (looked for ${ROOT}queries/front.graphql); give a .graphql file or the document itself`,
    ],
    [[...BLOG, 'extra'], 'unexpected argument "extra"'],
    [
      [...BLOG, '--iam-access-key', 'AKIAX'],
      '--iam-access-key is for IAM requests, and iam is not one of the modes: add it, as in --auth apiKey,iam',
    ],
    [
      [...BLOG, '--auth', 'cognito', '--region', 'eu-west-1'],
      '--region is for IAM requests, and iam is not one of the modes: add it, as in --auth cognito,iam',
    ],
    [
      [...BLOG, '--auth', 'iam', '--iam-access-key', 'AKIA/X'],
      '--iam-access-key takes an access key id (letters, digits, _ . -), as in --iam-access-key AKIAMYLOCALKEY000000; received "AKIA/X"',
    ],
    [
      [...BLOG, '--auth', 'iam', '--iam-secret-key', ' '],
      '--iam-secret-key needs the secret key, as in --iam-secret-key my/local/secret',
    ],
    [
      [...BLOG, '--auth', 'iam', '--region', 'EU West'],
      '--region must be an AWS region such as us-east-1; received "EU West"',
    ],
  ])('%j', async (argv, message) => {
    const result = await cli(['dev', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`appsync-direct dev: ${message}`);
    expect(result.stderr).toContain(HINT);
  });
});

describe('appsync-direct dev: start-up failures', () => {
  it('a handler that does not exist: exit 2', async () => {
    const result = await cli([
      'dev',
      '--schema',
      BLOG_SCHEMA,
      '--handler',
      'nope.ts',
      '--port',
      '0',
    ]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `appsync-direct dev: --handler nope.ts: there is no such file (looked for ${ROOT}nope.ts)\n`,
    );
  });

  it('a plain handler function without --fields: exit 2, with the three ways out', async () => {
    const result = await cli([...['dev', ...BLOG], '--export', 'handler', '--port', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'export handler of examples/blog/handler.ts is a Lambda handler function, which does not say which fields it serves',
    );
    expect(result.stderr).toContain('--fields Query.getPost,Post.author:100');
  });

  it('a port in use: exit 1, naming the port and --port', async () => {
    const other = await startTestServer();
    try {
      const port = String(other.server.port);
      const result = await cli(['dev', ...BLOG, '--port', port]);
      expect(result).toMatchObject({ code: 1, stdout: '' });
      expect(result.stderr).toBe(
        `appsync-direct dev: port ${port} on 127.0.0.1 is in use (another appsync-direct dev, or another server?): stop it, or pick another port, as in --port ${Number(port) + 1} (--port 0 takes any free one)\n`,
      );
    } finally {
      await other.server.close();
    }
  });

  it('graphql or the server cannot load: exit 2, saying what to install', async () => {
    const messages: string[] = [];
    const code = await devCommand(
      [...BLOG],
      { stdout: () => {}, stderr: (text) => messages.push(text), cwd: ROOT },
      { importServer: () => Promise.reject(new Error("Cannot find package 'graphql'")) },
    );
    expect(code).toBe(2);
    expect(messages.join('')).toBe(
      "appsync-direct dev: the local AppSync cannot load: Cannot find package 'graphql'\nIt needs graphql (16 or 17) and esbuild installed: npm i -D graphql esbuild\n",
    );
  });
});

describe('appsync-direct dev: serving', () => {
  it('prints its URL, the fields and the key, one line per request, and stops on its signal', async () => {
    const dev = startCli([...BLOG, '--port', '0', '--query', BLOG_QUERY]);
    const url = await dev.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    const port = new URL(url).port;
    expect(dev.stdout()).toBe(
      [
        `appsync-direct dev: ${url} (IDE at http://127.0.0.1:${port}/)`,
        '  schema   examples/blog/schema.graphql',
        '  handler  examples/blog/handler.ts, export app: Query.getPost, Query.listPosts, Query.me, Mutation.createPost, Mutation.deletePost, Mutation.addComment, Query.searchPosts (APPSYNC_JS), Query.postsByAuthor (VTL), Post.commentCount (batch 100, APPSYNC_JS), Mutation.updatePost (pipeline), Post.author (batch 100), Comment.author (batch 100), Post.comments (batch 50)',
        `  auth     apiKey; send x-api-key: ${DEFAULT_API_KEY}`,
        '  Edits to the schema, the handler or its resolver code reload it. Ctrl-C stops.',
        '',
      ].join('\n'),
    );
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY },
      body: JSON.stringify({ query: '{ listPosts { items { title author { name } } } }' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      data: { listPosts: { items: [{ author: { name: 'Ada Lovelace' } }, {}, {}] } },
    });
    expect(dev.stdout()).toMatch(
      /\nPOST \/graphql → 2 Lambda calls: Query\.listPosts ×1, Post\.author batch 3 \(\d+ ms\)\n$/,
    );
    const page = await (await fetch(url.replace(/graphql$/, ''))).text();
    expect(page).toContain('query FrontPage {');
    dev.stop();
    expect(await dev.exit).toBe(0);
    expect(dev.stdout()).toMatch(/appsync-direct dev: stopped \(abort\)\.\n$/);
    expect(dev.stderr()).toBe('');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('takes --auth, --api-key, --fields, --export and an inline --query', async () => {
    const dir = tempFiles({
      'schema.graphql': 'type Query { hello: String @aws_api_key @aws_cognito_user_pools }\n',
      'handler.mjs':
        'export const lambda = async (event) => "hi " + (event.identity === null ? "key" : event.identity.sub);\n',
    });
    const dev = startCli(
      [
        '--schema',
        'schema.graphql',
        '--handler',
        'handler.mjs',
        '--export',
        'lambda',
        '--fields',
        'Query.hello',
        '--port',
        '0',
        '--auth',
        'cognito,apiKey',
        '--api-key',
        'da2-mine',
        '--query',
        '{ hello }',
      ],
      dir,
    );
    const url = await dev.url();
    const out = dev.stdout();
    expect(out).toContain('  handler  handler.mjs, export lambda: Query.hello\n');
    expect(out).toMatch(
      /\n {2}auth {5}cognito \(also apiKey\); send Authorization: [\w-]+\.[\w-]+\.[\w-]+\n/,
    );
    expect(out).toContain('           tokens are decoded, NOT verified: local use only\n');
    const ask = async (headers: Record<string, string>) =>
      (
        await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: '{"query":"{ hello }"}',
        })
      ).json();
    expect(await ask({ 'x-api-key': 'da2-mine' })).toEqual({ data: { hello: 'hi key' } });
    expect(await ask({ 'x-api-key': DEFAULT_API_KEY })).toMatchObject({
      errors: [{ errorType: 'UnauthorizedException' }],
    });
    const page = await (await fetch(url.replace(/graphql$/, ''))).text();
    expect(page).toContain('"query":"{ hello }"');
    dev.stop();
    expect(await dev.exit).toBe(0);
  });

  it('opens with a query built from the schema when --query is not given', async () => {
    const dev = startCli([...BLOG, '--port', '0']);
    const url = await dev.url();
    const page = await (await fetch(url.replace(/graphql$/, ''))).text();
    expect(page).toContain('query {\\n  getPost(id: \\"1\\") {\\n    id\\n    title');
    dev.stop();
    expect(await dev.exit).toBe(0);
  });

  it('an already aborted signal stops it at once', async () => {
    const controller = new AbortController();
    controller.abort();
    let stdout = '';
    const code = await run(['dev', ...BLOG, '--port', '0'], {
      stdout: (text) => {
        stdout += text;
      },
      stderr: () => {},
      cwd: ROOT,
      signal: controller.signal,
    });
    expect(code).toBe(0);
    expect(stdout).toMatch(/stopped \(abort\)\.\n$/);
  });
});

// Regression (issue 15): a developer had to hand-craft a JWT to call dev as a Cognito or OIDC user.
describe('appsync-direct dev --token', () => {
  const claimsOf = (token: string) =>
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as Record<
      string,
      unknown
    >;

  it('prints a Cognito token in the groups given, which the dev server takes', async () => {
    const result = await cli(['dev', '--token', 'cognito', '--groups', 'admin,editors']);
    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(result.stdout).toBe(`${token}\n`);
    expect(claimsOf(token)).toMatchObject({
      sub: 'local-user',
      'cognito:username': 'local-user',
      'cognito:groups': ['admin', 'editors'],
      iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_local',
    });
    expect(result.stderr).toBe(
      'appsync-direct dev: a cognito token of local-user in admin, editors; send it as the Authorization header to a dev server with --auth cognito (unsigned: the local AppSync decodes it and never verifies it).\n',
    );

    const blog = await startTestServer({ auth: ['apiKey', 'cognito'] });
    try {
      const mutation = { query: 'mutation { deletePost(id: "1") { id } }' };
      const admin = await blog.post(mutation, { authorization: token });
      expect(admin.json).toEqual({ data: { deletePost: { id: '1' } } });
      const reader = (await cli(['dev', '--token', 'cognito'])).stdout.trim();
      const denied = await blog.post(mutation, { authorization: reader });
      expect(denied.json).toMatchObject({
        data: { deletePost: null },
        errors: [{ errorType: 'Unauthorized' }],
      });
    } finally {
      await blog.server.close();
    }
  });

  it('prints an OIDC token, and the JSON of the Lambda authorizer, with --sub', async () => {
    const oidc = await cli(['dev', '--token', 'oidc', '--sub', 'ada', '--groups', 'staff']);
    expect(claimsOf(oidc.stdout.trim())).toMatchObject({
      sub: 'ada',
      iss: 'https://oidc.local/',
      groups: ['staff'],
    });
    const lambda = await cli(['dev', '--token', 'lambda', '--groups', 'staff']);
    expect(JSON.parse(lambda.stdout)).toEqual({ userId: 'local-user', groups: ['staff'] });
  });

  it.each([
    [['--token', 'cognit'], '--token "cognit" is not a kind of token; did you mean cognito?'],
    [['--token', 'apiKey'], '--token "apiKey" is not a kind of token'],
    [['--token', 'cognito', ...BLOG], '--token prints a token and starts no server, so --schema'],
    [
      ['--token', 'cognito', '--auth', 'cognito'],
      '--token prints a token and starts no server, so --auth',
    ],
    [['--token', 'cognito', '--groups', ','], '--groups needs group names'],
    [
      ['--token', 'cognito', '--region', 'eu-west-1'],
      '--token prints a token and starts no server, so --region',
    ],
    [[...BLOG, '--groups', 'admin'], '--groups shapes the token that --token prints'],
    [
      [...BLOG, '--allowed-hosts', 'tunnel.example:443'],
      '--allowed-hosts lists host names without ports, comma-separated',
    ],
  ])('%j: exit 2, saying why', async (argv, message) => {
    const result = await cli(['dev', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`appsync-direct dev: ${message}`);
  });
});

describe('appsync-direct dev --auth iam', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const project = () =>
    tempFiles({
      'schema.graphql': 'type Query { whoami: AWSJSON @aws_iam @aws_api_key }\n',
      'handler.mjs': 'export const handler = async (event) => JSON.stringify(event.identity);\n',
    });
  const PROJECT = [
    '--schema',
    'schema.graphql',
    '--handler',
    'handler.mjs',
    '--fields',
    'Query.whoami',
    '--port',
    '0',
  ];

  it('prints the local key pair, its region and principal; the client signs with them', async () => {
    vi.stubEnv('AWS_REGION', '');
    const dev = startCli([...PROJECT, '--auth', 'iam,apiKey'], project());
    const url = await dev.url();
    const username = principalIdentity(LOCAL_PRINCIPAL)?.username;
    expect(dev.stdout()).toContain(
      [
        '  auth     iam (also apiKey); sign requests with the key pair below',
        `  iam      access key ${DEFAULT_IAM_ACCESS_KEY}, secret key ${DEFAULT_IAM_SECRET_KEY}, region us-east-1, service appsync`,
        `           signed requests run as ${LOCAL_PRINCIPAL} (username ${username}); the IDE signs its own`,
        '  Edits to the schema, the handler or its resolver code reload it. Ctrl-C stops.',
      ].join('\n'),
    );
    expect(dev.stdout()).not.toContain('tokens are decoded');
    const client = createAppSyncClient({
      url,
      region: 'us-east-1',
      auth: {
        type: 'iam',
        credentials: {
          accessKeyId: DEFAULT_IAM_ACCESS_KEY,
          secretAccessKey: DEFAULT_IAM_SECRET_KEY,
        },
      },
      logger: false,
    });
    const data = await client.request<{ whoami: string }>('{ whoami }');
    expect(JSON.parse(data.whoami)).toMatchObject({ userArn: LOCAL_PRINCIPAL, username });
    dev.stop();
    expect(await dev.exit).toBe(0);
  });

  it('takes --iam-access-key, --iam-secret-key and --region, or the region from AWS_REGION', async () => {
    const dir = project();
    const mine = startCli(
      [
        ...PROJECT,
        '--auth',
        'apiKey,iam',
        '--iam-access-key',
        'AKIAMINE',
        '--iam-secret-key',
        'my/secret',
        '--region',
        'eu-west-1',
      ],
      dir,
    );
    await mine.url();
    expect(mine.stdout()).toContain(
      '  iam      access key AKIAMINE, secret key my/secret, region eu-west-1, service appsync\n',
    );
    expect(mine.stdout()).toContain(
      `  auth     apiKey (also iam); send x-api-key: ${DEFAULT_API_KEY}\n`,
    );
    mine.stop();
    expect(await mine.exit).toBe(0);

    vi.stubEnv('AWS_REGION', 'ap-southeast-2');
    const fromEnv = startCli([...PROJECT, '--auth', 'iam'], dir);
    await fromEnv.url();
    expect(fromEnv.stdout()).toContain(', region ap-southeast-2, service appsync\n');
    fromEnv.stop();
    expect(await fromEnv.exit).toBe(0);
  });

  it('an AWS_REGION that is no region: exit 2, naming the variable', async () => {
    vi.stubEnv('AWS_REGION', 'Frankfurt');
    const result = await cli(['dev', ...BLOG, '--auth', 'iam']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      'appsync-direct dev: AWS_REGION must be an AWS region such as us-east-1; received "Frankfurt"',
    );
  });
});
