/**
 * AppSync's API settings, in the engine and so in both edges: introspection on or off, the query
 * depth limit (1–75) and the resolver count limit (1–10,000).
 */
import { createResolver } from 'appsync-direct';
import { createEmulator } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { createFetchHandler } from '../../src/http/index.js';
import { silentLogger } from '../helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    node(id: ID!): Node
    nodes(count: Int!): [Node!]!
  }
  type Node {
    id: ID!
    child: Node
  }
`;

const app = () =>
  createResolver({ logger: silentLogger })
    .resolver('Query.node', (ctx) => ({ id: ctx.args.id }))
    .resolver('Query.nodes', (ctx) =>
      Array.from({ length: ctx.args.count as number }, (_, i) => ({ id: String(i) })),
    )
    .batchResolver(
      'Node.child',
      (ctxs) => ctxs.map((ctx) => ({ id: `${(ctx.source as { id: string }).id}.c` })),
      { maxBatchSize: 10 },
    );

const headers = { 'x-api-key': 'k' };

describe('API settings', () => {
  it('introspection off: __schema and __type are validation errors, __typename is not', async () => {
    const emulator = createEmulator({ schema: SCHEMA, handler: app(), introspection: false });
    const denied = await emulator.execute({ query: '{ __schema { types { name } } }', headers });
    expect(denied.body.data).toBeNull();
    expect(denied.body.errors?.[0]?.message).toMatch(
      /^Validation error: GraphQL introspection has been disabled, but the requested query contained the field "__schema"\.$/,
    );
    const typename = await emulator.execute({ query: '{ __typename }', headers });
    expect(typename.body).toEqual({ data: { __typename: 'Query' } });
    const open = createEmulator({ schema: SCHEMA, handler: app() });
    const allowed = await open.execute({ query: '{ __type(name: "Node") { name } }', headers });
    expect(allowed.body).toEqual({ data: { __type: { name: 'Node' } } });
  });

  it('a query depth limit: a field deeper than it fails, as null with an error', async () => {
    const emulator = createEmulator({ schema: SCHEMA, handler: app(), queryDepthLimit: 3 });
    const result = await emulator.execute({
      query: '{ node(id: "a") { id child { id child { id child { id } } } } }',
      headers,
    });
    expect(result.body.data).toEqual({
      node: { id: 'a', child: { id: 'a.c', child: null } },
    });
    // id at depth 4 fails; it is non-null, so its parent (a nullable child) becomes null.
    expect(result.body.errors).toEqual([
      expect.objectContaining({
        path: ['node', 'child', 'child', 'id'],
        errorType: 'QueryDepthLimitExceeded',
        message: 'The field id is deeper than the query depth limit of 3.',
      }),
    ]);
  });

  it('a resolver count limit: calls past it fail their field, counted per context', async () => {
    const fetch = createFetchHandler({ schema: SCHEMA, app: app(), resolverCountLimit: 5 });
    const response = await fetch(
      new Request('http://api.example/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ nodes(count: 6) { id child { id } } }' }),
      }),
    );
    const body = (await response.json()) as {
      data: { nodes: { id: string; child: { id: string } | null }[] };
      errors: { path: unknown[]; errorType: string }[];
    };
    // One call for nodes, then four of the six children: five in all.
    expect(body.data.nodes.map((node) => node.child?.id ?? null)).toEqual([
      '0.c',
      '1.c',
      '2.c',
      '3.c',
      null,
      null,
    ]);
    expect(body.errors.map((error) => [error.errorType, error.path])).toEqual([
      ['ResolverCountLimitExceeded', ['nodes', 4, 'child']],
      ['ResolverCountLimitExceeded', ['nodes', 5, 'child']],
    ]);
  });

  it.each([
    [{ queryDepthLimit: 76 }, /queryDepthLimit must be an integer from 1 to 75/],
    [{ queryDepthLimit: 1.5 }, /queryDepthLimit must be an integer from 1 to 75/],
    [{ resolverCountLimit: 10_001 }, /resolverCountLimit must be an integer from 1 to 10000/],
    [{ introspection: 'no' }, /introspection must be true or false/],
  ])('refuses %j at start-up', (settings, message) => {
    expect(() =>
      createEmulator({ schema: SCHEMA, handler: app(), ...(settings as object) }),
    ).toThrow(message);
    expect(() =>
      createFetchHandler({ schema: SCHEMA, app: app(), ...(settings as object) }),
    ).toThrow(message);
  });
});
