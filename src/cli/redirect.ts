import { format } from 'node:util';

type Write = typeof process.stdout.write;

/** The console methods that print to stdout. */
const STDOUT_METHODS = ['log', 'info', 'debug'] as const;

/**
 * Runs `task` with everything written to stdout sent to `write` instead: `process.stdout.write`
 * (where the default `jsonLogger` writes) and `console.log` / `info` / `debug`. The originals are
 * restored when `task` settles, whether it resolves or rejects, so the command's own stdout holds
 * only its result and can be piped to `jq`.
 */
export async function withStdoutTo<T>(
  write: (text: string) => void,
  task: () => Promise<T>,
): Promise<T> {
  const stdout = process.stdout;
  const originalWrite = stdout.write;
  const originalConsole = STDOUT_METHODS.map((method) => console[method]);
  stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    write(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback !== undefined) queueMicrotask(callback);
    return true;
  }) as Write;
  for (const method of STDOUT_METHODS) {
    console[method] = (...args: unknown[]): void => write(`${format(...args)}\n`);
  }
  try {
    return await task();
  } finally {
    stdout.write = originalWrite;
    STDOUT_METHODS.forEach((method, i) => {
      console[method] = originalConsole[i] as (typeof console)[typeof method];
    });
  }
}
