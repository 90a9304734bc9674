/** A name or address of this machine only: localhost, *.localhost, 127.x.x.x, ::1. */
export function isLoopback(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return (
    bare === 'localhost' || bare.endsWith('.localhost') || bare === '::1' || /^127\./.test(bare)
  );
}

/** The hostname of a Host header: `localhost:4000` → `localhost`, `[::1]:4000` → `[::1]`. */
function hostnameOf(hostHeader: string): string {
  if (hostHeader.startsWith('[')) return hostHeader.slice(0, hostHeader.indexOf(']') + 1);
  return hostHeader.split(':')[0] as string;
}

/** Whether a request's Host header names this machine (else: DNS rebinding). */
export function hostAllowed(hostHeader: string | undefined): boolean {
  return hostHeader === undefined || isLoopback(hostnameOf(hostHeader));
}

/** Browser pages on this machine, or on the server's own origin, may call the API. */
export function originAllowed(origin: string, hostHeader: string | undefined): boolean {
  try {
    const url = new URL(origin);
    return isLoopback(url.hostname) || url.host === hostHeader;
  } catch {
    return false;
  }
}

/** A host as URLs write it: IPv6 addresses in brackets. */
export function urlHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}
