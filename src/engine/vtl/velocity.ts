/**
 * velocityjs, loaded when a template is compiled, and adapted to the Velocity AppSync runs (Java's
 * Velocity 1.7 with AppSync's `#return`):
 * - a reference whose value is `null` renders as its own text (`$ctx.args.id`), or as nothing
 *   with `$!`, as an undefined one does (velocityjs would print `null`);
 * - `==`/`!=` compare as Velocity does (`equals`, or `toString()` across types), not with `==`;
 * - `/` and `%` of two integers are integer operations, and dividing by zero gives `null`;
 * - `#set($x = $undefined)` sets `null` (AppSync's `$null` idiom);
 * - every method call goes to `$util`/`$extensions` as it is, or to `java.ts` for a value;
 * - `#return` and `#return(value)` stop the render with a `ReturnSignal` (`rewriteReturns`).
 *
 * Left as velocityjs has them: `#if` tests JavaScript truthiness (`""` and `0` are false, empty
 * lists and maps true), and array literals holding `true`/`false`/`null` (`[true]`) do not parse.
 *
 * velocityjs is an optional peer dependency: nothing here imports it; `loadVelocity` requires it.
 */
import { createRequire } from 'node:module';
import { AppSyncJsStop } from '../appsync-js/util.js';
import { callJavaMethod, velocityEquals } from './java.js';

/** The parts of a velocityjs syntax node this module reads. */
export interface VelocityNode {
  type?: string;
  leader?: string;
  operator?: string;
  expression?: VelocityNode[];
  pos?: { first_line: number; first_column: number; last_line?: number; last_column?: number };
}

interface MethodCall {
  property: string;
  context: unknown;
  params: unknown[];
}

interface CompileConfig {
  /** The template's lines (not velocityjs's): where a reference's own text is read from. */
  lines?: readonly string[];
  escape?: boolean;
  valueMapper?: (value: unknown) => unknown;
  customMethodHandlers?: {
    uid: string;
    match: (call: MethodCall) => boolean;
    resolve: (call: MethodCall) => unknown;
  }[];
}

interface Compiler {
  readonly config: CompileConfig;
  render(context: Record<string, unknown>, macros?: Record<string, unknown>): string;
  getReferences(node: VelocityNode, isVal?: boolean): unknown;
  getExpression(node: VelocityNode): unknown;
  getAttributes(property: unknown, base: unknown, node: VelocityNode): unknown;
  getPropMethod(property: unknown, base: unknown, node: VelocityNode): unknown;
}

type CompilerClass = new (nodes: unknown[], config?: CompileConfig) => Compiler;

/** The velocityjs (2.x) API this module uses. */
export interface VelocityModule {
  parse(template: string): unknown[];
  Compile: CompilerClass;
  Helper: { getRefText(node: VelocityNode): string };
}

/** Thrown by `#return`: the render stops with `value`. Not an `Error`: nothing rewrites it. */
export class ReturnSignal {
  readonly value: unknown;
  constructor(value: unknown) {
    this.value = value;
  }
}

/** A failure inside a template, with where it happened when velocityjs knows it. */
export class TemplateFailure extends Error {
  override readonly name = 'TemplateFailure';
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, line?: number, column?: number) {
    super(message);
    this.line = line;
    this.column = column;
  }
}

let loaded: VelocityModule | undefined;

/**
 * Loads velocityjs from the application's dependencies. `require` is for tests. Missing, it is a
 * `TypeError` saying how to install it; `who` names the template that needs it.
 */
export function loadVelocity(who: string, require?: (id: string) => unknown): VelocityModule {
  if (require === undefined && loaded !== undefined) return loaded;
  try {
    const module = (require ?? createRequire(import.meta.url))('velocityjs') as VelocityModule;
    if (require === undefined) loaded = module;
    return module;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new TypeError(
      `${who} is a VTL mapping template; the local AppSync renders VTL with velocityjs, an optional peer dependency of appsync-direct that is not installed: npm i -D velocityjs`,
    );
  }
}

/** Where `#return(value)` puts its value: velocityjs's macro arguments refuse spaces in maps. */
const RETURN_VALUE = '$appsyncDirectReturnValue';

const RETURN = /#(?:return|\{return\})(?![\w-])/g;

/** The index of the `)` closing the `(` before `start`, skipping quoted strings; -1 if none. */
function closing(text: string, start: number): number {
  let depth = 1;
  for (let i = start; i < text.length; i += 1) {
    const c = text.charAt(i);
    if (c === '"' || c === "'") {
      const end = text.indexOf(c, i + 1);
      if (end < 0) return -1;
      i = end;
    } else if (c === '(') {
      depth += 1;
    } else if (c === ')') {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/**
 * AppSync's `#return` for velocityjs: `#return` alone (which velocityjs reads as text) becomes
 * `#return()`, and `#return(value)` becomes `#set(<RETURN_VALUE> = value)#return(<RETURN_VALUE>)`,
 * since `#set` reads any expression. Lines stay where they were.
 */
export function rewriteReturns(text: string): string {
  let out = '';
  let from = 0;
  RETURN.lastIndex = 0;
  for (let m = RETURN.exec(text); m !== null; m = RETURN.exec(text)) {
    out += text.slice(from, m.index);
    from = m.index + m[0].length;
    const open = /^[ \t]*\(/.exec(text.slice(from));
    const end = open === null ? -1 : closing(text, from + open[0].length);
    if (open === null || end < 0) {
      // Alone, or an unclosed `(` that the parser will report.
      out += open === null ? '#return()' : m[0];
      continue;
    }
    const value = text.slice(from + open[0].length, end);
    out +=
      value.trim() === ''
        ? '#return()'
        : `#set(${RETURN_VALUE} = ${value})#return(${RETURN_VALUE})`;
    from = end + 1;
    RETURN.lastIndex = from;
  }
  return out + text.slice(from);
}

/** A template parsed: its nodes, and the lines they were parsed from. */
export interface ParsedTemplate {
  readonly nodes: unknown[];
  readonly lines: readonly string[];
}

/** Parses a template; a syntax error is a `TemplateFailure` with its line and column. */
export function parseTemplate(velocity: VelocityModule, text: string): ParsedTemplate {
  const source = rewriteReturns(text);
  try {
    return { nodes: velocity.parse(source), lines: source.split('\n') };
  } catch (error) {
    const hash = (error as { hash?: { loc?: { first_line?: number; first_column?: number } } })
      .hash;
    const loc = hash?.loc;
    throw new TemplateFailure(
      (error as Error).message,
      loc?.first_line,
      loc?.first_column === undefined ? undefined : loc.first_column + 1,
    );
  }
}

const classes = new WeakMap<VelocityModule, CompilerClass>();

/** velocityjs's `Compile`, with AppSync's Velocity rules (see the module comment). */
function appSyncCompiler(velocity: VelocityModule): CompilerClass {
  const cached = classes.get(velocity);
  if (cached !== undefined) return cached;
  const at = (node: VelocityNode, run: () => unknown): unknown => {
    try {
      return run();
    } catch (error) {
      if (error instanceof ReturnSignal || !(error instanceof Error)) throw error;
      if (error instanceof TemplateFailure || error instanceof AppSyncJsStop) throw error;
      const pos = node.pos;
      throw new TemplateFailure(
        error.message,
        pos?.first_line,
        pos === undefined ? undefined : pos.first_column + 1,
      );
    }
  };
  class AppSyncCompile extends velocity.Compile {
    override getReferences(node: VelocityNode, isVal?: boolean): unknown {
      const value = super.getReferences(node, isVal);
      if (isVal !== true || value !== null) return value;
      return node.leader === '$!' ? '' : this.textOf(node);
    }
    /** A reference's text as the template has it (Velocity renders a null reference so). */
    textOf(node: VelocityNode): string {
      const { pos } = node;
      const lines = this.config.lines;
      if (pos?.last_line === undefined || pos.last_column === undefined || lines === undefined) {
        return velocity.Helper.getRefText(node);
      }
      const text = lines.slice(pos.first_line - 1, pos.last_line).join('\n');
      const lastStart = text.length - (lines[pos.last_line - 1]?.length ?? 0);
      return text.slice(pos.first_column, lastStart + pos.last_column);
    }
    override getExpression(node: VelocityNode): unknown {
      const [left, right] = node.expression ?? [];
      if (node.type !== 'math' || left === undefined || right === undefined) {
        return super.getExpression(node);
      }
      switch (node.operator) {
        case '==':
          return velocityEquals(this.getExpression(left), this.getExpression(right));
        case '!=':
          return !velocityEquals(this.getExpression(left), this.getExpression(right));
        case '/':
        case '%': {
          const a = this.getExpression(left) as number;
          const b = this.getExpression(right) as number;
          // A literal written with a decimal point is a Double in Velocity, whatever its value.
          const decimal = left.type === 'decimal' || right.type === 'decimal';
          if (decimal || !Number.isInteger(a) || !Number.isInteger(b)) {
            return node.operator === '/' ? a / b : a % b;
          }
          if (b === 0) return null;
          return node.operator === '/' ? Math.trunc(a / b) : a % b;
        }
        default:
          return super.getExpression(node);
      }
    }
    override getAttributes(property: unknown, base: unknown, node: VelocityNode): unknown {
      return at(node, () => super.getAttributes(property, base, node));
    }
    override getPropMethod(property: unknown, base: unknown, node: VelocityNode): unknown {
      return at(node, () => super.getPropMethod(property, base, node));
    }
  }
  classes.set(velocity, AppSyncCompile);
  return AppSyncCompile;
}

/**
 * Renders parsed nodes with `context` as the template's variables. A method call on an object of
 * `namespaces` (`$util` and its parts) calls it as it is, `undefined` (Java's `void`) rendering
 * nothing; on a value, it is the value's Java method. Throws `ReturnSignal` for `#return`.
 */
export function renderTemplate(
  velocity: VelocityModule,
  template: ParsedTemplate,
  context: Record<string, unknown>,
  namespaces: ReadonlySet<object>,
): string {
  const Compiler = appSyncCompiler(velocity);
  const compiler = new Compiler(template.nodes, {
    lines: template.lines,
    escape: false,
    valueMapper: (value) => (value === undefined ? null : value),
    customMethodHandlers: [
      {
        uid: 'appsync-direct: $util and Java methods',
        match: () => true,
        resolve: ({ property, context: target, params }) => {
          if (typeof target !== 'object' || target === null || !namespaces.has(target)) {
            return callJavaMethod(target, property, params);
          }
          // Reading an unknown name of `$util` throws, naming it.
          const method = (target as Record<string, unknown>)[property];
          if (typeof method !== 'function') throw new TypeError(`${property} is not a method`);
          const result: unknown = method(...params);
          return result === undefined ? '' : result;
        },
      },
    ],
  });
  return compiler.render(context, {
    return: (...args: unknown[]): never => {
      throw new ReturnSignal(args.length === 0 ? null : args[0]);
    },
  });
}
