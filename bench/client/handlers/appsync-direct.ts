// appsync-direct/client with IAM auth: the endpoint from APPSYNC_URL, the function role's
// credentials from Lambda's environment, the region from AWS_REGION.
import { createAppSyncClient } from 'appsync-direct/client';
import { GET_POST, type PostEvent } from './document.js';

const client = createAppSyncClient({ auth: { type: 'iam' } });

export async function handler(event: PostEvent) {
  return client.request(GET_POST, { id: event.id });
}
