/**
 * Where someone lives, named after "lives at" ("lives at linden ponds", "LIVES AT MARIAN
 * MANOR SINCE 2005", "resides independently at Orchard Cove in Canton"): a retirement
 * community, a group home, a nursing home or a shelter by its own name, in a note of any
 * case, though its words are words of the language ("maple knoll", "pine ridge").
 *
 * Invariants: one to four words right after "at" (one space or tab between each, on the
 * line), ending before a preposition, a conjunction, a kind of home said after the name
 * ("assisted living", "group home", "senior housing") or any mark; never a name that opens
 * with an article, a possessive, a number, "home", "same" or a care home's abbreviation
 * ("lives at the shelter", "lives at home", "lives at a group home", "lives at NH"); where
 * case tells, the first word capitalised.
 */
import { allMatches } from '../../text/matches';
import { phraseAt, PhraseRule } from './phrases';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** A verb of living, an adverb maybe, "at" and up to four words (the leading word is the verb's: looked for only where notes hold it). */
const LIVES_AT =
  /\b(?:lives|living|live|resides|residing|reside|lived|resided)(?:[ \t]+(?:alone|independently|now|currently|still|together|there))?[ \t]+at[ \t]+([A-Za-z][A-Za-z'.-]*(?:[ \t]+[A-Za-z][A-Za-z'.-]*){0,3})/gi;
/** Words that end the name: prepositions, conjunctions, kinds of home said after it. */
const ENDS =
  /^(?:in|with|since|for|and|or|on|near|until|from|where|who|which|w|x|but|then|so|assisted|nursing|group|senior|elder|independent|ltc|alf|snf|nh|apts?|apartments?|facility|as|before|after|also|prior|now|last|then|currently|asst|halfway|domiciliary|retirement|community|home)$/i;
/** Abbreviations a name holds with their full stop ("St. Joseph Manor", "Mt. Pleasant"). */
const ABBREVIATED = /^(?:st|mt|ft|pt|saint)\.$/i;
/** Words a residence's name never opens with. */
const NOT_FIRST =
  /^(?:the|a|an|his|her|their|its|my|our|this|that|these|those|same|home|house|baseline|times|night|present|least|first|last|one|two|ltc|alf|snf|nh|rehab|shelter|vna|osh|all|her's|bedtime)$/i;

/** The name ends before a preposition or a kind of home; "St." keeps its stop ("lives at goddard house. son peter" ends at the stop). */
const RESIDENCE: PhraseRule = { ends: (w) => ENDS.test(w), abbreviated: (w) => ABBREVIATED.test(w) };

export function residenceSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(LIVES_AT, text)) {
    const found = phraseAt(text, m.index! + m[0].length - m[1].length, m[1], RESIDENCE);
    if (!found || NOT_FIRST.test(found.first.replace(/[.']+$/, '')) || (tells && !/^[A-Z]/.test(found.first))) continue;
    out.push({ start: found.start, end: found.end, type: 'location', confidence: 0.75, why: 'where someone lives, after lives at' });
  }
  return out;
}
