/**
 * The two steps of a binary heap kept in an array, for any order: `before(a, b)` is true when
 * `a` belongs nearer the root. The scheduler's queue and the approximate search's best texts
 * each keep one (the vocabulary build's merge plays a tournament instead: externalSort.ts).
 */

/** Moves item `i` up to its place (after a push). */
export function siftUp<T>(heap: T[], i: number, before: (a: T, b: T) => boolean): void {
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!before(heap[i], heap[parent])) return;
    [heap[i], heap[parent]] = [heap[parent], heap[i]];
    i = parent;
  }
}

/** Moves item `i` down to its place (after the root was replaced). */
export function siftDown<T>(heap: T[], i: number, before: (a: T, b: T) => boolean): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let first = i;
    if (l < heap.length && before(heap[l], heap[first])) first = l;
    if (r < heap.length && before(heap[r], heap[first])) first = r;
    if (first === i) return;
    [heap[i], heap[first]] = [heap[first], heap[i]];
    i = first;
  }
}
