/**
 * A hospital's wards and buildings by their own names, in the shapes nursing notes give them:
 * after a room number a transfer goes to or comes from ("pt transferred to 209 quartermain", "txf from 12
 * Tallis"), and before a
 * floor's number while a bed is awaited ("PLAN: QUARTERMAIN 2 WHEN BED AVAIL", "to Feldberg 7
 * once bed ready").
 *
 * Invariants: the name is one word of five letters or more, unknown to the lists or a listed name,
 * that no list holds as a word of the language or of the clinic (a unit, "floor", "north", "rehab" are none); after a room number
 * only a transfer's or a move's "to" or "from" comes before the number; before a floor's number a bed's
 * wait follows ("when bed", "once a bed", "bed avail"). Nothing else makes a ward.
 */
import { isStopWord, isUnknownWord } from './clinicalWords';
import { isEnglish, isName } from './lists';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** A name no list holds as a word: of the language, of the clinic, a unit. */
const wardName = (w: string) => {
  const lower = w.toLowerCase();
  // (Wards are named for people: a listed surname counts, "12 Tallis".)
  return w.length >= 5 && (isUnknownWord(lower) || isName(lower)) && !isEnglish(lower) && !isStopWord(lower);
};

/** A bed awaited after a number ("2 WHEN BED AVAIL"): looked for from a digit first, then with the ward's name before it. */
const BED_WAIT = `[ \\t]+(?:(?:when|once|if|after)[ \\t]+(?:an?[ \\t]+|the[ \\t]+)?bed|bed[ \\t]+avail)`;
const BED_WAIT_NEEDS = new RegExp(`\\d${BED_WAIT}`, 'i');
const WARD_BEFORE_BED_WAIT = new RegExp(`\\b([A-Za-z][A-Za-z'-]+)[ \\t]+\\d{1,2}${BED_WAIT}`, 'gi');

export function wardSpans(text: string): Found[] {
  const out: Found[] = [];
  const lower = text.toLowerCase();
  // "transferred to 209 quartermain": a ward after the room number a move goes to.
  if (lower.includes(' to ') || lower.includes(' from '))
    for (const m of allMatches(
      /\b(?:transfer(?:red|ring)?|trans|txf|tx(?:'?d)?|moved?|moving|going|go|sent|back)[ \t]+(?:to|from)[ \t]+(?:rm\.?[ \t]*|room[ \t]+)?\d{1,4}[ \t]+([A-Za-z][A-Za-z'-]+)\b/gi,
      text,
    )) {
      if (!wardName(m[1])) continue;
      const start = m.index! + m[0].length - m[1].length;
      out.push({ start, end: start + m[1].length, type: 'location', confidence: 0.7, why: 'a ward after the room a move goes to' });
    }
  // "PLAN: QUARTERMAIN 2 WHEN BED AVAIL": a ward before its floor's number while a bed is awaited.
  if (lower.includes('bed') && BED_WAIT_NEEDS.test(text))
    for (const m of allMatches(WARD_BEFORE_BED_WAIT, text)) {
      if (!wardName(m[1])) continue;
      out.push({ start: m.index!, end: m.index! + m[1].length, type: 'location', confidence: 0.7, why: "a ward before its floor's number, a bed awaited" });
    }
  return out;
}
