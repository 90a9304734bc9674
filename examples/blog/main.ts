/**
 * `npm run example:fixtures`: sends every shipped fixture to the example handler, as AppSync
 * would, and prints what AppSync makes of each answer: the field's data, or the error the client
 * would see. (`npm start` serves the example as a GraphQL API instead: `appsync-direct dev`.)
 */
import { fixtureNames, type InvokeResult, invoke, loadFixture } from 'appsync-direct/testing';
import { handler } from './handler.js';

function show(result: InvokeResult | InvokeResult[]): string {
  if (!Array.isArray(result)) return JSON.stringify(result);
  if (result.length <= 4) return `[${result.map((item) => JSON.stringify(item)).join(', ')}]`;
  const failed = result.filter((item) => 'error' in item).length;
  const head = result.slice(0, 3).map((item) => JSON.stringify(item));
  return `[${head.join(', ')}, … ${result.length} items: ${result.length - failed} data, ${failed} errors]`;
}

for (const name of fixtureNames) {
  const result = await invoke(handler, loadFixture(name));
  console.log(`${name}\n  → ${show(result)}`);
}
