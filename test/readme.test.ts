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
