/** The example's in-memory store, standing in for a database. */

export interface Post {
  id: string;
  title: string;
  content: string | null;
  authorId: string;
  createdAt: string;
}

export interface User {
  id: string;
  name: string;
}

export interface Store {
  posts: Map<string, Post>;
  users: Map<string, User>;
  nextId: number;
}

/** A fresh store holding the example's three posts and two users. */
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
  const users: User[] = [
    { id: 'u1', name: 'Ada Lovelace' },
    { id: 'u2', name: 'Alan Turing' },
  ];
  return {
    posts: new Map(posts.map((post) => [post.id, post])),
    users: new Map(users.map((user) => [user.id, user])),
    nextId: 4,
  };
}
