/**
 * Names that newborn and children's notes write their own way: the baby's surname after "Baby
 * Boy", "Infant Girl", "BG" or "Twin A" ("baby boy Lindqvist", "INFANT GIRL HWANG"), and a
 * child's initials as the subject of a sentence ("D.M. asking for video games", "C.T.'s friends
 * sent a banner"). (Undotted, two capitals before a verb are as often a service or a state: "SW
 * will call", "RI wants"; they are left.)
 *
 * Invariants: the surname is one word of letters (a hyphen inside), no function or clinical
 * word, no word of the language that no list holds as a name ("baby boy born at 0300", "Twin A
 * stable"), capitalised and not all capitals where case tells ("Twin A UVC out"); dotted initials are two or three letters none
 * of the dotted abbreviations spells ("P.O.", "A.M."), before 's or a verb of what a child does.
 */
import { isStopWord, mayBeName } from './clinicalWords';
import { DOTTED_WORDS } from './nameMarkWords';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** "Baby Boy", "infant girl", "BB", "Twin A", "twin #2": a newborn's label before the surname. */
const NEWBORN =
  /\b(?:(?:baby|infant|newborn)[ \t]+(?:boy|girl)(?:[ \t]+(?:a|b|#?[12]))?|bb|bg|twin[ \t]+(?:a|b|#?[12]))[ \t]+([\p{L}][\p{L}'-]*[\p{L}])(?![\p{L}'-])/giu;
/** What a child does, after initials that stand for the child. */
const DOES =
  'is|was|has|had|got|gets|ate|slept|sleeping|asking|asks|asked|says|said|states|stated|denies|reports|remains|resting|quiet|tearful|crying|playing|plays|watching|walked|went|wants|needs|likes|refused|refuses|tolerated|tolerating|will|did|does|can';
const DOTTED_SUBJECT = new RegExp(`(?<![\\p{L}.])((?:[A-Z]\\.){2,3})(?:'s\\b|[ \\t]+(?:${DOES})\\b)`, 'giu');

export function newbornSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(NEWBORN, text)) {
    const surname = m[1];
    const lower = surname.toLowerCase();
    // ("Baby Girl stable overnight": a word of the language only where a list holds it as a name too; where case tells,
    // capitalised and not in capitals: "Twin A UVC out" is a line.)
    if (isStopWord(lower) || !mayBeName(lower) || (tells && (!/^\p{Lu}/u.test(surname) || surname === surname.toUpperCase()))) continue;
    const start = m.index + m[0].length - surname.length;
    out.push({
      start,
      end: start + surname.length,
      type: 'name',
      confidence: 0.8,
      why: `a newborn's surname after ${m[0].slice(0, m[0].length - surname.length).trim()}`,
    });
  }
  for (const m of allMatches(DOTTED_SUBJECT, text)) {
    const letters = m[1].replace(/\./g, '').toLowerCase();
    if (DOTTED_WORDS.has(letters)) continue;
    // (The last full stop stays out, as other rules leave it: "J.K." is marked "J.K".)
    out.push({ start: m.index, end: m.index + m[1].length - 1, type: 'name', confidence: 0.7, why: 'initials before what a person does' });
  }
  return out;
}
