import {
  type GraphQLEnumValue,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInterfaceType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from 'graphql';

const MAX_DEPTH = 2;

/**
 * A first query for the IDE: the schema's first `Query` field with its required arguments filled
 * with placeholders, its scalar fields, and one level of nested objects (where batching shows).
 *
 * @example
 * defaultQuery(schema);
 * // '# Run it with the ▶ button or Ctrl-Enter.\nquery {\n  getPost(id: "1") {\n    id …'
 */
export function defaultQuery(schema: GraphQLSchema): string {
  const query = schema.getQueryType();
  const field =
    query === null || query === undefined ? undefined : Object.values(query.getFields())[0];
  const intro = '# Run it with the ▶ button or Ctrl-Enter.\n';
  if (field === undefined) return `${intro}query {\n  __typename\n}\n`;
  return `${intro}query {\n${fieldLines(field, 1).join('\n')}\n}\n`;
}

function fieldLines(field: GraphQLField<unknown, unknown>, depth: number): string[] {
  const indent = '  '.repeat(depth);
  const args = field.args
    .filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)
    .map((arg) => `${arg.name}: ${placeholder(arg.type)}`);
  const head = `${indent}${field.name}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
  const type = getNamedType(field.type);
  if (isLeafType(type)) return [head];
  if (!isObjectType(type) && !isInterfaceType(type))
    return [`${head} {`, `${indent}  __typename`, `${indent}}`];
  const children = Object.values(type.getFields()).flatMap((child) => {
    const childType = getNamedType(child.type);
    if (child.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) {
      return [];
    }
    if (isLeafType(childType)) return fieldLines(child, depth + 1);
    return depth < MAX_DEPTH ? fieldLines(child, depth + 1) : [];
  });
  if (children.length === 0) children.push(`${indent}  __typename`);
  return [`${head} {`, ...children, `${indent}}`];
}

function placeholder(type: GraphQLInputType): string {
  const named = getNamedType(type);
  // A valid schema's enums have at least one value.
  if (isEnumType(named)) return (named.getValues()[0] as GraphQLEnumValue).name;
  switch (named.name) {
    case 'Int':
    case 'Float':
    case 'AWSTimestamp':
      return '1';
    case 'Boolean':
      return 'true';
    default:
      return isLeafType(named) ? '"1"' : '{}';
  }
}
