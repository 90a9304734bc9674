/** What of a value would not survive the JSON boundary between Lambda and AppSync. */
export interface JsonProblem {
  /** Where, as a JSONPath from `$` (the whole value): `$.items[2].views`. */
  path: string;
  /** What is there, and what JSON does to it. */
  reason: string;
  /** `true` when `JSON.stringify` throws on it, which fails the whole Lambda invocation. */
  fatal: boolean;
}

type Obj = Record<string, unknown>;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

function child(path: string, key: string): string {
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Finds the first part of `value` that `JSON.stringify` either throws on (a `BigInt`, a cycle)
 * or silently turns into something else (a `Map` or `Set` into `{}`, `NaN` into `null`, a
 * function into nothing). `undefined` means the value crosses JSON intact, apart from
 * `undefined` properties, which JSON drops and GraphQL reads as `null` anyway.
 */
export function findJsonProblem(value: unknown, path = '$'): JsonProblem | undefined {
  return walk(value, path, new Set(), '');
}

function reasonOf(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'an unprintable error';
  }
}

function unreadable(path: string, error: unknown): JsonProblem {
  return {
    path,
    reason: `cannot be read (${reasonOf(error)}), so JSON.stringify throws on it`,
    fatal: true,
  };
}

function walk(
  value: unknown,
  path: string,
  ancestors: Set<object>,
  key: string,
): JsonProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return undefined;
    case 'number':
      return Number.isFinite(value)
        ? undefined
        : { path, reason: `is ${value}, which JSON turns into null`, fatal: false };
    case 'bigint':
      return {
        path,
        reason:
          'is a BigInt, which JSON.stringify cannot serialise (send it as a string or a number)',
        fatal: true,
      };
    case 'function':
      return {
        path,
        reason:
          'is a function, which JSON drops (AppSync does not call field functions; return the value)',
        fatal: false,
      };
    case 'symbol':
      return { path, reason: 'is a symbol, which JSON drops', fatal: false };
  }
  if (value === null) return undefined;
  try {
    return walkObject(value as object, path, ancestors, key);
  } catch (error) {
    // A getter that throws, a revoked proxy: JSON.stringify would throw on it as well.
    return unreadable(path, error);
  }
}

function walkObject(
  object: object,
  path: string,
  ancestors: Set<object>,
  key: string,
): JsonProblem | undefined {
  if (ancestors.has(object)) {
    return {
      path,
      reason:
        'refers back to an object that contains it (a cycle), which JSON.stringify cannot serialise',
      fatal: true,
    };
  }
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function') {
    let replaced: unknown;
    try {
      replaced = toJSON.call(object, key);
    } catch (error) {
      return {
        ...unreadable(path, error),
        reason: `has a toJSON() that throws: ${reasonOf(error)}`,
      };
    }
    if (replaced === object) return undefined;
    ancestors.add(object);
    const problem = walk(replaced, path, ancestors, key);
    ancestors.delete(object);
    return problem;
  }
  const lossy = lossyObject(object);
  if (lossy !== undefined) return { path, reason: lossy, fatal: false };
  ancestors.add(object);
  try {
    if (Array.isArray(object)) {
      for (let i = 0; i < object.length; i++) {
        const problem = walk(object[i], `${path}[${i}]`, ancestors, String(i));
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    for (const name of Object.keys(object)) {
      const at = child(path, name);
      let property: unknown;
      try {
        property = (object as Obj)[name];
      } catch (error) {
        return unreadable(at, error);
      }
      const problem = walk(property, at, ancestors, name);
      if (problem !== undefined) return problem;
    }
    return undefined;
  } finally {
    ancestors.delete(object);
  }
}

/** Objects that JSON turns into `{}` (or a bag of indices) although they hold data. */
function lossyObject(object: object): string | undefined {
  if (object instanceof Map) return 'is a Map, which JSON turns into {} (use Object.fromEntries)';
  if (object instanceof Set) return 'is a Set, which JSON turns into {} (use an array)';
  if (object instanceof WeakMap || object instanceof WeakSet) {
    return `is a ${object instanceof WeakMap ? 'WeakMap' : 'WeakSet'}, which JSON turns into {}`;
  }
  if (typeof (object as { then?: unknown }).then === 'function') {
    return 'is a Promise (or another thenable), which JSON turns into {}: await it first';
  }
  if (object instanceof Error) {
    return `is an Error (${object.name}), which JSON turns into {}: throw it, or return it from the resolver itself`;
  }
  if (object instanceof RegExp) return 'is a RegExp, which JSON turns into {}';
  if (ArrayBuffer.isView(object) || object instanceof ArrayBuffer) {
    return `is binary data (${object.constructor.name}), which JSON does not keep as bytes (send base64)`;
  }
  return undefined;
}
