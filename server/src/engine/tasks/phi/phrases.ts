/**
 * A name read after a cue: the words an expression captured after "lives at", "a sophomore
 * at", "ID'D AS" and the like, kept up to the first word that ends the name, and read back
 * from the note so that its offsets are the note's own. The phrase rules (residences.ts,
 * affiliations.ts, identifiedAs.ts) share it.
 *
 * Invariants: words are split on spaces and tabs; a word that `ends` the name is left out and
 * so is all after it; a full stop after a kept word ends the sentence there unless `abbreviated`
 * says the stop is the word's own ("St. Joseph Manor"); a full stop or an apostrophe after the
 * last word is no part of the name ("lives at linden ponds."); the span is the note's text only
 * where one space stands between the words (the text is read back, never rebuilt).
 */

/** What a phrase reader needs besides the words: where the name ends. */
export interface PhraseRule {
  /** Whether this word (its trailing full stops and apostrophes cut) ends the name, `k` its place. */
  ends: (word: string, k: number) => boolean;
  /** Whether a word's full stop is its own, so the sentence goes on after it. */
  abbreviated?: (word: string) => boolean;
}

/** The name's offsets in `text` from the captured words starting at `start`, or undefined where none is kept. */
export function phraseAt(text: string, start: number, captured: string, rule: PhraseRule): { start: number; end: number; first: string } | undefined {
  const words = captured.split(/[ \t]+/);
  let n = 0;
  while (n < words.length && !rule.ends(words[n].replace(/[.']+$/, ''), n)) {
    n++;
    if (words[n - 1].endsWith('.') && !rule.abbreviated?.(words[n - 1])) break;
  }
  if (n === 0) return undefined;
  const name = words
    .slice(0, n)
    .join(' ')
    .replace(/[.']+$/, '');
  if (!name || text.slice(start, start + name.length) !== name) return undefined;
  return { start, end: start + name.length, first: words[0] };
}
