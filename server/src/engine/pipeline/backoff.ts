/** Waits that double per failure, with jitter: recovery checks (serverHealth.ts) and retried requests (serverGate.ts). */

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
