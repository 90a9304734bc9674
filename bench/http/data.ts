/**
 * The blog's data for the HTTP benchmark: the example's store (examples/blog/data.ts), grown to
 * 24 posts so that `listPosts(limit: 20)` fills a page, with 4 comments a post and 6 authors.
 * Every post and comment has an author that exists, so no variant answers an error. Each call
 * builds the same store, so every variant reads equal data.
 */
import type { Comment, Post, Store, User } from '../../examples/blog/data.js';

export const POSTS = 24;
export const COMMENTS_PER_POST = 4;
export const USERS = 6;

/** The page the benchmark asks for, and how many comments of each post. */
export const PAGE = 20;
export const COMMENTS_SHOWN = 3;

/** The query every variant answers: a page of posts with their authors, comments and commenters. */
export const QUERY = /* GraphQL */ `query FrontPage($limit: Int) {
  listPosts(limit: $limit) {
    items {
      id
      title
      content
      createdAt
      author {
        id
        name
      }
      comments(limit: ${COMMENTS_SHOWN}) {
        id
        body
        createdAt
        author {
          id
          name
        }
      }
    }
    nextToken
  }
}`;

export const VARIABLES = { limit: PAGE };

const at = (day: number, minute: number) =>
  new Date(Date.UTC(2026, 0, 1 + day, 9, minute)).toISOString();

/** A fresh store of 24 posts, 96 comments and 6 users. */
export function createBenchStore(): Store {
  const users: User[] = Array.from({ length: USERS }, (_, i) => ({
    id: `u${i + 1}`,
    name: `Author ${i + 1}`,
  }));
  const posts: Post[] = [];
  const comments: Comment[] = [];
  for (let p = 1; p <= POSTS; p++) {
    posts.push({
      id: String(p),
      title: `Post ${p}: notes on batching`,
      // One post in four has no content, as in the example.
      content: p % 4 === 0 ? null : `The body of post ${p}, a paragraph or two of text.`,
      authorId: `u${(p % USERS) + 1}`,
      createdAt: at(p, 0),
    });
    for (let c = 1; c <= COMMENTS_PER_POST; c++) {
      comments.push({
        id: `c${p}-${c}`,
        postId: String(p),
        body: `Comment ${c} on post ${p}.`,
        authorId: `u${((p + c) % USERS) + 1}`,
        createdAt: at(p, c * 10),
      });
    }
  }
  return {
    posts: new Map(posts.map((post) => [post.id, post])),
    comments: new Map(comments.map((comment) => [comment.id, comment])),
    users: new Map(users.map((user) => [user.id, user])),
    nextId: POSTS + 1,
  };
}
