/**
 * Note text is protected health information: it may only go to a model host on this
 * machine unless the user explicitly allows a remote one. A loopback address is trusted
 * as written; a name (`localhost`, `*.localhost`) only once every address it resolves to
 * is loopback (`checkHost`, before each connection): /etc/hosts or a DNS server may send
 * such a name anywhere. The connection then goes to the addresses that were checked
 * (`checkHost`'s `lookup`), not to what a second lookup might answer.
 */
import { lookup } from 'node:dns/promises';
import { isIP, LookupFunction } from 'node:net';
import { ModelError } from '../types';

export function hostname(host: string): string | undefined {
  try {
    // A bare IPv6 address (`::1`) needs brackets to parse as a URL host.
    const bare = !host.includes('://') && !host.startsWith('[') && host.includes('::') ? `[${host}]` : host;
    const withScheme = bare.includes('://') ? bare : `http://${bare}`;
    return new URL(withScheme).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return undefined;
  }
}

/** Whether `address` (an IP address as written or resolved) is this machine's loopback. */
export function isLoopbackAddress(address: string): boolean {
  const a = address.toLowerCase();
  if (isIP(a) === 4) return a.startsWith('127.');
  // The URL parser writes IPv4-mapped 127.x.y.z as ::ffff:7fxx:yyzz; resolvers write ::ffff:127.x.y.z.
  if (isIP(a) === 6) return a === '::1' || a === '0:0:0:0:0:0:0:1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(a);
  return false;
}

/** A name that is loopback by spelling only: its addresses are checked before connecting. */
function isLoopbackName(name: string): boolean {
  return name === 'localhost' || name.endsWith('.localhost');
}

/** Loopback as written: a loopback address, or a `localhost` name (whose addresses checkHost checks). */
export function isLoopbackHost(host: string): boolean {
  const name = hostname(host);
  if (name === undefined) return false;
  return isLoopbackName(name) || isLoopbackAddress(name);
}

/** What a host name resolves to: every address (dns.lookup with `all`), or an error with the resolver's code. */
export type Resolver = (name: string) => Promise<readonly { address: string; family: number }[]>;

/** The system's resolver, as connections use it (getaddrinfo: /etc/hosts, then DNS). */
export const systemResolver: Resolver = (name) => lookup(name, { all: true, verbatim: true });

/**
 * The host rule applied to the URL about to be fetched. `refused` says why it is refused:
 * as refusalReason, and a `localhost` name (without allowRemoteHost) whose addresses are
 * not all loopback is refused too. Otherwise, for such a name, `lookup` answers with the
 * addresses just checked and nothing else: the connection must use it (HttpInit.lookup),
 * so that the address checked is the address connected to, with the Host header kept. A
 * name that does not resolve rejects with the resolver's error (ENOTFOUND: not reachable).
 */
export async function checkHost(
  host: string,
  allowRemoteHost: boolean,
  resolve: Resolver = systemResolver,
): Promise<{ refused?: string; lookup?: LookupFunction }> {
  const refused = refusalReason(host, allowRemoteHost);
  if (refused || allowRemoteHost) return { refused };
  const name = hostname(host)!;
  if (!isLoopbackName(name)) return {};
  const addresses = (await resolve(name)).map(({ address, family }) => ({ address, family }));
  const remote = addresses.find((a) => !isLoopbackAddress(a.address));
  if (addresses.length > 0 && remote === undefined) return { lookup: pinnedLookup(addresses) };
  return {
    refused:
      `Refusing to send note text to ${host}: the name ${name} resolves to ${remote?.address ?? 'no address'}, which is not on this ` +
      'machine, and notes may contain protected health information. Use 127.0.0.1, or set biomedNlp.allowRemoteHost ' +
      'to true if that host is approved for such data.',
  };
}

/** Why `host` is refused, with its name resolved (checkHost's `refused`). */
export async function resolvedRefusal(host: string, allowRemoteHost: boolean, resolve: Resolver = systemResolver): Promise<string | undefined> {
  return (await checkHost(host, allowRemoteHost, resolve)).refused;
}

/** A lookup for net.connect that answers with these addresses, whatever it is asked. */
function pinnedLookup(addresses: readonly { address: string; family: number }[]): LookupFunction {
  return (_name, options, callback) => {
    // With autoSelectFamily (Node's default) the socket asks for all of them.
    if (options.all) return (callback as unknown as (err: null, all: typeof addresses) => void)(null, addresses);
    const one = addresses.find((a) => !options.family || a.family === options.family) ?? addresses[0];
    callback(null, one.address, one.family);
  };
}

/** Why a host is refused, or undefined when note text may be sent there. */
export function refusalReason(host: string, allowRemoteHost: boolean): string | undefined {
  if (hostname(host) === undefined) return `The model host "${host}" is not a valid URL.`;
  if (isLoopbackHost(host) || allowRemoteHost) return undefined;
  return (
    `Refusing to send note text to ${host}: it is not on this machine, and notes may contain ` +
    'protected health information. Use a local Ollama, or set biomedNlp.allowRemoteHost to true ' +
    'if that host is approved for such data.'
  );
}

/**
 * Model-server requests never follow redirects (`redirect: 'manual'`, http.ts): a redirect
 * could carry note text, and the API key, to another address than the one the host rule
 * above approved. These are the statuses that would be followed.
 */
export const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/** Whether an answer is a redirect that is refused: a redirect status, or any 3xx naming a Location. */
export function isRedirect(status: number, location: string | null | undefined): boolean {
  return REDIRECT_STATUSES.has(status) || (status >= 300 && status < 400 && !!location);
}

/**
 * Where a redirect from `from` points: its Location resolved against `from`, without any
 * user:password part; undefined when there is no Location.
 */
export function redirectTarget(from: string, location: string | null | undefined): string | undefined {
  if (!location) return undefined;
  try {
    const url = new URL(location, from);
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return location;
  }
}

/** `url` without a user:password part (for messages). */
export function withoutCredentials(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/**
 * The error of a refused redirect, naming both URLs; `clean` makes the target safe to show
 * (a Location can carry a key in its query).
 */
export function redirectError(from: string, status: number, location: string | null | undefined, clean: (s: string) => string): ModelError {
  const target = redirectTarget(from, location);
  const to = target === undefined ? 'an address it did not name (no Location header)' : clean(target);
  return new ModelError('server-error', `The model server at ${withoutCredentials(from)} redirected to ${to}; not followed (HTTP ${status}).`, status);
}
