/**
 * The generated files compile under the project's strict tsconfig (exactOptionalPropertyTypes,
 * noUncheckedIndexedAccess, verbatimModuleSyntax, isolatedModules...), and createResolver<Schema>()
 * accepts correct resolvers for the large schema and rejects wrong ones with the expected errors;
 * the typed operations compile too, and the client takes right variables and rejects wrong ones.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDocuments } from '../../src/codegen/documents.js';
import { generateTypes } from '../../src/codegen/generate.js';
import { readSchema, root, schemaNames, TypeChecker } from './helpers.js';

// The TypeScript compiler on the standard library and the project: seconds, not milliseconds.
const checker = new TypeChecker();
const commerce = generateTypes(readSchema('commerce'));

/** The diagnostics of each file, as `code line: message`, by file name. */
function byFile(files: Record<string, string>): Record<string, string[]> {
  const result: Record<string, string[]> = Object.fromEntries(
    Object.keys(files).map((name) => [name, []]),
  );
  for (const problem of checker.check(files)) {
    const lines = result[problem.file] ?? [];
    lines.push(`${problem.code} ${problem.line}: ${problem.message}`);
    result[problem.file] = lines;
  }
  return result;
}

const codes = (lines: readonly string[] | undefined): number[] =>
  (lines ?? []).map((line) => Number(line.split(' ')[0]));

describe('the generated files compile under the project tsconfig', { timeout: 60_000 }, () => {
  it('checks with the options of tsconfig.json', () => {
    expect(checker.options).toMatchObject({
      strict: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      verbatimModuleSyntax: true,
      isolatedModules: true,
    });
  });

  it('every test schema, with and without options: no diagnostics', () => {
    const files: Record<string, string> = {};
    for (const name of schemaNames) {
      files[`${name}.generated.ts`] = generateTypes(readSchema(name));
      files[`${name}.options.generated.ts`] = generateTypes(readSchema(name), {
        header: ['Regenerate with: npm run codegen'],
        scalars: {
          ID: 'string & { readonly __brand?: "ID" }',
          AWSJSON: { input: 'string', output: 'Record<string, unknown> | readonly unknown[]' },
          AWSTimestamp: 'number | bigint',
          Blob: { input: 'string', output: 'Uint8Array' },
          String: { input: 'string', output: 'string | number' },
        },
      });
    }
    expect(byFile(files)).toEqual(Object.fromEntries(Object.keys(files).map((name) => [name, []])));
  });
});

const imports = `import { createResolver } from 'appsync-direct';
import type * as T from './commerce.generated.js';

const app = createResolver<T.Schema>();
`;

const correct = `${imports}
const product: T.Product = {
  id: 'p1',
  createdAt: '2026-01-01T00:00:00Z',
  slug: 'mug',
  name: 'Mug',
  status: 'ACTIVE',
  reviewCount: 0,
  tags: [],
};

app.resolver('Query.product', async (ctx) => {
  const id: string | null | undefined = ctx.args.id;
  const slug: string | null | undefined = ctx.args.slug;
  const source: null = ctx.source;
  return id === 'p1' || slug === 'mug' || source !== null ? product : null;
});

app.resolver('Query.products', (ctx) => {
  const limit: number | null | undefined = ctx.args.limit;
  const sort: T.ProductSortInput[] | null | undefined = ctx.args.sort;
  const field: T.ProductSortField | undefined = sort?.[0]?.field;
  const min: number | undefined = ctx.args.filter?.price?.min?.amount;
  return { items: limit === 0 || field === 'NAME' || min === 0 ? [] : [product], nextToken: null };
});

app.resolver('Query.search', (): T.SearchResult[] => [
  { __typename: 'Product', ...product },
  { __typename: 'Brand', id: 'b1', createdAt: '2026-01-01T00:00:00Z', slug: 'acme', name: 'Acme' },
]);

app.resolver('Mutation.checkout', async (ctx): Promise<T.CheckoutResult> => {
  const token: string = ctx.args.input.payment.token;
  const fulfillment: T.FulfillmentMethod = ctx.args.input.fulfillment ?? 'SHIPPING';
  const metadata: T.AWSJSONInput | null | undefined = ctx.args.input.metadata;
  if (token === '' || fulfillment === 'PICKUP' || metadata === null) {
    return { __typename: 'CheckoutError', code: 'PAYMENT_DECLINED', message: 'Declined.' };
  }
  return {
    __typename: 'Order',
    id: 'o1',
    createdAt: '2026-01-01T00:00:00Z',
    number: '1001',
    email: 'a@example.com',
    status: 'PAID',
    currency: 'EUR',
    fulfillment,
    placedAt: 1767225600,
  };
});

app.resolver('Mutation.updateStoreSettings', (ctx): T.StoreSettings => ({
  name: ctx.args.name ?? 'Store',
  supportEmail: ctx.args.supportEmail ?? 'help@example.com',
  currencies: ['EUR', 'USD'],
  defaultCurrency: 'EUR',
  featureFlags: ctx.args.featureFlags ?? {},
}));

app.batchResolver('Product.variants', (ctxs) =>
  ctxs.map((ctx): T.ProductVariant[] | Error =>
    ctx.source.status === 'ARCHIVED' ? new Error(ctx.source.id) : [],
  ),
);

app.resolver('Order.total', (ctx) => ({
  amount: ctx.source.lines?.length ?? 0,
  currency: ctx.source.currency,
  formatted: ctx.source.number,
}));

app.resolver('Customer.orders', (ctx) => {
  const status: T.OrderStatus | null | undefined = ctx.args.status;
  const limit: number | null | undefined = ctx.args.limit;
  return { items: [], nextToken: status ?? String(limit) };
});

app.resolver('Warehouse.levels', (ctx) => {
  const lowStockOnly: boolean | null | undefined = ctx.args.lowStockOnly;
  const opensAt: T.AWSTime = ctx.source.opensAt;
  return { items: [], nextToken: lowStockOnly ? opensAt : null };
});

app.resolver('Subscription.onOrderStatusChanged', (ctx) => {
  const id: string = ctx.args.id;
  return id === '' ? null : null;
});

app.resolver('AuditLogEntry.actor', (ctx): T.StaffOrCustomer | null =>
  ctx.source.action === 'LOGIN'
    ? { __typename: 'StaffMember', id: '1', email: 'x@example.com', displayName: 'X', role: 'ADMIN', active: true }
    : null,
);

export const handler = app.handler();
`;

describe('createResolver<Schema>() with the large schema', { timeout: 60_000 }, () => {
  it('accepts correct resolvers, and rejects each mistake with the expected error', () => {
    const wrong = {
      // A field the schema does not have.
      'unknown-key.ts': `${imports}app.resolver('Query.prodcut', () => null);\n`,
      // An argument the field does not take.
      'unknown-arg.ts': `${imports}app.resolver('Query.product', (ctx) => ctx.args.sku ?? null);\n`,
      // A result of the wrong type: a number of reviews as a string.
      'wrong-result.ts': `${imports}app.resolver('Product.reviewCount', () => '3');\n`,
      // A field of a parent value that the object type does not have.
      'unknown-source-field.ts': `${imports}app.resolver('Order.total', (ctx) => ctx.source.grandTotal);\n`,
      // A union member without the __typename that names it.
      'missing-typename.ts': `${imports}app.resolver('Query.search', () => [
  { id: 'b1', createdAt: '2026-01-01T00:00:00Z', slug: 'acme', name: 'Acme' },
]);\n`,
      // An enum value the schema does not have.
      'unknown-enum-value.ts': `${imports}app.resolver('Query.storeSettings', () => ({
  name: 'Store',
  supportEmail: 'help@example.com',
  currencies: ['EUR' as const],
  defaultCurrency: 'CHF' as const,
  featureFlags: {},
}));\n`,
      // A required field left out of a result: a product without its slug.
      'missing-required.ts': `${imports}app.resolver('Query.product', () => ({
  id: 'p1',
  createdAt: '2026-01-01T00:00:00Z',
  name: 'Mug',
  status: 'ACTIVE' as const,
  reviewCount: 0,
  tags: [],
}));\n`,
      // undefined for an optional field: exactOptionalPropertyTypes wants it left out (or null).
      'explicit-undefined.ts': `${imports}const money: T.Money = { amount: 1, currency: 'EUR', formatted: '1' };
app.resolver('Product.priceFrom', () => money);
export const variant: T.ProductVariant = {
  id: 'v1',
  sku: 's',
  title: 't',
  weightUnit: 'GRAMS',
  options: {},
  inStock: true,
  barcode: undefined,
};\n`,
    };
    const diagnostics = byFile({
      'commerce.generated.ts': commerce,
      'usage.ts': correct,
      ...wrong,
    });
    expect(diagnostics['commerce.generated.ts']).toEqual([]);
    expect(diagnostics['usage.ts']).toEqual([]);
    expect({
      'unknown-key.ts': codes(diagnostics['unknown-key.ts']),
      'unknown-arg.ts': codes(diagnostics['unknown-arg.ts']),
      'wrong-result.ts': codes(diagnostics['wrong-result.ts']),
      'unknown-source-field.ts': codes(diagnostics['unknown-source-field.ts']),
      'missing-typename.ts': codes(diagnostics['missing-typename.ts']),
      'unknown-enum-value.ts': codes(diagnostics['unknown-enum-value.ts']),
      'missing-required.ts': codes(diagnostics['missing-required.ts']),
      'explicit-undefined.ts': codes(diagnostics['explicit-undefined.ts']),
    }).toEqual({
      'unknown-key.ts': [2345],
      'unknown-arg.ts': [2339],
      'wrong-result.ts': [2322],
      'unknown-source-field.ts': [2339],
      'missing-typename.ts': [2322],
      'unknown-enum-value.ts': [2322],
      'missing-required.ts': [2322],
      'explicit-undefined.ts': [2375],
    });
    expect(diagnostics['unknown-key.ts']?.[0]).toContain(`'"Query.prodcut"'`);
    expect(diagnostics['unknown-arg.ts']?.[0]).toContain(`Property 'sku' does not exist`);
    expect(diagnostics['unknown-source-field.ts']?.[0]).toContain(`'grandTotal' does not exist`);
    expect(diagnostics['missing-typename.ts']?.[0]).toContain(`to type 'SearchResult'`);
    expect(diagnostics['unknown-enum-value.ts']?.[0]).toContain(
      `Type '"CHF"' is not assignable to type 'CurrencyCode'`,
    );
    expect(diagnostics['missing-required.ts']?.[0]).toContain(`Property 'slug' is missing`);
    expect(diagnostics['explicit-undefined.ts']?.[0]).toContain(`'barcode' are incompatible`);
  });
});

describe('createResolver<Schema>(): literal results and __typename', { timeout: 60_000 }, () => {
  // The key alone picks the field (NoInfer in TypedResolverApp): without it, TypeScript checked an
  // unannotated result against every field's result while inferring the key, and one `unknown`
  // among them (an AWSJSON or custom scalar field) widened 'EUR' to string.
  it('an unannotated resolver may return enum values and __typename literals', () => {
    const diagnostics = byFile({
      'commerce.generated.ts': commerce,
      'literals.ts': `${imports}
app.resolver('Query.storeSettings', () => ({
  name: 'Store',
  supportEmail: 'help@example.com',
  currencies: ['EUR'],
  defaultCurrency: 'EUR',
  featureFlags: {},
}));
app.resolver('Query.search', (ctx) => [
  { __typename: 'Brand', id: 'b1', createdAt: '2026-01-01T00:00:00Z', slug: ctx.args.query, name: 'Acme' },
]);
`,
    });
    expect(diagnostics['literals.ts']).toEqual([]);
  });

  // TypeScript 5.9 with exactOptionalPropertyTypes relates a value to a discriminated union by
  // the discriminant's type alone: a `Product`, whose __typename is optional, passes as
  // `Product & { __typename: 'Product' }`, so a union result typed as its object type may lack
  // the __typename AppSync needs. (An object literal without it is rejected: see above.)
  it.fails('a value typed as its object type, which may lack __typename, is rejected in a union', () => {
    const diagnostics = byFile({
      'commerce.generated.ts': commerce,
      'member.ts': `${imports}declare const product: T.Product;
app.resolver('Query.search', () => [product]);
`,
    });
    expect(codes(diagnostics['member.ts'])).toEqual([2322]);
  });
});

describe('generateDocuments: the module compiles, and types the client', {
  timeout: 60_000,
}, () => {
  const store = readFileSync(join(root, 'test/types/store.graphql'), 'utf8');
  const documents = readdirSync(join(root, 'test/types/operations'))
    .sort()
    .map((name) => ({
      path: `operations/${name}`,
      text: readFileSync(join(root, 'test/types/operations', name), 'utf8'),
    }));
  const operations = generateDocuments(store, documents);
  const client = `import { createAppSyncClient } from 'appsync-direct/client';
import * as Op from './operations.generated.js';

const client = createAppSyncClient({ url: 'https://example.com/graphql', auth: { type: 'apiKey', apiKey: 'k' } });
`;

  it('the typed operations of test/types compile, and a client accepts right variables', () => {
    const diagnostics = byFile({
      'operations.generated.ts': operations,
      'usage.ts': `${client}
export async function run(): Promise<string | undefined> {
  const { product } = await client.request(Op.GetProduct, { id: '1', withVariants: true });
  const listed = await client.request(Op.ListProducts, { filter: { status: ['ACTIVE'] } });
  const created = await client.request(Op.CreateProduct, {
    input: { name: 'Mug', tags: ['kitchen'], brandId: 'b1' },
  });
  const { search } = await client.request(Op.Search, { text: 'mug' });
  const first = search[0];
  const status: Op.Status | undefined = first?.__typename === 'Product' ? first.status : undefined;
  return product?.brand.name ?? listed.products.items[0]?.name ?? created.createProduct.id ?? status;
}
`,
    });
    expect(diagnostics).toEqual({ 'operations.generated.ts': [], 'usage.ts': [] });
  });

  it('rejects wrong variables and fields that are not selected', () => {
    const wrong = {
      // A variable of the wrong type.
      'wrong-type.ts': `${client}void client.request(Op.GetProduct, { id: 1, withVariants: true });\n`,
      // A required variable left out.
      'missing.ts': `${client}void client.request(Op.GetProduct, { id: '1' });\n`,
      // A variable the operation does not declare.
      'unknown.ts': `${client}void client.request(Op.Now, { id: '1' });\n`,
      // An enum value the schema does not have, in an input type.
      'enum.ts': `${client}void client.request(Op.ListProducts, { filter: { status: ['GONE'] } });\n`,
      // A field the operation does not select.
      'unselected.ts': `${client}export const p = client.request(Op.GetNode, { id: '1' }).then((d) => d.node?.name);\n`,
    };
    const diagnostics = byFile({ 'operations.generated.ts': operations, ...wrong });
    expect(diagnostics['operations.generated.ts']).toEqual([]);
    expect(
      Object.fromEntries(Object.keys(wrong).map((name) => [name, codes(diagnostics[name])])),
    ).toEqual({
      'wrong-type.ts': [2322],
      'missing.ts': [2345],
      'unknown.ts': [2322],
      'enum.ts': [2322],
      'unselected.ts': [2339],
    });
    expect(diagnostics['unselected.ts']?.[0]).toContain(`Property 'name' does not exist`);
    expect(diagnostics['unknown.ts']?.[0]).toContain(`is not assignable to type 'never'`);
  });

  it('renamed, introspection and remapped types compile', () => {
    const code = generateDocuments(
      `scalar Blob
       type Query { a(t: TypedDocument, b: Blob, at: AWSJSON): Int, blob: Blob, tags: [String] }
       input TypedDocument { x: Int, self: TypedDocument }`,
      [
        'query delete($t: TypedDocument, $b: Blob) { a(t: $t, b: $b) __type(name: "Query") { kind fields { name } } }',
        'query TypedDocument($at: AWSJSON) { a(at: $at) blob nothing: tags @skip(if: true) }',
      ],
      {
        header: ['Regenerate: npm run codegen'],
        scalars: { Blob: { input: 'string', output: 'Uint8Array' }, String: 'string | number' },
      },
    );
    expect(byFile({ 'renamed.ts': code })).toEqual({ 'renamed.ts': [] });
  });
});
