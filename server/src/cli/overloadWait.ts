/**
 * What `biomed annotate` says while the model server is overloaded (429/503): obeying its
 * Retry-After is right, doing it in silence is not. One line when the wait begins, then at
 * most one every half minute (or for each wait of ten seconds or more), and one when the
 * server answers again; after --max-wait the engine's clock gives the work up
 * (WaitLimitError) and annotate names the unfinished documents.
 */
import { serverClock } from '../engine';
import { formatSeconds } from './progress';

const { httpFailure, timeOfDay } = serverClock;
type ServerClock = serverClock.ServerClock;

/** --max-wait's default, in seconds: ten minutes of an overloaded server without one answer. */
export const DEFAULT_MAX_WAIT_S = 600;

/** Lines between these are left out unless the wait itself is long. */
const QUIET_MS = 30_000;
const LONG_WAIT_MS = 10_000;

/** "4 s", "2 min 5 s": milliseconds as the progress line says seconds, at least one. */
export function duration(ms: number): string {
  return formatSeconds(Math.max(1, Math.round(ms / 1000)));
}

/**
 * Says on `say` what the run waits for while `clock` reports an overload; returns the way to
 * stop. `maxWaitS`: when the run gives up (annotate's --max-wait); absent, it waits as long as
 * the server asks (the eval commands).
 */
export function reportOverload(clock: ServerClock, maxWaitS: number | undefined, say: (line: string) => void): () => void {
  let lastNextTry = 0;
  let lastSaid = 0;
  let since: number | undefined;
  return clock.onChange(() => {
    const overload = clock.overload;
    const now = clock.now();
    if (!overload) {
      if (since !== undefined && !clock.givenUp) say(`the model server answers again, after ${duration(now - since)} of waiting`);
      since = undefined;
      return;
    }
    since = overload.since;
    const wait = overload.notBefore - now;
    if (overload.trying || wait <= 0 || overload.notBefore === lastNextTry) return;
    const first = lastSaid < since;
    if (!first && now - lastSaid < QUIET_MS && wait < LONG_WAIT_MS) return;
    lastNextTry = overload.notBefore;
    lastSaid = now;
    const asked = overload.error.retryAfterMs !== undefined ? ' (its Retry-After)' : '';
    const left = maxWaitS === undefined ? undefined : Math.max(0, maxWaitS * 1000 - (now - since));
    say(
      `waiting for the model server, which is overloaded (${httpFailure(overload.error)}): next try in about ${duration(wait)}, at ${timeOfDay(Date.now() + wait)}${asked}; ` +
        `one request at a time until one succeeds` +
        (left === undefined ? '' : `; giving up in ${duration(left)} without an answer (--max-wait ${maxWaitS})`),
    );
  });
}
