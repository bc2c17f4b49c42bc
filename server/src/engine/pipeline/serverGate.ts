/**
 * The door every model request goes through (modelCall.ts, and the workspace's recovery
 * check): it keeps a server that said it is overloaded from a request storm.
 *
 * - After an overload answer (429 or 503, or any answer with a Retry-After) the server
 *   gets ONE request at a time until a request succeeds; the requests already in flight
 *   finish, nothing new starts beside them. Other transient failures (a 500, a dropped
 *   connection, a cut stream) close no door: the request that failed waits its own
 *   backoff (`retryDelay`) before its next try.
 * - Each request waits until `notBefore`: the server's `Retry-After` when it sent one
 *   (capped at a minute, transient.ts), else a backoff that doubles per failed turn
 *   (base, 2·base, ... up to the cap, ±20% jitter). Failures of requests that were sent
 *   together count as one turn, so that sixty answers of "busy" do not push the wait to
 *   the cap at once.
 * - A success opens the door again (a Retry-After still running is still obeyed).
 *
 * Waiting is cancellable: an aborted request leaves the queue at once.
 */
import { ModelError } from '../types';
import { backoffDelay } from './backoff';

/** HTTP statuses that say "not now" rather than "never": retried, and the server is given room. */
export const TRANSIENT_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

/** The server said it is overloaded: 429, 503, or any error that came with a Retry-After. */
export function isOverload(err: unknown): err is ModelError {
  return err instanceof ModelError && err.kind === 'server-error' && (err.status === 429 || err.status === 503 || err.retryAfterMs !== undefined);
}

/**
 * A failure that may go away by itself: a dropped connection, a cut stream, an answer that
 * is not the protocol, an error line inside the stream, or a transient HTTP status. A 4xx
 * that means the request is wrong, a missing model, a refused host, a timeout and our own
 * cancellation are not.
 */
export function isTransient(err: unknown): err is ModelError {
  if (!(err instanceof ModelError)) return false;
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

export interface GateOptions {
  /** The first wait after a failed turn (no Retry-After), doubling per failed turn. */
  baseMs: number;
  /** The longest backoff wait. */
  capMs: number;
  /** The clock (tests); default Date.now. */
  now?: () => number;
  random?: () => number;
}

/** One request's way through the gate: say how it went (once; later calls do nothing). */
export interface Pass {
  succeeded(): void;
  /** `error`: a transient one closes the door (one at a time, a wait); others change nothing. */
  failed(error: unknown): void;
}

interface Waiter {
  resolve(pass: Pass): void;
  reject(err: unknown): void;
  signal: AbortSignal;
  onAbort(): void;
}

export class ServerGate {
  /** No request starts before this time (the clock's milliseconds). */
  private notBefore = 0;
  /** One at a time, until a request succeeds. */
  private overloaded = false;
  private active = 0;
  /** Failed turns in a row: the next backoff wait is baseMs · 2^(failedTurns − 1). */
  private failedTurns = 0;
  /** Counts the turns; a failure of a request started in an older turn adds no wait of its own. */
  private turn = 0;
  private readonly waiters: Waiter[] = [];
  private timer: NodeJS.Timeout | undefined;
  private lastFailure: ModelError | undefined;

  constructor(private options: GateOptions) {}

  /** New settings (a new server): the options change and what was known of the old server goes. */
  reset(options: GateOptions): void {
    this.options = options;
    this.notBefore = 0;
    this.overloaded = false;
    this.lastFailure = undefined;
    this.failedTurns = 0;
    this.turn++;
    this.pump();
  }

  /** The wait before try `attempt` + 1 of a request whose try `attempt` (1, 2, ...) failed without an overload answer. */
  retryDelay(attempt: number): number {
    const { baseMs, capMs, random } = this.options;
    return backoffDelay(attempt - 1, baseMs, capMs, undefined, random);
  }

  /** How long until a request may start (0: now), whatever else waits. */
  waitMs(): number {
    return Math.max(0, this.notBefore - this.now());
  }

  /** The transient failure that closed the door, while the server is given one request at a time; else undefined. */
  get overload(): ModelError | undefined {
    return this.overloaded ? this.lastFailure : undefined;
  }

  /** Waits for this request's turn; rejects with a cancelled ModelError when `signal` aborts first. */
  acquire(signal: AbortSignal): Promise<Pass> {
    if (signal.aborted) return Promise.reject(new ModelError('cancelled', 'cancelled'));
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

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private open(): boolean {
    return this.now() >= this.notBefore && (!this.overloaded || this.active === 0);
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
        this.overloaded = false;
        this.lastFailure = undefined;
        this.failedTurns = 0;
        this.turn++;
        this.pump();
      },
      failed: (error: unknown) => {
        if (!leave()) return;
        if (isOverload(error)) this.closeDoor(turn, error);
        this.pump();
      },
    };
  }

  private closeDoor(turn: number, error: ModelError): void {
    this.overloaded = true;
    this.lastFailure = error;
    const { retryAfterMs } = error;
    if (turn === this.turn) {
      this.failedTurns++;
      this.turn++;
    }
    const { baseMs, capMs, random } = this.options;
    const wait = retryAfterMs ?? backoffDelay(this.failedTurns - 1, baseMs, capMs, undefined, random);
    this.notBefore = Math.max(this.notBefore, this.now() + wait);
  }

  /** Lets in whoever may go now; otherwise wakes up when the wait is over. */
  private pump(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.waiters.length > 0 && this.open()) {
      const waiter = this.waiters.shift()!;
      waiter.signal.removeEventListener('abort', waiter.onAbort);
      waiter.resolve(this.enter());
    }
    const wait = this.waiters.length > 0 && (!this.overloaded || this.active === 0) ? this.waitMs() : 0;
    if (wait > 0) {
      this.timer = setTimeout(() => this.pump(), wait);
    }
  }
}
