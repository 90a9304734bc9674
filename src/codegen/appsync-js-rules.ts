import { createRequire } from 'node:module';
import type { Node, SourceLocation } from 'acorn';

/**
 * What an APPSYNC_JS finding is about. Each rule follows a sentence of the AWS references:
 * "Supported runtime features" (S), "Configuring utilities for the APPSYNC_JS runtime", whose
 * `@aws-appsync/eslint-plugin` base rules list what the runtime rejects (E), and the API
 * reference of `Resolver` / `FunctionConfiguration` (A).
 *
 * - `syntax-error`: the source does not parse as an ES module;
 * - `code-size`: A, `code`: "Length Constraints: Minimum length of 1. Maximum length of 32768.";
 * - `try`: S, not supported: "`catch`", "`finally`", "`try`"; E, `no-try`;
 * - `throw`: S, not supported: "`throw`";
 * - `while`, `do-while`: S, not supported: "`while`", "`do-while`"; E, `no-while`;
 * - `for`: S, not supported: "`for(initialization; condition; afterthought)`" ("The exceptions
 *   are `for-in` and `for-of` expressions, which are supported.");
 * - `continue`: S, not supported: "`continue`";
 * - `label`: S, not supported: "labeled statements"; E, `no-labels`;
 * - `unary-operator`: S, "The following operators are not supported: unary operators (`++`,
 *   `--`, and `~`)";
 * - `in-operator`: S, not supported: "`in` operator" ("Use the `Object.hasOwn` operator");
 * - `instanceof`: E, `no-disallowed-binary-operators`: "The instanceof operator is not allowed.";
 * - `async`, `await`, `promise`: E, `no-async` / `no-await` / `no-promise`: "Async processes
 *   and promises are not supported.";
 * - `generator`, `yield`: E, `no-generators` / `no-yield`;
 * - `class`: E, `no-classes`: "Classes are not supported.";
 * - `this`: E, `no-this`: "The this keyword is not supported."
 */
export type AppSyncJsRule =
  | 'syntax-error'
  | 'code-size'
  | 'try'
  | 'throw'
  | 'while'
  | 'do-while'
  | 'for'
  | 'continue'
  | 'label'
  | 'unary-operator'
  | 'in-operator'
  | 'instanceof'
  | 'async'
  | 'await'
  | 'promise'
  | 'generator'
  | 'yield'
  | 'class'
  | 'this';

/** One thing {@link checkAppSyncJs} found, printable as `file:line:column`. */
export interface AppSyncJsFinding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count. */
  column: number;
  rule: AppSyncJsRule;
  /** What is not supported, that AppSync rejects the code, and what to write instead. */
  message: string;
}

/** What {@link checkAppSyncJs} needs besides the source. */
export interface AppSyncJsCheckOptions {
  /** The name findings carry, e.g. the path the source was read from. */
  file: string;
}

/** The parts of acorn and acorn-walk the checker (and the local AppSync's runner) use. */
export interface AcornApi {
  parse: typeof import('acorn').parse;
  ancestor: typeof import('acorn-walk').ancestor;
}

let acorn: AcornApi | undefined;

/**
 * Loads acorn and acorn-walk, optional peer dependencies, on first use: importing this module
 * never needs them (the local AppSync's entry imports it). Missing, they are a `TypeError` that
 * says what to install.
 */
export function loadAcorn(): AcornApi {
  if (acorn !== undefined) return acorn;
  const require = createRequire(import.meta.url);
  try {
    acorn = {
      parse: (require('acorn') as typeof import('acorn')).parse,
      ancestor: (require('acorn-walk') as typeof import('acorn-walk')).ancestor,
    };
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== 'MODULE_NOT_FOUND') throw error;
    throw new TypeError(
      'Checking APPSYNC_JS code needs acorn and acorn-walk (optional peer dependencies), and they are not installed: install them (npm i -D acorn acorn-walk).',
    );
  }
  return acorn;
}

/** `Resolver.code` and `FunctionConfiguration.code`: "Maximum length of 32768." */
export const APPSYNC_JS_MAX_CODE_LENGTH = 32_768;

const REJECTED = 'AppSync rejects code that uses it';

const MESSAGES: Record<Exclude<AppSyncJsRule, 'syntax-error' | 'code-size'>, string> = {
  try: `try/catch/finally is not supported by APPSYNC_JS; ${REJECTED}. Check values before using them, and report a failure with util.error() or util.appendError().`,
  throw: `throw is not supported by APPSYNC_JS; ${REJECTED}. Use util.error(message, type) to stop with an error, or util.appendError() to add one and go on.`,
  while: `while loops are not supported by APPSYNC_JS; ${REJECTED}. Iterate over a bounded collection with for-of or for-in instead.`,
  'do-while': `do…while loops are not supported by APPSYNC_JS; ${REJECTED}. Iterate over a bounded collection with for-of or for-in instead.`,
  for: `for(initialization; condition; afterthought) loops are not supported by APPSYNC_JS; ${REJECTED}. Use for-of (or for-in), e.g. for (const item of items) or for (const [i, item] of items.entries()).`,
  continue: `continue is not supported by APPSYNC_JS; ${REJECTED}. Put the rest of the loop body under an if instead.`,
  label: `labeled statements are not supported by APPSYNC_JS; ${REJECTED}. Remove the label; break out of the innermost loop or return from a function instead.`,
  'unary-operator': `the ++, -- and ~ operators are not supported by APPSYNC_JS; ${REJECTED}. Write x = x + 1, x = x - 1, or -x - 1 for ~x.`,
  'in-operator': `the in operator is not supported by APPSYNC_JS; ${REJECTED}. Use Object.hasOwn(object, key) instead.`,
  instanceof: `the instanceof operator is not supported by APPSYNC_JS; ${REJECTED}. Use typeof, Array.isArray() or util.isNull()-style checks instead.`,
  async: `async functions are not supported by APPSYNC_JS (no async processes or promises); ${REJECTED}. Write a plain function: the data source call is what request() returns, its result arrives in response(ctx).`,
  await: `await is not supported by APPSYNC_JS (no async processes or promises); ${REJECTED}. Return the request for the data source from request(), and read ctx.result in response().`,
  promise: `Promise is not supported by APPSYNC_JS (no async processes or promises); ${REJECTED}. Return the request for the data source from request(), and read ctx.result in response().`,
  generator: `generator functions are not supported by APPSYNC_JS; ${REJECTED}. Build and return an array instead.`,
  yield: `yield is not supported by APPSYNC_JS; ${REJECTED}. Build and return an array instead.`,
  class: `classes are not supported by APPSYNC_JS; ${REJECTED}. Use object literals and plain functions instead.`,
  this: `the this keyword is not supported by APPSYNC_JS; ${REJECTED}. Pass the object as a parameter instead.`,
};

/**
 * Reports, as `file:line:column`, what AppSync's APPSYNC_JS runtime rejects and Node would run:
 * statements, operators and function kinds the runtime does not support (see
 * {@link AppSyncJsRule} for the reference sentence behind each), a source longer than
 * {@link APPSYNC_JS_MAX_CODE_LENGTH} characters, and a syntax error. Findings come in source
 * order; a syntax error is the only finding of the code it stops (besides the size).
 *
 * Unicode code points are counted against the size limit, as AWS API length constraints count
 * a string's characters. Needs acorn and acorn-walk, optional peer dependencies ({@link loadAcorn}).
 *
 * @example
 * checkAppSyncJs('export function request(ctx) {\n  throw new Error("no");\n}\n', {
 *   file: 'getPost.js',
 * });
 * // [{ file: 'getPost.js', line: 2, column: 3, rule: 'throw', message: 'throw is not supported…' }]
 */
export function checkAppSyncJs(source: string, options: AppSyncJsCheckOptions): AppSyncJsFinding[] {
  const { file } = options;
  const { parse, ancestor } = loadAcorn();
  const findings: AppSyncJsFinding[] = [];
  let length = 0;
  for (const _ of source) length += 1;
  if (length > APPSYNC_JS_MAX_CODE_LENGTH) {
    findings.push({
      file,
      line: 1,
      column: 1,
      rule: 'code-size',
      message: `the code is ${length} characters long; AppSync rejects resolver and function code longer than ${APPSYNC_JS_MAX_CODE_LENGTH}. Bundle with minification (esbuild --minify, @aws-appsync/utils external) or split the logic across pipeline functions.`,
    });
  }

  let program: Node;
  try {
    program = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      locations: true,
    });
  } catch (error) {
    // acorn's syntax errors carry where they were raised as `loc`.
    const { message, loc } = error as SyntaxError & { loc: { line: number; column: number } };
    findings.push({
      file,
      line: loc.line,
      column: loc.column + 1,
      rule: 'syntax-error',
      message: `${message.replace(/ \(\d+:\d+\)$/, '')}: AppSync rejects code that does not parse; fix the syntax.`,
    });
    return findings;
  }

  const report = (node: Node, rule: keyof typeof MESSAGES) => {
    // `locations: true` gives every node a `loc`.
    const { start } = node.loc as SourceLocation;
    findings.push({
      file,
      line: start.line,
      column: start.column + 1,
      rule,
      message: MESSAGES[rule],
    });
  };

  ancestor(program, {
    TryStatement: (node) => report(node, 'try'),
    ThrowStatement: (node) => report(node, 'throw'),
    WhileStatement: (node) => report(node, 'while'),
    DoWhileStatement: (node) => report(node, 'do-while'),
    ForStatement: (node) => report(node, 'for'),
    ForOfStatement: (node) => {
      if (node.await) report(node, 'await');
    },
    ContinueStatement: (node) => report(node, 'continue'),
    LabeledStatement: (node) => report(node, 'label'),
    UpdateExpression: (node) => report(node, 'unary-operator'),
    UnaryExpression: (node) => {
      if (node.operator === '~') report(node, 'unary-operator');
    },
    BinaryExpression: (node) => {
      if (node.operator === 'in') report(node, 'in-operator');
      else if (node.operator === 'instanceof') report(node, 'instanceof');
    },
    Function: (node, _state, ancestors) => {
      // A method's function starts at its parameters: point at the method (`async m()`, `*m()`).
      const parent = ancestors[ancestors.length - 2];
      const method =
        parent?.type === 'MethodDefinition' || (parent?.type === 'Property' && parent.method);
      const at = method ? (parent as Node) : node;
      if (node.async) report(at, 'async');
      if (node.generator) report(at, 'generator');
    },
    AwaitExpression: (node) => report(node, 'await'),
    YieldExpression: (node) => report(node, 'yield'),
    Class: (node) => report(node, 'class'),
    ThisExpression: (node) => report(node, 'this'),
    Identifier: (node) => {
      if (node.name === 'Promise') report(node, 'promise');
    },
  });

  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}
