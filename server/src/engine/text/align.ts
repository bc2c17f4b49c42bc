/**
 * Maps model answers back to exact offsets in the sentence that was sent. Models are
 * never trusted with offsets: a token-per-line answer is matched to our own tokens by
 * position, a surface string is searched for in the text. Whatever cannot be found is
 * dropped and counted by the caller.
 */
import { Token } from './tokenize';

const WORD = /[\p{L}\p{N}\p{M}]/u;
/** How far ahead a token line may skip input tokens the model left out. */
const LOOKAHEAD = 8;

/** Typographic quotes and dashes a model may write plainly, or the other way round. */
const SINGLE_QUOTES = "\u2018\u2019\u201A\u201B\u2032'";
const DOUBLE_QUOTES = '\u201C\u201D\u201E\u201F\u2033"';
const DASHES = '\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D-';

/** One spelling per token: compatibility forms (NFKC: µ/μ, full-width), case, quotes and dashes folded. */
function fold(s: string): string {
  let out = '';
  for (const ch of s.normalize('NFKC').toLowerCase()) {
    out += SINGLE_QUOTES.includes(ch) ? "'" : DOUBLE_QUOTES.includes(ch) ? '"' : DASHES.includes(ch) ? '-' : ch;
  }
  return out;
}

/** How labels continue, for BIO labels: a token answered in pieces, or pieces answered as one token. */
export interface LabelContinuation<L> {
  /** The label says "no entity". */
  outside(label: L): boolean;
  /** The label of a token continuing the entity of `label` (`B-X` -> `I-X`; O stays O). */
  inside(label: L): L;
}

/** How many lines may spell one token in pieces (`x` `-` `ray` for `x-ray`), or tokens one line may join. */
const MAX_PIECES = 8;
/** Lines in a row that must agree with tokens in a row for the answer to be picked up far ahead. */
const RESYNC_RUN = 3;

/**
 * Assigns each `(token, label)` answer line to an input token: in order, tolerating lines
 * the model left out (skip ahead a little) and lines it repeated or invented (ignored).
 * Where the model re-tokenised, a token written in pieces gets the label of its first piece
 * (its first entity piece, with `bio`) and a line joining several tokens labels the first
 * (with `bio`, the later ones as the inside of its entity, punctuation on either side left out).
 * After a long stretch left out, RESYNC_RUN lines in a row matching tokens in a row pick the
 * answer up again. Labels only ever land on our own tokens, so offsets stay exact.
 * Returns, per input token, the label given to it or undefined, how many lines matched, and
 * the last token a line reached.
 */
export function alignTokenLines<L>(
  tokens: readonly Token[],
  lines: readonly { token: string; label: L }[],
  bio?: LabelContinuation<L>,
): { labels: (L | undefined)[]; matched: number; lastMatched: number } {
  const labels: (L | undefined)[] = new Array(tokens.length).fill(undefined);
  // Folded once each: a line is compared with up to LOOKAHEAD tokens, and more when resyncing.
  const folded = tokens.map((t) => fold(t.text));
  const foldedLines = lines.map((l) => fold(l.token));
  let cursor = 0;
  let matched = 0;
  let lastMatched = -1;
  const assign = (j: number, label: L, last = j) => {
    labels[j] = label;
    matched++;
    lastMatched = last;
    cursor = last + 1;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const limit = Math.min(tokens.length, cursor + LOOKAHEAD + 1);
    let j = cursor;
    while (j < limit && folded[j] !== foldedLines[i]) j++;
    if (j < limit) {
      assign(j, line.label);
      continue;
    }
    // The model wrote one of the next tokens in pieces: `x` `-` `ray` for `x-ray`.
    const split = findSplit(folded, foldedLines, i, cursor, limit);
    if (split) {
      const pieces = lines.slice(i, split.next).map((l) => l.label);
      assign(split.token, (bio && pieces.find((l) => !bio.outside(l))) ?? pieces[0]);
      i = split.next - 1;
      continue;
    }
    // The model joined tokens: `Crohn's` for `Crohn ' s`, `fever,` for `fever ,`.
    const joined = findJoin(folded, foldedLines[i], cursor, limit);
    if (joined) {
      let first = joined.first;
      if (bio) {
        // Punctuation glued on either side (`(Crohn`, `fever,`) stays out of the entity.
        let last = joined.last;
        while (first < last && !WORD.test(tokens[first].text)) first++;
        while (last > first && !WORD.test(tokens[last].text)) last--;
        for (let k = first + 1; k <= last; k++) labels[k] = bio.inside(line.label);
      }
      assign(first, line.label, joined.last);
      continue;
    }
    // A long stretch left out: pick the answer up where several lines in a row agree with the text.
    for (let k = limit; k + RESYNC_RUN <= tokens.length && i + RESYNC_RUN <= lines.length; k++) {
      let run = 0;
      while (run < RESYNC_RUN && folded[k + run] === foldedLines[i + run]) run++;
      if (run === RESYNC_RUN) {
        assign(k, line.label);
        break;
      }
    }
  }
  return { labels, matched, lastMatched };
}

/** The last of two or more `parts` from `from` on (at most MAX_PIECES) that together spell `target`, or -1. */
function spelledBy(parts: readonly string[], from: number, target: string): number {
  let spelled = '';
  for (let k = from; k < parts.length && k < from + MAX_PIECES; k++) {
    spelled += parts[k];
    if (!target.startsWith(spelled)) break;
    if (spelled === target && k > from) return k;
  }
  return -1;
}

/** Lines i..next-1 (folded) that together spell one token in [from, limit). */
function findSplit(folded: readonly string[], lines: readonly string[], i: number, from: number, limit: number): { token: number; next: number } | undefined {
  for (let j = from; j < limit; j++) {
    const k = spelledBy(lines, i, folded[j]);
    if (k >= 0) return { token: j, next: k + 1 };
  }
  return undefined;
}

/** Tokens first..last (starting in [from, limit)) that together spell `piece`. */
function findJoin(folded: readonly string[], piece: string, from: number, limit: number): { first: number; last: number } | undefined {
  for (let j = from; j < limit; j++) {
    const k = spelledBy(folded, j, piece);
    if (k >= 0) return { first: j, last: k };
  }
  return undefined;
}

function isWordChar(text: string, index: number): boolean {
  if (index < 0 || index >= text.length) return false;
  return WORD.test(String.fromCodePoint(text.codePointAt(index)!)) || isLowSurrogateOfWord(text, index);
}

function isLowSurrogateOfWord(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 0xdc00 || c > 0xdfff || index === 0) return false;
  return WORD.test(String.fromCodePoint(text.codePointAt(index - 1)!));
}

/** True when [start, end) does not cut through a word at either edge. */
export function onTokenBoundaries(text: string, start: number, end: number): boolean {
  const cutsStart = isWordChar(text, start) && isWordChar(text, start - 1);
  const cutsEnd = isWordChar(text, end - 1) && isWordChar(text, end);
  return !cutsStart && !cutsEnd;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern for a surface string that tolerates different whitespace (line breaks, CRLF, doubled spaces). */
function surfacePattern(surface: string, flags: string): RegExp | undefined {
  const parts = surface
    .trim()
    .split(/\s+/)
    .filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  return new RegExp(parts.map(charPattern).join('\\s+'), flags);
}

/** A quote or dash matches any spelling of it (the text's own is what is kept); other characters literally. */
function charPattern(part: string): string {
  let out = '';
  for (const ch of part) {
    const cls = SINGLE_QUOTES.includes(ch) ? SINGLE_QUOTES : DOUBLE_QUOTES.includes(ch) ? DOUBLE_QUOTES : DASHES.includes(ch) ? DASHES : undefined;
    out += cls ? `[${escapeRegExp(cls).replace(/-/g, '\\-')}]` : escapeRegExp(ch);
  }
  return out;
}

function findFrom(text: string, re: RegExp, from: number, taken: (s: number, e: number) => boolean) {
  re.lastIndex = from;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (onTokenBoundaries(text, start, end) && !taken(start, end)) return { start, end };
    re.lastIndex = start + (text.codePointAt(start)! > 0xffff ? 2 : 1);
  }
  return undefined;
}

/**
 * Locates surface strings in `text`, in the order given (models are asked to list
 * mentions in order of appearance, repeating a mention each time it occurs). Prefers the
 * first whole-word occurrence after the previous match, then a case-insensitive one, then
 * any unused occurrence earlier in the text. Returns undefined for strings not found.
 */
export function locateInOrder(text: string, surfaces: readonly string[]): ({ start: number; end: number } | undefined)[] {
  const used: { start: number; end: number }[] = [];
  const taken = (s: number, e: number) => used.some((u) => u.start < e && s < u.end);
  let cursor = 0;
  return surfaces.map((surface) => {
    const exact = surfacePattern(surface, 'gu');
    const loose = surfacePattern(surface, 'giu');
    if (!exact || !loose) return undefined;
    const hit =
      findFrom(text, exact, cursor, taken) ?? findFrom(text, loose, cursor, taken) ?? findFrom(text, exact, 0, taken) ?? findFrom(text, loose, 0, taken);
    if (hit) {
      used.push(hit);
      cursor = hit.end;
    }
    return hit;
  });
}
