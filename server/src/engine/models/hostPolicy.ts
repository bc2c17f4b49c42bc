/**
 * Note text is protected health information: it may only go to a model host on this
 * machine unless the user explicitly allows a remote one.
 */
import { isIP } from 'node:net';
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

export function isLoopbackHost(host: string): boolean {
  const name = hostname(host);
  if (name === undefined) return false;
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  // The URL parser writes IPv4-mapped 127.x.y.z as ::ffff:7fxx:yyzz.
  if (isIP(name) === 6) return name === '::1' || /^::ffff:(127\.|7f[0-9a-f]{2}:)/.test(name);
  return false;
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
