import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  buildASTSchema,
  type DefinitionNode,
  type DocumentNode,
  type GraphQLScalarType,
  type GraphQLSchema,
  Kind,
  parse,
} from 'graphql';
import { appSyncScalars } from './scalars.js';

/**
 * The directives AppSync predeclares, with lenient argument types and locations so that every
 * schema AppSync accepts loads here unchanged (AppSync itself forbids redeclaring them).
 */
const WHERE = ' on OBJECT | FIELD_DEFINITION | INTERFACE';
const DIRECTIVES: Readonly<Record<string, string>> = {
  aws_api_key: WHERE,
  aws_iam: WHERE,
  aws_oidc: WHERE,
  aws_lambda: WHERE,
  aws_cognito_user_pools: `(cognito_groups: [String])${WHERE}`,
  aws_auth: `(cognito_groups: [String])${WHERE}`,
  aws_subscribe: '(mutations: [String]) on FIELD_DEFINITION',
};

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
  const missing = [
    ...Object.keys(appSyncScalars)
      .filter((name) => !declared.has(name))
      .map((name) => `scalar ${name}`),
    ...Object.entries(DIRECTIVES)
      .filter(([name]) => !declared.has(`@${name}`))
      .map(([name, rest]) => `directive @${name}${rest}`),
  ];
  // A schema that declares all of them itself (with appsync.graphql prepended) needs no prelude.
  const prelude = missing.length === 0 ? [] : parse(missing.join('\n')).definitions;
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [...prelude, ...user.definitions],
  };
  const schema = buildASTSchema(document);
  for (const [name, scalar] of Object.entries(appSyncScalars)) {
    // The prelude or the SDL declared it, as a scalar (redeclaring it otherwise fails above).
    const type = schema.getType(name) as GraphQLScalarType;
    // Each schema has its own type objects, so giving them AppSync's behaviour affects no other.
    Object.assign(type, {
      description: type.description ?? scalar.description,
      serialize: scalar.serialize,
      parseValue: scalar.parseValue,
      parseLiteral: scalar.parseLiteral,
    });
  }
  return schema;
}
