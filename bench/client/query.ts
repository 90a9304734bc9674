/**
 * What every part of `bench:client` sends and answers: one `getPost` query, the credentials of a
 * Lambda function's role (fake, the shape Lambda sets), and the local server's fixed answer.
 */

import { GET_POST } from './handlers/document.js';

/** The query every handler and worker sends: a post with its author and three comments. */
export { GET_POST };

export const VARIABLES = { id: 'a5d6c1f0-3b0e-4f4e-9d61-1c2f7b9e8a42' };

/** The request's JSON body as every client writes it: about 300 bytes. */
export const BODY = JSON.stringify({ query: GET_POST, variables: VARIABLES });

/** The local server's answer to every GraphQL request. */
export const ANSWER = {
  data: {
    getPost: {
      id: VARIABLES.id,
      title: 'Direct Lambda resolvers without the boilerplate',
      content: 'A post of the blog example, as AppSync would return it.',
      createdAt: '2026-11-21T09:30:00.000Z',
      author: { id: 'u-1', name: 'Jane Doe' },
      comments: [
        { id: 'c-1', body: 'First!', author: { name: 'Ann' } },
        { id: 'c-2', body: 'Very useful.', author: { name: 'Bob' } },
        { id: 'c-3', body: 'What about subscriptions?', author: { name: 'Cy' } },
      ],
    },
  },
};
export const ANSWER_JSON = JSON.stringify(ANSWER);

/** An AppSync endpoint, as the signing part signs for it. */
export const APPSYNC_URL =
  'https://abcdefghijklmnopqrstuvwxyz.appsync-api.eu-west-1.amazonaws.com/graphql';
export const REGION = 'eu-west-1';

/**
 * Temporary credentials as Lambda sets them for a function's role: the session token of an
 * assumed role is about 1,000 characters (deterministic here, never a real one).
 */
export const CREDENTIALS = {
  accessKeyId: 'ASIAQEXAMPLEBENCH0001',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: Buffer.from(
    Array.from({ length: 750 }, (_, i) => String.fromCharCode(33 + ((i * 7919) % 94))).join(''),
  ).toString('base64'),
};

/** The environment of a Lambda function with that role, calling `url`. */
export function lambdaEnv(url: string): Record<string, string> {
  return {
    APPSYNC_URL: url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
  };
}

/** The API key of the API-key requests (the shape of AppSync's keys). */
export const API_KEY = 'da2-benchbenchbenchbenchbench0';
