/**
 * Preloaded into a measured `biomed` process (node --expose-gc -r out/bench/heapAtExit.js);
 * writes to the file named by BENCH_HEAP_FILE, as JSON (bytes):
 *
 * - `exit`: the JS heap still in use at exit, after a full garbage collection. By then the
 *   command has returned and its engine (model-answer cache, per-text memos) is garbage too,
 *   so this alone hides what a run holds while it runs.
 * - `endOfRun`: the same, when the command first writes to standard output (annotate's
 *   summary line), while it still holds its engine and caches: what the run retained.
 * - `peak`: the highest values of process.memoryUsage() sampled every 20 ms (no collection
 *   forced): rss, heapTotal (the JS heap V8 has committed, garbage included), heapUsed,
 *   external and arrayBuffers (memory outside the JS heap: Buffers, streams). Peak RSS less
 *   peak heapTotal is what the process holds besides the JS heap (code, Node, malloc).
 */
import * as fs from 'node:fs';

const file = process.env.BENCH_HEAP_FILE;
const gc = (globalThis as { gc?: () => void }).gc;
const peak = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
let endOfRun: number | undefined;

function sample(): void {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak) as (keyof typeof peak)[]) peak[k] = Math.max(peak[k], m[k]);
}

if (file && gc) {
  setInterval(sample, 20).unref();
  const write = process.stdout.write;
  process.stdout.write = function (this: NodeJS.WriteStream, ...args: unknown[]): boolean {
    if (endOfRun === undefined) {
      sample();
      gc();
      endOfRun = process.memoryUsage().heapUsed;
    }
    return (write as (...a: unknown[]) => boolean).apply(this, args);
  } as typeof process.stdout.write;
  process.on('exit', () => {
    sample();
    gc();
    fs.writeFileSync(file, JSON.stringify({ exit: process.memoryUsage().heapUsed, endOfRun: endOfRun ?? null, peak }));
  });
}
