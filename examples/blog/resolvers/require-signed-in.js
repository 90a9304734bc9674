// The first function of Mutation.updatePost's pipeline, on the NONE data source: a permission
// check before any Lambda runs. API keys and IAM callers have no user; they stop here.
import { util } from '@aws-appsync/utils';

/** @param {import('@aws-appsync/utils').Context} ctx */
export function request(ctx) {
  const identity = ctx.identity ?? {};
  const userId = identity.sub ?? identity.resolverContext?.userId;
  if (!userId) util.unauthorized();
  ctx.stash.userId = userId;
  return { payload: { userId } };
}

/** @param {import('@aws-appsync/utils').Context} ctx */
export function response(ctx) {
  return ctx.result;
}
