/**
 * Runs model jobs with at most `maxConcurrent` in flight, highest priority first.
 * Jobs are shared by key: two document versions that need the same sentence hold one
 * job, and a job is cancelled (its connection closed) only when nobody holds it any more.
 */
import { ModelError } from '../types';

export interface Ticket<T> {
  readonly promise: Promise<T>;
  /** Gives the job up; the last holder's release cancels it. Safe to call twice. */
  release(): void;
  /**
   * Raises this holder's priority. The job runs at the highest priority of its holders
   * still holding it: another holder may need it sooner, and a released holder's urgency
   * (a user's check that was cancelled) goes with it.
   */
  prioritise(priority: number): void;
}

/** One job as the scheduler holds it (for tests and diagnostics). */
export interface JobInfo {
  key: string;
  priority: number;
  state: 'queued' | 'running';
  holders: number;
}

interface Entry<T> {
  key: string;
  priority: number;
  seq: number;
  holders: number;
  /** Each live holder's priority; `priority` is their maximum (the first request's while unheld). */
  holderPriorities: Set<{ priority: number }>;
  state: 'queued' | 'running' | 'settled';
  controller: AbortController;
  run: (signal: AbortSignal) => Promise<T>;
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}

export interface SchedulerStats {
  started: number;
  completed: number;
  failed: number;
  cancelled: number;
}

export class Scheduler {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly queue: Entry<unknown>[] = [];
  private running = 0;
  private seq = 0;
  private pumpQueued = false;
  readonly stats: SchedulerStats = { started: 0, completed: 0, failed: 0, cancelled: 0 };

  constructor(private maxConcurrent: number) {}

  setConcurrency(n: number): void {
    this.maxConcurrent = Math.max(1, Math.floor(n));
    this.pump();
  }

  /** How many jobs may run at once. */
  get capacity(): number {
    return this.maxConcurrent;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.length;
  }

  /** Holds the job for `key`, starting it with `run` when nobody runs it yet. */
  request<T>(key: string, priority: number, run: (signal: AbortSignal) => Promise<T>): Ticket<T> {
    const existing = this.join<T>(key, priority);
    if (existing) return existing;
    let resolve!: (v: T) => void;
    let reject!: (e: unknown) => void;
    const promise = new Promise<T>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // Holders attach their own handlers; this one keeps an unheld rejection from being "unhandled".
    promise.catch(() => undefined);
    const entry: Entry<T> = {
      key,
      priority,
      seq: this.seq++,
      holders: 0,
      holderPriorities: new Set(),
      state: 'queued',
      controller: new AbortController(),
      run,
      promise,
      resolve,
      reject,
    };
    this.entries.set(key, entry as Entry<unknown>);
    this.queue.push(entry as Entry<unknown>);
    const ticket = this.ticket(entry, priority);
    // Start on the next microtask, so that a batch of requests is ordered by priority first.
    if (!this.pumpQueued) {
      this.pumpQueued = true;
      queueMicrotask(() => {
        this.pumpQueued = false;
        this.pump();
      });
    }
    return ticket;
  }

  /** Holds the job for `key` only if one is queued or running. */
  join<T>(key: string, priority = 0): Ticket<T> | undefined {
    const entry = this.entries.get(key) as Entry<T> | undefined;
    // A cancelled job may still be winding down; it cannot serve a new holder.
    if (!entry || entry.controller.signal.aborted) return undefined;
    return this.ticket(entry, priority);
  }

  /** The jobs queued or running, highest priority first. */
  jobs(): JobInfo[] {
    const out: JobInfo[] = [];
    for (const e of this.entries.values()) {
      if (e.state !== 'settled') out.push({ key: e.key, priority: e.priority, state: e.state, holders: e.holders });
    }
    return out.sort((a, b) => b.priority - a.priority);
  }

  private ticket<T>(entry: Entry<T>, priority: number): Ticket<T> {
    entry.holders++;
    const holder = { priority };
    entry.holderPriorities.add(holder);
    entry.priority = this.priorityOf(entry);
    let released = false;
    return {
      promise: entry.promise,
      release: () => {
        if (released) return;
        released = true;
        entry.holders--;
        entry.holderPriorities.delete(holder);
        if (entry.holders === 0) this.cancel(entry as Entry<unknown>);
        else entry.priority = this.priorityOf(entry);
      },
      prioritise: (p: number) => {
        if (released) return;
        holder.priority = Math.max(holder.priority, p);
        entry.priority = this.priorityOf(entry);
      },
    };
  }

  private priorityOf(entry: { priority: number; holderPriorities: Set<{ priority: number }> }): number {
    let p = -Infinity;
    for (const h of entry.holderPriorities) p = Math.max(p, h.priority);
    return p === -Infinity ? entry.priority : p;
  }

  private cancel(entry: Entry<unknown>): void {
    if (entry.state === 'settled') return;
    if (entry.state === 'queued') {
      this.queue.splice(this.queue.indexOf(entry), 1);
      this.settle(entry);
      entry.reject(new ModelError('cancelled', 'cancelled'));
    }
    this.stats.cancelled++;
    // A running job sees the abort, closes its connection and settles through run().
    entry.controller.abort();
  }

  private settle(entry: Entry<unknown>): void {
    entry.state = 'settled';
    if (this.entries.get(entry.key) === entry) this.entries.delete(entry.key);
  }

  private next(): Entry<unknown> | undefined {
    let best = -1;
    for (let i = 0; i < this.queue.length; i++) {
      const e = this.queue[i];
      const b = best >= 0 ? this.queue[best] : undefined;
      if (!b || e.priority > b.priority || (e.priority === b.priority && e.seq < b.seq)) best = i;
    }
    return best >= 0 ? this.queue.splice(best, 1)[0] : undefined;
  }

  private pump(): void {
    while (this.running < this.maxConcurrent) {
      const entry = this.next();
      if (!entry) return;
      entry.state = 'running';
      this.running++;
      this.stats.started++;
      entry
        .run(entry.controller.signal)
        .then(
          (value) => {
            this.stats.completed++;
            entry.resolve(value);
          },
          (err) => {
            if (!entry.controller.signal.aborted) this.stats.failed++;
            entry.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.settle(entry);
          this.pump();
        });
    }
  }
}
