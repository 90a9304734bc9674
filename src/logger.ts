/**
 * What the dispatcher logs through. Powertools' `Logger` fits as it is, as does any object with
 * these four methods.
 */
export interface Logger {
  // The attributes are always passed (never optional), which is what lets Powertools' Logger,
  // whose extra arguments are a rest tuple, be assigned to this interface.
  debug(message: string, attributes: Record<string, unknown>): void;
  info(message: string, attributes: Record<string, unknown>): void;
  warn(message: string, attributes: Record<string, unknown>): void;
  error(message: string, attributes: Record<string, unknown>): void;
}

/** The levels the dispatcher logs at, from the most to the least verbose (any case). */
export type LogLevel = Level | Lowercase<Level>;

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

/** Each level's rank: a line is written when its rank is at least the threshold's. */
export const LEVEL_RANK: Readonly<Record<Level, number>> = {
  DEBUG: 1,
  INFO: 2,
  WARN: 3,
  ERROR: 4,
};

// AWS_LAMBDA_LOG_LEVEL also has TRACE and FATAL (Lambda's "advanced logging controls").
const ALIASES: Readonly<Record<string, Level>> = {
  TRACE: 'DEBUG',
  DEBUG: 'DEBUG',
  INFO: 'INFO',
  WARN: 'WARN',
  ERROR: 'ERROR',
  FATAL: 'ERROR',
};

/** The level used when neither the option nor `AWS_LAMBDA_LOG_LEVEL` gives one. */
export const DEFAULT_LOG_LEVEL: Level = 'WARN';

/**
 * The log level: the option if given, else `AWS_LAMBDA_LOG_LEVEL` (set by Lambda's log level
 * setting; TRACE counts as DEBUG and FATAL as ERROR), else `WARN`. An option that is not a level
 * is a `TypeError`; an unknown environment value is ignored.
 */
export function resolveLogLevel(option: unknown, where: string): Level {
  if (option !== undefined) {
    const level = typeof option === 'string' ? ALIASES[option.toUpperCase()] : undefined;
    if (level === undefined) {
      throw new TypeError(
        `${where}: logLevel must be one of DEBUG, INFO, WARN, ERROR; received ${typeof option === 'string' ? JSON.stringify(option.slice(0, 20)) : typeof option}.`,
      );
    }
    return level;
  }
  const env = (globalThis as unknown as OutputGlobals).process?.env?.AWS_LAMBDA_LOG_LEVEL;
  return (typeof env === 'string' ? ALIASES[env.toUpperCase()] : undefined) ?? DEFAULT_LOG_LEVEL;
}

/** Options of {@link jsonLogger}. */
export interface JsonLoggerOptions {
  /** The lowest level written. Default: `AWS_LAMBDA_LOG_LEVEL`, else `WARN`. */
  level?: LogLevel | undefined;
  /** Where each line goes. Default: stdout (`console.log` where there is no `process`). */
  write?: ((line: string) => void) | undefined;
}

const noop = (): void => {};

/**
 * The default logger: one JSON line per record on stdout, at or above its level (by default
 * `AWS_LAMBDA_LOG_LEVEL`, else `WARN`, so the success path writes nothing). Errors are written
 * with name, message, stack and cause.
 *
 * @example
 * const app = createResolver({ logger: jsonLogger({ level: 'INFO' }) });
 */
export function jsonLogger(
  options: JsonLoggerOptions | ((line: string) => void) = {},
): Record<keyof Logger, (message: string, attributes?: Record<string, unknown>) => void> {
  const { level, write = writeStdout } =
    typeof options === 'function' ? { level: undefined, write: options } : options;
  const threshold = LEVEL_RANK[resolveLogLevel(level, 'jsonLogger')];
  const emit = (at: Level) =>
    LEVEL_RANK[at] < threshold
      ? noop
      : (message: string, attributes?: Record<string, unknown>): void => {
          write(formatLine(at, message, attributes));
        };
  return { debug: emit('DEBUG'), info: emit('INFO'), warn: emit('WARN'), error: emit('ERROR') };
}

/** The globals the default logger writes through, declared here so no Node typings are needed. */
interface OutputGlobals {
  process?: {
    stdout?: { write(chunk: string): unknown };
    env?: Record<string, string | undefined>;
  };
  console: { log(line: string): void };
}

function writeStdout(line: string): void {
  const { process, console } = globalThis as unknown as OutputGlobals;
  const stdout = process?.stdout;
  if (stdout !== undefined) stdout.write(`${line}\n`);
  else console.log(line);
}

/**
 * One JSON log line; never throws, whatever the attributes hold. Cycles become `"[Circular]"`,
 * BigInts strings, errors `{ name, message, stack, cause, …own fields }`; an attribute that still
 * cannot be written is replaced by `"[unserialisable]"`, and the others are kept.
 */
export function formatLine(
  level: Level,
  message: string,
  attributes: Record<string, unknown> = {},
): string {
  const record: Record<string, unknown> = {
    level,
    message,
    timestamp: new Date().toISOString(),
    ...attributes,
  };
  try {
    return JSON.stringify(record, logReplacer());
  } catch {
    for (const [key, value] of Object.entries(record)) {
      try {
        JSON.stringify(value, logReplacer());
      } catch {
        record[key] = '[unserialisable]';
      }
    }
    return JSON.stringify(record, logReplacer());
  }
}

/** A JSON replacer for log records (a fresh one per line: it tracks the path it is writing). */
function logReplacer(): (key: string, value: unknown) => unknown {
  // The objects on the path from the root to the value being written: as given, and as written
  // (an Error is written as a plain copy, which then holds its children).
  const given: object[] = [];
  const written: unknown[] = [];
  return function (this: unknown, _key: string, value: unknown): unknown {
    if (typeof value === 'bigint') return value.toString();
    if (typeof value !== 'object' || value === null) return value;
    // `this` holds `value`: leave the subtrees of the siblings already written.
    while (written.length > 0 && written[written.length - 1] !== this) {
      written.pop();
      given.pop();
    }
    if (given.includes(value)) return '[Circular]';
    let output: object = value;
    if (value instanceof Error) {
      const { name, message, stack, cause } = value;
      output = { ...value, name, message, stack, ...(cause === undefined ? {} : { cause }) };
    }
    given.push(value);
    written.push(output);
    return output;
  };
}
