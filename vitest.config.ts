import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (file: string): string => fileURLToPath(new URL(`./src/${file}`, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^appsync-direct$/, replacement: source('index.ts') },
      { find: /^appsync-direct\/testing$/, replacement: source('testing/index.ts') },
      { find: /^appsync-direct\/emulator$/, replacement: source('emulator/index.ts') },
      { find: /^appsync-direct\/codegen$/, replacement: source('codegen/index.ts') },
      { find: /^appsync-direct\/cdk$/, replacement: source('cdk/index.ts') },
      { find: /^appsync-direct\/http$/, replacement: source('http/index.ts') },
      { find: /^appsync-direct\/client$/, replacement: source('client/index.ts') },
    ],
  },
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: '.vitest/results.json' }]],
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts'],
      reporter: ['text', 'json-summary'],
      thresholds: { lines: 95, branches: 95, functions: 95, statements: 95 },
    },
  },
});
