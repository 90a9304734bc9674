// A script that runs a mutation with an API key:
//   APPSYNC_URL=https://<id>.appsync-api.<region>.amazonaws.com/graphql APPSYNC_API_KEY=da2-… \
//     node examples/client/publish.mjs 1 "Hello"
// Against the local notifications API (see notifications.ts), APPSYNC_URL is
// http://127.0.0.1:4000/graphql and the key da2-appsyncdirectlocaldev00000.
import { AppSyncRequestError, createAppSyncClient } from 'appsync-direct/client';

const [postId = '1', title = 'A new post'] = process.argv.slice(2);

// The endpoint comes from APPSYNC_URL.
const client = createAppSyncClient({
  auth: { type: 'apiKey', apiKey: process.env.APPSYNC_API_KEY ?? '' },
});

const NotifyFollowers = /* GraphQL */ `
  mutation NotifyFollowers($postId: ID!, $title: String!) {
    notifyFollowers(postId: $postId, title: $title) { postId recipients sentBy }
  }
`;

try {
  const { notifyFollowers } = await client.request(NotifyFollowers, { postId, title });
  console.log(`post ${notifyFollowers.postId}: ${notifyFollowers.recipients} followers told`);
} catch (error) {
  if (!(error instanceof AppSyncRequestError)) throw error;
  // errorType is AppSync's: ValidationError, UnauthorizedException, or the client's own.
  console.error(`${error.errorType}: ${error.message}`);
  process.exitCode = 1;
}
