/**
 * Transient failures as both HTTP backends (ollama.ts, openai.ts) report them: the
 * server's `Retry-After` (429, 503), and a connection that dropped, told apart by whether
 * the server had begun to answer. Neither is "not reachable": the server is there.
 */
import { ModelError } from '../types';
import { connectionFailureCode } from './deadline';

/**
 * The longest `Retry-After` obeyed: a server asking for more (or a date far ahead) is
 * tried again after a minute, so that a misconfigured header cannot stop work for hours.
 */
export const RETRY_AFTER_CAP_MS = 60_000;

/**
 * A `Retry-After` header in milliseconds from `now`: delay-seconds (`120`) or an HTTP-date
 * (`Wed, 21 Oct 2026 07:28:00 GMT`), at most RETRY_AFTER_CAP_MS, never negative;
 * undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  const v = value?.trim();
  if (!v) return undefined;
  let ms: number;
  if (/^\d+$/.test(v)) ms = Number(v) * 1000;
  else {
    // An HTTP-date names its day and month; Date.parse would also take "-5" for a year.
    const at = /[a-z]{3}/i.test(v) ? Date.parse(v) : NaN;
    if (Number.isNaN(at)) return undefined;
    ms = at - now;
  }
  return Math.min(RETRY_AFTER_CAP_MS, Math.max(0, ms));
}

/** Socket errors of a connection that was made and then dropped (not refused). */
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

/**
 * `err` as a dropped connection, or undefined when it is something else. `answered`: the
 * server had sent its answer's headers, so whatever broke the connection cut the answer
 * in the middle (`stream-cut`); before that, a reset or hang-up is `connection-reset`.
 * `server` names it for the message ("Ollama at http://127.0.0.1:11434").
 */
export function droppedConnection(err: unknown, answered: boolean, server: string): ModelError | undefined {
  const code = connectionFailureCode(err);
  const message = err instanceof Error ? err.message : String(err);
  if (answered && (code || message === 'terminated' || message === 'fetch failed')) {
    return new ModelError('stream-cut', `${server} closed the connection in the middle of an answer (${code ?? message}).`);
  }
  const cause = (err as { cause?: { code?: string } })?.cause?.code ?? (err as { code?: string })?.code;
  if (cause && DROPPED_CODES.has(cause)) {
    return new ModelError('connection-reset', `${server} dropped the connection before answering (${cause}).`);
  }
  return undefined;
}
