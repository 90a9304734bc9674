/**
 * The oracle the fuzz suites share: which field an event asks for, or which framework error it
 * must get, from DESIGN.md "Events the dispatcher accepts". Written apart from src/event.ts on
 * purpose, as a second reading of the same rules.
 *
 * An item is a Direct Lambda context (routed by `info`), an Amplify event (`typeName` +
 * `fieldName`) or a template payload (`field`: a unique bare field name, or `Type.field`). A
 * malformed `info` is never read as another shape. A routable item's `arguments`, `source`,
 * `identity`, `request`, `prev` and `stash` must be objects or nil, and the parts of `info` and
 * `request` it gives must have their documented types (left out, they are filled in). Names that are not GraphQL
 * names (of at most 256 characters) are a malformed event; well-formed names nobody registered
 * are a missing resolver; a bare name registered on two types is ambiguous.
 */

/** An item's verdict: the route and arguments it reaches, or the framework error it gets. */
export type ItemVerdict =
  | { route: string; args: Record<string, unknown> }
  | { error: 'InvalidEventError' | 'ResolverNotFoundError' };

export type EventVerdict = { invoke: ItemVerdict } | { batch: ItemVerdict[] };

export const INVALID: ItemVerdict = { error: 'InvalidEventError' };
export const NOT_FOUND: ItemVerdict = { error: 'ResolverNotFoundError' };

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;
const routable = (name: string): boolean => name.length <= 256 && GRAPHQL_NAME.test(name);

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isObjectOrNil(value: unknown): boolean {
  return value === undefined || value === null || isObject(value);
}

/** The `Type.field` an item asks for, or the verdict that stops it before routing. */
function keyOf(item: Record<string, unknown>, routes: ReadonlySet<string>): string | ItemVerdict {
  const info = item.info;
  if (isObject(info)) {
    const { parentTypeName, fieldName } = info;
    if (typeof parentTypeName !== 'string' || typeof fieldName !== 'string') return INVALID;
    return `${parentTypeName}.${fieldName}`;
  }
  if (info !== undefined && info !== null) return INVALID;
  if (typeof item.typeName === 'string' && typeof item.fieldName === 'string') {
    return `${item.typeName}.${item.fieldName}`;
  }
  if (typeof item.field !== 'string') return INVALID;
  const field = item.field;
  const dot = field.indexOf('.');
  if (dot >= 0) {
    return GRAPHQL_NAME.test(field.slice(0, dot)) && GRAPHQL_NAME.test(field.slice(dot + 1))
      ? field
      : INVALID;
  }
  if (!GRAPHQL_NAME.test(field)) return INVALID;
  const matches = [...routes].filter((key) => key.slice(key.indexOf('.') + 1) === field);
  if (matches.length === 0) return NOT_FOUND;
  if (matches.length > 1) return INVALID;
  return matches[0] as string;
}

/** Parts of `info` and `request` an event may leave out, but not give with another type. */
function documentedParts(item: Record<string, unknown>): boolean {
  const nil = (value: unknown) => value === undefined || value === null;
  const { info, request } = item;
  if (isObject(info)) {
    const { variables, selectionSetList, selectionSetGraphQL } = info;
    if (!nil(variables) && !isObject(variables)) return false;
    if (!nil(selectionSetList) && !Array.isArray(selectionSetList)) return false;
    if (!nil(selectionSetGraphQL) && typeof selectionSetGraphQL !== 'string') return false;
  }
  if (isObject(request)) {
    const { headers, domainName } = request;
    if (!nil(headers) && !isObject(headers)) return false;
    if (!nil(domainName) && typeof domainName !== 'string') return false;
  }
  return true;
}

/** The verdict for one item (an Invoke event, a batch element, a document's payload). */
export function itemVerdict(item: unknown, routes: ReadonlySet<string>): ItemVerdict {
  if (!isObject(item)) return INVALID;
  const key = keyOf(item, routes);
  if (typeof key !== 'string') return key;
  const args = item.arguments ?? {};
  if (
    !isObject(args) ||
    !isObjectOrNil(item.source) ||
    !isObjectOrNil(item.identity) ||
    !isObjectOrNil(item.request) ||
    !isObjectOrNil(item.prev) ||
    !isObjectOrNil(item.stash) ||
    !documentedParts(item)
  ) {
    return INVALID;
  }
  if (routes.has(key)) return { route: key, args };
  const dot = key.indexOf('.');
  return routable(key.slice(0, dot)) && routable(key.slice(dot + 1)) ? NOT_FOUND : INVALID;
}

/** The verdict for a whole event: a batch, a mapping document, or one item. */
export function eventVerdict(event: unknown, routes: ReadonlySet<string>): EventVerdict {
  if (Array.isArray(event)) return { batch: event.map((item) => itemVerdict(item, routes)) };
  if (isObject(event) && 'payload' in event && 'operation' in event && !('info' in event)) {
    const { operation, payload } = event;
    if (operation === 'Invoke') {
      return { invoke: isObject(payload) ? itemVerdict(payload, routes) : INVALID };
    }
    if (operation === 'BatchInvoke' && Array.isArray(payload)) {
      return { batch: payload.map((item) => itemVerdict(item, routes)) };
    }
    return { invoke: INVALID };
  }
  return { invoke: itemVerdict(event, routes) };
}
