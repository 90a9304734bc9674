/** The Lambda's payload: the field and its arguments (inlined into each bundle). */
export function invokePayload(ctx) {
  return { field: ctx.info.fieldName, arguments: ctx.arguments, identity: ctx.identity };
}
