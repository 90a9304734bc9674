/**
 * Regression tests of generateTypes: each case failed before the fix named in its title.
 */
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/codegen/generate.js';
import { biomeFormat, TypeChecker } from './helpers.js';

const checker = new TypeChecker();

describe('generateTypes regressions', { timeout: 60_000 }, () => {
  it('renames a reserved type name past the names the schema already uses', () => {
    const code = generateTypes(`
      type Query { a: Schema, b: Schema_, c: object, d: object_, e: object__ }
      type Schema { a: Int }
      type Schema_ { b: Int }
      type object { c: Int }
      type object_ { d: Int }
      type object__ { e: Int }
    `);
    expect(code).toContain("export interface Schema__ {\n  __typename?: 'Schema';");
    expect(code).toContain("export interface Schema_ {\n  __typename?: 'Schema_';");
    expect(code).toContain("export interface object___ {\n  __typename?: 'object';");
    expect(code).toContain(
      "'Query.a': { args: { [name: string]: undefined }; source: null; result: Schema__ | null };",
    );
    expect(code).toContain(
      "'Schema.a': { args: { [name: string]: undefined }; source: Schema__; result: number | null };",
    );
    expect(checker.check({ 'renamed.ts': code })).toEqual([]);
  });

  it('declares the alias of a remapped built-in scalar that the file refers to', () => {
    const code = generateTypes('type Query { a(id: ID!): ID, b(s: String): String, c: Int }', {
      scalars: { ID: 'number', String: { input: 'string', output: 'string | number' } },
    });
    expect(code).toContain('export type ID = number;');
    expect(code).toContain('export type StringInput = string;');
    expect(code).toContain('export type String = string | number;');
    expect(code).toContain("'Query.a': { args: { id: ID }; source: null; result: ID | null };");
    expect(code).toContain('args: { s?: StringInput | null }');
    // Int is not remapped: written inline, no alias.
    expect(code).not.toContain('export type Int');
    expect(checker.check({ 'builtins.ts': code })).toEqual([]);
  });

  it('writes an interface or union of one object type without parentheses, as Biome does', () => {
    const code = generateTypes(`
      type Query { n: Node, u: Only }
      interface Node { id: ID! }
      type Thing implements Node { id: ID! }
      union Only = Thing
    `);
    expect(code).toContain("export type Node = Thing & { __typename: 'Thing' };");
    expect(code).toContain("export type Only = Thing & { __typename: 'Thing' };");
    expect(biomeFormat(code)).toBe(code);
  });

  it('writes each line of a multi-line deprecation reason as a line of the TSDoc comment', () => {
    const code = generateTypes(`
      type Query { t: T }
      type T {
        "Old."
        a: Int @deprecated(reason: "Gone.\\nSee the changelog.")
        b: Int @deprecated(reason: "One\\ntwo")
      }
    `);
    expect(code).toContain(
      '  /**\n   * Old.\n   * @deprecated Gone.\n   * See the changelog.\n   */\n  a?: number | null;',
    );
    expect(code).toContain('  /**\n   * @deprecated One\n   * two\n   */\n  b?: number | null;');
    expect(biomeFormat(code)).toBe(code);
  });

  it('parenthesises an input list element only when it is a union', () => {
    const code = generateTypes(`
      type Query { a(m: [[Int]!], n: [[Int!]!]!, o: [[Int]]): Int }
    `);
    expect(code).toContain('      m?: (number | null)[][] | null;\n');
    expect(code).toContain('      n: number[][];\n');
    expect(code).toContain('      o?: ((number | null)[] | null)[] | null;\n');
    expect(biomeFormat(code)).toBe(code);
  });

  it('breaks a field, argument or result type that does not fit in 100 columns as Biome does', () => {
    const long = 'ATypeWithAVeryLongNameThatTakesUpMostOfTheLine';
    const code = generateTypes(`
      type Query {
        aFieldWithALongNameThatReturnsNestedLists(
          anArgumentWithAVeryLongNameForTheTest: [[String]]
          aStringArgumentWithAnUnusuallyLongNameThatDoesNotFitOnOneLineWithType: String
        ): [[${long}]]!
        aFieldWhoseResultIsAListOfNullableListsOfNullableItems: [[[${long}]]]
      }
      type ${long} {
        a: [[${long}]]!
        aFieldWithAnEvenLongerNameSoTheLineIsTooLong: [[${long}!]]
        aFieldWithALongerNameThatNamesTheTypeOnlyOnce: ${long}
      }
      input AnInputTypeWithALongName {
        aFieldOfTheInputWithALongNameForAnArray: [[${long}InputThatIsLong!]]!
      }
      input ${long}InputThatIsLong { a: Int }
    `);
    // A union, one member per line.
    expect(code).toContain(
      [
        '  aFieldWithAnEvenLongerNameSoTheLineIsTooLong?:',
        `    | readonly (readonly ${long}[] | null)[]`,
        '    | null;',
      ].join('\n'),
    );
    // A list of a union, broken inside its parentheses.
    expect(code).toContain(
      [
        '  aFieldOfTheInputWithALongNameForAnArray: (',
        `    | ${long}InputThatIsLong[]`,
        '    | null',
        '  )[];',
      ].join('\n'),
    );
    // Both, nested.
    expect(code).toContain(
      [
        '    result:',
        '      | readonly (',
        `          | readonly (readonly (${long} | null)[] | null)[]`,
        '          | null',
        '        )[]',
        '      | null;',
      ].join('\n'),
    );
    // Biome keeps `Name | null` together, however long the line.
    expect(code.split('\n').filter((line) => line.length > 100)).toEqual([
      `  aFieldWithALongerNameThatNamesTheTypeOnlyOnce?: ${long} | null;`,
    ]);
    expect(biomeFormat(code)).toBe(code);
    expect(checker.check({ 'long.ts': code })).toEqual([]);
  });

  it('declares a root type that implements an interface, as its union refers to it', () => {
    const code = generateTypes(`
      type Query implements Node { id: ID!, node(id: ID!): Node }
      interface Node { id: ID! }
      type Thing implements Node { id: ID! }
    `);
    expect(code).toContain(
      "export type Node = (Query & { __typename: 'Query' }) | (Thing & { __typename: 'Thing' });",
    );
    expect(code).toContain("export interface Query {\n  __typename?: 'Query';\n  id: string;");
    // Its fields' source is then the object (returned by Query.node) or null (at the top).
    expect(code).toContain(
      "'Query.id': { args: { [name: string]: undefined }; source: Query | null; result: string };",
    );
    expect(checker.check({ 'root-member.ts': code })).toEqual([]);
  });

  it('breaks a long member of an interface or union as Biome does', () => {
    const long = 'AnObjectTypeWithAnUnusuallyLongNameXXXXX';
    const longer = `${long}${long}${long}`.slice(0, 90);
    const alias = 'AnInterfaceWithAnUnusuallyLongNameForTheLayoutOfTheLineXXXXXXXXXXXXXXXXXXXXXXXX';
    const code = generateTypes(`
      type Query { a: LongUnion, b: OneLong, c: OneLonger, d: ${alias}, e: Short }
      type ${long} { id: ID! }
      type ${long}Two { id: ID! }
      type ${longer} { id: ID! }
      type Short { id: ID! }
      union LongUnion = ${long} | ${long}Two | Short
      union OneLong = ${long}
      union OneLonger = ${longer}
      union ${alias} = Short
    `);
    expect(code).toContain(
      [
        'export type LongUnion =',
        `  | (${long} & {`,
        `      __typename: '${long}';`,
        '    })',
        `  | (${long}Two & {`,
        `      __typename: '${long}Two';`,
        '    })',
        "  | (Short & { __typename: 'Short' });",
      ].join('\n'),
    );
    expect(code).toContain(
      [`export type OneLong = ${long} & {`, `  __typename: '${long}';`, '};'].join('\n'),
    );
    expect(code).toContain(
      ['export type OneLonger =', `  ${longer} & {`, `    __typename: '${longer}';`, '  };'].join(
        '\n',
      ),
    );
    expect(code).toContain(
      [`export type ${alias} =`, "  Short & { __typename: 'Short' };"].join('\n'),
    );
    expect(biomeFormat(code)).toBe(code);
    expect(checker.check({ 'long-members.ts': code })).toEqual([]);
  });

  it('renames a type named unique, a TypeScript type operator', () => {
    const code = generateTypes(`
      type Query { a: unique, b(x: uniqueInput): Int }
      type unique { a: Int }
      input uniqueInput { a: Int }
    `);
    expect(code).toContain("export interface unique_ {\n  __typename?: 'unique';");
    expect(code).toContain('result: unique_ | null');
    expect(checker.check({ 'unique.ts': code })).toEqual([]);
  });

  it('writes a scalar named like an Object.prototype member (constructor, toString)', () => {
    const code = generateTypes(`
      type Query { a: constructor, b: toString, c(v: valueOf): Int }
      "Built by a constructor."
      scalar constructor
      scalar toString
      scalar valueOf
    `);
    expect(code).toContain('/** Built by a constructor. */\nexport type constructor = unknown;');
    expect(code).toContain('export type toString = unknown;');
    expect(code).toContain('export type valueOf = unknown;');
    const split = generateTypes(
      'type Query { a(v: constructor): constructor } scalar constructor',
      {
        scalars: { constructor: { input: 'string', output: 'number' } },
      },
    );
    expect(split).toContain('export type constructorInput = string;');
    expect(split).toContain('export type constructor = number;');
    expect(checker.check({ 'proto.ts': code, 'proto-split.ts': split })).toEqual([]);
  });

  it('drops the trailing white space of description and header lines, as Biome does', () => {
    const code = generateTypes(
      'type Query { t: T }\ntype T {\n  """\n  Trailing spaces   \n  and a tab\t\n  """\n  a: Int\n}',
      { header: ['', 'Regenerate with: npm run codegen  '] },
    );
    expect(code).toContain('   * Trailing spaces\n   * and a tab\n   */');
    expect(code.split('\n').slice(0, 3)).toEqual([
      '// Generated by appsync-direct codegen from the AppSync schema. Do not edit.',
      '//',
      '// Regenerate with: npm run codegen',
    ]);
    expect(biomeFormat(code)).toBe(code);
  });
});
