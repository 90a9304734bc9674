/**
 * What the dispatcher logs through. Powertools' `Logger` fits as it is, as does any object with
 * these four methods.
 */
export interface Logger {
  debug(message: string, attributes?: Record<string, unknown>): void;
  info(message: string, attributes?: Record<string, unknown>): void;
  warn(message: string, attributes?: Record<string, unknown>): void;
  error(message: string, attributes?: Record<string, unknown>): void;
}

type Level = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

const noop = (): void => {};

/**
 * The default logger: one JSON line on stdout per warning or error, nothing below `WARN`, so the
 * success path writes nothing. Errors are written with name, message, stack and cause.
 *
 * @example
 * const app = createResolver({ logger: jsonLogger() });
 */
export function jsonLogger(write: (line: string) => void = writeStdout): Logger {
  const emit =
    (level: Level) =>
    (message: string, attributes?: Record<string, unknown>): void => {
      write(formatLine(level, message, attributes));
    };
  return { debug: noop, info: noop, warn: emit('WARN'), error: emit('ERROR') };
}

/** The globals the default logger writes through, declared here so no Node typings are needed. */
interface OutputGlobals {
  process?: { stdout?: { write(chunk: string): unknown } };
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
