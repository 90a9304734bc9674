import { isIP } from 'node:net';

import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ValidationError } from '../src/errors/framework-errors.js';
import {
  AWSDate,
  AWSDateTime,
  AWSEmail,
  AWSIPAddress,
  AWSJSON,
  AWSPhone,
  AWSTime,
  AWSTimestamp,
  AWSURL,
  makeId,
} from '../src/scalars.js';
import { neutralBundle } from './bundle-graph.js';

const DAY = 86_400_000;
const SCALARS = {
  AWSDate,
  AWSTime,
  AWSDateTime,
  AWSTimestamp,
  AWSEmail,
  AWSURL,
  AWSPhone,
  AWSIPAddress,
  AWSJSON,
};

const CASES: Record<keyof typeof SCALARS, { valid: unknown[]; invalid: unknown[] }> = {
  AWSDate: {
    valid: [
      '1970-01-01',
      '2024-02-29',
      '2000-02-29',
      '1970-01-01Z',
      '1970-01-01+05:30',
      '1970-01-01-07:00',
      '1970-01-01+14:00',
      '1970-01-01-14:00',
      '1970-01-01+05:30:15',
      '2026-12-31-23:59:59',
      '-2017-01-01',
      '-0001-12-31',
      '0000-02-29',
      '10000-01-01',
    ],
    invalid: [
      '2023-02-29',
      '1900-02-29',
      '2026-02-30',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
      '2026-01-32',
      '2026-1-01',
      '26-01-01',
      '+2026-01-01',
      '2026-01-01T00:00Z',
      '2026-01-01+24:00',
      '2026-01-01+05:60',
      '2026-01-01+5:30',
      '2026-01-01+05',
      '2026-01-01z',
      ' 2026-01-01',
      '2026-01-01\n',
      '',
      20260101,
      null,
      undefined,
      new Date(0),
    ],
  },
  AWSTime: {
    valid: [
      '00:00',
      '23:59',
      '12:30Z',
      '12:30:24',
      '12:30:24.5',
      '12:30:24.123456789',
      '12:30:24-07:00',
      '12:30:24.500+05:30',
      '12:30+14:00',
      '12:30-14:00:30',
      '23:59:59.999Z',
    ],
    invalid: [
      '24:00',
      '24:00:00',
      '12:60',
      '12:30:60',
      '12:30:24.',
      '12:30:24.1234567890',
      '12:30:24,5',
      '12',
      '1230',
      '12:30.5',
      '12:30+25:00',
      '12:30+05:60',
      'T12:30',
      '',
      1230,
    ],
  },
  AWSDateTime: {
    valid: [
      '1970-01-01T12:00Z',
      '1970-01-01T12:00:00Z',
      '1970-01-01T12:00:00.2Z',
      '1970-01-01T12:00:00.277Z',
      '1970-01-01T12:00:00.123456789Z',
      '2024-02-29T23:59:59.999-14:00',
      '2026-01-15T10:30:00+14:00',
      '2026-01-15T10:30:00+05:30',
      '2026-01-15T10:30:00-07:00:30',
      '-2017-01-01T00:00Z',
      '-9999-01-01T00:00Z',
    ],
    invalid: [
      '1970-01-01T12:00:00',
      '1970-01-01',
      '2026-02-30T00:00Z',
      '2023-02-29T00:00Z',
      '1970-01-01 12:00Z',
      '1970-01-01t12:00Z',
      '1970-01-01T12Z',
      '1970-01-01T24:00Z',
      '1970-01-01T12:00:00.Z',
      '1970-01-01T12:00:00.1234567890Z',
      '1970-01-01T12:00:00+24:00',
      '1970-01-01T12:00:00+0530',
      null,
      0,
    ],
  },
  AWSTimestamp: {
    valid: [0, 1, -1, 1768473000, 2 ** 40, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER],
    invalid: [
      1.5,
      -0.1,
      2 ** 53,
      -(2 ** 53),
      2 ** 60,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      '1768473000',
      1768473000n,
      null,
      new Date(0),
    ],
  },
  AWSEmail: {
    valid: [
      'username@example.com',
      'first.last@example.com',
      'first.last+tag@sub.example.co.uk',
      "o'hara@example.ie",
      'x_y-z@ex-ample.com',
      'user@localhost',
      '1@1.1',
    ],
    invalid: [
      'username',
      '@example.com',
      'a@',
      'a b@example.com',
      'a..b@example.com',
      '.a@example.com',
      'a.@example.com',
      'a@-x.com',
      'a@x-.com',
      'a@x..com',
      'a@example.com.',
      'a@b@example.com',
      '"quoted"@example.com',
      'ü@example.com',
      `a@${'x'.repeat(64)}.com`,
      42,
    ],
  },
  AWSURL: {
    valid: [
      'https://www.amazon.com/',
      'http://localhost/',
      'https://www.amazon.com/dp/B000NZW3KC/',
      'mailto:example@example.com',
      'ftp://ftp.example.com/file.txt',
      'https://example.com:8443/a/b?q=1',
      'https://example.com/path?next=//x',
      'https://example.com/#//fragment',
      'urn:isbn:0451450523',
    ],
    invalid: [
      'amazon.com',
      'www.amazon.com',
      '/path',
      'https://example.com/a//b',
      'https://example.com//',
      'http://',
      'not a url',
      '1http://example.com/',
      'https://example.com/a b',
      'https://exa\tmple.com/',
      'https://example.com/\n',
      ' https://example.com/',
      '',
      { href: 'https://example.com/' },
    ],
  },
  AWSPhone: {
    valid: [
      '12345',
      '123456789012345',
      '+123456789012345',
      '+1 206-555-0100',
      '206-555-0100',
      '(206) 555 0100',
      '+44 20 7946 0958',
      '2065550100',
    ],
    invalid: [
      '1234',
      '+1234',
      '1234567890123456',
      '+1 234 567 890 123 456',
      'phone',
      '+1--206-555-0100',
      '+1  206 555 0100',
      '555-CALL-NOW',
      '206.555.0100',
      '(12345) 555 0100',
      '206-555-0100-',
      ' 2065550100',
      '2065550100 ',
      '',
      2065550100,
    ],
  },
  AWSIPAddress: {
    valid: [
      '123.12.34.56',
      '0.0.0.0',
      '255.255.255.255',
      '1a2b:3c4b::1234:4567',
      'FE80::1',
      '::',
      '::1',
      '::ffff:1.2.3.4',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:1.2.3.4',
      '123.45.67.89/16',
      '10.0.0.0/0',
      '10.0.0.0/32',
      '2001:db8::/32',
      '::/0',
      '::1/128',
    ],
    invalid: [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.04',
      '0x7f.0.0.1',
      '1.2.3.4/33',
      '::1/129',
      '1.2.3.4/',
      '1.2.3.4/-1',
      '1.2.3.4/8/8',
      '1.2.3.4/ 8',
      'fe80::1%eth0',
      '::ffff:1.2.3.4%0',
      '1::2::3',
      ':::',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7:1.2.3.4',
      '1.2.3.4::',
      '00000::1',
      'localhost',
      ' 1.2.3.4',
      '1.2.3.4 ',
      '',
      7,
    ],
  },
  AWSJSON: {
    valid: ['{}', '[]', '{"upvotes": 10}', '[1,2,3]', '"a string"', 'true', 'null', '1', ' 1 '],
    invalid: [
      '',
      '{a: 1}',
      "{'a': 1}",
      'Unquoted string',
      'undefined',
      'NaN',
      '{"a":1,}',
      { a: 1 },
      [1],
      1,
      null,
    ],
  },
};

describe.each(Object.keys(CASES) as (keyof typeof SCALARS)[])('%s', (name) => {
  const scalar = SCALARS[name];
  const { valid, invalid } = CASES[name];

  it.each(valid.map((value) => [value]))('accepts %o', (value) => {
    expect(scalar.is(value)).toBe(true);
    expect(scalar.check(value)).toBe(value);
  });

  it.each(invalid.map((value) => [value]))('rejects %o', (value) => {
    expect(scalar.is(value)).toBe(false);
    expect(() => scalar.check(value, 'input.field')).toThrow(ValidationError);
    expect(() => scalar.check(value)).toThrow(` is not a valid ${name}: expected `);
  });

  it('checks with `is` detached from its object', () => {
    const { is } = scalar;
    expect([...valid, ...invalid].filter((value) => is(value))).toEqual(valid);
  });
});

describe('a failed check', () => {
  it('is a ValidationError with the path in its message and its issue', () => {
    const error = catchError(() => AWSDate.check('2026-13-01', 'input.birthday'));
    const issue =
      '"2026-13-01" is not a valid AWSDate: expected an extended ISO 8601 date YYYY-MM-DD, with an optional time zone offset (Z or ±hh:mm[:ss]).';
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({
      name: 'ValidationError',
      errorType: 'ValidationError',
      message: `input.birthday: ${issue}`,
      issues: [{ message: issue, path: ['input', 'birthday'] }],
    });
    expect((error as ValidationError).toJSON()).toEqual({
      errorType: 'ValidationError',
      errorMessage: `input.birthday: ${issue}`,
    });
  });

  it('without a path, has the issue alone, at the root', () => {
    for (const path of [undefined, '']) {
      expect(catchError(() => AWSEmail.check('nobody', path))).toMatchObject({
        message:
          '"nobody" is not a valid AWSEmail: expected an email address local-part@domain-part (RFC 822).',
        issues: [{ path: [] }],
      });
    }
  });

  it('says what arrived by type and shape when it is not a string, never its contents', () => {
    const error = catchError(() => AWSEmail.check({ password: 'hunter2' }, 'user'));
    expect(error.message).toBe(
      'user: an object with keys [password] is not a valid AWSEmail: expected a string holding an email address local-part@domain-part (RFC 822).',
    );
    expect(error.message).not.toContain('hunter2');
    expect(catchError(() => AWSDate.check(20260101)).message).toBe(
      'an integer is not a valid AWSDate: expected a string holding an extended ISO 8601 date YYYY-MM-DD, with an optional time zone offset (Z or ±hh:mm[:ss]).',
    );
    expect(catchError(() => AWSJSON.check(['x'])).message).toBe(
      'an array of 1 item is not a valid AWSJSON: expected a string holding JSON text (RFC 8259).',
    );
    expect(catchError(() => AWSURL.check(null)).message).toMatch(/^null is not a valid AWSURL/);
  });

  it('names the kind of number an AWSTimestamp is not', () => {
    const rule =
      'is not a valid AWSTimestamp: expected a safe integer number of seconds before or after 1970-01-01T00:00Z.';
    expect(catchError(() => AWSTimestamp.check(1.5)).message).toBe(`a fractional number ${rule}`);
    expect(catchError(() => AWSTimestamp.check(2 ** 53)).message).toBe(
      `an integer beyond ±(2^53 − 1) ${rule}`,
    );
    expect(catchError(() => AWSTimestamp.check(Number.NaN)).message).toBe(`NaN ${rule}`);
    expect(catchError(() => AWSTimestamp.check(-Infinity)).message).toBe(`-Infinity ${rule}`);
    expect(catchError(() => AWSTimestamp.check('1768473000', 'at')).message).toBe(
      `at: "1768473000" ${rule}`,
    );
    expect(catchError(() => AWSTimestamp.check(1n)).message).toBe(`a bigint ${rule}`);
  });

  it('shows at most 100 characters of a string, and never half a surrogate pair', () => {
    const long = `${'x'.repeat(100)}${'y'.repeat(4900)}`;
    const message = catchError(() => AWSPhone.check(long)).message;
    expect(message).toBe(
      `"${'x'.repeat(100)}"… (a string of length 5000) is not a valid AWSPhone: expected a phone number of 5 to 15 digits, optionally starting with +country, in groups separated by spaces or hyphens.`,
    );
    const emoji = `${'a'.repeat(99)}😀${'b'.repeat(10)}`;
    expect(catchError(() => AWSPhone.check(emoji)).message).toMatch(
      /^"a{99}"… \(a string of length 111\) is not/,
    );
    const exact = 'z'.repeat(100);
    expect(catchError(() => AWSPhone.check(exact)).message).toMatch(/^"z{100}" is not/);
  });
});

describe('the makers', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('write a Date or epoch milliseconds in UTC', () => {
    const at = new Date('2026-01-15T22:30:05.007Z');
    expect(AWSDate.from(at)).toBe('2026-01-15');
    expect(AWSTime.from(at)).toBe('22:30:05.007Z');
    expect(AWSDateTime.from(at)).toBe('2026-01-15T22:30:05.007Z');
    expect(AWSTimestamp.from(at)).toBe(1768516205);
    expect(AWSDate.from(at.getTime())).toBe('2026-01-15');
    expect(AWSDate.from(Date.UTC(2024, 1, 29, 23, 59))).toBe('2024-02-29');
    expect(AWSDateTime.from(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('default to now', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2026-01-15T10:30:00.250Z'));
    expect(AWSDate.from()).toBe('2026-01-15');
    expect(AWSTime.from()).toBe('10:30:00.250Z');
    expect(AWSDateTime.from()).toBe('2026-01-15T10:30:00.250Z');
    expect(AWSTimestamp.from()).toBe(1768473000);
  });

  it('round AWSTimestamp down to the second, before the epoch too', () => {
    expect(AWSTimestamp.from(999)).toBe(0);
    expect(AWSTimestamp.from(0)).toBe(0);
    expect(AWSTimestamp.from(-1)).toBe(-1);
    expect(AWSTimestamp.from(-1000)).toBe(-1);
    expect(AWSTimestamp.from(-1001)).toBe(-2);
  });

  it('write years outside 0000–9999 as the scalars take them, not as toISOString does', () => {
    expect(AWSDate.from(new Date('0000-01-01T00:00:00Z'))).toBe('0000-01-01');
    expect(AWSDate.from(new Date('-000001-06-01T00:00:00Z'))).toBe('-0001-06-01');
    expect(AWSDateTime.from(new Date('-002017-01-01T00:00:00Z'))).toBe('-2017-01-01T00:00:00.000Z');
    expect(AWSDateTime.from(new Date('+010000-01-01T12:00:00Z'))).toBe('10000-01-01T12:00:00.000Z');
    expect(AWSDateTime.from(8.64e15)).toBe('275760-09-13T00:00:00.000Z');
    expect(AWSDateTime.from(-8.64e15)).toBe('-271821-04-20T00:00:00.000Z');
    expect(AWSTime.from(-8.64e15)).toBe('00:00:00.000Z');
  });

  it('refuse what is not a valid Date with a TypeError saying what arrived', () => {
    const expects = 'expects a valid Date or a number of milliseconds since 1970-01-01T00:00Z';
    expect(() => AWSDate.from(new Date('nope'))).toThrow(
      new TypeError(`AWSDate.from ${expects}; received an invalid Date.`),
    );
    expect(() => AWSTimestamp.from(Number.NaN)).toThrow(
      new TypeError(`AWSTimestamp.from ${expects}; received NaN.`),
    );
    expect(() => AWSDateTime.from(8.64e15 + 1)).toThrow(
      new TypeError(`AWSDateTime.from ${expects}; received a number outside the range of a Date.`),
    );
    expect(() => AWSTime.from('2026-01-15' as never)).toThrow(
      new TypeError(`AWSTime.from ${expects}; received a string of length 10.`),
    );
  });

  it('make values their own `is` accepts, over the whole range of a Date', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        expect(AWSDate.is(AWSDate.from(date))).toBe(true);
        expect(AWSTime.is(AWSTime.from(date))).toBe(true);
        expect(AWSDateTime.is(AWSDateTime.from(date))).toBe(true);
        expect(AWSTimestamp.is(AWSTimestamp.from(date))).toBe(true);
        expect(AWSDateTime.from(date.getTime())).toBe(AWSDateTime.from(date));
        expect(AWSTime.from(date)).toBe(date.toISOString().slice(-13));
      }),
      { numRuns: 500 },
    );
  });

  it('make values that toDate reads back, truncated to the day, the millisecond, the second', () => {
    fc.assert(
      fc.property(fc.date({ noInvalidDate: true }), (date) => {
        const time = date.getTime();
        expect(AWSDate.toDate(AWSDate.from(date)).getTime()).toBe(Math.floor(time / DAY) * DAY);
        expect(AWSDateTime.toDate(AWSDateTime.from(date)).getTime()).toBe(time);
        expect(AWSTimestamp.toDate(AWSTimestamp.from(date)).getTime()).toBe(
          Math.floor(time / 1000) * 1000,
        );
      }),
      { numRuns: 500 },
    );
  });
});

describe('the readers', () => {
  it('AWSDate.toDate: midnight at the offset given, else in UTC', () => {
    const iso = (value: string) => AWSDate.toDate(value).toISOString();
    expect(iso('2026-01-15')).toBe('2026-01-15T00:00:00.000Z');
    expect(iso('2026-01-15Z')).toBe('2026-01-15T00:00:00.000Z');
    expect(iso('2026-01-15+05:30')).toBe('2026-01-14T18:30:00.000Z');
    expect(iso('2026-01-15-07:00:30')).toBe('2026-01-15T07:00:30.000Z');
    expect(iso('2024-02-29')).toBe('2024-02-29T00:00:00.000Z');
    // Not Date.UTC, which reads years 0–99 as 1900–1999.
    expect(iso('0099-03-01')).toBe('0099-03-01T00:00:00.000Z');
    expect(iso('-0001-12-31')).toBe('-000001-12-31T00:00:00.000Z');
    expect(iso('275760-09-13')).toBe('+275760-09-13T00:00:00.000Z');
    expect(iso('-271821-04-20')).toBe('-271821-04-20T00:00:00.000Z');
  });

  it('AWSDateTime.toDate: the instant, fraction digits past milliseconds dropped', () => {
    const iso = (value: string) => AWSDateTime.toDate(value).toISOString();
    expect(iso('2026-01-15T10:30Z')).toBe('2026-01-15T10:30:00.000Z');
    expect(iso('2026-01-15T10:30:00.123456789+05:30')).toBe('2026-01-15T05:00:00.123Z');
    expect(iso('2026-01-15T10:30:00.5-07:00:30')).toBe('2026-01-15T17:30:30.500Z');
    expect(iso('1970-01-01T00:00:00.9999Z')).toBe('1970-01-01T00:00:00.999Z');
    expect(AWSDateTime.toDate('1969-12-31T23:59:59.9999Z').getTime()).toBe(-1);
    expect(iso('-2017-01-01T00:00Z')).toBe('-002017-01-01T00:00:00.000Z');
    // Local time past the last Date, but the instant is the last one.
    expect(AWSDateTime.toDate('275760-09-13T01:00+01:00').getTime()).toBe(8.64e15);
  });

  it('AWSDateTime.toDate agrees with Date.parse where Date.parse reads the text', () => {
    const minutes = fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 });
    const date = fc.date({
      min: new Date('0000-01-02T00:00:00Z'),
      max: new Date('9999-12-30T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(date, minutes, (at, offset) => {
        const local = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, -1);
        const sign = offset < 0 ? '-' : '+';
        const abs = Math.abs(offset);
        const zone = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
        expect(AWSDateTime.toDate(`${local}${zone}`).getTime()).toBe(at.getTime());
        expect(AWSDate.toDate(`${local.slice(0, 10)}${zone}`).getTime()).toBe(
          Date.parse(`${local.slice(0, 10)}T00:00:00${zone}`),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('AWSTimestamp.toDate: the Date that many seconds from the epoch', () => {
    expect(AWSTimestamp.toDate(1768473000).toISOString()).toBe('2026-01-15T10:30:00.000Z');
    expect(AWSTimestamp.toDate(-1).toISOString()).toBe('1969-12-31T23:59:59.000Z');
    expect(AWSTimestamp.toDate(8.64e12).getTime()).toBe(8.64e15);
  });

  it('throw a ValidationError on what is not the scalar', () => {
    expect(() => AWSDate.toDate('2026-02-30', 'birthday')).toThrow(
      'birthday: "2026-02-30" is not a valid AWSDate: expected ',
    );
    expect(() => AWSDateTime.toDate('2026-01-15T10:30', 'at')).toThrow(ValidationError);
    expect(() => AWSTimestamp.toDate(1.5)).toThrow(ValidationError);
    expect(() => AWSTimestamp.toDate('1' as never)).toThrow(ValidationError);
  });

  it('throw a RangeError on a valid value no Date can hold', () => {
    expect(() => AWSDate.toDate('275760-09-14')).toThrow(
      new RangeError(
        'AWSDate.toDate: "275760-09-14" is a valid AWSDate but lies outside the range a Date can hold (±8.64e15 ms from 1970-01-01T00:00Z).',
      ),
    );
    expect(() => AWSDate.toDate('-271821-04-19')).toThrow(RangeError);
    expect(() => AWSDate.toDate('-271821-04-20+00:00:01')).toThrow(RangeError);
    expect(() => AWSDateTime.toDate('275760-09-13T00:00:00.001Z')).toThrow(RangeError);
    expect(() => AWSDateTime.toDate('99999999999999999999-01-01T00:00Z')).toThrow(RangeError);
    expect(() => AWSTimestamp.toDate(8.64e12 + 1)).toThrow(
      new RangeError(
        'AWSTimestamp.toDate: 8640000000001 is a valid AWSTimestamp but lies outside the range a Date can hold (±8.64e12 seconds from 1970-01-01T00:00Z).',
      ),
    );
  });
});

describe('AWSDate leap years', () => {
  it('follow the proleptic Gregorian calendar for years of any length', () => {
    fc.assert(
      fc.property(fc.integer({ min: -271_820, max: 275_759 }), (year) => {
        const text = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}-02-29`;
        const date = new Date(0);
        date.setUTCFullYear(year, 1, 29);
        expect(AWSDate.is(text)).toBe(date.getUTCMonth() === 1);
      }),
    );
    expect(AWSDate.is('100000000000000000100-02-29')).toBe(false);
    expect(AWSDate.is('100000000000000000400-02-29')).toBe(true);
  });
});

describe('AWSIPAddress', () => {
  // node:net's isIP reads IPv6 zone ids (`fe80::1%eth0`); an AWSIPAddress has none.
  const nodeSays = (value: string) => isIP(value) !== 0 && !value.includes('%');
  const alphabet = [...'0123456789abcdefABCDEF:.% '];
  const fuzz = fc.string({ unit: fc.constantFrom(...alphabet), maxLength: 45 });
  const mutated = fc
    .tuple(
      fc.oneof(fc.ipV4(), fc.ipV6()),
      fc.nat(),
      fc.constantFrom(...alphabet),
      fc.constantFrom('insert', 'delete', 'replace'),
    )
    .map(([address, at, char, edit]) => {
      const i = at % (address.length + 1);
      if (edit === 'insert') return address.slice(0, i) + char + address.slice(i);
      if (edit === 'delete') return address.slice(0, i) + address.slice(i + 1);
      return address.slice(0, i) + char + address.slice(i + 1);
    });

  it('reads addresses (without a prefix) exactly as node:net isIP does, zone ids apart', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6(), fc.ipV4Extended(), fuzz, mutated), (value) => {
        expect(AWSIPAddress.is(value)).toBe(nodeSays(value));
      }),
      { numRuns: 5000 },
    );
  });

  it('agrees with isIP on the hard cases', () => {
    const cases = [
      '::',
      '::1',
      '1::',
      '::ffff:1.2.3.4',
      '::1.2.3.4',
      '1::1.2.3.4',
      '1:2:3:4:5::1.2.3.4',
      '1:2:3:4:5:6::1.2.3.4',
      '::a:b:c:d:e:1.2.3.4',
      '::a:b:c:d:e:f:1.2.3.4',
      '1:2:3:4:5:6:7::',
      '::1:2:3:4:5:6:7',
      '1::2:3:4:5:6:7',
      '1::2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8',
      '1:2:3:4:5:6:7:8:9',
      '1:2:3:4:5:6:7',
      '1::2::3',
      ':::',
      '1:::2',
      ':1::',
      '::1:',
      '1.2.3.4::',
      '::1.2.3.4:1',
      '::1.2.3.04',
      '::256.1.1.1',
      '0000:0000:0000:0000:0000:0000:0000:0001',
      '00000::1',
      'g::1',
      '01.2.3.4',
      '1.2.3.4.',
      '.1.2.3.4',
      '1..2.3',
      '0.0.0.0',
      '255.255.255.255',
      '255.255.255.256',
      '',
      ':',
      '.',
    ];
    for (const value of cases) expect(AWSIPAddress.is(value), value).toBe(nodeSays(value));
  });

  it('takes a CIDR prefix of 0 to 32 after IPv4, of 0 to 128 after IPv6', () => {
    fc.assert(
      fc.property(fc.ipV4(), fc.ipV6(), fc.integer({ min: 0, max: 200 }), (v4, v6, prefix) => {
        expect(AWSIPAddress.is(`${v4}/${prefix}`)).toBe(prefix <= 32);
        expect(AWSIPAddress.is(`${v6}/${prefix}`)).toBe(prefix <= 128);
      }),
    );
    fc.assert(
      fc.property(mutated, (address) => {
        expect(AWSIPAddress.is(`${address}/8`)).toBe(nodeSays(address));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('AWSJSON', () => {
  it('from: JSON text by JSON.stringify’s rules', () => {
    expect(AWSJSON.from({ a: [1, 'x'] })).toBe('{"a":[1,"x"]}');
    expect(AWSJSON.from('plain')).toBe('"plain"');
    expect(AWSJSON.from(null)).toBe('null');
    expect(AWSJSON.from({ gone: undefined, kept: 1 })).toBe('{"kept":1}');
    expect(AWSJSON.from(new Date(0))).toBe('"1970-01-01T00:00:00.000Z"');
    const shared = { x: 1 };
    expect(AWSJSON.from({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = AWSJSON.from(value);
        expect(text).toBe(JSON.stringify(value));
        expect(AWSJSON.is(text)).toBe(true);
        expect(AWSJSON.parse(text)).toEqual(JSON.parse(text));
      }),
    );
  });

  it('from: a TypeError saying why there is no JSON text', () => {
    const none = 'has no JSON text (JSON.stringify returns undefined).';
    expect(() => AWSJSON.from(undefined)).toThrow(new TypeError(`AWSJSON.from: undefined ${none}`));
    expect(() => AWSJSON.from(() => 1)).toThrow(new TypeError(`AWSJSON.from: a function ${none}`));
    expect(() => AWSJSON.from(Symbol('s'))).toThrow(
      new TypeError(`AWSJSON.from: a symbol ${none}`),
    );
    expect(() => AWSJSON.from({ toJSON: () => undefined })).toThrow(
      new TypeError(`AWSJSON.from: a value whose toJSON() returns undefined ${none}`),
    );
    const bigint = 'has no JSON text (send it as a string or a number).';
    expect(() => AWSJSON.from(1n)).toThrow(new TypeError(`AWSJSON.from: a BigInt at $ ${bigint}`));
    const shared = { x: 1 };
    expect(() => AWSJSON.from({ a: shared, b: [shared, { 'my key': 2n }] })).toThrow(
      new TypeError(`AWSJSON.from: a BigInt at $.b[1]["my key"] ${bigint}`),
    );
  });

  it('from: names the cycle', () => {
    const root: Record<string, unknown> = {};
    root.self = root;
    expect(() => AWSJSON.from(root)).toThrow(
      new TypeError(
        'AWSJSON.from: $.self refers back to $, which contains it (a cycle JSON cannot carry).',
      ),
    );
    const post = { tags: ['a'], author: { posts: [] as unknown[] } };
    post.author.posts.push(post.author);
    expect(() => AWSJSON.from({ post })).toThrow(
      new TypeError(
        'AWSJSON.from: $.post.author.posts[0] refers back to $.post.author, which contains it (a cycle JSON cannot carry).',
      ),
    );
  });

  it('from: passes on what JSON.stringify itself threw', () => {
    const boom = new Error('boom');
    const value = {
      get broken() {
        throw boom;
      },
    };
    const error = catchError(() => AWSJSON.from(value));
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('AWSJSON.from: JSON.stringify threw: boom.');
    expect(error.cause).toBe(boom);
    const hostile = new Error();
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error('no message either');
      },
    });
    for (const thrown of [hostile, 'a string']) {
      const throwing = {
        toJSON() {
          throw thrown;
        },
      };
      expect(() => AWSJSON.from(throwing)).toThrow(
        new TypeError('AWSJSON.from: JSON.stringify threw.'),
      );
    }
  });

  it('parse: the value, or a ValidationError without the parser’s quote of the text', () => {
    expect(AWSJSON.parse('{"upvotes": 10}')).toEqual({ upvotes: 10 });
    expect(AWSJSON.parse('"text"')).toBe('text');
    expect(AWSJSON.parse('null')).toBeNull();
    const error = catchError(() => AWSJSON.parse('{a: 1}', 'input.meta'));
    expect(error).toMatchObject({
      errorType: 'ValidationError',
      message: 'input.meta: "{a: 1}" is not a valid AWSJSON: expected JSON text (RFC 8259).',
      issues: [{ path: ['input', 'meta'] }],
    });
    expect(() => AWSJSON.parse({ a: 1 })).toThrow(
      'an object with keys [a] is not a valid AWSJSON: expected a string holding JSON text (RFC 8259).',
    );
  });
});

describe('makeId', () => {
  it('makes lower-case UUID v4s, a new one each call', () => {
    const ids = Array.from({ length: 1000 }, () => makeId());
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    }
    expect(new Set(ids).size).toBe(1000);
  });
});

describe('the module', () => {
  const bundle = (names: string) =>
    neutralBundle({
      contents: `import { ${names} } from './src/scalars.ts'; console.log(${names});`,
    });

  it('imports no package and no Node built-in, and bundles only what is used', async () => {
    const id = await bundle('makeId');
    expect(id.imports).toEqual([]);
    expect(id.code).toContain('randomUUID');
    expect(id.code).not.toMatch(/ValidationError|phone number|RFC 822/);
    const date = await bundle('AWSDate');
    expect(date.imports).toEqual([]);
    expect(date.code).toContain('extended ISO 8601 date YYYY-MM-DD');
    expect(date.code).not.toMatch(/phone number|RFC 822|randomUUID|CIDR/);
  });
});

function catchError(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
