/**
 * `appsync-direct/cdk`: the SDL reader, the route checks and the DirectLambdaResolvers construct,
 * synthesized with aws-cdk-lib's assertions (offline: inline Lambda code, no assets, no lookups).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Annotations as CoreAnnotations, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appsync from 'aws-cdk-lib/aws-appsync';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import {
  DirectLambdaResolvers,
  type DirectLambdaResolversProps,
  type DirectLambdaRoute,
  MAX_BATCH_SIZE,
  WARNINGS,
} from '../src/cdk/index.js';
import { closest, normalizeRoutes, routeProblem } from '../src/cdk/routes.js';
import { readSdl, SdlSyntaxError } from '../src/cdk/sdl.js';
import { createResolver } from '../src/index.js';

const work = mkdtempSync(join(tmpdir(), 'appsync-direct-cdk-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
let apps = 0;

const BLOG = readFileSync(new URL('../examples/blog/schema.graphql', import.meta.url), 'utf8');

const SDL = `
schema { query: Query mutation: Mutation }

"""A node, with an id. Braces in descriptions: { type Fake { nope: Int } }"""
interface Node { id: ID! }

type Query {
  "getPost { is not a block"
  getPost(id: ID! = "{", filter: PostFilter = { tags: ["a", "}"] }): Post @aws_api_key
  node(id: ID!): Node
  search(text: String): [SearchResult!]!
}

type Mutation { createPost(input: CreatePostInput!): Post @aws_cognito_user_pools(cognito_groups: ["admin"]) }

type Post implements Node @aws_api_key @aws_iam {
  id: ID!
  title: String!
  author: User
  comments(limit: Int = 20): [Comment!]!
}

type User implements Node { id: ID! name: String! }
type Comment { id: ID! body: String! }

union SearchResult = | Post | User
input CreatePostInput { title: String! = "untitled" }
input PostFilter { tags: [String!] }
enum Status { DRAFT LIVE }
scalar Cursor
`;

/** A stack with an API of `sdl` (from a file, as Definition.fromFile does) and an inline function. */
function setup(sdl: string = SDL) {
  apps += 1;
  // CloudFormation's schema validation of the template is left to the example's test (it costs
  // seconds to start); these tests read the template.
  const app = new App({
    outdir: join(work, `app-${apps}`),
    builtinCloudFormationValidation: false,
  });
  const stack = new Stack(app, 'Test');
  const file = join(work, `schema-${apps}.graphql`);
  writeFileSync(file, sdl);
  const api = new appsync.GraphqlApi(stack, 'Api', {
    name: 'test',
    definition: appsync.Definition.fromFile(file),
  });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => null;'),
  });
  return { app, stack, api, fn };
}

const route = (key: string, more: Partial<DirectLambdaRoute> = {}): DirectLambdaRoute => {
  const [typeName = '', fieldName = ''] = key.split('.');
  return { typeName, fieldName, ...more };
};

const ROUTES: DirectLambdaRoute[] = [
  route('Query.getPost', { kind: 'resolver' }),
  route('Mutation.createPost', { kind: 'resolver' }),
  route('Post.author', { kind: 'batch', maxBatchSize: 100 }),
  route('Post.comments', { kind: 'batch', maxBatchSize: 50 }),
];

function resolvers(
  props: Partial<DirectLambdaResolversProps> = {},
  sdl?: string,
): {
  stack: Stack;
  construct: DirectLambdaResolvers;
  fn: lambda.Function;
  api: appsync.GraphqlApi;
} {
  const { stack, api, fn } = setup(sdl);
  const construct = new DirectLambdaResolvers(stack, 'Resolvers', {
    api,
    function: fn,
    routes: ROUTES,
    ...props,
  });
  return { stack, construct, fn, api };
}

describe('DirectLambdaResolvers', () => {
  it('creates one Lambda data source and one Direct Lambda resolver per route', () => {
    const { stack, construct, fn } = resolvers({ dataSourceName: 'Blog' });
    const template = Template.fromStack(stack);

    template.resourceCountIs('AWS::AppSync::DataSource', 1);
    template.hasResourceProperties('AWS::AppSync::DataSource', {
      Type: 'AWS_LAMBDA',
      Name: 'Blog',
      LambdaConfig: { LambdaFunctionArn: stack.resolve(fn.functionArn) },
    });
    // The data source's role may invoke the function.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'lambda:InvokeFunction', Effect: 'Allow' }),
        ]),
      },
    });

    template.resourceCountIs('AWS::AppSync::Resolver', ROUTES.length);
    const found = template.findResources('AWS::AppSync::Resolver');
    const properties = Object.values(found).map(
      (resource) => resource.Properties as Record<string, unknown>,
    );
    expect(
      properties.map((p) => ({
        key: `${p.TypeName}.${p.FieldName}`,
        dataSource: p.DataSourceName,
        batch: p.MaxBatchSize,
        kind: p.Kind,
      })),
    ).toEqual([
      { key: 'Query.getPost', dataSource: 'Blog', batch: undefined, kind: 'UNIT' },
      { key: 'Mutation.createPost', dataSource: 'Blog', batch: undefined, kind: 'UNIT' },
      { key: 'Post.author', dataSource: 'Blog', batch: 100, kind: 'UNIT' },
      { key: 'Post.comments', dataSource: 'Blog', batch: 50, kind: 'UNIT' },
    ]);
    // Direct Lambda: no mapping templates, no code, no runtime, no pipeline.
    for (const p of properties) {
      expect(Object.keys(p).sort()).toEqual(
        [
          'ApiId',
          'DataSourceName',
          'FieldName',
          'Kind',
          'TypeName',
          ...(p.MaxBatchSize === undefined ? [] : ['MaxBatchSize']),
        ].sort(),
      );
    }
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Query',
      FieldName: 'getPost',
      MaxBatchSize: Match.absent(),
      RequestMappingTemplate: Match.absent(),
      ResponseMappingTemplate: Match.absent(),
      Code: Match.absent(),
      Runtime: Match.absent(),
    });
    // Each resolver waits for its data source and the schema.
    const [resolver] = Object.values(found);
    expect(resolver?.DependsOn).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^ApiSchema/),
        expect.stringMatching(/^ResolversDataSource/),
      ]),
    );

    expect([...construct.resolvers.keys()]).toEqual(
      ROUTES.map((r) => `${r.typeName}.${r.fieldName}`),
    );
    expect(construct.dataSource.name).toBe('Blog');
    expect(construct.routes).toEqual(ROUTES);
    expect(construct.routes).not.toBe(ROUTES);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  it('takes app.routes() as it is, and the JSON of `appsync-direct manifest`', () => {
    const app = createResolver()
      .resolver('Query.getPost', () => null)
      .batchResolver('Post.author', (ctxs) => ctxs.map(() => null), { maxBatchSize: 25 });
    const fromApp = resolvers({ routes: app.routes() });
    Template.fromStack(fromApp.stack).hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Post',
      FieldName: 'author',
      MaxBatchSize: 25,
    });
    expect(fromApp.construct.routes).toEqual(app.routes());

    const manifest = JSON.parse(
      JSON.stringify({ handler: 'src/handler.ts', export: 'app', routes: app.routes() }),
    );
    const fromManifest = resolvers({ routes: manifest });
    const template = Template.fromStack(fromManifest.stack);
    template.resourceCountIs('AWS::AppSync::Resolver', 2);
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      TypeName: 'Query',
      FieldName: 'getPost',
      MaxBatchSize: Match.absent(),
    });
  });

  it('deploys maxBatchSize 0 (no batching) and 2000 (the most AppSync allows) as given', () => {
    const { stack } = resolvers({
      routes: [
        route('Query.getPost', { maxBatchSize: 0 }),
        route('Post.author', { maxBatchSize: MAX_BATCH_SIZE }),
      ],
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      FieldName: 'getPost',
      MaxBatchSize: 0,
    });
    template.hasResourceProperties('AWS::AppSync::Resolver', {
      FieldName: 'author',
      MaxBatchSize: 2000,
    });
  });

  it('names the data source after its path by default, so two sets on one API do not clash', () => {
    const { stack, api, fn } = setup();
    const one = new DirectLambdaResolvers(stack, 'One', {
      api,
      function: fn,
      routes: [route('Query.getPost')],
    });
    const two = new DirectLambdaResolvers(stack, 'Two', {
      api,
      function: fn,
      routes: [route('Post.author')],
    });
    expect(one.dataSource.name).toMatch(/^TestOne[0-9A-F]{8}$/);
    expect(two.dataSource.name).toMatch(/^TestTwo[0-9A-F]{8}$/);
    Template.fromStack(stack).resourceCountIs('AWS::AppSync::DataSource', 2);
  });

  it('fails synthesis when another resolver of the same API takes a routed field', () => {
    const { stack, api, fn } = setup();
    new DirectLambdaResolvers(stack, 'One', {
      api,
      function: fn,
      routes: [route('Query.getPost')],
    });
    new DirectLambdaResolvers(stack, 'Two', {
      api,
      function: fn,
      routes: [route('Query.getPost'), route('Post.author')],
    });
    api.createResolver('Search', {
      typeName: 'Query',
      fieldName: 'search',
      dataSource: api.addNoneDataSource('None'),
    });
    new DirectLambdaResolvers(stack, 'Three', {
      api,
      function: fn,
      routes: [route('Query.search')],
    });
    let message = '';
    try {
      Template.fromStack(stack);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain(
      '[Test/One] route Query.getPost: Test/Two/Query.getPost/Resource is another resolver of the same field of this API, and AppSync allows one per field',
    );
    expect(message).toContain(
      '[Test/Two] route Query.getPost: Test/One/Query.getPost/Resource is another resolver',
    );
    expect(message).toContain(
      '[Test/Three] route Query.search: Test/Api/Search/Resource is another resolver',
    );
    expect(message).not.toContain('route Post.author');
  });

  it('lets two APIs route the same field', () => {
    const { stack, api, fn } = setup();
    const file = join(work, 'other.graphql');
    writeFileSync(file, SDL);
    const other = new appsync.GraphqlApi(stack, 'Other', {
      name: 'other',
      definition: appsync.Definition.fromFile(file),
    });
    new DirectLambdaResolvers(stack, 'One', {
      api,
      function: fn,
      routes: [route('Query.getPost')],
    });
    new DirectLambdaResolvers(stack, 'Two', {
      api: other,
      function: fn,
      routes: [route('Query.getPost')],
    });
    Template.fromStack(stack).resourceCountIs('AWS::AppSync::Resolver', 2);
  });

  it('starts a default name that would start with a digit with _', () => {
    const app = new App({ outdir: join(work, 'digits'), builtinCloudFormationValidation: false });
    const stack = new Stack(app, '2024', { stackName: 'Dated' });
    const api = appsync.GraphqlApi.fromGraphqlApiAttributes(stack, 'Api', { graphqlApiId: 'id' });
    const fn = lambda.Function.fromFunctionAttributes(stack, 'Fn', {
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:blog',
      sameEnvironment: true,
    });
    const { dataSource } = new DirectLambdaResolvers(stack, 'Resolvers', {
      api,
      function: fn,
      routes: [route('Query.a')],
      schema: 'type Query { a: Int }',
    });
    expect(dataSource.name).toMatch(/^_2024Resolvers[0-9A-F]{8}$/);
  });

  it('adds plain warnings with an aws-cdk-lib that lacks acknowledgeable ones', () => {
    const prototype = CoreAnnotations.prototype as { addWarningV2?: unknown };
    const original = prototype.addWarningV2;
    prototype.addWarningV2 = undefined;
    try {
      const { stack } = resolvers({ routes: [route('Post.author', { kind: 'batch' })] });
      const [warning] = Annotations.fromStack(stack).findWarning(
        '/Test/Resolvers',
        Match.anyValue(),
      );
      expect(String(warning?.entry.data)).toMatch(
        /^Post\.author is a batchResolver without maxBatchSize, so AppSync never batches it/,
      );
      expect(String(warning?.entry.data)).not.toContain('[ack:');
    } finally {
      prototype.addWarningV2 = original;
    }
  });

  it('rejects a data source name AppSync would not accept', () => {
    expect(() => resolvers({ dataSourceName: 'blog-handler' })).toThrow(
      'DirectLambdaResolvers Test/Resolvers: dataSourceName "blog-handler" is not a name AppSync accepts',
    );
    expect(() => resolvers({ dataSourceName: '1blog' })).toThrow(/is not a name AppSync accepts/);
    // A token is left to CloudFormation.
    const { stack } = resolvers({
      dataSourceName: Lazy.string({ produce: () => 'Blog' }),
      description: 'the blog',
    });
    Template.fromStack(stack).hasResourceProperties('AWS::AppSync::DataSource', {
      Name: 'Blog',
      Description: 'the blog',
    });
  });

  describe('fails synthesis for a route the schema does not have', () => {
    const synth = (routes: DirectLambdaRoute[], sdl?: string) => {
      const { stack } = resolvers({ routes }, sdl);
      return () => Template.fromStack(stack);
    };

    it('a missing field, naming the route and the nearest fields', () => {
      expect(synth([route('Query.getPots'), route('Post.author')])).toThrow(
        'route Query.getPots: type Query has no field getPots; did you mean getPost? Fields of Query: getPost, node, search',
      );
      expect(synth([route('Post.writer')])).toThrow(
        'route Post.writer: type Post has no field writer. Fields of Post: id, title, author, comments',
      );
    });

    it('every bad route at once, with the construct path', () => {
      let message = '';
      try {
        synth([route('Query.getPots'), route('Post.autor'), route('Query.getPost')])();
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toContain('Validation failed');
      expect(message).toContain('[Test/Resolvers] route Query.getPots');
      expect(message).toContain(
        '[Test/Resolvers] route Post.autor: type Post has no field autor; did you mean author?',
      );
      expect(message).not.toContain('Query.getPost:');
    });

    it('a missing type, with the nearest object types', () => {
      expect(synth([route('Psot.author')])).toThrow(
        'route Psot.author: the schema has no type Psot; did you mean Post?',
      );
      expect(synth([route('Blog.author')])).toThrow(
        'route Blog.author: the schema has no type Blog. Its object types: Query, Mutation, Post, User, Comment',
      );
    });

    it('a default root name where the schema renames its roots', () => {
      const sdl = 'schema { query: RootQuery } type RootQuery { getPost: String }';
      expect(synth([route('Query.getPost')], sdl)).toThrow(
        'route Query.getPost: the schema has no type Query; its query type is RootQuery, so the route is RootQuery.getPost',
      );
      expect(() =>
        Template.fromStack(resolvers({ routes: [route('RootQuery.getPost')] }, sdl).stack),
      ).not.toThrow();
    });

    it('an interface, naming the object types to route instead', () => {
      expect(synth([route('Node.id')])).toThrow(
        'route Node.id: Node is an interface, and resolvers attach to fields of object types; route the field of the types that implement it: Post.id, User.id',
      );
    });

    it('an input type, a union, an enum or a scalar', () => {
      expect(synth([route('CreatePostInput.title')])).toThrow(
        'route CreatePostInput.title: CreatePostInput is an input type, and resolvers attach to fields of object types',
      );
      expect(synth([route('SearchResult.id')])).toThrow('SearchResult is a union');
      expect(synth([route('Status.DRAFT')])).toThrow('Status is an enum');
      expect(synth([route('Cursor.value')])).toThrow('Cursor is a scalar');
    });

    it('against the blog schema', () => {
      const ok = resolvers(
        {
          routes: [
            route('Query.me'),
            route('Comment.author', { kind: 'batch', maxBatchSize: 100 }),
          ],
        },
        BLOG,
      );
      expect(() => Template.fromStack(ok.stack)).not.toThrow();
      expect(synth([route('User.posts')], BLOG)).toThrow(
        'route User.posts: type User has no field posts. Fields of User: id, name',
      );
    });
  });

  describe('checks the routes when it is made', () => {
    const make = (routes: unknown) => () => resolvers({ routes: routes as DirectLambdaRoute[] });

    it('rejects a field listed twice', () => {
      expect(make([route('Query.getPost'), route('Post.author'), route('Query.getPost')])).toThrow(
        'DirectLambdaResolvers Test/Resolvers: a route is invalid:\n  - routes[2]: Query.getPost is listed twice (routes[0] and routes[2]); a field has one resolver',
      );
    });

    it.each([
      [2001, '2001'],
      [-1, '-1'],
      [1.5, '1.5'],
      ['10', '"10"'],
      [null, 'null'],
      [Number.NaN, 'null'],
    ])('rejects maxBatchSize %j', (size, shown) => {
      expect(make([route('Post.author', { maxBatchSize: size as number })])).toThrow(
        `routes[0] (Post.author): maxBatchSize must be an integer from 0 to 2000 (AppSync's range); received ${shown}`,
      );
    });

    it('rejects names that are not GraphQL names, and an unknown kind', () => {
      expect(make([{ typeName: 'Post', fieldName: 'author-name' }])).toThrow(
        'routes[0] (Post.author-name): fieldName must be a GraphQL name (letters, digits and _, not starting with a digit); received "author-name"',
      );
      expect(make([{ typeName: 1, fieldName: 'x' }])).toThrow(
        'routes[0]: typeName must be a GraphQL name',
      );
      expect(make([{ fieldName: 'x' }])).toThrow('received undefined');
      expect(make([route('Post.author', { kind: 'loader' as 'batch' })])).toThrow(
        "routes[0] (Post.author): kind must be 'resolver' or 'batch'; received \"loader\"",
      );
    });

    it('lists every problem', () => {
      expect(
        make([route('Post.author', { maxBatchSize: 5000 }), 'Query.getPost', [], () => 1]),
      ).toThrow(
        /4 problems:\n {2}- routes\[0\] \(Post\.author\): maxBatchSize .*\n {2}- routes\[1\] is "Query\.getPost"; a route is an object \{ typeName, fieldName, maxBatchSize\? \}\n {2}- routes\[2\] is an array; .*\n {2}- routes\[3\] is a function; /,
      );
    });

    it('rejects no routes, and routes that are not a list', () => {
      expect(make([])).toThrow('routes is empty: pass app.routes() of the handler');
      expect(make(undefined)).toThrow(
        'routes is undefined: pass app.routes() of the handler, or the JSON of `appsync-direct manifest` ({ routes: [...] })',
      );
      expect(make('Query.getPost')).toThrow('routes is "Query.getPost"');
      expect(make({ routes: { 'Query.getPost': {} } })).toThrow(
        "routes.routes is an object; a manifest's routes are an array",
      );
      expect(make('x'.repeat(100))).toThrow(/routes is "x{56}\.\.\.: pass/);
    });
  });

  describe('the schema', () => {
    it('of an imported API is unknown: the routes are not checked, with a warning', () => {
      const { stack, fn } = setup();
      const api = appsync.GraphqlApi.fromGraphqlApiAttributes(stack, 'Imported', {
        graphqlApiId: 'abcdefghijklmnopqrstuvwxyz',
      });
      new DirectLambdaResolvers(stack, 'Resolvers', {
        api,
        function: fn,
        routes: [route('Nope.nothing')],
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AppSync::Resolver', {
        ApiId: 'abcdefghijklmnopqrstuvwxyz',
        TypeName: 'Nope',
      });
      Annotations.fromStack(stack).hasWarning(
        '/Test/Resolvers',
        Match.stringLikeRegexp(
          'the routes were not checked against the schema: the API Test/Imported has no schema in this app \\(an imported or merged API\\)\\. Give the schema as the schema prop',
        ),
      );
      expect(
        JSON.stringify(Annotations.fromStack(stack).findWarning('*', Match.anyValue())),
      ).toContain(WARNINGS.schemaUnchecked);
    });

    it('can be given as SDL or as a file, for an imported API', () => {
      const file = join(work, 'imported.graphql');
      writeFileSync(file, SDL);
      for (const schema of [SDL, file]) {
        const { stack, fn } = setup();
        const api = appsync.GraphqlApi.fromGraphqlApiAttributes(stack, 'Imported', {
          graphqlApiId: 'id',
        });
        new DirectLambdaResolvers(stack, 'Resolvers', {
          api,
          function: fn,
          routes: [route('Query.getPots')],
          schema,
        });
        expect(() => Template.fromStack(stack)).toThrow(
          'route Query.getPots: type Query has no field getPots',
        );
      }
    });

    it('given, wins over the API’s own', () => {
      const { stack } = resolvers({
        routes: [route('Query.only')],
        schema: 'type Query { only: Int }',
      });
      expect(() => Template.fromStack(stack)).not.toThrow();
    });

    it('given, must exist and be SDL', () => {
      expect(() => resolvers({ schema: 'missing.graphql' })).toThrow(
        /schema "missing\.graphql" is neither SDL \(it has no "\{"\) nor a file \(looked for .*missing\.graphql\)/,
      );
      expect(() => resolvers({ schema: work })).toThrow('is neither SDL');
      expect(() => resolvers({ schema: 'query { getPost }' })).toThrow(
        'the schema prop is not a GraphQL schema: expected a definition (type, interface, input, enum, union, scalar, schema, directive or extend), found name query (line 1, column 1)',
      );
      const file = join(work, 'broken.graphql');
      writeFileSync(file, 'type Query {\n  getPost(: Post\n');
      expect(() => resolvers({ schema: file })).toThrow(
        `${file} is not a GraphQL schema: expected ")"`,
      );
    });

    it('of a code-first schema is read at synthesis, when it is complete', () => {
      let sdl = 'type Query { first: Int }';
      const { stack, fn } = setup();
      const api = new appsync.GraphqlApi(stack, 'CodeFirst', {
        name: 'code-first',
        definition: appsync.Definition.fromSchema({
          bind: () => ({ apiId: 'unused', definition: Lazy.string({ produce: () => sdl }) }),
        }),
      });
      new DirectLambdaResolvers(stack, 'Resolvers', {
        api,
        function: fn,
        routes: [route('Query.later')],
      });
      sdl += '\nextend type Query { later: Int }';
      expect(() => Template.fromStack(stack)).not.toThrow();
    });

    it('known only at deployment, or not readable, is not checked, with a warning', () => {
      for (const [definition, why] of [
        [Fn.importValue('SchemaText'), 'is not text at synthesis'],
        ['query { not a schema }', 'could not be read: expected a definition'],
      ] as const) {
        const { stack, fn } = setup();
        const api = new appsync.GraphqlApi(stack, 'Other', {
          name: 'other',
          definition: appsync.Definition.fromSchema({
            bind: () => ({ apiId: 'unused', definition }),
          }),
        });
        new DirectLambdaResolvers(stack, 'Resolvers', {
          api,
          function: fn,
          routes: [route('Query.x')],
        });
        expect(() => Template.fromStack(stack)).not.toThrow();
        Annotations.fromStack(stack).hasWarning('/Test/Resolvers', Match.stringLikeRegexp(why));
      }
    });
  });

  describe('warns about a batch resolver without maxBatchSize', () => {
    const warnings = (routes: DirectLambdaRoute[], sdl?: string) =>
      Annotations.fromStack(resolvers({ routes }, sdl).stack)
        .findWarning('*', Match.stringLikeRegexp('so AppSync never batches it'))
        .map((entry) => String(entry.entry.data));

    it('on a nested field, where AppSync would call it once per parent', () => {
      expect(
        warnings([
          route('Post.author', { kind: 'batch' }),
          route('Post.comments', { kind: 'batch', maxBatchSize: 0 }),
          route('Query.getPost', { kind: 'batch' }),
          route('User.name', { kind: 'batch', maxBatchSize: 10 }),
          route('User.id'),
        ]),
      ).toEqual([
        expect.stringContaining(
          'Post.author is a batchResolver without maxBatchSize, so AppSync never batches it: it sends one Invoke per Post.',
        ),
        expect.stringContaining(
          'Post.comments is a batchResolver with maxBatchSize 0, so AppSync never batches it',
        ),
      ]);
    });

    it('not on root fields, whatever the roots are called', () => {
      const sdl = 'schema { query: Root } type Root { a: Int } type Query { b: Int }';
      expect(warnings([route('Root.a', { kind: 'batch' })], sdl)).toEqual([]);
      expect(warnings([route('Query.b', { kind: 'batch' })], sdl)).toHaveLength(1);
    });

    it('once, however many times the app is synthesized', () => {
      const { stack } = resolvers({ routes: [route('Post.author', { kind: 'batch' })] });
      const app = stack.node.root as App;
      app.synth();
      const again = app.synth({ force: true });
      const warnings = again
        .getStackByName('Test')
        .findMetadataByType('aws:cdk:warning')
        .filter((entry) => String(entry.data).includes('without maxBatchSize'));
      expect(warnings).toHaveLength(1);
    });
  });
});

describe('readSdl', () => {
  it('reads the blog schema: object types, their fields, the input and the default roots', () => {
    const { types, roots } = readSdl(BLOG);
    expect(roots).toEqual({ query: 'Query', mutation: 'Mutation' });
    expect(
      Object.fromEntries(
        [...types].map(([name, type]) => [name, `${type.kind}: ${type.fields.join(' ')}`]),
      ),
    ).toEqual({
      Query: 'type: getPost listPosts me searchPosts postsByAuthor',
      Mutation: 'type: createPost deletePost addComment updatePost',
      Post: 'type: id title content authorId author comments commentCount createdAt',
      Comment: 'type: id postId body authorId author createdAt',
      PostConnection: 'type: items nextToken',
      User: 'type: id name',
      CreatePostInput: 'input: title content',
    });
  });

  it("reads AppSync's scalars and directives, and schemas that use them", () => {
    const appSync = readFileSync(new URL('../appsync.graphql', import.meta.url), 'utf8');
    const { types } = readSdl(`${appSync}\n${SDL}`);
    expect(types.get('AWSDateTime')?.kind).toBe('scalar');
    expect(types.get('Post')?.fields).toEqual(['id', 'title', 'author', 'comments']);
    expect(types.get('Post')?.interfaces).toEqual(['Node']);
    expect(
      readSdl(
        'type Subscription { onPost: Post @aws_subscribe(mutations: ["createPost", "updatePost"]) }',
      ).types.get('Subscription')?.fields,
    ).toEqual(['onPost']);
  });

  it('skips descriptions, comments and strings with braces in them, and default values', () => {
    const { types } = readSdl(`
      # type Commented { out: Int }
      """
      A block string with { braces }, "quotes", \\""" an escaped delimiter and
      type Fake { nope: Int }
      """
      type Query { # }
        "a { brace, \\"escaped\\" }" a(x: In = { nested: [1, -2.5e3, "}", { deep: true }] }, y: [Int] = [1 2]): Int
        b: [[String!]!] @deprecated(reason: "use } a")
      }
      input In { nested: [Float] = [1.5, -0], flag: Boolean = false, e: Status = DRAFT, o: In = null }
    `);
    expect([...types.keys()]).toEqual(['Query', 'In']);
    expect(types.get('Query')?.fields).toEqual(['a', 'b']);
    expect(types.get('In')?.fields).toEqual(['nested', 'flag', 'e', 'o']);
  });

  it('reads the roots of schema { … } and extend schema, over the default names', () => {
    const { roots } = readSdl(`
      type Query { a: Int } type RootQuery { a: Int } type Writes { b: Int } type Events { c: Int }
      schema @aws_api_key { query: RootQuery, mutation: Writes }
      extend schema { subscription: Events }
    `);
    expect(roots).toEqual({ query: 'RootQuery', mutation: 'Writes', subscription: 'Events' });
    expect(readSdl('type Mutation { a: Int } interface Query { a: Int }').roots).toEqual({
      mutation: 'Mutation',
    });
    expect(readSdl('extend schema @aws_api_key type Query { a: Int }').roots).toEqual({});
  });

  it('merges extensions, in either order, and keeps each field once', () => {
    const { types } = readSdl(`
      extend type Query { b: Int }
      type Query implements A & B { a: Int b: Int }
      extend type Query implements & C & A @aws_iam
      extend interface A { x: Int }
      interface A { y: Int }
      extend union U = X
      extend enum E { Z }
      extend input I { z: Int }
      extend scalar S @aws_api_key
    `);
    expect(types.get('Query')).toEqual({
      name: 'Query',
      kind: 'type',
      fields: ['b', 'a'],
      interfaces: ['A', 'B', 'C'],
      line: 2,
    });
    expect(types.get('A')?.fields).toEqual(['x', 'y']);
    expect([...types.values()].map((type) => type.kind)).toEqual([
      'type',
      'interface',
      'union',
      'enum',
      'input',
      'scalar',
    ]);
  });

  it('reads enums, unions, scalars, directive definitions and empty types', () => {
    const { types } = readSdl(`
      "Status" enum Status @aws_api_key { "draft" DRAFT @deprecated LIVE }
      union U @aws_api_key = | A | B
      union Empty
      scalar Cursor @specifiedBy(url: "https://example.com")
      directive @cache(ttl: Int = 60, keys: [String] = ["a"]) repeatable on | FIELD_DEFINITION | OBJECT
      directive @plain on FIELD_DEFINITION
      type Later
      enum Nothing
      input Blank
      type Query { a: Int }
    `);
    expect(Object.fromEntries([...types].map(([name, type]) => [name, type.kind]))).toEqual({
      Status: 'enum',
      U: 'union',
      Empty: 'union',
      Cursor: 'scalar',
      Later: 'type',
      Nothing: 'enum',
      Blank: 'input',
      Query: 'type',
    });
    expect(types.get('Status')?.fields).toEqual([]);
    expect(types.get('Later')?.fields).toEqual([]);
  });

  it('takes CRLF and CR line ends and a byte order mark, counting lines right', () => {
    const { types } = readSdl('\uFEFFtype A { a: Int }\r\n\r\n"""x\r\ny"""\rtype B { b: Int }\n');
    expect(types.get('A')?.line).toBe(1);
    expect(types.get('B')?.line).toBe(5);
    expect(() => readSdl('type A { a: Int }\r\n\r\ntype B { b: % }')).toThrow(
      'unexpected character "%" (line 3, column 13)',
    );
  });

  it.each([
    [
      'query { a }',
      'expected a definition (type, interface, input, enum, union, scalar, schema, directive or extend), found name query (line 1, column 1)',
    ],
    [
      '{ a }',
      'expected a definition (type, interface, input, enum, union, scalar, schema, directive or extend), found "{" (line 1, column 1)',
    ],
    ['extend { a }', 'expected a definition after extend'],
    [
      'type Query { a: Int',
      'expected a field name, found the end of the schema (line 1, column 20)',
    ],
    ['type Query { a(x: Int: Int }', 'expected ")", found "}" (line 1, column 28)'],
    ['type Query { a(x: Int', 'expected ")", found the end of the schema'],
    ['type Query { a(x: [Int): Int }', 'expected "]", found ")" (line 1, column 23)'],
    ['type Query { a: [Int }', 'expected "]", found "}" (line 1, column 22)'],
    ['type Query { a Int }', 'expected ":", found name Int'],
    ['type Query { a: 5 }', 'expected a type, found number 5'],
    ['type Query { "x" }', 'expected a field name, found "}"'],
    ['type Query { a: "s" }', 'expected a type, found a string'],
    ['type Query { a: Int @ }', 'expected a directive name, found "}"'],
    ['input I { a: Int = }', 'expected a value, found "}"'],
    ['input I { a: Int = ', 'expected a value, found the end of the schema'],
    ['schema { query Query }', 'expected ":", found name Query'],
    ['schema { reads: Query }', 'expected query, mutation or subscription, found name reads'],
    ['directive @a(x: Int) FIELD', 'expected on, found name FIELD'],
    ['directive a on FIELD', 'expected "@", found name a'],
    ['union U = | ', 'expected a name, found the end of the schema'],
    ['type Query { a: String @x(y: "unterminated) }', 'unterminated string (line 1, column 30)'],
    ['type Query {\n  a: String @x(y: "new\nline") }', 'unterminated string (line 2, column 19)'],
    ['"""never closed\n\ntype Query { a: Int }', 'unterminated block string (line 1, column 1)'],
    ['type Query { a: Int } - 1', 'unexpected character "-" (line 1, column 23)'],
    ['type Query { ...a }', 'expected a field name, found "..."'],
    ['type Query implements { a: Int }', 'expected a name, found "{"'],
  ])('rejects %j', (sdl, message) => {
    expect(() => readSdl(sdl)).toThrow(message);
    expect(() => readSdl(sdl)).toThrow(SdlSyntaxError);
  });

  it('gives the position of the problem', () => {
    try {
      readSdl('type Query {\n  a: Int\n  b(x: Int\n}');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SdlSyntaxError);
      expect(error).toMatchObject({ name: 'SdlSyntaxError', line: 4, column: 1 });
    }
  });
});

describe('the route rules', () => {
  it('suggest near names: misspellings, swapped letters and case, nearest first', () => {
    const names = ['getPost', 'listPosts', 'getPosts', 'GETPOST', 'me', 'deletePost'];
    expect(closest('getPots', names)).toEqual(['getPost', 'GETPOST', 'getPosts']);
    expect(closest('getpost', names)).toEqual(['getPost', 'GETPOST', 'getPosts']);
    expect(closest('em', names)).toEqual(['me']);
    expect(closest('zzzzzz', names)).toEqual([]);
    expect(closest('', [])).toEqual([]);
    expect(closest('me', ['Me', 'em', 'me'])).toEqual(['me', 'Me', 'em']);
  });

  it('list at most twenty names', () => {
    const fields = Array.from({ length: 25 }, (_, index) => `field${index}`).join(' ');
    const summary = readSdl(`type Query { ${fields.replaceAll(/(\w+)/g, '$1: Int')} }`);
    expect(routeProblem(summary, route('Query.zzzzzzzzzz'))).toBe(
      `Query.zzzzzzzzzz: type Query has no field zzzzzzzzzz. Fields of Query: ${fields.split(' ').slice(0, 20).join(', ')} and 5 more`,
    );
    expect(routeProblem(readSdl('type Query'), route('Query.a'))).toBe(
      'Query.a: type Query has no field a. Query has no fields',
    );
  });

  it('accept a route of an object type with the field', () => {
    expect(routeProblem(readSdl(SDL), route('Post.comments'))).toBeUndefined();
    expect(routeProblem(readSdl('interface Node { id: ID }'), route('Node.id'))).toBe(
      'Node.id: Node is an interface, and resolvers attach to fields of object types',
    );
  });

  it('copy routes with only their known properties', () => {
    expect(
      normalizeRoutes({
        routes: [
          { typeName: 'Query', fieldName: 'a', kind: 'batch', maxBatchSize: 3, extra: true },
        ],
      }),
    ).toEqual([{ typeName: 'Query', fieldName: 'a', kind: 'batch', maxBatchSize: 3 }]);
  });
});
