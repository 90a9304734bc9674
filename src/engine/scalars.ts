import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import * as scalars from '../scalars.js';

// AppSync's own scalars as graphql-js types. Their rules (the AppSync scalar reference) live in
// src/scalars.ts, which resolvers use too; this file wraps them for graphql-js. Every check runs
// on input (variables and literals) and on output (what a resolver returned), as AppSync
// validates both.

/** Runs an input check on a literal, so that its error points at the literal in the query. */
function atNode<T>(node: ValueNode, check: () => T): T {
  try {
    return check();
  } catch (error) {
    throw new GraphQLError((error as Error).message, { nodes: node });
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return String(value);
  return Array.isArray(value) ? 'an array' : 'an object';
}

/**
 * A scalar whose values are strings checked by `valid`, the same on input and output, described
 * by its rule.
 */
function stringScalar(name: keyof typeof scalars.SCALAR_RULES, valid: (value: string) => boolean) {
  const description = `${scalars.SCALAR_RULES[name]}.`;
  const check = (value: unknown): string => {
    if (typeof value !== 'string') {
      throw new GraphQLError(`${name} must be a string; received ${describe(value)}.`);
    }
    if (!valid(value)) {
      throw new GraphQLError(`${describe(value)} is not a valid ${name}: ${description}`);
    }
    return value;
  };
  return new GraphQLScalarType<string, string>({
    name,
    description,
    serialize: check,
    parseValue: check,
    parseLiteral(node: ValueNode) {
      if (node.kind !== Kind.STRING) {
        throw new GraphQLError(`${name} must be a string literal; received a ${node.kind}.`, {
          nodes: node,
        });
      }
      return atNode(node, () => check(node.value));
    },
  });
}

const AWSDate = stringScalar('AWSDate', scalars.AWSDate.is);
const AWSTime = stringScalar('AWSTime', scalars.AWSTime.is);
const AWSDateTime = stringScalar('AWSDateTime', scalars.AWSDateTime.is);
const AWSEmail = stringScalar('AWSEmail', scalars.AWSEmail.is);
const AWSURL = stringScalar('AWSURL', scalars.AWSURL.is);
const AWSPhone = stringScalar('AWSPhone', scalars.AWSPhone.is);
const AWSIPAddress = stringScalar('AWSIPAddress', scalars.AWSIPAddress.is);

function timestamp(value: unknown): number {
  if (!scalars.AWSTimestamp.is(value)) {
    throw new GraphQLError(
      `AWSTimestamp must be an integer number of seconds since 1970-01-01T00:00Z; received ${describe(value)}.`,
    );
  }
  return value;
}

const AWSTimestamp = new GraphQLScalarType<number, number>({
  name: 'AWSTimestamp',
  description: 'An integer number of seconds before or after 1970-01-01T00:00Z.',
  serialize: timestamp,
  parseValue: timestamp,
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.INT) {
      throw new GraphQLError(`AWSTimestamp must be an integer literal; received a ${node.kind}.`, {
        nodes: node,
      });
    }
    return atNode(node, () => timestamp(Number(node.value)));
  },
});

function parseJson(value: unknown): unknown {
  if (typeof value !== 'string') {
    throw new GraphQLError(
      `AWSJSON must be a string of JSON text (such as "{\\"a\\":1}"); received ${describe(value)}.`,
    );
  }
  try {
    return JSON.parse(value);
  } catch {
    throw new GraphQLError(`Unable to parse ${describe(value)} as valid JSON.`);
  }
}

/**
 * AWSJSON: on input, JSON text that resolvers receive parsed (a map, a list or a scalar); on
 * output, what a resolver returned, as JSON text. A string that already is JSON text is sent as
 * it is (Lambdas commonly return `JSON.stringify(value)`); any other value is serialised.
 */
const AWSJSON = new GraphQLScalarType<unknown, string>({
  name: 'AWSJSON',
  description: 'A JSON string (RFC 8259); resolvers receive it parsed.',
  serialize(value) {
    if (typeof value === 'string') {
      try {
        JSON.parse(value);
        return value;
      } catch {
        return JSON.stringify(value);
      }
    }
    const text = JSON.stringify(value);
    if (text === undefined) {
      throw new GraphQLError(`AWSJSON cannot represent ${describe(value)}.`);
    }
    return text;
  },
  parseValue: parseJson,
  parseLiteral(node: ValueNode) {
    if (node.kind !== Kind.STRING) {
      throw new GraphQLError(
        `AWSJSON must be a string literal of JSON text; received a ${node.kind}.`,
        { nodes: node },
      );
    }
    return atNode(node, () => parseJson(node.value));
  },
});

/** The nine AppSync scalars, by name. */
export const appSyncScalars: Readonly<Record<string, GraphQLScalarType>> = Object.freeze({
  AWSDate,
  AWSTime,
  AWSDateTime,
  AWSTimestamp,
  AWSEmail,
  AWSJSON,
  AWSURL,
  AWSPhone,
  AWSIPAddress,
});
