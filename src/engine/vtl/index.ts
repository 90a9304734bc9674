/**
 * The VTL runner of the local AppSync: renders a resolver's or function's request and response
 * mapping templates as AppSync does, and reads what they render as JSON. It only renders; the
 * engine reads the request document (`version`, `operation`, `payload`, `invocationType`) and
 * applies the rules of each template version (PROTOCOL.md §4.3).
 *
 * - `$context` and `$ctx` are one copy of the call's context; what the template leaves in
 *   `$ctx.stash` is written back to the caller's stash, whatever the outcome.
 * - `$util`/`$utils` and `$extensions` are in `util.ts`; Java methods on values in `java.ts`.
 * - `$util.error`, `$util.unauthorized` and a failed `$util.validate` stop the render: outcome
 *   `error` with their message, type, data and errorInfo.
 * - `#return` / `#return(value)` stop it too: outcome `return` with the value (or `null`).
 * - Anything else that fails — a syntax error, an unimplemented `$util.*` or Java method, a
 *   rendered text that is not JSON, a stash JSON cannot hold — is outcome `error` with AppSync's
 *   error type for template errors, `MappingTemplate`, and a message that starts with the
 *   template's name. After the name, the JSON messages are AppSync's ("Unable to parse the JSON
 *   document: '…'" for a request, "Unable to convert … to Object." for a response, as AppSync
 *   answered in aws-samples/aws-serverless-appsync-app#5 and aws/aws-appsync-community#100).
 * - `$util.log.*` lines are the outcome's `logs` (`INFO …`, `DEBUG …`, `ERROR …`).
 */
import type { AppSyncJsError, ExtensionCall } from '../appsync-js/util.js';
import { AppSyncJsStop } from '../appsync-js/util.js';
import type { CodeSource } from '../code/declaration.js';
import type {
  CodeContext,
  CompiledHandlers,
  Handler,
  HandlerCall,
  HandlerOutcome,
} from '../code/handlers.js';
import { isMap } from './java.js';
import { createVtlUtil } from './util.js';
import {
  loadVelocity,
  type ParsedTemplate,
  parseTemplate,
  ReturnSignal,
  renderTemplate,
  TemplateFailure,
  type VelocityModule,
} from './velocity.js';

/** AppSync's `errorType` for an error of a mapping template. */
export const MAPPING_TEMPLATE = 'MappingTemplate';

/** A pair of mapping templates, read from their files or given inline. */
export interface VtlTemplates {
  /** The request mapping template; absent, Direct Lambda makes the request. */
  request?: CodeSource | undefined;
  /** The response mapping template; absent, Direct Lambda's response rules apply. */
  response?: CodeSource | undefined;
}

type Which = 'request' | 'response';

/** The longest rendered text quoted in a message. */
const QUOTE_LIMIT = 500;

const quote = (text: string): string =>
  text.length > QUOTE_LIMIT ? `${text.slice(0, QUOTE_LIMIT)}…` : text;

function templateError(message: string, source: CodeSource): AppSyncJsError {
  return { message: `${source.name}: ${message}`, errorType: MAPPING_TEMPLATE };
}

/** What a template rendered, read as JSON, or the MappingTemplate error when it is not JSON. */
function readRendered(
  text: string,
  which: Which,
  source: CodeSource,
): { value: unknown } | { error: AppSyncJsError } {
  const trimmed = text.trim();
  if (trimmed === '') {
    return which === 'response'
      ? { value: null }
      : { error: templateError('Template transformation yielded an empty response.', source) };
  }
  try {
    return { value: JSON.parse(trimmed) };
  } catch (cause) {
    const problem = (cause as Error).message;
    const message =
      which === 'request'
        ? `Unable to parse the JSON document: '${problem}'`
        : `Unable to convert ${quote(trimmed)} to Object. (${problem})`;
    return { error: templateError(message, source) };
  }
}

/** A value returned from the template as a plain JSON value of this realm (`undefined` → null). */
const plainJson = (value: unknown): unknown =>
  value === undefined ? null : JSON.parse(JSON.stringify(value) ?? 'null');

/**
 * Writes the template's stash back into the caller's, as JSON keeps it (the handler contract).
 * Returns why JSON cannot hold it, leaving the caller's stash as it was, if so.
 */
function writeBack(target: CodeContext, copy: CodeContext): string | undefined {
  let kept: unknown;
  try {
    kept = JSON.parse(JSON.stringify(copy.stash) ?? 'null');
  } catch (error) {
    return (error as Error).message;
  }
  const { stash } = target;
  for (const key of Object.keys(stash)) delete stash[key];
  if (isMap(kept)) Object.assign(stash, kept);
  return undefined;
}

function describeFailure(error: unknown): string {
  if (error instanceof TemplateFailure && error.line !== undefined) {
    return `${error.message} at line ${error.line}${error.column === undefined ? '' : `, column ${error.column}`}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Renders, and reads what was rendered; how `#return`, `$util.error` or a failure ended it. */
function outcomeOf(render: () => string, which: Which, source: CodeSource): Outcome {
  try {
    const read = readRendered(render(), which, source);
    return 'error' in read
      ? { kind: 'error', error: read.error }
      : { kind: 'value', value: read.value };
  } catch (error) {
    if (error instanceof ReturnSignal) return { kind: 'return', value: plainJson(error.value) };
    if (error instanceof AppSyncJsStop) return { kind: 'error', error: error.error };
    return { kind: 'error', error: templateError(describeFailure(error), source) };
  }
}

type Outcome =
  | { kind: 'value'; value: unknown }
  | { kind: 'error'; error: AppSyncJsError }
  | { kind: 'return'; value: unknown };

function compileTemplate(velocity: VelocityModule, source: CodeSource, which: Which): Handler {
  let parsed: ParsedTemplate | undefined;
  let syntaxError: AppSyncJsError | undefined;
  try {
    parsed = parseTemplate(velocity, source.text);
  } catch (error) {
    // AppSync reports a template that does not parse when it runs, as a MappingTemplate error.
    syntaxError = templateError(describeFailure(error), source);
  }
  return (call: HandlerCall): HandlerOutcome => {
    const base = {
      appended: [] as AppSyncJsError[],
      extensions: [] as ExtensionCall[],
      logs: [] as string[],
    };
    if (parsed === undefined) {
      return { ...base, kind: 'error', error: syntaxError as AppSyncJsError };
    }
    const template = parsed;
    const ctx = structuredClone(call.ctx);
    const vtl = createVtlUtil({
      authType: call.authType,
      parentTypeName: ctx.info.parentTypeName,
      fieldName: ctx.info.fieldName,
      errors: base.appended,
      extensions: base.extensions,
      logs: base.logs,
      ...(call.now === undefined ? {} : { now: call.now }),
    });
    const variables = {
      context: ctx,
      ctx,
      util: vtl.util,
      utils: vtl.util,
      extensions: vtl.extensions,
    };
    const outcome = outcomeOf(
      () => renderTemplate(velocity, template, variables, vtl.namespaces),
      which,
      source,
    );
    const unkept = writeBack(call.ctx, ctx);
    if (unkept === undefined || outcome.kind === 'error') return { ...base, ...outcome };
    const message = `$ctx.stash cannot be kept: JSON cannot hold it (${unkept})`;
    return { ...base, kind: 'error', error: templateError(message, source) };
  };
}

/**
 * Compiles a resolver's or a pipeline function's VTL mapping templates into handlers. Each call
 * renders against a copy of `call.ctx`, and its outcome's `value` is the rendered JSON: the whole
 * request document for a request template, the field's value for a response template (empty
 * output is `null`). velocityjs is loaded here, when there is a template; without it, this throws
 * a `TypeError` saying `npm i -D velocityjs`.
 *
 * @example
 * const { request } = compileVtl({
 *   request: { text: '{ "version": "2018-05-29", "operation": "Invoke", "payload": $util.toJson($ctx.args) }', name: 'Query.post (request)', resolveDir: '.' },
 * });
 * request?.({ ctx, authType: 'API_KEY' }); // { kind: 'value', value: { version: '2018-05-29', operation: 'Invoke', payload: {…} }, … }
 */
export function compileVtl(templates: VtlTemplates): CompiledHandlers {
  const { request, response } = templates;
  const names = [...new Set([request?.name, response?.name])].filter(
    (name): name is string => name !== undefined,
  );
  const name = names.join(', ') || 'VTL templates';
  if (request === undefined && response === undefined) {
    return { language: 'VTL', name };
  }
  const velocity = loadVelocity((request ?? response)?.name ?? name);
  return {
    language: 'VTL',
    request: request === undefined ? undefined : compileTemplate(velocity, request, 'request'),
    response: response === undefined ? undefined : compileTemplate(velocity, response, 'response'),
    name,
  };
}
