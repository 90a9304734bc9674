import { type Dirent, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, parse, relative, resolve, sep } from 'node:path';

/** Directories `**` does not enter, besides those whose name starts with a dot. */
const SKIPPED_DIRECTORIES = new Set(['node_modules']);

/**
 * The files a glob pattern matches (Node 20 has no `fs.glob`), sorted: relative to `cwd` and
 * written with `/` for a relative pattern, absolute for an absolute one.
 *
 * Directories are separated by `/`. In one segment, `*` matches any run of characters and `?`
 * one character; neither matches a leading `.`. A `**` segment matches any number of
 * directories, none included, but does not enter `node_modules`, a directory whose name starts
 * with a dot (name it to go there) or a symbolic link to a directory (so it never loops); a
 * trailing `**` matches every file below. `{a,b}` matches
 * either alternative, and nests. Every other character matches itself.
 *
 * @example
 * glob('src/**\/*.{graphql,gql}', process.cwd()); // ['src/posts.graphql', 'src/users/me.gql']
 */
export function glob(pattern: string, cwd: string): string[] {
  const found = new Set<string>();
  for (const alternative of expandBraces(pattern)) {
    const root = isAbsolute(alternative) ? parse(alternative).root : '';
    const segments = alternative
      .slice(root.length)
      .split('/')
      .filter((segment) => segment !== '' && segment !== '.');
    if (segments.at(-1) === '**') segments.push('*');
    walk(resolve(cwd, root), segments, 0, found);
  }
  const relativePattern = !isAbsolute(pattern);
  return [...found]
    .map((path) => (relativePattern ? relative(cwd, path).split(sep).join('/') : path))
    .sort((a, b) => (a < b ? -1 : 1));
}

function walk(dir: string, segments: readonly string[], i: number, found: Set<string>): void {
  const segment = segments[i] as string;
  const last = i === segments.length - 1;
  if (segment === '**') {
    walk(dir, segments, i + 1, found);
    for (const entry of entries(dir)) {
      if (entry.isDirectory() && !hidden(entry.name) && !SKIPPED_DIRECTORIES.has(entry.name)) {
        walk(join(dir, entry.name), segments, i, found);
      }
    }
    return;
  }
  const names = /[*?]/.test(segment)
    ? entries(dir)
        .map((entry) => entry.name)
        .filter((name) => matcher(segment).test(name) && (!hidden(name) || hidden(segment)))
    : [segment];
  for (const name of names) {
    const path = join(dir, name);
    const kind = kindOf(path);
    if (last && kind === 'file') found.add(path);
    else if (!last && kind === 'directory') walk(path, segments, i + 1, found);
  }
}

function hidden(name: string): boolean {
  return name.startsWith('.');
}

/** A directory's entries, or none when it cannot be read. */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/** What a path is, following symbolic links; `undefined` when there is nothing there. */
function kindOf(path: string): 'file' | 'directory' | undefined {
  try {
    const stats = statSync(path);
    return stats.isFile() ? 'file' : stats.isDirectory() ? 'directory' : undefined;
  } catch {
    return undefined;
  }
}

/** A segment's pattern as an anchored regular expression: `*` and `?` within one name. */
function matcher(segment: string): RegExp {
  const source = segment
    .split('')
    .map((char) =>
      char === '*' ? '[^/]*' : char === '?' ? '[^/]' : char.replace(/[\\^$.|+()[\]{}]/, '\\$&'),
    )
    .join('');
  return new RegExp(`^${source}$`, 'u');
}

/**
 * The patterns a pattern with braces stands for: `a/{b,c{d,e}}` → `a/b`, `a/cd`, `a/ce`. Braces
 * without a comma inside, or left open, are literal.
 */
export function expandBraces(pattern: string): string[] {
  for (let open = pattern.indexOf('{'); open !== -1; open = pattern.indexOf('{', open + 1)) {
    let depth = 0;
    const commas: number[] = [];
    for (let i = open; i < pattern.length; i++) {
      const char = pattern[i];
      if (char === '{') depth++;
      else if (char === ',' && depth === 1) commas.push(i);
      else if (char === '}' && --depth === 0) {
        if (commas.length === 0) break;
        const bounds = [open, ...commas, i];
        const before = pattern.slice(0, open);
        const after = pattern.slice(i + 1);
        return bounds
          .slice(1)
          .flatMap((end, k) =>
            expandBraces(`${before}${pattern.slice((bounds[k] as number) + 1, end)}${after}`),
          );
      }
    }
  }
  return [pattern];
}
