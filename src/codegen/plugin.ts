import type { GraphQLSchema } from 'graphql';
import { type CodegenOptions, generateTypes } from './generate.js';

/**
 * The same output as `appsync-direct codegen`, as a GraphQL Code Generator plugin: list
 * `appsync-direct/codegen` among the plugins of a file in your `codegen.ts`, with
 * {@link CodegenOptions} (`scalars`, `header`) as its config. GraphQL Code Generator gives it the
 * schema it loaded, so the AppSync scalars and directives must be declared there (AppSync's
 * exported schema does; `appsync-direct codegen` adds them itself).
 *
 * @example
 * // codegen.ts
 * export default {
 *   schema: ['schema.graphql', 'node_modules/appsync-direct/dist/appsync.graphql'],
 *   generates: { 'src/schema.generated.ts': { plugins: ['appsync-direct/codegen'] } },
 * };
 */
export function plugin(
  schema: GraphQLSchema,
  _documents: readonly unknown[],
  config: CodegenOptions = {},
): string {
  return generateTypes(schema, config);
}
