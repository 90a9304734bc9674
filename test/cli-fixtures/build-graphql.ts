/** A handler that pulls graphql-js into its bundle, which `appsync-direct build` warns about. */
import { parse } from 'graphql';

export const handler = async (event: { arguments: { query: string } }): Promise<string[]> =>
  parse(event.arguments.query).definitions.map((definition) => definition.kind);
