/**
 * Names told by the marks a note puts around them rather than by the words before them:
 * - initials signing: "jk rn", "LK RN" at a line's end or after "by", "-mk" or "/ jd" ending
 *   the note, a dictation mark "RAG/mlt" (the dictating clinician's and the typist's initials);
 * - a name after a label: "Patient: KANELLOPOULOS, THEODORA", "PT: WALSH, ELLEN", "Re:", "cc:";
 * - a name in quotes after a name or a relative: William ("Bill"), a friend ("Tony");
 * - a name after a title of another language: Doña Carmen, Señora Ruiz, Mme Aubert, Rev. Kline.
 * Invariants: a word another rule took is never taken again (`taken`); a clinical word, a
 * function word or a unit is never an initial; initials are two or three letters, one case.
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isUnknownWord } from './clinicalWords';
import { isCommonName, isName } from './lists';
import { PhiSpan } from './types';
import { Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

const ROLES = /^(rn|md|np|pa|rrt|cns|lpn|cna|sn|bsn|ccrn|pt|ot|slp|msw|lcsw|do|pa-c|aprn|crnp)$/;
/** Titles of other languages and of clergy: a name follows. */
const TITLES = new Set('doña dona señora senora señor senor sra mme madame mlle monsieur herr frau rev reverend rabbi imam pastor bà ông fr'.split(' '));
const KIN = /^(son|daughter|wife|husband|sister|brother|mother|father|niece|nephew|friend|partner|grandson|granddaughter|neighbor|neighbour|hcp|proxy|dtr)$/;
const CLOSINGS = /^(sincerely|regards|respectfully|cordially|thanks|thank you|best|warmly|cheers)$/;
const LABELS = /^(patient|pt|name|re|cc|patient name|pt name)$/;

/** Two or three letters of one case that no list of words or abbreviations holds. */
function initials(w: Word | undefined): boolean {
  if (!w || !/^(?:[a-z]{2,3}|[A-Z]{2,3})$/.test(w.text)) return false;
  return !FUNCTION_WORDS.has(w.lower) && !CLINICAL_WORDS.has(w.lower) && !ROLES.test(w.lower) && isUnknownWord(w.lower);
}

export function markedNames(text: string, words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'name', confidence, why });
  };
  const free = (i: number) => i >= 0 && i < words.length && !taken.has(i);
  // Nothing but spaces and a full stop or comma between the word and the line's end.
  const endsLine = (w: Word) => /^[ \t.,]*(?:\r?\n|$)/.test(text.slice(w.end, w.end + 4));
  const endsNote = (w: Word) => /^[\s.,]*$/.test(text.slice(w.end, w.end + 200)) && w.end + 200 >= text.trimEnd().length;
  const stop = (w: Word | undefined) => !w || FUNCTION_WORDS.has(w.lower) || CLINICAL_WORDS.has(w.lower);
  const nameWord = (w: Word | undefined) =>
    !!w && !stop(w) && w.text.length >= 2 && (isName(w.lower) || isCommonName(w.lower) || isUnknownWord(w.lower)) && (!tells || w.cap);

  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    const next = words[i + 1];
    // jk rn, LK RN at the end of a line or after "by": initials signing it.
    const by = /^(by|per|with|w)$/.test(words[i - 1]?.lower ?? '');
    if (free(i) && initials(w) && next && /^[ \t,]+$/.test(next.gap) && ROLES.test(next.lower) && (endsLine(next) || by)) {
      add(i, i, 0.7, `initials before ${next.text}`);
      continue;
    }
    // -mk, / jd ending the note; RAG/mlt (the dictating clinician's initials, then the typist's in the other case).
    const dictation = w.gap === '/' && /^[a-z]{2,4}$/.test(w.text) && /^[A-Z]{2,4}$/.test(words[i - 1]?.text ?? '') && endsLine(w);
    if (free(i) && (dictation || (initials(w) && /^[a-z]+$/.test(w.text) && endsNote(w) && /(?:^|\s)[-\u2013/][ \t]*$/.test(w.gap)))) {
      add(i, i, 0.7, 'initials signing the note');
      if (dictation && free(i - 1) && !stop(words[i - 1]) && !ROLES.test(words[i - 1].lower)) add(i - 1, i - 1, 0.7, 'dictation initials');
      continue;
    }
    // Patient: SURNAME, GIVEN / Re: Given Surname / cc: Given Surname
    const label = words[i - 1] && /^[ \t]+$/.test(w.gap) ? `${words[i - 1].lower} ${w.lower}` : w.lower;
    if ((LABELS.test(w.lower) || LABELS.test(label)) && next && /^:[ \t]*$/.test(next.gap) && free(i + 1) && nameWord(next)) {
      let j = i + 1;
      while (j + 1 < words.length && j - i < 3 && /^,?[ \t]+$/.test(words[j + 1].gap) && free(j + 1) && nameWord(words[j + 1]) && !/\n/.test(words[j + 1].gap))
        j++;
      // One word alone after a label is a name only where a list knows it ("Re: Falls" is a subject).
      if (j > i + 1 || isName(next.lower)) add(i + 1, j, 0.75, `after ${w.text}:`);
      i = j;
      continue;
    }
    // ROB, PT'S SON / Ines, her daughter: a name, then who it is.
    const whose = words[i + 1] && /^(pt|patient|his|her|their)$/.test(words[i + 1].lower) ? i + 2 : i + 1;
    if (free(i) && nameWord(w) && w.text.length >= 3 && /^,[ \t]+$/.test(words[i + 1]?.gap ?? '') && KIN.test(words[whose]?.lower ?? '') && whose - i <= 2) {
      add(i, i, 0.75, `before ${words[whose].text}`);
      continue;
    }
    // Sincerely, Grant Bishop / Thanks!! - Ale: a name signing a letter or a message.
    const closing = w.lower === 'you' && words[i - 1]?.lower === 'thank' ? 'thank you' : w.lower;
    if (
      CLOSINGS.test(closing) &&
      next &&
      /^[!.,]*\s*(?:[-\u2013][ \t]*)?$/.test(next.gap) &&
      /[,!\n-]/.test(next.gap) &&
      free(i + 1) &&
      nameWord(next) &&
      next.cap
    ) {
      let j = i + 1;
      while (j + 1 < words.length && j - i < 3 && /^[ \t]+$/.test(words[j + 1].gap) && free(j + 1) && nameWord(words[j + 1]) && words[j + 1].cap) j++;
      add(i + 1, j, 0.75, `after ${w.text}`);
      i = j;
      continue;
    }
    // CG alone on the note's last line: initials signing it.
    if (free(i) && initials(w) && /\n[ \t]*$/.test(w.gap) && endsNote(w)) {
      add(i, i, 0.65, 'initials ending the note');
      continue;
    }
    // Doña Carmen, Mme Aubert, Rev. Kline, Fr. Doyle (Fr with its full stop: "14 Fr" is a catheter's size).
    const frOk = w.lower !== 'fr' || (/^\.[ \t]+$/.test(next?.gap ?? '') && !/\d\s*$/.test(text.slice(Math.max(0, w.start - 3), w.start)));
    if (TITLES.has(w.lower) && frOk && next && /^\.?[ \t]+$/.test(next.gap) && free(i + 1) && !stop(next) && (!tells || next.cap)) {
      add(i + 1, i + 1, 0.85, `after ${w.text}`);
      continue;
    }
    // William ("Bill"), a friend ("Tony"): a capitalised word in quotes after a name or a relative's word.
    if (free(i) && /\(?["\u201c'][ \t]*$/.test(w.gap) && /^["\u201d']/.test(text.slice(w.end, w.end + 1)) && w.cap && !stop(w)) {
      const k = i - 1;
      const after = k >= 0 && (taken.has(k) || /^(friend|son|daughter|wife|husband|brother|sister|mother|father|prefers|aka|nickname)$/.test(words[k].lower));
      if (after && /^[ \t]*\(?["\u201c'][ \t]*$/.test(w.gap)) add(i, i, 0.75, 'a name in quotes');
    }
  }
  return out;
}
