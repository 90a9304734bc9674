// Fifty resolvers, hand-written: a switch on the field name (field names are unique across
// Query and Mutation here), errors thrown with their name. Query.getPost is the 26th case.
import type { AppSyncResolverEvent } from 'aws-lambda';
import { findPost, NotFoundError, other } from './data.js';

export const handler = async (event: AppSyncResolverEvent<Record<string, unknown>>) => {
  const args = event.arguments;
  switch (event.info.fieldName) {
    case 'listPosts':
      return other('Query.listPosts', args);
    case 'getUser':
      return other('Query.getUser', args);
    case 'listUsers':
      return other('Query.listUsers', args);
    case 'getComment':
      return other('Query.getComment', args);
    case 'listComments':
      return other('Query.listComments', args);
    case 'searchPosts':
      return other('Query.searchPosts', args);
    case 'getTag':
      return other('Query.getTag', args);
    case 'listTags':
      return other('Query.listTags', args);
    case 'getFeed':
      return other('Query.getFeed', args);
    case 'getNotifications':
      return other('Query.getNotifications', args);
    case 'getSettings':
      return other('Query.getSettings', args);
    case 'getStats':
      return other('Query.getStats', args);
    case 'getCategory':
      return other('Query.getCategory', args);
    case 'listCategories':
      return other('Query.listCategories', args);
    case 'getDraft':
      return other('Query.getDraft', args);
    case 'listDrafts':
      return other('Query.listDrafts', args);
    case 'getMedia':
      return other('Query.getMedia', args);
    case 'listMedia':
      return other('Query.listMedia', args);
    case 'getProfile':
      return other('Query.getProfile', args);
    case 'listFollowers':
      return other('Query.listFollowers', args);
    case 'listFollowing':
      return other('Query.listFollowing', args);
    case 'getBookmark':
      return other('Query.getBookmark', args);
    case 'listBookmarks':
      return other('Query.listBookmarks', args);
    case 'getReport':
      return other('Query.getReport', args);
    case 'health':
      return other('Query.health', args);
    case 'getPost': {
      const post = findPost(args.id);
      if (post === undefined) throw new NotFoundError(`post ${String(args.id)} not found`);
      return post;
    }
    case 'createPost':
      return other('Mutation.createPost', args);
    case 'updatePost':
      return other('Mutation.updatePost', args);
    case 'deletePost':
      return other('Mutation.deletePost', args);
    case 'publishPost':
      return other('Mutation.publishPost', args);
    case 'createComment':
      return other('Mutation.createComment', args);
    case 'updateComment':
      return other('Mutation.updateComment', args);
    case 'deleteComment':
      return other('Mutation.deleteComment', args);
    case 'likePost':
      return other('Mutation.likePost', args);
    case 'unlikePost':
      return other('Mutation.unlikePost', args);
    case 'followUser':
      return other('Mutation.followUser', args);
    case 'unfollowUser':
      return other('Mutation.unfollowUser', args);
    case 'updateProfile':
      return other('Mutation.updateProfile', args);
    case 'updateSettings':
      return other('Mutation.updateSettings', args);
    case 'createTag':
      return other('Mutation.createTag', args);
    case 'deleteTag':
      return other('Mutation.deleteTag', args);
    case 'createBookmark':
      return other('Mutation.createBookmark', args);
    case 'deleteBookmark':
      return other('Mutation.deleteBookmark', args);
    case 'uploadMedia':
      return other('Mutation.uploadMedia', args);
    case 'deleteMedia':
      return other('Mutation.deleteMedia', args);
    case 'markNotificationsRead':
      return other('Mutation.markNotificationsRead', args);
    case 'reportPost':
      return other('Mutation.reportPost', args);
    case 'createDraft':
      return other('Mutation.createDraft', args);
    case 'deleteDraft':
      return other('Mutation.deleteDraft', args);
    case 'createCategory':
      return other('Mutation.createCategory', args);
    default:
      throw new Error(`No resolver for ${event.info.parentTypeName}.${event.info.fieldName}`);
  }
};
