import type {
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLType,
} from 'graphql';
import { getNullableType, isListType } from 'graphql';

/**
 * A field's failure as AppSync reports it: thrown from a field resolver, it becomes one entry of
 * the response's `errors` with this `errorType`, `message` and `data` (PROTOCOL.md §3.2, §4.1).
 */
export class FieldError extends Error {
  override readonly name = 'FieldError';
  readonly errorType: string | null;
  readonly data: unknown;
  /** Only resolver code sets it (`util.error`'s fourth argument); a Lambda cannot. */
  readonly errorInfo: unknown;

  constructor(
    errorType: string | null,
    message: string,
    data: unknown = null,
    errorInfo: unknown = null,
  ) {
    super(message);
    this.errorType = errorType;
    this.data = data;
    this.errorInfo = errorInfo;
  }
}

/** A location in the query, as AppSync prints it. */
export interface ErrorLocation {
  line: number;
  column: number;
  sourceName: null;
}

/**
 * One entry of `errors` in AppSync's response. Resolver errors carry every key, in AppSync's
 * order (PROTOCOL.md §4.4); errors AppSync raises itself carry fewer: validation errors and
 * non-null violations `path`, `locations` and `message`; request errors (400, 401) `errorType`
 * and `message` only.
 */
export interface GraphQLResponseError {
  path?: readonly (string | number)[] | null;
  data?: unknown;
  errorType?: string | null;
  errorInfo?: unknown;
  locations?: ErrorLocation[] | null;
  message: string;
}

export function locationsOf(error: GraphQLError): ErrorLocation[] | null {
  return error.locations === undefined
    ? null
    : error.locations.map(({ line, column }) => ({ line, column, sourceName: null }));
}

/**
 * Whether an error is V8 running out of stack: a query nested thousands of levels deep exhausts
 * graphql-js's recursive parser, validator or executor. Its message is no message for a client.
 */
export function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** The message of a GraphQL error for a client: {@link TOO_DEEP} for one that ran out of stack. */
export function clientMessage(error: GraphQLError): string {
  return isStackOverflow(error.originalError) ||
    /^Maximum call stack size exceeded/.test(error.message)
    ? TOO_DEEP
    : error.message;
}

/** What a client is told of a query too deeply nested to parse, check or run. */
export const TOO_DEEP =
  'The request is nested too deeply (thousands of levels of selection sets, lists or input objects): nest fewer levels.';

const NON_NULL = /^Cannot return null for non-nullable field ([_A-Za-z]\w*)\.([_A-Za-z]\w*)\.$/;

/**
 * An execution error of graphql-js in AppSync's shape. A {@link FieldError} keeps its type,
 * message and data; a non-null violation gets AppSync's wording ("Cannot return null for
 * non-nullable type: 'String' within parent 'Post' (/getPost/title)") with `locations: null`.
 */
export function toAppSyncError(error: GraphQLError, schema: GraphQLSchema): GraphQLResponseError {
  const path = error.path ?? null;
  const original = error.originalError;
  if (original instanceof FieldError) {
    return {
      path,
      data: original.data,
      errorType: original.errorType,
      errorInfo: original.errorInfo,
      locations: locationsOf(error),
      message: original.message,
    };
  }
  if (isStackOverflow(original)) return { path, locations: locationsOf(error), message: TOO_DEEP };
  const nonNull = NON_NULL.exec(error.message);
  if (nonNull !== null && path !== null) {
    const [, parentName = '', fieldName = ''] = nonNull;
    // graphql-js names a field of the schema it executes.
    const parent = schema.getType(parentName) as GraphQLObjectType;
    let type: GraphQLType = (parent.getFields()[fieldName] as GraphQLField<unknown, unknown>).type;
    // A null item of a list of non-null items: the item's type is the one violated.
    const list = getNullableType(type);
    if (typeof path[path.length - 1] === 'number' && isListType(list)) type = list.ofType;
    const typeName = String(getNullableType(type));
    return {
      path,
      locations: null,
      message: `Cannot return null for non-nullable type: '${typeName}' within parent '${parentName}' (/${path.join('/')})`,
    };
  }
  if (original !== undefined && original !== null && !isGraphQLError(original)) {
    // Thrown by code around the resolvers (a getter of a returned object, say): its message is
    // nobody's to read but the logs'.
    return {
      path,
      data: null,
      errorType: 'InternalError',
      errorInfo: null,
      locations: locationsOf(error),
      message: 'An internal error occurred.',
    };
  }
  return { path, locations: locationsOf(error), message: withoutValue(clientMessage(error)) };
}

function isGraphQLError(error: Error): boolean {
  return error.name === 'GraphQLError';
}

/**
 * graphql-js's output coercion messages print the value a resolver returned (`String cannot
 * represent value: { password: … }`); the client is told the type alone.
 */
function withoutValue(message: string): string {
  const cut = /^([^:]{1,120} cannot represent [^:]{0,60}value): .*$/s.exec(message);
  return cut === null ? message : `${cut[1]} of the type the resolver returned.`;
}
