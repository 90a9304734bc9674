// GraphQL Yoga 5 with its defaults, on the peers' schema, resolvers and DataLoaders (created by
// the context function per request), behind the adapter of Yoga's AWS Lambda guide written for an
// HTTP API's payload 2.0: the event becomes a fetch Request, and the Response a Lambda result.
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { createBenchStore } from '../data.js';
import { peerContext, peerSchema } from '../peers.js';
import { readSchema } from '../schema.js';
import { createYoga } from './yoga-server.js';

const store = createBenchStore();

const yoga = createYoga<{ event: APIGatewayProxyEventV2; lambdaContext: Context }>({
  schema: peerSchema(readSchema(), store),
  context: () => peerContext(store),
});

export async function handler(event: APIGatewayProxyEventV2, lambdaContext: Context) {
  const query = event.rawQueryString === '' ? '' : `?${event.rawQueryString}`;
  const headers = { ...event.headers } as Record<string, string>;
  if (event.cookies !== undefined) headers.cookie = event.cookies.join('; ');
  const response = await yoga.fetch(
    `https://${event.requestContext.domainName}${event.rawPath}${query}`,
    {
      method: event.requestContext.http.method,
      headers,
      body:
        event.body === undefined
          ? null
          : event.isBase64Encoded
            ? Buffer.from(event.body, 'base64')
            : event.body,
    },
    { event, lambdaContext },
  );
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  return {
    statusCode: response.status,
    headers: responseHeaders,
    body: await response.text(),
    isBase64Encoded: false,
  };
}
