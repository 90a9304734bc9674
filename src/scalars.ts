import { ValidationError } from './errors/framework-errors.js';
import { describeValue } from './errors/normalize.js';

// AppSync's own scalars, by the rules of the AppSync scalar reference ("Scalar types in AWS
// AppSync", and the descriptions AppSync's introspection gives them): date and time strings in
// extended ISO 8601, the time zone offset optional for AWSDate and AWSTime and compulsory for
// AWSDateTime; 1 to 9 fraction digits; offsets `Z`, `±hh:mm` or `±hh:mm:ss`; years of four digits
// or more, negative ones written `-YYYY`; AWSTimestamp an integer count of seconds; AWSJSON any
// JSON text; AWSURL with a scheme and no `//` in its path; AWSIPAddress an IPv4 or IPv6 address
// with an optional CIDR suffix. The emulator's graphql-js scalars check with these same rules.
//
// Only web-standard globals (`URL`, `crypto.randomUUID`), declared below, so that the runtime entry
// needs neither Node typings nor `node:*` modules. Regex literals, not `new RegExp`, so that a
// bundler drops the ones nobody uses.

const DATE_RE = /^(-?\d{4,})-(\d{2})-(\d{2})(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/;
const TIME_RE =
  /^(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?$/;
const DATE_TIME_RE =
  /^(-?\d{4,})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d)(?:\.(\d{1,9}))?)?(Z|[+-](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)$/;
// RFC 822 in practice: a local part of atom characters and dots, and a dotted domain.
const EMAIL_RE =
  /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
// Digit groups separated by single spaces or hyphens, an optional leading `+country` and an
// optional parenthesised area code: `+1 206-555-0100`, `(206) 555 0100`, `2065550100`.
const PHONE_RE = /^\+?(?:\(\d{1,4}\)[ -]?)?\d+(?:[ -]\d+)*$/;
const SCHEME_RE = /^[A-Za-z][A-Za-z0-9+.-]*:/;
// As node:net's isIP: decimal octets without leading zeros.
const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6_GROUP_RE = /^[0-9A-Fa-f]{1,4}$/;
const CIDR_PREFIX_RE = /^\d{1,3}$/;
const IDENTIFIER_RE = /^[A-Za-z_$][\w$]*$/;

/** The farthest from the epoch, in milliseconds, that a `Date` reaches (ECMA-262, Time Values). */
const MAX_TIME = 8.64e15;
const DAY_MS = 86_400_000;
/** How much of a string a validation message shows: the caller's own input, but maybe long. */
const SHOWN_CHARS = 100;

/** The web-standard globals used here, declared so that no DOM or Node typings are needed. */
interface WebGlobals {
  URL: new (input: string) => { readonly pathname: string };
  crypto: { randomUUID(): string };
}

// What each scalar expects, in words: the end of every validation message, and the emulator's
// scalar descriptions. One constant each, so that a bundle holds only the ones it uses.
const DATE_RULE =
  'an extended ISO 8601 date YYYY-MM-DD, with an optional time zone offset (Z or ±hh:mm[:ss])';
const TIME_RULE =
  'an extended ISO 8601 time hh:mm[:ss[.sss]], with an optional time zone offset (Z or ±hh:mm[:ss])';
const DATE_TIME_RULE =
  'an extended ISO 8601 date and time YYYY-MM-DDThh:mm[:ss[.sss]] with a compulsory time zone offset (Z or ±hh:mm[:ss])';
const TIMESTAMP_RULE = 'a safe integer number of seconds before or after 1970-01-01T00:00Z';
const EMAIL_RULE = 'an email address local-part@domain-part (RFC 822)';
const URL_RULE =
  'a URL with a scheme (https://example.com/, mailto:someone@example.com) and no "//" in its path';
const PHONE_RULE =
  'a phone number of 5 to 15 digits, optionally starting with +country, in groups separated by spaces or hyphens';
const IP_RULE = 'an IPv4 (quad-dotted) or IPv6 address, with an optional CIDR suffix such as /24';
const JSON_RULE = 'JSON text (RFC 8259)';

/**
 * What each scalar expects, in words, as its validation messages say.
 *
 * @internal Shared with the emulator, whose scalar descriptions they are; not public API.
 * @example
 * `expected ${SCALAR_RULES.AWSDate}.`
 */
export const SCALAR_RULES = {
  AWSDate: DATE_RULE,
  AWSTime: TIME_RULE,
  AWSDateTime: DATE_TIME_RULE,
  AWSTimestamp: TIMESTAMP_RULE,
  AWSEmail: EMAIL_RULE,
  AWSURL: URL_RULE,
  AWSPhone: PHONE_RULE,
  AWSIPAddress: IP_RULE,
  AWSJSON: JSON_RULE,
} as const;

type ScalarName = keyof typeof SCALAR_RULES;

// ---------------------------------------------------------------------------------------------
// Validation messages

/** A string for a message: quoted, and cut after {@link SHOWN_CHARS} characters. */
function quote(value: string): string {
  if (value.length <= SHOWN_CHARS) return JSON.stringify(value);
  // Never cut a surrogate pair in two.
  const code = value.charCodeAt(SHOWN_CHARS - 1);
  const end = code >= 0xd800 && code <= 0xdbff ? SHOWN_CHARS - 1 : SHOWN_CHARS;
  return `${JSON.stringify(value.slice(0, end))}… (a string of length ${value.length})`;
}

/** What arrived: a string as itself (cut short), a number by its kind, anything else by shape. */
function shown(value: unknown): string {
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'NaN';
    if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
    if (!Number.isInteger(value)) return 'a fractional number';
    return Number.isSafeInteger(value) ? 'an integer' : 'an integer beyond ±(2^53 − 1)';
  }
  return describeValue(value);
}

function invalid(
  name: ScalarName,
  rule: string,
  value: unknown,
  path: string | undefined,
): ValidationError {
  const wanted =
    typeof value === 'string' || name === 'AWSTimestamp' ? rule : `a string holding ${rule}`;
  const message = `${shown(value)} is not a valid ${name}: expected ${wanted}.`;
  if (path === undefined || path === '') {
    return new ValidationError(message, { issues: [{ message, path: [] }] });
  }
  return new ValidationError(`${path}: ${message}`, {
    issues: [{ message, path: path.split('.') }],
  });
}

function checked<T>(
  name: ScalarName,
  rule: string,
  is: (value: unknown) => value is T,
  value: unknown,
  path: string | undefined,
): T {
  if (is(value)) return value;
  throw invalid(name, rule, value, path);
}

// ---------------------------------------------------------------------------------------------
// Rules

/**
 * Whether a year (its digits, maybe signed) is a leap year of the proleptic Gregorian calendar.
 * Read from its last four digits, as 400 divides 10 000, so a year of any length is exact.
 */
function isLeapYear(year: string): boolean {
  const y = Number(year.slice(-4));
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(year: string, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** A date regex's match, if its month and day exist in that year. */
function matchDate(re: RegExp, value: unknown): RegExpExecArray | undefined {
  if (typeof value !== 'string') return undefined;
  const match = re.exec(value);
  if (match === null) return undefined;
  const year = match[1] as string;
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return match;
}

function isAWSTimeText(value: unknown): value is string {
  return typeof value === 'string' && TIME_RE.test(value);
}

function isEmail(value: unknown): value is string {
  return typeof value === 'string' && EMAIL_RE.test(value);
}

function isUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !SCHEME_RE.test(value) || hasSpaceOrControl(value)) {
    return false;
  }
  let pathname: string;
  try {
    pathname = new (globalThis as unknown as WebGlobals).URL(value).pathname;
  } catch {
    return false;
  }
  // AppSync rejects a URL whose path holds "//" (a scheme's own "//" is not part of the path).
  return !pathname.includes('//');
}

/**
 * The URL parser silently drops tabs and newlines and trims spaces and control characters at
 * either end (and encodes other spaces); RFC 1738 allows none of them unencoded in a URL.
 */
function hasSpaceOrControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isPhone(value: unknown): value is string {
  if (typeof value !== 'string' || !PHONE_RE.test(value)) return false;
  let digits = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) digits++;
  }
  return digits >= 5 && digits <= 15;
}

/**
 * An IPv6 address as node:net's `isIP` reads one, zone ids (`%eth0`) apart: eight groups of one
 * to four hex digits, `::` once in place of one or more groups, and an IPv4 address in place of
 * the last two groups.
 */
function isIPv6(value: string): boolean {
  const gap = value.indexOf('::');
  if (gap !== value.lastIndexOf('::')) return false;
  const head = gap < 0 ? value : value.slice(0, gap);
  const tail = gap < 0 ? '' : value.slice(gap + 2);
  const groups = [...(head === '' ? [] : head.split(':')), ...(tail === '' ? [] : tail.split(':'))];
  // An IPv4 address may end the address, in place of two groups.
  let hexGroups = groups;
  let count = groups.length;
  const last = value.endsWith('::') ? undefined : groups.at(-1);
  if (last?.includes('.')) {
    if (!IPV4_RE.test(last)) return false;
    hexGroups = groups.slice(0, -1);
    count++;
  }
  if (!hexGroups.every((group) => IPV6_GROUP_RE.test(group))) return false;
  return gap < 0 ? count === 8 : count <= 7;
}

function isIpAddress(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const slash = value.indexOf('/');
  const address = slash < 0 ? value : value.slice(0, slash);
  const version = IPV4_RE.test(address) ? 4 : isIPv6(address) ? 6 : 0;
  if (version === 0) return false;
  if (slash < 0) return true;
  const prefix = value.slice(slash + 1);
  return CIDR_PREFIX_RE.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function isTimestamp(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

function isJsonText(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    JSON.parse(value);
    return true;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// Dates

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Milliseconds east of UTC of an offset `Z`, `±hh:mm` or `±hh:mm:ss`; 0 when absent. */
function offsetMs(offset: string | undefined): number {
  if (offset === undefined || offset === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const seconds =
    Number(offset.slice(1, 3)) * 3600 +
    Number(offset.slice(4, 6)) * 60 +
    Number(offset.slice(7) || 0);
  return sign * seconds * 1000;
}

function toDateAt(name: string, value: string, time: number): Date {
  if (!(Math.abs(time) <= MAX_TIME)) {
    throw new RangeError(
      `${name}.toDate: ${quote(value)} is a valid ${name} but lies outside the range a Date can hold (±8.64e15 ms from 1970-01-01T00:00Z).`,
    );
  }
  return new Date(time);
}

/** The milliseconds of a maker's argument: now, a Date or a number of milliseconds. */
function timeOf(maker: string, date: Date | number | undefined): number {
  if (date === undefined) return Date.now();
  let time = Number.NaN;
  let what = 'an invalid Date';
  if (typeof date === 'number') {
    time = new Date(date).getTime();
    what = Number.isFinite(date) ? 'a number outside the range of a Date' : shown(date);
  } else if (Object.prototype.toString.call(date) === '[object Date]') {
    // Read through the prototype, so that a Date from another realm works too.
    time = Date.prototype.getTime.call(date);
  } else {
    what = describeValue(date);
  }
  if (Number.isNaN(time)) {
    throw new TypeError(
      `${maker} expects a valid Date or a number of milliseconds since 1970-01-01T00:00Z; received ${what}.`,
    );
  }
  return time;
}

/**
 * A time as `[date, time]`: `YYYY-MM-DD` and `hh:mm:ss.sssZ`. `toISOString` writes years outside
 * 0000–9999 as `±YYYYYY`, which the date scalars do not take; those are written as the scalars
 * write years (`-0001`, `10000`).
 */
function isoParts(time: number): [string, string] {
  const date = new Date(time);
  const iso = date.toISOString();
  const year = date.getUTCFullYear();
  const written = `${year < 0 ? '-' : ''}${String(Math.abs(year)).padStart(4, '0')}`;
  const t = iso.indexOf('T');
  return [written + iso.slice(iso.indexOf('-', 1), t), iso.slice(t + 1)];
}

// ---------------------------------------------------------------------------------------------
// The scalars

/**
 * `AWSDate`: an extended ISO 8601 date `YYYY-MM-DD`, optionally with a time zone offset
 * (`1970-01-01Z`, `1970-01-01+05:30`, `1970-01-01-07:00:30`). Years have four digits or more,
 * with a `-` for years before 0000 (`-2017-01-01`); the day must exist (`2024-02-29`, not
 * `2023-02-29`).
 *
 * @example
 * const birthday = AWSDate.check(ctx.args.birthday, 'birthday'); // "1990-05-17"
 * AWSDate.from(new Date('2026-01-15T22:30:00Z')); // "2026-01-15"
 */
export const AWSDate = {
  /** Whether `value` is an AWSDate string. */
  is(value: unknown): value is string {
    return matchDate(DATE_RE, value) !== undefined;
  },
  /**
   * `value` if it is an AWSDate; otherwise a `ValidationError` whose message starts with `path`
   * (`'input.birthday'`), which is also the issue's path.
   */
  check(value: unknown, path?: string): string {
    return checked('AWSDate', DATE_RULE, AWSDate.is, value, path);
  },
  /** The UTC date of `date` (a Date or epoch milliseconds; now by default): `YYYY-MM-DD`. */
  from(date?: Date | number): string {
    return isoParts(timeOf('AWSDate.from', date))[0];
  },
  /**
   * The Date at midnight starting the day `value` names, in its offset if it has one (so
   * `"2026-01-15+05:30"` is 2026-01-14T18:30:00.000Z), else in UTC. A `ValidationError` if
   * `value` is not an AWSDate; a `RangeError` if the day lies beyond what a Date holds.
   */
  toDate(value: string, path?: string): Date {
    const match = matchDate(DATE_RE, value);
    if (match === undefined) throw invalid('AWSDate', DATE_RULE, value, path);
    const days = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
    return toDateAt('AWSDate', value, days * DAY_MS - offsetMs(match[4]));
  },
};

/**
 * `AWSTime`: an extended ISO 8601 time `hh:mm`, `hh:mm:ss` or `hh:mm:ss.s` with 1 to 9 fraction
 * digits, optionally with a time zone offset (`12:30Z`, `12:30:24.500+05:30`). `24:00` is not a
 * time.
 *
 * @example
 * AWSTime.check('12:30:24-07:00'); // "12:30:24-07:00"
 * AWSTime.from(new Date('2026-01-15T10:30:00Z')); // "10:30:00.000Z"
 */
export const AWSTime = {
  /** Whether `value` is an AWSTime string. */
  is(value: unknown): value is string {
    return isAWSTimeText(value);
  },
  /** `value` if it is an AWSTime; otherwise a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSTime', TIME_RULE, isAWSTimeText, value, path);
  },
  /** The UTC time of `date` (a Date or epoch milliseconds; now by default): `hh:mm:ss.sssZ`. */
  from(date?: Date | number): string {
    return isoParts(timeOf('AWSTime.from', date))[1];
  },
};

/**
 * `AWSDateTime`: an extended ISO 8601 date and time `YYYY-MM-DDThh:mm[:ss[.s]]` with a compulsory
 * time zone offset (`1970-01-01T12:00Z`, `2026-01-15T10:30:00.123456789+05:30`).
 *
 * @example
 * const at = AWSDateTime.toDate(ctx.args.publishAt, 'publishAt'); // a Date
 * AWSDateTime.from(); // "2026-01-15T10:30:00.000Z", now
 */
export const AWSDateTime = {
  /** Whether `value` is an AWSDateTime string. */
  is(value: unknown): value is string {
    return matchDate(DATE_TIME_RE, value) !== undefined;
  },
  /** `value` if it is an AWSDateTime; otherwise a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSDateTime', DATE_TIME_RULE, AWSDateTime.is, value, path);
  },
  /**
   * `date` (now by default) as `Date#toISOString` writes it, `YYYY-MM-DDThh:mm:ss.sssZ`, except
   * that a year outside 0000–9999 is written `-0001` or `10000`, not `-000001` or `+010000`.
   */
  from(date?: Date | number): string {
    const [day, time] = isoParts(timeOf('AWSDateTime.from', date));
    return `${day}T${time}`;
  },
  /**
   * The instant `value` names. Fraction digits beyond milliseconds are dropped (truncated, not
   * rounded), as a Date holds no more. A `ValidationError` if `value` is not an AWSDateTime; a
   * `RangeError` if the instant lies beyond what a Date holds.
   */
  toDate(value: string, path?: string): Date {
    const match = matchDate(DATE_TIME_RE, value);
    if (match === undefined) throw invalid('AWSDateTime', DATE_TIME_RULE, value, path);
    const days = daysFromCivil(Number(match[1]), Number(match[2]), Number(match[3]));
    const seconds = Number(match[4]) * 3600 + Number(match[5]) * 60 + Number(match[6] ?? 0);
    const millis = Number((match[7] ?? '').padEnd(3, '0').slice(0, 3));
    const time = days * DAY_MS + seconds * 1000 + millis - offsetMs(match[8]);
    return toDateAt('AWSDateTime', value, time);
  },
};

/**
 * `AWSTimestamp`: an integer number of seconds before or after 1970-01-01T00:00Z (a safe
 * integer; a numeric string is not one).
 *
 * @example
 * const createdAt = AWSTimestamp.from(); // 1768473000, now
 * AWSTimestamp.toDate(1768473000); // 2026-01-15T10:30:00.000Z
 */
export const AWSTimestamp = {
  /** Whether `value` is an AWSTimestamp: a safe integer. */
  is(value: unknown): value is number {
    return isTimestamp(value);
  },
  /** `value` if it is an AWSTimestamp; else a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): number {
    return checked('AWSTimestamp', TIMESTAMP_RULE, isTimestamp, value, path);
  },
  /** The whole seconds of `date` (a Date or epoch milliseconds; now by default), rounded down. */
  from(date?: Date | number): number {
    return Math.floor(timeOf('AWSTimestamp.from', date) / 1000);
  },
  /**
   * The Date `value` seconds after the epoch. A `ValidationError` if `value` is not an
   * AWSTimestamp; a `RangeError` if it lies beyond what a Date holds (±8.64e12 seconds).
   */
  toDate(value: number, path?: string): Date {
    if (!isTimestamp(value)) throw invalid('AWSTimestamp', TIMESTAMP_RULE, value, path);
    const time = value * 1000;
    if (Math.abs(time) > MAX_TIME) {
      throw new RangeError(
        `AWSTimestamp.toDate: ${value} is a valid AWSTimestamp but lies outside the range a Date can hold (±8.64e12 seconds from 1970-01-01T00:00Z).`,
      );
    }
    return new Date(time);
  },
};

/**
 * `AWSEmail`: an address `local-part@domain-part` (RFC 822): atoms separated by single dots
 * before the `@` (`first.last+tag`), a dotted host name after it.
 *
 * @example
 * const email = AWSEmail.check(ctx.args.email, 'email');
 */
export const AWSEmail = {
  /** Whether `value` is an AWSEmail string. */
  is(value: unknown): value is string {
    return isEmail(value);
  },
  /** `value` if it is an AWSEmail; otherwise a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSEmail', EMAIL_RULE, isEmail, value, path);
  },
};

/**
 * `AWSURL`: a URL with a scheme (`https://example.com/`, `mailto:someone@example.com`) that the
 * WHATWG URL parser accepts, with no `//` in its path and no unencoded spaces or control
 * characters.
 *
 * @example
 * const homepage = AWSURL.check(ctx.args.homepage, 'input.homepage');
 */
export const AWSURL = {
  /** Whether `value` is an AWSURL string. */
  is(value: unknown): value is string {
    return isUrl(value);
  },
  /** `value` if it is an AWSURL; otherwise a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSURL', URL_RULE, isUrl, value, path);
  },
};

/**
 * `AWSPhone`: 5 to 15 digits in groups separated by single spaces or hyphens, optionally after
 * `+country` and a parenthesised area code (`+1 206-555-0100`, `(206) 555 0100`).
 *
 * @example
 * const phone = AWSPhone.check(ctx.args.phone, 'input.phone');
 */
export const AWSPhone = {
  /** Whether `value` is an AWSPhone string. */
  is(value: unknown): value is string {
    return isPhone(value);
  },
  /** `value` if it is an AWSPhone; otherwise a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSPhone', PHONE_RULE, isPhone, value, path);
  },
};

/**
 * `AWSIPAddress`: an IPv4 address (decimal octets, no leading zeros) or an IPv6 address (`::`,
 * `::ffff:192.0.2.1`), each with an optional CIDR suffix (`/24`, `/64`). The addresses are those
 * node:net's `isIP` accepts, except IPv6 zone ids (`fe80::1%eth0`), which are not addresses.
 *
 * @example
 * AWSIPAddress.is('2001:db8::/32'); // true
 */
export const AWSIPAddress = {
  /** Whether `value` is an AWSIPAddress string. */
  is(value: unknown): value is string {
    return isIpAddress(value);
  },
  /** `value` if it is an AWSIPAddress; else a `ValidationError` (see {@link AWSDate.check}). */
  check(value: unknown, path?: string): string {
    return checked('AWSIPAddress', IP_RULE, isIpAddress, value, path);
  },
};

/**
 * `AWSJSON`: a string of JSON text. AppSync hands resolvers the parsed value; a resolver returns
 * JSON text (or a value AppSync serialises).
 *
 * @example
 * return { ...post, metadata: AWSJSON.from({ tags: ['a'] }) }; // '{"tags":["a"]}'
 */
export const AWSJSON = {
  /** Whether `value` is a string of valid JSON text. */
  is(value: unknown): value is string {
    return isJsonText(value);
  },
  /** `value` (the JSON text) if it is an AWSJSON; otherwise a `ValidationError`. */
  check(value: unknown, path?: string): string {
    return checked('AWSJSON', JSON_RULE, isJsonText, value, path);
  },
  /**
   * `value` as JSON text, by `JSON.stringify`'s rules (so `undefined` properties are left out and
   * `NaN` is `null`). A `TypeError` saying why when there is no JSON text for it: `undefined`, a
   * function or a symbol, or a BigInt or a cycle anywhere in it.
   */
  from(value: unknown): string {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      throw new TypeError(`AWSJSON.from: ${jsonProblem(value) ?? errorText(error)}.`, {
        cause: error,
      });
    }
    if (text === undefined) {
      const what =
        typeof value === 'undefined' || typeof value === 'function' || typeof value === 'symbol'
          ? describeValue(value)
          : 'a value whose toJSON() returns undefined';
      throw new TypeError(
        `AWSJSON.from: ${what} has no JSON text (JSON.stringify returns undefined).`,
      );
    }
    return text;
  },
  /** The value of the JSON text `text`; a `ValidationError` if it is not JSON text. */
  parse(text: unknown, path?: string): unknown {
    if (typeof text === 'string') {
      try {
        return JSON.parse(text);
      } catch {
        // Reported below, without the parser's message, which quotes the text at length.
      }
    }
    throw invalid('AWSJSON', JSON_RULE, text, path);
  },
};

/**
 * A new random ID, a UUID v4 in lower case as AppSync's `util.autoId()` makes
 * (`crypto.randomUUID()`).
 *
 * @example
 * const post = { id: makeId(), ...ctx.args.input }; // id "3f0c…-4…"
 */
export function makeId(): string {
  return (globalThis as unknown as WebGlobals).crypto.randomUUID();
}

// ---------------------------------------------------------------------------------------------
// AWSJSON.from's diagnosis

function errorText(error: unknown): string {
  try {
    return error instanceof Error
      ? `JSON.stringify threw: ${error.message}`
      : 'JSON.stringify threw';
  } catch {
    return 'JSON.stringify threw';
  }
}

function jsonPath(path: string, key: string): string {
  return IDENTIFIER_RE.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/**
 * Why `JSON.stringify(value)` threw, if for a BigInt or a cycle: found by stringifying again with
 * a replacer that tracks where it is (run only once the plain stringify has failed).
 */
function jsonProblem(value: unknown): string | undefined {
  // Each object written so far: its JSONPath and the object holding it. Writing is depth-first,
  // so following `holder` from the object being written walks exactly its ancestors.
  const written = new Map<object, { path: string; holder: object | undefined }>();
  let problem: string | undefined;
  function replacer(this: object, key: string, item: unknown): unknown {
    const holder = written.get(this);
    let path = '$';
    if (holder !== undefined) {
      path = Array.isArray(this) ? `${holder.path}[${key}]` : jsonPath(holder.path, key);
    }
    if (typeof item === 'bigint') {
      problem = `a BigInt at ${path} has no JSON text (send it as a string or a number)`;
      throw new TypeError(problem);
    }
    if (typeof item !== 'object' || item === null) return item;
    for (let node = holder === undefined ? undefined : this; node !== undefined; ) {
      if (node === item) {
        problem = `${path} refers back to ${written.get(item)?.path ?? '$'}, which contains it (a cycle JSON cannot carry)`;
        throw new TypeError(problem);
      }
      node = written.get(node)?.holder;
    }
    written.set(item, { path, holder: holder === undefined ? undefined : this });
    return item;
  }
  try {
    JSON.stringify(value, replacer);
  } catch {
    // The problem, if it is one of those two, was recorded before the throw.
  }
  return problem;
}
