// playwright-core's types name DOM types (HTMLElement …); the runtime builds never see this file.
/// <reference lib="dom" />
/**
 * The IDE page in a real browser: Debian's Chromium, driven by playwright-core, opens the page
 * `appsync-direct dev` serves for the blog example, runs the query it opens with, and reads the
 * result from the page. `.ci/run` installs Chromium; without it this suite fails, saying how to
 * install it.
 *
 * The screenshot goes to a temporary file; `UPDATE_IDE_SCREENSHOT=1` writes docs/ide.png instead.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli-helpers.js';
import { BLOG_QUERY, eventually, startTestServer, type TestServer } from '../dev-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
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
const profile = mkdtempSync(join(tmpdir(), 'appsync-direct-chromium-'));
const screenshot =
  process.env.UPDATE_IDE_SCREENSHOT === '1' ? join(ROOT, 'docs/ide.png') : join(profile, 'ide.png');

let blog: TestServer;
let browser: BrowserContext | undefined;

const MISSING =
  `${CHROMIUM} is missing, and the IDE test needs Debian's Chromium: install it with\n` +
  '  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium\n' +
  '(.ci/run does this before npm test).';

beforeAll(async () => {
  blog = await startTestServer({ query: readFileSync(join(ROOT, BLOG_QUERY), 'utf8') });
  // Without Chromium the test itself fails (a failure, not a skip), saying how to install it.
  if (!existsSync(CHROMIUM)) return;
  browser = await chromium.launchPersistentContext(join(profile, 'user-data'), {
    executablePath: CHROMIUM,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await blog?.server.close();
  rmSync(profile, { recursive: true, force: true });
});

describe('the IDE page in Chromium', () => {
  it('runs the query it opens with and shows the posts, loading nothing from elsewhere', async () => {
    if (!existsSync(CHROMIUM)) expect.fail(MISSING);
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
      expect.stringMatching(/^POST \/graphql FrontPage → 5 Lambda calls: .*Post\.author batch 4/),
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
});
