/**
 * `appsync-direct/emulator`: a local AppSync that runs GraphQL operations against a Direct
 * Lambda handler exactly as AppSync calls it. Node-only, and it needs `graphql` (16 or 17)
 * installed; never import it from a Lambda's runtime code.
 */

export type { ErrorLocation, GraphQLResponseError } from '../engine/errors.js';
export { appSyncScalars } from '../engine/scalars.js';
export { buildAppSyncSchema, type SchemaSource } from '../engine/schema.js';
export { type Invocation, type SummaryOptions, summarize } from '../engine/trace.js';
export type {
  AppSyncAuthorizerEvent,
  AppSyncAuthorizerResult,
  AuthMode,
  AuthOptions,
  LambdaAuthorizer,
} from './auth.js';
export {
  type AppSyncResponseBody,
  createEmulator,
  type EmulatedField,
  type Emulator,
  type EmulatorOptions,
  type ExecuteRequest,
  type ExecuteResult,
  type FieldOptions,
  type HandlerApp,
  type HttpRequest,
} from './emulator.js';
export type { IamCredential } from './iam.js';
export { type LambdaHandler, MAX_PAYLOAD_BYTES } from './lambda.js';
