// Fifty resolvers, hand-written: a switch on the field name (field names are unique across
// Query and Mutation here) whose every case calls an `async` resolver function, as a handler
// that delegates to resolvers does; errors thrown with their name. Query.getPost is the 26th case.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { findPost, NotFoundError, other } from './data.js';

type Args = Record<string, unknown>;

/** The resolver of each of the other 49 fields. */
const resolveOther = async (field: string, args: Args) => other(field, args);

const getPost = async (args: Args) => {
  const post = findPost(args.id);
  if (post === undefined) throw new NotFoundError(`post ${String(args.id)} not found`);
  return post;
};

export const handler = async (event: AppSyncResolverEvent<Args>) => {
  const args = event.arguments;
  switch (event.info.fieldName) {
    case 'listPosts':
      return resolveOther('Query.listPosts', args);
    case 'getUser':
      return resolveOther('Query.getUser', args);
    case 'listUsers':
      return resolveOther('Query.listUsers', args);
    case 'getComment':
      return resolveOther('Query.getComment', args);
    case 'listComments':
      return resolveOther('Query.listComments', args);
    case 'searchPosts':
      return resolveOther('Query.searchPosts', args);
    case 'getTag':
      return resolveOther('Query.getTag', args);
    case 'listTags':
      return resolveOther('Query.listTags', args);
    case 'getFeed':
      return resolveOther('Query.getFeed', args);
    case 'getNotifications':
      return resolveOther('Query.getNotifications', args);
    case 'getSettings':
      return resolveOther('Query.getSettings', args);
    case 'getStats':
      return resolveOther('Query.getStats', args);
    case 'getCategory':
      return resolveOther('Query.getCategory', args);
    case 'listCategories':
      return resolveOther('Query.listCategories', args);
    case 'getDraft':
      return resolveOther('Query.getDraft', args);
    case 'listDrafts':
      return resolveOther('Query.listDrafts', args);
    case 'getMedia':
      return resolveOther('Query.getMedia', args);
    case 'listMedia':
      return resolveOther('Query.listMedia', args);
    case 'getProfile':
      return resolveOther('Query.getProfile', args);
    case 'listFollowers':
      return resolveOther('Query.listFollowers', args);
    case 'listFollowing':
      return resolveOther('Query.listFollowing', args);
    case 'getBookmark':
      return resolveOther('Query.getBookmark', args);
    case 'listBookmarks':
      return resolveOther('Query.listBookmarks', args);
    case 'getReport':
      return resolveOther('Query.getReport', args);
    case 'health':
      return resolveOther('Query.health', args);
    case 'getPost':
      return getPost(args);
    case 'createPost':
      return resolveOther('Mutation.createPost', args);
    case 'updatePost':
      return resolveOther('Mutation.updatePost', args);
    case 'deletePost':
      return resolveOther('Mutation.deletePost', args);
    case 'publishPost':
      return resolveOther('Mutation.publishPost', args);
    case 'createComment':
      return resolveOther('Mutation.createComment', args);
    case 'updateComment':
      return resolveOther('Mutation.updateComment', args);
    case 'deleteComment':
      return resolveOther('Mutation.deleteComment', args);
    case 'likePost':
      return resolveOther('Mutation.likePost', args);
    case 'unlikePost':
      return resolveOther('Mutation.unlikePost', args);
    case 'followUser':
      return resolveOther('Mutation.followUser', args);
    case 'unfollowUser':
      return resolveOther('Mutation.unfollowUser', args);
    case 'updateProfile':
      return resolveOther('Mutation.updateProfile', args);
    case 'updateSettings':
      return resolveOther('Mutation.updateSettings', args);
    case 'createTag':
      return resolveOther('Mutation.createTag', args);
    case 'deleteTag':
      return resolveOther('Mutation.deleteTag', args);
    case 'createBookmark':
      return resolveOther('Mutation.createBookmark', args);
    case 'deleteBookmark':
      return resolveOther('Mutation.deleteBookmark', args);
    case 'uploadMedia':
      return resolveOther('Mutation.uploadMedia', args);
    case 'deleteMedia':
      return resolveOther('Mutation.deleteMedia', args);
    case 'markNotificationsRead':
      return resolveOther('Mutation.markNotificationsRead', args);
    case 'reportPost':
      return resolveOther('Mutation.reportPost', args);
    case 'createDraft':
      return resolveOther('Mutation.createDraft', args);
    case 'deleteDraft':
      return resolveOther('Mutation.deleteDraft', args);
    case 'createCategory':
      return resolveOther('Mutation.createCategory', args);
    default:
      throw new Error(`No resolver for ${event.info.parentTypeName}.${event.info.fieldName}`);
  }
};
