/**
 * `bin/appsync-direct.js` as users run it: a child process over the built dist/. Needs `dist/`
 * (`npm test` builds it before vitest).
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST_1, ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';

afterAll(removeTempFiles);

const BIN = join(ROOT, 'bin/appsync-direct.js');

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

function node(args: string[], cwd = ROOT): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd, timeout: 20_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') {
        reject(new Error(`${args.join(' ')} did not finish: ${error.message}\n${stderr}`));
        return;
      }
      resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
    });
  });
}

/** `appsync-direct invoke --handler <handler> <argv>` as a child process. */
function invokeBin(handler: string, ...argv: string[]): Promise<Exit> {
  return node([BIN, 'invoke', '--handler', handler, ...argv]);
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/bin.js'))) {
    throw new Error(
      'dist/cli/bin.js is missing: run `npm run build` (npm test does) before this suite.',
    );
  }
});

describe('bin/appsync-direct.js', () => {
  it('is an executable node script', () => {
    expect(statSync(BIN).mode & 0o111).not.toBe(0);
  });

  it('invoke on the blog example: exit 0, stdout is the post as JSON', async () => {
    const result = await invokeBin(
      'examples/blog/handler.ts',
      '--field',
      'Query.getPost',
      '--args',
      '{"id":"1"}',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ data: POST_1 });
  });

  it('a batch with a failed item: exit 1, the error item on stdout', async () => {
    const result = await invokeBin('examples/blog/handler.ts', '--fixture', 'batch-3');
    expect(result.code).toBe(1);
    const items = JSON.parse(result.stdout) as unknown[];
    expect(items).toHaveLength(3);
    expect(items[2]).toEqual({
      error: { errorType: 'NotFoundError', errorMessage: 'author u404 not found' },
    });
  });

  it('bad usage: exit 2, the message on stderr', async () => {
    const result = await invokeBin('examples/blog/handler.ts', '--feild', 'Query.getPost');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('unknown flag --feild; did you mean --field?');
  });

  it("a handler's logs go to stderr, so stdout pipes cleanly", async () => {
    const result = await invokeBin(
      'test/cli-fixtures/handlers.ts',
      '--export',
      'noisy',
      '--field',
      'Query.x',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ data: { ok: true } });
    expect(result.stderr).toContain('console.log from the handler\n');
  });

  it('a handler whose promise never settles: exit 1, saying so', async () => {
    const result = await invokeBin('test/cli-fixtures/hangs.mjs', '--field', 'Query.x');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('the handler never settled');
  });

  it('without dist/, says to build: exit 2', async () => {
    const dir = tempFiles({ 'package.json': '{ "type": "module" }' });
    mkdirSync(join(dir, 'bin'));
    const bin = join(dir, 'bin/appsync-direct.js');
    copyFileSync(BIN, bin);
    const result = await node([bin, '--version'], dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'appsync-direct: dist/cli/bin.js is missing; run `npm run build` in the appsync-direct package first.\n',
    );
  });
});
