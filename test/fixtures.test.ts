import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createResolver, type ResolverContext } from '../src/index.js';
import {
  type FixtureName,
  fixtureNames,
  invoke,
  loadFixture,
  selectionSetGraphQL,
} from '../src/testing/index.js';
import { silentLogger } from './helpers.js';

type Obj = Record<string, unknown>;

/** The exact key set of a Direct Lambda context (PROTOCOL.md §2.1). */
const CONTEXT_KEYS = ['arguments', 'identity', 'info', 'prev', 'request', 'source', 'stash'];
const INFO_KEYS = [
  'fieldName',
  'parentTypeName',
  'selectionSetGraphQL',
  'selectionSetList',
  'variables',
];

/** Every Direct Lambda context a fixture holds (unwrapping batches and mapping documents). */
function contextsOf(name: FixtureName): Obj[] {
  const event = loadFixture(name) as unknown;
  const payload = (event as Obj).payload ?? event;
  const items = Array.isArray(payload) ? payload : [payload];
  return (items as Obj[]).filter((item) => 'info' in item);
}

const directFixtures = fixtureNames.filter((name) => contextsOf(name).length > 0);

/** The HTTP events (`http-*`), for appsync-direct/http: not AppSync events, tested in test/http/. */
type HttpFixture = Extract<FixtureName, `http-${string}`>;
const isHttpFixture = (name: FixtureName): name is HttpFixture => name.startsWith('http-');
const httpFixtures = fixtureNames.filter(isHttpFixture);
const appSyncFixtures = fixtureNames.filter(
  (name): name is Exclude<FixtureName, HttpFixture> => !isHttpFixture(name),
);

describe('the shipped fixtures', () => {
  it('are exactly the files in fixtures/, and loadFixture() knows each of them', () => {
    const files = readdirSync(new URL('../fixtures/', import.meta.url))
      .filter((file) => file.endsWith('.json'))
      .map((file) => file.slice(0, -'.json'.length));
    expect([...fixtureNames].sort()).toEqual(files.sort());
  });

  it('has a Direct Lambda context in every fixture but the tutorial, Amplify and HTTP events', () => {
    expect(fixtureNames.filter((name) => !directFixtures.includes(name))).toEqual([
      'tutorial-payload',
      'amplify-function',
      ...httpFixtures,
    ]);
  });

  describe.each(directFixtures)('%s', (name) => {
    const contexts = contextsOf(name);

    it('has exactly the keys AppSync sends, in info too', () => {
      for (const context of contexts) {
        expect(Object.keys(context).sort()).toEqual(CONTEXT_KEYS);
        expect(Object.keys(context.info as Obj).sort()).toEqual(INFO_KEYS);
        expect(Object.keys(context.request as Obj).sort()).toEqual(['domainName', 'headers']);
      }
    });

    it('has lower-cased string headers, no cookie, and domainName null', () => {
      for (const context of contexts) {
        const { headers, domainName } = context.request as { headers: Obj; domainName: unknown };
        expect(domainName).toBeNull();
        for (const [header, value] of Object.entries(headers)) {
          expect(header).toBe(header.toLowerCase());
          expect(typeof value).toBe('string');
        }
        expect(headers).not.toHaveProperty('cookie');
      }
    });

    it('has a selectionSetGraphQL that matches its selectionSetList', () => {
      for (const context of contexts) {
        const info = context.info as { selectionSetList: string[]; selectionSetGraphQL: string };
        expect(info.selectionSetGraphQL).toBe(selectionSetGraphQL(info.selectionSetList));
      }
    });

    it('has sourceIp as an array wherever the identity has one', () => {
      for (const context of contexts) {
        const identity = context.identity as Obj | null;
        if (identity !== null && 'sourceIp' in identity) {
          expect(Array.isArray(identity.sourceIp)).toBe(true);
        }
      }
    });
  });

  it('is a fresh copy on every load, so a test cannot corrupt the next one', () => {
    const first = loadFixture('invoke-api-key');
    first.arguments.id = 'changed';
    expect(loadFixture('invoke-api-key').arguments).toEqual({ id: '1' });
  });

  it('has a pipeline fixture with prev.result and a filled stash', () => {
    const event = loadFixture('invoke-pipeline-function');
    expect(event.prev).toEqual({ result: expect.any(Object) });
    expect(Object.keys(event.stash).length).toBeGreaterThan(0);
  });

  it('has batches of 1, 3 and 100 for one field', () => {
    for (const [name, size] of [
      ['batch-1', 1],
      ['batch-3', 3],
      ['batch-100', 100],
    ] as const) {
      const batch = loadFixture(name);
      expect(batch).toHaveLength(size);
      expect(
        new Set(batch.map((item) => `${item.info.parentTypeName}.${item.info.fieldName}`)),
      ).toEqual(new Set(['Post.author']));
    }
  });
});

describe('every fixture routes through the dispatcher', () => {
  // One app that registers every field the fixtures use and answers where each call came from.
  const app = createResolver({ logger: silentLogger });
  const echo = (ctx: ResolverContext) => ({
    field: `${ctx.info.parentTypeName}.${ctx.info.fieldName}`,
    args: ctx.args,
    source: ctx.source,
  });
  for (const key of [
    'Query.getPost',
    'Query.listPosts',
    'Mutation.createPost',
    'Mutation.deletePost',
  ]) {
    app.resolver(key, echo);
  }
  app.batchResolver('Post.author', (ctxs) => ctxs.map(echo));

  const expectations: Record<Exclude<FixtureName, HttpFixture>, string> = {
    'invoke-api-key': 'Query.getPost',
    'invoke-iam-user': 'Query.getPost',
    'invoke-iam-cognito-identity-pool': 'Query.getPost',
    'invoke-cognito-user-pools': 'Mutation.createPost',
    'invoke-oidc': 'Query.getPost',
    'invoke-lambda-authorizer': 'Query.listPosts',
    'invoke-pipeline-function': 'Mutation.deletePost',
    'invoke-nested-source': 'Post.author',
    'batch-1': 'Post.author',
    'batch-3': 'Post.author',
    'batch-100': 'Post.author',
    'mapping-document-invoke': 'Query.getPost',
    'mapping-document-batch': 'Post.author',
    'tutorial-payload': 'Query.getPost',
    'amplify-function': 'Query.getPost',
  };

  it.each(appSyncFixtures)('%s', async (name) => {
    const event = loadFixture(name) as unknown;
    const result = await invoke(app, event);
    const results = Array.isArray(result) ? result : [result];
    const payload = (event as Obj).payload ?? event;
    const items = (Array.isArray(payload) ? payload : [payload]) as Obj[];
    expect(results).toHaveLength(items.length);
    results.forEach((answer, index) => {
      const item = items[index] as Obj;
      expect(answer).toEqual({
        data: {
          field: expectations[name],
          args: item.arguments ?? {},
          source: item.source ?? null,
        },
      });
    });
  });
});
