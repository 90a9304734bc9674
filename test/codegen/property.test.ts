/**
 * Random schemas (fast-check, fixed seed): names up to 60 characters, every list and null
 * wrapping up to three deep, arguments, descriptions of any text, an enum, a union and AppSync
 * scalars. What generateTypes writes for each is as Biome formats it, and compiles; so is what
 * generateDocuments writes for a random operation on each (aliases, __typename, fragments on the
 * union's members, @include, selections three objects deep).
 */
import fc from 'fast-check';
import {
  type GraphQLNamedType,
  type GraphQLObjectType,
  getNamedType,
  isLeafType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateDocuments } from '../../src/codegen/documents.js';
import { generateTypes } from '../../src/codegen/generate.js';
import { buildAppSyncSchema } from '../../src/engine/schema.js';
import { biomeFormatAll, TypeChecker } from './helpers.js';

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

const samples = fc.sample(
  fc.tuple(
    fc.uniqueArray(typeName, { minLength: 3, maxLength: 6 }),
    fc.array(field, { minLength: 1, maxLength: 8 }),
    fc.array(fc.nat(11), { minLength: 1, maxLength: 64 }),
  ),
  { numRuns: 24, seed: 20260101 },
);
const schemas = samples.map(([names, fields]) => schema(names, fields));

/**
 * A query on the schema whose choices (which fields, aliases, `__typename`, `@include`) come from
 * `choices` in turn: every object three deep, the union's members through inline fragments.
 */
function operation(sdl: string, choices: readonly number[]): string {
  const built = buildAppSyncSchema(sdl);
  let turn = 0;
  const choose = (n: number): boolean => (choices[turn++ % choices.length] as number) % n === 0;
  const select = (type: GraphQLNamedType, depth: number): string => {
    const parts = choose(2) ? ['__typename'] : [];
    if (isUnionType(type)) {
      for (const member of type.getTypes()) {
        if (choose(3)) continue;
        parts.push(`... on ${member.name} { id ${fields(member, depth)} }`);
      }
      return `{ __typename ${parts.join(' ')} }`;
    }
    const body = [...parts, fields(type as GraphQLObjectType, depth)].join(' ').trim();
    return `{ ${body === '' ? '__typename' : body} }`;
  };
  const fields = (type: GraphQLObjectType, depth: number): string =>
    Object.values(type.getFields())
      .flatMap((definition, i) => {
        const named = getNamedType(definition.type);
        if (choose(3) || (!isLeafType(named) && depth >= 3)) return [];
        const alias = choose(4) ? `alias${i}: ` : '';
        const include = choose(5) ? ' @include(if: $flag)' : '';
        const below = isLeafType(named) ? '' : ` ${select(named, depth + 1)}`;
        return [`${alias}${definition.name}${include}${below}`];
      })
      .join(' ');
  const query = built.getQueryType() as GraphQLObjectType;
  expect(isObjectType(query)).toBe(true);
  return `query Random($flag: Boolean!) { __typename @include(if: $flag) ${fields(query, 0)} }`;
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

describe('generateDocuments on random operations', { timeout: 60_000 }, () => {
  const generated = samples.map(([, , choices], i) =>
    generateDocuments(schemas[i] as string, [operation(schemas[i] as string, choices)]),
  );

  it('selects objects, lists and unions of them', () => {
    expect(generated.filter((code) => code.includes('\n    | {\n')).length).toBeGreaterThan(3);
    expect(generated.filter((code) => code.includes('readonly ({')).length).toBeGreaterThan(3);
  });

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
