import {
  createResolver,
  type ResolverApp,
  type ResolverContext,
  type TypedResolverApp,
} from 'appsync-direct';
import { expectTypeOf } from 'vitest';
import type {
  Author,
  AWSDate,
  AWSJSONInput,
  Book,
  BookInput,
  Kind,
  Node,
  Review,
  Schema,
  SearchResult,
} from './library.generated.js';

// The generated types of test/types/library.graphql, as createResolver<Schema>() uses them.
const app = createResolver<Schema>();
expectTypeOf(app).toEqualTypeOf<TypedResolverApp<Schema>>();

// -- keys -------------------------------------------------------------------------------------

expectTypeOf<Parameters<typeof app.resolver>[0]>().toEqualTypeOf<keyof Schema>();
app.resolver('Query.book', () => null);
// @ts-expect-error a field the schema does not have
app.resolver('Query.books', () => null);
// @ts-expect-error the type name is case-sensitive
app.resolver('query.book', () => null);
// @ts-expect-error an input type has no resolvers
app.resolver('BookInput.title', () => 'x');
// @ts-expect-error an interface's fields are resolved on its object types
app.resolver('Node.id', () => 'x');
// @ts-expect-error a batch resolver's key is checked the same way
app.batchResolver('Book.writer', (ctxs) => ctxs.map(() => null));

// -- args -------------------------------------------------------------------------------------

app.resolver('Query.book', (ctx) => {
  expectTypeOf(ctx.args).toEqualTypeOf<{ isbn: string }>();
  expectTypeOf(ctx.arguments).toEqualTypeOf<{ isbn: string }>();
  // @ts-expect-error the argument is isbn, not id
  ctx.args.id;
  return null;
});
app.resolver('Query.search', (ctx) => {
  // Nullable, or with a default (first: Int = 20): absent or null, as AppSync does not fill in
  // defaults.
  expectTypeOf(ctx.args).toEqualTypeOf<{
    text: string;
    kinds?: Kind[] | null;
    first?: number | null;
  }>();
  expectTypeOf(ctx.args.kinds).toEqualTypeOf<Kind[] | null | undefined>();
  return [];
});
app.resolver('Mutation.addBook', (ctx) => {
  expectTypeOf(ctx.args.input).toEqualTypeOf<BookInput>();
  expectTypeOf(ctx.args.input.kind).toEqualTypeOf<Kind | null | undefined>();
  expectTypeOf(ctx.args.input.subtitle).toEqualTypeOf<string | null | undefined>();
  expectTypeOf(ctx.args.input.authorIds).toEqualTypeOf<string[]>();
  return { id: '1', title: ctx.args.input.title, kind: ctx.args.input.kind ?? 'NOVEL' };
});
app.resolver('Query.today', (ctx) => {
  // A field without arguments: nothing to read (AppSync sends {}).
  expectTypeOf(ctx.args).toEqualTypeOf<{ [name: string]: undefined }>();
  expectTypeOf(ctx.args.anything).toEqualTypeOf<undefined>();
  const lookup = (id: string): string => id;
  // @ts-expect-error a field without arguments has no id to pass on (undefined, not never)
  lookup(ctx.args.id);
  return '2026-11-21' satisfies AWSDate;
});
expectTypeOf<Schema['Mutation.tag']['args']>().toEqualTypeOf<{ isbn: string; tags: string[] }>();
expectTypeOf<AWSJSONInput>().toMatchTypeOf<unknown>();
const parsed: AWSJSONInput = { nested: [1, 'two', null] };
// @ts-expect-error an AWSJSON argument is parsed JSON: never undefined or a function
const notJson: AWSJSONInput = undefined;
void [parsed, notJson];

// -- sources ----------------------------------------------------------------------------------

app.resolver('Query.book', (ctx) => {
  expectTypeOf(ctx.source).toBeNull();
  return null;
});
app.resolver('Book.author', (ctx) => {
  expectTypeOf(ctx.source).toEqualTypeOf<Book>();
  // A parent's leaf fields are there; the ones another resolver serves may not be.
  expectTypeOf(ctx.source.title).toBeString();
  expectTypeOf(ctx.source.author).toEqualTypeOf<Author | undefined>();
  // @ts-expect-error Book has no authorId: the parent value is the GraphQL type
  ctx.source.authorId;
  return { id: 'a1', name: 'Ann' };
});
expectTypeOf<ResolverContext<Schema['Review.text']['args'], Schema['Review.text']['source']>>()
  .toHaveProperty('source')
  .toEqualTypeOf<Review>();

// -- results ----------------------------------------------------------------------------------

app.resolver('Query.book', async () => ({ id: '1', title: 'T', kind: 'ESSAY' }));
app.resolver('Query.book', () => Promise.resolve(null));
// @ts-expect-error title is required (String!): a missing leaf field is caught
app.resolver('Query.book', () => ({ id: '1', kind: 'ESSAY' }));
// @ts-expect-error kind is an enum: only its names
app.resolver('Query.book', () => ({ id: '1', title: 'T', kind: 'POEM' }));
// @ts-expect-error Mutation.addBook is non-null (Book!)
app.resolver('Mutation.addBook', () => null);
// @ts-expect-error a promise of the wrong type is caught too
app.resolver('Book.title', async () => 42);
// @ts-expect-error an annotated result is checked for unknown properties
app.resolver('Query.book', (): Book => ({ id: '1', title: 'T', kind: 'NOVEL', authr: null }));
// Abstract types: the object type is named by a required __typename.
app.resolver('Query.search', () => [
  { __typename: 'Book', id: '1', title: 'T', kind: 'NOVEL' },
  { __typename: 'Author', id: 'a1', name: 'Ann' },
]);
// @ts-expect-error a union member needs its __typename, or AppSync cannot tell which it is
app.resolver('Query.search', () => [{ id: 'a1', name: 'Ann' }]);
// @ts-expect-error a type outside the union
app.resolver('Query.node', () => ({ __typename: 'Review', stars: 5 }));
expectTypeOf<SearchResult>().toEqualTypeOf<
  (Author & { __typename: 'Author' }) | (Book & { __typename: 'Book' })
>();
expectTypeOf<Node>().toEqualTypeOf<SearchResult>();
expectTypeOf<Schema['Book.reviews']['result']>().toEqualTypeOf<readonly (Review | null)[] | null>();
// Results are read-only arrays, so a mutable one is fine.
app.resolver('Author.books', (): Book[] => []);

// -- batch resolvers --------------------------------------------------------------------------

app.batchResolver('Book.author', (ctxs) => {
  expectTypeOf(ctxs).toEqualTypeOf<
    readonly ResolverContext<{ [name: string]: undefined }, Book>[]
  >();
  return ctxs.map((ctx) =>
    ctx.source.id === '' ? new Error('no author') : { id: `a-${ctx.source.id}`, name: 'Ann' },
  );
});
app.batchResolver('Book.reviews', async (ctxs) =>
  ctxs.map((ctx) => (ctx.args.first === 0 ? null : [{ stars: 5 }, null])),
);
app.batchResolver('Book.subtitle', (ctxs) => ctxs.map(async () => 'a promise per slot'));
// @ts-expect-error each slot is the field's result: Author!, not a string
app.batchResolver('Book.author', (ctxs) => ctxs.map(() => 'Ann'));
// @ts-expect-error a batch resolver answers an array, not one value
app.batchResolver('Book.author', () => ({ id: 'a1', name: 'Ann' }));

// -- chaining and options ---------------------------------------------------------------------

expectTypeOf(app.resolver('Query.today', () => '2026-11-21')).toEqualTypeOf<
  TypedResolverApp<Schema>
>();
expectTypeOf(app.onError(RangeError, () => undefined)).toEqualTypeOf<TypedResolverApp<Schema>>();
app.batchResolver('Book.author', (ctxs) => ctxs.map(() => null as never), { maxBatchSize: 100 });
// @ts-expect-error a batch resolver takes no concurrency
app.batchResolver('Book.author', (ctxs) => ctxs.map(() => null as never), { concurrency: 2 });
export const handler = app.handler();

// -- the untyped fallback ---------------------------------------------------------------------

const loose = createResolver();
expectTypeOf(loose).toEqualTypeOf<ResolverApp>();
expectTypeOf<Parameters<typeof loose.resolver>[0]>().toBeString();
loose.resolver('Anything.atAll', (ctx) => {
  expectTypeOf(ctx.args).toEqualTypeOf<Record<string, unknown>>();
  expectTypeOf(ctx.source).toEqualTypeOf<Record<string, unknown> | null>();
  return { whatever: true };
});
loose.resolver('Query.book', (ctx: ResolverContext<{ isbn: string }>) => ctx.args.isbn);
loose.batchResolver('Book.author', (ctxs) => ctxs.map(() => 1));
