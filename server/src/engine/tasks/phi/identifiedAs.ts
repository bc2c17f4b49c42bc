/**
 * The patient named where the note tells how they were identified, or named after their age
 * and sex in brackets: "PT ID'D BY MOTHER AS ANDRE BOOKER", "pt id'd via fingerprints as
 * leonard pike", "identified by his wife as Walter Kline"; "55yo M (R.G.) transferred",
 * "17 yo m (zach) s/p dive", "PT IS 96 Y/O F (E.W.)".
 *
 * Invariants: after "id'd", "identified" or "registered", within 30 characters on the same
 * sentence, "as" and one to three words, each no function or clinical word ("identified as
 * a smoker" names none) and none a trauma bay's alias ("registered as Trauma Male X"); in brackets right after an age with the sex, initials with their full
 * stops, or one word no function or clinical word, capitalised where case tells ("(dnr)",
 * "(intubated)" are none).
 */
import { allMatches } from '../../text/matches';
import { isStopWord, mayBeName } from './clinicalWords';
import { phraseAt } from './phrases';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** How a patient was identified, then "as" and up to three words (opening at the verb: tried only where the note's words begin so). */
const IDENTIFIED_AS = /\b(?:id'?d|id'?ed|identified|registered)\b[^.;\n]{0,30}?\bas[ \t]+([A-Za-z][A-Za-z'-]*(?:[ \t]+[A-Za-z][A-Za-z'-]*){0,2})/gi;
/** Words of the name a trauma bay gives an unknown patient. */
const TRAUMA_ALIAS = /^(?:trauma|unknown|male|female|doe|alias|unidentified|x)$/i;
/** What a bracket holds: initials with their stops, or one word. */
const BRACKETED = /^\([ \t]*((?:[A-Za-z]\.[ \t]?){2,3}|[A-Za-z][A-Za-z'-]+)[ \t]*\)/;
/** An age with the sex, ending where the bracket opens. */
const AGE_SEX_BEFORE = /\b\d{1,3}[ \t]*(?:yo|y\/o|y\.o\.|yrs?[ \t]+old|year[ \t-]+old)?[ \t]*(?:m|f|male|female)[ \t]*$/i;

export function identifiedSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(IDENTIFIED_AS, text)) {
    const found = phraseAt(text, m.index! + m[0].length - m[1].length, m[1], {
      ends: (w) => isStopWord(w.toLowerCase()) || (tells && !/^[A-Z]/.test(w)),
    });
    // ("registered as Trauma Male X", "AS TRAUMA UNKNOWN": the name a trauma bay gives is no one's.)
    if (
      !found ||
      text
        .slice(found.start, found.end)
        .split(/[ \t]+/)
        .some((w) => TRAUMA_ALIAS.test(w))
    )
      continue;
    out.push({ start: found.start, end: found.end, type: 'name', confidence: 0.8, why: 'the patient as identified' });
  }
  // (Each bracket, then the age before it: an expression opening at a digit would be tried at every place.)
  for (let at = text.indexOf('('); at >= 0; at = text.indexOf('(', at + 1)) {
    const m = BRACKETED.exec(text.slice(at, at + 24));
    if (!m || !AGE_SEX_BEFORE.test(text.slice(Math.max(0, at - 24), at))) continue;
    const inner = m[1];
    const dotted = inner.includes('.');
    if (!dotted && (isStopWord(inner.toLowerCase()) || !mayBeName(inner.toLowerCase()) || inner.length < 3 || (tells && !/^[A-Z][a-z]/.test(inner)))) continue;
    const start = at + m[0].indexOf(inner);
    out.push({
      start,
      end: start + inner.length,
      type: 'name',
      confidence: 0.75,
      why: dotted ? "the patient's initials after the age" : "the patient's name after the age",
    });
  }
  return out;
}
