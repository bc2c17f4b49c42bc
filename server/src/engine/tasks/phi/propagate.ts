/**
 * A name or place found once by its context ("Dr. Marsh", "Calvert Hospital") is the same
 * name or place where the note writes it again without one ("Marsh aware", "7/23 at
 * Calvert"): its words are taken at their other places in the note. Only words found with
 * context (not by a list alone) spread, and only words no safe-word list holds, so a name
 * that is also an English word ("Bill") or a clinical word stays where its context put it.
 */
import { isUnknownWord } from './clinicalWords';
import { isName, isPlace } from './lists';
import { PhiSpan } from './types';
import { wordsOf } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Spans found with context at this confidence or above spread their words. */
const SURE = 0.7;

export function propagatedSpans(text: string, found: readonly Found[]): Found[] {
  const words = wordsOf(text);
  const spread = new Map<string, Found['type']>();
  for (const f of found) {
    if ((f.type !== 'name' && f.type !== 'location') || f.confidence < SURE) continue;
    for (const w of words) {
      if (w.start < f.start || w.end > f.end || w.text.length < 3) continue;
      if (isUnknownWord(w.lower) || isName(w.lower) || isPlace(w.lower)) spread.set(w.lower, f.type);
    }
  }
  const out: Found[] = [];
  if (spread.size === 0) return out;
  for (const w of words) {
    const type = spread.get(w.lower);
    if (!type || found.some((f) => f.start < w.end && w.start < f.end)) continue;
    out.push({ start: w.start, end: w.end, type, confidence: 0.6, why: 'found with context elsewhere in the note' });
  }
  return out;
}
