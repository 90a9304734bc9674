/**
 * What the benchmarks share: a realistic AppSync event, a Lambda context, statistics over rounds,
 * the table printers, the report's formats and targets, and a description of the machine.
 */
import { cpus } from 'node:os';

/**
 * The headers AppSync forwards from a browser client through CloudFront (PROTOCOL.md §2.2),
 * lower-cased, without `cookie`.
 */
export const HEADERS: Readonly<Record<string, string>> = {
  accept: '*/*',
  'accept-encoding': 'gzip, deflate, br',
  'accept-language': 'en-GB,en;q=0.9',
  authorization: 'eyJraWQiOiJrZXkiLCJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxOTI4NzlmYyJ9.c2lnbmF0dXJl',
  'cloudfront-forwarded-proto': 'https',
  'cloudfront-is-desktop-viewer': 'true',
  'cloudfront-viewer-country': 'GB',
  'content-length': '112',
  'content-type': 'application/json',
  host: 'abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com',
  origin: 'https://app.example.com',
  referer: 'https://app.example.com/posts/42',
  'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/605.1.15',
  via: '2.0 0123456789abcdef0123456789abcdef.cloudfront.net (CloudFront)',
  'x-amz-cf-id': '6Yc0kS2HqkH7tpXoQ0ZpVbXrHcG5aA==',
  'x-amzn-trace-id': 'Root=1-65f0c0de-0123456789abcdef01234567',
  'x-forwarded-for': '203.0.113.10, 130.176.1.1',
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
};

/** A Cognito user pool caller. */
const IDENTITY = {
  sub: '192879fc-a240-4bf1-ab5a-d6a00f3063f9',
  issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_AbCdEf123',
  username: 'jdoe',
  claims: { sub: '192879fc-a240-4bf1-ab5a-d6a00f3063f9', 'cognito:groups': ['admin'] },
  sourceIp: ['203.0.113.10'],
  defaultAuthStrategy: 'ALLOW',
  groups: ['admin'],
};

export interface EventOptions {
  /** `Type.field`, such as `Query.getPost`. */
  field: string;
  args?: Record<string, unknown>;
  source?: Record<string, unknown> | null;
  /** The operation's variables. Default: `args`. */
  variables?: Record<string, unknown>;
  /** The sub-fields selected. Default: a post with its author's name. */
  selectionSetList?: string[];
  selectionSetGraphQL?: string;
}

/**
 * A Direct Lambda context as AppSync sends it: every header above, a Cognito identity and a
 * selection set — about 1.5 KB of JSON for `Query.getPost`. Each call returns new objects.
 */
export function appSyncEvent(options: EventOptions) {
  const [parentTypeName, fieldName] = options.field.split('.') as [string, string];
  const args = options.args ?? {};
  return {
    arguments: args,
    identity: structuredClone(IDENTITY),
    source: options.source ?? null,
    request: { headers: { ...HEADERS }, domainName: null },
    prev: null,
    info: {
      fieldName,
      parentTypeName,
      variables: options.variables ?? args,
      selectionSetList: options.selectionSetList ?? ['id', 'title', 'author', 'author/name'],
      selectionSetGraphQL:
        options.selectionSetGraphQL ?? '{\n  id\n  title\n  author {\n    name\n  }\n}',
    },
    stash: {},
  };
}

/**
 * The `Query.getPost` context of the guards benchmark: the same shape as {@link appSyncEvent}
 * with the post's id as argument.
 */
export const getPostEvent = (id: string) =>
  appSyncEvent({ field: 'Query.getPost', args: { id }, variables: { id } });

/** The parts of Lambda's context the handlers read. */
export interface BenchLambdaContext {
  awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/** A Lambda context whose invocation has `remainingMs` left (AppSync waits 30 s at most). */
export function lambdaContext(remainingMs = 30_000, awsRequestId = 'bench'): BenchLambdaContext {
  const deadline = Date.now() + remainingMs;
  return { awsRequestId, getRemainingTimeInMillis: () => deadline - Date.now() };
}

export interface Stats {
  min: number;
  median: number;
  max: number;
}

/**
 * Min, median and max of the rounds' values. For an even count the median is the mean of the two
 * middle values (the benchmarks use odd counts, so it is one of the rounds).
 */
export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('stats of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median =
    sorted.length % 2 === 1
      ? (sorted[mid] as number)
      : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { min: sorted[0] as number, median, max: sorted[sorted.length - 1] as number };
}

/** The stats of each series, by name. */
export function statsOf(
  series: Readonly<Record<string, readonly number[]>>,
): Record<string, Stats> {
  return Object.fromEntries(Object.entries(series).map(([name, values]) => [name, stats(values)]));
}

/** The `i`th value of a series of rounds. */
export const at = (values: readonly number[], i: number) => values[i] as number;

/** The stats of `a ÷ b` taken round by round. */
export const ratioStats = (a: readonly number[], b: readonly number[]) =>
  stats(a.map((x, i) => x / at(b, i)));

/** A number with `digits` significant figures at most, and thousands separated. */
export function num(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value) < 1e-12 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, digits - 1 - magnitude);
  return value.toLocaleString('en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
}

/** `median [min, max]`, each number formatted by `format`. */
export function range(s: Stats, format: (n: number) => string = (n) => num(n)): string {
  return `${format(s.median)} [${format(s.min)}, ${format(s.max)}]`;
}

/** A ratio's `median [min, max]`, each as `1.23×`. */
export const times = (s: Stats) => range(s, (n) => `${num(n, 3)}×`);

/** A whole number, thousands separated. */
export const int = (n: number) => Math.round(n).toLocaleString('en-US');

/** A difference with its sign, `+` or `−`, the size formatted by `format`. */
export const signed = (n: number, format: (size: number) => string = (size) => num(size, 2)) =>
  `${n < 0 ? '−' : '+'}${format(Math.abs(n))}`;

/** A performance target, as the report's tables and JSON give it. */
export interface Target {
  target: string;
  value: string;
  met: boolean;
}

/** Whether a target is met, as its cell reads. */
export const status = (met: boolean) => (met ? 'met' : '**not met**');

/**
 * A benchmark's report as it is built: `rows`, its main table, starting with the header, to which
 * `section(title)` adds a section's title row; the `targets` checked; `tables()`, both as Markdown
 * tables (the targets' with each one's figure in this run and whether it is met); and
 * `finish(notes, json)`: the tables, the notes, and the results with the targets and the notes.
 */
export function startReport() {
  const rows: string[][] = [['measurement', 'median [min, max]', 'ratio', 'ratio', 'target']];
  const targets: Record<string, Target> = {};
  const tables = () => ({
    table: markdownTable(rows),
    targetTable: markdownTable([
      ['Target', 'This run', 'Status'],
      ...Object.values(targets).map((t) => [t.target, t.value, status(t.met)]),
    ]),
  });
  return {
    rows,
    targets,
    section: (title: string) => rows.push([`**${title}**`, '', '', '', '']),
    tables,
    finish: <J extends object>(notes: string[], json: J) => ({
      ...tables(),
      notes,
      json: { ...json, targets, notes },
    }),
  };
}

/** Prints rows as an aligned table whose first row is the header; returns the lines. */
export function printTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(...rows.map((row) => (row[c] ?? '').length)),
  );
  const lines = rows.map((row) =>
    row
      .map((cell, c) => cell.padEnd(widths[c] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  for (const line of lines) console.log(line);
  return lines;
}

/** Rows as a Markdown table whose first row is the header, columns padded to align. */
export function markdownTable(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, c) =>
    Math.max(3, ...rows.map((row) => (row[c] ?? '').length)),
  );
  const line = (row: readonly string[]) =>
    `| ${widths.map((w, c) => (row[c] ?? '').padEnd(w)).join(' | ')} |`;
  const [header = [], ...body] = rows;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)];
}

/** The list rotated by `round` places: interleaves variants so that drift hits each in turn. */
export function rotate<T>(list: readonly T[], round: number): T[] {
  const k = round % Math.max(1, list.length);
  return [...list.slice(k), ...list.slice(0, k)];
}

/** The machine the numbers come from. */
export function machine() {
  const cpu = cpus();
  return { node: process.version, cpuModel: cpu[0]?.model ?? 'unknown', cores: cpu.length };
}
