/**
 * `appsync-direct check` as users run it: bin/appsync-direct.js in a child process over the built
 * dist/. Needs `dist/` (`npm test` builds it before vitest).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';

const BIN = join(ROOT, 'bin/appsync-direct.js');
const SCHEMA = 'test/fixtures/check/schema.graphql';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `appsync-direct check <argv>` as a child process, in the repository. */
function checkBin(...argv: string[]): Promise<Exit> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, 'check', ...argv],
      { cwd: ROOT, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(new Error(`check ${argv.join(' ')} did not finish: ${error.message}\n${stderr}`));
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** `appsync-direct check --schema <the fixture schema> --handler test/fixtures/check/<name>.ts`. */
function checkFixture(name: string, ...argv: string[]): Promise<Exit> {
  return checkBin('--schema', SCHEMA, '--handler', `test/fixtures/check/${name}.ts`, ...argv);
}

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist/cli/check.js'))) {
    throw new Error(
      'dist/cli/check.js is missing: run `npm run build` (npm test does) before this suite.',
    );
  }
});

describe('bin/appsync-direct.js check', () => {
  it('a misspelt field: an error at the key in the handler, with the field meant; exit 1', async () => {
    const result = await checkFixture('typos');
    expect(result.stderr).toBe('');
    expect(lines(result.stdout)).toContain(
      'test/fixtures/check/typos.ts:8:14: error: Query.getPots is not a field of the schema; did you mean Query.getPost? [unknown-field]',
    );
    // Registered from another module, with a template literal.
    expect(lines(result.stdout)).toContain(
      'test/fixtures/check/typos-comments.ts:5:21: error: Comment.auther is not a field of the schema; did you mean Comment.author? [unknown-field]',
    );
    expect(lines(result.stdout).at(-1)).toBe(
      'check: 3 errors, 0 warnings, 4 fields not served (4 routes, 18 schema fields)',
    );
    expect(result.code).toBe(1);
  });

  it('a misspelt type: an error with the key meant; exit 1', async () => {
    const result = await checkFixture('typos');
    // Written in double quotes.
    expect(lines(result.stdout)[1]).toBe(
      'test/fixtures/check/typos.ts:10:14: error: Querry.search is not a field of the schema, which has no type Querry; did you mean Query.search? [unknown-type]',
    );
    expect(result.code).toBe(1);
  });

  it('fields of types that are not object types: errors naming the kind; exit 1', async () => {
    const result = await checkFixture('not-objects');
    expect(result.stderr).toBe('');
    expect(lines(result.stdout).slice(0, 4)).toEqual([
      'test/fixtures/check/not-objects.ts:7:14: error: CreatePostInput.title is not a field of an object type: CreatePostInput is an input type, and resolvers attach to fields of object types [not-object-type]',
      'test/fixtures/check/not-objects.ts:8:14: error: Node.id is not a field of an object type: Node is an interface, and resolvers attach to fields of object types; register it on the implementing types instead (Post, Comment, User) [not-object-type]',
      'test/fixtures/check/not-objects.ts:9:14: error: SearchResult.id is not a field of an object type: SearchResult is a union, and resolvers attach to fields of object types; register it on the member types instead (Post, User) [not-object-type]',
      'test/fixtures/check/not-objects.ts: error: Status.DRAFT is not a field of an object type: Status is an enum, and resolvers attach to fields of object types [not-object-type]',
    ]);
    expect(result.code).toBe(1);
  });

  it('fields nothing serves are listed as infos at their place in the schema; exit 0', async () => {
    const result = await checkFixture('partial');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'test/fixtures/check/schema.graphql:5:3: info: Query.search is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:6:3: info: Query.node is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:10:3: info: Mutation.createPost is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:14:3: info: Subscription.onCreatePost is not served by any resolver here [unserved-field]',
        'check: 0 errors, 0 warnings, 4 fields not served (1 route, 18 schema fields)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  it('--require turns the unserved fields it matches into errors; exit 1', async () => {
    const result = await checkFixture('partial', '--require', 'Query.*,Mutation.*');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'test/fixtures/check/schema.graphql:5:3: error: Query.search is required (Query.*) but not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:6:3: error: Query.node is required (Query.*) but not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:10:3: error: Mutation.createPost is required (Mutation.*) but not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:14:3: info: Subscription.onCreatePost is not served by any resolver here [unserved-field]',
        'check: 3 errors, 0 warnings, 4 fields not served, 3 of them required (1 route, 18 schema fields)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('a batch resolver on a root field: a warning; the one below a list: none; exit 0', async () => {
    const result = await checkFixture('batch');
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'test/fixtures/check/batch.ts:6:19: warning: Query.getPost is a batchResolver on the root type Query: AppSync batches it only when one request selects the field more than once (under aliases), so its batches mostly hold one item; a plain resolver does the same work [batch-of-one]',
        'check: 0 errors, 1 warning, 0 fields not served (7 routes, 18 schema fields)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  it('--json: one object on stdout, with the findings and their places', async () => {
    const result = await checkFixture('typos', '--json');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout) as { findings: unknown[] };
    expect(json).toEqual({
      ok: false,
      code: 0,
      errors: 3,
      warnings: 0,
      unserved: 4,
      routes: 4,
      fields: 18,
      schema: SCHEMA,
      handler: 'test/fixtures/check/typos.ts',
      export: 'app',
      findings: json.findings,
    });
    expect(json.findings[0]).toEqual({
      severity: 'error',
      rule: 'unknown-field',
      key: 'Query.getPots',
      message: 'Query.getPots is not a field of the schema; did you mean Query.getPost?',
      file: 'test/fixtures/check/typos.ts',
      line: 8,
      column: 14,
      suggestion: 'Query.getPost',
    });
    expect(json.findings[3]).toEqual({
      severity: 'info',
      rule: 'unserved-field',
      key: 'Query.search',
      message: 'Query.search is not served by any resolver here',
      file: SCHEMA,
      line: 5,
      column: 3,
    });
    expect(json.findings).toHaveLength(7);
  });

  it('the blog example is clean: exit 0', async () => {
    const result = await checkBin(
      '--schema',
      'examples/blog/schema.graphql',
      '--handler',
      'examples/blog/handler.ts',
    );
    expect(result).toEqual({
      code: 0,
      stdout:
        'check: 0 errors, 0 warnings, 0 fields not served (13 routes, 27 schema fields, 6 code files)\n',
      stderr: '',
    });
  });

  it('bad usage: exit 2, the message on stderr', async () => {
    const result = await checkFixture('clean', '--require', 'Query');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'appsync-direct check: --require "Query" is not a Type.field pattern',
    );
  });

  it('a handler that throws while loading: exit 2, with its error', async () => {
    const result = await checkBin(
      '--schema',
      SCHEMA,
      '--handler',
      'test/cli-fixtures/throws-on-load.ts',
    );
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'appsync-direct check: --handler test/cli-fixtures/throws-on-load.ts failed while loading: Error: TABLE_NAME is not set',
    );
  });
});
