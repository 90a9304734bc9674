// One resolver, hand-written: a switch on the field name, errors thrown with their name.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { findPost, NotFoundError } from './data.js';

export const handler = async (event: AppSyncResolverEvent<Record<string, unknown>>) => {
  switch (event.info.fieldName) {
    case 'getPost': {
      const post = findPost(event.arguments.id);
      if (post === undefined)
        throw new NotFoundError(`post ${String(event.arguments.id)} not found`);
      return post;
    }
    default:
      throw new Error(`No resolver for ${event.info.parentTypeName}.${event.info.fieldName}`);
  }
};
