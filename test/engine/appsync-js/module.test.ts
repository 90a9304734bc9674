// The runner follows the AWS AppSync JavaScript resolver reference ("Supported runtime features",
// "Built-in utilities", "Runtime utilities") and reports run-time errors as AppSync does:
// errorType "Code", "code.js:162:13: ReferenceError: x is not defined" (aws/aws-appsync-community#328).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compileAppSyncJs } from '../../../src/engine/appsync-js/module.js';
import { type CodeSource, readCodeSource } from '../../../src/engine/code/declaration.js';
import type {
  CodeContext,
  CompiledHandlers,
  Handler,
  HandlerCall,
  HandlerOutcome,
} from '../../../src/engine/code/handlers.js';
import { context } from '../context.js';

const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const LABEL = 'Query.getPost (code)';

const inline = (text: string): CodeSource => ({ text, name: LABEL, resolveDir: FIXTURES });
const fixture = (file: string): CodeSource => readCodeSource(file, FIXTURES, LABEL);

/** A module whose `request` is `body` (its lines start at line 3) and `response` returns `ctx.result`. */
const requestOf = (body: string, imports = "import { util, runtime } from '@aws-appsync/utils';") =>
  inline(
    `${imports}\nexport function request(ctx) {\n${body}\n}\nexport const response = (ctx) => ctx.result;\n`,
  );

/** The engine's context of `Query.getPost(id: "p1")`, with `overrides`. */
const makeCtx = (overrides: Partial<CodeContext> = {}): CodeContext =>
  context({ arguments: { id: 'p1' }, ...overrides });

function handlerOf(compiled: CompiledHandlers, name: 'request' | 'response' = 'request'): Handler {
  const handler = compiled[name];
  if (handler === undefined) throw new Error(`no ${name} handler`);
  return handler;
}

function run(
  source: CodeSource,
  call: Partial<HandlerCall> = {},
  name: 'request' | 'response' = 'request',
): HandlerOutcome {
  return handlerOf(
    compileAppSyncJs(source),
    name,
  )({
    ctx: makeCtx(),
    authType: 'API_KEY',
    ...call,
  });
}

/** The message of an `error` outcome, failing the test on any other kind. */
function codeError(outcome: HandlerOutcome): string {
  if (outcome.kind !== 'error') throw new Error(`expected an error, got ${outcome.kind}`);
  expect(outcome.error.errorType).toBe('Code');
  return outcome.error.message;
}

function compileError(source: CodeSource): string {
  try {
    compileAppSyncJs(source);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('expected compileAppSyncJs to throw');
}

describe('compileAppSyncJs: outcomes', () => {
  it('returns the value request returned, with the lists of what it recorded', () => {
    const compiled = compileAppSyncJs(
      requestOf("  return { operation: 'Invoke', id: ctx.args.id };"),
    );
    expect(compiled.language).toBe('APPSYNC_JS');
    expect(compiled.name).toBe(LABEL);
    expect(handlerOf(compiled)({ ctx: makeCtx(), authType: 'API_KEY' })).toEqual({
      kind: 'value',
      value: { operation: 'Invoke', id: 'p1' },
      appended: [],
      extensions: [],
      logs: [],
    });
    const response = handlerOf(compiled, 'response');
    expect(response({ ctx: makeCtx({ result: { id: 'p1' } }), authType: 'API_KEY' })).toMatchObject(
      { kind: 'value', value: { id: 'p1' } },
    );
  });

  it('stops with the error of util.error, its data and errorInfo included', () => {
    const outcome = run(
      requestOf(
        "  util.error('Post p1 is gone', 'NotFound', { id: ctx.args.id }, { retry: false });",
      ),
    );
    expect(outcome).toEqual({
      kind: 'error',
      error: {
        message: 'Post p1 is gone',
        errorType: 'NotFound',
        data: { id: 'p1' },
        errorInfo: { retry: false },
      },
      appended: [],
      extensions: [],
      logs: [],
    });
  });

  it('keeps the errors of util.appendError and the extensions calls, and goes on', () => {
    const outcome = run(
      requestOf(
        "  util.appendError('late', 'Warning', { n: 1 });\n  util.appendError('later');\n  return 1;",
        "import { util, extensions } from '@aws-appsync/utils';\nconst unused = extensions;",
      ),
    );
    expect(outcome).toMatchObject({
      kind: 'value',
      value: 1,
      appended: [{ message: 'late', errorType: 'Warning', data: { n: 1 } }, { message: 'later' }],
    });
    const recorded = run(
      requestOf(
        "  extensions.evictFromApiCache('Query', 'getPost', { 'context.arguments.id': ctx.args.id });\n  return null;",
        "import { extensions } from '@aws-appsync/utils';",
      ),
    );
    expect(recorded.extensions).toEqual([
      { name: 'evictFromApiCache', args: ['Query', 'getPost', { 'context.arguments.id': 'p1' }] },
    ]);
  });

  it('stops with Unauthorized for util.unauthorized, naming the field from ctx.info', () => {
    const outcome = run(requestOf('  util.unauthorized();'), {
      ctx: makeCtx({
        info: { ...makeCtx().info, parentTypeName: 'Mutation', fieldName: 'addPost' },
      }),
    });
    expect(outcome).toMatchObject({
      kind: 'error',
      error: {
        message: 'Not Authorized to access addPost on type Mutation',
        errorType: 'Unauthorized',
      },
    });
  });

  it('returns early with the value and skipTo of runtime.earlyReturn', () => {
    expect(run(requestOf("  runtime.earlyReturn({ cached: true }, { skipTo: 'END' });"))).toEqual({
      kind: 'return',
      value: { cached: true },
      skipTo: 'END',
      appended: [],
      extensions: [],
      logs: [],
    });
    const plain = run(requestOf('  runtime.earlyReturn();'));
    expect(plain).toMatchObject({ kind: 'return', value: null });
    expect(plain).not.toHaveProperty('skipTo');
  });

  it('gives util its helpers: autoId, time (on the call clock), str, authType', () => {
    const outcome = run(
      requestOf(
        '  return { id: util.autoId(), now: util.time.nowISO8601(), ms: util.time.nowEpochMilliSeconds(), up: util.str.toUpper(ctx.args.id), auth: util.authType() };',
      ),
      { now: () => Date.UTC(2024, 1, 29, 12, 30), authType: 'AWS_IAM' },
    );
    if (outcome.kind !== 'value') throw new Error(outcome.kind);
    expect(outcome.value).toEqual({
      id: expect.stringMatching(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      ),
      now: '2024-02-29T12:30:00.000Z',
      ms: Date.UTC(2024, 1, 29, 12, 30),
      up: 'P1',
      auth: 'IAM Authorization',
    });
  });
});

describe('compileAppSyncJs: the runtime environment', () => {
  it.each([
    ['process', 'process.env.HOME'],
    ['fetch', "fetch('https://example.com')"],
    ['setTimeout', 'setTimeout(1, 0)'],
    ['Buffer', "Buffer.from('x')"],
    ['module', 'module.exports'],
    ['exports', 'exports'],
  ])('has no %s: a ReferenceError, errorType Code, at its line and column', (name, expression) => {
    expect(codeError(run(requestOf(`  const value = ${expression};\n  return value;`)))).toBe(
      `${LABEL}:3:17: ReferenceError: ${name} is not defined`,
    );
  });

  it('has no require: esbuild bundles a use of it as a shim AppSync refuses', () => {
    const message = compileError(requestOf('  const value = typeof require;\n  return value;'));
    expect(message).toContain(`\n  ${LABEL} (as bundled):`);
    expect(message).toContain(' throw: throw is not supported by APPSYNC_JS');
    expect(message).toContain(
      `\n  (${LABEL} (as bundled) is code esbuild adds for a use of require(): APPSYNC_JS has no require; import what the code needs.)`,
    );
  });

  it('offers the JavaScript built-ins, and nothing of the runner itself', () => {
    const outcome = run(
      requestOf(
        '  return { json: JSON.stringify([1]), max: Math.max(1, 2), keys: Object.keys(globalThis).sort(), bridge: typeof __appsyncDirectBridge, date: typeof Date };',
      ),
    );
    expect(outcome).toMatchObject({
      kind: 'value',
      value: { json: '[1]', max: 2, keys: ['console'], bridge: 'undefined', date: 'function' },
    });
  });

  it('runs each call in a fresh context: module state and globals do not carry over', () => {
    const compiled = compileAppSyncJs(
      inline(
        'let calls = 0;\nexport function request(ctx) {\n  calls = calls + 1;\n  const before = globalThis.leaked ?? null;\n  globalThis.leaked = ctx.args.id;\n  return { calls, before };\n}\nexport const response = (ctx) => ctx.result;\n',
      ),
    );
    const request = handlerOf(compiled);
    const call = { ctx: makeCtx(), authType: 'API_KEY' } as const;
    expect(request(call)).toMatchObject({ kind: 'value', value: { calls: 1, before: null } });
    expect(request(call)).toMatchObject({ kind: 'value', value: { calls: 1, before: null } });
  });

  it('runs in strict mode', () => {
    expect(codeError(run(requestOf('  undeclared = 1;\n  return undeclared;')))).toBe(
      `${LABEL}:3:3: ReferenceError: undeclared is not defined`,
    );
  });

  it('records console.log, info, warn, error and debug, in order', () => {
    const outcome = run(
      requestOf(
        "  console.log('post', ctx.args.id, { n: 1 });\n  console.info('info');\n  console.warn('warn');\n  console.error('error', 2);\n  console.debug('debug');\n  return null;",
      ),
    );
    expect(outcome.logs).toEqual([
      'INFO post p1 { n: 1 }',
      'INFO info',
      'WARN warn',
      'ERROR error 2',
      'DEBUG debug',
    ]);
  });

  it('names what @aws-appsync/utils does not implement: util.dynamodb, the subpath modules', () => {
    expect(codeError(run(requestOf('  return util.dynamodb.get({ key: { id: 1 } });')))).toBe(
      `${LABEL}:3:24: Error: util.dynamodb.get is not implemented by the local AppSync`,
    );
    expect(
      codeError(
        run(
          requestOf(
            '  return ddb.get({ key: { id: ctx.args.id } });',
            "import * as ddb from '@aws-appsync/utils/dynamodb';",
          ),
        ),
      ),
    ).toMatch(
      /^Query\.getPost \(code\):3:\d+: Error: @aws-appsync\/utils\/dynamodb\.get is not implemented by the local AppSync$/,
    );
    expect(
      codeError(
        run(requestOf('  return select({});', "import { select } from '@aws-appsync/utils/rds';")),
      ),
    ).toMatch(/: Error: @aws-appsync\/utils\/rds\.select is not implemented by the local AppSync$/);
    expect(
      codeError(
        run(requestOf('  return transform;', "import { transform } from '@aws-appsync/utils';")),
      ),
    ).toMatch(/: Error: @aws-appsync\/utils\.transform is not implemented by the local AppSync$/);
  });

  it('stops code that runs past the timeout', () => {
    const endless =
      'const endless = { [Symbol.iterator]: () => ({ next: () => ({ done: false, value: 1 }) }) };\nexport function request(ctx) {\n  let n = 0;\n  for (const one of endless) n = n + one;\n  return n;\n}\nexport const response = (ctx) => ctx.result;\n';
    const request = handlerOf(compileAppSyncJs(inline(endless), { timeoutMs: 50 }));
    const ctx = makeCtx({ stash: { kept: true } });
    expect(codeError(request({ ctx, authType: 'API_KEY' }))).toBe(
      `${LABEL}: the code ran for more than 50 ms and was stopped by the local AppSync (a loop that does not end?)`,
    );
    expect(ctx.stash).toEqual({ kept: true });
  });
});

describe('compileAppSyncJs: values cross as JSON', () => {
  it('returns a JSON copy: a Date as its ISO string, undefined as null, host objects', () => {
    const outcome = run(
      requestOf(
        '  return { at: new Date(0), gone: undefined, list: [1, undefined], nested: { ok: true } };',
      ),
    );
    if (outcome.kind !== 'value') throw new Error(outcome.kind);
    expect(outcome.value).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      list: [1, null],
      nested: { ok: true },
    });
    expect(Object.getPrototypeOf(outcome.value)).toBe(Object.prototype);
    expect(run(requestOf('  return undefined;'))).toMatchObject({ kind: 'value', value: null });
    expect(run(requestOf('  return new Date(0);'))).toMatchObject({
      kind: 'value',
      value: '1970-01-01T00:00:00.000Z',
    });
  });

  it('makes a value JSON cannot hold a Code error that says so', () => {
    expect(codeError(run(requestOf('  return () => 1;')))).toBe(
      `${LABEL}: JSON cannot hold the value request returned (it is a function)`,
    );
    expect(codeError(run(requestOf('  const a = {};\n  a.self = a;\n  return a;')))).toMatch(
      /^Query\.getPost \(code\): JSON cannot hold the value request returned \(Converting circular structure to JSON\)$/,
    );
    expect(codeError(run(requestOf('  return { n: 10n };')))).toMatch(/BigInt/);
    expect(
      codeError(run(requestOf("  runtime.earlyReturn({ n: 1n }, { skipTo: 'NEXT' });"))),
    ).toMatch(/^Query\.getPost \(code\): JSON cannot hold the value of runtime\.earlyReturn/);
    expect(codeError(run(requestOf("  util.error('x', 'T', { n: 1n });")))).toMatch(
      /JSON cannot hold util\.error's data or errorInfo/,
    );
  });

  it('gives the handler a copy of ctx: only the stash comes back, cleared then assigned', () => {
    const compiled = compileAppSyncJs(
      requestOf(
        "  ctx.args.id = 'changed';\n  ctx.result = 'changed';\n  ctx.info.fieldName = 'changed';\n  delete ctx.stash.old;\n  ctx.stash.added = { same: ctx.args === ctx.arguments };\n  return null;",
      ),
    );
    const stash = { old: 1, kept: 'yes' };
    const ctx = makeCtx({ stash, result: { id: 'p1' } });
    handlerOf(compiled)({ ctx, authType: 'API_KEY' });
    expect(ctx.stash).toBe(stash);
    expect(ctx.stash).toEqual({ kept: 'yes', added: { same: true } });
    expect(ctx.args).toEqual({ id: 'p1' });
    expect(ctx.result).toEqual({ id: 'p1' });
    expect(ctx.info.fieldName).toBe('getPost');
  });

  it('writes the stash back when the handler stops or fails, too', () => {
    const stopped = makeCtx();
    handlerOf(compileAppSyncJs(requestOf("  ctx.stash.step = 'stop';\n  util.error('no');")))({
      ctx: stopped,
      authType: 'API_KEY',
    });
    expect(stopped.stash).toEqual({ step: 'stop' });
    const failed = makeCtx();
    handlerOf(compileAppSyncJs(requestOf("  ctx.stash.step = 'fail';\n  return missing;")))({
      ctx: failed,
      authType: 'API_KEY',
    });
    expect(failed.stash).toEqual({ step: 'fail' });
  });

  // Regression: JSON.stringify of the context ran outside the outcome's handling, so an identity
  // JSON cannot hold escaped as a plain TypeError.
  it('fails a call whose context JSON cannot hold as a Code error, without throwing', () => {
    const ctx = makeCtx();
    (ctx as { identity: unknown }).identity = { resolverContext: { big: 1n } };
    expect(codeError(run(requestOf('  return 1;'), { ctx }))).toMatch(
      /^Query\.getPost \(code\): ctx cannot cross into the handler: JSON cannot hold it \(.*BigInt.*\)$/,
    );
  });

  it('fails a call whose stash JSON cannot hold', () => {
    expect(codeError(run(requestOf('  ctx.stash.n = 1n;\n  return 1;')))).toMatch(
      /^Query\.getPost \(code\): ctx\.stash cannot be kept: JSON cannot hold it \(.*BigInt.*\)$/,
    );
  });
});

describe('compileAppSyncJs: files, bundling, TypeScript', () => {
  it('bundles the relative imports of a module file, and names errors by the file', () => {
    const compiled = compileAppSyncJs(fixture('getPost.js'));
    expect(compiled.name).toBe(join(FIXTURES, 'getPost.js'));
    const ctx = makeCtx();
    const request = handlerOf(compiled)({ ctx, authType: 'API_KEY' });
    expect(request).toMatchObject({
      kind: 'value',
      value: { operation: 'Invoke', payload: { id: 'p1' } },
      logs: ['INFO request for p1'],
    });
    expect(ctx.stash).toEqual({ seen: 'hello p1' });
    const response = handlerOf(compiled, 'response');
    expect(
      response({ ctx: makeCtx({ result: { title: 'hi' } }), authType: 'API_KEY' }),
    ).toMatchObject({ kind: 'value', value: { title: 'HI' } });
    // The error is in the helper: its path, relative to the module's folder.
    expect(codeError(response({ ctx: makeCtx({ result: {} }), authType: 'API_KEY' }))).toBe(
      "lib/format.js:4:39: TypeError: Cannot read properties of undefined (reading 'toUpperCase')",
    );
  });

  it('runs TypeScript, and maps errors to the .ts source', () => {
    const compiled = compileAppSyncJs(fixture('getPost.ts'));
    expect(handlerOf(compiled)({ ctx: makeCtx(), authType: 'API_KEY' })).toMatchObject({
      kind: 'value',
      value: { operation: 'Invoke', payload: { id: 'P1' } },
    });
    const response = handlerOf(compiled, 'response');
    expect(
      codeError(response({ ctx: makeCtx({ result: { id: 'p1' } }), authType: 'API_KEY' })),
    ).toBe("getPost.ts:17:66: TypeError: Cannot read properties of undefined (reading 'title')");
  });

  it('refuses code AppSync refuses, each finding at its file, line and column', () => {
    const message = compileError(fixture('refused.js'));
    expect(message).toMatch(
      /^refused\.js is code AppSync refuses \("The code contains one or more errors"\):\n/,
    );
    expect(message).toContain(
      '\n  refused.js:4:3 try: try/catch/finally is not supported by APPSYNC_JS',
    );
    expect(message).toContain('\n  lib/loops.js:4:3 while: while loops are not supported');
    expect(compileError(requestOf('  let n = 0;\n  n++;\n  return n;'))).toContain(
      `${LABEL}:4:3 unary-operator:`,
    );
    expect(compileError(requestOf(`  return '${'x'.repeat(32_768)}';`))).toContain(
      `\n  ${LABEL}:1:1 code-size: the code is `,
    );
  });

  it('refuses a module without request or response, naming the file', () => {
    expect(compileError(inline('export function request(ctx) {\n  return {};\n}\n'))).toBe(
      `${LABEL} exports no response function: AppSync requires both request and response in a resolver's or function's code (its exports: request).`,
    );
    expect(compileError(inline('const x = 1;\n'))).toMatch(
      /exports no request and no response function: .*\(its exports: none\)\.$/,
    );
  });

  it('fails a call of an export that is not a function', () => {
    const compiled = compileAppSyncJs(
      inline(
        'export const request = { operation: 1 };\nexport const response = (ctx) => ctx.result;\n',
      ),
    );
    expect(codeError(handlerOf(compiled)({ ctx: makeCtx(), authType: 'API_KEY' }))).toBe(
      `${LABEL}: TypeError: request is not a function (typeof request is "object")`,
    );
  });

  it('reports what does not build at its file, line and column', () => {
    expect(compileError(requestOf('  return {;'))).toMatch(
      /^Query\.getPost \(code\) does not build:\n {2}Query\.getPost \(code\):3:11: /,
    );
    expect(
      compileError(requestOf('  return x;', "import { x } from './no-such-file.js';")),
    ).toMatch(
      /does not build:\n {2}Query\.getPost \(code\):1:19: Could not resolve "\.\/no-such-file\.js"/,
    );
  });

  it('says to install esbuild when it is not installed', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'esbuild'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => compileAppSyncJs(requestOf('  return 1;'), { loadEsbuild: missing })).toThrow(
      new TypeError(
        `${LABEL} is APPSYNC_JS code, which the local AppSync bundles with esbuild (an optional peer dependency), and esbuild is not installed: install it (npm i -D esbuild).`,
      ),
    );
    const broken = () => {
      throw new Error('broken install');
    };
    expect(() => compileAppSyncJs(requestOf('  return 1;'), { loadEsbuild: broken })).toThrow(
      'broken install',
    );
  });
});
