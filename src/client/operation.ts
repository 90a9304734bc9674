/** The kind of operation a request runs. */
export type OperationKind = 'query' | 'mutation' | 'subscription';

/**
 * The kind of the operation a document runs, without a GraphQL parser: the top-level definitions
 * are read past comments, strings and braces. `undefined` when it cannot tell (no operation, or
 * several without a matching `operationName`): then the request is treated as a mutation, which
 * is never retried unless asked.
 */
export function operationKind(
  document: string,
  operationName: string | undefined,
): OperationKind | undefined {
  const found: { kind: OperationKind; name: string | undefined }[] = [];
  let depth = 0;
  // After `query Name` or `fragment Name on T` at the top level: its `{` is not an anonymous query.
  let pendingDefinition = false;
  let i = 0;
  const n = document.length;
  while (i < n) {
    const c = document[i] as string;
    if (c === '#') {
      while (i < n && document[i] !== '\n' && document[i] !== '\r') i++;
    } else if (c === '"') {
      if (document.startsWith('"""', i)) {
        const end = document.indexOf('"""', i + 3);
        // A block string ends at the first """ not escaped as \""".
        let at = end;
        while (at !== -1 && document[at - 1] === '\\') at = document.indexOf('"""', at + 3);
        i = at === -1 ? n : at + 3;
      } else {
        i++;
        while (i < n && document[i] !== '"' && document[i] !== '\n')
          i += document[i] === '\\' ? 2 : 1;
        i++;
      }
    } else if (c === '{' || c === '(' || c === '[') {
      if (c === '{' && depth === 0) {
        if (!pendingDefinition) found.push({ kind: 'query', name: undefined });
        pendingDefinition = false;
      }
      depth++;
      i++;
    } else if (c === '}' || c === ')' || c === ']') {
      depth--;
      i++;
    } else if (depth === 0 && /[_A-Za-z]/.test(c)) {
      const word = /[_0-9A-Za-z]+/y;
      word.lastIndex = i;
      const keyword = (word.exec(document) as RegExpExecArray)[0];
      i += keyword.length;
      if (keyword === 'query' || keyword === 'mutation' || keyword === 'subscription') {
        const name = /\s*([_A-Za-z][_0-9A-Za-z]*)/y;
        name.lastIndex = i;
        const named = name.exec(document);
        found.push({ kind: keyword, name: named?.[1] });
        if (named !== null) i += named[0].length;
        pendingDefinition = true;
      } else if (keyword === 'fragment') {
        pendingDefinition = true;
      }
    } else {
      i++;
    }
  }
  if (operationName !== undefined) return found.find((op) => op.name === operationName)?.kind;
  return found.length === 1 ? (found[0] as (typeof found)[0]).kind : undefined;
}
