/**
 * A small reader of GraphQL SDL: which types a schema defines, of which kind, with which fields,
 * and which types are its roots. It is what the CDK construct needs to check routes at synthesis,
 * which CDK runs synchronously, without loading graphql-js.
 *
 * It follows the GraphQL grammar for type system documents (the October 2021 specification)
 * closely enough to find every definition and field: comments, commas, descriptions and other
 * strings (block strings too), directives with arguments, default values, `implements`, `extend`
 * and `schema { query: … }` are read and skipped as the grammar says. It does not check what a
 * full GraphQL implementation checks (that named types exist, that directives are declared,
 * that an implementation has its interface's fields): AppSync does that when it accepts the
 * schema.
 */

/** The kind of a named type, by the keyword that defines it. */
export type SdlTypeKind = 'type' | 'interface' | 'input' | 'enum' | 'union' | 'scalar';

/** One named type of the schema, with its definition and extensions merged. */
export interface SdlType {
  name: string;
  kind: SdlTypeKind;
  /** Field names (of object types, interfaces and input types), in the order of the SDL. */
  fields: string[];
  /** The interfaces it implements (object types and interfaces). */
  interfaces: string[];
  /** The line (1-based) of its first definition or extension. */
  line: number;
}

/** What {@link readSdl} found. */
export interface SdlSummary {
  types: Map<string, SdlType>;
  /**
   * The root operation types: from `schema { … }` (and `extend schema`) when the SDL has one,
   * else the object types named Query, Mutation and Subscription, as GraphQL says.
   */
  roots: { query?: string; mutation?: string; subscription?: string };
}

/** SDL this reader cannot read, with the line and column of the problem. */
export class SdlSyntaxError extends Error {
  override readonly name = 'SdlSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} (line ${line}, column ${column})`);
  }
}

type TokenKind = 'name' | 'punct' | 'string' | 'number' | 'eof';

interface Token {
  kind: TokenKind;
  value: string;
  line: number;
  column: number;
}

const NAME = /[_A-Za-z][_0-9A-Za-z]*/y;
const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const PUNCTUATORS = new Set(['!', '$', '&', '(', ')', ':', '=', '@', '[', ']', '{', '|', '}']);
const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };

/** Splits SDL into tokens, leaving out what the grammar ignores (whitespace, commas, comments). */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const fail = (message: string, at = index): never => {
    throw new SdlSyntaxError(message, line, at - lineStart + 1);
  };
  /** Moves past a line terminator at `index` (\n, \r\n or \r). */
  const newline = (): void => {
    index += source[index] === '\r' && source[index + 1] === '\n' ? 2 : 1;
    line += 1;
    lineStart = index;
  };
  while (index < source.length) {
    const char = source[index] as string;
    const column = index - lineStart + 1;
    if (char === '\n' || char === '\r') {
      newline();
    } else if (char === ' ' || char === '\t' || char === ',' || char === '\uFEFF') {
      index += 1;
    } else if (char === '#') {
      while (index < source.length && source[index] !== '\n' && source[index] !== '\r') index += 1;
    } else if (source.startsWith('"""', index)) {
      const startLine = line;
      index += 3;
      for (;;) {
        if (index >= source.length) {
          throw new SdlSyntaxError('unterminated block string', startLine, column);
        }
        if (source.startsWith('\\"""', index)) index += 4;
        else if (source.startsWith('"""', index)) break;
        else if (source[index] === '\n' || source[index] === '\r') newline();
        else index += 1;
      }
      index += 3;
      tokens.push({ kind: 'string', value: '"""', line: startLine, column });
    } else if (char === '"') {
      index += 1;
      for (;;) {
        const next = source[index];
        if (next === undefined || next === '\n' || next === '\r') {
          throw new SdlSyntaxError('unterminated string', line, column);
        }
        if (next === '"') break;
        index += next === '\\' ? 2 : 1;
      }
      index += 1;
      tokens.push({ kind: 'string', value: '"', line, column });
    } else if (source.startsWith('...', index)) {
      index += 3;
      tokens.push({ kind: 'punct', value: '...', line, column });
    } else if (PUNCTUATORS.has(char)) {
      index += 1;
      tokens.push({ kind: 'punct', value: char, line, column });
    } else {
      NAME.lastIndex = index;
      NUMBER.lastIndex = index;
      const name = NAME.exec(source);
      const number = name === null ? NUMBER.exec(source) : null;
      const match = name ?? number;
      if (match === null) fail(`unexpected character ${JSON.stringify(char)}`);
      const text = (match as RegExpExecArray)[0];
      index += text.length;
      tokens.push({ kind: name === null ? 'number' : 'name', value: text, line, column });
    }
  }
  tokens.push({ kind: 'eof', value: '', line, column: index - lineStart + 1 });
  return tokens;
}

/** A token for a message: `"{"`, `name Post`, `the end of the schema`. */
function describe(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'the end of the schema';
    case 'name':
      return `name ${token.value}`;
    case 'punct':
      return `"${token.value}"`;
    case 'string':
      return 'a string';
    default:
      return `number ${token.value}`;
  }
}

const DEFINITIONS = 'type, interface, input, enum, union, scalar, schema, directive or extend';

/**
 * Reads the named types and root types of an SDL document.
 *
 * @throws {SdlSyntaxError} when the text is not a GraphQL type system document (an executable
 *   document, a stray character, an unterminated string, unbalanced brackets).
 */
export function readSdl(source: string): SdlSummary {
  const tokens = tokenize(source);
  let position = 0;
  const types = new Map<string, SdlType>();
  const declaredRoots: SdlSummary['roots'] = {};
  let hasSchema = false;

  const peek = (): Token => tokens[position] as Token;
  const next = (): Token => tokens[position++] as Token;
  const isPunct = (value: string): boolean => peek().kind === 'punct' && peek().value === value;
  const fail = (expected: string, token: Token = peek()): never => {
    throw new SdlSyntaxError(
      `expected ${expected}, found ${describe(token)}`,
      token.line,
      token.column,
    );
  };
  const expectPunct = (value: string): void => {
    if (!isPunct(value)) fail(`"${value}"`);
    position += 1;
  };
  const expectName = (what = 'a name'): Token => {
    if (peek().kind !== 'name') fail(what);
    return next();
  };
  const skipDescription = (): void => {
    if (peek().kind === 'string') position += 1;
  };
  /** Skips an opening bracket and everything up to its matching closer. */
  const skipBalanced = (): void => {
    const open = next();
    const stack = [CLOSERS[open.value] as string];
    while (stack.length > 0) {
      const token = next();
      if (token.kind === 'eof') fail(`"${stack[stack.length - 1]}"`, token);
      if (token.kind !== 'punct') continue;
      const closer = CLOSERS[token.value];
      if (closer !== undefined) {
        stack.push(closer);
      } else if (token.value === ')' || token.value === ']' || token.value === '}') {
        const expected = stack.pop();
        if (token.value !== expected) fail(`"${expected}"`, token);
      }
    }
  };
  const skipDirectives = (): void => {
    while (isPunct('@')) {
      position += 1;
      expectName('a directive name');
      if (isPunct('(')) skipBalanced();
    }
  };
  const skipTypeReference = (): void => {
    if (isPunct('[')) {
      position += 1;
      skipTypeReference();
      expectPunct(']');
    } else {
      expectName('a type');
    }
    if (isPunct('!')) position += 1;
  };
  const skipValue = (): void => {
    if (isPunct('[') || isPunct('{')) skipBalanced();
    else if (peek().kind === 'eof' || peek().kind === 'punct') fail('a value');
    else position += 1;
  };
  /** `|` or `&` separated names, with an optional leading separator. */
  const names = (separator: string): string[] => {
    if (isPunct(separator)) position += 1;
    const list = [expectName().value];
    while (isPunct(separator)) {
      position += 1;
      list.push(expectName().value);
    }
    return list;
  };
  const typeOf = (name: Token, kind: SdlTypeKind): SdlType => {
    let type = types.get(name.value);
    if (type === undefined) {
      type = { name: name.value, kind, fields: [], interfaces: [], line: name.line };
      types.set(name.value, type);
    }
    return type;
  };
  const addField = (type: SdlType, field: string): void => {
    if (!type.fields.includes(field)) type.fields.push(field);
  };

  while (peek().kind !== 'eof') {
    skipDescription();
    let keyword = expectName(`a definition (${DEFINITIONS})`);
    if (keyword.value === 'extend')
      keyword = expectName(`a definition after extend (${DEFINITIONS})`);
    switch (keyword.value) {
      case 'schema': {
        hasSchema = true;
        skipDirectives();
        if (!isPunct('{')) break;
        position += 1;
        while (!isPunct('}')) {
          const operation = expectName('query, mutation or subscription');
          if (
            operation.value !== 'query' &&
            operation.value !== 'mutation' &&
            operation.value !== 'subscription'
          ) {
            fail('query, mutation or subscription', operation);
          }
          expectPunct(':');
          declaredRoots[operation.value as 'query'] = expectName('a type').value;
        }
        position += 1;
        break;
      }
      case 'type':
      case 'interface':
      case 'input': {
        const type = typeOf(expectName('a type name'), keyword.value);
        if (peek().kind === 'name' && peek().value === 'implements') {
          position += 1;
          for (const name of names('&')) {
            if (!type.interfaces.includes(name)) type.interfaces.push(name);
          }
        }
        skipDirectives();
        if (!isPunct('{')) break;
        position += 1;
        while (!isPunct('}')) {
          skipDescription();
          addField(type, expectName('a field name').value);
          if (keyword.value !== 'input' && isPunct('(')) skipBalanced();
          expectPunct(':');
          skipTypeReference();
          if (keyword.value === 'input' && isPunct('=')) {
            position += 1;
            skipValue();
          }
          skipDirectives();
        }
        position += 1;
        break;
      }
      case 'enum': {
        typeOf(expectName('an enum name'), 'enum');
        skipDirectives();
        if (!isPunct('{')) break;
        position += 1;
        while (!isPunct('}')) {
          skipDescription();
          expectName('an enum value');
          skipDirectives();
        }
        position += 1;
        break;
      }
      case 'union': {
        typeOf(expectName('a union name'), 'union');
        skipDirectives();
        if (isPunct('=')) {
          position += 1;
          names('|');
        }
        break;
      }
      case 'scalar': {
        typeOf(expectName('a scalar name'), 'scalar');
        skipDirectives();
        break;
      }
      case 'directive': {
        expectPunct('@');
        expectName('a directive name');
        if (isPunct('(')) skipBalanced();
        if (peek().kind === 'name' && peek().value === 'repeatable') position += 1;
        if (peek().kind !== 'name' || peek().value !== 'on') fail('on');
        position += 1;
        names('|');
        break;
      }
      default:
        fail(`a definition (${DEFINITIONS})`, keyword);
    }
  }

  const roots: SdlSummary['roots'] = {};
  if (hasSchema) {
    Object.assign(roots, declaredRoots);
  } else {
    for (const [operation, name] of [
      ['query', 'Query'],
      ['mutation', 'Mutation'],
      ['subscription', 'Subscription'],
    ] as const) {
      if (types.get(name)?.kind === 'type') roots[operation] = name;
    }
  }
  return { types, roots };
}
