/**
 * Random schemas (fast-check, fixed seed): names up to 60 characters, every list and null
 * wrapping up to three deep, arguments, descriptions of any text, an enum, a union and AppSync
 * scalars. What generateTypes writes for each is as Biome formats it, and compiles.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/codegen/generate.js';
import { root, TypeChecker } from './helpers.js';

interface Field {
  name: string;
  type: number;
  wrappers: number[];
  nonNull: boolean;
  description: string | null;
}

const typeName = fc.stringMatching(/^[A-Z][A-Za-z]{0,40}$/);
const field: fc.Arbitrary<Field> = fc.record({
  name: fc.stringMatching(/^[a-z][A-Za-z0-9_]{0,60}$/),
  type: fc.nat(10),
  wrappers: fc.array(fc.nat(2), { maxLength: 3 }),
  nonNull: fc.boolean(),
  description: fc.option(fc.string({ maxLength: 40, unit: 'binary' })),
});

/** `[T]`, `[T]!` or `T`, inside out. */
function wrap(type: string, wrappers: readonly number[]): string {
  return wrappers.reduce(
    (inner, wrapper) => (wrapper === 0 ? `[${inner}]` : wrapper === 1 ? `[${inner}]!` : inner),
    type,
  );
}

function schema(names: readonly string[], fields: readonly Field[]): string {
  const [union = 'U', ...objects] = names.map((name) => `T${name}`);
  const named = ['String', 'Int', 'AWSJSON', 'AWSDateTime', 'E', ...objects, union];
  const unique = fields.filter(
    (field, i) =>
      !['id', 'root'].includes(field.name) &&
      fields.findIndex((other) => other.name === field.name) === i,
  );
  const lines = unique
    .map(({ name, type: index, wrappers, nonNull, description }) => {
      const base = named[index % named.length] ?? 'Int';
      const input = ['AWSJSON', 'AWSDateTime', 'E'].includes(base) ? base : 'String';
      const doc = description === null ? '' : `${JSON.stringify(description)}\n`;
      const type = wrap(base, wrappers);
      return `${doc}${name}(a${name}: [[${input}]]): ${type}${nonNull && !type.endsWith('!') ? '!' : ''}`;
    })
    .join('\n');
  return [
    `type Query { root: ${union}\n${lines} }`,
    'enum E { A B }',
    ...objects.map((object) => `type ${object} { id: ID!\n${lines} }`),
    `union ${union} = ${objects.join(' | ')}`,
  ].join('\n');
}

const schemas = fc
  .sample(
    fc.tuple(
      fc.uniqueArray(typeName, { minLength: 3, maxLength: 6 }),
      fc.array(field, { minLength: 1, maxLength: 8 }),
    ),
    { numRuns: 24, seed: 20260101 },
  )
  .map(([names, fields]) => schema(names, fields));

/** Unformatted, with double quotes: rewritten only if Biome read the files with biome.json. */
const SENTINEL = { code: 'const a = {b:"1"}\n', formatted: "const a = { b: '1' };\n" };

/**
 * Each file as `biome format --write` leaves it, with the project's biome.json, from one Biome
 * process for all of them (rather than one per file). The files go to a temporary directory
 * outside the repository, so Biome's Git integration, which only decides which files to skip,
 * is turned off; a sentinel file proves Biome formatted that directory with the project's style.
 */
function biomeFormatAll(files: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-biome-'));
  try {
    const paths = files.map((_, i) => join(dir, `random-${i}.ts`));
    for (const [i, path] of paths.entries()) writeFileSync(path, files[i] as string);
    const sentinel = join(dir, 'sentinel.ts');
    writeFileSync(sentinel, SENTINEL.code);
    const result = spawnSync(
      join(root, 'node_modules/.bin/biome'),
      [
        'format',
        '--write',
        '--vcs-enabled=false',
        `--config-path=${join(root, 'biome.json')}`,
        dir,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(`biome format failed (${result.status}): ${result.stdout}${result.stderr}`);
    }
    const rewritten = readFileSync(sentinel, 'utf8');
    if (rewritten !== SENTINEL.formatted) {
      throw new Error(`biome format did not format ${dir} with biome.json: ${rewritten}`);
    }
    return paths.map((path) => readFileSync(path, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('generateTypes on random schemas', { timeout: 60_000 }, () => {
  const generated = schemas.map((sdl) => generateTypes(sdl));

  it('writes what Biome would write', () => {
    const formatted = biomeFormatAll(generated);
    for (const [i, code] of generated.entries()) {
      expect(formatted[i], `random-${i}.ts, from the schema\n${schemas[i]}`).toBe(code);
    }
  });

  it('writes files that compile under the project tsconfig', () => {
    const files = Object.fromEntries(generated.map((code, i) => [`random-${i}.ts`, code]));
    expect(new TypeChecker().check(files)).toEqual([]);
  });
});
