// aws4fetch's AwsClient: a SigV4 signer on WebCrypto around fetch, given Lambda's credentials.
import { AwsClient } from 'aws4fetch';
import { GET_POST, type GraphQLBody, type PostEvent } from './document.js';

const env = process.env;
const aws = new AwsClient({
  accessKeyId: env.AWS_ACCESS_KEY_ID as string,
  secretAccessKey: env.AWS_SECRET_ACCESS_KEY as string,
  sessionToken: env.AWS_SESSION_TOKEN as string,
  service: 'appsync',
  region: env.AWS_REGION as string,
});
const url = env.APPSYNC_URL as string;

export async function handler(event: PostEvent) {
  const response = await aws.fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: GET_POST, variables: { id: event.id } }),
  });
  const body = (await response.json()) as GraphQLBody;
  if (!response.ok || body.errors !== undefined) {
    throw new Error(`AppSync answered ${response.status}: ${body.errors?.[0]?.message}`);
  }
  return body.data;
}
