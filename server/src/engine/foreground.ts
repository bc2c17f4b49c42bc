/**
 * Work the user waits for, and the background work that gives way to it. A huge note's
 * whole-note work runs in slices (its PHI, NLI planning); between two slices the event loop
 * answers whatever came. But the editor sends a keystroke's messages together (the change,
 * then the tokens' delta, a hover, the code actions), and a slice that runs between them
 * makes every later answer wait for it. So the front end says when a message arrives and
 * when a request is answered, and `nextSlice` holds a slice back while a request is open or
 * for QUIET_MS after a message, but never more than MAX_DEFER_MS after it was asked for:
 * typing without pause still lets the background work go on, only slower. (The bound counts
 * from the asking, not from the last slice that ran: the first slice after a pause, asked for
 * by the keystroke that ended it, waits for the keystroke's requests like any other.)
 *
 * The state is one process's (one front end per process: the language server, or none in the
 * CLI, where nothing is ever held back).
 */
import { performance } from 'node:perf_hooks';

/** After a message, the ones sent with it come within a few milliseconds. */
export const QUIET_MS = 20;
/** The longest a slice is held back after it was asked for. */
export const MAX_DEFER_MS = 250;

let openRequests = 0;
let quietUntil = -Infinity;

/** The front end says a message arrived (`request`: one that will be answered). */
export function messageArrived(request: boolean, now = performance.now()): void {
  if (request) openRequests++;
  quietUntil = now + QUIET_MS;
}

/** The front end says a request was answered. */
export function requestAnswered(): void {
  if (openRequests > 0) openRequests--;
}

/** How long a slice asked for at `askedAt` still waits at `now`: 0 when it may run at once. */
export function sliceDelay(now = performance.now(), askedAt = now): number {
  const bound = askedAt + MAX_DEFER_MS - now;
  if (bound <= 0) return 0;
  if (openRequests > 0) return Math.min(bound, QUIET_MS);
  return Math.max(0, Math.min(bound, quietUntil - now));
}

/** Runs `slice` once the event loop is free and no request of the user's waits (see above). */
export function nextSlice(slice: () => void, askedAt = performance.now()): void {
  const delay = sliceDelay(performance.now(), askedAt);
  const run = () => {
    // Held back again if the user's messages came meanwhile (within the bound).
    if (sliceDelay(performance.now(), askedAt) > 0) return nextSlice(slice, askedAt);
    slice();
  };
  if (delay > 0) setTimeout(run, delay);
  else setImmediate(run);
}

/** For tests: forget what the front end said. */
export function resetForeground(): void {
  openRequests = 0;
  quietUntil = -Infinity;
}
