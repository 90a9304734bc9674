import { createResolver } from 'appsync-direct';
import { expectTypeOf } from 'vitest';
import type { Schema } from './shop.generated.js';

// A parent value can carry more than the schema shows (a row's foreign key): declare it on the
// generated interface, and the resolvers that return it and the fields below it agree.
declare module './shop.generated.js' {
  interface Order {
    customerId: string;
  }
}

const app = createResolver<Schema>();
app.resolver('Query.order', (ctx) => ({ id: ctx.args.id, customerId: 'c1' }));
// @ts-expect-error the declared field is now required of every resolver that returns an Order
app.resolver('Query.order', (ctx) => ({ id: ctx.args.id }));
app.resolver('Order.customer', (ctx) => {
  expectTypeOf(ctx.source.customerId).toBeString();
  return { id: ctx.source.customerId, name: 'Ann' };
});
