// Apollo Server 5 with its defaults, on the peers' schema, resolvers and DataLoaders (created by
// the context function per request), behind @as-integrations/aws-lambda's handler for an HTTP
// API's payload 2.0.
import { ApolloServer } from '@apollo/server';
import { handlers, startServerAndCreateLambdaHandler } from '@as-integrations/aws-lambda';
import { createBenchStore } from '../data.js';
import { type PeerContext, peerContext, peerSchema } from '../peers.js';
import { readSchema } from '../schema.js';

const store = createBenchStore();

const server = new ApolloServer<PeerContext>({ schema: peerSchema(readSchema(), store) });

export const handler = startServerAndCreateLambdaHandler(
  // The integration's types name @apollo/server's CommonJS build (it is a CommonJS package), this
  // module imports its ES module build: at run time each is the same class.
  server as never,
  handlers.createAPIGatewayProxyEventV2RequestHandler(),
  { context: async () => peerContext(store) },
);
