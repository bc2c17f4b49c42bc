/**
 * Sorting more lines than memory holds: lines are gathered up to a budget, sorted and written
 * to a run file; `sorted()` merges the runs (k-way, a binary heap) and yields each distinct
 * line once, in JavaScript string order (UTF-16 code units, the order lookups compare in).
 * Lines must not hold `\n`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const READ_CHUNK = 1024 * 1024;

export class ExternalSorter {
  private buffer: string[] = [];
  private bufferedChars = 0;
  private readonly runs: string[] = [];
  /** Lines added, repeats included. */
  added = 0;

  constructor(
    private readonly dir: string,
    private readonly budgetChars = 48 * 1024 * 1024,
  ) {}

  add(line: string): void {
    // A line built by concatenation is a tree of pieces; flattened once here (ToNumber does
    // it in place), the sort's comparisons are several times cheaper.
    void ((line as unknown as number) | 0);
    this.buffer.push(line);
    this.bufferedChars += line.length + 16;
    this.added++;
    if (this.bufferedChars >= this.budgetChars) this.flush();
  }

  private flush(): void {
    if (!this.buffer.length) return;
    this.buffer.sort();
    const file = path.join(this.dir, `run-${this.runs.length}.txt`);
    const fd = fs.openSync(file, 'w');
    let pending: string[] = [];
    let pendingChars = 0;
    let previous: string | undefined;
    for (const line of this.buffer) {
      if (line === previous) continue;
      previous = line;
      pending.push(line);
      pendingChars += line.length;
      if (pendingChars > READ_CHUNK) {
        fs.writeSync(fd, pending.join('\n') + '\n');
        pending = [];
        pendingChars = 0;
      }
    }
    if (pending.length) fs.writeSync(fd, pending.join('\n') + '\n');
    fs.closeSync(fd);
    this.runs.push(file);
    this.buffer = [];
    this.bufferedChars = 0;
  }

  /** Every distinct line added, sorted; the run files are removed as it ends. */
  *sorted(): Generator<string> {
    if (this.runs.length === 0) {
      // Everything fits in memory: no file at all.
      this.buffer.sort();
      let previous: string | undefined;
      for (const line of this.buffer) if (line !== previous) yield (previous = line);
      this.buffer = [];
      return;
    }
    this.flush();
    const readers = this.runs.map((f) => new RunReader(f));
    const heap = readers.filter((r) => r.next());
    heapify(heap);
    let previous: string | undefined;
    try {
      while (heap.length) {
        const top = heap[0];
        if (top.line !== previous) yield (previous = top.line);
        if (top.next()) siftDown(heap, 0);
        else {
          const last = heap.pop()!;
          if (heap.length) {
            heap[0] = last;
            siftDown(heap, 0);
          }
        }
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
  private fd: number | undefined;
  private lines: string[] = [];
  private at = 0;
  private readonly chunk = Buffer.allocUnsafe(READ_CHUNK);
  private rest = Buffer.alloc(0);

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  next(): boolean {
    while (this.at >= this.lines.length) {
      if (this.fd === undefined) return false;
      const n = fs.readSync(this.fd, this.chunk, 0, READ_CHUNK, null);
      if (n === 0) {
        this.close();
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

function less(a: RunReader, b: RunReader): boolean {
  return a.line < b.line;
}

function heapify(heap: RunReader[]): void {
  for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
}

function siftDown(heap: RunReader[], i: number): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l], heap[m])) m = l;
    if (r < heap.length && less(heap[r], heap[m])) m = r;
    if (m === i) return;
    [heap[i], heap[m]] = [heap[m], heap[i]];
    i = m;
  }
}
