/**
 * leadingWords(re): the strings one of which every match of `re` begins with, each at the
 * start of a word (after `\b`, `^` or a lookbehind that refuses a word character), read off
 * its source, in lower case; or undefined where the source does not say so. `allMatches`
 * (matches.ts) tries such an expression only at the words of a text that begin so: V8 tries an
 * expression that opens with `\b` under the `iu` flags, or with five or more alternatives, at
 * every position, many times slower than a lookup.
 *
 * Invariants (the gate may never lose a match):
 * - A string is given only where every match must begin with it: the first term that takes
 *   characters, after zero-width terms (so the match still begins with that term), is a run
 *   of plain characters or a group whose every alternative gives strings; each top-level
 *   alternative likewise. And only where every such run has a word-start assertion before it
 *   on its way and begins with a word character, so that it begins a word.
 * - A character a quantifier may drop (`s?`, `s*`, `s{0,2}`) ends the run before it; a
 *   group that may match nothing (`(...)?`, `(...)*`, `(...){0,`) gives nothing.
 * - An escaped punctuation character (`\.`, `\/`) is that character in the run ("t\.j" gives
 *   "t.j"); anything else first (a class, a dot, another escape, a back-reference, an empty
 *   alternative) gives undefined: the expression is tried everywhere. So does a string under
 *   two characters.
 * - Only printable ASCII is kept (a run stops before any other character); case folding's
 *   `ſ` and `K` are the index's to read as `s` and `k` (wordStartIndex.ts).
 */
const META = new Set([...'\\^$.|?*+()[]{}']);
/** Escapes that stand for their character: the syntax characters and the slash (`\.` is a full stop). */
const LITERAL_ESCAPE = new Set([...META, '/']);

interface Run {
  text: string;
  /** Whether a word-start assertion comes before it on its way. */
  wordStart: boolean;
}

export function leadingWords(re: RegExp): readonly string[] | undefined {
  // (Classes nest under the v flag; such an expression is tried everywhere.)
  if (re.flags.includes('v')) return undefined;
  const found = alternatives(re.source, 0, re.source.length, false);
  if (!found || found.some((r) => r.text.length < 2 || !r.wordStart || !/^\w/.test(r.text))) return undefined;
  return [...new Set(found.map((r) => r.text.toLowerCase()))];
}

/** The runs of the alternatives of `src` between `from` and `to`, split at its top-level `|`. */
function alternatives(src: string, from: number, to: number, wordStart: boolean): Run[] | undefined {
  const out: Run[] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i < to && src[i] === '\\') i++;
    else if (i < to && src[i] === '[') i = classEnd(src, i);
    else if (i < to && src[i] === '(') i = groupEnd(src, i);
    else if (i === to || src[i] === '|') {
      const found = leading(src, start, i, wordStart);
      if (!found) return undefined;
      out.push(...found);
      start = i + 1;
    }
  }
  return out;
}

/** What an expression that begins every match at a line's edge opens with. */
const LINE_OPENERS = ['(?<=^|\\n)', '(?:^|\\n)'];

/**
 * Whether every match of `re` begins at the text's start, at a line break or just after one: it
 * opens with `(?<=^|\n)` or `(?:^|\n)` and has no other alternative at its top level. (Under the
 * m flag `^` stands after \r, \u2028 and \u2029 too: `allMatches` tries after each.)
 */
export function opensLines(re: RegExp): boolean {
  const src = re.source;
  if (re.flags.includes('v') || !LINE_OPENERS.some((o) => src.startsWith(o))) return false;
  for (let i = 0; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '[') i = classEnd(src, i);
    else if (src[i] === '(') i = groupEnd(src, i);
    else if (src[i] === '|') return false;
  }
  return true;
}

/** A lookbehind that refuses a word character before: `(?<!\w)`, `(?<![\w-])`. */
const NOT_AFTER_WORD = /^\(\?<!(?:\\w|\[(?!\^)(?:[^\]\\]|\\.)*?\\w(?:[^\]\\]|\\.)*\])\)/;

/** The runs an alternative (`src` from `i` to `to`) begins with. */
function leading(src: string, i: number, to: number, wordStart: boolean): Run[] | undefined {
  // Zero-width terms first: the match begins where the next term does.
  for (;;) {
    const after = src.slice(i, i + 40);
    if (src.startsWith('\\b', i) || src[i] === '^' || NOT_AFTER_WORD.test(after)) wordStart = true;
    if (src.startsWith('\\b', i) || src.startsWith('\\B', i)) i += 2;
    else if (src[i] === '^') i += 1;
    else if (/^\(\?<?[=!]/.test(after)) i = skipQuantifier(src, groupEnd(src, i) + 1);
    else break;
  }
  if (i >= to) return undefined;
  if (src[i] === '(') {
    const end = groupEnd(src, i);
    if (mayRepeatZero(src, end + 1)) return undefined;
    const inner = src.startsWith('(?:', i) ? i + 3 : src.startsWith('(?<', i) ? src.indexOf('>', i) + 1 : src[i + 1] === '?' ? -1 : i + 1;
    return inner < 0 ? undefined : alternatives(src, inner, end, wordStart);
  }
  let run = '';
  for (;;) {
    if (i + 1 < to && src[i] === '\\' && LITERAL_ESCAPE.has(src[i + 1])) {
      run += src[i + 1];
      i += 2;
    } else if (i < to && !META.has(src[i]) && src.charCodeAt(i) >= 0x20 && src.charCodeAt(i) < 0x7f) run += src[i++];
    else break;
  }
  // A quantifier after the run may drop its last character ("homes?"), or repeat it ("a+").
  if (run && i < to && (src[i] === '?' || src[i] === '*' || src[i] === '{')) run = run.slice(0, -1);
  return run ? [{ text: run, wordStart }] : undefined;
}

/** Whether a quantifier at `i` lets what precedes it match nothing. */
function mayRepeatZero(src: string, i: number): boolean {
  return src[i] === '?' || src[i] === '*' || /^\{0[,}]/.test(src.slice(i, i + 3));
}

function skipQuantifier(src: string, i: number): number {
  if (src[i] === '?' || src[i] === '*' || src[i] === '+') i++;
  else if (src[i] === '{') i = src.indexOf('}', i) + 1;
  return src[i] === '?' ? i + 1 : i;
}

/** The index of the `]` closing the class opened at `i` (in JavaScript the first unescaped one, `[]` and `[^]` too). */
function classEnd(src: string, i: number): number {
  for (let k = i + 1; k < src.length; k++) {
    if (src[k] === '\\') k++;
    else if (src[k] === ']') return k;
  }
  return src.length;
}

/** The index of the `)` closing the group opened at `i`. */
function groupEnd(src: string, i: number): number {
  let depth = 0;
  for (let k = i; k < src.length; k++) {
    if (src[k] === '\\') k++;
    else if (src[k] === '[') k = classEnd(src, k);
    else if (src[k] === '(') depth++;
    else if (src[k] === ')' && --depth === 0) return k;
  }
  return src.length;
}
