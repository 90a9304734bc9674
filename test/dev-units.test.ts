/** The dev server's parts on their own: the first query, the page, auth, the watcher, assets. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildHandler, HandlerLoadError } from '../src/cli/load-handler.js';
import { findIdeAssets } from '../src/dev/assets.js';
import {
  DEFAULT_IAM_ACCESS_KEY,
  DEFAULT_IAM_SECRET_KEY,
  devAuth,
  LOCAL_PRINCIPAL,
  localAuthorizer,
} from '../src/dev/auth.js';
import { defaultQuery } from '../src/dev/default-query.js';
import { hostAllowed, isLoopback, originAllowed, urlHost } from '../src/dev/net.js';
import { createWatcher } from '../src/dev/watch.js';
import { buildAppSyncSchema } from '../src/emulator/index.js';
import { escapeHtml, scriptLiteral } from '../src/engine/ide-page.js';
import { removeTempFiles, tempFiles } from './cli-helpers.js';
import { eventually, startTestServer } from './dev-helpers.js';

afterAll(removeTempFiles);

describe('defaultQuery', () => {
  it('the first Query field, required arguments filled, nested objects one level deep', () => {
    const schema = buildAppSyncSchema(`
      enum Order { NEWEST OLDEST }
      input Filter { tag: String }
      type Query {
        search(text: String!, first: Int!, ratio: Float!, exact: Boolean!, order: Order!, filter: Filter!, at: AWSTimestamp!, after: String, page: Int! = 1): [Hit]
        other: String
      }
      union Hit = Post | Note
      type Post { id: ID! author: User related(id: ID!): Post tags(first: Int): [String] }
      type Note { text: String }
      type User { name: String best: Post }
    `);
    expect(defaultQuery(schema)).toBe(
      [
        '# Run it with the ▶ button or Ctrl-Enter.',
        'query {',
        '  search(text: "1", first: 1, ratio: 1, exact: true, order: NEWEST, filter: {}, at: 1) {',
        '    __typename',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    const posts = buildAppSyncSchema(`
      type Query { post: Post }
      type Post { id: ID! author: User related(id: ID!): Post tags(first: Int): [String] empty: Empty }
      type User { name: String best: Post }
      type Empty { nested: User }
    `);
    expect(defaultQuery(posts)).toBe(
      [
        '# Run it with the ▶ button or Ctrl-Enter.',
        'query {',
        '  post {',
        '    id',
        '    author {',
        '      name',
        '    }',
        '    tags',
        '    empty {',
        '      __typename',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('a leaf field, and a schema without a Query type', () => {
    expect(defaultQuery(buildAppSyncSchema('type Query { now: AWSDateTime }'))).toBe(
      '# Run it with the ▶ button or Ctrl-Enter.\nquery {\n  now\n}\n',
    );
    expect(defaultQuery(buildAppSyncSchema('type Mutation { a: Int }'))).toBe(
      '# Run it with the ▶ button or Ctrl-Enter.\nquery {\n  __typename\n}\n',
    );
  });
});

describe('the page', () => {
  it('escapes HTML and script literals', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    expect(scriptLiteral({ q: '</script><script>alert(1)</script>\u2028\u2029' })).toBe(
      '{"q":"\\u003c/script>\\u003cscript>alert(1)\\u003c/script>\\u2028\\u2029"}',
    );
  });
});

describe('devAuth', () => {
  it('the first mode is the default, the others additional; the headers pass the default', () => {
    expect(devAuth(['iam', 'apiKey'], 'k')).toMatchObject({
      options: { default: 'iam', additional: ['apiKey'], apiKeys: ['k'] },
      headers: {},
    });
    const oidc = devAuth(['oidc'], 'k').headers.Authorization ?? '';
    expect(JSON.parse(Buffer.from(oidc.split('.')[1] ?? '', 'base64url').toString())).toMatchObject(
      {
        sub: 'local-user',
        iss: 'https://oidc.local/',
      },
    );
    expect(devAuth([], 'k').headers).toEqual({ 'x-api-key': 'k' });
  });

  it('with IAM among the modes, the local key pair verifies its signatures, as the local principal', () => {
    const auth = devAuth(['apiKey', 'iam'], 'k');
    expect(auth.headers).toEqual({ 'x-api-key': 'k' });
    expect(auth.options).toMatchObject({
      iamCredentials: [
        {
          accessKeyId: DEFAULT_IAM_ACCESS_KEY,
          secretAccessKey: DEFAULT_IAM_SECRET_KEY,
          principal: LOCAL_PRINCIPAL,
        },
      ],
      region: 'us-east-1',
    });
    expect(auth.iam).toEqual({
      accessKeyId: DEFAULT_IAM_ACCESS_KEY,
      secretAccessKey: DEFAULT_IAM_SECRET_KEY,
      region: 'us-east-1',
      principal: LOCAL_PRINCIPAL,
      username: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
    });
    expect(DEFAULT_IAM_ACCESS_KEY).toHaveLength(20);
    expect(DEFAULT_IAM_SECRET_KEY).toHaveLength(40);
    const mine = devAuth(['iam'], 'k', {
      accessKeyId: 'AKIAMINE',
      secretAccessKey: 'mine',
      region: 'eu-west-1',
    });
    expect(mine.iam).toMatchObject({
      accessKeyId: 'AKIAMINE',
      secretAccessKey: 'mine',
      region: 'eu-west-1',
    });
    expect(mine.options.region).toBe('eu-west-1');
    const none = devAuth(['apiKey', 'cognito'], 'k', { accessKeyId: 'AKIAMINE' });
    expect(none.iam).toBeUndefined();
    expect(none.options.iamCredentials).toBeUndefined();
  });

  it('the local Lambda authorizer: a JSON object is the resolverContext, any other token is passed on', () => {
    const event = (authorizationToken: string) =>
      ({ authorizationToken, requestContext: {}, requestHeaders: {} }) as never;
    expect(localAuthorizer(event('  '))).toEqual({ isAuthorized: false });
    expect(localAuthorizer(event('{"tenant":"t1"}'))).toEqual({
      isAuthorized: true,
      resolverContext: { tenant: 't1' },
    });
    expect(localAuthorizer(event('[1]'))).toEqual({
      isAuthorized: true,
      resolverContext: { token: '[1]' },
    });
    expect(localAuthorizer(event('abc'))).toEqual({
      isAuthorized: true,
      resolverContext: { token: 'abc' },
    });
  });
});

describe('createWatcher', () => {
  it('debounces a burst into one call, ignores other files, and stops on close', async () => {
    const dir = tempFiles({ 'a.ts': '1', 'b.ts': '1', 'c.ts': '1' });
    const calls: string[][] = [];
    const errors: string[] = [];
    const watcher = createWatcher({
      onChange: (files) => calls.push(files),
      onError: (message) => errors.push(message),
      debounceMs: 50,
    });
    watcher.watch([join(dir, 'a.ts'), join(dir, 'b.ts'), join(dir, 'node_modules/x/index.js')]);
    writeFileSync(join(dir, 'a.ts'), '2');
    writeFileSync(join(dir, 'b.ts'), '2');
    writeFileSync(join(dir, 'c.ts'), '2');
    await eventually('one call', () => calls.length === 1);
    expect(calls[0]?.sort()).toEqual([join(dir, 'a.ts'), join(dir, 'b.ts')]);

    // `<dir>/*`: any module file, not an editor's swap file.
    watcher.watch([join(dir, '*')]);
    writeFileSync(join(dir, '.a.ts.swp'), '');
    writeFileSync(join(dir, 'new.ts'), '');
    await eventually('the new file', () => calls.length === 2);
    expect(calls[1]).toEqual([join(dir, 'new.ts')]);

    const other = tempFiles({ 'd.ts': '' });
    watcher.watch([join(other, 'd.ts'), join(dir, 'missing', 'e.ts')]);
    expect(errors).toEqual([expect.stringMatching(/^cannot watch .+missing: ENOENT/)]);
    writeFileSync(join(dir, 'a.ts'), '3');
    writeFileSync(join(other, 'd.ts'), '3');
    await eventually('the other directory', () => calls.length === 3);
    expect(calls[2]).toEqual([join(other, 'd.ts')]);

    writeFileSync(join(other, 'd.ts'), '4');
    watcher.close();
    watcher.watch([join(other, 'd.ts')]);
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(calls).toHaveLength(3);
  });
});

describe('findIdeAssets', () => {
  it('takes each package from the first search path with a usable version', () => {
    const fake = tempFiles({});
    mkdirSync(join(fake, 'node_modules/react/umd'), { recursive: true });
    writeFileSync(
      join(fake, 'node_modules/react/package.json'),
      '{"name":"react","version":"17.0.2"}',
    );
    writeFileSync(join(fake, 'node_modules/react/umd/react.production.min.js'), '/* 17 */');
    const assets = findIdeAssets([fake, process.cwd()]);
    expect(assets.ok).toBe(true);
    if (!assets.ok) return;
    expect(assets.versions).toEqual({ react: '17.0.2', 'react-dom': '18.3.1', graphiql: '3.9.0' });
    expect(assets.scripts.map((script) => script.url)).toEqual([
      '/ide/react@17.0.2/umd/react.production.min.js',
      '/ide/react-dom@18.3.1/umd/react-dom.production.min.js',
      '/ide/graphiql@3.9.0/graphiql.min.js',
    ]);
  });

  it('a file that cannot be read: 500 with the reason, and the server goes on', async () => {
    const broken = tempFiles({});
    mkdirSync(join(broken, 'node_modules/react/umd/react.production.min.js'), { recursive: true });
    writeFileSync(
      join(broken, 'node_modules/react/package.json'),
      '{"name":"react","version":"18.0.0"}',
    );
    const server = await startTestServer({ ideSearchPaths: [broken, process.cwd()] });
    try {
      const response = await fetch(
        `${server.server.ideUrl}ide/react@18.0.0/umd/react.production.min.js`,
      );
      expect(response.status).toBe(500);
      expect(await response.json()).toEqual({
        errors: [{ errorType: 'InternalFailure', message: expect.stringMatching(/^EISDIR/) }],
      });
      expect(server.problems).toEqual([
        expect.stringMatching(
          /^appsync-direct dev: GET \/ide\/react@18\.0\.0\/umd\/react\.production\.min\.js failed: EISDIR/,
        ),
      ]);
      expect((await fetch(server.server.ideUrl)).status).toBe(200);
    } finally {
      await server.server.close();
    }
  });
});

describe('buildHandler', () => {
  it('needs esbuild, whatever the language', async () => {
    const dir = tempFiles({ 'h.mjs': 'export const handler = () => 1;\n' });
    const missing = () =>
      Promise.reject(
        Object.assign(new Error('Cannot find package'), { code: 'ERR_MODULE_NOT_FOUND' }),
      );
    const building = buildHandler('h.mjs', { cwd: dir, importEsbuild: missing });
    await expect(building).rejects.toThrow(HandlerLoadError);
    await expect(building).rejects.toThrow(
      'esbuild is not installed, and it bundles --handler h.mjs: install it (npm i -D esbuild)',
    );
  });

  it('lists the files the bundle was built from, and re-imports after a change', async () => {
    const dir = tempFiles({
      'h.ts': "import { v } from './v.js';\nexport const handler = () => v;\n",
      'v.ts': 'export const v = 1;\n',
    });
    const first = await buildHandler('h.ts', { cwd: dir });
    expect(first.inputs.sort()).toEqual([join(dir, 'h.ts'), join(dir, 'v.ts')]);
    writeFileSync(join(dir, 'v.ts'), 'export const v = 2;\n');
    const second = await buildHandler('h.ts', { cwd: dir });
    expect([
      (first.exports.handler as () => number)(),
      (second.exports.handler as () => number)(),
    ]).toEqual([1, 2]);
  });
});

describe('the network checks', () => {
  it('isLoopback: literal names of this machine only, nothing that needs a lookup', () => {
    for (const host of [
      'localhost',
      'LOCALHOST',
      '127.0.0.1',
      '127.1.2.3',
      '127.255.255.254',
      '::1',
      '[::1]',
    ]) {
      expect(isLoopback(host), host).toBe(true);
    }
    for (const host of [
      '0.0.0.0',
      '192.168.1.2',
      'example.com',
      'localhost.example.com',
      'app.localhost',
      'localhost.',
      '127.0.0.1.',
      '127.1',
      '127.0.1',
      '2130706433',
      '0x7f.0.0.1',
      '0177.0.0.1',
      '127.000.000.001',
      '127.0.0.256',
      '127.0.0.1.nip.io',
      '127.0.0.1evil.example',
      '127.0.0.1.attacker.example',
      '[::ffff:127.0.0.1]',
      '::ffff:7f00:1',
      '[0:0:0:0:0:0:0:1]',
      '::',
    ]) {
      expect(isLoopback(host), host).toBe(false);
    }
  });

  // Regression (issue 15): `/^127\./` let `Host: 127.0.0.1.attacker.example` through, so a page on
  // that name could run mutations and read the page that holds the API key.
  it('hostAllowed: refuses every name that only looks like this machine', () => {
    for (const header of [
      '127.0.0.1.attacker.example',
      '127.0.0.1.attacker.example:4000',
      '127.0.0.1.nip.io:4000',
      '127.0.0.1evil.example',
      '127.1:4000',
      '127.0.1:4000',
      '2130706433:4000',
      '0x7f000001:4000',
      '127.0.0.1.:4000',
      'localhost.:4000',
      'LOCALHOST.ATTACKER.EXAMPLE',
      '127.0.0.1.NIP.IO:4000',
      '[::ffff:127.0.0.1]:4000',
      '[::ffff:7f00:1]:4000',
      'localhost:4000:80',
      'localhost:',
      'localhost:http',
      '[::1',
      '[::1]x',
      '::1',
      '',
      'rebind.example:4000',
    ]) {
      expect(hostAllowed(header), header).toBe(false);
    }
  });

  it('hostAllowed: Host headers naming this machine, the listen address, or none (HTTP/1.0)', () => {
    expect(hostAllowed(undefined)).toBe(true);
    for (const header of [
      'localhost:4000',
      'LocalHost:4000',
      'localhost',
      '127.0.0.1:4000',
      '127.3.2.1',
      '[::1]:4000',
      '[::1]',
    ]) {
      expect(hostAllowed(header), header).toBe(true);
    }
    // A server told to listen on an address answers to that address …
    expect(hostAllowed('192.168.1.5:4000', '192.168.1.5')).toBe(true);
    expect(hostAllowed('192.168.1.6:4000', '192.168.1.5')).toBe(false);
    expect(hostAllowed('[fe80::1]:4000', 'fe80::1')).toBe(true);
    // … and one on every interface to any literal address, never to a name.
    expect(hostAllowed('10.0.0.5:4000', '0.0.0.0')).toBe(true);
    expect(hostAllowed('[fe80::1]:4000', '::')).toBe(true);
    expect(hostAllowed('mybox.example:4000', '0.0.0.0')).toBe(false);
    expect(hostAllowed('10.0.0.5.nip.io:4000', '0.0.0.0')).toBe(false);
    // Names the user allowed (a tunnel, a container), and only those.
    expect(hostAllowed('host.docker.internal:4000', '0.0.0.0', ['host.docker.internal'])).toBe(
      true,
    );
    expect(hostAllowed('HOST.DOCKER.INTERNAL', '127.0.0.1', ['host.docker.internal'])).toBe(true);
    expect(hostAllowed('evil.docker.internal', '0.0.0.0', ['host.docker.internal'])).toBe(false);
  });

  it('originAllowed: pages on this machine or the listen address, as browsers write origins', () => {
    expect(originAllowed('http://localhost:5173')).toBe(true);
    expect(originAllowed('https://127.0.0.1:8443')).toBe(true);
    expect(originAllowed('http://[::1]:5173')).toBe(true);
    expect(originAllowed('http://10.0.0.5:4000', '10.0.0.5')).toBe(true);
    // On every interface, a page of another machine is another site: only the same origin.
    expect(originAllowed('http://10.0.0.5:4000', '0.0.0.0', '10.0.0.5:4000')).toBe(true);
    expect(originAllowed('http://10.0.0.5:4000', '0.0.0.0', 'localhost:4000')).toBe(false);
    expect(originAllowed('http://203.0.113.7', '0.0.0.0', 'localhost:4000')).toBe(false);
    expect(originAllowed('http://203.0.113.7', '::', '[::1]:4000')).toBe(false);
    expect(originAllowed('http://10.0.0.5:4000', '0.0.0.0')).toBe(false);
    for (const origin of [
      'https://evil.example',
      'http://127.0.0.1.attacker.example',
      'http://127.0.0.1.nip.io:4000',
      'http://127.0.0.1evil.example',
      'http://127.1:4000',
      'http://LOCALHOST:4000',
      'http://localhost.:4000',
      'http://[::ffff:127.0.0.1]:4000',
      'http://localhost:5173/',
      'file://localhost',
      'ws://localhost:4000',
      'null',
      'not a url',
    ]) {
      expect(originAllowed(origin), origin).toBe(false);
    }
    expect(originAllowed('http://10.0.0.5:4000', '127.0.0.1')).toBe(false);
    expect(originAllowed('http://mybox.example:4000', '0.0.0.0')).toBe(false);
  });

  it('urlHost: IPv6 addresses in brackets', () => {
    expect(urlHost('127.0.0.1')).toBe('127.0.0.1');
    expect(urlHost('::1')).toBe('[::1]');
    expect(urlHost('[::1]')).toBe('[::1]');
  });
});
