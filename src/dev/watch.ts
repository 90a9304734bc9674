import { type FSWatcher, watch } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Watches a set of files that can change between builds; see {@link createWatcher}. */
export interface FileWatcher {
  /**
   * Watches exactly these files (absolute paths) from now on. `<dir>/*` stands for any module
   * file in `<dir>`, one that does not exist yet included (an import that did not resolve).
   */
  watch(files: Iterable<string>): void;
  /** Stops watching; pending notifications are dropped. */
  close(): void;
}

/** Options of {@link createWatcher}. */
export interface WatcherOptions {
  /** Called once per burst of changes, `debounceMs` after the last one, with the changed files. */
  onChange(files: string[]): void;
  /** Called when a directory cannot be watched (too many watches, say). */
  onError(message: string): void;
  debounceMs?: number | undefined;
}

const ANY = '*';
/** Files that can be a module or a schema, not an editor's swap or backup files. */
const MODULE = /^[^.~#][^~#]*\.(?:[cm]?[jt]sx?|json|graphqls?|gql)$/;

/**
 * Watches files through their directories, so that editors that save by writing a new file and
 * renaming it over the old one (vim, many IDEs) are seen too, and bursts of events (one save
 * often fires several) become one call. Files under `node_modules` are not watched.
 */
export function createWatcher(options: WatcherOptions): FileWatcher {
  const debounceMs = options.debounceMs ?? 100;
  const directories = new Map<string, { watcher: FSWatcher; names: Set<string> }>();
  const changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;

  const notify = (file: string): void => {
    changed.add(file);
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const files = [...changed];
      changed.clear();
      options.onChange(files);
    }, debounceMs);
  };

  return {
    watch(files) {
      if (closed) return;
      const wanted = new Map<string, Set<string>>();
      for (const file of files) {
        if (/[\\/]node_modules[\\/]/.test(file)) continue;
        const dir = dirname(file);
        const names = wanted.get(dir) ?? new Set<string>();
        names.add(basename(file));
        wanted.set(dir, names);
      }
      for (const [dir, entry] of directories) {
        if (!wanted.has(dir)) {
          entry.watcher.close();
          directories.delete(dir);
        }
      }
      for (const [dir, names] of wanted) {
        const existing = directories.get(dir);
        if (existing !== undefined) {
          existing.names = names;
          continue;
        }
        try {
          const entry = { watcher: undefined as unknown as FSWatcher, names };
          // Linux and macOS always name the file; an event without a name is not ours to read.
          entry.watcher = watch(dir, { persistent: false }, (_event, name) => {
            const file = String(name);
            if (entry.names.has(file) || (entry.names.has(ANY) && MODULE.test(file))) {
              notify(join(dir, file));
            }
          });
          entry.watcher.on('error', (error) => {
            options.onError(`stopped watching ${dir}: ${error.message}`);
            entry.watcher.close();
            directories.delete(dir);
          });
          directories.set(dir, entry);
        } catch (error) {
          options.onError(`cannot watch ${dir}: ${(error as Error).message}`);
        }
      }
    },
    close() {
      closed = true;
      clearTimeout(timer);
      for (const entry of directories.values()) entry.watcher.close();
      directories.clear();
    },
  };
}
