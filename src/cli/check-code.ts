/**
 * The code part of `appsync-direct check`: the APPSYNC_JS modules and VTL templates the app's
 * routes declare in front of their Lambda (`code`, `requestTemplate`/`responseTemplate`,
 * `pipeline`), read from the code base folder and checked as AppSync checks them when the
 * resolver or function is created.
 *
 * - A declaration `checkFieldCode` refuses (11 pipeline functions, a function without a name …)
 *   and a path that cannot be read are errors of the route.
 * - An APPSYNC_JS module is bundled as the local AppSync and the AWS guide to bundling bundle it
 *   (esbuild, `@aws-appsync/utils` external, TypeScript included) and the bundle — what AppSync
 *   would be given — goes through `checkAppSyncJs`, its findings mapped back to the files they
 *   come from through esbuild's source map. Warnings are on; `unchecked-error` only for code in
 *   front of a data source (a unit resolver, a pipeline function on `LAMBDA`).
 * - A VTL template is read, and parsed with velocityjs when it is installed.
 */
import { resolve } from 'node:path';
import type {
  AppSyncJsCheckOptions,
  AppSyncJsFinding,
  AppSyncJsRule,
} from '../codegen/appsync-js-rules.js';
import {
  type CodeReference,
  type CodeSource,
  checkFieldCode,
  type FieldCodeDeclaration,
  readCodeSource,
} from '../engine/code/declaration.js';

/** What a code finding is about: a rule of `checkAppSyncJs`, or one of the declaration's. */
export type CodeRule =
  | AppSyncJsRule
  | 'code-declaration'
  | 'code-unreadable'
  | 'code-build'
  | 'missing-handler'
  | 'vtl-syntax-error';

/** One thing found in a route's code. */
export interface CodeFinding {
  severity: 'error' | 'warning';
  rule: CodeRule;
  /** The route: `Type.field`. */
  key: string;
  message: string;
  /**
   * The file it is in (absolute), or the label of inline source; absent when it is about the
   * declaration itself, which the caller places at the route.
   */
  file?: string;
  line?: number;
  column?: number;
}

/** A route of `app.routes()` and its raw code keys. */
export interface RouteCode {
  key: string;
  declaration: unknown;
}

/** The part of esbuild's `build` the check uses. */
export type BuildFunction = (options: Record<string, unknown>) => Promise<{
  outputFiles?: { path: string; text: string }[];
  metafile?: { outputs: Record<string, { exports?: string[] }> };
}>;

/** What the code check runs with: loaded by the command, replaced by tests. */
export interface CodeCheckTools {
  /** `checkAppSyncJs`, with acorn loaded; absent when no route declares APPSYNC_JS code. */
  checkAppSyncJs?:
    | ((source: string, options: AppSyncJsCheckOptions) => AppSyncJsFinding[])
    | undefined;
  /** esbuild's `build`; needed with `checkAppSyncJs`. */
  build?: BuildFunction | undefined;
  /** Parses a VTL template, throwing velocityjs's error; absent: templates are only read. */
  parseVtl?: ((template: string) => unknown) | undefined;
}

/** The raw code keys of a route, when it declares any. */
const CODE_KEYS = ['code', 'requestTemplate', 'responseTemplate', 'pipeline'] as const;

/** The routes of `routes()` that declare code, with their raw keys. */
export function routesWithCode(listed: readonly unknown[]): RouteCode[] {
  const found: RouteCode[] = [];
  for (const route of listed) {
    const raw = route as Record<string, unknown>;
    if (CODE_KEYS.some((key) => raw[key] !== undefined)) {
      found.push({ key: `${String(raw.typeName)}.${String(raw.fieldName)}`, declaration: raw });
    }
  }
  return found;
}

/** Whether a raw declaration names an APPSYNC_JS module anywhere (before it is checked). */
export function declaresJs(declaration: unknown): boolean {
  const raw = declaration as {
    code?: unknown;
    pipeline?: { code?: unknown; functions?: unknown };
  };
  if (raw.code !== undefined) return true;
  const pipeline = raw.pipeline;
  if (typeof pipeline !== 'object' || pipeline === null) return false;
  if (pipeline.code !== undefined) return true;
  return (
    Array.isArray(pipeline.functions) &&
    pipeline.functions.some(
      (fn: unknown) =>
        typeof fn === 'object' && fn !== null && 'code' in fn && fn.code !== undefined,
    )
  );
}

/** One module or template to check, and where it sits in the declaration. */
interface Unit {
  kind: 'js' | 'vtl';
  reference: CodeReference;
  /** `Query.getPost: pipeline.functions[0] (check).code`: names it in messages. */
  label: string;
  /** `Query.getPost inline pipeline.functions[0].code`: names inline source in findings. */
  inline: string;
  /** For APPSYNC_JS: whether `response` follows a data source call. */
  dataSource: boolean;
}

function unitsOf(key: string, declaration: FieldCodeDeclaration): Unit[] {
  const units: Unit[] = [];
  const add = (
    kind: Unit['kind'],
    reference: CodeReference | undefined,
    where: string,
    dataSource = false,
    name = '',
  ) => {
    if (reference === undefined) return;
    const label = `${key}: ${name === '' ? where : where.replace(/\]/, `] (${name})`)}`;
    units.push({ kind, reference, label, inline: `${key} inline ${where}`, dataSource });
  };
  add('js', declaration.code, 'code', true);
  add('vtl', declaration.requestTemplate, 'requestTemplate');
  add('vtl', declaration.responseTemplate, 'responseTemplate');
  const { pipeline } = declaration;
  if (pipeline !== undefined) {
    add('js', pipeline.code, 'pipeline.code');
    pipeline.functions.forEach((fn, index) => {
      const at = `pipeline.functions[${index}]`;
      add('js', fn.code, `${at}.code`, fn.dataSource === 'LAMBDA', fn.name);
      add('vtl', fn.requestTemplate, `${at}.requestTemplate`, false, fn.name);
      add('vtl', fn.responseTemplate, `${at}.responseTemplate`, false, fn.name);
    });
  }
  return units;
}

/**
 * Checks the code every route declares: the declaration, then each module and template, read
 * relative to `baseDir`. A module several routes share is checked once, for the first.
 * Resolves to the findings, in route order, and how many files or inline sources were checked.
 */
export async function checkRouteCode(
  routes: readonly RouteCode[],
  baseDir: string,
  tools: CodeCheckTools,
): Promise<{ findings: CodeFinding[]; sources: number }> {
  const findings: CodeFinding[] = [];
  const seen = new Set<string>();
  for (const { key, declaration } of routes) {
    let checked: FieldCodeDeclaration | undefined;
    try {
      checked = checkFieldCode(declaration, key);
    } catch (error) {
      findings.push({
        severity: 'error',
        rule: 'code-declaration',
        key,
        message: messageOf(error),
      });
      continue;
    }
    if (checked === undefined) continue;
    for (const unit of unitsOf(key, checked)) {
      let source: CodeSource;
      try {
        source = readCodeSource(unit.reference, baseDir, unit.label);
        if (source.path === undefined) source = { ...source, name: unit.inline };
      } catch (error) {
        findings.push({
          severity: 'error',
          rule: 'code-unreadable',
          key,
          message: `${messageOf(error)} --code-base <dir> sets the folder they are relative to.`,
        });
        continue;
      }
      const id = `${source.path ?? `${key}\n${source.text}`}\n${unit.kind}:${unit.dataSource}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const found =
        unit.kind === 'vtl'
          ? checkTemplate(source, key, tools)
          : await checkModule(source, unit, key, tools);
      findings.push(...found);
    }
  }
  return { findings, sources: seen.size };
}

function checkTemplate(source: CodeSource, key: string, tools: CodeCheckTools): CodeFinding[] {
  if (tools.parseVtl === undefined) return [];
  try {
    tools.parseVtl(source.text);
    return [];
  } catch (error) {
    return [{ severity: 'error', rule: 'vtl-syntax-error', key, ...vtlError(error, source) }];
  }
}

/** What velocityjs's error says: what it met, and where (its parser's 1-based line, 0-based column). */
function vtlError(
  error: unknown,
  source: CodeSource,
): { message: string; file: string; line?: number; column?: number } {
  const { hash } = error as {
    hash?: {
      text?: string;
      line?: number;
      loc?: { first_line: number; first_column: number };
      expected?: string[];
    };
  };
  const file = source.path ?? source.name;
  const fix = 'AppSync rejects a mapping template that does not parse; fix the syntax.';
  if (hash?.loc !== undefined) {
    const met = hash.text
      ? `unexpected ${JSON.stringify(hash.text)}`
      : 'unexpected end of the template';
    const expected = hash.expected ?? [];
    const wanted =
      expected.length > 0 && expected.length <= 4 ? `, expected ${expected.join(', ')}` : '';
    return {
      message: `the template does not parse (${met}${wanted}): ${fix}`,
      file,
      line: hash.loc.first_line,
      column: hash.loc.first_column + 1,
    };
  }
  // Its lexer's: "Lexical error on line 4. Unrecognized text.", with a 0-based `line`.
  const first = (messageOf(error).split('\n')[0] as string).replace(/ on line \d+\./, ':');
  return {
    message: `the template does not parse (${first.replace(/\.$/, '')}): ${fix}`,
    file,
    ...(typeof hash?.line === 'number' ? { line: hash.line + 1 } : {}),
  };
}

const TYPESCRIPT = /\.[cm]?ts$/;
const UTILS = '@aws-appsync/utils';
const HANDLERS = ['request', 'response'] as const;

async function checkModule(
  source: CodeSource,
  unit: Unit,
  key: string,
  tools: CodeCheckTools,
): Promise<CodeFinding[]> {
  const { checkAppSyncJs, build } = tools;
  if (checkAppSyncJs === undefined || build === undefined) return [];
  const resolveDir = resolve(source.resolveDir);
  const entry = source.path ?? source.name;
  let result: Awaited<ReturnType<BuildFunction>>;
  try {
    result = await build({
      stdin: {
        contents: source.text,
        resolveDir,
        sourcefile: entry,
        loader: source.path !== undefined && TYPESCRIPT.test(source.path) ? 'ts' : 'js',
      },
      absWorkingDir: resolveDir,
      outfile: resolve(resolveDir, 'appsync-direct-check.js'),
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'neutral',
      mainFields: ['module', 'main'],
      external: [UTILS, `${UTILS}/*`],
      charset: 'utf8',
      sourcemap: 'external',
      sourcesContent: false,
      metafile: true,
      logLevel: 'silent',
    });
  } catch (error) {
    const errors = (error as { errors?: EsbuildMessage[] }).errors;
    if (!Array.isArray(errors) || errors.length === 0) throw error;
    return errors.map(({ text, location }) => ({
      severity: 'error',
      rule: 'code-build',
      key,
      message: `${text}: the module does not bundle, so AppSync cannot be given it; fix it.`,
      ...(location === null || location === undefined
        ? { file: entry }
        : {
            file: location.file === entry ? entry : resolve(resolveDir, location.file),
            line: location.line,
            column: location.column + 1,
          }),
    }));
  }
  const files = result.outputFiles ?? [];
  const code = (files.find((file) => !file.path.endsWith('.map'))?.text ?? '').replace(
    /\/\/# sourceMappingURL=\S+\s*$/,
    '',
  );
  const raw = JSON.parse(files.find((file) => file.path.endsWith('.map'))?.text ?? '{}') as {
    sources?: string[];
    mappings?: string;
  };
  const map: SourceMap = {
    sources: (raw.sources ?? []).map((url) => {
      const path = resolve(resolveDir, unescapeUrl(url));
      return source.path === undefined && path === resolve(resolveDir, entry) ? entry : path;
    }),
    lines: decodeMappings(raw.mappings ?? ''),
  };
  const bundled = `${entry} (as bundled)`;
  const findings: CodeFinding[] = checkAppSyncJs(code, {
    file: bundled,
    warnings: true,
    dataSource: unit.dataSource,
  }).map((finding) => {
    const { rule, severity, message } = finding;
    // The size is the bundle's: it has no line of its own.
    const at =
      rule === 'code-size'
        ? { file: entry }
        : (lookup(map, finding.line - 1, finding.column - 1) ?? { file: bundled });
    return { severity, rule, key, message, ...at };
  });
  // In the bundle, imported files come first: the module's own findings lead instead.
  const rank = (file: string | undefined) => (file === entry ? 0 : file === bundled ? 2 : 1);
  findings.sort(
    (a, b) =>
      rank(a.file) - rank(b.file) ||
      (a.file ?? '').localeCompare(b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0),
  );
  const outputs = Object.entries(result.metafile?.outputs ?? {});
  const exports = outputs.find(([path]) => !path.endsWith('.map'))?.[1].exports ?? [];
  const missing = HANDLERS.filter((name) => !exports.includes(name));
  if (missing.length > 0) {
    findings.push({
      severity: 'error',
      rule: 'missing-handler',
      key,
      message: `${unit.label} exports no ${missing.join(' and no ')} function: AppSync requires both request and response in a resolver's or function's code (its exports: ${exports.length === 0 ? 'none' : exports.join(', ')}).`,
      file: entry,
    });
  }
  return findings;
}

/** An esbuild message, as its errors carry them. */
interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function unescapeUrl(url: string): string {
  try {
    return decodeURIComponent(url);
  } catch {
    return url;
  }
}

/** A decoded source map: per generated line, segments [column, source, line, column] (0-based). */
interface SourceMap {
  sources: string[];
  lines: number[][][];
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes a source map's `mappings` (Base64 VLQ, source map revision 3). */
function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let source = 0;
  let line = 0;
  let column = 0;
  for (const text of mappings.split(';')) {
    const segments: number[][] = [];
    let generated = 0;
    for (const segment of text.split(',')) {
      if (segment === '') continue;
      const values: number[] = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      generated += values[0] ?? 0;
      if (values.length >= 4) {
        source += values[1] as number;
        line += values[2] as number;
        column += values[3] as number;
        segments.push([generated, source, line, column]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

/**
 * The original place (1-based) of a generated one (0-based): that of the segment at or before
 * it. esbuild starts a segment at each token it maps; a statement's own segment can sit on the
 * indentation or the space before it, so the segment's place is taken as it is, not offset.
 */
function lookup(
  map: SourceMap,
  line: number,
  column: number,
): { file: string; line: number; column: number } | undefined {
  const segments = map.lines[line] ?? [];
  let found: number[] | undefined;
  for (const segment of segments) {
    if ((segment[0] as number) > column) break;
    found = segment;
  }
  if (found === undefined) return undefined;
  const [, sourceIndex, sourceLine, sourceColumn] = found as [number, number, number, number];
  const file = map.sources[sourceIndex];
  if (file === undefined) return undefined;
  return { file, line: sourceLine + 1, column: sourceColumn + 1 };
}
