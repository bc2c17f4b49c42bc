/**
 * Carry-over: this version takes over the previous version's work for what an edit did
 * not change. Both ways end in one old→new index map for the sentences and one for the
 * units, which the ledger (items, jobs) and the views (caches) apply; the NLI plans follow
 * the sentence map. Within paragraphs (an edit window) the previous work moves here whole
 * and only the window is found again; otherwise sentences are found by text and units by
 * offsets or text, and their items adopted one by one.
 */
import { REFERENCE_REACH } from '../../tasks/references';
import { allWindows, RelationUnit, relationUnits } from '../../tasks/relations';
import type { EditWindow } from '../../text/resegment';
import { Carried, COPY, IndexMap, movedTo, NEW, newIndexMap, REFOUND, SAME, SentenceIndex, SHIFTED, UnitIndex } from './indexes';
import { firstWindowEndingAt, Layout } from './layout';
import type { Ledger } from './ledger';
import type { Views } from './views';
import type { EntityPlanner } from './entityPlanner';
import type { NliPlanner } from './nliPlanner';

/** The parts of one version that carry-over reads (previous) or fills (next). */
export interface Parts {
  layout: Layout;
  ledger: Ledger;
  views: Views;
  entities: EntityPlanner;
  nli: NliPlanner;
}

/** Fills `next` (its sentences set, nothing else yet) from `previous` where it can, and plans the rest's entity work. */
export function carryOver(next: Parts, previous: Parts | undefined, window: EditWindow | undefined): void {
  if (!(previous && window && takeOver(next, previous, window))) build(next, previous, window);
  next.ledger.recountSentencesDone();
}

/**
 * This version's work from scratch, taking over the previous version's items of the same
 * content: sentences by text, units by offsets outside the re-segmented window (by text
 * where the whole text was segmented), statements and premises by text.
 */
function build(next: Parts, previous: Parts | undefined, w: EditWindow | undefined): void {
  const { layout } = next;
  const { text, sentences } = layout;
  const sentenceMap = newIndexMap<SentenceIndex>(sentences.length, false);
  if (previous) sentences.forEach((s, i) => (sentenceMap.from[i] = previous.layout.sentenceAt(s) ?? NEW));
  next.ledger.carrySentences(previous?.ledger, sentenceMap, (i) => next.entities.add(i));
  const spans = relationUnits(text, sentences);
  layout.setUnits([...spans, ...allWindows(text, sentences, spans, layout.sentenceWindow)], spans.length);
  const unitMap = newIndexMap<UnitIndex>(layout.units.length, false);
  if (!previous) {
    next.ledger.layOutUnits(layout.units.length);
    next.views.layOut(sentences.length, layout.units.length);
    return;
  }
  const planned = (u: UnitIndex) => !!previous.ledger.relationItems[u];
  const before = previous.layout;
  layout.units.forEach((u, unit) => {
    // Outside the re-segmented window a unit is where it was (shifted after it): found by
    // offsets; inside it, or where the whole text was segmented (a header changed), by its
    // text, as takeOver finds the window's units.
    unitMap.from[unit] =
      (w && u.end <= w.start
        ? before.unitAtSpan(u.start, u.end, !!u.across, planned)
        : w && u.start >= w.end
          ? before.unitAtSpan(u.start - w.delta, u.end - w.delta, !!u.across, planned)
          : before.unitAt(layout.unitKey(u), planned)) ?? NEW;
  });
  next.ledger.carryUnits(previous.ledger, unitMap);
  next.views.carry(previous.views, sentenceMap, unitMap);
  next.nli.carry(previous.nli, previous);
}

/**
 * An edit inside paragraphs (`w`: the re-segmented window, new offsets, and the shift after
 * it): the previous version's work moves here whole, and only the window's sentences and
 * units are found again, so an edit costs what it changed plus copying arrays of pointers.
 * Sentences, units and windows never span a blank line, so none crosses the window's
 * edges; false (nothing changed yet) if that does not hold, and the caller builds afresh.
 */
function takeOver(next: Parts, previous: Parts, w: EditWindow): boolean {
  const { layout } = next;
  const before = previous.layout;
  const old = before.sentences;
  // (The sentences after the window are shifted already: they are counted from the end, not found by offset.)
  const j0 = before.firstSentenceEndingAfter(w.start);
  const j1 = old.length - w.sentencesAfter;
  const i0 = j0;
  const i1 = layout.sentences.length - w.sentencesAfter;
  if (j1 < j0 || i1 < i0) return false;
  const k = i1 - j1;
  const oldSpans = before.spanUnits;
  const oldUnits = before.units;
  const u0 = j0 < old.length ? before.unitOfSentence[j0] : oldSpans;
  const u1 = j1 < old.length ? before.unitOfSentence[j1] : oldSpans;
  if (u0 < oldSpans && oldUnits[u0].sentences[0] !== j0) return false;
  if (u1 < oldSpans && oldUnits[u1].sentences[0] !== j1) return false;
  // The windows found again are those ending in the window's sentences and, where reference
  // windows are asked, in the REFERENCE_REACH sentences after it: a reference window
  // crosses paragraphs, and which earlier sentences a later one names may change with the
  // sentences an edit adds or removes before it. Later windows reach back no further than
  // the window's end: they move, shifted. Windows are ordered by their last sentence.
  const reach = layout.sentenceWindow >= 1 ? REFERENCE_REACH : 0;
  const hiNew = Math.min(layout.sentences.length, i1 + reach);
  const hiOld = hiNew - k;
  const w0 = firstWindowEndingAt(oldUnits, oldSpans, j0);
  const w1 = firstWindowEndingAt(oldUnits, oldSpans, hiOld);
  for (let u = w0; u < oldUnits.length && oldUnits[u].sentences[1] < j1 + layout.sentenceWindow; u++) {
    const [first, last] = oldUnits[u].sentences;
    // A sentence window never crosses a blank line, so none crosses the window's edges.
    if (!oldUnits[u].refers && ((first < j0 && last >= j0) || (first < j1 && last >= j1))) return false;
  }

  // The previous version gives its work up: it is disposed right after this one is built.
  next.ledger.takeAll(previous.ledger);
  // Sentences: before the window as they were, after it shifted by k, inside it by text.
  const sentenceMap = newIndexMap<SentenceIndex>(layout.sentences.length, true);
  // (With as many sentences as before, only the window's are not kept where they were.)
  if (k === 0) sentenceMap.changed = Array.from({ length: i1 - i0 }, (_, n) => i0 + n);
  const after: Carried = w.delta === 0 ? SAME : SHIFTED;
  const { from: sentenceFrom, how: sentenceHow } = sentenceMap;
  for (let j = 0; j < j0; j++) sentenceFrom[j] = j;
  sentenceHow.fill(SAME, 0, j0);
  for (let j = j1; j < old.length; j++) sentenceFrom[j + k] = j;
  sentenceHow.fill(after, j1 + k, old.length + k);
  const oldByText = new Map<string, number[]>();
  for (let j = j0; j < j1; j++) {
    const list = oldByText.get(old[j].text);
    if (list) list.push(j);
    else oldByText.set(old[j].text, [j]);
  }
  const taken = new Set<number>();
  for (let i = i0; i < i1; i++) {
    const s = layout.sentences[i];
    const candidates = oldByText.get(s.text)?.filter((j) => old[j].section === s.section);
    const j = candidates?.find((c) => !taken.has(c));
    if (j !== undefined) {
      taken.add(j);
      place(sentenceMap, i, j, REFOUND);
    } else if (candidates?.length) place(sentenceMap, i, candidates[0], COPY);
  }
  next.ledger.carrySentences(previous.ledger, sentenceMap, (i) => next.entities.add(i));

  // Units: those of the window's sentences are found again; the others move (shifted).
  const spans = relationUnits(layout.text, layout.sentences, i0, i1);
  const units: RelationUnit[] = [];
  const unitMap: IndexMap<UnitIndex> = { ...growable(oldUnits.length + spans.length), wholesale: true, changed: [] };
  const append = (from: number, to: number, shifted: boolean) => {
    for (let u = from; u < to; u++) {
      const unit = oldUnits[u];
      if (shifted) {
        unit.start += w.delta;
        unit.end += w.delta;
        if (k !== 0) for (let x = 0; x < unit.sentences.length; x++) unit.sentences[x] += k;
      }
      if (u !== units.length) unitMap.changed!.push(units.length);
      place(unitMap, units.length, u, shifted ? after : SAME);
      units.push(unit);
    }
  };
  // The window's units whose text (and section) did not change keep their work: the
  // edited sentence's neighbours in the paragraph are not asked again. (The previous
  // version's window units and sentences were not shifted: their keys are as they were.)
  const oldByKey = new Map<string, number>();
  for (const [from, to] of [
    [u0, u1],
    [w0, w1],
  ]) {
    for (let u = from; u < to; u++) {
      const key = previous.ledger.relationItems[u] && before.unitKey(oldUnits[u]);
      if (key !== undefined && !oldByKey.has(key)) oldByKey.set(key, u);
    }
  }
  const fresh = (list: RelationUnit[]) => {
    for (const unit of list) {
      const key = layout.unitKey(unit);
      const u = oldByKey.get(key);
      oldByKey.delete(key);
      // (Placed even when new: the map's arrays stay without holes, which V8 reads faster.)
      unitMap.changed!.push(units.length);
      place(unitMap, units.length, u ?? NEW, REFOUND);
      units.push(unit);
    }
  };
  append(0, u0, false);
  fresh(spans);
  append(u1, oldSpans, true);
  const spanCount = units.length;
  append(oldSpans, w0, false);
  fresh(allWindows(layout.text, layout.sentences, units, layout.sentenceWindow, i0, hiNew, spanCount));
  append(w1, oldUnits.length, true);
  [unitMap.from, unitMap.how] = [unitMap.from.subarray(0, units.length), unitMap.how.subarray(0, units.length)];
  // (Every sentence and span unit where it was: only the window's span units say again which sentences they hold.)
  const kept = k === 0 && spanCount === oldSpans && spans.length === u1 - u0;
  layout.setUnits(units, spanCount, kept ? { unitOfSentence: before.unitOfSentence, sentences: [i0, i1], from: u0, to: u1 } : undefined);
  if (kept) before.unitOfSentence = [];
  next.ledger.carryUnits(previous.ledger, unitMap);

  next.views.carry(previous.views, sentenceMap, unitMap);
  const moved = movedTo(sentenceMap);
  next.nli.carry(previous.nli, previous, (j) => moved.get(j));
  return true;
}

/** Sets where place `at` came from and how; a map made by `growable` doubles when `at` is past its end. */
function place<I extends number>(map: IndexMap<I>, at: number, from: number, how: Carried): void {
  if (at >= map.from.length) {
    const [f, h] = [new Int32Array(2 * at + 16).fill(NEW), new Uint8Array(2 * at + 16).fill(REFOUND)];
    f.set(map.from);
    h.set(map.how);
    [map.from, map.how] = [f, h];
  }
  map.from[at] = from;
  map.how[at] = how;
}

/** Arrays for about `n` places, all new (place() grows them; cut to length once filled). */
function growable(n: number): { from: Int32Array; how: Uint8Array } {
  return { from: new Int32Array(n).fill(NEW), how: new Uint8Array(n).fill(REFOUND) };
}
