/**
 * `$util` (and its alias `$utils`) and `$extensions` of a VTL mapping template, from the AWS
 * AppSync "Utility helpers in $util" reference. The helpers VTL shares with APPSYNC_JS (errors,
 * IDs, encodings, the `isNull` family, `typeOf`, `matches`, `authType`, `time`, `str`, `math`) are
 * the APPSYNC_JS util's; VTL adds `toJson`, `parseJson`, `qr`/`quiet`, `validate` and `log`.
 *
 * Reading a name `$util` does not have (`$util.dynamodb.toDynamoDBJson`, `$util.transform.*`,
 * `$util.rds.*`, `$util.http.*`, `$util.xml.*`, `$util.list.*`, `$util.map.*`, a misspelling)
 * throws "$util.… is not implemented by the local AppSync": never rendered as the template's text.
 */
import { createUtil, strict, type UtilContext } from '../appsync-js/util.js';
import { isMap, javaString } from './java.js';

/** Java's `void`: Velocity renders nothing for it. */
const VOID = '';

/** A copy of a (proxied, frozen) util object as plain objects, to extend and wrap again. */
function plain(source: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source)) {
    copy[key] = isMap(value) ? plain(value) : value;
  }
  return copy;
}

/** The wrapped object and every nested namespace of it: what a method call may be made on. */
function namespaces(root: object, into: Set<object>): Set<object> {
  into.add(root);
  for (const key of Object.keys(root)) {
    const value = (root as Record<string, unknown>)[key];
    if (isMap(value)) namespaces(value, into);
  }
  return into;
}

/** What `$util` needs to know of the render it serves. */
export interface VtlUtilContext extends UtilContext {
  /** Where `$util.log.*` lines go (`INFO …`). */
  readonly logs: string[];
}

/**
 * A `$util.log.*` line: `(Object)` logs the object's text; `(String, Object...)` puts each
 * object's text in place of a `{}` of the string, in order.
 */
function logLine(args: unknown[]): string {
  const [first, ...rest] = args;
  if (typeof first !== 'string' || rest.length === 0) return javaString(first);
  let i = 0;
  return first.replace(/\{\}/g, (slot) => (i < rest.length ? javaString(rest[i++]) : slot));
}

/** The objects a VTL template's `$util`, `$utils` and `$extensions` are. */
export interface VtlUtil {
  readonly util: object;
  readonly extensions: object;
  /** `$util`, `$extensions` and their namespaces: their methods are called as they are. */
  readonly namespaces: ReadonlySet<object>;
}

/**
 * Builds `$util` and `$extensions` for one template render.
 *
 * @example
 * const errors: AppSyncJsError[] = [];
 * const { util } = createVtlUtil({ authType: 'API_KEY', parentTypeName: 'Query', fieldName: 'post', errors, extensions: [], logs: [] });
 */
export function createVtlUtil(context: VtlUtilContext): VtlUtil {
  const js = createUtil(context);
  const log =
    (level: string) =>
    (...args: unknown[]): string => {
      context.logs.push(`${level} ${logLine(args)}`);
      return VOID;
    };
  const base = plain(js.util);
  const error = base.error as (...args: unknown[]) => never;
  const appendError = base.appendError as (...args: unknown[]) => void;
  const util = strict('$util', {
    ...base,
    appendError(...args: unknown[]): string {
      appendError(...args);
      return VOID;
    },
    toJson: (value: unknown): string => JSON.stringify(value) ?? 'null',
    parseJson(json: unknown): unknown {
      if (typeof json !== 'string') {
        throw new TypeError(`$util.parseJson: expected a String; received ${typeof json}`);
      }
      try {
        return JSON.parse(json);
      } catch (cause) {
        throw new SyntaxError(`$util.parseJson: ${(cause as Error).message}`);
      }
    },
    qr: (): string => VOID,
    quiet: (): string => VOID,
    validate(condition: unknown, message: unknown, errorType?: unknown, data?: unknown): string {
      if (condition === false || condition === null || condition === undefined) {
        error(message, errorType, data);
      }
      return VOID;
    },
    // AppSync sends these to CloudWatch Logs; the local AppSync puts them in the outcome's logs.
    log: { info: log('INFO'), debug: log('DEBUG'), error: log('ERROR') },
  });
  const extensions = strict('$extensions', plain(js.extensions));
  return {
    util,
    extensions,
    namespaces: namespaces(extensions, namespaces(util, new Set())),
  };
}
