import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildFailure, build, formatMessages } from 'esbuild';
import type { InvokeTarget } from '../testing/index.js';
import { describeThrown, messageOf } from './io.js';

/** The handler cannot be found, built, imported or used. The command exits with 2. */
export class HandlerLoadError extends Error {
  override readonly name = 'HandlerLoadError';
  /** The source files the failure involves (absolute paths), to watch for a fix. */
  readonly files: readonly string[];
  /** True when esbuild itself is unusable (not the handler): a usage problem, not a build error. */
  readonly esbuildUnusable: boolean;

  constructor(
    message: string,
    options: { files?: readonly string[] | undefined; esbuildUnusable?: boolean } = {},
  ) {
    super(message);
    this.files = options.files ?? [];
    this.esbuildUnusable = options.esbuildUnusable ?? false;
  }
}

/** How every command says that esbuild is there but cannot be used. */
export function esbuildUnloadable(error: unknown): string {
  return `esbuild is installed but could not be loaded: ${messageOf(error)}`;
}

/**
 * esbuild's JavaScript loads without its native binary (node_modules installed on another
 * platform) and says so only when it first builds: such a failure is esbuild's, not the handler's.
 */
export function isEsbuildBinaryFailure(error: unknown): boolean {
  return /@esbuild\/|another platform|host version/i.test(messageOf(error));
}

/**
 * Imports esbuild: the module, `undefined` when it is not installed, or a thrown
 * {@link HandlerLoadError} (`esbuildUnusable`) when it is installed but cannot be loaded.
 */
export async function importEsbuild<T>(importer: () => Promise<T>): Promise<T | undefined> {
  try {
    return await importer();
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw new HandlerLoadError(esbuildUnloadable(error), { esbuildUnusable: true });
  }
}

/** The part of esbuild's API the loader uses. */
export interface EsbuildApi {
  build: typeof build;
  formatMessages: typeof formatMessages;
}

/** A loaded handler: what to pass to `invoke()`, and which export it came from. */
export interface LoadedHandler {
  /** A Lambda handler function, or an app from `createResolver()` (`kind: 'app'`). */
  target: InvokeTarget;
  kind: 'function' | 'app';
  /** The export used: `handler`, `app`, `default` or the one asked for. */
  exportName: string;
}

export interface LoadHandlerOptions {
  /** Relative paths resolve against this directory. */
  cwd: string;
  /** The export to use; by default `handler`, else `app`, else the default export. */
  exportName?: string | undefined;
  /** How to get esbuild; `import('esbuild')` unless a test says otherwise. */
  importEsbuild?: (() => Promise<EsbuildApi>) | undefined;
}

const TYPESCRIPT = new Set(['.ts', '.mts', '.cts']);
const JAVASCRIPT = new Set(['.js', '.mjs', '.cjs']);
const DEFAULT_EXPORTS = ['handler', 'app', 'default'] as const;

/**
 * Imports the handler module `file` and picks the export to call. TypeScript (and JavaScript,
 * when esbuild is installed) is bundled with esbuild first, so `tsconfig` paths, TypeScript
 * syntax and CommonJS dependencies work as in a deployed bundle; stack traces are source-mapped.
 */
export async function loadHandler(
  file: string,
  options: LoadHandlerOptions,
): Promise<LoadedHandler> {
  const path = handlerPath(file, options.cwd);
  const exports = await importModule(path, file, options);
  return pickExport(exports, file, options.exportName);
}

/** A module's exports, by name. */
export type Namespace = Record<string, unknown>;

/** One fresh bundle of a handler, imported. */
export interface HandlerBuild {
  exports: Namespace;
  /** The files the bundle was built from, as absolute paths: what to watch for changes. */
  inputs: string[];
}

/**
 * Bundles the handler module `file` with esbuild and imports the bundle, uncached: each call
 * writes a new file, so a rebuild after an edit imports the new code (`appsync-direct dev`).
 * Needs esbuild, whatever the handler's language.
 */
export async function buildHandler(
  file: string,
  options: Omit<LoadHandlerOptions, 'exportName'>,
): Promise<HandlerBuild> {
  const path = handlerPath(file, options.cwd);
  const esbuild = await importEsbuild(options.importEsbuild ?? (() => import('esbuild')));
  if (esbuild === undefined) {
    throw new HandlerLoadError(
      `esbuild is not installed, and it bundles --handler ${file}: install it (npm i -D esbuild)`,
    );
  }
  return bundleAndImport(esbuild, path, file, options.cwd);
}

/** The absolute path of the handler module, checked: a file with a module's extension. */
function handlerPath(file: string, cwd: string): string {
  const path = resolve(cwd, file);
  const extension = extname(path).toLowerCase();
  if (!TYPESCRIPT.has(extension) && !JAVASCRIPT.has(extension)) {
    throw new HandlerLoadError(
      `--handler ${file} is not a module this command can run: give a .ts, .mts, .cts, .js, .mjs or .cjs file`,
    );
  }
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new HandlerLoadError(`--handler ${file}: there is no such file (looked for ${path})`, {
      files: [path],
    });
  }
  return path;
}

/** Imported modules by mode, path and modification time, so one process builds each once. */
const cache = new Map<string, Promise<Namespace>>();

async function importModule(
  path: string,
  file: string,
  options: LoadHandlerOptions,
): Promise<Namespace> {
  const esbuild = await importEsbuild(options.importEsbuild ?? (() => import('esbuild')));
  if (esbuild === undefined && TYPESCRIPT.has(extname(path).toLowerCase())) {
    throw new HandlerLoadError(
      `--handler ${file} is TypeScript, and esbuild is not installed: install esbuild (npm i -D esbuild) to run TypeScript handlers, or point --handler at a built .js file`,
    );
  }
  const key = `${esbuild === undefined ? 'import' : 'bundle'}:${path}:${statSync(path).mtimeMs}`;
  let loaded = cache.get(key);
  if (loaded === undefined) {
    loaded =
      esbuild === undefined
        ? importFile(pathToFileURL(path).href, file)
        : bundleAndImport(esbuild, path, file, options.cwd).then((built) => built.exports);
    cache.set(key, loaded);
    loaded.catch(() => cache.delete(key));
  }
  return loaded;
}

async function importFile(url: string, file: string, files: string[] = []): Promise<Namespace> {
  process.setSourceMapsEnabled(true);
  try {
    return (await import(url)) as Namespace;
  } catch (error) {
    throw new HandlerLoadError(`--handler ${file} failed while loading: ${describeThrown(error)}`, {
      files,
    });
  }
}

const BANNER =
  "import { createRequire as __appsyncDirectCreateRequire } from 'node:module';\n" +
  'const require = __appsyncDirectCreateRequire(import.meta.url);';

async function bundleAndImport(
  esbuild: EsbuildApi,
  path: string,
  file: string,
  cwd: string,
): Promise<HandlerBuild> {
  // A new directory per build: a new module URL, so import() never returns an older build.
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-'));
  try {
    const outfile = join(dir, 'handler.mjs');
    let format: string | undefined;
    let inputs: string[];
    try {
      const result = await esbuild.build({
        entryPoints: [path],
        absWorkingDir: cwd,
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        sourcemap: 'inline',
        banner: { js: BANNER },
        metafile: true,
        logLevel: 'silent',
      });
      // One entry point, one output: its input's format says whether the handler is CommonJS.
      const output = Object.values(result.metafile.outputs)[0] as { entryPoint: string };
      format = (result.metafile.inputs[output.entryPoint] as { format?: string }).format;
      inputs = sourceFiles(Object.keys(result.metafile.inputs), cwd);
    } catch (error) {
      const errors = (error as Partial<BuildFailure>).errors;
      if (!Array.isArray(errors) || errors.length === 0) {
        if (isEsbuildBinaryFailure(error)) {
          throw new HandlerLoadError(esbuildUnloadable(error), { esbuildUnusable: true });
        }
        throw new HandlerLoadError(`esbuild failed on --handler ${file}: ${messageOf(error)}`, {
          files: [path],
        });
      }
      const formatted = await esbuild.formatMessages(errors, { kind: 'error', color: false });
      const named = errors.flatMap((message) =>
        message.location?.file ? [message.location.file] : [],
      );
      throw new HandlerLoadError(
        `--handler ${file} does not build:\n\n${formatted.join('').trimEnd()}`,
        { files: [path, ...sourceFiles(named, cwd)] },
      );
    }
    const namespace = await importFile(pathToFileURL(outfile).href, file, inputs);
    return { exports: format === 'cjs' ? commonJsExports(namespace) : namespace, inputs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** esbuild's input names (relative to `cwd`, or `namespace:path`) as absolute file paths. */
function sourceFiles(names: readonly string[], cwd: string): string[] {
  return names.filter((name) => !/^[a-z-]+:/i.test(name)).map((name) => resolve(cwd, name));
}

/** A CommonJS module bundled as ESM has only a default export: its `module.exports`. */
function commonJsExports(namespace: Namespace): Namespace {
  const exports = namespace.default;
  if (typeof exports !== 'object' || exports === null) return namespace;
  return { ...(exports as Namespace), ...namespace };
}

/**
 * The export to call: `wanted`, or else the first of `order` that the module has. It must be a
 * Lambda handler function or an app (an object with a `handler()` method).
 */
export function pickExport(
  exports: Namespace,
  file: string,
  wanted: string | undefined,
  order: readonly string[] = DEFAULT_EXPORTS,
): LoadedHandler {
  const names = Object.keys(exports).sort();
  const listed = names.length === 0 ? 'it has no exports' : `its exports are: ${names.join(', ')}`;
  let exportName: string;
  if (wanted !== undefined) {
    if (!Object.hasOwn(exports, wanted)) {
      throw new HandlerLoadError(`--handler ${file} has no export named ${wanted}; ${listed}`);
    }
    exportName = wanted;
  } else {
    const found = order.find((name) => exports[name] !== undefined);
    if (found === undefined) {
      throw new HandlerLoadError(
        `--handler ${file} exports no ${order.join(', ').replace(/, (?=[^,]*$)/, ' or ')} export; ${listed}. Pass the one to call with --export <name>`,
      );
    }
    exportName = found;
  }
  const value = exports[exportName];
  if (typeof value === 'function') {
    return { target: value as InvokeTarget, kind: 'function', exportName };
  }
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { handler?: unknown }).handler === 'function'
  ) {
    return { target: value as InvokeTarget, kind: 'app', exportName };
  }
  throw new HandlerLoadError(
    `export ${exportName} of ${file} is ${describe(value)}, neither a Lambda handler function nor an app from createResolver(); ${listed}. Pass the one to call with --export <name>`,
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object without a handler() method' : `a ${typeof value}`;
}
