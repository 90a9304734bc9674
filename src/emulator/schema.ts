import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  type DefinitionNode,
  type DocumentNode,
  GraphQLScalarType,
  type GraphQLSchema,
  Kind,
  parse,
} from 'graphql';
import { appSyncScalars } from './scalars.js';

/**
 * The directives AppSync predeclares, with lenient argument types and locations so that every
 * schema AppSync accepts loads here unchanged (AppSync itself forbids redeclaring them).
 */
const DIRECTIVES = `
directive @aws_api_key on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_iam on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_oidc on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_lambda on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_cognito_user_pools(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_auth(cognito_groups: [String]) on OBJECT | FIELD_DEFINITION | INTERFACE
directive @aws_subscribe(mutations: [String]) on FIELD_DEFINITION
`;

/** Where a schema comes from: SDL text, or the path (or `file:` URL) of a `.graphql` file. */
export type SchemaSource = string | URL;

function readSource(source: SchemaSource): string {
  if (source instanceof URL) return readFileSync(fileURLToPath(source), 'utf8');
  if (typeof source !== 'string') {
    throw new TypeError(
      `createEmulator: schema must be AppSync SDL text or the path of a .graphql file; received ${source === null ? 'null' : typeof source}.`,
    );
  }
  const trimmed = source.trim();
  if (!trimmed.includes('\n') && /\.(graphql|graphqls|gql)$/i.test(trimmed)) {
    return readFileSync(trimmed, 'utf8');
  }
  return source;
}

function definedName(definition: DefinitionNode): string | undefined {
  switch (definition.kind) {
    case Kind.DIRECTIVE_DEFINITION:
      return `@${definition.name.value}`;
    case Kind.SCALAR_TYPE_DEFINITION:
      return definition.name.value;
    default:
      return undefined;
  }
}

/**
 * Builds a graphql-js schema from AppSync SDL: AppSync's scalars and directives are declared
 * first (unless the SDL declares them itself, as exported AppSync schemas sometimes do), and the
 * scalars validate as AppSync does.
 *
 * @example
 * const schema = buildAppSyncSchema('type Query { now: AWSDateTime }');
 */
export function buildAppSyncSchema(source: SchemaSource): GraphQLSchema {
  const text = readSource(source);
  const user = parse(text);
  const declared = new Set(user.definitions.map(definedName));
  const prelude = parse(
    [
      ...Object.keys(appSyncScalars)
        .filter((name) => !declared.has(name))
        .map((name) => `scalar ${name}`),
      ...DIRECTIVES.trim()
        .split('\n')
        .filter((line) => !declared.has(line.split(/[ (]/)[1] ?? '')),
    ].join('\n'),
  );
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [...prelude.definitions, ...user.definitions],
  };
  const schema = buildASTSchema(document);
  for (const [name, scalar] of Object.entries(appSyncScalars)) {
    const type = schema.getType(name);
    // Each schema has its own type objects, so giving them AppSync's behaviour affects no other.
    if (type instanceof GraphQLScalarType) {
      Object.assign(type, {
        description: type.description ?? scalar.description,
        serialize: scalar.serialize,
        parseValue: scalar.parseValue,
        parseLiteral: scalar.parseLiteral,
      });
    }
  }
  return schema;
}
