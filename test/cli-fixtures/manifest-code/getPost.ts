// @ts-nocheck: @aws-appsync/utils is not installed here (the bundle leaves it external).
import { type Context, util } from '@aws-appsync/utils';
import { invokePayload } from './lib/payload.js';

type Args = { id: string };

export function request(ctx: Context<Args>) {
  return { operation: 'Invoke', payload: invokePayload(ctx) };
}

export function response(ctx: Context<Args>) {
  if (ctx.error) util.error(ctx.error.message, ctx.error.type);
  return ctx.result;
}
