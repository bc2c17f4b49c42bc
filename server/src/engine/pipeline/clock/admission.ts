/**
 * The clock's admission (serverClock.ts owns it): which request may start now. It keeps a
 * server that said it is overloaded from a request storm.
 *
 * - After an overload answer (429 or 503, or any answer with a Retry-After) the server
 *   gets ONE request at a time until a request succeeds; the requests already in flight
 *   finish, nothing new starts beside them.
 * - Each request waits until `notBefore`: the server's `Retry-After` when it sent one
 *   (capped at a minute, models/transient.ts), else a backoff that doubles per failed turn
 *   (base, 2·base, ... up to the cap, ±20% jitter). Failures of requests that were sent
 *   together count as one turn, so that sixty answers of "busy" do not push the wait to
 *   the cap at once.
 * - A success opens the door again (a Retry-After still running is still obeyed).
 * - With `maxWaitMs`, an overload that lasts that long without a success fails every
 *   waiting and later request with a WaitLimitError (the command line gives up).
 *
 * Waiting is cancellable: an aborted request leaves the queue at once.
 */
import { ModelError } from '../../types';
import { isOverload, WaitLimitError } from './failures';
import { backoffDelay, ClockOptions, monotonicNow } from './waits';

/** One request's way through admission: say how it went (once; later calls do nothing). */
export interface Pass {
  succeeded(): void;
  /** `error`: an overload answer closes the door (one at a time, a wait); others change nothing. */
  failed(error: unknown): void;
}

/** The overload as admission knows it. */
export interface OverloadState {
  /** The overload answer that closed the door (the latest one). */
  error: ModelError;
  /** When the first overload answer after a success came (the clock's milliseconds). */
  since: number;
  /** No request starts before this time; at or before now: the next starts when the one in flight is done. */
  notBefore: number;
  /** A request is in flight (the one at a time). */
  trying: boolean;
}

interface Waiter {
  resolve(pass: Pass): void;
  reject(err: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

export class Admission {
  private notBefore = 0;
  /** The overload answer that closed the door, until a request succeeds. */
  private overload: ModelError | undefined;
  private overloadSince = 0;
  /** The overload lasted longer than maxWaitMs: every request fails with this, until reset. */
  private gaveUp: WaitLimitError | undefined;
  private active = 0;
  /** Failed turns in a row: the next backoff wait is retryBaseMs · 2^(failedTurns − 1). */
  private failedTurns = 0;
  /** Counts the turns; a failure of a request started in an older turn adds no wait of its own. */
  private turn = 0;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private options: ClockOptions,
    /** The overload began, changed its wait, ended, or was given up. */
    private readonly changed: () => void,
  ) {}

  /** New settings (a new server): what was known of the old server goes. */
  reset(options: ClockOptions): void {
    this.options = options;
    this.notBefore = 0;
    this.overload = undefined;
    this.gaveUp = undefined;
    this.failedTurns = 0;
    this.turn++;
    this.pump();
  }

  now(): number {
    return (this.options.now ?? monotonicNow)();
  }

  /** How long until a request may start (0: now), whatever else waits. */
  waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** The overload while the server is given one request at a time; else undefined. */
  get overloadState(): OverloadState | undefined {
    if (!this.overload) return undefined;
    return { error: this.overload, since: this.overloadSince, notBefore: this.notBefore, trying: this.active > 0 };
  }

  get givenUp(): WaitLimitError | undefined {
    return this.gaveUp;
  }

  /** Waits for this request's turn; rejects with a cancelled ModelError when `signal` aborts first, or the wait is given up. */
  acquire(signal: AbortSignal): Promise<Pass> {
    if (signal.aborted) return Promise.reject(new ModelError('cancelled', 'cancelled'));
    if (this.gaveUp) return Promise.reject(this.gaveUp);
    if (this.waiters.length === 0 && this.open()) return Promise.resolve(this.enter());
    return new Promise<Pass>((resolve, reject) => {
      const waiter: Waiter = {
        resolve,
        reject,
        signal,
        onAbort: () => {
          const at = this.waiters.indexOf(waiter);
          if (at >= 0) this.waiters.splice(at, 1);
          reject(new ModelError('cancelled', 'cancelled'));
          this.pump();
        },
      };
      signal.addEventListener('abort', waiter.onAbort, { once: true });
      this.waiters.push(waiter);
      this.pump();
    });
  }

  private open(): boolean {
    return this.now() >= this.notBefore && (!this.overload || this.active === 0);
  }

  private enter(): Pass {
    this.active++;
    const turn = this.turn;
    let settled = false;
    const leave = () => {
      if (settled) return false;
      settled = true;
      this.active--;
      return true;
    };
    return {
      succeeded: () => {
        if (!leave()) return;
        const wasOverloaded = this.overload !== undefined;
        this.overload = undefined;
        this.failedTurns = 0;
        this.turn++;
        this.pump();
        if (wasOverloaded) this.changed();
      },
      failed: (error: unknown) => {
        if (!leave()) return;
        if (isOverload(error)) this.closeDoor(turn, error);
        this.pump();
        if (isOverload(error)) this.changed();
      },
    };
  }

  private closeDoor(turn: number, error: ModelError): void {
    if (!this.overload) this.overloadSince = this.now();
    this.overload = error;
    if (turn === this.turn) {
      this.failedTurns++;
      this.turn++;
    }
    const { retryBaseMs, capMs, random } = this.options;
    const wait = error.retryAfterMs ?? backoffDelay(this.failedTurns - 1, retryBaseMs, capMs, undefined, random);
    this.notBefore = Math.max(this.notBefore, this.now() + wait);
  }

  /** When the overload is given up (the clock's milliseconds); undefined: never. */
  private giveUpAt(): number | undefined {
    const { maxWaitMs } = this.options;
    return this.overload && maxWaitMs !== undefined ? this.overloadSince + maxWaitMs : undefined;
  }

  /** Lets in whoever may go now; gives up an overload that lasted too long; otherwise wakes up when the wait is over. */
  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const giveUpAt = this.giveUpAt();
    if (!this.gaveUp && giveUpAt !== undefined && this.now() >= giveUpAt && this.waiters.length > 0) {
      this.gaveUp = new WaitLimitError(this.overload!, this.now() - this.overloadSince);
      for (const waiter of this.waiters.splice(0)) {
        waiter.signal.removeEventListener('abort', waiter.onAbort);
        waiter.reject(this.gaveUp);
      }
      this.changed();
      return;
    }
    let admitted = false;
    while (this.waiters.length > 0 && this.open()) {
      const waiter = this.waiters.shift()!;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.enter());
      admitted = true;
    }
    // The one try of an overload is under way: the status says so rather than a time gone by.
    if (admitted && this.overload) this.changed();
    if (this.waiters.length === 0) return;
    const canGo = !this.overload || this.active === 0;
    // Wakes up when the wait is over, a millisecond on at least: the clock was read again since
    // the door was tried, and a wait that ended in between (a timer fires a little early) must
    // still wake the waiters. Without that, nothing woke them, and a command whose event loop
    // had nothing else ended as if it had finished (exit 0, no output).
    const waits: number[] = [];
    if (canGo) waits.push(this.waitMs());
    if (giveUpAt !== undefined) waits.push(giveUpAt - this.now());
    if (waits.length > 0) this.timer = setTimeout(() => this.pump(), Math.max(1, Math.min(...waits)));
  }
}
