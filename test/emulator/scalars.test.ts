import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AppSyncResolverEvent } from 'appsync-direct';
import { appSyncScalars, buildAppSyncSchema, createEmulator } from 'appsync-direct/emulator';
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { API_KEY, recorder } from './helpers.js';

const CASES: Record<string, { valid: unknown[]; invalid: unknown[] }> = {
  AWSDate: {
    valid: [
      '1970-01-01',
      '1970-01-01Z',
      '1970-01-01-07:00',
      '1970-01-01+05:30',
      '1970-01-01+05:30:15',
      '2024-02-29',
      '-2017-01-01',
    ],
    invalid: [
      '1970-1-01',
      '2023-02-29',
      '1970-13-01',
      '1970-01-32',
      '1970-01-00',
      '1970-01-01T00:00Z',
      '1970-01-01+5:30',
      '',
      20240101,
    ],
  },
  AWSTime: {
    valid: ['12:30', '12:30Z', '12:30:24-07:00', '12:30:24.500+05:30', '23:59:59.123456789'],
    invalid: ['24:00', '12:60', '12:30:24.1234567890', '1230', '12:30:24.', '12:30+25:00'],
  },
  AWSDateTime: {
    valid: [
      '1970-01-01T12:00Z',
      '1970-01-01T12:00:00.2Z',
      '1970-01-01T12:00:00.277Z',
      '1970-01-01T12:00:00.123456789Z',
      '2026-01-15T10:30:00+05:30',
      '2026-01-15T10:30:00-07:00:30',
      '-2017-01-01T00:00Z',
    ],
    invalid: [
      '1970-01-01T12:00:00',
      '1970-01-01',
      '1970-02-30T00:00Z',
      '1970-01-01 12:00Z',
      '1970-01-01T12Z',
      null,
    ],
  },
  AWSTimestamp: {
    valid: [0, -1, 1768470600, 2 ** 40],
    invalid: [1.5, '1768470600', Number.NaN, 2 ** 60],
  },
  AWSEmail: {
    valid: ['username@example.com', 'first.last+tag@sub.example.co.uk', "o'hara@example.ie"],
    invalid: ['username', '@example.com', 'a@', 'a b@example.com', 'a..b@example.com', 'a@-x.com'],
  },
  AWSURL: {
    valid: [
      'https://www.amazon.com/',
      'http://localhost/',
      'mailto:example@example.com',
      'https://www.amazon.com/dp/B000NZW3KC/',
    ],
    invalid: ['amazon.com', 'www.amazon.com', 'https://example.com/a//b', 'not a url', '/path'],
  },
  AWSPhone: {
    valid: ['+1 206-555-0100', '206-555-0100', '(206) 555 0100', '+44 20 7946 0958', '2065550100'],
    invalid: [
      'phone',
      '12',
      '+1--206-555-0100',
      '555-CALL-NOW',
      '+1234567890123456',
      '2065550100 ',
    ],
  },
  AWSIPAddress: {
    valid: ['123.12.34.56', '1a2b:3c4b::1234:4567', '123.45.67.89/16', '::1/128', '10.0.0.0/0'],
    invalid: ['256.1.1.1', '1.2.3', '123.45.67.89/33', '::1/129', 'localhost', '1.2.3.4/', 7],
  },
};

function scalar(name: string): GraphQLScalarType {
  const type = appSyncScalars[name];
  if (!(type instanceof GraphQLScalarType)) throw new Error(`no scalar ${name}`);
  return type;
}

function literal(value: unknown): ValueNode {
  if (typeof value === 'number') {
    return Number.isInteger(value)
      ? { kind: Kind.INT, value: String(value) }
      : { kind: Kind.FLOAT, value: String(value) };
  }
  if (typeof value === 'string') return { kind: Kind.STRING, value };
  return { kind: Kind.NULL };
}

describe("AppSync's scalars", () => {
  describe.each(Object.entries(CASES))('%s', (name, { valid, invalid }) => {
    it.each(valid.map((value) => [value]))('accepts %j in and out', (value) => {
      const type = scalar(name);
      expect(type.parseValue(value)).toEqual(value);
      expect(type.serialize(value)).toEqual(value);
      expect(type.parseLiteral(literal(value), undefined)).toEqual(value);
    });

    it.each(invalid.map((value) => [value]))('rejects %j in and out', (value) => {
      const type = scalar(name);
      expect(() => type.parseValue(value)).toThrow(name);
      expect(() => type.serialize(value)).toThrow(name);
    });
  });

  it('refuse literals of the wrong kind', () => {
    expect(() => scalar('AWSDate').parseLiteral({ kind: Kind.INT, value: '1' }, undefined)).toThrow(
      'AWSDate must be a string literal; received a IntValue.',
    );
    expect(() =>
      scalar('AWSTimestamp').parseLiteral({ kind: Kind.STRING, value: '1' }, undefined),
    ).toThrow('AWSTimestamp must be an integer literal; received a StringValue.');
    expect(() =>
      scalar('AWSJSON').parseLiteral({ kind: Kind.BOOLEAN, value: true }, undefined),
    ).toThrow('AWSJSON must be a string literal of JSON text; received a BooleanValue.');
  });

  it('AWSJSON parses JSON text for resolvers and sends values as JSON text', () => {
    const json = scalar('AWSJSON');
    expect(json.parseValue('{"upvotes": 10}')).toEqual({ upvotes: 10 });
    expect(json.parseValue('[1,2,3]')).toEqual([1, 2, 3]);
    expect(json.parseValue('"AWSJSON example string"')).toBe('AWSJSON example string');
    expect(json.parseValue('true')).toBe(true);
    expect(json.parseLiteral({ kind: Kind.STRING, value: '1' }, undefined)).toBe(1);
    for (const bad of ['{a: 1}', "{'a': 1}", 'Unquoted string']) {
      expect(() => json.parseValue(bad)).toThrow(
        `Unable to parse ${JSON.stringify(bad)} as valid JSON.`,
      );
    }
    expect(() => json.parseValue({ a: 1 })).toThrow('received an object');
    expect(() => json.parseValue([1])).toThrow(
      'AWSJSON must be a string of JSON text (such as "{\\"a\\":1}"); received an array.',
    );
    expect(json.serialize({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(json.serialize('{"already":"json"}')).toBe('{"already":"json"}');
    expect(json.serialize('plain text')).toBe('"plain text"');
    expect(json.serialize(42)).toBe('42');
    expect(() => json.serialize(() => 1)).toThrow('AWSJSON cannot represent');
  });
});

const SCHEMA = /* GraphQL */ `
  type Query {
    echo(date: AWSDate, at: AWSDateTime, json: AWSJSON, ts: AWSTimestamp): String
    out: Out
  }
  type Out {
    at: AWSDateTime
    json: AWSJSON
    email: AWSEmail
  }
`;

function setup(out: unknown = {}) {
  const lambda = recorder((event) =>
    (event as AppSyncResolverEvent).info.fieldName === 'echo' ? 'ok' : out,
  );
  const emulator = createEmulator({
    schema: SCHEMA,
    handler: lambda.handler,
    fields: { 'Query.echo': {}, 'Query.out': {} },
  });
  return { emulator, lambda };
}

describe('AppSync scalars in a request', () => {
  it('reach the resolver coerced: AWSJSON parsed, the others as sent', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query:
        'query ($json: AWSJSON) { echo(date: "2026-01-15", at: "2026-01-15T10:00Z", json: $json, ts: 1768470600) }',
      variables: { json: '{"tags":["a"],"n":1}' },
      headers: API_KEY,
    });
    expect(result.body).toEqual({ data: { echo: 'ok' } });
    const [event] = lambda.invokes('Query.echo');
    expect(event?.arguments).toEqual({
      date: '2026-01-15',
      at: '2026-01-15T10:00Z',
      json: { tags: ['a'], n: 1 },
      ts: 1768470600,
    });
    expect(event?.info.variables).toEqual({ json: { tags: ['a'], n: 1 } });
  });

  it('refuse a bad variable before anything runs', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query: 'query ($at: AWSDateTime) { echo(at: $at) }',
      variables: { at: '2026-01-15T10:00' },
      headers: API_KEY,
    });
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: null,
          message: expect.stringContaining('is not a valid AWSDateTime'),
        },
      ],
    });
    expect(lambda.events).toEqual([]);
  });

  it('refuse a bad literal as a validation error', async () => {
    const { emulator, lambda } = setup();
    const result = await emulator.execute({
      query: '{ echo(date: "15/01/2026") }',
      headers: API_KEY,
    });
    expect(result.body).toEqual({
      data: null,
      errors: [
        {
          path: null,
          locations: [{ line: 1, column: 14, sourceName: null }],
          message:
            'Validation error: "15/01/2026" is not a valid AWSDate: an extended ISO 8601 date YYYY-MM-DD, with an optional time zone offset (Z or ±hh:mm[:ss]).',
        },
      ],
    });
    expect(lambda.events).toEqual([]);
  });

  it('fail a field whose resolver returned an invalid value, and serialise AWSJSON', async () => {
    const { emulator } = setup({ at: 'yesterday', json: { a: 1 }, email: 'jdoe@example.com' });
    const result = await emulator.execute({ query: '{ out { at json email } }', headers: API_KEY });
    expect(result.body).toEqual({
      data: { out: { at: null, json: '{"a":1}', email: 'jdoe@example.com' } },
      errors: [
        {
          path: ['out', 'at'],
          locations: [{ line: 1, column: 9, sourceName: null }],
          message: expect.stringContaining('"yesterday" is not a valid AWSDateTime'),
        },
      ],
    });
  });
});

describe('loading an AppSync schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-emulator-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('takes AppSync SDL unchanged: its directives and scalars need no declaration', () => {
    const schema = buildAppSyncSchema(/* GraphQL */ `
      schema { query: Query mutation: Mutation subscription: Subscription }
      type Query @aws_api_key { a: AWSURL @aws_cognito_user_pools(cognito_groups: ["x"]) @aws_iam }
      type Mutation { m: AWSPhone @aws_auth(cognito_groups: ["y"]) @aws_oidc @aws_lambda }
      type Subscription { s: AWSIPAddress @aws_subscribe(mutations: ["m"]) }
      interface Node @aws_api_key { id: ID! }
      type T implements Node { id: ID! t: AWSTime d: AWSDate e: AWSEmail j: AWSJSON ts: AWSTimestamp }
    `);
    expect(schema.getType('AWSURL')).toBeInstanceOf(GraphQLScalarType);
    expect(schema.getDirective('aws_subscribe')).toBeDefined();
  });

  it('accepts SDL that declares the AppSync scalars and directives itself, and still validates', () => {
    const schema = buildAppSyncSchema(/* GraphQL */ `
      scalar AWSDateTime
      "Dates, our way."
      scalar AWSDate
      directive @aws_api_key on OBJECT | FIELD_DEFINITION
      type Query @aws_api_key { at: AWSDateTime on: AWSDate }
    `);
    const type = schema.getType('AWSDateTime') as GraphQLScalarType;
    expect(() => type.parseValue('yesterday')).toThrow('is not a valid AWSDateTime');
    expect(type.description).toContain('compulsory time zone offset');
    const date = schema.getType('AWSDate') as GraphQLScalarType;
    expect(date.description).toBe('Dates, our way.');
    expect(() => date.parseValue('2026-13-01')).toThrow('is not a valid AWSDate');
  });

  it('reads a schema from a .graphql path or a file: URL', async () => {
    const file = join(dir, 'schema.graphql');
    writeFileSync(file, SCHEMA);
    expect(buildAppSyncSchema(file).getType('Out')).toBeDefined();
    expect(buildAppSyncSchema(pathToFileURL(file)).getType('Out')).toBeDefined();
    const emulator = createEmulator({
      schema: ` ${file}\n`.trim(),
      handler: async () => 'ok',
      fields: { 'Query.echo': {} },
    });
    expect((await emulator.execute({ query: '{ echo }', headers: API_KEY })).body).toEqual({
      data: { echo: 'ok' },
    });
  });

  it('says what it expected when the schema is neither SDL nor a path', () => {
    expect(() => buildAppSyncSchema(42 as never)).toThrow(
      'createEmulator: schema must be AppSync SDL text or the path of a .graphql file; received number.',
    );
    expect(() => buildAppSyncSchema(null as never)).toThrow('received null');
  });
});
