/**
 * The approximate texts' trigram sections of a `.vocab` (fileLayout.ts `textGrams`, `postings`,
 * `grams`): per text, in the merge's order, its count of distinct trigrams (grams.ts
 * `trigrams`: the text padded with a space each side, UTF-16 code units) and its number
 * appended to each of its trigrams' lists; at the end the counts, the lists (a list longer
 * than the cap keeps its count, not its texts) and the trigram directory, written at a given
 * file position.
 *
 * Both functions run on a worker thread from their source text (gramPostings.ts), as
 * runSort.ts's do, so they name nothing outside themselves: no module constant, no import,
 * no inner named function (a minified bundle names those through a helper the worker lacks);
 * the file system comes in as an argument.
 */
import type * as fs from 'node:fs';

/** The trigram index as it is gathered: `counts[t]` for text t, and per trigram its list. */
export interface GramState {
  counts: Uint8Array;
  texts: number;
  /** Per trigram: its texts as ascending varint deltas, the last text added, and how many. */
  lists: Map<string, { bytes: Uint8Array; used: number; last: number; count: number }>;
}

/** Adds `texts` as the next texts, in order. */
export function addTextGrams(state: GramState, texts: readonly string[]): void {
  const lists = state.lists;
  for (const text of texts) {
    const t = state.texts++;
    if (t === state.counts.length) {
      const bigger = new Uint8Array(2 * state.counts.length);
      bigger.set(state.counts);
      state.counts = bigger;
    }
    const padded = ` ${text} `;
    let distinct = 0;
    for (let i = 0; i + 3 <= padded.length; i++) {
      const gram = padded.slice(i, i + 3);
      let list = lists.get(gram);
      if (!list) lists.set(gram, (list = { bytes: new Uint8Array(8), used: 0, last: 0, count: 0 }));
      // A list whose last text is this one already holds the trigram (a text's trigrams count once).
      else if (list.count > 0 && list.last === t) continue;
      distinct++;
      if (list.used + 10 > list.bytes.length) {
        const bigger = new Uint8Array(2 * list.bytes.length);
        bigger.set(list.bytes.subarray(0, list.used));
        list.bytes = bigger;
      }
      let n = t - list.last;
      let at = list.used;
      while (n >= 0x80) {
        list.bytes[at++] = (n % 0x80) | 0x80;
        n = Math.floor(n / 0x80);
      }
      list.bytes[at++] = n;
      list.used = at;
      list.last = t;
      list.count++;
    }
    state.counts[t] = Math.min(255, distinct);
  }
}

/**
 * Writes the counts, then the kept lists (trigrams in string order), then the directory (per
 * trigram its UTF-8 bytes, count, offset in the lists and length, 0 when capped) to `fd` from
 * `position`; returns the three sections' lengths.
 */
export function writeTextGrams(
  files: typeof fs,
  state: GramState,
  cap: number,
  fd: number,
  position: number,
): { counts: number; postings: number; directory: number } {
  let at = position;
  const counts = state.texts;
  for (let done = 0; done < counts;) done += files.writeSync(fd, state.counts, done, counts - done, at + done);
  at += counts;
  const grams = [...state.lists.keys()].sort();
  // The lists go out through `out`; the directory is gathered in `dir` and written after them.
  let out = new Uint8Array(1 << 20);
  let used = 0;
  let dir = new Uint8Array(1 << 16);
  let dirUsed = 0;
  const postingsAt = at;
  let offset = 0;
  for (const g of grams) {
    const list = state.lists.get(g)!;
    const keep = list.count <= cap;
    if (keep) {
      if (used + list.used > out.length) {
        for (let done = 0; done < used;) done += files.writeSync(fd, out, done, used - done, at + done);
        at += used;
        used = 0;
        if (list.used > out.length) out = new Uint8Array(list.used);
      }
      out.set(list.bytes.subarray(0, list.used), used);
      used += list.used;
    }
    const bytes = Buffer.from(g, 'utf8');
    if (dirUsed + bytes.length + 40 > dir.length) {
      const bigger = new Uint8Array(2 * dir.length + bytes.length + 40);
      bigger.set(dir.subarray(0, dirUsed));
      dir = bigger;
    }
    const fields = [bytes.length, -1, list.count, offset, keep ? list.used : 0];
    for (const field of fields) {
      if (field < 0) {
        dir.set(bytes, dirUsed);
        dirUsed += bytes.length;
        continue;
      }
      let n = field;
      while (n >= 0x80) {
        dir[dirUsed++] = (n % 0x80) | 0x80;
        n = Math.floor(n / 0x80);
      }
      dir[dirUsed++] = n;
    }
    if (keep) offset += list.used;
  }
  for (let done = 0; done < used;) done += files.writeSync(fd, out, done, used - done, at + done);
  at += used;
  for (let done = 0; done < dirUsed;) done += files.writeSync(fd, dir, done, dirUsed - done, at + done);
  return { counts, postings: at - postingsAt, directory: dirUsed };
}
