// The size of a response as Lambda will count it: the UTF-8 bytes of `JSON.stringify(response)`.
// Lambda refuses a synchronous response above 6 MB and AppSync then fails every field of the
// request (PROTOCOL.md §5), so the dispatcher checks before it returns.
//
// Serialising every response twice (once here, once in the Lambda runtime) would double the cost
// of the common case, so the check first walks the value for an upper bound of its size, which
// needs no string building: a small response is never serialised here. Only when the bound is
// above the limit is the exact size measured, with `JSON.stringify`.

/**
 * Lambda's limit for a synchronous response, in bytes: 6 MB as Lambda counts it (6 MiB plus 100
 * bytes, the figure its `ResponseSizeTooLarge` errors quote).
 */
export const LAMBDA_RESPONSE_LIMIT = 6_291_556;

/** Deeper values are measured exactly: the walk stays shallow, and a cycle ends up there too. */
const MAX_DEPTH = 64;

/**
 * An upper bound of the UTF-8 length of `JSON.stringify(value)`, or `NaN` when the walk cannot
 * tell (a BigInt, a cycle, a very deep value, a getter or `toJSON` that throws): then measure the
 * value exactly with {@link jsonSize}.
 */
export function jsonSizeBound(value: unknown): number {
  try {
    return bound(value, '', 0);
  } catch {
    return Number.NaN;
  }
}

// Each UTF-16 unit of a string becomes at most 6 bytes of JSON (`\u001f`); a number at most 24
// characters (`-1.7976931348623157e+308`); `undefined`, functions and symbols at most `null`.
// `key` is what JSON.stringify would pass to a `toJSON` method. Getters and `toJSON` methods are
// taken to give the same value each time they are read.
function bound(value: unknown, key: string | number, depth: number): number {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'object':
      return value === null ? 4 : boundObject(value, key, depth);
    case 'function':
      // JSON.stringify calls a function's own toJSON too.
      return typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? boundObject(value, key, depth)
        : 4;
    case 'bigint':
      return Number.NaN;
    default:
      return 4;
  }
}

function boundObject(value: object, key: string | number, depth: number): number {
  if (depth >= MAX_DEPTH) return Number.NaN;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') return bound(toJSON.call(value, String(key)), key, depth + 1);
  if (Array.isArray(value)) {
    let size = 2;
    for (let i = 0; i < value.length; i++) size += bound(value[i], i, depth + 1) + 1;
    return size;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) {
    // A plain object: for-in needs no array of keys. It also visits enumerable keys inherited
    // from a polluted Object.prototype, which only makes the bound larger.
    let size = 2;
    for (const name in value) {
      size +=
        name.length * 6 + 4 + bound((value as Record<string, unknown>)[name], name, depth + 1);
    }
    return size;
  }
  // Boxed primitives are written as JSON.stringify converts them; a boxed BigInt throws there.
  if (value instanceof String) return bound(String(value), key, depth + 1);
  if (value instanceof Number) return bound(Number(value), key, depth + 1);
  if (value instanceof Boolean) return 5;
  if (typeof BigInt === 'function' && value instanceof BigInt) return Number.NaN;
  let size = 2;
  for (const name of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[name];
    size += name.length * 6 + 4 + bound(item, name, depth + 1);
  }
  return size;
}

/**
 * The exact UTF-8 length of `JSON.stringify(value)`, or `undefined` when it cannot be serialised
 * (`JSON.stringify` throws, or gives nothing for `undefined` and functions).
 */
export function jsonSize(value: unknown): number | undefined {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    return undefined;
  }
  return text === undefined ? undefined : utf8Length(text);
}

/** UTF-8 bytes of a string that `JSON.stringify` wrote (so no lone surrogates are left in it). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for its 2 units
      i++;
    } else bytes += 2;
  }
  return bytes;
}
