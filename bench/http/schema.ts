/**
 * Where every handler of the HTTP benchmark reads the blog's schema: `schema.graphql` beside the
 * bundle that runs (bench/http.ts copies examples/blog/schema.graphql next to each bundle it
 * builds), read once when the module loads, as a deployed function reads a file of its package.
 */
import { readFileSync } from 'node:fs';

/** The location of the schema file beside the running bundle. */
export const SCHEMA_URL = new URL('./schema.graphql', import.meta.url);

/** The blog's SDL. */
export const readSchema = (): string => readFileSync(SCHEMA_URL, 'utf8');
