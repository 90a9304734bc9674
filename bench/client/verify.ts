/**
 * The checks run before anything is timed: a request as the local server received it carries a
 * SigV4 signature that @smithy/signature-v4 computes too, from the headers it names as signed.
 */
import { HttpRequest } from '@smithy/protocol-http';
import { CREDENTIALS, REGION } from './query.js';
import { smithySigner } from './smithy.js';
import type { Recorded } from './workers/server.js';

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;

/** `YYYYMMDDTHHMMSSZ` as a Date. */
function fromAmzDate(value: string): Date {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (m === null) throw new Error(`x-amz-date is not YYYYMMDDTHHMMSSZ: ${value}`);
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return new Date(Date.UTC(y as number, (mo as number) - 1, d, h, mi, s));
}

const header = (recorded: Recorded, name: string): string => {
  const value = recorded.headers[name];
  return Array.isArray(value) ? value.join(',') : (value ?? '');
};

/**
 * Throws unless `recorded` is signed for AppSync in the benchmark's region with the benchmark's
 * credentials, and smithy's signature of the same request, time and signed headers is the same.
 * Returns the signed header names.
 */
export async function verifySigV4(recorded: Recorded, who: string): Promise<string[]> {
  const authorization = header(recorded, 'authorization');
  const parts = AUTHORIZATION.exec(authorization);
  if (parts === null) throw new Error(`${who}: no SigV4 authorization header: ${authorization}`);
  const [, keyId, , region, service, signedHeaders] = parts as unknown as string[];
  if (keyId !== CREDENTIALS.accessKeyId || region !== REGION || service !== 'appsync') {
    throw new Error(`${who}: signed for ${keyId}/${region}/${service}`);
  }
  if (header(recorded, 'x-amz-security-token') !== CREDENTIALS.sessionToken) {
    throw new Error(`${who}: the session token was not sent as x-amz-security-token`);
  }
  const names = (signedHeaders as string).split(';');
  const headers: Record<string, string> = {};
  for (const name of names) headers[name] = header(recorded, name);
  const [path = '/', query] = recorded.path.split('?', 2);
  const signer = smithySigner(names.includes('x-amz-content-sha256'));
  const signed = await signer.sign(
    new HttpRequest({
      method: recorded.method,
      protocol: 'http:',
      hostname: headers.host ?? '',
      path,
      query: Object.fromEntries(new URLSearchParams(query ?? '')),
      headers,
      body: recorded.body,
    }),
    { signingDate: fromAmzDate(header(recorded, 'x-amz-date')) },
  );
  if (signed.headers.authorization !== authorization) {
    throw new Error(
      `${who}: the signature does not verify:\n  sent   ${authorization}\n  smithy ${signed.headers.authorization}`,
    );
  }
  return names;
}
