#!/usr/bin/env node
// The `appsync-direct` command. The code lives in dist/ (built from src/cli by `npm run build`).
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
