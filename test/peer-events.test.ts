/**
 * The peer libraries' own AppSync test events (test/fixtures/peer-events, copied from
 * ../shared/peer-events): each must route, and every resolver must see a context of the
 * documented types whatever the event left out (PROTOCOL.md §2.1): Powertools' batch fixture has
 * no `request` or `source`, its test factories build `info` with only the field's name, and the
 * Amplify event has no `info` or `stash` at all.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createResolver, identityKind, type ResolverContext } from 'appsync-direct';
import { invoke } from 'appsync-direct/testing';
import { describe, expect, it } from 'vitest';
import { silentLogger } from './helpers.js';

const HERE = new URL('.', import.meta.url).pathname;
const DIR = join(HERE, 'fixtures/peer-events');
const SHARED = join(HERE, '../../shared/peer-events');
const FILES = readdirSync(DIR).filter((file) => file.endsWith('.json'));

type Item = Record<string, unknown>;

function load(file: string): Item | Item[] {
  return JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Item | Item[];
}

/** `Type.field` of a Direct Lambda context or an Amplify event. */
function keyOf(item: Item): string {
  const info = item.info as { parentTypeName: string; fieldName: string } | undefined;
  return info === undefined
    ? `${item.typeName as string}.${item.fieldName as string}`
    : `${info.parentTypeName}.${info.fieldName}`;
}

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every part of the context has the type `ResolverContext` promises. */
function expectDocumentedTypes(ctx: ResolverContext): void {
  expect(isPlainObject(ctx.args)).toBe(true);
  expect(ctx.arguments).toBe(ctx.args);
  expect(ctx.source === null || isPlainObject(ctx.source)).toBe(true);
  expect(ctx.identity === null || isPlainObject(ctx.identity)).toBe(true);
  expect(identityKind(ctx.identity)).toBeDefined();
  expect(isPlainObject(ctx.request.headers)).toBe(true);
  expect(ctx.request.domainName === null || typeof ctx.request.domainName === 'string').toBe(true);
  expect(typeof ctx.info.fieldName).toBe('string');
  expect(typeof ctx.info.parentTypeName).toBe('string');
  expect(isPlainObject(ctx.info.variables)).toBe(true);
  expect(Array.isArray(ctx.info.selectionSetList)).toBe(true);
  expect(ctx.info.selectionSetList.every((entry) => typeof entry === 'string')).toBe(true);
  expect(typeof ctx.info.selectionSetGraphQL).toBe('string');
  expect(ctx.prev === null || isPlainObject(ctx.prev)).toBe(true);
  expect(isPlainObject(ctx.stash)).toBe(true);
}

/** An app with a resolver on every field of `items` that records what it saw. */
function recordingApp(items: readonly Item[], kind: 'resolver' | 'batch') {
  const seen: ResolverContext[] = [];
  const app = createResolver({ logger: silentLogger });
  for (const key of new Set(items.map(keyOf))) {
    if (kind === 'resolver') {
      app.resolver(key, (ctx) => {
        seen.push(ctx);
        return { key, args: ctx.args };
      });
    } else {
      app.batchResolver(key, (ctxs) =>
        ctxs.map((ctx) => {
          seen.push(ctx);
          return { key, args: ctx.args };
        }),
      );
    }
  }
  return { app, seen };
}

describe('the peer libraries’ test events', () => {
  it('are the files of ../shared/peer-events, unchanged', () => {
    if (!existsSync(SHARED)) return; // a clone without the shared folder: the copies stand alone
    const shared = readdirSync(SHARED).filter((file) => file.endsWith('.json'));
    expect(FILES.sort()).toEqual(shared.sort());
    for (const file of FILES) {
      expect(readFileSync(join(DIR, file), 'utf8'), file).toBe(
        readFileSync(join(SHARED, file), 'utf8'),
      );
    }
  });

  it('are four: Direct Lambda Invokes, an Amplify event and a batch', () => {
    expect(FILES.length).toBe(4);
  });

  for (const file of FILES) {
    for (const kind of ['resolver', 'batch'] as const) {
      it(`${file}: routes with a ${kind}, and every context has the documented types`, async () => {
        const event = load(file);
        const items = Array.isArray(event) ? event : [event];
        const { app, seen } = recordingApp(items, kind);
        const answer = await invoke(app, event);
        const expected = items.map((item) => ({
          data: { key: keyOf(item), args: item.arguments },
        }));
        expect(answer).toEqual(Array.isArray(event) ? expected : expected[0]);
        expect(seen).toHaveLength(items.length);
        for (const ctx of seen) expectDocumentedTypes(ctx);
      });
    }
  }

  // Regression (issue 15): these parts came through as undefined, though typed as present.
  it('fills what an event left out with the documented defaults', async () => {
    const partial = [
      {
        arguments: { id: '1' },
        identity: null,
        source: null,
        request: {},
        prev: null,
        info: { fieldName: 'post', parentTypeName: 'Query' },
      },
      { arguments: {}, info: { fieldName: 'post', parentTypeName: 'Query' } },
    ];
    const { app, seen } = recordingApp(partial, 'resolver');
    await invoke(app, partial);
    for (const ctx of seen) {
      expect(ctx.info).toEqual({
        fieldName: 'post',
        parentTypeName: 'Query',
        variables: {},
        selectionSetList: [],
        selectionSetGraphQL: '',
      });
      expect(ctx.request).toEqual({ headers: {}, domainName: null });
      expect(ctx.stash).toEqual({});
      expect(ctx.prev).toBeNull();
      expect(ctx.source).toBeNull();
      expect(ctx.identity).toBeNull();
    }
    const batch = load('powertools-py-batch-resolver.json') as Item[];
    const { app: batchApp, seen: batchSeen } = recordingApp(batch, 'batch');
    await invoke(batchApp, batch);
    expect(batchSeen.map((ctx) => ctx.request)).toEqual([
      { headers: {}, domainName: null },
      { headers: {}, domainName: null },
    ]);
    expect(batchSeen.map((ctx) => identityKind(ctx.identity))).toEqual(['cognito', 'cognito']);
  });

  it('refuses a part that is present with the wrong type, saying what was expected', async () => {
    const app = createResolver({ logger: silentLogger }).resolver('Query.post', () => 1);
    const wrong = [
      { info: { fieldName: 'post', parentTypeName: 'Query', selectionSetList: 'id' } },
      { info: { fieldName: 'post', parentTypeName: 'Query', variables: [] } },
      { info: { fieldName: 'post', parentTypeName: 'Query' }, request: { headers: 'x' } },
      { info: { fieldName: 'post', parentTypeName: 'Query' }, request: { domainName: 7 } },
    ];
    for (const event of wrong) {
      const answer = await invoke(app, { arguments: {}, ...event });
      expect(answer).toEqual({
        error: {
          errorType: 'InvalidEventError',
          errorMessage: expect.stringMatching(
            /^Invalid event: (info\.variables must be an object, info\.selectionSetList an array|request\.headers must be an object)/,
          ),
        },
      });
    }
  });
});
