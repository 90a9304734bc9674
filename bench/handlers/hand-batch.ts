// Post.author hand-written for a BatchInvoke, answering AppSync's envelopes: every item at once
// with Promise.all, and a batch handler with one lookup for the whole batch.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { type Author, findAuthor, findAuthors, NotFoundError, type Post } from './data.js';

type Event = AppSyncResolverEvent<Record<string, never>, Post>;

const resolveAuthor = async (event: Event): Promise<Author> => {
  const author = findAuthor(event.source.authorId);
  if (author === undefined) throw new NotFoundError(`author ${event.source.authorId} not found`);
  return author;
};

export const promiseAll = async (events: Event[]) =>
  Promise.all(
    events.map(async (event) => {
      try {
        return { data: await resolveAuthor(event) };
      } catch (error) {
        const { name, message } = error as Error;
        return { data: null, errorType: name, errorMessage: message };
      }
    }),
  );

export const batch = async (events: Event[]) =>
  findAuthors(events.map((event) => event.source.authorId)).map((author, i) =>
    author === undefined
      ? {
          data: null,
          errorType: 'NotFoundError',
          errorMessage: `author ${(events[i] as Event).source.authorId} not found`,
        }
      : { data: author },
  );
