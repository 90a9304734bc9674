/**
 * The Java side of AppSync's Velocity: in AppSync a template's values are Java objects (a JSON
 * object is a `java.util.Map`, an array a `List`, a string a `String`), so templates call Java
 * methods on them: `$map.put(k, v)`, `$list.add(x)`, `$str.startsWith("a")`. The local AppSync
 * keeps plain JSON values and answers those calls here, by the value's JSON type.
 *
 * What a call returns follows Java, because Velocity renders it: `put`, `get` and `remove` of a
 * map return the previous value or `null` (rendered as the reference's own text, as Velocity
 * does), `List.add` returns `true` (rendered `true`), and the methods Java declares `void`
 * (`putAll`, `clear`, `List.add(index, x)`) render nothing. A method this module does not have
 * throws an `Error` naming it; AppSync's Velocity would render an unknown method as text, and the
 * local AppSync would rather say so than let the text reach the JSON.
 */

/** An entry of `Map.entrySet()`: `key` and `value`, and `getKey()`/`getValue()`/`setValue()`. */
interface MapEntry {
  key: string;
  value: unknown;
}

type Method = (target: never, args: unknown[]) => unknown;

/** A method and the argument counts Java has for it. */
interface Signature {
  readonly arities: readonly number[];
  readonly call: Method;
}

const sig = <T>(arities: readonly number[], call: (target: T, args: unknown[]) => unknown) =>
  ({ arities, call: call as Method }) as Signature;

/** Java's `void`: Velocity renders nothing for it. */
const VOID = '';

/** The Java type name of a JSON value, for messages. */
export function javaType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return 'String';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'Double';
  if (typeof value === 'boolean') return 'Boolean';
  if (Array.isArray(value)) return 'List';
  if (isMap(value)) return 'Map';
  return 'Object';
}

export const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Java's `equals` on JSON values: deep for maps and lists, by value for the rest. */
export function javaEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) {
    return (a === null || a === undefined) && (b === null || b === undefined);
  }
  if (Array.isArray(a)) {
    return (
      Array.isArray(b) && a.length === b.length && a.every((item, i) => javaEquals(item, b[i]))
    );
  }
  if (isMap(a)) {
    if (!isMap(b)) return false;
    const keys = Object.keys(a);
    return (
      keys.length === Object.keys(b).length &&
      keys.every((key) => Object.hasOwn(b, key) && javaEquals(a[key], b[key]))
    );
  }
  return false;
}

/** Java's `toString()` of a JSON value: `[a, b]` for a list, `{k=v}` for a map. */
export function javaString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(javaString).join(', ')}]`;
  if (isMap(value)) {
    return `{${Object.entries(value)
      .map(([key, item]) => `${key}=${javaString(item)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/**
 * Velocity's `==` (1.7): `null` equals only `null`; numbers by value; values of the same type by
 * `equals`; values of different types by their `toString()`.
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  const aNull = a === null || a === undefined;
  const bNull = b === null || b === undefined;
  if (aNull || bNull) return aNull && bNull;
  if (kind(a) === kind(b)) return javaEquals(a, b);
  return javaString(a) === javaString(b);
}

const kind = (value: unknown): string =>
  Array.isArray(value) ? 'list' : isMap(value) ? 'map' : typeof value;

const text = (value: unknown): string => (typeof value === 'string' ? value : javaString(value));

function index(value: unknown, size: number, what: string, inclusiveEnd = false): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new TypeError(`${what}: the index must be an integer; received ${javaString(value)}`);
  }
  if (value < 0 || value > size || (!inclusiveEnd && value === size)) {
    throw new RangeError(`${what}: index ${value} is out of bounds for length ${size}`);
  }
  return value;
}

/** Java's `String.trim()`: strips characters up to U+0020, not Unicode spaces. */
function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 0x20) start += 1;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end -= 1;
  return s.slice(start, end);
}

/** A Java regular expression as a JavaScript one (the syntax both share). */
function regex(pattern: unknown, flags = ''): RegExp {
  return new RegExp(text(pattern), flags);
}

/** Java's replacement string (`$1`, `${name}`, `\$`) applied to one match. */
function javaReplacement(replacement: string) {
  return (match: string, ...rest: unknown[]): string => {
    const last = rest.at(-1);
    const named = typeof last === 'object' && last !== null ? (last as Record<string, string>) : {};
    const groups = rest.slice(0, typeof last === 'object' && last !== null ? -3 : -2) as (
      | string
      | undefined
    )[];
    let out = '';
    for (let i = 0; i < replacement.length; i += 1) {
      const c = replacement.charAt(i);
      if (c === '\\') {
        i += 1;
        out += replacement.charAt(i);
      } else if (c === '$' && replacement.charAt(i + 1) === '{') {
        const end = replacement.indexOf('}', i);
        out += named[replacement.slice(i + 2, end)] ?? '';
        i = end;
      } else if (c === '$') {
        let digits = '';
        while (/\d/.test(replacement.charAt(i + 1))) {
          digits += replacement.charAt(i + 1);
          i += 1;
        }
        const group = Number(digits);
        out += group === 0 ? match : (groups[group - 1] ?? '');
      } else {
        out += c;
      }
    }
    return out;
  };
}

/** Java's `String.split(regex, limit)`: no leading empty string for a zero-width match at 0. */
function javaSplit(s: string, pattern: unknown, limit = 0): string[] {
  if (s === '') return [''];
  const re = regex(pattern, 'g');
  const parts: string[] = [];
  let start = 0;
  let matched = false;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    if (m[0] === '') {
      re.lastIndex += 1;
      if (m.index === 0 || m.index >= s.length) continue;
    }
    if (limit > 0 && parts.length === limit - 1) break;
    matched = true;
    parts.push(s.slice(start, m.index));
    start = m.index + m[0].length;
  }
  if (!matched) return [s];
  parts.push(s.slice(start));
  if (limit === 0) while (parts.length > 0 && parts.at(-1) === '') parts.pop();
  return parts;
}

const STRING: Record<string, Signature> = {
  length: sig<string>([0], (s) => s.length),
  isEmpty: sig<string>([0], (s) => s.length === 0),
  contains: sig<string>([1], (s, [part]) => s.includes(text(part))),
  startsWith: sig<string>([1, 2], (s, [prefix, offset]) =>
    s.startsWith(text(prefix), (offset as number | undefined) ?? 0),
  ),
  endsWith: sig<string>([1], (s, [suffix]) => s.endsWith(text(suffix))),
  toUpperCase: sig<string>([0], (s) => s.toUpperCase()),
  toLowerCase: sig<string>([0], (s) => s.toLowerCase()),
  trim: sig<string>([0], javaTrim),
  replace: sig<string>([2], (s, [target, replacement]) =>
    s.replaceAll(text(target), () => text(replacement)),
  ),
  replaceAll: sig<string>([2], (s, [pattern, replacement]) =>
    s.replace(regex(pattern, 'g'), javaReplacement(text(replacement))),
  ),
  replaceFirst: sig<string>([2], (s, [pattern, replacement]) =>
    s.replace(regex(pattern), javaReplacement(text(replacement))),
  ),
  split: sig<string>([1, 2], (s, [pattern, limit]) =>
    javaSplit(s, pattern, (limit as number | undefined) ?? 0),
  ),
  substring: sig<string>([1, 2], (s, [begin, end]) => {
    const to = end === undefined ? s.length : index(end, s.length, 'String.substring', true);
    const from = index(begin, s.length, 'String.substring', true);
    if (from > to) throw new RangeError(`String.substring: begin ${from} is after end ${to}`);
    return s.slice(from, to);
  }),
  charAt: sig<string>([1], (s, [at]) => s.charAt(index(at, s.length, 'String.charAt'))),
  indexOf: sig<string>([1, 2], (s, [part, from]) =>
    s.indexOf(text(part), (from as number | undefined) ?? 0),
  ),
  lastIndexOf: sig<string>([1, 2], (s, [part, from]) =>
    s.lastIndexOf(text(part), (from as number | undefined) ?? Number.POSITIVE_INFINITY),
  ),
  concat: sig<string>([1], (s, [other]) => s + text(other)),
  matches: sig<string>([1], (s, [pattern]) => new RegExp(`^(?:${text(pattern)})$`).test(s)),
  equals: sig<string>([1], (s, [other]) => s === other),
  equalsIgnoreCase: sig<string>(
    [1],
    (s, [other]) => typeof other === 'string' && s.toLowerCase() === other.toLowerCase(),
  ),
  toString: sig<string>([0], (s) => s),
};

const LIST: Record<string, Signature> = {
  size: sig<unknown[]>([0], (list) => list.length),
  isEmpty: sig<unknown[]>([0], (list) => list.length === 0),
  get: sig<unknown[]>([1], (list, [at]) => list[index(at, list.length, 'List.get')]),
  add: sig<unknown[]>([1, 2], (list, args) => {
    if (args.length === 1) {
      list.push(args[0]);
      return true;
    }
    list.splice(index(args[0], list.length, 'List.add', true), 0, args[1]);
    return VOID;
  }),
  addAll: sig<unknown[]>([1], (list, [items]) => {
    if (!Array.isArray(items)) {
      throw new TypeError(`List.addAll: expected a List; received ${javaType(items)}`);
    }
    list.push(...items);
    return items.length > 0;
  }),
  set: sig<unknown[]>([2], (list, [at, value]) => {
    const i = index(at, list.length, 'List.set');
    const previous = list[i];
    list[i] = value;
    return previous;
  }),
  contains: sig<unknown[]>([1], (list, [value]) => list.some((item) => javaEquals(item, value))),
  indexOf: sig<unknown[]>([1], (list, [value]) =>
    list.findIndex((item) => javaEquals(item, value)),
  ),
  lastIndexOf: sig<unknown[]>([1], (list, [value]) => {
    for (let i = list.length - 1; i >= 0; i -= 1) if (javaEquals(list[i], value)) return i;
    return -1;
  }),
  // As Velocity picks `remove(int)` for an integer, `remove(Object)` for anything else.
  remove: sig<unknown[]>([1], (list, [value]) => {
    if (typeof value === 'number' && Number.isInteger(value)) {
      return list.splice(index(value, list.length, 'List.remove'), 1)[0];
    }
    const i = list.findIndex((item) => javaEquals(item, value));
    if (i >= 0) list.splice(i, 1);
    return i >= 0;
  }),
  clear: sig<unknown[]>([0], (list) => {
    list.length = 0;
    return VOID;
  }),
  subList: sig<unknown[]>([2], (list, [from, to]) => {
    const end = index(to, list.length, 'List.subList', true);
    return list.slice(index(from, list.length, 'List.subList', true), end);
  }),
  equals: sig<unknown[]>([1], (list, [other]) => javaEquals(list, other)),
  toString: sig<unknown[]>([0], javaString),
};

/** Each entry of an `entrySet()`, with the map it writes through to. */
const entries = new WeakMap<object, Record<string, unknown>>();

const key = (value: unknown): string => text(value);
const orNull = (value: unknown): unknown => (value === undefined ? null : value);

const MAP: Record<string, Signature> = {
  size: sig<Record<string, unknown>>([0], (map) => Object.keys(map).length),
  isEmpty: sig<Record<string, unknown>>([0], (map) => Object.keys(map).length === 0),
  get: sig<Record<string, unknown>>([1], (map, [k]) =>
    Object.hasOwn(map, key(k)) ? orNull(map[key(k)]) : null,
  ),
  getOrDefault: sig<Record<string, unknown>>([2], (map, [k, fallback]) =>
    Object.hasOwn(map, key(k)) ? map[key(k)] : fallback,
  ),
  put: sig<Record<string, unknown>>([2], (map, [k, value]) => {
    const previous = Object.hasOwn(map, key(k)) ? map[key(k)] : null;
    map[key(k)] = value;
    return orNull(previous);
  }),
  putIfAbsent: sig<Record<string, unknown>>([2], (map, [k, value]) => {
    const previous = Object.hasOwn(map, key(k)) ? map[key(k)] : null;
    if (previous === null || previous === undefined) map[key(k)] = value;
    return orNull(previous);
  }),
  putAll: sig<Record<string, unknown>>([1], (map, [other]) => {
    if (!isMap(other))
      throw new TypeError(`Map.putAll: expected a Map; received ${javaType(other)}`);
    Object.assign(map, other);
    return VOID;
  }),
  containsKey: sig<Record<string, unknown>>([1], (map, [k]) => Object.hasOwn(map, key(k))),
  containsValue: sig<Record<string, unknown>>([1], (map, [value]) =>
    Object.values(map).some((item) => javaEquals(item, value)),
  ),
  remove: sig<Record<string, unknown>>([1], (map, [k]) => {
    if (!Object.hasOwn(map, key(k))) return null;
    const previous = map[key(k)];
    delete map[key(k)];
    return orNull(previous);
  }),
  clear: sig<Record<string, unknown>>([0], (map) => {
    for (const k of Object.keys(map)) delete map[k];
    return VOID;
  }),
  keySet: sig<Record<string, unknown>>([0], (map) => Object.keys(map)),
  values: sig<Record<string, unknown>>([0], (map) => Object.values(map)),
  entrySet: sig<Record<string, unknown>>([0], (map) =>
    Object.entries(map).map(([k, value]) => {
      const entry: MapEntry = { key: k, value };
      entries.set(entry, map);
      return entry;
    }),
  ),
  equals: sig<Record<string, unknown>>([1], (map, [other]) => javaEquals(map, other)),
  toString: sig<Record<string, unknown>>([0], javaString),
};

const ENTRY: Record<string, Signature> = {
  getKey: sig<MapEntry>([0], (entry) => entry.key),
  getValue: sig<MapEntry>([0], (entry) => orNull(entry.value)),
  setValue: sig<MapEntry>([1], (entry, [value]) => {
    const previous = entry.value;
    entry.value = value;
    const map = entries.get(entry);
    if (map !== undefined) map[entry.key] = value;
    return orNull(previous);
  }),
};

const NUMBER: Record<string, Signature> = {
  intValue: sig<number>([0], Math.trunc),
  longValue: sig<number>([0], Math.trunc),
  doubleValue: sig<number>([0], (n) => n),
  floatValue: sig<number>([0], (n) => n),
  equals: sig<number>([1], (n, [other]) => n === other),
  toString: sig<number>([0], String),
};

const BOOLEAN: Record<string, Signature> = {
  booleanValue: sig<boolean>([0], (b) => b),
  equals: sig<boolean>([1], (b, [other]) => b === other),
  toString: sig<boolean>([0], String),
};

function methodsOf(target: unknown): Record<string, Signature> | undefined {
  if (typeof target === 'string') return STRING;
  if (typeof target === 'number') return NUMBER;
  if (typeof target === 'boolean') return BOOLEAN;
  if (Array.isArray(target)) return LIST;
  if (isMap(target)) return entries.has(target) ? { ...MAP, ...ENTRY } : MAP;
  return undefined;
}

/**
 * Calls the Java method `name` on a JSON value, as AppSync's Velocity would.
 *
 * @example
 * const map = { a: 1 };
 * callJavaMethod(map, 'put', ['b', 2]); // null, and map is { a: 1, b: 2 }
 */
export function callJavaMethod(target: unknown, name: string, args: unknown[]): unknown {
  const methods = methodsOf(target);
  const signature =
    methods !== undefined && Object.hasOwn(methods, name) ? methods[name] : undefined;
  if (signature === undefined || !signature.arities.includes(args.length)) {
    const known = signature === undefined ? '' : ` (it takes ${signature.arities.join(' or ')})`;
    throw new Error(
      `${javaType(target)}.${name}() with ${args.length} argument${args.length === 1 ? '' : 's'} is not a Java method the local AppSync implements${known}`,
    );
  }
  return signature.call(target as never, args);
}
