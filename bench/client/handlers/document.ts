// The query every handler sends, in a module of its own so that each bundle carries it and
// nothing else of the benchmark (the empty handler's bundle holds it too).
export const GET_POST = `query GetPost($id: ID!) {
  getPost(id: $id) {
    id
    title
    content
    createdAt
    author {
      id
      name
    }
    comments(limit: 3) {
      id
      body
      author {
        name
      }
    }
  }
}`;

/** The event every handler answers. */
export interface PostEvent {
  id: string;
}

/** A GraphQL response as the hand-written handlers read it. */
export interface GraphQLBody {
  data?: unknown;
  errors?: { message: string }[];
}
