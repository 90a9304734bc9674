import type { CodeContext } from '../../src/engine/code/handlers.js';

/** A context as the engine gives it, with `overrides` applied (`args` kept equal to `arguments`). */
export function context(overrides: Partial<CodeContext> = {}): CodeContext {
  const args = overrides.arguments ?? { id: 'postId1' };
  return {
    identity: null,
    source: null,
    stash: {},
    prev: { result: undefined },
    result: null,
    info: {
      fieldName: 'getPost',
      parentTypeName: 'Query',
      variables: {},
      selectionSetList: ['id', 'title'],
      selectionSetGraphQL: '{\n  id\n  title\n}',
    },
    request: { headers: { 'x-api-key': 'da2-local' }, domainName: null },
    env: {},
    ...overrides,
    arguments: args,
    args,
  };
}
