/** How long the clock (serverClock.ts) waits: one doubling backoff with jitter, and its settings from the configuration. */
import { EngineConfig, REQUEST_TRIES, requestRetryBaseMs, retryCapMs } from '../../config';
import { RETRY_AFTER_CAP_MS } from '../../models/transient';

/** How far a wait may stray from the schedule, either way (a fraction). */
export const RETRY_JITTER = 0.2;

/**
 * The wait before try `attempt` (0, 1, ...): `baseMs` doubling per failure up to `capMs`,
 * then ±`jitter` at random, so that many clients do not come back in step.
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, jitter = RETRY_JITTER, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 2 ** Math.max(0, attempt), capMs);
  return Math.max(1, Math.round(delay * (1 - jitter + 2 * jitter * random())));
}

/** The clock's waits. */
export interface ClockOptions {
  /** The first wait before a failed request is tried again, and after an overload answer without Retry-After; doubling per failed turn. */
  retryBaseMs: number;
  /** The first wait before a recovery check of a server that failed work for good (down, no model, a failure after every try). */
  probeBaseMs: number;
  /** The longest backoff wait, of either kind. */
  capMs: number;
  /**
   * The longest a request waits on an overloaded server (429/503) that answers nothing else,
   * counted from its first overload answer after a success; then every waiting and later
   * request fails with a WaitLimitError. Absent: it waits as long as the server asks (the editor).
   */
  maxWaitMs?: number;
  /** The clock (tests); default `monotonicNow`. */
  now?: () => number;
  random?: () => number;
}

/**
 * Milliseconds on a clock that only goes forward (about the epoch's): a wall clock set back
 * (NTP's step on a fresh machine, a laptop's resume) would otherwise lengthen every wait by
 * the step. The status turns a time on it into a time of day by its distance from now.
 */
export function monotonicNow(): number {
  return performance.timeOrigin + performance.now();
}

/** The clock's waits under `config`. */
export function clockOptions(config: EngineConfig): ClockOptions {
  return { retryBaseMs: requestRetryBaseMs(config), probeBaseMs: config.retryIntervalMs, capMs: retryCapMs(config), maxWaitMs: config.maxWaitMs };
}

/** The retry rules under `config`, as a front end names them (a help text): the clock follows them, so the text cannot drift. */
export interface RetryPolicy {
  /** Tries of a request that fails transiently (5xx, a dropped connection), the first included. */
  tries: number;
  /** The first wait before such a try, doubling per failed turn; after a 429 or 503 without Retry-After, the spacing. */
  firstWaitMs: number;
  /** The longest Retry-After obeyed. */
  retryAfterCapMs: number;
}

export function retryPolicy(config: Pick<EngineConfig, 'retryIntervalMs' | 'retryBaseMs'>): RetryPolicy {
  return { tries: REQUEST_TRIES, firstWaitMs: requestRetryBaseMs(config), retryAfterCapMs: RETRY_AFTER_CAP_MS };
}

/** Waits `ms`, or less when `signal` aborts (the next try then fails as cancelled at admission). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
