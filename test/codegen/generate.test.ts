/**
 * generateTypes on the test schemas (test/codegen/schemas and the blog example): file snapshots,
 * determinism, Biome's formatting, and the meaning of what it writes, read back with the
 * TypeScript parser.
 */
import { readFileSync } from 'node:fs';
import { buildASTSchema, type DocumentNode, parse, print } from 'graphql';
import { describe, expect, it } from 'vitest';
import { generateTypes } from '../../src/codegen/generate.js';
import { buildAppSyncSchema } from '../../src/engine/schema.js';
import {
  biomeFormat,
  declarations,
  type Property,
  readSchema,
  root,
  type SchemaName,
  schemaNames,
} from './helpers.js';

const generated = Object.fromEntries(
  schemaNames.map((name) => [name, generateTypes(readSchema(name))]),
) as Record<SchemaName, string>;
const edge = declarations(generated.edge);
const commerce = declarations(generated.commerce);
const appsync = readFileSync(`${root}/appsync.graphql`, 'utf8');

function property(
  file: ReturnType<typeof declarations>,
  type: string,
  name: string,
): Property | undefined {
  return file.interfaces.get(type)?.get(name);
}

function reordered(sdl: string, order: (definitions: DocumentNode['definitions']) => unknown[]) {
  const document = parse(sdl);
  return print({ ...document, definitions: order(document.definitions) } as DocumentNode);
}

describe('generateTypes snapshots', () => {
  // The blog example's snapshot is examples/blog/schema.generated.ts itself, which `npm test` and
  // test/codegen-cli.test.ts keep equal to what its schema generates.
  it.each(schemaNames.filter((name) => name !== 'blog'))('%s', async (name) => {
    await expect(generated[name]).toMatchFileSnapshot(`./__snapshots__/${name}.generated.ts`);
  });
});

describe('generateTypes is deterministic', () => {
  it.each(schemaNames)('%s: the same output on every call', (name) => {
    expect(generateTypes(readSchema(name))).toBe(generated[name]);
  });

  it.each(schemaNames)('%s: the order of the type definitions does not matter', (name) => {
    const sdl = readSchema(name);
    const reversed = reordered(sdl, (definitions) => [...definitions].reverse());
    // Every third definition first, then the rest: a different order again.
    const interleaved = reordered(sdl, (definitions) => [
      ...definitions.filter((_, i) => i % 3 === 0),
      ...definitions.filter((_, i) => i % 3 !== 0),
    ]);
    expect(reversed).not.toBe(print(parse(sdl)));
    expect(generateTypes(reversed)).toBe(generated[name]);
    expect(generateTypes(interleaved)).toBe(generated[name]);
  });

  it.each(schemaNames)('%s: a schema object gives what its SDL gives', (name) => {
    const sdl = readSchema(name);
    expect(generateTypes(buildAppSyncSchema(sdl))).toBe(generated[name]);
    // As GraphQL Code Generator builds it: plain graphql-js, with appsync.graphql declaring the
    // AppSync scalars and directives.
    expect(generateTypes(buildASTSchema(parse(`${appsync}\n${sdl}`)))).toBe(generated[name]);
  });
});

describe('generateTypes output is formatted as Biome formats it', { timeout: 60_000 }, () => {
  it.each(schemaNames)('%s', (name) => {
    expect(biomeFormat(generated[name])).toBe(generated[name]);
  });

  it('with the header and scalars options', () => {
    const code = generateTypes(readSchema('commerce'), {
      header: ['Regenerate with: npm run codegen'],
      scalars: {
        AWSJSON: { input: 'string', output: 'Record<string, unknown> | readonly unknown[]' },
        AWSTimestamp: 'number | bigint',
        ID: 'string & { readonly brand: unique symbol }',
      },
    });
    expect(biomeFormat(code)).toBe(code);
  });
});

describe('nullability', () => {
  // [GraphQL type, the object field's type, whether the object field is optional, the result]
  const outputs = [
    ['scalar', 'String', 'string | null', true],
    ['scalarNonNull', 'String!', 'string', false],
    ['list', '[String]', 'readonly (string | null)[] | null', true],
    ['listOfNonNull', '[String!]', 'readonly string[] | null', true],
    ['nonNullList', '[String]!', 'readonly (string | null)[]', false],
    ['nonNullListOfNonNull', '[String!]!', 'readonly string[]', false],
    ['nested', '[[Int!]]!', 'readonly (readonly number[] | null)[]', false],
    [
      'deeper',
      '[[[Float]!]]',
      'readonly (readonly (readonly (number | null)[])[] | null)[] | null',
      true,
    ],
  ] as const;

  it.each(outputs)('Shapes.%s: %s is %s in a result', (name, _graphql, type, optional) => {
    expect(property(edge, 'Shapes', name)).toEqual({ optional, type });
    expect(edge.schema.get(`Shapes.${name}`)).toEqual({
      args: '{ [name: string]: undefined }',
      source: 'Shapes',
      result: type,
    });
  });

  // Arguments and input fields are mutable arrays: they are the resolver's own copy.
  it.each([
    ['term', 'String', 'term?: string | null'],
    ['after', 'String!', 'after: string'],
    ['tags', '[String!]', 'tags?: string[] | null'],
    ['ids', '[ID!]! = []', 'ids?: string[]'],
  ])('RootQuery.search(%s: %s) is %s', (name, _graphql, text) => {
    expect(edge.schema.get('RootQuery.search')?.args).toContain(`${text};`);
    expect(edge.schema.get('RootQuery.search')?.args).toMatch(new RegExp(`\\b${name}\\??:`));
  });

  it('a nullable input list of non-null lists of nullable items', () => {
    expect(property(edge, 'UpdateInput', 'matrix')).toEqual({
      optional: true,
      type: '(number | null)[][] | null',
    });
  });
});

describe('which object fields are optional', () => {
  it('a non-null scalar or enum field is required: no other resolver serves it', () => {
    expect(property(edge, 'Shapes', 'scalarNonNull')?.optional).toBe(false);
    expect(property(edge, 'Shapes', 'order')).toEqual({ optional: false, type: 'SortOrder' });
    expect(property(edge, 'Shapes', 'orders')).toEqual({
      optional: false,
      type: 'readonly SortOrder[]',
    });
    expect(property(commerce, 'Money', 'amount')).toEqual({ optional: false, type: 'number' });
    expect(property(commerce, 'Order', 'createdAt')).toEqual({
      optional: false,
      type: 'AWSDateTime',
    });
  });

  it('a nullable field is optional: a resolver may leave it out', () => {
    expect(property(edge, 'Shapes', 'when')).toEqual({
      optional: true,
      type: 'AWSDateTime | null',
    });
    expect(property(commerce, 'Product', 'description')).toEqual({
      optional: true,
      type: 'string | null',
    });
  });

  it('an object, interface or union field is optional, even when non-null', () => {
    expect(property(edge, 'Shapes', 'children')).toEqual({
      optional: true,
      type: 'readonly Shapes[]',
    });
    expect(property(commerce, 'ProductVariant', 'product')).toEqual({
      optional: true,
      type: 'Product',
    });
    expect(property(commerce, 'Payment', 'method')).toEqual({
      optional: true,
      type: 'PaymentMethod',
    });
    expect(property(commerce, 'Promotion', 'discount')).toEqual({
      optional: true,
      type: 'Discount',
    });
  });

  it('a field with arguments is optional, even a non-null scalar', () => {
    expect(property(edge, 'Shapes', 'count')).toEqual({ optional: true, type: 'number' });
    expect(property(commerce, 'ProductImage', 'resized')).toEqual({
      optional: true,
      type: 'AWSURL',
    });
  });

  it('every object type has an optional __typename of its own name', () => {
    for (const [name, properties] of commerce.interfaces) {
      if (name === 'Schema' || !properties.has('__typename')) continue;
      expect(properties.get('__typename')).toEqual({ optional: true, type: `'${name}'` });
    }
    expect(property(commerce, 'Product', '__typename')).toEqual({
      optional: true,
      type: "'Product'",
    });
  });
});

describe('arguments and input fields', () => {
  // AppSync leaves out what the client left out, defaults or not (aws-appsync-community#59).
  it('an argument with a default may be absent; null only when its type is nullable', () => {
    expect(edge.schema.get('RootQuery.search')?.args).toBe(
      '{ term?: string | null; first?: number | null; after: string; sort?: SortOrder; ' +
        'tags?: string[] | null; ids?: string[]; legacyFilter?: string | null }',
    );
    expect(edge.schema.get('RootMutation.update')?.args).toBe(
      '{ input: UpdateInput; dryRun?: boolean | null }',
    );
    expect(commerce.schema.get('Product.images')?.args).toBe('{ limit?: number | null }');
    expect(commerce.schema.get('Product.reviews')?.args).toBe(
      '{ status?: ReviewStatus | null; limit?: number | null; nextToken?: string | null }',
    );
  });

  it('an input field with a default may be absent the same way; nested inputs by name', () => {
    expect(edge.interfaces.get('UpdateInput')).toEqual(
      new Map([
        ['id', { optional: false, type: 'string' }],
        ['name', { optional: true, type: 'string | null' }],
        ['page', { optional: true, type: 'PageInput | null' }],
        ['filters', { optional: true, type: 'FilterInput[] | null' }],
        ['matrix', { optional: true, type: '(number | null)[][] | null' }],
        ['mode', { optional: true, type: 'SortOrder | null' }],
        ['note', { optional: true, type: 'string | null' }],
      ]),
    );
    expect(edge.interfaces.get('PageInput')).toEqual(
      new Map([
        ['size', { optional: true, type: 'number' }],
        ['cursor', { optional: true, type: 'string | null' }],
      ]),
    );
    expect(property(edge, 'FilterInput', 'nested')).toEqual({
      optional: true,
      type: 'FilterInput | null',
    });
    expect(property(commerce, 'CheckoutInput', 'fulfillment')).toEqual({
      optional: true,
      type: 'FulfillmentMethod',
    });
    expect(property(commerce, 'CheckoutInput', 'payment')).toEqual({
      optional: false,
      type: 'PaymentInput',
    });
    expect(property(commerce, 'PromotionInput', 'rules')).toEqual({
      optional: true,
      type: 'AWSJSONInput | null',
    });
  });

  it('inputs have no __typename', () => {
    for (const name of ['UpdateInput', 'PageInput', 'FilterInput']) {
      expect(edge.interfaces.get(name)?.has('__typename')).toBe(false);
    }
  });

  it('a field without arguments has an args type no key fits', () => {
    expect(edge.schema.get('RootQuery.ping')?.args).toBe('{ [name: string]: undefined }');
  });
});

describe('enums', () => {
  it('are unions of their value names as strings, deprecated values included', () => {
    expect(edge.aliases.get('SortOrder')).toBe("'ASC' | 'DESC' | 'RANDOM'");
    expect(commerce.aliases.get('OrderStatus')).toBe(
      "'PENDING' | 'PAID' | 'FULFILLING' | 'SHIPPED' | 'DELIVERED' | 'CANCELLED' | 'REFUNDED'",
    );
    expect(generated.commerce).toContain(
      "export type OrderStatus =\n  | 'PENDING'\n  | 'PAID'\n  | 'FULFILLING'\n",
    );
    expect(generated.commerce).toContain("export type SortDirection = 'ASC' | 'DESC';");
  });

  it('are used by name in fields, arguments and input fields', () => {
    expect(commerce.schema.get('Query.myOrders')?.args).toBe(
      '{ status?: OrderStatus | null; limit?: number | null; nextToken?: string | null }',
    );
    expect(property(commerce, 'ProductFilterInput', 'status')).toEqual({
      optional: true,
      type: 'ProductStatus[] | null',
    });
  });
});

describe('interfaces and unions', () => {
  const members = (name: string): string[] =>
    [...(commerce.aliases.get(name) ?? '').matchAll(/__typename: '(\w+)'/g)].map(
      (match) => match[1] ?? '',
    );

  it('are unions of their object types, each with a required __typename', () => {
    expect(commerce.aliases.get('SearchResult')).toBe(
      "(Brand & { __typename: 'Brand' }) | (Category & { __typename: 'Category' }) | " +
        "(Product & { __typename: 'Product' })",
    );
    expect(members('PaymentMethod')).toEqual(['CardPayment', 'InvoicePayment', 'WalletPayment']);
    expect(members('CheckoutResult')).toEqual(['CheckoutError', 'Order']);
    expect(members('StaffOrCustomer')).toEqual(['Customer', 'StaffMember']);
    expect(members('Discount')).toEqual([
      'FixedAmountDiscount',
      'FreeShippingDiscount',
      'PercentageDiscount',
    ]);
  });

  it('an interface that implements an interface: both are unions of the object types', () => {
    expect(members('Catalogued')).toEqual(['Brand', 'Category', 'Product']);
    expect(members('Timestamped')).toEqual([
      'Brand',
      'Category',
      'Customer',
      'Order',
      'Product',
      'Review',
      'Shipment',
    ]);
    expect(members('Node')).toEqual([
      'Brand',
      'Category',
      'Customer',
      'Order',
      'Payment',
      'Product',
      'ProductVariant',
      'Refund',
      'Review',
      'Shipment',
      'StaffMember',
      'Warehouse',
    ]);
    expect(members('Actor')).toEqual(['Customer', 'StaffMember']);
  });

  it('interfaces get no fields of their own in the Schema map', () => {
    const keys = [...commerce.schema.keys()];
    expect(
      keys.filter((key) => /^(Node|Catalogued|Timestamped|Actor|Discount)\./.test(key)),
    ).toEqual([]);
    expect(keys).toContain('Product.slug');
    expect(commerce.schema.get('Query.node')?.result).toBe('Node | null');
    expect(commerce.schema.get('Query.search')?.result).toBe('readonly SearchResult[]');
  });
});

describe('root types', () => {
  it('have no interface of their own, and their fields have a null source', () => {
    for (const root of ['RootQuery', 'RootMutation']) {
      expect(edge.interfaces.has(root)).toBe(false);
    }
    expect(commerce.interfaces.has('Query')).toBe(false);
    expect(commerce.interfaces.has('Subscription')).toBe(false);
    for (const [key, entry] of [...edge.schema, ...commerce.schema]) {
      const typeName = key.split('.')[0] ?? '';
      const isRoot = ['RootQuery', 'RootMutation', 'Query', 'Mutation', 'Subscription'].includes(
        typeName,
      );
      expect(entry.source === 'null', key).toBe(isRoot);
    }
  });

  it('come first in the Schema map, query, mutation then subscription, by their own names', () => {
    const keys = [...edge.schema.keys()];
    expect(keys.slice(0, 9)).toEqual([
      'RootQuery.shapes',
      'RootQuery.search',
      'RootQuery.typed',
      'RootQuery.schema',
      'RootQuery.blob',
      'RootQuery.ping',
      'RootMutation.update',
      'RootMutation.reset',
      'Schema.name',
    ]);
    const roots = [...commerce.schema.keys()].map((key) => key.split('.')[0]);
    const firstOther = roots.findIndex(
      (name) => !/^(Query|Mutation|Subscription)$/.test(name ?? ''),
    );
    expect([...new Set(roots.slice(0, firstOther))]).toEqual(['Query', 'Mutation', 'Subscription']);
    expect(commerce.schema.get('Subscription.onOrderStatusChanged')).toEqual({
      args: '{ id: string }',
      source: 'null',
      result: 'Order | null',
    });
  });

  it('the Schema map has every field of every object type, and nothing else', () => {
    const schema = buildAppSyncSchema(readSchema('commerce'));
    const expected = Object.values(schema.getTypeMap())
      .filter(
        (type) => !type.name.startsWith('__') && type.constructor.name === 'GraphQLObjectType',
      )
      .flatMap((type) =>
        Object.keys((type as import('graphql').GraphQLObjectType).getFields()).map(
          (field) => `${type.name}.${field}`,
        ),
      );
    expect([...commerce.schema.keys()].sort()).toEqual(expected.sort());
    expect(commerce.schema.size).toBeGreaterThan(300);
  });
});

describe('names TypeScript does not accept for a type', () => {
  it('are written with an underscore, and every reference uses the new name', () => {
    expect(edge.aliases.get('type_')).toBe("'A' | 'B'");
    expect(edge.aliases.get('string_')).toBe('unknown');
    expect(edge.interfaces.has('object_')).toBe(true);
    expect(edge.interfaces.has('null_')).toBe(true);
    expect(edge.interfaces.get('Schema_')?.get('__typename')?.type).toBe("'Schema'");
    expect(edge.interfaces.get('object_')).toEqual(
      new Map([
        ['__typename', { optional: true, type: "'object'" }],
        ['type', { optional: true, type: 'type_ | null' }],
        ['kind', { optional: true, type: 'string_ | null' }],
        ['nothing', { optional: true, type: 'null_ | null' }],
        ['self', { optional: true, type: 'object_ | null' }],
      ]),
    );
    expect(edge.schema.get('RootQuery.typed')).toEqual({
      args: '{ value?: type_ | null; kind?: string_ | null }',
      source: 'null',
      result: 'object_ | null',
    });
    expect(edge.schema.get('RootQuery.schema')?.result).toBe('Schema_ | null');
    // The keys keep the GraphQL names; the sources use the TypeScript ones.
    expect(edge.schema.get('object.self')).toEqual({
      args: '{ [name: string]: undefined }',
      source: 'object_',
      result: 'object_ | null',
    });
    expect(edge.schema.get('Schema.parent')?.source).toBe('Schema_');
    expect(generated.edge).not.toMatch(/export (type|interface) (type|string|object|null) /);
  });

  it('only the Schema map is named Schema', () => {
    expect(generated.edge.match(/^export interface Schema\b/gm)).toEqual([
      'export interface Schema',
    ]);
    expect(generated.edge).toContain('export interface Schema_ {');
  });
});

describe('scalars', () => {
  it('AppSync scalars have string or number aliases, declared only when used', () => {
    expect(commerce.aliases.get('AWSDate')).toBe('string');
    expect(commerce.aliases.get('AWSTime')).toBe('string');
    expect(commerce.aliases.get('AWSDateTime')).toBe('string');
    expect(commerce.aliases.get('AWSTimestamp')).toBe('number');
    expect(commerce.aliases.get('AWSEmail')).toBe('string');
    expect(commerce.aliases.get('AWSURL')).toBe('string');
    expect(commerce.aliases.get('AWSPhone')).toBe('string');
    expect(commerce.aliases.get('AWSIPAddress')).toBe('string');
    expect(commerce.aliases.get('AWSJSON')).toBe('unknown');
    expect(commerce.aliases.get('AWSJSONInput')).toBe(
      'string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown }',
    );
    const blog = declarations(generated.blog);
    expect([...blog.aliases.keys()]).toEqual(['AWSDateTime']);
  });

  it('AWSJSON is parsed JSON in arguments and unknown in results', () => {
    expect(commerce.schema.get('Mutation.updateStoreSettings')?.args).toContain(
      'featureFlags?: AWSJSONInput | null',
    );
    expect(commerce.schema.get('StoreSettings.featureFlags')?.result).toBe('AWSJSON');
    expect(property(commerce, 'Product', 'attributes')?.type).toBe('AWSJSON | null');
    expect(property(commerce, 'VariantInput', 'options')?.type).toBe('AWSJSONInput');
  });

  it('every AppSync scalar is used by a field and by an argument of the large schema', () => {
    for (const scalar of [
      'AWSDate',
      'AWSTime',
      'AWSDateTime',
      'AWSTimestamp',
      'AWSEmail',
      'AWSJSON',
      'AWSURL',
      'AWSPhone',
      'AWSIPAddress',
    ]) {
      const entries = [...commerce.schema.values()];
      const input = scalar === 'AWSJSON' ? 'AWSJSONInput' : scalar;
      expect(
        entries.some((entry) => entry.result.includes(scalar)),
        scalar,
      ).toBe(true);
      expect(
        entries.some((entry) => new RegExp(`: ${input}\\b`).test(entry.args)),
        scalar,
      ).toBe(true);
    }
  });

  it('a custom scalar without a mapping is unknown', () => {
    expect(edge.aliases.get('Blob')).toBe('unknown');
    expect(edge.schema.get('RootQuery.blob')).toEqual({
      args: '{ value: Blob }',
      source: 'null',
      result: 'Blob | null',
    });
  });

  it('the scalars option maps a scalar for both directions, or each on its own', () => {
    const code = generateTypes(readSchema('edge'), {
      scalars: {
        AWSDateTime: 'Date',
        Blob: { input: 'string', output: 'Uint8Array | string' },
      },
    });
    const file = declarations(code);
    expect(file.aliases.get('AWSDateTime')).toBe('Date');
    expect(file.aliases.get('BlobInput')).toBe('string');
    expect(file.aliases.get('Blob')).toBe('Uint8Array | string');
    expect(file.schema.get('RootQuery.blob')).toEqual({
      args: '{ value: BlobInput }',
      source: 'null',
      result: 'Blob | null',
    });
    expect(property(file, 'Shapes', 'when')?.type).toBe('AWSDateTime | null');
    // The same mapping on both sides: one alias.
    const same = declarations(
      generateTypes(readSchema('edge'), {
        scalars: { Blob: { input: 'string', output: 'string' } },
      }),
    );
    expect(same.aliases.get('Blob')).toBe('string');
    expect(same.aliases.has('BlobInput')).toBe(false);
  });

  it('the scalars option overrides a built-in scalar with an alias; the others stay inline', () => {
    const file = declarations(
      generateTypes(readSchema('blog'), { scalars: { ID: 'number', AWSJSON: 'string' } }),
    );
    expect(file.aliases.get('ID')).toBe('number');
    expect(file.aliases.has('AWSJSON')).toBe(false);
    expect(file.schema.get('Query.getPost')).toEqual({
      args: '{ id: ID }',
      source: 'null',
      result: 'Post | null',
    });
    expect(property(file, 'Post', 'id')).toEqual({ optional: false, type: 'ID' });
    expect(property(file, 'Post', 'title')).toEqual({ optional: false, type: 'string' });
  });
});

describe('the header option', () => {
  it('adds comment lines after the first line', () => {
    const code = generateTypes(readSchema('blog'), {
      header: ['Regenerate with: npm run example:codegen', 'Source: examples/blog/schema.graphql'],
    });
    expect(code.split('\n').slice(0, 4)).toEqual([
      '// Generated by appsync-direct codegen from the AppSync schema. Do not edit.',
      '// Regenerate with: npm run example:codegen',
      '// Source: examples/blog/schema.graphql',
      '',
    ]);
    expect(code.split('\n').slice(3).join('\n')).toBe(
      generated.blog.split('\n').slice(1).join('\n'),
    );
  });

  it('is empty by default', () => {
    expect(generated.blog.split('\n').slice(0, 2)).toEqual([
      '// Generated by appsync-direct codegen from the AppSync schema. Do not edit.',
      '',
    ]);
  });
});

describe('descriptions and deprecations', () => {
  it('a block description is a TSDoc comment, its */ escaped', () => {
    expect(generated.edge).toContain(
      [
        '/**',
        ' * Each nullability of a field.',
        ' *',
        ' * A second paragraph, with a comment terminator *\\/ that must not end the TSDoc comment,',
        ' *   an indented line, and /* an opening one.',
        ' */',
        'export interface Shapes {',
      ].join('\n'),
    );
    expect(generated.edge).toContain(
      '/**\n * An input with nested inputs, lists and defaults.\n *     Indented line.\n *\n' +
        ' * Trailing paragraph.\n */\nexport interface UpdateInput {',
    );
  });

  it('one-line descriptions of types, fields, arguments and input fields', () => {
    expect(generated.edge).toContain('/** The order of a list. */\nexport type SortOrder =');
    expect(generated.edge).toContain(
      '  /** Defaults to the first page. */\n  page?: PageInput | null;',
    );
    expect(generated.edge).toContain(
      '      /** The page to start from. *\\/ Ends nothing. */\n      after: string;',
    );
    expect(generated.commerce).toContain(
      '  /** The amount formatted for display, such as `€12.50`. */\n  formatted: string;',
    );
  });

  it('@deprecated fields, arguments and input fields, with their reasons', () => {
    expect(generated.edge).toContain('      /** @deprecated Use `term`. */\n      legacyFilter?:');
    expect(generated.edge).toContain('  /** @deprecated Unused. */\n  note?: string | null;');
    expect(generated.edge).toContain(
      '  /**\n   * @deprecated Gone.\n   * See the changelog.\n   */\n  legacy?: string | null;',
    );
    expect(generated.commerce).toContain(
      '  /**\n   * Kept for old mobile clients.\n   * @deprecated Use `images(limit: 1)`.\n   */\n' +
        '  thumbnailUrl?: AWSURL | null;',
    );
  });

  it('no comment ends early: every */ closes a comment that starts on its line or above', () => {
    for (const name of schemaNames) {
      const code = generated[name];
      const comments = code.match(/\/\*\*[\s\S]*?\*\//g) ?? [];
      for (const comment of comments) {
        // A TSDoc comment ends at its last line: nothing but `*/` after the text.
        expect(comment.trimEnd().endsWith('*/'), comment).toBe(true);
        expect(comment.slice(0, -2).includes('*/'), comment).toBe(false);
        expect(
          comment
            .split('\n')
            .slice(1)
            .every((line) => /^\s*\*/.test(line)),
          comment,
        ).toBe(true);
      }
    }
  });
});
