/**
 * The rest of a person's name beside a found part of it: a rule that finds "Dacey" after a
 * cue or in a list leaves "Shawn" before it in the clear ("pt Shawn Dacey", "tyler brandao",
 * "DONALD PRATT", "Frances Devereaux-Lyle"), and a de-identified copy that keeps a first name
 * beside the tag still names the patient. Read after the other rules and the aliases, from the
 * names they found by any means; each word added widens the found span, so the two are one.
 *
 * Invariants: only a word next to a found name (one space between, on its line), at most two
 * words either side; never a function or clinical word, a title, a relative's or a role's
 * word, a credential, or a word another span holds; where case tells, capitalised (not all
 * capitals) and a listed name or a word no list holds, a word opening a sentence only when a
 * name list holds it; in a note of one case, a name list holds it and it is no word of the
 * language. Places and other types are never widened.
 */
import { isStopWord, mayBeName } from './clinicalWords';
import { RELATIVES, ROLES_BEFORE, TITLES } from './contextWords';
import { isAnyName, isCommonName, isEnglish, isName, isPlace } from './lists';
import { ROLES, TITLES as OTHER_TITLES } from './nameMarkWords';
import { PhiSpan } from './types';
import { firstWordFrom, Word, wordEndingAt } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** How many words either side of a found name are looked at. */
const REACH = 2;

/**
 * Words written beside a name that are no part of it: a newborn's ("Baby Girl Pruitt"), an
 * office's ("Judge Fiore", "Padre Nunez"), a shift's ("Days"), a place's opener ("Cape Verde",
 * "El Salvador", "South"): the lists hold some as names.
 */
const BESIDE = new Set(
  'name dear aide sitter baby boy girl infant twin judge justice padre der senator governor mayor chief days nights evenings cape el la los las san santa north south east west new fort port mount mt lake'.split(
    ' ',
  ),
);
/** A month named by a rule as a name ("Days September 8"): nothing is added beside it. */
const MONTH = /^(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)/i;

/** A word no part of a name, whatever the lists say: a title, a relative's or a role's word, a function or clinical word. */
function notNameWord(w: Word): boolean {
  const lower = w.lower;
  if (lower.length < 2 || !/^[a-z][a-z'-]*[a-z]$/.test(lower) || w.possessive) return true;
  return (
    BESIDE.has(lower) || isStopWord(w) || TITLES.has(lower) || OTHER_TITLES.has(lower) || RELATIVES.has(lower) || ROLES_BEFORE.has(lower) || ROLES.test(lower)
  );
}

/** A listed name or place that is no word of the language; a hyphenated one, each part a name or no word at all ("sullivan-roy"). */
const plainName = (lower: string): boolean =>
  lower.includes('-')
    ? !/^(?:great|step|ex|half|grand)-/.test(lower) &&
      lower.split('-').every((part) => part.length >= 2 && /[aeiouy]|^ng$/.test(part) && !isStopWord(part) && (isAnyName(part) || !isEnglish(part)))
    : (isName(lower) || isPlace(lower)) && !isEnglish(lower);

/** A word that may be part of a person's name beside a found part of it (`cued`: a title, a relative's word or "pt" before it, or a line's start). */
function nameWord(w: Word, tells: boolean, cued = false, labelled = false): boolean {
  if (notNameWord(w)) return false;
  // (In a note of one case a name that is a word too, "found", "states", "brings", says nothing, save a first name
  // after a cue: "pt albert szymanski", "mother peg o'halloran".)
  if (!tells) return plainName(w.lower) || (cued && isCommonName(w));
  // ("Devereaux-Lyle": each part of a hyphenated name capitalised.)
  if (!w.cap || w.allCaps || !w.text.split('-').every((part) => /^[A-Z][a-z']/.test(part))) return false;
  // (A sentence's first word only when a name list holds it, or, after a label or a cue, a name that is a word too:
  // "O: Colin Fairweather"; not a line's first, "Dear Helen", "Quiet Christmas night. Mr. X".)
  return w.starts ? isName(w) || (labelled && isCommonName(w)) : mayBeName(w);
}

/** A hyphenated word before a number: a scale and its grade ("hunt-hess 3"), no surname (a number is no word: it lies in the gap). */
const graded = (words: readonly Word[], i: number) => words[i].lower.includes('-') && /^[ \t]+\d/.test(words[i + 1]?.gap ?? '');

/** Words that introduce a person's full name. */
const CUE = (w: Word | undefined) =>
  !!w && (w.lower === 'pt' || w.lower === 'patient' || TITLES.has(w.lower) || OTHER_TITLES.has(w.lower) || RELATIVES.has(w.lower));
/** Whether the word at `i` follows a cue or a label's colon. */
const labelledAt = (words: readonly Word[], i: number) => i > 0 && (/:[ \t]*$/.test(words[i].gap) || (oneSpace(words[i].gap) && CUE(words[i - 1])));
/** Whether the word at `i` follows a cue, or opens a line or a label's value. */
const cuedAt = (words: readonly Word[], i: number) => i === 0 || /\n[ \t]*$|:[ \t]*$/.test(words[i].gap) || (oneSpace(words[i].gap) && CUE(words[i - 1]));

/** One space or tab, no line break or mark: the words either side are one name. */
const oneSpace = (gap: string) => gap === ' ' || gap === '\t';

export function nameEdgeSpans(words: readonly Word[], found: readonly Found[], tells: boolean): Found[] {
  const names = found.filter((f) => f.type === 'name');
  if (!names.length) return [];
  // Where another span already holds a word: never widened into.
  const held = (w: Word) => found.some((f) => f.start < w.end && w.start < f.end);
  const out: Found[] = [];
  for (const name of names) {
    const first = firstWordFrom(words, name.start);
    const last = wordEndingAt(words, name.end);
    if (first >= words.length || words[first].start !== name.start || last === undefined || (first === last && MONTH.test(words[first].lower))) continue;
    // (A first name that is a word too only before a surname no word is, and no shop's: "PT RAN CARUSO'S PASTRY".)
    const surname = !isStopWord(words[last]) && !isEnglish(words[last]) && !words[last].possessive;
    let from = first;
    while (
      from > 0 &&
      first - from < REACH &&
      oneSpace(words[from].gap) &&
      nameWord(words[from - 1], tells, surname && cuedAt(words, from - 1), surname && labelledAt(words, from - 1)) &&
      !held(words[from - 1])
    )
      from--;
    let to = last;
    while (
      to + 1 < words.length &&
      to - last < REACH &&
      oneSpace(words[to + 1].gap) &&
      nameWord(words[to + 1], tells) &&
      !held(words[to + 1]) &&
      !graded(words, to + 1)
    )
      to++;
    if (from < first || to > last)
      out.push({
        start: words[from].start,
        end: words[to].end,
        type: 'name',
        confidence: name.confidence,
        why: `${name.why ?? 'a name'}, with the rest of it`,
      });
  }
  return out;
}
