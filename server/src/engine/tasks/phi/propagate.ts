/**
 * A name or place found once by its context ("Dr. Halvorstad", "Wexbridge Hospital") is the same
 * name or place where the note writes it again without one ("Halvorstad aware", "3/4 at
 * Wexbridge"): its words are taken at their other places in the note. Only words found with
 * context (not by a list alone) spread, and only words no safe-word list holds, so a name
 * that is also an English word ("Bill") or a clinical word stays where its context put it;
 * except that "Bill" spreads to its other capitalised places that start no sentence where
 * the note's case tells names apart, and to the sentences it starts in a note of one case
 * ("bob works at the yard") or come after "per" ("DNR PER FRANK"); a function word ("will",
 * "may") never spreads.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isName, isPlace } from './lists';
import { STATES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, caseTells, Word, wordsOf } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** What a person does, after a name opening a sentence ("Carol prefers", "Sal and his wife", "Peggy is POA"), or their number ("Amber # 443-..."). */
const PERSON_VERB =
  /^[ \t]+(?:prefers|preferred|met|would|wants|wanted|called|calls|says|said|states|stated|asked|asks|agrees|agreed|visited|spoke|feels|understands|lives|reports|requests|requested|came|left|and his|and her|is|was|will|has|had|staying|stays|works|brought|brings|drove)\b|^[ \t]*(?:#|\(\d)/;

/** Words of a faith or a people: part of a place's name, never spread alone. */
const FAITHS =
  /^(?:buddhist|catholic|baptist|methodist|lutheran|episcopal|presbyterian|pentecostal|orthodox|jewish|muslim|hindu|christian|evangelical|greek|armenian|haitian|chinese|korean|vietnamese|cambodian|portuguese|italian|irish|polish|russian|hebrew)$/;

/** Spans found with context at this confidence or above spread their words. */
const SURE = 0.7;

export function propagatedSpans(text: string, found: readonly Found[], words: readonly Word[] = wordsOf(text)): Found[] {
  const sure = found.filter((f) => (f.type === 'name' || f.type === 'location') && f.confidence >= SURE).sort((a, b) => a.start - b.start);
  if (sure.length === 0) return [];
  // Each word found with context, its type and where it may spread (by the word alone, which decides the kind):
  // 'anywhere' a word no safe list holds; 'common' a name that is also a word ("Patrick", "bob");
  // 'cased' a clinical word found as a name or place ("M. FOLEY RN": "GU: FOLEY" is a catheter).
  const spread = new Map<string, { type: Found['type']; where: 'anywhere' | 'common' | 'cased' }>();
  const tells = caseTells(text);
  let s = 0;
  for (const w of words) {
    while (s < sure.length && sure[s].end <= w.start) s++;
    // From the first span not ended before the word, to the last that starts at it or before:
    // linear in the note, not words times spans.
    let f: Found | undefined;
    for (let k = s; k < sure.length && sure[k].start <= w.start && !f; k++) if (w.end <= sure[k].end) f = sure[k];
    // ("Glory Buddhist Temple": a faith's word inside a place's name says nothing of the word alone, "Mr C is buddhist".)
    // (A state after its town's comma is no PHI alone: "Flagstaff, Arizona" ... "MRI in Arizona"; "Maine Medical" spreads "Maine".)
    const townsState = !!f && STATES.has(w.lower) && /,\s*$/.test(text.slice(f.start, w.start));
    if (!f || w.text.length < 3 || FAITHS.test(w.lower) || townsState) continue;
    if (isStopWord(w) && !FUNCTION_WORDS.has(w.lower)) {
      if (tells && w.cap && !w.allCaps) spread.set(w.lower, { type: f.type, where: 'cased' });
    } else if (isUnknownWord(w) || isName(w) || isPlace(w)) spread.set(w.lower, { type: f.type, where: 'anywhere' });
    else if (f.type === 'name' && isCommonName(w) && !FUNCTION_WORDS.has(w.lower) && (!tells || (w.cap && !w.allCaps)))
      spread.set(w.lower, { type: f.type, where: 'common' });
  }
  const out: Found[] = phraseSpans(words, sure, found);
  if (spread.size === 0) return out;
  // What was found, by start, to tell in one pass whether a word is inside a span already.
  const spans = [...found].sort((a, b) => a.start - b.start);
  let k = 0;
  let reach = 0;
  for (let n = 0; n < words.length; n++) {
    const w = words[n];
    const found = spread.get(w.lower);
    if (!found) continue;
    // A common name: where case tells, capitalised mid-sentence; in a note of one case, starting a
    // sentence ("bob works at ..."). A clinical word: capitalised mid-sentence only.
    const midCapital = w.cap && !w.allCaps && !w.starts;
    // (Where case tells, a sentence may open with the name too when a person's verb follows: "Carol prefers X", "Sal and his wife".)
    const opensWithVerb = tells && w.cap && !w.allCaps && w.starts && PERSON_VERB.test(text.slice(w.end, w.end + 14));
    // ("CODE STATUS DNR PER FRANK": whose word a plan follows, in a note of one case too.)
    const afterPer = n > 0 && words[n - 1].lower === 'per' && bareSpace(w.gap);
    if (found.where === 'common' && !(tells ? midCapital || opensWithVerb : w.starts || afterPer)) continue;
    if (found.where === 'cased' && !midCapital) continue;
    const { type } = found;
    while (k < spans.length && spans[k].start < w.end) reach = Math.max(reach, spans[k++].end);
    if (reach > w.start) continue;
    out.push({ start: w.start, end: w.end, type, confidence: 0.6, why: 'found with context elsewhere in the note' });
  }
  return out;
}

/**
 * "dtr carol ann at bedside, carol ann is hcp", "referred to Villa Serena ... bed at Villa
 * Serena": a name or a place of two or three words found with context is the same where the
 * note writes all its words again, in order (its words alone, English words, would not spread).
 * One pass over the words, whatever the phrases.
 */
function phraseSpans(words: readonly Word[], sure: readonly Found[], found: readonly Found[]): Found[] {
  const phrases = new Map<string, { words: string[]; type: Found['type'] }[]>();
  let s = 0;
  for (let i = 0; i < words.length; i++) {
    while (s < sure.length && sure[s].end <= words[i].start) s++;
    const f = sure[s];
    if (!f || f.start !== words[i].start) continue;
    let j = i;
    while (j + 1 < words.length && words[j + 1].end <= f.end) j++;
    const phrase = words.slice(i, j + 1).map((w) => w.lower);
    if (phrase.length < 2 || phrase.length > 3 || phrase.some((w) => w.length < 2 || FUNCTION_WORDS.has(w))) continue;
    // The whole name and its first two words ("Mary Beth Jones", then "mary beth"), the longer tried first.
    const list = phrases.get(phrase[0]) ?? [];
    for (const p of phrase.length === 3 ? [phrase, phrase.slice(0, 2)] : [phrase])
      if (!list.some((q) => q.words.join(' ') === p.join(' '))) list.push({ words: p, type: f.type });
    list.sort((a, b) => b.words.length - a.words.length);
    phrases.set(phrase[0], list);
  }
  const out: Found[] = [];
  if (phrases.size === 0) return out;
  const spans = [...found].sort((a, b) => a.start - b.start);
  let k = 0;
  let reach = 0;
  for (let i = 0; i < words.length; i++) {
    const candidates = phrases.get(words[i].lower);
    if (!candidates) continue;
    while (k < spans.length && spans[k].start < words[i].end) reach = Math.max(reach, spans[k++].end);
    if (reach > words[i].start) continue;
    const match = candidates.find((p) => p.words.every((w, n) => words[i + n]?.lower === w && (n === 0 || bareSpace(words[i + n].gap))));
    if (!match) continue;
    const end = words[i + match.words.length - 1].end;
    out.push({ start: words[i].start, end, type: match.type, confidence: 0.65, why: 'found with context elsewhere in the note' });
    i += match.words.length - 1;
  }
  return out;
}
