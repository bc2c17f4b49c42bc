/**
 * The errors of the OpenAI-compatible backend (openai.ts) before they become ModelErrors:
 * an HTTP status (with the server's Retry-After), an error event inside the stream, and
 * an answer that is not the protocol; and the message of an OpenAI-style error body.
 */
import { parseRetryAfter } from './transient';

/** The message of an OpenAI-style error body: `{"error": {"message"}}`, `{"error": "..."}`, `{"message"}`, `{"detail"}`. */
export function errorMessage(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const b = body as { error?: unknown; message?: unknown; detail?: unknown };
  if (typeof b.error === 'string') return b.error;
  if (b.error && typeof b.error === 'object') {
    const m = (b.error as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  }
  if (typeof b.message === 'string') return b.message;
  if (typeof b.detail === 'string') return b.detail;
  // FastAPI/pydantic validation errors (vLLM): `{"detail": [{"msg", "loc", "input"}]}`; the
  // messages only, never the echoed `input`.
  if (Array.isArray(b.detail)) {
    const msgs = b.detail
      .map((d) => (d && typeof d === 'object' ? (d as { msg?: unknown; loc?: unknown }) : undefined))
      .filter((d): d is { msg: string; loc?: unknown } => typeof d?.msg === 'string')
      .map((d) => (Array.isArray(d.loc) ? `${d.loc.join('.')}: ${d.msg}` : d.msg));
    if (msgs.length) return msgs.join('; ');
  }
  return undefined;
}

/** An error that came back as an HTTP status before any answer. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    /** The body was JSON: an API answered, not a missing route. */
    readonly fromApi: boolean,
    /** The server's Retry-After header (transient.ts), in milliseconds. */
    readonly retryAfterMs?: number,
  ) {
    super(`HTTP ${status}: ${detail}`);
  }
}

/** An `error` event inside a 200 stream. */
export class StreamError extends Error {}

/** The stream or body is not the protocol. */
export class ProtocolError extends Error {}

/** An HTTP error answer as an HttpError: the body's message, else its text, else the status text. */
export async function httpError(res: Response): Promise<HttpError> {
  const text = await res.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const detail = errorMessage(parsed) ?? (text.trim() || res.statusText);
  return new HttpError(res.status, detail, parsed !== undefined, parseRetryAfter(res.headers.get('retry-after')));
}
