/**
 * The street a home or a found place is on, named without its kind ("lives on Meridian",
 * "lives in Brockton off Main", "lives in southie on e 4th", "staying at the Ramada on
 * Morrissey", "runs the Golden Phoenix on Beach in Chinatown"): a street is PHI though no
 * "St" or "Ave" says so, and the words before tell it is one.
 *
 * Invariants: after "on" or "off" (one space or tab each side), one or two words, an optional
 * direction before them ("e 4th", "north main"), on the line, then a mark, the note's end or a
 * word of place or company ("w/", "in", "near", "above"); never a clinical or function word, a
 * weekday or a month, a floor ("on 2nd floor"), a pronoun or an article ("lives on her own",
 * "lives on the cape"). Cued by a verb of living earlier in the clause, or by a found place
 * right before "on"; after a found place, where case tells the word is capitalised and in a
 * note of one case it is no word of the language unless a town follows ("on beach in
 * chinatown"). Where case tells, every kept word is capitalised.
 *
 * And a square by its name and "sq" ("lives in central sq", "(JACKSON SQ)", "at post office sq"):
 * one to three words right before it, no clinical or function word, capitalised where case
 * tells, after a preposition of place, an article or a bracket; never a measure ("10 sq cm",
 * "sq ft").
 */
import { isStopWord } from './clinicalWords';
import { isAnyName, isEnglish, isPlace, isTown } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

const LIVING = new Set('lives living live lived resides reside residing resided'.split(' '));
const DIRECTIONS = new Set('n s e w north south east west old upper lower'.split(' '));
/** Words that end the street's name: company, place, a home's position. */
const ENDS = new Set('w with in near above over behind across by and at since for where who until x next beside off on'.split(' '));
/** Words that follow "lives on" and name no street. */
const NOT_STREET = new Set(
  `own campus site ssi ssdi disability welfare pension medicaid medicare oxygen o2 dialysis floor ground top first second third
  property base fixed income assistance social security vent days nights weekends duty call leave work cape island islands
  farm boat street road avenue same other way list waiting edge budget coast shore lake north south east west chart
  admission arrival
  january february march april may june july august september october november december
  monday tuesday wednesday thursday friday saturday sunday weekend today tonight tomorrow`
    .trim()
    .split(/\s+/),
);

export function sideStreetSpans(words: Word[], found: readonly Found[], tells: boolean): Found[] {
  const out: Found[] = [];
  const placeEnds = new Set(found.filter((s) => s.type === 'location').map((s) => s.end));
  for (let i = 1; i + 1 < words.length; i++) {
    const cue = words[i].lower;
    if (cue !== 'on' && cue !== 'off') continue;
    const afterPlace = cue === 'on' && placeEnds.has(words[i - 1].end) && bareSpace(words[i].gap);
    if (!afterPlace && !livingBefore(words, i)) continue;
    let j = i + 1;
    if (!bareSpace(words[j].gap) && !ordinal(words[j])) continue;
    const direction = DIRECTIONS.has(words[j].lower) && words[j + 1] && (/^\.?[ \t]+$/.test(words[j + 1].gap) || ordinal(words[j + 1]));
    if (direction && !ENDS.has(words[j + 1].lower)) j++;
    let k = j;
    const kept = (w: Word) =>
      ordinal(w) ||
      (bareSpace(w.gap) &&
        !isStopWord(w) &&
        !NOT_STREET.has(w.lower) &&
        !NOT_STREET.has(w.lower.replace(/s$/, '')) &&
        !ENDS.has(w.lower) &&
        /^\p{L}[\p{L}'-]+$/u.test(w.text) &&
        w.text.length >= 3 &&
        (!tells || /^\p{Lu}/u.test(w.text)));
    if (!kept(words[j])) continue;
    if (words[k + 1] && !ordinal(words[k]) && kept(words[k + 1]) && !ordinal(words[k + 1])) k++;
    const next = words[k + 1];
    // The name must end: a mark, the note's end, or a word of company or place.
    const ended = !next || !bareSpace(next.gap) || ENDS.has(next.lower);
    if (!ended || (next && bareSpace(next.gap) && /^(floor|fl)$/.test(next.lower))) continue;
    if (afterPlace && !tells && !placeLike(words[j]) && !(next && next.lower === 'in' && bareSpace(next.gap))) continue;
    const first = words[i + 1];
    const start = ordinal(first) ? first.start - first.gap.trim().length : first.start;
    out.push({
      start,
      end: words[k].end,
      type: 'location',
      confidence: 0.65,
      why: afterPlace ? 'the street a place is on' : `the street after lives ${cue}`,
    });
    i = k;
  }
  return out;
}

/** An ordinal's letters: a note's words are letters, so "4th" is the word "th" after the gap " 4". */
const ordinal = (w: Word | undefined) => !!w && /^(?:st|nd|rd|th)$/.test(w.lower) && /^[ \t]+\d{1,3}$/.test(w.gap);

/** A verb of living earlier in the clause (no mark or conjunction between), within eight words ("lives w/ pt in randolph off north main"). */
function livingBefore(words: Word[], i: number): boolean {
  for (let k = i - 1; k >= Math.max(0, i - 8); k--) {
    // ("LIVING WILL ON CHART": a living will is no verb.)
    if (LIVING.has(words[k].lower)) return words[k + 1].lower !== 'will';
    // (The clause ends at a mark or a conjunction: "lives in Boscawen and visits on Sundays".)
    if (/[,.;:\n]/.test(words[k].gap) || /^(?:and|but|or|who|which)$/.test(words[k].lower)) return false;
  }
  return false;
}

/** In a note of one case, after a found place, a word that is no word of the language, or a listed name, place or town. */
const placeLike = (w: Word) => !isEnglish(w) || isAnyName(w) || isPlace(w) || isTown(w.lower);

const SQUARE_CUES = new Set('in at to from near by of off the around'.split(' '));
const MEASURES = /^(?:cm|mm|m|ft|feet|foot|in|inch|inches|meters?|km|mi|miles?|root)$/;

/** Squares by their name and "sq" (mixed case's "Square" is addresses.ts's). */
export function squareSpans(words: Word[], tells: boolean): Found[] {
  const out: Found[] = [];
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!(w.lower === 'sq' || (w.lower === 'square' && !tells)) || !bareSpace(w.gap)) continue;
    const next = words[i + 1];
    if (next && /^\.?[ \t]+$/.test(next.gap) && MEASURES.test(next.lower)) continue;
    let from = i;
    while (
      from > 0 &&
      i - from < 3 &&
      (from === i || bareSpace(words[from].gap)) &&
      !isStopWord(words[from - 1]) &&
      !SQUARE_CUES.has(words[from - 1].lower) &&
      /^\p{L}[\p{L}'-]*$/u.test(words[from - 1].text) &&
      (!tells || /^\p{Lu}/u.test(words[from - 1].text))
    )
      from--;
    if (from === i) continue;
    const cue = SQUARE_CUES.has(words[from - 1]?.lower ?? '') && bareSpace(words[from].gap);
    if (!cue && !/\([ \t]*$/.test(words[from].gap)) continue;
    out.push({ start: words[from].start, end: w.end, type: 'location', confidence: 0.7, why: 'a square by its name' });
  }
  return out;
}
