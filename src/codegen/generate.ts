import {
  assertValidSchema,
  type GraphQLArgument,
  type GraphQLEnumType,
  type GraphQLField,
  type GraphQLInputField,
  type GraphQLInputObjectType,
  type GraphQLInputType,
  type GraphQLInterfaceType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLScalarType,
  GraphQLSchema,
  type GraphQLUnionType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isUnionType,
} from 'graphql';
import { buildAppSyncSchema } from '../engine/schema.js';
import {
  arrayElement,
  KEYWORD_TYPES,
  LINE_BREAK,
  layoutProperty,
  topLevelMembers,
  WIDTH,
} from './layout.js';

/** A scalar's TypeScript type: one for both directions, or one for arguments and one for results. */
export type ScalarMapping = string | { input: string; output: string };

/** Options of {@link generateTypes}. */
export interface CodegenOptions {
  /**
   * TypeScript types for scalars, by GraphQL name, replacing the defaults (see
   * {@link DEFAULT_SCALARS}). A custom scalar without a mapping is `unknown`.
   *
   * @example { AWSJSON: 'Record<string, unknown>', AWSTimestamp: 'number' }
   */
  scalars?: Readonly<Record<string, ScalarMapping>> | undefined;
  /**
   * The lines of the header comment after the first, such as the command that regenerates the
   * file. Default: none.
   */
  header?: readonly string[] | undefined;
}

/**
 * The TypeScript type of each built-in and AppSync scalar, as the value arrives in the Lambda
 * event (arguments) and as a resolver may return it (results). AppSync sends every date, time,
 * e-mail, URL, phone number and IP address as a string and `AWSTimestamp` as a number of seconds;
 * an `AWSJSON` argument arrives parsed (any JSON value), and an `AWSJSON` result may be a value or
 * JSON text (AWS AppSync Developer Guide, "Scalar types in AWS AppSync").
 */
export const DEFAULT_SCALARS: Readonly<Record<string, ScalarMapping>> = Object.freeze({
  ID: 'string',
  String: 'string',
  Int: 'number',
  Float: 'number',
  Boolean: 'boolean',
  AWSDate: 'string',
  AWSTime: 'string',
  AWSDateTime: 'string',
  AWSTimestamp: 'number',
  AWSEmail: 'string',
  AWSJSON: {
    input:
      'string | number | boolean | null | readonly unknown[] | { readonly [key: string]: unknown }',
    output: 'unknown',
  },
  AWSURL: 'string',
  AWSPhone: 'string',
  AWSIPAddress: 'string',
});

const BUILT_IN = new Set(['ID', 'String', 'Int', 'Float', 'Boolean']);

const SCALAR_DOCS: Readonly<Record<string, string>> = {
  AWSDate: 'An extended ISO 8601 date string, `YYYY-MM-DD`, with an optional time zone offset.',
  AWSTime: 'An extended ISO 8601 time string, `hh:mm:ss.sss`, with an optional time zone offset.',
  AWSDateTime: 'An extended ISO 8601 date and time string with a time zone offset.',
  AWSTimestamp: 'A number of seconds since 1970-01-01T00:00Z.',
  AWSEmail: 'An e-mail address (RFC 822).',
  AWSJSON: 'JSON text; an argument arrives parsed, and a result may be a value or JSON text.',
  AWSURL: 'A URL (RFC 1738) with a scheme.',
  AWSPhone: 'A phone number.',
  AWSIPAddress: 'An IPv4 or IPv6 address, with an optional CIDR suffix.',
};

/**
 * The comments of the scalars in a client's file (typed operations): AppSync takes an AWSJSON
 * variable as JSON text and returns an AWSJSON field as JSON text (see DEFAULT_DOCUMENT_SCALARS).
 */
const CLIENT_SCALAR_DOCS: Readonly<Record<string, string>> = {
  ...SCALAR_DOCS,
  AWSJSON:
    'JSON text: AppSync takes an AWSJSON variable, and returns an AWSJSON field, as a string.',
};

/** The comments of a scalar's argument and result aliases, when the two differ. */
const SPLIT_DOCS: Readonly<Record<string, readonly [string, string]>> = {
  AWSJSON: [
    'An AWSJSON argument: AppSync parses the JSON text, so any JSON value arrives.',
    'An AWSJSON result: any value JSON can carry, or JSON text.',
  ],
};

/** Names TypeScript does not accept for a type, or that the file itself declares. */
const RESERVED = new Set([
  ...KEYWORD_TYPES,
  'Schema',
  ...'break case catch class const continue debugger default delete do else enum export extends false finally for function if import in instanceof new return super switch this throw true try typeof var while with implements interface let package private protected public static yield await type as async declare get is keyof module namespace readonly require set infer satisfies of unique'.split(
    ' ',
  ),
]);

/**
 * Writes the TypeScript types of an AppSync schema: every object, input, enum, union, interface
 * and scalar, and a `Schema` map with `{ args; source; result }` per field of every object type,
 * root and nested, for `createResolver<Schema>()`. The output is deterministic (types in
 * alphabetical order, fields in schema order) and formatted (two-space indent, 100 columns).
 *
 * Object types describe what a resolver returns and what the field below receives as
 * `ctx.source`: fields that another resolver may serve (object, union and interface fields, and
 * fields with arguments) are optional, and nullable fields may be left out.
 *
 * @example
 * const code = generateTypes(readFileSync('schema.graphql', 'utf8'));
 * writeFileSync('src/schema.generated.ts', code);
 */
export function generateTypes(
  schema: string | GraphQLSchema,
  options: CodegenOptions = {},
): string {
  const built = schema instanceof GraphQLSchema ? schema : buildAppSyncSchema(schema);
  assertValidSchema(built);
  return new Printer(built, options).print();
}

/** Who reads a file that a {@link Printer} writes, when it is not the resolvers' `Schema` file. */
export interface PrinterSide {
  /**
   * Names the file declares besides the schema's types (such as an operation's result type): a
   * schema type of one of these names gets a trailing `_`, as a reserved name does.
   */
  reserved?: Iterable<string> | undefined;
  /** A client reads the file: scalars are commented as variables and results. */
  client?: boolean | undefined;
}

/**
 * Writes TypeScript declarations of a schema's types: the whole `Schema` file ({@link print}), or
 * the scalars, enums and input types that typed operations use ({@link declarations}), with the
 * names and scalar mapping of both, so the two files agree.
 */
export class Printer {
  private readonly scalars: Readonly<Record<string, ScalarMapping>>;
  private readonly names = new Map<string, string>();
  private readonly roots: ReadonlySet<string>;
  private readonly out: string[] = [];
  private readonly client: boolean;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly options: CodegenOptions,
    side: PrinterSide = {},
  ) {
    this.client = side.client === true;
    this.scalars = { ...DEFAULT_SCALARS, ...options.scalars };
    this.roots = new Set(
      [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap(
        (type) => (type ? [type.name] : []),
      ),
    );
    // A reserved name takes underscores until it names no other type: `Schema` → `Schema_`, or
    // `Schema__` when the schema also has a `Schema_`.
    const reserved = new Set(side.reserved);
    const taken = new Set([...Object.keys(schema.getTypeMap()), ...reserved]);
    for (const name of Object.keys(schema.getTypeMap())) {
      let alias = name;
      if (RESERVED.has(name) || reserved.has(name)) {
        alias = `${name}_`;
        while (taken.has(alias)) alias += '_';
        taken.add(alias);
      }
      this.names.set(name, alias);
    }
  }

  print(): string {
    const types = Object.values(this.schema.getTypeMap())
      .filter((type) => !type.name.startsWith('__'))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const referenced = this.referencedTypes();
    const used = new Set([...referenced].filter((name) => isScalarType(this.schema.getType(name))));
    this.line('// Generated by appsync-direct codegen from the AppSync schema. Do not edit.');
    // A line break inside an entry starts a new comment line, never a line of code.
    for (const entry of this.options.header ?? []) {
      for (const line of entry.split(LINE_BREAK)) this.line(`// ${line}`.trimEnd());
    }
    this.section(
      'Scalars',
      types.filter(isScalarType).filter((type) => this.emitsScalar(type, used)),
      (type) => this.scalar(type),
    );
    this.section(
      'Enums: each arrives, and is returned, as its name in a string',
      types.filter(isEnumType),
      (type) => this.enum(type),
    );
    this.section('Input types', types.filter(isInputObjectType), (type) => this.input(type));
    this.section(
      'Object types: what a resolver returns, and what the fields below it receive as ctx.source',
      types.filter(
        (type): type is GraphQLObjectType =>
          isObjectType(type) && (!this.roots.has(type.name) || referenced.has(type.name)),
      ),
      (type) => this.object(type),
    );
    this.section(
      'Interfaces and unions: one of their object types, named by a required __typename',
      types.filter((type) => isInterfaceType(type) || isUnionType(type)) as (
        | GraphQLInterfaceType
        | GraphQLUnionType
      )[],
      (type) => this.abstract(type),
    );
    this.schemaMap(types, referenced);
    return `${this.out.join('\n')}\n`;
  }

  /**
   * The lines that declare the named types in `used` that need a declaration: scalars (a built-in
   * one only when remapped), enums and input types, in sections, sorted by name. The caller
   * passes every type they refer to, input types' fields included.
   */
  declarations(used: ReadonlySet<string>): string[] {
    const types = Object.values(this.schema.getTypeMap())
      .filter((type) => used.has(type.name))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    this.section(
      'Scalars',
      types.filter(isScalarType).filter((type) => this.emitsScalar(type, used)),
      (type) => this.scalar(type),
    );
    this.section('Enums: each is sent and received as its name', types.filter(isEnumType), (type) =>
      this.enum(type),
    );
    this.section(
      'Input types: nullable fields and fields with a default may be left out',
      types.filter(isInputObjectType),
      (type) => this.input(type),
    );
    return this.out.splice(0);
  }

  // -- sections -------------------------------------------------------------------------------

  private section<T extends GraphQLNamedType>(
    title: string,
    types: readonly T[],
    each: (type: T) => void,
  ): void {
    if (types.length === 0) return;
    this.line('');
    this.line(`// ${title}`);
    for (const type of types) {
      this.line('');
      each(type);
    }
  }

  private scalar(type: GraphQLScalarType): void {
    const mapping = this.scalarMapping(type.name);
    const doc = own(this.client ? CLIENT_SCALAR_DOCS : SCALAR_DOCS, type.name) ?? type.description;
    const output = typeof mapping === 'string' ? mapping : mapping.output;
    if (typeof mapping !== 'string' && mapping.input !== mapping.output) {
      const [input, result] = this.client
        ? [`${type.name} as a variable.`, `${type.name} in a result.`]
        : (own(SPLIT_DOCS, type.name) ?? [
            `${type.name} as an argument.`,
            `${type.name} as a result.`,
          ]);
      this.doc(input);
      this.union(`export type ${this.inputAlias(type)} =`, topLevelMembers(mapping.input));
      this.doc(result);
    } else {
      this.doc(doc);
    }
    this.union(`export type ${this.name(type)} =`, topLevelMembers(output));
  }

  private enum(type: GraphQLEnumType): void {
    this.doc(type.description);
    const values = type.getValues().map((value) => `'${value.name}'`);
    this.union(`export type ${this.name(type)} =`, values.length === 0 ? ['never'] : values);
  }

  private input(type: GraphQLInputObjectType): void {
    this.doc(type.description);
    const fields = Object.values(type.getFields());
    if (fields.length === 0) {
      this.line(`export interface ${this.name(type)} {}`);
      return;
    }
    this.line(`export interface ${this.name(type)} {`);
    for (const field of fields) this.argument(field, '  ');
    this.line('}');
  }

  private object(type: GraphQLObjectType): void {
    this.doc(type.description);
    this.line(`export interface ${this.name(type)} {`);
    this.line(`  __typename?: '${type.name}';`);
    for (const field of Object.values(type.getFields())) {
      this.doc(field.description, '  ', field.deprecationReason);
      // A field another resolver may serve need not be in the parent's value (PROTOCOL §1: each
      // field with a resolver is resolved on its own, with the parent as its source).
      const optional = !isNonNullType(field.type) || field.args.length > 0 || !isLeaf(field.type);
      this.property('  ', `${field.name}${optional ? '?' : ''}`, this.output(field.type));
    }
    this.line('}');
  }

  private abstract(type: GraphQLInterfaceType | GraphQLUnionType): void {
    this.doc(type.description);
    const members = isUnionType(type) ? type.getTypes() : this.schema.getPossibleTypes(type);
    const sorted = [...members].sort((a, b) => (a.name < b.name ? -1 : 1));
    const head = `export type ${this.name(type)} =`;
    const typed = sorted.map((member) => `${this.name(member)} & { __typename: '${member.name}' }`);
    const [only] = sorted;
    if (sorted.length === 0) {
      this.line(`${head} never;`);
    } else if (only !== undefined && sorted.length === 1) {
      // Parentheses only between `|`s: Biome drops them around a lone intersection.
      for (const line of layoutIntersection(head, this.name(only), only.name)) this.line(line);
    } else {
      const flat = `${head} ${typed.map((member) => `(${member})`).join(' | ')};`;
      if (flat.length <= WIDTH) {
        this.line(flat);
        return;
      }
      this.line(head);
      sorted.forEach((member, i) => {
        const end = i === sorted.length - 1 ? ';' : '';
        const line = `  | (${typed[i]})${end}`;
        if (line.length <= WIDTH) {
          this.line(line);
        } else {
          this.line(`  | (${this.name(member)} & {`);
          this.line(`      __typename: '${member.name}';`);
          this.line(`    })${end}`);
        }
      });
    }
  }

  private schemaMap(types: readonly GraphQLNamedType[], referenced: ReadonlySet<string>): void {
    const objects = types.filter(isObjectType);
    const rootOrder = [...this.roots];
    const ordered = [
      ...rootOrder.flatMap((name) => objects.filter((type) => type.name === name)),
      ...objects.filter((type) => !this.roots.has(type.name)),
    ];
    this.line('');
    this.line('/**');
    this.line(
      ' * Every field of every object type, as `Type.field`: its arguments (`ctx.args`), its',
    );
    this.line(
      ' * parent value (`ctx.source`, `null` on root fields) and what its resolver returns.',
    );
    this.line(' *');
    this.line(' * @example');
    this.line(' * const app = createResolver<Schema>();');
    this.line(' */');
    this.line('export interface Schema {');
    for (const type of ordered) {
      // A root field's source is null at the top of an operation, and the returned object where a
      // field returns the root type (as in a mutation payload's `query: Query!`).
      const source = !this.roots.has(type.name)
        ? this.name(type)
        : referenced.has(type.name)
          ? `${this.name(type)} | null`
          : 'null';
      for (const field of Object.values(type.getFields())) {
        const key = `'${type.name}.${field.name}'`;
        const result = this.output(field.type);
        const args = this.flatArgs(field);
        const flat = `  ${key}: { args: ${args}; source: ${source}; result: ${result} };`;
        if (args !== undefined && flat.length <= WIDTH) {
          this.line(flat);
          continue;
        }
        this.line(`  ${key}: {`);
        if (args !== undefined && `    args: ${args};`.length <= WIDTH) {
          this.line(`    args: ${args};`);
        } else {
          this.line('    args: {');
          for (const arg of field.args) this.argument(arg, '      ');
          this.line('    };');
        }
        this.line(`    source: ${source};`);
        this.property('    ', 'result', result);
        this.line('  };');
      }
    }
    this.line('}');
  }

  /** A field's arguments on one line, or `undefined` when one has a comment to keep. */
  private flatArgs(field: GraphQLField<unknown, unknown>): string | undefined {
    if (field.args.length === 0) return '{ [name: string]: undefined }';
    if (field.args.some((arg) => arg.description || isDeprecated(arg))) return undefined;
    const members = field.args.map(
      (arg) => `${arg.name}${this.optional(arg) ? '?' : ''}: ${this.inputType(arg.type)}`,
    );
    return `{ ${members.join('; ')} }`;
  }

  // AppSync does not fill in a schema's default values: an argument or input field the client left
  // out is absent from ctx.args even when it has a default (aws/aws-appsync-community#59).
  private optional(arg: GraphQLArgument | GraphQLInputField): boolean {
    return !isNonNullType(arg.type) || arg.defaultValue !== undefined;
  }

  /** An argument or input field: it may be absent when nullable or when it has a default. */
  private argument(arg: GraphQLArgument | GraphQLInputField, indent: string): void {
    this.doc(arg.description, indent, arg.deprecationReason);
    this.property(indent, `${arg.name}${this.optional(arg) ? '?' : ''}`, this.inputType(arg.type));
  }

  // -- types ----------------------------------------------------------------------------------

  /** A result's type: `T | null` for a nullable `T`, read-only arrays for lists. */
  output(type: GraphQLOutputType): string {
    if (isNonNullType(type)) return this.outputNonNull(type.ofType);
    return `${this.outputNonNull(type)} | null`;
  }

  private outputNonNull(type: GraphQLOutputType): string {
    if (isListType(type)) return `readonly ${arrayElement(this.output(type.ofType))}[]`;
    if (isScalarType(type)) return this.scalarRef(type, 'output');
    return this.name(type as GraphQLNamedType);
  }

  /** An argument's or variable's type: `T | null` for a nullable `T`, arrays for lists. */
  inputType(type: GraphQLInputType): string {
    if (isNonNullType(type)) return this.inputNonNull(type.ofType);
    return `${this.inputNonNull(type)} | null`;
  }

  private inputNonNull(type: GraphQLInputType): string {
    if (isListType(type)) return `${arrayElement(this.inputType(type.ofType))}[]`;
    if (isScalarType(type)) return this.scalarRef(type, 'input');
    return this.name(type as GraphQLNamedType);
  }

  private scalarRef(type: GraphQLScalarType, direction: 'input' | 'output'): string {
    if (BUILT_IN.has(type.name) && !Object.hasOwn(this.options.scalars ?? {}, type.name)) {
      const mapping = this.scalarMapping(type.name);
      return typeof mapping === 'string' ? mapping : mapping[direction];
    }
    const mapping = this.scalarMapping(type.name);
    const split = typeof mapping !== 'string' && mapping.input !== mapping.output;
    return split && direction === 'input' ? this.inputAlias(type) : this.name(type);
  }

  /** The alias of a scalar whose arguments and results differ, for its argument side. */
  private inputAlias(type: GraphQLScalarType): string {
    let alias = `${this.name(type)}Input`;
    while (this.names.has(alias)) alias += '_';
    return alias;
  }

  private scalarMapping(name: string): ScalarMapping {
    return Object.hasOwn(this.scalars, name) ? (this.scalars[name] as ScalarMapping) : 'unknown';
  }

  /** Built-in scalars are written inline unless remapped; the others get a named alias when used. */
  private emitsScalar(type: GraphQLScalarType, used: ReadonlySet<string>): boolean {
    if (BUILT_IN.has(type.name)) {
      return used.has(type.name) && Object.hasOwn(this.options.scalars ?? {}, type.name);
    }
    return used.has(type.name) || own(SCALAR_DOCS, type.name) === undefined;
  }

  /**
   * The named types that some field, argument or input field refers to, and the object types of
   * every union and interface (whose aliases refer to them).
   */
  private referencedTypes(): Set<string> {
    const used = new Set<string>();
    const visit = (type: GraphQLInputType | GraphQLOutputType): void => {
      used.add(getNamedType(type).name);
    };
    for (const type of Object.values(this.schema.getTypeMap())) {
      if (type.name.startsWith('__')) continue;
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields())) {
          visit(field.type);
          for (const arg of field.args) visit(arg.type);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) visit(field.type);
      }
      if (isUnionType(type) || isInterfaceType(type)) {
        for (const member of this.schema.getPossibleTypes(type)) used.add(member.name);
      }
    }
    return used;
  }

  /** The name of a type in the file: the schema's, or with a trailing `_` when it is reserved. */
  name(type: GraphQLNamedType): string {
    return this.names.get(type.name) ?? type.name;
  }

  // -- text -----------------------------------------------------------------------------------

  private line(text: string): void {
    this.out.push(text);
  }

  /** `name: type;`, over several lines as Biome writes it when it does not fit on one. */
  private property(indent: string, name: string, type: string): void {
    for (const line of layoutProperty(indent, name, type)) this.line(line);
  }

  /** `head 'a' | 'b';` on one line when it fits, else one member per line. */
  private union(head: string, members: readonly string[]): void {
    const flat = `${head} ${members.join(' | ')};`;
    if (flat.length <= WIDTH || members.length === 1) {
      this.line(flat);
      return;
    }
    this.line(head);
    members.forEach((member, i) => {
      this.line(`  | ${member}${i === members.length - 1 ? ';' : ''}`);
    });
  }

  private doc(text: string | null | undefined, indent = '', deprecated?: string | null): void {
    // Without trailing white space, which Biome removes from comments.
    const split = (value: string): string[] =>
      value.split(LINE_BREAK).map((line) => line.replaceAll('*/', '*\\/').trimEnd());
    const lines = text ? split(text) : [];
    if (deprecated !== undefined && deprecated !== null) {
      const [first = '', ...rest] = split(deprecated);
      lines.push(`@deprecated ${first}`.trimEnd(), ...rest);
    }
    if (lines.length === 0) return;
    if (lines.length === 1) {
      this.line(`${indent}/** ${lines[0]} */`);
      return;
    }
    this.line(`${indent}/**`);
    for (const line of lines) this.line(`${indent} *${line ? ` ${line}` : ''}`);
    this.line(`${indent} */`);
  }
}

/** A table's entry for a GraphQL name; none for `constructor` or `toString`, which it inherits. */
function own<T>(table: Readonly<Record<string, T>>, name: string): T | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

function isDeprecated(arg: GraphQLArgument): boolean {
  return arg.deprecationReason !== undefined && arg.deprecationReason !== null;
}

/** True when the field's named type is a scalar or an enum: a value no other resolver serves. */
function isLeaf(type: GraphQLOutputType): boolean {
  return isLeafType(getNamedType(type));
}

/**
 * `head Name & { __typename: 'Name' };` as Biome lays it out: on one line when it fits; else
 * the object broken after `head Name & {` when that fits; else a new line after `=`.
 */
function layoutIntersection(head: string, name: string, typename: string): string[] {
  const flat = `${head} ${name} & { __typename: '${typename}' };`;
  if (flat.length <= WIDTH) return [flat];
  if (`${head} ${name} & {`.length <= WIDTH) {
    return [`${head} ${name} & {`, `  __typename: '${typename}';`, '};'];
  }
  const next = `  ${name} & { __typename: '${typename}' };`;
  if (next.length <= WIDTH) return [head, next];
  return [head, `  ${name} & {`, `    __typename: '${typename}';`, '  };'];
}
