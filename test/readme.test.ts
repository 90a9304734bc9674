import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README', () => {
  it('shows the testing example exactly as examples/blog/readme.test.ts runs it', () => {
    const block = /```ts\n\/\/ post\.test\.ts\n([\s\S]*?)```/.exec(read('../README.md'))?.[1];
    expect(block).toBeDefined();
    const file = read('../examples/blog/readme.test.ts');
    expect(file.slice(file.indexOf('\n') + 1)).toBe(block);
  });

  it('keeps the two commands at the top', () => {
    const top = read('../README.md').split('\n').slice(0, 10).join('\n');
    expect(top).toContain('npm ci && npm start');
    expect(top).toContain('npm test');
  });
});

// Regressions (issue 15): the README said nothing of a second onError() for one class, and told
// middleware to use Array.isArray, which does not narrow in TypeScript.
describe('README, the error model and middleware', () => {
  it('quotes the TypeError a second onError() for one class throws, word for word', async () => {
    const { createResolver } = await import('appsync-direct');
    class DatabaseError extends Error {}
    const app = createResolver().onError(DatabaseError, () => undefined);
    let message = '';
    try {
      app.onError(DatabaseError, () => undefined);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe('');
    const readme = read('../README.md').replace(/\s+/g, ' ');
    expect(readme).toContain(
      `a second \`app.onError()\` for the same class throws a \`TypeError\``,
    );
    expect(readme).toContain(message);
  });

  it('shows isBatch() for middleware, and the exported guard narrows', async () => {
    const { isBatch } = await import('appsync-direct');
    const readme = read('../README.md');
    expect(readme).toContain('`isBatch(ctx)` tells the two apart');
    expect(readme).toContain("import { contextsOf, isBatch } from 'appsync-direct';");
    expect(isBatch([])).toBe(true);
    expect(isBatch({} as never)).toBe(false);
  });
});
