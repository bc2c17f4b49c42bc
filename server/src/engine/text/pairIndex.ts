/**
 * Whether a text holds a string, asked many times of one text (the PHI rules look for their
 * cue words before their patterns): a table of the pairs of characters the text holds answers
 * "no" for most strings without reading the text; `includes` decides the rest.
 *
 * Invariants: `holds(text, s)` is `text.includes(s)` for every text and string (a pair's slot
 * may be shared by other pairs, which only sends more strings to `includes`). The table is
 * that of the last text asked about, reused from text to text (a generation stamp marks what
 * is current), so that indexing a short note costs no more than reading it.
 */
const SLOTS = 1 << 16;
const stamp = new Int32Array(SLOTS);
let generation = 0;
let current: string | undefined;

const slot = (a: number, b: number) => (Math.imul(a, 0x9e3779b1) ^ b) & (SLOTS - 1);

function index(text: string): void {
  if (generation === 0x7fffffff) {
    stamp.fill(0);
    generation = 0;
  }
  generation++;
  for (let i = 0; i + 1 < text.length; i++) stamp[slot(text.charCodeAt(i), text.charCodeAt(i + 1))] = generation;
  current = text;
}

/** `text.includes(s)`, most often answered from the text's pairs of characters. */
export function holds(text: string, s: string): boolean {
  if (current !== text) index(text);
  for (let i = 0; i + 1 < s.length; i++) if (stamp[slot(s.charCodeAt(i), s.charCodeAt(i + 1))] !== generation) return false;
  return text.includes(s);
}
