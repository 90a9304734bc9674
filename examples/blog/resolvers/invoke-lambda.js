// A pipeline function that calls the Lambda with the field's context, as Direct Lambda would,
// and raises the Lambda's error.
import { util } from '@aws-appsync/utils';

/** @param {import('@aws-appsync/utils').Context} ctx */
export function request(ctx) {
  return { operation: 'Invoke', payload: ctx };
}

/** @param {import('@aws-appsync/utils').Context} ctx */
export function response(ctx) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
