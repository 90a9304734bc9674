import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../src/cli/main.js';

/** The repository root: where the blog example and the CLI fixtures are found. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** What one in-process run of the command produced. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (throws with the output when it is not). */
  json(): unknown;
}

/** Runs `appsync-direct <argv>` in-process, with the repository as the working directory. */
export async function cli(argv: string[], cwd = ROOT): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(argv, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    cwd,
  });
  return {
    code,
    stdout,
    stderr,
    json: () => {
      try {
        return JSON.parse(stdout);
      } catch {
        throw new Error(`stdout is not JSON (exit ${code}):\n${stdout}\nstderr:\n${stderr}`);
      }
    },
  };
}

const made: string[] = [];

/** A fresh directory holding `files` (name → contents); returns its path. */
export function tempFiles(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-cli-test-'));
  made.push(dir);
  for (const [name, contents] of Object.entries(files)) writeFileSync(join(dir, name), contents);
  return dir;
}

export const BLOG = 'examples/blog/handler.ts';

/** Post 1 of the blog example's store, as `Query.getPost(id: "1")` answers it. */
export const POST_1 = {
  id: '1',
  title: 'Hello, AppSync',
  content: 'One Lambda, many fields.',
  authorId: 'u1',
  createdAt: '2026-01-15T10:00:00.000Z',
};
export const HANDLERS = 'test/cli-fixtures/handlers.ts';

/** `appsync-direct invoke --handler <the blog example> <argv>`, in-process. */
export function blogInvoke(...argv: string[]): Promise<CliRun> {
  return cli(['invoke', '--handler', BLOG, ...argv]);
}

/** `appsync-direct invoke --handler <test/cli-fixtures/handlers.ts> <argv>`, in-process. */
export function fixtureInvoke(...argv: string[]): Promise<CliRun> {
  return cli(['invoke', '--handler', HANDLERS, ...argv]);
}

/** Removes every directory {@link tempFiles} made (call it in `afterAll`). */
export function removeTempFiles(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
