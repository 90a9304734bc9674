// Post.author hand-written for a BatchInvoke, answering AppSync's envelopes: every item at once
// with Promise.all (an `async` resolver per item), and a batch handler with one lookup for the
// whole batch. Both fail an item as a user would: a NotFoundError is created, and the error
// envelope is written from it.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { type Author, findAuthor, findAuthors, NotFoundError, type Post } from './data.js';

type Event = AppSyncResolverEvent<Record<string, never>, Post>;

const resolveAuthor = async (event: Event): Promise<Author> => {
  const author = findAuthor(event.source.authorId);
  if (author === undefined) throw new NotFoundError(`author ${event.source.authorId} not found`);
  return author;
};

/** The error envelope AppSync reads for a failed batch item. */
const failed = (error: Error) => ({
  data: null,
  errorType: error.name,
  errorMessage: error.message,
});

export const promiseAll = async (events: Event[]) =>
  Promise.all(
    events.map(async (event) => {
      try {
        return { data: await resolveAuthor(event) };
      } catch (error) {
        return failed(error as Error);
      }
    }),
  );

export const batch = async (events: Event[]) =>
  findAuthors(events.map((event) => event.source.authorId)).map((author, i) =>
    author === undefined
      ? failed(new NotFoundError(`author ${(events[i] as Event).source.authorId} not found`))
      : { data: author },
  );
