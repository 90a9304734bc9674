// Each test cites the AWS AppSync JavaScript resolver reference: "Built-in utilities"
// (built-in-util-js), "Time helpers in util.time" (time-helpers-in-util-time-js, whose examples are
// those of the VTL page time-helpers-in-util-time), "Math helpers", "String helpers", "Runtime
// utilities" (runtime-utils-js) and "Extensions" (extensions-js).
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ksuid, ULID_ALPHABET, ulid } from '../../../src/engine/appsync-js/ids.js';
import {
  formatEpoch,
  parseIso8601,
  parseToEpoch,
  zoneOffsetMinutes,
} from '../../../src/engine/appsync-js/time.js';
import {
  AppSyncJsEarlyReturn,
  type AppSyncJsError,
  AppSyncJsStop,
  type AuthMode,
  createUtil,
  type ExtensionCall,
  strict,
} from '../../../src/engine/appsync-js/util.js';

function setup(authType: AuthMode = 'API_KEY', now?: () => number) {
  const errors: AppSyncJsError[] = [];
  const extensions: ExtensionCall[] = [];
  const module = createUtil({
    authType,
    parentTypeName: 'Query',
    fieldName: 'getPost',
    errors,
    extensions,
    ...(now ? { now } : {}),
  });
  return { ...module, errors, recorded: extensions };
}

const { util, runtime, extensions } = setup();

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  vi.useRealTimers();
});

describe('error utils', () => {
  it('util.error "Throws a custom error" with errorType, data and errorInfo, stopping the handler', () => {
    const error = thrown(() => util.error('boom', 'Custom', { a: 1 }, { b: 2 }));
    expect(error).toBeInstanceOf(AppSyncJsStop);
    expect((error as AppSyncJsStop).error).toEqual({
      message: 'boom',
      errorType: 'Custom',
      data: { a: 1 },
      errorInfo: { b: 2 },
    });
    expect((thrown(() => util.error('only')) as AppSyncJsStop).error).toEqual({ message: 'only' });
  });

  it('util.appendError "does not interrupt" evaluation: it records and returns', () => {
    const s = setup();
    expect(s.util.appendError('late', 'Warning', { x: 1 })).toBeUndefined();
    s.util.appendError('second');
    expect(s.errors).toEqual([
      { message: 'late', errorType: 'Warning', data: { x: 1 } },
      { message: 'second' },
    ]);
  });

  it('util.unauthorized "Throws Unauthorized for the field being resolved"', () => {
    const error = thrown(() => util.unauthorized()) as AppSyncJsStop;
    expect(error.error).toEqual({
      message: 'Not Authorized to access getPost on type Query',
      errorType: 'Unauthorized',
    });
    expect(error.message).toBe('Not Authorized to access getPost on type Query');
  });
});

describe('ID generation utils', () => {
  it('util.autoId "Returns a 128-bit randomly generated UUID"', () => {
    expect(util.autoId()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(util.autoId()).not.toBe(util.autoId());
  });

  it('util.autoUlid returns a ULID: 26 Crockford base32 characters, time first', () => {
    const s = setup('API_KEY', () => 1517943695749);
    const id = s.util.autoUlid();
    expect(id).toHaveLength(26);
    expect([...id].every((c) => ULID_ALPHABET.includes(c))).toBe(true);
    // The ULID spec's time part of 1469918176385 is 01ARYZ6S41.
    expect(ulid(1469918176385).slice(0, 10)).toBe('01ARYZ6S41');
  });

  it('ULIDs made in later milliseconds sort after earlier ones (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 2 }),
        fc.integer({ min: 1, max: 10_000 }),
        (t, dt) => {
          const a = ulid(t);
          const b = ulid(Math.min(t + dt, 2 ** 48 - 1));
          return a < b && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(a) && /^[0-9A-HJKMNP-TV-Z]{26}$/.test(b);
        },
      ),
    );
  });

  it('util.autoKsuid "Returns a 128-bit randomly generated KSUID … base62 encoded as a String with a length of 27"', () => {
    const s = setup('API_KEY', () => 1517943695749);
    expect(s.util.autoKsuid()).toMatch(/^[0-9A-Za-z]{27}$/);
    // Before the KSUID epoch the time part is clamped to zero.
    expect(ksuid(0)).toMatch(/^[0-9A-Za-z]{27}$/);
    // Later seconds give a greater (string-sortable) KSUID.
    expect(ksuid(2_000_000_000_000) > ksuid(1_500_000_000_000)).toBe(true);
  });
});

describe('encoding utils', () => {
  it('util.urlEncode "Returns the input string as an application/x-www-form-urlencoded encoded string"', () => {
    expect(util.urlEncode("a b&c=d/é*-._!'()~")).toBe('a+b%26c%3Dd%2F%C3%A9*-._%21%27%28%29%7E');
  });

  it('util.urlDecode "Decodes an application/x-www-form-urlencoded encoded string"', () => {
    expect(util.urlDecode('a+b%26c%3Dd%2F%C3%A9')).toBe('a b&c=d/é');
  });

  it('urlDecode(urlEncode(s)) is s (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => util.urlDecode(util.urlEncode(s)) === s),
    );
  });

  it('util.base64Encode / base64Decode, UTF-8 ("all utilities use the UTF-8 character set")', () => {
    expect(util.base64Encode('hello')).toBe('aGVsbG8=');
    expect(util.base64Encode('é')).toBe('w6k=');
    expect(util.base64Decode('w6k=')).toBe('é');
  });

  it('base64Decode(base64Encode(s)) is s (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }),
        (s) => util.base64Decode(util.base64Encode(s)) === s,
      ),
    );
  });

  it('util.escapeJavaScript "Returns the input string as a JavaScript escaped string"', () => {
    expect(util.escapeJavaScript(`He said "it's" a\\b/c\n\t\r\b\f\u0001\u007fé`)).toBe(
      'He said \\"it\\\'s\\" a\\\\b\\/c\\n\\t\\r\\b\\f\\u0001\u007f\\u00E9',
    );
  });
});

describe('type and pattern matching utils', () => {
  it('util.matches: "util.matches("a*b", "aaaaab")" is true; the whole string must match', () => {
    expect(util.matches('a*b', 'aaaaab')).toBe(true);
    expect(util.matches('a*b', 'aaaaabc')).toBe(false);
    expect(util.matches('a|b', 'b')).toBe(true);
  });

  it('util.typeOf: "Null, Number, String, Map, List, Boolean … If a type cannot be identified, the return type is Object"', () => {
    expect([null, undefined, 1, 's', true, [], {}, () => 1].map((v) => util.typeOf(v))).toEqual([
      'Null',
      'Null',
      'Number',
      'String',
      'Boolean',
      'List',
      'Map',
      'Object',
    ]);
  });

  it('util.isString / isNumber / isBoolean / isList / isMap', () => {
    expect([util.isString('a'), util.isString(1)]).toEqual([true, false]);
    expect([util.isNumber(1.5), util.isNumber('1')]).toEqual([true, false]);
    expect([util.isBoolean(false), util.isBoolean(0)]).toEqual([true, false]);
    expect([util.isList([1]), util.isList({})]).toEqual([true, false]);
    expect([util.isMap({}), util.isMap([]), util.isMap(null)]).toEqual([true, false, false]);
  });

  it('util.authType returns "API Key Authorization", "IAM Authorization", "User Pool Authorization", "Open ID Connect Authorization" or "Lambda Authorization"', () => {
    const modes: AuthMode[] = [
      'API_KEY',
      'AWS_IAM',
      'AMAZON_COGNITO_USER_POOLS',
      'OPENID_CONNECT',
      'AWS_LAMBDA',
    ];
    expect(modes.map((mode) => setup(mode).util.authType())).toEqual([
      'API Key Authorization',
      'IAM Authorization',
      'User Pool Authorization',
      'Open ID Connect Authorization',
      'Lambda Authorization',
    ]);
  });
});

describe('object utils', () => {
  it('util.isNull "Returns true if the supplied object is null"', () => {
    expect([util.isNull(null), util.isNull(undefined), util.isNull(0), util.isNull('')]).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('util.isNullOrEmpty "Returns true if the supplied data is null or an empty string"', () => {
    expect([util.isNullOrEmpty(null), util.isNullOrEmpty(''), util.isNullOrEmpty(' ')]).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('util.isNullOrBlank "Returns true if the supplied data is null or a blank string"', () => {
    expect([
      util.isNullOrBlank(null),
      util.isNullOrBlank(' \t'),
      util.isNullOrBlank('a'),
      util.isNullOrBlank(0),
    ]).toEqual([true, true, false, false]);
  });

  it('util.defaultIfNull / defaultIfNullOrEmpty / defaultIfNullOrBlank "Returns the first Object if it is not null. Otherwise, returns second"', () => {
    expect([util.defaultIfNull(null, 'd'), util.defaultIfNull(0, 1)]).toEqual(['d', 0]);
    expect([util.defaultIfNullOrEmpty('', 'd'), util.defaultIfNullOrEmpty(' ', 'd')]).toEqual([
      'd',
      ' ',
    ]);
    expect([util.defaultIfNullOrBlank(' ', 'd'), util.defaultIfNullOrBlank('x', 'd')]).toEqual([
      'd',
      'x',
    ]);
  });
});

describe('util.str', () => {
  it('toUpper / toLower "Takes a string and converts it to be entirely uppercase / lowercase"', () => {
    expect(util.str.toUpper('Hello')).toBe('HELLO');
    expect(util.str.toLower('Hello')).toBe('hello');
  });

  it('toReplace "Replaces a substring within a string with another string"', () => {
    expect(util.str.toReplace('a.b.c', '.', '-')).toBe('a-b-c');
  });

  it('normalize "using one of the four unicode normalization forms: NFC, NFD, NFKC, or NFKD"', () => {
    expect(util.str.normalize('e\u0301', 'nfc')).toBe('é');
    expect(util.str.normalize('é', 'NFD')).toBe('e\u0301');
    expect(() => util.str.normalize('x', 'NFX')).toThrow(/NFX/);
  });
});

describe('util.math', () => {
  it('roundNum "Takes a double and rounds it to the nearest integer"', () => {
    expect([util.math.roundNum(2.5), util.math.roundNum(-2.5), util.math.roundNum(2.4)]).toEqual([
      3, -2, 2,
    ]);
  });

  it('minVal / maxVal "returns the minimum / maximum value between the two doubles"', () => {
    expect(util.math.minVal(1.5, -2)).toBe(-2);
    expect(util.math.maxVal(1.5, -2)).toBe(1.5);
  });

  it('randomDouble "Returns a random double between 0 and 1"', () => {
    const value = util.math.randomDouble();
    expect(value).toBeGreaterThanOrEqual(0);
    expect(value).toBeLessThan(1);
  });

  it('randomWithinRange: "the first argument specifying the lower value … the second … the upper value"', () => {
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValueOnce(0).mockReturnValueOnce(0.999999);
    expect(util.math.randomWithinRange(3, 5)).toBe(3);
    expect(util.math.randomWithinRange(3, 5)).toBe(5);
    random.mockRestore();
  });
});

describe('util.time (examples of the time helpers reference)', () => {
  const at = Date.UTC(2018, 1, 6, 19, 1, 35, 749); // the examples' 2018-02-06T19:01:35.749Z

  it('nowISO8601 : 2018-02-06T19:01:35.749Z; nowEpochSeconds : 1517943695; nowEpochMilliSeconds', () => {
    vi.useFakeTimers({ now: at });
    const { util: u } = setup();
    expect(u.time.nowISO8601()).toBe('2018-02-06T19:01:35.749Z');
    expect(u.time.nowEpochSeconds()).toBe(1517943695);
    expect(u.time.nowEpochMilliSeconds()).toBe(1517943695749);
  });

  it('nowFormatted("yyyy-MM-dd HH:mm:ssZ"[, zone]) : 2018-02-06 19:01:35+0000, +08:00 and Australia/Perth : 2018-02-07 03:01:35+0800', () => {
    vi.useFakeTimers({ now: at });
    const { util: u } = setup();
    expect(u.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ')).toBe('2018-02-06 19:01:35+0000');
    expect(u.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', '+08:00')).toBe('2018-02-07 03:01:35+0800');
    expect(u.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Australia/Perth')).toBe(
      '2018-02-07 03:01:35+0800',
    );
    expect(u.time.nowFormatted('yyyy-MM-dd HH:mm:ssZ', 'Africa/Cairo')).toBe(
      '2018-02-06 21:01:35+0200',
    );
  });

  it('parseFormattedToEpochMilliSeconds("2018-02-01 17:21:05.000+0000", "yyyy-MM-dd HH:mm:ss.SSSZ") : 1517505665000', () => {
    expect(
      util.time.parseFormattedToEpochMilliSeconds(
        '2018-02-01 17:21:05.000+0000',
        'yyyy-MM-dd HH:mm:ss.SSSZ',
      ),
    ).toBe(1517505665000);
  });

  it('parseFormattedToEpochMilliSeconds("2018-02-02 01:19:22", "yyyy-MM-dd HH:mm:ss", "+08:00") : 1517505562000', () => {
    expect(
      util.time.parseFormattedToEpochMilliSeconds(
        '2018-02-02 01:19:22',
        'yyyy-MM-dd HH:mm:ss',
        '+08:00',
      ),
    ).toBe(1517505562000);
    expect(
      util.time.parseFormattedToEpochMilliSeconds(
        '2018-02-02 01:19:22',
        'yyyy-MM-dd HH:mm:ss',
        'Australia/Perth',
      ),
    ).toBe(1517505562000);
  });

  it('parseISO8601ToEpochMilliSeconds("2018-02-01T17:21:05.000+08:00") : 1517476865000', () => {
    expect(util.time.parseISO8601ToEpochMilliSeconds('2018-02-01T17:21:05.000+08:00')).toBe(
      1517476865000,
    );
  });

  it('epochMilliSecondsToSeconds(1517943695758) : 1517943695', () => {
    expect(util.time.epochMilliSecondsToSeconds(1517943695758)).toBe(1517943695);
  });

  it('epochMilliSecondsToISO8601(1517943695758) : 2018-02-06T19:01:35.758Z', () => {
    expect(util.time.epochMilliSecondsToISO8601(1517943695758)).toBe('2018-02-06T19:01:35.758Z');
  });

  it('epochMilliSecondsToFormatted(1517943695758, "yyyy-MM-dd HH:mm:ssZ"[, "+08:00"]) : 2018-02-06 19:01:35+0000 / 2018-02-07 03:01:35+0800', () => {
    expect(util.time.epochMilliSecondsToFormatted(1517943695758, 'yyyy-MM-dd HH:mm:ssZ')).toBe(
      '2018-02-06 19:01:35+0000',
    );
    expect(
      util.time.epochMilliSecondsToFormatted(1517943695758, 'yyyy-MM-dd HH:mm:ssZ', '+08:00'),
    ).toBe('2018-02-07 03:01:35+0800');
  });
});

describe('DateTimeFormatter subset (time.ts)', () => {
  const t = Date.UTC(2018, 1, 6, 7, 1, 5, 40); // Tuesday 2018-02-06T07:01:05.040Z

  it('formats every supported letter', () => {
    expect(
      formatEpoch(
        t,
        "yy y M MM MMM MMMM d dd H HH h hh a m mm s ss S SS SSS E EEE EEEE 'T' '' 'it''s'",
      ),
    ).toBe(
      "18 2018 2 02 Feb February 6 06 7 07 7 07 AM 1 01 5 05 0 04 040 Tue Tue Tuesday T ' it's",
    );
    expect(formatEpoch(Date.UTC(2018, 1, 6, 0), 'h a')).toBe('12 AM');
    expect(formatEpoch(Date.UTC(2018, 1, 6, 13), 'hh a uuuu')).toBe('01 PM 2018');
  });

  it('formats offsets as Java does: Z +HHMM, X Z-for-zero, x never Z', () => {
    expect(formatEpoch(t, 'Z X XX XXX x xx xxx')).toBe('+0000 Z Z Z +00 +0000 +00:00');
    expect(formatEpoch(t, 'Z X XX XXX xxx', '-05:30')).toBe('-0530 -0530 -0530 -05:30 -05:30');
    expect(formatEpoch(t, 'X', 'UTC+8')).toBe('+08');
    expect(formatEpoch(t, 'XXX', 'GMT')).toBe('Z');
  });

  it('throws a clear error for unsupported letters, unterminated quotes and unknown zones', () => {
    expect(() => formatEpoch(t, 'yyyy-MM-dd G')).toThrow(/pattern letter 'G'.*not supported/);
    expect(() => formatEpoch(t, "yyyy 'T")).toThrow(/unterminated quoted literal/);
    expect(() => formatEpoch(t, 'yyyy', 'Mars/Olympus')).toThrow(
      /unknown time zone "Mars\/Olympus"/,
    );
  });

  it('computes IANA offsets with Intl, daylight saving included', () => {
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2018, 0, 1))).toBe(-300);
    expect(zoneOffsetMinutes('America/New_York', Date.UTC(2018, 6, 1, 0, 0, 0, 500))).toBe(-240);
    expect(zoneOffsetMinutes('Z', 0)).toBe(0);
  });

  it('parses what it formats: month names, 12-hour clock, two-digit years, fractions and offsets', () => {
    expect(parseToEpoch('06 Feb 18 07:01:05.04 PM Tue', 'dd MMM yy hh:mm:ss.SS a EEE')).toBe(
      Date.UTC(2018, 1, 6, 19, 1, 5, 40),
    );
    expect(parseToEpoch('2018-02-06T12:00:00Z', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(
      Date.UTC(2018, 1, 6, 12),
    );
    expect(parseToEpoch('2018-02-06T12:00:00+05:30', "uuuu-M-d'T'H:m:sxxx")).toBe(
      Date.UTC(2018, 1, 6, 6, 30),
    );
    expect(parseToEpoch('2018-02-06 12:00 AM', 'yyyy-MM-dd hh:mm a')).toBe(Date.UTC(2018, 1, 6, 0));
    expect(parseToEpoch('2018-02-06', 'yyyy-MM-dd')).toBe(Date.UTC(2018, 1, 6));
    expect(parseToEpoch('2018-07-01 12:00', 'yyyy-MM-dd HH:mm', 'America/New_York')).toBe(
      Date.UTC(2018, 6, 1, 16),
    );
  });

  it('refuses text that does not match, and unknown month names', () => {
    expect(() => parseToEpoch('2018/02/06', 'yyyy-MM-dd')).toThrow(/does not match the pattern/);
    expect(() => parseToEpoch('06 Foo 2018', 'dd MMM yyyy')).toThrow(/"Foo" is not a month name/);
  });

  it('parses ISO 8601 dates, times without seconds, commas and missing offsets (UTC)', () => {
    expect(parseIso8601('2018-02-06')).toBe(Date.UTC(2018, 1, 6));
    expect(parseIso8601('2018-02-06T10:20')).toBe(Date.UTC(2018, 1, 6, 10, 20));
    expect(parseIso8601('2018-02-06T10:20:30,5Z')).toBe(Date.UTC(2018, 1, 6, 10, 20, 30, 500));
    expect(parseIso8601('2018-02-06T10:20:30-0100')).toBe(Date.UTC(2018, 1, 6, 11, 20, 30));
    expect(() => parseIso8601('yesterday')).toThrow(/not an ISO 8601 timestamp/);
  });
});

describe('runtime and extensions', () => {
  it("runtime.earlyReturn(obj?, returnOptions?: {skipTo: 'END' | 'NEXT'}) \"will halt the execution … The specified object is returned as the result\"", () => {
    const error = thrown(() => runtime.earlyReturn({ hello: 'world' }));
    expect(error).toBeInstanceOf(AppSyncJsEarlyReturn);
    expect(error).toMatchObject({ value: { hello: 'world' }, skipTo: undefined });
    expect(thrown(() => runtime.earlyReturn())).toMatchObject({ value: undefined });
    expect(thrown(() => runtime.earlyReturn(1, { skipTo: 'END' }))).toMatchObject({
      value: 1,
      skipTo: 'END',
    });
    expect(thrown(() => runtime.earlyReturn(2, { skipTo: 'NEXT' }))).toMatchObject({
      value: 2,
      skipTo: 'NEXT',
    });
    expect(thrown(() => runtime.earlyReturn(3, {}))).toMatchObject({ value: 3, skipTo: undefined });
    const bad = thrown(() => runtime.earlyReturn(4, { skipTo: 'LATER' as 'END' }));
    expect(bad).not.toBeInstanceOf(AppSyncJsEarlyReturn);
    expect(bad).toHaveProperty(
      'message',
      `runtime.earlyReturn: skipTo must be 'END' or 'NEXT', got "LATER"`,
    );
  });

  it('extensions.* calls are recorded in order, with their arguments', () => {
    const s = setup();
    s.extensions.evictFromApiCache('Query', 'getPost', { 'context.arguments.id': '1' });
    s.extensions.setSubscriptionFilter({ filterGroup: [] });
    s.extensions.setSubscriptionInvalidationFilter({ filterGroup: [] });
    s.extensions.invalidateSubscriptions({ subscriptionField: 'onPost', payload: {} });
    expect(s.recorded.map((call) => call.name)).toEqual([
      'evictFromApiCache',
      'setSubscriptionFilter',
      'setSubscriptionInvalidationFilter',
      'invalidateSubscriptions',
    ]);
    expect(s.recorded[0]?.args).toEqual(['Query', 'getPost', { 'context.arguments.id': '1' }]);
    expect(extensions).not.toBe(s.extensions);
  });
});

describe('anything not implemented fails loudly, naming the function', () => {
  const read = (object: object, key: string): unknown => (object as Record<string, unknown>)[key];

  it.each([
    { object: util, path: 'util', key: 'nope' },
    { object: util.transform, path: 'util.transform', key: 'toDynamoDBFilterExpression' },
    { object: util.transform, path: 'util.transform', key: 'toSubscriptionFilter' },
    { object: util.dynamodb, path: 'util.dynamodb', key: 'toMapValues' },
    { object: util.rds, path: 'util.rds', key: 'toJsonObject' },
    { object: util.http, path: 'util.http', key: 'copyHeaders' },
    { object: util.xml, path: 'util.xml', key: 'toMap' },
    { object: util.time, path: 'util.time', key: 'nowFormattedLocal' },
    { object: util.str, path: 'util.str', key: 'trim' },
    { object: util.math, path: 'util.math', key: 'abs' },
    { object: runtime, path: 'runtime', key: 'exit' },
    { object: extensions, path: 'extensions', key: 'publish' },
  ])('$path.$key throws', ({ object, path, key }) => {
    expect(() => read(object, key)).toThrow(
      `${path}.${key} is not implemented by the local AppSync`,
    );
  });

  it('symbols and implemented names read normally; the objects are frozen', () => {
    expect(typeof util.autoId).toBe('function');
    expect((util as unknown as Record<symbol, unknown>)[Symbol.iterator]).toBeUndefined();
    expect(Object.isFrozen(util)).toBe(true);
    expect(strict('x', { a: [1], b: null }).a).toEqual([1]);
  });
});
