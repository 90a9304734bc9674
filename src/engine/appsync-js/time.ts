/**
 * `util.time` of APPSYNC_JS: the reference says its format syntax "is based on DateTimeFormatter"
 * (Java). This module implements the subset the reference's examples use, and a little more:
 *
 * | letters          | meaning                                   | example      |
 * | ---------------- | ----------------------------------------- | ------------ |
 * | `yyyy` `uuuu` `yy` | year (4 digits, or 2 with `yy`)         | `2018`, `18` |
 * | `M` `MM` `MMM` `MMMM` | month                                | `2`, `02`, `Feb`, `February` |
 * | `d` `dd`         | day of month                              | `6`, `06`    |
 * | `H` `HH`         | hour of day (0–23)                        | `19`         |
 * | `h` `hh`, `a`    | clock hour (1–12), AM/PM                  | `07`, `PM`   |
 * | `m` `mm`, `s` `ss` | minute, second                          | `01`, `35`   |
 * | `S`…`SSS`        | fraction of a second (1–3 digits)         | `749`        |
 * | `E` `EEE` `EEEE` | day of week (format only)                 | `Tue`, `Tuesday` |
 * | `Z` `ZZ` `ZZZ`   | offset `+HHMM`                            | `+0000`      |
 * | `X` `XX` `XXX`   | offset, `Z` for zero (`+HH`, `+HHMM`, `+HH:MM`) | `Z`, `+08:00` |
 * | `x` `xx` `xxx`   | offset, never `Z`                          | `+00:00`     |
 * | `'text'`, `''`   | quoted literal, single quote              | `'T'`        |
 *
 * Any other ASCII letter throws an `Error` naming it; other characters are literals. Time zones
 * are `UTC`/`Z`/`GMT`, fixed offsets (`+08:00`, `-0530`, `UTC+8`) and IANA names
 * (`Australia/Perth`) whose offset is computed with `Intl`. Parsing a format without an offset and
 * without a time zone argument reads the time as UTC.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

type Token =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'field'; readonly letter: string; readonly width: number };

const SUPPORTED = 'yuMdHhamsSEZXx';

/** Splits a DateTimeFormatter pattern into literal and field tokens. */
export function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < pattern.length) {
    const c = pattern.charAt(i);
    if (c === "'") {
      if (pattern.charAt(i + 1) === "'") {
        tokens.push({ kind: 'literal', text: "'" });
        i += 2;
        continue;
      }
      // A quoted literal ends at a quote not followed by another; `''` inside is one quote.
      let end = i + 1;
      let text = '';
      while (!(pattern.charAt(end) === "'" && pattern.charAt(end + 1) !== "'")) {
        if (end >= pattern.length) {
          throw new Error(`util.time: unterminated quoted literal in the pattern "${pattern}"`);
        }
        const doubled = pattern.charAt(end) === "'";
        text += pattern.charAt(end);
        end += doubled ? 2 : 1;
      }
      tokens.push({ kind: 'literal', text });
      i = end + 1;
      continue;
    }
    if (/[A-Za-z]/.test(c)) {
      if (!SUPPORTED.includes(c)) {
        throw new Error(
          `util.time: the pattern letter '${c}' in "${pattern}" is not supported by the local AppSync (supported: ${SUPPORTED.split('').join(' ')})`,
        );
      }
      let width = 1;
      while (pattern.charAt(i + width) === c) width += 1;
      tokens.push({ kind: 'field', letter: c, width });
      i += width;
      continue;
    }
    tokens.push({ kind: 'literal', text: c });
    i += 1;
  }
  return tokens;
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Formats an offset in minutes as `+HH:MM` (`colon`) or `+HHMM`, or `+HH` when `short`. */
function offsetText(minutes: number, style: 'HHMM' | 'HH:MM' | 'HH'): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const hh = pad(Math.floor(abs / 60), 2);
  const mm = pad(abs % 60, 2);
  if (style === 'HH') return `${sign}${hh}${mm === '00' ? '' : mm}`;
  return style === 'HH:MM' ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
}

const FIXED_OFFSET = /^(?:UTC|GMT|UT)?([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** The offset, in minutes east of UTC, of `zone` at the instant `epochMs`. */
export function zoneOffsetMinutes(zone: string, epochMs: number): number {
  if (zone === 'Z' || zone === 'UTC' || zone === 'GMT' || zone === 'UT') return 0;
  const fixed = FIXED_OFFSET.exec(zone);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    return fixed[1] === '-' ? -minutes : minutes;
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new Error(`util.time: unknown time zone "${zone}"`);
  }
  const parts: Record<string, string> = {};
  for (const part of format.formatToParts(epochMs)) parts[part.type] = part.value;
  const asUtc = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  const wholeSecond = epochMs - (((epochMs % 1000) + 1000) % 1000);
  return Math.round((asUtc - wholeSecond) / 60_000);
}

/** Formats `epochMs` with a DateTimeFormatter pattern in `zone` (UTC when absent). */
export function formatEpoch(epochMs: number, pattern: string, zone = 'UTC'): string {
  const tokens = tokenize(pattern);
  const offset = zoneOffsetMinutes(zone, epochMs);
  const local = new Date(epochMs + offset * 60_000);
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      out += token.text;
      continue;
    }
    out += formatField(token.letter, token.width, local, offset);
  }
  return out;
}

function formatField(letter: string, width: number, local: Date, offset: number): string {
  const hour = local.getUTCHours();
  switch (letter) {
    case 'y':
    case 'u': {
      const year = local.getUTCFullYear();
      return width === 2 ? pad(year % 100, 2) : pad(year, width);
    }
    case 'M': {
      const month = local.getUTCMonth();
      if (width >= 4) return MONTHS[month] as string;
      if (width === 3) return (MONTHS[month] as string).slice(0, 3);
      return pad(month + 1, width);
    }
    case 'd':
      return pad(local.getUTCDate(), width);
    case 'H':
      return pad(hour, width);
    case 'h':
      return pad(hour % 12 === 0 ? 12 : hour % 12, width);
    case 'a':
      return hour < 12 ? 'AM' : 'PM';
    case 'm':
      return pad(local.getUTCMinutes(), width);
    case 's':
      return pad(local.getUTCSeconds(), width);
    case 'S':
      return pad(local.getUTCMilliseconds(), 3).slice(0, width).padEnd(width, '0');
    case 'E': {
      const day = DAYS[local.getUTCDay()] as string;
      return width >= 4 ? day : day.slice(0, 3);
    }
    case 'Z':
      return offsetText(offset, 'HHMM');
    default: {
      // X and x: Java prints `Z` for a zero offset with X, never with x.
      if (letter === 'X' && offset === 0) return 'Z';
      return offsetText(offset, width === 1 ? 'HH' : width === 2 ? 'HHMM' : 'HH:MM');
    }
  }
}

const FIELD_SOURCE: Record<string, string> = {
  y: '(\\d{4})',
  u: '(\\d{4})',
  d: '(\\d{1,2})',
  H: '(\\d{1,2})',
  h: '(\\d{1,2})',
  m: '(\\d{1,2})',
  s: '(\\d{1,2})',
  a: '(AM|PM|am|pm)',
  E: '([A-Za-z]+)',
  Z: '([+-]\\d{4}|Z)',
  X: '(Z|[+-]\\d{2}(?::?\\d{2})?)',
  x: '([+-]\\d{2}(?::?\\d{2})?)',
};

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Parses `text` with a DateTimeFormatter pattern; `zone` applies when the text has no offset. */
export function parseToEpoch(text: string, pattern: string, zone?: string): number {
  const tokens = tokenize(pattern);
  const fields: { letter: string; width: number }[] = [];
  let source = '^';
  for (const token of tokens) {
    if (token.kind === 'literal') {
      source += escapeRegExp(token.text);
      continue;
    }
    fields.push(token);
    if (token.letter === 'M') source += token.width >= 3 ? '([A-Za-z]+)' : '(\\d{1,2})';
    else if (token.letter === 'S') source += `(\\d{${token.width}})`;
    else if ((token.letter === 'y' || token.letter === 'u') && token.width === 2)
      source += '(\\d{2})';
    else source += FIELD_SOURCE[token.letter];
  }
  const match = new RegExp(`${source}$`).exec(text);
  if (!match) throw new Error(`util.time: "${text}" does not match the pattern "${pattern}"`);
  let year = 1970;
  let month = 0;
  let day = 1;
  let hour = 0;
  let pm: boolean | undefined;
  let minute = 0;
  let second = 0;
  let millis = 0;
  let offset: number | undefined;
  fields.forEach((field, index) => {
    const value = match[index + 1] as string;
    switch (field.letter) {
      case 'y':
      case 'u':
        year = field.width === 2 ? 2000 + Number(value) : Number(value);
        break;
      case 'M':
        month = field.width >= 3 ? monthIndex(value) : Number(value) - 1;
        break;
      case 'd':
        day = Number(value);
        break;
      case 'H':
      case 'h':
        hour = Number(value);
        break;
      case 'a':
        pm = value.toUpperCase() === 'PM';
        break;
      case 'm':
        minute = Number(value);
        break;
      case 's':
        second = Number(value);
        break;
      case 'S':
        millis = Number(value.padEnd(3, '0').slice(0, 3));
        break;
      case 'E':
        break;
      default:
        offset = value === 'Z' ? 0 : zoneOffsetMinutes(value, 0);
    }
  });
  if (pm !== undefined) hour = (hour % 12) + (pm ? 12 : 0);
  const local = Date.UTC(year, month, day, hour, minute, second, millis);
  if (offset !== undefined) return local - offset * 60_000;
  const tz = zone ?? 'UTC';
  // Local time to instant: guess with the offset at the local reading, then correct once.
  const guess = local - zoneOffsetMinutes(tz, local) * 60_000;
  return local - zoneOffsetMinutes(tz, guess) * 60_000;
}

function monthIndex(name: string): number {
  const index = MONTHS.findIndex((month) =>
    month.toLowerCase().startsWith(name.toLowerCase().slice(0, 3)),
  );
  if (index < 0) throw new Error(`util.time: "${name}" is not a month name`);
  return index;
}

const ISO8601 =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Parses an ISO 8601 timestamp (date, or date and time, with an optional offset; UTC without). */
export function parseIso8601(text: string): number {
  const match = ISO8601.exec(text);
  if (!match) throw new Error(`util.time: "${text}" is not an ISO 8601 timestamp`);
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const local = Date.UTC(
    Number(y),
    Number(mo) - 1,
    Number(d),
    Number(h ?? 0),
    Number(mi ?? 0),
    Number(s ?? 0),
    Number((frac ?? '0').padEnd(3, '0').slice(0, 3)),
  );
  return local - (zone === undefined ? 0 : zoneOffsetMinutes(zone, local)) * 60_000;
}

/** The `util.time` namespace, reading the clock through `now`. */
export function createTime(now: () => number) {
  return {
    nowISO8601: (): string => new Date(now()).toISOString(),
    nowEpochSeconds: (): number => Math.floor(now() / 1000),
    nowEpochMilliSeconds: (): number => now(),
    nowFormatted: (format: string, timezone?: string): string =>
      formatEpoch(now(), format, timezone),
    parseFormattedToEpochMilliSeconds: (time: string, format: string, timezone?: string): number =>
      parseToEpoch(time, format, timezone),
    parseISO8601ToEpochMilliSeconds: (time: string): number => parseIso8601(time),
    epochMilliSecondsToSeconds: (epoch: number): number => Math.floor(epoch / 1000),
    epochMilliSecondsToISO8601: (epoch: number): string => new Date(epoch).toISOString(),
    epochMilliSecondsToFormatted: (epoch: number, format: string, timezone?: string): string =>
      formatEpoch(epoch, format, timezone),
  };
}
