export {
  type AppSyncClient,
  type AppSyncClientOptions,
  type CallOptions,
  type ClientLogger,
  createAppSyncClient,
  type GraphQLResult,
  type RetryOptions,
} from './client.js';
export type { ClientAuth, CredentialsProvider, TokenSource } from './config.js';
export { type AppSyncGraphQLError, AppSyncRequestError } from './errors.js';
export { type AwsCredentials, type SignInput, signRequest } from './sigv4.js';
export type { ResultOf, TypedDocument, Variables, VariablesOf } from './types.js';
