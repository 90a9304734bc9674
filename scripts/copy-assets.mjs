// The last step of `npm run build`, after tsc: puts into dist/ the files the package ships beside
// the compiled code, so that the published tarball holds dist/ and the documents, nothing else.
//   fixtures/*.json, fixtures/README.md -> dist/fixtures/      (read by appsync-direct/testing)
//   appsync.graphql                     -> dist/appsync.graphql (the "./appsync.graphql" export)
// It also marks dist/cli/bin.js, the `appsync-direct` command (tsc kept its shebang), executable.
import { chmodSync, copyFileSync, mkdirSync, readdirSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const dist = new URL('dist/', root);

chmodSync(new URL('cli/bin.js', dist), 0o755); // throws first if tsc has not built dist/
mkdirSync(new URL('fixtures/', dist), { recursive: true });
for (const name of readdirSync(new URL('fixtures/', root))) {
  if (name.endsWith('.json') || name === 'README.md') {
    copyFileSync(new URL(`fixtures/${name}`, root), new URL(`fixtures/${name}`, dist));
  }
}
copyFileSync(new URL('appsync.graphql', root), new URL('appsync.graphql', dist));
