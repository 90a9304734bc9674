// playwright-core's types name DOM types (HTMLElement …); the runtime builds never see this file.
/// <reference lib="dom" />
/**
 * The IDE page in a real browser: a Chromium (see find-browser.ts for where it is looked for:
 * CHROMIUM_PATH, CHROME_PATH, the usual install places, Playwright's), driven by playwright-core,
 * opens the page `appsync-direct dev` serves for the blog example, runs the query it opens with,
 * and reads the result from the page.
 *
 * Without a browser the test is skipped, with one line saying how to run it. `.ci/run` installs
 * Debian's Chromium and sets APPSYNC_DIRECT_REQUIRE_BROWSER=1, under which a missing browser
 * fails the test instead. A CHROMIUM_PATH or CHROME_PATH that names no file always fails it.
 *
 * The screenshot goes to a temporary file; `UPDATE_IDE_SCREENSHOT=1` writes docs/ide.png instead.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_PRINCIPAL } from '../../src/dev/auth.js';
import { ROOT, removeTempFiles, tempFiles } from '../cli-helpers.js';
import { BLOG_QUERY, eventually, startTestServer, type TestServer } from '../dev-helpers.js';
import { findBrowser, INSTALL_HINT } from './find-browser.js';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** The browser to drive; otherwise why there is none, which fails the test unless it is skipped. */
let executable: string | undefined;
let problem = '';
/** No browser anywhere, as on a fresh machine: skipped, unless CI requires the browser. */
let absent = false;
try {
  executable = findBrowser()?.path;
  if (executable === undefined) {
    absent = true;
    problem = `The IDE test found no Chromium, and APPSYNC_DIRECT_REQUIRE_BROWSER=1 requires one: ${INSTALL_HINT}.`;
  }
} catch (error) {
  // CHROMIUM_PATH or CHROME_PATH names no file: a mistake to report, never a skip.
  problem = `The IDE test cannot run: ${(error as Error).message}`;
}
const skip = absent && process.env.APPSYNC_DIRECT_REQUIRE_BROWSER !== '1';
if (skip) console.info(`IDE test skipped: no Chromium found; to run it, ${INSTALL_HINT}.`);

let profile: string | undefined;
let screenshot: string;
let blog: TestServer;
/** A server whose default mode is IAM, on a project whose one field answers with the identity. */
let iam: TestServer;
let browser: BrowserContext | undefined;

describe.skipIf(skip)('the IDE page in Chromium', () => {
  beforeAll(async () => {
    // Without a browser the test itself fails (a failure, not a skip), saying why.
    if (executable === undefined) return;
    profile = mkdtempSync(join(tmpdir(), 'appsync-direct-chromium-'));
    screenshot =
      process.env.UPDATE_IDE_SCREENSHOT === '1'
        ? join(ROOT, 'docs/ide.png')
        : join(profile, 'ide.png');
    blog = await startTestServer({ query: readFileSync(join(ROOT, BLOG_QUERY), 'utf8') });
    const dir = tempFiles({
      'schema.graphql': 'type Query { whoami: AWSJSON }\n',
      'handler.mjs': 'export const handler = async (event) => JSON.stringify(event.identity);\n',
    });
    iam = await startTestServer({
      schema: 'schema.graphql',
      handler: 'handler.mjs',
      cwd: dir,
      fields: { 'Query.whoami': {} },
      auth: ['iam'],
      query: 'query Who { whoami }',
      watch: false,
    });
    browser = await chromium.launchPersistentContext(join(profile, 'user-data'), {
      executablePath: executable,
      args: ARGS,
      viewport: { width: 1280, height: 800 },
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await blog?.server.close();
    await iam?.server.close();
    removeTempFiles();
    if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
  });

  it('runs the query it opens with and shows the posts, loading nothing from elsewhere', async () => {
    if (executable === undefined) expect.fail(problem);
    const started = Date.now();
    const page = await (browser as BrowserContext).newPage();
    const requested: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });

    await page.goto(blog.server.ideUrl);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    const headers = await page.locator('.graphiql-editor-tool .CodeMirror').last().innerText();
    expect(headers).toContain('"x-api-key": "da2-appsyncdirectlocaldev00000"');

    await run.click();
    const result = page.locator('.result-window');
    await eventually(
      'the result in the page',
      async () => (await result.innerText()).includes('Alan Turing'),
      30_000,
    );
    const text = await result.innerText();
    expect(text).toContain('"title": "Hello, AppSync"');
    expect(text).toContain('"name": "Ada Lovelace"');
    expect(text).toContain('"body": "Which fields does AppSync batch?"');
    expect(text).not.toContain('"errors"');

    expect(blog.lines).toContainEqual(
      expect.stringMatching(/^POST \/graphql FrontPage → 7 Lambda calls: .*Post\.author batch 4/),
    );
    const origin = new URL(blog.server.ideUrl).origin;
    expect(requested.filter((url) => !url.startsWith(origin) && !url.startsWith('data:'))).toEqual(
      [],
    );
    expect(problems).toEqual([]);

    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);
    console.info(`IDE test: page loaded, query run and read in ${Date.now() - started} ms`);
  }, 60_000);

  it('signs its requests in the browser when IAM is the default mode, and they verify', async () => {
    if (executable === undefined) expect.fail(problem);
    const page = await (browser as BrowserContext).newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const signed: string[] = [];
    page.on('request', (request) => {
      const authorization = request.headers().authorization;
      if (request.method() === 'POST' && authorization !== undefined) signed.push(authorization);
    });

    await page.goto(iam.server.ideUrl);
    const run = page.locator('.graphiql-execute-button');
    await run.waitFor({ timeout: 30_000 });
    await run.click();
    const result = page.locator('.result-window');
    await eventually(
      'the identity in the page',
      async () => (await result.innerText()).includes(LOCAL_PRINCIPAL),
      30_000,
    );
    expect(await result.innerText()).not.toContain('"errors"');
    expect(signed.length).toBeGreaterThan(0);
    for (const authorization of signed) {
      expect(authorization).toMatch(
        /^AWS4-HMAC-SHA256 Credential=AKIALOCALDEV00000000\/\d{8}\/us-east-1\/appsync\/aws4_request, SignedHeaders=host;x-amz-date, Signature=[0-9a-f]{64}$/,
      );
    }
    expect(iam.lines).toContainEqual(
      expect.stringMatching(/^POST \/graphql Who → 1 Lambda call: Query\.whoami ×1/),
    );
    expect(iam.lines.filter((line) => line.includes('→ 403'))).toEqual([]);
    expect(problems).toEqual([]);
  }, 60_000);
});
