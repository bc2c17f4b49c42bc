/** Character classes the segmenter and the section-label reader test one UTF-16 code unit at a time. */

export const UPPER = /^[\p{Lu}\p{Lt}]/u;

export const LOWER = /^\p{Ll}/u;

export const enum Ch {
  Tab = 0x09,
  LF = 0x0a,
  VT = 0x0b,
  FF = 0x0c,
  CR = 0x0d,
  Space = 0x20,
  Bang = 0x21,
  Quote = 0x22,
  Apos = 0x27,
  LParen = 0x28,
  RParen = 0x29,
  Star = 0x2a,
  Plus = 0x2b,
  Dot = 0x2e,
  Zero = 0x30,
  Nine = 0x39,
  Colon = 0x3a,
  Semi = 0x3b,
  Question = 0x3f,
  A = 0x41,
  Z = 0x5a,
  LBracket = 0x5b,
  RBracket = 0x5d,
  a = 0x61,
  z = 0x7a,
  LBrace = 0x7b,
  RBrace = 0x7d,
  Ellipsis = 0x2026,
}

/** Exactly the set String.prototype.trim() removes, so trimmed text stays trimmed. */
export function isWs(c: number): boolean {
  if (c <= Ch.Space) return c === Ch.Space || (c >= Ch.Tab && c <= Ch.CR);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

export function isCloser(c: number): boolean {
  return c === Ch.Quote || c === Ch.Apos || c === Ch.RParen || c === Ch.RBracket || c === Ch.RBrace || c === 0x201d || c === 0x2019 || c === 0x00bb;
}

export function isOpener(c: number): boolean {
  return c === Ch.Quote || c === Ch.Apos || c === Ch.LParen || c === Ch.LBracket || c === Ch.LBrace || c === 0x201c || c === 0x2018 || c === 0x00ab;
}

export function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= Ch.A && c <= Ch.Z;
  return UPPER.test(String.fromCodePoint(text.codePointAt(i)!));
}

/**
 * A word that starts a sentence: capitalised, or a mixed-case term that is written with
 * a lower-case first letter ("eGFR", "pH", "mRNA") and so can open a sentence as is.
 */
export function startsCapitalised(text: string, k: number): boolean {
  if (isUpperAt(text, k)) return true;
  const c = text.charCodeAt(k);
  if (c < Ch.a || c > Ch.z) return false;
  const stop = Math.min(text.length, k + 4);
  for (let p = k + 1; p < stop; p++) {
    const d = text.charCodeAt(p);
    if (d >= Ch.A && d <= Ch.Z) return true;
    if (d < Ch.a || d > Ch.z) return false;
  }
  return false;
}

export function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= Ch.a && c <= Ch.z;
  return LOWER.test(String.fromCodePoint(text.codePointAt(i)!));
}

export function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

export function isAsciiLetter(c: number): boolean {
  return (c >= Ch.A && c <= Ch.Z) || (c >= Ch.a && c <= Ch.z);
}
