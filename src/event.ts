import type { Deadline, DeadlineSignal } from './deadline.js';
import { AppSyncError } from './errors/app-sync-error.js';
import { InvalidEventError, TimeoutError } from './errors/framework-errors.js';
import { describeValue } from './errors/normalize.js';

// ---------------------------------------------------------------------------------------------
// Event types, declared here so that the runtime entry depends on nothing (PROTOCOL.md §2).
// ---------------------------------------------------------------------------------------------

/** AWS_IAM identity, plain or through a Cognito identity pool (PROTOCOL.md §2.2). */
export interface AppSyncIdentityIAM {
  accountId: string;
  cognitoIdentityPoolId: string | null;
  cognitoIdentityId: string | null;
  sourceIp: string[];
  username: string;
  userArn: string;
  cognitoIdentityAuthType: string | null;
  cognitoIdentityAuthProvider: string | null;
  /** The IAM user, as AppSync's context reference spells it in one example; read `username`. */
  user?: string | undefined;
}

/** AMAZON_COGNITO_USER_POOLS identity. `groups` is `null` when the user is in no group. */
export interface AppSyncIdentityCognito {
  sub: string;
  issuer: string;
  username: string;
  claims: Record<string, unknown>;
  sourceIp: string[];
  defaultAuthStrategy: string | null;
  groups: string[] | null;
}

/** OPENID_CONNECT identity. AppSync may add `sourceIp` or `defaultAuthStrategy`. */
export interface AppSyncIdentityOIDC {
  sub: string;
  issuer: string;
  claims: Record<string, unknown>;
  sourceIp?: string[] | undefined;
  defaultAuthStrategy?: string | null | undefined;
}

/** AWS_LAMBDA (Lambda authorizer) identity: what the authorizer returned as `resolverContext`. */
export interface AppSyncIdentityLambda {
  resolverContext: Record<string, unknown>;
}

/** The caller's identity; `null` for API_KEY. */
export type AppSyncIdentity =
  | AppSyncIdentityIAM
  | AppSyncIdentityCognito
  | AppSyncIdentityOIDC
  | AppSyncIdentityLambda
  | null;

/** `request`: lower-cased client headers (no `cookie`) and the custom domain, if any. */
export interface AppSyncRequest {
  headers: Record<string, string | undefined>;
  domainName: string | null;
}

/** `info`: the field being resolved and the operation around it. */
export interface AppSyncInfo {
  fieldName: string;
  parentTypeName: string;
  variables: Record<string, unknown>;
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

/** One Direct Lambda context: the whole Invoke event, or one item of a BatchInvoke event. */
export interface AppSyncResolverEvent<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> {
  arguments: TArgs;
  /** `null` for API_KEY; declared optional because some typings and tools omit it. */
  identity?: AppSyncIdentity | undefined;
  source: TSource;
  request: AppSyncRequest;
  info: AppSyncInfo;
  /** `{ result }` of the previous step in a pipeline; `null` for a unit resolver. */
  prev: { result: unknown } | null;
  stash: Record<string, unknown>;
}

/** A BatchInvoke event: 1..maxBatchSize contexts of one field. */
export type AppSyncBatchEvent<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> = AppSyncResolverEvent<TArgs, TSource>[];

/**
 * The whole rendered request document, as some documentation says it reaches the function when
 * a request template (or an APPSYNC_JS request handler) is used.
 */
export interface MappingDocumentEvent {
  version?: string | undefined;
  operation: 'Invoke' | 'BatchInvoke';
  invocationType?: 'RequestResponse' | 'Event' | undefined;
  payload: unknown;
}

/** The custom template payload of AppSync's Lambda tutorial: routed by `field`. */
export interface TemplatePayloadEvent {
  /** A field name unique among the registered routes, or a full `Type.field` key. */
  field: string;
  arguments?: Record<string, unknown> | undefined;
  source?: Record<string, unknown> | null | undefined;
  identity?: AppSyncIdentity | undefined;
  [key: string]: unknown;
}

/** The event of an Amplify `@function` directive (`AmplifyGraphQlResolverEvent`). */
export interface AmplifyResolverEvent<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> {
  typeName: string;
  fieldName: string;
  arguments: TArgs;
  identity?: AppSyncIdentity | undefined;
  source: TSource;
  request: AppSyncRequest;
  prev: { result: unknown } | null;
}

/**
 * The part of the Lambda context object the dispatcher uses; `@types/aws-lambda`'s `Context`
 * fits, and so does a plain `{ awsRequestId }` in tests.
 */
export interface LambdaContext {
  readonly awsRequestId: string;
  getRemainingTimeInMillis?(): number;
}

/** What a resolver receives for one field: AppSync's context plus the Lambda context. */
export interface ResolverContext<
  TArgs = Record<string, unknown>,
  TSource = Record<string, unknown> | null,
> {
  /** The field's arguments (alias of `arguments`). */
  readonly args: TArgs;
  readonly arguments: TArgs;
  /** The parent object's resolved value; `null` on root fields. */
  readonly source: TSource;
  /** The caller's identity; `null` for API_KEY. */
  readonly identity: AppSyncIdentity;
  readonly request: AppSyncRequest;
  readonly info: AppSyncInfo;
  readonly prev: { result: unknown } | null;
  /** Shared by the functions of a pipeline; `{}` for a unit resolver. Mutable. */
  readonly stash: Record<string, unknown>;
  /** The Lambda context; `undefined` when the handler is called without one (tests, scripts). */
  readonly lambda: LambdaContext | undefined;
  /** The raw item as it arrived (a Direct Lambda context, an Amplify event or a custom payload). */
  readonly event: unknown;
  /**
   * Aborts at the request's deadline (Lambda's remaining time minus the `deadlineMargin`), with a
   * `TimeoutError` as its reason: pass it to `fetch` or the AWS SDK (`abortSignal`) so slow calls
   * stop when their answer can no longer be sent. Never aborts without a Lambda context.
   */
  readonly signal: DeadlineSignal;
}

// ---------------------------------------------------------------------------------------------
// Shape detection and normalisation
// ---------------------------------------------------------------------------------------------

/** A field of the route table, as found for a template payload. */
export interface FieldRef {
  typeName: string;
  fieldName: string;
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** True for a GraphQL name: a letter or `_`, then letters, digits or `_`. */
export function isGraphQLName(value: string): boolean {
  return NAME.test(value);
}

/** Splits a `Type.field` key into its two GraphQL names; `undefined` if it is not one. */
export function parseFieldKey(key: string): FieldRef | undefined {
  const dot = key.indexOf('.');
  if (dot < 0) return undefined;
  const typeName = key.slice(0, dot);
  const fieldName = key.slice(dot + 1);
  return isGraphQLName(typeName) && isGraphQLName(fieldName) ? { typeName, fieldName } : undefined;
}

/** How payloads without a `Type.field` in them (templates, custom payloads) are routed. */
export interface PayloadRouting {
  /** The `route(event)` option: returns a `Type.field` key, or `undefined` to decline. */
  route: ((event: unknown) => string | undefined) | undefined;
  /**
   * Finds a registered field by its bare name (unique) or its `Type.field` key; `index` is the
   * item's position in a batch, for the error message.
   */
  byField(field: string, index: number | undefined): FieldRef | AppSyncError;
}

const CONTEXT =
  'an AppSync Direct Lambda context (an object with info.parentTypeName and info.fieldName)';
const PAYLOADS =
  'a { field, arguments } template payload or an Amplify @function event { typeName, fieldName, arguments }';
/** What an Invoke event may be. */
const EXPECTED_EVENT = `expected ${CONTEXT}, an array of them (BatchInvoke), a { version, operation, payload } mapping document, ${PAYLOADS}`;
/** What an item of a batch may be: not an array, not a mapping document. */
const EXPECTED_ITEM = `expected ${CONTEXT}, ${PAYLOADS}`;

const EMPTY_REQUEST: AppSyncRequest = Object.freeze({
  headers: Object.freeze({}) as Record<string, string | undefined>,
  domainName: null,
});

type Obj = Record<string, unknown>;

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isObjectOrNil(value: unknown): boolean {
  return (
    value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))
  );
}

/** Is this the `{ operation, payload }` wrapper (and not a context)? */
export function isMappingDocument(event: unknown): event is MappingDocumentEvent {
  return isObject(event) && 'payload' in event && 'operation' in event && !('info' in event);
}

/**
 * Unwraps a mapping document: its payload and whether it is a batch. Anything not a valid
 * document is an {@link InvalidEventError}.
 */
export function unwrapMappingDocument(event: MappingDocumentEvent): {
  batch: boolean;
  payload: unknown;
} {
  const { operation, payload } = event as { operation: unknown; payload: unknown };
  if (operation === 'Invoke') {
    if (isObject(payload)) return { batch: false, payload };
    throw new InvalidEventError(
      `Invalid event: an Invoke mapping document must carry one context object as its payload; received ${describeValue(payload)}.`,
    );
  }
  if (operation === 'BatchInvoke') {
    if (Array.isArray(payload)) return { batch: true, payload };
    throw new InvalidEventError(
      `Invalid event: a BatchInvoke mapping document must carry an array payload; received ${describeValue(payload)}.`,
    );
  }
  throw new InvalidEventError(
    `Invalid event: a mapping document's operation must be "Invoke" or "BatchInvoke"; received ${describeValue(operation)}.`,
  );
}

/**
 * Reads one item (an Invoke event, or one element of a batch) into a resolver context, or says
 * precisely why it cannot. `index` is the item's position in a batch, `undefined` for an Invoke.
 */
export function toResolverContext(
  item: unknown,
  deadline: Deadline,
  lambda: LambdaContext | undefined,
  routing: PayloadRouting,
  index?: number,
): ResolverContext | AppSyncError {
  if (!isObject(item)) return invalid(index, item);
  const info = item.info;
  if (isObject(info)) {
    if (typeof info.parentTypeName === 'string' && typeof info.fieldName === 'string') {
      return directContext(item, info as unknown as AppSyncInfo, deadline, lambda, index);
    }
    return new InvalidEventError(
      `Invalid ${itemName(index)}: info.parentTypeName and info.fieldName must be strings; received ${describeValue(info.parentTypeName)} and ${describeValue(info.fieldName)}.`,
    );
  }
  if (info !== undefined && info !== null) {
    // A context with a malformed `info` must not be served as another shape (an Amplify event).
    return new InvalidEventError(
      `Invalid ${itemName(index)}: info must be an object with parentTypeName and fieldName; received ${describeValue(info)}.`,
    );
  }
  if (typeof item.typeName === 'string' && typeof item.fieldName === 'string') {
    return payloadContext(
      item,
      { typeName: item.typeName, fieldName: item.fieldName },
      deadline,
      lambda,
      index,
    );
  }
  if (routing.route !== undefined) {
    const key = routing.route(item);
    if (key !== undefined) {
      const ref = typeof key === 'string' ? parseFieldKey(key) : undefined;
      if (ref === undefined) {
        return new InvalidEventError(
          `Invalid ${itemName(index)}: the route option must return a "Type.field" key or undefined; it returned ${describeValue(key)}.`,
        );
      }
      return payloadContext(item, ref, deadline, lambda, index);
    }
  }
  if (typeof item.field === 'string') {
    const ref = routing.byField(item.field, index);
    if (ref instanceof AppSyncError) return ref;
    return payloadContext(item, ref, deadline, lambda, index);
  }
  return invalid(index, item);
}

/** How messages name an item: "event" for an Invoke, "BatchInvoke item 3" in a batch. */
export function itemName(index: number | undefined): string {
  return index === undefined ? 'event' : `BatchInvoke item ${index}`;
}

function invalid(index: number | undefined, item: unknown): InvalidEventError {
  return new InvalidEventError(
    `Invalid ${itemName(index)}: ${index === undefined ? EXPECTED_EVENT : EXPECTED_ITEM}; received ${describeValue(item)}.`,
  );
}

function directContext(
  item: Obj,
  info: AppSyncInfo,
  deadline: Deadline,
  lambda: LambdaContext | undefined,
  index: number | undefined,
): ResolverContext | InvalidEventError {
  const args = item.arguments ?? {};
  const { identity, source, request, prev, stash } = item;
  if (
    !isObject(args) ||
    !isObjectOrNil(source) ||
    !isObjectOrNil(identity) ||
    !isObjectOrNil(request) ||
    !isObjectOrNil(prev) ||
    !isObjectOrNil(stash)
  ) {
    return new InvalidEventError(
      `Invalid ${itemName(index)}: arguments, source, identity, request, prev and stash must be objects or null; received arguments: ${describeValue(item.arguments)}, source: ${describeValue(source)}, identity: ${describeValue(identity)}, request: ${describeValue(request)}, prev: ${describeValue(prev)}, stash: ${describeValue(stash)}.`,
    );
  }
  const fullInfo = completeInfo(info, index);
  if (fullInfo instanceof InvalidEventError) return fullInfo;
  const fullRequest = completeRequest(request as Obj | null | undefined, index);
  if (fullRequest instanceof InvalidEventError) return fullRequest;
  return new Context(
    args,
    (source ?? null) as Obj | null,
    (identity ?? null) as AppSyncIdentity,
    fullRequest,
    fullInfo,
    (prev ?? null) as { result: unknown } | null,
    (stash ?? {}) as Obj,
    lambda,
    item,
    deadline,
  );
}

/**
 * `info` with the documented defaults for what the event left out (`variables: {}`,
 * `selectionSetList: []`, `selectionSetGraphQL: ''`): Powertools' batch fixtures and test
 * factories, and hand-written events, carry only `fieldName` and `parentTypeName`. A complete
 * `info` is used as it is; a part present with the wrong type is an {@link InvalidEventError}.
 */
function completeInfo(
  info: AppSyncInfo,
  index: number | undefined,
): AppSyncInfo | InvalidEventError {
  const { variables, selectionSetList, selectionSetGraphQL } = info as Partial<AppSyncInfo>;
  if (
    isObject(variables) &&
    Array.isArray(selectionSetList) &&
    typeof selectionSetGraphQL === 'string'
  ) {
    return info;
  }
  if (
    !(variables == null || isObject(variables)) ||
    !(selectionSetList == null || Array.isArray(selectionSetList)) ||
    !(selectionSetGraphQL == null || typeof selectionSetGraphQL === 'string')
  ) {
    return new InvalidEventError(
      `Invalid ${itemName(index)}: info.variables must be an object, info.selectionSetList an array and info.selectionSetGraphQL a string (or left out); received ${describeValue(variables)}, ${describeValue(selectionSetList)} and ${describeValue(selectionSetGraphQL)}.`,
    );
  }
  return {
    ...info,
    variables: variables ?? {},
    selectionSetList: selectionSetList ?? [],
    selectionSetGraphQL: selectionSetGraphQL ?? '',
  };
}

/**
 * `request` with the documented defaults (`headers: {}`, `domainName: null`) for what the event
 * left out; a complete one is used as it is.
 */
function completeRequest(
  request: Obj | null | undefined,
  index: number | undefined,
): AppSyncRequest | InvalidEventError {
  if (request == null) return EMPTY_REQUEST;
  const { headers, domainName } = request;
  if (isObject(headers) && (typeof domainName === 'string' || domainName === null)) {
    return request as unknown as AppSyncRequest;
  }
  if (
    !(headers == null || isObject(headers)) ||
    !(domainName == null || typeof domainName === 'string')
  ) {
    return new InvalidEventError(
      `Invalid ${itemName(index)}: request.headers must be an object and request.domainName a string or null (or left out); received ${describeValue(headers)} and ${describeValue(domainName)}.`,
    );
  }
  return {
    ...request,
    headers: (headers ?? {}) as AppSyncRequest['headers'],
    domainName: domainName ?? null,
  };
}

/**
 * A resolver context. A class, so that `signal` is read from the request's deadline on demand:
 * a request that never reads it never makes an `AbortController`.
 */
class Context implements ResolverContext {
  args: Obj;
  arguments: Obj;
  readonly #deadline: Deadline;
  constructor(
    args: Obj,
    readonly source: Obj | null,
    readonly identity: AppSyncIdentity,
    readonly request: AppSyncRequest,
    readonly info: AppSyncInfo,
    readonly prev: { result: unknown } | null,
    readonly stash: Obj,
    readonly lambda: LambdaContext | undefined,
    readonly event: unknown,
    deadline: Deadline,
  ) {
    this.args = args;
    this.arguments = args;
    this.#deadline = deadline;
  }

  get signal(): DeadlineSignal {
    return this.#deadline.signal;
  }

  /** True once the request this context belongs to has passed its deadline. */
  static pastDeadline(ctx: unknown): boolean {
    return typeof ctx === 'object' && ctx !== null && #deadline in ctx && ctx.#deadline.expired;
  }
}

/**
 * Throws the `TimeoutError` of the request's deadline once it has passed: nothing of a request
 * already answered may start (a resolver behind a slow middleware, a mutation included).
 */
export function checkDeadline(ctx: unknown): void {
  if (Context.pastDeadline(ctx)) {
    throw new TimeoutError(
      'The request reached its deadline before this step started; it was not run.',
    );
  }
}

/** Replaces a context's arguments with their validated value (`args` and `arguments` alike). */
export function replaceArgs(ctx: ResolverContext, args: unknown): void {
  const target = ctx as { args: unknown; arguments: unknown };
  target.args = args;
  target.arguments = args;
}

/** A context for payloads that carry no `info` (Amplify, templates): the missing parts filled. */
function payloadContext(
  item: Obj,
  ref: FieldRef,
  deadline: Deadline,
  lambda: LambdaContext | undefined,
  index: number | undefined,
): ResolverContext | InvalidEventError {
  const info: AppSyncInfo = {
    fieldName: ref.fieldName,
    parentTypeName: ref.typeName,
    variables: {},
    selectionSetList: [],
    selectionSetGraphQL: '',
  };
  return directContext(item, info, deadline, lambda, index);
}
