/**
 * A small handler for the build tests: one resolver, an error class without a static errorName
 * (its errorType is its class name only while the bundle keeps names), and an export that throws,
 * to read a stack trace through the source map.
 */
import { AppSyncError, createResolver } from 'appsync-direct';

export class PostMissing extends AppSyncError {}

const app = createResolver();

app.resolver('Query.getPost', (ctx) => {
  const id = String(ctx.args.id);
  if (id === 'missing') throw new PostMissing(`post ${id} does not exist`);
  return { id, title: `Post ${id}` };
});

export const handler = app.handler();

/** Throws: the test reads this line's number back from the stack trace. */
export function fail(): never {
  throw new Error('failed on purpose');
}
