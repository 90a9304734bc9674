/**
 * `appsync-direct manifest`: the routes of a handler's app as JSON or as a CloudFormation
 * template, and the pure mapping behind the template.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../src/cli/io.js';
import { USAGE } from '../src/cli/main.js';
import {
  type CloudFormationFunction,
  type CloudFormationResolver,
  type CloudFormationTemplate,
  cloudFormationTemplate,
  fnv1a,
  MANIFEST_HELP,
  ManifestError,
  type ManifestRoute,
  manifestCommand,
  resolverLogicalIds,
  routeProblems,
} from '../src/cli/manifest.js';
import { PASS_THROUGH_CODE } from '../src/engine/code/deploy.js';
import {
  BLOG,
  cli,
  manifestTemplate,
  ROOT,
  removeTempFiles,
  resolverProperties,
  tempFiles,
} from './cli-helpers.js';

afterAll(removeTempFiles);

/** `text` as a regular expression that matches it literally. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FIXTURE = (name: string) => `test/cli-fixtures/manifest-${name}.ts`;
const HINT = 'Run "appsync-direct manifest --help" for every flag, with examples.\n';

/** The blog example's Direct Lambda routes (no code in front of the Lambda), in order. */
const BLOG_ROUTES: ManifestRoute[] = [
  { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
  { typeName: 'Query', fieldName: 'listPosts', kind: 'resolver' },
  { typeName: 'Query', fieldName: 'me', kind: 'resolver' },
  { typeName: 'Mutation', fieldName: 'createPost', kind: 'resolver' },
  { typeName: 'Mutation', fieldName: 'deletePost', kind: 'resolver' },
  { typeName: 'Mutation', fieldName: 'addComment', kind: 'resolver' },
  { typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 100 },
  { typeName: 'Comment', fieldName: 'author', kind: 'batch', maxBatchSize: 100 },
  { typeName: 'Post', fieldName: 'comments', kind: 'batch', maxBatchSize: 50 },
];

/** The blog example's routes with code in front of the Lambda, paths relative to its schema. */
const BLOG_CODE_ROUTES: ManifestRoute[] = [
  {
    typeName: 'Query',
    fieldName: 'searchPosts',
    kind: 'resolver',
    code: 'resolvers/search-posts.js',
  },
  {
    typeName: 'Query',
    fieldName: 'postsByAuthor',
    kind: 'resolver',
    requestTemplate: 'resolvers/posts-by-author.request.vtl',
  },
  {
    typeName: 'Post',
    fieldName: 'commentCount',
    kind: 'batch',
    maxBatchSize: 100,
    code: 'resolvers/comment-count.js',
  },
  {
    typeName: 'Mutation',
    fieldName: 'updatePost',
    kind: 'resolver',
    pipeline: {
      code: 'resolvers/pipeline.js',
      functions: [
        { name: 'requireSignedIn', dataSource: 'NONE', code: 'resolvers/require-signed-in.js' },
        { name: 'updatePostInLambda', dataSource: 'LAMBDA', code: 'resolvers/invoke-lambda.js' },
      ],
    },
  },
];

/** Every route of the blog example, in registration order. */
const BLOG_ALL = [...BLOG_ROUTES.slice(0, 6), ...BLOG_CODE_ROUTES, ...BLOG_ROUTES.slice(6)];

const BLOG_SCHEMA = 'examples/blog/schema.graphql';

/** The template without what the routes with code add: what assertDirectLambdaTemplate reads. */
function directPart(template: CloudFormationTemplate): CloudFormationTemplate {
  return {
    ...template,
    Resources: Object.fromEntries(
      Object.entries(template.Resources).filter(
        ([, resource]) =>
          resource.Type === 'AWS::AppSync::Resolver' &&
          !['Runtime', 'RequestMappingTemplate', 'ResponseMappingTemplate'].some(
            (key) => key in resource.Properties,
          ),
      ),
    ),
  };
}

const BLOG_IDS = [
  'QueryGetPostResolver',
  'QueryListPostsResolver',
  'QueryMeResolver',
  'MutationCreatePostResolver',
  'MutationDeletePostResolver',
  'MutationAddCommentResolver',
  'PostAuthorResolver',
  'CommentAuthorResolver',
  'PostCommentsResolver',
];

const API_ID_PARAMETER = {
  Type: 'String',
  Description:
    'The id of the AppSync GraphQL API the resolvers attach to (the ApiId attribute of its AWS::AppSync::GraphQLApi)',
  AllowedPattern: '[A-Za-z0-9]+',
  ConstraintDescription: 'an AppSync API id: letters and digits',
};
const DATA_SOURCE_PARAMETER = {
  Type: 'String',
  Description: "The name of the API's AWS_LAMBDA data source that invokes the handler's function",
  AllowedPattern: '[_A-Za-z][_0-9A-Za-z]*',
  ConstraintDescription: 'a data source name: [_A-Za-z][_0-9A-Za-z]*',
};

/** The properties AppSync's Direct Lambda resolvers may have in the template, no more. */
const DIRECT_PROPERTIES = new Set([
  'ApiId',
  'TypeName',
  'FieldName',
  'DataSourceName',
  'Kind',
  'MaxBatchSize',
]);

/**
 * Checks a template's structure the way CloudFormation and AppSync would read it: valid logical
 * ids, only Direct Lambda resolvers (no templates, code or runtime), every Ref to a declared
 * parameter, MaxBatchSize an integer in AppSync's range. Returns the resolvers by `Type.field`.
 */
function assertDirectLambdaTemplate(value: unknown): Map<string, Record<string, unknown>> {
  const template = value as CloudFormationTemplate;
  expect(Object.keys(template).filter((key) => key !== 'Parameters')).toEqual([
    'AWSTemplateFormatVersion',
    'Description',
    'Resources',
  ]);
  expect(template.AWSTemplateFormatVersion).toBe('2010-09-09');
  expect(typeof template.Description).toBe('string');
  expect(template.Description.length).toBeGreaterThan(0);
  expect(template.Description.length).toBeLessThanOrEqual(1024);
  const parameters = template.Parameters ?? {};
  for (const [name, parameter] of Object.entries(parameters)) {
    expect(name).toMatch(/^[A-Za-z0-9]{1,255}$/);
    expect(parameter.Type).toBe('String');
    expect(parameter.Description.length).toBeGreaterThan(0);
  }
  const byKey = new Map<string, Record<string, unknown>>();
  const resources = Object.entries(template.Resources);
  expect(resources.length).toBeGreaterThan(0);
  for (const [id, resource] of resources) {
    expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
    expect(Object.hasOwn(parameters, id)).toBe(false);
    expect(resource.Type).toBe('AWS::AppSync::Resolver');
    const properties = resource.Properties as unknown as Record<string, unknown>;
    for (const key of Object.keys(properties)) expect(DIRECT_PROPERTIES).toContain(key);
    expect(properties.Kind).toBe('UNIT');
    for (const name of ['TypeName', 'FieldName'])
      expect(properties[name]).toMatch(/^[_A-Za-z][_0-9A-Za-z]*$/);
    for (const name of ['ApiId', 'DataSourceName']) {
      const property = properties[name];
      if (typeof property === 'string') {
        expect(property.length).toBeGreaterThan(0);
      } else {
        expect(Object.keys(property as object)).toEqual(['Ref']);
        expect(Object.hasOwn(parameters, (property as { Ref: string }).Ref)).toBe(true);
      }
    }
    if (Object.hasOwn(properties, 'MaxBatchSize')) {
      const size = properties.MaxBatchSize;
      expect(Number.isInteger(size)).toBe(true);
      expect(size).toBeGreaterThanOrEqual(0);
      expect(size).toBeLessThanOrEqual(2000);
    }
    if (resource.DependsOn !== undefined) {
      for (const other of resource.DependsOn) expect(other).toMatch(/^[A-Za-z0-9]{1,255}$/);
    }
    const key = `${properties.TypeName}.${properties.FieldName}`;
    expect(byKey.has(key)).toBe(false);
    byKey.set(key, properties);
  }
  return byKey;
}

/** The resolver resource of the template that a test expects for one route. */
function resolverOf(
  route: ManifestRoute,
  apiId: unknown = { Ref: 'ApiId' },
  dataSourceName: unknown = { Ref: 'DataSourceName' },
) {
  return {
    Type: 'AWS::AppSync::Resolver',
    Properties: {
      ApiId: apiId,
      TypeName: route.typeName,
      FieldName: route.fieldName,
      DataSourceName: dataSourceName,
      Kind: 'UNIT',
      ...(route.maxBatchSize === undefined ? {} : { MaxBatchSize: route.maxBatchSize }),
    },
  };
}

describe('cloudFormationTemplate', () => {
  it('writes one Direct Lambda resolver per route, with parameters for the API and data source', () => {
    const template = cloudFormationTemplate(BLOG_ROUTES);
    expect(template).toStrictEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Description:
        'AppSync Direct Lambda resolvers, one per route of the app (appsync-direct manifest)',
      Parameters: { ApiId: API_ID_PARAMETER, DataSourceName: DATA_SOURCE_PARAMETER },
      Resources: Object.fromEntries(
        BLOG_ROUTES.map((route, i) => [BLOG_IDS[i], resolverOf(route)]),
      ),
    });
    expect(JSON.stringify(template)).not.toMatch(/MappingTemplate|"Code"|"Runtime"|PIPELINE/);
    const resolvers = assertDirectLambdaTemplate(template);
    expect(resolvers.get('Post.comments')?.MaxBatchSize).toBe(50);
    expect(resolvers.get('Query.getPost')).not.toHaveProperty('MaxBatchSize');
  });

  it('writes given ids as literals and declares only the parameters still needed', () => {
    const both = cloudFormationTemplate(BLOG_ROUTES.slice(0, 1), {
      apiId: 'abcdefghijklmnopqrstuvwxyz',
      dataSourceName: 'BlogLambda',
      description: 'the blog',
    });
    expect(both).toStrictEqual({
      AWSTemplateFormatVersion: '2010-09-09',
      Description: 'the blog',
      Resources: {
        QueryGetPostResolver: resolverOf(
          BLOG_ROUTES[0] as ManifestRoute,
          'abcdefghijklmnopqrstuvwxyz',
          'BlogLambda',
        ),
      },
    });
    assertDirectLambdaTemplate(both);
    const apiOnly = cloudFormationTemplate(BLOG_ROUTES, { apiId: 'abc123' });
    expect(apiOnly.Parameters).toStrictEqual({ DataSourceName: DATA_SOURCE_PARAMETER });
    expect(apiOnly.Resources.PostAuthorResolver?.Properties.ApiId).toBe('abc123');
    assertDirectLambdaTemplate(apiOnly);
    const sourceOnly = cloudFormationTemplate(BLOG_ROUTES, { dataSourceName: '_lambda2' });
    expect(sourceOnly.Parameters).toStrictEqual({ ApiId: API_ID_PARAMETER });
    expect(
      (sourceOnly.Resources.PostAuthorResolver as CloudFormationResolver).Properties.DataSourceName,
    ).toBe('_lambda2');
    assertDirectLambdaTemplate(sourceOnly);
  });

  it('adds DependsOn to every resolver, each its own array', () => {
    const template = cloudFormationTemplate(BLOG_ROUTES.slice(0, 2), {
      dependsOn: ['BlogSchema', 'BlogDataSource'],
    });
    const [first, second] = Object.values(template.Resources);
    expect(first?.DependsOn).toStrictEqual(['BlogSchema', 'BlogDataSource']);
    expect(Object.keys(first ?? {})).toEqual(['Type', 'DependsOn', 'Properties']);
    expect(second?.DependsOn).toStrictEqual(['BlogSchema', 'BlogDataSource']);
    expect(first?.DependsOn).not.toBe(second?.DependsOn);
    assertDirectLambdaTemplate(template);
    expect(cloudFormationTemplate(BLOG_ROUTES, { dependsOn: [] }).Resources).not.toHaveProperty(
      'QueryGetPostResolver.DependsOn',
    );
  });

  it('keeps MaxBatchSize 0 and 2000, and a per-item resolver’s batch size', () => {
    const template = cloudFormationTemplate([
      { typeName: 'Post', fieldName: 'a', kind: 'batch', maxBatchSize: 0 },
      { typeName: 'Post', fieldName: 'b', kind: 'batch', maxBatchSize: 2000 },
      { typeName: 'Post', fieldName: 'c', kind: 'resolver', maxBatchSize: 5 },
    ]);
    expect(
      Object.values(template.Resources).map(
        (resource) => (resource as CloudFormationResolver).Properties.MaxBatchSize,
      ),
    ).toEqual([0, 2000, 5]);
    assertDirectLambdaTemplate(template);
  });

  it.each([
    [[], {}, 'there are no routes, and a template needs at least one resource'],
    [
      BLOG_ROUTES,
      { apiId: 'arn:aws:appsync:eu-west-1:123456789012:apis/abc' },
      'the API id "arn:aws:appsync:eu-west-1:123456789012:apis/abc" is not an AppSync API id (letters and digits): give the id, not the ARN (the last part of arn:…:apis/<id>)',
    ],
    [
      BLOG_ROUTES,
      { apiId: '' },
      'the API id "" is not an AppSync API id (letters and digits), as in abcdefghijklmnopqrstuvwxyz',
    ],
    [
      BLOG_ROUTES,
      { dataSourceName: 'blog-lambda' },
      'the data source name "blog-lambda" is not one AppSync accepts ([_A-Za-z][_0-9A-Za-z]*), as in BlogLambda',
    ],
    [
      BLOG_ROUTES,
      { dependsOn: ['Blog-Schema', 'BlogSchema', 'BlogSchema'] },
      '"Blog-Schema" is not a CloudFormation logical id (1 to 255 letters and digits); dependsOn names BlogSchema twice',
    ],
    [
      BLOG_ROUTES,
      { dependsOn: ['QueryMeResolver'] },
      "QueryMeResolver is one of the template's own resolvers; a resolver can only wait for another resource",
    ],
    [
      BLOG_ROUTES,
      { dependsOn: ['DataSourceName'] },
      "DataSourceName is one of the template's own parameters; a resolver can only wait for another resource",
    ],
    [
      [{ typeName: 'Query', fieldName: 'get-post', kind: 'resolver' }],
      {},
      'the routes cannot be deployed: Query.get-post: the field name "get-post" is not a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)',
    ],
  ] as [ManifestRoute[], object, string][])(
    'refuses %j with %j: a ManifestError',
    (routes, options, message) => {
      expect(() => cloudFormationTemplate(routes, options)).toThrow(new ManifestError(message));
      try {
        cloudFormationTemplate(routes, options);
      } catch (error) {
        expect(error).toBeInstanceOf(ManifestError);
        expect((error as Error).name).toBe('ManifestError');
      }
    },
  );

  it('a parameter name can be depended on once it is given as a literal', () => {
    const template = cloudFormationTemplate(BLOG_ROUTES.slice(0, 1), {
      apiId: 'abc',
      dependsOn: ['ApiId'],
    });
    expect(template.Resources.QueryGetPostResolver?.DependsOn).toEqual(['ApiId']);
  });
});

describe('routeProblems', () => {
  it('lists every problem, one message each', () => {
    expect(routeProblems(BLOG_ROUTES)).toEqual([]);
    expect(
      routeProblems([
        { typeName: '1Query', fieldName: 'a', kind: 'resolver' },
        { typeName: 'Query', fieldName: 'b', kind: 'pipeline' as never },
        { typeName: 'Query', fieldName: 'c', kind: 'batch', maxBatchSize: -1 },
        { typeName: 'Query', fieldName: 'd', kind: 'batch', maxBatchSize: 2001 },
        { typeName: 'Query', fieldName: 'e', kind: 'batch', maxBatchSize: Number.NaN },
        { typeName: 'Query', fieldName: 'c', kind: 'resolver' },
        { typeName: 7 as never, fieldName: 'f', kind: 'resolver' },
      ]),
    ).toEqual([
      '1Query.a: the type name "1Query" is not a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)',
      'Query.b: kind "pipeline" is neither "resolver" nor "batch"',
      "Query.c: maxBatchSize -1 is not an integer from 0 to 2000 (AppSync's range)",
      "Query.d: maxBatchSize 2001 is not an integer from 0 to 2000 (AppSync's range)",
      "Query.e: maxBatchSize null is not an integer from 0 to 2000 (AppSync's range)",
      'Query.c is listed twice; a field has one resolver',
      '7.f: the type name 7 is not a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)',
    ]);
  });
});

describe('resolverLogicalIds', () => {
  it('are <Type><Field>Resolver in PascalCase, underscores dropped', () => {
    expect(resolverLogicalIds(BLOG_ROUTES)).toEqual(BLOG_IDS);
    expect(
      resolverLogicalIds([
        { typeName: 'my_type', fieldName: 'some__field_', kind: 'resolver' },
        { typeName: '_Private', fieldName: '_1', kind: 'resolver' },
      ]),
    ).toEqual(['MyTypeSomeFieldResolver', 'Private1Resolver']);
  });

  it('keys that collide: the plainest keeps the id, the others get a hash of their key', () => {
    expect(fnv1a('')).toBe('811C9DC5');
    expect(fnv1a('a')).toBe('E40C292C');
    const routes: ManifestRoute[] = [
      { typeName: 'Query', fieldName: 'get_post', kind: 'resolver' },
      { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
    ];
    expect(resolverLogicalIds(routes)).toEqual([
      'QueryGetPost3E6BB1ECResolver',
      'QueryGetPostResolver',
    ]);
    expect(fnv1a('Query.get_post')).toBe('3E6BB1EC');
    // Same underscores: the first in code-unit order (upper case first) keeps it.
    expect(
      resolverLogicalIds([
        ...routes,
        { typeName: 'Query', fieldName: 'GetPost', kind: 'resolver' },
      ]),
    ).toEqual([
      'QueryGetPost3E6BB1ECResolver',
      'QueryGetPostA6D16233Resolver',
      'QueryGetPostResolver',
    ]);
  });

  it('fewer underscores win over code-unit order', () => {
    // "Query.a__b" sorts before "Query.a_b", but has more underscores.
    const ids = resolverLogicalIds([
      { typeName: 'Query', fieldName: 'a__b', kind: 'resolver' },
      { typeName: 'Query', fieldName: 'a_b', kind: 'resolver' },
    ]);
    expect(ids).toEqual([`QueryAB${fnv1a('Query.a__b')}Resolver`, 'QueryABResolver']);
  });

  it('do not depend on the order of the routes', () => {
    const routes: ManifestRoute[] = [
      { typeName: 'Query', fieldName: 'get_post', kind: 'resolver' },
      { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
      { typeName: 'Query', fieldName: 'GetPost', kind: 'resolver' },
      { typeName: 'Query_', fieldName: 'getPost', kind: 'resolver' },
      { typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 10 },
    ];
    const expected = new Map(routes.map((route, i) => [route, resolverLogicalIds(routes)[i]]));
    expect(new Set(expected.values()).size).toBe(routes.length);
    const permutations = (list: ManifestRoute[]): ManifestRoute[][] =>
      list.length <= 1
        ? [list]
        : list.flatMap((item, i) =>
            permutations([...list.slice(0, i), ...list.slice(i + 1)]).map((rest) => [
              item,
              ...rest,
            ]),
          );
    for (const order of permutations(routes)) {
      expect(resolverLogicalIds(order)).toEqual(order.map((route) => expected.get(route)));
    }
  });

  it('a hashed id that another key already has is hashed again', () => {
    const taken = `getPost${fnv1a('Query.get_post')}`;
    const ids = resolverLogicalIds([
      { typeName: 'Query', fieldName: 'get_post', kind: 'resolver' },
      { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
      { typeName: 'Query', fieldName: taken, kind: 'resolver' },
    ]);
    expect(ids).toEqual([
      `QueryGetPost${fnv1a('Query.get_post#1')}Resolver`,
      'QueryGetPostResolver',
      'QueryGetPost3E6BB1ECResolver',
    ]);
    expect(ids[0]).toBe('QueryGetPost1986AB84Resolver');
  });

  it('an id over 255 characters is cut and hashed, and stays unique', () => {
    const long = 'f'.repeat(300);
    const ids = resolverLogicalIds([
      { typeName: 'Query', fieldName: long, kind: 'resolver' },
      { typeName: 'Query', fieldName: `${long}x`, kind: 'resolver' },
      { typeName: 'Query', fieldName: 'f'.repeat(242), kind: 'resolver' },
    ]);
    expect(ids[0]).toBe(`QueryF${'f'.repeat(233)}${fnv1a(`Query.${long}`)}Resolver`);
    expect(ids[1]).toBe(`QueryF${'f'.repeat(233)}${fnv1a(`Query.${long}x`)}Resolver`);
    // 5 + 242 + 8 = 255: just fits, no hash.
    expect(ids[2]).toBe(`QueryF${'f'.repeat(241)}Resolver`);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,255}$/);
    expect(ids[0]).toHaveLength(255);
  });

  it('routes with problems have no ids', () => {
    expect(() =>
      resolverLogicalIds([
        { typeName: 'Query', fieldName: 'a', kind: 'resolver' },
        { typeName: 'Query', fieldName: 'a', kind: 'batch' },
      ]),
    ).toThrow('the routes cannot be deployed: Query.a is listed twice; a field has one resolver');
  });
});

describe('appsync-direct manifest: JSON', () => {
  it('prints the blog example’s routes', async () => {
    const result = await cli(['manifest', '--handler', BLOG]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('}\n')).toBe(true);
    expect(result.json()).toStrictEqual({ handler: BLOG, export: 'app', routes: BLOG_ALL });
    // Stable key order, two-space indentation.
    expect(result.stdout).toBe(
      `${JSON.stringify({ handler: BLOG, export: 'app', routes: BLOG_ALL }, null, 2)}\n`,
    );
    expect(await cli(['manifest', '--handler', BLOG, '--format', 'JSON'])).toMatchObject({
      code: 0,
      stdout: result.stdout,
    });
  });

  it('warns on stderr about batch routes AppSync never batches; the handler’s output goes there too', async () => {
    const result = await cli(['manifest', '--handler', FIXTURE('routes')]);
    expect(result.code).toBe(0);
    expect(result.json()).toStrictEqual({
      handler: FIXTURE('routes'),
      export: 'app',
      routes: [
        { typeName: 'Query', fieldName: 'get_post', kind: 'resolver' },
        { typeName: 'Query', fieldName: 'getPost', kind: 'resolver' },
        { typeName: 'Query', fieldName: 'GetPost', kind: 'resolver' },
        { typeName: 'Post', fieldName: 'comments', kind: 'resolver', maxBatchSize: 10 },
        { typeName: 'Post', fieldName: 'author', kind: 'batch' },
        { typeName: 'Comment', fieldName: 'author', kind: 'batch', maxBatchSize: 0 },
        { typeName: 'Post', fieldName: 'tags', kind: 'batch', maxBatchSize: 2000 },
        { typeName: 'Query', fieldName: 'feed', kind: 'batch' },
      ],
    });
    expect(result.stderr).toBe(
      'loading the manifest fixture\n' +
        "appsync-direct manifest: warning: Post.author is a batchResolver without maxBatchSize, so AppSync never batches it: it sends one Invoke per Post. Give it { maxBatchSize } from 1 to 2000 in app.batchResolver('Post.author', …)\n" +
        "appsync-direct manifest: warning: Comment.author is a batchResolver with maxBatchSize 0, so AppSync never batches it: it sends one Invoke per Comment. Give it { maxBatchSize } from 1 to 2000 in app.batchResolver('Comment.author', …)\n",
    );
  });

  it('an app without routes: an empty list and a warning', async () => {
    const result = await cli(['manifest', '--handler', FIXTURE('empty')]);
    expect(result.code).toBe(0);
    expect(result.json()).toStrictEqual({ handler: FIXTURE('empty'), export: 'app', routes: [] });
    expect(result.stderr).toBe(
      `appsync-direct manifest: warning: export app of ${FIXTURE('empty')} has no routes\n`,
    );
  });

  it('--export picks one of several apps; the handler path is shown relative to the working directory', async () => {
    const result = await cli([
      'manifest',
      '--handler',
      `./${FIXTURE('two-apps')}`,
      '--export',
      'users',
    ]);
    expect(result.code).toBe(0);
    expect(result.json()).toStrictEqual({
      handler: FIXTURE('two-apps'),
      export: 'users',
      routes: [{ typeName: 'Post', fieldName: 'author', kind: 'batch', maxBatchSize: 25 }],
    });
  });

  it('a module whose only app is not called app is found', async () => {
    const dir = tempFiles({
      'api.mjs':
        "export const api = { handler: () => () => null, routes: () => [{ typeName: 'Query', fieldName: 'a', kind: 'resolver' }] };\nexport const other = 1;\n",
    });
    const result = await cli(['manifest', '--handler', 'api.mjs'], dir);
    expect(result.code).toBe(0);
    expect(result.json()).toStrictEqual({
      handler: 'api.mjs',
      export: 'api',
      routes: [{ typeName: 'Query', fieldName: 'a', kind: 'resolver' }],
    });
  });
});

describe('appsync-direct manifest: CloudFormation', () => {
  it('the blog example, with parameters for the API id and the data source', async () => {
    const result = await manifestTemplate(BLOG, ['--schema', BLOG_SCHEMA]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const template = result.json() as CloudFormationTemplate;
    expect(Object.keys(template)).toEqual([
      'AWSTemplateFormatVersion',
      'Description',
      'Parameters',
      'Resources',
    ]);
    expect(template.Description).toBe(
      'AppSync Direct Lambda resolvers for the routes of examples/blog/handler.ts (export app), from appsync-direct manifest',
    );
    expect(template.Parameters).toStrictEqual({
      ApiId: API_ID_PARAMETER,
      DataSourceName: DATA_SOURCE_PARAMETER,
    });
    expect(directPart(template).Resources).toStrictEqual(
      Object.fromEntries(BLOG_ROUTES.map((route, i) => [BLOG_IDS[i], resolverOf(route)])),
    );
    const resolvers = assertDirectLambdaTemplate(directPart(template));
    expect([...resolvers.keys()]).toEqual(BLOG_ROUTES.map((r) => `${r.typeName}.${r.fieldName}`));
    // The four routes with code, two functions and the NONE data source of one of them.
    expect(Object.keys(template.Resources)).toEqual([
      'NoneDataSource',
      'RequireSignedInFunction',
      'UpdatePostInLambdaFunction',
      ...BLOG_IDS.slice(0, 6),
      'QuerySearchPostsResolver',
      'QueryPostsByAuthorResolver',
      'PostCommentCountResolver',
      'MutationUpdatePostResolver',
      ...BLOG_IDS.slice(6),
    ]);
    const runtime = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
    expect(template.Resources.PostCommentCountResolver?.Properties).toStrictEqual({
      ApiId: { Ref: 'ApiId' },
      TypeName: 'Post',
      FieldName: 'commentCount',
      DataSourceName: { Ref: 'DataSourceName' },
      Kind: 'UNIT',
      Runtime: runtime,
      Code: expect.stringContaining('BatchInvoke'),
      MaxBatchSize: 100,
    });
    // The VTL field: its request template; Direct Lambda's response follows it.
    expect(template.Resources.QueryPostsByAuthorResolver?.Properties).toStrictEqual({
      ApiId: { Ref: 'ApiId' },
      TypeName: 'Query',
      FieldName: 'postsByAuthor',
      DataSourceName: { Ref: 'DataSourceName' },
      Kind: 'UNIT',
      RequestMappingTemplate: readFileSync(
        'examples/blog/resolvers/posts-by-author.request.vtl',
        'utf8',
      ),
    });
    expect(template.Resources.MutationUpdatePostResolver?.Properties).toMatchObject({
      Kind: 'PIPELINE',
      Runtime: runtime,
      PipelineConfig: {
        Functions: [
          { 'Fn::GetAtt': ['RequireSignedInFunction', 'FunctionId'] },
          { 'Fn::GetAtt': ['UpdatePostInLambdaFunction', 'FunctionId'] },
        ],
      },
    });
    expect(template.Resources.RequireSignedInFunction?.Properties).toMatchObject({
      Name: 'requireSignedIn',
      DataSourceName: { 'Fn::GetAtt': ['NoneDataSource', 'Name'] },
    });
    expect(result.stdout.endsWith('}\n')).toBe(true);
  });

  it('--api-id, --data-source and --depends-on are written as given', async () => {
    const result = await cli([
      'manifest',
      '--handler',
      BLOG,
      '--format=cloudformation',
      '--api-id',
      'abcdefghijklmnopqrstuvwxyz',
      '--data-source',
      'BlogLambda',
      '--depends-on',
      ' BlogSchema, BlogDataSource ,',
      '--schema',
      BLOG_SCHEMA,
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const template = result.json() as CloudFormationTemplate;
    expect(template).not.toHaveProperty('Parameters');
    expect(template.Resources.PostCommentsResolver).toStrictEqual({
      Type: 'AWS::AppSync::Resolver',
      DependsOn: ['BlogSchema', 'BlogDataSource'],
      Properties: {
        ApiId: 'abcdefghijklmnopqrstuvwxyz',
        TypeName: 'Post',
        FieldName: 'comments',
        DataSourceName: 'BlogLambda',
        Kind: 'UNIT',
        MaxBatchSize: 50,
      },
    });
    const resolvers = assertDirectLambdaTemplate(directPart(template));
    expect(resolvers.size).toBe(9);
    for (const properties of resolvers.values()) {
      expect(properties.ApiId).toBe('abcdefghijklmnopqrstuvwxyz');
      expect(properties.DataSourceName).toBe('BlogLambda');
    }
    for (const [id, resource] of Object.entries(template.Resources)) {
      expect(resource.Properties.ApiId, id).toBe('abcdefghijklmnopqrstuvwxyz');
      if (id !== 'NoneDataSource')
        expect(resource.DependsOn, id).toEqual(['BlogSchema', 'BlogDataSource']);
    }
    expect(template.Resources.NoneDataSource?.Properties).toMatchObject({ Name: 'BlogLambdaNone' });
  });

  it('colliding logical ids get suffixes; batch warnings are printed for templates too', async () => {
    const result = await manifestTemplate(FIXTURE('routes'), ['--data-source', 'Lambda']);
    expect(result.code).toBe(0);
    const template = result.json() as CloudFormationTemplate;
    expect(Object.keys(template.Resources)).toEqual([
      'QueryGetPost3E6BB1ECResolver',
      'QueryGetPostA6D16233Resolver',
      'QueryGetPostResolver',
      'PostCommentsResolver',
      'PostAuthorResolver',
      'CommentAuthorResolver',
      'PostTagsResolver',
      'QueryFeedResolver',
    ]);
    expect(template.Parameters).toStrictEqual({ ApiId: API_ID_PARAMETER });
    const resolvers = assertDirectLambdaTemplate(template);
    expect(resolvers.get('Query.get_post')?.FieldName).toBe('get_post');
    expect(resolvers.get('Post.author')).not.toHaveProperty('MaxBatchSize');
    expect(resolvers.get('Comment.author')?.MaxBatchSize).toBe(0);
    expect(resolvers.get('Post.tags')?.MaxBatchSize).toBe(2000);
    expect(resolvers.get('Post.comments')?.MaxBatchSize).toBe(10);
    expect(result.stderr.split('\n').filter((line) => line.includes('warning'))).toHaveLength(2);
    expect(result.stderr).toContain('warning: Post.author is a batchResolver without maxBatchSize');
  });

  it('an app without routes: exit 1, no template', async () => {
    const result = await manifestTemplate(FIXTURE('empty'));
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toBe(
      `appsync-direct manifest: export app of ${FIXTURE('empty')} has no routes, and a template needs at least one resource: register resolvers with app.resolver() or app.batchResolver()\n`,
    );
  });

  it.each([
    ['QueryGetPostResolver', "QueryGetPostResolver is one of the template's own resolvers"],
    ['ApiId', "ApiId is one of the template's own parameters"],
  ])('--depends-on %s: exit 2', async (id, message) => {
    const result = await manifestTemplate(BLOG, ['--depends-on', id]);
    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe(
      `appsync-direct manifest: --depends-on: ${message}; a resolver can only wait for another resource\n`,
    );
  });
});

describe('appsync-direct manifest: code in front of the Lambda', () => {
  const HANDLER = 'test/cli-fixtures/manifest-code.ts';
  const CODE_DIR = 'test/cli-fixtures/manifest-code';
  const BASE = `${ROOT}${CODE_DIR}`;
  const RUNTIME = { Name: 'APPSYNC_JS', RuntimeVersion: '1.0.0' };
  const API = { Ref: 'ApiId' };
  const functionId = (id: string) => ({ 'Fn::GetAtt': [id, 'FunctionId'] });
  const resolver = resolverProperties(API, 'BlogLambda');
  const template = async (...more: string[]) => {
    const result = await manifestTemplate(HANDLER, ['--data-source', 'BlogLambda', ...more]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    return result.json() as CloudFormationTemplate;
  };

  it('a JS field, a request template alone, and pipelines sharing a NONE permission check', async () => {
    const written = await template('--schema', `${CODE_DIR}/schema.graphql`);
    expect(Object.keys(written)).toEqual([
      'AWSTemplateFormatVersion',
      'Description',
      'Parameters',
      'Resources',
    ]);
    expect(Object.keys(written.Parameters ?? {})).toEqual(['ApiId']);
    const resources = written.Resources as Record<
      string,
      { Type: string; Properties: Record<string, unknown> }
    >;
    expect(Object.entries(resources).map(([id, resource]) => [id, resource.Type])).toEqual([
      ['NoneDataSource', 'AWS::AppSync::DataSource'],
      ['CheckOwnerFunction', 'AWS::AppSync::FunctionConfiguration'],
      ['DeletePostFunction', 'AWS::AppSync::FunctionConfiguration'],
      ['UpdatePostFunction', 'AWS::AppSync::FunctionConfiguration'],
      ['QueryGetPostResolver', 'AWS::AppSync::Resolver'],
      ['QueryListPostsResolver', 'AWS::AppSync::Resolver'],
      ['MutationDeletePostResolver', 'AWS::AppSync::Resolver'],
      ['MutationUpdatePostResolver', 'AWS::AppSync::Resolver'],
      ['QueryMeResolver', 'AWS::AppSync::Resolver'],
    ]);
    expect(resources.NoneDataSource?.Properties).toEqual({
      ApiId: API,
      Name: 'BlogLambdaNone',
      Type: 'NONE',
      Description:
        'The data source of the pipeline functions that call no data source (appsync-direct manifest)',
    });
    expect(resources.CheckOwnerFunction?.Properties).toEqual({
      ApiId: API,
      Name: 'checkOwner',
      DataSourceName: { 'Fn::GetAtt': ['NoneDataSource', 'Name'] },
      Runtime: RUNTIME,
      Code: expect.stringContaining('util.unauthorized()'),
    });
    expect(resources.DeletePostFunction?.Properties).toEqual({
      ApiId: API,
      Name: 'deletePost',
      DataSourceName: 'BlogLambda',
      FunctionVersion: '2018-05-29',
      MaxBatchSize: 10,
    });
    expect(resources.UpdatePostFunction?.Properties).toEqual({
      ApiId: API,
      Name: 'updatePost',
      DataSourceName: 'BlogLambda',
      Runtime: RUNTIME,
      Code: expect.stringContaining('owner: ctx.stash.owner'),
    });
    expect(resources.QueryGetPostResolver?.Properties).toEqual(
      resolver.unit('Query.getPost', {
        Runtime: RUNTIME,
        Code: expect.stringContaining('function invokePayload(ctx)'),
      }),
    );
    const getPost = resources.QueryGetPostResolver?.Properties.Code as string;
    expect(getPost).toContain('import { util } from "@aws-appsync/utils";');
    expect(getPost).not.toContain('./lib/payload');
    expect(resources.QueryListPostsResolver?.Properties).toEqual(
      resolver.unit('Query.listPosts', {
        RequestMappingTemplate: readFileSync(`${BASE}/listPosts.request.vtl`, 'utf8'),
      }),
    );
    expect(resources.MutationDeletePostResolver?.Properties).toEqual(
      resolver.pipeline('Mutation.deletePost', PASS_THROUGH_CODE, [
        functionId('CheckOwnerFunction'),
        functionId('DeletePostFunction'),
      ]),
    );
    expect(resources.MutationUpdatePostResolver?.Properties).toEqual(
      resolver.pipeline('Mutation.updatePost', expect.stringContaining('util.time.nowISO8601()'), [
        functionId('CheckOwnerFunction'),
        functionId('UpdatePostFunction'),
      ]),
    );
    expect(resources.QueryMeResolver?.Properties).toEqual(resolver.unit('Query.me'));
  });

  it('--code-base, or the working directory, holds the paths instead of the schema’s folder', async () => {
    const fromSchema = await template('--schema', `${CODE_DIR}/schema.graphql`);
    expect(await template('--code-base', CODE_DIR)).toEqual(fromSchema);
    expect(
      await template('--schema', 'examples/blog/schema.graphql', '--code-base', CODE_DIR),
    ).toEqual(fromSchema);
    const fromCwd = await manifestTemplate(
      '../manifest-code.ts',
      ['--data-source', 'BlogLambda'],
      BASE,
    );
    expect(fromCwd.code).toBe(0);
    expect((fromCwd.json() as CloudFormationTemplate).Resources).toEqual(fromSchema.Resources);
  });

  it('without a data source name, the NONE data source is named after the parameter', async () => {
    const dependingOn = (id: string) =>
      manifestTemplate(HANDLER, ['--code-base', CODE_DIR, '--depends-on', id]);
    const result = await dependingOn('ApiSchema');
    expect(result.code).toBe(0);
    const { Resources } = result.json() as CloudFormationTemplate;
    expect(Resources.NoneDataSource).toEqual({
      Type: 'AWS::AppSync::DataSource',
      Properties: expect.objectContaining({
        Name: { 'Fn::Join': ['', [{ Ref: 'DataSourceName' }, 'None']] },
      }),
    });
    expect(
      (Resources.DeletePostFunction as CloudFormationFunction).Properties.DataSourceName,
    ).toEqual({ Ref: 'DataSourceName' });
    expect(
      Object.entries(Resources)
        .filter(([, resource]) => resource.DependsOn !== undefined)
        .map(([id]) => id),
    ).toEqual(Object.keys(Resources).filter((id) => id !== 'NoneDataSource'));
    const own = await dependingOn('CheckOwnerFunction');
    expect(own).toMatchObject({
      code: 2,
      stderr:
        "appsync-direct manifest: --depends-on: CheckOwnerFunction is one of the template's own functions; a resolver can only wait for another resource\n",
    });
  });

  it('the JSON lists each route’s declaration as written', async () => {
    const result = await cli(['manifest', '--handler', HANDLER]);
    expect(result.code).toBe(0);
    const checkOwner = { name: 'checkOwner', dataSource: 'NONE', code: 'checkOwner.js' };
    expect((result.json() as { routes: unknown }).routes).toStrictEqual([
      { typeName: 'Query', fieldName: 'getPost', kind: 'resolver', code: 'getPost.ts' },
      {
        typeName: 'Query',
        fieldName: 'listPosts',
        kind: 'resolver',
        requestTemplate: 'listPosts.request.vtl',
      },
      {
        typeName: 'Mutation',
        fieldName: 'deletePost',
        kind: 'resolver',
        pipeline: {
          functions: [checkOwner, { name: 'deletePost', dataSource: 'LAMBDA', maxBatchSize: 10 }],
        },
      },
      {
        typeName: 'Mutation',
        fieldName: 'updatePost',
        kind: 'resolver',
        pipeline: {
          code: 'updatePost.pipeline.js',
          functions: [checkOwner, { name: 'updatePost', dataSource: 'LAMBDA', code: 'invoke.js' }],
        },
      },
      { typeName: 'Query', fieldName: 'me', kind: 'resolver' },
    ]);
  });

  /** A handler whose app lists `routes`, beside `files`, run with --format cloudformation. */
  const run = async (routes: unknown[], files: Record<string, string> = {}) => {
    const dir = tempFiles({
      ...files,
      'handler.mjs': `export const app = { handler: () => () => null, routes: () => (${JSON.stringify(routes)}) };\n`,
    });
    const result = await manifestTemplate('handler.mjs', [], dir);
    return { ...result, dir };
  };
  const fails =
    'appsync-direct manifest: the code of export app of handler.mjs cannot be deployed:';
  const MODULE =
    'export function request() { return {}; }\nexport function response(ctx) { return ctx.result; }\n';

  it('code over 32 KB: exit 1, with its size and largest parts', async () => {
    const result = await run(
      [{ typeName: 'Query', fieldName: 'big', kind: 'resolver', code: 'big.js' }],
      {
        'big.js': `export function request() { return { payload: '${'x'.repeat(33_000)}' }; }\nexport function response(ctx) { return ctx.result; }\n`,
      },
    );
    expect(result.stdout).toBe('');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${literally(fails)} ${literally(result.dir)}/big\\.js bundles to 33,\\d{3} characters, and AppSync takes at most 32,768 \\(32 KB\\) of code`,
      ),
    );
  });

  it('a missing file: exit 1, with the path looked for', async () => {
    const result = await run([
      { typeName: 'Query', fieldName: 'a', kind: 'resolver', responseTemplate: 'response.vtl' },
    ]);
    expect(result).toMatchObject({
      code: 1,
      stdout: '',
      stderr: `${fails} Query.a (response template): cannot read ${result.dir}/response.vtl (ENOENT); paths are relative to ${result.dir}.\n`,
    });
  });

  it('one function name, two declarations: exit 1', async () => {
    const pipeline = (code: string) => ({
      functions: [{ name: 'check', dataSource: 'NONE', code }],
    });
    const result = await run(
      [
        { typeName: 'Mutation', fieldName: 'a', kind: 'resolver', pipeline: pipeline('check.js') },
        { typeName: 'Mutation', fieldName: 'b', kind: 'resolver', pipeline: pipeline('other.js') },
      ],
      { 'check.js': MODULE, 'other.js': `// another check\n${MODULE}` },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${fails} function check is declared twice, differently: Mutation.a pipeline.functions[0] (check) and Mutation.b pipeline.functions[0] (check) differ in code (${result.dir}/check.js, ${result.dir}/other.js bundle differently). A function's name is its identity in the API: give one of them another name, or declare both the same.\n`,
    );
  });

  it('a declaration AppSync refuses is a route problem, in either format', async () => {
    const routes = [
      {
        typeName: 'Query',
        fieldName: 'a',
        kind: 'resolver',
        code: MODULE,
        pipeline: { functions: [] },
      },
    ];
    const result = await run(routes);
    expect(result).toMatchObject({
      code: 1,
      stderr:
        'appsync-direct manifest: the routes of export app of handler.mjs cannot be deployed:\n  Query.a: declare one of code, requestTemplate/responseTemplate or pipeline; received code and pipeline\n',
    });
    const json = await cli(['manifest', '--handler', 'handler.mjs'], result.dir);
    expect(json).toMatchObject({ code: 1, stderr: result.stderr });
  });
});

describe('appsync-direct manifest: the handler fails (exit 1)', () => {
  const HOW =
    'Manifest reads the routes of the app from createResolver(): export it (export const app = createResolver()) or pass the export that holds it with --export <name>';
  it.each([
    [
      FIXTURE('two-apps'),
      [],
      `--handler ${FIXTURE('two-apps')} exports 2 apps (posts, users); pick the one to deploy with --export <name>`,
    ],
    [
      FIXTURE('two-apps'),
      ['--export', 'nope'],
      `--handler ${FIXTURE('two-apps')} has no export named nope; its exports are: posts, users`,
    ],
    [
      'test/cli-fixtures/no-handler.ts',
      [],
      `--handler test/cli-fixtures/no-handler.ts exports no app from createResolver(); its exports are: answer, helper. ${HOW}`,
    ],
    [
      'test/cli-fixtures/throws-on-load.ts',
      [],
      '--handler test/cli-fixtures/throws-on-load.ts failed while loading: Error: TABLE_NAME is not set\n',
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'outOfRange'],
      `the routes of export outOfRange of ${FIXTURE('fake-apps')} cannot be deployed:\n  Query.a: maxBatchSize 2001 is not an integer from 0 to 2000 (AppSync's range)\n  Query.b: maxBatchSize 1.5 is not an integer from 0 to 2000 (AppSync's range)\n`,
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'twice', '--format', 'cloudformation'],
      `the routes of export twice of ${FIXTURE('fake-apps')} cannot be deployed:\n  Query.a is listed twice; a field has one resolver\n`,
    ],
    [
      FIXTURE('fake-apps'),
      ['--export', 'badNames'],
      `the routes of export badNames of ${FIXTURE('fake-apps')} cannot be deployed:\n  Query.get-post: the field name "get-post" is not a GraphQL name ([_A-Za-z][_0-9A-Za-z]*)\n`,
    ],
  ])('%s %j', async (handler, argv, message) => {
    const result = await cli(['manifest', '--handler', handler, ...argv]);
    expect(result.stdout).toBe('');
    expect(result.stderr.startsWith(`appsync-direct manifest: ${message}`)).toBe(true);
    expect(result.stderr).not.toContain(HINT);
    expect(result.code).toBe(1);
  });

  it('a handler that does not build: esbuild’s message, exit 1', async () => {
    const dir = tempFiles({ 'broken.ts': 'export const app = createResolver(;\n' });
    const result = await cli(['manifest', '--handler', 'broken.ts'], dir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^appsync-direct manifest: --handler broken\.ts does not build:\n\n.*Unexpected ";"\n\n {4}broken\.ts:1:34:/,
    );
  });
});

describe('appsync-direct manifest: usage (exit 2)', () => {
  it.each([
    [
      [],
      'say which handler to read the routes of with --handler <file>, as in --handler src/handler.ts',
    ],
    [
      ['--handler', 'src/nope.ts'],
      `--handler src/nope.ts: there is no such file (looked for ${ROOT}src/nope.ts)`,
    ],
    [
      ['--handler', 'package.json'],
      '--handler package.json is not a module this command can load: give a .ts, .mts, .cts, .js, .mjs or .cjs file',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformaton'],
      '--format cloudformaton is not a format manifest prints: give json or cloudformation; did you mean cloudformation?',
    ],
    [
      ['--handler', BLOG, '--format', 'yaml'],
      '--format yaml is not a format manifest prints: give json or cloudformation',
    ],
    [
      ['--handler', BLOG, '--data-sorce', 'X'],
      'unknown flag --data-sorce; did you mean --data-source?',
    ],
    [['--handler', BLOG, '--apiid', 'X'], 'unknown flag --apiid; did you mean --api-id?'],
    [
      ['--handler', BLOG, '--schema', 'x.graphql'],
      '--schema goes into the CloudFormation template: add --format cloudformation',
    ],
    [
      ['--handler', BLOG, '--code-base', 'src'],
      '--code-base goes into the CloudFormation template: add --format cloudformation',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--schema', 'x.graphql'],
      `--schema x.graphql: there is no such file (looked for ${ROOT}x.graphql)`,
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--code-base', 'package.json'],
      `--code-base package.json: there is no such folder (looked for ${ROOT}package.json)`,
    ],
    [
      ['--handler', BLOG, '--api-id', 'abc'],
      '--api-id goes into the CloudFormation template: add --format cloudformation',
    ],
    [
      ['--handler', BLOG, '--format', 'json', '--depends-on', 'Schema'],
      '--depends-on goes into the CloudFormation template: add --format cloudformation',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--api-id='],
      '--api-id needs a value, as in --api-id <value>',
    ],
    [
      [
        '--handler',
        BLOG,
        '--format',
        'cloudformation',
        '--api-id',
        'arn:aws:appsync:us-east-1:1:apis/x',
      ],
      '--api-id: the API id "arn:aws:appsync:us-east-1:1:apis/x" is not an AppSync API id (letters and digits): give the id, not the ARN (the last part of arn:…:apis/<id>)',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--data-source', '1lambda'],
      '--data-source: the data source name "1lambda" is not one AppSync accepts ([_A-Za-z][_0-9A-Za-z]*), as in BlogLambda',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--depends-on', ' , '],
      '--depends-on needs logical ids, comma-separated, as in --depends-on BlogSchema; received " , "',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--depends-on', 'Blog.Schema'],
      '--depends-on: "Blog.Schema" is not a CloudFormation logical id (1 to 255 letters and digits)',
    ],
    [
      ['--handler', BLOG, '--format', 'cloudformation', '--depends-on', 'A,B,A'],
      '--depends-on names A twice',
    ],
  ])('%j', async (argv, message) => {
    const result = await cli(['manifest', ...argv]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(`appsync-direct manifest: ${message}\n${HINT}`);
    expect(result.code).toBe(2);
  });

  it.each(['--help', '-h'])('%s prints the help', async (flag) => {
    expect(await cli(['manifest', flag])).toStrictEqual(
      expect.objectContaining({ code: 0, stdout: MANIFEST_HELP, stderr: '' }),
    );
    expect(MANIFEST_HELP).toContain('--depends-on <ids>');
    expect(MANIFEST_HELP).toContain('AWS::AppSync::GraphQLSchema');
  });

  it('is listed in the usage', () => {
    expect(USAGE).toMatch(/^ {2}manifest {2}Print a handler's routes/m);
    expect(USAGE).toContain('appsync-direct manifest --help');
  });
});

describe('appsync-direct manifest: esbuild', () => {
  const io = () => {
    const out = { stdout: '', stderr: '' };
    const cliIo: CliIO = {
      stdout: (text) => {
        out.stdout += text;
      },
      stderr: (text) => {
        out.stderr += text;
      },
      cwd: ROOT,
    };
    return { out, io: cliIo };
  };
  const argv = ['--handler', BLOG];

  it('not installed: exit 2, saying how to install it', async () => {
    const { out, io: cliIo } = io();
    const missing = () =>
      Promise.reject(Object.assign(new Error('no esbuild'), { code: 'ERR_MODULE_NOT_FOUND' }));
    expect(await manifestCommand(argv, cliIo, { importEsbuild: missing })).toBe(2);
    expect(out).toStrictEqual({
      stdout: '',
      stderr:
        'appsync-direct manifest: esbuild is not installed, and manifest loads the handler with it: npm i -D esbuild\n',
    });
  });

  it('broken: exit 2', async () => {
    const { out, io: cliIo } = io();
    const broken = () => Promise.reject(new Error('bad binary'));
    expect(await manifestCommand(argv, cliIo, { importEsbuild: broken })).toBe(2);
    expect(out.stderr).toBe(
      'appsync-direct manifest: esbuild is installed but could not be loaded: bad binary\n',
    );
  });

  it('without its platform binary: exit 2, not the handler', async () => {
    const { out, io: cliIo } = io();
    const message =
      'The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.';
    const binaryless = async () => ({
      build: (() => Promise.reject(new Error(message))) as never,
      formatMessages: (async () => []) as never,
    });
    expect(await manifestCommand(argv, cliIo, { importEsbuild: binaryless })).toBe(2);
    expect(out.stderr).toBe(
      `appsync-direct manifest: esbuild is installed but could not be loaded: ${message}\n`,
    );
  });

  it('failing without messages: exit 1', async () => {
    const { out, io: cliIo } = io();
    const crashing = async () => ({
      build: (() => Promise.reject(new Error('the service stopped'))) as never,
      formatMessages: (async () => []) as never,
    });
    expect(await manifestCommand(argv, cliIo, { importEsbuild: crashing })).toBe(1);
    expect(out.stderr).toBe(
      `appsync-direct manifest: esbuild failed on --handler ${BLOG}: the service stopped\n`,
    );
  });

  it('an unexpected failure is not swallowed', async () => {
    const { io: cliIo } = io();
    const odd = async () => ({
      build: (() => Promise.reject({ errors: [{ text: 'x' }] })) as never,
      formatMessages: (() => Promise.reject(new TypeError('odd'))) as never,
    });
    await expect(manifestCommand(argv, cliIo, { importEsbuild: odd })).rejects.toThrow(
      new TypeError('odd'),
    );
  });
});
