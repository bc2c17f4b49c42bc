/**
 * A listed town that begins at a word, as a place's line writes it after a comma ("Funeral
 * Home, Fall River", "Employer: Acme, Woburn"): the rules that find a name and then its town
 * share it.
 *
 * Invariants: the longest of one to `most` words wins, joined by spaces or tabs only (never
 * across a line or a comma); a state's word alone ("Maine", "York") and a function or clinical
 * word alone are never a town.
 */
import { isStopWord } from './clinicalWords';
import { isTown } from './lists';
import { STATES } from './spelling';
import { bareSpace, Word } from './words';

/** The index of the town's last word, or -1 where no listed town begins at word `t`. */
export function listedTownAt(words: readonly Word[], t: number, most: number): number {
  let last = t;
  while (last + 1 < words.length && last + 1 - t < most && bareSpace(words[last + 1].gap)) last++;
  for (; last >= t; last--) {
    const phrase = words
      .slice(t, last + 1)
      .map((w) => w.lower)
      .join(' ');
    if (!isTown(phrase)) continue;
    if (last === t && (STATES.has(phrase) || isStopWord(words[t]))) return -1;
    return last;
  }
  return -1;
}
