/**
 * Shared helpers of the codegen tests: the test schemas, Biome's formatter on a string, and the
 * TypeScript compiler with the project's own options on in-memory files.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = fileURLToPath(new URL('../..', import.meta.url));

/** The test schemas by name: the blog example, the edge cases and a large commerce API. */
export const schemaFiles = {
  blog: join(root, 'examples/blog/schema.graphql'),
  edge: join(root, 'test/codegen/schemas/edge.graphql'),
  commerce: join(root, 'test/codegen/schemas/commerce.graphql'),
} as const;

export type SchemaName = keyof typeof schemaFiles;

export const schemaNames = Object.keys(schemaFiles) as SchemaName[];

export function readSchema(name: SchemaName): string {
  return readFileSync(schemaFiles[name], 'utf8');
}

/** The file as `biome format` writes it, with the project's biome.json. */
export function biomeFormat(code: string, path = 'generated.ts'): string {
  const result = spawnSync(
    join(root, 'node_modules/.bin/biome'),
    ['format', `--stdin-file-path=${path}`],
    { cwd: root, input: code, encoding: 'utf8' },
  );
  if (result.status !== 0) {
    throw new Error(`biome format failed (${result.status}): ${result.stderr}`);
  }
  return result.stdout;
}

/** Unformatted, with double quotes: rewritten only if Biome read the files with biome.json. */
const SENTINEL = { code: 'const a = {b:"1"}\n', formatted: "const a = { b: '1' };\n" };

/**
 * Each file as `biome format --write` leaves it, with the project's biome.json, from one Biome
 * process for all of them (rather than one per file). The files go to a temporary directory
 * outside the repository, so Biome's Git integration, which only decides which files to skip,
 * is turned off; a sentinel file proves Biome formatted that directory with the project's style.
 */
export function biomeFormatAll(files: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-biome-'));
  try {
    const paths = files.map((_, i) => join(dir, `random-${i}.ts`));
    for (const [i, path] of paths.entries()) writeFileSync(path, files[i] as string);
    const sentinel = join(dir, 'sentinel.ts');
    writeFileSync(sentinel, SENTINEL.code);
    const result = spawnSync(
      join(root, 'node_modules/.bin/biome'),
      [
        'format',
        '--write',
        '--vcs-enabled=false',
        `--config-path=${join(root, 'biome.json')}`,
        dir,
      ],
      { cwd: root, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      throw new Error(`biome format failed (${result.status}): ${result.stdout}${result.stderr}`);
    }
    const rewritten = readFileSync(sentinel, 'utf8');
    if (rewritten !== SENTINEL.formatted) {
      throw new Error(`biome format did not format ${dir} with biome.json: ${rewritten}`);
    }
    return paths.map((path) => readFileSync(path, 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The project's compiler options (tsconfig.json), for type-checking only. */
export function projectOptions(): ts.CompilerOptions {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (config.error)
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, dirname(configPath));
  return { ...parsed.options, noEmit: true, declaration: false, declarationMap: false };
}

/** One diagnostic, reduced to what a test compares. */
export interface Problem {
  file: string;
  line: number;
  code: number;
  message: string;
}

/**
 * Type-checks in-memory files (paths relative to `test/codegen/virtual/`, which does not exist
 * on disk) with the project's options; imports of the project's files and packages resolve as
 * in the repository. Source files read from disk are cached across calls, so the standard
 * library and `@types/node` are parsed once per test file.
 */
export class TypeChecker {
  readonly options = projectOptions();
  readonly dir = join(root, 'test/codegen/virtual');
  private readonly cache = new Map<string, ts.SourceFile>();
  private readonly host = ts.createCompilerHost(this.options, true);

  check(files: Readonly<Record<string, string>>): Problem[] {
    const virtual = new Map(
      Object.entries(files).map(([name, text]) => [join(this.dir, name), text] as const),
    );
    const host: ts.CompilerHost = {
      ...this.host,
      fileExists: (path) => virtual.has(path) || this.host.fileExists(path),
      directoryExists: (path) =>
        path === this.dir || (this.host.directoryExists?.(path) ?? ts.sys.directoryExists(path)),
      readFile: (path) => virtual.get(path) ?? this.host.readFile(path),
      getSourceFile: (path, language) => {
        const text = virtual.get(path);
        if (text !== undefined) return ts.createSourceFile(path, text, language, true);
        let file = this.cache.get(path);
        if (file === undefined) {
          file = this.host.getSourceFile(path, language);
          if (file !== undefined) this.cache.set(path, file);
        }
        return file;
      },
    };
    const program = ts.createProgram({
      rootNames: [...virtual.keys()],
      options: this.options,
      host,
    });
    // Only the in-memory files are checked: the project's own files have their own type-check.
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...[...virtual.keys()].flatMap((path) => {
        const file = program.getSourceFile(path);
        if (file === undefined) throw new Error(`not in the program: ${path}`);
        return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
      }),
    ];
    return diagnostics.map((diagnostic) => {
      const position =
        diagnostic.file && diagnostic.start !== undefined
          ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
          : undefined;
      return {
        file: diagnostic.file ? diagnostic.file.fileName.replace(`${this.dir}/`, '') : '',
        line: position ? position.line + 1 : 0,
        code: diagnostic.code,
        message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'),
      };
    });
  }
}

/** A property of a generated interface: whether it is optional, and its type on one line. */
export interface Property {
  optional: boolean;
  type: string;
}

/** What a generated file declares, read back with the TypeScript parser. */
export interface Declarations {
  /** Interfaces by name: their properties by name. */
  interfaces: Map<string, Map<string, Property>>;
  /** Type aliases by name: their types on one line. */
  aliases: Map<string, string>;
  /** The `Schema` map by key: `args`, `source` and `result` on one line each. */
  schema: Map<string, { args: string; source: string; result: string }>;
}

/** A type's text on one line, as it would be written if it fitted: `A | B`, `(A | B)[]`. */
function oneLine(node: ts.Node): string {
  return node
    .getText()
    .replace(/\s+/g, ' ')
    .replace(/^\| /, '')
    .replace(/: \| /g, ': ')
    .replace(/\( \| /g, '(')
    .replace(/ \)/g, ')');
}

/** A type on one line, and an object type's members without their comments. */
function typeText(node: ts.TypeNode): string {
  if (!ts.isTypeLiteralNode(node)) return oneLine(node);
  const members = node.members.map((member) => {
    if (ts.isPropertySignature(member) && member.type) {
      return `${member.name.getText()}${member.questionToken ? '?' : ''}: ${oneLine(member.type)}`;
    }
    return oneLine(member).replace(/;$/, '');
  });
  return `{ ${members.join('; ')} }`;
}

export function declarations(code: string): Declarations {
  const file = ts.createSourceFile('generated.ts', code, ts.ScriptTarget.ES2022, true);
  const interfaces = new Map<string, Map<string, Property>>();
  const aliases = new Map<string, string>();
  for (const statement of file.statements) {
    if (ts.isTypeAliasDeclaration(statement)) {
      aliases.set(statement.name.text, oneLine(statement.type));
    } else if (ts.isInterfaceDeclaration(statement)) {
      const properties = new Map<string, Property>();
      for (const member of statement.members) {
        if (!ts.isPropertySignature(member) || member.type === undefined) continue;
        properties.set(member.name.getText().replace(/^'|'$/g, ''), {
          optional: member.questionToken !== undefined,
          type: oneLine(member.type),
        });
      }
      interfaces.set(statement.name.text, properties);
    }
  }
  const schema = new Map<string, { args: string; source: string; result: string }>();
  const map = file.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === 'Schema',
  );
  for (const member of map?.members ?? []) {
    if (!ts.isPropertySignature(member) || !member.type || !ts.isTypeLiteralNode(member.type)) {
      throw new Error(`unexpected member of Schema: ${member.getText()}`);
    }
    const parts = new Map(
      member.type.members.map((part) => [
        part.name?.getText() ?? '',
        ts.isPropertySignature(part) && part.type ? typeText(part.type) : '',
      ]),
    );
    schema.set(member.name.getText().replace(/^'|'$/g, ''), {
      args: parts.get('args') ?? '',
      source: parts.get('source') ?? '',
      result: parts.get('result') ?? '',
    });
  }
  return { interfaces, aliases, schema };
}
