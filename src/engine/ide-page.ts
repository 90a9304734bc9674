/**
 * The GraphiQL page, shared by the dev server (its files from installed packages) and the HTTP
 * entry's `ide` option (its files from a CDN).
 */
import { IDE_SIGV4_SCRIPT } from './ide-sigv4.js';

/** A file the page loads, by URL. */
export interface PageAsset {
  url: string;
}

/** What the IDE page opens with. */
export interface IdePageOptions {
  /** The page's title. */
  title: string;
  /** The GraphQL endpoint's path, `/graphql`; `undefined`: the page's own address. */
  endpoint: string | undefined;
  /** The document in the query editor on a first visit. */
  query: string;
  /** The request headers in the headers editor, as JSON text: the API key, a token. */
  headers: string;
  /** The stylesheet and the scripts (React, ReactDOM, GraphiQL), by URL. */
  css: PageAsset;
  scripts: readonly PageAsset[];
  /**
   * The local key pair the page signs requests with (SigV4, in the browser) when they carry no
   * `x-api-key` or `Authorization` of their own; only the dev server's page, with IAM enabled.
   */
  sign?: IdeSigningKey | undefined;
}

/** A key pair and region to sign the IDE's requests with. */
export interface IdeSigningKey {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

/** Text for HTML content and attribute values. */
const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ENTITIES[char] as string);
}

/** A value as a JavaScript literal that is safe inside an HTML `<script>` element. */
export function scriptLiteral(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** The GraphiQL page: the IDE, its files served by the dev server itself. */
export function idePage(options: IdePageOptions): string {
  const config = {
    endpoint: options.endpoint ?? null,
    query: options.query,
    headers: options.headers,
    sign: options.sign ?? null,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="stylesheet" href="${escapeHtml(options.css.url)}">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading the GraphiQL IDE…</div>
${options.scripts.map((script) => `<script src="${escapeHtml(script.url)}"></script>`).join('\n')}
<script>
const config = ${scriptLiteral(config)};${options.sign === undefined ? '' : IDE_SIGV4_SCRIPT}
const ide = React.createElement(GraphiQL, {
  fetcher: GraphiQL.createFetcher({
    url: config.endpoint ? new URL(config.endpoint, location.href).href : location.origin + location.pathname,
    fetch: config.sign ? appsyncDirectSigningFetch(config.sign) : undefined,
  }),
  defaultQuery: config.query,
  defaultHeaders: config.headers,
  shouldPersistHeaders: false,
  defaultEditorToolsVisibility: 'headers',
});
const element = document.getElementById('graphiql');
if (ReactDOM.createRoot) ReactDOM.createRoot(element).render(ide);
else ReactDOM.render(ide, element);
</script>
</body>
</html>
`;
}

/** What `GET /` shows when the IDE's packages are not installed. */
export function missingIdePage(options: {
  problems: readonly string[];
  install: string;
  endpoint: string;
  headers: Readonly<Record<string, string>>;
  /** The key pair IAM requests are signed with: curl signs with it when no header authorizes. */
  sign?: IdeSigningKey | undefined;
}): string {
  const flags = Object.entries(options.headers).map(
    ([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`,
  );
  const { sign } = options;
  if (flags.length === 0 && sign !== undefined) flags.push(curlSigV4(sign));
  const curl = `curl -X POST ${options.endpoint} -H 'content-type: application/json' ${flags.join(' ')} --data '{"query":"{ __typename }"}'`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>appsync-direct dev: the IDE needs packages</title>
<style>body { font: 16px/1.5 system-ui, sans-serif; max-width: 50rem; margin: 3rem auto; padding: 0 1rem; } code, pre { background: #f3f3f3; padding: 0.1rem 0.3rem; }</style>
</head>
<body>
<h1>The GraphiQL IDE needs packages that are not installed</h1>
<p>The IDE page loads GraphiQL and React from installed npm packages (no CDN, so it works offline). Install them in your project:</p>
<pre>${escapeHtml(options.install)}</pre>
<p>then reload this page (no restart needed). What was found:</p>
<ul>
${options.problems.map((problem) => `<li>${escapeHtml(problem)}</li>`).join('\n')}
</ul>
<p>The GraphQL endpoint works meanwhile:</p>
<pre>${escapeHtml(curl)}</pre>
</body>
</html>
`;
}

/** curl's own SigV4 signing (curl 7.75 and later) with a key pair, for the service appsync. */
export function curlSigV4(key: IdeSigningKey): string {
  return `--aws-sigv4 ${shellQuote(`aws:amz:${key.region}:appsync`)} --user ${shellQuote(`${key.accessKeyId}:${key.secretAccessKey}`)}`;
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
