/**
 * Time per request to a local server, in one process: `client.request()` of appsync-direct/client
 * with an API key and with IAM (the function role's credentials from Lambda's environment), each
 * against a bare `fetch` sending the same body with the same headers computed once; and, to tell
 * where the client's time goes, the API key's bare fetch with the client's per-attempt
 * `AbortSignal.timeout`, and the IAM bare fetch signing every request (with `signRequest`, and
 * with @smithy/signature-v4). All use Node's global
 * fetch (undici, one keep-alive connection pool) and are interleaved in every round; the wall
 * time and this process's CPU time are taken for each slice.
 *
 * Run by bench/client.ts as a bundle (appsync-direct resolved to dist/), in a plain `node` whose
 * environment is a Lambda function's (lambdaEnv in ../query.ts), with the server running:
 *   node request.mjs '<config JSON>' <out.json>
 * With `only` in the config, it runs just those variants for `requests` requests and times
 * nothing: the process a CPU profile is taken of.
 */
import { writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { HttpRequest } from '@smithy/protocol-http';
import { createAppSyncClient, signRequest } from 'appsync-direct/client';
import { rotate, stats } from '../../lib.js';
import { type ProfileMode, profileOnly, workerArgs } from '../../worker.js';
import type { GraphQLBody } from '../handlers/document.js';
import { ANSWER, API_KEY, BODY, CREDENTIALS, GET_POST, REGION, VARIABLES } from '../query.js';
import { smithySigner, unsignableHeaders } from '../smithy.js';
import { verifySigV4 } from '../verify.js';
import type { Recorded } from './server.js';

export interface RequestConfig extends ProfileMode {
  /** The local server's GraphQL endpoint. */
  url: string;
  rounds: number;
  warmupRounds: number;
  /**
   * Cycles per round: a cycle sends one request of every variant, in an order that rotates from
   * cycle to cycle, so that whatever else the machine does reaches every variant alike.
   */
  cycles: number;
}

export interface RequestResult {
  /** The median microseconds per request of each round, by variant. */
  us: Record<string, number[]>;
  /**
   * The median CPU microseconds of this process per request (user and system, all its threads)
   * of each round: the client's own work, without the server's and without waiting for a core.
   */
  cpuUs: Record<string, number[]>;
  /** The header names each variant set (fetch adds the same ones to all), in order. */
  headers: Record<string, string[]>;
  /** The names the IAM client signed. */
  signedHeaders: string[];
  requestBytes: number;
  answerBytes: number;
}

const { config, outPath } = workerArgs<RequestConfig>('request');
const { url } = config;

const apiKeyClient = createAppSyncClient({ url, auth: { type: 'apiKey', apiKey: API_KEY } });
// As in a Lambda function: the role's credentials and the region from the environment.
const iamClient = createAppSyncClient({ url, auth: { type: 'iam' } });

const API_KEY_HEADERS = { 'content-type': 'application/json', 'x-api-key': API_KEY };
const endpoint = new URL(url);
const sign = (body: string) =>
  signRequest({
    method: 'POST',
    url: endpoint,
    body,
    credentials: CREDENTIALS,
    region: REGION,
    service: 'appsync',
    date: new Date(),
  });
/** Signed once, sent as they are: the local server does not check the time. */
const IAM_HEADERS = { 'content-type': 'application/json', ...sign(BODY) };

/** Signs the same three headers as appsync-direct: content-type goes in `unsignableHeaders`. */
const smithy = smithySigner();

/** The bare fetch, signing each request with @smithy/signature-v4 as the AWS SDK way does. */
async function smithyFetch(): Promise<unknown> {
  const body = JSON.stringify({ query: GET_POST, variables: VARIABLES });
  const signed = await smithy.sign(
    new HttpRequest({
      method: 'POST',
      protocol: endpoint.protocol,
      hostname: endpoint.host,
      path: endpoint.pathname,
      headers: { 'content-type': 'application/json', host: endpoint.host },
      body,
    }),
    { unsignableHeaders },
  );
  return bareFetch(signed.headers, undefined, body);
}

/** The least a handler does: the body written, the headers given, the JSON read and checked. */
async function bareFetch(
  headers: Record<string, string>,
  signal?: AbortSignal,
  json = JSON.stringify({ query: GET_POST, variables: VARIABLES }),
): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: json,
    ...(signal === undefined ? {} : { signal }),
  });
  const body = (await response.json()) as GraphQLBody;
  if (response.status !== 200 || body.errors !== undefined) {
    throw new Error(`the server answered ${response.status}`);
  }
  return body.data;
}

const VARIANTS: Record<string, () => Promise<unknown>> = {
  'client-apikey': () => apiKeyClient.request(GET_POST, VARIABLES),
  'fetch-apikey': () => bareFetch(API_KEY_HEADERS),
  // Not a target: the bare fetch with the timeout the client sets on every attempt, to tell
  // what that signal costs from the rest of the client.
  'fetch-apikey-timeout': () => bareFetch(API_KEY_HEADERS, AbortSignal.timeout(30_000)),
  'client-iam': () => iamClient.request(GET_POST, VARIABLES),
  'fetch-iam': () => bareFetch(IAM_HEADERS),
  // Not targets: the bare fetch signing every request, with appsync-direct's signRequest and with
  // @smithy/signature-v4, to tell what a signature costs among the requests from the client's
  // own work.
  'fetch-iam-sign': () => {
    const body = JSON.stringify({ query: GET_POST, variables: VARIABLES });
    return bareFetch({ 'content-type': 'application/json', ...sign(body) }, undefined, body);
  },
  'fetch-iam-smithy': smithyFetch,
};

const serverPath = (path: string) => new URL(path, url).href;

/**
 * Every variant answers the server's data; what each sent is recorded: the same body, the same
 * header names for a client and its bare fetch, an API key or a signature that verifies.
 */
async function check(): Promise<Omit<RequestResult, 'us' | 'cpuUs'>> {
  const expected = JSON.stringify(ANSWER.data);
  const names = Object.keys(VARIANTS);
  await fetch(serverPath('/__record'), { method: 'POST' }).then((r) => r.arrayBuffer());
  for (const name of names) {
    const data = await (VARIANTS[name] as () => Promise<unknown>)();
    if (JSON.stringify(data) !== expected) {
      throw new Error(`${name} answered ${JSON.stringify(data).slice(0, 300)}`);
    }
  }
  const recorded = (await (await fetch(serverPath('/__requests'))).json()) as Recorded[];
  if (recorded.length !== names.length) throw new Error(`${recorded.length} requests recorded`);
  const headers: Record<string, string[]> = {};
  const fetchAdds = new Set([
    'host',
    'connection',
    'content-length',
    'accept',
    'accept-language',
    'sec-fetch-mode',
    'user-agent',
    'accept-encoding',
  ]);
  names.forEach((name, i) => {
    const sent = recorded[i] as Recorded;
    if (sent.body !== BODY) throw new Error(`${name} sent another body: ${sent.body}`);
    headers[name] = Object.keys(sent.headers).filter((h) => !fetchAdds.has(h));
  });
  const sorted = (name: string) => (headers[name] ?? []).slice().sort().join();
  for (const [client, bare] of [
    ['client-apikey', 'fetch-apikey'],
    ['client-apikey', 'fetch-apikey-timeout'],
    ['client-iam', 'fetch-iam'],
    ['client-iam', 'fetch-iam-sign'],
    ['client-iam', 'fetch-iam-smithy'],
  ] as const) {
    if (sorted(client) !== sorted(bare)) {
      throw new Error(`${client} sent ${sorted(client)}, ${bare} ${sorted(bare)}`);
    }
  }
  const sent = (name: string) => recorded[names.indexOf(name)] as Recorded;
  for (const name of ['client-apikey', 'fetch-apikey', 'fetch-apikey-timeout']) {
    if (sent(name).headers['x-api-key'] !== API_KEY) throw new Error(`${name} sent no API key`);
  }
  const signedHeaders = await verifySigV4(sent('client-iam'), 'client-iam');
  for (const name of ['fetch-iam', 'fetch-iam-sign', 'fetch-iam-smithy']) {
    const names = await verifySigV4(sent(name), name);
    if (names.join() !== signedHeaders.join()) throw new Error(`${name} signed ${names.join()}`);
  }
  return {
    headers,
    signedHeaders,
    requestBytes: Buffer.byteLength(BODY),
    answerBytes: Buffer.byteLength(JSON.stringify(ANSWER)),
  };
}

const median = (values: number[]) => stats(values).median;

async function main(): Promise<void> {
  const checked = await check();
  if (await profileOnly(config, VARIANTS, outPath)) return;
  const names = Object.keys(VARIANTS);
  const perVariant = () => Object.fromEntries(names.map((n) => [n, [] as number[]]));
  const us: Record<string, number[]> = perVariant();
  const cpuUs: Record<string, number[]> = perVariant();
  for (let round = -config.warmupRounds; round < config.rounds; round++) {
    // Each request timed alone: the median per round leaves out the requests that waited for a
    // core (this machine's other work), which a mean over a slice would spread over a variant.
    const wall = perVariant();
    const cpu = perVariant();
    for (let cycle = 0; cycle < config.cycles; cycle++) {
      for (const name of rotate(names, round * config.cycles + cycle)) {
        const run = VARIANTS[name] as () => Promise<unknown>;
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await run();
        const ms = performance.now() - started;
        const used = process.cpuUsage(cpuBefore);
        wall[name]?.push(ms * 1000);
        cpu[name]?.push(used.user + used.system);
      }
    }
    if (round < 0) continue;
    for (const name of names) {
      us[name]?.push(median(wall[name] as number[]));
      cpuUs[name]?.push(median(cpu[name] as number[]));
    }
  }
  const result: RequestResult = { us, cpuUs, ...checked };
  writeFileSync(outPath, JSON.stringify(result));
}

await main();
