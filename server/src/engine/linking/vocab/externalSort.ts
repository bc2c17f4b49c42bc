/**
 * Sorting more lines than memory holds: lines are gathered as UTF-8 bytes up to a budget,
 * sorted and written to a run file (runSort.ts); `sorted()` merges the runs (k-way, a tournament
 * of losers) and yields each distinct line once, in JavaScript string order (UTF-16 code units,
 * the order lookups compare in). Lines must not hold `\n`; a lone surrogate is read back as
 * U+FFFD (UTF-8 has none).
 *
 * A run is sorted and written on a worker thread while the caller goes on gathering the next
 * (a build's reading and name keys on one core, the sorts on the other): the build stays a
 * synchronous call, so the caller blocks (Atomics.wait) only when it has the next run ready
 * before the worker has written the last, and before the merge (whose last run the caller
 * sorts itself meanwhile). One run in flight at most, so memory holds two budgets' lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { writeUtf8 } from './binary';
import { sortLines, writeRun } from './runSort';

/**
 * What the merge reads of each run at a time: a build of 10 million names merges a few dozen
 * runs, each holding its chunk, the chunk's text and its lines at once.
 */
const MERGE_CHUNK = 256 * 1024;

/**
 * Lines are gathered as strings and written to the run's bytes this many (at most) UTF-8
 * bytes at a time, joined: one call to the encoder for a thousand lines, not one a line (3
 * million name-key lines made and written: 0.7 to 0.9 s of CPU one a line, 0.5 s joined).
 */
const PENDING_BYTES = 64 * 1024;

// The worker's code: the run sort's two functions (their source, so that no second bundle
// entry is needed), then the flag that says the run is written (1) or failed (2, its message
// sent first). One worker a run: it ends when its run is written, and its memory goes with it.
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const sortLines = ${sortLines.toString()};
const writeRun = ${writeRun.toString()};
parentPort.once('message', ({ data, used, file, flag, port }) => {
  const state = new Int32Array(flag);
  try {
    writeRun(fs, sortLines, new Uint8Array(data), used, file);
    Atomics.store(state, 0, 1);
  } catch (err) {
    port.postMessage(String(err && err.message || err));
    Atomics.store(state, 0, 2);
  }
  port.close();
  parentPort.close();
  Atomics.notify(state, 0);
});
`;

/** A run being written on the worker: its flag (0 writing, 1 written, 2 failed) and the port its error comes on. */
interface InFlight {
  state: Int32Array;
  port: MessagePort;
  file: string;
}

export class ExternalSorter {
  /** The lines gathered for the next run, as UTF-8, each ended by `\n` (runSort.ts); made at the run's first line. */
  private bytes: Buffer | undefined;
  private used = 0;
  /** Lines added and not yet written to `bytes`, and the most UTF-8 bytes they take with their `\n`s. */
  private pending: string[] = [];
  private pendingMost = 0;
  private readonly pendingLimit: number;
  private readonly runs: string[] = [];
  /** Lines added, repeats included. */
  added = 0;

  private worker: Worker | undefined;
  private inFlight: InFlight | undefined;

  private readonly budgetBytes: number;

  constructor(
    private readonly dir: string,
    /** Bytes of lines (UTF-8) held before a run is written; with the worker, two runs' worth are held at once. */
    budgetBytes?: number,
    /** Sort and write runs on a worker thread (false: on the caller's, as tests of both ways do). */
    private readonly useWorker = true,
  ) {
    this.budgetBytes = budgetBytes ?? 64 * 1024 * 1024;
    this.pendingLimit = Math.min(PENDING_BYTES, this.budgetBytes);
  }

  /** A buffer of its own (its memory is handed to the worker whole): the budget, and room for a line past it. */
  private fresh(line: number): Buffer {
    return Buffer.allocUnsafeSlow(Math.max(this.budgetBytes + 64 * 1024, line));
  }

  add(line: string): void {
    const most = 3 * line.length + 1;
    if (this.pendingMost + most > this.pendingLimit) this.drain();
    this.pending.push(line);
    this.pendingMost += most;
    this.added++;
  }

  /** Writes the pending lines to the run's bytes (a run is written first where they may not fit, and after once the budget is reached). */
  private drain(): void {
    if (this.pending.length === 0) return;
    if (this.bytes && this.used + this.pendingMost > this.bytes.length) this.flush();
    this.bytes ??= this.fresh(this.pendingMost);
    // An empty last line: the joined text ends with `\n` too.
    this.pending.push('');
    this.used += writeUtf8(this.bytes, this.pending.join('\n'), this.used);
    this.pending = [];
    this.pendingMost = 0;
    if (this.used >= this.budgetBytes) this.flush();
  }

  /** Writes the gathered bytes as a run: on the worker, or here (`here`, or without a worker). */
  private flush(here = false): void {
    if (!this.bytes || !this.used) return;
    const file = path.join(this.dir, `run-${this.runs.length}.txt`);
    const data = this.bytes;
    const used = this.used;
    this.bytes = undefined;
    this.used = 0;
    this.runs.push(file);
    if (here || !this.useWorker) {
      writeRun(fs, sortLines, data, used, file);
      return;
    }
    this.waitForRun();
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
    const { port1, port2 } = new MessageChannel();
    const state = new Int32Array(new SharedArrayBuffer(4));
    // The bytes are moved, not copied (a transfer), as is the port the error comes back on.
    const memory = data.buffer as ArrayBuffer;
    this.worker.postMessage({ data: memory, used, file, flag: state.buffer, port: port2 }, [memory, port2]);
    this.inFlight = { state, port: port1, file };
  }

  /** Blocks until the run on the worker is written; throws its error if it failed. */
  private waitForRun(): void {
    const run = this.inFlight;
    if (!run) return;
    this.inFlight = undefined;
    Atomics.wait(run.state, 0, 0);
    const failed = Atomics.load(run.state, 0) === 2;
    const message = failed ? receiveMessageOnPort(run.port)?.message : undefined;
    run.port.close();
    if (failed) throw new Error(`Could not write the sort run ${run.file}: ${String(message)}`);
  }

  /** Stops the worker (the merge does not need it; a build that failed leaves none behind). */
  dispose(): void {
    if (this.inFlight) Atomics.wait(this.inFlight.state, 0, 0);
    this.inFlight?.port.close();
    this.inFlight = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** Every distinct line added, sorted; the run files are removed as it ends. */
  *sorted(): Generator<string> {
    this.drain();
    if (this.runs.length === 0) {
      // Everything fits in memory: no file at all.
      const bytes = this.bytes;
      this.bytes = undefined;
      if (!bytes) return;
      const { starts, ends, order } = sortLines(bytes, this.used);
      this.used = 0;
      let previous: string | undefined;
      for (const l of order) {
        const line = bytes.toString('utf8', starts[l], ends[l]);
        if (line !== previous) yield (previous = line);
      }
      return;
    }
    // The last run is sorted here while the worker may still be writing the one before.
    this.flush(true);
    this.waitForRun();
    this.dispose();
    const readers = this.runs.map((f) => new RunReader(f));
    for (const r of readers) r.next();
    const tree = new LoserTree(readers);
    let previous: string | undefined;
    try {
      for (;;) {
        const w = tree.winner();
        const top = readers[w];
        if (top.done) break;
        if (top.line !== previous) yield (previous = top.line);
        top.next();
        tree.replay(w);
      }
    } finally {
      for (const r of readers) r.close();
      for (const f of this.runs) fs.rmSync(f, { force: true });
    }
  }
}

/** One run file read a line at a time. */
class RunReader {
  line = '';
  /** No line left (then `line` is stale). */
  done = false;
  private fd: number | undefined;
  private lines: string[] = [];
  private at = 0;
  private readonly chunk = Buffer.allocUnsafe(MERGE_CHUNK);
  private rest = Buffer.alloc(0);

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  next(): boolean {
    while (this.at >= this.lines.length) {
      if (this.fd === undefined) {
        this.done = true;
        return false;
      }
      const n = fs.readSync(this.fd, this.chunk, 0, MERGE_CHUNK, null);
      if (n === 0) {
        this.close();
        this.done = true;
        return false;
      }
      const data = this.rest.length ? Buffer.concat([this.rest, this.chunk.subarray(0, n)]) : this.chunk.subarray(0, n);
      const cut = data.lastIndexOf(10) + 1;
      this.rest = Buffer.from(data.subarray(cut));
      this.lines = data.toString('utf8', 0, cut).split('\n');
      this.lines.pop();
      this.at = 0;
    }
    this.line = this.lines[this.at++];
    return true;
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
}

/**
 * The k-way merge's tournament: each inner node holds the run that lost the match played
 * there, node 0 the overall winner. A run's next line replays only its own path to the root,
 * one comparison a level (a binary heap's sift-down makes two): the merge of a large build
 * (a hundred runs, tens of millions of lines that share long prefixes) is mostly these
 * comparisons. A finished run loses to every other.
 */
export class LoserTree {
  private readonly nodes: Int32Array;

  constructor(private readonly runs: readonly { line: string; done: boolean }[]) {
    this.nodes = new Int32Array(Math.max(1, runs.length)).fill(-1);
    if (runs.length === 0) return;
    // Each inner node is reached twice, from its two subtrees: the first run to arrive waits
    // there, the second plays it; node 0 gets the winner of the root's match.
    for (let r = runs.length - 1; r >= 0; r--) this.replay(r, true);
  }

  /** The run whose line comes first (finished runs last); -1 with no runs. */
  winner(): number {
    return this.nodes[0];
  }

  /** Plays run `r` (whose line just changed) up its path; `filling` while the tree is built. */
  replay(r: number, filling = false): void {
    const nodes = this.nodes;
    for (let t = (r + this.runs.length) >> 1; t > 0; t >>= 1) {
      const held = nodes[t];
      if (held < 0) {
        if (filling) {
          nodes[t] = r;
          return;
        }
      } else if (this.before(held, r)) {
        nodes[t] = r;
        r = held;
      }
    }
    nodes[0] = r;
  }

  private before(a: number, b: number): boolean {
    const x = this.runs[a];
    const y = this.runs[b];
    return !x.done && (y.done || x.line < y.line);
  }
}
