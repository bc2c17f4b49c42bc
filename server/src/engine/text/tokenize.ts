/**
 * Word tokens as the biomedical corpora tokenise them: runs of letters, digits and
 * combining marks stay together, every other visible character (punctuation, symbols,
 * emoji) is a token of its own. Offsets are UTF-16 code units, like JS string indices
 * and LSP positions; a surrogate pair is never split.
 */
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
  for (const m of text.matchAll(TOKEN)) {
    const start = m.index! + base;
    tokens.push({ start, end: start + m[0].length, text: m[0] });
  }
  return tokens;
}
