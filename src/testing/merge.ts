/**
 * A deep partial: every property optional, down through nested objects. Arrays are replaced
 * whole, never merged index by index.
 */
export type DeepPartial<T> = T extends readonly unknown[]
  ? T
  : T extends object
    ? { [K in keyof T]?: DeepPartial<T[K]> | undefined }
    : T;

type Obj = Record<string, unknown>;

function isPlainObject(value: unknown): value is Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * `override` laid over `base`, recursively: plain objects merge key by key, anything else
 * (arrays, `null`, class instances) replaces, and an `undefined` override keeps the base value.
 * Neither argument is modified; keys such as `__proto__` are copied as data.
 */
export function deepMerge<T>(base: T, override: unknown): T {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override as T;
  const out: Obj = {};
  for (const key of Object.keys(base)) define(out, key, base[key]);
  for (const key of Object.keys(override)) {
    define(out, key, deepMerge(Object.hasOwn(out, key) ? out[key] : undefined, override[key]));
  }
  return out as T;
}

function define(target: Obj, key: string, value: unknown): void {
  Object.defineProperty(target, key, {
    value,
    enumerable: true,
    writable: true,
    configurable: true,
  });
}
