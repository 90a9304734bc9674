// The bundles' baseline: the same document and event, no client. A handler's "client part" is
// its bundle minus this one's.
import { GET_POST, type PostEvent } from './document.js';

export async function handler(event: PostEvent) {
  return { query: GET_POST, variables: { id: event.id } };
}
