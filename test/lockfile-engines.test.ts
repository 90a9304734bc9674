/**
 * `npm ci` on Node 20 prints no EBADENGINE: every package the lockfile installs accepts the Node
 * running the tests and Node 20.19, the oldest Node 20 the development tools run on (vite, under
 * vitest, needs ^20.19.0). A transitive dependency that moves to a newer Node (as
 * @whatwg-node/promise-helpers 2 did, needing Node 22.15) is pinned with `overrides`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

// semver, as npm reads `engines`; a dependency of the development tools.
const semver = createRequire(import.meta.url)('semver') as {
  satisfies(version: string, range: string): boolean;
};

interface Locked {
  version?: string;
  engines?: { node?: string } | string[];
}

const lock = JSON.parse(readFileSync(new URL('../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, Locked>;
};

/** The lockfile's packages whose `engines.node` refuses `version`, as `name@version needs range`. */
function refusing(version: string): string[] {
  return Object.entries(lock.packages).flatMap(([path, locked]) => {
    const range = Array.isArray(locked.engines) ? undefined : locked.engines?.node;
    if (path === '' || range === undefined || semver.satisfies(version, range)) return [];
    return [`${path.replace(/^.*node_modules\//, '')}@${locked.version} needs node ${range}`];
  });
}

describe('package-lock.json', () => {
  it(`installs only packages that accept this Node (${process.version}) and Node 20.19`, () => {
    expect(refusing(process.version)).toEqual([]);
    expect(refusing('20.19.0')).toEqual([]);
  });

  it('reads engines as npm does', () => {
    expect(semver.satisfies('20.20.2', '>=22.15.0')).toBe(false);
    expect(semver.satisfies('20.19.0', '^20.19.0 || >=22.12.0')).toBe(true);
  });
});
