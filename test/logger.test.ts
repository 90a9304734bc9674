import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppSyncError, createResolver, jsonLogger } from '../src/index.js';
import { formatLine } from '../src/logger.js';
import { event, lambda } from './helpers.js';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('jsonLogger', () => {
  it('writes one JSON line per warning and error, and nothing below', () => {
    const lines: string[] = [];
    const logger = jsonLogger((line) => lines.push(line));
    logger.debug('d', { a: 1 });
    logger.info('i');
    logger.warn('careful', { field: 'Query.a' });
    logger.error('broken', { field: 'Query.b', index: 3 });
    expect(lines).toHaveLength(2);
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      { level: 'WARN', message: 'careful', timestamp: expect.any(String), field: 'Query.a' },
      {
        level: 'ERROR',
        message: 'broken',
        timestamp: expect.any(String),
        field: 'Query.b',
        index: 3,
      },
    ]);
  });

  it('serialises errors with name, message, stack, cause and own fields', () => {
    const cause = new Error('root cause');
    const error = Object.assign(new Error('top', { cause }), { code: 'E_DB' });
    const record = JSON.parse(formatLine('ERROR', 'failed', { error }));
    expect(record.error).toEqual({
      code: 'E_DB',
      name: 'Error',
      message: 'top',
      stack: error.stack,
      cause: { name: 'Error', message: 'root cause', stack: cause.stack },
    });
  });

  it('writes cycles as "[Circular]" and keeps the rest, errors included', () => {
    const error = Object.assign(new Error('db down'), {
      request: { socket: {} as Record<string, unknown> },
    });
    error.request.socket.owner = error.request;
    const shared = { x: 1 };
    const line = formatLine('ERROR', 'failed', { field: 'Query.a', error, a: shared, b: [shared] });
    const record = JSON.parse(line);
    expect(record).toMatchObject({
      field: 'Query.a',
      error: { name: 'Error', message: 'db down', request: { socket: { owner: '[Circular]' } } },
      a: { x: 1 },
      b: [{ x: 1 }],
    });
    expect(record.error.stack).toContain('db down');
  });

  it('replaces only the attribute that cannot be written', () => {
    const unreadable = new Error('x');
    Object.defineProperty(unreadable, 'name', {
      get() {
        throw new Error('getter');
      },
    });
    const line = formatLine('ERROR', 'm', {
      field: 'Query.b',
      index: 2,
      error: unreadable,
      n: 10n,
    });
    expect(JSON.parse(line)).toEqual({
      level: 'ERROR',
      message: 'm',
      timestamp: expect.any(String),
      field: 'Query.b',
      index: 2,
      error: '[unserialisable]',
      n: '10',
    });
  });

  it('writes to stdout by default, the full error of an unexpected failure', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const app = createResolver().resolver('Query.a', () => {
      throw new Error('db down');
    });
    await app.resolve(event('Query.a'), lambda).catch(() => undefined);
    expect(write).toHaveBeenCalledTimes(1);
    const line = String(write.mock.calls[0]?.[0]);
    expect(line.endsWith('\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({
      level: 'ERROR',
      field: 'Query.a',
      requestId: 'req-0001',
      errorType: 'InternalError',
      error: { name: 'Error', message: 'db down', stack: expect.stringContaining('db down') },
    });
  });

  it('writes nothing by default on success or for an expected AppSyncError', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const app = createResolver()
      .resolver('Query.ok', () => 1)
      .resolver('Query.expected', () => {
        throw new AppSyncError('expected failure');
      });
    await app.resolve(event('Query.ok'), lambda);
    await app.resolve(event('Query.expected'), lambda).catch(() => undefined);
    await app.resolve([event('Query.ok'), event('Query.expected')], lambda);
    expect(write).not.toHaveBeenCalled();
  });

  it('falls back to console.log where there is no process.stdout', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const original = globalThis.process;
    vi.stubGlobal('process', undefined);
    try {
      jsonLogger().error('no stdout here');
    } finally {
      vi.stubGlobal('process', original);
      vi.unstubAllGlobals();
    }
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({ message: 'no stdout here' });
  });
});
