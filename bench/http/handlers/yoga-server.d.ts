// The part of graphql-yoga's API that yoga.ts uses (see yoga-server.js for why it is declared here).
import type { GraphQLSchema } from 'graphql';

/** A Yoga server: its fetch API takes a URL, the request's init and the server context. */
export interface YogaServer<TServerContext> {
  fetch(
    url: string,
    init: RequestInit,
    serverContext: TServerContext,
  ): Promise<Response> | Response;
}

export function createYoga<TServerContext extends Record<string, unknown>>(options: {
  schema: GraphQLSchema;
  context: () => object;
}): YogaServer<TServerContext>;
