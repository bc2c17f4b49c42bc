/**
 * Where a period ends a sentence (text/segment.ts asks): after a whole word before a capital,
 * a digit or an opener; not after an abbreviation, a title, an initial or a dose unit; in
 * notes typed in lower case, before a word in lower case; typed without a space, before a
 * capitalised word. The word lists are segmentWords.json's; the assertion scopes read the
 * same abbreviations (isAbbreviation).
 */
import { Ch, isWs, isOpener, startsCapitalised, isLowerAt, isDigit, isAsciiLetter } from './chars';
import WORDS from './segmentWords.json';

/** Words after which a period never ends a sentence (they precede a name or continue it). */
const NEVER_SPLIT_AFTER = new Set(WORDS.neverSplitAfter);

/** Units and dosage words that often take a period mid-sentence ("500 mg. daily"). */
const DOSE_WORDS = new Set(WORDS.doseWords);

/** Words written with a period that a word in lower case may follow in the same sentence ("approx. 5", "2 yrs. ago", "abd. soft"). */
const PERIOD_ABBREVIATIONS = new Set(WORDS.periodAbbreviations);

/** Every word the lists above write with a period (lower case): the segmenter's and the assertion scopes' one list. */
const ABBREVIATIONS = new Set([...WORDS.neverSplitAfter, ...WORDS.doseWords, ...WORDS.periodAbbreviations].map((w) => w.toLowerCase()));

/** Whether `word` (any case) is written with a period that does not end its sentence ("approx.", "yrs.", "Dr."). */
export function isAbbreviation(word: string): boolean {
  return ABBREVIATIONS.has(word.toLowerCase());
}

/**
 * Whether the period after `word` ends a sentence typed in lower case ("pt seen today. no
 * fever."): a whole word of three letters or more, no abbreviation, after at least one
 * other word of the sentence (so "Abd. soft" or a label stays whole).
 */
function endsLowerCaseSentence(text: string, word: string, segStart: number, i: number): boolean {
  // A sign before the word is not part of it ("+flatus"); a slash is ("n/v/d", "c/d/i").
  const bare = word.replace(/^[+~*#•-]+/, '');
  if (!/^[\p{L}/]{3,}$/u.test(bare) || !/\p{L}.*\p{L}/u.test(bare) || isAbbreviation(bare)) return false;
  // Another word before it: white space between the sentence's start (never a space) and the period.
  let p = i - 1;
  while (p > segStart && !isWs(text.charCodeAt(p))) p--;
  return p > segStart;
}

/** A capitalised word and what may follow it: a space, clause punctuation, or a period that ends it ("Google.com" is no sentence). */
const GLUED_NEXT = /^(?:\p{Lu}\p{Ll}{2,}|\p{Lu}{2,})(?:$|[\s,;:!?]|\.(?:$|\s))/u;

/**
 * Whether the period at `i`, with no space after it, ends a sentence typed on without one
 * ("No fever.Cough present.", "Tolerating PO.Pain controlled.", "BP 142/88.Recheck"): a
 * word or number before it that is no abbreviation, initial or list number, and a
 * capitalised word after it; not "e.g.The", "Dr.Smith", "1.Pneumonia" or "report.Final.pdf".
 */
export function gluedSentenceEnd(text: string, i: number, floor: number, end: number): boolean {
  const word = wordBefore(text, i, floor);
  if (word.length < 2 || /^\p{N}{1,2}$/u.test(word) || !/[\p{L}\p{N}]$/u.test(word)) return false;
  if (NEVER_SPLIT_AFTER.has(word) || PERIOD_ABBREVIATIONS.has(word.toLowerCase())) return false;
  return GLUED_NEXT.test(text.slice(i + 1, Math.min(end, i + 40)));
}

/** `b.i.d`, `p.o`, `q.d`, `a.m`, `p.r.n` (the final period already removed). */
const DOTTED_ABBREV = /^[A-Za-z]{1,3}(?:\.[A-Za-z0-9]{1,3})+$/;

/** The word right before a period at `i`, without opening punctuation. */
function wordBefore(text: string, i: number, floor: number): string {
  let p = i - 1;
  const stop = Math.max(floor, i - 40);
  while (p >= stop && !isWs(text.charCodeAt(p))) p--;
  let s = p + 1;
  while (s < i && isOpener(text.charCodeAt(s))) s++;
  return text.slice(s, i);
}

/** Words that open sentences and are no names. */
const SENTENCE_STARTERS = new Set(WORDS.sentenceStarters);

/** The ASCII word at `k` when a letter, space or punctuation other than `.` ends it; else ''. */
function wordAt(text: string, k: number): string {
  let e = k;
  while (e < text.length && e < k + 12 && isAsciiLetter(text.charCodeAt(e))) e++;
  return e < text.length && text.charCodeAt(e) === Ch.Dot ? '' : text.slice(k, e);
}

/** Whether the word that ends at `end` follows a number on the same line ("98.6 F"). */
function numberBefore(text: string, end: number, floor: number): boolean {
  let p = end - 1;
  if (p < floor || !isWs(text.charCodeAt(p))) return false;
  while (p >= floor && (text.charCodeAt(p) === Ch.Space || text.charCodeAt(p) === Ch.Tab)) p--;
  return p >= floor && isDigit(text.charCodeAt(p));
}

/** Whether the period at `i`, with the next sentence's first character at `k`, ends a sentence that began at `segStart`. */
export function periodEnds(text: string, i: number, k: number, floor: number, segStart: number): boolean {
  const c = text.charCodeAt(k);
  const word = wordBefore(text, i, floor);
  if (NEVER_SPLIT_AFTER.has(word)) return false;
  // A single capital initial: "J. Smith". Not a unit after a number ("T 98.6 F. HR 88"), nor a
  // letter before a word that starts sentences, not names ("Hepatitis B. He is immune").
  if (
    word.length === 1 &&
    word.charCodeAt(0) >= Ch.A &&
    word.charCodeAt(0) <= Ch.Z &&
    !numberBefore(text, i - 1, floor) &&
    !SENTENCE_STARTERS.has(wordAt(text, k))
  )
    return false;
  if ((word === 'No' || word === 'no') && isDigit(c)) return false;
  if (DOSE_WORDS.has(word) || DOTTED_ABBREV.test(word)) return startsCapitalised(text, k);
  return (
    startsCapitalised(text, k) ||
    isDigit(c) ||
    isOpener(c) ||
    ((isLowerAt(text, k) || (c === Ch.Plus && isLowerAt(text, k + 1))) && endsLowerCaseSentence(text, word, segStart, i))
  );
}
