// Amplify's generateClient (aws-amplify/api) in a Lambda function, configured as Amplify's Gen 2
// guide "Grant Lambda function access to API" did before getAmplifyDataClientConfig: the endpoint,
// IAM as the default auth mode, and the function role's credentials from Lambda's environment.
// (amplify-client.js is aws-amplify and aws-amplify/api, re-exported.)
import { Amplify, generateClient } from './amplify-client.js';
import { GET_POST, type PostEvent } from './document.js';

const env = process.env;
Amplify.configure(
  {
    API: {
      GraphQL: {
        endpoint: env.APPSYNC_URL as string,
        region: env.AWS_REGION as string,
        defaultAuthMode: 'iam',
      },
    },
  },
  {
    Auth: {
      credentialsProvider: {
        getCredentialsAndIdentityId: async () => ({
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID as string,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
            sessionToken: env.AWS_SESSION_TOKEN as string,
          },
        }),
        clearCredentialsAndIdentityId: () => {},
      },
    },
  },
);
const client = generateClient();

export async function handler(event: PostEvent) {
  const result = await client.graphql({ query: GET_POST, variables: { id: event.id } });
  return (result as { data: unknown }).data;
}
