/**
 * The patient's name around an age. Of three words after "pt", before an age: a nickname in quotes between a
 * first name and a surname ("pt lemuel "junior" tyler 92 yo", "pt bridget "biddy" fallon, 86
 * y/o"), or three names ("pt clara mae ennals, one hundred and one y/o"), the middle one a
 * clinical word too ("mae"), or a middle initial and its stop ("PT FRANCIS X. O'MALLEY, 87M"). The age after the last is what makes them a name; context.ts has
 * checked the first word. Or one word right after an age and a sex, before a comma, a bracket
 * or a transfer's, a home's or a history's word ("62 YO M BOUCHER, TX FROM", "81yo f hollis,
 * tx'd from", "a ninety-two yo woman, agnes, lives w/ son"): agedNameSpans.
 * Invariants: the word after the age is no function or clinical word; a listed name, or where
 * case tells a capitalised word (not in capitals) no list holds ("38 yo M, HIV" names none); "62 yo m w/ hx" and "77 yo m s/p cabg" name none.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { AGE_AFTER, RELATIVES } from './contextWords';
import { isName } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

/** The last word of such a name after "pt" at `words[i]`, and what to add to why it was found; undefined if none. */
export function longPatientName(
  text: string,
  words: readonly Word[],
  i: number,
  plainName: (w: Word | undefined) => boolean,
): { end: number; why: string } | undefined {
  const [second, last] = [words[i + 2], words[i + 3]];
  if (!second || !last || !plainName(last) || !AGE_AFTER.test(text.slice(last.end, last.end + 40))) return undefined;
  if (/^[ \t]+["\u201c]$/.test(second.gap) && /^["\u201d][ \t]+$/.test(last.gap)) return { end: i + 3, why: ', a nickname in quotes' };
  // ("PT FRANCIS X. O'MALLEY, 87M": a middle initial and its stop between.)
  if (bareSpace(second.gap) && /^[A-Za-z]$/.test(second.text) && /^\.[ \t]+$/.test(last.gap)) return { end: i + 3, why: ', a middle initial between' };
  const middle = second.text.length >= 2 && !FUNCTION_WORDS.has(second.lower) && !RELATIVES.has(second.lower);
  return bareSpace(second.gap) && bareSpace(last.gap) && middle ? { end: i + 3, why: '' } : undefined;
}

/** A sex's word, and the age just before it ("62 YO M", "a ninety-two yo woman"): read at each such word, no scan of the note. */
const SEX = /^(?:m|f|male|female|man|woman|gentleman|gent|lady)$/;
const AGE_BEFORE = /(?:\d{2,3}|(?:sixty|seventy|eighty|ninety)-?[a-z]*|one hundred)[ \t]*-?[ \t]*(?:yo|y\/o|y\.o\.|years?[ -]old)[ \t]+$/i;
/** What follows the name: a comma or a bracket, or a transfer's, a home's or a history's word. */
const NAME_ENDS = /^(?:[ \t]*[,(]|[ \t]+(?:tx|txd|tx'd|transferred|from|lives|admitted|who|presents|pmh)\b)/i;

/** The patient's name of one word right after their age and sex (see the module's comment). */
export function agedNameSpans(text: string, words: readonly Word[], tells: boolean): Omit<PhiSpan, 'text'>[] {
  const out: Omit<PhiSpan, 'text'>[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!SEX.test(words[i].lower) || !AGE_BEFORE.test(text.slice(Math.max(0, words[i].start - 24), words[i].start))) continue;
    const w = words[i + 1];
    if (!/^[ \t]*,?[ \t]*$/.test(w.gap) || !NAME_ENDS.test(text.slice(w.end, w.end + 14))) continue;
    if (isStopWord(w) || !(tells ? w.cap && !w.allCaps && (isName(w) || isUnknownWord(w)) : isName(w)) || w.text.length < 3) continue;
    out.push({ start: w.start, end: w.end, type: 'name', confidence: 0.7, why: 'a name after an age and a sex' });
  }
  return out;
}
