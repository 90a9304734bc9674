/**
 * The `util`, `runtime` and `extensions` objects that APPSYNC_JS code imports from
 * `@aws-appsync/utils`, implemented against the AWS AppSync JavaScript resolver reference
 * ("Built-in utilities", "Time helpers in util.time", "Runtime utilities", "Extensions").
 *
 * Implemented: `util.error`, `appendError`, `unauthorized`, `autoId`, `autoUlid`, `autoKsuid`,
 * `urlEncode`/`urlDecode`, `base64Encode`/`base64Decode`, `escapeJavaScript`, the `isNull` family
 * and `defaultIfNull*`, `isString`/`isNumber`/`isBoolean`/`isList`/`isMap`, `typeOf`, `matches`,
 * `authType`, `util.time.*` (see `time.ts` for the pattern letters), `util.str.*`, `util.math.*`,
 * `runtime.earlyReturn` and the four `extensions` calls (recorded, not acted on).
 * Anything else — `util.transform.*`, `util.dynamodb.*`, `util.rds.*`, `util.http.*`,
 * `util.xml.*`, or a name the reference does not have — throws "util.xyz is not implemented by the
 * local AppSync" when read, never `undefined`.
 */
import { ksuid, ulid, uuid } from './ids.js';
import { createTime } from './time.js';

/** An AppSync authorization mode, as the local AppSync names the caller's. */
export type AuthMode =
  | 'API_KEY'
  | 'AWS_IAM'
  | 'AMAZON_COGNITO_USER_POOLS'
  | 'OPENID_CONNECT'
  | 'AWS_LAMBDA';

/** An error raised by `util.error`/`util.unauthorized` or recorded by `util.appendError`. */
export interface AppSyncJsError {
  readonly message: string;
  readonly errorType?: string;
  readonly data?: unknown;
  readonly errorInfo?: unknown;
}

/** One `extensions.*` call, recorded for the trace. */
export interface ExtensionCall {
  readonly name:
    | 'evictFromApiCache'
    | 'setSubscriptionFilter'
    | 'setSubscriptionInvalidationFilter'
    | 'invalidateSubscriptions';
  readonly args: readonly unknown[];
}

/** What a handler's `util` needs to know about the call it serves. */
export interface UtilContext {
  /** The request's authorization mode, for `util.authType()`. */
  readonly authType: AuthMode;
  /** The field being resolved, for `util.unauthorized()`'s message. */
  readonly parentTypeName: string;
  readonly fieldName: string;
  /** Where `util.appendError` records errors; the caller reads it after the handler returns. */
  readonly errors: AppSyncJsError[];
  /** Where `extensions.*` calls are recorded. */
  readonly extensions: ExtensionCall[];
  /** The clock, in epoch milliseconds (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * Thrown by `util.error` and `util.unauthorized`: stops the handler; the field resolves to null
 * with `error`. Internal to the local AppSync — resolver code cannot catch it (APPSYNC_JS has no
 * `try`).
 */
export class AppSyncJsStop extends Error {
  override readonly name = 'AppSyncJsStop';
  readonly error: AppSyncJsError;
  constructor(error: AppSyncJsError) {
    super(error.message);
    this.error = error;
  }
}

/**
 * Thrown by `runtime.earlyReturn(obj?, returnOptions?)`: stops the handler with `value` as its
 * result. `skipTo` is the reference's `returnOptions.skipTo` (`'END'` or `'NEXT'`), absent when not
 * given; the pipeline runner decides what it skips.
 */
export class AppSyncJsEarlyReturn extends Error {
  override readonly name = 'AppSyncJsEarlyReturn';
  readonly value: unknown;
  readonly skipTo: 'END' | 'NEXT' | undefined;
  constructor(value: unknown, skipTo?: 'END' | 'NEXT') {
    super('runtime.earlyReturn');
    this.value = value;
    this.skipTo = skipTo;
  }
}

const AUTH_TYPES: Record<AuthMode, string> = {
  API_KEY: 'API Key Authorization',
  AWS_IAM: 'IAM Authorization',
  AMAZON_COGNITO_USER_POOLS: 'User Pool Authorization',
  OPENID_CONNECT: 'Open ID Connect Authorization',
  AWS_LAMBDA: 'Lambda Authorization',
};

/** The error every unimplemented name throws. */
export const notImplemented = (name: string): Error =>
  new Error(`${name} is not implemented by the local AppSync`);

/**
 * Wraps `target` so that reading a property it does not have (own or inherited, such as
 * `toString`) throws `notImplemented`, naming it.
 * Nested plain objects are wrapped too, with their path.
 */
export function strict<T extends object>(path: string, target: T): T {
  for (const [key, value] of Object.entries(target)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      (target as Record<string, unknown>)[key] = strict(`${path}.${key}`, value);
    }
  }
  return new Proxy(Object.freeze(target), {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object) {
        return Reflect.get(object, property, receiver);
      }
      throw notImplemented(`${path}.${property}`);
    },
  });
}

const isNull = (value: unknown): value is null | undefined => value === null || value === undefined;
const isNullOrEmpty = (value: unknown): boolean => isNull(value) || value === '';
const isNullOrBlank = (value: unknown): boolean =>
  isNull(value) || (typeof value === 'string' && value.trim() === '');
const isMap = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

function errorOf(
  message: string,
  errorType?: string,
  data?: unknown,
  errorInfo?: unknown,
): AppSyncJsError {
  return {
    message,
    ...(errorType === undefined ? {} : { errorType }),
    ...(data === undefined ? {} : { data }),
    ...(errorInfo === undefined ? {} : { errorInfo }),
  };
}

/** `application/x-www-form-urlencoded` as Java's `URLEncoder` writes it: `*-._` kept, space as `+`. */
function urlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll('%20', '+');
}

const urlDecode = (text: string): string => decodeURIComponent(text.replaceAll('+', ' '));

function base64Encode(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function base64Decode(text: string): string {
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  return new TextDecoder().decode(bytes);
}

const JS_ESCAPES: Record<string, string> = {
  '"': '\\"',
  "'": "\\'",
  '\\': '\\\\',
  '/': '\\/',
  '\b': '\\b',
  '\n': '\\n',
  '\t': '\\t',
  '\f': '\\f',
  '\r': '\\r',
};

/**
 * As commons-lang's `StringEscapeUtils.escapeJavaScript`: quotes, backslash and slash escaped,
 * control characters and everything above U+007F as `\\uXXXX` (upper-case hex).
 */
function escapeJavaScript(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charAt(i);
    const code = text.charCodeAt(i);
    const known = JS_ESCAPES[c];
    if (known !== undefined) out += known;
    else if (code < 0x20 || code > 0x7f)
      out += `\\u${code.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += c;
  }
  return out;
}

function typeOf(value: unknown): string {
  if (isNull(value)) return 'Null';
  if (typeof value === 'number') return 'Number';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'List';
  if (isMap(value)) return 'Map';
  return 'Object';
}

const NORMAL_FORMS = ['NFC', 'NFD', 'NFKC', 'NFKD'];

/**
 * Builds the `@aws-appsync/utils` module one APPSYNC_JS handler call sees.
 *
 * @example
 * const errors: AppSyncJsError[] = [];
 * const { util } = createUtil({ authType: 'API_KEY', parentTypeName: 'Query', fieldName: 'post', errors, extensions: [] });
 * util.appendError('late', 'Warning'); // errors[0].message === 'late'
 */
export function createUtil(context: UtilContext) {
  const now = context.now ?? Date.now;
  const util = {
    error(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): never {
      throw new AppSyncJsStop(errorOf(message, errorType, data, errorInfo));
    },
    appendError(message: string, errorType?: string, data?: unknown, errorInfo?: unknown): void {
      context.errors.push(errorOf(message, errorType, data, errorInfo));
    },
    unauthorized(): never {
      throw new AppSyncJsStop({
        message: `Not Authorized to access ${context.fieldName} on type ${context.parentTypeName}`,
        errorType: 'Unauthorized',
      });
    },
    autoId: uuid,
    autoUlid: (): string => ulid(now()),
    autoKsuid: (): string => ksuid(now()),
    urlEncode,
    urlDecode,
    base64Encode,
    base64Decode,
    escapeJavaScript,
    isNull,
    isNullOrEmpty,
    isNullOrBlank,
    defaultIfNull: <T>(value: T, fallback: T): T => (isNull(value) ? fallback : value),
    defaultIfNullOrEmpty: (value: string, fallback: string): string =>
      isNullOrEmpty(value) ? fallback : value,
    defaultIfNullOrBlank: (value: string, fallback: string): string =>
      isNullOrBlank(value) ? fallback : value,
    isString: (value: unknown): boolean => typeof value === 'string',
    isNumber: (value: unknown): boolean => typeof value === 'number',
    isBoolean: (value: unknown): boolean => typeof value === 'boolean',
    isList: (value: unknown): boolean => Array.isArray(value),
    isMap: (value: unknown): boolean => isMap(value),
    typeOf,
    // Java's String.matches: the whole string must match.
    matches: (pattern: string, text: string): boolean => new RegExp(`^(?:${pattern})$`).test(text),
    authType: (): string => AUTH_TYPES[context.authType],
    time: createTime(now),
    str: {
      toUpper: (text: string): string => text.toUpperCase(),
      toLower: (text: string): string => text.toLowerCase(),
      toReplace: (text: string, substring: string, replacement: string): string =>
        text.replaceAll(substring, replacement),
      normalize(text: string, form: string): string {
        const upper = form.toUpperCase();
        if (!NORMAL_FORMS.includes(upper)) {
          throw new Error(`util.str.normalize: "${form}" is not one of ${NORMAL_FORMS.join(', ')}`);
        }
        return text.normalize(upper);
      },
    },
    math: {
      // Java's Math.round and JavaScript's agree: halves round up.
      roundNum: (value: number): number => Math.round(value),
      minVal: (a: number, b: number): number => Math.min(a, b),
      maxVal: (a: number, b: number): number => Math.max(a, b),
      randomDouble: (): number => Math.random(),
      randomWithinRange(low: number, high: number): number {
        const min = Math.ceil(low);
        return min + Math.floor(Math.random() * (Math.floor(high) - min + 1));
      },
    },
    transform: {},
    dynamodb: {},
    rds: {},
    http: {},
    xml: {},
  };
  const record =
    (name: ExtensionCall['name']) =>
    (...args: unknown[]): void => {
      context.extensions.push({ name, args });
    };
  const extensions = {
    evictFromApiCache: record('evictFromApiCache'),
    setSubscriptionFilter: record('setSubscriptionFilter'),
    setSubscriptionInvalidationFilter: record('setSubscriptionInvalidationFilter'),
    invalidateSubscriptions: record('invalidateSubscriptions'),
  };
  const runtime = {
    earlyReturn(value?: unknown, returnOptions?: { skipTo?: 'END' | 'NEXT' }): never {
      const skipTo = returnOptions?.skipTo;
      if (skipTo !== undefined && skipTo !== 'END' && skipTo !== 'NEXT') {
        throw new Error(
          `runtime.earlyReturn: skipTo must be 'END' or 'NEXT', got ${JSON.stringify(skipTo)}`,
        );
      }
      throw new AppSyncJsEarlyReturn(value, skipTo);
    },
  };
  return {
    util: strict('util', util),
    runtime: strict('runtime', runtime),
    extensions: strict('extensions', extensions),
  };
}
