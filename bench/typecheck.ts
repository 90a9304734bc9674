/**
 * Type-check cost of `createResolver<Schema>()` on a schema of 500 fields.
 *
 * Builds an AppSync schema of 500 fields (Query 60, Mutation 40, 40 object types of 10 fields),
 * runs `generateTypes` on it, and writes three files to a temporary directory: the generated
 * types, `typed.ts` (500 resolvers on `createResolver<Schema>()`) and `untyped.ts` (the same 500
 * resolvers on `createResolver()`, each `ctx` annotated by hand, as without codegen). It then
 * compares, in this process, with the repository's compiler options:
 *
 * - check: create a program and get the diagnostics of the user's files (typed vs untyped, and
 *   typed vs the generated file alone), with the library files parsed once as an editor or a
 *   watch build keeps them, and from scratch as `tsc` does;
 * - the checker's type and instantiation counts;
 * - the language service: completion of the key in `app.resolver('` (cold, warm, and after an
 *   edit, which is what each keystroke costs: the program update and the request are timed
 *   apart) against member completion after `ctx.` in the untyped file; member completion and
 *   quick info on `ctx.args` in both files.
 *
 * Figures are ratios against the baseline measured in the same run, min / median / max over
 * paired rounds. Written to bench/results/typecheck.json.
 *
 *   npm run bench:types
 *   npm run bench:types -- --keep   # keeps the files and a tsconfig.json, for tsc -p <dir>
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { generateTypes } from '../src/codegen/generate.js';
import { type Stats, stats } from './lib.js';

const ROUNDS = 7;
const COLD_ROUNDS = 5;
const FRESH_ROUNDS = 3;
const WARM_RUNS = 50;
const EDIT_RUNS = 15;
const GENERATE_RUNS = 15;
const keep = process.argv.includes('--keep');

const repo = fileURLToPath(new URL('..', import.meta.url));
const runtimeEntry = join(repo, 'src', 'index.js');

// -- the schema ---------------------------------------------------------------------------------

const TYPES = [
  'Account',
  'Address',
  'Article',
  'Asset',
  'Author',
  'Badge',
  'Board',
  'Budget',
  'Campaign',
  'Category',
  'Channel',
  'Comment',
  'Company',
  'Contract',
  'Coupon',
  'Customer',
  'Device',
  'Folder',
  'Invoice',
  'Issue',
  'Label',
  'License',
  'Meeting',
  'Message',
  'Milestone',
  'Order',
  'Organization',
  'Payment',
  'Plan',
  'Product',
  'Project',
  'Review',
  'Shipment',
  'Sprint',
  'Tag',
  'Task',
  'Team',
  'Ticket',
  'Vendor',
  'Warehouse',
] as const;

/** The one scalar or enum field of each object type that varies: every AppSync scalar appears. */
const EXTRAS = [
  { field: 'email', type: 'AWSEmail' },
  { field: 'website', type: 'AWSURL' },
  { field: 'updatedAt', type: 'AWSTimestamp' },
  { field: 'phone', type: 'AWSPhone' },
  { field: 'ipAddress', type: 'AWSIPAddress' },
  { field: 'dueDate', type: 'AWSDate' },
  { field: 'opensAt', type: 'AWSTime' },
  { field: 'metadata', type: 'AWSJSON' },
  { field: 'quantity', type: 'Int' },
  { field: 'rating', type: 'Float' },
  { field: 'enabled', type: 'Boolean' },
  { field: 'priority', type: 'Priority' },
] as const;

const LIST_QUERIES = 18;
const CREATES = 20;
const UPDATES = 10;
const DELETES = 10;
const FIELDS = 500;

/**
 * One resolver, rendered twice with the same body: the typed handler leaves `ctx` to the Schema
 * map, the untyped one annotates it as `ResolverContext<args, source>` (as without codegen).
 */
interface FieldSpec {
  key: string;
  batch: boolean;
  /** The arguments' TypeScript type, when the body reads them. */
  args?: string;
  /** The parent value's TypeScript type, when the body reads it. */
  source?: string;
  body: (a: string, s: string) => string;
}

function typeAt(index: number): string {
  return TYPES[((index % TYPES.length) + TYPES.length) % TYPES.length] as string;
}

function extraOf(index: number): { field: string; type: string } {
  return EXTRAS[index % EXTRAS.length] as { field: string; type: string };
}

const actors = TYPES.filter((_, i) => i % 4 === 0);
const searchable = TYPES.filter((_, i) => i % 5 === 0);

function lower(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** The SDL of the benchmark schema and the resolver of each of its fields. */
function buildSchema(): { sdl: string; fields: FieldSpec[] } {
  const sdl: string[] = [
    '"""Where a record is in its life."""',
    'enum Status {',
    '  ACTIVE',
    '  ARCHIVED',
    '  DRAFT',
    '}',
    '',
    'enum Priority {',
    '  LOW',
    '  MEDIUM',
    '  HIGH',
    '  URGENT',
    '}',
    '',
    '"""Anything with an id."""',
    'interface Node {',
    '  id: ID!',
    '}',
    '',
    '"""Something that can own records."""',
    'interface Actor {',
    '  id: ID!',
    '  name: String!',
    '}',
    '',
    `union SearchResult = ${searchable.join(' | ')}`,
  ];
  const fields: FieldSpec[] = [];
  const objects: FieldSpec[] = [];
  TYPES.forEach((name, index) => {
    const extra = extraOf(index);
    const parent = typeAt(index + 1);
    const child = typeAt(index - 1);
    const interfaces = index % 4 === 0 ? 'Node & Actor' : 'Node';
    const link =
      index % 2 === 0
        ? { field: 'owner', type: 'Actor', target: actors[index % actors.length] as string }
        : {
            field: 'related',
            type: 'SearchResult',
            target: searchable[index % searchable.length] as string,
          };
    const auth = index % 3 === 0 ? ' @aws_api_key @aws_cognito_user_pools' : '';
    sdl.push(
      '',
      `"""A ${lower(name)} of the benchmark schema."""`,
      `type ${name} implements ${interfaces}${auth} {`,
      '  id: ID!',
      '  name: String!',
      '  createdAt: AWSDateTime!',
      '  status: Status!',
      '  tags: [String!]!',
      `  ${extra.field}: ${extra.type}`,
      '  parentId: ID',
      `  parent: ${parent}`,
      `  children(limit: Int, nextToken: String): [${child}!]!`,
      `  ${link.field}: ${link.type}`,
      '}',
    );
    const source = `S.${name}`;
    for (const field of ['id', 'name', 'createdAt', 'status', 'tags']) {
      objects.push({
        key: `${name}.${field}`,
        batch: false,
        source,
        body: (_, s) => `${s}.${field}`,
      });
    }
    for (const field of [extra.field, 'parentId']) {
      objects.push({
        key: `${name}.${field}`,
        batch: false,
        source,
        body: (_, s) => `${s}.${field} ?? null`,
      });
    }
    objects.push({
      key: `${name}.parent`,
      batch: true,
      source,
      body: (_, s) =>
        `{\n      const parentId = ${s}.parentId;\n` +
        `      return parentId == null ? null : (db.${parent}.get(parentId) ?? null);\n    }`,
    });
    objects.push({
      key: `${name}.children`,
      batch: true,
      source,
      args: '{ limit?: number | null; nextToken?: string | null }',
      body: (a, s) =>
        `{\n      const args = ${a};\n      const id = ${s}.id;\n` +
        '      const start = Number(args.nextToken ?? 0);\n' +
        `      return [...db.${child}.values()]\n` +
        '        .filter((item) => item.parentId === id)\n' +
        '        .slice(start, start + (args.limit ?? 10));\n    }',
    });
    objects.push({
      key: `${name}.${link.field}`,
      batch: false,
      source,
      body: (_, s) =>
        `{\n    const found = db.${link.target}.get(${s}.parentId ?? '');\n` +
        `    return found === undefined ? null : { ...found, __typename: '${link.target}' as const };\n  }`,
    });
  });

  const query: string[] = [];
  TYPES.forEach((name) => {
    query.push(`  get${name}(id: ID!): ${name}`);
    fields.push({
      key: `Query.get${name}`,
      batch: false,
      args: '{ id: string }',
      body: (a) => `db.${name}.get(${a}.id) ?? null`,
    });
  });
  TYPES.slice(0, LIST_QUERIES).forEach((name) => {
    query.push(`  list${name}s(limit: Int, nextToken: String, status: Status): [${name}!]!`);
    fields.push({
      key: `Query.list${name}s`,
      batch: false,
      args: '{ limit?: number | null; nextToken?: string | null; status?: S.Status | null }',
      body: (a) =>
        `{\n    const args = ${a};\n    const start = Number(args.nextToken ?? 0);\n` +
        `    return [...db.${name}.values()]\n` +
        '      .filter((item) => args.status == null || item.status === args.status)\n' +
        '      .slice(start, start + (args.limit ?? 10));\n  }',
    });
  });
  query.push(
    '  search(',
    '    """Words the name contains."""',
    '    term: String!',
    '    limit: Int',
    '  ): [SearchResult!]!',
    '  node(id: ID!): Node',
  );
  fields.push({
    key: 'Query.search',
    batch: false,
    args: '{ term: string; limit?: number | null }',
    body: (a) =>
      `{\n    const args = ${a};\n    const found: S.SearchResult[] = [];\n` +
      searchable
        .map(
          (name) =>
            `    for (const item of db.${name}.values()) {\n` +
            `      if (item.name.includes(args.term)) found.push({ ...item, __typename: '${name}' });\n    }\n`,
        )
        .join('') +
      '    return found.slice(0, args.limit ?? 20);\n  }',
  });
  fields.push({
    key: 'Query.node',
    batch: false,
    args: '{ id: string }',
    body: (a) =>
      `{\n    const id = ${a}.id;\n` +
      TYPES.slice(0, 4)
        .map(
          (name) =>
            `    const ${lower(name)} = db.${name}.get(id);\n` +
            `    if (${lower(name)} !== undefined) return { ...${lower(name)}, __typename: '${name}' as const };\n`,
        )
        .join('') +
      '    return null;\n  }',
  });

  const mutation: string[] = [];
  TYPES.slice(0, CREATES).forEach((name, index) => {
    const extra = extraOf(index);
    const admin = index % 5 === 0 ? ' @aws_cognito_user_pools(cognito_groups: ["admin"])' : '';
    mutation.push(`  create${name}(input: Create${name}Input!): ${name}!${admin}`);
    sdl.push(
      '',
      `input Create${name}Input {`,
      '  name: String!',
      '  status: Status = ACTIVE',
      '  tags: [String!]',
      '  parentId: ID',
      `  ${extra.field}: ${extra.type}`,
      '}',
    );
    fields.push({
      key: `Mutation.create${name}`,
      batch: false,
      args: `{ input: S.Create${name}Input }`,
      body: (a) =>
        `{\n    const input = ${a}.input;\n    const item: S.${name} = {\n` +
        `      id: \`${name}-\${db.${name}.size + 1}\`,\n` +
        '      name: input.name,\n' +
        '      createdAt: new Date().toISOString(),\n' +
        "      status: input.status ?? 'ACTIVE',\n" +
        '      tags: input.tags ?? [],\n' +
        '      parentId: input.parentId ?? null,\n' +
        `      ${extra.field}: input.${extra.field} ?? null,\n` +
        `    };\n    db.${name}.set(item.id, item);\n    return item;\n  }`,
    });
  });
  TYPES.slice(0, UPDATES).forEach((name) => {
    mutation.push(`  update${name}(id: ID!, input: Update${name}Input!): ${name}`);
    sdl.push(
      '',
      `input Update${name}Input {`,
      '  name: String',
      '  status: Status',
      '  tags: [String!]',
      '}',
    );
    fields.push({
      key: `Mutation.update${name}`,
      batch: false,
      args: `{ id: string; input: S.Update${name}Input }`,
      body: (a) =>
        `{\n    const { id, input } = ${a};\n    const item = db.${name}.get(id);\n` +
        '    if (item === undefined) return null;\n' +
        `    const next: S.${name} = {\n      ...item,\n` +
        '      name: input.name ?? item.name,\n' +
        '      status: input.status ?? item.status,\n' +
        '      tags: input.tags ?? item.tags,\n' +
        `    };\n    db.${name}.set(next.id, next);\n    return next;\n  }`,
    });
  });
  TYPES.slice(0, DELETES).forEach((name) => {
    mutation.push(`  delete${name}(id: ID!): Boolean!`);
    fields.push({
      key: `Mutation.delete${name}`,
      batch: false,
      args: '{ id: string }',
      body: (a) => `db.${name}.delete(${a}.id)`,
    });
  });

  sdl.push('', 'type Query {', ...query, '}', '', 'type Mutation {', ...mutation, '}', '');
  fields.push(...objects);
  if (fields.length !== FIELDS)
    throw new Error(`expected ${FIELDS} fields, built ${fields.length}`);
  return { sdl: sdl.join('\n'), fields };
}

/** A handler module registering every field: on `createResolver<Schema>()`, or untyped. */
function handlerSource(fields: readonly FieldSpec[], typed: boolean): string {
  const lines = [
    typed
      ? '// The benchmark schema, served with createResolver<Schema>(): no annotations.'
      : '// The benchmark schema, served with createResolver(): each context annotated by hand.',
    `import { createResolver${typed ? '' : ', type ResolverContext'} } from '${runtimeEntry}';`,
    "import type * as S from './schema.generated.js';",
    "import { db } from './store.js';",
    '',
    `const app = createResolver${typed ? '<S.Schema>' : ''}();`,
    '',
  ];
  for (const field of fields) {
    const body = field.body('ctx.args', 'ctx.source');
    const context = typed
      ? ''
      : field.source === undefined
        ? `ResolverContext<${field.args ?? 'Record<string, unknown>'}>`
        : `ResolverContext<${field.args ?? 'Record<string, unknown>'}, ${field.source}>`;
    if (field.batch) {
      lines.push(
        `app.batchResolver('${field.key}', (ctxs${typed ? '' : `: readonly ${context}[]`}) =>`,
        `  ctxs.map((ctx) => ${body}),`,
        ');',
      );
    } else {
      lines.push(`app.resolver('${field.key}', (ctx${typed ? '' : `: ${context}`}) => ${body});`);
    }
  }
  lines.push('', 'export const handler = app.handler();', '');
  return lines.join('\n');
}

function storeSource(): string {
  return [
    "import type * as S from './schema.generated.js';",
    '',
    '/** One in-memory table per object type. */',
    'export const db = {',
    ...TYPES.map((name) => `  ${name}: new Map<string, S.${name}>(),`),
    '};',
    '',
  ].join('\n');
}

// -- statistics ---------------------------------------------------------------------------------

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

interface Row {
  metric: string;
  unit: string;
  typed: Stats | number | undefined;
  baseline: Stats | number | undefined;
  ratio: Stats | number | undefined;
}

const rows: Row[] = [];
let staleDiagnostics = 0;

/** A row of paired samples: typed[i] and baseline[i] were measured in the same round. */
function paired(metric: string, typed: readonly number[], baseline: readonly number[]): void {
  rows.push({
    metric,
    unit: 'ms',
    typed: stats(typed),
    baseline: stats(baseline),
    ratio: stats(typed.map((value, i) => value / (baseline[i] as number))),
  });
}

// -- the compiler -------------------------------------------------------------------------------

function compilerOptions(): ts.CompilerOptions {
  const configPath = join(repo, 'tsconfig.json');
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error !== undefined) throw new Error(formatDiagnostics([read.error]));
  const { include: _include, ...config } = read.config as Record<string, unknown>;
  const parsed = ts.parseJsonConfigFileContent(
    { ...config, files: [] },
    ts.sys,
    repo,
    undefined,
    configPath,
  );
  // 18002: "files" is empty, which is the point: the benchmark names its own root files.
  const errors = parsed.errors.filter((error) => error.code !== 18002);
  if (errors.length > 0) throw new Error(formatDiagnostics(errors));
  const { paths: _paths, ...options } = parsed.options;
  return { ...options, noEmit: true };
}

function formatDiagnostics(diagnostics: readonly ts.Diagnostic[]): string {
  return ts.formatDiagnostics(diagnostics, {
    getCanonicalFileName: (name) => name,
    getCurrentDirectory: () => repo,
    getNewLine: () => '\n',
  });
}

interface CheckResult {
  ms: number;
  types: number;
  instantiations: number;
}

/**
 * Creates a program for `root` and gets every diagnostic of the files in `dir` (the generated
 * types and the handler). With `cache`, files outside `dir` (lib, @types, the framework's
 * sources) are parsed once and reused, as an editor or a watch build does.
 */
function check(
  options: ts.CompilerOptions,
  dir: string,
  root: string,
  cache: Map<string, ts.SourceFile> | undefined,
): CheckResult {
  const start = performance.now();
  const host = ts.createCompilerHost(options, true);
  if (cache !== undefined) {
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      if (fileName.startsWith(dir)) {
        return getSourceFile(fileName, languageVersion, onError, shouldCreate);
      }
      let file = cache.get(fileName);
      if (file === undefined) {
        file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
        if (file !== undefined) cache.set(fileName, file);
      }
      return file;
    };
  }
  const program = ts.createProgram({ rootNames: [root], options, host });
  const diagnostics: ts.Diagnostic[] = [
    ...program.getOptionsDiagnostics(),
    ...program.getGlobalDiagnostics(),
  ];
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(dir)) continue;
    diagnostics.push(
      ...program.getSyntacticDiagnostics(file),
      ...program.getSemanticDiagnostics(file),
    );
  }
  const ms = performance.now() - start;
  if (diagnostics.length > 0) {
    throw new Error(`${root} does not compile:\n${formatDiagnostics(diagnostics.slice(0, 20))}`);
  }
  const checker = program.getTypeChecker() as ts.TypeChecker & {
    getInstantiationCount?: () => number;
  };
  return {
    ms,
    types: program.getTypeCount(),
    instantiations: checker.getInstantiationCount?.() ?? program.getInstantiationCount(),
  };
}

// -- the language service -----------------------------------------------------------------------

interface Service {
  service: ts.LanguageService;
  /** Changes the file (a trailing comment), as a keystroke does. */
  edit(fileName: string): void;
}

function languageService(
  options: ts.CompilerOptions,
  dir: string,
  root: string,
  files: ReadonlyMap<string, string>,
): Service {
  const texts = new Map(files);
  const versions = new Map<string, number>();
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [root],
    getScriptVersion: (fileName) => String(versions.get(fileName) ?? 0),
    getScriptSnapshot: (fileName) => {
      const text = texts.get(fileName) ?? ts.sys.readFile(fileName);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => dir,
    getDefaultLibFileName: (opts) => ts.getDefaultLibFilePath(opts),
    fileExists: (fileName) => texts.has(fileName) || ts.sys.fileExists(fileName),
    readFile: (fileName) => texts.get(fileName) ?? ts.sys.readFile(fileName),
    readDirectory: (...args) => ts.sys.readDirectory(...args),
    directoryExists: (name) => ts.sys.directoryExists(name),
    getDirectories: (name) => ts.sys.getDirectories(name),
    realpath: (name) => ts.sys.realpath?.(name) ?? name,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  return {
    service,
    edit(fileName) {
      const version = (versions.get(fileName) ?? 0) + 1;
      versions.set(fileName, version);
      texts.set(fileName, `${files.get(fileName) ?? ''}// edit ${version}\n`);
    },
  };
}

function timed<T>(run: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = run();
  return { ms: performance.now() - start, value };
}

// -- the run ------------------------------------------------------------------------------------

const { sdl, fields } = buildSchema();
const keys = fields.map((field) => field.key);

const generation: number[] = [];
let generated = '';
for (let i = 0; i < GENERATE_RUNS + 2; i++) {
  const { ms, value } = timed(() => generateTypes(sdl));
  if (i >= 2) generation.push(ms);
  generated = value;
}
const mapKeys = [...generated.matchAll(/^ {2}'([A-Za-z_]\w*\.[A-Za-z_]\w*)': \{/gm)].map(
  (match) => match[1],
);
if (mapKeys.length !== FIELDS || mapKeys.some((key, i) => key !== keys[i])) {
  throw new Error(`the generated Schema map has ${mapKeys.length} keys, not the ${FIELDS} fields`);
}

const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-bench-types-'));
try {
  const schemaFile = join(dir, 'schema.generated.ts');
  const typedFile = join(dir, 'typed.ts');
  const untypedFile = join(dir, 'untyped.ts');
  const typedText = handlerSource(fields, true);
  const untypedText = handlerSource(fields, false);
  const files = new Map([
    [schemaFile, generated],
    [join(dir, 'store.ts'), storeSource()],
    [typedFile, typedText],
    [untypedFile, untypedText],
  ]);
  // The handlers import the framework's ESM sources: the directory is an ES module package too.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [path, text] of files) writeFileSync(path, text);
  if (keep) {
    const tsconfig = {
      extends: join(repo, 'tsconfig.json'),
      compilerOptions: { noEmit: true, paths: {}, typeRoots: [join(repo, 'node_modules/@types')] },
      include: [],
      files: ['typed.ts'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  }

  const options = compilerOptions();

  rows.push(
    {
      metric: 'generateTypes, 500 fields',
      unit: 'ms',
      typed: stats(generation),
      baseline: undefined,
      ratio: undefined,
    },
    {
      metric: 'generated file',
      unit: 'KiB',
      typed: round(Buffer.byteLength(generated) / 1024, 1),
      baseline: undefined,
      ratio: undefined,
    },
  );

  // Check: one warm-up round, then rounds alternating which file goes first.
  const cache = new Map<string, ts.SourceFile>();
  check(options, dir, typedFile, cache);
  check(options, dir, untypedFile, cache);
  check(options, dir, schemaFile, cache);
  const warm = { typed: [] as CheckResult[], untyped: [] as CheckResult[], schema: [] as number[] };
  for (let r = 0; r < ROUNDS; r++) {
    const order = r % 2 === 0 ? ['typed', 'untyped'] : ['untyped', 'typed'];
    for (const which of order) {
      const result = check(options, dir, which === 'typed' ? typedFile : untypedFile, cache);
      (which === 'typed' ? warm.typed : warm.untyped).push(result);
    }
    warm.schema.push(check(options, dir, schemaFile, cache).ms);
  }
  const fresh = { typed: [] as number[], untyped: [] as number[] };
  for (let r = 0; r < FRESH_ROUNDS; r++) {
    const order = r % 2 === 0 ? ['typed', 'untyped'] : ['untyped', 'typed'];
    for (const which of order) {
      const result = check(options, dir, which === 'typed' ? typedFile : untypedFile, undefined);
      (which === 'typed' ? fresh.typed : fresh.untyped).push(result.ms);
    }
  }
  const typedChecks = warm.typed.map((result) => result.ms);
  paired(
    'check, libraries parsed once: typed vs untyped',
    typedChecks,
    warm.untyped.map((result) => result.ms),
  );
  paired('check, libraries parsed once: typed vs schema only', typedChecks, warm.schema);
  paired('check from scratch (as tsc): typed vs untyped', fresh.typed, fresh.untyped);
  const counts = (pick: (result: CheckResult) => number): [number, number] => [
    pick(warm.typed[0] as CheckResult),
    pick(warm.untyped[0] as CheckResult),
  ];
  for (const [metric, [typed, untyped]] of [
    ['checker types', counts((result) => result.types)],
    ['checker instantiations', counts((result) => result.instantiations)],
  ] as const) {
    rows.push({ metric, unit: '', typed, baseline: untyped, ratio: round(typed / untyped, 2) });
  }

  // Positions. `ctx.` and `ctx.args` in the first registration of each file,
  // `app.resolver('Query.getAccount', (ctx) => …`; the key in the second one. They are apart
  // because a key completion leaves the callback of its own call typed for every key of the
  // schema until the next edit (see the stale diagnostics below).
  const registration = "app.resolver('";
  const first = (text: string) => text.indexOf(registration);
  const keyAt = typedText.indexOf(registration, first(typedText) + 1) + registration.length;
  const memberAt = (text: string) => text.indexOf('ctx.args', first(text)) + 'ctx.'.length;
  const typedMember = memberAt(typedText);
  const untypedMember = memberAt(untypedText);

  // Each probe times the language service call alone, then checks its answer.
  const keyCompletion = (service: ts.LanguageService): number => {
    const { ms, value } = timed(() =>
      service.getCompletionsAtPosition(typedFile, keyAt, { triggerCharacter: "'" }),
    );
    const names = new Set(value?.entries.map((entry) => entry.name));
    if (names.size !== FIELDS || keys.some((key) => !names.has(key))) {
      throw new Error(`key completion listed ${names.size} names, not the ${FIELDS} keys`);
    }
    return ms;
  };
  const memberCompletion = (service: ts.LanguageService, fileName: string, at: number): number => {
    const { ms, value } = timed(() =>
      service.getCompletionsAtPosition(fileName, at, { triggerCharacter: '.' }),
    );
    if (!value?.entries.some((entry) => entry.name === 'args')) {
      throw new Error(`member completion after ctx. in ${fileName} does not list args`);
    }
    return ms;
  };
  const quickInfo = (service: ts.LanguageService, fileName: string, at: number): number => {
    const { ms, value } = timed(() => service.getQuickInfoAtPosition(fileName, at));
    const text = ts.displayPartsToString(value?.displayParts);
    if (!/\.args: \{\s*id: string;\s*\}$/.test(text)) {
      throw new Error(`quick info on ctx.args in ${fileName} reads "${text}"`);
    }
    return ms;
  };

  // Cold: a new language service per run, as when an editor opens the file.
  const cold = { typed: [] as number[], untyped: [] as number[] };
  for (let r = 0; r < COLD_ROUNDS; r++) {
    const order = r % 2 === 0 ? ['typed', 'untyped'] : ['untyped', 'typed'];
    for (const which of order) {
      if (which === 'typed') {
        const { service } = languageService(options, dir, typedFile, files);
        cold.typed.push(keyCompletion(service));
        service.dispose();
      } else {
        const { service } = languageService(options, dir, untypedFile, files);
        cold.untyped.push(memberCompletion(service, untypedFile, untypedMember));
        service.dispose();
      }
    }
  }
  paired('cold completion: key (typed) vs ctx. (untyped)', cold.typed, cold.untyped);

  // Warm: one service per file, a warm-up call, then runs alternating between the files.
  const typedService = languageService(options, dir, typedFile, files);
  const untypedService = languageService(options, dir, untypedFile, files);
  const typedLs = typedService.service;
  const untypedLs = untypedService.service;
  const alternate = (runs: number, typedRun: () => number, baselineRun: () => number) => {
    typedRun();
    baselineRun();
    const typed: number[] = [];
    const baseline: number[] = [];
    for (let i = 0; i < runs; i++) {
      if (i % 2 === 0) {
        typed.push(typedRun());
        baseline.push(baselineRun());
      } else {
        baseline.push(baselineRun());
        typed.push(typedRun());
      }
    }
    return { typed, baseline };
  };
  const warmKey = alternate(
    WARM_RUNS,
    () => keyCompletion(typedLs),
    () => memberCompletion(untypedLs, untypedFile, untypedMember),
  );
  paired('warm completion: key (typed) vs ctx. (untyped)', warmKey.typed, warmKey.baseline);
  const warmInfo = alternate(
    WARM_RUNS,
    () => quickInfo(typedLs, typedFile, typedMember),
    () => quickInfo(untypedLs, untypedFile, untypedMember),
  );
  paired('warm quick info on ctx.args: typed vs untyped', warmInfo.typed, warmInfo.baseline);

  // After an edit (a keystroke): the service updates its program, reparsing the edited file, and
  // a new checker answers the request. The update and the request are timed apart.
  const updates = { typed: [] as number[], untyped: [] as number[] };
  const afterEdit = (service: Service, fileName: string, request: () => number): number => {
    service.edit(fileName);
    const update = timed(() => service.service.getProgram()).ms;
    (fileName === typedFile ? updates.typed : updates.untyped).push(update);
    return request();
  };
  const editKey = alternate(
    EDIT_RUNS,
    () => afterEdit(typedService, typedFile, () => keyCompletion(typedLs)),
    () =>
      afterEdit(untypedService, untypedFile, () =>
        memberCompletion(untypedLs, untypedFile, untypedMember),
      ),
  );
  const editMember = alternate(
    EDIT_RUNS,
    () =>
      afterEdit(typedService, typedFile, () => memberCompletion(typedLs, typedFile, typedMember)),
    () =>
      afterEdit(untypedService, untypedFile, () =>
        memberCompletion(untypedLs, untypedFile, untypedMember),
      ),
  );
  const editInfo = alternate(
    EDIT_RUNS,
    () => afterEdit(typedService, typedFile, () => quickInfo(typedLs, typedFile, typedMember)),
    () =>
      afterEdit(untypedService, untypedFile, () =>
        quickInfo(untypedLs, untypedFile, untypedMember),
      ),
  );
  paired('after an edit, program update: typed vs untyped', updates.typed, updates.untyped);
  paired(
    'after an edit, completion: key (typed) vs ctx. (untyped)',
    editKey.typed,
    editKey.baseline,
  );
  paired('after an edit, completion: ctx. typed vs untyped', editMember.typed, editMember.baseline);
  paired(
    'after an edit, quick info on ctx.args: typed vs untyped',
    editInfo.typed,
    editInfo.baseline,
  );

  // A key completion inside an existing call, then the file's diagnostics without an edit.
  typedService.edit(typedFile);
  typedLs.getCompletionsAtPosition(typedFile, first(typedText) + registration.length, {
    triggerCharacter: "'",
  });
  staleDiagnostics = typedLs.getSemanticDiagnostics(typedFile).length;
  typedLs.dispose();
  untypedLs.dispose();
} finally {
  if (keep) console.log(`Files kept in ${dir}: npx tsc -p ${dir} --extendedDiagnostics`);
  else rmSync(dir, { recursive: true, force: true });
}

// -- the report ---------------------------------------------------------------------------------

const cell = (value: Stats | number | undefined, digits: number): string => {
  if (value === undefined) return '—';
  if (typeof value === 'number') return String(value);
  return [value.min, value.median, value.max].map((x) => x.toFixed(digits)).join(' / ');
};
const table = [
  ['metric', 'typed', 'baseline', 'ratio (typed / baseline)'],
  ...rows.map((row) => [
    row.unit === '' ? row.metric : `${row.metric} (${row.unit})`,
    cell(row.typed, 1),
    cell(row.baseline, 1),
    cell(row.ratio, 2),
  ]),
];
const widths = [0, 1, 2, 3].map((i) => Math.max(...table.map((line) => (line[i] ?? '').length)));
const format = (line: readonly string[]) =>
  `| ${line.map((text, i) => (i === 0 ? text.padEnd(widths[i] ?? 0) : text.padStart(widths[i] ?? 0))).join(' | ')} |`;
const machine = {
  node: process.version,
  typescript: ts.version,
  cpus: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  platform: `${process.platform} ${process.arch}`,
};
console.log(
  `Schema of ${FIELDS} fields. min / median / max over ${ROUNDS} rounds (checks, libraries ` +
    `parsed once), ${FRESH_ROUNDS} (from scratch), ${COLD_ROUNDS} (cold completion), ` +
    `${WARM_RUNS} runs (warm), ${EDIT_RUNS} runs (after an edit); ratios are per round or run.`,
);
console.log(
  `node ${machine.node}, typescript ${machine.typescript}, ${machine.cpus} × ${machine.cpu}`,
);
console.log(format(table[0] as string[]));
console.log(format(widths.map((width) => '-'.repeat(width))));
for (const line of table.slice(1)) console.log(format(line));
console.log(
  `Diagnostics of typed.ts after a key completion in app.resolver('Query.getAccount', …) and no edit: ${staleDiagnostics} (0 after any edit).`,
);

const roundSummary = (value: Stats | number | undefined, digits: number) =>
  value === undefined || typeof value === 'number'
    ? (value ?? null)
    : {
        min: round(value.min, digits),
        median: round(value.median, digits),
        max: round(value.max, digits),
      };
const results = {
  benchmark: 'bench/typecheck.ts',
  date: new Date().toISOString(),
  machine,
  schema: { fields: FIELDS, generatedBytes: Buffer.byteLength(generated) },
  staleDiagnosticsAfterKeyCompletion: staleDiagnostics,
  rounds: {
    checks: ROUNDS,
    fromScratch: FRESH_ROUNDS,
    cold: COLD_ROUNDS,
    warm: WARM_RUNS,
    afterEdit: EDIT_RUNS,
    generate: GENERATE_RUNS,
  },
  rows: rows.map((row) => ({
    metric: row.metric,
    unit: row.unit,
    typed: roundSummary(row.typed, 2),
    baseline: roundSummary(row.baseline, 2),
    ratio: roundSummary(row.ratio, 3),
  })),
};
const out = new URL('./results/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('typecheck.json', out), `${JSON.stringify(results, null, 2)}\n`);
console.log(`Written to bench/results/typecheck.json`);
