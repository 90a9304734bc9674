import { describe, expect, it } from 'vitest';
import { operationKind } from '../../src/client/operation.js';

describe('operationKind', () => {
  it.each([
    ['{ ok }', undefined, 'query'],
    ['  # a comment with mutation {\n{ ok }', undefined, 'query'],
    ['query { ok }', undefined, 'query'],
    ['mutation Publish($id: ID!) { publish(id: $id) }', undefined, 'mutation'],
    ['subscription OnPost { onPost { id } }', undefined, 'subscription'],
    ['mutation @log { a }', undefined, 'mutation'],
    ['fragment F on Post { id } mutation M { a { ...F } }', undefined, 'mutation'],
    ['query Q($s: String = "mutation { x }") { a(s: $s) }', undefined, 'query'],
    ['query Q { a(s: """ mutation M { b } \\""" """) }', undefined, 'query'],
    ['query Q { a(s: "escaped \\" mutation") }', undefined, 'query'],
    ['query A { a } mutation B { b }', 'B', 'mutation'],
    ['query A { a } mutation B { b }', 'A', 'query'],
    ['query queryName { a }', undefined, 'query'],
    ['query Q { a(s: """never closed', undefined, 'query'],
    // Regressions: a keyword after the definition's own is a name or a directive, not a new one.
    ['mutation query { deletePost(id: 1) }', undefined, 'mutation'],
    ['mutation Delete @query { deletePost(id: 1) }', undefined, 'mutation'],
    ['mutation subscription { a }', undefined, 'mutation'],
    ['query mutation { a }', 'mutation', 'query'],
  ] as const)('%s (operationName %s) is a %s', (document, name, kind) => {
    expect(operationKind(document, name)).toBe(kind);
  });

  it.each([
    ['query A { a } mutation B { b }', undefined],
    ['query A { a }', 'B'],
    ['fragment F on Post { id }', undefined],
    ['', undefined],
  ] as const)('cannot tell for %s (operationName %s)', (document, name) => {
    expect(operationKind(document, name)).toBeUndefined();
  });
});
