/**
 * Bundling APPSYNC_JS code, in one place for the three that do it: the local AppSync's runner
 * (`compileAppSyncJs`), `appsync-direct check` and the deployment plan (`manifest`, the CDK
 * construct). A module is bundled as the AWS guide to bundling resolver code does: esbuild, an
 * ES module, relative imports inlined, TypeScript accepted by the file's extension,
 * `@aws-appsync/utils` (and its subpaths) left to the runtime, platform neutral, not minified.
 *
 * - esbuild is an optional peer dependency, loaded synchronously on first use
 *   ({@link loadEsbuild}); this module imports neither esbuild nor acorn, so the CDK entry can
 *   load it. The rules ({@link checkBundle}) are passed in by the caller for the same reason.
 * - With `sourceMap`, the bundle carries its source map, decoded, and positions in it map back
 *   to the files they come from ({@link originalPosition}, {@link checkBundle}).
 * - What AppSync checks when the resolver or function is created and the rules do not: both
 *   `request` and `response` exported ({@link missingHandlers}), at most {@link MAX_CODE_LENGTH}
 *   characters ({@link oversize}).
 */
import { createRequire } from 'node:module';
import { basename, extname, resolve } from 'node:path';
import type { AppSyncJsCheckOptions, AppSyncJsFinding } from '../../codegen/appsync-js-rules.js';
import type { CodeSource } from '../code/declaration.js';

/** The module APPSYNC_JS code imports its utilities from; it and its subpaths stay external. */
export const APPSYNC_UTILS = '@aws-appsync/utils';

/**
 * The most characters AppSync takes as a resolver's or function's `code` (32 KB): the AppSync API
 * reference, `Resolver.code` and `FunctionConfiguration.code`, "Maximum length of 32768". The
 * same number as `check`'s `code-size` rule, kept here so that the CDK entry does not load the
 * checker.
 */
export const MAX_CODE_LENGTH = 32_768;

/** What esbuild's `buildSync` and `build` resolve to, as far as a bundle is read from it. */
export interface EsbuildResult {
  outputFiles?: readonly { text: string }[] | undefined;
  metafile?:
    | {
        outputs: Record<
          string,
          { exports?: string[]; inputs?: Record<string, { bytesInOutput: number }> }
        >;
      }
    | undefined;
}

/** The part of esbuild the synchronous bundlers use. */
export interface EsbuildSyncApi {
  buildSync(options: object): EsbuildResult;
}

/** One message of a failed esbuild build. */
export interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null | undefined;
}

/** A class of error a caller throws: `TypeError`, `CodeDeployError`. */
export type ErrorClass = new (message: string) => Error;

/** How a module is bundled. */
export interface AppSyncJsBuildOptions {
  /** `esm` (default): what AppSync is given; `cjs`: what the local AppSync runs. */
  format?: 'esm' | 'cjs' | undefined;
  /** Whether the bundle carries a source map, decoded into its `map`. Default `false`: as deployed. */
  sourceMap?: boolean | undefined;
  /**
   * How the bundle names files (its `entry` and the map's sources): `relative` (default) to the
   * module's folder, the module itself by its file name or its label; `absolute` paths, the
   * module by its `name` (its path, or the label of inline source).
   */
  paths?: 'relative' | 'absolute' | undefined;
}

/** esbuild's source map, decoded: per generated line, `[column, source, line, column]` (0-based). */
export interface SourceMap {
  sources: string[];
  lines: number[][][];
}

/** A bundled module. */
export interface AppSyncJsBundle {
  /** The bundle, without its source map comment: what AppSync is given. */
  code: string;
  /** How findings and messages name the module (see {@link AppSyncJsBuildOptions.paths}). */
  entry: string;
  /** Its source map; without `sourceMap`, one that maps nothing. */
  map: SourceMap;
  /** The module's export names. */
  exports: string[];
  /** The bytes each input file puts in the bundle, by its path relative to the module's folder. */
  inputs: Record<string, { bytesInOutput: number }>;
}

/** `require('esbuild')`, from this package. */
function requireEsbuild(): EsbuildSyncApi {
  return createRequire(import.meta.url)('esbuild') as EsbuildSyncApi;
}

/**
 * Loads esbuild with `load` (default: `require('esbuild')` from this package); when it is not
 * installed, throws an `error` saying `name is APPSYNC_JS code, which <bundledHow>, and esbuild
 * is not installed: install it (npm i -D esbuild).` Any other failure to load is thrown as it is.
 */
export function loadEsbuild(
  load: (() => EsbuildSyncApi) | undefined,
  name: string,
  bundledHow: string,
  error: ErrorClass,
): EsbuildSyncApi {
  try {
    return (load ?? requireEsbuild)();
  } catch (thrown) {
    const code = (thrown as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw thrown;
    throw new error(
      `${name} is APPSYNC_JS code, which ${bundledHow}, and esbuild is not installed: install it (npm i -D esbuild).`,
    );
  }
}

const LOADERS: Record<string, 'ts'> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts' };
const SOURCE_MAP_COMMENT = /\/\/# sourceMappingURL=data:application\/json;base64,([\w+/=]+)\s*$/;

/** The name esbuild gives the module: its file name, or the label of inline source. */
export function sourceFile(source: CodeSource): string {
  return source.path === undefined ? source.name : basename(source.path);
}

/** The esbuild options that bundle `source` as APPSYNC_JS, for `buildSync` or `build`. */
export function appSyncJsBuildOptions(
  source: CodeSource,
  options: AppSyncJsBuildOptions = {},
): Record<string, unknown> {
  const resolveDir = resolve(source.resolveDir);
  const loader = source.path === undefined ? 'js' : (LOADERS[extname(source.path)] ?? 'js');
  return {
    stdin: { contents: source.text, resolveDir, sourcefile: sourceFile(source), loader },
    absWorkingDir: resolveDir,
    bundle: true,
    write: false,
    format: options.format ?? 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    external: [APPSYNC_UTILS, `${APPSYNC_UTILS}/*`],
    charset: 'utf8',
    ...(options.sourceMap === true ? { sourcemap: 'inline', sourcesContent: false } : {}),
    metafile: true,
    logLevel: 'silent',
  };
}

/**
 * Names a file of esbuild's (a source map source, a message's location; relative to the
 * module's folder) as `paths` says; the module itself by the bundle's `entry`.
 */
export function fileNamer(
  source: CodeSource,
  paths: AppSyncJsBuildOptions['paths'],
): (file: string) => string {
  const own = sourceFile(source);
  if (paths !== 'absolute') return (file) => file;
  const resolveDir = resolve(source.resolveDir);
  return (file) => (file === own ? source.name : resolve(resolveDir, file));
}

/** Reads what esbuild built from {@link appSyncJsBuildOptions} with the same `options`. */
export function readAppSyncJsBundle(
  result: EsbuildResult,
  source: CodeSource,
  options: AppSyncJsBuildOptions = {},
): AppSyncJsBundle {
  const name = fileNamer(source, options.paths);
  const text = result.outputFiles?.[0]?.text ?? '';
  const comment = options.sourceMap === true ? SOURCE_MAP_COMMENT.exec(text) : null;
  const raw = JSON.parse(Buffer.from(comment?.[1] ?? 'e30=', 'base64').toString('utf8')) as {
    sources?: string[];
    mappings?: string;
  };
  const output = Object.values(result.metafile?.outputs ?? {})[0];
  return {
    code: comment === null ? text : text.slice(0, comment.index),
    entry: name(sourceFile(source)),
    // Source map sources are URLs: esbuild escapes a label's spaces and parentheses.
    map: {
      sources: (raw.sources ?? []).map((url) => name(unescapeUrl(url))),
      lines: decodeMappings(raw.mappings ?? ''),
    },
    exports: output?.exports ?? [],
    inputs: output?.inputs ?? {},
  };
}

/** esbuild's messages of a failed build; anything else thrown is thrown again. */
export function esbuildErrors(error: unknown): EsbuildMessage[] {
  const errors = (error as { errors?: EsbuildMessage[] } | null)?.errors;
  if (!Array.isArray(errors) || errors.length === 0) throw error;
  return errors;
}

/**
 * Bundles `source` with esbuild's `buildSync`. A module that does not build is an `error`:
 * `name does not build:` and each of esbuild's messages as `file:line:column: text`.
 */
export function buildAppSyncJs(
  esbuild: EsbuildSyncApi,
  source: CodeSource,
  options: AppSyncJsBuildOptions & { name: string; error: ErrorClass },
): AppSyncJsBundle {
  let result: EsbuildResult;
  try {
    result = esbuild.buildSync(appSyncJsBuildOptions(source, options));
  } catch (error) {
    const lines = esbuildErrors(error).map(({ text, location: at }) =>
      at === null || at === undefined
        ? `  ${text}`
        : `  ${at.file}:${at.line}:${at.column + 1}: ${text}`,
    );
    throw new options.error(`${options.name} does not build:\n${lines.join('\n')}`);
  }
  return readAppSyncJsBundle(result, source, options);
}

const HANDLERS = ['request', 'response'] as const;

/**
 * What AppSync says of a module without both `request` and `response` exports:
 * `name exports no … function: …`, or `undefined` when it has both.
 */
export function missingHandlers(name: string, exports: readonly string[]): string | undefined {
  const missing = HANDLERS.filter((handler) => !exports.includes(handler));
  if (missing.length === 0) return undefined;
  const found = exports.length === 0 ? 'none' : exports.join(', ');
  return `${name} exports no ${missing.join(' and no ')} function: AppSync requires both request and response in a resolver's or function's code (its exports: ${found}).`;
}

/** How many of a bundle's largest inputs a size error lists. */
const LARGEST = 3;

/**
 * What to say of a bundle over {@link MAX_CODE_LENGTH} characters (Unicode code points, as AWS
 * API length constraints count), with its largest inputs; `undefined` when it fits.
 */
export function oversize(name: string, bundle: AppSyncJsBundle): string | undefined {
  let length = 0;
  for (const _ of bundle.code) length += 1;
  if (length <= MAX_CODE_LENGTH) return undefined;
  const largest = Object.entries(bundle.inputs)
    .sort(([, a], [, b]) => b.bytesInOutput - a.bytesInOutput)
    .slice(0, LARGEST)
    .map(([input, { bytesInOutput }]) => `${input} (${bytesInOutput.toLocaleString('en')})`);
  return `${name} bundles to ${length.toLocaleString('en')} characters, and AppSync takes at most ${MAX_CODE_LENGTH.toLocaleString('en')} (32 KB) of code for a resolver or function. Its largest parts: ${largest.join(', ')}. Import less into the resolver code, or move the work into the Lambda or into a pipeline function of its own.`;
}

/** Names the code of a bundle that none of its sources holds. */
export const asBundled = (entry: string): string => `${entry} (as bundled)`;

/**
 * Runs the rules (`checkAppSyncJs`, passed in so that this module loads no checker) on a bundle
 * built with `sourceMap`, each finding at its place in the original files: `code-size` at the
 * module, what no source holds at {@link asBundled}.
 */
export function checkBundle(
  bundle: AppSyncJsBundle,
  check: (source: string, options: AppSyncJsCheckOptions) => AppSyncJsFinding[],
  options: Omit<AppSyncJsCheckOptions, 'file'> = {},
): AppSyncJsFinding[] {
  const { entry, map } = bundle;
  return check(bundle.code, { ...options, file: entry }).map((finding) => {
    // The size is the bundle's: it has no line of its own.
    if (finding.rule === 'code-size') return finding;
    const at = originalPosition(map, finding.line - 1, finding.column - 1);
    return at === undefined ? { ...finding, file: asBundled(entry) } : { ...finding, ...at };
  });
}

/**
 * The original place (1-based) of a generated one (0-based): that of the segment at or before
 * it, or the line's first. esbuild starts a segment at each token it maps; a statement's own
 * segment can sit on the indentation or the space before it, so the segment's place is taken as
 * it is, not offset. `undefined` on a line nothing maps.
 */
export function originalPosition(
  map: SourceMap,
  line: number,
  column: number,
): { file: string; line: number; column: number } | undefined {
  const segments = map.lines[line];
  if (segments === undefined || segments.length === 0) return undefined;
  let found = segments[0] as number[];
  for (const segment of segments) {
    if ((segment[0] as number) > column) break;
    found = segment;
  }
  const [, source = 0, sourceLine = 0, sourceColumn = 0] = found;
  const file = map.sources[source];
  if (file === undefined) return undefined;
  return { file, line: sourceLine + 1, column: sourceColumn + 1 };
}

function unescapeUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Source map v3 `mappings`: Base64 VLQ segments, `,` between segments, `;` between lines. */
function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let source = 0;
  let sourceLine = 0;
  let sourceColumn = 0;
  for (const line of mappings.split(';')) {
    const segments: number[][] = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (segment === '') continue;
      const values = decodeVlq(segment);
      column += values[0] ?? 0;
      if (values.length < 4) continue;
      source += values[1] ?? 0;
      sourceLine += values[2] ?? 0;
      sourceColumn += values[3] ?? 0;
      segments.push([column, source, sourceLine, sourceColumn]);
    }
    lines.push(segments);
  }
  return lines;
}

function decodeVlq(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * 2 ** shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
