/**
 * Segmentation of a new version of a text from the segmentation of the previous one: only
 * the paragraphs an edit touched are segmented again; the segments before them are kept
 * and those after them are shifted, their text strings shared. The result is always what
 * `segment(text)` gives (a property test checks it on random edits): where the edit could
 * change more than its paragraphs — a header added, removed or renamed changes the section
 * of what follows, up to the next header — the paragraphs after it are segmented again until
 * the section is what it was. The first paragraph is segmented again as the text's start
 * (its first line may be a title).
 */
import { commonEnds } from './commonEnds';
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
  const { prefix: p, suffix: q } = commonEnds(before, after);
  return { start: p, end: before.length - q, length: after.length - q - p };
}

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

/** Calls of the segmenter and the characters it was given (tests count them: an edit costs what it changed). */
export const resegmentStats = { calls: 0, segmentedChars: 0 };

/** The first of `segs` (from `lo`) that ends after `offset` (`key` 'end'), or starts at or after it ('start'). */
function firstAt(segs: readonly Segment[], offset: number, key: 'start' | 'end', lo = 0): number {
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key === 'end' ? segs[mid].end <= offset : segs[mid].start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `resegment`, and the window it segmented again: new-text offsets [start, end), and how
 * far what follows moved (`delta`). Everything outside the window is as it was, offsets
 * after it shifted by `delta`. The segmenter's only state at a paragraph boundary is the
 * section in effect, so the window is the edited paragraphs, widened while the section at
 * its end differs from what it was there (a header added, removed or renamed changes the
 * section, and so the split, of what follows up to the next header): a header edit costs its
 * section, a keystroke its paragraph, never the whole note.
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
  const old = previous.text;
  const segs = previous.segments;
  if (old === text) return { segments: [...segs], window: { start: text.length, end: text.length, delta: 0, sentencesAfter: 0 } };
  const { start: p, end: oldEnd } = changedSpan(old, text);
  const q = old.length - oldEnd;
  const delta = text.length - old.length;
  const initial = options.initialSection ?? '';
  // The segments before the paragraphs the edit touched are kept (they end at or before `a`);
  // with none before them the window starts at the text's start (its first line may be a title).
  let a = Math.max(0, paragraphStart(text, p));
  const i0 = firstAt(segs, a, 'end');
  if (i0 === 0) a = 0;
  const found = paragraphEnd(text, text.length - q);
  let b = found < 0 ? text.length : found;
  const sectionBefore = i0 > 0 ? segs[i0 - 1].section : initial;
  const middle: Segment[] = [];
  /** Segments [from, to) of the new text, in `section`; the first segment of the text may be a title. */
  const segmentSpan = (from: number, to: number, section: string) => {
    const opts = i0 === 0 && middle.length === 0 ? options : { ...options, initialSection: section, notDocumentStart: true };
    resegmentStats.calls++;
    resegmentStats.segmentedChars += to - from;
    for (const s of withOwnTexts(segment(text.slice(from, to), opts))) middle.push({ ...s, start: s.start + from, end: s.end + from });
  };
  segmentSpan(a, b, sectionBefore);
  // The first old segment after the window: it starts at or after the window's end, before the edit.
  let i1 = firstAt(segs, b - delta, 'start', i0);
  for (;;) {
    const now = middle.length ? middle[middle.length - 1].section : sectionBefore;
    const then = i1 > 0 ? segs[i1 - 1].section : initial;
    if (now === then || b >= text.length) break;
    // The section differs: what follows is segmented again up to the paragraph of the next
    // old header (where the sections may meet again), and compared there.
    let h = i1;
    while (h < segs.length && segs[h].kind !== 'header') h++;
    const next = h < segs.length ? paragraphEnd(text, Math.max(b, segs[h].start + delta)) : -1;
    const to = next < 0 || next <= b ? text.length : next;
    segmentSpan(b, to, now);
    b = to;
    i1 = firstAt(segs, b - delta, 'start', i1);
  }
  const out: Segment[] = segs.slice(0, i0);
  for (const s of middle) out.push(s);
  let sentencesAfter = 0;
  for (let i = i1; i < segs.length; i++) {
    const s = segs[i];
    if (s.kind === 'sentence') sentencesAfter++;
    if (inPlace) {
      s.start += delta;
      s.end += delta;
      out.push(s);
    } else out.push({ ...s, start: s.start + delta, end: s.end + delta });
  }
  return { segments: out, window: { start: a, end: b, delta, sentencesAfter } };
}
