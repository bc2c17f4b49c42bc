/**
 * Where a person studies or works, after their standing and "at": "Grandson Andy is a
 * sophomore at Tufts", "SON CONNOR IS A JUNIOR AT BC", "dtr Renee is an RN at Valley Regional",
 * "a grad student at Northeastern". The standing says the words after "at" are a school or a
 * workplace, in a note of any case.
 *
 * Invariants: one to three words after "at" (and "the"), one space or tab between each, on
 * the line, ending before a function or clinical word or any mark; a year's standing
 * (freshman, sophomore, junior, senior), a student or a teacher, or a nurse, only after "a"
 * or "an" ("nurse at bedside" names none: "bedside" is a clinical word; "a nurse at the
 * desk" names none: "desk" is a word of the ward); where case tells, the first word capitalised.
 * And a school's letters in capitals right before a student's standing ("BU sophomore", "UNH
 * STUDENT"): two to four capitals, no clinical word and no degree's or credential's letters.
 */
import { allMatches } from '../../text/matches';
import { isStopWord } from './clinicalWords';
import { isEnglish } from './lists';
import { phraseAt, PhraseRule } from './phrases';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** After "a" or "an", a standing, "at" and up to three words (opening at the standing: tried only where the note's words begin so). */
const STANDING_AT =
  /(?<=\ban?[ \t]+)\b(?:freshman|sophomore|junior|senior|student|grad[ \t]+student|graduate[ \t]+student|teacher|professor|nurse|rn|lpn|cna|aide|secretary|janitor|custodian)[ \t]+at[ \t]+(?:the[ \t]+)?([A-Za-z][A-Za-z&'-]*\.?(?:[ \t]+[A-Za-z][A-Za-z&'-]*\.?){0,2})/gi;
/** Places on the ward or generic ones, no school's or workplace's name. */
const GENERIC =
  /^(?:desk|station|bedside|home|work|school|college|university|hospital|local|same|this|that|another|night|nights|times|present|least|himself|herself|themselves|nursing|rest|assisted)$/i;

/** The name ends before a function or clinical word or a generic place. */
const STANDING: PhraseRule = { ends: (w) => isStopWord(w.toLowerCase()) || GENERIC.test(w) };

/** A student's standing, looked for first; the school's letters are read back from it. */
const STANDING_AFTER = /\b(?:freshman|sophomore|junior|senior|student|undergrad|grad[ \t]+student)\b/gi;
/** Capitals before a standing that are a degree, a credential or a unit, no school ("RN student", "MS student"). */
const NOT_SCHOOL = /^(?:RN|MD|PA|MS|MA|NP|PT|OT|RT|ED|ER|ICU|PHD|MBA|BS|BA|MPH|EMT|CNA|LPN|HS|GS|MED|NURSING|LAW|GRAD|HIGH|ART|GED)$/;

export function affiliationSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(STANDING_AFTER, text)) {
    const school = /(?<![\w-])([A-Z]{2,4})[ \t]+$/.exec(text.slice(Math.max(0, m.index! - 8), m.index!));
    // (No word of the language: "A NEW STUDENT".)
    const lower = school?.[1].toLowerCase() ?? '';
    if (!school || NOT_SCHOOL.test(school[1]) || isStopWord(lower) || isEnglish(lower)) continue;
    const start = m.index! - school[0].length;
    out.push({ start, end: start + school[1].length, type: 'location', confidence: 0.7, why: "a school's letters before a student's standing" });
  }
  for (const m of allMatches(STANDING_AT, text)) {
    // (A full stop after a word ends the sentence: "a junior at BC. Pt is".)
    const found = phraseAt(text, m.index! + m[0].length - m[1].length, m[1], STANDING);
    if (!found || (tells && !/^[A-Z]/.test(found.first)) || found.end - found.start < 2) continue;
    out.push({ start: found.start, end: found.end, type: 'location', confidence: 0.7, why: 'where a person studies or works, after their standing' });
  }
  return out;
}
