/**
 * Relative links in README.md and docs/*.md: each must name a file of the repository that exists,
 * and an `#anchor` in a Markdown file must match one of its headings, slugged as GitHub slugs
 * them (lower case, spaces to '-', punctuation other than '-' and '_' dropped, repeats numbered).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The Markdown files whose links are checked, relative to the repository root. */
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .sort()
    .map((name) => `docs/${name}`),
];

const FENCE = /^\s*(`{3,}|~{3,})/;

/** The lines of a Markdown text outside fenced code blocks, with their 1-based numbers. */
function proseLines(markdown: string): { text: string; line: number }[] {
  const lines: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = FENCE.exec(text)?.[1];
    if (fence === undefined) {
      if (marker !== undefined) fence = marker;
      else lines.push({ text, line: index + 1 });
    } else if (marker !== undefined && marker[0] === fence[0] && marker.length >= fence.length) {
      if (text.trim() === marker) fence = undefined;
    }
  });
  return lines;
}

/**
 * The text a heading renders to: code spans as their text (`<Schema>` included), links and
 * images by their text, HTML tags dropped.
 */
function renderedText(inline: string): string {
  return inline
    .split(/(`+[^`]*`+)/)
    .map((part, index) =>
      index % 2 === 1
        ? part.replace(/^`+|`+$/g, '')
        : part.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/<[^>]+>/g, ''),
    )
    .join('');
}

/** GitHub's anchor for a heading's text (github-slugger), before repeats are numbered. */
function githubSlug(heading: string): string {
  return renderedText(heading)
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** Every anchor a Markdown text defines: its headings' slugs (repeats get -1, -2 …) and HTML ids. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const add = (slug: string): void => {
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  };
  const lines = proseLines(markdown);
  lines.forEach(({ text, line }, index) => {
    const atx = /^ {0,3}#{1,6}(?:\s+(.*?))?(?:\s+#+)?\s*$/.exec(text);
    if (atx !== null) add(githubSlug(atx[1] ?? ''));
    const previous = lines[index - 1];
    if (
      /^ {0,3}(=+|-+)\s*$/.test(text) &&
      previous !== undefined &&
      previous.line === line - 1 &&
      /^ {0,3}[^\s|>*+#-]/.test(previous.text)
    ) {
      add(githubSlug(previous.text));
    }
    for (const match of text.matchAll(/<a\s[^>]*\b(?:id|name)="([^"]+)"/g)) {
      if (match[1] !== undefined) anchors.add(match[1]);
    }
  });
  return anchors;
}

/** The link targets of a Markdown text (inline links, images and reference definitions). */
function linksOf(markdown: string): { target: string; line: number }[] {
  const links: { target: string; line: number }[] = [];
  for (const { text, line } of proseLines(markdown)) {
    const prose = text.replace(/`+[^`]*`+/g, (code) => ' '.repeat(code.length));
    for (const match of prose.matchAll(/\]\(\s*(<[^>]*>|[^\s)]+)(?:\s+"[^"]*")?\s*\)/g)) {
      const target = match[1] ?? '';
      links.push({ target: target.replace(/^<|>$/g, ''), line });
    }
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(prose);
    if (definition?.[1] !== undefined) {
      links.push({ target: definition[1].replace(/^<|>$/g, ''), line });
    }
  }
  return links;
}

/**
 * What is wrong with the relative links of `file` (a path relative to `root`), one line each:
 * a missing file, a path out of the repository, or an anchor no heading of the target defines.
 */
function brokenLinks(
  file: string,
  read: (path: string) => string | undefined,
  root = ROOT,
): string[] {
  const source = read(join(root, file));
  if (source === undefined) return [`${file}: cannot be read`];
  const problems: string[] = [];
  for (const { target, line } of linksOf(source)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('//')) continue;
    const hash = target.indexOf('#');
    const path = decodeURI(hash < 0 ? target : target.slice(0, hash)).replace(/\?.*$/, '');
    const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
    const resolved =
      path === ''
        ? join(root, file)
        : path.startsWith('/')
          ? join(root, path)
          : resolve(dirname(join(root, file)), path);
    const inside = relative(root, resolved);
    const where = `${file}:${line}: (${target})`;
    if (inside.startsWith('..') || isAbsolute(inside)) {
      problems.push(`${where} points out of the repository`);
      continue;
    }
    const text = read(resolved);
    if (text === undefined && !existsSync(resolved)) {
      problems.push(`${where} names ${inside || '.'}, which does not exist`);
      continue;
    }
    if (anchor === undefined || anchor === '' || !resolved.endsWith('.md')) continue;
    if (text === undefined || !anchorsOf(text).has(anchor)) {
      problems.push(`${where} names #${anchor}, which is no heading of ${inside}`);
    }
  }
  return problems;
}

/** Reads a file of the working tree, or `undefined` when it is missing or a directory. */
function readFromDisk(path: string): string | undefined {
  if (!existsSync(path) || !statSync(path).isFile()) return undefined;
  return readFileSync(path, 'utf8');
}

describe('githubSlug', () => {
  it.each([
    ['Local AppSync: `appsync-direct dev`', 'local-appsync-appsync-direct-dev'],
    ['The engine: `appsync-direct/emulator`', 'the-engine-appsync-directemulator'],
    [
      '`createResolver(options?)`, `createResolver<Schema>(options?)`',
      'createresolveroptions-createresolverschemaoptions',
    ],
    ['Deadlines, the 6 MB limit and logs', 'deadlines-the-6-mb-limit-and-logs'],
    [
      '3. The same batch with one item in ten failing',
      '3-the-same-batch-with-one-item-in-ten-failing',
    ],
    ['With Amplify `@function`', 'with-amplify-function'],
    ['snake_case and a – dash', 'snake_case-and-a--dash'],
    ['[Linked](other.md) heading', 'linked-heading'],
    ['Déjà vu', 'déjà-vu'],
  ])('%s → %s', (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug);
  });
});

describe('anchorsOf', () => {
  it('numbers repeated headings, ignores code blocks, and reads setext headings and HTML ids', () => {
    const markdown = [
      '# Title',
      '## Usage',
      '```sh',
      '# not a heading',
      '```',
      '## Usage',
      'Setext heading',
      '---',
      '<a id="custom"></a>',
    ].join('\n');
    expect([...anchorsOf(markdown)]).toEqual([
      'title',
      'usage',
      'usage-1',
      'setext-heading',
      'custom',
    ]);
  });
});

describe('brokenLinks', () => {
  const files: Record<string, string> = {
    '/repo/README.md': [
      '# Top',
      '## Local AppSync: `appsync-direct dev`',
      '[ok](docs/guide.md) [ok](docs/guide.md#the-engine) [ok](#top) [web](https://example.com/x.md)',
      '[no file](docs/missing.md) [no anchor](docs/guide.md#nowhere) [no self](#bottom)',
      '`[in code](docs/missing.md)` ![image](docs/ide.png) [out](../shared/DESIGN.md)',
      '```md',
      '[in a block](docs/missing.md)',
      '```',
      '[ref]: docs/gone.md',
    ].join('\n'),
    '/repo/docs/guide.md': [
      '# Guide',
      '## The engine',
      '[up](../README.md#local-appsync-appsync-direct-dev) [bad](../README.md#engine)',
    ].join('\n'),
  };
  const read = (path: string): string | undefined => files[path];

  it('finds missing files, missing anchors and paths out of the repository', () => {
    expect(brokenLinks('README.md', read, '/repo')).toEqual([
      'README.md:4: (docs/missing.md) names docs/missing.md, which does not exist',
      'README.md:4: (docs/guide.md#nowhere) names #nowhere, which is no heading of docs/guide.md',
      'README.md:4: (#bottom) names #bottom, which is no heading of README.md',
      'README.md:5: (docs/ide.png) names docs/ide.png, which does not exist',
      'README.md:5: (../shared/DESIGN.md) points out of the repository',
      'README.md:9: (docs/gone.md) names docs/gone.md, which does not exist',
    ]);
  });

  it('resolves links from a file in docs/ against its own folder', () => {
    expect(brokenLinks('docs/guide.md', read, '/repo')).toEqual([
      'docs/guide.md:3: (../README.md#engine) names #engine, which is no heading of README.md',
    ]);
  });
});

describe('the documentation', () => {
  it('checks the README and every page of docs/', () => {
    expect(DOCUMENTS).toContain('README.md');
    expect(DOCUMENTS.length).toBeGreaterThan(1);
  });

  it.each(DOCUMENTS)('%s has no broken relative link', (file) => {
    expect(brokenLinks(file, readFromDisk)).toEqual([]);
  });
});
