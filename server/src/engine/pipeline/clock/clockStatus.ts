/**
 * The clock's word on the status (serverClock.ts): blocked, waiting on an overloaded
 * server, or the failures of work, given the work counts of the open documents. No
 * countdown: a tooltip or message is not redrawn as the seconds pass, so a wait is named by
 * the time of day of the next try, which stays true.
 */
import { TASK_KINDS, TASKS, TaskKind } from '../taskTable';
import { BLOCKING, httpFailure } from './failures';
import type { ServerClock } from './serverClock';

/** The work counts the status is made from. */
export interface WorkCounts {
  /** Requests failed for good, per task of the table. */
  failed: Record<TaskKind, number>;
  pending: number;
}

/** Why work waits on the server: its HTTP status, and when the next try goes (absent: one is under way). */
export interface ServerWait {
  httpStatus?: number;
  /** Milliseconds since the epoch. */
  nextTryAt?: number;
}

/** The clock's part of the status: a state and a message, or nothing to say. */
export interface ClockStatus {
  state: 'unreachable' | 'model-missing' | 'remote-refused' | 'error' | 'analysing' | 'waiting';
  message?: string;
  wait?: ServerWait;
}

/** `at` (milliseconds since the epoch) as a local time of day, "14:03:21". */
export function timeOfDay(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

/** The status of `clock` given the work counts; undefined when all is well. */
export function clockStatus(clock: ServerClock, counts: WorkCounts): ClockStatus | undefined {
  const notes = clock.notes;
  const retrying = notes.checking ? ' (checking again automatically)' : '';
  if (notes.blocked) {
    const { error, byGeneration } = notes.blocked;
    const state = BLOCKING.has(error.kind) ? (error.kind as ClockStatus['state']) : 'error';
    return { state, message: byGeneration ? `Generation failed: ${httpFailure(error)}${retrying}` : `${error.message}${retrying}` };
  }
  if (counts.pending > 0) {
    // Work waits at admission: say for what, and when the next request goes.
    const overload = clock.overload;
    if (!overload) return { state: 'analysing' };
    const { error } = overload;
    const nextTryAt = !overload.trying && overload.notBefore > clock.now() ? Date.now() + (overload.notBefore - clock.now()) : undefined;
    const next =
      nextTryAt === undefined ? 'a try is under way' : `the next try at ${timeOfDay(nextTryAt)}${error.retryAfterMs !== undefined ? ' (its Retry-After)' : ''}`;
    return {
      state: 'waiting',
      message: `Waiting for the model server, which is overloaded (${httpFailure(error)}): one request at a time until one succeeds; ${next}`,
      wait: { httpStatus: error.status, nextTryAt },
    };
  }
  const anyFailed = TASK_KINDS.some((kind) => counts.failed[kind] > 0);
  if (anyFailed && notes.lastInternal) return { state: 'error', message: notes.lastInternal.userMessage };
  // Entities are the note's highlights: their failure is the status; the other tasks' come after.
  const entities = counts.failed.ner;
  if (entities > 0 && notes.lastError) {
    return { state: 'error', message: `Generation failed for ${entities} request(s): ${httpFailure(notes.lastError)}${retrying}` };
  }
  const secondary = notes.lastSecondary;
  const others = TASK_KINDS.filter((kind) => kind !== 'ner' && counts.failed[kind] > 0);
  if (others.length > 0 && secondary) {
    const what = others.map((kind) => `${TASKS[kind].failedWork} failed for ${counts.failed[kind]}`).join(' and ');
    return { state: 'error', message: `Entities are shown, but ${what} request(s): ${httpFailure(secondary.error)}${retrying}` };
  }
  return undefined;
}
