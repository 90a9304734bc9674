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

/** `appsync-direct manifest --handler <handler> --format cloudformation <argv>`, in-process, in `cwd`. */
export function manifestTemplate(
  handler: string,
  argv: string[] = [],
  cwd = ROOT,
): Promise<CliRun> {
  return cli(['manifest', '--handler', handler, '--format', 'cloudformation', ...argv], cwd);
}

/**
 * The properties a template (the `manifest` one, the CDK construct's) gives a resolver of the API
 * `api`: `unit` on the Lambda data source `dataSource`, with `more`; `pipeline` with APPSYNC_JS
 * `code` and its `functions` (their `FunctionId`s).
 */
export function resolverProperties(api: unknown, dataSource: unknown) {
  const field = (key: string) => {
    const [TypeName, FieldName] = key.split('.');
    return { ApiId: api, TypeName, FieldName };
  };
  return {
    unit: (key: string, more: Record<string, unknown> = {}) => ({
      ...field(key),
      DataSourceName: dataSource,
      Kind: 'UNIT',
      ...more,
    }),
    pipeline: (key: string, code: unknown, functions: unknown[]) => ({
      ...field(key),
      Kind: 'PIPELINE',
      Runtime: { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' },
      Code: code,
      PipelineConfig: { Functions: functions },
    }),
  };
}

/** Removes every directory {@link tempFiles} made (call it in `afterAll`). */
export function removeTempFiles(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}
