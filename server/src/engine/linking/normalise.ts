/**
 * The keys a vocabulary name is indexed under and a mention is looked up by. The index
 * (vocab/) stores every key `nameKeys` gives for each name; the linker looks a mention's keys
 * up in the same order, most exact first, so changing a key here changes both sides at once
 * (bump NORMALISER_VERSION: a .vocab built with another version is rebuilt, not misread).
 */

/** Part of a .vocab file's header: an index built with other keys is refused. */
export const NORMALISER_VERSION = 1;

/** Unicode-folded, lower-cased, punctuation as spaces, single spaces. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * A name's keys, most exact first, each prefixed by its level (`1:` folded text, `2:` words
 * sorted), without repeats.
 */
export function nameKeys(text: string): string[] {
  const folded = fold(text);
  if (!folded) return [];
  const sorted = folded.split(' ').sort().join(' ');
  return [...new Set([`1:${folded}`, `2:${sorted}`])];
}

/** The text approximate search compares (character n-grams are taken from it). */
export function approxKey(text: string): string {
  return fold(text);
}
