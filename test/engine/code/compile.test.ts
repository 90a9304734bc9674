/**
 * compileFronts: each module or pair of templates compiled once, inline source per field (its
 * errors name the field), and the files it read listed for a watcher.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type Compilers, compileFronts } from '../../../src/engine/code/compile.js';
import type { CodeSource } from '../../../src/engine/code/declaration.js';
import type { EngineRoute } from '../../../src/engine/engine.js';

function recording() {
  const compiled: string[] = [];
  const compilers: Compilers = {
    js: (source: CodeSource) => {
      compiled.push(`js ${source.name}`);
      return { language: 'APPSYNC_JS', name: source.name };
    },
    vtl: ({ request }) => {
      compiled.push(`vtl ${request?.name}`);
      return { language: 'VTL', name: request?.name ?? '' };
    },
  };
  return { compiled, compilers };
}

const TEMPLATE = '{ "version": "2018-05-29", "operation": "Invoke", "payload": {} }';

describe('compileFronts', () => {
  it('compiles a file once for every field using it, and inline source once per field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-compile-'));
    writeFileSync(join(dir, 'shared.js'), 'export function request() {}');
    const routes: EngineRoute[] = [
      { key: 'Query.a', maxBatchSize: 0, front: { code: 'shared.js' } },
      { key: 'Query.b', maxBatchSize: 0, front: { code: 'shared.js' } },
      { key: 'Query.c', maxBatchSize: 0, front: { requestTemplate: TEMPLATE } },
      { key: 'Query.d', maxBatchSize: 0, front: { requestTemplate: TEMPLATE } },
    ];
    const { compiled, compilers } = recording();
    const files = new Set<string>();
    const fronts = compileFronts(routes, { baseDir: dir, compilers, who: 'test', files });
    expect(compiled).toEqual([
      `js ${join(dir, 'shared.js')}`,
      'vtl Query.c (code) (request template)',
      'vtl Query.d (code) (request template)',
    ]);
    expect([...fronts.keys()]).toEqual(['Query.a', 'Query.b', 'Query.c', 'Query.d']);
    expect(fronts.get('Query.a')?.kind === 'unit' && fronts.get('Query.a')).toMatchObject({
      handlers: (fronts.get('Query.b') as { handlers: unknown }).handlers,
    });
    expect([...files]).toEqual([join(dir, 'shared.js')]);
  });

  it('names the caller and the field when a file cannot be read', () => {
    const { compilers } = recording();
    expect(() =>
      compileFronts([{ key: 'Query.a', maxBatchSize: 0, front: { code: 'missing.js' } }], {
        baseDir: tmpdir(),
        compilers,
        who: 'createEmulator',
      }),
    ).toThrow(/^createEmulator: Query\.a \(code\): cannot read .*missing\.js \(ENOENT\)/);
  });
});
