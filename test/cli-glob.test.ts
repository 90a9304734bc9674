/**
 * The glob of `appsync-direct codegen --documents` (src/cli/glob.ts), on a directory tree made for
 * each case: `*`, `?`, `**`, braces, what is skipped, symbolic links, relative and absolute
 * patterns.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expandBraces, glob } from '../src/cli/glob.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory with empty files at `paths` (directories made as needed). */
function tree(paths: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-glob-'));
  made.push(dir);
  for (const path of paths) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), '');
  }
  return dir;
}

const FILES = [
  'a.graphql',
  'b.gql',
  'ab.graphql',
  '.hidden.graphql',
  'src/posts.graphql',
  'src/posts.ts',
  'src/users/me.graphql',
  'src/users/deep/er/x.graphql',
  'src/a+b(1).graphql',
  'src/.cache/c.graphql',
  'node_modules/pkg/schema.graphql',
  'src/node_modules/pkg/y.graphql',
  'dir.graphql/inside.graphql',
];

describe('glob', () => {
  const dir = tree(FILES);

  it.each([
    ['*.graphql', ['a.graphql', 'ab.graphql']],
    ['?.graphql', ['a.graphql']],
    ['a*', ['a.graphql', 'ab.graphql']],
    ['*.{graphql,gql}', ['a.graphql', 'ab.graphql', 'b.gql']],
    ['src/*.graphql', ['src/a+b(1).graphql', 'src/posts.graphql']],
    [
      'src/**/*.graphql',
      [
        'src/a+b(1).graphql',
        'src/posts.graphql',
        'src/users/deep/er/x.graphql',
        'src/users/me.graphql',
      ],
    ],
    [
      '**/*.graphql',
      [
        'a.graphql',
        'ab.graphql',
        'dir.graphql/inside.graphql',
        'src/a+b(1).graphql',
        'src/posts.graphql',
        'src/users/deep/er/x.graphql',
        'src/users/me.graphql',
      ],
    ],
    ['src/users/**', ['src/users/deep/er/x.graphql', 'src/users/me.graphql']],
    ['src/**/er/*', ['src/users/deep/er/x.graphql']],
    ['./src/./posts.graphql', ['src/posts.graphql']],
    ['src//users/me.graphql', ['src/users/me.graphql']],
  ])('%s', (pattern, expected) => {
    expect(glob(pattern, dir)).toEqual(expected);
  });

  it('* and ? do not match a leading dot; a pattern that starts with one does', () => {
    expect(glob('?hidden.graphql', dir)).toEqual([]);
    expect(glob('.*.graphql', dir)).toEqual(['.hidden.graphql']);
    expect(glob('src/.cache/*', dir)).toEqual(['src/.cache/c.graphql']);
  });

  it('** enters neither node_modules nor dot directories, unless named', () => {
    expect(glob('node_modules/**/*.graphql', dir)).toEqual(['node_modules/pkg/schema.graphql']);
    expect(glob('src/node_modules/*/*.graphql', dir)).toEqual(['src/node_modules/pkg/y.graphql']);
  });

  it('matches files only: a directory of that name is not a match', () => {
    expect(glob('dir.graphql', dir)).toEqual([]);
    expect(glob('*.graphql/*.graphql', dir)).toEqual(['dir.graphql/inside.graphql']);
  });

  it('a name is matched literally, regular expression characters included', () => {
    expect(glob('src/a+b(1).graphql', dir)).toEqual(['src/a+b(1).graphql']);
    expect(glob('src/a+b(?).graphql', dir)).toEqual(['src/a+b(1).graphql']);
    expect(glob('src/a.b*', dir)).toEqual([]);
  });

  it('nothing, for a path that does not exist or goes through a file', () => {
    expect(glob('nope/**/*.graphql', dir)).toEqual([]);
    expect(glob('**/*.graphql', join(dir, 'missing'))).toEqual([]);
    expect(glob('a.graphql/*', dir)).toEqual([]);
    expect(glob('missing.graphql', dir)).toEqual([]);
  });

  it('relative to the working directory, .. included', () => {
    expect(glob('../*.graphql', join(dir, 'src'))).toEqual(['../a.graphql', '../ab.graphql']);
    expect(glob('*.graphql', join(dir, 'src/users'))).toEqual(['me.graphql']);
  });

  it('an absolute pattern gives absolute paths', () => {
    expect(glob(`${dir}/src/*/me.graphql`, '/')).toEqual([join(dir, 'src/users/me.graphql')]);
  });

  it.skipIf(process.platform === 'win32')('ignores what is neither a file nor a directory', () => {
    expect(glob('/dev/null', dir)).toEqual([]);
  });

  it.skipIf(process.platform === 'win32')(
    'follows a symbolic link it is given, but ** does not enter a linked directory',
    () => {
      const linked = tree(['real/q.graphql']);
      symlinkSync(join(linked, 'real'), join(linked, 'link'));
      symlinkSync(join(linked, 'real/q.graphql'), join(linked, 'file.graphql'));
      expect(glob('**/*.graphql', linked)).toEqual(['file.graphql', 'real/q.graphql']);
      expect(glob('link/*.graphql', linked)).toEqual(['link/q.graphql']);
      expect(glob('l*/q.graphql', linked)).toEqual(['link/q.graphql']);
    },
  );

  it('returns each file once, sorted', () => {
    expect(glob('{a,a,*}.graphql', dir)).toEqual(['a.graphql', 'ab.graphql']);
  });
});

describe('expandBraces', () => {
  it.each([
    ['a/{b,c}/d', ['a/b/d', 'a/c/d']],
    ['{a,b{c,d}}', ['a', 'bc', 'bd']],
    ['{a,b}{1,2}', ['a1', 'a2', 'b1', 'b2']],
    ['x{}{a,b}', ['x{}a', 'x{}b']],
    ['{only}', ['{only}']],
    ['{a,b', ['{a,b']],
    ['{,x}.graphql', ['.graphql', 'x.graphql']],
    ['plain', ['plain']],
  ])('%s', (pattern, expected) => {
    expect(expandBraces(pattern)).toEqual(expected);
  });
});
