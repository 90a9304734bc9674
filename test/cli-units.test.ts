/**
 * The CLI's parts on their own: the flag parser, the stdout redirect, the handler loader without
 * (or with a broken) esbuild, and the executable's process handling.
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { closest, editDistance, parseFlags, UsageError } from '../src/cli/args.js';
import { describeThrown } from '../src/cli/io.js';
import { type EsbuildApi, HandlerLoadError, loadHandler } from '../src/cli/load-handler.js';
import { type CliProcess, main, USAGE } from '../src/cli/main.js';
import { withStdoutTo } from '../src/cli/redirect.js';
import { ROOT, removeTempFiles, tempFiles } from './cli-helpers.js';

afterAll(removeTempFiles);

describe('parseFlags', () => {
  const spec = { field: 'string', raw: 'boolean', help: 'boolean' } as const;

  it('reads --name value, --name=value, booleans and aliases', () => {
    expect(parseFlags(['--field', 'Query.a', '--raw'], spec)).toEqual({
      field: 'Query.a',
      raw: true,
    });
    expect(parseFlags(['--field=a=b', '-h'], spec, { h: 'help' })).toEqual({
      field: 'a=b',
      help: true,
    });
    expect(parseFlags([], spec)).toEqual({});
  });

  it('takes a value that starts with a single dash', () => {
    expect(parseFlags(['--field', '-1'], spec)).toEqual({ field: '-1' });
  });

  it.each([
    [['-'], 'unexpected argument "-"'],
    [['--'], 'unknown flag --'],
    [['--fild', 'x'], 'unknown flag --fild; did you mean --field?'],
    [['--raw=', 'x'], '--raw takes no value'],
    [
      ['--field=a', 'x'],
      'unexpected argument "x": every value belongs to a flag, as in --field Query.getPost',
    ],
    [
      ['--raw', 'x'],
      'unexpected argument "x": every value belongs to a flag, as in --field Query.getPost (--raw takes no value)',
    ],
    [['-h'], 'unknown flag -h'],
  ])('%j is a UsageError', (argv, message) => {
    expect(() => parseFlags(argv, spec)).toThrow(UsageError);
    expect(() => parseFlags(argv, spec)).toThrow(message);
  });
});

describe('suggestions', () => {
  it('count a swap of neighbours as one edit', () => {
    expect(editDistance('feild', 'field')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('suggest only likely typos', () => {
    const flags = ['--handler', '--field', '--fixture', '--help'];
    expect(closest('--feild', flags)).toBe('--field');
    expect(closest('--fixtrue', flags)).toBe('--fixture');
    expect(closest('--hand', flags)).toBe('--handler');
    expect(closest('--FIELD', flags)).toBe('--field');
    expect(closest('--quiet', flags)).toBeUndefined();
    expect(closest('-x', ['-h'])).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });
});

describe('describeThrown', () => {
  it("gives an Error's stack, or its name and message when it has none", () => {
    const error = new RangeError('too far');
    expect(describeThrown(error)).toMatch(/^RangeError: too far\n\s+at /);
    delete (error as { stack?: string }).stack;
    expect(describeThrown(error)).toBe('RangeError: too far');
    expect(describeThrown(42)).toBe('42');
  });
});

describe('withStdoutTo', () => {
  it('restores stdout and the console when the task fails', async () => {
    const write = process.stdout.write;
    const { log, info, debug } = console;
    const seen: string[] = [];
    await expect(
      withStdoutTo(
        (text) => seen.push(text),
        async () => {
          console.debug('debug %d', 1);
          process.stdout.write('during\n');
          throw new Error('task failed');
        },
      ),
    ).rejects.toThrow('task failed');
    expect(seen).toEqual(['debug 1\n', 'during\n']);
    expect(process.stdout.write).toBe(write);
    expect([console.log, console.info, console.debug]).toEqual([log, info, debug]);
  });

  it("calls a write's callback, as a stream would", async () => {
    let called = false;
    await withStdoutTo(
      () => {},
      async () => {
        process.stdout.write('x', 'utf8', () => {
          called = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 0));
      },
    );
    expect(called).toBe(true);
  });
});

describe('loadHandler without esbuild', () => {
  const missing = async (): Promise<EsbuildApi> => {
    throw Object.assign(new Error("Cannot find package 'esbuild'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  };

  it('imports a JavaScript handler directly', async () => {
    const loaded = await loadHandler('test/cli-fixtures/default-export.mjs', {
      cwd: ROOT,
      importEsbuild: missing,
    });
    expect(loaded.kind).toBe('function');
    expect(loaded.exportName).toBe('default');
    const handler = loaded.target as (event: unknown) => Promise<unknown>;
    expect(await handler({ arguments: { name: 'Ada' } })).toEqual({ greeting: 'Hello, Ada' });
  });

  it('imports a CommonJS handler directly, with its named exports', async () => {
    const loaded = await loadHandler(join(ROOT, 'test/cli-fixtures/commonjs.cjs'), {
      cwd: '/',
      importEsbuild: missing,
    });
    expect(loaded.exportName).toBe('handler');
  });

  it.each(['x.ts', 'x.mts', 'x.cts'])(
    'refuses TypeScript (%s), saying what to install',
    async (file) => {
      const dir = tempFiles({ [file]: 'export const handler = () => 1;\n' });
      await expect(loadHandler(file, { cwd: dir, importEsbuild: missing })).rejects.toThrow(
        `--handler ${file} is TypeScript, and esbuild is not installed: install esbuild (npm i -D esbuild) to run TypeScript handlers`,
      );
    },
  );

  it('reports a module that throws a non-Error while loading', async () => {
    const dir = tempFiles({ 'throws.mjs': "throw 'no config';\n" });
    await expect(loadHandler('throws.mjs', { cwd: dir, importEsbuild: missing })).rejects.toThrow(
      '--handler throws.mjs failed while loading: no config',
    );
  });
});

describe('loadHandler with a broken esbuild', () => {
  it('says esbuild could not be loaded', async () => {
    const broken = async (): Promise<EsbuildApi> => {
      throw new Error('The package "@esbuild/linux-x64" could not be found');
    };
    const loading = loadHandler('test/cli-fixtures/handlers.ts', {
      cwd: ROOT,
      importEsbuild: broken,
    });
    await expect(loading).rejects.toThrow(HandlerLoadError);
    await expect(loading).rejects.toThrow(
      'esbuild is installed but could not be loaded: The package "@esbuild/linux-x64" could not be found',
    );
    await expect(loading).rejects.toMatchObject({ esbuildUnusable: true });
  });

  it('reports a failure that is not a build error, then tries again next time', async () => {
    const dir = tempFiles({ 'h.mjs': 'export const handler = () => 1;\n' });
    let calls = 0;
    const crashing = async (): Promise<EsbuildApi> => ({
      build: (async () => {
        calls++;
        throw new Error('the service was stopped');
      }) as unknown as EsbuildApi['build'],
      formatMessages: (async () => []) as unknown as EsbuildApi['formatMessages'],
    });
    for (let i = 0; i < 2; i++) {
      await expect(loadHandler('h.mjs', { cwd: dir, importEsbuild: crashing })).rejects.toThrow(
        'esbuild failed on --handler h.mjs: the service was stopped',
      );
    }
    expect(calls).toBe(2);
  });

  it('blames esbuild, not the handler, when its platform binary is missing at the first build', async () => {
    const dir = tempFiles({ 'h.mjs': 'export const handler = () => 1;\n' });
    const message =
      'The package "@esbuild/linux-x64" could not be found, and is needed by esbuild.';
    const binaryless = async (): Promise<EsbuildApi> => ({
      build: (async () => {
        throw new Error(message);
      }) as unknown as EsbuildApi['build'],
      formatMessages: (async () => []) as unknown as EsbuildApi['formatMessages'],
    });
    const failure = await loadHandler('h.mjs', { cwd: dir, importEsbuild: binaryless }).catch(
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(HandlerLoadError);
    expect(failure).toMatchObject({
      message: `esbuild is installed but could not be loaded: ${message}`,
      esbuildUnusable: true,
    });
  });

  it('a thrown non-Error is reported too', async () => {
    const dir = tempFiles({ 'h.mjs': 'export const handler = () => 1;\n' });
    const crashing = async (): Promise<EsbuildApi> => ({
      build: (async () => {
        throw 'stopped';
      }) as unknown as EsbuildApi['build'],
      formatMessages: (async () => []) as unknown as EsbuildApi['formatMessages'],
    });
    await expect(loadHandler('h.mjs', { cwd: dir, importEsbuild: crashing })).rejects.toThrow(
      'esbuild failed on --handler h.mjs: stopped',
    );
  });
});

describe('loadHandler with esbuild', () => {
  it('builds each file once per process', async () => {
    const first = await loadHandler('test/cli-fixtures/handlers.ts', { cwd: ROOT });
    const again = await loadHandler(join(ROOT, 'test/cli-fixtures/handlers.ts'), { cwd: '/' });
    expect(again.target).toBe(first.target);
  });

  it('lists no exports when there are none', async () => {
    const dir = tempFiles({ 'empty.ts': 'export {};\n' });
    await expect(loadHandler('empty.ts', { cwd: dir })).rejects.toThrow(
      '--handler empty.ts exports no handler, app or default export; it has no exports. Pass the one to call with --export <name>',
    );
  });

  it.each([
    ['null', 'null'],
    ['[1]', 'an array'],
  ])('names what a non-handler default export is: %s', async (value, what) => {
    const dir = tempFiles({ 'value.mjs': `export default ${value};\n` });
    await expect(loadHandler('value.mjs', { cwd: dir })).rejects.toThrow(
      `export default of value.mjs is ${what}, neither a Lambda handler function nor an app`,
    );
  });
});

describe('main (the executable)', () => {
  interface FakeProcess extends CliProcess {
    out: string;
    err: string;
    exited: number | undefined;
    onExit: (() => void) | undefined;
  }

  function fakeProcess(argv: string[], cwd: () => string = () => ROOT): FakeProcess {
    const proc: FakeProcess = {
      argv: ['node', 'appsync-direct', ...argv],
      cwd,
      out: '',
      err: '',
      exited: undefined,
      onExit: undefined,
      stdout: {
        write(text: string, callback?: () => void) {
          proc.out += text;
          callback?.();
          return true;
        },
      },
      stderr: {
        write(text: string, callback?: () => void) {
          proc.err += text;
          callback?.();
          return true;
        },
      },
      exitCode: undefined,
      exit(code?: number) {
        proc.exited = code;
      },
      once(_event: 'exit', listener: () => void) {
        proc.onExit = listener;
      },
    };
    return proc;
  }

  it('runs the command with the arguments after the program, then exits with its code', async () => {
    const proc = fakeProcess(['--help']);
    await main(proc);
    expect(proc.out).toBe(USAGE);
    expect(proc.exitCode).toBe(0);
    expect(proc.exited).toBe(0);
    proc.onExit?.();
    expect(proc.err).toBe('');
    expect(proc.exitCode).toBe(0);
  });

  it('exits with 2 on bad usage', async () => {
    const proc = fakeProcess(['nope']);
    await main(proc);
    expect(proc.exited).toBe(2);
    expect(proc.err).toContain('unknown command "nope"');
  });

  it('says so when the process ends before the command settles', async () => {
    const proc = fakeProcess(['--version']);
    const running = main(proc);
    proc.onExit?.();
    expect(proc.err).toBe(
      'appsync-direct: the handler never settled: nothing was left to run while its promise was pending\n',
    );
    expect(proc.exitCode).toBe(1);
    await running;
  });

  it.each([
    [new Error('cwd is gone'), /^appsync-direct: unexpected failure: Error: cwd is gone\n\s+at /],
    ['cwd is gone', /^appsync-direct: unexpected failure: cwd is gone\n$/],
  ])('reports an unexpected failure with exit 1: %s', async (thrown, message) => {
    const proc = fakeProcess(['--version'], () => {
      throw thrown;
    });
    await main(proc);
    expect(proc.err).toMatch(message);
    expect(proc.exited).toBe(1);
  });
});
