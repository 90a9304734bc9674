/**
 * `appsync-direct dev` over HTTP: a real server on 127.0.0.1 and a free port, called with fetch
 * (and node:http where fetch cannot set a header). Each suite closes its server at the end.
 */

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppSyncClient } from '../src/client/index.js';
import { type AwsCredentials, signRequest } from '../src/client/sigv4.js';
import {
  DEFAULT_API_KEY,
  DEFAULT_IAM_ACCESS_KEY,
  DEFAULT_IAM_SECRET_KEY,
  LOCAL_PRINCIPAL,
} from '../src/dev/auth.js';
import { type DevServerOptions, DevStartError, startDevServer } from '../src/dev/server.js';
import { MAX_PAYLOAD_BYTES } from '../src/emulator/index.js';
import { IDE_SIGV4_SCRIPT } from '../src/engine/ide-sigv4.js';
import { ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';
import { BLOG_QUERY, eventually, startTestServer, type TestServer } from './dev-helpers.js';

afterAll(removeTempFiles);

/** A request through node:http, which sends any Host and Origin. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const DURATION = /\(\d+ ms\)$/;
const QUIET = { log: () => {}, logError: () => {} };

describe('POST /graphql on the blog example', () => {
  let blog: TestServer;
  beforeAll(async () => {
    blog = await startTestServer();
  });
  afterAll(() => blog.server.close());

  it('listens on 127.0.0.1 and says where', () => {
    expect(blog.server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/graphql$/);
    expect(blog.server.ideUrl).toBe(blog.server.url.replace(/graphql$/, ''));
    expect(blog.server.headers).toEqual({ 'x-api-key': DEFAULT_API_KEY });
    expect(blog.server.exportName).toBe('app');
    expect(blog.server.fields).toContainEqual({ field: 'Post.author', maxBatchSize: 100 });
  });

  it('answers a nested query, batching Post.author, and prints one summary line', async () => {
    const { status, headers, json } = await blog.post({
      query: 'query GetPost($id: ID!) { getPost(id: $id) { title author { name } } }',
      variables: { id: '1' },
    });
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(headers.get('x-amzn-requestid')).toMatch(/^[0-9a-f-]{36}$/);
    expect(json).toEqual({
      data: { getPost: { title: 'Hello, AppSync', author: { name: 'Ada Lovelace' } } },
    });
    const line = blog.lines.at(-1) ?? '';
    expect(line.replace(DURATION, '')).toBe(
      'POST /graphql GetPost → 2 Lambda calls: Query.getPost ×1, Post.author batch 1 ',
    );
    expect(line).toMatch(DURATION);
  });

  it('sends every author of a page in one BatchInvoke', async () => {
    const { json } = await blog.post({
      query: '{ listPosts { items { title author { name } } } }',
    });
    const items = (json.data as { listPosts: { items: { author: { name: string } }[] } }).listPosts
      .items;
    expect(items.map((item) => item.author.name)).toEqual([
      'Ada Lovelace',
      'Alan Turing',
      'Ada Lovelace',
    ]);
    expect(blog.lines.at(-1)).toMatch(
      /^POST \/graphql → 2 Lambda calls: Query\.listPosts ×1, Post\.author batch 3 \(\d+ ms\)$/,
    );
  });

  it('runs the example query file: batches per level, across fields', async () => {
    const { status, json } = await blog.post({
      query: readFileSync(join(ROOT, BLOG_QUERY), 'utf8'),
    });
    expect(status).toBe(200);
    expect(json.errors).toBeUndefined();
    expect(blog.lines.at(-1)).toMatch(
      /^POST \/graphql FrontPage → 7 Lambda calls: Query\.getPost ×1, Query\.listPosts ×1, Query\.searchPosts ×1, Post\.author batch 4, Post\.comments batch 1, Post\.commentCount batch 3, Comment\.author batch 2 \(\d+ ms\); resolver code ran 8 handlers$/,
    );
  });

  it('reports execution errors in the body (200) and counts them on the line', async () => {
    const { status, json } = await blog.post({ query: '{ getPost(id: "404") { title } }' });
    expect(status).toBe(200);
    expect(json).toMatchObject({
      data: { getPost: null },
      errors: [{ errorType: 'NotFoundError', message: 'post 404 not found', path: ['getPost'] }],
    });
    expect(blog.lines.at(-1)).toMatch(
      /^POST \/graphql → 1 Lambda call: Query\.getPost ×1 \[1 error\] \(\d+ ms\); 1 error in the response$/,
    );
  });

  it('counts several errors in the response', async () => {
    const { json } = await blog.post({
      query: '{ a: getPost(id: "8") { id } b: getPost(id: "9") { id } }',
    });
    expect(json.errors).toHaveLength(2);
    expect(blog.lines.at(-1)).toMatch(/\[2 errors\] \(\d+ ms\); 2 errors in the response$/);
  });

  it('adds the trace to extensions when x-appsync-direct-trace asks', async () => {
    const { json } = await blog.post(
      { query: '{ getPost(id: "1") { author { name } } }' },
      { 'x-appsync-direct-trace': '1' },
    );
    expect(json.extensions).toMatchObject({
      appsyncDirect: {
        invocations: [
          { field: 'Query.getPost', kind: 'Invoke', size: 1 },
          { field: 'Post.author', kind: 'BatchInvoke', size: 1 },
        ],
      },
    });
  });

  it('an unknown operationName: 400 naming the operation', async () => {
    const { status, json } = await blog.post({
      query: 'query A { listPosts { nextToken } } query B { getPost(id: "1") { id } }',
      operationName: 'C',
    });
    expect(status).toBe(400);
    expect(json).toEqual({
      errors: [
        { errorType: 'MalformedHttpRequestException', message: 'Unknown operation named "C".' },
      ],
    });
    expect(blog.lines.at(-1)).toBe(
      'POST /graphql C → 400 MalformedHttpRequestException: Unknown operation named "C".',
    );
  });

  it('a body that is not JSON: 400 with what is wrong and what to send', async () => {
    const { status, headers, json } = await blog.post('{"query": "{ listPosts { nextToken } }"');
    expect(status).toBe(400);
    expect(headers.get('x-amzn-errortype')).toBe('MalformedHttpRequestException');
    const [error] = json.errors as { errorType: string; message: string }[];
    expect(error?.errorType).toBe('MalformedHttpRequestException');
    expect(error?.message).toMatch(/^The request body is not valid JSON \(.+\)\. Send \{"query"/);
  });

  it.each([
    ['[{"query":"{ __typename }"}]', 'an array (AppSync runs one operation per request)'],
    ['"{ __typename }"', '"{ __typename }"'],
    ['null', 'null'],
  ])('a JSON body that is not an object (%s): 400', async (body, shown) => {
    const { status, json } = await blog.post(body);
    expect(status).toBe(400);
    expect((json.errors as { message: string }[])[0]?.message).toBe(
      `The request body must be a JSON object {"query": "…", "variables": {…}, "operationName": "…"}; received ${shown}.`,
    );
  });

  it('a wrong or missing API key: 401 UnauthorizedException, as AppSync answers', async () => {
    const wrong = await blog.post({ query: '{ __typename }' }, { 'x-api-key': 'da2-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toEqual({
      errors: [
        {
          errorType: 'UnauthorizedException',
          message: 'You are not authorized to make this call.',
        },
      ],
    });
    const response = await fetch(blog.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(response.status).toBe(401);
    expect(blog.lines.at(-1)).toBe(
      'POST /graphql → 401 UnauthorizedException: Missing authorization header',
    );
  });

  it('a content type other than JSON: 415 saying to send JSON', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', undefined]) {
      const response = await raw(blog.server.url, {
        method: 'POST',
        headers: {
          'x-api-key': DEFAULT_API_KEY,
          ...(contentType === undefined ? {} : { 'content-type': contentType }),
        },
        body: 'query={__typename}',
      });
      expect(response.status).toBe(415);
      expect(JSON.parse(response.body)).toEqual({
        errors: [
          {
            errorType: 'UnsupportedMediaTypeException',
            message: `Send the request as JSON with the header content-type: application/json; received ${contentType ?? 'no content-type'}.`,
          },
        ],
      });
    }
    const json = await blog.post(
      { query: '{ __typename }' },
      { 'content-type': 'application/json; charset=utf-8' },
    );
    expect(json.status).toBe(200);
  });

  it('a body over 6 MB: 413', async () => {
    const body = JSON.stringify({
      query: '{ __typename }',
      variables: { pad: 'x'.repeat(MAX_PAYLOAD_BYTES) },
    });
    const { status, json } = await blog.post(body);
    expect(status).toBe(413);
    expect(json).toEqual({
      errors: [
        {
          errorType: 'PayloadTooLargeException',
          message: `The request body is over ${MAX_PAYLOAD_BYTES} bytes (6 MB), the most a Lambda event can be.`,
        },
      ],
    });
  });

  it('GET /graphql: 405 with Allow for clients, the IDE for browsers', async () => {
    const api = await fetch(blog.server.url);
    expect(api.status).toBe(405);
    expect(api.headers.get('allow')).toBe('POST, OPTIONS');
    expect(((await api.json()) as { errors: { message: string }[] }).errors[0]?.message).toBe(
      '/graphql takes POST requests with a JSON body {"query": "…"}, as AppSync does; received GET. The IDE is at /.',
    );
    expect((await raw(blog.server.url)).status).toBe(405);
    const browser = await fetch(blog.server.url, {
      headers: { accept: 'text/html' },
      redirect: 'manual',
    });
    expect(browser.status).toBe(302);
    expect(browser.headers.get('location')).toBe('/');
  });

  it('answers CORS preflights, and lets pages on this machine read answers', async () => {
    const preflight = await raw(blog.server.url, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers).toMatchObject({
      'access-control-allow-origin': 'http://localhost:5173',
      'access-control-allow-methods': 'POST, OPTIONS',
      vary: 'origin',
    });
    expect(preflight.headers['access-control-allow-headers']).toContain('x-api-key');
    // As AppSync does: a browser client reads the date of a 403 to correct its clock.
    expect(preflight.headers['access-control-expose-headers']).toBe(
      'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date',
    );
    const other = await raw(blog.server.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const malformed = await raw(blog.server.url, {
      method: 'OPTIONS',
      headers: { origin: 'null' },
    });
    expect(malformed.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses Host names other than localhost (DNS rebinding)', async () => {
    const response = await raw(blog.server.ideUrl, { headers: { host: 'attacker.example:80' } });
    expect(response.status).toBe(403);
    expect(JSON.parse(response.body).errors[0].message).toBe(
      'This server listens on 127.0.0.1 and answers requests addressed to localhost, 127.x.y.z or [::1] only; the Host header was attacker.example:80.',
    );
    for (const host of ['localhost:4000', '[::1]:4000', '127.0.0.1', 'LOCALHOST']) {
      expect((await raw(`${blog.server.ideUrl}favicon.ico`, { headers: { host } })).status).toBe(
        204,
      );
    }
  });

  // Regression (issue 15): the check was `/^127\./`, so these names got the IDE page (which holds
  // the API key), ran mutations and were sent access-control-allow-origin.
  it('refuses names that only start like a loopback address, for pages and for the API', async () => {
    const before = blog.lines.length;
    for (const host of [
      '127.0.0.1.attacker.example',
      '127.0.0.1.nip.io:4000',
      '127.0.0.1evil.example',
      '127.1:4000',
    ]) {
      const origin = `http://${host}`;
      const page = await raw(blog.server.ideUrl, { headers: { host } });
      expect(page.status, host).toBe(403);
      expect(page.body).not.toContain('da2-');
      const mutation = await raw(blog.server.url, {
        method: 'POST',
        headers: { host, origin, 'content-type': 'application/json', ...blog.server.headers },
        body: JSON.stringify({ query: 'mutation { createPost(input: { title: "x" }) { id } }' }),
      });
      expect(mutation.status, host).toBe(403);
      expect(mutation.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect(blog.lines.slice(before).filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('answers names given in allowedHosts, and still refuses the rest', async () => {
    const tunnel = await startTestServer({ allowedHosts: ['tunnel.example'] });
    try {
      const favicon = `${tunnel.server.ideUrl}favicon.ico`;
      expect((await raw(favicon, { headers: { host: 'tunnel.example' } })).status).toBe(204);
      const other = await raw(favicon, { headers: { host: 'other.example' } });
      expect(other.status).toBe(403);
      expect(JSON.parse(other.body).errors[0].message).toBe(
        'This server listens on 127.0.0.1 and answers requests addressed to tunnel.example, localhost, 127.x.y.z or [::1] only; the Host header was other.example.',
      );
    } finally {
      await tunnel.server.close();
    }
  });

  it('other paths: 404 saying where the API and the IDE are', async () => {
    const response = await fetch(`${blog.server.ideUrl}api`, { method: 'PUT' });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      errors: [
        {
          errorType: 'NotFoundException',
          message:
            'Nothing at PUT /api: the GraphQL endpoint is POST /graphql, the IDE is at GET /.',
        },
      ],
    });
    expect((await fetch(`${blog.server.ideUrl}ide/react@0.0.0/react.js`)).status).toBe(404);
  });
});

describe('GET / on the blog example', () => {
  let blog: TestServer;
  let html: string;
  beforeAll(async () => {
    blog = await startTestServer({ query: readFileSync(join(ROOT, BLOG_QUERY), 'utf8') });
    const response = await fetch(blog.server.ideUrl);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    html = await response.text();
  });
  afterAll(() => blog.server.close());

  it('serves GraphiQL with the query and the API key filled in', () => {
    expect(html).toContain('<title>appsync-direct dev · GraphiQL</title>');
    expect(html).toContain('query FrontPage {');
    expect(html).toContain(`\\"x-api-key\\": \\"${DEFAULT_API_KEY}\\"`);
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/);
  });

  it('references its files on this server, and each one is served with its type', async () => {
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] as string);
    expect(urls).toEqual([
      '/ide/graphiql@3.9.0/graphiql.min.css',
      '/ide/react@18.3.1/umd/react.production.min.js',
      '/ide/react-dom@18.3.1/umd/react-dom.production.min.js',
      '/ide/graphiql@3.9.0/graphiql.min.js',
    ]);
    for (const url of urls) {
      const response = await fetch(new URL(url, blog.server.ideUrl));
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type'), url).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect((await response.arrayBuffer()).byteLength, url).toBeGreaterThan(10_000);
    }
  });

  it('answers HEAD without a body', async () => {
    for (const path of ['', 'ide/graphiql@3.9.0/graphiql.min.css']) {
      const response = await fetch(`${blog.server.ideUrl}${path}`, { method: 'HEAD' });
      expect(response.status).toBe(200);
      expect(await response.text()).toBe('');
    }
  });
});

describe('GET / without the IDE packages', () => {
  let blog: TestServer;
  beforeAll(async () => {
    const empty = tempFiles({});
    const old = tempFiles({});
    for (const [name, version, file] of [
      ['graphiql', '4.0.0', 'graphiql.min.js'],
      ['react', '19.0.0', 'index.js'],
    ] as const) {
      mkdirSync(join(old, 'node_modules', name), { recursive: true });
      writeFileSync(
        join(old, 'node_modules', name, 'package.json'),
        JSON.stringify({ name, version }),
      );
      writeFileSync(join(old, 'node_modules', name, file), '');
    }
    mkdirSync(join(old, 'node_modules', 'react-dom'), { recursive: true });
    writeFileSync(
      join(old, 'node_modules', 'react-dom', 'package.json'),
      JSON.stringify({ name: 'react-dom', version: '18.3.1' }),
    );
    blog = await startTestServer({ ideSearchPaths: [empty, old] });
  });
  afterAll(() => blog.server.close());

  it('serves a page saying what to install and why; POST /graphql still works', async () => {
    const response = await fetch(blog.server.ideUrl);
    expect(response.status).toBe(503);
    const html = await response.text();
    expect(html).toContain('<pre>npm i -D graphiql@3 react@18 react-dom@18</pre>');
    expect(html).toMatch(
      /<li>react 19\.0\.0 \(in [^)]+\) is not 16\.x or 17\.x or 18\.x, which ship umd\/react\.production\.min\.js<\/li>/,
    );
    expect(html).toMatch(
      /<li>react-dom 18\.3\.1 \(in [^)]+\) has no umd\/react-dom\.production\.min\.js<\/li>/,
    );
    expect(html).toMatch(
      /<li>graphiql 4\.0\.0 \(in [^)]+\) is not 3\.x, which ship graphiql\.min\.js<\/li>/,
    );
    expect(html).toContain(`-H &#39;x-api-key: ${DEFAULT_API_KEY}&#39;`);
    expect((await blog.post({ query: '{ getPost(id: "1") { title } }' })).json).toEqual({
      data: { getPost: { title: 'Hello, AppSync' } },
    });
    expect((await fetch(`${blog.server.ideUrl}ide/graphiql@3.9.0/graphiql.min.js`)).status).toBe(
      404,
    );
  });

  it('says a package is not installed when no search path has it', async () => {
    const none = await startTestServer({ ideSearchPaths: [] });
    try {
      const html = await (await fetch(none.server.ideUrl)).text();
      expect(html).toContain('<li>react is not installed</li>');
      expect(html).toContain('<li>graphiql is not installed</li>');
    } finally {
      await none.server.close();
    }
  });
});

/** A project in a temporary directory: a schema and a plain handler function that imports a module. */
function project(greeting: string): string {
  return tempFiles({
    'schema.graphql': 'type Query { hello: String }\n',
    'greeting.ts': `export const greeting: string = ${JSON.stringify(greeting)};\n`,
    'handler.ts': [
      "import { greeting } from './greeting.js';",
      'export const handler = async (): Promise<string> => greeting;',
      '',
    ].join('\n'),
  });
}

async function hello(server: TestServer): Promise<unknown> {
  const { json } = await server.post({ query: '{ hello }' });
  return (json.data as { hello: unknown } | null)?.hello;
}

/**
 * Serves {@link project} with `greeting` (plus `options`), runs `test` against it, and closes the
 * server whatever happens.
 */
async function withProject(
  greeting: string,
  test: (dir: string, server: TestServer) => Promise<void>,
  options: Partial<DevServerOptions> = {},
  /** Writes more files into the project before the server starts. */
  setup?: (dir: string) => void,
): Promise<void> {
  const dir = project(greeting);
  setup?.(dir);
  const server = await startTestServer({
    cwd: dir,
    schema: 'schema.graphql',
    handler: 'handler.ts',
    fields: { 'Query.hello': {} },
    ...options,
  });
  try {
    await test(dir, server);
  } finally {
    await server.server.close();
  }
}

describe('rebuilds', () => {
  it('rebuilds the handler when a file it imports changes, and serves the new code', async () => {
    await withProject('v1', async (dir, server) => {
      expect(server.server.exportName).toBe('handler');
      expect(await hello(server)).toBe('v1');
      writeFileSync(join(dir, 'greeting.ts'), 'export const greeting: string = "v2";\n');
      await eventually('the new answer', async () => (await hello(server)) === 'v2');
      expect(server.lines).toContainEqual(
        expect.stringMatching(
          /^appsync-direct dev: greeting\.ts changed: reloaded in \d+ ms, serving 1 field$/,
        ),
      );
      expect(server.problems).toEqual([]);
    });
  });

  it('reloads resolver code a field declares when its file changes (paths from the schema folder)', async () => {
    const response = (suffix: string) =>
      `export function request(ctx) { return { operation: 'Invoke', payload: ctx }; }\nexport function response(ctx) { return ctx.result + '${suffix}'; }\n`;
    await withProject(
      'hi',
      async (dir, server) => {
        expect(await hello(server)).toBe('hi from v1');
        writeFileSync(join(dir, 'hello.js'), response(' from v2'));
        await eventually('the new answer', async () => (await hello(server)) === 'hi from v2');
        expect(server.lines).toContainEqual(
          expect.stringMatching(/^appsync-direct dev: hello\.js changed: reloaded in \d+ ms/),
        );
      },
      { fields: { 'Query.hello': { code: 'hello.js' } } },
      (dir) => writeFileSync(join(dir, 'hello.js'), response(' from v1')),
    );
  });

  it('a build error is reported, the last good build keeps serving, and a fix is picked up', async () => {
    await withProject('good', async (dir, server) => {
      writeFileSync(join(dir, 'greeting.ts'), 'export const greeting: string = ;\n');
      const problem = await eventually('the build error', () => server.problems.join(''));
      expect(problem).toContain('appsync-direct dev: --handler handler.ts does not build:');
      expect(problem).toContain('✘ [ERROR] Unexpected ";"\n\n    greeting.ts:1:32:');
      expect(problem).toContain('Still serving the last good build; fix the error and save again.');
      await server.server.idle();
      expect(await hello(server)).toBe('good');

      // The fix is a new module, which the failed build could not name as an input.
      writeFileSync(
        join(dir, 'handler.ts'),
        "import { greeting } from './fixed.js';\nexport const handler = async () => greeting + '!';\n",
      );
      await eventually('the second build error', () => server.problems.length >= 2);
      expect(server.problems[1]).toContain('Could not resolve "./fixed.js"');
      writeFileSync(join(dir, 'fixed.ts'), 'export const greeting = "fixed";\n');
      await eventually('the fixed answer', async () => (await hello(server)) === 'fixed!');
    });
  });

  it('reloads the schema when it changes, and keeps the last good one on a syntax error', async () => {
    await withProject('hi', async (dir, server) => {
      writeFileSync(
        join(dir, 'schema.graphql'),
        'type Query {\n  hello: String\n  world: Int\n}\n',
      );
      await eventually('the new field', async () => {
        const { json } = await server.post({ query: '{ hello world }' });
        return JSON.stringify(json) === '{"data":{"hello":"hi","world":null}}';
      });
      expect(server.lines.at(-1)).toMatch(/^POST \/graphql → 1 Lambda call/);
      expect(server.lines).toContainEqual(
        expect.stringMatching(/^appsync-direct dev: schema\.graphql changed: reloaded/),
      );

      writeFileSync(join(dir, 'schema.graphql'), 'type Query {\n  hello: String\n  world Int\n}\n');
      const problem = await eventually('the schema error', () => server.problems.join(''));
      expect(problem).toContain(
        'appsync-direct dev: --schema schema.graphql (line 3, column 9): Syntax Error: Expected ":", found Name "Int".',
      );
      expect((await server.post({ query: '{ hello world }' })).status).toBe(200);

      // A handler edit while the schema is broken still fails: the schema is read again.
      writeFileSync(join(dir, 'greeting.ts'), 'export const greeting = "again";\n');
      await eventually('the second schema error', () => server.problems.length >= 2);
      expect(await hello(server)).toBe('hi');
    });
  });

  it('does not watch with watch: false', async () => {
    await withProject(
      'still',
      async (dir, server) => {
        writeFileSync(join(dir, 'greeting.ts'), 'export const greeting = "changed";\n');
        await new Promise((resolve) => setTimeout(resolve, 400));
        await server.server.idle();
        expect(await hello(server)).toBe('still');
      },
      { watch: false },
    );
  });
});

describe('start-up failures', () => {
  it.each([
    [
      { schema: 'nope.graphql' },
      /^--schema nope\.graphql: there is no such file \(looked for .+nope\.graphql\)$/,
    ],
    [{ handler: 'nope.ts' }, /^--handler nope\.ts: there is no such file/],
    [
      { handler: 'test/cli-fixtures/handlers.ts', exportName: 'handler' },
      /^export handler of test\/cli-fixtures\/handlers\.ts is a Lambda handler function, which does not say which fields it serves: export the app/,
    ],
    [
      { fields: { 'Query.nothing': {} } },
      /^the schema defines no field Query\.nothing; the handler's routes and fields must name fields of the schema as Type\.field\.$/,
    ],
  ])('%j: a DevStartError saying what to fix', async (options, message) => {
    const error = await startDevServer({
      schema: 'examples/blog/schema.graphql',
      handler: 'examples/blog/handler.ts',
      cwd: ROOT,
      port: 0,
      log: () => {},
      logError: () => {},
      ...options,
    }).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(DevStartError);
    expect((error as DevStartError).stage).toBe('load');
    expect((error as Error).message).toMatch(message);
  });

  /** Starts a server on `schema.graphql` and a `handler.mjs` serving Query.a, in `dir`. */
  const startSchemaProject = (dir: string) =>
    startDevServer({
      schema: 'schema.graphql',
      handler: 'handler.mjs',
      cwd: dir,
      fields: { 'Query.a': {} },
      port: 0,
      ...QUIET,
    });

  it('a schema that does not build: the error, with its place when it has one', async () => {
    const dir = tempFiles({
      'schema.graphql': 'type Query { a: Missing }\n',
      'handler.mjs': 'export const handler = () => 1;\n',
    });
    await expect(startSchemaProject(dir)).rejects.toThrow(
      '--schema schema.graphql: Unknown type "Missing".',
    );
  });

  it('a schema that cannot be read', async () => {
    const dir = tempFiles({ 'handler.mjs': 'export const handler = () => 1;\n' });
    mkdirSync(join(dir, 'schema.graphql'));
    await expect(startSchemaProject(dir)).rejects.toThrow(
      /^--schema schema\.graphql cannot be read: EISDIR/,
    );
  });

  it('a port in use names the port and --port', async () => {
    const first = await startTestServer();
    try {
      const error = await startDevServer({
        schema: 'examples/blog/schema.graphql',
        handler: 'examples/blog/handler.ts',
        cwd: ROOT,
        port: first.server.port,
        ...QUIET,
      }).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(DevStartError);
      expect((error as DevStartError).stage).toBe('listen');
      expect((error as Error).message).toBe(
        `port ${first.server.port} on 127.0.0.1 is in use (another appsync-direct dev, or another server?): stop it, or pick another port, as in --port ${first.server.port + 1} (--port 0 takes any free one)`,
      );
    } finally {
      await first.server.close();
    }
  });

  it('an address that is not this machine', async () => {
    await expect(
      startDevServer({
        schema: 'examples/blog/schema.graphql',
        handler: 'examples/blog/handler.ts',
        cwd: ROOT,
        port: 0,
        host: '192.0.2.1',
        ...QUIET,
      }),
    ).rejects.toThrow(
      /^cannot listen on port 0 on 192\.0\.2\.1: listen EADDRNOTAVAIL: .+; check --host \(an address of this machine\) and --port$/,
    );
  });
});

describe('auth', () => {
  it('a Cognito default mode: the IDE sends an unsigned sample token, which is decoded', async () => {
    const server = await startTestServer({ auth: ['cognito', 'apiKey'] });
    try {
      const authorization = server.server.headers.Authorization ?? '';
      const claims = JSON.parse(
        Buffer.from(authorization.split('.')[1] ?? '', 'base64url').toString(),
      );
      expect(claims).toMatchObject({ sub: 'local-user', 'cognito:username': 'local-user' });
      const created = await server.post({
        query: 'mutation { createPost(input: { title: "Local" }) { title authorId } }',
      });
      expect(created.json).toEqual({
        data: { createPost: { title: 'Local', authorId: 'local-user' } },
      });
      const withKey = await server.post(
        { query: '{ getPost(id: "1") { title } }' },
        { Authorization: '', 'x-api-key': DEFAULT_API_KEY },
      );
      expect(withKey.json).toMatchObject({
        data: { getPost: null },
        errors: [{ errorType: 'Unauthorized' }],
      });
    } finally {
      await server.server.close();
    }
  });

  it('a Lambda authorizer default mode: a JSON token becomes the resolverContext', async () => {
    const server = await startTestServer({ auth: ['lambda'], apiKey: 'da2-other' });
    try {
      expect(server.server.headers).toEqual({ Authorization: '{"userId":"local-user"}' });
      const me = await server.post(
        { query: '{ me { id } }' },
        { Authorization: '{"userId":"u1"}' },
      );
      expect(me.json).toEqual({ data: { me: { id: 'u1' } } });
      const opaque = await server.post({ query: '{ me { id } }' }, { Authorization: 'opaque' });
      expect(opaque.json).toMatchObject({
        data: { me: null },
        errors: [{ errorType: 'UnauthorizedException' }],
      });
    } finally {
      await server.server.close();
    }
  });
});

describe('IAM: signatures verified against the local key pair', () => {
  const LOCAL: AwsCredentials = {
    accessKeyId: DEFAULT_IAM_ACCESS_KEY,
    secretAccessKey: DEFAULT_IAM_SECRET_KEY,
  };
  const QUERY = '{ whoami }';
  let dir: string;
  let iam: TestServer;
  /** A server on a project whose one field answers with the caller's identity. */
  const start = (options: Partial<DevServerOptions> = {}) =>
    startTestServer({
      schema: 'schema.graphql',
      handler: 'handler.mjs',
      cwd: dir,
      fields: { 'Query.whoami': {} },
      auth: ['iam', 'apiKey'],
      watch: false,
      ...options,
    });
  const client = (url: string, credentials = LOCAL, region = 'us-east-1') =>
    createAppSyncClient({
      url,
      region,
      auth: { type: 'iam', credentials },
      logger: false,
      retry: false,
    });
  /** A request signed for `signedBody`, sent with `body`. */
  const sendSigned = async (url: string, signedBody: string, body = signedBody) => {
    const headers = signRequest({
      method: 'POST',
      url: new URL(url),
      body: signedBody,
      credentials: LOCAL,
      region: 'us-east-1',
      service: 'appsync',
      date: new Date(),
    });
    return fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });
  };

  beforeAll(async () => {
    dir = tempFiles({
      'schema.graphql': 'type Query { whoami: AWSJSON @aws_iam @aws_api_key }\n',
      'handler.mjs': 'export const handler = async (event) => JSON.stringify(event.identity);\n',
    });
    iam = await start();
  });
  afterAll(() => iam.server.close());

  it('sends no header of its own for IAM, and says which key pair and principal it takes', () => {
    expect(iam.server.headers).toEqual({});
    expect(iam.server.iam).toEqual({
      accessKeyId: DEFAULT_IAM_ACCESS_KEY,
      secretAccessKey: DEFAULT_IAM_SECRET_KEY,
      region: 'us-east-1',
      principal: LOCAL_PRINCIPAL,
      username: expect.stringMatching(/^AIDA[A-Z2-7]{17}$/),
    });
  });

  it("runs the client's signed requests as the local IAM user", async () => {
    const data = await client(iam.server.url).request<{ whoami: string }>(QUERY);
    expect(JSON.parse(data.whoami)).toEqual({
      accountId: '123456789012',
      cognitoIdentityPoolId: null,
      cognitoIdentityId: null,
      sourceIp: ['127.0.0.1'],
      username: iam.server.iam?.username,
      userArn: LOCAL_PRINCIPAL,
      cognitoIdentityAuthType: null,
      cognitoIdentityAuthProvider: null,
    });
    expect(iam.lines.at(-1)).toMatch(
      /^POST \/graphql → 1 Lambda call: Query\.whoami ×1 \(\d+ ms\)$/,
    );
  });

  it('a body changed after signing: 403 InvalidSignatureException, one line in the log', async () => {
    const body = JSON.stringify({ query: QUERY });
    const response = await sendSigned(iam.server.url, body, `${body} `);
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toBe('InvalidSignatureException');
    expect(Number.isNaN(Date.parse(response.headers.get('date') ?? ''))).toBe(false);
    const json = (await response.json()) as { errors: { errorType: string; message: string }[] };
    expect(json.errors[0]?.message).toMatch(
      /^The request signature we calculated does not match the signature you provided\. .*\n\nThe Canonical String for this request should have been\n'POST\n\/graphql\n/s,
    );
    expect(iam.lines.at(-1)).toBe(
      'POST /graphql → 403 InvalidSignatureException: The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
    );
    expect((await sendSigned(iam.server.url, body)).status).toBe(200);
  });

  it('an unknown access key or a wrong secret: 403, as AppSync answers', async () => {
    const stranger = await client(iam.server.url, {
      ...LOCAL,
      accessKeyId: 'AKIASTRANGER0000000',
    }).graphql(QUERY);
    expect(stranger).toMatchObject({
      status: 403,
      data: null,
      errors: [
        {
          errorType: 'UnrecognizedClientException',
          message: 'The security token included in the request is invalid.',
        },
      ],
    });
    const wrong = await client(iam.server.url, { ...LOCAL, secretAccessKey: 'wrong' }).graphql(
      QUERY,
    );
    expect(wrong.errors?.[0]?.errorType).toBe('InvalidSignatureException');
  });

  it('keeps the API key mode as it was', async () => {
    expect((await iam.post({ query: QUERY }, { 'x-api-key': DEFAULT_API_KEY })).json).toEqual({
      data: { whoami: 'null' },
    });
    const wrong = await iam.post({ query: QUERY }, { 'x-api-key': 'da2-other' });
    expect(wrong.status).toBe(401);
  });

  it("the IDE page signs with the key pair: its signer's requests pass the same check", async () => {
    const page = await (await fetch(iam.server.ideUrl)).text();
    expect(page).toContain('async function appsyncDirectSign(request, key)');
    expect(page).toContain(`"accessKeyId":"${DEFAULT_IAM_ACCESS_KEY}"`);
    // The page's own code, run here on Node's fetch and WebCrypto.
    const signingFetch = new Function(
      `${IDE_SIGV4_SCRIPT}\nreturn appsyncDirectSigningFetch;`,
    )() as (key: unknown) => typeof fetch;
    const response = await signingFetch(iam.server.iam)(iam.server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(200);
    expect(
      JSON.parse(((await response.json()) as { data: { whoami: string } }).data.whoami),
    ).toMatchObject({
      userArn: LOCAL_PRINCIPAL,
    });
  });

  it('takes its own key pair and region', async () => {
    const mine = await start({
      iamAccessKey: 'AKIAMINE',
      iamSecretKey: 'my/secret',
      region: 'eu-west-1',
    });
    try {
      const credentials = { accessKeyId: 'AKIAMINE', secretAccessKey: 'my/secret' };
      const data = await client(mine.server.url, credentials, 'eu-west-1').request<{
        whoami: string;
      }>(QUERY);
      expect(JSON.parse(data.whoami)).toMatchObject({ userArn: LOCAL_PRINCIPAL });
      const elsewhere = await client(mine.server.url, credentials, 'us-east-1').graphql(QUERY);
      expect(elsewhere.errors?.[0]).toEqual({
        errorType: 'InvalidSignatureException',
        message: 'Credential should be scoped to a valid region. ',
      });
      const old = await client(mine.server.url, LOCAL, 'eu-west-1').graphql(QUERY);
      expect(old.errors?.[0]?.errorType).toBe('UnrecognizedClientException');
    } finally {
      await mine.server.close();
    }
  });

  it('without IAM among the modes, no key pair and no signer in the page', async () => {
    const plain = await start({ auth: ['apiKey'] });
    try {
      expect(plain.server.iam).toBeUndefined();
      const page = await (await fetch(plain.server.ideUrl)).text();
      expect(page).not.toContain('async function appsyncDirectSign');
      expect(page).not.toContain(DEFAULT_IAM_SECRET_KEY);
    } finally {
      await plain.server.close();
    }
  });
});
