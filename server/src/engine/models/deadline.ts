/**
 * One model request under two limits: the caller's signal (the work became stale) and
 * biomedNlp.requestTimeoutMs. Either closes the connection, which is how model servers
 * stop generating; the error says which one it was.
 */
import { ModelError } from '../types';

/** The longest wait a Node timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export async function withDeadline<T>(
  signal: AbortSignal,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
  toModelError: (err: unknown) => ModelError,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(
    () => {
      timedOut = true;
      controller.abort();
    },
    Math.min(timeoutMs, MAX_TIMER_MS),
  );
  const forward = () => controller.abort();
  signal.addEventListener('abort', forward, { once: true });
  try {
    if (signal.aborted) throw new ModelError('cancelled', 'cancelled');
    return await run(controller.signal);
  } catch (err) {
    if (signal.aborted) throw new ModelError('cancelled', 'The request was cancelled because the text changed.');
    if (timedOut) throw new ModelError('timeout', `The model did not answer within ${timeoutMs} ms.`);
    throw toModelError(err);
  } finally {
    clearTimeout(timer);
    signal.removeEventListener('abort', forward);
    // Whatever happened, the connection of an unfinished answer is closed.
    controller.abort();
  }
}

/** Errors that mean the server could not be reached or the connection dropped. */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The code of a failed connection (fetch puts it in `cause`, sometimes in an AggregateError), else undefined. */
export function connectionFailureCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code ?? (err as { code?: string })?.code;
  return code && CONNECTION_CODES.has(code) ? code : undefined;
}
