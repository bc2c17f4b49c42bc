/**
 * What a model server's failure says about the server (the clock, serverClock.ts, acts on
 * it): overloaded (wait, one request at a time), transient (try again after a wait),
 * blocking (down, no model, a refused host: stop sending until a recovery check succeeds),
 * or final (the request is wrong; our own cancellation).
 */
import { ModelError, ModelErrorKind } from '../../types';

/** HTTP statuses that say "not now" rather than "never": retried, and the server is given room. */
const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** States in which sending more work is pointless until the server is back. */
export const BLOCKING: ReadonlySet<ModelErrorKind> = new Set(['unreachable', 'model-missing', 'remote-refused']);

/** The server said it is overloaded: 429, 503, or any error that came with a Retry-After. */
export function isOverload(err: unknown): err is ModelError {
  return (
    err instanceof ModelError &&
    !(err instanceof WaitLimitError) &&
    err.kind === 'server-error' &&
    (err.status === 429 || err.status === 503 || err.retryAfterMs !== undefined)
  );
}

/**
 * A failure that may go away by itself: a dropped connection, a cut stream, an answer that
 * is not the protocol, an error line inside the stream, or a transient HTTP status. A 4xx
 * that means the request is wrong, a missing model, a refused host, a timeout, our own
 * cancellation and a wait given up (WaitLimitError) are not.
 */
export function isTransient(err: unknown): err is ModelError {
  if (!(err instanceof ModelError) || err instanceof WaitLimitError) return false;
  switch (err.kind) {
    case 'connection-reset':
    case 'stream-cut':
    case 'bad-response':
      return true;
    case 'server-error':
      return err.status === undefined || TRANSIENT_STATUSES.has(err.status);
    default:
      return false;
  }
}

/**
 * The clock gave up waiting on an overloaded server (ClockOptions.maxWaitMs: the command
 * line's --max-wait): the request was not sent. `overload` is the answer that began the wait.
 */
export class WaitLimitError extends ModelError {
  constructor(
    readonly overload: ModelError,
    readonly waitedMs: number,
  ) {
    super('server-error', `gave up after waiting ${Math.round(waitedMs / 1000)} s for the overloaded model server (${httpFailure(overload)})`, overload.status);
  }
}

/** A failure as the status and messages say it: the HTTP status, then the error ("HTTP 429 too many requests"). */
export function httpFailure(error: ModelError): string {
  return `${error.status ? `HTTP ${error.status} ` : ''}${error.message}`;
}
