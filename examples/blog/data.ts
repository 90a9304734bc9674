/** The example's in-memory store, standing in for a database and its driver. */

export interface Post {
  id: string;
  title: string;
  content: string | null;
  authorId: string;
  createdAt: string;
}

export interface Comment {
  id: string;
  postId: string;
  body: string;
  authorId: string;
  createdAt: string;
}

export interface User {
  id: string;
  name: string;
}

/**
 * What the "driver" throws when a write breaks a unique constraint: a plain `Error`, as a real
 * database client's would be. The handler maps it to a client-facing errorType with `onError`.
 */
export class UniqueConstraintError extends Error {
  override readonly name = 'UniqueConstraintError';
  constructor(
    readonly constraint: string,
    readonly value: string,
  ) {
    super(`duplicate key value violates unique constraint "${constraint}"`);
  }
}

export interface Store {
  posts: Map<string, Post>;
  comments: Map<string, Comment>;
  users: Map<string, User>;
  nextId: number;
}

/** Inserts a post; titles are unique, as a database index would enforce. */
export function insertPost(store: Store, post: Omit<Post, 'id'>): Post {
  for (const existing of store.posts.values()) {
    if (existing.title.toLowerCase() === post.title.toLowerCase()) {
      throw new UniqueConstraintError('posts_title_key', post.title);
    }
  }
  const created = { id: String(store.nextId++), ...post };
  store.posts.set(created.id, created);
  return created;
}

/** Inserts a comment. */
export function insertComment(store: Store, comment: Omit<Comment, 'id'>): Comment {
  const created = { id: `c${store.nextId++}`, ...comment };
  store.comments.set(created.id, created);
  return created;
}

/**
 * A fresh store: three posts, three comments, and three users — two authors, and the Cognito
 * user `jdoe` whose `sub` the test kit's Cognito identity and the Cognito fixtures carry.
 */
export function createStore(): Store {
  const posts: Post[] = [
    {
      id: '1',
      title: 'Hello, AppSync',
      content: 'One Lambda, many fields.',
      authorId: 'u1',
      createdAt: '2026-01-15T10:00:00.000Z',
    },
    {
      id: '2',
      title: 'Batching authors',
      content: 'BatchInvoke sends one context per parent.',
      authorId: 'u2',
      createdAt: '2026-01-16T09:30:00.000Z',
    },
    {
      id: '3',
      title: 'Errors that clients can read',
      content: null,
      authorId: 'u1',
      createdAt: '2026-01-17T14:45:00.000Z',
    },
  ];
  const comments: Comment[] = [
    {
      id: 'c1',
      postId: '1',
      body: 'Which fields does AppSync batch?',
      authorId: 'u2',
      createdAt: '2026-01-15T11:00:00.000Z',
    },
    {
      id: 'c2',
      postId: '1',
      body: 'Every field with a maxBatchSize, per level of the query.',
      authorId: 'u1',
      createdAt: '2026-01-15T11:20:00.000Z',
    },
    {
      id: 'c3',
      postId: '2',
      body: 'One call for a whole page of authors: nice.',
      authorId: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93',
      createdAt: '2026-01-16T10:05:00.000Z',
    },
  ];
  const users: User[] = [
    { id: 'u1', name: 'Ada Lovelace' },
    { id: 'u2', name: 'Alan Turing' },
    { id: 'a3f08c2e-7b15-4d9a-8e62-5c1b4f7d0e93', name: 'Jane Doe' },
  ];
  return {
    posts: new Map(posts.map((post) => [post.id, post])),
    comments: new Map(comments.map((comment) => [comment.id, comment])),
    users: new Map(users.map((user) => [user.id, user])),
    nextId: 4,
  };
}
