import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { INVOKE_HELP } from '../src/cli/invoke.js';
import { USAGE } from '../src/cli/main.js';
import { makeIdentity, selectionSetGraphQL } from '../src/testing/index.js';
import {
  BLOG,
  blogInvoke,
  cli,
  fixtureInvoke,
  HANDLERS,
  POST_1,
  ROOT,
  removeTempFiles,
  tempFiles,
} from './cli-helpers.js';

afterAll(removeTempFiles);

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

const HELP_HINT = 'Run "appsync-direct invoke --help" for every flag, with examples.';

/** The echo handler's answer to an Invoke: the event and the Lambda context it received. */
interface Echo {
  event: {
    arguments: unknown;
    identity: unknown;
    source: unknown;
    request: { headers: Record<string, string>; domainName: unknown };
    prev: unknown;
    stash: unknown;
    info: {
      fieldName: string;
      parentTypeName: string;
      variables: unknown;
      selectionSetList: string[];
      selectionSetGraphQL: string;
    };
  };
  requestId: string;
  remainingMs: number;
}

async function echo(...argv: string[]): Promise<Echo> {
  const result = await fixtureInvoke(...argv);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return (result.json() as { data: Echo }).data;
}

describe('appsync-direct', () => {
  it.each([[[]], [['--help']], [['-h']]])(
    '%j prints the usage, listing the commands',
    async (argv) => {
      const result = await cli(argv);
      expect(result).toMatchObject({ code: 0, stdout: USAGE, stderr: '' });
      expect(USAGE).toMatch(/^ {2}invoke {4}Call a handler/m);
      expect(USAGE).toContain('appsync-direct invoke --help');
    },
  );

  it.each(['--version', '-v'])('%s prints the package version', async (flag) => {
    expect(await cli([flag])).toMatchObject({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it.each([
    ['invok', 'unknown command "invok"; did you mean invoke?'],
    [
      'deploy',
      'unknown command "deploy"\nThe commands are: build, check, codegen, dev, invoke, manifest.',
    ],
    ['--verison', 'unknown flag --verison; did you mean --version?'],
    ['--quiet', 'unknown flag --quiet\n'],
  ])('%s is bad usage: exit 2, with what is wrong and what to do', async (word, message) => {
    const result = await cli([word, '--help']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`appsync-direct: ${message}`);
    expect(result.stderr).toContain('Run "appsync-direct --help" for usage.');
  });
});

describe('appsync-direct invoke --help', () => {
  it.each(['--help', '-h'])('%s documents every flag with an example', async (flag) => {
    const result = await cli(['invoke', flag]);
    expect(result).toMatchObject({ code: 0, stdout: INVOKE_HELP, stderr: '' });
    const flags = [
      'handler',
      'export',
      'event',
      'fixture',
      'field',
      'args',
      'source',
      'sources',
      'identity',
      'headers',
      'selection',
      'http',
      'query',
      'variables',
      'operation-name',
      'method',
      'authorizer',
      'remaining-ms',
      'request-id',
      'raw',
    ];
    for (const name of flags) {
      // The line that documents it, and at least one example line.
      const lines = INVOKE_HELP.split('\n').filter((line) =>
        new RegExp(`^ +--${name}( |$)`).test(line),
      );
      expect(lines.length, `--${name}`).toBeGreaterThanOrEqual(2);
    }
    expect(INVOKE_HELP).toMatch(/^ {2}-h, --help/m);
    expect(INVOKE_HELP).toContain('batch-3,');
    expect(INVOKE_HELP).toContain('amplify-function,');
    expect(INVOKE_HELP).toContain('http-alb-multi\n');
    for (const code of ['0', '1', '2'])
      expect(INVOKE_HELP).toMatch(new RegExp(`^ {2}${code} {2}`, 'm'));
    for (const line of INVOKE_HELP.split('\n')) expect(line.length, line).toBeLessThanOrEqual(100);
  });

  it('wins over anything else on the line', async () => {
    expect(await cli(['invoke', '--field', 'Query.x', '-h'])).toMatchObject({
      code: 0,
      stdout: INVOKE_HELP,
    });
  });
});

describe('invoke --field on the blog example', () => {
  it('prints the AppSync view of a field', async () => {
    const result = await blogInvoke('--field', 'Query.getPost', '--args', '{"id":"1"}');
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(`${JSON.stringify({ data: POST_1 }, null, 2)}\n`);
  });

  it('a resolver error: exit 1, the error as AppSync shows it', async () => {
    const result = await blogInvoke('--field', 'Query.getPost', '--args', '{"id":"404"}');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 404 not found' },
    });
    // The error is said once: what AppSync shows, on stdout (issue 15).
    expect(result.stderr).toBe('');
  });

  // Regression (issue 15): an unregistered --field printed the same error three times (the JSON,
  // the app's log line, "The handler threw") and suggested nothing.
  it('a --field a hand-written handler answers itself is called, whatever its apps serve', async () => {
    const dir = tempFiles({
      'handler.mjs': `import { createResolver } from ${JSON.stringify(`${ROOT}dist/index.js`)};
export const app = createResolver().resolver('Query.getPost', () => ({ id: '1' }));
const served = app.handler();
export const handler = (event, context) =>
  event.info.fieldName === 'health' ? { ok: true } : served(event, context);
`,
    });
    const result = await cli([
      'invoke',
      '--handler',
      `${dir}/handler.mjs`,
      '--field',
      'Query.health',
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ data: { ok: true } });
  });

  it('a --field no route serves: one line naming the nearest route, exit 2, no call', async () => {
    const result = await blogInvoke('--field', 'Query.getPots');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'appsync-direct invoke: --field Query.getPots: no resolver is registered for it in the app of export handler of examples/blog/handler.ts; did you mean Query.getPost? The routes: Query.getPost, Query.listPosts, Query.me, Mutation.createPost, Mutation.deletePost, Mutation.addComment, Query.searchPosts, Query.postsByAuthor, Post.commentCount, Mutation.updatePost, Post.author, Comment.author, Post.comments\n',
    );
    const far = await blogInvoke('--field', 'Query.zzz');
    expect(far.code).toBe(2);
    expect(far.stderr).toMatch(
      /^appsync-direct invoke: --field Query\.zzz: no resolver is registered for it in the app of export handler of examples\/blog\/handler\.ts\. The routes: Query\.getPost, /,
    );
  });

  it('--identity cognito signs the caller in: a mutation that needs a user succeeds', async () => {
    const result = await blogInvoke(
      '--field',
      'Mutation.createPost',
      '--args',
      '{"input":{"title":" From the CLI "}}',
      '--identity',
      'cognito',
    );
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({
      data: {
        id: expect.any(String),
        title: 'From the CLI',
        content: null,
        authorId: makeIdentity('cognito').sub,
        createdAt: expect.any(String),
      },
    });
  });

  it('without an identity the caller is an API key, and UnauthorizedException reads as AppSync rewrites it', async () => {
    const result = await blogInvoke(
      '--field',
      'Mutation.createPost',
      '--args',
      '{"input":{"title":"x"}}',
    );
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
    });
  });

  it('--sources sends a BatchInvoke: one item per parent, a missing author fails its item only', async () => {
    const result = await blogInvoke(
      '--field',
      'Post.author',
      '--sources',
      '[{"id":"1","authorId":"u1"},{"id":"9","authorId":"u404"},{"id":"2","authorId":"u2"}]',
      '--selection',
      'id,name',
    );
    expect(result.code).toBe(1);
    expect(result.json()).toEqual([
      { data: { id: 'u1', name: 'Ada Lovelace' } },
      { error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' } },
      { data: { id: 'u2', name: 'Alan Turing' } },
    ]);
  });

  it('a batch where every item is data exits 0', async () => {
    const result = await blogInvoke('--field', 'Post.author', '--sources', '[{"authorId":"u2"}]');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual([{ data: { id: 'u2', name: 'Alan Turing' } }]);
  });
});

describe('the event --field builds', () => {
  it('is a faithful Invoke context with realistic defaults', async () => {
    const { event, remainingMs, requestId } = await echo(
      '--field',
      'Query.getPost',
      '--args',
      '{"id":"1"}',
    );
    expect(event.arguments).toEqual({ id: '1' });
    expect(event.identity).toBeNull();
    expect(event.source).toBeNull();
    expect(event.prev).toBeNull();
    expect(event.stash).toEqual({});
    expect(event.request.domainName).toBeNull();
    expect(event.request.headers['x-api-key']).toMatch(/^da2-/);
    expect(event.request.headers).not.toHaveProperty('cookie');
    expect(event.info).toEqual({
      fieldName: 'getPost',
      parentTypeName: 'Query',
      variables: { id: '1' },
      selectionSetList: [],
      selectionSetGraphQL: '',
    });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(remainingMs).toBeGreaterThan(29_000);
    expect(remainingMs).toBeLessThanOrEqual(30_000);
  });

  it('--args defaults to {}', async () => {
    const { event } = await echo('--field', 'Query.listPosts');
    expect(event.arguments).toEqual({});
  });

  it.each(['apiKey', 'iam', 'cognito', 'oidc', 'lambda'] as const)(
    '--identity %s gives that kind of caller',
    async (kind) => {
      const { event } = await echo('--field', 'Query.me', '--identity', kind);
      expect(event.identity).toEqual(makeIdentity(kind));
      const credential = kind === 'apiKey' ? 'x-api-key' : 'authorization';
      expect(event.request.headers[credential]).toEqual(expect.any(String));
    },
  );

  it('--identity takes an identity object as JSON', async () => {
    const identity = { resolverContext: { tenantId: 't-9', role: 'admin' } };
    const { event } = await echo('--field', 'Query.me', '--identity', JSON.stringify(identity));
    expect(event.identity).toEqual(identity);
  });

  it('--headers are merged over the defaults, names lower-cased', async () => {
    const { event } = await echo(
      '--field',
      'Query.me',
      '--headers',
      '{"X-Tenant-Id":"t-1","accept":"text/plain"}',
    );
    expect(event.request.headers['x-tenant-id']).toBe('t-1');
    expect(event.request.headers.accept).toBe('text/plain');
    expect(event.request.headers.host).toMatch(/appsync-api/);
  });

  it('--selection fills selectionSetList and selectionSetGraphQL', async () => {
    const { event } = await echo(
      '--field',
      'Query.getPost',
      '--selection',
      'id, title,author,author/name,',
    );
    const list = ['id', 'title', 'author', 'author/name'];
    expect(event.info.selectionSetList).toEqual(list);
    expect(event.info.selectionSetGraphQL).toBe(selectionSetGraphQL(list));
    expect(event.info.selectionSetGraphQL).toBe('{\n  id\n  title\n  author {\n    name\n  }\n}');
  });

  it('--source sets the parent of a nested field, whose variables are not its arguments', async () => {
    const { event } = await echo(
      '--field',
      'Post.author',
      '--source',
      '{"id":"1","authorId":"u1"}',
    );
    expect(event.source).toEqual({ id: '1', authorId: 'u1' });
    expect(event.info.variables).toEqual({});
  });

  it('--remaining-ms and --request-id shape the Lambda context', async () => {
    const { remainingMs, requestId } = await echo(
      '--field',
      'Query.me',
      '--remaining-ms',
      '500',
      '--request-id=req-42',
    );
    expect(requestId).toBe('req-42');
    expect(remainingMs).toBeGreaterThan(0);
    expect(remainingMs).toBeLessThanOrEqual(500);
  });

  it('--sources builds one context per parent, sharing the other flags', async () => {
    const result = await fixtureInvoke(
      '--field',
      'Post.author',
      '--sources',
      '[{"authorId":"u1"},{"authorId":"u2"}]',
      '--identity',
      'iam',
    );
    expect(result.code).toBe(0);
    expect(result.json()).toEqual([
      { data: { source: { authorId: 'u1' } } },
      { data: { source: { authorId: 'u2' } } },
    ]);
  });
});

describe('invoke --fixture and --event', () => {
  it('--fixture batch-3 runs the shipped batch: the missing author is an error item, exit 1', async () => {
    const result = await blogInvoke('--fixture', 'batch-3');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual([
      { data: { id: 'u1', name: 'Ada Lovelace' } },
      { data: { id: 'u2', name: 'Alan Turing' } },
      { error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' } },
    ]);
  });

  it.each([
    ['invoke-api-key', { data: POST_1 }],
    ['amplify-function', { data: POST_1 }],
    ['mapping-document-invoke', { data: POST_1 }],
    ['tutorial-payload', { data: POST_1 }],
    ['batch-1', [{ data: { id: 'u1', name: 'Ada Lovelace' } }]],
  ])('--fixture %s', async (name, expected) => {
    const result = await blogInvoke('--fixture', name);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual(expected);
  });

  it('--event sends a JSON file as is; paths resolve against the working directory', async () => {
    const result = await cli(
      ['invoke', '--handler', '../examples/blog/handler.ts', '--event', 'batch-1.json'],
      join(ROOT, 'fixtures'),
    );
    expect(result.code).toBe(0);
    expect(result.json()).toEqual([{ data: { id: 'u1', name: 'Ada Lovelace' } }]);
  });

  it('--event with any accepted shape, e.g. an Amplify @function event for a missing post', async () => {
    const event = JSON.parse(readFileSync(join(ROOT, 'fixtures/amplify-function.json'), 'utf8'));
    event.arguments.id = '404';
    const dir = tempFiles({ 'event.json': JSON.stringify(event) });
    const result = await cli([
      'invoke',
      '--handler',
      join(ROOT, BLOG),
      '--event',
      join(dir, 'event.json'),
    ]);
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'post 404 not found' },
    });
  });
});

describe('invoke --raw', () => {
  it('prints what the handler returned', async () => {
    const result = await blogInvoke('--field', 'Query.getPost', '--args', '{"id":"1"}', '--raw');
    expect(result.code).toBe(0);
    expect(result.json()).toEqual(POST_1);
  });

  it('an Invoke that throws prints as the Lambda runtime reports it', async () => {
    const result = await blogInvoke('--field', 'Query.getPost', '--args', '{"id":"404"}', '--raw');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      errorType: 'NotFoundError',
      errorMessage: 'post 404 not found',
    });
  });

  it('keeps the message AppSync would replace for an UnauthorizedException', async () => {
    const argv = [
      'invoke',
      '--handler',
      HANDLERS,
      '--export',
      'unauthorized',
      '--field',
      'Query.x',
    ];
    const raw = await cli([...argv, '--raw']);
    expect(raw.code).toBe(1);
    expect(raw.json()).toEqual({
      errorType: 'UnauthorizedException',
      errorMessage: 'only admins may do this',
    });
    const view = await cli(argv);
    expect(view.code).toBe(1);
    expect(view.json()).toEqual({
      error: {
        errorType: 'UnauthorizedException',
        errorMessage: 'You are not authorized to make this call.',
      },
    });
  });

  it('a batch prints the envelopes', async () => {
    const result = await blogInvoke('--fixture', 'batch-3', '--raw');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual([
      { data: { id: 'u1', name: 'Ada Lovelace' } },
      { data: { id: 'u2', name: 'Alan Turing' } },
      { data: null, errorType: 'NotFoundError', errorMessage: 'author u404 not found' },
    ]);
  });

  it('undefined is sent as null', async () => {
    const raw = await fixtureInvoke('--export', 'nothing', '--field', 'Query.x', '--raw');
    expect(raw.code).toBe(0);
    expect(raw.stdout).toBe('null\n');
    const view = await fixtureInvoke('--export', 'nothing', '--field', 'Query.x');
    expect(view.json()).toEqual({ data: null });
  });

  it('a thrown string is reported with its type', async () => {
    const argv = [
      'invoke',
      '--handler',
      HANDLERS,
      '--export',
      'throwsString',
      '--field',
      'Query.x',
    ];
    const raw = await cli([...argv, '--raw']);
    expect(raw.code).toBe(1);
    expect(raw.json()).toEqual({ errorType: 'string', errorMessage: 'the database is down' });
    expect(raw.stderr).toBe('The handler threw: the database is down\n');
    const view = await cli(argv);
    expect(view.code).toBe(1);
    expect(view.json()).toEqual({
      error: { errorType: 'string', errorMessage: 'the database is down' },
    });
  });

  it('a thrown Error: its stack on stderr, source-mapped to the TypeScript file', async () => {
    const result = await fixtureInvoke('--export', 'throwsError', '--field', 'Query.x', '--raw');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      errorType: 'TypeError',
      errorMessage: 'cannot read the table',
    });
    expect(result.stderr).toMatch(/^The handler threw: TypeError: cannot read the table\n\s+at /);
    expect(result.stderr).toMatch(/test\/cli-fixtures\/handlers\.ts:\d+:\d+/);
  });
});

describe("the handler's stdout", () => {
  it('goes to stderr, so stdout holds only the result; the streams are restored afterwards', async () => {
    const write = process.stdout.write;
    const log = console.log;
    const result = await fixtureInvoke('--export', 'noisy', '--field', 'Query.x');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${JSON.stringify({ data: { ok: true } }, null, 2)}\n`);
    expect(result.stderr).toBe(
      'console.log from the handler\nconsole.info from the handler\n' +
        'process.stdout.write from the handler\nbytes from the handler\n',
    );
    expect(process.stdout.write).toBe(write);
    expect(console.log).toBe(log);
  });

  it("the default jsonLogger's lines go to stderr too; an app export is found when there is no handler", async () => {
    const result = await cli([
      'invoke',
      '--handler',
      'test/cli-fixtures/app-only.ts',
      '--field',
      'Query.broken',
    ]);
    expect(result.code).toBe(1);
    const view = result.json() as { error: { errorType: string; errorMessage: string } };
    expect(view.error.errorType).toBe('InternalError');
    expect(view.error.errorMessage).not.toContain('connection refused');
    const lines = result.stderr.split('\n');
    expect(lines[0]).toBe('about to fail');
    const log = JSON.parse(lines[1] as string);
    expect(log).toMatchObject({
      level: 'ERROR',
      field: 'Query.broken',
      error: { message: 'connection refused: db.internal:5432' },
    });
    expect(log.error.stack).toMatch(/test\/cli-fixtures\/app-only\.ts:\d+:\d+/);
  });

  it('an app answers as its handler() does', async () => {
    const result = await cli([
      'invoke',
      '--handler',
      'test/cli-fixtures/app-only.ts',
      '--field',
      'Query.hello',
      '--args',
      '{"name":"Ada"}',
    ]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.json()).toEqual({ data: 'Hello, Ada' });
  });
});

describe('responses that break the contract', () => {
  it('a BigInt cannot cross JSON: exit 1, the path on stderr, nothing on stdout', async () => {
    const result = await fixtureInvoke('--export', 'bigint', '--field', 'Query.getPost');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      "appsync-direct invoke: The response to Query.getPost cannot cross Lambda's JSON boundary: " +
        '$.post.views is a BigInt, which JSON.stringify cannot serialise (send it as a string or a number).\n',
    );
  });

  it('a batch answered with the wrong length: exit 1', async () => {
    const result = await fixtureInvoke(
      '--export',
      'shortBatch',
      '--field',
      'Post.author',
      '--sources',
      '[{"a":1},{"a":2}]',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('A BatchInvoke of 2 must be answered with an array of 2 items');
  });
});

describe('handlers of every kind', () => {
  it('a JavaScript module whose default export is the handler', async () => {
    const result = await cli([
      'invoke',
      '--handler',
      'test/cli-fixtures/default-export.mjs',
      '--field',
      'Query.hello',
      '--args',
      '{"name":"Ada"}',
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ data: { greeting: 'Hello, Ada' } });
  });

  it('CommonJS: exports.handler', async () => {
    const result = await cli([
      'invoke',
      '--handler',
      'test/cli-fixtures/commonjs.cjs',
      '--field',
      'Query.hello',
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ data: { commonjs: true, field: 'hello' } });
  });

  it('CommonJS: module.exports = handler', async () => {
    const result = await cli([
      'invoke',
      '--handler',
      'test/cli-fixtures/commonjs-function.cjs',
      '--field',
      'Query.hello',
      '--args',
      '{"a":1}',
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ data: { commonjsFunction: true, args: { a: 1 } } });
  });

  it('--export picks an export', async () => {
    const result = await blogInvoke(
      '--export',
      'app',
      '--field',
      'Query.getPost',
      '--args',
      '{"id":"1"}',
    );
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ data: POST_1 });
  });
});

describe('a handler that cannot be used: exit 2', () => {
  async function loadFailure(argv: string[], cwd?: string): Promise<string> {
    const result = await cli(['invoke', ...argv, '--field', 'Query.x'], cwd);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    return result.stderr;
  }

  it('a missing file', async () => {
    expect(await loadFailure(['--handler', 'src/nope.ts'])).toBe(
      `appsync-direct invoke: --handler src/nope.ts: there is no such file (looked for ${join(ROOT, 'src/nope.ts')})\n`,
    );
  });

  it('a directory', async () => {
    const dir = tempFiles({});
    mkdirSync(join(dir, 'folder.ts'));
    expect(await loadFailure(['--handler', 'folder.ts'], dir)).toContain('there is no such file');
  });

  it('a file that is not a module', async () => {
    expect(await loadFailure(['--handler', 'README.md'])).toBe(
      'appsync-direct invoke: --handler README.md is not a module this command can run: give a .ts, .mts, .cts, .js, .mjs or .cjs file\n',
    );
  });

  it('an export that does not exist, listing the exports', async () => {
    expect(
      await loadFailure(['--handler', 'test/cli-fixtures/no-handler.ts', '--export', 'handlr']),
    ).toBe(
      'appsync-direct invoke: --handler test/cli-fixtures/no-handler.ts has no export named handlr; its exports are: answer, helper\n',
    );
  });

  it('no handler, app or default export', async () => {
    expect(await loadFailure(['--handler', 'test/cli-fixtures/no-handler.ts'])).toBe(
      'appsync-direct invoke: --handler test/cli-fixtures/no-handler.ts exports no handler, app or default export; ' +
        'its exports are: answer, helper. Pass the one to call with --export <name>\n',
    );
  });

  it.each([
    ['answer', 'a number'],
    ['settings', 'an object without a handler() method'],
  ])('an export that is neither a function nor an app: %s', async (name, what) => {
    const stderr = await loadFailure(['--handler', HANDLERS, '--export', name]);
    expect(stderr).toContain(
      `export ${name} of ${HANDLERS} is ${what}, neither a Lambda handler function nor an app from createResolver(); its exports are: answer, bigint, handler,`,
    );
  });

  it('a module that throws while loading, with a source-mapped stack', async () => {
    const stderr = await loadFailure(['--handler', 'test/cli-fixtures/throws-on-load.ts']);
    expect(stderr).toMatch(
      /^appsync-direct invoke: --handler test\/cli-fixtures\/throws-on-load\.ts failed while loading: Error: TABLE_NAME is not set\n/,
    );
    expect(stderr).toMatch(/throws-on-load\.ts:4:\d+/);
  });

  it("a syntax error: esbuild's message, with file and line", async () => {
    const dir = tempFiles({
      'broken.ts': 'export const handler = () => {\n  return { id: 1, };;\n  const = 3;\n};\n',
    });
    const stderr = await loadFailure(['--handler', 'broken.ts'], dir);
    expect(stderr).toMatch(/^appsync-direct invoke: --handler broken\.ts does not build:\n/);
    expect(stderr).toContain('[ERROR] Expected identifier but found "="');
    expect(stderr).toContain('broken.ts:3:8:');
  });
});

describe('bad usage: exit 2, saying what is wrong', () => {
  const h = ['--handler', BLOG];
  it.each([
    [[], 'say which handler to call with --handler <file>'],
    [['--field', 'Query.x'], 'say which handler to call with --handler <file>'],
    [h, 'say which event to send: --field Type.field'],
    [
      [...h, '--event', 'e.json', '--field', 'Query.x'],
      '--event e.json and --field Query.x each choose the event; give only one of --event, --fixture, --field and --http',
    ],
    [
      [...h, '--fixture', 'batch-3', '--args', '{}'],
      '--args shapes an event built with --field; the event of --fixture is sent as is',
    ],
    [
      [...h, '--event', 'e.json', '--identity', 'iam'],
      '--identity shapes an event built with --field',
    ],
    [[...h, '--feild', 'Query.x'], 'unknown flag --feild; did you mean --field?'],
    [[...h, '--hand', 'x.ts'], 'unknown flag --hand; did you mean --handler?'],
    [[...h, '--field', 'Query.x', '--verbose'], 'unknown flag --verbose\n'],
    [[...h, '-x'], 'unknown flag -x\n'],
    [[...h, '-H'], 'unknown flag -H; did you mean -h?'],
    [[...h, '--field', 'Query.x', '--field', 'Query.y'], '--field is given twice; give it once'],
    [
      [...h, '--field', 'Query.x', 'extra'],
      'unexpected argument "extra": every value belongs to a flag',
    ],
    [
      [...h, '--field', 'Query.x', '--raw', 'true'],
      'unexpected argument "true": every value belongs to a flag, as in --field Query.getPost (--raw takes no value)',
    ],
    [[...h, '--field', 'Query.x', '--raw=yes'], '--raw takes no value; write just --raw'],
    [[...h, '--field'], '--field needs a value, as in --field <value>'],
    [[...h, '--field', '--raw'], '--field needs a value'],
    [[...h, '--field='], '--field needs a value'],
    [
      [...h, '--field', 'getPost'],
      '--field must be Type.field, as in --field Query.getPost; received "getPost"',
    ],
    [[...h, '--field', 'Query.x', '--args', '{id:1}'], '--args is not valid JSON ('],
    [
      [...h, '--field', 'Query.x', '--args', '{id:1}'],
      `); received {id:1}. Quote the whole value for the shell and use double quotes inside, as in --args '{"id":"1"}'`,
    ],
    [
      [...h, '--field', 'Query.x', '--args', '[1]'],
      `--args must be a JSON object, as in --args '{"id":"1"}'; received [1]`,
    ],
    [[...h, '--field', 'Query.x', '--source', 'null'], '--source must be a JSON object'],
    [
      [...h, '--field', 'Query.x', '--source', '{}', '--sources', '[{}]'],
      '--source and --sources both set the parent',
    ],
    [
      [...h, '--field', 'Post.author', '--sources', '{}'],
      '--sources must be a non-empty JSON array of parent objects',
    ],
    [
      [...h, '--field', 'Post.author', '--sources', '[]'],
      '--sources must be a non-empty JSON array',
    ],
    [
      [...h, '--field', 'Post.author', '--sources', '[1]'],
      '--sources must be a non-empty JSON array',
    ],
    [[...h, '--field', 'Post.author', '--sources', '[{'], '--sources is not valid JSON'],
    [
      [...h, '--field', 'Query.x', '--identity', 'cognitoo'],
      '--identity cognitoo is not a caller; did you mean cognito?: use apiKey, iam, cognito, oidc, lambda, or an identity as a JSON object',
    ],
    [[...h, '--field', 'Query.x', '--identity', 'apikey'], 'did you mean apiKey?'],
    [
      [...h, '--field', 'Query.x', '--identity', 'admin'],
      '--identity admin is not a caller: use apiKey',
    ],
    [[...h, '--field', 'Query.x', '--identity', '{"sub"'], '--identity is not valid JSON'],
    [
      [...h, '--field', 'Query.x', '--headers', '{"x-count":3}'],
      '--headers values must be strings, as HTTP headers are; "x-count" is 3',
    ],
    [[...h, '--field', 'Query.x', '--headers', '"a"'], '--headers must be a JSON object'],
    [
      [...h, '--field', 'Query.x', '--headers', '{"Cookie":"a=b"}'],
      'AppSync never passes the cookie header to resolvers',
    ],
    [
      [...h, '--field', 'Query.x', '--selection', ' , '],
      '--selection needs field names, comma-separated',
    ],
    [
      [...h, '--field', 'Query.x', '--remaining-ms', '-5'],
      '--remaining-ms must be a number of milliseconds ≥ 0, as in --remaining-ms 500; received "-5"',
    ],
    [[...h, '--field', 'Query.x', '--remaining-ms', 'soon'], '--remaining-ms must be a number'],
    [
      [...h, '--field', 'Query.x', '--remaining-ms', '9'.repeat(400)],
      '--remaining-ms must be a number',
    ],
    [
      [...h, '--fixture', 'batch3'],
      'there is no fixture named "batch3"; did you mean batch-3?. The fixtures are: invoke-api-key,',
    ],
    [
      [...h, '--fixture', 'nothing-like-it'],
      'there is no fixture named "nothing-like-it". The fixtures are:',
    ],
    [
      [...h, '--event', 'missing.json'],
      `--event missing.json: there is no such file (looked for ${join(ROOT, 'missing.json')})`,
    ],
    [[...h, '--event', 'fixtures'], '--event fixtures cannot be read: EISDIR'],
    [[...h, '--event', 'README.md'], '--event README.md is not valid JSON: '],
  ])('%j', async (argv, message) => {
    const result = await cli(['invoke', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^appsync-direct invoke: /);
    expect(result.stderr).toContain(message);
    expect(result.stderr.endsWith(`\n${HELP_HINT}\n`)).toBe(true);
  });
});
