/**
 * A hospital named at the head of a unit's note: "FRANKLIN SQUARE ICU NPN 7A-7P", "Harbor CCU
 * NPN", "CARNEY 4 TELE NSG": at a line's start, a name of one or two words (and a floor's
 * number) before a care unit's word, then a word of a nursing note. For placeSpans (places.ts).
 *
 * Invariants: only at a line's start; the name's first word is one a name or place list holds,
 * or one no list holds, never a function or clinical word ("NEURO ICU NPN", "CARDIAC SURGERY ICU
 * NOTE"), a unit ("PICU Step-Down Nursing Note") nor a direction ("EAST MICU NPN"); a note's word
 * must follow the unit within four words, on its line.
 */
import { isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isCommonPlace, isName, isPlace, isTown } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Care units a note is written on. */
const UNITS = set('icu micu sicu ccu csru cvicu tsicu nicu picu ctic tele step-down stepdown');
/** Words of a nursing note's heading. */
const NOTE_WORDS = set('npn nsg nursing note notes rn progress');
/** Directions, times and kinds of care that head a unit's note with no name ("EAST MICU NPN", "NIGHT CCU NOTE", "Shock Trauma ICU"). */
const NOT_NAMES = set('east west north south night day evening late brief final admission transfer shock burn trauma');

export function unitHeaderSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const lineStart = (i: number) => i === 0 || words[i].gap.includes('\n');
  const named = (w: Word) =>
    !isStopWord(w) &&
    !NOT_NAMES.has(w.lower) &&
    !UNITS.has(w.lower) &&
    (isUnknownWord(w) || isName(w) || isCommonName(w) || isPlace(w) || isCommonPlace(w) || isTown(w.lower));
  for (let i = 0; i + 2 < words.length; i++) {
    if (!lineStart(i) || taken.has(i) || !named(words[i]) || (tells && !words[i].cap)) continue;
    // The name's second word, then a floor's number in the unit's gap ("CARNEY 4 TELE").
    let end = i;
    const second = words[i + 1];
    if (!UNITS.has(second.lower) && bareSpace(second.gap) && !isStopWord(second) && !NOT_NAMES.has(second.lower) && (!tells || second.cap)) end++;
    const unit = words[end + 1];
    if (!unit || !UNITS.has(unit.lower) || !/^[ \t]+(?:\d{1,2}[ \t]+)?$/.test(unit.gap) || taken.has(end)) continue;
    let k = end + 2;
    while (k < words.length && k - end <= 4 && !NOTE_WORDS.has(words[k].lower) && !words[k].gap.includes('\n')) k++;
    if (k >= words.length || !NOTE_WORDS.has(words[k].lower) || words[k].gap.includes('\n')) continue;
    for (let n = i; n <= end; n++) taken.add(n);
    out.push({ start: words[i].start, end: words[end].end, type: 'location', confidence: 0.75, why: `a hospital heading the ${unit.text} note` });
  }
  return out;
}
