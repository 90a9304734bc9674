import type { AppSyncResolverEvent } from 'appsync-direct';

/** A structurally valid JWT whose payload is `claims`; the signature is fake. */
export function jwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ kid: 'k', alg: 'RS256' })}.${part(claims)}.c2lnbmF0dXJl`;
}

/** The headers of an API-key request. */
export const API_KEY = { 'x-api-key': 'da2-local' } as const;

type Answer = (event: AppSyncResolverEvent | AppSyncResolverEvent[]) => unknown;

/**
 * A Lambda handler that records every event it receives (as received, after the JSON boundary)
 * and answers with `answer`.
 */
export function recorder(answer: Answer) {
  const events: (AppSyncResolverEvent | AppSyncResolverEvent[])[] = [];
  const handler = async (event: AppSyncResolverEvent | AppSyncResolverEvent[]) => {
    events.push(event);
    return answer(event);
  };
  /** The single (Invoke) events of a field, in the order received. */
  const invokes = (field: string) =>
    events.filter(
      (event): event is AppSyncResolverEvent =>
        !Array.isArray(event) && `${event.info.parentTypeName}.${event.info.fieldName}` === field,
    );
  /** The batch events of a field, in the order received. */
  const batches = (field: string) =>
    events.filter(
      (event): event is AppSyncResolverEvent[] =>
        Array.isArray(event) &&
        `${event[0]?.info.parentTypeName}.${event[0]?.info.fieldName}` === field,
    );
  return { handler, events, invokes, batches };
}
