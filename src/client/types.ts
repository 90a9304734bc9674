/**
 * A GraphQL document as a plain string that carries the types of its result and variables, so
 * `client.graphql()` and `client.request()` infer both. `appsync-direct codegen --documents`
 * writes one per operation; nothing of it exists at run time but the string.
 *
 * @example
 * const GetPost = 'query GetPost($id: ID!) { getPost(id: $id) { title } }' as TypedDocument<
 *   { getPost: { title: string } | null },
 *   { id: string }
 * >;
 * const data = await client.request(GetPost, { id: '1' }); // data.getPost?.title: string
 */
export type TypedDocument<TResult = Record<string, unknown>, TVariables = Variables> = string & {
  /** Types only: never present at run time. */
  readonly __apiType?: (variables: TVariables) => TResult;
};

/** An operation's variables: a JSON object. */
export type Variables = Record<string, unknown>;

/** The result type a typed document carries. */
export type ResultOf<TDocument> =
  TDocument extends TypedDocument<infer TResult, never> ? TResult : never;

/** The variables type a typed document carries. */
export type VariablesOf<TDocument> =
  TDocument extends TypedDocument<unknown, infer TVariables> ? TVariables : never;
