/**
 * The routes a `DirectLambdaResolvers` construct deploys: reading them from `app.routes()` or a
 * manifest, checking them as data, and comparing them with the API's schema. No CDK here, so
 * each rule is testable on its own.
 */
import { checkFieldCode } from '../engine/code/declaration.js';
import type { FieldCodeDeclaration } from '../resolver-code.js';
import type { SdlSummary, SdlType } from './sdl.js';

/**
 * One field served by the function, as `app.routes()` lists it and as the `routes` of
 * `appsync-direct manifest --format json` are written: with the code in front of the Lambda
 * (`code`, `requestTemplate` / `responseTemplate` or `pipeline`) when it declares some.
 */
export interface DirectLambdaRoute extends FieldCodeDeclaration {
  /** The object type that holds the field: `Query`, `Mutation`, `Post` … */
  typeName: string;
  /** The field's name. */
  fieldName: string;
  /**
   * `'resolver'` for `app.resolver()`, `'batch'` for `app.batchResolver()`. Optional: it only
   * decides a warning (a batch resolver deployed without `maxBatchSize`).
   */
  kind?: 'resolver' | 'batch' | undefined;
  /**
   * AppSync's `maxBatchSize` for the field, an integer from 0 to 2000. Above 0, AppSync sends
   * BatchInvoke events (arrays of contexts) of at most this many items; absent or 0, one Invoke
   * per field.
   */
  maxBatchSize?: number | undefined;
}

/** The JSON that `appsync-direct manifest` prints, or any object with the routes in `routes`. */
export interface DirectLambdaManifest {
  routes: readonly DirectLambdaRoute[];
}

/** AppSync's range for `maxBatchSize`. */
export const MAX_BATCH_SIZE = 2000;

const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** `Type.field`. */
export function keyOf(route: DirectLambdaRoute): string {
  return `${route.typeName}.${route.fieldName}`;
}

/**
 * Reads and checks the `routes` given to the construct: an array of routes, or an object whose
 * `routes` is one (a manifest). Each route needs a GraphQL name as `typeName` and `fieldName`,
 * a `kind` of `'resolver'` or `'batch'` when it has one, a `maxBatchSize` that is an integer from
 * 0 to 2000 when it has one, a code declaration AppSync would take (`checkFieldCode`) when it
 * has one, and a key (`Type.field`) of its own.
 *
 * @returns the routes, copied, with only the properties above.
 * @throws {Error} listing every problem, one line per route.
 */
export function normalizeRoutes(input: unknown): DirectLambdaRoute[] {
  const list = routeList(input);
  const problems: string[] = [];
  const routes: DirectLambdaRoute[] = [];
  const seen = new Map<string, number>();
  list.forEach((item, index) => {
    const at = `routes[${index}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push(
        `${at} is ${describeValue(item)}; a route is an object { typeName, fieldName, maxBatchSize? }`,
      );
      return;
    }
    const { typeName, fieldName, kind, maxBatchSize } = item as Record<string, unknown>;
    const named = typeof typeName === 'string' && typeof fieldName === 'string';
    const label = named ? `${at} (${typeName}.${fieldName})` : at;
    const before = problems.length;
    for (const [property, value] of [
      ['typeName', typeName],
      ['fieldName', fieldName],
    ] as const) {
      if (typeof value !== 'string' || !GRAPHQL_NAME.test(value)) {
        problems.push(
          `${label}: ${property} must be a GraphQL name (letters, digits and _, not starting with a digit); received ${describeValue(value)}`,
        );
      }
    }
    if (kind !== undefined && kind !== 'resolver' && kind !== 'batch') {
      problems.push(
        `${label}: kind must be 'resolver' or 'batch'; received ${describeValue(kind)}`,
      );
    }
    if (
      maxBatchSize !== undefined &&
      !(
        typeof maxBatchSize === 'number' &&
        Number.isInteger(maxBatchSize) &&
        maxBatchSize >= 0 &&
        maxBatchSize <= MAX_BATCH_SIZE
      )
    ) {
      problems.push(
        `${label}: maxBatchSize must be an integer from 0 to ${MAX_BATCH_SIZE} (AppSync's range); received ${describeValue(maxBatchSize)}`,
      );
    }
    let code: FieldCodeDeclaration | undefined;
    try {
      code = checkFieldCode(item, label);
    } catch (error) {
      problems.push((error as Error).message.replace(/\.$/, ''));
    }
    if (problems.length > before) return;
    const route: DirectLambdaRoute = {
      typeName: typeName as string,
      fieldName: fieldName as string,
    };
    if (kind !== undefined) route.kind = kind as 'resolver' | 'batch';
    if (maxBatchSize !== undefined) route.maxBatchSize = maxBatchSize as number;
    Object.assign(route, code);
    const key = keyOf(route);
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push(
        `${at}: ${key} is listed twice (routes[${first}] and routes[${index}]); a field has one resolver`,
      );
      return;
    }
    seen.set(key, index);
    routes.push(route);
  });
  if (problems.length > 0) {
    const count = problems.length === 1 ? 'a route is invalid' : `${problems.length} problems`;
    throw new Error(`${count}:\n${problems.map((line) => `  - ${line}`).join('\n')}`);
  }
  if (routes.length === 0) {
    throw new Error(
      'routes is empty: pass app.routes() of the handler (or the routes of `appsync-direct manifest`), one route per field the function serves',
    );
  }
  return routes;
}

function routeList(input: unknown): readonly unknown[] {
  if (Array.isArray(input)) return input;
  if (typeof input === 'object' && input !== null && 'routes' in input) {
    const { routes } = input as { routes: unknown };
    if (Array.isArray(routes)) return routes;
    throw new Error(
      `routes.routes is ${describeValue(routes)}; a manifest's routes are an array of { typeName, fieldName, maxBatchSize? }`,
    );
  }
  throw new Error(
    `routes is ${describeValue(input)}: pass app.routes() of the handler, or the JSON of \`appsync-direct manifest\` ({ routes: [...] })`,
  );
}

function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const KIND_NAMES: Readonly<Record<SdlType['kind'], string>> = {
  type: 'an object type',
  interface: 'an interface',
  input: 'an input type',
  enum: 'an enum',
  union: 'a union',
  scalar: 'a scalar',
};

/** How many field names a message lists before it stops. */
const LISTED = 20;

/**
 * Why a route cannot be deployed on this schema, or `undefined` when it can: its type must be an
 * object type of the schema (resolvers attach to object types' fields, not to interfaces,
 * unions or input types) and must have the field. The message names the route and the nearest
 * names the schema has.
 */
export function routeProblem(summary: SdlSummary, route: DirectLambdaRoute): string | undefined {
  const { typeName, fieldName } = route;
  const key = keyOf(route);
  const type = summary.types.get(typeName);
  const objects = [...summary.types.values()].filter((item) => item.kind === 'type');
  if (type === undefined) {
    let message = `${key}: the schema has no type ${typeName}`;
    const operation = (['query', 'mutation', 'subscription'] as const).find(
      (name) => name[0]?.toUpperCase() + name.slice(1) === typeName,
    );
    const root = operation === undefined ? undefined : summary.roots[operation];
    if (root !== undefined) {
      message += `; its ${operation} type is ${root}, so the route is ${root}.${fieldName}`;
      return message;
    }
    const near = closest(
      typeName,
      objects.map((item) => item.name),
    );
    if (near.length > 0) return `${message}; did you mean ${near.join(' or ')}?`;
    return `${message}. Its object types: ${list(objects.map((item) => item.name))}`;
  }
  if (type.kind !== 'type') {
    let message = `${key}: ${typeName} is ${KIND_NAMES[type.kind]}, and resolvers attach to fields of object types`;
    if (type.kind === 'interface') {
      const implementations = objects
        .filter((item) => item.interfaces.includes(typeName) && item.fields.includes(fieldName))
        .map((item) => `${item.name}.${fieldName}`);
      if (implementations.length > 0) {
        message += `; route the field of the types that implement it: ${list(implementations)}`;
      }
    }
    return message;
  }
  if (type.fields.includes(fieldName)) return undefined;
  const near = closest(fieldName, type.fields);
  const suggestion = near.length > 0 ? `; did you mean ${near.join(' or ')}?` : '';
  const fields =
    type.fields.length > 0
      ? ` Fields of ${typeName}: ${list(type.fields)}`
      : ` ${typeName} has no fields`;
  return `${key}: type ${typeName} has no field ${fieldName}${suggestion}${suggestion === '' ? '.' : ''}${fields}`;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, LISTED).join(', ');
  return names.length > LISTED ? `${shown} and ${names.length - LISTED} more` : shown;
}

/**
 * The names within a small edit distance of `input` (case differences count for little),
 * nearest first, at most three: the names a misspelling most likely meant.
 */
export function closest(input: string, names: readonly string[]): string[] {
  const threshold = Math.floor(input.length * 0.4) + 1;
  return names
    .map((name) => ({ name, distance: distance(input, name) }))
    .filter((item) => item.distance <= threshold)
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((item) => item.name);
}

/**
 * The optimal string alignment distance (insertions, deletions, substitutions and swaps of two
 * neighbours), after lower-casing; a difference only in case counts as 0.5.
 */
function distance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (x === y) return a === b ? 0 : 0.5;
  const rows: number[][] = [];
  for (let i = 0; i <= x.length; i += 1) rows.push([i]);
  for (let j = 1; j <= y.length; j += 1) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= x.length; i += 1) {
    const row = rows[i] as number[];
    const above = rows[i - 1] as number[];
    for (let j = 1; j <= y.length; j += 1) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      let best = Math.min(
        (above[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (above[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) {
        best = Math.min(best, ((rows[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = best;
    }
  }
  return (rows[x.length] as number[])[y.length] as number;
}
