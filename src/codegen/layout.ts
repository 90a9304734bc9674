/**
 * Lines of TypeScript types as Biome (and Prettier) lay them out within 100 columns, shared by the
 * generators of schema types and of typed operations.
 */

/** The width Biome formats to (biome.json). */
export const WIDTH = 100;

/** What ends a line in JavaScript source: a comment line must not contain one. */
export const LINE_BREAK = /\r\n|\r|\n|\u2028|\u2029/;

/** TypeScript's keyword types: names a type reference cannot have. */
export const KEYWORD_TYPES = new Set([
  'any',
  'bigint',
  'boolean',
  'never',
  'null',
  'number',
  'object',
  'string',
  'symbol',
  'undefined',
  'unknown',
  'void',
]);

/**
 * The lines of `name: type;` as Biome lays them out: on one line when it fits; else a union one
 * member per line (except `Name | null`, which Biome keeps together), and a list of such a union
 * with the union broken inside its parentheses.
 */
export function layoutProperty(indent: string, name: string, type: string): string[] {
  const flat = `${indent}${name}: ${type};`;
  if (flat.length <= WIDTH) return [flat];
  const members = topLevelMembers(type);
  if (breaksUnion(members)) {
    return [
      `${indent}${name}:`,
      ...members.flatMap((member, i) =>
        layoutMember(`${indent}  `, member, i === members.length - 1 ? ';' : ''),
      ),
    ];
  }
  const list = unionList(type);
  if (list === undefined) return [flat];
  return [
    `${indent}${name}: ${list.open}`,
    ...list.members.flatMap((member) => layoutMember(`${indent}  `, member, '')),
    `${indent})[];`,
  ];
}

/** One `| member` line of a broken union, itself broken when it is a list of a union. */
function layoutMember(indent: string, member: string, end: string): string[] {
  const flat = `${indent}| ${member}${end}`;
  const list = flat.length > WIDTH ? unionList(member) : undefined;
  if (list === undefined) return [flat];
  return [
    `${indent}| ${list.open}`,
    ...list.members.flatMap((inner) => layoutMember(`${indent}    `, inner, '')),
    `${indent}  )[]${end}`,
  ];
}

/** An array's element type, parenthesised when it is a union or a readonly array. */
export function arrayElement(type: string): string {
  return topLevelMembers(type).length > 1 || type.startsWith('readonly ') ? `(${type})` : type;
}

/** Whether Biome breaks a union of these members that does not fit: all but `Name | null`. */
function breaksUnion(members: readonly string[]): boolean {
  if (members.length !== 2) return members.length > 2;
  const [first = '', second = ''] = members;
  const other = first === 'null' ? second : second === 'null' ? first : undefined;
  return other === undefined || KEYWORD_TYPES.has(other) || !/^[A-Za-z_$][\w$]*$/.test(other);
}

/** `readonly (A | B)[]` or `(A | B)[]` of a union that breaks: its opening and its members. */
function unionList(type: string): { open: string; members: string[] } | undefined {
  const match = /^(readonly )?\((.*)\)\[\]$/s.exec(type);
  const inner = match?.[2];
  if (match === undefined || match === null || inner === undefined) return undefined;
  let depth = 0;
  for (const char of inner) {
    if (char === '(') depth++;
    else if (char === ')' && --depth < 0) return undefined;
  }
  const members = topLevelMembers(inner);
  return breaksUnion(members) ? { open: `${match[1] ?? ''}(`, members } : undefined;
}

/** Splits a TypeScript type at its top-level `|`s: `A | { b: C | D }` → `A`, `{ b: C | D }`. */
export function topLevelMembers(type: string): string[] {
  const members: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < type.length; i++) {
    const char = type[i];
    if (char === '(' || char === '[' || char === '{' || char === '<') depth++;
    else if (char === ')' || char === ']' || char === '}' || char === '>') depth--;
    else if (char === '|' && depth === 0) {
      members.push(type.slice(start, i).trim());
      start = i + 1;
    }
  }
  members.push(type.slice(start).trim());
  return members.filter((member) => member !== '');
}
