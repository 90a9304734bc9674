/**
 * Bundle size of a one-resolver handler, as a user's build makes it:
 * esbuild --bundle --platform=node (ESM), unminified and minified, with the gzip size of each.
 *
 *   npm run bench:size
 */
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const entry = new URL('./one-resolver.ts', import.meta.url).pathname;
const runtime = new URL('../src/index.ts', import.meta.url).pathname;

async function bundle(minify: boolean): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    platform: 'node',
    format: 'esm',
    write: false,
    alias: { 'appsync-direct': runtime },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild wrote no output');
  return output.contents;
}

const rows = [];
for (const minify of [false, true]) {
  const code = await bundle(minify);
  rows.push({
    bundle: minify ? 'minified' : 'unminified',
    bytes: code.byteLength,
    gzip: gzipSync(code).byteLength,
  });
}
console.table(rows);
