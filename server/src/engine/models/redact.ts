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
 *   servers sometimes quote the input in validation errors (vLLM, TGI), so every stretch
 *   of the message longer than ECHO_MIN characters that also occurs in the request text
 *   becomes `[note text]`;
 * - the result is capped at MAX_SERVER_TEXT characters.
 *
 * Backends do not know the trace level, so this is done always, also when verbose tracing
 * would be allowed to show note text.
 */
import { ModelRequest } from '../types';

/** What a server's text is redacted against. */
export interface RedactionContext {
  /** The configured API key: removed wherever it appears. */
  apiKey?: string;
  /** The text we sent (prompt, message contents): never echoed back. */
  requestText?: readonly string[];
}

/** The longest server text shown, after redaction. */
export const MAX_SERVER_TEXT = 300;
/** A stretch of the message that occurs in the request text and is longer than this is cut. */
export const ECHO_MIN = 20;
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

/** Every stretch of `text` longer than ECHO_MIN characters that occurs in one of `sources`, replaced. */
function cutEchoes(text: string, sources: readonly string[]): string {
  const within = sources.filter((s) => s.length > ECHO_MIN);
  if (within.length === 0 || text.length <= ECHO_MIN) return text;
  const occurs = (piece: string) => within.some((s) => s.includes(piece));
  let out = '';
  let i = 0;
  while (i < text.length) {
    let len = ECHO_MIN + 1;
    if (i + len <= text.length && occurs(text.slice(i, i + len))) {
      // Extend while the stretch still occurs (a prefix of an occurring string occurs too).
      while (i + len < text.length && occurs(text.slice(i, i + len + 1))) len++;
      out += NOTE_TEXT;
      i += len;
    } else {
      out += text[i];
      i++;
    }
  }
  return out;
}

/** A server's text, safe to show: no credentials, no request text, at most MAX_SERVER_TEXT characters. */
export function redactServerText(text: string, context: RedactionContext = {}): string {
  let s = String(text).slice(0, MAX_INPUT);
  const key = context.apiKey?.trim();
  if (key) for (const f of forms(key)) s = replaceAll(s, f, REDACTED);
  for (const [re, by] of PATTERNS) s = s.replace(re, by);
  s = cutEchoes(s, (context.requestText ?? []).flatMap(forms));
  s = s.trim();
  if (s.length > MAX_SERVER_TEXT) s = `${s.slice(0, MAX_SERVER_TEXT - 1)}…`;
  return s;
}
