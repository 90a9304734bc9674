// One resolver, hand-written: a switch on the field name whose case calls an `async` resolver
// function, errors thrown with their name.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { findPost, NotFoundError } from './data.js';

type Args = Record<string, unknown>;

const getPost = async (args: Args) => {
  const post = findPost(args.id);
  if (post === undefined) throw new NotFoundError(`post ${String(args.id)} not found`);
  return post;
};

export const handler = async (event: AppSyncResolverEvent<Args>) => {
  switch (event.info.fieldName) {
    case 'getPost':
      return getPost(event.arguments);
    default:
      throw new Error(`No resolver for ${event.info.parentTypeName}.${event.info.fieldName}`);
  }
};
