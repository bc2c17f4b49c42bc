/**
 * Word tokens as the biomedical corpora tokenise them: runs of letters, digits and
 * combining marks stay together, every other visible character (punctuation, symbols,
 * emoji) is a token of its own. Offsets are UTF-16 code units, like JS string indices
 * and LSP positions; a surrogate pair is never split.
 */
import { allMatches } from './matches';
export interface Token {
  /** Offset of the first code unit, relative to the string given plus `base`. */
  start: number;
  /** Offset just past the last code unit. */
  end: number;
  text: string;
}

const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;

export function tokenize(text: string, base = 0): Token[] {
  const tokens: Token[] = [];
  for (const m of allMatches(TOKEN, text)) {
    const start = m.index! + base;
    tokens.push({ start, end: start + m[0].length, text: m[0] });
  }
  return tokens;
}

/*
 * Clinical text (i2b2-2010/2012) was tokenised on whitespace: `4.6`, `x-ray`, `p.o.`, `s/p`,
 * `50%`, `Dr.`, `9/7/93` are single tokens there. tokenizeClinical splits on whitespace and
 * then splits only sentence punctuation off the edges of each whitespace token:
 * - `, ; : ( ) [ ] { }` and quotes `" ' “ ” ‘ ’` at the start or end, one token each, stacking
 *   (`(pain),` -> `(` `pain` `)` `,`); inside a word they stay (`patient's`, `10:30`);
 * - `?` and `!` at the end only (a leading `?` is the clinical "query": `?pneumonia`);
 * - the sentence's final period: a period ending the last token that holds more than edge
 *   punctuation is split off, unless that token is an abbreviation (`p.o.`, `b.i.d.`, `Dr.`)
 *   or the period follows another period (`pain...` and `...` stay whole);
 * - a straight quote after a digit is a unit mark and stays (`5'10"`), unless the token
 *   opened with that quote (`"10"` -> `"` `10` `"`).
 * Every other punctuation stays where it is, also runs standing alone (`--`, `...`, `+/-`).
 * All split characters are single UTF-16 units, so surrogate pairs are never cut.
 */

const EDGE = new Set([',', ';', ':', '(', ')', '[', ']', '{', '}', '"', "'", '\u201C', '\u201D', '\u2018', '\u2019']);
const TRAILING_ONLY = new Set(['?', '!']);
const STRAIGHT_QUOTES = new Set(['"', "'"]);
/** Titles keep their period even at a sentence end; case matters (`MS.` is multiple sclerosis). */
const TITLES = new Set(['Dr.', 'Mr.', 'Mrs.', 'Ms.', 'St.', 'Jr.', 'Sr.']);
const WORD_ABBREVIATIONS = new Set(['vs.', 'approx.', 'etc.']);
/** Short letter groups each ending in a period: `p.o.`, `b.i.d.`, `a.m.`, `e.g.`, `Ph.D.`; not `4.6.`. */
const DOTTED = /^(?:\p{L}{1,3}\.){2,}$/u;
const DIGIT = /\p{N}/u;

/** Whether the period ending `word` belongs to it. */
function isAbbreviation(word: string): boolean {
  return TITLES.has(word) || WORD_ABBREVIATIONS.has(word.toLowerCase()) || DOTTED.test(word);
}

function isTrailingPunctuation(c: string): boolean {
  return EDGE.has(c) || TRAILING_ONLY.has(c);
}

/** Whether the straight quote ending `word[start, end)` marks feet or inches (`5'10"`) rather than closing a quote. */
function isUnitMark(word: string, start: number, end: number, opened: ReadonlySet<string>): boolean {
  const c = word[end - 1];
  return STRAIGHT_QUOTES.has(c) && !opened.has(c) && end - 2 >= start && DIGIT.test(word[end - 2]);
}

/** Whether the period at `end - 1` of `word[start, end)` ends the sentence rather than a word. */
function isFinalPeriod(word: string, start: number, end: number): boolean {
  if (word[end - 1] !== '.' || end - start < 2 || word[end - 2] === '.') return false;
  return !isAbbreviation(word.slice(start, end));
}

/**
 * Splits one whitespace token into [start, end) pieces: edge punctuation off both ends, and
 * its final period when it is the sentence's last token.
 */
function splitEdges(word: string, sentenceEnd: boolean): [number, number][] {
  const head: [number, number][] = [];
  const tail: [number, number][] = [];
  let start = 0;
  let end = word.length;
  const opened = new Set<string>();
  while (start < end && EDGE.has(word[start])) {
    opened.add(word[start]);
    head.push([start, start + 1]);
    start++;
  }
  let periodSplit = false;
  while (start < end) {
    if (isTrailingPunctuation(word[end - 1]) && !isUnitMark(word, start, end, opened)) {
      tail.push([end - 1, end]);
    } else if (sentenceEnd && !periodSplit && isFinalPeriod(word, start, end)) {
      periodSplit = true;
      tail.push([end - 1, end]);
    } else {
      break;
    }
    end--;
  }
  const core: [number, number][] = start < end ? [[start, end]] : [];
  return [...head, ...core, ...tail.reverse()];
}

const WHITESPACE_TOKEN = /\S+/gu;

/** Whitespace tokens with sentence punctuation split off their edges (rule above). */
export function tokenizeClinical(text: string, base = 0): Token[] {
  const words = allMatches(WHITESPACE_TOKEN, text);
  // The sentence's last token: trailing `)` or `"` standing apart do not hide its period.
  let last = words.length - 1;
  while (last > 0 && [...words[last][0]].every(isTrailingPunctuation)) last--;
  const tokens: Token[] = [];
  words.forEach((m, i) => {
    for (const [s, e] of splitEdges(m[0], i === last)) {
      const start = m.index! + s + base;
      tokens.push({ start, end: start + e - s, text: m[0].slice(s, e) });
    }
  });
  return tokens;
}
