/**
 * The data and the fields every benchmark handler serves, so that the handlers differ only in how
 * they route, call and answer. Each lookup builds a new object, as a database client would.
 */

export interface Post {
  id: string;
  title: string;
  authorId: string;
}

export interface Author {
  id: string;
  name: string;
}

/** Posts `1` … `POST_COUNT` exist. */
export const POST_COUNT = 1000;
/** Authors `u0` … `u99` exist. */
export const AUTHOR_COUNT = 100;

export function findPost(id: unknown): Post | undefined {
  const n = Number(id);
  if (!Number.isInteger(n) || n < 1 || n > POST_COUNT) return undefined;
  return { id: String(n), title: `Post ${n}`, authorId: `u${n % AUTHOR_COUNT}` };
}

export function findAuthor(id: unknown): Author | undefined {
  if (typeof id !== 'string' || id[0] !== 'u') return undefined;
  const n = Number(id.slice(1));
  if (!Number.isInteger(n) || n < 0 || n >= AUTHOR_COUNT) return undefined;
  return { id, name: `Author ${n}` };
}

/** One round trip for many authors (a BatchGetItem, a `WHERE id IN (…)`). */
export function findAuthors(ids: readonly unknown[]): (Author | undefined)[] {
  return ids.map(findAuthor);
}

/** The other 49 fields of the fifty-resolver handlers (`Query.getPost` is the fiftieth). */
export const OTHER_FIELDS = [
  'Query.listPosts',
  'Query.getUser',
  'Query.listUsers',
  'Query.getComment',
  'Query.listComments',
  'Query.searchPosts',
  'Query.getTag',
  'Query.listTags',
  'Query.getFeed',
  'Query.getNotifications',
  'Query.getSettings',
  'Query.getStats',
  'Query.getCategory',
  'Query.listCategories',
  'Query.getDraft',
  'Query.listDrafts',
  'Query.getMedia',
  'Query.listMedia',
  'Query.getProfile',
  'Query.listFollowers',
  'Query.listFollowing',
  'Query.getBookmark',
  'Query.listBookmarks',
  'Query.getReport',
  'Query.health',
  'Mutation.createPost',
  'Mutation.updatePost',
  'Mutation.deletePost',
  'Mutation.publishPost',
  'Mutation.createComment',
  'Mutation.updateComment',
  'Mutation.deleteComment',
  'Mutation.likePost',
  'Mutation.unlikePost',
  'Mutation.followUser',
  'Mutation.unfollowUser',
  'Mutation.updateProfile',
  'Mutation.updateSettings',
  'Mutation.createTag',
  'Mutation.deleteTag',
  'Mutation.createBookmark',
  'Mutation.deleteBookmark',
  'Mutation.uploadMedia',
  'Mutation.deleteMedia',
  'Mutation.markNotificationsRead',
  'Mutation.reportPost',
  'Mutation.createDraft',
  'Mutation.deleteDraft',
  'Mutation.createCategory',
] as const;

/** What each of the other fields answers. */
export function other(field: string, args: unknown): { field: string; args: unknown } {
  return { field, args };
}

/** The error a hand-written or Powertools handler throws; its `name` is the GraphQL errorType. */
export class NotFoundError extends Error {
  override name = 'NotFoundError';
}
