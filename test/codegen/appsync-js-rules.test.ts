import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { APPSYNC_JS_MAX_CODE_LENGTH, checkAppSyncJs } from '../../src/codegen/appsync-js-rules.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/appsync-js/${name}`, import.meta.url), 'utf8');

const where = (source: string) =>
  checkAppSyncJs(source, { file: 'a.js' }).map((f) => `${f.line}:${f.column} ${f.rule}`);

describe('checkAppSyncJs', () => {
  // Each rule cites its reference sentence in src/codegen/appsync-js-rules.ts (AppSyncJsRule).
  it('finds each construct the APPSYNC_JS runtime rejects, at its line and column', () => {
    const findings = checkAppSyncJs(fixture('forbidden.js'), { file: 'forbidden.js' });
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`)).toEqual([
      'forbidden.js:5:3 try',
      'forbidden.js:10:3 throw',
      'forbidden.js:11:3 while',
      'forbidden.js:12:3 do-while',
      'forbidden.js:13:3 for',
      'forbidden.js:15:12 continue',
      'forbidden.js:17:3 label',
      'forbidden.js:21:3 unary-operator',
      'forbidden.js:22:13 unary-operator',
      'forbidden.js:23:15 in-operator',
      'forbidden.js:24:17 instanceof',
      'forbidden.js:25:16 this',
      'forbidden.js:26:10 promise',
      'forbidden.js:29:8 async',
      'forbidden.js:30:3 await',
      'forbidden.js:31:3 await',
      'forbidden.js:35:1 generator',
      'forbidden.js:36:3 yield',
      'forbidden.js:39:1 class',
      'forbidden.js:40:17 class',
    ]);
  });

  it('finds each built-in and function feature the reference lists as unsupported, at its line and column', () => {
    const source = fixture('unsupported.js');
    const findings = checkAppSyncJs(source, { file: 'unsupported.js', warnings: true });
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`)).toEqual([
      'unsupported.js:9:31 recursion error',
      'unsupported.js:12:27 recursion error',
      'unsupported.js:16:28 recursion error',
      'unsupported.js:24:16 new error',
      'unsupported.js:25:16 new error',
      'unsupported.js:26:15 new error',
      'unsupported.js:27:20 new error',
      'unsupported.js:28:17 new error',
      'unsupported.js:29:14 new-builtin warning',
      'unsupported.js:30:16 new-builtin warning',
      'unsupported.js:31:18 regex error',
      'unsupported.js:32:19 regex error',
      'unsupported.js:33:27 function-method error',
      'unsupported.js:34:26 function-method error',
      'unsupported.js:35:38 sort-argument error',
      'unsupported.js:37:25 function-argument error',
      'unsupported.js:38:23 function-argument error',
      'unsupported.js:44:17 unchecked-error warning',
    ]);
    // Without `warnings`, only what AppSync refuses: every finding an error.
    const errors = checkAppSyncJs(source, { file: 'unsupported.js' });
    expect(errors).toEqual(findings.filter((f) => f.severity === 'error'));
    expect(errors).toHaveLength(15);
  });

  it('names the constructor, the cycle and the method in its messages', () => {
    const messages = (source: string) =>
      checkAppSyncJs(source, { file: 'a.js', warnings: true }).map((f) => f.message);
    expect(messages('const u = new URL("x");')).toEqual([
      'new URL is not supported by APPSYNC_JS, which has no function constructors (and no globals besides its built-in objects, util, extensions and runtime); AppSync rejects code that uses it. Build the value with an object literal, or a plain function that returns one.',
    ]);
    expect(messages('const d = new Date();')[0]).toMatch(
      /^new Date: the APPSYNC_JS reference lists .* and no constructor, so AppSync may refuse it\. For dates use util\.time/,
    );
    expect(messages('const e = new TypeError("x");')[0]).toContain('util.error(message, type)');
    expect(messages('function a() { return b(); }\nfunction b() { return a(); }')).toEqual([
      expect.stringContaining('(a → b → a)'),
      expect.stringContaining('(b → a → b)'),
    ]);
    expect(messages('const f = () => 1; f.apply(null, []);')[0]).toMatch(
      /^apply\(\) is not supported by APPSYNC_JS/,
    );
  });

  it('tells the unsupported built-ins and functions from their supported neighbours', () => {
    const all = (source: string) =>
      checkAppSyncJs(source, { file: 'a.js', warnings: true }).map(
        (f) => `${f.line}:${f.column} ${f.rule}`,
      );
    // The Array methods the reference lists take their callback; sort() without arguments.
    expect(
      all(
        'const a = [3, 1]; a.sort(); a.forEach((x) => x); a.reduce((s, x) => s + x, 0); a.findLast((x) => x);',
      ),
    ).toEqual([]);
    // Calling a function, or a function that calls another, is no recursion; a call is no `new`.
    expect(
      all('function f(x) { return x; }\nfunction g() { return f(f(1)); }\nString(1);'),
    ).toEqual([]);
    // A parameter or a local named like a built-in is the module's own: `new` on it is refused.
    expect(all('function Date() { return {}; }\nconst d = new Date();')).toEqual(['2:11 new']);
    expect(all('function f(Map) { return new Map(); }')).toEqual(['1:26 new']);
    expect(all('import * as lib from "./lib.js";\nconst x = new lib.Post();')).toEqual([
      '2:11 new',
    ]);
    // `new Promise` is promise's finding; `RegExp(…)` without new is regex's.
    expect(all('const p = new Promise((r) => r(1));')).toEqual([
      '1:15 promise',
      '1:23 function-argument',
    ]);
    expect(all('const r = RegExp("x");\nconst f = Function("return 1");')).toEqual([
      '1:11 regex',
      '2:11 new',
    ]);
    // A property named call, bind or apply of an object literal is no call.
    expect(all('const o = { call: 1, apply: 2 }; const v = o.call + o.apply;')).toEqual([]);
    expect(all('const s = "a".replace("a", "b");')).toEqual([]);
  });

  describe('a response that never reads ctx.error (a warning)', () => {
    const unchecked = (source: string, dataSource?: boolean) =>
      checkAppSyncJs(source, { file: 'r.js', warnings: true, dataSource })
        .filter((f) => f.rule === 'unchecked-error')
        .map((f) => `${f.line}:${f.column} ${f.severity}`);

    it.each([
      ['export function response(ctx) {\n  return ctx.result;\n}', '1:17'],
      ['export const response = (ctx) => ctx.result;', '1:14'],
      ['export function response() {\n  return null;\n}', '1:17'],
      ['function handle(ctx) {\n  return ctx.result;\n}\nexport { handle as response };', '1:10'],
      ['export function response(ctx) {\n  const { result } = ctx;\n  return result;\n}', '1:17'],
      ['export const response = ({ result }) => result;', '1:14'],
    ])('%j: at the response function', (source, at) => {
      expect(unchecked(source)).toEqual([`${at} warning`]);
    });

    it.each([
      'export function response(ctx) {\n  if (ctx.error) util.error(ctx.error.message, ctx.error.type);\n  return ctx.result;\n}',
      'export const response = (ctx) => (ctx?.error ? null : ctx.result);',
      'export const response = (ctx) => ctx["error"] ?? ctx.result;',
      'export const response = ({ error, result }) => (error ? null : result);',
      'export const response = ({ ...all }) => all.result;',
      'export function response(ctx) {\n  const { error, result } = ctx;\n  return error ? null : result;\n}',
      // Handed on whole: the helper may read it.
      'import { checked } from "./lib.js";\nexport const response = (ctx) => checked(ctx);',
      // No response export: nothing to say.
      'export function request(ctx) {\n  return {};\n}',
    ])('%j: nothing', (source) => {
      expect(unchecked(source)).toEqual([]);
    });

    it('is for code in front of a data source, and only with warnings', () => {
      const source = 'export const response = (ctx) => ctx.result;';
      expect(unchecked(source, false)).toEqual([]);
      expect(checkAppSyncJs(source, { file: 'r.js' })).toEqual([]);
    });
  });

  it('says what is not supported, that AppSync rejects it, and what to write instead', () => {
    const [throwFinding] = checkAppSyncJs('throw 1;', { file: 'a.js' });
    expect(throwFinding?.message).toMatch(/^throw is not supported by APPSYNC_JS; AppSync rejects/);
    expect(throwFinding?.message).toContain('util.error(');
    const [forFinding] = checkAppSyncJs('for (;;) {}', { file: 'a.js' });
    expect(forFinding?.message).toContain('for-of');
    const [inFinding] = checkAppSyncJs('const a = "k" in {};', { file: 'a.js' });
    expect(inFinding?.message).toContain('Object.hasOwn');
  });

  it('accepts what the runtime supports: for-of, for-in, arrows, destructuring, spread, templates, util.error', () => {
    expect(checkAppSyncJs(fixture('clean.js'), { file: 'clean.js' })).toEqual([]);
  });

  it('tells the rejected operators and function kinds from their supported neighbours', () => {
    expect(where('let a = -1; a = !a; a = typeof a; a = void 0; a = 1 + 2;')).toEqual([]);
    expect(where('for (const k in {}) {}')).toEqual([]);
    expect(where('const o = { Promise: 1 }; o.Promise;')).toEqual([]);
    expect(where('const f = async () => 1;')).toEqual(['1:11 async']);
    expect(where('let n = 0; n--; n++;')).toEqual(['1:12 unary-operator', '1:17 unary-operator']);
    expect(where('const o = { *g() {} };')).toEqual(['1:13 generator']);
    expect(where('const o = { async m() {}, n() {} };')).toEqual(['1:13 async']);
    expect(where('const o = { m: async () => 1 };')).toEqual(['1:16 async']);
  });

  it('reports code longer than 32,768 characters on 1:1, counting characters, not bytes', () => {
    const comment = (n: number) => `//${'x'.repeat(n - 2)}`;
    expect(where(comment(APPSYNC_JS_MAX_CODE_LENGTH))).toEqual([]);
    expect(where(comment(APPSYNC_JS_MAX_CODE_LENGTH + 1))).toEqual(['1:1 code-size']);
    // 32,768 characters, some of them 2 or 4 bytes long in UTF-8: within the limit.
    expect(where(`//${'é😀'.repeat(10)}${'x'.repeat(APPSYNC_JS_MAX_CODE_LENGTH - 22)}`)).toEqual(
      [],
    );
    const [finding] = checkAppSyncJs(`${comment(APPSYNC_JS_MAX_CODE_LENGTH + 1)}\nthrow 1;`, {
      file: 'big.js',
    });
    expect(finding).toMatchObject({ file: 'big.js', line: 1, column: 1, rule: 'code-size' });
    expect(finding?.message).toContain('32768');
  });

  it('reports a syntax error as one finding at its location', () => {
    expect(
      checkAppSyncJs('export function request(ctx) {\n  return {;\n}\n', { file: 's.js' }),
    ).toEqual([
      {
        file: 's.js',
        line: 2,
        column: 11,
        rule: 'syntax-error',
        severity: 'error',
        message: 'Unexpected token: AppSync rejects code that does not parse; fix the syntax.',
      },
    ]);
  });

  it('keeps the size finding alongside a syntax error', () => {
    const source = `//${'x'.repeat(APPSYNC_JS_MAX_CODE_LENGTH)}\n)`;
    expect(where(source)).toEqual(['1:1 code-size', '2:1 syntax-error']);
  });

  it('finds nothing in any program built from supported statements (property)', () => {
    const expression = fc.constantFrom(
      'ctx.args.id',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the source text of a template literal
      '`id ${ctx.args.id}`',
      '{ ...ctx.args, n: 1 }',
      '[...(ctx.args.items ?? [])]',
      'ctx.args?.a ?? 0',
      '((a, ...rest) => a + rest.length)(1, 2)',
      'Object.hasOwn(ctx.args, "id")',
      'typeof ctx.args === "string"',
      '(1 | 2) & 3',
    );
    const statement = fc.oneof(
      expression.map((e) => `const v = ${e};`),
      expression.map((e) => `if (${e}) { util.error("no", "BadRequest"); }`),
      expression.map((e) => `for (const x of [${e}]) { util.appendError(String(x)); }`),
      expression.map((e) => `for (const k in ${e}) { if (k) break; }`),
      expression.map((e) => `switch (${e}) { case 1: break; default: }`),
    );
    fc.assert(
      fc.property(fc.array(statement, { maxLength: 6 }), (body) => {
        const source = `import { util } from '@aws-appsync/utils';\nexport function request(ctx) {\n${body
          .map((s) => `  { ${s} }`)
          .join('\n')}\n  return { operation: 'Invoke', payload: ctx.args };\n}\n`;
        expect(checkAppSyncJs(source, { file: 'p.js' })).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});
