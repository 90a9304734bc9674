import { readFileSync } from 'node:fs';
import { didYouMean } from './args.js';
import { buildCommand } from './build.js';
import { checkCommand } from './check.js';
import { codegenCommand } from './codegen.js';
import { devCommand } from './dev.js';
import { invokeCommand } from './invoke.js';
import { type CliIO, describeThrown } from './io.js';
import { manifestCommand } from './manifest.js';

export type { CliIO } from './io.js';

/** The commands, with a one-line summary each. */
const COMMANDS: Readonly<Record<string, string>> = {
  build: 'Bundle a handler for Lambda with esbuild, print its size and warn about heavy imports',
  check: "Compare a handler's routes with the schema: unknown and unserved fields, batches of one",
  codegen:
    'Write the TypeScript types of an AppSync schema, or (--documents) typed operations for the client',
  dev: 'Serve a local AppSync API (POST /graphql and a GraphiQL IDE) backed by a handler',
  invoke:
    'Call a handler with one AppSync event (or HTTP request) and print what AppSync (or the client) gets',
  manifest: "Print a handler's routes as JSON or as CloudFormation Direct Lambda resolvers",
};

/** `appsync-direct --help`. */
export const USAGE = `Usage: appsync-direct <command> [flags]

Commands
${Object.entries(COMMANDS)
  .map(([name, summary]) => `  ${name.padEnd(10)}${summary}`)
  .join('\n')}

Flags
  -h, --help     Show this help
  -v, --version  Print the version of appsync-direct

Run "appsync-direct <command> --help" for a command's flags and examples, e.g.
  appsync-direct dev --help
  appsync-direct invoke --help
  appsync-direct check --help
  appsync-direct codegen --help
  appsync-direct build --help
  appsync-direct manifest --help
`;

/** The version in the package.json beside `src/` (or `dist/`). */
export function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  return String((pkg as { version: unknown }).version);
}

/**
 * The `appsync-direct` command: runs `argv` (the arguments after the program name) and resolves
 * to the exit code: 0 success, 1 the handler answered with an error, 2 bad usage. `dev` resolves
 * when it is stopped (SIGINT, SIGTERM or `io.signal`).
 *
 * ```ts
 * const code = await run(['invoke', '--help'], { stdout, stderr, cwd: process.cwd() });
 * ```
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    io.stdout(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.stdout(`${version()}\n`);
    return 0;
  }
  if (command === 'invoke') return invokeCommand(rest, io);
  if (command === 'dev') return devCommand(rest, io);
  if (command === 'codegen') return codegenCommand(rest, io);
  if (command === 'check') return checkCommand(rest, io);
  if (command === 'build') return buildCommand(rest, io);
  if (command === 'manifest') return manifestCommand(rest, io);
  const problem = command.startsWith('-')
    ? `unknown flag ${command}${didYouMean(command, ['--help', '--version'])}`
    : `unknown command ${JSON.stringify(command)}${didYouMean(command, Object.keys(COMMANDS))}`;
  io.stderr(
    `appsync-direct: ${problem}\nThe commands are: ${Object.keys(COMMANDS).join(', ')}. Run "appsync-direct --help" for usage.\n`,
  );
  return 2;
}

/** The parts of `process` the executable uses. */
export interface CliProcess {
  readonly argv: readonly string[];
  cwd(): string;
  readonly stdout: { write(text: string, callback?: () => void): unknown };
  readonly stderr: { write(text: string, callback?: () => void): unknown };
  exitCode?: number | string | null | undefined;
  exit(code?: number): unknown;
  once(event: 'exit', listener: () => void): unknown;
}

/**
 * The executable: runs the command with the process's arguments, then exits once stdout and
 * stderr are flushed, so a handler's open connections or timers cannot keep it alive (Lambda
 * freezes them too). If the handler's promise never settles, it says so and exits with 1.
 */
export async function main(proc: CliProcess): Promise<void> {
  const out = proc.stdout.write.bind(proc.stdout);
  const err = proc.stderr.write.bind(proc.stderr);
  let settled = false;
  proc.once('exit', () => {
    if (!settled) {
      err(
        'appsync-direct: the handler never settled: nothing was left to run while its promise was pending\n',
      );
      proc.exitCode = 1;
    }
  });
  let code: number;
  try {
    code = await run(proc.argv.slice(2), { stdout: out, stderr: err, cwd: proc.cwd() });
  } catch (error) {
    err(`appsync-direct: unexpected failure: ${describeThrown(error)}\n`);
    code = 1;
  }
  settled = true;
  proc.exitCode = code;
  out('', () => err('', () => proc.exit(code)));
}
