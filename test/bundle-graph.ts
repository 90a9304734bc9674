import { type BuildOptions, build, type Metafile } from 'esbuild';

/** What one source entry loads once bundled: read from esbuild's metafile, nothing written. */
export interface EntryGraph {
  outputs: Metafile['outputs'];
  /** The output file of the entry. */
  entry: string;
  /** What importing the entry loads: its static imports, through shared chunks. */
  loaded: string[];
  /** What the entry or those chunks load only with `import()`. */
  dynamic: string[];
}

/**
 * Bundles `source` (a path relative to the repository, such as `src/cli/main.ts`) with code
 * splitting and follows its static imports.
 */
export async function entryGraph(source: string, options: BuildOptions = {}): Promise<EntryGraph> {
  const result = await build({
    entryPoints: [new URL(`../${source}`, import.meta.url).pathname],
    bundle: true,
    splitting: true,
    outdir: 'out',
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'node',
    logLevel: 'silent',
    ...options,
  });
  const outputs = result.metafile?.outputs ?? {};
  const entry = Object.keys(outputs).find((file) => outputs[file]?.entryPoint === source);
  if (entry === undefined) throw new Error(`esbuild wrote no output for ${source}`);
  const loaded = new Set<string>();
  const dynamic = new Set<string>();
  const visit = (file: string): void => {
    for (const { path, kind } of outputs[file]?.imports ?? []) {
      if (kind === 'dynamic-import') dynamic.add(path);
      if (kind !== 'import-statement' || loaded.has(path)) continue;
      loaded.add(path);
      visit(path);
    }
  };
  visit(entry);
  return { outputs, entry, loaded: [...loaded], dynamic: [...dynamic] };
}

/** The loaded paths that are neither Node built-ins nor our own chunks: other packages. */
export function foreign(paths: readonly string[]): string[] {
  return paths.filter((path) => !path.startsWith('node:') && !path.startsWith('out/'));
}

/** What a platform-neutral bundle holds: its code, its own input files and what it imports. */
export interface NeutralBundle {
  code: string;
  inputs: string[];
  /** Imports left outside the bundle: packages or Node built-ins it would need at run time. */
  imports: string[];
}

/**
 * Bundles a source file (relative to the repository) or a module's text for a platform with no
 * built-ins, as a check that it needs nothing but its own files.
 */
export async function neutralBundle(
  input: { entry: string } | { contents: string },
): Promise<NeutralBundle> {
  const root = new URL('..', import.meta.url).pathname;
  const result = await build({
    ...('entry' in input
      ? { entryPoints: [`${root}${input.entry}`] }
      : { stdin: { contents: input.contents, resolveDir: root, loader: 'ts' as const } }),
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'neutral',
    logLevel: 'silent',
  });
  return {
    code: result.outputFiles[0]?.text ?? '',
    inputs: Object.keys(result.metafile.inputs),
    imports: Object.values(result.metafile.outputs).flatMap((output) =>
      output.imports.map((imported) => imported.path),
    ),
  };
}
