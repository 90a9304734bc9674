import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * A small flag parser for the `appsync-direct` command: `--name value`, `--name=value`, boolean
 * flags, one-letter aliases, and messages that say what is wrong and what to type instead.
 */

/** Bad usage: a wrong flag, a missing or malformed value. The command exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The flags a command accepts, by long name (without `--`): does each take a value? */
export type FlagSpec = Readonly<Record<string, 'string' | 'boolean'>>;

/** What {@link parseFlags} found: a string per value flag given, `true` per boolean flag given. */
export type ParsedFlags<S extends FlagSpec> = {
  [K in keyof S]?: S[K] extends 'boolean' ? true : string;
};

/**
 * Reads `argv` against `spec`. Every token must be a known flag or a value right after a value
 * flag; anything else is a {@link UsageError} naming the token, with a suggestion when a known
 * flag is spelt nearly the same.
 *
 * ```ts
 * parseFlags(['--field', 'Query.getPost', '--raw'], { field: 'string', raw: 'boolean' });
 * // { field: 'Query.getPost', raw: true }
 * ```
 */
export function parseFlags<S extends FlagSpec>(
  argv: readonly string[],
  spec: S,
  aliases: Readonly<Record<string, keyof S & string>> = {},
): ParsedFlags<S> {
  const found: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (!token.startsWith('-') || token === '-') {
      throw new UsageError(
        `unexpected argument ${JSON.stringify(token)}: every value belongs to a flag, as in --field Query.getPost` +
          (i > 0 && spec[flagName(argv[i - 1] as string)] === 'boolean'
            ? ` (${argv[i - 1]} takes no value)`
            : ''),
      );
    }
    const equals = token.indexOf('=');
    const written = equals === -1 ? token : token.slice(0, equals);
    const name = token.startsWith('--') ? written.slice(2) : aliases[written.slice(1)];
    const kind = name === undefined ? undefined : spec[name];
    if (name === undefined || kind === undefined) {
      const known = [
        ...Object.keys(spec).map((flag) => `--${flag}`),
        ...Object.keys(aliases).map((alias) => `-${alias}`),
      ];
      throw new UsageError(`unknown flag ${written}${didYouMean(written, known)}`);
    }
    if (Object.hasOwn(found, name)) {
      throw new UsageError(`--${name} is given twice; give it once`);
    }
    if (kind === 'boolean') {
      if (equals !== -1) throw new UsageError(`--${name} takes no value; write just --${name}`);
      found[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals !== -1) {
      value = token.slice(equals + 1);
    } else {
      value = argv[i + 1];
      if (value?.startsWith('--')) value = undefined;
      if (value !== undefined) i++;
    }
    if (value === undefined || value === '') {
      throw new UsageError(`--${name} needs a value, as in --${name} <value>`);
    }
    found[name] = value;
  }
  return found as ParsedFlags<S>;
}

function flagName(token: string): string {
  const equals = token.indexOf('=');
  return (equals === -1 ? token : token.slice(0, equals)).replace(/^--?/, '');
}

/**
 * `"; did you mean X?"` when one of `candidates` is a likely intended spelling of `word`
 * (a small edit distance, or `word` is a prefix of it), otherwise `""`.
 */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closest(word, candidates);
  return best === undefined ? '' : `; did you mean ${best}?`;
}

/** The candidate nearest to `word`, if one is near enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  const bare = lower.replace(/^-+/, '');
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const other = candidate.toLowerCase();
    let distance = editDistance(lower, other);
    if (bare.length >= 3 && other.replace(/^-+/, '').startsWith(bare))
      distance = Math.min(distance, 1);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const allowed = bare.length <= 2 ? 0 : bare.length <= 4 ? 1 : 2;
  return bestDistance <= allowed ? best : undefined;
}

/**
 * The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
 * neighbouring characters each cost 1 (`feild` → `field` is 1).
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[] = new Array<number>(rows * cols).fill(0);
  const at = (i: number, j: number): number => d[i * cols + j] as number;
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, at(i - 2, j - 2) + 1);
      }
      d[i * cols + j] = value;
    }
  }
  return at(a.length, b.length);
}

/** Where a subcommand writes: its help on stdout, its usage errors on stderr. */
interface CommandOutput {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * The first step of a subcommand: reads `argv` (with `-h` for `--help`) and turns the flags into
 * the command's plan. `--help` prints `help` and a usage mistake prints its message with a hint;
 * both resolve to the exit code (0 or 2) instead of a plan.
 */
export function planCommand<S extends FlagSpec & { help: 'boolean' }, P>(
  command: string,
  argv: readonly string[],
  spec: S,
  help: string,
  io: CommandOutput & { cwd: string },
  plan: (flags: ParsedFlags<S>, cwd: string) => P,
): { plan: P } | { exitCode: number } {
  try {
    const flags = parseFlags(argv, spec, { h: 'help' } as Record<string, keyof S & string>);
    if (flags.help === true) {
      io.stdout(help);
      return { exitCode: 0 };
    }
    return { plan: plan(flags, io.cwd) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    io.stderr(
      `appsync-direct ${command}: ${message}\nRun "appsync-direct ${command} --help" for every flag, with examples.\n`,
    );
    return { exitCode: 2 };
  }
}

/**
 * The `--schema` and `--handler` of a command run on a project, checked: both given, and the
 * schema an existing file. `purpose` completes the messages: "say which schema <schema> with
 * --schema", "say which handler <handler> with --handler".
 */
export function schemaAndHandler(
  flags: { schema?: string | undefined; handler?: string | undefined },
  cwd: string,
  purpose: { schema: string; handler: string },
): { schema: string; handler: string } {
  if (flags.schema === undefined) {
    throw new UsageError(
      `say which schema ${purpose.schema} with --schema <file.graphql>, as in --schema schema.graphql`,
    );
  }
  if (flags.handler === undefined) {
    throw new UsageError(
      `say which handler ${purpose.handler} with --handler <file>, as in --handler src/handler.ts`,
    );
  }
  const schemaPath = resolve(cwd, flags.schema);
  if (!existsSync(schemaPath) || !statSync(schemaPath).isFile()) {
    throw new UsageError(
      `--schema ${flags.schema}: there is no such file (looked for ${schemaPath})`,
    );
  }
  return { schema: flags.schema, handler: flags.handler };
}

/**
 * A `--query` flag: the text of a `.graphql` file when `text` names one, else the document itself
 * (anything with a `{`). `example` is the document the message shows.
 */
export function documentFlag(text: string, cwd: string, example: string): string {
  const path = resolve(cwd, text);
  if (existsSync(path) && statSync(path).isFile()) return readFileSync(path, 'utf8');
  if (text.includes('{')) return text;
  throw new UsageError(
    `--query ${text}: there is no such file (looked for ${path}); give a .graphql file or the document itself, as in --query '${example}'`,
  );
}
