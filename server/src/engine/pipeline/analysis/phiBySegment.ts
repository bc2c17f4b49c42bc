/**
 * One version's PHI by segment (the rules of tasks/phi, no model), in segment offsets.
 * Found once for the whole note when first asked whole, so that the tokens, the counts and a
 * hover of one keystroke share one walk; before that, a range finds only the segments it
 * overlaps (a huge note's visible range first). After an edit inside paragraphs the previous
 * version's entries outside the edit window are taken over, moved. Each segment's spans come from the feature
 * cache by text, so an edit runs the rules only on the segments it changed. A huge note's are
 * found in slices (fill), so that no request waits seconds behind the rules.
 *
 * Invariant: the segments are in document order and do not overlap (segment.ts), so a range
 * is found by binary search; an entry is a segment with at least one span.
 */
import { performance } from 'node:perf_hooks';
import { nextSlice } from '../../foreground';
import type { PhiSpan } from '../../tasks/phi/types';

interface Placed {
  start: number;
  end: number;
  text: string;
}

/** A segment's PHI: its start in the document, and its spans in segment offsets. */
export interface SegmentPhi {
  start: number;
  spans: readonly PhiSpan[];
}

type Entry = SegmentPhi & { end: number };

/** The index of the first of `items` (in order, not overlapping) ending after `offset`. */
function firstEndingAfter(items: readonly { end: number }[], offset: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].end <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

interface Window {
  start: number;
  end: number;
  delta: number;
}

/**
 * Two edits' windows as one, from the text before `first` to the text after `second`: what
 * lies before both is as it was, what lies after both moved by both deltas, and the span
 * from the first window's start to the last one's end (in the last text) is found again.
 */
export function composeWindows(first: Window, second: Window): Window {
  const endBetween = Math.max(first.end, second.end - second.delta);
  return { start: Math.min(first.start, second.start), end: endBetween + second.delta, delta: first.delta + second.delta };
}

/** How many segments a slice finds between looks at the clock. */
const CLOCK_EVERY = 16;
/** A slice of the whole note's rules (inSlices): short enough that a request never waits behind it. */
const SLICE_MS = 8;

export class PhiBySegment {
  private whole: Entry[] | undefined;
  /** The whole note's entries found so far in slices (fill), the next segment to look up, and where the last looked up ends. */
  private partial: { entries: Entry[]; next: number; doneEnd: number } | undefined;
  /** The previous version's whole-note entries and the edit since: outside its window they move here (takeOver). */
  private previous: { whole: readonly Entry[]; window: Window } | undefined;

  constructor(
    private readonly segments: () => readonly Placed[],
    private readonly phiOf: (text: string) => readonly PhiSpan[],
  ) {}

  /** The whole note's, when found already (never found here: the status path asks without cost). */
  known(): SegmentPhi[] | undefined {
    return this.whole;
  }

  /**
   * Takes over `before`'s whole-note entries, if found, for an edit inside paragraphs: the
   * segments before the window (new offsets `start`-`end`) are as they were, those after it
   * moved by `delta`, so only the window's are looked up again (a keystroke in a 500 KB note
   * looked up every segment's text). Segments never cross the window's edges (carryOver.ts).
   */
  takeOver(before: PhiBySegment, window: Window): void {
    // What the previous version took over and nobody asked for yet goes on with both edits'
    // windows as one (its segments may already be shifted by this edit: resegment.ts, inPlace).
    if (before.whole) this.previous = { whole: before.whole, window };
    else if (before.previous) this.previous = { whole: before.previous.whole, window: composeWindows(before.previous.window, window) };
    // Half found (typing in a huge note while its PHI is found in slices): this version's fill
    // goes on from where the previous one stopped (resumed), not from the edit.
    else if (before.partial) this.resume = { entries: before.partial.entries, doneEnd: before.partial.doneEnd, window };
    else if (before.resume) this.resume = { ...before.resume, window: composeWindows(before.resume.window, window) };
  }
  /** The previous version's fill, half done, and the edit since (takeOver); made this version's by resumed(). */
  private resume: { entries: Entry[]; doneEnd: number; window: Window } | undefined;

  /**
   * The previous version's half-done fill as this version's: its entries before the window,
   * the window's found again and, when the fill had passed the window, the entries after it
   * moved, the cursor after the last segment it looked up. A fill that stopped inside the
   * window goes on from the window's start.
   */
  private resumed(): { entries: Entry[]; next: number; doneEnd: number } | undefined {
    const r = this.resume;
    this.resume = undefined;
    if (!r) return undefined;
    const w = r.window;
    const oldEnd = w.end - w.delta;
    const segments = this.segments();
    if (r.doneEnd < oldEnd) {
      const upTo = Math.min(r.doneEnd, w.start);
      return { entries: r.entries.slice(0, firstEndingAfter(r.entries, upTo)), next: firstEndingAfter(segments, upTo), doneEnd: upTo };
    }
    const doneEnd = r.doneEnd + w.delta;
    return { entries: this.spliced(r.entries, w), next: firstEndingAfter(segments, doneEnd), doneEnd };
  }

  /** The segments with PHI (those overlapping `range`, when given), in order. */
  of(range?: { start: number; end: number }): SegmentPhi[] {
    if (!range) {
      this.fill(Infinity);
      return this.whole!;
    }
    if (this.whole) {
      const out: SegmentPhi[] = [];
      for (let i = firstEndingAfter(this.whole, range.start); i < this.whole.length && this.whole[i].start < range.end; i++) out.push(this.whole[i]);
      return out;
    }
    const segments = this.segments();
    return this.found(segments, firstEndingAfter(segments, range.start), range.end);
  }

  /**
   * Finds the whole note's entries for about `budgetMs` (a huge note's take seconds: the
   * caller gives the event loop back between slices); true once all are found. The segments
   * before the fill's cursor are found, those after it not yet (soFar).
   */
  fill(budgetMs: number): boolean {
    if (this.whole) return true;
    const carried = this.carried();
    if (carried) {
      this.whole = carried;
      return true;
    }
    const segments = this.segments();
    const p = (this.partial ??= this.resumed() ?? { entries: [], next: 0, doneEnd: 0 });
    const until = performance.now() + budgetMs;
    while (p.next < segments.length) {
      const s = segments[p.next++];
      const spans = this.phiOf(s.text);
      if (spans.length) p.entries.push({ start: s.start, end: s.end, spans });
      p.doneEnd = s.end;
      if (p.next % CLOCK_EVERY === 0 && performance.now() > until) return false;
    }
    this.whole = p.entries;
    this.partial = undefined;
    return true;
  }

  /**
   * The whole note's entries found so far: all once fill is done, else those before its
   * cursor. With `slice`, one slice is found first when no fill has begun (all of an
   * ordinary note's); a fill taken over from the previous version is only resumed, its
   * slices left to inSlices, so that a keystroke's requests never wait behind them.
   */
  soFar(slice = false): SegmentPhi[] {
    if (this.whole) return this.whole;
    if (this.resume && !this.partial) this.partial = this.resumed();
    if (slice && !this.partial) this.fill(SLICE_MS);
    return this.whole ?? this.partial?.entries ?? [];
  }

  /** The whole note's entries, found in slices with the event loop free between them (the first too), each after the editor's waiting requests (foreground.ts); undefined if `gone()` first. */
  inSlices(gone: () => boolean): Promise<SegmentPhi[] | undefined> {
    return (this.slicing ??= new Promise((resolve) => {
      const slice = () => {
        if (gone()) resolve(undefined);
        else if (this.fill(SLICE_MS)) resolve(this.of());
        else nextSlice(slice);
      };
      if (this.whole) resolve(this.whole);
      else nextSlice(slice);
    }));
  }
  private slicing: Promise<SegmentPhi[] | undefined> | undefined;

  /** The whole note's entries from the previous version's and the window's segments, or undefined without them. */
  private carried(): Entry[] | undefined {
    const p = this.previous;
    this.previous = undefined;
    if (!p) return undefined;
    return this.spliced(p.whole, p.window);
  }

  /**
   * The previous version's `entries` (found at least past the window's old end) across the
   * edit `w`: those before the window as they were, the window's segments found again, those
   * after it (old offsets from its old end: the same texts) moved by its delta.
   */
  private spliced(entries: readonly Entry[], w: Window): Entry[] {
    const oldEnd = w.end - w.delta;
    const segments = this.segments();
    const out = entries.slice(0, firstEndingAfter(entries, w.start));
    out.push(...this.found(segments, firstEndingAfter(segments, w.start), w.end));
    for (let i = firstEndingAfter(entries, oldEnd); i < entries.length; i++) {
      const e = entries[i];
      if (e.start < oldEnd) continue;
      out.push(w.delta === 0 ? e : { start: e.start + w.delta, end: e.end + w.delta, spans: e.spans });
    }
    return out;
  }

  private found(segments: readonly Placed[], from: number, before: number): Entry[] {
    const out: Entry[] = [];
    for (let i = from; i < segments.length && segments[i].start < before; i++) {
      const s = segments[i];
      const spans = this.phiOf(s.text);
      if (spans.length) out.push({ start: s.start, end: s.end, spans });
    }
    return out;
  }
}
