import {
  type AppSyncClient,
  createAppSyncClient,
  type ResultOf,
  type TypedDocument,
  type VariablesOf,
} from 'appsync-direct/client';
import { expectTypeOf } from 'vitest';
import {
  CreateProduct,
  type CreateProductInput,
  type GetNode,
  GetProduct,
  ListProducts,
  Now,
  type OnProductChanged,
  type ProductFilter,
  Search,
  SetMetadata,
  type Status,
} from './operations.generated.js';

// The typed operations that `appsync-direct codegen --documents` writes from test/types/store.graphql
// and the documents in test/types/operations/, as appsync-direct/client uses them.
const client: AppSyncClient = createAppSyncClient({
  url: 'http://127.0.0.1:4000/graphql',
  auth: { type: 'apiKey', apiKey: 'k' },
});

// -- the documents ----------------------------------------------------------------------------

// A document is a string at run time, which carries its types.
expectTypeOf(GetProduct).toExtend<string>();
expectTypeOf(GetProduct).toEqualTypeOf<
  TypedDocument<ResultOf<typeof GetProduct>, VariablesOf<typeof GetProduct>>
>();

// -- results: exactly what is selected --------------------------------------------------------

expectTypeOf<ResultOf<typeof GetProduct>>().toEqualTypeOf<{
  product: {
    // __typename is selected: the object type's name, as a literal.
    __typename: 'Product';
    // ...ProductCard, and ...BrandName inside it, merged in.
    id: string;
    name: string;
    status: 'DRAFT' | 'ACTIVE' | 'ARCHIVED';
    brand: { name: string };
    // @include(if: $withVariants): left out of the response when the variable is false.
    variants?: readonly ({ sku: string; inStock: boolean } | null)[] | null;
    price: { amount: number; currency: 'EUR' | 'USD' } | null;
    // An alias names the key.
    updated: number | null;
  } | null;
}>();
client.request(GetProduct, { id: '1', withVariants: false }).then((data) => {
  expectTypeOf(data.product?.brand.name).toEqualTypeOf<string | undefined>();
  // @ts-expect-error description is not selected by GetProduct
  data.product?.description;
  // @ts-expect-error updatedAt is selected under the alias updated
  data.product?.updatedAt;
});

// A union: one member per object type, told apart by __typename.
expectTypeOf<ResultOf<typeof Search>>().toEqualTypeOf<{
  search: readonly (
    | { __typename: 'Brand'; id: string; name: string }
    | { __typename: 'Product'; id: string; name: string; status: Status }
  )[];
}>();
client.request(Search, { text: 'mug' }).then(({ search }) => {
  for (const hit of search) {
    if (hit.__typename === 'Product') expectTypeOf(hit.status).toEqualTypeOf<Status>();
    // @ts-expect-error a Brand has no status: narrow by __typename first
    else hit.status;
  }
});

// An interface selected only through its own fields: one object type.
expectTypeOf<ResultOf<typeof GetNode>>().toEqualTypeOf<{ node: { id: string } | null }>();

// Lists of objects are read-only; scalars have the types of generateTypes' results.
expectTypeOf<ResultOf<typeof ListProducts>>().toEqualTypeOf<{
  products: {
    items: readonly { id: string; name: string; tags: readonly string[] }[];
    nextToken: string | null;
  };
}>();
expectTypeOf<ResultOf<typeof Now>>().toEqualTypeOf<{ now: string }>();
// AppSync returns an AWSJSON field as JSON text.
expectTypeOf<ResultOf<typeof SetMetadata>>().toEqualTypeOf<{ setMetadata: string | null }>();
expectTypeOf<ResultOf<typeof CreateProduct>['createProduct']['description']>().toEqualTypeOf<
  string | null
>();
expectTypeOf<ResultOf<typeof OnProductChanged>>().toEqualTypeOf<{
  onProductChanged: { id: string; name: string; updatedAt: number | null } | null;
}>();

// -- variables --------------------------------------------------------------------------------

expectTypeOf<VariablesOf<typeof GetProduct>>().toEqualTypeOf<{
  id: string;
  withVariants: boolean;
}>();
// Nullable, or with a default: may be left out, or null.
expectTypeOf<VariablesOf<typeof ListProducts>>().toEqualTypeOf<{
  filter?: ProductFilter | null;
  first?: number | null;
  after?: string | null;
}>();
expectTypeOf<ProductFilter['and']>().toEqualTypeOf<ProductFilter[] | null | undefined>();
expectTypeOf<VariablesOf<typeof CreateProduct>>().toEqualTypeOf<{ input: CreateProductInput }>();
expectTypeOf<CreateProductInput['status']>().toEqualTypeOf<Status | null | undefined>();
expectTypeOf<VariablesOf<typeof SetMetadata>['metadata']>().toEqualTypeOf<string>();
expectTypeOf<VariablesOf<typeof Now>>().toEqualTypeOf<{ [name: string]: never }>();

void client.request(GetProduct, { id: '1', withVariants: true });
void client.request(ListProducts);
void client.request(ListProducts, { filter: { status: ['ACTIVE'], and: [{ name: 'mug' }] } });
void client.request(Now);
void client.graphql(CreateProduct, {
  input: { name: 'Mug', tags: [], brandId: 'b1', status: null },
});
void client.request(SetMetadata, { id: '1', metadata: JSON.stringify({ colour: 'blue' }) });

// @ts-expect-error GetProduct needs $id and $withVariants
void client.request(GetProduct);
// @ts-expect-error $withVariants is Boolean!: required
void client.request(GetProduct, { id: '1' });
// @ts-expect-error $id is an ID (a string), not a number
void client.request(GetProduct, { id: 1, withVariants: false });
// @ts-expect-error GetProduct has no $first
void client.request(GetProduct, { id: '1', withVariants: false, first: 2 });
// @ts-expect-error a Boolean! variable cannot be null
void client.request(GetProduct, { id: '1', withVariants: null });
// @ts-expect-error PAUSED is not a Status
void client.request(ListProducts, { filter: { status: ['PAUSED'] } });
// @ts-expect-error the input needs its brandId
void client.request(CreateProduct, { input: { name: 'Mug', tags: [] } });
// @ts-expect-error an AWSJSON variable is JSON text, not an object
void client.request(SetMetadata, { id: '1', metadata: { colour: 'blue' } });
// @ts-expect-error Now takes no variables
void client.request(Now, { id: '1' });
