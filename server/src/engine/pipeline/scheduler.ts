/**
 * Runs model jobs with at most `maxConcurrent` in flight, highest priority first.
 * Jobs are shared by key: two document versions that need the same sentence hold one
 * job, and a job is cancelled (its connection closed) only when nobody holds it any more.
 */
import { ModelError } from '../types';
import { siftDown, siftUp } from '../heap';

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
  /**
   * How many live holders are at each priority level; `priority` is the highest level held
   * (the first request's while unheld). Kept as holders come, rise and go, so a join costs
   * no walk over the holders: one sentence repeated 100,000 times is one job with 100,000
   * holders, and a walk per join made starting its document quadratic.
   */
  levels: Map<number, number>;
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

/** A place in the queue: an entry at the priority it had when placed (stale once that changed). */
interface Slot {
  entry: Entry<unknown>;
  priority: number;
}

/** Before: higher priority, then earlier request. */
function ahead(a: Slot, b: Slot): boolean {
  return a.priority > b.priority || (a.priority === b.priority && a.entry.seq < b.entry.seq);
}

/**
 * The queued jobs, best first: a binary heap of slots. A job whose priority changes gets a
 * new slot and its old one is skipped when it comes up, so a change, a cancellation and
 * taking the next job cost O(log n) instead of a scan of a queue of thousands of sentences.
 */
class JobQueue {
  private heap: Slot[] = [];
  private live = 0;

  get size(): number {
    return this.live;
  }

  add(entry: Entry<unknown>): void {
    this.live++;
    this.push({ entry, priority: entry.priority });
  }

  /** A queued entry's priority changed. */
  moved(entry: Entry<unknown>): void {
    this.push({ entry, priority: entry.priority });
    this.compactIfStale();
  }

  /** A queued entry left the queue (cancelled). */
  removed(): void {
    this.live--;
    this.compactIfStale();
  }

  /** Slots left behind by changes and cancellations: rebuilt from the live ones when they outnumber them. */
  private compactIfStale(): void {
    if (this.heap.length > 2 * this.live + 64) this.compact();
  }

  /** Takes the best queued entry out. */
  take(): Entry<unknown> | undefined {
    while (this.heap.length > 0) {
      const slot = this.pop();
      if (this.current(slot)) {
        this.live--;
        return slot.entry;
      }
    }
    return undefined;
  }

  private current(slot: Slot): boolean {
    return slot.entry.state === 'queued' && slot.entry.priority === slot.priority;
  }

  private compact(): void {
    const seen = new Set<Entry<unknown>>();
    const slots = this.heap.filter((slot) => this.current(slot) && !seen.has(slot.entry) && !!seen.add(slot.entry));
    this.heap = [];
    for (const slot of slots) this.push(slot);
  }

  private push(slot: Slot): void {
    this.heap.push(slot);
    siftUp(this.heap, this.heap.length - 1, ahead);
  }

  private pop(): Slot {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      siftDown(h, 0, ahead);
    }
    return top;
  }
}

/** How often at most the scheduler says its counts changed (onCountsChanged). */
const COUNTS_EVERY_MS = 100;

export class Scheduler {
  private readonly entries = new Map<string, Entry<unknown>>();
  private readonly queue = new JobQueue();
  private running = 0;
  private seq = 0;
  private pumpQueued = false;
  readonly stats: SchedulerStats = { started: 0, completed: 0, failed: 0, cancelled: 0 };

  constructor(private maxConcurrent: number) {}

  /**
   * Told when the jobs in flight or queued changed, at most every COUNTS_EVERY_MS however
   * many changed: a status that shows them is sent again. (Every answer sends the status
   * anyway; a note of thousands of sentences would otherwise send it twice per answer.)
   */
  onCountsChanged?: () => void;
  private countsSeen = '0:0';
  private countsTimer: NodeJS.Timeout | undefined;

  private countsMayHaveChanged(): void {
    if (this.countsTimer || !this.onCountsChanged) return;
    this.countsTimer = setTimeout(() => {
      this.countsTimer = undefined;
      const counts = `${this.running}:${this.queue.size}`;
      if (counts === this.countsSeen) return;
      this.countsSeen = counts;
      this.onCountsChanged?.();
    }, COUNTS_EVERY_MS);
    // A command that is done does not wait for it.
    this.countsTimer.unref();
  }

  setConcurrency(n: number): void {
    this.maxConcurrent = Math.max(1, Math.floor(n));
    this.pump();
  }

  /**
   * Priority levels visited to find a job's new highest level after its last holder at the
   * highest one left (for tests: joins, raises and other releases visit none).
   */
  levelVisits = 0;

  /** How many jobs may run at once. */
  get capacity(): number {
    return this.maxConcurrent;
  }

  get inFlight(): number {
    return this.running;
  }

  get queued(): number {
    return this.queue.size;
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
      levels: new Map(),
      state: 'queued',
      controller: new AbortController(),
      run,
      promise,
      resolve,
      reject,
    };
    this.entries.set(key, entry as Entry<unknown>);
    this.queue.add(entry as Entry<unknown>);
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
    this.addLevel(entry, priority);
    let released = false;
    return {
      promise: entry.promise,
      release: () => {
        if (released) return;
        released = true;
        entry.holders--;
        if (entry.holders === 0) {
          // Unheld: the job keeps the priority it had (it is cancelled now, or winding down).
          entry.levels.clear();
          this.cancel(entry as Entry<unknown>);
        } else this.dropLevel(entry, holder.priority);
      },
      prioritise: (p: number) => {
        if (released || p <= holder.priority) return;
        const before = holder.priority;
        holder.priority = p;
        this.addLevel(entry, p);
        this.dropLevel(entry, before);
      },
    };
  }

  /** A holder at `priority` came (joined, or rose to it). */
  private addLevel<T>(entry: Entry<T>, priority: number): void {
    const first = entry.levels.size === 0;
    entry.levels.set(priority, (entry.levels.get(priority) ?? 0) + 1);
    if (first || priority > entry.priority) this.setPriority(entry, priority);
  }

  /** A holder at `priority` went (released, or rose from it); another holder still holds the job. */
  private dropLevel<T>(entry: Entry<T>, priority: number): void {
    const left = entry.levels.get(priority)! - 1;
    if (left > 0) {
      entry.levels.set(priority, left);
      return;
    }
    entry.levels.delete(priority);
    if (priority !== entry.priority) return;
    // The last holder at the highest level went: the highest level left (there are as many
    // levels as distinct priorities the holders asked with, a handful).
    let highest = -Infinity;
    for (const level of entry.levels.keys()) {
      this.levelVisits++;
      if (level > highest) highest = level;
    }
    this.setPriority(entry, highest);
  }

  private setPriority<T>(entry: Entry<T>, priority: number): void {
    if (priority === entry.priority) return;
    entry.priority = priority;
    if (entry.state === 'queued') this.queue.moved(entry as Entry<unknown>);
  }

  private cancel(entry: Entry<unknown>): void {
    if (entry.state === 'settled') return;
    if (entry.state === 'queued') {
      this.settle(entry);
      this.queue.removed();
      this.countsMayHaveChanged();
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

  private pump(): void {
    // Jobs came, went or started: whatever the loop below does.
    this.countsMayHaveChanged();
    while (this.running < this.maxConcurrent) {
      const entry = this.queue.take();
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
