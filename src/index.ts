export type { BatchFailure, BatchItemResponse, BatchSuccess } from './batch/index.js';
export {
  AppSyncError,
  type AppSyncErrorOptions,
  isAppSyncError,
  UnauthorizedException,
  type WireError,
} from './errors/app-sync-error.js';
export {
  DuplicateResolverError,
  InvalidBatchResponseError,
  InvalidEventError,
  ResolverNotFoundError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
  type ValidationErrorOptions,
  type ValidationIssue,
} from './errors/framework-errors.js';
export type { ErrorMapping } from './errors/normalize.js';
export type {
  AmplifyResolverEvent,
  AppSyncBatchEvent,
  AppSyncIdentity,
  AppSyncIdentityCognito,
  AppSyncIdentityIAM,
  AppSyncIdentityLambda,
  AppSyncIdentityOIDC,
  AppSyncInfo,
  AppSyncRequest,
  AppSyncResolverEvent,
  LambdaContext,
  MappingDocumentEvent,
  ResolverContext,
  TemplatePayloadEvent,
} from './event.js';
export {
  type IdentityGroupsOptions,
  type IdentityKind,
  identityGroups,
  identityKind,
  isApiKeyIdentity,
  isCognitoIdentity,
  isIamIdentity,
  isLambdaIdentity,
  isOidcIdentity,
} from './identity.js';
export { jsonLogger, type Logger } from './logger.js';
export {
  type BatchResolverFunction,
  type BatchResolverOptions,
  type BatchResults,
  type CreateResolverOptions,
  createResolver,
  type DirectLambdaHandler,
  type FieldTypes,
  type ResolverApp,
  type ResolverAppBase,
  type ResolverFunction,
  type ResolverOptions,
  type RouteInfo,
  type SchemaTypes,
  type TypedResolverApp,
} from './resolver.js';
