// Post.commentCount: BatchInvoke through an APPSYNC_JS handler. AppSync merges the payloads of a
// page of posts into one array (up to maxBatchSize), then runs response once per post with
// ctx.result set to that post's entry of the Lambda's answer.
import { util } from '@aws-appsync/utils';

/** @param {import('@aws-appsync/utils').Context} ctx */
export function request(ctx) {
  return { operation: 'BatchInvoke', payload: ctx };
}

/** @param {import('@aws-appsync/utils').Context} ctx */
export function response(ctx) {
  // The whole call failed (the Lambda threw, or its answer was too large).
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  // This post's entry, as the app's batch resolver answers: { data } or an error envelope.
  const entry = ctx.result;
  if (entry?.errorMessage) util.error(entry.errorMessage, entry.errorType);
  return entry?.data ?? null;
}
