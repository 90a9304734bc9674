import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { GraphQLError } from 'graphql';
import { messageOf } from '../cli/io.js';
import {
  buildHandler,
  type EsbuildApi,
  type HandlerBuild,
  HandlerLoadError,
  type LoadedHandler,
  pickExport,
} from '../cli/load-handler.js';
import {
  type AuthOptions,
  createEmulator,
  type Emulator,
  type FieldOptions,
} from '../emulator/index.js';
import { createWatcher, type FileWatcher } from './watch.js';

/**
 * The dev server cannot start: the schema or the handler does not load (`stage: 'load'`), or the
 * server cannot listen (`stage: 'listen'`).
 */
export class DevStartError extends Error {
  override readonly name = 'DevStartError';
  readonly stage: 'load' | 'listen';

  constructor(message: string, stage: 'load' | 'listen' = 'load') {
    super(message);
    this.stage = stage;
  }
}

/** Options of {@link openProject}. */
export interface ProjectOptions {
  /** The schema file. */
  schema: string;
  /** The handler module. */
  handler: string;
  /** Relative paths resolve against it, and esbuild runs in it. */
  cwd: string;
  exportName?: string | undefined;
  fields?: Readonly<Record<string, FieldOptions>> | undefined;
  auth: AuthOptions;
  /** Rebuild on changes (default true). */
  watch?: boolean | undefined;
  /** Progress: a rebuild. */
  log(line: string): void;
  /** Problems: a build that fails, a directory that cannot be watched. */
  logError(text: string): void;
  importEsbuild?: (() => Promise<EsbuildApi>) | undefined;
}

/** The API being served: the latest good build of the schema and the handler. */
export interface Project {
  /** The emulator of the latest good build. */
  readonly emulator: Emulator;
  /** The export serving the API. */
  readonly handler: LoadedHandler;
  /** Settles when no reload is running or due (tests wait on it). */
  idle(): Promise<void>;
  close(): void;
}

const EMULATOR = 'createEmulator: ';

/** The exports tried, in order, when `--export` is not given: an app knows its fields. */
const DEV_EXPORTS = ['app', 'handler', 'default'] as const;

interface Build {
  schemaText: string;
  handlerBuild: HandlerBuild;
  handler: LoadedHandler;
  emulator: Emulator;
}

/**
 * Loads the schema and the handler into an emulator, then, while watching, rebuilds it when a
 * file changes: the schema, or any source file esbuild bundled into the handler. A build that
 * fails is reported and the last good one keeps serving.
 */
export async function openProject(options: ProjectOptions): Promise<Project> {
  const schemaPath = resolve(options.cwd, options.schema);
  const describe = (path: string): string => relative(options.cwd, path);

  const readSchema = (): string => {
    try {
      return readFileSync(schemaPath, 'utf8');
    } catch (error) {
      throw new HandlerLoadError(
        (error as { code?: unknown }).code === 'ENOENT'
          ? `--schema ${options.schema}: there is no such file (looked for ${schemaPath})`
          : `--schema ${options.schema} cannot be read: ${messageOf(error)}`,
      );
    }
  };

  const emulate = (schemaText: string, handler: LoadedHandler): Emulator => {
    if (handler.kind === 'function' && Object.keys(options.fields ?? {}).length === 0) {
      throw new HandlerLoadError(
        `export ${handler.exportName} of ${options.handler} is a Lambda handler function, which does not say which fields it serves: export the app from createResolver() (export const app = createResolver()) or pass it with --export <name>, or list the fields with --fields Query.getPost,Post.author:100`,
      );
    }
    try {
      return createEmulator({
        schema: schemaText,
        handler: handler.target as Parameters<typeof createEmulator>[0]['handler'],
        fields: options.fields,
        auth: options.auth,
        // Resolver code's paths are relative to the schema's folder, as for `check` and `manifest`.
        codeBaseDir: dirname(schemaPath),
      });
    } catch (error) {
      // The emulator's own checks (routes, fields) name themselves; the rest is the schema's.
      const message = messageOf(error);
      if (message.startsWith(EMULATOR)) throw new HandlerLoadError(message.slice(EMULATOR.length));
      const where = (error as Partial<GraphQLError>).locations?.[0];
      const at = where === undefined ? '' : ` (line ${where.line}, column ${where.column})`;
      throw new HandlerLoadError(`--schema ${options.schema}${at}: ${message}`);
    }
  };

  const loadHandler = async (): Promise<Pick<Build, 'handlerBuild' | 'handler'>> => {
    const handlerBuild = await buildHandler(options.handler, {
      cwd: options.cwd,
      importEsbuild: options.importEsbuild,
    });
    const handler = pickExport(
      handlerBuild.exports,
      options.handler,
      options.exportName,
      DEV_EXPORTS,
    );
    return { handlerBuild, handler };
  };

  // What changed since the last good build: a failed build leaves them set for the next one.
  let schemaDirty = true;
  let handlerDirty = true;

  /** A build from what changed and what did not; throws a HandlerLoadError. */
  const buildAll = async (previous: Build | undefined): Promise<Build> => {
    const schemaText = previous === undefined || schemaDirty ? readSchema() : previous.schemaText;
    const { handlerBuild, handler } =
      previous === undefined || handlerDirty ? await loadHandler() : previous;
    return { schemaText, handlerBuild, handler, emulator: emulate(schemaText, handler) };
  };

  let current: Build;
  try {
    current = await buildAll(undefined);
  } catch (error) {
    throw new DevStartError(messageOf(error));
  }

  let watcher: FileWatcher | undefined;
  let watched: string[] = [];
  const watchFiles = (files: readonly string[]): void => {
    watched = [...new Set([schemaPath, ...files])];
    watcher?.watch(watched);
  };

  const pending = new Set<string>();
  let running: Promise<void> | undefined;
  schemaDirty = false;
  handlerDirty = false;

  const reload = async (): Promise<void> => {
    const files = [...pending];
    pending.clear();
    const known = new Set(current.handlerBuild.inputs);
    schemaDirty ||= files.some((file) => file === schemaPath || !known.has(file));
    handlerDirty ||= files.some((file) => file !== schemaPath);
    const started = performance.now();
    try {
      const next = await buildAll(current);
      current = next;
      schemaDirty = false;
      handlerDirty = false;
      watchFiles([...next.handlerBuild.inputs, ...next.emulator.codeFiles]);
      const what = files.map(describe).join(', ');
      options.log(
        `${what} changed: reloaded in ${Math.round(performance.now() - started)} ms, serving ${next.emulator.fields.length} ${next.emulator.fields.length === 1 ? 'field' : 'fields'}`,
      );
    } catch (error) {
      options.logError(
        `${messageOf(error)}\n\nStill serving the last good build; fix the error and save again.\n`,
      );
      // Any module in the directories involved: the fix may be a file that does not exist yet.
      const files = (error as Partial<HandlerLoadError>).files ?? [];
      const dirs = files.map((file) => join(dirname(file), '*'));
      watchFiles([...watched, ...files, ...dirs]);
    }
  };

  const schedule = (files: readonly string[]): void => {
    for (const file of files) pending.add(file);
    if (running !== undefined) return;
    running = (async () => {
      while (pending.size > 0) await reload();
      running = undefined;
    })();
  };

  if (options.watch !== false) {
    watcher = createWatcher({
      onChange: schedule,
      onError: (message) => options.logError(`${message}; changes there will not reload\n`),
    });
  }
  watchFiles([...current.handlerBuild.inputs, ...current.emulator.codeFiles]);

  return {
    get emulator() {
      return current.emulator;
    },
    get handler() {
      return current.handler;
    },
    async idle() {
      while (running !== undefined) await running;
    },
    close() {
      watcher?.close();
      pending.clear();
    },
  };
}
