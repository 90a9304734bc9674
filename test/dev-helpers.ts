import { type DevServer, type DevServerOptions, startDevServer } from '../src/dev/server.js';
import { ROOT } from './cli-helpers.js';

export const BLOG_SCHEMA = 'examples/blog/schema.graphql';
export const BLOG_HANDLER = 'examples/blog/handler.ts';
export const BLOG_QUERY = 'examples/blog/query.graphql';

/** A dev server with what it printed. */
export interface TestServer {
  server: DevServer;
  /** The lines it logged (requests, reloads). */
  lines: string[];
  /** What it reported as problems (build errors). */
  problems: string[];
  /** POSTs `body` (JSON-encoded unless a string) to /graphql with the default-mode headers. */
  post(
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }>;
}

/** Starts a dev server on 127.0.0.1 and a free port; the blog example unless told otherwise. */
export async function startTestServer(
  options: Partial<DevServerOptions> = {},
): Promise<TestServer> {
  const lines: string[] = [];
  const problems: string[] = [];
  const server = await startDevServer({
    schema: BLOG_SCHEMA,
    handler: BLOG_HANDLER,
    cwd: ROOT,
    port: 0,
    host: '127.0.0.1',
    log: (line) => lines.push(line),
    logError: (text) => problems.push(text),
    ...options,
  });
  const post: TestServer['post'] = async (body, headers = {}) => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...server.headers, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return {
      status: response.status,
      headers: response.headers,
      json: (await response.json()) as Record<string, unknown>,
    };
  };
  return { server, lines, problems, post };
}

type Falsy = undefined | null | false | '' | 0;

/** Waits until `check` returns a truthy value (polling), or fails with `what` after `timeoutMs`. */
export async function eventually<T>(
  what: string,
  check: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value as T;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${String(last)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
