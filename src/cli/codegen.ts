import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { DocumentFile, ScalarMapping } from '../codegen/index.js';
import { type ParsedFlags, planCommand, UsageError } from './args.js';
import { glob } from './glob.js';
import { type CliIO, messageOf } from './io.js';

const FLAGS = {
  schema: 'string',
  documents: 'string',
  out: 'string',
  check: 'boolean',
  scalars: 'string',
  help: 'boolean',
} as const;

type Flags = ParsedFlags<typeof FLAGS>;

/** `appsync-direct codegen --help`. */
export const CODEGEN_HELP = `Usage: appsync-direct codegen --schema <file.graphql> [--out <file.ts>] [flags]
       appsync-direct codegen --schema <file.graphql> --documents <glob> [--out <file.ts>] [flags]

Writes the TypeScript types of an AppSync schema: every object, input, enum (a union of its
names), union and interface (its object types, told apart by a required __typename), the
AppSync scalars, and a Schema map with { args, source, result } for every field of every object
type. Give the map to createResolver<Schema>() and keys, arguments, parent values and results
are checked against the schema when you compile:

  import type { Schema } from './schema.generated.js';
  const app = createResolver<Schema>();

With --documents, it writes typed operations for appsync-direct/client instead: for each
named query, mutation and subscription in the .graphql files, its result type (GetPostQuery),
its variables type (GetPostQueryVariables) and the document as a TypedDocument (GetPost), with
the scalars, enums and input types they use:

  import { GetPost } from './operations.generated.js';
  const data = await client.request(GetPost, { id: '1' }); // typed result and variables

The output is deterministic and formatted, so it can be committed and checked in CI.

Flags
  --schema <file>       The AppSync schema (SDL). AppSync's scalars and directives are
                        predeclared.
                          --schema schema.graphql
  --documents <glob>    Write typed operations from the GraphQL documents the glob matches
                        (relative to the working directory; quote it): * and ? within a name,
                        ** for any directories (not node_modules, names starting with a dot
                        or links), {a,b} for either; the --schema file is left out. Fragments
                        may be in any of the files; each operation needs a name, unique
                        across them.
                          --documents 'src/**/*.graphql'
  --out <file>          Where to write the types. Default: print them on stdout.
                          --out src/schema.generated.ts
  --check               Write nothing; exit 1 if the --out file is missing or differs from
                        what the schema (and documents) generate (for CI; the regenerate
                        command in its header is not compared).
  --scalars <json>      TypeScript types for scalars, as a JSON object: a type for both
                        directions, or { "input", "output" } for arguments (and variables) and
                        results. Default: AWSDate, AWSTime, AWSDateTime, AWSEmail, AWSURL,
                        AWSPhone and AWSIPAddress are string; AWSTimestamp is number (seconds);
                        an AWSJSON argument arrives parsed (a JSON value) and a result is
                        unknown; with --documents, AWSJSON is string (JSON text) both ways.
                          --scalars '{"AWSJSON":"Record<string, unknown>"}'
  -h, --help            Show this help.

Exit codes
  0  written, or (with --check) up to date
  1  (with --check) the file is stale or missing
  2  bad usage, the schema cannot be read or is not valid, or (with --documents) no file
     matches, or an operation is anonymous, named twice or not valid against the schema

Examples
  appsync-direct codegen --schema schema.graphql --out src/schema.generated.ts
  appsync-direct codegen --schema schema.graphql --out src/schema.generated.ts --check
  appsync-direct codegen --schema schema.graphql --documents 'src/**/*.graphql' --out src/operations.generated.ts
`;

interface CodegenPlan {
  schema: string;
  /** The glob of the GraphQL documents, for typed operations. */
  documents: string | undefined;
  out: string | undefined;
  check: boolean;
  scalars: Record<string, ScalarMapping> | undefined;
  /** The command that regenerates the file, for its header. */
  command: string;
}

type CodegenModule = typeof import('../codegen/index.js');

/** What `codegen` uses that a test may replace. */
export interface CodegenDependencies {
  importCodegen(): Promise<CodegenModule>;
}

const defaults: CodegenDependencies = { importCodegen: () => import('../codegen/index.js') };

/** `appsync-direct codegen`: writes, prints or checks the generated types. Resolves to the exit code. */
export async function codegenCommand(
  argv: readonly string[],
  io: CliIO,
  dependencies: CodegenDependencies = defaults,
): Promise<number> {
  const planned = planCommand('codegen', argv, FLAGS, CODEGEN_HELP, io, planCodegen);
  if ('exitCode' in planned) return planned.exitCode;
  const { plan } = planned;

  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, plan.schema), 'utf8');
  } catch (error) {
    const missing = (error as { code?: unknown }).code === 'ENOENT';
    io.stderr(
      `appsync-direct codegen: --schema ${plan.schema}: ${missing ? `there is no such file (looked for ${resolve(io.cwd, plan.schema)})` : `cannot be read: ${messageOf(error)}`}\n`,
    );
    return 2;
  }

  let codegen: CodegenModule;
  try {
    codegen = await dependencies.importCodegen();
  } catch (error) {
    io.stderr(
      `appsync-direct codegen: the generator cannot load: ${messageOf(error)}\nIt needs graphql (16 or 17) installed: npm i -D graphql\n`,
    );
    return 2;
  }

  let documents: DocumentFile[] | undefined;
  if (plan.documents !== undefined) {
    documents = readDocuments(plan.documents, plan.schema, io);
    if (documents === undefined) return 2;
  }

  let code: string;
  try {
    const options = { scalars: plan.scalars, header: [`Regenerate: ${plan.command}`] };
    code =
      documents === undefined
        ? codegen.generateTypes(text, options)
        : codegen.generateDocuments(text, documents, options);
  } catch (error) {
    if (error instanceof codegen.InvalidDocumentError) {
      for (const problem of error.problems) {
        io.stderr(
          `appsync-direct codegen: ${problem.path}:${problem.line}:${problem.column}: ${problem.message}\n`,
        );
      }
      return 2;
    }
    const where = (error as { locations?: readonly { line: number; column: number }[] })
      .locations?.[0];
    const at = where === undefined ? '' : ` (line ${where.line}, column ${where.column})`;
    io.stderr(`appsync-direct codegen: --schema ${plan.schema}${at}: ${messageOf(error)}\n`);
    return 2;
  }

  if (plan.out === undefined) {
    io.stdout(code);
    return 0;
  }
  const outPath = resolve(io.cwd, plan.out);
  if (plan.check) return checkFile(outPath, plan, code, io);
  try {
    mkdirSync(dirname(outPath), { recursive: true });
    writeFileSync(outPath, code);
  } catch (error) {
    io.stderr(`appsync-direct codegen: --out ${plan.out} cannot be written: ${messageOf(error)}\n`);
    return 2;
  }
  const [count, noun] =
    plan.documents === undefined
      ? [countFields(code), 'field']
      : [code.match(/^export const /gm)?.length ?? 0, 'operation'];
  io.stdout(
    `appsync-direct codegen: wrote ${plan.out} (${count} ${noun}${count === 1 ? '' : 's'})\n`,
  );
  return 0;
}

/**
 * The files `--documents` matches but the schema (which `**\/*.graphql` may match too), read;
 * `undefined`, after saying why, when there are none.
 */
function readDocuments(pattern: string, schema: string, io: CliIO): DocumentFile[] | undefined {
  const schemaPath = resolve(io.cwd, schema);
  const paths = glob(pattern, io.cwd).filter((path) => resolve(io.cwd, path) !== schemaPath);
  if (paths.length === 0) {
    io.stderr(
      `appsync-direct codegen: --documents ${pattern}: no file matches it (looked in ${io.cwd})\n`,
    );
    return undefined;
  }
  const files: DocumentFile[] = [];
  for (const path of paths) {
    try {
      files.push({ path, text: readFileSync(resolve(io.cwd, path), 'utf8') });
    } catch (error) {
      io.stderr(
        `appsync-direct codegen: --documents: ${path} cannot be read: ${messageOf(error)}\n`,
      );
      return undefined;
    }
  }
  return files;
}

function checkFile(outPath: string, plan: CodegenPlan, code: string, io: CliIO): number {
  let current: string | undefined;
  try {
    current = readFileSync(outPath, 'utf8');
  } catch {
    current = undefined;
  }
  // The command in the header is how the file was last written, not part of what it says: the
  // same schema given as ./schema.graphql or from another directory is up to date.
  if (current !== undefined && withoutCommand(current) === withoutCommand(code)) {
    io.stdout(`appsync-direct codegen: ${plan.out} is up to date\n`);
    return 0;
  }
  const why =
    current === undefined
      ? 'does not exist'
      : `is stale: line ${firstDifference(current, code)} differs from what ${plan.documents === undefined ? plan.schema : `${plan.schema} and ${plan.documents}`} generate${plan.documents === undefined ? 's' : ''}`;
  io.stderr(`appsync-direct codegen: ${plan.out} ${why}.\nRegenerate it: ${plan.command}\n`);
  return 1;
}

/** The generated text without its `// Regenerate:` header line. */
function withoutCommand(code: string): string {
  return code.replace(/^((?:\/\/.*\n)*?)\/\/ Regenerate: .*\n/, '$1');
}

/** The 1-based number of the first line where two texts differ. */
function firstDifference(a: string, b: string): number {
  const left = a.split('\n');
  const right = b.split('\n');
  let line = 0;
  while (line < left.length && line < right.length && left[line] === right[line]) line++;
  return line + 1;
}

/** The number of entries of the generated Schema map. */
function countFields(code: string): number {
  return code.match(/^ {2}'[_A-Za-z][_0-9A-Za-z]*\.[_A-Za-z][_0-9A-Za-z]*': /gm)?.length ?? 0;
}

function planCodegen(flags: Flags, cwd: string): CodegenPlan {
  if (flags.schema === undefined) {
    throw new UsageError('--schema is required: the AppSync schema, as in --schema schema.graphql');
  }
  if (flags.check === true && flags.out === undefined) {
    throw new UsageError('--check compares with the file given by --out; add --out <file.ts>');
  }
  const scalars = flags.scalars === undefined ? undefined : parseScalars(flags.scalars);
  const words = ['appsync-direct codegen', `--schema ${quote(tidy(flags.schema, cwd))}`];
  if (flags.documents !== undefined) words.push(`--documents ${quote(flags.documents)}`);
  if (flags.out !== undefined) words.push(`--out ${quote(tidy(flags.out, cwd))}`);
  if (flags.scalars !== undefined) words.push(`--scalars ${quote(flags.scalars)}`);
  return {
    schema: flags.schema,
    documents: flags.documents,
    out: flags.out,
    check: flags.check === true,
    scalars,
    command: words.join(' '),
  };
}

function parseScalars(text: string): Record<string, ScalarMapping> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--scalars must be a JSON object of scalar names and TypeScript types, as in --scalars '{"AWSJSON":"Record<string, unknown>"}'; received ${text}`,
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UsageError(
      `--scalars must be a JSON object, as in --scalars '{"AWSJSON":"unknown"}'; received ${text}`,
    );
  }
  const scalars: Record<string, ScalarMapping> = {};
  for (const [name, mapping] of Object.entries(value)) {
    if (typeof mapping === 'string' && mapping.trim() !== '') {
      scalars[name] = mapping;
    } else if (
      typeof mapping === 'object' &&
      mapping !== null &&
      typeof (mapping as { input?: unknown }).input === 'string' &&
      typeof (mapping as { output?: unknown }).output === 'string'
    ) {
      const { input, output } = mapping as { input: string; output: string };
      scalars[name] = { input, output };
    } else {
      throw new UsageError(
        `--scalars: ${name} must map to a TypeScript type (a string) or to { "input": type, "output": type }; received ${JSON.stringify(mapping)}`,
      );
    }
  }
  return scalars;
}

/** A path as the header records it: relative to the working directory, with `/`. */
function tidy(path: string, cwd: string): string {
  if (isAbsolute(path)) return path.split(sep).join('/');
  return relative(cwd, resolve(cwd, path)).split(sep).join('/');
}

/** A value as it would be typed in a POSIX shell. */
function quote(value: string): string {
  return /^[\w./@:=+-]+$/.test(value) ? value : `'${value.replaceAll("'", "'\\''")}'`;
}
