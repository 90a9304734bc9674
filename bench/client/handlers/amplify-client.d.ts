// The part of aws-amplify's API that amplify.ts uses (see amplify-client.js for why it is
// declared here).

interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export const Amplify: {
  configure(
    resources: {
      API: { GraphQL: { endpoint: string; region: string; defaultAuthMode: 'iam' } };
    },
    options: {
      Auth: {
        credentialsProvider: {
          getCredentialsAndIdentityId(): Promise<{ credentials: AwsCredentials }>;
          clearCredentialsAndIdentityId(): void;
        };
      };
    },
  ): void;
};

/** An Amplify GraphQL client: `graphql()` sends a document with its variables. */
export function generateClient(): {
  graphql(options: { query: string; variables?: Record<string, unknown> }): Promise<unknown>;
};
