/** The kind of operation a request runs. */
export type OperationKind = 'query' | 'mutation' | 'subscription';

// GraphQL's tokens that matter here: comments and strings (skipped whole, so a keyword inside one
// is not read), brackets (the depth), and names.
const TOKENS = /#[^\n\r]*|"""(?:\\"""|[\s\S])*?"""|"(?:\\.|[^"\\\n\r])*"|[{}()[\]]|[_A-Za-z]\w*/g;

/**
 * The kind of the operation a document runs, without a GraphQL parser: the top-level definitions
 * are read past comments, strings and brackets. `undefined` when it cannot tell (no operation, or
 * several without a matching `operationName`): then the request is treated as a mutation, which
 * is never retried unless asked.
 */
export function operationKind(
  document: string,
  operationName: string | undefined,
): OperationKind | undefined {
  // Documents are constants: each is read once (a Map keyed by the same string hashes it once).
  let byName = read.get(document);
  if (byName === undefined) {
    if (read.size >= 64) read.clear();
    byName = scan(document);
    read.set(document, byName);
  }
  const chosen =
    operationName === undefined
      ? byName.length === 1
        ? byName[0]
        : undefined
      : byName.find(([, name]) => name === operationName);
  return chosen?.[0];
}

const read = new Map<string, [OperationKind, string | undefined][]>();

/** The document's operations, in order: their kinds and names. */
function scan(document: string): [OperationKind, string | undefined][] {
  const found: [OperationKind, string | undefined][] = [];
  let depth = 0;
  // After `query`, `mutation`, `subscription` or `fragment` at the top level: the name that may
  // follow, then the `{` that opens the definition's selection (not an anonymous query).
  let open: [OperationKind, string | undefined] | 'fragment' | undefined;
  for (const [token] of document.matchAll(TOKENS)) {
    const c = token[0];
    if (c === '#' || c === '"') continue;
    if (c === '{' || c === '(' || c === '[') {
      if (c === '{' && depth === 0) {
        if (open !== 'fragment') found.push(open ?? ['query', undefined]);
        open = undefined;
      }
      depth++;
    } else if (c === '}' || c === ')' || c === ']') {
      depth--;
    } else if (depth === 0) {
      // A keyword only where a definition starts: in `mutation query { … }`, `query` is a name.
      if (open === undefined) {
        if (token === 'query' || token === 'mutation' || token === 'subscription') {
          open = [token, undefined];
        } else if (token === 'fragment') {
          open = 'fragment';
        }
      } else if (open !== 'fragment' && open[1] === undefined) {
        open[1] = token;
      }
    }
  }
  return found;
}
