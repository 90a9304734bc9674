// Query.searchPosts: an APPSYNC_JS unit resolver in front of the Lambda. The request handler
// normalises the arguments before the Lambda sees them; the response handler passes the Lambda's
// answer on, and raises its error (a response that ignored ctx.error would resolve to null).
import { util } from '@aws-appsync/utils';

/** @param {import('@aws-appsync/utils').Context<{ term: string, limit?: number | null }>} ctx */
export function request(ctx) {
  const term = ctx.args.term.trim().toLowerCase();
  if (term.length < 2) {
    util.error(`term must have at least 2 characters; received "${term}"`, 'ValidationError');
  }
  const limit = ctx.args.limit ?? 10;
  // The Lambda gets this payload alone: the Direct Lambda context, with the arguments reshaped.
  return { operation: 'Invoke', payload: { ...ctx, arguments: { term, limit } } };
}

/** @param {import('@aws-appsync/utils').Context} ctx */
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
