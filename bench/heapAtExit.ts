/**
 * Preloaded into a measured `biomed` process (node --expose-gc -r out/bench/heapAtExit.js):
 * at exit, after a full garbage collection, writes the JS heap still in use to the file
 * named by BENCH_HEAP_FILE. That is what the process retained, as opposed to peak RSS,
 * which also holds garbage V8 had not yet collected.
 */
import * as fs from 'node:fs';

process.on('exit', () => {
  const file = process.env.BENCH_HEAP_FILE;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!file || !gc) return;
  gc();
  fs.writeFileSync(file, String(process.memoryUsage().heapUsed));
});
