// The notifications API's Lambda: the API that examples/client/notify.ts and publish.mjs call.
// Serve it locally with
//   npx appsync-direct dev --schema examples/client/notifications.graphql \
//     --handler examples/client/notifications.ts --auth apiKey,iam
import { createResolver, isIamIdentity, ValidationError } from 'appsync-direct';

const followers: Readonly<Record<string, number>> = { '1': 3, '2': 1 };
const sent = new Map<string, number>();

export const app = createResolver();

app.resolver('Mutation.notifyFollowers', (ctx) => {
  const { postId, title } = ctx.args as { postId: string; title: string };
  if (title.trim() === '') throw new ValidationError('title must not be empty');
  const recipients = followers[postId] ?? 0;
  sent.set(postId, (sent.get(postId) ?? 0) + recipients);
  return {
    postId,
    title,
    recipients,
    sentBy: isIamIdentity(ctx.identity) ? ctx.identity.userArn : 'apiKey',
  };
});

app.resolver('Query.sentFor', (ctx) => sent.get((ctx.args as { postId: string }).postId) ?? 0);
