/**
 * A name or place found once by its context ("Dr. Halvorstad", "Wexbridge Hospital") is the same
 * name or place where the note writes it again without one ("Halvorstad aware", "3/4 at
 * Wexbridge"): its words are taken at their other places in the note. Only words found with
 * context (not by a list alone) spread, and only words no safe-word list holds, so a name
 * that is also an English word ("Bill") or a clinical word stays where its context put it;
 * except that "Bill" spreads to its other capitalised places that start no sentence where
 * the note's case tells names apart, and to the sentences it starts in a note of one case
 * ("bob works at the yard"); a function word ("will", "may") never spreads.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isName, isPlace } from './lists';
import { PhiSpan } from './types';
import { caseTells, Word, wordsOf } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Spans found with context at this confidence or above spread their words. */
const SURE = 0.7;

export function propagatedSpans(text: string, found: readonly Found[], words: readonly Word[] = wordsOf(text)): Found[] {
  const sure = found.filter((f) => (f.type === 'name' || f.type === 'location') && f.confidence >= SURE).sort((a, b) => a.start - b.start);
  if (sure.length === 0) return [];
  const spread = new Map<string, Found['type']>();
  const common = new Map<string, Found['type']>();
  const cased = new Map<string, Found['type']>();
  const tells = caseTells(text);
  let s = 0;
  for (const w of words) {
    while (s < sure.length && sure[s].end <= w.start) s++;
    // From the first span not ended before the word, to the last that starts at it or before:
    // linear in the note, not words times spans.
    let f: Found | undefined;
    for (let k = s; k < sure.length && sure[k].start <= w.start && !f; k++) if (w.end <= sure[k].end) f = sure[k];
    // (A clinical word a sign-off took, "M. FOLEY RN", stays where it was: "GU: FOLEY" is a catheter.)
    // A clinical word found as a name or place ("M. FOLEY RN") spreads only as a common name does where case tells ("GU: FOLEY" is a catheter).
    if (f && w.text.length >= 3 && isStopWord(w.lower) && !FUNCTION_WORDS.has(w.lower)) {
      if (tells && w.cap && !w.allCaps) cased.set(w.lower, f.type);
    } else if (f && w.text.length >= 3 && (isUnknownWord(w.lower) || isName(w.lower) || isPlace(w.lower))) spread.set(w.lower, f.type);
    // A name that is also a word ("Patrick", "Grace") spreads only where case tells: capitalised, not starting a sentence.
    else if (f && w.text.length >= 3 && f.type === 'name' && isCommonName(w.lower) && !FUNCTION_WORDS.has(w.lower) && (!tells || (w.cap && !w.allCaps)))
      common.set(w.lower, f.type);
  }
  const out: Found[] = [];
  if (spread.size === 0 && common.size === 0 && cased.size === 0) return out;
  // What was found, by start, to tell in one pass whether a word is inside a span already.
  const spans = [...found].sort((a, b) => a.start - b.start);
  let k = 0;
  let reach = 0;
  for (const w of words) {
    // Where case tells, capitalised mid-sentence; in a note of one case, starting a sentence ("bob works at ...").
    const midCapital = w.cap && !w.allCaps && !w.starts;
    const type = spread.get(w.lower) ?? ((tells ? midCapital : w.starts) ? common.get(w.lower) : undefined) ?? (midCapital ? cased.get(w.lower) : undefined);
    if (!type) continue;
    while (k < spans.length && spans[k].start < w.end) reach = Math.max(reach, spans[k++].end);
    if (reach > w.start) continue;
    out.push({ start: w.start, end: w.end, type, confidence: 0.6, why: 'found with context elsewhere in the note' });
  }
  return out;
}
