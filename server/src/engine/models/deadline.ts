/**
 * One model request under two limits: the caller's signal (the work became stale) and
 * biomedNlp.requestTimeoutMs. Either closes the connection, which is how model servers
 * stop generating; the error says which one it was.
 */
import { ModelError } from '../types';

export async function withDeadline<T>(
  signal: AbortSignal,
  timeoutMs: number,
  run: (signal: AbortSignal) => Promise<T>,
  toModelError: (err: unknown) => ModelError,
): Promise<T> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
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
