/**
 * The bookkeeping of an approximate search over a large vocabulary, in typed arrays reused
 * from one search to the next: a common query touches hundreds of thousands of texts, and a
 * JavaScript array of them (or an object per text) each time left the process's memory far
 * above what it holds between searches.
 */
import { siftDown, siftUp } from '../../heap';

/** Text numbers in one growing Int32Array: the texts a search touched. */
export class TextList {
  private items = new Int32Array(1024);
  length = 0;

  push(t: number): void {
    if (this.length === this.items.length) {
      const more = new Int32Array(this.items.length * 2);
      more.set(this.items);
      this.items = more;
    }
    this.items[this.length++] = t;
  }

  at(i: number): number {
    return this.items[i];
  }

  clear(): void {
    this.length = 0;
  }
}

export interface ScoredText {
  t: number;
  score: number;
}

/**
 * The `n` listed texts of the best coarse Dice (2 * shared / (query's + text's trigrams)),
 * best first and ties by text number, among those sharing at least half as many trigrams as
 * the best: a bounded heap, so memory is `n` whatever the number touched.
 */
export function bestTexts(list: TextList, counts: Uint8Array, textGrams: Uint8Array, querySize: number, n: number): ScoredText[] {
  let most = 0;
  for (let i = 0; i < list.length; i++) if (counts[list.at(i)] > most) most = counts[list.at(i)];
  const floor = Math.max(1, most >> 1);
  // A min-heap on (score, then larger text number): its root is the worst kept.
  const heap: ScoredText[] = [];
  const worse = (a: ScoredText, b: ScoredText) => a.score < b.score || (a.score === b.score && a.t > b.t);
  for (let i = 0; i < list.length && n > 0; i++) {
    const t = list.at(i);
    if (counts[t] < floor) continue;
    const item = { t, score: (2 * counts[t]) / (querySize + textGrams[t]) };
    if (heap.length < n) {
      heap.push(item);
      siftUp(heap, heap.length - 1, worse);
    } else if (worse(heap[0], item)) {
      heap[0] = item;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((a, b) => b.score - a.score || a.t - b.t);
}
