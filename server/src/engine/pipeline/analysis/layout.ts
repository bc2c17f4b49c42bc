/**
 * Where things are in one version: its sentences and relation units, and the look-ups
 * the views and the next version make (by offset, by text, by span). Units are set once
 * carry-over has found them; after that the layout does not change.
 */
import { REFERENCE_REACH } from '../../tasks/references';
import { RelationUnit, unitOfSentences } from '../../tasks/relations';
import type { Segment } from '../../text/segment';
import { SentenceIndex, UnitIndex, unitIndex } from './indexes';

export class Layout {
  /**
   * Spans relations are sought in: first the sentences and whole numbered/bulleted list
   * items (in document order, `spanUnits` of them), then the windows across sentences.
   */
  units: RelationUnit[] = [];
  spanUnits = 0;
  /** Per sentence, the index of its sentence or list-item unit. */
  unitOfSentence: UnitIndex[] = [];
  private sentenceIndex: Map<string, SentenceIndex> | undefined;
  private unitIndex: Map<string, UnitIndex> | undefined;
  private unitsByStart: Map<number, UnitIndex[]> | undefined;

  constructor(
    readonly text: string,
    readonly sentences: Segment[],
    /** How many sentences apart relation windows reach (0: none). */
    readonly sentenceWindow: number,
  ) {}

  /** Whether some window is a reference window (it reaches further back than sentenceWindow). */
  hasReferences = false;

  /**
   * This version's units, the sentence and list-item units first. With `kept` (a keystroke that
   * kept every sentence and span unit where it was), the previous version's sentence-to-unit
   * array is taken and only the window's sentences and span units [from, to) written again.
   */
  setUnits(units: RelationUnit[], spanUnits: number, kept?: { unitOfSentence: UnitIndex[]; sentences: [number, number]; from: number; to: number }): void {
    this.units = units;
    this.spanUnits = spanUnits;
    if (kept) {
      this.unitOfSentence = kept.unitOfSentence;
      // (The window's sentences first forget their unit: one in no span unit now keeps none.)
      for (let s = kept.sentences[0]; s < kept.sentences[1]; s++) (this.unitOfSentence as (UnitIndex | undefined)[])[s] = undefined;
      for (let u = kept.from; u < kept.to; u++) for (const s of units[u].sentences) this.unitOfSentence[s] = u as UnitIndex;
    } else this.unitOfSentence = unitOfSentences(units, spanUnits) as UnitIndex[];
    this.hasReferences = false;
    for (let u = spanUnits; u < units.length && !this.hasReferences; u++) this.hasReferences = !!units[u].refers;
  }

  /** The index of this version's sentence with `s`'s text and section, if any (for the next version). */
  sentenceAt(s: Segment): SentenceIndex | undefined {
    const at = this.sentenceOfText(s.text);
    // The section decides assertion status: the same words under another header are new work.
    return at !== undefined && this.sentences[at].section === s.section ? at : undefined;
  }

  /** The index of this version's first sentence with `text`, if any. */
  sentenceOfText(text: string): SentenceIndex | undefined {
    if (!this.sentenceIndex) {
      const index = (this.sentenceIndex = new Map());
      this.sentences.forEach((x, i) => {
        if (!index.has(x.text)) index.set(x.text, i as SentenceIndex);
      });
    }
    return this.sentenceIndex.get(text);
  }

  /** The index of this version's planned unit at exactly [start, end) (for the next version). */
  unitAtSpan(start: number, end: number, across: boolean, planned: (u: UnitIndex) => boolean): UnitIndex | undefined {
    if (!this.unitsByStart) {
      const byStart = (this.unitsByStart = new Map());
      this.units.forEach((u, i) => {
        if (!planned(unitIndex(i))) return;
        const list = byStart.get(u.start);
        if (list) list.push(unitIndex(i));
        else byStart.set(u.start, [unitIndex(i)]);
      });
    }
    return this.unitsByStart.get(start)?.find((i) => this.units[i].end === end && !!this.units[i].across === across);
  }

  /** The index of this version's planned unit of key `key` (see unitKey), if any (for the next version). */
  unitAt(key: string, planned: (u: UnitIndex) => boolean): UnitIndex | undefined {
    if (!this.unitIndex) {
      const index = (this.unitIndex = new Map());
      this.units.forEach((x, i) => {
        const k = this.unitKey(x);
        if (planned(unitIndex(i)) && !index.has(k)) index.set(k, unitIndex(i));
      });
    }
    return this.unitIndex.get(key);
  }

  /**
   * A unit as the next version looks it up: its text and the section it is in; a window
   * also by where its two sentences end and begin (its pairs are those across them).
   */
  unitKey(u: RelationUnit): string {
    const section = this.sentences[u.sentences[0]].section;
    if (!u.across) return `${section}\u0000${this.text.slice(u.start, u.end)}`;
    const [first, last] = u.sentences.map((i) => this.sentences[i]);
    return `\u0000window\u0000${JSON.stringify([section, first.end - u.start, last.start - u.start, this.text.slice(u.start, u.end)])}`;
  }

  /** How many sentences after its first a window's last sentence may be. */
  windowReach(): number {
    return this.hasReferences ? Math.max(REFERENCE_REACH, Math.floor(this.sentenceWindow)) : Math.floor(this.sentenceWindow);
  }

  /** The windows sentence `sentence` is an end of (windows are ordered by their last sentence). */
  windowsOf(sentence: SentenceIndex): UnitIndex[] {
    const out: UnitIndex[] = [];
    const reach = this.windowReach();
    for (let u = firstWindowEndingAt(this.units, this.spanUnits, sentence); u < this.units.length && this.units[u].sentences[1] <= sentence + reach; u++) {
      const [first, last] = this.units[u].sentences;
      if (first === sentence || last === sentence) out.push(unitIndex(u));
    }
    return out;
  }

  /** The first sentence that ends after `offset` (binary search: sentences are in order). */
  firstSentenceEndingAfter(offset: number): SentenceIndex {
    let lo = 0;
    let hi = this.sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sentences[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo as SentenceIndex;
  }

  /** The sentence or list item at `offset` (windows overlap them and are not searched); -1: none. */
  unitAtOffset(offset: number): UnitIndex {
    let lo = 0;
    let hi = this.spanUnits - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid];
      if (offset < u.start) hi = mid - 1;
      else if (offset > u.end) lo = mid + 1;
      else {
        // Touching units (offset on a boundary): the first one, as a linear search finds it.
        let first = mid;
        while (first > 0 && this.units[first - 1].end >= offset) first--;
        return unitIndex(first);
      }
    }
    return unitIndex(-1);
  }
}

/** The first window (units from `spans` on, ordered by last sentence) whose last sentence is `sentence` or later. */
export function firstWindowEndingAt(units: readonly RelationUnit[], spans: number, sentence: number): number {
  let lo = spans;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].sentences[1] < sentence) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
