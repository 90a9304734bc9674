// `npm run check:package`: lints the package as it would be published. Packs it once, without
// running `prepack` (dist/ is already built; `npm test` runs this after `npm run build`), then runs
// publint and Are the Types Wrong? over that same tarball, offline.
//   publint --strict                  warnings count as errors
//   attw --profile esm-only           the package is ESM-only by decision (docs/packaging.md), so
//                                     the CommonJS and node10 resolutions are not judged
//   attw --no-definitely-typed        the package ships its own types; never ask the registry
//   attw --exclude-entrypoints ./appsync.graphql
//                                     a GraphQL document exported for tools to read by path, not
//                                     a module: no TypeScript resolution of it is meant to succeed
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const bin = (name) => join(root, 'node_modules', '.bin', name);
const work = mkdtempSync(join(tmpdir(), 'appsync-direct-pack-'));
const run = (file, args) => execFileSync(file, args, { cwd: root, stdio: 'inherit' });

try {
  const packed = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const tarball = join(work, JSON.parse(packed)[0].filename);
  run(bin('publint'), ['run', tarball, '--strict']);
  run(bin('attw'), [
    tarball,
    '--profile',
    'esm-only',
    '--no-definitely-typed',
    '--exclude-entrypoints',
    './appsync.graphql',
  ]);
} catch (error) {
  process.exitCode = typeof error?.status === 'number' ? error.status : 1;
  if (typeof error?.status !== 'number') console.error(error);
} finally {
  rmSync(work, { recursive: true, force: true });
}
