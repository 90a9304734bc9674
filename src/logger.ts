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

/** One JSON log line; never throws, whatever the attributes hold (cycles, BigInts, Errors). */
export function formatLine(
  level: Level,
  message: string,
  attributes: Record<string, unknown> = {},
): string {
  const record = { level, message, timestamp: new Date().toISOString(), ...attributes };
  try {
    return JSON.stringify(record, logReplacer);
  } catch (error) {
    return JSON.stringify({
      level,
      message,
      timestamp: record.timestamp,
      logError: `attributes could not be serialised: ${(error as Error).message}`,
    });
  }
}

function logReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Error) {
    const { name, message, stack, cause } = value;
    return { ...value, name, message, stack, ...(cause === undefined ? {} : { cause }) };
  }
  return value;
}
