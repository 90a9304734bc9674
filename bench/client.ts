/**
 * `npm run bench:client`: appsync-direct/client against what a Lambda function uses today to call
 * AppSync with IAM: aws4fetch, the AWS SDK v3 way of Amplify's guide (@smithy/signature-v4 with
 * @aws-sdk/credential-provider-node and fetch) and Amplify's `generateClient`. Measures the built
 * package (dist/), so the script builds first.
 *
 *   npm run bench:client                 the full run (about a minute on two cores)
 *   npm run bench:client -- --quick      fewer rounds, to try a change
 *   npm run bench:client -- --cpu-prof   also profiles each client (API key, IAM) and its bare
 *                                        fetch, and prints what the client's time goes to
 *
 * Three parts, each in plain `node` processes on esbuild bundles (no TypeScript loader):
 * 1. the minified bundle of a handler sending one IAM-signed query with each client, against an
 *    empty handler's (each bundle must answer the local server first, with a signature that
 *    verifies);
 * 2. the time to sign one AppSync request: `signRequest` against @smithy/signature-v4 and
 *    aws4fetch's `AwsV4Signer` (the same `Authorization` for the same time, checked first);
 * 3. the time per request through `client.request()`, with an API key and with IAM, to a local
 *    node:http server on 127.0.0.1 (a process of its own), against a bare `fetch` with the same
 *    headers computed once.
 * Writes bench/results/client.json. docs/performance.md ("Calling AppSync
 * (appsync-direct/client)") explains the method and the results.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile, transformSync } from 'esbuild';
import ts from 'typescript';
import { ANSWER, BODY, lambdaEnv, VARIABLES } from './client/query.js';
import { verifySigV4 } from './client/verify.js';
import type { RequestConfig, RequestResult } from './client/workers/request.js';
import type { Recorded } from './client/workers/server.js';
import type { SignConfig, SignResult } from './client/workers/sign.js';
import { cleanEnv, USER_BUILD } from './cold-start.js';
import {
  benchScript,
  distAlias,
  printReport,
  REQUIRE_BANNER,
  resultHeader,
  root,
} from './driver.js';
import {
  inclusiveTimes,
  type ProfileSummary,
  profileLines,
  profilesJson,
  summariseProfile,
} from './http/profile.js';
import {
  at,
  int,
  num,
  range,
  ratioStats,
  signed,
  startReport,
  stats,
  statsOf,
  status,
  type Target,
  times,
} from './lib.js';

const { quick, profile, cache, progress, bundleWorkers, runWorker, profileWorker, writeResults } =
  benchScript('bench:client', 'client');

const SIGN: SignConfig = {
  rounds: quick ? 5 : 21,
  warmupRounds: quick ? 1 : 2,
  slices: 10,
  perSlice: quick ? 100 : 200,
};
const REQUEST: Omit<RequestConfig, 'url'> = {
  rounds: quick ? 5 : 21,
  warmupRounds: quick ? 1 : 2,
  cycles: quick ? 150 : 500,
};
const PROFILE_REQUESTS = 10_000;

/** Targets. "10 KB" read strictly, as bench/run.ts reads "6 KB": 10,000 bytes. */
const TARGET = {
  clientPartBytes: 10_000,
  signVsSmithy: 0.5,
  requestVsFetch: 1.1,
};

/** The handlers of bench/client/handlers, each sending one IAM-signed `getPost` query. */
const HANDLERS = [
  'empty',
  'appsync-direct',
  'aws4fetch',
  'aws-sdk',
  'aws-sdk-hash-node',
  'amplify',
] as const;
type HandlerName = (typeof HANDLERS)[number];

const LABEL: Record<string, string> = {
  empty: 'empty handler (the same document, no client)',
  'appsync-direct': 'appsync-direct/client, createAppSyncClient',
  aws4fetch: 'aws4fetch AwsClient',
  'aws-sdk': "AWS SDK v3 (Amplify's guide): signature-v4, sha256-js, credential-provider-node",
  'aws-sdk-hash-node': 'AWS SDK v3, the same with @smithy/hash-node',
  amplify: "Amplify's generateClient (aws-amplify/api)",
  'sign:appsync-direct': 'appsync-direct signRequest (node:crypto)',
  'sign:smithy': '@smithy/signature-v4 + @smithy/hash-node, applyChecksum: false',
  'sign:aws4fetch': 'aws4fetch AwsV4Signer (WebCrypto), shared key cache',
  'client-apikey': 'client.request(), API key',
  'fetch-apikey': 'bare fetch, API key headers given',
  'fetch-apikey-timeout': 'bare fetch, API key, with AbortSignal.timeout(30 s) as the client sets',
  'client-iam': "client.request(), IAM (credentials from Lambda's environment)",
  'fetch-iam': 'bare fetch, IAM headers signed once',
  'fetch-iam-sign': 'bare fetch, each request signed by signRequest',
  'fetch-iam-smithy': 'bare fetch, each request signed by @smithy/signature-v4',
};

// --- bundles ------------------------------------------------------------------------------------

const ALIAS = distAlias(['client']);

interface BundleInfo {
  name: HandlerName;
  file: string;
  bytes: number;
  gzip: number;
  /** Minified bytes by input group: appsync-direct's files, or packages. */
  inputs: Record<string, number>;
}

interface Bundles {
  built: BundleInfo[];
  /** Handlers left out, and why. */
  skipped: Record<string, string>;
  /** What each handler's bundle sent to the local server and answered. */
  checks: Record<string, { signedHeaders: string[]; answered: boolean }>;
  /** appsync-direct's modules in its handler's bundle, measured one by one. */
  ours: Record<string, ModuleBytes>;
}

/** Groups a bundle input: appsync-direct's own files one by one, packages as a whole. */
function inputGroup(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
  if (pkg !== null) return pkg[1] as string;
  const dist = /(?:^|\/)dist\/(.+\.js)$/.exec(path);
  if (dist !== null) return `appsync-direct dist/${dist[1]}`;
  if (path.includes('bench/client/handlers/')) return 'the handler and its document';
  return path;
}

function inputsOf(metafile: Metafile): Record<string, number> {
  const groups: Record<string, number> = {};
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const group = inputGroup(path);
      groups[group] = (groups[group] ?? 0) + bytesInOutput;
    }
  }
  return Object.fromEntries(Object.entries(groups).sort((a, b) => b[1] - a[1]));
}

/** Where a module's minified bytes go: its top-level declarations, and its message text. */
interface ModuleBytes {
  minified: number;
  /** String and template literals of more than 12 characters with a space: messages. */
  messageText: number;
  /** Minified bytes of each top-level declaration, by its name in the source, largest first. */
  declarations: Record<string, number>;
}

/**
 * Minifies one of appsync-direct's built modules as the bundle does and measures it: each
 * top-level statement (named from a build that keeps identifiers: the statements come in the same
 * order) and the message text, read with TypeScript's parser.
 */
function moduleBytes(file: string): ModuleBytes {
  const source = readFileSync(file, 'utf8');
  const minify = (options: object) =>
    ts.createSourceFile(
      file,
      transformSync(source, { format: 'esm', target: 'node20', loader: 'js', ...options }).code,
      ts.ScriptTarget.ES2022,
      true,
    );
  const minified = minify({ minify: true });
  const named = minify({ minifyWhitespace: true, minifySyntax: true }).statements;
  const declarations: Record<string, number> = {};
  minified.statements.forEach((statement, i) => {
    if (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) return;
    const twin = named[i] as ts.Statement;
    const name =
      (ts.isFunctionDeclaration(twin) || ts.isClassDeclaration(twin)) && twin.name !== undefined
        ? twin.name.text
        : ts.isVariableStatement(twin)
          ? twin.declarationList.declarations.map((d) => d.name.getText()).join(', ')
          : twin.getText().slice(0, 40);
    declarations[name] = statement.getText().length;
  });
  let messageText = 0;
  const isMessage = (text: string) => text.length > 12 && text.includes(' ');
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (isMessage(node.text)) messageText += node.getText().length;
    } else if (ts.isTemplateExpression(node)) {
      const parts = [node.head, ...node.templateSpans.map((span) => span.literal)];
      if (isMessage(parts.map((part) => part.text).join(''))) {
        for (const part of parts) messageText += part.getText().length;
      }
      for (const span of node.templateSpans) visit(span.expression);
    } else {
      ts.forEachChild(node, visit);
    }
  };
  visit(minified);
  return {
    minified: minified.getText().length,
    messageText,
    declarations: Object.fromEntries(Object.entries(declarations).sort((a, b) => b[1] - a[1])),
  };
}

/** A first line, for a reason printed in a table. */
const oneLine = (text: string) => text.trim().split('\n')[0]?.slice(0, 300) ?? '';

async function bundleHandlers(server: LocalServer): Promise<Bundles> {
  const out = join(cache, 'bundles');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result: Bundles = { built: [], skipped: {}, checks: {}, ours: {} };
  for (const name of HANDLERS) {
    const file = join(out, `${name}.mjs`);
    let metafile: Metafile;
    try {
      ({ metafile } = await build({
        entryPoints: [join(root, 'bench/client/handlers', `${name}.ts`)],
        outfile: file,
        ...USER_BUILD,
        banner: { js: REQUIRE_BANNER },
        alias: ALIAS,
        metafile: true,
        logLevel: 'silent',
      }));
    } catch (error) {
      if (name !== 'amplify') throw error;
      result.skipped[name] = `esbuild could not bundle it: ${oneLine(String(error))}`;
      continue;
    }
    // The bundle must work: a new node loads it as Lambda would and answers one event, through
    // the local server, with a signature that verifies.
    const check = await checkBundle(name, file, server);
    if (typeof check === 'string') {
      if (name !== 'amplify') throw new Error(check);
      result.skipped[name] = check;
      continue;
    }
    result.checks[name] = check;
    if (name === 'appsync-direct') {
      for (const input of Object.keys(metafile.inputs)) {
        const dist = /(?:^|\/)dist\/(.+\.js)$/.exec(input);
        if (dist !== null) result.ours[`dist/${dist[1]}`] = moduleBytes(join(root, input));
      }
    }
    const code = readFileSync(file);
    result.built.push({
      name,
      file,
      bytes: code.byteLength,
      gzip: gzipSync(code).byteLength,
      inputs: inputsOf(metafile),
    });
  }
  return result;
}

/** Imports a bundle, calls `handler({ id })` and prints its answer. */
const RUNNER =
  'const{handler}=await import(process.argv[1]);process.stdout.write(JSON.stringify(await handler({id:process.argv[2]})));';

async function checkBundle(
  name: HandlerName,
  file: string,
  server: LocalServer,
): Promise<Bundles['checks'][string] | string> {
  await server.record();
  const run = spawnSync(
    process.execPath,
    ['--input-type=module', '-e', RUNNER, pathToFileURL(file).href, VARIABLES.id],
    { encoding: 'utf8', env: { ...cleanEnv(), ...lambdaEnv(server.url) }, timeout: 30_000 },
  );
  const recorded = await server.recorded();
  if (run.status !== 0) return `its bundle failed to answer: ${oneLine(run.stderr)}`;
  if (name === 'empty') {
    if (recorded.length !== 0) return 'the empty handler sent a request';
    return { signedHeaders: [], answered: true };
  }
  const expected = JSON.stringify(ANSWER.data);
  if (run.stdout !== expected) return `${name} answered ${run.stdout.slice(0, 300)}`;
  if (recorded.length !== 1) return `${name} sent ${recorded.length} requests`;
  const sent = recorded[0] as Recorded;
  const body = JSON.parse(sent.body) as { query?: unknown; variables?: unknown };
  const mine = JSON.parse(BODY) as typeof body;
  // Amplify sends the document as graphql-js prints it: the same tokens, other white space.
  const tokens = (query: unknown) => String(query).replace(/\s+/g, ' ').trim();
  if (
    tokens(body.query) !== tokens(mine.query) ||
    JSON.stringify(body.variables) !== JSON.stringify(VARIABLES)
  ) {
    return `${name} sent another body: ${sent.body.slice(0, 300)}`;
  }
  try {
    return { signedHeaders: await verifySigV4(sent, name), answered: true };
  } catch (error) {
    return (error as Error).message;
  }
}

// --- the local server ---------------------------------------------------------------------------

interface LocalServer {
  url: string;
  record(): Promise<void>;
  recorded(): Promise<Recorded[]>;
  /** Closes it and waits for its process to end; the requests it answered. */
  close(): Promise<number>;
}

async function startServer(workers: string): Promise<LocalServer> {
  const child: ChildProcess = spawn(process.execPath, [join(workers, 'server.mjs')], {
    env: cleanEnv(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before listening`)));
  });
  const url = `http://127.0.0.1:${port}/graphql`;
  return {
    url,
    record: async () => {
      await (await fetch(new URL('/__record', url), { method: 'POST' })).arrayBuffer();
    },
    recorded: async () => (await (await fetch(new URL('/__requests', url))).json()) as Recorded[],
    close: () =>
      new Promise<number>((resolve, reject) => {
        let served = -1;
        child.on('message', (message) => {
          served = (message as { requests: number }).requests;
        });
        child.once('exit', (code) => {
          if (code === 0 && served >= 0) resolve(served);
          else reject(new Error(`the server did not close cleanly (exit ${code})`));
        });
        child.send('close');
      }),
  };
}

// --- profiles -----------------------------------------------------------------------------------

interface Profiles {
  dir: string;
  requests: number;
  summaries: Record<string, ProfileSummary>;
  /** Self time per request by function, a client's profile minus its bare fetch's, in ms. */
  extra: Record<string, Record<string, number>>;
  /** Inclusive ms of appsync-direct's functions in the IAM client's profile. */
  inclusive: Record<string, number>;
}

/** The profiled variants, in pairs: a client and its bare fetch. */
const PROFILED = [
  ['client-apikey', 'fetch-apikey'],
  ['client-iam', 'fetch-iam'],
] as const;

function runProfiles(workers: string, url: string): Profiles {
  const dir = join(tmpdir(), 'appsync-direct-bench-client-profiles');
  rmSync(dir, { recursive: true, force: true });
  const summaries: Record<string, ProfileSummary> = {};
  const all: Record<string, ProfileSummary> = {};
  let inclusive: Record<string, number> = {};
  const bundle = join(workers, 'request.mjs');
  for (const variant of PROFILED.flat()) {
    const variantDir = join(dir, variant);
    const config: RequestConfig = {
      ...REQUEST,
      url,
      only: [variant],
      requests: PROFILE_REQUESTS,
    };
    const path = profileWorker(variantDir, bundle, [JSON.stringify(config)], {
      ...cleanEnv(),
      ...lambdaEnv(url),
    });
    all[variant] = summariseProfile(path, bundle, (m) => m, 100_000);
    summaries[variant] = {
      ...(all[variant] as ProfileSummary),
      byFunction: (all[variant] as ProfileSummary).byFunction.slice(0, 30),
    };
    if (variant === 'client-iam') {
      inclusive = Object.fromEntries(
        [...inclusiveTimes(path, bundle)]
          .filter(([key]) => / \(dist\/client\//.test(key))
          .sort((a, b) => b[1] - a[1])
          .slice(0, 25),
      );
    }
  }
  const extra: Record<string, Record<string, number>> = {};
  for (const [client, bare] of PROFILED) {
    const selfOf = (variant: string) =>
      new Map((all[variant] as ProfileSummary).byFunction.map((f) => [f.fn, f.ms]));
    const ours = selfOf(client);
    const theirs = selfOf(bare);
    const names = new Set([...ours.keys(), ...theirs.keys()]);
    extra[client] = Object.fromEntries(
      [...names]
        .map((fn) => [fn, (ours.get(fn) ?? 0) - (theirs.get(fn) ?? 0)] as const)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 20),
    );
  }
  return { dir, requests: PROFILE_REQUESTS, summaries, extra, inclusive };
}

// --- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  progress('bundling the workers (appsync-direct from dist/)');
  const workers = await bundleWorkers({
    dir: 'bench/client/workers',
    workers: ['server', 'sign', 'request'],
    subpaths: ['client'],
    banner: REQUIRE_BANNER,
  });
  const server = await startServer(workers);
  progress(`the local server listens on ${server.url}`);
  let served: number;
  let bundles: Bundles;
  let sign: SignResult;
  let request: RequestResult;
  let profiles: Profiles | undefined;
  try {
    progress('bundling the handlers (esbuild, minified) and checking that each answers');
    bundles = await bundleHandlers(server);
    for (const [name, reason] of Object.entries(bundles.skipped)) {
      progress(`skipped ${name}: ${reason}`);
    }

    progress(`signing: ${SIGN.rounds} rounds`);
    sign = runWorker<SignResult>([], join(workers, 'sign.mjs'), [JSON.stringify(SIGN)]);

    progress(`requests: ${REQUEST.rounds} rounds`);
    const config: RequestConfig = { ...REQUEST, url: server.url };
    request = runWorker<RequestResult>([], join(workers, 'request.mjs'), [JSON.stringify(config)], {
      ...cleanEnv(),
      ...lambdaEnv(server.url),
    });

    if (profile) {
      progress(
        `CPU profiles: ${PROFILE_REQUESTS} requests of each client and its bare fetch, one process each`,
      );
      profiles = runProfiles(workers, server.url);
    }
  } finally {
    served = await server.close();
  }
  progress(`the local server closed after ${served} requests`);

  const report = buildReport(bundles, sign, request, profiles);
  printReport(report, report.inputLines, report.profileLines);
  const seconds = writeResults('bench/results/client.json', { ...report.json, served });
  progress(`wrote bench/results/client.json (${seconds} s after the build)`);
}

// --- the report ---------------------------------------------------------------------------------

/** A client's request ratios, round by round, from its values per request by variant. */
const requestRatios = (perRequest: Record<string, number[]>) => {
  const ratio = (a: string, b: string) =>
    ratioStats(perRequest[a] as number[], perRequest[b] as number[]);
  return {
    apiKeyVsFetch: ratio('client-apikey', 'fetch-apikey'),
    iamVsFetch: ratio('client-iam', 'fetch-iam'),
    timeoutVsFetch: ratio('fetch-apikey-timeout', 'fetch-apikey'),
    signEachVsFetch: ratio('fetch-iam-sign', 'fetch-iam'),
    smithyEachVsFetch: ratio('fetch-iam-smithy', 'fetch-iam'),
    iamVsSignEach: ratio('client-iam', 'fetch-iam-sign'),
  };
};

function buildReport(
  bundles: Bundles,
  sign: SignResult,
  request: RequestResult,
  profiles: Profiles | undefined,
) {
  const { rows, section, targets, finish } = startReport();

  // 1. Bundles.
  section('1. Minified bundle of a handler sending one IAM-signed query (bytes)');
  const bundleOf = (name: string) => bundles.built.find((b) => b.name === name);
  const empty = bundleOf('empty') as BundleInfo;
  const ours = bundleOf('appsync-direct') as BundleInfo;
  const part = (b: BundleInfo) => b.bytes - empty.bytes;
  const partGzip = (b: BundleInfo) => b.gzip - empty.gzip;
  targets.bundle = {
    target: `bundle: appsync-direct/client's part (handler − empty handler) ≤ ${int(TARGET.clientPartBytes)} bytes`,
    value: `${int(part(ours))} bytes (gzip ${int(partGzip(ours))})`,
    met: part(ours) <= TARGET.clientPartBytes,
  };
  for (const name of HANDLERS) {
    const b = bundleOf(name);
    if (b === undefined) {
      rows.push([LABEL[name] as string, 'skipped', bundles.skipped[name] ?? '', '', '']);
      continue;
    }
    rows.push([
      LABEL[name] as string,
      `${int(b.bytes)} (gzip ${int(b.gzip)})`,
      name === 'empty'
        ? ''
        : `client part ${signed(part(b), int)} (gzip ${signed(partGzip(b), int)})`,
      name === 'empty' || name === 'appsync-direct'
        ? ''
        : `${num(part(b) / part(ours), 3)}× appsync-direct's part`,
      name === 'appsync-direct'
        ? `≤ ${int(TARGET.clientPartBytes)}: ${int(part(ours))}, ${status(targets.bundle.met)}`
        : '',
    ]);
  }

  // 2. Signing.
  const ns = sign.ns as Record<string, number[]>;
  const oursNs = ns['appsync-direct'] as number[];
  const smithyNs = ns.smithy as number[];
  const aws4Ns = ns.aws4fetch as number[];
  const vsSmithy = ratioStats(oursNs, smithyNs);
  targets.sign = {
    target: `signing: appsync-direct's signRequest ≤ ${TARGET.signVsSmithy}× @smithy/signature-v4`,
    value: `${num(vsSmithy.median, 3)}×`,
    met: vsSmithy.median <= TARGET.signVsSmithy,
  };
  section(
    `2. Signing one AppSync request (ns per signature): POST, ${int(sign.bodyBytes)}-byte JSON body, session token`,
  );
  const nsCell = (values: number[]) => range(stats(values), (n) => num(n, 3));
  rows.push([
    LABEL['sign:appsync-direct'] as string,
    nsCell(oursNs),
    `${times(vsSmithy)} smithy`,
    `${times(ratioStats(oursNs, aws4Ns))} aws4fetch`,
    `≤ ${TARGET.signVsSmithy}× smithy: ${status(targets.sign.met)}`,
  ]);
  rows.push([LABEL['sign:smithy'] as string, nsCell(smithyNs), '', '', '']);
  rows.push([
    LABEL['sign:aws4fetch'] as string,
    nsCell(aws4Ns),
    `${times(ratioStats(aws4Ns, smithyNs))} smithy`,
    '',
    '',
  ]);

  // 3. Requests.
  const us = request.us as Record<string, number[]>;
  const cpu = request.cpuUs as Record<string, number[]>;
  section(
    `3. Request to a local server on 127.0.0.1 (µs per request): ${int(request.requestBytes)}-byte query, ${int(request.answerBytes)}-byte answer`,
  );
  const diff = (a: number[], b: number[]) => stats(a.map((x, i) => x - at(b, i))).median;
  const against = (name: string, base: string) => {
    const wall = us[name] as number[];
    const baseWall = us[base] as number[];
    const cpuOf = cpu[name] as number[];
    const baseCpu = cpu[base] as number[];
    return {
      wall: ratioStats(wall, baseWall),
      cells: [
        `${times(ratioStats(wall, baseWall))} bare fetch (${signed(diff(wall, baseWall))} µs)`,
        `CPU ${num(stats(cpuOf).median, 3)} µs: ${times(ratioStats(cpuOf, baseCpu))} (${signed(diff(cpuOf, baseCpu))} µs)`,
      ],
    };
  };
  const bareRow = (name: string) =>
    rows.push([
      LABEL[name] as string,
      nsCell(us[name] as number[]),
      '',
      `CPU ${num(stats(cpu[name] as number[]).median, 3)} µs`,
      '',
    ]);
  for (const mode of ['apikey', 'iam'] as const) {
    const { wall, cells } = against(`client-${mode}`, `fetch-${mode}`);
    const key = mode === 'apikey' ? 'requestApiKey' : 'requestIam';
    targets[key] = {
      target: `request: client.request() with ${mode === 'apikey' ? 'an API key' : 'IAM'} ≤ ${TARGET.requestVsFetch}× a bare fetch with the same headers given`,
      value: `${num(wall.median, 3)}×`,
      met: wall.median <= TARGET.requestVsFetch,
    };
    rows.push([
      LABEL[`client-${mode}`] as string,
      nsCell(us[`client-${mode}`] as number[]),
      ...cells,
      `≤ ${TARGET.requestVsFetch}×: ${status((targets[key] as Target).met)}`,
    ]);
    bareRow(`fetch-${mode}`);
    const diagnostics =
      mode === 'apikey' ? ['fetch-apikey-timeout'] : ['fetch-iam-sign', 'fetch-iam-smithy'];
    for (const name of diagnostics) {
      rows.push([
        LABEL[name] as string,
        nsCell(us[name] as number[]),
        ...against(name, `fetch-${mode}`).cells,
        'not a target',
      ]);
    }
  }
  rows.push([
    'client.request(), IAM ÷ bare fetch signing each request with signRequest',
    '',
    ...against('client-iam', 'fetch-iam-sign').cells,
    'not a target',
  ]);

  const notes = [
    `Bundles: esbuild --bundle --minify --platform=node --format=esm --target=node20, with a one-line require() banner in every bundle (bundled CommonJS needs it); gzip at the default level. "Client part" is a bundle's bytes minus the empty handler's. Before it was measured, each bundle answered one event in a new node, through the local server, with a SigV4 signature that @smithy/signature-v4 computes too.`,
    `Signing: ${SIGN.rounds} rounds after ${SIGN.warmupRounds} warm-up rounds, each ${SIGN.slices} slices of ${SIGN.perSlice} signatures per signer in a rotating order; every signature awaited (appsync-direct's is synchronous). The three wrote the same Authorization for the same time before timing: ${sign.authorization.replace(/Signature=.*/, 'Signature=…')}.`,
    `Requests: ${REQUEST.rounds} rounds after ${REQUEST.warmupRounds} warm-up rounds, each ${REQUEST.cycles} cycles of one request per variant in a rotating order, each request timed alone; a round's value is the median request of each variant; one after another, through Node's global fetch (undici's keep-alive pool). The server is a node:http process of its own. CPU is the measuring process's user and system time per request (process.cpuUsage, all its threads): the client's own work, without the server's or the wait for a core. Each client sent the same body and the same header names as its bare fetch (${Object.entries(
      request.headers,
    )
      .map(([name, headers]) => `${name}: ${headers.join(', ')}`)
      .join('; ')}); the IAM client's signature verified.`,
  ];

  const inputLines: string[] = ['', 'Bundle inputs (minified bytes), largest first:'];
  for (const b of bundles.built) {
    if (b.name === 'empty') continue;
    const top = Object.entries(b.inputs)
      .slice(0, b.name === 'appsync-direct' ? 12 : 6)
      .map(([group, bytes]) => `${group} ${int(bytes)}`)
      .join(', ');
    inputLines.push(`  ${b.name}: ${top}`);
  }
  const modules = Object.entries(bundles.ours).filter(([, m]) => m.minified > 0);
  const messages = modules.reduce((sum, [, m]) => sum + m.messageText, 0);
  inputLines.push(
    '',
    `appsync-direct's modules, each minified alone: message text ${int(messages)} bytes in all; the largest declarations:`,
  );
  for (const [path, m] of modules.sort((a, b) => b[1].minified - a[1].minified)) {
    const top = Object.entries(m.declarations)
      .slice(0, 6)
      .map(([name, bytes]) => `${name} ${int(bytes)}`)
      .join(', ');
    inputLines.push(
      `  ${path}: ${int(m.minified)} bytes, ${int(m.messageText)} of message text; ${top}`,
    );
  }

  const profileText: string[] = [];
  if (profiles !== undefined) {
    const lines = profileLines(profiles.requests);
    for (const [variant, summary] of Object.entries(profiles.summaries)) {
      profileText.push(...lines.byModule(variant, int(profiles.requests), summary, 8));
    }
    for (const [client, extra] of Object.entries(profiles.extra)) {
      const bare = PROFILED.find(([c]) => c === client)?.[1];
      profileText.push(
        ...lines.times(
          `${client} − ${bare}: self time per request by function, largest first`,
          Object.entries(extra).slice(0, 15),
        ),
      );
    }
    profileText.push(
      ...lines.inclusive(
        'Profile of client-iam: inclusive time of dist/client functions, per request',
        profiles.inclusive,
        15,
        profiles.dir,
      ),
    );
  }

  const json = {
    ...resultHeader('src/client', [
      'aws4fetch',
      '@smithy/signature-v4',
      '@smithy/hash-node',
      '@aws-crypto/sha256-js',
      '@aws-sdk/credential-provider-node',
      'aws-amplify',
      'esbuild',
    ]),
    method: { sign: SIGN, request: REQUEST, targets: TARGET, body: BODY },
    bundles: {
      built: bundles.built.map(({ name, bytes, gzip, inputs }) => ({
        name,
        bytes,
        gzip,
        clientPart: bytes - empty.bytes,
        clientPartGzip: gzip - empty.gzip,
        inputs,
      })),
      skipped: bundles.skipped,
      checks: bundles.checks,
      ours: bundles.ours,
    },
    sign: {
      nsPerSignature: statsOf(ns),
      oursVsSmithy: vsSmithy,
      oursVsAws4fetch: ratioStats(oursNs, aws4Ns),
      authorization: sign.authorization,
      raw: ns,
    },
    request: {
      usPerRequest: statsOf(us),
      cpuUsPerRequest: statsOf(cpu),
      ...requestRatios(us),
      cpu: requestRatios(cpu),
      headers: request.headers,
      signedHeaders: request.signedHeaders,
      raw: us,
      rawCpu: cpu,
    },
    profile: profilesJson(profiles),
  };
  return { ...finish(notes, json), inputLines, profileLines: profileText };
}

await main();
