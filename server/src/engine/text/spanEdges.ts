/**
 * A model's mention without what its answer carried at the edges and no entity holds. A
 * model names "+cough" where the note writes "+cough" (the sign says the finding is there),
 * tags the emoji after "pneumonia🧪" or a zero-width space as part of the entity, or takes the
 * comma or colon after a word. The highlight, the hover and every export would show those
 * characters as part of the entity; the span is cut back to the entity itself, and a span
 * with nothing left is no mention.
 *
 * Kept: what names hold at their edges, "Ca2+", "Na+/K+", "x-ray", "(CT)", "100%", "p.o.", "Dr.",
 * "Crohn's"; a bracket or quote whose partner is inside the span.
 */

/** Cut at either edge: spaces, invisible format characters, pictographs and their modifiers. */
const EITHER_EDGE = /^[\s\p{Cf}\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0E\uFE0F\u20E3]$/u;
/** Cut at the start: a sign or bullet before a finding, list and clause punctuation. */
const START_ONLY = /^[+#•·‣◦▪►>~=,;:!?.\-\u2013\u2014]$/u;
/** Cut at the end: list and clause punctuation, a bullet ("+" is kept: "Ca2+"; a full stop after a whole word goes, see sentenceStop). */
const END_ONLY = /^[•·,;:!?\u2013\u2014]$/u;
const PAIRS: Record<string, string> = { '(': ')', '[': ']', '{': '}', '"': '"', '\u201C': '\u201D', '\u2018': '\u2019', "'": "'" };
const CLOSERS: Record<string, string> = Object.fromEntries(Object.entries(PAIRS).map(([open, close]) => [close, open]));

/** The first code point at `at` and its length in UTF-16 units. */
function codePointAt(text: string, at: number): string {
  return String.fromCodePoint(text.codePointAt(at)!);
}

/** The last code point before `end`. */
function codePointBefore(text: string, end: number): string {
  const low = text.charCodeAt(end - 1);
  return low >= 0xdc00 && low <= 0xdfff && end >= 2 ? text.slice(end - 2, end) : text[end - 1];
}

/** Whether an opening character at the span's start has no partner after it inside the span. */
function unpairedOpener(text: string, start: number, end: number, ch: string): boolean {
  const close = PAIRS[ch];
  return close !== undefined && !text.slice(start + 1, end).includes(close);
}

/** Whether a closing character at the span's end has no partner before it inside the span. */
function unpairedCloser(text: string, start: number, end: number, ch: string): boolean {
  const open = CLOSERS[ch];
  return open !== undefined && !text.slice(start, end - ch.length).includes(open);
}

/** A sign in brackets before a finding: "(+) cough", "(-) fever". */
const SIGN_GROUP = /^\([+\-\u2212]\)/;

/** A full stop after a whole word of three letters or more ("pneumonia."), not an abbreviation's ("p.o.", "Dr."). */
function sentenceStop(text: string, start: number, end: number): boolean {
  return text.charCodeAt(end - 1) === 0x2e && /(?:^|[^\p{L}.])\p{L}{3,}$/u.test(text.slice(start, end - 1));
}

/** The span [start, end) of `text` without the characters above at its edges, or undefined when none is left. */
export function trimSpan(text: string, start: number, end: number): { start: number; end: number } | undefined {
  for (let changed = true; changed && start < end;) {
    changed = false;
    const sign = SIGN_GROUP.exec(text.slice(start, Math.min(end, start + 3)));
    if (sign) {
      start += sign[0].length;
      changed = true;
      continue;
    }
    const first = codePointAt(text, start);
    if (EITHER_EDGE.test(first) || START_ONLY.test(first) || (PAIRS[first] !== undefined && unpairedOpener(text, start, end, first))) {
      start += first.length;
      changed = true;
      continue;
    }
    const last = codePointBefore(text, end);
    if (
      EITHER_EDGE.test(last) ||
      END_ONLY.test(last) ||
      (CLOSERS[last] !== undefined && unpairedCloser(text, start, end, last)) ||
      sentenceStop(text, start, end)
    ) {
      end -= last.length;
      changed = true;
    }
  }
  return start < end ? { start, end } : undefined;
}
