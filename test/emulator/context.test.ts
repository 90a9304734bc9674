import type { AppSyncResolverEvent } from 'appsync-direct';
import { createEmulator } from 'appsync-direct/emulator';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEYS } from '../helpers.js';
import { API_KEY, recorder } from './helpers.js';

const SCHEMA = /* GraphQL */ `
  type Query {
    getPost(id: ID!, limit: Int = 10, filter: Filter): Post
    node(id: ID!): Node
    search: [SearchResult]
    count(of: String): Int
  }
  input Filter {
    tag: String
    since: AWSDate
    ids: [ID!]
  }
  interface Node {
    id: ID!
  }
  type Post implements Node {
    id: ID!
    title: String
    content: String
    author(id: ID): Author
    secondAuthor: Author
    comments: [Comment]
  }
  type Blog implements Node {
    id: ID!
    title: String
    category: String
  }
  type Author {
    authorId: ID
    name: String
  }
  type Comment {
    id: ID
    body: String
  }
  union SearchResult = Post | Blog
`;

const POST = { id: '1', title: 'T', content: 'C', secret: 's', comments: [{ id: 'c1' }] };

function setup() {
  const lambda = recorder((event) => {
    const { fieldName } = (event as AppSyncResolverEvent).info;
    switch (fieldName) {
      case 'getPost':
        return POST;
      case 'author':
        return { authorId: 'a1', name: 'Ada' };
      case 'node':
        return { __typename: 'Post', id: 'n1', title: 'Node title' };
      case 'search':
        return [{ __typename: 'Blog', id: 'b1', title: 'Blog' }];
      default:
        return 3;
    }
  });
  const emulator = createEmulator({
    schema: SCHEMA,
    handler: lambda.handler,
    fields: {
      'Query.getPost': {},
      'Query.node': {},
      'Query.search': {},
      'Query.count': {},
      'Post.author': {},
    },
  });
  return { emulator, lambda };
}

async function eventOf(
  query: string,
  variables: Record<string, unknown> = {},
  field = 'Query.getPost',
) {
  const { emulator, lambda } = setup();
  const result = await emulator.execute({ query, variables, headers: API_KEY });
  expect(result.body.errors).toBeUndefined();
  const [event] = lambda.invokes(field);
  if (event === undefined) throw new Error(`no event for ${field}`);
  return event;
}

describe('the Direct Lambda context', () => {
  it('has every key of PROTOCOL.md §2.1, in order, with the unit-resolver defaults', async () => {
    const { emulator, lambda } = setup();
    await emulator.execute({
      query: 'query Q($id: ID!, $of: String = "x") { getPost(id: $id) { id } count(of: $of) }',
      variables: { id: '7' },
      headers: {
        'X-Api-Key': 'da2-local',
        Cookie: 'session=secret',
        'X-Custom': ['a', 'b'],
        'X-Empty': undefined,
      },
    });
    const [event] = lambda.invokes('Query.getPost');
    expect(Object.keys(event ?? {})).toEqual(CONTEXT_KEYS);
    expect(event).toEqual({
      arguments: { id: '7', limit: 10 },
      identity: null,
      source: null,
      request: { headers: { 'x-api-key': 'da2-local', 'x-custom': 'a, b' }, domainName: null },
      prev: null,
      info: {
        fieldName: 'getPost',
        parentTypeName: 'Query',
        variables: { id: '7', of: 'x' },
        selectionSetList: ['id'],
        selectionSetGraphQL: '{\n  id\n}',
      },
      stash: {},
    });
  });

  it('carries arguments coerced by their types, defaults included', async () => {
    const event = await eventOf(
      '{ getPost(id: 5, filter: { tag: "t", since: "2026-01-15", ids: "9" }) { id } }',
    );
    expect(event.arguments).toEqual({
      id: '5',
      limit: 10,
      filter: { tag: 't', since: '2026-01-15', ids: ['9'] },
    });
  });

  it('gives a nested field its parent as source, whole, and all the operation variables', async () => {
    const event = await eventOf(
      'query ($id: ID!, $a: ID) { getPost(id: $id) { title author(id: $a) { name } } }',
      { id: '1', a: 'a9' },
      'Post.author',
    );
    expect(event.source).toEqual(POST);
    expect(event.arguments).toEqual({ id: 'a9' });
    expect(event.info).toEqual({
      fieldName: 'author',
      parentTypeName: 'Post',
      variables: { id: '1', a: 'a9' },
      selectionSetList: ['name'],
      selectionSetGraphQL: '{\n  name\n}',
    });
  });
});

describe('info.selectionSetList and info.selectionSetGraphQL', () => {
  // The example of AppSync's resolver context reference, written as a valid query.
  const DOC_EXAMPLE = `query ($postId: ID!, $authorId: ID) {
  getPost(id: $postId) {
    postId: id
    title
    secondTitle: title
    content
    author(id: $authorId) {
      authorId
      name
    }
    secondAuthor {
      authorId
    }
    ... on Post {
      inlineFragComments: comments {
        id
      }
    }
    ...postFrag
  }
}

fragment postFrag on Post {
  postFragComments: comments {
    id
  }
}`;

  it('lists aliases by alias, nested fields as a/b, and flattens inline and named fragments', async () => {
    const event = await eventOf(DOC_EXAMPLE, { postId: '123', authorId: '456' });
    expect(event.info.selectionSetList).toEqual([
      'postId',
      'title',
      'secondTitle',
      'content',
      'author',
      'author/authorId',
      'author/name',
      'secondAuthor',
      'secondAuthor/authorId',
      'inlineFragComments',
      'inlineFragComments/id',
      'postFragComments',
      'postFragComments/id',
    ]);
    expect(event.info.variables).toEqual({ postId: '123', authorId: '456' });
  });

  it('prints the selection set as GraphQL: inline fragments kept, named fragments left as spreads', async () => {
    const event = await eventOf(DOC_EXAMPLE, { postId: '123', authorId: '456' });
    expect(event.info.selectionSetGraphQL).toBe(
      [
        '{',
        '  postId: id',
        '  title',
        '  secondTitle: title',
        '  content',
        '  author(id: $authorId) {',
        '    authorId',
        '    name',
        '  }',
        '  secondAuthor {',
        '    authorId',
        '  }',
        '  ... on Post {',
        '    inlineFragComments: comments {',
        '      id',
        '    }',
        '  }',
        '  ... postFrag',
        '}',
      ].join('\n'),
    );
  });

  it('lists only the fields of the interface for an interface-typed field', async () => {
    const event = await eventOf(
      `{ node(id: "post1") { id ... on Post { title } ... on Blog { title } ... on Node { nodeId: id } ...B } }
       fragment B on Blog { category }`,
      {},
      'Query.node',
    );
    expect(event.info.selectionSetList).toEqual(['id', 'nodeId']);
    expect(event.info.selectionSetGraphQL).toBe(
      '{\n  id\n  ... on Post {\n    title\n  }\n  ... on Blog {\n    title\n  }\n  ... on Node {\n    nodeId: id\n  }\n  ... B\n}',
    );
  });

  it('lists nothing of a union but keeps its text', async () => {
    const event = await eventOf(
      '{ search { __typename ... on Blog { id category } } }',
      {},
      'Query.search',
    );
    expect(event.info.selectionSetList).toEqual([]);
    expect(event.info.selectionSetGraphQL).toBe(
      '{\n  __typename\n  ... on Blog {\n    id\n    category\n  }\n}',
    );
  });

  it('leaves out __typename and skipped fields, and lists a field selected twice once', async () => {
    const event = await eventOf(
      `query ($yes: Boolean!, $no: Boolean!) {
        getPost(id: "1") {
          __typename
          title
          title
          content @skip(if: $yes)
          id @include(if: $no)
          author { name }
          author { authorId }
          ... @include(if: $no) { secondAuthor { name } }
          ... on Post @skip(if: $no) { comments { id } }
        }
      }`,
      { yes: true, no: false },
    );
    expect(event.info.selectionSetList).toEqual([
      'title',
      'author',
      'author/name',
      'author/authorId',
      'comments',
      'comments/id',
    ]);
    expect(event.info.selectionSetGraphQL).toContain('content @skip(if: $yes)');
    expect(event.info.selectionSetGraphQL).toContain('... @include(if: $no) {');
  });

  it('spreads a named fragment once, and keeps fragments on interfaces the type implements', async () => {
    const event = await eventOf(
      `{ getPost(id: "1") { ...A ...A ...N } }
       fragment A on Post { title }
       fragment N on Node { id }`,
    );
    expect(event.info.selectionSetList).toEqual(['title', 'id']);
    expect(event.info.selectionSetGraphQL).toBe('{\n  ... A\n  ... A\n  ... N\n}');
  });

  it('is empty for a field of a scalar type', async () => {
    const event = await eventOf('{ count(of: "posts") }', {}, 'Query.count');
    expect(event.info.selectionSetList).toEqual([]);
    expect(event.info.selectionSetGraphQL).toBe('');
    expect(event.arguments).toEqual({ of: 'posts' });
  });
});
