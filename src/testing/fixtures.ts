import { existsSync, readFileSync } from 'node:fs';
import type {
  AmplifyResolverEvent,
  AppSyncBatchEvent,
  AppSyncResolverEvent,
  MappingDocumentEvent,
  TemplatePayloadEvent,
} from '../event.js';
import { type DeepPartial, deepMerge } from './merge.js';

/**
 * An `http-*` fixture: the Lambda event of one HTTP request (API Gateway payload 1.0 or 2.0, a
 * function URL or ALB), for `appsync-direct/http`.
 */
export type HttpFixtureEvent = Record<string, unknown>;

/** The fixtures shipped in `fixtures/`, by name, with the event type each one holds. */
export interface Fixtures {
  'invoke-api-key': AppSyncResolverEvent;
  'invoke-iam-user': AppSyncResolverEvent;
  'invoke-iam-cognito-identity-pool': AppSyncResolverEvent;
  'invoke-cognito-user-pools': AppSyncResolverEvent;
  'invoke-oidc': AppSyncResolverEvent;
  'invoke-lambda-authorizer': AppSyncResolverEvent;
  'invoke-pipeline-function': AppSyncResolverEvent;
  'invoke-nested-source': AppSyncResolverEvent;
  'batch-1': AppSyncBatchEvent;
  'batch-3': AppSyncBatchEvent;
  'batch-100': AppSyncBatchEvent;
  'mapping-document-invoke': MappingDocumentEvent;
  'mapping-document-batch': MappingDocumentEvent;
  'tutorial-payload': TemplatePayloadEvent;
  'amplify-function': AmplifyResolverEvent;
  'http-v1-cognito': HttpFixtureEvent;
  'http-v1-lambda-authorizer': HttpFixtureEvent;
  'http-v1-iam': HttpFixtureEvent;
  'http-v1-get': HttpFixtureEvent;
  'http-v2-jwt-cognito': HttpFixtureEvent;
  'http-v2-jwt-oidc': HttpFixtureEvent;
  'http-v2-lambda-authorizer': HttpFixtureEvent;
  'http-v2-iam': HttpFixtureEvent;
  'http-v2-cookies-base64': HttpFixtureEvent;
  'http-url-iam': HttpFixtureEvent;
  'http-url-none': HttpFixtureEvent;
  'http-alb': HttpFixtureEvent;
  'http-alb-multi': HttpFixtureEvent;
}

/** The name of a shipped fixture. */
export type FixtureName = keyof Fixtures;

/** The names of every shipped fixture, in the order of `fixtures/README.md`. */
export const fixtureNames: readonly FixtureName[] = Object.freeze([
  'invoke-api-key',
  'invoke-iam-user',
  'invoke-iam-cognito-identity-pool',
  'invoke-cognito-user-pools',
  'invoke-oidc',
  'invoke-lambda-authorizer',
  'invoke-pipeline-function',
  'invoke-nested-source',
  'batch-1',
  'batch-3',
  'batch-100',
  'mapping-document-invoke',
  'mapping-document-batch',
  'tutorial-payload',
  'amplify-function',
  'http-v1-cognito',
  'http-v1-lambda-authorizer',
  'http-v1-iam',
  'http-v1-get',
  'http-v2-jwt-cognito',
  'http-v2-jwt-oidc',
  'http-v2-lambda-authorizer',
  'http-v2-iam',
  'http-v2-cookies-base64',
  'http-url-iam',
  'http-url-none',
  'http-alb',
  'http-alb-multi',
] as const);

/** What `overrides` can change: a deep partial of the event, or of each item of a batch. */
export type FixtureOverrides<N extends FixtureName> = Fixtures[N] extends readonly (infer Item)[]
  ? DeepPartial<Item>
  : DeepPartial<Fixtures[N]>;

/**
 * Where the fixtures are: `dist/fixtures/` in the built package (the build copies them there, and
 * only `dist/` is published), else the repository's `fixtures/` beside `src/` (tests, tsx).
 */
const FIXTURE_FOLDERS = [
  new URL('../fixtures/', import.meta.url),
  new URL('../../fixtures/', import.meta.url),
] as const;
let fixtures: URL | undefined;

function fixtureFolder(): URL {
  fixtures ??=
    FIXTURE_FOLDERS.find((folder) => existsSync(new URL('README.md', folder))) ??
    FIXTURE_FOLDERS[0];
  return fixtures;
}

/**
 * A fresh copy of a shipped fixture, with `overrides` laid over it deeply (arrays replace). For
 * a batch fixture, `overrides` applies to every item.
 *
 * ```ts
 * const event = loadFixture('invoke-cognito-user-pools', { identity: { groups: null } });
 * ```
 */
export function loadFixture<N extends FixtureName>(
  name: N,
  overrides?: FixtureOverrides<N>,
): Fixtures[N] {
  if (!(fixtureNames as readonly string[]).includes(name)) {
    throw new TypeError(
      `There is no fixture named ${JSON.stringify(name)}. The fixtures are: ${fixtureNames.join(', ')}.`,
    );
  }
  const event = JSON.parse(
    readFileSync(new URL(`${name}.json`, fixtureFolder()), 'utf8'),
  ) as Fixtures[N];
  if (overrides === undefined) return event;
  if (Array.isArray(event)) return event.map((item) => deepMerge(item, overrides)) as Fixtures[N];
  return deepMerge(event, overrides);
}
