/**
 * generateDocuments: the result, variables and document of each operation, read back as text;
 * the declarations it shares with generateTypes; its errors; and its formatting (Biome's).
 */
import { readFileSync } from 'node:fs';
import { parse, print } from 'graphql';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DOCUMENT_SCALARS,
  type DocumentProblem,
  generateDocuments,
  InvalidDocumentError,
} from '../../src/codegen/index.js';
import { biomeFormatAll, root } from './helpers.js';

const BLOG = readFileSync(`${root}/examples/blog/schema.graphql`, 'utf8');

const LIBRARY = `
type Query {
  book(isbn: ID!): Book
  books(first: Int = 20, kinds: [Kind!]): [Book!]!
  shelves: [[Book]]
  search(text: String!): [SearchResult!]!
  node(id: ID!): Node
  nothing: Nothing
  today: AWSDate!
}
type Mutation { addBook(input: BookInput!): Book! tag(isbn: ID!, meta: AWSJSON!): AWSJSON }
type Subscription { onBook(kind: Kind): Book }
interface Node { id: ID! }
interface Nothing { id: ID! }
type Book implements Node {
  id: ID!
  title: String!
  subtitle: String
  kind: Kind!
  author: Author!
  reviews: [Review]
  publishedAt: AWSTimestamp
}
type Author implements Node { id: ID! name: String! books: [Book!]! }
type Review { stars: Int! text: String }
union SearchResult = Book | Author
enum Kind { NOVEL ESSAY }
enum Unused { A }
input BookInput { title: String! kind: Kind = NOVEL authorIds: [ID!]! shelf: ShelfInput }
input ShelfInput { name: String! parent: ShelfInput at: AWSDateTime }
input UnusedInput { a: Int }
directive @log on FIELD
`;

/** The generated text of one named export: a type alias or a const, up to its closing `;`. */
function exported(code: string, name: string): string {
  const start = code.search(new RegExp(`^export (type|const) ${name} `, 'm'));
  if (start === -1) throw new Error(`no export ${name} in:\n${code}`);
  const end = code.indexOf('\n\n', start);
  return code.slice(start, end === -1 ? undefined : end).trimEnd();
}

/** The text of the template literal a const holds, as JavaScript reads it (escapes undone). */
function documentText(code: string, name: string): string {
  const file = ts.createSourceFile('x.ts', code, ts.ScriptTarget.ES2022, true);
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    const [declaration] = statement.declarationList.declarations;
    if (declaration?.name.getText() !== name) continue;
    const value = declaration.initializer;
    if (value && ts.isAsExpression(value) && ts.isNoSubstitutionTemplateLiteral(value.expression)) {
      return value.expression.text;
    }
  }
  throw new Error(`no document ${name}`);
}

function problems(schema: string, documents: Parameters<typeof generateDocuments>[1]) {
  try {
    generateDocuments(schema, documents);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidDocumentError);
    expect((error as Error).name).toBe('InvalidDocumentError');
    const { problems: list, message } = error as InvalidDocumentError;
    expect(message).toBe(
      list.map((p) => `${p.path}:${p.line}:${p.column}: ${p.message}`).join('\n'),
    );
    return list;
  }
  throw new Error('expected an InvalidDocumentError');
}

describe('generateDocuments: results', () => {
  it('types exactly the selected fields, with nullability, lists, aliases and __typename', () => {
    const code = generateDocuments(LIBRARY, [
      `query GetBook($isbn: ID!) {
        __typename
        book(isbn: $isbn) { __typename id heading: title subtitle kind reviews { stars } }
        books { id }
        shelves { title }
        today
      }`,
    ]);
    expect(exported(code, 'GetBookQuery')).toBe(`export type GetBookQuery = {
  __typename: 'Query';
  book: {
    __typename: 'Book';
    id: string;
    heading: string;
    subtitle: string | null;
    kind: Kind;
    reviews:
      | readonly ({
          stars: number;
        } | null)[]
      | null;
  } | null;
  books: readonly {
    id: string;
  }[];
  shelves:
    | readonly (
        | readonly ({
            title: string;
          } | null)[]
        | null
      )[]
    | null;
  today: AWSDate;
};`);
    expect(code).toContain("export type Kind = 'NOVEL' | 'ESSAY';");
  });

  it('merges named and inline fragments, and the same field selected twice', () => {
    const code = generateDocuments(LIBRARY, [
      `query B {
        book(isbn: "1") {
          author { id }
          ...Parts
          ... on Book { title author { books { id } } }
          ... { kind }
        }
      }
      fragment Parts on Book { author { name } id }`,
    ]);
    expect(exported(code, 'BQuery')).toBe(`export type BQuery = {
  book: {
    author: {
      id: string;
      name: string;
      books: readonly {
        id: string;
      }[];
    };
    id: string;
    title: string;
    kind: Kind;
  } | null;
};`);
  });

  it('a union or interface: a member per object type, discriminated by __typename', () => {
    const code = generateDocuments(LIBRARY, [
      `query S {
        search(text: "x") { __typename ... on Book { title } ... on Node { id } }
        node(id: "1") { __typename }
      }`,
    ]);
    expect(exported(code, 'SQuery')).toBe(`export type SQuery = {
  search: readonly (
    | {
        __typename: 'Author';
        id: string;
      }
    | {
        __typename: 'Book';
        title: string;
        id: string;
      }
  )[];
  node:
    | {
        __typename: 'Author';
      }
    | {
        __typename: 'Book';
      }
    | null;
};`);
  });

  it('without __typename, object types that select the same fields are one member', () => {
    const code = generateDocuments(LIBRARY, [
      `query N {
        node(id: "1") { id }
        search(text: "x") { ... on Book { title } }
        other: search(text: "y") { ... on Node { id } }
        nothing { id }
      }`,
    ]);
    expect(exported(code, 'NQuery')).toBe(`export type NQuery = {
  node: {
    id: string;
  } | null;
  search: readonly (
    | { [key: string]: never }
    | {
        title: string;
      }
  )[];
  other: readonly {
    id: string;
  }[];
  nothing: null;
};`);
  });

  it('@skip and @include: optional when a variable decides, as written when a literal does', () => {
    const code = generateDocuments(LIBRARY, [
      `query C($yes: Boolean!, $no: Boolean!) {
        book(isbn: "1") {
          id @include(if: $yes)
          title @skip(if: $no) @log
          kind @include(if: true) @skip(if: false)
          subtitle @skip(if: true)
          publishedAt @include(if: false)
          author @include(if: $yes) { name }
          author { id }
          ... on Book @include(if: $yes) { reviews { stars } }
          ...More @skip(if: $no)
          ... @include(if: false) { id }
        }
        both: today @include(if: $yes)
        both: today
      }
      fragment More on Book { publishedAt }`,
    ]);
    expect(exported(code, 'CQuery')).toBe(`export type CQuery = {
  book: {
    id?: string;
    title?: string;
    kind: Kind;
    author: {
      name: string;
      id: string;
    };
    reviews?:
      | readonly ({
          stars: number;
        } | null)[]
      | null;
    publishedAt?: AWSTimestamp | null;
  } | null;
  both: AWSDate;
};`);
  });

  it('an operation or an object that selects nothing: an object without fields', () => {
    const code = generateDocuments(LIBRARY, [
      'query E { today @skip(if: true) }',
      'query F { books { id @skip(if: true) } book(isbn: "1") { id @include(if: false) } }',
    ]);
    expect(exported(code, 'EQuery')).toBe('export type EQuery = { [key: string]: never };');
    expect(exported(code, 'FQuery')).toBe(`export type FQuery = {
  books: readonly { [key: string]: never }[];
  book: { [key: string]: never } | null;
};`);
  });

  it('introspection fields, with the enums they use', () => {
    const code = generateDocuments(LIBRARY, [
      'query I { __schema { queryType { name } } __type(name: "Book") { kind name } }',
    ]);
    expect(exported(code, 'IQuery')).toBe(`export type IQuery = {
  __schema: {
    queryType: {
      name: string | null;
    };
  };
  __type: {
    kind: __TypeKind;
    name: string | null;
  } | null;
};`);
    expect(code).toMatch(/^export type __TypeKind =\n {2}\| 'SCALAR'\n/m);
  });

  it('mutations and subscriptions take their kind as the suffix', () => {
    const code = generateDocuments(LIBRARY, [
      'mutation Add($input: BookInput!) { addBook(input: $input) { id } }',
      'subscription OnBook($kind: Kind) { onBook(kind: $kind) { title } }',
    ]);
    expect(exported(code, 'AddMutation')).toBe(
      'export type AddMutation = {\n  addBook: {\n    id: string;\n  };\n};',
    );
    expect(exported(code, 'AddMutationVariables')).toBe(
      'export type AddMutationVariables = {\n  input: BookInput;\n};',
    );
    expect(code).toContain('}` as TypedDocument<OnBookSubscription, OnBookSubscriptionVariables>;');
    expect(exported(code, 'OnBookSubscriptionVariables')).toBe(
      'export type OnBookSubscriptionVariables = {\n  kind?: Kind | null;\n};',
    );
  });
});

describe('generateDocuments: variables and declarations', () => {
  it('required, nullable and defaulted variables; the input types they use, and no others', () => {
    const code = generateDocuments(LIBRARY, [
      `query V($isbn: ID!, $first: Int = 20, $size: Int! = 5, $kinds: [Kind!]) {
        book(isbn: $isbn) { id }
        books(first: $first, kinds: $kinds) { id }
        again: books(first: $size) { id }
        tagged: book(isbn: "1") @include(if: false) { id }
        shelves @skip(if: false) { __typename }
        search(text: "") { __typename }
        nothing @include(if: true) { id }
        node(id: "1") { id }
        today
        n: today
        m: today
        l: today
        k: today
        j: today
        i: today
        h: today
        g: today
        f: today
        e: today
        d: today
        c: today
        b: today
        a: today
      }`,
      'mutation T($meta: AWSJSON!, $input: BookInput!) { tag(isbn: "1", meta: $meta) addBook(input: $input) { id } }',
    ]);
    expect(exported(code, 'VQueryVariables')).toBe(`export type VQueryVariables = {
  isbn: string;
  first?: number | null;
  size?: number;
  kinds?: Kind[] | null;
};`);
    // The input types, the enums and scalars inside them, a recursive input: declared as
    // generateTypes declares them.
    expect(code).toContain(`export interface BookInput {
  title: string;
  kind?: Kind | null;
  authorIds: string[];
  shelf?: ShelfInput | null;
}`);
    expect(code).toContain(`export interface ShelfInput {
  name: string;
  parent?: ShelfInput | null;
  at?: AWSDateTime | null;
}`);
    expect(code).toContain(
      '/** An extended ISO 8601 date and time string with a time zone offset. */\nexport type AWSDateTime = string;',
    );
    // AppSync takes and returns AWSJSON as JSON text.
    expect(code).toContain(
      '/** JSON text: AppSync takes an AWSJSON variable, and returns an AWSJSON field, as a string. */\nexport type AWSJSON = string;',
    );
    expect(exported(code, 'TMutationVariables')).toContain('  meta: AWSJSON;');
    expect(exported(code, 'TMutation')).toContain('  tag: AWSJSON | null;');
    for (const unused of ['Unused', 'UnusedInput', 'AWSTime', 'ID', 'String', 'Int']) {
      expect(code).not.toMatch(new RegExp(`^export (type|interface) ${unused}\\b`, 'm'));
    }
  });

  it('an operation without variables takes none', () => {
    const code = generateDocuments(LIBRARY, ['query T { today }']);
    expect(exported(code, 'TQueryVariables')).toBe(
      'export type TQueryVariables = { [name: string]: never };',
    );
  });

  it('maps scalars as generateTypes does: variables as arguments, results as results', () => {
    expect(DEFAULT_DOCUMENT_SCALARS.AWSJSON).toBe('string');
    expect(DEFAULT_DOCUMENT_SCALARS.AWSTimestamp).toBe('number');
    const code = generateDocuments(
      `scalar Blob
       type Query { at(t: AWSTimestamp!, id: ID, b: Blob): AWSTimestamp, meta(m: AWSJSON): AWSJSON, blob: Blob }`,
      [
        'query Q($t: AWSTimestamp!, $id: ID, $m: AWSJSON, $b: Blob) { at(t: $t, id: $id, b: $b) meta(m: $m) blob }',
      ],
      {
        scalars: {
          AWSTimestamp: { input: 'number | bigint', output: 'number' },
          AWSJSON: 'Record<string, unknown>',
          ID: 'string & { readonly __brand?: "ID" }',
        },
      },
    );
    expect(code).toContain(
      '/** AWSTimestamp as a variable. */\nexport type AWSTimestampInput = number | bigint;\n/** AWSTimestamp in a result. */\nexport type AWSTimestamp = number;',
    );
    expect(code).toContain('export type AWSJSON = Record<string, unknown>;');
    expect(code).toContain('export type ID = string & { readonly __brand?: "ID" };');
    expect(code).toContain('export type Blob = unknown;');
    expect(exported(code, 'QQueryVariables')).toBe(`export type QQueryVariables = {
  t: AWSTimestampInput;
  id?: ID | null;
  m?: AWSJSON | null;
  b?: Blob | null;
};`);
    expect(exported(code, 'QQuery')).toBe(`export type QQuery = {
  at: AWSTimestamp | null;
  meta: AWSJSON | null;
  blob: Blob | null;
};`);
  });

  it('renames a schema type whose name the module takes, and an operation named by a keyword', () => {
    const code = generateDocuments(
      `type Query { a(t: TypedDocument, e: PQuery, s: string): Int }
       input TypedDocument { x: Int }
       enum PQuery { A }
       input string { y: Int }`,
      [
        'query P($t: TypedDocument, $e: PQuery, $s: string) { a(t: $t, e: $e, s: $s) }',
        'query delete { a } query delete_ { a } query TypedDocument { a }',
      ],
    );
    expect(code).toContain('export interface TypedDocument_ {');
    expect(code).toContain("export type PQuery_ = 'A';");
    expect(code).toContain('export interface string_ {');
    expect(exported(code, 'PQueryVariables')).toBe(`export type PQueryVariables = {
  t?: TypedDocument_ | null;
  e?: PQuery_ | null;
  s?: string_ | null;
};`);
    expect(code).toContain('export const delete__ = `query delete {');
    expect(code).toContain('export const delete_ = `query delete_ {');
    expect(code).toContain('export const TypedDocument_ = `query TypedDocument {');
    expect(code).toContain('as TypedDocument<deleteQuery, deleteQueryVariables>;');
  });
});

describe('generateDocuments: the documents', () => {
  it('is the operation and every fragment it uses, as graphql-js prints them', () => {
    const fragments = `
      fragment Unused on Post { id }
      fragment Person on User { id name }
      fragment Card on Post { title author { ...Person } comments { author { ...Person } } }`;
    const operation = `query GetPost($id: ID!) { getPost(id: $id) { ...Card  content } }`;
    const code = generateDocuments(BLOG, [
      { path: 'fragments.graphql', text: fragments },
      { path: 'get-post.graphql', text: `# A comment, which is not sent.\n${operation}` },
    ]);
    const expected = print(
      parse(
        `${operation}
        fragment Card on Post { title author { ...Person } comments { author { ...Person } } }
        fragment Person on User { id name }`,
      ),
    );
    expect(documentText(code, 'GetPost')).toBe(expected);
    expect(code).not.toContain('Unused');
    expect(code).not.toContain('not sent');
  });

  it('escapes what a template literal reads: \\, ` and ${', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: GraphQL text, which holds a ${
    const text = 'query Q { a: getPost(id: "`${x}` \\\\ \\" \\u00e9") { id } }';
    const code = generateDocuments(BLOG, [text]);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the ${ escaped in the template
    expect(code).toContain('getPost(id: "\\`\\${x}\\` \\\\\\\\ \\\\" é")');
    expect(documentText(code, 'Q')).toBe(print(parse(text)));
  });

  it('orders operations by name, whatever the order of the files and operations', () => {
    const a = 'query B { me { id } } query A { me { name } }';
    const b = 'mutation C($id: ID!) { deletePost(id: $id) { id } }';
    const code = generateDocuments(BLOG, [a, b]);
    expect(generateDocuments(BLOG, [b, a])).toBe(code);
    const order = [...code.matchAll(/^export const (\w+)/gm)].map((match) => match[1]);
    expect(order).toEqual(['A', 'B', 'C']);
  });

  it('writes the header, and nothing to import when there is no operation', () => {
    const code = generateDocuments(BLOG, ['fragment F on Post { id }'], {
      header: ['Regenerate: npm run codegen\nexport const x = 1;'],
    });
    expect(code).toBe(
      '// Generated by appsync-direct codegen from the AppSync schema and GraphQL documents. Do not edit.\n// Regenerate: npm run codegen\n// export const x = 1;\n',
    );
  });

  it('lays out long names as Biome does: after `=`, and the type arguments on their lines', () => {
    const long = `Get${'Very'.repeat(20)}LongPost`;
    // The first line of one fits, but not its last.
    const fits = `Get${'Long'.repeat(6)}Post`;
    const middle = `Get${'Long'.repeat(14)}`;
    const code = generateDocuments(BLOG, [
      `query ${long}($id: ID!) { getPost(id: $id) { id } }`,
      `query ${fits}($id: ID!) { getPost(id: $id) { id } }`,
      // Without variables or fields: objects that are flat unless too long.
      `query ${long}Empty { me @skip(if: true) { id } }`,
      `query ${middle} { me @skip(if: true) { id } }`,
    ]);
    expect(code).toContain(`export const ${long} =\n  \`query ${long}($id: ID!) {\n`);
    expect(code).toContain(
      `}\` as TypedDocument<\n    ${long}Query,\n    ${long}QueryVariables\n  >;`,
    );
    expect(code).toContain(`export const ${fits} = \`query ${fits}($id: ID!) {\n`);
    expect(code).toContain(`}\` as TypedDocument<\n  ${fits}Query,\n  ${fits}QueryVariables\n>;`);
    expect(code).toContain(
      `export type ${long}Query =\n  {\n    getPost: {\n      id: string;\n    } | null;\n  };`,
    );
    expect(code).toContain(`export type ${long}QueryVariables =\n  {\n    id: string;\n  };`);
    expect(code).toContain(`export type ${long}EmptyQuery =\n  { [key: string]: never };`);
    expect(code).toContain(`export type ${middle}Query = {\n  [key: string]: never;\n};`);
    expect(code).toContain(`export type ${middle}QueryVariables = {\n  [name: string]: never;\n};`);
    expect(biomeFormatAll([code])).toEqual([code]);
  });
});

describe('generateDocuments: errors name the file, the line and what is wrong', () => {
  const at = (path: string, line: number, column: number, message: string): DocumentProblem => ({
    path,
    line,
    column,
    message,
  });

  it('an anonymous operation', () => {
    expect(problems(BLOG, [{ path: 'a.graphql', text: '\n  { me { id } }' }])).toEqual([
      at(
        'a.graphql',
        2,
        3,
        'An anonymous query: give it a name, which names its document and types in the generated module (query GetPost { … }).',
      ),
    ]);
  });

  it('two operations of the same name, in two files', () => {
    expect(
      problems(BLOG, [
        { path: 'a.graphql', text: 'query Me { me { id } }' },
        { path: 'b.graphql', text: '\nmutation Me($id: ID!) { deletePost(id: $id) { id } }' },
      ]),
    ).toEqual([
      at(
        'b.graphql',
        2,
        10,
        'There is already an operation named "Me", at a.graphql:1:7: the name is that of an export, so operation names are unique across the documents.',
      ),
    ]);
  });

  it('an operation that is not valid against the schema, with graphql-js messages', () => {
    expect(
      problems(BLOG, [
        { path: 'z.graphql', text: 'query Z($unused: Int) { me { id } }' },
        {
          path: 'a.graphql',
          text: 'query A {\n  getPost(id: 1) { titel }\n  me { ...Missing }\n}',
        },
      ]),
    ).toEqual([
      at('a.graphql', 2, 20, 'Cannot query field "titel" on type "Post". Did you mean "title"?'),
      at('a.graphql', 3, 11, 'Unknown fragment "Missing".'),
      at('z.graphql', 1, 9, 'Variable "$unused" is never used in operation "Z".'),
    ]);
  });

  it('a fragment defined twice, naming both places', () => {
    expect(
      problems(BLOG, [
        { path: 'a.graphql', text: 'fragment F on User { id }' },
        { path: 'b.graphql', text: 'fragment F on User { name }\nquery Q { me { ...F } }' },
      ]),
    ).toEqual([
      at('a.graphql', 1, 10, 'There can be only one fragment named "F". (see also b.graphql:1:10)'),
    ]);
  });

  it('a syntax error, and definitions that are not operations', () => {
    expect(
      problems(BLOG, ['query Q {\n  me {\n}', 'type Extra { a: Int }\nquery R { me { id } }']),
    ).toEqual([
      at('document 1', 3, 1, 'Syntax Error: Expected Name, found "}".'),
      at('document 2', 1, 1, 'The "Extra" definition is not executable.'),
    ]);
  });

  it('a schema that is not valid is the schema error, as generateTypes throws it', () => {
    expect(() => generateDocuments('type Query { a: Nope }', ['query A { a }'])).toThrow(
      'Unknown type "Nope".',
    );
  });
});

describe('generateDocuments output is formatted as Biome formats it', { timeout: 60_000 }, () => {
  it('every layout of lists, nulls and unions of objects', () => {
    const schema = `
      type Query { o: O! }
      type O {
        s1: A! s2: A s3: U! s4: U s5: [A!]! s6: [A!] s7: [A]! s8: [A] s9: [U!]! s10: [U]!
        s11: [U] s12: [[A!]!]! s13: [[A]] s14: [[U!]!]! s15: [[A!]]! leaf: [[Int]] e: E
      }
      type A { a: String! }
      type B { b: String! }
      union U = A | B
      enum E { X }`;
    const fields = Array.from({ length: 15 }, (_, i) => `s${i + 1} { __typename ... on A { a } }`);
    const code = generateDocuments(
      schema,
      [
        `query Q { o { ${fields.join(' ')} leaf e } }`,
        // A leaf whose type does not fit on its line, in an object nested twice.
        'query L { o { nested: s1 { a } long: leaf } }',
      ],
      { scalars: { Int: `number | ${'Long'.repeat(12)} | bigint` } },
    );
    const [formatted] = biomeFormatAll([code]);
    expect(formatted).toBe(code);
  });
});
