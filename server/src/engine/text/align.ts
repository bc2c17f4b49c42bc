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

function sameToken(a: string, b: string): boolean {
  return a === b || a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();
}

/**
 * Assigns each `(token, label)` answer line to an input token: in order, tolerating lines
 * the model left out (skip ahead a little) and lines it repeated or invented (ignored).
 * Returns, per input token, the label given to it or undefined, and how many lines matched.
 */
export function alignTokenLines<L>(
  tokens: readonly Token[],
  lines: readonly { token: string; label: L }[],
): { labels: (L | undefined)[]; matched: number; lastMatched: number } {
  const labels: (L | undefined)[] = new Array(tokens.length).fill(undefined);
  let cursor = 0;
  let matched = 0;
  let lastMatched = -1;
  for (const line of lines) {
    const limit = Math.min(tokens.length, cursor + LOOKAHEAD + 1);
    for (let j = cursor; j < limit; j++) {
      if (sameToken(tokens[j].text, line.token)) {
        labels[j] = line.label;
        matched++;
        lastMatched = j;
        cursor = j + 1;
        break;
      }
    }
  }
  return { labels, matched, lastMatched };
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
  const parts = surface.trim().split(/\s+/).filter((p) => p.length > 0);
  if (parts.length === 0) return undefined;
  return new RegExp(parts.map(escapeRegExp).join('\\s+'), flags);
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
      findFrom(text, exact, cursor, taken) ??
      findFrom(text, loose, cursor, taken) ??
      findFrom(text, exact, 0, taken) ??
      findFrom(text, loose, 0, taken);
    if (hit) {
      used.push(hit);
      cursor = hit.end;
    }
    return hit;
  });
}
