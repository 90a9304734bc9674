/**
 * Compiles the declarations of a route table into what the engine runs: each APPSYNC_JS module
 * and each pair of VTL templates once, however many fields or functions use it.
 */
import type { EngineRoute } from '../engine.js';
import type { CompiledFront, CompiledFunction } from './compiled.js';
import {
  type CodeReference,
  type CodeSource,
  type FieldCodeDeclaration,
  readCodeSource,
} from './declaration.js';
import type { CompiledHandlers } from './handlers.js';

/** The runners of resolver code: an APPSYNC_JS module's, a pair of VTL templates'. */
export interface Compilers {
  js(source: CodeSource): CompiledHandlers;
  vtl(templates: {
    request?: CodeSource | undefined;
    response?: CodeSource | undefined;
  }): CompiledHandlers;
}

/** Options of {@link compileFronts}. */
export interface CompileOptions {
  /** The folder relative paths resolve from. */
  baseDir: string;
  compilers: Compilers;
  /** Names the caller in messages. */
  who: string;
  /** Collects the path of each file read, for a watcher. */
  files?: Set<string> | undefined;
}

/** The compiled code of each route that declares some, by `Type.field`. */
export function compileFronts(
  routes: Iterable<EngineRoute>,
  options: CompileOptions,
): Map<string, CompiledFront> {
  const { baseDir, compilers, who } = options;
  const cache = new Map<string, CompiledHandlers>();
  const once = (key: string, make: () => CompiledHandlers): CompiledHandlers => {
    let compiled = cache.get(key);
    if (compiled === undefined) {
      compiled = make();
      cache.set(key, compiled);
    }
    return compiled;
  };
  const read = (reference: CodeReference, label: string) => {
    // Inline source is named by its field alone: that name is in its run-time errors' messages.
    const source = readCodeSource(reference, baseDir, label);
    if (source.path !== undefined) options.files?.add(source.path);
    return source;
  };
  const js = (reference: CodeReference, label: string): CompiledHandlers => {
    const source = read(reference, label);
    return once(`js\n${source.path ?? label}\n${source.text}`, () => compilers.js(source));
  };
  const vtl = (
    request: CodeReference | undefined,
    response: CodeReference | undefined,
    label: string,
  ): CompiledHandlers => {
    const req = request === undefined ? undefined : read(request, `${label} (request template)`);
    const res = response === undefined ? undefined : read(response, `${label} (response template)`);
    // Inline templates are compiled per field: their errors name the field.
    const key = `vtl\n${req?.path ?? label}\n${req?.text ?? ''}\n${res?.path ?? label}\n${res?.text ?? ''}`;
    return once(key, () => compilers.vtl({ request: req, response: res }));
  };
  const unitOf = (
    declaration: FieldCodeDeclaration,
    label: string,
  ): CompiledHandlers | undefined => {
    if (declaration.code !== undefined) return js(declaration.code, label);
    if (declaration.requestTemplate !== undefined || declaration.responseTemplate !== undefined) {
      return vtl(declaration.requestTemplate, declaration.responseTemplate, label);
    }
    return undefined;
  };

  const fronts = new Map<string, CompiledFront>();
  for (const route of routes) {
    const { front } = route;
    if (front === undefined) continue;
    try {
      if (front.pipeline === undefined) {
        fronts.set(route.key, {
          kind: 'unit',
          handlers: unitOf(front, `${route.key} (code)`) as CompiledHandlers,
        });
        continue;
      }
      const { pipeline } = front;
      const functions: CompiledFunction[] = pipeline.functions.map((fn) => ({
        name: fn.name,
        dataSource: fn.dataSource,
        handlers: unitOf(fn, `${route.key} function ${fn.name}`),
        maxBatchSize: fn.maxBatchSize ?? 0,
      }));
      fronts.set(route.key, {
        kind: 'pipeline',
        handlers:
          pipeline.code === undefined
            ? undefined
            : js(pipeline.code, `${route.key} (pipeline code)`),
        functions,
      });
    } catch (error) {
      if (error instanceof Error && !error.message.startsWith(`${who}: `)) {
        error.message = error.message.includes(route.key)
          ? `${who}: ${error.message}`
          : `${who}: ${route.key}: ${error.message}`;
      }
      throw error;
    }
  }
  return fronts;
}
