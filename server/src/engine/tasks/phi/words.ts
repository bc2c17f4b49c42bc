/** A note's words with their offsets and case, and whether the note's case tells names apart. */
export interface Word {
  start: number;
  end: number;
  text: string;
  lower: string;
  /** Begins with a capital (and is not all capitals in a note written in capitals). */
  cap: boolean;
  /** Two letters or more, all capitals. */
  allCaps: boolean;
  /** The characters between the previous word and this one. */
  gap: string;
  /** First of its note, line or sentence: a capital there says nothing. */
  starts: boolean;
  /** Written with a possessive 's, which is not part of the word ("pt's" is "pt"; "sons'" is "sons" and none). */
  possessive: boolean;
  /** Which name, place and word lists hold it (lists.ts), kept once asked; -1 until then. */
  lists: number;
  /** A function or clinical word (clinicalWords.ts `isStopWord`), kept once asked: 1, 0, or -1 until then. */
  stop: number;
}

/** A capital that starts the word alone ("SpO", "COs" are abbreviations), and starts no sentence. */
export function capitalised(w: Word): boolean {
  return w.cap && !w.allCaps && !w.starts && !/^.[a-z]*[A-Z]/.test(w.text.replace(/^(Mc|Mac|O')/, ''));
}

/** A word of one letter: an initial ("J. Ames", "D/M. FINN"). */
export function initial(w: Word | undefined): boolean {
  return !!w && w.text.length === 1 && /^[A-Za-z]$/.test(w.text);
}

/** A gap of spaces or tabs only (no line break, no punctuation): the words either side are one phrase. */
export function bareSpace(gap: string): boolean {
  // (A loop, not /^[ \t]+$/: the rules ask it of nearly every word.)
  if (gap.length === 0) return false;
  for (let i = 0; i < gap.length; i++) {
    const c = gap.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

/** A gap of spaces or tabs, or one line break among them: a line wrapped between two words of one phrase ("lives in\nSouth Boston"). */
export function wrapSpace(gap: string): boolean {
  return gap.length > 0 && /^[ \t]*\n?[ \t]*$/.test(gap);
}

/** The index of the word that ends at `offset` (undefined where none does). */
export function wordEndingAt(words: readonly Word[], offset: number): number | undefined {
  const i = firstWith(words, 'end', offset);
  return i < words.length && words[i].end === offset ? i : undefined;
}

/** The index of the first word that starts at or after `offset` (words.length where none does). */
export function firstWordFrom(words: readonly Word[], offset: number): number {
  return firstWith(words, 'start', offset);
}

/** The index of the first word whose start or end is at or after `offset`: a binary search (both ascend with the words). */
function firstWith(words: readonly Word[], edge: 'start' | 'end', offset: number): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (words[mid][edge] < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The text after word i, up to the next word's end (to the note's end after its last word): a number between two words is in the gap. */
export function tailOf(words: readonly Word[], i: number, text: string): string {
  const next = words[i + 1];
  return next ? next.gap + next.text : text.slice(words[i].end);
}

export function wordsOf(text: string): Word[] {
  const out: Word[] = [];
  let last = 0;
  // Letters of any script (José, Inês, Nguyễn, Müller): an ASCII-only word would split a name at its accent.
  const bounds = wordBounds(text);
  for (let b = 0; b < bounds.length; b += 2) {
    const start = bounds[b];
    const whole = text.slice(start, bounds[b + 1]);
    // (Most words hold no apostrophe: the look for one is cheaper than the expression.)
    const w = whole.includes("'") ? whole.replace(/'s$|'$/i, '') : whole;
    // (Most gaps are one space, which starts nothing: no expression is asked of it.)
    const gap = start - last === 1 && text.charCodeAt(last) === 32 ? ' ' : text.slice(last, start);
    const first = w.charCodeAt(0);
    out.push({
      start,
      end: start + w.length,
      text: w,
      lower: w.toLowerCase(),
      cap: first < 128 ? first >= 65 && first <= 90 : /^\p{Lu}/u.test(w),
      allCaps: w.length > 1 && allCapitals(w),
      gap,
      // After "St." or "Dr." a capital is a name's, not a sentence's.
      starts: out.length === 0 || (gap !== ' ' && startsAfter(gap, out[out.length - 1].text)),
      possessive: whole.length - w.length === 2,
      lists: -1,
      stop: -1,
    });
    last = start + whole.length;
  }
  return out;
}

const LETTER = /^\p{L}$/u;
const LETTER_OR_MARK = /^[\p{L}\p{M}]$/u;

/** Whether the code point `c` is a letter (`\p{L}`), or with `marks` a letter or a mark (`\p{M}`): ASCII read by its code. */
function letter(c: number, marks: boolean): boolean {
  if (c < 128) return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  return (marks ? LETTER_OR_MARK : LETTER).test(String.fromCodePoint(c));
}

/**
 * Where each word begins and ends (flat: start, end, ...), read character by character: the
 * matches of `/\p{L}[\p{L}\p{M}']*(?:-\p{L}[\p{L}\p{M}]*)*\/gu` (a letter, then letters, marks
 * and apostrophes, then parts joined by a hyphen, each a letter, then letters and marks), by
 * code point, greedy (nothing follows that could give back).
 */
function wordBounds(text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  const at = (i: number) => (i < n ? (text.codePointAt(i) as number) : -1);
  const size = (c: number) => (c > 0xffff ? 2 : 1);
  let i = 0;
  while (i < n) {
    const c = at(i);
    if (!letter(c, false)) {
      i += size(c);
      continue;
    }
    const start = i;
    i += size(c);
    for (let d = at(i); d >= 0 && (d === 39 || letter(d, true)); d = at(i)) i += size(d);
    // A hyphen joins a part only where a letter follows it.
    while (at(i) === 45 && letter(at(i + 1), false)) {
      i += 1 + size(at(i + 1));
      for (let d = at(i); d >= 0 && letter(d, true); d = at(i)) i += size(d);
    }
    out.push(start, i);
  }
  return out;
}

/** Whether a word is all capitals (`w === w.toUpperCase()`), read without making its upper case where it is ASCII. */
function allCapitals(w: string): boolean {
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i);
    if (c >= 128) return w === w.toUpperCase();
    if (c >= 97 && c <= 122) return false;
  }
  return true;
}

/** What a gap ending a sentence, a line or a label leaves: whether the word after it starts one (see `Word.starts`). */
const STARTS_AFTER = /[!?:;\n>*-]\s*$/;
const FULL_STOP_AFTER = /\.\s*$/;
/** A word that a full stop ends as an abbreviation ("St.", "Dr."): no sentence ends there. */
const ABBREVIATION = /^[A-Z][a-z]?[a-z]?$/;
function startsAfter(gap: string, before: string): boolean {
  // The last character that is not a space, read from the end; outside ASCII, the expressions decide.
  for (let i = gap.length - 1; i >= 0; i--) {
    const c = gap.charCodeAt(i);
    if (c === 10) return true;
    if (c === 32 || c === 9 || c === 11 || c === 12 || c === 13) continue;
    if (c >= 128) break;
    if (c === 46) return !ABBREVIATION.test(before);
    return c === 33 || c === 63 || c === 58 || c === 59 || c === 62 || c === 42 || c === 45;
  }
  return STARTS_AFTER.test(gap) || (FULL_STOP_AFTER.test(gap) && !ABBREVIATION.test(before));
}

/** The last text's share: the rules ask it of one note several times in a row. */
let lastShare: { text: string; share: number } | undefined;

/** The share of capitals among the note's letters (-1 for a note without letters). */
function capitalShare(text: string): number {
  if (lastShare?.text === text) return lastShare.share;
  const share = countShare(text);
  lastShare = { text, share };
  return share;
}

function countShare(text: string): number {
  let upper = 0;
  let lower = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
  }
  return upper + lower === 0 ? -1 : upper / (upper + lower);
}

/**
 * Whether capitals mark names in this note: a note typed all in capitals or all in lower
 * case (common in nursing notes) gives no such sign, and the lists must do the work.
 */
export function caseTells(text: string): boolean {
  const share = capitalShare(text);
  return share > 0.04 && share < 0.6;
}

/**
 * Whether the note is written in lower case with a few capitals: there a capital that does
 * not start a sentence is rare and marks a name ("report from Wendy Fields, RN").
 */
export function lowerCaseNote(text: string): boolean {
  const share = capitalShare(text);
  return share > 0 && share <= 0.04;
}
