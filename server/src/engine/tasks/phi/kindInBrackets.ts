/**
 * A place named before its kind in brackets: "99 y/o f from stella maris (ltc)", "back to
 * Fairhaven (SNF)", "lives at Broadmead (ALF)". The kind says the words before it name a
 * facility, in a note of any case; a word of the language alone ("from home (ltc)") names none.
 */
import { allMatches } from '../../text/matches';
import { FUNCTION_WORDS, isStopWord } from './clinicalWords';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

const KIND_IN_BRACKETS =
  /\b(?:from|to|at|in)[ \t]+((?:[A-Za-z][A-Za-z'.-]*[ \t]+){0,2}[A-Za-z][A-Za-z'.-]*)[ \t]*\([ \t]*(?:ltc|snf|nh|alf|ltac|ltach|ecf|rehab|nursing home|assisted living|hospice)[ \t]*\)/gi;

export function kindInBracketsSpans(text: string): Found[] {
  const out: Found[] = [];
  if (!text.includes('(')) return out;
  for (const m of allMatches(KIND_IN_BRACKETS, text)) {
    const words = m[1].split(/[ \t]+/).map((w) => w.toLowerCase().replace(/[.']+$/, ''));
    // (Every word no function word, and not all of them stop words: "from the (nh)", "to home (ltc)" are none.)
    if (words.some((w) => FUNCTION_WORDS.has(w)) || words.every((w) => isStopWord(w))) continue;
    // (The name follows the preposition and its spaces.)
    const start = m.index + /^[A-Za-z]+[ \t]+/.exec(m[0])![0].length;
    out.push({ start, end: start + m[1].length, type: 'location', confidence: 0.8, why: 'a place before its kind in brackets' });
  }
  return out;
}
