/**
 * The one GraphQL engine with AppSync's semantics, shared by the local AppSync (the emulator,
 * `dev`, `createTestClient`) and the HTTP entry: it executes operations with graphql-js against
 * an AppSync schema, builds each routed field's Direct Lambda context, batches contexts of one
 * field per step of execution in chunks of `maxBatchSize`, resolves other fields from their
 * parent by name, enforces the auth directives, and reports errors in AppSync's shape.
 *
 * What it does not do is reach the resolvers: each request brings a {@link FieldCaller}, the
 * boundary. The emulator's crosses a simulated Lambda (JSON both ways, 6 MB, Lambda's error
 * types); the HTTP entry's calls the app in process.
 */
import {
  type DocumentNode,
  execute,
  type FieldNode,
  GraphQLError,
  type GraphQLField,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  getOperationAST,
  isObjectType,
  Kind,
  NoSchemaIntrospectionCustomRule,
  type OperationDefinitionNode,
  parse,
  responsePathAsArray,
  type SelectionSetNode,
  specifiedRules,
  validate,
} from 'graphql';
import { parseFieldKey } from '../event.js';
import type { AuthMode as CodeAuthMode } from './appsync-js/util.js';
import type { CompiledFront } from './code/compiled.js';
import { checkFieldCode, type FieldCodeDeclaration } from './code/declaration.js';
import { type DataSourceCall, type FrontHost, type HandlerRun, runFront } from './code/run.js';
import { type AuthMode, DirectiveAuth, type RequestAuth } from './directives.js';
import {
  clientMessage,
  FieldError,
  type GraphQLResponseError,
  isStackOverflow,
  locationsOf,
  TOO_DEEP,
  toAppSyncError,
} from './errors.js';
import { type SelectionInfo, selectionInfo } from './selection.js';
import { type Invocation, round } from './trace.js';

/** How one field is served: its `Type.field` and the `maxBatchSize` it is deployed with. */
export interface EngineRoute {
  key: string;
  /** 0 for one Invoke per field; above 0, BatchInvoke events of at most this many contexts. */
  maxBatchSize: number;
  /** The code AppSync runs in front of the Lambda, when the field declares some. */
  front?: FieldCodeDeclaration | undefined;
}

/** What one context of a call comes to: the field's value, or its error. */
export type Outcome = { data: unknown } | { error: FieldError };

/** The outcomes of one call, one per context, and what the boundary noticed on the way. */
export interface CallOutcome {
  outcomes: Outcome[];
  warnings: string[];
}

/**
 * The boundary between the engine and the resolvers: serves one field for `events` (the Direct
 * Lambda contexts, one per parent, or the payloads resolver code built) as an Invoke (`batch:
 * false`, one event) or a BatchInvoke, and settles with one outcome per event, in order. With
 * `raw`, the answer is read as resolver code reads `ctx.result` (the value, each batch element as
 * it is) instead of with Direct Lambda's rules. It never rejects.
 */
export type FieldCaller = (
  route: EngineRoute,
  events: unknown[],
  batch: boolean,
  raw?: boolean,
) => Promise<CallOutcome>;

/** The Direct Lambda context the engine builds for a field (PROTOCOL.md §2.1). */
export interface DirectLambdaContext {
  arguments: Record<string, unknown>;
  identity: RequestAuth['identity'];
  source: unknown;
  request: { headers: Record<string, string>; domainName: string | null };
  prev: null;
  info: {
    fieldName: string;
    parentTypeName: string;
    variables: Record<string, unknown>;
    selectionSetList: string[];
    selectionSetGraphQL: string;
  };
  stash: Record<string, never>;
}

/** Options of {@link createEngine}. */
export interface EngineOptions {
  /** The executable schema (`buildAppSyncSchema()`). */
  schema: GraphQLSchema;
  /** The routed fields, by `Type.field` ({@link routeTable} checks them against the schema). */
  routes: ReadonlyMap<string, EngineRoute>;
  /** The API's default auth mode: what types and fields without auth directives admit. */
  defaultAuthMode: AuthMode;
  /** How many parsed and validated documents to keep, most recently used first. Default 500. */
  documentCacheSize?: number | undefined;
  /** AppSync's API settings that bound what a request may do. */
  settings?: ApiSettings | undefined;
  /**
   * The compiled code of each route that declares code in front of the Lambda, by `Type.field`
   * (`compileFronts()`). A route that declares code without it here is refused.
   */
  fronts?: ReadonlyMap<string, CompiledFront> | undefined;
}

/**
 * AppSync's API settings (the `introspectionConfig`, `queryDepthLimit` and `resolverCountLimit`
 * of a GraphQL API), applied as AppSync applies them.
 */
export interface ApiSettings {
  /** Whether `__schema` and `__type` may be queried. Default true; `__typename` always may. */
  introspection?: boolean | undefined;
  /**
   * The deepest field a request may select, 1–75 (AppSync's range); a field deeper than that
   * resolves to `null` with an error. Default: no limit.
   */
  queryDepthLimit?: number | undefined;
  /**
   * How many resolver calls (each context sent to the function) one request may make, 1–10,000
   * (AppSync's range); past it, fields resolve to `null` with an error. Default: no limit (AppSync
   * stops at 10,000).
   */
  resolverCountLimit?: number | undefined;
}

/** Checks the settings, as AppSync's API would refuse values out of range. */
export function checkSettings(
  settings: ApiSettings | undefined,
  who: string,
): { introspection: boolean; queryDepthLimit: number; resolverCountLimit: number } {
  const { introspection = true, queryDepthLimit = 0, resolverCountLimit = 0 } = settings ?? {};
  if (typeof introspection !== 'boolean') {
    throw new TypeError(
      `${who}: introspection must be true or false; received ${String(introspection)}.`,
    );
  }
  const range = (name: string, value: number, max: number): void => {
    if (value !== 0 && !(Number.isInteger(value) && value >= 1 && value <= max)) {
      throw new TypeError(
        `${who}: ${name} must be an integer from 1 to ${max} (AppSync's range), or 0 for no limit; received ${String(value)}.`,
      );
    }
  };
  range('queryDepthLimit', queryDepthLimit, 75);
  range('resolverCountLimit', resolverCountLimit, 10_000);
  return { introspection, queryDepthLimit, resolverCountLimit };
}

/** The depth of a field: 1 for a field of the operation's root type, lists not counted. */
function depthOf(path: GraphQLResolveInfo['path']): number {
  let depth = 0;
  for (let at: GraphQLResolveInfo['path'] | undefined = path; at !== undefined; at = at.prev) {
    if (typeof at.key === 'string') depth++;
  }
  return depth;
}

/** A document that parsed and validated, with the operation a request picked from it. */
export interface Prepared {
  document: DocumentNode;
  operation: OperationDefinitionNode;
  /** The operation's name; `null` when anonymous. */
  name: string | null;
}

/** Why a document cannot run, at the first stage that refused it. */
export type Refusal =
  /** Not GraphQL, or nested too deeply to read. */
  | { stage: 'parse'; message: string }
  /** Not valid against the schema: one error per problem. */
  | { stage: 'validate'; errors: GraphQLResponseError[] }
  /** No operation, or not the one named. */
  | { stage: 'operation'; message: string };

/** One execution's input, besides the prepared document. */
export interface RunRequest {
  variables: Record<string, unknown>;
  auth: RequestAuth;
  /** The request headers resolvers see in `ctx.request.headers`: lower-cased, no `cookie`. */
  headers: Record<string, string>;
  /** `request.domainName`: the custom domain the API was called on, else `null`. */
  domainName?: string | null | undefined;
  /** The boundary to the resolvers. */
  caller: FieldCaller;
  /** Told of each call as it starts (the emulator keeps a log of them). */
  onInvocation?: ((invocation: Invocation) => void) | undefined;
}

/** What an execution gives. */
export interface RunResult {
  /** `null` when the variables did not coerce (the operation never started), else the data. */
  data: Record<string, unknown> | null;
  /** AppSync-shaped errors, if any. */
  errors: GraphQLResponseError[] | undefined;
  /** True when the variables did not coerce: a request error, not an execution error. */
  variablesFailed: boolean;
  /** Set when the request could not run at all (nested too deeply to execute): why. */
  refused?: string | undefined;
  /** The calls the request made, in the order they started. */
  invocations: Invocation[];
  /** The runs of resolver code (request and response handlers), in the order they ran. */
  handlers: HandlerRun[];
}

/** The engine of one schema and route table. */
export interface Engine {
  readonly schema: GraphQLSchema;
  readonly routes: ReadonlyMap<string, EngineRoute>;
  /**
   * Parses and validates `query` (from the cache when it was seen lately), and picks the
   * operation named `operationName` (or the only one).
   */
  prepare(query: string, operationName: string | undefined): Prepared | Refusal;
  /** Runs a prepared operation; never rejects for a resolver's faults. */
  run(prepared: Prepared, request: RunRequest): Promise<RunResult>;
}

/** The longest document the cache keeps, in characters. */
const CACHED_DOCUMENT_CHARS = 64 * 1024;

/** AppSync's range for `maxBatchSize`. */
const MAX_BATCH_SIZE = 2000;

/** What the route table is made from: an app's routes and a `fields` option. */
export interface RouteSources {
  /** `app.routes()`, when the handler is an app; with the code each route declares. */
  routes?:
    | readonly ({
        typeName: string;
        fieldName: string;
        maxBatchSize?: number | undefined;
      } & FieldCodeDeclaration)[]
    | undefined;
  /**
   * `Type.field` → `{ maxBatchSize?, code? … }`: adds to, or overrides, the app's routes (code
   * declared here replaces the route's).
   */
  fields?:
    | Readonly<
        Record<string, ({ maxBatchSize?: number | undefined } & FieldCodeDeclaration) | undefined>
      >
    | undefined;
  /** Names the caller in messages: `createEmulator`, `createGraphQLHandler` … */
  who: string;
  /** What to say when no field is routed. */
  none: string;
}

function checkBatchSize(value: unknown, key: string, who: string): number {
  if (value === undefined) return 0;
  if (Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_BATCH_SIZE) {
    return value as number;
  }
  throw new TypeError(
    `${who}: ${key}: maxBatchSize must be an integer from 0 to ${MAX_BATCH_SIZE} (AppSync's range); received ${String(value)}.`,
  );
}

/**
 * The routed fields of a schema, checked: each `maxBatchSize` in AppSync's range, each key a
 * field of an object type of the schema, and at least one.
 */
export function routeTable(schema: GraphQLSchema, sources: RouteSources): Map<string, EngineRoute> {
  const { who } = sources;
  const routes = new Map<string, EngineRoute>();
  for (const route of sources.routes ?? []) {
    const key = `${route.typeName}.${route.fieldName}`;
    const front = checkFieldCode(frontOf(route), `${who}: ${key}`);
    routes.set(key, {
      key,
      maxBatchSize: checkBatchSize(route.maxBatchSize, key, who),
      ...(front === undefined ? {} : { front }),
    });
  }
  const { fields } = sources;
  if (fields !== undefined && (typeof fields !== 'object' || fields === null)) {
    throw new TypeError(
      `${who}: fields must be an object such as { 'Post.author': { maxBatchSize: 100 } }.`,
    );
  }
  for (const [key, options] of Object.entries(fields ?? {})) {
    const maxBatchSize = options?.maxBatchSize ?? routes.get(key)?.maxBatchSize;
    const front =
      checkFieldCode(frontOf(options ?? {}), `${who}: ${key}`) ?? routes.get(key)?.front;
    routes.set(key, {
      key,
      maxBatchSize: checkBatchSize(maxBatchSize, key, who),
      ...(front === undefined ? {} : { front }),
    });
  }
  if (routes.size === 0) throw new TypeError(`${who}: ${sources.none}`);
  const unknown = [...routes.keys()].filter((key) => {
    const ref = parseFieldKey(key);
    const type = ref === undefined ? undefined : schema.getType(ref.typeName);
    return (
      !isObjectType(type) ||
      type.getFields()[(ref as { fieldName: string }).fieldName] === undefined
    );
  });
  if (unknown.length > 0) {
    throw new TypeError(
      `${who}: the schema defines no field ${unknown.join(', ')}; the handler's routes and fields must name fields of the schema as Type.field.`,
    );
  }
  return routes;
}

/** The declaration keys of a route or field option, `undefined` when it has none. */
function frontOf(options: FieldCodeDeclaration): FieldCodeDeclaration | undefined {
  const { code, requestTemplate, responseTemplate, pipeline } = options;
  return code === undefined &&
    requestTemplate === undefined &&
    responseTemplate === undefined &&
    pipeline === undefined
    ? undefined
    : { code, requestTemplate, responseTemplate, pipeline };
}

/** How resolver code names the request's auth mode (`util.authType()`). */
const CODE_AUTH_MODES: Readonly<Record<AuthMode, CodeAuthMode>> = {
  apiKey: 'API_KEY',
  iam: 'AWS_IAM',
  cognito: 'AMAZON_COGNITO_USER_POOLS',
  oidc: 'OPENID_CONNECT',
  lambda: 'AWS_LAMBDA',
};

/** What the engine calls: a field's Lambda, or a pipeline function's call of it. */
interface CallTarget {
  route: EngineRoute;
  /** The pipeline function, when a function calls. */
  function?: string | undefined;
  batch: boolean;
  raw: boolean;
  /** `invocationType: 'Event'`. */
  event?: boolean | undefined;
}

/** How a routed field is served: its call target, and the code in front of it if any. */
interface Served {
  target: CallTarget;
  front: CompiledFront | undefined;
}

interface RequestState {
  onInvocation: ((invocation: Invocation) => void) | undefined;
  /** Resolver calls made so far, for `resolverCountLimit`. */
  resolverCount: number;
  auth: RequestAuth;
  request: DirectLambdaContext['request'];
  caller: FieldCaller;
  start: number;
  invocations: Invocation[];
  selections: WeakMap<object, SelectionInfo>;
  pending: Map<string, { target: CallTarget; size: number; items: PendingItem[] }>;
  /** Errors resolver code appended with `util.appendError`. */
  appended: GraphQLResponseError[];
  handlers: HandlerRun[];
}

interface PendingItem {
  event: unknown;
  /** The field of a Direct Lambda item, whose error data is filtered by its selection. */
  info: GraphQLResolveInfo | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

function settle(outcome: Outcome): unknown {
  if ('error' in outcome) throw outcome.error;
  return outcome.data;
}

/**
 * A field without a resolver, read from its parent by name, as AppSync reads it from the
 * parent's JSON: a function there is no value (JSON has none), so it is never called, least of
 * all with the engine's own request state.
 */
function fieldOfParent(source: unknown, name: string): unknown {
  if (typeof source !== 'object' || source === null) return undefined;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === 'function' ? undefined : value;
}

/**
 * A field error whose `data` keeps only what the query selected of the field, as AppSync filters
 * it ("Utility helpers in $util": `util.error`'s "data will be filtered based on the query
 * selection set"; the same goes for a batch item's error data, which AppSync raises the same way).
 */
function withSelectedData(error: unknown, info: GraphQLResolveInfo): unknown {
  if (!(error instanceof FieldError) || typeof error.data !== 'object' || error.data === null) {
    return error;
  }
  const data = selected(error.data, info.fieldNodes, info.fragments);
  return new FieldError(error.errorType, error.message, data, error.errorInfo);
}

/** `value` with only the fields `nodes` select, at every depth; a leaf's value as it is. */
function selected(
  value: unknown,
  nodes: readonly FieldNode[],
  fragments: GraphQLResolveInfo['fragments'],
): unknown {
  if (Array.isArray(value)) return value.map((item) => selected(item, nodes, fragments));
  if (typeof value !== 'object' || value === null) return value;
  const fields = new Map<string, FieldNode[]>();
  const visit = (set: SelectionSetNode): void => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        fields.set(name, [...(fields.get(name) ?? []), selection]);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        visit(selection.selectionSet);
      } else {
        const fragment = fragments[selection.name.value];
        if (fragment !== undefined) visit(fragment.selectionSet);
      }
    }
  };
  let leaf = true;
  for (const node of nodes) {
    if (node.selectionSet !== undefined) {
      leaf = false;
      visit(node.selectionSet);
    }
  }
  // A scalar field (AWSJSON, say) selects nothing inside its value: it is kept whole.
  if (leaf) return value;
  const out: Record<string, unknown> = {};
  for (const [name, fieldNodes] of fields) {
    if (Object.hasOwn(value, name)) {
      out[name] = selected((value as Record<string, unknown>)[name], fieldNodes, fragments);
    }
  }
  return out;
}

/** Runs `fn` after every resolver of the current step of execution has been called. */
const afterStep: (fn: () => void) => void =
  typeof setImmediate === 'function' ? (fn) => setImmediate(fn) : (fn) => setTimeout(fn, 0);

/** A bounded map that forgets the least recently used entry first. */
export class Lru<K, V> {
  readonly #entries = new Map<K, V>();
  constructor(readonly size: number) {}

  get(key: K): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: K, value: V): void {
    if (this.size <= 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.size) {
      this.#entries.delete(this.#entries.keys().next().value as K);
    }
  }
}

/** A document that parsed and validated, or the refusal, as the cache keeps it. */
type Checked = { document: DocumentNode } | Refusal;

/** Creates the engine of a schema and its route table. */
export function createEngine(options: EngineOptions): Engine {
  const { schema, routes } = options;
  const directives = new DirectiveAuth(options.defaultAuthMode);
  const documents = new Lru<string, Checked>(options.documentCacheSize ?? 500);
  const settings = checkSettings(options.settings, 'createEngine');
  const fronts = options.fronts ?? new Map<string, CompiledFront>();
  const uncompiled = [...routes.values()].filter(
    (route) => route.front !== undefined && !fronts.has(route.key),
  );
  if (uncompiled.length > 0) {
    throw new TypeError(
      `createEngine: ${uncompiled.map((route) => route.key).join(', ')} declare${uncompiled.length === 1 ? 's' : ''} code in front of the Lambda, which this engine was given no compiled form of.`,
    );
  }
  const rules = settings.introspection
    ? specifiedRules
    : [...specifiedRules, NoSchemaIntrospectionCustomRule];

  const call = async (state: RequestState, target: CallTarget, events: unknown[]) => {
    const { route, batch } = target;
    const started = performance.now();
    // Recorded when the call starts, so the trace lists calls in the order they began.
    const invocation: Invocation = {
      field: route.key,
      ...(target.function === undefined ? {} : { function: target.function }),
      kind: batch ? 'BatchInvoke' : 'Invoke',
      ...(target.event === true ? { invocationType: 'Event' as const } : {}),
      size: events.length,
      startMs: round(started - state.start),
      durationMs: 0,
      errorCount: 0,
    };
    state.invocations.push(invocation);
    state.onInvocation?.(invocation);
    const { outcomes, warnings } = await state.caller(route, events, batch, target.raw);
    invocation.durationMs = round(performance.now() - started);
    invocation.errorCount = outcomes.filter((outcome) => 'error' in outcome).length;
    if (warnings.length > 0) invocation.warnings = warnings;
    return outcomes;
  };

  // Contexts of one batched field are collected until the current step of execution is over
  // (graphql-js resolves every sibling and list item whose parent is ready in the same turn of
  // the event loop), then sent in chunks of at most maxBatchSize, all at once.
  const flush = (state: RequestState, key: string): void => {
    const group = state.pending.get(key) as NonNullable<ReturnType<typeof state.pending.get>>;
    state.pending.delete(key);
    const { target, size, items } = group;
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      void call(
        state,
        target,
        chunk.map((item) => item.event),
      ).then(
        (outcomes) => {
          chunk.forEach((item, index) => {
            const outcome = outcomes[index] as Outcome;
            if ('error' in outcome) {
              item.reject(
                item.info === undefined
                  ? outcome.error
                  : withSelectedData(outcome.error, item.info),
              );
            } else item.resolve(outcome.data);
          });
        },
        // A caller never rejects; should one ever, no item may be left waiting.
        (error: unknown) => {
          const failure = new FieldError(
            'InternalError',
            error instanceof Error ? error.message : String(error),
          );
          for (const item of chunk) item.reject(failure);
        },
      );
    }
  };

  const enqueue = (
    state: RequestState,
    target: CallTarget,
    size: number,
    event: unknown,
    info?: GraphQLResolveInfo,
  ): Promise<unknown> =>
    new Promise((resolve, reject) => {
      // Payloads of one field (or one pipeline function) read the same way go in one batch.
      const key = `${target.route.key}\n${target.function ?? ''}\n${target.raw ? 'raw' : ''}`;
      let group = state.pending.get(key);
      if (group === undefined) {
        group = { target, size, items: [] };
        state.pending.set(key, group);
        afterStep(() => flush(state, key));
      }
      group.items.push({ event, info, resolve, reject });
    });

  /** The host a field's resolver code runs with: its Lambda calls, trace and errors. */
  const hostFor = (
    state: RequestState,
    route: EngineRoute,
    info: GraphQLResolveInfo,
  ): FrontHost => ({
    field: route.key,
    maxBatchSize: route.maxBatchSize,
    authType: CODE_AUTH_MODES[state.auth.mode],
    invoke: (request: DataSourceCall) => {
      const target: CallTarget = {
        route,
        function: request.function,
        batch: request.batch,
        raw: request.raw,
        event: request.event,
      };
      if (request.event) {
        // Sent without waiting: AppSync gives ctx.result null at once.
        call(state, target, [request.payload]).catch(() => {});
        return Promise.resolve({ data: null });
      }
      const settled: Promise<unknown> = request.batch
        ? enqueue(state, target, request.batchSize, request.payload)
        : call(state, target, [request.payload]).then((outcomes) => settle(outcomes[0] as Outcome));
      return settled.then(
        (data): Outcome => ({ data }),
        (error: unknown): Outcome => ({
          error:
            error instanceof FieldError
              ? error
              : new FieldError(
                  'InternalError',
                  error instanceof Error ? error.message : String(error),
                ),
        }),
      );
    },
    record: (run) => state.handlers.push(run),
    append: (errors) => {
      const located = locationsOf(new GraphQLError('', { nodes: info.fieldNodes }));
      const path = responsePathAsArray(info.path);
      for (const error of errors) {
        state.appended.push({
          path,
          data: error.data ?? null,
          errorType: error.errorType ?? null,
          errorInfo: error.errorInfo ?? null,
          locations: located,
          message: error.message,
        });
      }
    },
    elapsed: () => performance.now() - state.start,
  });

  const eventFor = (
    state: RequestState,
    source: unknown,
    args: Record<string, unknown>,
    info: GraphQLResolveInfo,
  ): DirectLambdaContext => {
    let selection = state.selections.get(info.fieldNodes);
    if (selection === undefined) {
      selection = selectionInfo(info);
      state.selections.set(info.fieldNodes, selection);
    }
    return {
      arguments: args,
      identity: state.auth.identity,
      source: source ?? null,
      request: state.request,
      prev: null,
      info: {
        fieldName: info.fieldName,
        parentTypeName: info.parentType.name,
        variables: info.variableValues,
        selectionSetList: selection.selectionSetList,
        selectionSetGraphQL: selection.selectionSetGraphQL,
      },
      stash: {},
    };
  };

  // How each routed field is served, built once: its call target and the code in front of it.
  const served = new Map<string, Served>(
    [...routes.values()].map((route) => [
      route.key,
      {
        target: { route, batch: route.maxBatchSize > 0, raw: false },
        front: fronts.get(route.key),
      },
    ]),
  );
  // Each field of the schema looked up once: no key string per resolved field.
  const servedOfField = new WeakMap<object, Served | null>();

  const fieldResolver: GraphQLFieldResolver<unknown, RequestState> = (
    source,
    args,
    state,
    info,
  ) => {
    const field = info.parentType.getFields()[info.fieldName] as GraphQLField<unknown, unknown>;
    const denial = directives.check(info.parentType, field, state.auth);
    if (denial !== undefined) throw new FieldError('Unauthorized', denial);
    if (settings.queryDepthLimit > 0 && depthOf(info.path) > settings.queryDepthLimit) {
      throw new FieldError(
        'QueryDepthLimitExceeded',
        `The field ${info.fieldName} is deeper than the query depth limit of ${settings.queryDepthLimit}.`,
      );
    }
    let how = servedOfField.get(field);
    if (how === undefined) {
      how = served.get(`${info.parentType.name}.${info.fieldName}`) ?? null;
      servedOfField.set(field, how);
    }
    if (how === null) return fieldOfParent(source, info.fieldName);
    if (settings.resolverCountLimit > 0 && ++state.resolverCount > settings.resolverCountLimit) {
      throw new FieldError(
        'ResolverCountLimitExceeded',
        `The request reached the resolver count limit of ${settings.resolverCountLimit}; ${info.parentType.name}.${info.fieldName} was not resolved.`,
      );
    }
    const event = eventFor(state, source, args, info);
    const { target, front } = how;
    if (front !== undefined) {
      return runFront(hostFor(state, target.route, info), front, event).catch((error: unknown) => {
        throw withSelectedData(error, info);
      });
    }
    // An Invoke's error never carries data (only a thrown error fails it): nothing to filter.
    if (target.batch) return enqueue(state, target, target.route.maxBatchSize, event, info);
    return call(state, target, [event]).then((outcomes) => settle(outcomes[0] as Outcome));
  };

  const check = (query: string): Checked => {
    // Only documents of ordinary size are kept: the cache holds at most 500 × 64 KB of text, and
    // a client sending large documents gains nothing and costs the cache nothing.
    if (query.length > CACHED_DOCUMENT_CHARS) return parseAndValidate(query);
    const cached = documents.get(query);
    if (cached !== undefined) return cached;
    const checked = parseAndValidate(query);
    documents.set(query, checked);
    return checked;
  };

  const parseAndValidate = (query: string): Checked => {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return {
        stage: 'parse',
        message: isStackOverflow(error) ? TOO_DEEP : (error as Error).message,
      };
    }
    let invalid: readonly GraphQLError[];
    try {
      invalid = validate(schema, document, rules);
    } catch (error) {
      if (isStackOverflow(error)) return { stage: 'parse', message: TOO_DEEP };
      throw error;
    }
    if (invalid.length === 0) return { document };
    return {
      stage: 'validate',
      errors: invalid.map((error) => ({
        path: null,
        locations: locationsOf(error),
        message: `Validation error: ${error.message}`,
      })),
    };
  };

  return {
    schema,
    routes,
    prepare(query, operationName) {
      const checked = check(query);
      if (!('document' in checked)) return checked;
      const { document } = checked;
      const operation = getOperationAST(document, operationName);
      if (operation === null || operation === undefined) {
        return {
          stage: 'operation',
          message:
            operationName === undefined
              ? 'Must provide operation name if query contains multiple operations.'
              : `Unknown operation named "${operationName}".`,
        };
      }
      return { document, operation, name: operation.name?.value ?? null };
    },

    async run(prepared, request) {
      const state: RequestState = {
        onInvocation: request.onInvocation,
        resolverCount: 0,
        auth: request.auth,
        request: { headers: request.headers, domainName: request.domainName ?? null },
        caller: request.caller,
        start: performance.now(),
        invocations: [],
        selections: new WeakMap(),
        pending: new Map(),
        appended: [],
        handlers: [],
      };
      let result: Awaited<ReturnType<typeof execute>>;
      try {
        result = await execute({
          schema,
          document: prepared.document,
          variableValues: request.variables,
          operationName: prepared.name ?? undefined,
          contextValue: state,
          fieldResolver,
        });
      } catch (error) {
        if (!isStackOverflow(error)) throw error;
        return {
          data: null,
          errors: undefined,
          variablesFailed: false,
          refused: TOO_DEEP,
          invocations: state.invocations,
          handlers: state.handlers,
        };
      }
      // Variables that do not coerce stop the request before execution: no data at all.
      const variablesFailed = result.data === undefined;
      let errors =
        result.errors === undefined || result.errors.length === 0
          ? undefined
          : variablesFailed
            ? result.errors.map((error) => ({
                path: null,
                locations: null,
                message: clientMessage(error),
              }))
            : result.errors.map((error) => toAppSyncError(error, schema));
      if (state.appended.length > 0) errors = [...(errors ?? []), ...state.appended];
      return {
        data: (result.data as Record<string, unknown> | null | undefined) ?? null,
        errors,
        variablesFailed,
        invocations: state.invocations,
        handlers: state.handlers,
      };
    },
  };
}
