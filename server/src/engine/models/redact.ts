/**
 * Text that a model server wrote (an error body, an error event inside a stream, a piece of
 * a broken answer) is shown to the user and written to logs only after it went through
 * `redactServerText`:
 *
 * - anything that looks like a credential is replaced with `[redacted]`: `sk-…` and
 *   `sk-proj-…` keys, `Bearer …` tokens, `Authorization: …` values, `api_key=…`,
 *   `apikey=…`, `x-api-key: …`, `access_token=…` pairs, user:password in URLs, and the
 *   configured API key itself wherever it appears (exactly, even if it does not look like
 *   a key);
 * - our own request text (the prompt, the chat messages: note text) is never echoed:
 *   servers sometimes quote the input in validation errors (vLLM, TGI), escaped as JSON or
 *   not, with case or whitespace changed, so every part of the message that echoes the
 *   request text (echo.ts: stretches longer than ECHO_MIN characters, and runs of words that
 *   are not generic error vocabulary, such as a name) becomes `[note text]`;
 * - the result is capped at MAX_SERVER_TEXT characters.
 *
 * Backends do not know the trace level, so this is done always, also when verbose tracing
 * would be allowed to show note text.
 */
import { ModelRequest } from '../types';
import { echoSpans } from './echo';
export { ECHO_MIN } from './echo';

/** What a server's text is redacted against. */
export interface RedactionContext {
  /** The configured API key: removed wherever it appears. */
  apiKey?: string;
  /** The text we sent (prompt, message contents): never echoed back. */
  requestText?: readonly string[];
}

/** The longest server text shown, after redaction. */
export const MAX_SERVER_TEXT = 300;
/** How much of a server's text is looked at at all (the rest is cut before redaction). */
const MAX_INPUT = 8000;

const REDACTED = '[redacted]';
export const NOTE_TEXT = '[note text]';

/** The texts of a request that must not come back in an error message. */
export function requestTexts(request: ModelRequest | undefined): string[] {
  if (!request) return [];
  if (request.kind === 'generate') return [request.prompt];
  return request.messages.map((m) => m.content).filter((c): c is string => typeof c === 'string' && c.length > 0);
}

/** Credential-like patterns; each keeps its label and replaces the secret. */
const SECRET = String.raw`(?!\[redacted\])[^\s"',;&(){}<>\[\]]+`;
const PATTERNS: [RegExp, string][] = [
  // `Authorization: Bearer x`, `"authorization":"x"`, `Proxy-Authorization=x`: the whole value.
  [new RegExp(String.raw`((?:proxy-)?authorization["']?\s*[:=]\s*["']?)(?:(?:bearer|basic|token|digest)\s+)?` + SECRET, 'gi'), `$1${REDACTED}`],
  // `Bearer x` anywhere else.
  [/\b(bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, `$1${REDACTED}`],
  // `api_key=x`, `apikey: x`, `"api-key": "x"`, `x-api-key: x`, `access_token=x`, `password=x`, `client_secret=x`.
  [
    new RegExp(
      String.raw`\b((?:x-)?api[_-]?key|api[_-]?token|access[_-]?token|auth[_-]?token|refresh[_-]?token|password|passwd|client[_-]?secret)(["']?\s*[:=]\s*["']?)` +
        SECRET,
      'gi',
    ),
    `$1$2${REDACTED}`,
  ],
  // OpenAI-style keys: sk-..., sk-proj-..., sk-ant-..., and the like.
  [/\bsk-[A-Za-z0-9_-]{6,}/g, REDACTED],
  // user:password@ in URLs.
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, `$1${REDACTED}@`],
];

/** `s` with every occurrence of `needle` replaced. */
function replaceAll(s: string, needle: string, by: string): string {
  return needle ? s.split(needle).join(by) : s;
}

/** The forms a string can take inside a server's text: as is, JSON-escaped, URL-encoded. */
function forms(s: string): string[] {
  const all = new Set([s, JSON.stringify(s).slice(1, -1)]);
  try {
    all.add(encodeURIComponent(s));
  } catch {
    // A lone surrogate: no encoded form.
  }
  return [...all].filter((f) => f.length > 0);
}

/** Every part of `text` that echoes one of `sources` (echo.ts), replaced. */
function cutEchoes(text: string, sources: readonly string[]): string {
  let out = '';
  let at = 0;
  for (const [start, end] of echoSpans(text, sources)) {
    out += text.slice(at, start) + NOTE_TEXT;
    at = end;
  }
  return out + text.slice(at);
}

/** A server's text, safe to show: no credentials, no request text, at most MAX_SERVER_TEXT characters. */
export function redactServerText(text: string, context: RedactionContext = {}): string {
  let s = String(text).slice(0, MAX_INPUT);
  const key = context.apiKey?.trim();
  if (key) for (const f of forms(key)) s = replaceAll(s, f, REDACTED);
  for (const [re, by] of PATTERNS) s = s.replace(re, by);
  s = cutEchoes(s, context.requestText ?? []);
  s = s.trim();
  if (s.length > MAX_SERVER_TEXT) s = `${s.slice(0, MAX_SERVER_TEXT - 1)}…`;
  return s;
}
