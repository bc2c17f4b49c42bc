/**
 * One sort run of the vocabulary build: lines held as UTF-8 bytes (each ended by `\n`),
 * sorted in JavaScript string order and written without repeats. The build's lines never
 * become strings until the merge reads them back: a build of 10 million names sorts about
 * 60 million lines, and as strings they cost more in garbage collection and in copying to the
 * worker thread than in sorting.
 *
 * Invariants:
 * - The order is JavaScript's (UTF-16 code units), the order lookups compare in: UTF-8 bytes
 *   compare as code points, which differs from UTF-16 only where a character above U+FFFF
 *   (4 bytes, lead F0-F4; a surrogate pair in UTF-16, D800-DFFF) meets one of U+E000-U+FFFF
 *   (lead EE or EF): those lead bytes are ranked after F0-F4. A line that is a prefix of
 *   another comes first.
 * - Equal lines are written once.
 *
 * Both functions run on the worker thread from their source text (externalSort.ts), so they
 * name nothing outside themselves: no module constant, no inner named function (a minified
 * bundle names those through a helper the worker does not have); `sort` and `files` come in
 * as arguments.
 */
import type * as fs from 'node:fs';

/** The lines of `data[0, used)` in order: their start offsets, end offsets (at the `\n`) and the order as line numbers. */
export interface SortedLines {
  starts: Uint32Array;
  ends: Uint32Array;
  order: Uint32Array;
}

/** Sorts the lines of `data[0, used)` (an MSD radix sort on bytes, an insertion sort for small buckets). */
export function sortLines(data: Uint8Array, used: number): SortedLines {
  let n = 0;
  for (let i = 0; i < used; i++) if (data[i] === 10) n++;
  const starts = new Uint32Array(n);
  const ends = new Uint32Array(n);
  for (let i = 0, l = 0, s = 0; i < used; i++) {
    if (data[i] !== 10) continue;
    starts[l] = s;
    ends[l++] = i;
    s = i + 1;
  }
  // A byte's rank: 1 + its value, but EE and EF (U+E000-U+FFFF) after F0-F4 (above U+FFFF); 0: the line has ended.
  // It fits a byte: UTF-8 has no F5-FF (FE and FF would share the last rank).
  const rank = new Uint16Array(256);
  for (let b = 0; b < 256; b++) rank[b] = Math.min(255, b + 1);
  for (let b = 0xf0; b <= 0xf4; b++) rank[b] = b - 1;
  rank[0xee] = 0xf4;
  rank[0xef] = 0xf5;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const spare = new Uint32Array(n);
  // Beside each place in `order`, the ranks of its line's 4 bytes from the last depth that is a
  // multiple of 4 (big end first), moved with it: a radix pass reads these in order, not the
  // line's bytes scattered through the run (one read of a line's bytes per 4 levels, not per level).
  const words = new Uint32Array(n);
  const spareWords = new Uint32Array(n);
  const count = new Int32Array(257);
  const stack: number[] = n > 1 ? [0, n, 0] : [];
  while (stack.length) {
    const depth = stack.pop()!;
    const hi = stack.pop()!;
    const lo = stack.pop()!;
    if (hi - lo <= 24) {
      // Insertion sort from `depth` on (the bucket's lines agree before it).
      for (let i = lo + 1; i < hi; i++) {
        const x = order[i];
        const xs = starts[x] + depth;
        const xe = ends[x];
        let j = i - 1;
        for (; j >= lo; j--) {
          const y = order[j];
          let p = starts[y] + depth;
          const ye = ends[y];
          let q = xs;
          let after = false; // y after x?
          for (;;) {
            if (q === xe) {
              after = p !== ye;
              break;
            }
            if (p === ye) break;
            const d = rank[data[p]] - rank[data[q]];
            if (d !== 0) {
              after = d > 0;
              break;
            }
            p++;
            q++;
          }
          if (!after) break;
          order[j + 1] = y;
        }
        order[j + 1] = x;
      }
      continue;
    }
    const shift = 24 - 8 * (depth & 3);
    if (shift === 24) {
      for (let i = lo; i < hi; i++) {
        const l = order[i];
        const p = starts[l] + depth;
        const e = ends[l];
        words[i] =
          ((p < e ? rank[data[p]] : 0) << 24) |
          ((p + 1 < e ? rank[data[p + 1]] : 0) << 16) |
          ((p + 2 < e ? rank[data[p + 2]] : 0) << 8) |
          (p + 3 < e ? rank[data[p + 3]] : 0);
      }
    }
    count.fill(0);
    for (let i = lo; i < hi; i++) count[((words[i] >>> shift) & 255) + 1]++;
    count[0] = lo;
    for (let b = 1; b < 257; b++) count[b] += count[b - 1];
    // count[r] is now where rank r's bucket starts; rank 0's lines have ended (equal lines).
    for (let b = 1; b < 256; b++) {
      const size = count[b + 1] - count[b];
      if (size > 1) stack.push(count[b], count[b + 1], depth + 1);
    }
    for (let i = lo; i < hi; i++) {
      const w = words[i];
      const at = count[(w >>> shift) & 255]++;
      spare[at] = order[i];
      spareWords[at] = w;
    }
    order.set(spare.subarray(lo, hi), lo);
    words.set(spareWords.subarray(lo, hi), lo);
  }
  return { starts, ends, order };
}

/** Sorts the lines of `data[0, used)` and writes each distinct one to `file`, a line each. */
export function writeRun(files: typeof fs, sort: typeof sortLines, data: Uint8Array, used: number, file: string): void {
  const { starts, ends, order } = sort(data, used);
  const fd = files.openSync(file, 'w');
  try {
    const out = new Uint8Array(1 << 20);
    let o = 0;
    let ps = 0;
    let pe = -1;
    for (let k = 0; k < order.length; k++) {
      const l = order[k];
      const s = starts[l];
      const e = ends[l];
      if (e - s === pe - ps) {
        let same = true;
        for (let i = 0; i < e - s && same; i++) same = data[s + i] === data[ps + i];
        if (same) continue;
      }
      ps = s;
      pe = e;
      if (o + (e - s) + 1 > out.length) {
        files.writeSync(fd, out, 0, o);
        o = 0;
      }
      if (e - s + 1 > out.length) {
        files.writeSync(fd, data, s, e - s + 1);
        continue;
      }
      for (let i = s; i <= e; i++) out[o++] = data[i];
    }
    if (o) files.writeSync(fd, out, 0, o);
  } finally {
    files.closeSync(fd);
  }
}
