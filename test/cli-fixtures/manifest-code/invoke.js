import { invokePayload } from './lib/payload.js';

export function request(ctx) {
  return { operation: 'Invoke', payload: { ...invokePayload(ctx), owner: ctx.stash.owner } };
}

export function response(ctx) {
  return ctx.result;
}
