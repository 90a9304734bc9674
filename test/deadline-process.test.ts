/**
 * The deadline in a real process, as Lambda's Node runtime runs a handler: the runtime answers
 * `null` for the whole request when the event loop empties while the handler is pending, so a
 * pending deadline must keep the loop alive, and must not once the request is answered. Runs the
 * built package (`npm test` builds dist/ before vitest).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROOT } from './cli-helpers.js';

const DIST = pathToFileURL(join(ROOT, 'dist/index.js')).href;

/** Runs a module in a fresh `node`; resolves with its stdout lines. */
function run(source: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', source],
      { cwd: ROOT, timeout: 20_000 },
      (error, stdout, stderr) => {
        if (error !== null) reject(new Error(`${error.message}\n${stderr}`));
        else resolve(stdout.trim().split('\n'));
      },
    );
  });
}

describe('a pending deadline in a real process', () => {
  it('keeps the event loop alive until the deadline, then answers what is finished', async () => {
    const lines = await run(`
      import { createResolver } from ${JSON.stringify(DIST)};
      // As Lambda's runtime does: if the loop empties with the handler pending, the request ends.
      process.on('beforeExit', () => { if (!answered) console.log('loop emptied before the answer'); });
      let answered = false;
      const app = createResolver({ logLevel: 'ERROR' }).resolver('Query.item', (ctx) =>
        ctx.args.i === 1 ? new Promise(() => {}) : { i: ctx.args.i },
      );
      const event = (i) => ({ arguments: { i }, identity: null, source: null, prev: null, stash: {},
        request: { headers: {}, domainName: null },
        info: { parentTypeName: 'Query', fieldName: 'item', variables: {}, selectionSetList: [], selectionSetGraphQL: '' } });
      const deadline = Date.now() + 800;
      const lambda = { awsRequestId: 'r', getRemainingTimeInMillis: () => deadline - Date.now() };
      const started = Date.now();
      const out = await app.resolve([event(0), event(1), event(2)], lambda);
      answered = true;
      console.log(JSON.stringify(out.map((entry) => entry.errorType ?? entry.data.i)));
      console.log(Date.now() - started >= 250 ? 'waited for the deadline' : 'answered too early');
    `);
    expect(lines).toStrictEqual(['[0,"TimeoutError",2]', 'waited for the deadline']);
  });

  it('holds no process open once the request is answered', async () => {
    const started = Date.now();
    const lines = await run(`
      import { createResolver } from ${JSON.stringify(DIST)};
      const app = createResolver().resolver('Query.f', async () => 'ok');
      const lambda = { awsRequestId: 'r', getRemainingTimeInMillis: () => 60_000 };
      const event = { arguments: {}, identity: null, source: null, prev: null, stash: {},
        request: { headers: {}, domainName: null },
        info: { parentTypeName: 'Query', fieldName: 'f', variables: {}, selectionSetList: [], selectionSetGraphQL: '' } };
      console.log(await app.resolve(event, lambda));
    `);
    expect(lines).toStrictEqual(['ok']);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});
