export type { BatchFailure, BatchItemResponse, BatchSuccess } from './batch/index.js';
export type { DeadlineSignal, MinimalAbortSignal } from './deadline.js';
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
export { type JsonLoggerOptions, jsonLogger, type Logger, type LogLevel } from './logger.js';
export {
  type BatchMiddleware,
  type BatchNext,
  contextsOf,
  isBatch,
  type Middleware,
  type Next,
  type RequireAuthOptions,
  type ResolverMiddleware,
  requireAuth,
} from './middleware.js';
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
export type {
  CodeReference,
  FieldCodeDeclaration,
  PipelineDataSource,
  PipelineDeclaration,
  PipelineFunctionDeclaration,
} from './resolver-code.js';
export { LAMBDA_RESPONSE_LIMIT } from './response-size.js';
export {
  AWSDate,
  AWSDateTime,
  AWSEmail,
  AWSIPAddress,
  AWSJSON,
  AWSPhone,
  AWSTime,
  AWSTimestamp,
  AWSURL,
  makeId,
} from './scalars.js';
export type { StandardSchemaV1 } from './validation.js';
