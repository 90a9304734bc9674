/**
 * `npm start`: sends every fixture in fixtures/ to the example handler, as AppSync would, and
 * prints what the handler answers — the value, the error AppSync would see, or the batch entries.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBlogApp } from './handler.js';

const fixtures = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const handler = createBlogApp().handler();

type Item = {
  info?: { parentTypeName: string; fieldName: string };
  typeName?: string;
  fieldName?: string;
  field?: string;
  payload?: Item | Item[];
};

/** "Type.field ×N" for an event of any accepted shape. */
function describeEvent(event: unknown): string {
  const outer = event as Item | Item[];
  const inner = Array.isArray(outer) ? outer : (outer.payload ?? outer);
  const first = Array.isArray(inner) ? inner[0] : inner;
  if (first === undefined) return 'empty batch';
  const field = first.info
    ? `${first.info.parentTypeName}.${first.info.fieldName}`
    : first.typeName
      ? `${first.typeName}.${first.fieldName}`
      : String(first.field);
  return Array.isArray(inner) ? `${field} ×${inner.length}` : field;
}

function show(value: unknown): string {
  if (Array.isArray(value) && value.length > 4) {
    const failed = value.filter((entry) => entry?.errorType !== undefined).length;
    const head = value.slice(0, 3).map((entry) => JSON.stringify(entry));
    return `[${head.join(', ')}, … ${value.length} entries: ${value.length - failed} data, ${failed} errors]`;
  }
  return JSON.stringify(value);
}

const lambda = {
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  getRemainingTimeInMillis: () => 10_000,
};

for (const name of readdirSync(fixtures)
  .filter((file) => file.endsWith('.json'))
  .sort()) {
  const event: unknown = JSON.parse(readFileSync(join(fixtures, name), 'utf8'));
  const label = `${name.padEnd(40)} ${describeEvent(event)}`;
  try {
    const answer = await handler(event, lambda);
    console.log(`${label}\n  → ${show(answer)}`);
  } catch (error) {
    const { name: errorType, message } = error as Error;
    console.log(`${label}\n  ✗ ${JSON.stringify({ errorType, errorMessage: message })}`);
  }
}
