import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { CHECK_HELP, checkCommand } from '../src/cli/check.js';
import { USAGE } from '../src/cli/main.js';
import { type CheckFinding, type CheckRoute, checkRoutes } from '../src/codegen/check.js';
import { buildAppSyncSchema } from '../src/engine/schema.js';
import { entryGraph, foreign } from './bundle-graph.js';
import { cli, ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';

afterAll(removeTempFiles);

/**
 * `Type.field` routes: `resolver` unless the key ends in ` batch` (a batch resolver with
 * `maxBatchSize: 10`) or ` unbatched` (a batch resolver without `maxBatchSize`).
 */
function routes(...keys: string[]): CheckRoute[] {
  return keys.map((written) => {
    const [key = '', kind] = written.split(' ');
    const [typeName = '', fieldName = ''] = key.split('.');
    if (kind === 'batch') return { typeName, fieldName, kind: 'batch', maxBatchSize: 10 };
    if (kind === 'unbatched') return { typeName, fieldName, kind: 'batch' };
    return { typeName, fieldName, kind: 'resolver' };
  });
}

function check(sdl: string, keys: string[], require?: string[]) {
  return checkRoutes({ schema: buildAppSyncSchema(sdl), routes: routes(...keys), require });
}

/** Each finding as `severity rule key`. */
function brief(findings: readonly CheckFinding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.rule} ${f.key}`);
}

const BLOG = `
type Query {
  getPost(id: ID!): Post
  listPosts: [Post!]!
  search(text: String!): [SearchResult]
}
type Mutation {
  createPost(title: String!): Post!
}
type Post {
  id: ID!
  title: String!
  author: User
}
type User {
  id: ID!
  name: String!
}
union SearchResult = Post | User
`;

describe('checkRoutes: routes the schema lacks', () => {
  it('a misspelt field: an error with the field meant', () => {
    const report = check(BLOG, ['Query.getPots']);
    expect(report.findings.filter((f) => f.rule !== 'unserved-field')).toEqual([
      {
        severity: 'error',
        rule: 'unknown-field',
        key: 'Query.getPots',
        origin: 'route',
        message: 'Query.getPots is not a field of the schema; did you mean Query.getPost?',
        suggestion: 'Query.getPost',
      },
    ]);
    expect(report.ok).toBe(false);
  });

  it('a misspelt type: an error with the key meant', () => {
    const [finding] = check(BLOG, ['Querry.getPost']).findings;
    expect(finding).toMatchObject({
      rule: 'unknown-type',
      message:
        'Querry.getPost is not a field of the schema, which has no type Querry; did you mean Query.getPost?',
      suggestion: 'Query.getPost',
    });
  });

  it('a type and a field both misspelt: the type, then the field, corrected', () => {
    const [finding] = check(BLOG, ['Querry.getPots']).findings;
    expect(finding).toMatchObject({ rule: 'unknown-type', suggestion: 'Query.getPost' });
    expect(check(BLOG, ['Post.titel']).findings[0]?.suggestion).toBe('Post.title');
    expect(check(BLOG, ['Qeury.search']).findings[0]?.suggestion).toBe('Query.search');
    // The start of a type's name is enough, with the field's right.
    expect(check(BLOG, ['Mut.createPost']).findings[0]?.suggestion).toBe('Mutation.createPost');
  });

  it('nothing near: the fields of the type, or the object types, instead', () => {
    expect(check(BLOG, ['Query.everything']).findings[0]?.message).toBe(
      'Query.everything is not a field of the schema; the fields of Query are getPost, listPosts, search',
    );
    expect(check(BLOG, ['Querry.everything']).findings[0]).toMatchObject({
      rule: 'unknown-type',
      message:
        'Querry.everything is not a field of the schema, which has no type Querry; its object types are Query, Mutation, Post, User',
    });
    expect(check(BLOG, ['Querry.everything']).findings[0]).not.toHaveProperty('suggestion');
  });

  it('a long list of names is cut short', () => {
    const fields = Array.from({ length: 12 }, (_, i) => `f${i}: Int`).join(' ');
    expect(check(`type Query { ${fields} }`, ['Query.everything']).findings[0]?.message).toBe(
      'Query.everything is not a field of the schema; the fields of Query are f0, f1, f2, f3, f4, f5, f6, f7, f8, f9 and 2 more',
    );
  });

  it('introspection types are not the schema’s', () => {
    expect(brief(check(BLOG, ['__Schema.types']).findings).slice(0, 2)).toEqual([
      'error unknown-type __Schema.types',
      'info unserved-field Query.getPost',
    ]);
  });

  const ATTACH = 'and resolvers attach to fields of object types';
  it.each([
    ['CreatePostInput.title', `CreatePostInput is an input type, ${ATTACH}`],
    ['Status.DRAFT', `Status is an enum, ${ATTACH}`],
    ['AWSDateTime.value', `AWSDateTime is a scalar, ${ATTACH}`],
    [
      'SearchResult.id',
      `SearchResult is a union, ${ATTACH}; register it on the member types instead (Post, User)`,
    ],
    [
      'Node.id',
      `Node is an interface, ${ATTACH}; register it on the implementing types instead (Post)`,
    ],
    ['Lonely.id', `Lonely is an interface, ${ATTACH}`],
  ])('%s: an error naming the kind of type', (key, text) => {
    const sdl = `
      type Query { post: Post, search: [SearchResult] }
      interface Node { id: ID! }
      interface Lonely { id: ID! }
      type Post implements Node { id: ID! }
      type User { id: ID! }
      union SearchResult = Post | User
      input CreatePostInput { title: String! }
      enum Status { DRAFT PUBLISHED }
    `;
    const [finding] = check(sdl, ['Query.post', 'Query.search', key]).findings;
    expect(finding).toMatchObject({ severity: 'error', rule: 'not-object-type', key });
    expect(finding?.message).toBe(`${key} is not a field of an object type: ${text}`);
  });
});

describe('checkRoutes: fields nothing serves', () => {
  it('lists root fields no route serves, with their place in the SDL', () => {
    const report = check(BLOG, ['Query.getPost']);
    expect(report.findings).toEqual([
      {
        severity: 'info',
        rule: 'unserved-field',
        key: 'Query.listPosts',
        origin: 'schema',
        message: 'Query.listPosts is not served by any resolver here',
        line: 4,
        column: 3,
      },
      expect.objectContaining({ key: 'Query.search', line: 5, column: 3 }),
      expect.objectContaining({ key: 'Mutation.createPost', line: 8, column: 3 }),
    ]);
    expect(report).toMatchObject({ ok: true, errors: 0, warnings: 0, unserved: 3, routes: 1 });
    expect(report.fields).toBe(9);
  });

  it('takes the root types from the schema, not from their names', () => {
    const sdl = `
      schema { query: Root }
      type Root { post: Post }
      type Post { id: ID! }
      type Query { unused: Int }
    `;
    // Query is an ordinary type here: nothing returns it, so its field has no parent value.
    expect(check(sdl, []).findings.map((f) => f.message)).toEqual([
      'Root.post is not served by any resolver here',
      'Post.id is not served by any resolver here, and nothing served returns Post, so no parent value supplies it',
      'Query.unused is not served by any resolver here, and nothing served returns Query, so no parent value supplies it',
    ]);
    expect(brief(check(sdl, ['Root.post']).findings)).toEqual(['info unserved-field Query.unused']);
  });

  it('fields of types that served fields return come from the returned objects', () => {
    // Query.getPost returns a Post carrying its author, a User carrying its name.
    expect(
      check(BLOG, ['Query.getPost', 'Query.listPosts', 'Query.search', 'Mutation.createPost']),
    ).toMatchObject({ findings: [], unserved: 0, ok: true });
  });

  it('lists fields of types that nothing served returns', () => {
    const sdl = `${BLOG}\ntype Orphan { id: ID! }\n`;
    const report = check(sdl, [
      'Query.getPost',
      'Query.listPosts',
      'Query.search',
      'Mutation.createPost',
    ]);
    expect(report.findings).toEqual([
      expect.objectContaining({
        key: 'Orphan.id',
        message:
          'Orphan.id is not served by any resolver here, and nothing served returns Orphan, so no parent value supplies it',
        line: 21,
        column: 15,
      }),
    ]);
  });

  it('follows unions to their members', () => {
    const sdl = `type Query { search: [R] } type A { id: ID! } type B { id: ID! } union R = A | B`;
    expect(check(sdl, ['Query.search']).findings).toEqual([]);
    // Query.search returns Posts and Users: their fields come from the returned objects.
    expect(brief(check(BLOG, ['Query.search']).findings)).toEqual([
      'info unserved-field Query.getPost',
      'info unserved-field Query.listPosts',
      'info unserved-field Mutation.createPost',
    ]);
  });

  it('follows interfaces to the object types that implement them', () => {
    const sdl = `
      type Query { node: Node, other: Other }
      interface Node { id: ID! }
      type A implements Node { id: ID!, b: B }
      type B { id: ID! }
      type Other { id: ID! }
    `;
    expect(brief(check(sdl, ['Query.node']).findings)).toEqual([
      'info unserved-field Query.other',
      'info unserved-field Other.id',
    ]);
  });

  it('follows nested fields nothing serves, at any depth, but not past the root', () => {
    const sdl = `
      type Query { a: A, z: Z }
      type A { b: [[B!]] }
      type B { c: C }
      type C { d: String }
      type Z { c: C }
    `;
    // Query.a produces A, whose b carries Bs, whose c carries a C: Query.z and Z stay unserved.
    expect(brief(check(sdl, ['Query.a']).findings)).toEqual([
      'info unserved-field Query.z',
      'info unserved-field Z.c',
    ]);
    // A served field on an unproduced type still produces its own type.
    expect(brief(check(sdl, ['Z.c']).findings)).toEqual([
      'info unserved-field Query.a',
      'info unserved-field Query.z',
      'info unserved-field A.b',
      'info unserved-field B.c',
    ]);
  });

  it('a root type returned by a served field does not supply its own root fields', () => {
    const sdl = 'type Query { me: Query, name: String }';
    expect(brief(check(sdl, ['Query.me']).findings)).toEqual(['info unserved-field Query.name']);
  });

  it('works on a schema built in code, without places', () => {
    const schema = new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString } } }),
    });
    expect(checkRoutes({ schema, routes: [] }).findings).toEqual([
      {
        severity: 'info',
        rule: 'unserved-field',
        key: 'Query.hello',
        origin: 'schema',
        message: 'Query.hello is not served by any resolver here',
      },
    ]);
  });
});

describe('checkRoutes: required fields', () => {
  const SDL = `
    type Query { getPost: Post, search: [Post], me: User }
    type Mutation { createPost: Post, deletePost: Post }
    type Post { id: ID!, author: User, comments: [Comment] }
    type Comment { id: ID!, author: User }
    type User { id: ID! }
  `;

  it('turns the unserved fields that match into errors, naming the pattern', () => {
    const report = check(SDL, ['Query.getPost'], ['Query.*', 'Mutation.createPost']);
    expect(brief(report.findings)).toEqual([
      'error unserved-field Query.search',
      'error unserved-field Query.me',
      'error unserved-field Mutation.createPost',
      'info unserved-field Mutation.deletePost',
    ]);
    expect(report.findings[0]?.message).toBe(
      'Query.search is required (Query.*) but not served by any resolver here',
    );
    expect(report).toMatchObject({ ok: false, errors: 3, unserved: 4 });
  });

  it('matches * anywhere in a name, in the type or the field', () => {
    const sdl = `
      type Query { getPost: Post, search: [Post] }
      type Post { id: ID!, author: User }
      type Draft { id: ID!, author: User }
      type User { id: ID! }
    `;
    // Nothing returns Draft: its fields are unserved; *.author matches Draft.author only.
    expect(brief(check(sdl, ['Query.getPost'], ['*.author']).findings)).toEqual([
      'error unserved-field Draft.author',
      'info unserved-field Query.search',
      'info unserved-field Draft.id',
    ]);
    expect(brief(check(sdl, ['Query.getPost'], ['Q*.s*ch', 'Dr*t.*d']).findings)).toEqual([
      'error unserved-field Query.search',
      'error unserved-field Draft.id',
      'info unserved-field Draft.author',
    ]);
  });

  it('a field a parent supplies is not required to be served', () => {
    const keys = ['Query.getPost', 'Query.search', 'Query.me', 'Post.comments'];
    expect(check(SDL, keys, ['Post.*', 'Comment.*', 'Query.*']).errors).toBe(0);
  });

  it('a pattern that matches no field is a warning, with the pattern likely meant', () => {
    const keys = [
      'Query.getPost',
      'Query.search',
      'Query.me',
      'Mutation.createPost',
      'Mutation.deletePost',
    ];
    const report = check(SDL, keys, ['Querry.*', '*.auther', 'Nothing.here', 'Post.id']);
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        rule: 'unmatched-require',
        key: 'Querry.*',
        origin: 'require',
        message:
          'the required pattern Querry.* matches no field of the schema; did you mean Query.*?',
        suggestion: 'Query.*',
      },
      expect.objectContaining({ key: '*.auther', suggestion: '*.author' }),
      {
        severity: 'warning',
        rule: 'unmatched-require',
        key: 'Nothing.here',
        origin: 'require',
        message: 'the required pattern Nothing.here matches no field of the schema',
      },
    ]);
    expect(report.ok).toBe(true);
  });

  it.each([['Query'], ['Query.'], ['.x'], ['Query.get-post'], ['a.b.c']])(
    'a malformed pattern %j is a TypeError',
    (pattern) => {
      expect(() => check(SDL, [], [pattern])).toThrow(
        new TypeError(
          `checkRoutes: a require pattern is Type.field, where * stands for any part of a name (Query.*, *.author, Post.comments); received ${JSON.stringify(pattern)}.`,
        ),
      );
    },
  );
});

describe('checkRoutes: batch resolvers with batches of one', () => {
  it('warns on a root field: root values are never items of a list', () => {
    const report = check(BLOG, [
      'Query.getPost batch',
      'Query.listPosts',
      'Query.search',
      'Mutation.createPost',
    ]);
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        rule: 'batch-of-one',
        key: 'Query.getPost',
        origin: 'route',
        message:
          'Query.getPost is a batchResolver on the root type Query: AppSync batches it only when one request selects the field more than once (under aliases), so its batches mostly hold one item; a plain resolver does the same work',
      },
    ]);
    expect(report).toMatchObject({ ok: true, warnings: 1, errors: 0 });
  });

  it('warns when the parent type is in no list and below none', () => {
    const sdl =
      'type Query { getPost: Post } type Post { author: User } type User { name: String }';
    expect(check(sdl, ['Query.getPost', 'Post.author batch']).findings).toEqual([
      expect.objectContaining({
        key: 'Post.author',
        message:
          'Post.author is a batchResolver, but Post is never in a list nor below one: AppSync batches it only when one request selects several Post values (under aliases, or through several fields), so its batches mostly hold one item; a plain resolver does the same work',
      }),
    ]);
  });

  it('no warning for a type below a list: each item resolves its own fields (a connection)', () => {
    const sdl = `
      type Query { feed: PostConnection!, settings: Settings }
      type PostConnection { edges: [PostEdge!]! }
      type PostEdge { cursor: String!, node: Post! }
      type Post { id: ID!, stats: PostStats! }
      type PostStats { views: Int!, owner: User }
      type User { id: ID! }
      type Settings { theme: String!, owner: User }
    `;
    const report = check(sdl, [
      'Query.feed',
      'Query.settings',
      'PostEdge.node batch',
      'Post.stats batch',
      'PostStats.views batch',
      'User.id batch',
      'Settings.theme batch',
    ]);
    // PostEdge, Post and PostStats are below the edges list; User is below PostStats (and a
    // type below a list anywhere counts, though Settings.owner is not); Settings is in no list.
    expect(brief(report.findings.filter((f) => f.rule === 'batch-of-one'))).toEqual([
      'warning batch-of-one Settings.theme',
    ]);
  });

  it.each([
    ['[Post]', 'posts: [Post]'],
    ['[Post!]!', 'posts: [Post!]!'],
    ['[[Post]]', 'posts: [[Post!]!]'],
    ['a list of a union', 'posts: [Result] } union Result = Post | User type X { y: Int'],
    [
      'a list of an interface',
      'posts: [Node] } interface Node { id: ID } type X implements Node { id: ID',
    ],
    [
      'an interface field',
      'id: ID } interface Holder { posts: [Post] } type H implements Holder { posts: [Post]',
    ],
  ])('no warning when some field returns %s', (_, fields) => {
    const implementing = fields.includes('interface Node') ? ' implements Node' : '';
    const sdl = `
      type Query { getPost: Post, search: Search }
      type Search { ${fields} }
      type Post${implementing} { id: ID, author: User }
      type User { name: String }
    `;
    const report = check(sdl, ['Query.getPost', 'Query.search', 'Post.author batch']);
    expect(report.findings.filter((f) => f.rule === 'batch-of-one')).toEqual([]);
  });

  it('a list of a union or interface counts only for its own members', () => {
    const sdl = `
      type Query { getPost: Post, results: [Result] }
      union Result = User
      type Post { author: User }
      type User { name: String }
    `;
    expect(
      brief(
        check(sdl, ['Query.getPost', 'Query.results', 'Post.author batch', 'User.name batch'])
          .findings,
      ),
    ).toEqual(['warning batch-of-one Post.author']);
  });

  it('is no concern of a plain resolver, nor of a route that already failed', () => {
    const sdl = 'type Query { getPost: Post } type Post { author: String }';
    expect(brief(check(sdl, ['Query.getPost', 'Post.author', 'Post.nope batch']).findings)).toEqual(
      ['error unknown-field Post.nope'],
    );
  });
});

// Regression (issue 15): check said nothing of a batchResolver deployed without maxBatchSize,
// which manifest and the CDK construct warn of (one rule, src/batching.ts).
describe('checkRoutes: batch resolvers AppSync never batches', () => {
  const sdl = `
    schema { query: Root, mutation: Change }
    type Root { posts: [Post] }
    type Change { addPost: Post }
    type Post { author: User, tags: [String] }
    type User { name: String }
  `;

  it('warns for one below the root types without maxBatchSize, or with 0', () => {
    const report = checkRoutes({
      schema: buildAppSyncSchema(sdl),
      routes: [
        { typeName: 'Root', fieldName: 'posts', kind: 'resolver' },
        { typeName: 'Change', fieldName: 'addPost', kind: 'resolver' },
        { typeName: 'Post', fieldName: 'author', kind: 'batch' },
        { typeName: 'Post', fieldName: 'tags', kind: 'batch', maxBatchSize: 0 },
        { typeName: 'User', fieldName: 'name', kind: 'batch', maxBatchSize: 5 },
      ],
    });
    expect(report.findings).toEqual([
      {
        severity: 'warning',
        rule: 'never-batched',
        key: 'Post.author',
        origin: 'route',
        message:
          "Post.author is a batchResolver without maxBatchSize, so AppSync never batches it: it sends one Invoke per Post. Give it { maxBatchSize } from 1 to 2000 in app.batchResolver('Post.author', …)",
      },
      expect.objectContaining({
        rule: 'never-batched',
        key: 'Post.tags',
        message: expect.stringContaining('Post.tags is a batchResolver with maxBatchSize 0'),
      }),
    ]);
  });

  it('leaves root fields to batch-of-one, whatever the roots are called', () => {
    expect(
      brief(check(sdl, ['Root.posts unbatched', 'Change.addPost unbatched']).findings),
    ).toEqual(['warning batch-of-one Root.posts', 'warning batch-of-one Change.addPost']);
  });
});

describe('checkRoutes: the report', () => {
  it('errors first, then warnings, then infos; routes in their order, the schema in its', () => {
    const sdl = `
      type Query { getPost: Post, search: [Post], me: User }
      type Mutation { createPost: Post }
      type Post { author: User }
      type User { name: String }
    `;
    const report = check(
      sdl,
      ['Post.author batch', 'Query.zzz', 'Query.getPost batch', 'Query.getPots'],
      ['Mutation.*', 'Nope.*'],
    );
    expect(brief(report.findings)).toEqual([
      'error unknown-field Query.zzz',
      'error unknown-field Query.getPots',
      'error unserved-field Mutation.createPost',
      'warning batch-of-one Query.getPost',
      'warning unmatched-require Nope.*',
      'info unserved-field Query.search',
      'info unserved-field Query.me',
    ]);
    expect(report).toEqual({
      ok: false,
      errors: 3,
      warnings: 2,
      unserved: 3,
      routes: 4,
      fields: 6,
      findings: report.findings,
    });
  });

  it('does what its TSDoc example says', () => {
    const report = checkRoutes({
      schema: buildAppSyncSchema('type Query { getPost(id: ID!): Post } type Post { id: ID! }'),
      routes: [{ typeName: 'Query', fieldName: 'getPots', kind: 'resolver' }],
    });
    expect(report.findings[0]?.message).toBe(
      'Query.getPots is not a field of the schema; did you mean Query.getPost?',
    );
  });
});

const SCHEMA = 'test/fixtures/check/schema.graphql';

/** What `check` loads by default, for tests that replace another of its dependencies. */
async function defaultAnalysis() {
  const [check, schema, graphql] = await Promise.all([
    import('../src/codegen/check.js'),
    import('../src/engine/schema.js'),
    import('graphql'),
  ]);
  return {
    checkRoutes: check.checkRoutes,
    buildAppSyncSchema: schema.buildAppSyncSchema,
    validateSchema: graphql.validateSchema,
  };
}
const FIXTURE = (name: string) => `test/fixtures/check/${name}.ts`;
const HINT = 'Run "appsync-direct check --help" for every flag, with examples.\n';

function checkCli(handler: string, ...argv: string[]) {
  return cli(['check', '--schema', SCHEMA, '--handler', handler, ...argv]);
}

describe('appsync-direct check, in-process', () => {
  it.each([['--help'], ['-h']])('%s prints the help: exit 0', async (flag) => {
    expect(await cli(['check', flag])).toMatchObject({ code: 0, stdout: CHECK_HELP, stderr: '' });
    expect(CHECK_HELP).toMatch(
      /^Usage: appsync-direct check --schema <file.graphql> --handler <file>/,
    );
    for (const flagName of [
      '--schema',
      '--handler',
      '--export',
      '--require',
      '--code-base',
      '--json',
      '--help',
    ]) {
      expect(CHECK_HELP).toContain(flagName);
    }
    expect(USAGE).toMatch(/^ {2}check {5}Compare a handler's routes with the schema/m);
    expect(USAGE).toContain('appsync-direct check --help');
  });

  it.each([
    [
      [],
      'say which schema to check against with --schema <file.graphql>, as in --schema schema.graphql',
    ],
    [
      ['--schema', SCHEMA],
      'say which handler to check with --handler <file>, as in --handler src/handler.ts',
    ],
    [
      ['--schema', 'nope.graphql', '--handler', FIXTURE('clean')],
      `--schema nope.graphql: there is no such file (looked for ${ROOT}nope.graphql)`,
    ],
    [
      ['--schema', SCHEMA, '--requier', 'Query.*'],
      'unknown flag --requier; did you mean --require?',
    ],
    [
      ['--schema', SCHEMA, '--handler', FIXTURE('clean'), '--json=yes'],
      '--json takes no value; write just --json',
    ],
    [
      ['--schema', SCHEMA, '--handler', FIXTURE('clean'), '--require', ' , '],
      `--require needs Type.field patterns, comma-separated, as in --require 'Query.*,Mutation.*'; received " , "`,
    ],
    [
      ['--schema', SCHEMA, '--handler', FIXTURE('clean'), '--require', 'Query.*,Mutation'],
      '--require "Mutation" is not a Type.field pattern: write a type and a field name joined by a dot, where * stands for any part of a name, as in Query.*, *.author or Post.comments',
    ],
  ])('%j is bad usage: exit 2 with the problem and a hint', async (argv, message) => {
    const result = await cli(['check', ...argv]);
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `appsync-direct check: ${message}\n${HINT}`,
    });
  });

  it('prints nothing but the summary for the blog example: exit 0', async () => {
    const result = await cli([
      'check',
      '--schema',
      'examples/blog/schema.graphql',
      '--handler',
      'examples/blog/handler.ts',
    ]);
    // The example's routes, fields and code change with it: the shape of the summary is the point.
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout).toMatch(
      /^check: 0 errors, 0 warnings, 0 fields not served \(\d+ routes, \d+ schema fields(, \d+ code files?)?\)\n$/,
    );
  });

  it('points at the misspelt keys in the handler’s files: exit 1', async () => {
    const result = await checkCli(FIXTURE('typos'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        'test/fixtures/check/typos.ts:8:14: error: Query.getPots is not a field of the schema; did you mean Query.getPost? [unknown-field]',
        'test/fixtures/check/typos.ts:10:14: error: Querry.search is not a field of the schema, which has no type Querry; did you mean Query.search? [unknown-type]',
        'test/fixtures/check/typos-comments.ts:5:21: error: Comment.auther is not a field of the schema; did you mean Comment.author? [unknown-field]',
        'test/fixtures/check/schema.graphql:5:3: info: Query.search is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:6:3: info: Query.node is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:10:3: info: Mutation.createPost is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:14:3: info: Subscription.onCreatePost is not served by any resolver here [unserved-field]',
        'check: 3 errors, 0 warnings, 4 fields not served (4 routes, 18 schema fields)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('--json prints one object with the findings and their places', async () => {
    const result = await checkCli(FIXTURE('not-objects'), '--json', '--require', 'Query.*');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const json = result.json() as { findings: unknown[] };
    expect(json).toEqual({
      ok: false,
      errors: 6,
      warnings: 0,
      unserved: 4,
      routes: 5,
      fields: 18,
      code: 0,
      schema: SCHEMA,
      handler: FIXTURE('not-objects'),
      export: 'default',
      findings: json.findings,
    });
    expect(json.findings.slice(0, 5)).toEqual([
      {
        severity: 'error',
        rule: 'not-object-type',
        key: 'CreatePostInput.title',
        message:
          'CreatePostInput.title is not a field of an object type: CreatePostInput is an input type, and resolvers attach to fields of object types',
        file: FIXTURE('not-objects'),
        line: 7,
        column: 14,
      },
      expect.objectContaining({ key: 'Node.id', line: 8, column: 14 }),
      expect.objectContaining({ key: 'SearchResult.id', line: 9, column: 14 }),
      // Built at run time: no literal to point at.
      {
        severity: 'error',
        rule: 'not-object-type',
        key: 'Status.DRAFT',
        message:
          'Status.DRAFT is not a field of an object type: Status is an enum, and resolvers attach to fields of object types',
        file: FIXTURE('not-objects'),
      },
      {
        severity: 'error',
        rule: 'unserved-field',
        key: 'Query.search',
        message: 'Query.search is required (Query.*) but not served by any resolver here',
        file: SCHEMA,
        line: 5,
        column: 3,
      },
    ]);
    expect(json.findings).toHaveLength(8);
  });

  it('a route with no literal in the source points at the handler; required fields are counted', async () => {
    const result = await checkCli(FIXTURE('not-objects'), '--require', 'Query.*');
    expect(result.stdout).toBe(
      [
        'test/fixtures/check/not-objects.ts:7:14: error: CreatePostInput.title is not a field of an object type: CreatePostInput is an input type, and resolvers attach to fields of object types [not-object-type]',
        'test/fixtures/check/not-objects.ts:8:14: error: Node.id is not a field of an object type: Node is an interface, and resolvers attach to fields of object types; register it on the implementing types instead (Post, Comment, User) [not-object-type]',
        'test/fixtures/check/not-objects.ts:9:14: error: SearchResult.id is not a field of an object type: SearchResult is a union, and resolvers attach to fields of object types; register it on the member types instead (Post, User) [not-object-type]',
        'test/fixtures/check/not-objects.ts: error: Status.DRAFT is not a field of an object type: Status is an enum, and resolvers attach to fields of object types [not-object-type]',
        'test/fixtures/check/schema.graphql:5:3: error: Query.search is required (Query.*) but not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:6:3: error: Query.node is required (Query.*) but not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:10:3: info: Mutation.createPost is not served by any resolver here [unserved-field]',
        'test/fixtures/check/schema.graphql:14:3: info: Subscription.onCreatePost is not served by any resolver here [unserved-field]',
        'check: 6 errors, 0 warnings, 4 fields not served, 2 of them required (5 routes, 18 schema fields)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('a suggestion reaches the JSON, and a pattern finding points at the schema', async () => {
    const result = await checkCli(FIXTURE('clean'), '--json', '--require', 'Querry.*');
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({
      ok: true,
      warnings: 1,
      findings: [
        {
          severity: 'warning',
          rule: 'unmatched-require',
          key: 'Querry.*',
          message:
            'the required pattern Querry.* matches no field of the schema; did you mean Query.*?',
          file: SCHEMA,
          suggestion: 'Query.*',
        },
      ],
    });
  });

  it('the handler’s own output goes to stderr, stdout holds the findings', async () => {
    const result = await checkCli(FIXTURE('noisy'));
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('loading the handler\n');
    expect(result.stdout).toMatch(
      /^test\/fixtures\/check\/schema\.graphql:5:3: info: Query\.search/,
    );
    expect(result.stdout).toMatch(
      /\ncheck: 0 errors, 0 warnings, 4 fields not served \(1 route, 18 schema fields\)\n$/,
    );
  });

  it('picks the only app among other exports, and --export picks one', async () => {
    const only = await checkCli(FIXTURE('partial'), '--json');
    expect(only.json()).toMatchObject({ export: 'blogApp', routes: 1 });
    const picked = await checkCli(FIXTURE('exports'), '--export', 'second', '--json');
    expect(picked.json()).toMatchObject({ export: 'second', routes: 1, unserved: 4 });
  });

  const EXPORTS = 'its exports are: answer, first, handler, second';
  const HOW =
    'Check reads the routes of the app from createResolver(): export it (export const app = createResolver()) or pass the export that holds it with --export <name>';
  it.each([
    [
      FIXTURE('exports'),
      [],
      `--handler ${FIXTURE('exports')} exports 2 apps (first, second); pick the one to check with --export <name>`,
    ],
    [
      FIXTURE('exports'),
      ['--export', 'handler'],
      `export handler of ${FIXTURE('exports')} is a function (a Lambda handler has no routes), not an app from createResolver(); ${EXPORTS}. ${HOW}`,
    ],
    [
      FIXTURE('exports'),
      ['--export', 'answer'],
      `export answer of ${FIXTURE('exports')} is a number, not an app from createResolver(); ${EXPORTS}. ${HOW}`,
    ],
    [
      FIXTURE('exports'),
      ['--export', 'third'],
      `--handler ${FIXTURE('exports')} has no export named third; ${EXPORTS}`,
    ],
    [
      'test/cli-fixtures/no-handler.ts',
      [],
      `--handler test/cli-fixtures/no-handler.ts exports no app from createResolver(); its exports are: answer, helper. ${HOW}`,
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'throwing'],
      `export throwing of ${FIXTURE('fake-apps')}: routes() threw: Error: no routes today`,
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'notAList'],
      `export notAList of ${FIXTURE('fake-apps')}: routes() must return the app's routes, [{ typeName, fieldName, kind }, …], as an app from createResolver() does`,
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'badEntry'],
      `export badEntry of ${FIXTURE('fake-apps')}: routes() must return the app's routes, [{ typeName, fieldName, kind }, …], as an app from createResolver() does`,
    ],
    [
      'test/fixtures/check/missing.ts',
      [],
      `--handler test/fixtures/check/missing.ts: there is no such file (looked for ${ROOT}test/fixtures/check/missing.ts)`,
    ],
  ])('%s %j: no app to check, exit 2', async (handler, argv, message) => {
    const result = await checkCli(handler, ...argv);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(`appsync-direct check: ${message}`)).toBe(true);
    expect(result.code).toBe(2);
  });

  it('a module without exports: exit 2, saying so', async () => {
    const dir = tempFiles({
      'handler.mjs': 'globalThis.loaded = true;\n',
      'schema.graphql': 'type Query { a: Int }\n',
    });
    const result = await cli(
      ['check', '--schema', 'schema.graphql', '--handler', 'handler.mjs'],
      dir,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `appsync-direct check: --handler handler.mjs exports no app from createResolver(); it has no exports. ${HOW}\n`,
    );
  });

  it('another object with a null export is no app either', async () => {
    const dir = tempFiles({
      'handler.mjs': 'export const app = null;\nexport const list = [];\nexport const obj = {};\n',
      'schema.graphql': 'type Query { a: Int }\n',
    });
    for (const [name, what] of [
      ['app', 'null'],
      ['list', 'an array'],
      ['obj', 'an object without routes() and handler()'],
    ]) {
      const result = await cli(
        [
          'check',
          '--schema',
          'schema.graphql',
          '--handler',
          'handler.mjs',
          '--export',
          String(name),
        ],
        dir,
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`export ${name} of handler.mjs is ${what}, not an app`);
    }
  });

  it.each([
    [
      'a schema that does not parse: exit 2, with the line and column',
      'type Query {\n  getPost(id: ID!): Post\n',
      '--schema schema.graphql (line 3, column 1): Syntax Error: Expected Name, found <EOF>.',
    ],
    [
      'a schema without a Query type: exit 2, as AppSync refuses it',
      'type Post { id: ID! }\n',
      '--schema schema.graphql is not a valid schema:\n  schema.graphql: Query root type must be provided.',
    ],
    [
      'a schema graphql-js rejects: exit 2, naming each problem',
      'type Query { a: Nope }\n',
      '--schema schema.graphql: Unknown type "Nope".',
    ],
  ])('%s', async (_, sdl, message) => {
    const dir = tempFiles({ 'schema.graphql': sdl });
    const result = await cli(
      ['check', '--schema', 'schema.graphql', '--handler', `${ROOT}${FIXTURE('clean')}`],
      dir,
    );
    expect(result).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `appsync-direct check: ${message}\n`,
    });
  });

  it('an invalid schema: exit 2, each error at its place', async () => {
    const result = await checkCli(FIXTURE('clean'), '--schema=x');
    expect(result.code).toBe(2);
    const invalid = await cli([
      'check',
      '--schema',
      'test/fixtures/check/invalid.graphql',
      '--handler',
      FIXTURE('clean'),
    ]);
    expect(invalid).toMatchObject({
      code: 2,
      stdout: '',
      stderr:
        'appsync-direct check: --schema test/fixtures/check/invalid.graphql is not a valid schema:\n' +
        '  test/fixtures/check/invalid.graphql:6:3: Interface field Node.id expected but Post does not provide it.\n',
    });
  });

  it('graphql cannot load: exit 2, saying what to install', async () => {
    let stderr = '';
    const code = await checkCommand(
      ['--schema', SCHEMA, '--handler', FIXTURE('clean')],
      {
        stdout: () => {},
        stderr: (text) => {
          stderr += text;
        },
        cwd: ROOT,
      },
      { importAnalysis: () => Promise.reject(new Error("Cannot find package 'graphql'")) },
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      "appsync-direct check: the check cannot load: Cannot find package 'graphql'\nIt needs graphql (16 or 17) and esbuild installed: npm i -D graphql esbuild\n",
    );
  });
});

/** Each line of the output as `place severity [rule]`, the summary as it is. */
function places(stdout: string): string[] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => {
      const match = /^(.*?): (error|warning|info): .* \[([\w-]+)\]$/.exec(line);
      return match === null ? line : `${match[1]} ${match[2]} [${match[3]}]`;
    });
}

const RESOLVERS = 'test/fixtures/check/resolvers';

describe('appsync-direct check: the code in front of the Lambda', () => {
  it('reports what AppSync refuses in each module and template at its file, line and column: exit 1', async () => {
    const result = await checkCli(FIXTURE('code-forbidden'));
    expect(result.stderr).toBe('');
    expect(places(result.stdout)).toEqual([
      `${RESOLVERS}/forbidden.js:6:21 error [throw]`,
      `${RESOLVERS}/forbidden.js:8:3 error [while]`,
      `${RESOLVERS}/forbidden.js:9:15 error [new]`,
      `${RESOLVERS}/forbidden.js:10:39 error [regex]`,
      // A file the module imports: AppSync is given the bundle.
      `${RESOLVERS}/lib/label.js:3:3 error [for]`,
      // TypeScript, mapped back to the .ts source.
      `${RESOLVERS}/fetch.ts:11:25 error [continue]`,
      `${RESOLVERS}/shape.req.vtl:4 error [vtl-syntax-error]`,
      `${RESOLVERS}/forbidden.js:6:27 warning [new-builtin]`,
      `${RESOLVERS}/forbidden.js:14:17 warning [unchecked-error]`,
      `${RESOLVERS}/forbidden.js:15:38 warning [new-builtin]`,
      // Inline code is named by its route; a pipeline's own response (pipeline.js) needs no check.
      'Query.node inline code:4:14 warning [unchecked-error]',
      `${SCHEMA}:10:3 info [unserved-field]`,
      `${SCHEMA}:14:3 info [unserved-field]`,
      'check: 7 errors, 4 warnings, 2 fields not served (3 routes, 18 schema fields, 5 code files)',
    ]);
    const lines = result.stdout.split('\n');
    expect(lines).toContain(
      `${RESOLVERS}/forbidden.js:6:21: error: throw is not supported by APPSYNC_JS; AppSync rejects code that uses it. Use util.error(message, type) to stop with an error, or util.appendError() to add one and go on. [throw]`,
    );
    expect(lines).toContain(
      `${RESOLVERS}/shape.req.vtl:4: error: the template does not parse (Lexical error: Unrecognized text): AppSync rejects a mapping template that does not parse; fix the syntax. [vtl-syntax-error]`,
    );
    expect(lines).toContain(
      'Query.node inline code:4:14: warning: response() never reads ctx.error: when the data source call fails (the Lambda function throws or times out), the field resolves to null and the response carries no error. Start it with: if (ctx.error) { util.error(ctx.error.message, ctx.error.type); } [unchecked-error]',
    );
    expect(result.code).toBe(1);
  });

  it('--json carries each code finding with its route, file, line and column', async () => {
    const result = await checkCli(FIXTURE('code-forbidden'), '--json');
    expect(result.code).toBe(1);
    const json = result.json() as { findings: { rule: string }[] };
    expect(json).toMatchObject({ ok: false, errors: 7, warnings: 4, code: 5 });
    expect(json.findings[0]).toEqual({
      severity: 'error',
      rule: 'throw',
      key: 'Query.getPost',
      message: expect.stringMatching(/^throw is not supported by APPSYNC_JS/),
      file: `${RESOLVERS}/forbidden.js`,
      line: 6,
      column: 21,
    });
    expect(json.findings.find((f) => f.rule === 'continue')).toMatchObject({
      key: 'Query.search',
      file: `${RESOLVERS}/fetch.ts`,
    });
  });

  it('passes code AppSync accepts: a module, a TypeScript pipeline, VTL, a Direct Lambda function', async () => {
    const result = await checkCli(FIXTURE('code-clean'));
    expect(result).toMatchObject({
      code: 0,
      stdout:
        'check: 0 errors, 0 warnings, 0 fields not served (7 routes, 18 schema fields, 4 code files)\n',
      stderr: '',
    });
  });

  it('reports a declaration AppSync refuses and a path that cannot be read at the route, naming the field', async () => {
    const result = await checkCli(FIXTURE('code-declarations'));
    const at = FIXTURE('code-declarations');
    expect(places(result.stdout).slice(0, 2)).toEqual([
      `${at}:11:14 error [code-declaration]`,
      `${at}:12:14 error [code-unreadable]`,
    ]);
    expect(result.stdout).toContain(
      `${at}:11:14: error: Query.getPost: pipeline.functions has 11 functions; AppSync allows at most 10 in a pipeline. [code-declaration]\n`,
    );
    expect(result.stdout).toContain(
      `${at}:12:14: error: Query.node: code: cannot read ${ROOT}${RESOLVERS}/missing.js (ENOENT); paths are relative to ${ROOT}test/fixtures/check. --code-base <dir> sets the folder they are relative to. [code-unreadable]\n`,
    );
    expect(result.stdout).toMatch(/\ncheck: 2 errors, 0 warnings, /);
    expect(result.code).toBe(1);
  });

  it('reads paths relative to the schema file’s folder, or to --code-base', async () => {
    const schemaFolder = await checkCli(FIXTURE('code-base'));
    expect(places(schemaFolder.stdout)[0]).toBe(
      `${FIXTURE('code-base')}:6:14 error [code-unreadable]`,
    );
    expect(schemaFolder.stdout).toContain(
      `cannot read ${ROOT}test/fixtures/check/node.js (ENOENT)`,
    );
    expect(schemaFolder.code).toBe(1);

    const based = await checkCli(FIXTURE('code-base'), '--code-base', `${RESOLVERS}/based`);
    expect(based.stdout).toMatch(
      /\ncheck: 0 errors, 0 warnings, 4 fields not served \(1 route, 18 schema fields, 1 code file\)\n$/,
    );
    expect(based.code).toBe(0);

    const missing = await checkCli(FIXTURE('code-base'), '--code-base', 'nowhere');
    expect(missing).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `appsync-direct check: --code-base nowhere: there is no such folder (looked for ${ROOT}nowhere); give the folder the routes' code paths are relative to\n${HINT}`,
    });
  });

  /**
   * A project of its own: an app without the package (its routes() as data), a schema with a
   * Query field per route, and `files`.
   */
  function project(routes: { fieldName: string }[], files: Record<string, string> = {}) {
    const fields = routes.map((r) => `${r.fieldName}: Int`).join(' ');
    return tempFiles({
      'handler.mjs': `export const app = { handler: () => () => null, routes: () => (${JSON.stringify(routes)}) };\n`,
      'schema.graphql': `type Query { ${fields} }\n`,
      ...files,
    });
  }
  const checkProject = (dir: string, ...argv: string[]) =>
    cli(['check', '--schema', 'schema.graphql', '--handler', 'handler.mjs', ...argv], dir);
  const route = (fieldName: string, code: Record<string, unknown>) => ({
    typeName: 'Query',
    fieldName,
    kind: 'resolver',
    ...code,
  });

  it('parses VTL with velocityjs: a template that does not parse at its line and column; inline templates by route', async () => {
    const dir = project(
      [
        route('a', { requestTemplate: 'bad.vtl', responseTemplate: 'gone.vtl' }),
        route('b', { requestTemplate: '#set($x = )\n$util.toJson($x)\n' }),
      ],
      { 'bad.vtl': '{\n  "payload": $util.toJson($ctx.args)\n}\n#if($ctx.args.x\n' },
    );
    const result = await checkProject(dir);
    expect(result.stdout).toBe(
      [
        'bad.vtl:4:15: error: the template does not parse (unexpected end of the template): AppSync rejects a mapping template that does not parse; fix the syntax. [vtl-syntax-error]',
        `handler.mjs: error: Query.a: responseTemplate: cannot read ${dir}/gone.vtl (ENOENT); paths are relative to ${dir}. --code-base <dir> sets the folder they are relative to. [code-unreadable]`,
        'Query.b inline requestTemplate:1:9: error: the template does not parse (unexpected ")"): AppSync rejects a mapping template that does not parse; fix the syntax. [vtl-syntax-error]',
        'check: 3 errors, 0 warnings, 0 fields not served (2 routes, 2 schema fields, 2 code files)',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(1);
  });

  it('without velocityjs, only reads templates', async () => {
    const dir = project([route('a', { requestTemplate: '#set($x = )\n' })]);
    let stdout = '';
    const code = await checkCommand(
      ['--schema', 'schema.graphql', '--handler', 'handler.mjs'],
      { stdout: (text) => (stdout += text), stderr: () => {}, cwd: dir },
      { importAnalysis: defaultAnalysis, loadVtlParser: () => undefined },
    );
    expect(stdout).toBe(
      'check: 0 errors, 0 warnings, 0 fields not served (1 route, 1 schema field, 1 code file)\n',
    );
    expect(code).toBe(0);
  });

  it('counts the size of the module as bundled: more than 32,768 characters is an error', async () => {
    const pad = 'x'.repeat(33_000);
    const source = `const pad = '${pad}';\nexport function request(ctx) {\n  return { pad };\n}\nexport function response(ctx) {\n  if (ctx.error) util.error(ctx.error.message);\n  return ctx.result;\n}\n`;
    const result = await checkProject(project([route('a', {})], { 'big.js': source }));
    expect(result.code).toBe(0);
    const big = await checkProject(project([route('a', { code: 'big.js' })], { 'big.js': source }));
    expect(places(big.stdout)[0]).toBe('big.js error [code-size]');
    expect(big.stdout).toMatch(
      /^big\.js: error: the code is 33\d{3} characters long; AppSync rejects resolver and function code longer than 32768\./,
    );
    expect(big.code).toBe(1);
  });

  it('reports a module without request or response, and one that does not bundle', async () => {
    const dir = project([route('a', { code: 'half.js' }), route('b', { code: 'broken.ts' })], {
      'half.js': 'export function request(ctx) {\n  return {};\n}\n',
      'broken.ts':
        'import { helper } from "./nowhere.js";\nexport const request = (ctx: unknown) => helper(ctx);\n',
    });
    const result = await checkProject(dir);
    expect(places(result.stdout).slice(0, 2)).toEqual([
      'half.js error [missing-handler]',
      'broken.ts:1:24 error [code-build]',
    ]);
    expect(result.stdout).toContain(
      "half.js: error: Query.a: code exports no response function: AppSync requires both request and response in a resolver's or function's code (its exports: request). [missing-handler]\n",
    );
    expect(result.stdout).toContain(
      'broken.ts:1:24: error: Could not resolve "./nowhere.js": the module does not bundle, so AppSync cannot be given it; fix it. [code-build]\n',
    );
    expect(result.code).toBe(1);
  });

  it('a route that declares APPSYNC_JS code needs acorn: exit 2, saying what to install', async () => {
    const failing = {
      importAnalysis: defaultAnalysis,
      importCodeRules: async () => ({
        checkAppSyncJs: () => [],
        loadAcorn: (): never => {
          throw new TypeError('acorn is not installed');
        },
      }),
    };
    let stderr = '';
    const io = {
      stdout: () => {},
      stderr: (text: string) => {
        stderr += text;
      },
      cwd: ROOT,
    };
    const code = await checkCommand(
      ['--schema', SCHEMA, '--handler', FIXTURE('code-forbidden')],
      io,
      failing,
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      'appsync-direct check: Query.getPost declares APPSYNC_JS code, and checking it needs acorn and acorn-walk (optional peer dependencies), which are not installed: npm i -D acorn acorn-walk\n',
    );
    // Without code, or with templates only, acorn is never asked for.
    stderr = '';
    const plain = await checkCommand(
      ['--schema', SCHEMA, '--handler', FIXTURE('clean')],
      io,
      failing,
    );
    expect({ plain, stderr }).toEqual({ plain: 0, stderr: '' });
    const dir = project([route('a', { requestTemplate: 'x.vtl' })], {
      'x.vtl': '$util.toJson($ctx.args)\n',
    });
    const templates = await checkCommand(
      ['--schema', 'schema.graphql', '--handler', 'handler.mjs'],
      { ...io, cwd: dir },
      failing,
    );
    expect({ templates, stderr }).toEqual({ templates: 0, stderr: '' });
  });
});

describe('the command line, statically', () => {
  it('loads graphql only when check (or dev) runs: the static imports of main.ts leave it out', async () => {
    const graph = await entryGraph('src/cli/main.ts', { packages: 'external' });
    expect(foreign(graph.loaded)).toEqual([]);
    // graphql is there, behind a dynamic import.
    expect(graph.dynamic).toContain('graphql');
  });
});
