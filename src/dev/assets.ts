import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file of an installed package that the IDE page loads. */
export interface IdeAsset {
  /** The URL path it is served at; it holds the package version, so it can be cached for good. */
  url: string;
  /** Where it is on disk. */
  path: string;
  contentType: string;
}

/** The IDE's files, or what is missing and how to get it. */
export type IdeAssets =
  | { ok: true; css: IdeAsset; scripts: IdeAsset[]; versions: Record<string, string> }
  | { ok: false; problems: string[]; install: string };

interface Wanted {
  name: string;
  /** The major versions that ship the file. */
  majors: readonly number[];
  file: string;
}

// GraphiQL 3 is the last major with a UMD build (a script that needs no bundler); it runs on
// React 16.8 to 18, and React 19 dropped its UMD builds.
const GRAPHIQL: Wanted = { name: 'graphiql', majors: [3], file: 'graphiql.min.js' };
const GRAPHIQL_CSS: Wanted = { name: 'graphiql', majors: [3], file: 'graphiql.min.css' };
const REACT: Wanted = {
  name: 'react',
  majors: [16, 17, 18],
  file: 'umd/react.production.min.js',
};
const REACT_DOM: Wanted = {
  name: 'react-dom',
  majors: [16, 17, 18],
  file: 'umd/react-dom.production.min.js',
};

/** The install command for the IDE's packages. */
export const IDE_INSTALL = 'npm i -D graphiql@3 react@18 react-dom@18';

/** The directory of this package (the one holding package.json), from src/dev or dist/dev. */
export const PACKAGE_DIR = fileURLToPath(new URL('../..', import.meta.url));

type Found = { path: string; version: string } | { problem: string };

function find(wanted: Wanted, searchPaths: readonly string[]): Found {
  const problems: string[] = [];
  for (const base of searchPaths) {
    let manifest: string;
    try {
      manifest = createRequire(join(base, 'package.json')).resolve(`${wanted.name}/package.json`);
    } catch {
      continue;
    }
    const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
    const path = join(dirname(manifest), wanted.file);
    const major = Number(version.split('.')[0]);
    if (!wanted.majors.includes(major)) {
      problems.push(
        `${wanted.name} ${version} (in ${dirname(manifest)}) is not ${wanted.majors.map((m) => `${m}.x`).join(' or ')}, which ship ${wanted.file}`,
      );
    } else if (!existsSync(path)) {
      problems.push(`${wanted.name} ${version} (in ${dirname(manifest)}) has no ${wanted.file}`);
    } else {
      return { path, version };
    }
  }
  if (problems.length === 0) problems.push(`${wanted.name} is not installed`);
  return { problem: problems.join('; ') };
}

/**
 * Finds the GraphiQL page's scripts and style sheet in installed packages — no CDN, so the IDE
 * works offline. Each package is looked up from each of `searchPaths` in turn (the user's project
 * first, then this package), and the first install with the right major version is used.
 */
export function findIdeAssets(searchPaths: readonly string[]): IdeAssets {
  const wanted = [REACT, REACT_DOM, GRAPHIQL, GRAPHIQL_CSS];
  const found = wanted.map((item) => find(item, searchPaths));
  const problems = [...new Set(found.flatMap((item) => ('problem' in item ? [item.problem] : [])))];
  if (problems.length > 0) return { ok: false, problems, install: IDE_INSTALL };
  const assets = found.map((item, i) => {
    const { path, version } = item as { path: string; version: string };
    const { name, file } = wanted[i] as Wanted;
    return {
      url: `/ide/${name}@${version}/${file}`,
      path,
      contentType: file.endsWith('.css')
        ? 'text/css; charset=utf-8'
        : 'text/javascript; charset=utf-8',
    };
  });
  const [react, reactDom, graphiql, css] = assets as [IdeAsset, IdeAsset, IdeAsset, IdeAsset];
  const versions: Record<string, string> = {};
  wanted.forEach((item, i) => {
    versions[item.name] = (found[i] as { version: string }).version;
  });
  return { ok: true, css, scripts: [react, reactDom, graphiql], versions };
}
