// Mutation.updatePost's pipeline: before (request) and after (response) its functions.
/** @param {import('@aws-appsync/utils').Context} ctx */
export function request(ctx) {
  return { id: ctx.args.id };
}

/** @param {import('@aws-appsync/utils').Context} ctx */
export function response(ctx) {
  return ctx.prev.result;
}
