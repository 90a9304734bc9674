// The floor: graphql-js alone, with the peers' resolvers and DataLoaders, behind the least a
// Lambda handler of an HTTP API needs: read the JSON body, parse and validate a document once
// (kept by its text), execute it, answer JSON. No GraphQL-over-HTTP rules, no auth, no limits.
import { type DocumentNode, execute, parse, validate } from 'graphql';
import { createBenchStore } from '../data.js';
import { peerContext, peerSchema } from '../peers.js';
import { readSchema } from '../schema.js';

const store = createBenchStore();
export const schema = peerSchema(readSchema(), store);
const documents = new Map<string, DocumentNode>();
const HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** graphql-js's `execute` of a parsed document, nothing around it. */
export const executeOnly = (document: DocumentNode, variables: Record<string, unknown>) =>
  execute({ schema, document, variableValues: variables, contextValue: peerContext(store) });

export const handler = async (event: { body?: string; isBase64Encoded?: boolean }) => {
  const text =
    event.isBase64Encoded === true
      ? Buffer.from(event.body ?? '', 'base64').toString('utf8')
      : (event.body ?? '');
  const { query, variables, operationName } = JSON.parse(text) as {
    query: string;
    variables?: Record<string, unknown>;
    operationName?: string;
  };
  let document = documents.get(query);
  if (document === undefined) {
    document = parse(query);
    const errors = validate(schema, document);
    if (errors.length > 0) {
      return { statusCode: 400, headers: HEADERS, body: JSON.stringify({ errors }) };
    }
    documents.set(query, document);
  }
  const result = await execute({
    schema,
    document,
    variableValues: variables,
    operationName,
    contextValue: peerContext(store),
  });
  return { statusCode: 200, headers: HEADERS, body: JSON.stringify(result) };
};
