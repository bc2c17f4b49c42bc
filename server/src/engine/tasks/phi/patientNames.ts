/**
 * The patient's name of three words after "pt", before an age: a nickname in quotes between a
 * first name and a surname ("pt lemuel "junior" tyler 92 yo", "pt bridget "biddy" fallon, 86
 * y/o"), or three names ("pt clara mae ennals, one hundred and one y/o"), the middle one a
 * clinical word too ("mae"), or a middle initial and its stop ("PT FRANCIS X. O'MALLEY, 87M"). The age after the last is what makes them a name; context.ts has
 * checked the first word.
 */
import { FUNCTION_WORDS } from './clinicalWords';
import { AGE_AFTER, RELATIVES } from './contextWords';
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
