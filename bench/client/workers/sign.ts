/**
 * Time to sign one AppSync request (POST /graphql, a 309-byte JSON body, temporary credentials
 * with a session token), in one process: appsync-direct's `signRequest`, @smithy/signature-v4
 * with @smithy/hash-node and `applyChecksum: false`, and aws4fetch's `AwsV4Signer`, interleaved in
 * every round. Each signs the same three headers, host, x-amz-date and x-amz-security-token, as
 * appsync-direct/client does (aws4fetch never signs content-type); before timing, the three must
 * write the same `Authorization` for the same time.
 *
 * Run by bench/client.ts as a bundle (appsync-direct resolved to dist/), in a plain `node`:
 *   node sign.mjs '<config JSON>' <out.json>
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HttpRequest } from '@smithy/protocol-http';
import { signRequest } from 'appsync-direct/client';
import { AwsV4Signer } from 'aws4fetch';
import { type SliceConfig, slicedRounds, workerArgs } from '../../worker.js';
import { APPSYNC_URL, BODY, CREDENTIALS, REGION } from '../query.js';
import { smithySigner, unsignableHeaders } from '../smithy.js';

/** Rounds of slices, `perSlice` signatures per variant in each. */
export type SignConfig = SliceConfig;

export interface SignResult {
  /** Nanoseconds per signature, one value per round, by variant. */
  ns: Record<string, number[]>;
  /** The `Authorization` every signer wrote for the same time, and the body's size. */
  authorization: string;
  bodyBytes: number;
}

const { config, outPath } = workerArgs<SignConfig>('sign');

const url = new URL(APPSYNC_URL);
const CONTENT_TYPE = { 'content-type': 'application/json' };

/**
 * aws4fetch never signs content-type; smithy is told not to (`unsignableHeaders`), and
 * appsync-direct is not given it.
 */
const smithy = smithySigner();
/** aws4fetch's `AwsClient` passes one cache of signing keys to every signer it makes. */
const aws4Cache = new Map<string, ArrayBuffer>();

/** Each signer's `Authorization` for a request at `date` (now, when not given). */
const SIGNERS: Record<string, (date?: Date) => string | Promise<string>> = {
  'appsync-direct': (date = new Date()) =>
    signRequest({
      method: 'POST',
      url,
      body: BODY,
      credentials: CREDENTIALS,
      region: REGION,
      service: 'appsync',
      date,
    }).authorization as string,
  smithy: async (date) => {
    const request = new HttpRequest({
      method: 'POST',
      protocol: 'https:',
      hostname: url.host,
      path: url.pathname,
      headers: { ...CONTENT_TYPE, host: url.host },
      body: BODY,
    });
    const signed = await smithy.sign(
      request,
      date === undefined ? { unsignableHeaders } : { unsignableHeaders, signingDate: date },
    );
    return signed.headers.authorization as string;
  },
  aws4fetch: async (date) => {
    const signer = new AwsV4Signer({
      method: 'POST',
      url: APPSYNC_URL,
      headers: CONTENT_TYPE,
      body: BODY,
      accessKeyId: CREDENTIALS.accessKeyId,
      secretAccessKey: CREDENTIALS.secretAccessKey,
      sessionToken: CREDENTIALS.sessionToken,
      service: 'appsync',
      region: REGION,
      cache: aws4Cache,
      ...(date === undefined ? {} : { datetime: date.toISOString().replace(/[:-]|\.\d{3}/g, '') }),
    });
    const signed = await signer.sign();
    return signed.headers.get('authorization') as string;
  },
};

/** The same time, the same headers: the same signature from every signer. */
async function check(): Promise<string> {
  const date = new Date('2026-11-21T09:30:00Z');
  const written: Record<string, string> = {};
  for (const [name, sign] of Object.entries(SIGNERS)) written[name] = await sign(date);
  const reference = written['appsync-direct'] as string;
  if (!reference.includes('SignedHeaders=host;x-amz-date;x-amz-security-token,')) {
    throw new Error(`appsync-direct signed other headers: ${reference}`);
  }
  for (const [name, authorization] of Object.entries(written)) {
    if (authorization !== reference) {
      throw new Error(`${name} signed differently:\n  ${authorization}\n  ${reference}`);
    }
  }
  return reference;
}

let sink = 0;

/** Milliseconds for `n` signatures, one after another, each awaited (the synchronous one too). */
async function timeSignatures(sign: () => string | Promise<string>, n: number): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < n; i++) sink += (await sign()).length;
  return performance.now() - started;
}

async function main(): Promise<void> {
  const authorization = await check();
  const ns = await slicedRounds(
    Object.keys(SIGNERS),
    config,
    (name) => {
      const sign = SIGNERS[name] as () => string | Promise<string>;
      return timeSignatures(() => sign(), config.perSlice);
    },
    1e6,
  );
  if (sink === 0) throw new Error('no signature was written');
  const result: SignResult = { ns, authorization, bodyBytes: Buffer.byteLength(BODY) };
  writeFileSync(outPath, JSON.stringify(result));
}

await main();
