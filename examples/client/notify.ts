// A resolver that calls another AppSync API with IAM, from inside a Lambda function: when a post
// is published, the notifications API (notifications.graphql) tells its followers. The function's
// role signs the request (Lambda sets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
// AWS_SESSION_TOKEN); its policy needs appsync:GraphQL on
// arn:aws:appsync:<region>:<account>:apis/<api id>/types/Mutation/fields/notifyFollowers.
import { AppSyncError, createResolver } from 'appsync-direct';
import { AppSyncRequestError, createAppSyncClient } from 'appsync-direct/client';
import { NotifyFollowers } from './operations.generated.js';

class NotFoundError extends AppSyncError {}

/** The posts this API publishes. */
const posts = new Map([
  ['1', { id: '1', title: 'Hello, AppSync', published: false }],
  ['2', { id: '2', title: 'Batching, explained', published: false }],
]);

// Made once per execution environment, outside the handler: it keeps provider credentials and
// the learnt clock skew across invocations.
const notifications = createAppSyncClient({
  url: process.env.NOTIFICATIONS_URL,
  auth: { type: 'iam' },
});

export const app = createResolver();

app.resolver('Mutation.publishPost', async (ctx) => {
  const { id } = ctx.args as { id: string };
  const post = posts.get(id);
  if (post === undefined) throw new NotFoundError(`post ${id} not found`);
  post.published = true;
  try {
    // ctx.signal fires before the Lambda's deadline: the call stops, and the resolver answers.
    const { notifyFollowers } = await notifications.request(
      NotifyFollowers,
      { postId: post.id, title: post.title },
      { signal: ctx.signal },
    );
    return { ...post, notified: notifyFollowers.recipients };
  } catch (error) {
    // Publishing succeeded; the notification did not. Say so, with AppSync's error type.
    if (error instanceof AppSyncRequestError) {
      throw new AppSyncError(
        `post ${id} is published, but its followers were not told (${error.errorType})`,
        { errorType: 'NotificationFailed' },
      );
    }
    throw error;
  }
});

export const handler = app.handler();
