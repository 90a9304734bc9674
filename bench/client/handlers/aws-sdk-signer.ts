// The AWS SDK v3 way of Amplify's guide "Connect to data from server-side runtimes" (Gen 1, for a
// Lambda function): SignatureV4 with the default credential provider chain signs an HttpRequest,
// and fetch sends it. The guide's packages have moved: @aws-sdk/signature-v4 and
// @aws-sdk/protocol-http are now @smithy/signature-v4 and @smithy/protocol-http, and Node's global
// fetch replaces node-fetch. The SHA-256 implementation is the handler's choice.
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import type { ChecksumConstructor, HashConstructor } from '@smithy/types';
import { GET_POST, type GraphQLBody, type PostEvent } from './document.js';

export function sdkHandler(sha256: ChecksumConstructor | HashConstructor) {
  const endpoint = new URL(process.env.APPSYNC_URL as string);
  const signer = new SignatureV4({
    credentials: defaultProvider(),
    region: process.env.AWS_REGION as string,
    service: 'appsync',
    sha256,
  });
  return async (event: PostEvent) => {
    const request = new HttpRequest({
      method: 'POST',
      headers: { 'Content-Type': 'application/json', host: endpoint.host },
      hostname: endpoint.host,
      body: JSON.stringify({ query: GET_POST, variables: { id: event.id } }),
      path: endpoint.pathname,
    });
    const signed = await signer.sign(request);
    const response = await fetch(endpoint, {
      method: signed.method,
      headers: signed.headers,
      body: signed.body as string,
    });
    const body = (await response.json()) as GraphQLBody;
    if (!response.ok || body.errors !== undefined) {
      throw new Error(`AppSync answered ${response.status}: ${body.errors?.[0]?.message}`);
    }
    return body.data;
  };
}
