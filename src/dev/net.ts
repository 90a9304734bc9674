// Which names a request may address the dev server by. A page on another site can point its own
// name at 127.0.0.1 (DNS rebinding) and then call the server from the browser as same-origin; the
// Host header still carries the attacker's name, so only literal names of this machine pass:
// `localhost`, a dotted-decimal 127.x.y.z, `[::1]`, or the address the server was told to use.
// Anything a resolver would have to look up (`127.0.0.1.nip.io`, `localhost.`, `127.1`, `0x7f.1`)
// is refused, since that lookup is exactly what an attacker controls.

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const LOOPBACK_V4 = new RegExp(`^127\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const IPV4 = new RegExp(`^${OCTET}\\.${OCTET}\\.${OCTET}\\.${OCTET}$`);
const IPV6 = /^\[[0-9a-f:.]+\]$/;
const PORT = /^\d{1,5}$/;

/**
 * A literal name of this machine's loopback interface: `localhost` (in any case), a 127.x.y.z
 * address written as four decimal octets, or `::1` (bare or in brackets). Nothing that needs a
 * name lookup to tell.
 */
export function isLoopback(hostname: string): boolean {
  const name = hostname.toLowerCase();
  return name === 'localhost' || name === '::1' || name === '[::1]' || LOOPBACK_V4.test(name);
}

/** An address that listens on every interface: the server has no one name of its own. */
function isWildcard(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '[::]';
}

/** A host as URLs and Host headers write it, lower-cased: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * The hostname of a Host header (`localhost:4000` → `localhost`, `[::1]:4000` → `[::1]`), or
 * `undefined` when the header is not `name[:port]`.
 */
function hostnameOf(hostHeader: string): string | undefined {
  let name = hostHeader;
  let port = '';
  if (hostHeader.startsWith('[')) {
    const end = hostHeader.indexOf(']');
    if (end < 0) return undefined;
    name = hostHeader.slice(0, end + 1);
    const rest = hostHeader.slice(end + 1);
    if (rest !== '' && !rest.startsWith(':')) return undefined;
    port = rest.slice(1);
    if (rest !== '' && !PORT.test(port)) return undefined;
  } else {
    const colon = hostHeader.indexOf(':');
    if (colon >= 0) {
      name = hostHeader.slice(0, colon);
      port = hostHeader.slice(colon + 1);
      if (!PORT.test(port)) return undefined;
    }
  }
  return name === '' ? undefined : name.toLowerCase();
}

/**
 * Whether a hostname names the server listening on `listenHost`: a literal loopback name, the
 * listen address itself, a name the user allowed (`--allowed-hosts`: a tunnel, a container name),
 * or, for a server on every interface (`0.0.0.0`, `::`), any literal IP address (a name would
 * need a lookup, which is what an attacker controls).
 */
export function namesServer(
  hostname: string,
  listenHost: string,
  allowedHosts: readonly string[] = [],
): boolean {
  const name = hostname.toLowerCase();
  if (isLoopback(name) || name === urlHost(listenHost.toLowerCase())) return true;
  if (allowedHosts.some((allowed) => urlHost(allowed.toLowerCase()) === name)) return true;
  return isWildcard(listenHost) && (IPV4.test(name) || IPV6.test(name));
}

/** The names {@link namesServer} accepts for `listenHost`, for messages. */
export function acceptedHosts(listenHost: string, allowedHosts: readonly string[] = []): string {
  const names = allowedHosts.map((name) => urlHost(name.toLowerCase()));
  if (isWildcard(listenHost)) names.unshift('an IP address of this machine');
  else if (!isLoopback(listenHost)) names.unshift(urlHost(listenHost.toLowerCase()));
  return [...names, 'localhost', '127.x.y.z'].join(', ').concat(' or [::1]');
}

/**
 * Whether a request's Host header names the server (else: DNS rebinding). A request without one
 * (HTTP/1.0, never a browser) passes.
 */
export function hostAllowed(
  hostHeader: string | undefined,
  listenHost = '127.0.0.1',
  allowedHosts: readonly string[] = [],
): boolean {
  if (hostHeader === undefined) return true;
  const name = hostnameOf(hostHeader);
  return name !== undefined && namesServer(name, listenHost, allowedHosts);
}

/**
 * Whether a browser page at `origin` may read the API's answers: a page on this machine (a literal
 * loopback name), on the listen address itself, or on the very host the request was sent to
 * (`hostHeader`, which {@link hostAllowed} has already checked), over http or https, written as
 * browsers write an origin. A server on every interface does not open itself to every IP address:
 * a page of another machine is another site.
 */
export function originAllowed(
  origin: string,
  listenHost = '127.0.0.1',
  hostHeader?: string | undefined,
): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  // `url.origin` is the canonical form: `http://127.1` or `http://LOCALHOST.` do not match it.
  if (url.origin !== origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return false;
  }
  const name = url.hostname;
  if (isLoopback(name) || (!isWildcard(listenHost) && name === urlHost(listenHost.toLowerCase()))) {
    return true;
  }
  return hostHeader !== undefined && url.host === hostHeader.toLowerCase();
}
