import { createRequire } from 'node:module';
import type {
  AnyNode,
  ArrowFunctionExpression,
  CallExpression,
  FunctionDeclaration,
  FunctionExpression,
  Function as FunctionNode,
  Identifier,
  NewExpression,
  Node,
  Pattern,
  Program,
  SourceLocation,
} from 'acorn';

/**
 * What an APPSYNC_JS finding is about. Each rule follows a sentence of the AWS references:
 * "Supported runtime features" (S), "Configuring utilities for the APPSYNC_JS runtime", whose
 * `@aws-appsync/eslint-plugin` base rules list what the runtime rejects (E), the API reference
 * of `Resolver` / `FunctionConfiguration` (A), and the resolver guides (G).
 *
 * Errors, what AppSync refuses when the resolver or function is created:
 * - `syntax-error`: the source does not parse as an ES module;
 * - `code-size`: A, `code`: "Length Constraints: Minimum length of 1. Maximum length of 32768.";
 * - `try`: S, not supported: "`catch`", "`finally`", "`try`"; E, `no-try`;
 * - `throw`: S, not supported: "`throw`"; S, Error types: "Throwing errors with `throw` is not
 *   supported. You can return an error by using `util.error()` function.";
 * - `while`, `do-while`: S, not supported: "`while`", "`do-while`"; E, `no-while`;
 * - `for`: S, not supported: "`for(initialization; condition; afterthought)`" ("The exceptions
 *   are `for-in` and `for-of` expressions, which are supported.");
 * - `continue`: S, not supported: "`continue`";
 * - `label`: S, not supported: "labeled statements"; E, `no-labels`;
 * - `unary-operator`: S, "The following operators are not supported: unary operators (`++`,
 *   `--`, and `~`)";
 * - `in-operator`: S, not supported: "`in` operator" ("Use the `Object.hasOwn` operator");
 * - `instanceof`: E, `no-disallowed-binary-operators`: "The instanceof operator is not allowed.";
 * - `async`, `await`, `promise`: S, Promises: "Async processes are not supported, and promises
 *   are not supported."; E, `no-async` / `no-await` / `no-promise`;
 * - `generator`, `yield`: E, `no-generators` / `no-yield`;
 * - `class`: E, `no-classes`: "Classes are not supported.";
 * - `this`: E, `no-this`: "The this keyword is not supported.";
 * - `new`: S, Function: "Function constructors are not supported." — `new` on a function or
 *   class of the module, an import or any other value that is not a built-in constructor, on a
 *   name that is no global of the runtime (S, Globals: "The following global constants are
 *   supported: `NaN`, `Infinity`, `undefined`, `util`, `extensions`, `runtime`", besides the
 *   objects S lists), and on `Function`, `Proxy`, `WeakRef`, `FinalizationRegistry` and
 *   `SharedArrayBuffer`; `Promise` is `promise`'s, `RegExp` `regex`'s;
 * - `regex`: S, `String.prototype.replace()`: "Regular expressions are not supported." — a
 *   regular expression literal, `RegExp(…)` or `new RegExp(…)`;
 * - `function-method`: S, Function: "The `apply`, `bind`, and `call` methods not are
 *   supported.";
 * - `function-argument`: S, Function: "Passing a function as an argument is not supported." —
 *   a function (an arrow, a function expression or a function of the module by name) passed to
 *   anything but the callback of an `Array.prototype` method S lists (`forEach`, `map`,
 *   `flatMap`, `filter`, `reduce`, `reduceRight`, `find`, `some`, `every`, `findIndex`,
 *   `findLast`, `findLastIndex`); E, `no-function-passing`, which allows the same methods;
 * - `sort-argument`: S, Array: "`Array.prototype.sort()` doesn't support arguments.";
 * - `recursion`: S, Function: "Recursive function calls are not supported."; E, `no-recursion`.
 *   A call of a function of the module, by name, that leads back to the function it is in.
 *
 * Warnings, reported only with {@link AppSyncJsCheckOptions.warnings}:
 * - `new-builtin`: `new` on a built-in constructor of ECMAScript (`Date`, `Map`, `Error` …):
 *   S lists the functions of `Object`, `String`, `Number`, `Math`, `Array`, `console` and `JSON`
 *   it supports and no constructor, so AppSync may refuse it;
 * - `unchecked-error`: G, every response handler of the AWS resolver guides starts with
 *   `if (ctx.error) { util.error(ctx.error.message, ctx.error.type); }`: a `response` export that
 *   never reads its first parameter's `error` (nor destructures `error`, nor hands the parameter
 *   on) lets a failed data source call resolve the field to `null` with no error.
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
  | 'this'
  | 'new'
  | 'regex'
  | 'function-method'
  | 'function-argument'
  | 'sort-argument'
  | 'recursion'
  | 'new-builtin'
  | 'unchecked-error';

/** How much a finding matters: an `error` is code AppSync refuses; a `warning` may be a bug. */
export type AppSyncJsSeverity = 'error' | 'warning';

/** One thing {@link checkAppSyncJs} found, printable as `file:line:column`. */
export interface AppSyncJsFinding {
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units as editors count. */
  column: number;
  rule: AppSyncJsRule;
  /** `error` for code AppSync refuses; `warning` only with {@link AppSyncJsCheckOptions.warnings}. */
  severity: AppSyncJsSeverity;
  /** What is not supported, that AppSync rejects the code, and what to write instead. */
  message: string;
}

/** What {@link checkAppSyncJs} needs besides the source. */
export interface AppSyncJsCheckOptions {
  /** The name findings carry, e.g. the path the source was read from. */
  file: string;
  /**
   * Also report warnings (`new-builtin`, `unchecked-error`). Default `false`: every finding is
   * then an error, code AppSync refuses, as the local AppSync's runner expects.
   */
  warnings?: boolean | undefined;
  /**
   * Whether `response(ctx)` follows a data source call that can fail: a unit resolver's code or
   * a pipeline function's. `false` for a pipeline resolver's own code, whose `response` runs after
   * the functions, and for a function on a `NONE` data source. Default `true`; it only matters
   * with `warnings` (the `unchecked-error` rule).
   */
  dataSource?: boolean | undefined;
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

type StaticRule = Exclude<
  AppSyncJsRule,
  'syntax-error' | 'code-size' | 'new' | 'new-builtin' | 'recursion' | 'function-method'
>;

const MESSAGES: Record<StaticRule, string> = {
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
  regex: `regular expressions are not supported by APPSYNC_JS; ${REJECTED}. Use startsWith, endsWith, indexOf or split; util.matches(pattern, text) tests a pattern, and replace/replaceAll take the pattern as a string.`,
  'function-argument': `passing a function as an argument is not supported by APPSYNC_JS, except to the callback of the Array methods it lists (forEach, map, flatMap, filter, reduce, reduceRight, find, some, every, findIndex, findLast, findLastIndex); ${REJECTED}. Call the function where it is needed, e.g. in a for-of loop.`,
  'sort-argument': `Array.prototype.sort() takes no arguments in APPSYNC_JS: no compare function; ${REJECTED}. Call sort() alone (it orders the items as strings), or sort the items in the Lambda function.`,
  'unchecked-error': `response() never reads ctx.error: when the data source call fails (the Lambda function throws or times out), the field resolves to null and the response carries no error. Start it with: if (ctx.error) { util.error(ctx.error.message, ctx.error.type); }`,
};

function newMessage(callee: string): string {
  return `new ${callee} is not supported by APPSYNC_JS, which has no function constructors (and no globals besides its built-in objects, util, extensions and runtime); ${REJECTED}. Build the value with an object literal, or a plain function that returns one.`;
}

function newBuiltinMessage(callee: string): string {
  const instead =
    callee === 'Date'
      ? 'For dates use util.time (util.time.nowISO8601(), util.time.epochMilliSecondsToISO8601(ms) …)'
      : /Error$/.test(callee)
        ? 'To fail, call util.error(message, type); to report and go on, util.appendError(message, type)'
        : 'Use object literals and arrays instead';
  return `new ${callee}: the APPSYNC_JS reference lists the functions of Object, String, Number, Math, Array, console and JSON it supports, and no constructor, so AppSync may refuse it. ${instead}.`;
}

function recursionMessage(path: readonly string[]): string {
  const how = path.length === 1 ? `${path[0]} calls itself` : `${[...path, path[0]].join(' → ')}`;
  return `recursive function calls are not supported by APPSYNC_JS (${how}); ${REJECTED}. Iterate over a bounded list with for-of instead.`;
}

function functionMethodMessage(method: string): string {
  return `${method}() is not supported by APPSYNC_JS, whose functions have no apply, bind or call method; ${REJECTED}. Call the function directly, with its arguments.`;
}

/** The `Array.prototype` methods the reference lists that take a callback. */
const CALLBACK_METHODS = new Set([
  'forEach',
  'map',
  'flatMap',
  'filter',
  'reduce',
  'reduceRight',
  'find',
  'some',
  'every',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

/**
 * ECMAScript's constructors the reference neither names nor rules out: `new` on them is a
 * warning. `Function`, `Proxy`, `WeakRef`, `FinalizationRegistry` and `SharedArrayBuffer` are
 * left out on purpose: like any other name, `new` on them is an error.
 */
const BUILTIN_CONSTRUCTORS = new Set([
  'Object',
  'Array',
  'String',
  'Number',
  'Boolean',
  'Date',
  'Error',
  'AggregateError',
  'EvalError',
  'RangeError',
  'ReferenceError',
  'SyntaxError',
  'TypeError',
  'URIError',
  'Map',
  'Set',
  'WeakMap',
  'WeakSet',
  'ArrayBuffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
]);

/** The names a binding pattern declares. */
function bindingNames(pattern: Pattern | null | undefined, into: Set<string>): void {
  if (pattern === null || pattern === undefined) return;
  switch (pattern.type) {
    case 'Identifier':
      into.add(pattern.name);
      break;
    case 'ObjectPattern':
      for (const property of pattern.properties) {
        bindingNames(property.type === 'RestElement' ? property : property.value, into);
      }
      break;
    case 'ArrayPattern':
      for (const element of pattern.elements) bindingNames(element, into);
      break;
    case 'AssignmentPattern':
      bindingNames(pattern.left, into);
      break;
    case 'RestElement':
      bindingNames(pattern.argument, into);
      break;
    default:
      // A MemberExpression target (`a.b = …` in a pattern) declares nothing.
      break;
  }
}

/** The name a property key, or a member's property, spells when it is not computed. */
function keyName(key: AnyNode, computed: boolean): string | undefined {
  if (!computed && key.type === 'Identifier') return key.name;
  if (key.type === 'Literal' && typeof key.value === 'string') return key.value;
  return undefined;
}

/** A function's name: its own, or the variable it is the value of. */
function functionName(fn: FunctionNode, parent: AnyNode | undefined): string | undefined {
  if (fn.id) return fn.id.name;
  if (
    parent?.type === 'VariableDeclarator' &&
    parent.init === fn &&
    parent.id.type === 'Identifier'
  ) {
    return parent.id.name;
  }
  return undefined;
}

type FunctionLike = FunctionDeclaration | FunctionExpression | ArrowFunctionExpression;

const isFunction = (node: AnyNode | null | undefined): node is FunctionLike =>
  node?.type === 'FunctionDeclaration' ||
  node?.type === 'FunctionExpression' ||
  node?.type === 'ArrowFunctionExpression';

/** What the module declares, read before its rules run. */
interface Declarations {
  /** Every name a declaration, parameter, import or catch clause binds. */
  names: Set<string>;
  /** The module's functions by name: declarations and `const f = () => …`. */
  functions: Set<string>;
}

/**
 * Reports, as `file:line:column`, what AppSync's APPSYNC_JS runtime rejects and Node would run:
 * statements, operators, function kinds and built-ins the runtime does not support (see
 * {@link AppSyncJsRule} for the reference sentence behind each), a source longer than
 * {@link APPSYNC_JS_MAX_CODE_LENGTH} characters, and a syntax error. With `warnings`, also what
 * may be a bug or a refusal (`severity: 'warning'`). Findings come in source order; a syntax
 * error is the only finding of the code it stops (besides the size).
 *
 * Unicode code points are counted against the size limit, as AWS API length constraints count
 * a string's characters. Needs acorn and acorn-walk, optional peer dependencies ({@link loadAcorn}).
 *
 * @example
 * checkAppSyncJs('export function request(ctx) {\n  throw new Error("no");\n}\n', {
 *   file: 'getPost.js',
 * });
 * // [{ file: 'getPost.js', line: 2, column: 3, rule: 'throw', severity: 'error', message: 'throw is not supported…' }]
 */
export function checkAppSyncJs(source: string, options: AppSyncJsCheckOptions): AppSyncJsFinding[] {
  const { file } = options;
  const warnings = options.warnings === true;
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
      severity: 'error',
      message: `the code is ${length} characters long; AppSync rejects resolver and function code longer than ${APPSYNC_JS_MAX_CODE_LENGTH}. Bundle with minification (esbuild --minify, @aws-appsync/utils external) or split the logic across pipeline functions.`,
    });
  }

  let program: Program;
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
      severity: 'error',
      message: `${message.replace(/ \(\d+:\d+\)$/, '')}: AppSync rejects code that does not parse; fix the syntax.`,
    });
    return findings;
  }

  const report = (
    node: Node,
    rule: AppSyncJsRule,
    message: string = MESSAGES[rule as StaticRule],
    severity: AppSyncJsSeverity = 'error',
  ) => {
    if (severity === 'warning' && !warnings) return;
    // `locations: true` gives every node a `loc`.
    const { start } = node.loc as SourceLocation;
    findings.push({ file, line: start.line, column: start.column + 1, rule, severity, message });
  };

  const declared = declarationsOf(program, ancestor);
  /** Calls of the module's functions, by the named function they are in. */
  const calls = new Map<string, { callee: Identifier; name: string }[]>();

  const checkNew = (node: NewExpression | CallExpression, isNew: boolean) => {
    const { callee } = node;
    const name = callee.type === 'Identifier' ? callee.name : undefined;
    const global = name !== undefined && !declared.names.has(name);
    if (global && name === 'RegExp') return report(node, 'regex');
    if (!isNew) {
      if (global && name === 'Function') report(node, 'new', newMessage('Function'));
      return;
    }
    // `promise` reports the identifier itself.
    if (global && name === 'Promise') return;
    if (global && BUILTIN_CONSTRUCTORS.has(name)) {
      return report(node, 'new-builtin', newBuiltinMessage(name), 'warning');
    }
    const written = name ?? (callee.type === 'MemberExpression' ? sourceOf(callee) : 'on a value');
    report(node, 'new', newMessage(written));
  };

  const sourceOf = (node: Node): string => source.slice(node.start, node.end);

  const checkArguments = (node: CallExpression | NewExpression) => {
    const method =
      node.type === 'CallExpression' && node.callee.type === 'MemberExpression'
        ? keyName(node.callee.property, node.callee.computed)
        : undefined;
    if (method === 'sort' && node.arguments.length > 0) {
      report(node.arguments[0] as Node, 'sort-argument');
      return;
    }
    if (method !== undefined && CALLBACK_METHODS.has(method)) return;
    for (const argument of node.arguments) {
      const passed =
        isFunction(argument as AnyNode) ||
        (argument.type === 'Identifier' && declared.functions.has(argument.name));
      if (passed) report(argument, 'function-argument');
    }
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
    Literal: (node) => {
      if (node.regex !== undefined) report(node, 'regex');
    },
    NewExpression: (node) => {
      checkNew(node, true);
      checkArguments(node);
    },
    CallExpression: (node, _state, ancestors) => {
      const { callee } = node;
      checkNew(node, false);
      checkArguments(node);
      if (callee.type === 'MemberExpression') {
        const method = keyName(callee.property, callee.computed);
        if (method === 'apply' || method === 'bind' || method === 'call') {
          report(callee.property, 'function-method', functionMethodMessage(method));
        }
      }
      if (callee.type === 'Identifier' && declared.functions.has(callee.name)) {
        const within = enclosingFunctionName(ancestors);
        if (within !== undefined) {
          const list = calls.get(within) ?? [];
          list.push({ callee, name: callee.name });
          calls.set(within, list);
        }
      }
    },
  });

  for (const [within, list] of calls) {
    for (const { callee, name } of list) {
      const path = cycleBack(name, within, calls);
      if (path !== undefined) report(callee, 'recursion', recursionMessage([within, ...path]));
    }
  }

  if (warnings && options.dataSource !== false) {
    const response = responseHandler(program);
    if (response !== undefined && !readsError(response.fn, ancestor)) {
      report(response.at, 'unchecked-error', MESSAGES['unchecked-error'], 'warning');
    }
  }

  return findings.sort((a, b) => a.line - b.line || a.column - b.column);
}

/** Every name the module binds, and its functions by name. */
function declarationsOf(program: Program, ancestor: AcornApi['ancestor']): Declarations {
  const names = new Set<string>();
  const functions = new Set<string>();
  ancestor(program, {
    VariableDeclarator: (node) => {
      bindingNames(node.id, names);
      if (node.id.type === 'Identifier' && isFunction(node.init as AnyNode)) {
        functions.add(node.id.name);
      }
    },
    Function: (node) => {
      if (node.id) {
        names.add(node.id.name);
        if (node.type === 'FunctionDeclaration') functions.add(node.id.name);
      }
      for (const param of node.params) bindingNames(param, names);
    },
    Class: (node) => {
      if (node.id) names.add(node.id.name);
    },
    CatchClause: (node) => bindingNames(node.param, names),
    ImportDeclaration: (node) => {
      for (const specifier of node.specifiers) names.add(specifier.local.name);
    },
  });
  return { names, functions };
}

/** The name of the nearest named function around the last of `ancestors`. */
function enclosingFunctionName(ancestors: readonly AnyNode[]): string | undefined {
  for (let i = ancestors.length - 2; i >= 0; i -= 1) {
    const node = ancestors[i];
    if (isFunction(node)) {
      const name = functionName(node, ancestors[i - 1]);
      if (name !== undefined) return name;
    }
  }
  return undefined;
}

/** The functions from `from` that lead back to `to` (`from` first), or `undefined`. */
function cycleBack(
  from: string,
  to: string,
  calls: ReadonlyMap<string, readonly { name: string }[]>,
): string[] | undefined {
  if (from === to) return [];
  const seen = new Set<string>([from]);
  const queue: string[][] = [[from]];
  while (queue.length > 0) {
    const path = queue.shift() as string[];
    for (const { name } of calls.get(path[path.length - 1] as string) ?? []) {
      if (name === to) return path;
      if (!seen.has(name)) {
        seen.add(name);
        queue.push([...path, name]);
      }
    }
  }
  return undefined;
}

/** The module's `response` export, when it is a function: the function and where to point. */
function responseHandler(program: Program): { fn: FunctionNode; at: Node } | undefined {
  const local = new Map<string, { fn: FunctionNode; at: Node }>();
  for (const statement of program.body) {
    const declaration =
      statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (declaration?.type === 'FunctionDeclaration' && declaration.id) {
      local.set(declaration.id.name, { fn: declaration, at: declaration.id });
    } else if (declaration?.type === 'VariableDeclaration') {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === 'Identifier' && isFunction(declarator.init as AnyNode)) {
          local.set(declarator.id.name, { fn: declarator.init as FunctionNode, at: declarator.id });
        }
      }
    }
  }
  for (const statement of program.body) {
    if (statement.type !== 'ExportNamedDeclaration') continue;
    if (statement.declaration) {
      const named =
        statement.declaration.type === 'FunctionDeclaration'
          ? [statement.declaration.id?.name]
          : statement.declaration.type === 'VariableDeclaration'
            ? statement.declaration.declarations.map((d) =>
                d.id.type === 'Identifier' ? d.id.name : undefined,
              )
            : [];
      if (named.includes('response')) return local.get('response');
    } else if (statement.source === null || statement.source === undefined) {
      for (const specifier of statement.specifiers) {
        const exported = keyName(specifier.exported, false);
        const localName = keyName(specifier.local, false);
        if (exported === 'response' && localName !== undefined) return local.get(localName);
      }
    }
  }
  return undefined;
}

/**
 * Whether `fn` reads its first parameter's `error`: `ctx.error`, `ctx?.error`, `ctx['error']`,
 * `const { error } = ctx`, or `({ error })` as the parameter. A parameter handed on whole (to
 * a helper, into an object, returned) may be read elsewhere: that counts as read.
 */
function readsError(fn: FunctionNode, ancestor: AcornApi['ancestor']): boolean {
  const [param] = fn.params;
  if (param === undefined) return false;
  if (param.type === 'ObjectPattern') {
    return param.properties.some(
      (p) => p.type === 'RestElement' || keyName(p.key, p.computed) === 'error',
    );
  }
  if (param.type !== 'Identifier') return true;
  const { name } = param;
  let read = false;
  ancestor(fn.body, {
    Identifier: (node, _state, ancestors) => {
      if (read || node.name !== name) return;
      const parent = ancestors[ancestors.length - 2];
      if (parent?.type === 'MemberExpression' && parent.object === node) {
        if (keyName(parent.property, parent.computed) === 'error') read = true;
        return;
      }
      if (parent?.type === 'VariableDeclarator' && parent.init === node) {
        if (parent.id.type === 'ObjectPattern') {
          read = parent.id.properties.some(
            (p) => p.type === 'RestElement' || keyName(p.key, p.computed) === 'error',
          );
          return;
        }
      }
      // Handed on whole: whoever receives it may read its error.
      read = true;
    },
  });
  return read;
}
