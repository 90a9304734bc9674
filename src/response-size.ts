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
// `key` is what JSON.stringify would pass to a `toJSON` method, and `converted` is true for what a
// `toJSON` method returned (JSON.stringify calls `toJSON` once per value, not on its result).
// Getters and `toJSON` methods are taken to give the same value each time they are read.
function bound(value: unknown, key: string | number, depth: number, converted = false): number {
  switch (typeof value) {
    case 'string':
      return value.length * 6 + 2;
    case 'number':
      return 24;
    case 'boolean':
      return 5;
    case 'object':
      return value === null ? 4 : boundObject(value, key, depth, converted);
    case 'function':
      // JSON.stringify calls a function's own toJSON too; a function itself is written as null.
      return !converted && typeof (value as { toJSON?: unknown }).toJSON === 'function'
        ? boundObject(value, key, depth, false)
        : 4;
    case 'bigint':
      return Number.NaN;
    default:
      return 4;
  }
}

function boundObject(
  value: object,
  key: string | number,
  depth: number,
  converted: boolean,
): number {
  if (depth >= MAX_DEPTH) return Number.NaN;
  if (!converted) {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') {
      return bound(toJSON.call(value, String(key)), key, depth + 1, true);
    }
  }
  if (typeof value === 'function') return 4;
  if (Array.isArray(value)) {
    let size = 2;
    for (let i = 0; i < value.length; i++) size += bound(value[i], i, depth + 1) + 1;
    return size;
  }
  if (Object.getPrototypeOf(value) === Object.prototype) {
    // A plain object: for-in needs no array of keys. It also visits enumerable keys inherited
    // from a polluted Object.prototype, which only makes the bound larger.
    let size = 2;
    for (const name in value) {
      size +=
        name.length * 6 + 4 + bound((value as Record<string, unknown>)[name], name, depth + 1);
    }
    // No keys: perhaps a box whose prototype was set to Object.prototype.
    return size === 2 ? (boundBoxed(value, key, depth) ?? size) : size;
  }
  const boxed = boundBoxed(value, key, depth);
  if (boxed !== undefined) return boxed;
  let size = 2;
  for (const name of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[name];
    size += name.length * 6 + 4 + bound(item, name, depth + 1);
  }
  return size;
}

/**
 * The bound of a boxed primitive, written as JSON.stringify converts it (a boxed BigInt throws
 * there); `undefined` for any other object. Boxes are recognised by their internal slot, so that
 * one from another realm or with another prototype counts too.
 */
function boundBoxed(value: object, key: string | number, depth: number): number | undefined {
  const tag = Object.prototype.toString.call(value);
  if (tag === '[object Object]') return undefined;
  const primitive = unboxed(value, tag);
  if (primitive === NOT_BOXED) return undefined;
  return typeof primitive === 'bigint' ? Number.NaN : bound(primitive, key, depth + 1, true);
}

const NOT_BOXED: unique symbol = Symbol('not boxed');

/**
 * The primitive JSON.stringify writes for a `Number`, `String`, `Boolean` or `BigInt` object
 * (ToNumber and ToString may call a `valueOf` or `toString` the box was given), or NOT_BOXED. The
 * tag only picks the slot to try; a class whose `Symbol.toStringTag` says "Number" is no box.
 */
function unboxed(value: object, tag: string): unknown {
  const read = BOX_READERS[tag];
  if (read === undefined) return NOT_BOXED;
  try {
    read.call(value);
  } catch {
    return NOT_BOXED; // the tag was borrowed: the value has no such slot
  }
  if (tag === '[object Number]') return Number(value);
  if (tag === '[object String]') return String(value);
  return read.call(value);
}

/** The `valueOf` that reads the slot of each kind of box, by its `Object.prototype.toString` tag. */
const BOX_READERS: Readonly<Record<string, ((this: unknown) => unknown) | undefined>> = {
  '[object Number]': Number.prototype.valueOf,
  '[object String]': String.prototype.valueOf,
  '[object Boolean]': Boolean.prototype.valueOf,
  '[object BigInt]': typeof BigInt === 'function' ? BigInt.prototype.valueOf : undefined,
};

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
