#!/usr/bin/env node
// The `appsync-direct` command inside this repository (`npm start`, the example scripts, the CLI
// tests): it runs dist/cli/bin.js, built from src/cli by `npm run build`, and says so when dist/ is
// missing. The published package does not ship this file; its `bin` is dist/cli/bin.js itself.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/bin.js', import.meta.url);
if (existsSync(entry)) {
  await import(entry.href);
} else {
  process.stderr.write(
    'appsync-direct: dist/cli/bin.js is missing; run `npm run build` in the appsync-direct package first.\n',
  );
  process.exitCode = 2;
}
