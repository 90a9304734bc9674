import { util } from '@aws-appsync/utils';

/** A NONE function: lets the request on only for a signed-in caller. */
export function request(ctx) {
  if (!ctx.identity?.sub) util.unauthorized();
  return { payload: { owner: ctx.identity.sub } };
}

export function response(ctx) {
  ctx.stash.owner = ctx.result.owner;
  return ctx.result;
}
