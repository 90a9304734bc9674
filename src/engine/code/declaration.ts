/**
 * The one declaration of the code AppSync runs in front of a field's Lambda: an APPSYNC_JS module,
 * VTL mapping templates, or a pipeline. The same object is a field option of the local AppSync
 * (`createEmulator({ fields })`), a route option (`app.resolver(key, fn, { code })`, carried by
 * `app.routes()`), and what `check`, `manifest` and the CDK construct read.
 *
 * A code reference is a path or the source text: a string without a line break that ends in
 * `.js`, `.mjs`, `.cjs`, `.ts`, `.mts`, `.cts`, `.vtl` or `.txt` (or a `file:` URL) is a path,
 * resolved against the declaration's base folder (the schema file's folder, else the current
 * directory); any other string is the source itself.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import type {
  CodeReference,
  FieldCodeDeclaration,
  PipelineDeclaration,
  PipelineFunctionDeclaration,
} from '../../resolver-code.js';

export type * from '../../resolver-code.js';

/** The most functions a pipeline may have (AppSync's quota). */
export const MAX_PIPELINE_FUNCTIONS = 10;

/** A code reference read: its text and where it came from. */
export interface CodeSource {
  /** The source text. */
  text: string;
  /** The absolute path it was read from; absent for inline source. */
  path?: string | undefined;
  /** A name for messages and stack traces: the path, or `Type.field (code)`. */
  name: string;
  /** The folder its relative imports resolve from. */
  resolveDir: string;
}

const PATH_LIKE = /\.(?:m?js|cjs|m?ts|cts|vtl|txt)$/;

/** Whether a code reference names a file rather than holding source. */
export function isPathReference(reference: CodeReference): boolean {
  if (reference.startsWith('file:')) return true;
  return !/[\r\n]/.test(reference) && PATH_LIKE.test(reference.trim());
}

/**
 * Reads a code reference: a file (relative to `baseDir`) or inline source. `label` names inline
 * source in messages. A missing file is a `TypeError` naming the path as resolved.
 */
export function readCodeSource(
  reference: CodeReference,
  baseDir: string,
  label: string,
): CodeSource {
  if (!isPathReference(reference)) {
    return { text: reference, name: label, resolveDir: baseDir };
  }
  const path = reference.startsWith('file:')
    ? fileURLToPath(reference)
    : isAbsolute(reference)
      ? reference
      : resolve(baseDir, reference);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TypeError(
      `${label}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); paths are relative to ${baseDir}.`,
    );
  }
  return { text, path, name: path, resolveDir: resolve(path, '..') };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function checkReference(value: unknown, where: string): CodeReference | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() !== '') return value;
  throw new TypeError(
    `${where} must be a path (or file: URL) or the source text, as a non-empty string; received ${describe(value)}.`,
  );
}

const FUNCTION_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/**
 * Checks a declaration as AppSync would refuse it, and returns it with only the keys it uses;
 * `undefined` when it declares no code. `where` names the field in messages (`createEmulator:
 * Query.getPost`).
 */
export function checkFieldCode(value: unknown, where: string): FieldCodeDeclaration | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      `${where}: expected { code } or templates or { pipeline }; received ${describe(value)}.`,
    );
  }
  const raw = value as Record<string, unknown>;
  const code = checkReference(raw.code, `${where}: code`);
  const requestTemplate = checkReference(raw.requestTemplate, `${where}: requestTemplate`);
  const responseTemplate = checkReference(raw.responseTemplate, `${where}: responseTemplate`);
  const kinds = [
    code === undefined ? undefined : 'code',
    requestTemplate === undefined && responseTemplate === undefined ? undefined : 'templates',
    raw.pipeline === undefined ? undefined : 'pipeline',
  ].filter((kind) => kind !== undefined);
  if (kinds.length > 1) {
    throw new TypeError(
      `${where}: declare one of code, requestTemplate/responseTemplate or pipeline; received ${kinds.join(' and ')}.`,
    );
  }
  if (kinds.length === 0) return undefined;
  if (code !== undefined) return { code };
  if (raw.pipeline === undefined) {
    return {
      ...(requestTemplate === undefined ? {} : { requestTemplate }),
      ...(responseTemplate === undefined ? {} : { responseTemplate }),
    };
  }
  return { pipeline: checkPipeline(raw.pipeline, `${where}: pipeline`) };
}

function checkPipeline(value: unknown, where: string): PipelineDeclaration {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(
      `${where} must be { code?, functions: [...] }; received ${describe(value)}.`,
    );
  }
  const raw = value as Record<string, unknown>;
  const code = checkReference(raw.code, `${where}.code`);
  const { functions } = raw;
  if (!Array.isArray(functions) || functions.length === 0) {
    throw new TypeError(
      `${where}.functions must be a non-empty array of functions; received ${describe(functions)}.`,
    );
  }
  if (functions.length > MAX_PIPELINE_FUNCTIONS) {
    throw new TypeError(
      `${where}.functions has ${functions.length} functions; AppSync allows at most ${MAX_PIPELINE_FUNCTIONS} in a pipeline.`,
    );
  }
  const names = new Set<string>();
  const checked = functions.map((fn: unknown, index) => {
    const at = `${where}.functions[${index}]`;
    if (typeof fn !== 'object' || fn === null || Array.isArray(fn)) {
      throw new TypeError(
        `${at} must be { name, dataSource, code? | templates? }; received ${describe(fn)}.`,
      );
    }
    const f = fn as Record<string, unknown>;
    if (typeof f.name !== 'string' || !FUNCTION_NAME.test(f.name)) {
      throw new TypeError(
        `${at}.name must be letters, digits and _ (not starting with a digit); received ${describe(f.name)}.`,
      );
    }
    if (names.has(f.name))
      throw new TypeError(`${at}.name: ${f.name} appears twice in the pipeline.`);
    names.add(f.name);
    if (f.dataSource !== 'LAMBDA' && f.dataSource !== 'NONE') {
      throw new TypeError(
        `${at} (${f.name}).dataSource must be 'LAMBDA' or 'NONE'; received ${describe(f.dataSource)}.`,
      );
    }
    const fnCode = checkReference(f.code, `${at} (${f.name}).code`);
    const req = checkReference(f.requestTemplate, `${at} (${f.name}).requestTemplate`);
    const res = checkReference(f.responseTemplate, `${at} (${f.name}).responseTemplate`);
    if (fnCode !== undefined && (req !== undefined || res !== undefined)) {
      throw new TypeError(`${at} (${f.name}): declare code or templates, not both.`);
    }
    if (fnCode === undefined && req === undefined && f.dataSource === 'NONE') {
      throw new TypeError(
        `${at} (${f.name}): a NONE function needs code or a request template; only a LAMBDA function may have neither (Direct Lambda).`,
      );
    }
    const { maxBatchSize } = f;
    if (
      maxBatchSize !== undefined &&
      !(
        Number.isInteger(maxBatchSize) &&
        (maxBatchSize as number) >= 0 &&
        (maxBatchSize as number) <= 2000
      )
    ) {
      throw new TypeError(
        `${at} (${f.name}).maxBatchSize must be an integer from 0 to 2000; received ${String(maxBatchSize)}.`,
      );
    }
    return {
      name: f.name,
      dataSource: f.dataSource,
      ...(fnCode === undefined ? {} : { code: fnCode }),
      ...(req === undefined ? {} : { requestTemplate: req }),
      ...(res === undefined ? {} : { responseTemplate: res }),
      ...(maxBatchSize === undefined ? {} : { maxBatchSize: maxBatchSize as number }),
    } as PipelineFunctionDeclaration;
  });
  return { ...(code === undefined ? {} : { code }), functions: checked };
}
