import {
  type ASTNode,
  assertValidSchema,
  type DefinitionNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLAbstractType,
  type GraphQLError,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  GraphQLSchema,
  getLocation,
  getNamedType,
  isAbstractType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type Location,
  LoneAnonymousOperationRule,
  type NameNode,
  NoUnusedFragmentsRule,
  type OperationDefinitionNode,
  parse,
  print,
  SchemaMetaFieldDef,
  type SelectionSetNode,
  Source,
  specifiedRules,
  TypeMetaFieldDef,
  typeFromAST,
  UniqueOperationNamesRule,
  validate,
} from 'graphql';
import { buildAppSyncSchema } from '../engine/schema.js';
import { type CodegenOptions, DEFAULT_SCALARS, Printer, type ScalarMapping } from './generate.js';
import { arrayElement, LINE_BREAK, layoutProperty, WIDTH } from './layout.js';

/** A GraphQL document to generate typed operations from: its path (for messages) and its text. */
export interface DocumentFile {
  path: string;
  text: string;
}

/** One thing wrong with the documents, where it is: `path:line:column: message`. */
export interface DocumentProblem {
  path: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The documents cannot be typed: a syntax error, an anonymous operation, two operations of the
 * same name, or an operation that is not valid against the schema. `problems` lists every one;
 * the message has one `path:line:column: message` line per problem.
 */
export class InvalidDocumentError extends Error {
  override readonly name = 'InvalidDocumentError';
  readonly problems: readonly DocumentProblem[];

  constructor(problems: readonly DocumentProblem[]) {
    super(
      problems
        .map(({ path, line, column, message }) => `${path}:${line}:${column}: ${message}`)
        .join('\n'),
    );
    this.problems = problems;
  }
}

/**
 * The TypeScript type of each scalar in typed operations: {@link DEFAULT_SCALARS}, except that
 * AWSJSON is `string` both ways, because a client sends an AWSJSON variable and receives an
 * AWSJSON field as JSON text (it is the resolver that sees the value parsed).
 */
export const DEFAULT_DOCUMENT_SCALARS: Readonly<Record<string, ScalarMapping>> = Object.freeze({
  ...DEFAULT_SCALARS,
  AWSJSON: 'string',
});

const KIND_SUFFIX = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

/** Names a `const` cannot have in an ES module, or that the file imports. */
const RESERVED_VALUES = new Set([
  'TypedDocument',
  'arguments',
  'eval',
  'false',
  'null',
  'true',
  ...'await break case catch class const continue debugger default delete do else enum export extends finally for function if implements import in instanceof interface let new package private protected public return static super switch this throw try typeof var void while with yield'.split(
    ' ',
  ),
]);

/** Rules graphql-js checks that the generator replaces, or that do not apply across files. */
const SKIPPED_RULES = new Set<unknown>([
  // Replaced by messages that say why a name is needed and where the other operation is.
  LoneAnonymousOperationRule,
  UniqueOperationNamesRule,
  // A file of fragments that no operation uses yet is harmless: nothing is generated from it.
  NoUnusedFragmentsRule,
]);
const RULES = specifiedRules.filter((rule) => !SKIPPED_RULES.has(rule));

/**
 * Writes a TypeScript module of typed operations for `appsync-direct/client`: for each named
 * query, mutation and subscription of the documents, its result type (`GetPostQuery`: exactly
 * the fields selected, fragments merged, `__typename` as a literal, a union member per object
 * type of a union or interface when types differ), its variables type (`GetPostQueryVariables`)
 * and the document itself as a `TypedDocument` (`GetPost`): the operation and every fragment it
 * uses, as graphql-js prints them. The scalars, enums and input types these refer to are declared
 * in the module, as `generateTypes` writes them, so it needs no other generated file.
 *
 * Fragments may be defined in any of the documents. Operations come in order of name; the output
 * is deterministic and formatted as Biome formats it. Throws {@link InvalidDocumentError} listing
 * every problem when the documents do not parse, an operation has no name or the name of another,
 * or an operation is not valid against the schema.
 *
 * @example
 * const code = generateDocuments(readFileSync('schema.graphql', 'utf8'), [
 *   { path: 'src/posts.graphql', text: readFileSync('src/posts.graphql', 'utf8') },
 * ]);
 * writeFileSync('src/operations.generated.ts', code);
 */
export function generateDocuments(
  schema: string | GraphQLSchema,
  documents: readonly (string | DocumentFile)[],
  options: CodegenOptions = {},
): string {
  const built = schema instanceof GraphQLSchema ? schema : buildAppSyncSchema(schema);
  assertValidSchema(built);
  const files = documents.map((document, i) =>
    typeof document === 'string' ? { path: `document ${i + 1}`, text: document } : document,
  );
  const { operations, fragments } = readDocuments(built, files);
  return new OperationsPrinter(built, options, operations, fragments).print();
}

/** A named operation and the name of its exported document. */
interface Operation {
  node: OperationDefinitionNode;
  name: string;
  constName: string;
  result: string;
  variables: string;
}

/** Parses and validates the documents: their named operations in order of name, and fragments. */
function readDocuments(
  schema: GraphQLSchema,
  files: readonly DocumentFile[],
): { operations: Omit<Operation, 'constName'>[]; fragments: Map<string, FragmentDefinitionNode> } {
  const problems: DocumentProblem[] = [];
  const definitions: DefinitionNode[] = [];
  for (const file of files) {
    try {
      definitions.push(...parse(new Source(file.text, file.path)).definitions);
    } catch (error) {
      problems.push(problemOf(error as GraphQLError));
    }
  }
  const operations: Omit<Operation, 'constName'>[] = [];
  const named = new Map<string, OperationDefinitionNode>();
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) {
      if (!fragments.has(definition.name.value)) fragments.set(definition.name.value, definition);
      continue;
    }
    if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
    const name = definition.name?.value;
    if (name === undefined) {
      problems.push(
        at(
          definition,
          `An anonymous ${definition.operation}: give it a name, which names its document and types in the generated module (${definition.operation} GetPost { … }).`,
        ),
      );
      continue;
    }
    const first = named.get(name);
    if (first !== undefined) {
      const where = at(first.name as NameNode, '');
      problems.push(
        at(
          definition.name as NameNode,
          `There is already an operation named "${name}", at ${where.path}:${where.line}:${where.column}: the name is that of an export, so operation names are unique across the documents.`,
        ),
      );
      continue;
    }
    named.set(name, definition);
    const suffix = KIND_SUFFIX[definition.operation];
    operations.push({
      node: definition,
      name,
      result: `${name}${suffix}`,
      variables: `${name}${suffix}Variables`,
    });
  }
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions };
  for (const error of validate(schema, document, RULES)) problems.push(problemOf(error));
  if (problems.length > 0) {
    throw new InvalidDocumentError(
      problems.sort((a, b) => compare(a.path, b.path) || a.line - b.line || a.column - b.column),
    );
  }
  return { operations: operations.sort((a, b) => compare(a.name, b.name)), fragments };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A problem at a node of a parsed document (which has its location). */
function at(node: ASTNode, message: string): DocumentProblem {
  const loc = node.loc as Location;
  const { line, column } = getLocation(loc.source, loc.start);
  return { path: loc.source.name, line, column, message };
}

/**
 * A graphql-js error as a problem: at its first node, naming the places of the others, or (a
 * syntax error, which has no node) at its location in its source.
 */
function problemOf(error: GraphQLError): DocumentProblem {
  const nodes = error.nodes ?? [];
  if (nodes.length === 0) {
    const { line, column } = error.locations?.[0] ?? { line: 1, column: 1 };
    return { path: error.source?.name ?? '', line, column, message: error.message };
  }
  const [first, ...others] = nodes.map((node) => at(node, error.message));
  const also = others.map(({ path, line, column }) => `${path}:${line}:${column}`).join(', ');
  const place = first as DocumentProblem;
  return also === '' ? place : { ...place, message: `${place.message} (see also ${also})` };
}

// -- the shape of a result ------------------------------------------------------------------------

/** A TypeScript type under construction: objects are written one field per line. */
type Shape =
  | { kind: 'text'; text: string }
  | { kind: 'object'; fields: readonly ShapeField[] }
  | { kind: 'list'; of: Shape }
  | { kind: 'union'; members: readonly Shape[] };

interface ShapeField {
  key: string;
  optional: boolean;
  type: Shape;
}

const NULL: Shape = { kind: 'text', text: 'null' };
const NEVER: Shape = { kind: 'text', text: 'never' };

/** An object without fields, written so that it reads as one (`{}` is any value but null). */
const EMPTY = '{ [key: string]: never }';

/** A union of the members, nested unions flattened and repeats dropped: one member is itself. */
function union(members: readonly Shape[]): Shape {
  const seen = new Set<string>();
  const flat: Shape[] = [];
  for (const member of members.flatMap((m) => (m.kind === 'union' ? m.members : [m]))) {
    const key = JSON.stringify(member);
    if (seen.has(key)) continue;
    seen.add(key);
    flat.push(member);
  }
  // An interface no object type implements has no value: `never`, or `null` when nullable.
  const kept = flat.length > 1 ? flat.filter((member) => member !== NEVER) : flat;
  if (kept.length === 0) return NEVER;
  return kept.length === 1 ? (kept[0] as Shape) : { kind: 'union', members: kept };
}

/** The type on one line when it holds no object with fields (which is always broken). */
function flatText(shape: Shape): string | undefined {
  switch (shape.kind) {
    case 'text':
      return shape.text;
    case 'object':
      return shape.fields.length === 0 ? EMPTY : undefined;
    case 'list': {
      const of = flatText(shape.of);
      return of === undefined ? undefined : `readonly ${arrayElement(of)}[]`;
    }
    case 'union': {
      const members = shape.members.map(flatText);
      return members.every((member) => member !== undefined) ? members.join(' | ') : undefined;
    }
  }
}

/** `{ … } | null`: Biome keeps the `| null` on the object's closing line. */
function hugs(shape: Shape): boolean {
  return (
    shape.kind === 'union' &&
    shape.members.length === 2 &&
    shape.members[0]?.kind === 'object' &&
    shape.members[1] === NULL
  );
}

/**
 * The lines of a type as Biome lays it out: on one line when it holds no object with fields;
 * else the first line goes after what precedes it (`name: `, `| `) and the others carry their
 * indentation, `indent` being that of the line the type starts on.
 */
function render(shape: Shape, indent: string): string[] {
  const text = flatText(shape);
  if (text !== undefined) return [text];
  if (shape.kind === 'object') {
    return [
      '{',
      ...shape.fields.flatMap((field) => fieldLines(field, `${indent}  `)),
      `${indent}}`,
    ];
  }
  if (shape.kind === 'list') {
    const { of } = shape;
    const bare = of.kind === 'object' || (of.kind === 'union' && !hugs(of));
    return wrap(render(of, indent), bare ? 'readonly ' : 'readonly (', bare ? '[]' : ')[]');
  }
  // A union with an object: `{ … } | null` hugs, any other is broken in parentheses.
  const { members } = shape as Extract<Shape, { kind: 'union' }>;
  if (hugs(shape)) return wrap(render(members[0] as Shape, indent), '', ' | null');
  return ['(', ...memberLines(members, `${indent}  `), `${indent})`];
}

/** Each member of a broken union on its own `| member` line, at `indent`. */
function memberLines(shapes: readonly Shape[], indent: string): string[] {
  return shapes.flatMap((shape) => wrap(render(shape, `${indent}  `), `${indent}| `, ''));
}

/** The lines of `key: type;` in an object type. */
function fieldLines(field: ShapeField, indent: string): string[] {
  const key = `${field.key}${field.optional ? '?' : ''}`;
  const text = flatText(field.type);
  if (text !== undefined) return layoutProperty(indent, key, text);
  if (field.type.kind === 'union' && !hugs(field.type)) {
    return wrap([`${indent}${key}:`, ...memberLines(field.type.members, `${indent}  `)], '', ';');
  }
  return wrap(render(field.type, indent), `${indent}${key}: `, ';');
}

/**
 * `export type Name = type;` as Biome lays it out. When `export type Name = {` does not fit, the
 * type goes on the next line; an object without fields (`{ [key: string]: never }`, the only
 * object that is flat here) is broken first, if that makes `{` fit.
 */
function aliasLines(name: string, shape: Shape): string[] {
  const head = `export type ${name} =`;
  const fits = `${head} {`.length <= WIDTH;
  const text = flatText(shape);
  if (text !== undefined) {
    if (`${head} ${text};`.length <= WIDTH) return [`${head} ${text};`];
    return fits ? [`${head} {`, `  ${text.slice(2, -2)};`, '};'] : [head, `  ${text};`];
  }
  return fits
    ? wrap(render(shape, ''), `${head} `, ';')
    : [head, ...wrap(render(shape, '  '), '  ', ';')];
}

/** The lines with `before` put in front of the first and `after` behind the last. */
function wrap(lines: readonly string[], before: string, after: string): string[] {
  return lines.map(
    (line, i) => `${i === 0 ? before : ''}${line}${i === lines.length - 1 ? after : ''}`,
  );
}

// -- the module -----------------------------------------------------------------------------------

/** Whether a field, fragment or inline fragment is in the response: always, never, or it depends. */
type Inclusion = 'always' | 'never' | 'maybe';

/** The response keys of a selection on one object type, with their field nodes. */
interface Collected {
  nodes: FieldNode[];
  /** Selected without a condition that a variable decides (`@include(if: $x)`). */
  always: boolean;
}

class OperationsPrinter {
  private readonly printer: Printer;
  private readonly operations: readonly Operation[];
  /** The named types the module refers to: scalars, enums and input types. */
  private readonly used = new Set<string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: CodegenOptions,
    operations: readonly Omit<Operation, 'constName'>[],
    private readonly fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  ) {
    this.printer = new Printer(
      schema,
      // Only AWSJSON differs from the defaults; a built-in scalar is declared only when remapped.
      {
        ...options,
        scalars: { AWSJSON: DEFAULT_DOCUMENT_SCALARS.AWSJSON as string, ...options.scalars },
      },
      {
        client: true,
        reserved: ['TypedDocument', ...operations.flatMap((op) => [op.result, op.variables])],
      },
    );
    const taken = new Set(operations.map((operation) => operation.name));
    this.operations = operations.map((operation) => {
      let constName = operation.name;
      if (RESERVED_VALUES.has(constName)) {
        constName += '_';
        while (taken.has(constName)) constName += '_';
        taken.add(constName);
      }
      return { ...operation, constName };
    });
  }

  print(): string {
    const out = [
      '// Generated by appsync-direct codegen from the AppSync schema and GraphQL documents. Do not edit.',
    ];
    for (const entry of this.options.header ?? []) {
      for (const line of entry.split(LINE_BREAK)) out.push(`// ${line}`.trimEnd());
    }
    const body = this.operations.flatMap((operation) => ['', ...this.operation(operation)]);
    if (this.operations.length > 0) {
      out.push('', "import type { TypedDocument } from 'appsync-direct/client';");
    }
    out.push(...this.printer.declarations(this.used));
    if (this.operations.length > 0) {
      out.push('', '// Operations: the result, the variables and the document of each', ...body);
    }
    return `${out.join('\n')}\n`;
  }

  private operation(operation: Operation): string[] {
    const { node } = operation;
    const root = this.schema.getRootType(node.operation) as GraphQLObjectType;
    return [
      ...aliasLines(operation.result, this.objectShape(root, [node.selectionSet])),
      '',
      ...aliasLines(operation.variables, this.variablesShape(node)),
      '',
      ...this.documentLines(operation),
    ];
  }

  /** The variables as an object type: without any, an object that takes no property. */
  private variablesShape(node: OperationDefinitionNode): Shape {
    const variables = node.variableDefinitions ?? [];
    if (variables.length === 0) return { kind: 'text', text: '{ [name: string]: never }' };
    const fields = variables.map((variable): ShapeField => {
      const type = typeFromAST(this.schema, variable.type) as GraphQLInputType;
      this.recordInput(type);
      return {
        key: variable.variable.name.value,
        // A non-null variable with a default may be left out, but not be null.
        optional: !isNonNullType(type) || variable.defaultValue !== undefined,
        type: { kind: 'text', text: this.printer.inputType(type) },
      };
    });
    return { kind: 'object', fields };
  }

  /** The exported document: the operation and its fragments, in a template literal. */
  private documentLines(operation: Operation): string[] {
    const document: DocumentNode = {
      kind: Kind.DOCUMENT,
      definitions: [operation.node, ...this.fragmentsOf(operation.node.selectionSet)],
    };
    // A template literal keeps the printed lines as they are; only \, ` and ${ need escaping.
    const text = print(document).replace(/\\|`|\$\{/g, (match) => `\\${match}`);
    const lines = text.split('\n');
    // print() writes a selection set over several lines, so the text has a first and a last line.
    const first = lines[0] as string;
    const last = lines[lines.length - 1] as string;
    const middle = lines.slice(1, -1);
    const head = `export const ${operation.constName} = \`${first}`;
    // Biome breaks after `=` when the first line of the template does not fit, and then indents
    // the type arguments one step more when it breaks them.
    const broken = head.length > WIDTH;
    const out = broken
      ? [`export const ${operation.constName} =`, `  \`${first}`, ...middle]
      : [head, ...middle];
    const tail = `${last}\` as TypedDocument<${operation.result}, ${operation.variables}>;`;
    if (tail.length <= WIDTH) return [...out, tail];
    const indent = broken ? '  ' : '';
    return [
      ...out,
      `${last}\` as TypedDocument<`,
      `${indent}  ${operation.result},`,
      `${indent}  ${operation.variables}`,
      `${indent}>;`,
    ];
  }

  /** The fragments a selection set uses, directly or through other fragments, by name. */
  private fragmentsOf(selectionSet: SelectionSetNode): FragmentDefinitionNode[] {
    const found = new Map<string, FragmentDefinitionNode>();
    const visit = (set: SelectionSetNode): void => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const name = selection.name.value;
          const fragment = this.fragments.get(name) as FragmentDefinitionNode;
          if (found.has(name)) continue;
          found.set(name, fragment);
          visit(fragment.selectionSet);
        } else if (selection.selectionSet !== undefined) {
          visit(selection.selectionSet);
        }
      }
    };
    visit(selectionSet);
    return [...found.values()].sort((a, b) => compare(a.name.value, b.name.value));
  }

  /** Records an input type and every type its fields refer to, for the declarations. */
  private recordInput(type: GraphQLInputType): void {
    const named = getNamedType(type);
    if (this.used.has(named.name)) return;
    this.used.add(named.name);
    if (isInputObjectType(named)) {
      for (const field of Object.values(named.getFields())) this.recordInput(field.type);
    }
  }

  // -- results ------------------------------------------------------------------------------------

  /** The type of what the selection sets select on one object type. */
  private objectShape(object: GraphQLObjectType, sets: readonly SelectionSetNode[]): Shape {
    const collected = new Map<string, Collected>();
    for (const set of sets) this.collect(object, set, true, collected);
    const fields = [...collected].map(([key, { nodes, always }]): ShapeField => {
      const node = nodes[0] as FieldNode;
      const name = node.name.value;
      const type: Shape =
        name === '__typename'
          ? { kind: 'text', text: `'${object.name}'` }
          : this.fieldShape(
              this.fieldDefinition(object, name).type,
              nodes.flatMap((field) => (field.selectionSet ? [field.selectionSet] : [])),
            );
      return { key, optional: !always, type };
    });
    return { kind: 'object', fields };
  }

  /** A field of an object type, the introspection fields of the query type included. */
  private fieldDefinition(object: GraphQLObjectType, name: string): GraphQLField<unknown, unknown> {
    if (name === SchemaMetaFieldDef.name) return SchemaMetaFieldDef;
    if (name === TypeMetaFieldDef.name) return TypeMetaFieldDef;
    return object.getFields()[name] as GraphQLField<unknown, unknown>;
  }

  /**
   * Adds the fields a selection set selects on `object` to `collected`, by response key (the
   * alias, or the name), as graphql-js collects them when it executes: fragments whose type
   * condition `object` meets are merged in, others left out.
   */
  private collect(
    object: GraphQLObjectType,
    set: SelectionSetNode,
    always: boolean,
    collected: Map<string, Collected>,
  ): void {
    for (const selection of set.selections) {
      const inclusion = this.inclusion(selection.directives);
      if (inclusion === 'never') continue;
      const certain = always && inclusion === 'always';
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        const entry = collected.get(key) ?? { nodes: [], always: false };
        entry.nodes.push(selection);
        entry.always ||= certain;
        collected.set(key, entry);
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : (this.fragments.get(selection.name.value) as FragmentDefinitionNode);
      const condition = fragment.typeCondition?.name.value;
      if (condition !== undefined && !this.applies(object, condition)) continue;
      this.collect(object, fragment.selectionSet, certain, collected);
    }
  }

  /** Whether a fragment on `condition` applies to `object`. */
  private applies(object: GraphQLObjectType, condition: string): boolean {
    const type = this.schema.getType(condition) as GraphQLNamedType;
    if (type === object) return true;
    return isAbstractType(type) && this.schema.isSubType(type, object);
  }

  /** What `@skip` and `@include` say: a literal decides, a variable leaves it open. */
  private inclusion(directives: readonly DirectiveNode[] | undefined): Inclusion {
    let result: Inclusion = 'always';
    for (const directive of directives ?? []) {
      const skip = directive.name.value === 'skip';
      if (!skip && directive.name.value !== 'include') continue;
      const condition = directive.arguments?.find((argument) => argument.name.value === 'if');
      const value = condition?.value;
      if (value?.kind === Kind.BOOLEAN) {
        if (value.value === skip) return 'never';
      } else {
        result = 'maybe';
      }
    }
    return result;
  }

  /** A field's type: a scalar or an enum as the schema's types name it, objects as selected. */
  private fieldShape(type: GraphQLOutputType, sets: readonly SelectionSetNode[]): Shape {
    const named = getNamedType(type);
    if (isLeafType(named)) {
      this.used.add(named.name);
      return { kind: 'text', text: this.printer.output(type) };
    }
    return this.wrapped(type, sets);
  }

  private wrapped(type: GraphQLOutputType, sets: readonly SelectionSetNode[]): Shape {
    if (isNonNullType(type)) return this.nonNull(type.ofType, sets);
    return union([this.nonNull(type, sets), NULL]);
  }

  private nonNull(type: GraphQLOutputType, sets: readonly SelectionSetNode[]): Shape {
    if (isListType(type)) return { kind: 'list', of: this.wrapped(type.ofType, sets) };
    // An interface or a union: a member per object type, those of the same shape merged.
    const objects = isObjectType(type)
      ? [type]
      : [...this.schema.getPossibleTypes(type as GraphQLAbstractType)].sort((a, b) =>
          compare(a.name, b.name),
        );
    return union(objects.map((object) => this.objectShape(object, sets)));
  }
}
