import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { messageOf } from '../cli/io.js';
import type { EsbuildApi } from '../cli/load-handler.js';
import {
  type AuthMode,
  type EmulatedField,
  type ExecuteRequest,
  type FieldOptions,
  MAX_PAYLOAD_BYTES,
  summarize,
} from '../emulator/index.js';
import { idePage, missingIdePage } from '../engine/ide-page.js';
import { findIdeAssets, PACKAGE_DIR } from './assets.js';
import { DEFAULT_API_KEY, type DevIam, devAuth } from './auth.js';
import { defaultQuery } from './default-query.js';
import { acceptedHosts, hostAllowed, originAllowed, urlHost } from './net.js';
import { DevStartError, openProject } from './project.js';

export { DevStartError } from './project.js';

/** Options of {@link startDevServer}. */
export interface DevServerOptions {
  /** The AppSync schema file (SDL). Reloaded when it changes. */
  schema: string;
  /** The handler module, bundled with esbuild and rebuilt when one of its files changes. */
  handler: string;
  /** Relative paths resolve against it, and esbuild runs in it. */
  cwd: string;
  /** The export serving the API. Default: `app`, else `handler`, else the default export. */
  exportName?: string | undefined;
  /** The fields a plain handler function serves, or `maxBatchSize` overrides for an app. */
  fields?: Readonly<Record<string, FieldOptions>> | undefined;
  /** The port; 0 picks a free one. */
  port: number;
  /** Default `127.0.0.1`: only this machine can reach the server. */
  host?: string | undefined;
  /**
   * Names besides the literal ones that requests may address the server by (a tunnel, a
   * container's name): the Host check refuses other names, as a page on another site could point
   * them at this machine (DNS rebinding).
   */
  allowedHosts?: readonly string[] | undefined;
  /** The one API key accepted in `x-api-key`. Default {@link DEFAULT_API_KEY}. */
  apiKey?: string | undefined;
  /** With IAM among the modes, the access key of the local key pair. Default `AKIALOCALDEV00000000`. */
  iamAccessKey?: string | undefined;
  /** With IAM among the modes, the secret of the local key pair. Default: a fixed local one. */
  iamSecretKey?: string | undefined;
  /** The region IAM requests are signed for. Default `'us-east-1'`. */
  region?: string | undefined;
  /** The auth modes: the first is the API's default, the others additional. Default `['apiKey']`. */
  auth?: readonly AuthMode[] | undefined;
  /** The document in the IDE's editor on a first visit. Default: one built from the schema. */
  query?: string | undefined;
  /** Rebuild when files change. Default true. */
  watch?: boolean | undefined;
  /** One line per request and per reload. */
  log(line: string): void;
  /** Build errors and other problems. */
  logError(text: string): void;
  /** Where the IDE's packages are looked up. Default: `cwd`, then this package. */
  ideSearchPaths?: readonly string[] | undefined;
  importEsbuild?: (() => Promise<EsbuildApi>) | undefined;
}

/** A running dev server; see {@link startDevServer}. */
export interface DevServer {
  /** The GraphQL endpoint: `http://127.0.0.1:4000/graphql`. */
  readonly url: string;
  /** The IDE page: `http://127.0.0.1:4000/`. */
  readonly ideUrl: string;
  readonly host: string;
  readonly port: number;
  /** Headers that authorize a request in the default auth mode, such as the API key. */
  readonly headers: Readonly<Record<string, string>>;
  /** With IAM among the modes: the local key pair, its region and principal. */
  readonly iam: Readonly<DevIam> | undefined;
  /** The fields the handler serves, in the current build. */
  readonly fields: readonly EmulatedField[];
  /** The export serving the API. */
  readonly exportName: string;
  /** Settles when no rebuild is running or due. */
  idle(): Promise<void>;
  /** Stops listening, drops open connections and stops watching. */
  close(): Promise<void>;
}

const ENDPOINT = '/graphql';
/**
 * The answer's headers a page may read, as AppSync exposes them: `date` is how a browser client
 * corrects its clock after a "Signature expired".
 */
const EXPOSED_HEADERS = 'x-amzn-requestid, x-amzn-errortype, x-amzn-errormessage, date';
const ALLOWED_HEADERS =
  'content-type, x-api-key, authorization, x-amz-date, x-amz-security-token, x-amz-user-agent, x-appsync-direct-trace';

/**
 * Serves a local AppSync API over HTTP: `POST /graphql` in AppSync's request format, answered by
 * the emulator, and a GraphiQL page on `GET /`. The handler is bundled with esbuild and rebuilt
 * when its files change; a build that fails is reported and the last good build keeps serving.
 *
 * Local only: tokens are decoded, not verified (IAM requests are verified against the local key
 * pair, API keys against the one key). It listens on 127.0.0.1 unless told otherwise.
 *
 * @example
 * const server = await startDevServer({
 *   schema: 'schema.graphql', handler: 'src/handler.ts', cwd: process.cwd(), port: 4000,
 *   log: console.log, logError: (text) => process.stderr.write(text),
 * });
 * console.log(server.url); // http://127.0.0.1:4000/graphql
 * await server.close();
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { cwd, log, logError } = options;
  const host = options.host ?? '127.0.0.1';
  const auth = devAuth(options.auth ?? ['apiKey'], options.apiKey ?? DEFAULT_API_KEY, {
    accessKeyId: options.iamAccessKey,
    secretAccessKey: options.iamSecretKey,
    region: options.region,
  });
  // The IDE page signs its requests with the local key pair, in the browser.
  const sign =
    auth.iam === undefined
      ? undefined
      : {
          accessKeyId: auth.iam.accessKeyId,
          secretAccessKey: auth.iam.secretAccessKey,
          region: auth.iam.region,
        };
  const searchPaths = options.ideSearchPaths ?? [resolve(cwd), PACKAGE_DIR];

  const project = await openProject({
    schema: options.schema,
    handler: options.handler,
    cwd,
    exportName: options.exportName,
    fields: options.fields,
    auth: auth.options,
    watch: options.watch,
    log: (line) => log(`appsync-direct dev: ${line}`),
    logError: (text) => logError(`appsync-direct dev: ${text}`),
    importEsbuild: options.importEsbuild,
  });
  const firstQuery = options.query ?? defaultQuery(project.emulator.schema);
  const allowedHosts = options.allowedHosts ?? [];
  const acceptedNames = acceptedHosts(host, allowedHosts);

  const graphql = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const type = String(req.headers['content-type']).split(';', 1)[0]?.trim().toLowerCase();
    if (type !== 'application/json' && !type?.endsWith('+json')) {
      req.resume();
      sendError(
        res,
        415,
        'UnsupportedMediaTypeException',
        `Send the request as JSON with the header content-type: application/json; received ${req.headers['content-type'] ?? 'no content-type'}.`,
      );
      return;
    }
    const body = await readBody(req, MAX_PAYLOAD_BYTES);
    if (body === undefined) {
      sendError(
        res,
        413,
        'PayloadTooLargeException',
        `The request body is over ${MAX_PAYLOAD_BYTES} bytes (6 MB), the most a Lambda event can be.`,
      );
      return;
    }
    let request: unknown;
    try {
      request = JSON.parse(body.toString('utf8'));
    } catch (error) {
      sendError(
        res,
        400,
        'MalformedHttpRequestException',
        `The request body is not valid JSON (${messageOf(error)}). Send {"query": "…", "variables": {…}, "operationName": "…"}.`,
      );
      return;
    }
    if (typeof request !== 'object' || request === null || Array.isArray(request)) {
      sendError(
        res,
        400,
        'MalformedHttpRequestException',
        `The request body must be a JSON object {"query": "…", "variables": {…}, "operationName": "…"}; received ${Array.isArray(request) ? 'an array (AppSync runs one operation per request)' : JSON.stringify(request)}.`,
      );
      return;
    }
    const { query, variables, operationName } = request as Record<string, unknown>;
    const result = await project.emulator.execute({
      query,
      variables,
      operationName,
      headers: req.headers,
      sourceIp: clientAddress(req),
      // What a SigV4 signature covers: the method, the path as sent and the body's bytes.
      http: { method: req.method as string, path: req.url as string, body },
    } as ExecuteRequest);
    const name = result.operationName ?? (typeof operationName === 'string' ? operationName : '');
    const label = `POST ${ENDPOINT}${name === '' ? '' : ` ${name}`}`;
    const errors = result.body.errors ?? [];
    if (result.status !== 200) {
      // The emulator's 400, 401 and 403 answers carry one error, with its errorType; a signature
      // mismatch goes on to quote the canonical request, which the response has for the client.
      const first = errors[0] as { errorType: string; message: string };
      log(`${label} → ${result.status} ${first.errorType}: ${first.message.split('\n', 1)[0]}`);
    } else {
      let line = summarize(result.invocations, { label, durationMs: result.durationMs });
      const runs = result.handlers.length;
      if (runs > 0) line += `; resolver code ran ${runs} handler${runs === 1 ? '' : 's'}`;
      const count = errors.length;
      log(count === 0 ? line : `${line}; ${count} error${count === 1 ? '' : 's'} in the response`);
      // A Lambda failure that resolver code turned into a silent null is worth a line of its own.
      for (const run of result.handlers) {
        for (const warning of run.warnings ?? []) log(`  warning: ${warning}`);
      }
    }
    send(res, result.status, JSON.stringify(result.body), result.headers);
  };

  const page = (res: ServerResponse, head: boolean): void => {
    const assets = findIdeAssets(searchPaths);
    const html = assets.ok
      ? idePage({
          title: 'appsync-direct dev · GraphiQL',
          endpoint: ENDPOINT,
          query: firstQuery,
          headers: JSON.stringify(auth.headers, null, 2),
          css: assets.css,
          scripts: assets.scripts,
          sign,
        })
      : missingIdePage({
          problems: assets.problems,
          install: assets.install,
          endpoint: `http://${urlHost(host)}:${port}${ENDPOINT}`,
          headers: auth.headers,
          sign,
        });
    send(res, assets.ok ? 200 : 503, head ? '' : html, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-cache',
    });
  };

  const asset = async (res: ServerResponse, path: string, head: boolean): Promise<void> => {
    const assets = findIdeAssets(searchPaths);
    const found = assets.ok
      ? [assets.css, ...assets.scripts].find((item) => item.url === path)
      : undefined;
    if (found === undefined) {
      sendError(res, 404, 'NotFoundException', `No IDE file at ${path}.`);
      return;
    }
    const contents = head ? '' : await readFile(found.path);
    send(res, 200, contents, {
      'content-type': found.contentType,
      // The URL holds the package version, so the file behind it never changes.
      'cache-control': 'public, max-age=31536000, immutable',
    });
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // A server's requests always have a method and a URL.
    const path = new URL(req.url as string, 'http://localhost').pathname;
    const method = req.method as string;
    if (!hostAllowed(req.headers.host, host, allowedHosts)) {
      // A page on another site that resolves its own name to this machine (DNS rebinding).
      sendError(
        res,
        403,
        'ForbiddenException',
        `This server listens on ${host} and answers requests addressed to ${acceptedNames} only; the Host header was ${req.headers.host}.`,
      );
      return;
    }
    const origin = req.headers.origin;
    if (origin !== undefined && originAllowed(origin, host, req.headers.host)) {
      res.setHeader('access-control-allow-origin', origin);
      res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
      res.setHeader('vary', 'origin');
    }
    const read = method === 'GET' || method === 'HEAD';
    if (path === ENDPOINT) {
      if (method === 'POST') return graphql(req, res);
      if (method === 'OPTIONS') {
        send(res, 204, '', {
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': ALLOWED_HEADERS,
          'access-control-max-age': '600',
        });
        return;
      }
      if (read && String(req.headers.accept).includes('text/html')) {
        send(res, 302, '', { location: '/' });
        return;
      }
      res.setHeader('allow', 'POST, OPTIONS');
      sendError(
        res,
        405,
        'MethodNotAllowedException',
        `${ENDPOINT} takes POST requests with a JSON body {"query": "…"}, as AppSync does; received ${method}. The IDE is at /.`,
      );
      return;
    }
    if (read && path === '/') return page(res, method === 'HEAD');
    if (read && path === '/favicon.ico') return send(res, 204, '');
    if (read && path.startsWith('/ide/')) return asset(res, path, method === 'HEAD');
    sendError(
      res,
      404,
      'NotFoundException',
      `Nothing at ${method} ${path}: the GraphQL endpoint is POST ${ENDPOINT}, the IDE is at GET /.`,
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      logError(`appsync-direct dev: ${req.method} ${req.url} failed: ${messageOf(error)}\n`);
      // Every handler fails before it writes, if it fails.
      sendError(res, 500, 'InternalFailure', messageOf(error));
    });
  });

  let port: number;
  try {
    port = await listen(server, options.port, host);
  } catch (error) {
    project.close();
    throw error;
  }
  const base = `http://${urlHost(host)}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: `${base}${ENDPOINT}`,
    ideUrl: `${base}/`,
    host,
    port,
    headers: auth.headers,
    iam: auth.iam,
    get fields() {
      return project.emulator.fields;
    },
    get exportName() {
      return project.handler.exportName;
    },
    idle: () => project.idle(),
    close() {
      closing ??= new Promise<void>((done) => {
        project.close();
        server.close(() => done());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function listen(
  server: ReturnType<typeof createServer>,
  port: number,
  host: string,
): Promise<number> {
  return new Promise((resolveListen, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      const where = `port ${port} on ${host}`;
      reject(
        new DevStartError(
          error.code === 'EADDRINUSE'
            ? `${where} is in use (another appsync-direct dev, or another server?): stop it, or pick another port, as in --port ${(port % 65535) + 1} (--port 0 takes any free one)`
            : `cannot listen on ${where}: ${error.message}; check --host (an address of this machine) and --port`,
          'listen',
        ),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolveListen((server.address() as AddressInfo).port);
    });
  });
}

/** The body, or `undefined` when it is longer than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit, read on and drop the rest, so the client gets the 413 rather than a reset.
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => resolveBody(size > limit ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  headers: Readonly<Record<string, string>> = {},
): void {
  res.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) });
  res.end(body);
}

/** An error answered before anything runs, shaped as AppSync shapes its request errors. */
function sendError(res: ServerResponse, status: number, errorType: string, message: string): void {
  send(res, status, JSON.stringify({ errors: [{ errorType, message }] }), {
    'content-type': 'application/json; charset=UTF-8',
    'x-amzn-errortype': errorType,
  });
}

/** The client's IP address (IPv4 clients of an IPv6 socket without their `::ffff:` prefix). */
function clientAddress(req: IncomingMessage): string {
  return String(req.socket.remoteAddress).replace(/^::ffff:/, '');
}
