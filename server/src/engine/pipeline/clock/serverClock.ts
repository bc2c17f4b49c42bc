/**
 * ONE object per model server that decides when it gets a request: to change how the engine
 * waits, retries or recovers, start here. It owns
 *
 * - admission (admission.ts): requests in flight; after an overload answer (429, 503, any
 *   Retry-After) one request at a time until one succeeds, never before the server's
 *   Retry-After, else a doubling backoff; with `maxWaitMs` (the command line's --max-wait)
 *   an overload that lasts too long is given up;
 * - transient retries (`send`): a dropped connection, a cut stream, a 5xx is tried again,
 *   REQUEST_TRIES tries in all, each after its own doubling wait; an overload answer uses
 *   up no try: it is waited out at admission, as long as the server asks (or maxWaitMs);
 * - recovery (recovery.ts): a server that failed work for good is blocked or failing, and
 *   one recovery check at a time (the request that failed, sent again) says when the work
 *   resumes;
 * - the state it reports (`overload`, `givenUp`, `notes`; clockStatus.ts puts it in words),
 *   and a change event whenever that state changes, so the status is published at once.
 *
 * The waits and their settings are in waits.ts, what each failure means in failures.ts.
 */
import type { TaskKind } from '../taskTable';
import { REQUEST_TRIES } from '../../config';
import { InternalError } from '../../errors';
import { ModelError, ModelRequest } from '../../types';
import { Admission, OverloadState, Pass } from './admission';
import { isOverload, isTransient, WaitLimitError } from './failures';
import { FailedRequest, FailureNotes, Recovery, RecoveryHost } from './recovery';
import { backoffDelay, ClockOptions, sleep } from './waits';

export class ServerClock {
  private readonly admission: Admission;
  private readonly recovery: Recovery;
  /** The last request that failed for good (after its tries): a recovery check sends it again. */
  private lastFailure: FailedRequest | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(private options: ClockOptions) {
    this.admission = new Admission(options, () => this.changed());
    this.recovery = new Recovery(
      this.admission,
      () => this.options,
      () => this.lastFailure,
      () => this.changed(),
    );
  }

  /** New settings (a new server): the waits change and what was known of the old server goes. */
  reset(options: ClockOptions): void {
    this.options = options;
    this.lastFailure = undefined;
    this.recovery.reset();
    this.admission.reset(options);
    this.changed();
  }

  /** Calls `listener` whenever the state the clock reports changes; returns the way to stop. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * One model request: `tryOnce` runs when admission lets it; a transient failure is tried
   * again (an overload answer waits at admission, others after their own backoff),
   * REQUEST_TRIES tries in all; an overload answer uses up no try. Rejects with the last
   * failure, a cancelled ModelError, or a WaitLimitError when the wait was given up.
   */
  async send<T>(task: string, request: ModelRequest, signal: AbortSignal, tryOnce: () => Promise<T>): Promise<T> {
    let failedTries = 0;
    for (;;) {
      let pass: Pass | undefined;
      try {
        pass = await this.admission.acquire(signal);
        const result = await tryOnce();
        pass.succeeded();
        return result;
      } catch (err) {
        pass?.failed(err);
        const overload = isOverload(err);
        if (pass && !overload) failedTries++;
        if (pass && isTransient(err) && !signal.aborted && (overload || failedTries < REQUEST_TRIES)) {
          if (!overload) await sleep(this.retryDelay(failedTries), signal);
          continue;
        }
        if (err instanceof ModelError && !(err instanceof WaitLimitError) && err.kind !== 'cancelled' && !signal.aborted) {
          this.lastFailure = { task, request, error: err };
        }
        throw err;
      }
    }
  }

  /** The wait before try `attempt` + 1 of a request whose try `attempt` (1, 2, ...) failed without an overload answer. */
  private retryDelay(attempt: number): number {
    const { retryBaseMs, capMs, random } = this.options;
    return backoffDelay(attempt - 1, retryBaseMs, capMs, undefined, random);
  }

  /** The clock's own time (tests give one). */
  now(): number {
    return this.admission.now();
  }

  /** The server is overloaded: one request at a time until one succeeds; undefined otherwise. */
  get overload(): OverloadState | undefined {
    return this.admission.overloadState;
  }

  /** The overload lasted longer than maxWaitMs: every request fails with this until the settings change. */
  get givenUp(): WaitLimitError | undefined {
    return this.admission.givenUp;
  }

  // Recovery: what the workspace (the editor) tells the clock, and asks of it.

  /** The workspace that resumes failed work when the server is back; without one (the command line) no recovery check runs. */
  attach(host: RecoveryHost | undefined): void {
    this.recovery.attach(host);
  }

  get isBlocked(): boolean {
    return this.recovery.isBlocked;
  }

  /** What the failures say, for the status (clockStatus.ts). */
  get notes(): FailureNotes {
    return this.recovery.notes;
  }

  /** Work failed for good (after its tries): a blocking failure blocks, another schedules a recovery check. */
  failed(error: ModelError, task: TaskKind): void {
    this.recovery.failed(error, task);
  }

  /** An unexpected error failed a request: a bug to show and log, not the server's state. */
  internalError(error: InternalError): void {
    this.recovery.internalError(error);
  }

  /**
   * Work went well: `answered` (a success while an error was shown) means the trouble is
   * over; `allClear` (work finished without a failure anywhere) also restarts the backoff.
   */
  succeeded(answered: boolean, allClear: boolean): void {
    this.recovery.succeeded(answered, allClear);
  }

  /** The user asks to try again: checks the server now and, if it is there, resumes all unfinished work; the backoff starts over. */
  retry(): Promise<void> {
    return this.recovery.retry();
  }

  /** No more recovery checks (the workspace closes). */
  stop(): void {
    this.recovery.stop();
  }

  private changed(): void {
    for (const listener of [...this.listeners]) listener();
  }
}
