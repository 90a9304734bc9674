/** Where the command writes, and the directory relative paths resolve against. */
export interface CliIO {
  /** The command's result: JSON, help, the version. */
  stdout(text: string): void;
  /** Messages, and whatever the handler prints while it runs. */
  stderr(text: string): void;
  /** The working directory. */
  readonly cwd: string;
  /**
   * Stops a command that runs until it is stopped (`dev`), as SIGINT and SIGTERM do; lets a
   * caller in the same process stop it.
   */
  readonly signal?: AbortSignal | undefined;
}

/** The message of anything thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A thrown value for a human: an Error's stack (which starts with its name and message). */
export function describeThrown(thrown: unknown): string {
  return thrown instanceof Error ? (thrown.stack ?? String(thrown)) : String(thrown);
}
