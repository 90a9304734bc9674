import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLIncludeDirective,
  type GraphQLNamedType,
  type GraphQLResolveInfo,
  type GraphQLSchema,
  GraphQLSkipDirective,
  type GraphQLType,
  getDirectiveValues,
  getNamedType,
  isAbstractType,
  isCompositeType,
  isObjectType,
  Kind,
  print,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** The two selection views AppSync puts in `info` (PROTOCOL.md §2.1). */
export interface SelectionInfo {
  selectionSetList: string[];
  selectionSetGraphQL: string;
}

const EMPTY: SelectionInfo = Object.freeze({ selectionSetList: [], selectionSetGraphQL: '' });

type Fragments = Record<string, FragmentDefinitionNode>;
type Variables = Record<string, unknown>;

/**
 * `selectionSetList` and `selectionSetGraphQL` of the field being resolved, by the rules of
 * AppSync's resolver context reference (`info`):
 *
 * - `selectionSetList` lists the sub-fields depth first, nested ones as `parent/child`; an
 *   aliased field appears under its alias only; the fields of named fragments and of inline
 *   fragments are flattened in where they are spread; a field selected twice appears once.
 * - Only fields that belong to the field's own type are listed: for an interface or union, the
 *   fields selected inside `... on Concrete` fragments are left out (the reference's `node`
 *   example lists only `id`). `__typename` is a meta-field, not a field of the type, and is left
 *   out too; `@skip` and `@include` are applied.
 * - `selectionSetGraphQL` is the selection set printed as GraphQL, two spaces per level. Named
 *   fragments are not merged in: a spread stays `... name`, while inline fragments are kept as
 *   written (`... on Post { … }`), as in the reference's example.
 * - A field of a scalar or enum type has no selection: `[]` and `""`.
 */
export function selectionInfo(info: GraphQLResolveInfo): SelectionInfo {
  const type = getNamedType(info.returnType);
  if (!isCompositeType(type)) return EMPTY;
  const selections = subSelections(info.fieldNodes);
  const list: string[] = [];
  collect(
    info.schema,
    type,
    selections,
    { fragments: info.fragments, variables: info.variableValues as Variables },
    '',
    list,
  );
  return { selectionSetList: list, selectionSetGraphQL: printSelections(selections, '') };
}

interface Operation {
  fragments: Fragments;
  variables: Variables;
}

function included(node: SelectionNode, variables: Variables): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** Whether a fragment with this type condition applies to every value of `type`. */
function applies(schema: GraphQLSchema, condition: string | undefined, type: GraphQLNamedType) {
  if (condition === undefined || condition === type.name) return true;
  const conditionType = schema.getType(condition);
  return (
    conditionType !== undefined &&
    isAbstractType(conditionType) &&
    isObjectType(type) &&
    schema.isSubType(conditionType, type)
  );
}

function collect(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  selections: readonly SelectionNode[],
  operation: Operation,
  prefix: string,
  out: string[],
): void {
  const fields = new Map<string, FieldNode[]>();
  const spread = new Set<string>();
  const walk = (nodes: readonly SelectionNode[]): void => {
    for (const node of nodes) {
      if (!included(node, operation.variables)) continue;
      if (node.kind === Kind.FIELD) {
        if (node.name.value.startsWith('__')) continue;
        const key = node.alias?.value ?? node.name.value;
        const same = fields.get(key);
        if (same === undefined) fields.set(key, [node]);
        else same.push(node);
      } else if (node.kind === Kind.INLINE_FRAGMENT) {
        if (applies(schema, node.typeCondition?.name.value, type)) {
          walk(node.selectionSet.selections);
        }
      } else {
        const name = node.name.value;
        const fragment = operation.fragments[name];
        if (spread.has(name) || fragment === undefined) continue;
        spread.add(name);
        if (applies(schema, fragment.typeCondition.name.value, type)) {
          walk(fragment.selectionSet.selections);
        }
      }
    }
  };
  walk(selections);
  const fieldMap = 'getFields' in type ? type.getFields() : {};
  for (const [key, nodes] of fields) {
    const path = prefix === '' ? key : `${prefix}/${key}`;
    out.push(path);
    // A validated document selects only fields its types define.
    const definition = fieldMap[(nodes[0] as FieldNode).name.value] as { type: GraphQLType };
    const child = getNamedType(definition.type);
    if (isCompositeType(child)) collect(schema, child, subSelections(nodes), operation, path, out);
  }
}

/** The selections under these field nodes; a validated field of a composite type has some. */
function subSelections(nodes: readonly FieldNode[]): SelectionNode[] {
  return nodes.flatMap((node) => (node.selectionSet as SelectionSetNode).selections);
}

function printSelections(selections: readonly SelectionNode[], indent: string): string {
  if (selections.length === 0) return '';
  const inner = `${indent}  `;
  const lines = selections.map((selection) => `${inner}${printSelection(selection, inner)}`);
  return `{\n${lines.join('\n')}\n${indent}}`;
}

function printSelection(node: SelectionNode, indent: string): string {
  const directives = node.directives?.map((directive) => ` ${print(directive)}`).join('') ?? '';
  if (node.kind === Kind.FRAGMENT_SPREAD) return `... ${node.name.value}${directives}`;
  const body = printSelections(node.selectionSet?.selections ?? [], indent);
  if (node.kind === Kind.INLINE_FRAGMENT) {
    const condition = node.typeCondition ? ` on ${node.typeCondition.name.value}` : '';
    return `...${condition}${directives} ${body}`;
  }
  const alias = node.alias ? `${node.alias.value}: ` : '';
  const args = node.arguments?.length
    ? `(${node.arguments.map((argument) => print(argument)).join(', ')})`
    : '';
  return `${alias}${node.name.value}${args}${directives}${body === '' ? '' : ` ${body}`}`;
}
