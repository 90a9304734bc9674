import { ValidationError, type ValidationIssue } from './errors/framework-errors.js';
import { describeValue } from './errors/normalize.js';
import { isThenable } from './thenable.js';

// Argument validation through Standard Schema (https://standardschema.dev): zod ≥ 3.24, valibot
// ≥ 1, arktype ≥ 2 and others expose `schema['~standard'].validate(value)`. The interface is
// declared here, so the runtime depends on none of them.

/** A Standard Schema validator (version 1), as zod, valibot and arktype expose it. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1;
    readonly vendor: string;
    readonly validate: (
      value: unknown,
    ) => StandardSchemaV1.Result<Output> | Promise<StandardSchemaV1.Result<Output>>;
    readonly types?: { readonly input: Input; readonly output: Output } | undefined;
  };
}

export declare namespace StandardSchemaV1 {
  /** A validation outcome: the (possibly transformed) value, or the issues. */
  type Result<Output> =
    | { readonly value: Output; readonly issues?: undefined }
    | { readonly issues: ReadonlyArray<Issue> };
  /** One issue: a message and where it is. */
  interface Issue {
    readonly message: string;
    readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined;
  }
  /** The type a schema produces. */
  type InferOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
}

/** True for a Standard Schema validator. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const standard = (value as { '~standard'?: unknown })['~standard'];
  return (
    typeof standard === 'object' &&
    standard !== null &&
    typeof (standard as { validate?: unknown }).validate === 'function'
  );
}

/** Most issues listed in a message; the rest are counted (all of them stay in `issues`). */
const LISTED = 10;

/**
 * Validates `args` with `schema`: the validated (and transformed) value, or a `ValidationError`
 * listing each issue with its path. Returns a promise only when the validator is asynchronous.
 */
export function validateArgs(
  schema: StandardSchemaV1,
  args: unknown,
  key: string,
): unknown | ValidationError | Promise<unknown | ValidationError> {
  const result = schema['~standard'].validate(args);
  if (isThenable(result)) return Promise.resolve(result).then((settled) => outcome(settled, key));
  return outcome(result, key);
}

function outcome(result: StandardSchemaV1.Result<unknown>, key: string): unknown {
  const issues: unknown = typeof result === 'object' && result !== null ? result.issues : null;
  if (issues === undefined && 'value' in result) return result.value;
  if (!Array.isArray(issues)) {
    // Neither { value } nor { issues: [...] }: a broken validator, not invalid arguments.
    throw new TypeError(
      `The args validator of ${key} returned ${describeValue(result)}; a Standard Schema validator returns { value } or { issues: [...] }.`,
    );
  }
  const listed = Array.from(issues as readonly StandardSchemaV1.Issue[], toIssue);
  return new ValidationError(argumentsMessage(key, listed), { issues: listed });
}

function toIssue(issue: StandardSchemaV1.Issue): ValidationIssue {
  const path: (string | number)[] = [];
  for (const segment of issue.path ?? []) {
    const part = typeof segment === 'object' && segment !== null ? segment.key : segment;
    path.push(typeof part === 'number' ? part : String(part));
  }
  return { message: typeof issue.message === 'string' ? issue.message : 'Invalid value', path };
}

/** `Invalid arguments for Query.f: input.title: Too short; tags[2]: Expected string`. */
function argumentsMessage(key: string, issues: readonly ValidationIssue[]): string {
  const listed = issues
    .slice(0, LISTED)
    .map((issue) =>
      issue.path.length === 0 ? issue.message : `${formatPath(issue.path)}: ${issue.message}`,
    );
  const more = issues.length > LISTED ? `; and ${issues.length - LISTED} more` : '';
  return listed.length === 0
    ? `Invalid arguments for ${key}.`
    : `Invalid arguments for ${key}: ${listed.join('; ')}${more}`;
}

/** `input.tags[2].name`: property names joined with dots, indexes in brackets. */
export function formatPath(path: readonly (string | number)[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? part : `.${part}`;
  }
  return text;
}
