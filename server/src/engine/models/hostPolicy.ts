/**
 * Note text is protected health information: it may only go to a model host on this
 * machine unless the user explicitly allows a remote one.
 */
import { isIP } from 'node:net';

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
