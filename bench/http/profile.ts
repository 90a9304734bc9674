/**
 * Reads a V8 CPU profile (`node --cpu-prof`) of an unminified esbuild bundle, and sums the
 * self time by source module and by function. esbuild starts each module of an unminified bundle
 * with a `// path` comment line, so a sample's line number names its module. Also the lines that
 * print what a profile found.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { num } from '../lib.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  /** Sampled time in the bundle and outside it (node internals, GC, idle), in ms. */
  totalMs: number;
  /** Self time by group (appsync-direct's modules, graphql-js's folders, packages …), in ms. */
  byModule: { module: string; ms: number; share: number }[];
  /** The functions of most self time. */
  byFunction: { fn: string; module: string; ms: number; share: number }[];
}

/** Module start lines of an unminified esbuild bundle: `[line, path]`, ascending. */
function moduleStarts(bundle: string): [number, string][] {
  const starts: [number, string][] = [];
  const lines = bundle.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^\/\/ (\S+\.(?:[cm]?js|ts))$/.exec(lines[i] as string);
    if (match !== null) starts.push([i, match[1] as string]);
  }
  return starts;
}

/** A short name for a module: dist/engine/engine.js, graphql/execution/execute.js, a package. */
export function moduleName(path: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  if (inPackage === null) return path.replace(/^(\.\.\/)+(work\/main\/)?/, '');
  const [, pkg, rest] = inPackage as unknown as [string, string, string];
  return pkg === 'graphql' ? `graphql/${rest}` : pkg;
}

export function summariseProfile(
  profilePath: string,
  bundlePath: string,
  group: (module: string) => string = (m) => m,
  top = 25,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const starts = moduleStarts(readFileSync(bundlePath, 'utf8'));
  const bundleUrl = pathToFileURL(realpathSync(bundlePath)).href;
  const moduleAt = (line: number): string => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prologue)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const [start, path] = starts[mid] as [number, string];
      if (start <= line) {
        found = path;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return moduleName(found);
  };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfMs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(id, (selfMs.get(id) ?? 0) + delta);
  }
  const modules = new Map<string, number>();
  const functions = new Map<string, { module: string; ms: number }>();
  let total = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id) as ProfileNode;
    const { functionName, url, lineNumber } = node.callFrame;
    total += ms;
    let module: string;
    if (url === bundleUrl) module = group(moduleAt(lineNumber));
    else if (url === '') module = functionName === '' ? '(V8)' : `(${functionName})`;
    else if (url.startsWith('node:')) module = '(node internals)';
    else module = url;
    modules.set(module, (modules.get(module) ?? 0) + ms);
    const key = `${functionName || '(anonymous)'} (${module})`;
    const entry = functions.get(key) ?? { module, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
  }
  const share = (ms: number) => ms / total;
  return {
    totalMs: total,
    byModule: [...modules]
      .map(([module, ms]) => ({ module, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms),
    byFunction: [...functions]
      .map(([fn, { module, ms }]) => ({ fn, module, ms, share: share(ms) }))
      .sort((a, b) => b.ms - a.ms)
      .slice(0, top),
  };
}

/**
 * Inclusive time of the named functions (`name (module)`, as in `byFunction`): every sample with
 * the function anywhere on its stack, counted once per sample, in ms.
 */
export function inclusiveTimes(
  profilePath: string,
  bundlePath: string,
  group: (module: string) => string = (m) => m,
): Map<string, number> {
  const profile = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const starts = moduleStarts(readFileSync(bundlePath, 'utf8'));
  const bundleUrl = pathToFileURL(realpathSync(bundlePath)).href;
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const keyOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    let module = url;
    if (url === bundleUrl) {
      let found = '(bundle prologue)';
      for (const [start, path] of starts) {
        if (start > lineNumber) break;
        found = path;
      }
      module = group(moduleName(found));
    }
    keyOf.set(node.id, `${functionName || '(anonymous)'} (${module})`);
  }
  const totals = new Map<string, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const seen = new Set<string>();
    for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      if (!byId.has(id)) break;
      seen.add(keyOf.get(id) as string);
    }
    for (const key of seen) totals.set(key, (totals.get(key) ?? 0) + ms);
  }
  return totals;
}

/** The lines that print profiles of `requests` requests each, every time given per request. */
export function profileLines(requests: number) {
  const perRequest = (ms: number) => `${num((ms * 1000) / requests, 3).padStart(6)} µs`;
  const share = (part: { share: number }) => `${num(part.share * 100, 2).padStart(5)} %`;
  const times = (title: string, entries: readonly (readonly [string, number])[]) => [
    '',
    title,
    ...entries.map(([name, ms]) => `  ${perRequest(ms)}  ${name}`),
  ];
  return {
    /**
     * A blank line, the title of `variant`'s profile (`requestsText`: the requests, as written)
     * and its self time by module, the `modules` largest.
     */
    byModule: (variant: string, requestsText: string, summary: ProfileSummary, modules: number) => [
      '',
      `Profile of ${variant}, ${requestsText} requests (${perRequest(summary.totalMs).trim()} per request sampled): self time by module, per request`,
      ...summary.byModule
        .slice(0, modules)
        .map((m) => `  ${perRequest(m.ms)}  ${share(m)}  ${m.module}`),
    ],
    /** The self time of the `functions` functions of most. */
    byFunction: (summary: ProfileSummary, functions: number) =>
      summary.byFunction
        .slice(0, functions)
        .map((f) => `  ${perRequest(f.ms)}  ${share(f)}  ${f.fn}`),
    /** A blank line, `title`, and the time of each `[name, ms]`. */
    times,
    /** {@link times} of the inclusive times, then where the profiles are. */
    inclusive: (title: string, inclusive: Record<string, number>, limit: number, dir: string) => [
      ...times(title, Object.entries(inclusive).slice(0, limit)),
      '',
      `CPU profiles in ${dir}`,
    ],
  };
}

/** Profiles as the results keep them: all but the folder they were written to. */
export function profilesJson<P extends { dir: string }>(
  profiles: P | undefined,
): Omit<P, 'dir'> | undefined {
  if (profiles === undefined) return undefined;
  const { dir: _dir, ...json } = profiles;
  return json;
}
