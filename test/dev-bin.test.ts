/**
 * `appsync-direct dev` as `npm start` runs it: the built executable in a child process, called
 * over HTTP, stopped with a signal. Needs `dist/` (`npm test` builds it before vitest).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_KEY } from '../src/dev/auth.js';
import { ROOT } from './cli-helpers.js';
import { BLOG_HANDLER, BLOG_QUERY, BLOG_SCHEMA, eventually } from './dev-helpers.js';

const BIN = join(ROOT, 'bin/appsync-direct.js');
const started: ChildProcess[] = [];

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/bin.js'))) {
    throw new Error(
      'dist/cli/bin.js is missing: run `npm run build` (npm test does) before this suite.',
    );
  }
});

afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function startBin(argv: string[]) {
  const child = spawn(process.execPath, [BIN, 'dev', ...argv], { cwd: ROOT });
  started.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    exit,
    stdout: () => stdout,
    stderr: () => stderr,
    url: () =>
      eventually(
        `the banner (stderr: ${stderr})`,
        () => /^appsync-direct dev: (\S+\/graphql) /m.exec(stdout)?.[1],
      ),
  };
}

describe('bin/appsync-direct.js dev', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    'serves the blog example, prints the batching summary, and exits 0 on %s',
    async (signal) => {
      const dev = startBin([
        '--schema',
        BLOG_SCHEMA,
        '--handler',
        BLOG_HANDLER,
        '--query',
        BLOG_QUERY,
        '--port',
        '0',
      ]);
      const url = await dev.url();
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': DEFAULT_API_KEY },
        body: JSON.stringify({ query: '{ listPosts { items { title author { name } } } }' }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { data: { listPosts: { items: unknown[] } } };
      expect(body.data.listPosts.items).toHaveLength(3);
      await eventually('the summary line', () => dev.stdout().includes('POST /graphql'));
      expect(dev.stdout()).toMatch(
        /\nPOST \/graphql → 2 Lambda calls: Query\.listPosts ×1, Post\.author batch 3 \(\d+ ms\)\n/,
      );
      const ide = await fetch(url.replace(/graphql$/, ''));
      expect(ide.status).toBe(200);
      dev.child.kill(signal);
      expect(await dev.exit).toBe(0);
      expect(dev.stdout()).toMatch(
        new RegExp(`appsync-direct dev: stopped \\(${signal}\\)\\.\\n$`),
      );
      expect(dev.stderr()).toBe('');
    },
    20_000,
  );
});
