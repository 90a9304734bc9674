/**
 * `appsync-direct/testing`: build AppSync events, load the shipped fixtures and call a handler
 * the way Lambda and AppSync do. Node-only; never import it from a Lambda's runtime code.
 */
export {
  type BatchItemOptions,
  batchEvent,
  type InvokeEventOptions,
  invokeEvent,
  type LambdaContextOptions,
  lambdaContext,
  selectionSetGraphQL,
  type TestLambdaContext,
} from './builders.js';
export {
  createTestClient,
  type TestAuth,
  type TestClient,
  type TestClientOptions,
  type TestQueryOptions,
  type TestQueryResult,
} from './client.js';
export {
  type FixtureName,
  type FixtureOverrides,
  type Fixtures,
  fixtureNames,
  type HttpFixtureEvent,
  loadFixture,
} from './fixtures.js';
export { type HttpAuthorizerKind, type HttpEventOptions, httpEvent } from './http-events.js';
export {
  type IdentityOf,
  identityKinds,
  isIdentityKind,
  makeIdentity,
  makeToken,
  type TokenKind,
} from './identities.js';
export {
  InvokeContractError,
  type InvokeError,
  type InvokeResult,
  type InvokeTarget,
  invoke,
} from './invoke.js';
export { findJsonProblem, type JsonProblem } from './json.js';
export type { DeepPartial } from './merge.js';
