import {
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
} from 'graphql';
import { isNeverBatched, neverBatchedMessage } from '../batching.js';
import { closest } from '../cli/args.js';

/** One route of an app, as `app.routes()` lists it. */
export interface CheckRoute {
  typeName: string;
  fieldName: string;
  /** `'resolver'` for `app.resolver()`, `'batch'` for `app.batchResolver()`. */
  kind: 'resolver' | 'batch';
  maxBatchSize?: number | undefined;
}

/** What {@link checkRoutes} compares. */
export interface CheckOptions {
  /** The AppSync schema, e.g. from `buildAppSyncSchema()` of `appsync-direct/emulator`. */
  schema: GraphQLSchema;
  /** The app's routes: `app.routes()`. */
  routes: readonly CheckRoute[];
  /**
   * Fields that must be served or supplied by their parent, as `Type.field` patterns where `*`
   * stands for any part of a name: `Query.*`, `*.author`, `Post.comments`. A matching field
   * that is not is an error instead of an `info`.
   */
  require?: readonly string[] | undefined;
}

/** How much a finding matters: only errors make a check fail. */
export type CheckSeverity = 'error' | 'warning' | 'info';

/**
 * What a finding is about:
 * - `unknown-type`: a route names a type the schema lacks (error);
 * - `unknown-field`: a route names a field its object type lacks (error);
 * - `not-object-type`: a route names a field of an input, enum, scalar, union or interface type;
 *   resolvers attach to fields of object types (error);
 * - `unserved-field`: a schema field no route serves and no parent value can supply (info; an
 *   error when a `require` pattern matches it);
 * - `batch-of-one`: a batch resolver on a field whose parent type is never an item of a list, so
 *   every batch holds one context (warning);
 * - `never-batched`: a batch resolver below the root types without `maxBatchSize` (or with 0),
 *   which AppSync never batches: it sends one Invoke per parent (warning; `manifest` and the CDK
 *   construct warn of the same);
 * - `unmatched-require`: a `require` pattern that matches no field of the schema (warning).
 */
export type CheckRule =
  | 'unknown-type'
  | 'unknown-field'
  | 'not-object-type'
  | 'unserved-field'
  | 'batch-of-one'
  | 'never-batched'
  | 'unmatched-require';

/** One thing {@link checkRoutes} found. */
export interface CheckFinding {
  severity: CheckSeverity;
  rule: CheckRule;
  /** The `Type.field` it is about (a route's key or a schema field), or the `require` pattern. */
  key: string;
  /** A sentence for a person: what is wrong, and why it matters. */
  message: string;
  /**
   * Where it comes from: a route of the app (its key is in the handler's source), a field of the
   * schema, or a `require` pattern.
   */
  origin: 'route' | 'schema' | 'require';
  /** The line of the field's name in the SDL (1-based), when the schema was parsed from SDL. */
  line?: number;
  /** The column of the field's name in the SDL (1-based). */
  column?: number;
  /** A key or pattern that exists and was likely meant, e.g. `Query.getPost` for `Query.getPots`. */
  suggestion?: string;
}

/** The outcome of {@link checkRoutes}. */
export interface CheckReport {
  /** No errors (warnings and infos do not fail a check). */
  ok: boolean;
  errors: number;
  warnings: number;
  /** How many `unserved-field` findings there are, infos and errors together. */
  unserved: number;
  /** How many routes were checked. */
  routes: number;
  /** How many fields the schema's object types have (introspection types left out). */
  fields: number;
  /** Errors first, then warnings, then infos; each group in route order, then schema order. */
  findings: CheckFinding[];
}

const PATTERN = /^[_A-Za-z0-9*]+\.[_A-Za-z0-9*]+$/;

/**
 * Compares an app's routes with the AppSync schema they serve, without running anything:
 *
 * - a route for a type or field the schema lacks, or for a field of a type that is not an object
 *   type, is an error (with the likely intended key as `suggestion`);
 * - a schema field that no route serves and no parent value can supply is listed (`info`, or an
 *   error when a `require` pattern matches it). Root fields (of the query, mutation and
 *   subscription types) have no parent value. Any other field is supplied by its parent when
 *   the parent's type is produced: returned by a served field (a union's members and an
 *   interface's implementations included), or, transitively, by a field that is not served of a
 *   produced type, since the parent value carries the nested ones;
 * - a batch resolver whose parent type is never an item of a list (no field returns `[T]`, or a
 *   list of a union or interface that includes `T`; root types never are) is a warning: AppSync
 *   calls it with batches of one.
 *
 * @example
 * import { buildAppSyncSchema } from 'appsync-direct/emulator';
 *
 * const report = checkRoutes({
 *   schema: buildAppSyncSchema('type Query { getPost(id: ID!): Post } type Post { id: ID! }'),
 *   routes: [{ typeName: 'Query', fieldName: 'getPots', kind: 'resolver' }],
 * });
 * report.findings[0]?.message;
 * // 'Query.getPots is not a field of the schema; did you mean Query.getPost?'
 */
export function checkRoutes(options: CheckOptions): CheckReport {
  const { schema, routes } = options;
  const patterns = (options.require ?? []).map(patternOf);
  const objects = Object.values(schema.getTypeMap()).filter(
    (type): type is GraphQLObjectType => isObjectType(type) && !isIntrospectionType(type),
  );
  const roots = new Set(
    [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap(
      (type) => (type ? [type.name] : []),
    ),
  );
  const keys = objects.flatMap((type) =>
    Object.keys(type.getFields()).map((f) => `${type.name}.${f}`),
  );
  const findings: CheckFinding[] = [];

  // The routes that name fields of object types, and the fields they name.
  const served = new Map<string, { route: CheckRoute; field: GraphQLField<unknown, unknown> }>();
  for (const route of routes) {
    const key = `${route.typeName}.${route.fieldName}`;
    const type = schema.getType(route.typeName);
    if (type === undefined || type === null || isIntrospectionType(type)) {
      findings.push(unknownRoute(key, 'unknown-type', route, schema, keys));
    } else if (!isObjectType(type)) {
      findings.push(notObjectRoute(key, type, schema));
    } else {
      const field = type.getFields()[route.fieldName];
      if (field === undefined)
        findings.push(unknownRoute(key, 'unknown-field', route, schema, keys));
      else served.set(key, { route, field });
    }
  }

  // Batch resolvers whose parent never arrives in a list.
  const listed = listedTypes(schema);
  for (const [key, { route }] of served) {
    if (route.kind !== 'batch') continue;
    if (roots.has(route.typeName)) {
      findings.push({
        severity: 'warning',
        rule: 'batch-of-one',
        key,
        origin: 'route',
        message: `${key} is a batchResolver on the root type ${route.typeName}: AppSync batches it only when one request selects the field more than once (under aliases), so its batches mostly hold one item; a plain resolver does the same work`,
      });
    } else if (isNeverBatched(route, roots)) {
      findings.push({
        severity: 'warning',
        rule: 'never-batched',
        key,
        origin: 'route',
        message: neverBatchedMessage(route),
      });
    } else if (!listed.has(route.typeName)) {
      findings.push({
        severity: 'warning',
        rule: 'batch-of-one',
        key,
        origin: 'route',
        message: `${key} is a batchResolver, but ${route.typeName} is never in a list nor below one: AppSync batches it only when one request selects several ${route.typeName} values (under aliases, or through several fields), so its batches mostly hold one item; a plain resolver does the same work`,
      });
    }
  }

  // Fields nothing serves: on root types, and on types that no served field produces.
  const produced = producedTypes(schema, served);
  const matchedPatterns = new Set<Pattern>();
  for (const type of objects) {
    const root = roots.has(type.name);
    for (const field of Object.values(type.getFields())) {
      const key = `${type.name}.${field.name}`;
      const matching = patterns.filter((pattern) => pattern.test(type.name, field.name));
      for (const pattern of matching) matchedPatterns.add(pattern);
      if (served.has(key) || (!root && produced.has(type.name))) continue;
      const required = matching[0];
      const why = root
        ? ''
        : `, and nothing served returns ${type.name}, so no parent value supplies it`;
      findings.push({
        severity: required === undefined ? 'info' : 'error',
        rule: 'unserved-field',
        key,
        origin: 'schema',
        message:
          required === undefined
            ? `${key} is not served by any resolver here${why}`
            : `${key} is required (${required.source}) but not served by any resolver here${why}`,
        ...at(field),
      });
    }
  }

  for (const pattern of patterns) {
    if (matchedPatterns.has(pattern)) continue;
    const suggestion = suggestPattern(pattern.source, objects);
    findings.push({
      severity: 'warning',
      rule: 'unmatched-require',
      key: pattern.source,
      origin: 'require',
      message: `the required pattern ${pattern.source} matches no field of the schema${suggestion === undefined ? '' : `; did you mean ${suggestion}?`}`,
      ...(suggestion === undefined ? {} : { suggestion }),
    });
  }

  const sorted = sortFindings(findings, routes);
  const errors = sorted.filter((f) => f.severity === 'error').length;
  return {
    ok: errors === 0,
    errors,
    warnings: sorted.filter((f) => f.severity === 'warning').length,
    unserved: sorted.filter((f) => f.rule === 'unserved-field').length,
    routes: routes.length,
    fields: keys.length,
    findings: sorted,
  };
}

/** A `require` pattern, compiled. */
interface Pattern {
  source: string;
  test(typeName: string, fieldName: string): boolean;
}

function patternOf(source: string): Pattern {
  if (typeof source !== 'string' || !PATTERN.test(source)) {
    throw new TypeError(
      `checkRoutes: a require pattern is Type.field, where * stands for any part of a name (Query.*, *.author, Post.comments); received ${JSON.stringify(source)}.`,
    );
  }
  const [typePart, fieldPart] = source.split('.') as [string, string];
  const regex = (part: string): RegExp => new RegExp(`^${part.replaceAll('*', '.*')}$`);
  const typeRegex = regex(typePart);
  const fieldRegex = regex(fieldPart);
  return {
    source,
    test: (typeName, fieldName) => typeRegex.test(typeName) && fieldRegex.test(fieldName),
  };
}

/** For a pattern that matches nothing: the same pattern with its type or field name corrected. */
function suggestPattern(source: string, objects: readonly GraphQLObjectType[]): string | undefined {
  const [typePart, fieldPart] = source.split('.') as [string, string];
  if (!typePart.includes('*') && !objects.some((type) => type.name === typePart)) {
    const type = closest(
      typePart,
      objects.map((t) => t.name),
    );
    if (type !== undefined) return `${type}.${fieldPart}`;
  }
  if (!fieldPart.includes('*')) {
    const names = new Set(objects.flatMap((type) => Object.keys(type.getFields())));
    const field = closest(fieldPart, [...names]);
    if (field !== undefined) return `${typePart}.${field}`;
  }
  return undefined;
}

/** The field's name in the SDL, as `{ line, column }` (1-based), when it was parsed. */
function at(field: GraphQLField<unknown, unknown>): { line?: number; column?: number } {
  const token = field.astNode?.name.loc?.startToken;
  return token === undefined ? {} : { line: token.line, column: token.column };
}

function unknownRoute(
  key: string,
  rule: 'unknown-type' | 'unknown-field',
  route: CheckRoute,
  schema: GraphQLSchema,
  keys: readonly string[],
): CheckFinding {
  const suggestion = suggestKey(route, schema, keys);
  let message = `${key} is not a field of the schema`;
  if (rule === 'unknown-type') message += `, which has no type ${route.typeName}`;
  if (suggestion !== undefined) {
    message += `; did you mean ${suggestion}?`;
  } else if (rule === 'unknown-field') {
    const fields = Object.keys((schema.getType(route.typeName) as GraphQLObjectType).getFields());
    message += `; the fields of ${route.typeName} are ${listOf(fields)}`;
  } else {
    const typeNames = new Set(keys.map((k) => k.slice(0, k.indexOf('.'))));
    message += `; its object types are ${listOf([...typeNames])}`;
  }
  return {
    severity: 'error',
    rule,
    key,
    origin: 'route',
    message,
    ...(suggestion === undefined ? {} : { suggestion }),
  };
}

/** The key most likely meant: the nearest key overall, else the nearest type, then field. */
function suggestKey(
  route: CheckRoute,
  schema: GraphQLSchema,
  keys: readonly string[],
): string | undefined {
  const nearest = closest(`${route.typeName}.${route.fieldName}`, keys);
  if (nearest !== undefined) return nearest;
  const typeNames = [...new Set(keys.map((key) => key.slice(0, key.indexOf('.'))))];
  const typeName = typeNames.includes(route.typeName)
    ? route.typeName
    : closest(route.typeName, typeNames);
  if (typeName === undefined) return undefined;
  const fields = Object.keys((schema.getType(typeName) as GraphQLObjectType).getFields());
  const fieldName = fields.includes(route.fieldName)
    ? route.fieldName
    : closest(route.fieldName, fields);
  return fieldName === undefined ? undefined : `${typeName}.${fieldName}`;
}

function notObjectRoute(key: string, type: GraphQLNamedType, schema: GraphQLSchema): CheckFinding {
  const what = isInputObjectType(type)
    ? 'an input type'
    : isEnumType(type)
      ? 'an enum'
      : isUnionType(type)
        ? 'a union'
        : isInterfaceType(type)
          ? 'an interface'
          : 'a scalar';
  let message = `${key} is not a field of an object type: ${type.name} is ${what}, and resolvers attach to fields of object types`;
  if (isUnionType(type) || isInterfaceType(type)) {
    const members = schema.getPossibleTypes(type).map((member) => member.name);
    message +=
      members.length === 0
        ? ''
        : `; register it on the ${isUnionType(type) ? 'member' : 'implementing'} types instead (${listOf(members)})`;
  }
  return { severity: 'error', rule: 'not-object-type', key, origin: 'route', message };
}

function listOf(names: readonly string[], most = 10): string {
  return names.length <= most
    ? names.join(', ')
    : `${names.slice(0, most).join(', ')} and ${names.length - most} more`;
}

/** The object types a union or interface may be, or the type itself if it is an object type. */
function objectsOf(type: GraphQLNamedType, schema: GraphQLSchema): readonly GraphQLObjectType[] {
  if (isObjectType(type)) return [type];
  if (isUnionType(type) || isInterfaceType(type)) return schema.getPossibleTypes(type);
  return [];
}

/**
 * The object types whose values some served field returns: each served field's type, and then,
 * for every field of such a type that is not served, that field's type (the parent value carries
 * it).
 */
function producedTypes(
  schema: GraphQLSchema,
  served: ReadonlyMap<string, { field: GraphQLField<unknown, unknown> }>,
): Set<string> {
  const produced = new Set<string>();
  const queue: GraphQLObjectType[] = [];
  const add = (type: GraphQLOutputType): void => {
    for (const object of objectsOf(getNamedType(type), schema)) {
      if (produced.has(object.name)) continue;
      produced.add(object.name);
      queue.push(object);
    }
  };
  for (const { field } of served.values()) add(field.type);
  for (let object = queue.shift(); object !== undefined; object = queue.shift()) {
    for (const field of Object.values(object.getFields())) {
      if (!served.has(`${object.name}.${field.name}`)) add(field.type);
    }
  }
  return produced;
}

/**
 * The object types whose values can arrive many to a request, so that AppSync batches their
 * fields: the items of a list somewhere (a field of an object or interface type returns `[T]`, at
 * any depth of lists and any nullability, or a list of a union or interface `T` belongs to), and
 * then every type a field of such a type returns (each item resolves its own fields: a
 * connection's `edges: [Edge]` makes each `Edge.node` a `Post` of many).
 */
function listedTypes(schema: GraphQLSchema): Set<string> {
  const listed = new Set<string>();
  const queue: GraphQLObjectType[] = [];
  const add = (type: GraphQLOutputType): void => {
    for (const object of objectsOf(getNamedType(type), schema)) {
      if (listed.has(object.name)) continue;
      listed.add(object.name);
      queue.push(object);
    }
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type) || !(isObjectType(type) || isInterfaceType(type))) continue;
    for (const field of Object.values(type.getFields())) {
      if (isList(field.type)) add(field.type);
    }
  }
  for (let object = queue.shift(); object !== undefined; object = queue.shift()) {
    for (const field of Object.values(object.getFields())) add(field.type);
  }
  return listed;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(type) || (isNonNullType(type) && isListType(type.ofType));
}

const SEVERITY_RANK: Readonly<Record<CheckSeverity, number>> = { error: 0, warning: 1, info: 2 };
const ORIGIN_RANK: Readonly<Record<CheckFinding['origin'], number>> = {
  route: 0,
  require: 1,
  schema: 2,
};

/** Errors, warnings, infos; each in route order, then `require` order, then schema order. */
function sortFindings(findings: CheckFinding[], routes: readonly CheckRoute[]): CheckFinding[] {
  const routeOrder = new Map(routes.map((route, i) => [`${route.typeName}.${route.fieldName}`, i]));
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const x = a.finding;
      const y = b.finding;
      return (
        SEVERITY_RANK[x.severity] - SEVERITY_RANK[y.severity] ||
        ORIGIN_RANK[x.origin] - ORIGIN_RANK[y.origin] ||
        (routeOrder.get(x.key) ?? 0) - (routeOrder.get(y.key) ?? 0) ||
        (x.line ?? Number.MAX_SAFE_INTEGER) - (y.line ?? Number.MAX_SAFE_INTEGER) ||
        (x.column ?? 0) - (y.column ?? 0) ||
        a.index - b.index
      );
    })
    .map(({ finding }) => finding);
}
