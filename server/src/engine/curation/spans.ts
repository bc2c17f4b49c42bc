/**
 * Spans of a note's text and how they follow its edits: the geometry the curation store
 * (store.ts) moves its entities, rejections and notes by.
 */
export interface Span {
  start: number;
  end: number;
}

/** One change of the text: [start, end) of the old text replaced by `length` new code units. */
export interface TextChange {
  start: number;
  end: number;
  length: number;
}

/**
 * Where a boundary goes when [start, end) is replaced by `length` units. A start inside the
 * replaced range moves to its beginning and an end inside it to the end of the new text, so
 * text typed over part of an entity becomes part of it; text inserted exactly at an entity's
 * start or end stays outside.
 */
export function mapSpan(s: Span, c: TextChange): Span | undefined {
  const delta = c.length - (c.end - c.start);
  // The whole entity replaced or deleted: none of its text is left.
  if (c.start <= s.start && c.end >= s.end && c.end > c.start) return undefined;
  const start = s.start < c.start ? s.start : s.start >= c.end ? s.start + delta : c.start;
  const end = s.end <= c.start ? s.end : s.end > c.end ? s.end + delta : c.start + c.length;
  return end > start ? { start, end } : undefined;
}

export const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
export const same = (a: Span, b: Span) => a.start === b.start && a.end === b.end;

/** Where `text` occurs in `note` nearest to `near`, or undefined. */
export function nearest(note: string, text: string, near: number): number | undefined {
  let best: number | undefined;
  for (let i = note.indexOf(text); i >= 0; i = note.indexOf(text, i + 1)) {
    if (best === undefined || Math.abs(i - near) < Math.abs(best - near)) best = i;
  }
  return best;
}
