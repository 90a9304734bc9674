/**
 * The README's client snippet, as a new user runs it: pasted into a new .mjs file beside an
 * installed appsync-direct, run with `node`, while the local AppSync (`npm start`: the blog
 * example on :4000) is serving. It must print the example's post.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../cli-helpers.js';
import { startTestServer, type TestServer } from '../dev-helpers.js';

const run = promisify(execFile);
const SNIPPET = /```js\n(\/\/ get-post\.mjs[\s\S]*?)```/;

let dev: TestServer;
let dir: string;

beforeAll(async () => {
  dev = await startTestServer();
  dir = mkdtempSync(join(tmpdir(), 'appsync-direct-readme-'));
  // As npm installs it: node_modules/appsync-direct, resolved through its exports to dist/.
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'appsync-direct'), 'dir');
}, 60_000);

afterAll(async () => {
  await dev?.server.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe("the README's client snippet", () => {
  it('prints the example post when run with node against the local AppSync', async () => {
    expect(existsSync(join(ROOT, 'dist/client/index.js')), 'dist/ is built by npm run build').toBe(
      true,
    );
    const snippet = SNIPPET.exec(readFileSync(join(ROOT, 'README.md'), 'utf8'))?.[1];
    expect(snippet).toBeDefined();
    // `npm start` listens on :4000; this test's server on a free port.
    const source = String(snippet).replace('http://127.0.0.1:4000/graphql', dev.server.url);
    expect(source).not.toBe(snippet);
    writeFileSync(join(dir, 'get-post.mjs'), source);
    const { stdout, stderr } = await run(process.execPath, ['get-post.mjs'], {
      cwd: dir,
      timeout: 30_000,
    });
    expect(stderr).toBe('');
    const expected = await dev.post({ query: '{ getPost(id: "1") { title author { name } } }' });
    const post = (expected.json.data as { getPost: { title: string; author: { name: string } } })
      .getPost;
    expect(post.title.length).toBeGreaterThan(0);
    // console.log of the object, as node prints it.
    expect(stdout).toBe(`{ title: '${post.title}', author: { name: '${post.author.name}' } }\n`);
  }, 60_000);
});
