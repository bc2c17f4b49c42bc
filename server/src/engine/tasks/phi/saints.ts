/**
 * A hospital, a church or a school by a saint's name with its possessive, after a preposition
 * of place: "tx'd from St E's", "AT ST COLUMBKILLE'S", "from st. mary's hospital", "NEAR ST
 * ANTHONY'S". The possessive says a place named for the saint, in a note of any case, though
 * the saint's name is one letter ("St E's") or a word of the language.
 *
 * Invariants: "st" or "saint" and a full stop or a space ("Stanley's" is no saint's), one word ending in "'s", right after from,
 * to, at, near, via or into with one space or tab between; the span is the saint's name with
 * its possessive ("ST ANTHONY'S"), a kind of place after it left to the other rules; never
 * sinus tachycardia ("to ST 120s" has no possessive).
 */
import { allMatches } from '../../text/matches';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** A saint's name with its possessive after a preposition of place (opening at "st" or "saint", the preposition behind a lookbehind). */
const SAINT_POSSESSIVE = /(?<=\b(?:from|to|at|near|via|into)[ \t]+)\b(?:st|saint)(?:\.[ \t]*|[ \t]+)[A-Za-z][A-Za-z-]*['\u2019]s\b/gi;

export function saintSpans(text: string): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(SAINT_POSSESSIVE, text))
    out.push({
      start: m.index!,
      end: m.index! + m[0].length,
      type: 'location',
      confidence: 0.8,
      why: "a saint's name with its possessive, after a preposition of place",
    });
  return out;
}
