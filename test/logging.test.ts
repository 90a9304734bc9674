/**
 * What the dispatcher logs, and what it never logs. Logging is the feature under test here, so
 * these tests read log records, as structured attributes (never by matching message text).
 */
import { Logger as PowertoolsLogger } from '@aws-lambda-powertools/logger';
import { AppSyncError, createResolver, jsonLogger, type Logger } from 'appsync-direct';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { event, lambda, recordingLogger } from './helpers.js';

class NotFoundError extends AppSyncError {
  static readonly errorName = 'NotFoundError';
}

const SECRET_HEADER = 'Bearer eyJhbGciOiJIUzI1NiJ9.secret-token';
const SECRET_CLAIM = 'claim-secret-5b8f';
const SECRET_ARG = 'arg-secret-9c1d';

/** A request carrying secrets in the three places logs must not show by default. */
function secretEvent(key: string) {
  return event(
    key,
    { password: SECRET_ARG },
    {
      identity: {
        sub: 's',
        issuer: 'https://cognito-idp.example/pool',
        username: 'jdoe',
        claims: { email: SECRET_CLAIM },
        sourceIp: ['203.0.113.1'],
        defaultAuthStrategy: 'ALLOW',
        groups: null,
      },
      request: {
        headers: { authorization: SECRET_HEADER, 'x-api-key': SECRET_HEADER },
        domainName: null,
      },
    },
  );
}

function appWith(logger: Logger, options: Parameters<typeof createResolver>[0] = {}) {
  return createResolver({ logger, ...options })
    .resolver('Query.ok', () => 'ok')
    .resolver('Query.missing', () => {
      throw new NotFoundError('no such post');
    })
    .resolver('Query.broken', () => {
      throw new TypeError('db is down');
    });
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('log levels', () => {
  it('logs unexpected errors at ERROR with the request id, field, batch index and errorType', async () => {
    const logger = recordingLogger();
    await appWith(logger).resolve([event('Query.ok'), event('Query.broken')], lambda);
    expect(logger.calls).toHaveLength(1);
    expect(logger.calls[0]?.level).toBe('error');
    expect(logger.calls[0]?.attributes).toMatchObject({
      field: 'Query.broken',
      index: 1,
      requestId: 'req-0001',
      errorType: 'InternalError',
      error: expect.any(TypeError),
    });
  });

  it('logs a field that failed on purpose at INFO, without the error itself', async () => {
    const logger = recordingLogger();
    await appWith(logger, { logLevel: 'INFO' }).resolve([event('Query.missing')], lambda);
    expect(logger.calls).toStrictEqual([
      {
        level: 'info',
        message: 'Field failed in Query.missing',
        attributes: {
          field: 'Query.missing',
          index: 0,
          requestId: 'req-0001',
          errorType: 'NotFoundError',
        },
      },
    ]);
  });

  it('logs one DEBUG line per answered request', async () => {
    const logger = recordingLogger();
    const app = appWith(logger, { logLevel: 'debug' });
    await app.resolve([event('Query.ok'), event('Query.missing'), event('Query.ok')], lambda);
    await app.resolve(event('Query.ok'), lambda);
    await app.resolve(event('Query.missing'), lambda).catch(() => {});
    const debug = logger.calls.filter((call) => call.level === 'debug');
    expect(debug.map((call) => call.attributes)).toStrictEqual([
      {
        requestId: 'req-0001',
        items: 3,
        fields: { 'Query.ok': 2, 'Query.missing': 1 },
        failed: 1,
        durationMs: expect.any(Number),
      },
      { field: 'Query.ok', requestId: 'req-0001', durationMs: expect.any(Number) },
      {
        field: 'Query.missing',
        requestId: 'req-0001',
        durationMs: expect.any(Number),
        errorType: 'NotFoundError',
      },
    ]);
  });

  it('takes the level from AWS_LAMBDA_LOG_LEVEL, TRACE as DEBUG and FATAL as ERROR', async () => {
    const cases: [string, string[]][] = [
      ['TRACE', ['info', 'debug']],
      ['info', ['info']],
      ['WARN', []],
      ['FATAL', []],
      ['nonsense', []],
    ];
    for (const [env, levels] of cases) {
      vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', env);
      const logger = recordingLogger();
      await appWith(logger).resolve([event('Query.missing')], lambda);
      expect(logger.calls.map((call) => call.level)).toStrictEqual(levels);
    }
  });

  it('gives the option precedence over the environment', async () => {
    vi.stubEnv('AWS_LAMBDA_LOG_LEVEL', 'DEBUG');
    const logger = recordingLogger();
    await appWith(logger, { logLevel: 'ERROR' }).resolve([event('Query.missing')], lambda);
    expect(logger.calls).toStrictEqual([]);
  });

  it('rejects a log level that does not exist', () => {
    expect(() => createResolver({ logLevel: 'VERBOSE' as 'DEBUG' })).toThrow(
      'createResolver: logLevel must be one of DEBUG, INFO, WARN, ERROR; received "VERBOSE".',
    );
    expect(() => jsonLogger({ level: 3 as unknown as 'DEBUG' })).toThrow(
      'jsonLogger: logLevel must be one of DEBUG, INFO, WARN, ERROR; received number.',
    );
  });

  it('writes the default logger at the app level, one JSON line per record', async () => {
    const lines: string[] = [];
    const logger = jsonLogger({ level: 'INFO', write: (line) => lines.push(line) });
    await appWith(logger, { logLevel: 'INFO' }).resolve([event('Query.missing')], lambda);
    expect(lines.map((line) => JSON.parse(line))).toStrictEqual([
      {
        level: 'INFO',
        message: 'Field failed in Query.missing',
        timestamp: expect.any(String),
        field: 'Query.missing',
        index: 0,
        requestId: 'req-0001',
        errorType: 'NotFoundError',
      },
    ]);
  });
});

describe('what is never logged by default', () => {
  it('leaves out authorization and x-api-key headers, JWT claims and argument values', async () => {
    const lines: string[] = [];
    const logger = jsonLogger({ level: 'DEBUG', write: (line) => lines.push(line) });
    const app = appWith(logger, { logLevel: 'DEBUG' });
    for (const key of ['Query.ok', 'Query.missing', 'Query.broken']) {
      await app.resolve([secretEvent(key)], lambda);
      await app.resolve(secretEvent(key), lambda).catch(() => {});
    }
    expect(lines.length).toBeGreaterThanOrEqual(8);
    const all = lines.join('\n');
    for (const secret of [SECRET_HEADER, SECRET_CLAIM, SECRET_ARG])
      expect(all).not.toContain(secret);
  });

  it('adds the arguments to failure lines with logArguments: true, and still no headers or claims', async () => {
    const logger = recordingLogger();
    const app = appWith(logger, { logLevel: 'INFO', logArguments: true });
    await app.resolve([secretEvent('Query.missing'), secretEvent('Query.broken')], lambda);
    expect(logger.calls.map((call) => call.attributes?.arguments)).toStrictEqual([
      { password: SECRET_ARG },
      { password: SECRET_ARG },
    ]);
    const all = JSON.stringify(logger.calls.map((call) => call.attributes?.arguments));
    expect(all).not.toContain(SECRET_HEADER);
    expect(all).not.toContain(SECRET_CLAIM);
  });
});

describe('a Powertools Logger', () => {
  it('is accepted as it is, and receives the same structured attributes', async () => {
    const lines: string[] = [];
    const capture = (chunk: unknown): boolean => {
      lines.push(String(chunk));
      return true;
    };
    // Powertools writes ERROR records to stderr and the others to stdout.
    const spies = [
      vi.spyOn(process.stdout, 'write').mockImplementation(capture),
      vi.spyOn(process.stderr, 'write').mockImplementation(capture),
    ];
    try {
      const logger = new PowertoolsLogger({ serviceName: 'blog', logLevel: 'INFO' });
      const app = createResolver({ logger, logLevel: 'INFO' })
        .resolver('Query.missing', () => {
          throw new NotFoundError('no such post');
        })
        .resolver('Query.broken', () => {
          throw new TypeError('db is down');
        });
      await app.resolve([event('Query.missing'), event('Query.broken')], lambda);
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({
      level: 'INFO',
      service: 'blog',
      field: 'Query.missing',
      index: 0,
      requestId: 'req-0001',
      errorType: 'NotFoundError',
    });
    expect(records[1]).toMatchObject({
      level: 'ERROR',
      field: 'Query.broken',
      index: 1,
      errorType: 'InternalError',
      error: { name: 'TypeError', message: 'db is down' },
    });
  });
});

describe('the DEBUG line of a hostile event', () => {
  it('never changes the answer, even when reading the event again throws', async () => {
    let reads = 0;
    const base = event('Query.ok');
    const hostile = new Proxy(base, {
      get(target, key, receiver) {
        if (key === 'info' && ++reads > 1) throw new Error('secret second read');
        return Reflect.get(target, key, receiver);
      },
    });
    const logger = recordingLogger();
    expect(await appWith(logger, { logLevel: 'DEBUG' }).resolve(hostile, lambda)).toBe('ok');
    expect(logger.calls.at(-1)?.attributes).toStrictEqual({
      requestId: 'req-0001',
      durationMs: expect.any(Number),
    });
  });
});
