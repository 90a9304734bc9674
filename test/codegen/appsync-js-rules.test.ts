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
