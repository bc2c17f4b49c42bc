/**
 * Segmentation of a new version of a text from the segmentation of the previous one: only
 * the paragraphs an edit touched are segmented again; the segments before them are kept
 * and those after them are shifted, their text strings shared. The result is always what
 * `segment(text)` gives (a property test checks it on random edits): where the edit could
 * change more than its paragraphs — a header added or removed changes the section of
 * everything below it — the whole text is segmented. The first paragraph is segmented again
 * as the text's start (its first line may be a title).
 */
import { isWs, segment, Segment, SegmentOptions } from './segment';

/**
 * A copy of `s` that does not point into the document it was sliced from. V8 keeps a slice
 * as a view of its parent string, so a sentence text kept in a cache (or in an answer's
 * mention texts) would keep the whole version of the note it came from alive; prefixing a
 * character and slicing it off again yields a string of its own.
 */
export function ownText(s: string): string {
  return (' ' + s).slice(1);
}

/** The segments with texts of their own (see ownText). */
export function withOwnTexts(segments: Segment[]): Segment[] {
  for (const s of segments) s.text = ownText(s.text);
  return segments;
}

/**
 * What an edit changed, as one replacement: [start, end) of `before` became `length`
 * characters (the text between the common prefix and the common suffix).
 */
export function changedSpan(before: string, after: string): { start: number; end: number; length: number } {
  const limit = Math.min(before.length, after.length);
  // Whole blocks first: comparing two slices is a memory comparison, many times faster
  // than a loop over characters, and a note of 500,000 characters is compared per keystroke.
  let p = 0;
  while (p + BLOCK <= limit && before.slice(p, p + BLOCK) === after.slice(p, p + BLOCK)) p += BLOCK;
  while (p < limit && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  let q = 0;
  const room = limit - p;
  while (q + BLOCK <= room && before.slice(before.length - q - BLOCK, before.length - q) === after.slice(after.length - q - BLOCK, after.length - q))
    q += BLOCK;
  while (q < room && before.charCodeAt(before.length - 1 - q) === after.charCodeAt(after.length - 1 - q)) q++;
  return { start: p, end: before.length - q, length: after.length - q - p };
}

const BLOCK = 1024;

export interface Segmented {
  text: string;
  segments: readonly Segment[];
}

/** segment.ts's whitespace (what String.prototype.trim() removes), minus the line feed. */
function isBlankLineChar(c: number): boolean {
  return c !== 0x0a && isWs(c);
}

/** Whether the line [from, the next "\n") holds only whitespace, and where it ends. */
function blankLine(text: string, from: number): { blank: boolean; end: number } {
  let i = from;
  while (i < text.length && text.charCodeAt(i) !== 0x0a) {
    if (!isBlankLineChar(text.charCodeAt(i))) {
      const end = text.indexOf('\n', i);
      return { blank: false, end: end < 0 ? text.length : end };
    }
    i++;
  }
  return { blank: true, end: i };
}

/** The start of the line after the last blank line that ends before `offset`, or -1. */
function paragraphStart(text: string, offset: number): number {
  // Walk back line by line from the line holding `offset`.
  // (lastIndexOf clamps a negative position to 0, where a line feed would be found.)
  let lineStart = offset > 0 ? text.lastIndexOf('\n', offset - 1) + 1 : 0;
  while (lineStart > 0) {
    // (lastIndexOf clamps a negative position to 0: the first line needs no search.)
    const prevStart = lineStart >= 2 ? text.lastIndexOf('\n', lineStart - 2) + 1 : 0;
    if (blankLine(text, prevStart).blank) return lineStart;
    lineStart = prevStart;
  }
  return -1;
}

/** The start of the first blank line that begins at or after the line holding `offset`, or -1. */
function paragraphEnd(text: string, offset: number): number {
  // The line holding the edit's end belongs to the paragraph; look from the next one on.
  let end = text.indexOf('\n', offset);
  while (end >= 0) {
    const lineStart = end + 1;
    const line = blankLine(text, lineStart);
    if (line.blank) return lineStart;
    end = line.end < text.length ? line.end : -1;
  }
  return -1;
}

/**
 * The paragraphs segmented again: new-text offsets [start, end), how far what follows
 * moved (`delta`), and how many of the kept segments after it are sentences (the same
 * segments, in the same order, as at the end of the previous segmentation).
 */
export interface EditWindow {
  start: number;
  end: number;
  delta: number;
  sentencesAfter: number;
}

export function resegment(previous: Segmented, text: string, options: SegmentOptions = {}): Segment[] {
  return resegmentEdit(previous, text, options).segments;
}

/**
 * `resegment`, and the window it segmented again: new-text offsets [start, end), and how
 * far what follows moved (`delta`). Everything outside the window is as it was, offsets
 * after it shifted by `delta`; `window` is undefined when the whole text was segmented.
 */
export function resegmentEdit(
  previous: Segmented,
  text: string,
  options: SegmentOptions = {},
  /**
   * The previous segmentation is given up: the segments after the window are shifted where
   * they are instead of copied, so an edit allocates only for what it segmented again.
   */
  inPlace = false,
): { segments: Segment[]; window?: EditWindow } {
  const whole = () => ({ segments: withOwnTexts(segment(text, options)) });
  const old = previous.text;
  if (old === text) return { segments: [...previous.segments], window: { start: text.length, end: text.length, delta: 0, sentencesAfter: 0 } };
  const { start: p, end: oldEnd } = changedSpan(old, text);
  const q = old.length - oldEnd;
  const delta = text.length - old.length;
  // An edit in the first paragraph segments it again as the text's start (its first line may
  // be a title), and keeps what follows it like any other edit.
  const a = Math.max(0, paragraphStart(text, p));
  const found = paragraphEnd(text, text.length - q);
  const b = found < 0 ? text.length : found;
  const bOld = b - delta;
  const before: Segment[] = [];
  const after: Segment[] = [];
  /** The section in effect at the window's end before the edit. */
  let sectionAtEnd = options.initialSection ?? '';
  for (const s of previous.segments) {
    if (s.end <= a) before.push(s);
    else if (s.start >= bOld) after.push(s);
    // A segment the window replaces: if it was a header, sections below may change.
    else if (s.kind === 'header') return whole();
    else sectionAtEnd = s.section;
  }
  const section = before.length ? before[before.length - 1].section : '';
  const middle = withOwnTexts(segment(text.slice(a, b), a === 0 ? options : { ...options, initialSection: section, notDocumentStart: true }));
  if (middle.some((s) => s.kind === 'header')) return whole();
  // At the text's start a title names the section of what follows: a changed title changes it.
  if (a === 0 && (middle.length ? middle[middle.length - 1].section : (options.initialSection ?? '')) !== sectionAtEnd) return whole();
  const out: Segment[] = before;
  for (const s of middle) out.push({ ...s, start: s.start + a, end: s.end + a });
  let sentencesAfter = 0;
  for (const s of after) {
    if (s.kind === 'sentence') sentencesAfter++;
    if (inPlace) {
      s.start += delta;
      s.end += delta;
      out.push(s);
    } else out.push({ ...s, start: s.start + delta, end: s.end + delta });
  }
  return { segments: out, window: { start: a, end: b, delta, sentencesAfter } };
}
