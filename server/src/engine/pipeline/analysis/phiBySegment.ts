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

/** How many segments a slice finds between looks at the clock. */
const CLOCK_EVERY = 16;
/** A slice of the whole note's rules (inSlices): short enough that a request never waits behind it. */
const SLICE_MS = 8;

export class PhiBySegment {
  private whole: Entry[] | undefined;
  /** The whole note's entries found so far in slices (fill), the next segment to look up, and where the last looked up ends. */
  private partial: { entries: Entry[]; next: number; doneEnd: number } | undefined;
  /** The previous version's whole-note entries and the edit since: outside its window they move here (takeOver). */
  private previous: { whole: readonly Entry[]; window: { start: number; end: number; delta: number } } | undefined;

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
  takeOver(before: PhiBySegment, window: { start: number; end: number; delta: number }): void {
    if (before.whole) this.previous = { whole: before.whole, window };
    // Half found (typing in a huge note while its PHI is found in slices): what was found before
    // the edit stays, and this version's fill goes on from there.
    else if (before.partial) {
      const upTo = Math.min(before.partial.doneEnd, window.start);
      const entries = before.partial.entries;
      this.partial = { entries: entries.slice(0, firstEndingAfter(entries, upTo)), next: firstEndingAfter(this.segments(), upTo), doneEnd: upTo };
    }
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
    const p = (this.partial ??= { entries: [], next: 0, doneEnd: 0 });
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

  /** The whole note's entries found so far (after one more slice, with `slice`): all once fill is done, else those before its cursor. */
  soFar(slice = false): SegmentPhi[] {
    if (slice) this.fill(SLICE_MS);
    return this.whole ?? this.partial?.entries ?? [];
  }

  /** The whole note's entries, found in slices with the event loop free between them; undefined if `gone()` first. */
  inSlices(gone: () => boolean): Promise<SegmentPhi[] | undefined> {
    return (this.slicing ??= new Promise((resolve) => {
      const slice = () => {
        if (gone()) resolve(undefined);
        else if (this.fill(SLICE_MS)) resolve(this.of());
        else setImmediate(slice);
      };
      slice();
    }));
  }
  private slicing: Promise<SegmentPhi[] | undefined> | undefined;

  /** The whole note's entries from the previous version's and the window's segments, or undefined without them. */
  private carried(): Entry[] | undefined {
    const p = this.previous;
    this.previous = undefined;
    if (!p) return undefined;
    const { whole, window: w } = p;
    const out = whole.slice(0, firstEndingAfter(whole, w.start));
    const segments = this.segments();
    out.push(...this.found(segments, firstEndingAfter(segments, w.start), w.end));
    // After the window (old offsets from its old end): the same texts, moved.
    for (let i = firstEndingAfter(whole, w.end - w.delta); i < whole.length; i++) {
      const e = whole[i];
      if (e.start < w.end - w.delta) continue;
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
