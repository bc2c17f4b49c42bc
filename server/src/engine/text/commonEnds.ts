/**
 * How much two versions of a note share at their start and at their end: what an edit left
 * alone. Compared in blocks of 64 K characters that halve at the first block that differs,
 * then character by character: comparing two slices is a memory comparison, so a keystroke
 * in a note of millions of characters costs a few dozen slices, not a loop over every
 * character (nor one slice per kilobyte).
 */

const LARGEST = 1 << 16;
const SMALLEST = 64;

/** The length of the start `a` and `b` share, at most `max`. */
export function commonPrefixLength(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let p = 0;
  for (let block = LARGEST; block >= SMALLEST; block >>= 1) while (p + block <= max && a.slice(p, p + block) === b.slice(p, p + block)) p += block;
  while (p < max && a.charCodeAt(p) === b.charCodeAt(p)) p++;
  return p;
}

/** The length of the end `a` and `b` share, at most `max`. */
export function commonSuffixLength(a: string, b: string, max = Math.min(a.length, b.length)): number {
  let q = 0;
  for (let block = LARGEST; block >= SMALLEST; block >>= 1)
    while (q + block <= max && a.slice(a.length - q - block, a.length - q) === b.slice(b.length - q - block, b.length - q)) q += block;
  while (q < max && a.charCodeAt(a.length - 1 - q) === b.charCodeAt(b.length - 1 - q)) q++;
  return q;
}

/** The start and the end two versions share: the end counted only in what the start leaves (they never overlap). */
export function commonEnds(a: string, b: string): { prefix: number; suffix: number } {
  const prefix = commonPrefixLength(a, b);
  return { prefix, suffix: commonSuffixLength(a, b, Math.min(a.length, b.length) - prefix) };
}
