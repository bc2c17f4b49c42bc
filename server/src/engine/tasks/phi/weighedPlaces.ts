/**
 * Places named beside a place found already, weighed against it or listed with it: "rehab at
 * Spaulding vs Youville", "referrals faxed to Lexington Rehab and Sancta Maria", "Radius or
 * Kindred". The other place often has no word of its own that tells it is one.
 *
 * Invariants: the found place's last word, or a kind's word right after it ("Rehab",
 * "Hospital"), stands right before vs, versus, or, and or &, with spaces only between; the
 * word after is a place's word (unknown or listed, capitalised where case tells; never a
 * function or clinical word, a state, a country or a generic destination such as "home" or
 * "rehab"), not taken already; where case tells up to two more capitalised words go on with
 * it ("Sancta Maria"); after and, a word in capitals or in a note of one case is a listed place
 * or town, or a mark ends it ("AT QUINCY HOSPITAL AND TXF HERE" is no place). A word taken by another rule (a name) is never taken again.
 */
import { COUNTRIES, STATES } from './spelling';
import { DESCRIPTORS } from './institutions';
import { isPlace, isTown } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

const JOINERS = /^(?:vs|versus|or|and|&)$/;

export function weighedPlaceSpans(
  words: Word[],
  tells: boolean,
  taken: Set<number>,
  found: readonly Found[],
  placeWord: (w: Word | undefined, tells: boolean) => boolean,
  destinations: ReadonlySet<string>,
): Found[] {
  const out: Found[] = [];
  const ends = new Set(found.filter((f) => f.type === 'location').map((f) => f.end));
  if (ends.size === 0) return out;
  const spaced = (i: number) => i < words.length && /^[ \t]+$/.test(words[i].gap);
  const other = (w: Word | undefined) =>
    !!w && w.text.length >= 3 && placeWord(w, tells) && !destinations.has(w.lower) && !STATES.has(w.lower) && !COUNTRIES.has(w.lower) && (!tells || w.cap);
  for (let i = 0; i + 1 < words.length; i++) {
    if (!ends.has(words[i].end)) continue;
    let j = i + 1;
    // ("Lexington Rehab and ...": the place's kind after its name.)
    if (DESCRIPTORS.has(words[j].lower) && bareSpace(words[j].gap) && !ends.has(words[j].end)) j++;
    // ("in Brookline & Newton": an ampersand is no word, it stands in the next word's gap; a listed place or town only after it, "Tool & Die" is one name.)
    if (!words[j]) continue;
    if (words[j].gap.trim() === '&') {
      const w = words[j];
      if (taken.has(j) || !other(w) || !(isPlace(w) || isTown(w.lower))) continue;
      taken.add(j);
      out.push({ start: w.start, end: w.end, type: 'location', confidence: 0.7, why: 'a place & a place found' });
      i = j;
      continue;
    }
    const joiner = words[j];
    // ("vs." with its full stop.)
    const gapAfter = words[j + 1]?.gap ?? '';
    if (
      !joiner ||
      !JOINERS.test(joiner.lower) ||
      !bareSpace(joiner.gap) ||
      !(/^[ \t]+$/.test(gapAfter) || (joiner.lower === 'vs' && /^\.[ \t]+$/.test(gapAfter)))
    )
      continue;
    const first = j + 1;
    if (taken.has(first) || !other(words[first])) continue;
    let k = first;
    while (tells && k - first < 2 && spaced(k + 1) && !taken.has(k + 1) && other(words[k + 1])) k++;
    // ("AT QUINCY HOSPITAL AND TXF HERE": after and, a listed place or town, a capitalised word where case tells, or a word a mark ends.)
    const listed = isPlace(words[first]) || isTown(words[first].lower) || (tells && !words[first].allCaps);
    const marked = !words[k + 1] || /^[ \t]*[.,;:)\n]/.test(words[k + 1].gap);
    if (/^(?:and|&)$/.test(joiner.lower) && !listed && !marked) continue;
    for (let n = first; n <= k; n++) taken.add(n);
    out.push({ start: words[first].start, end: words[k].end, type: 'location', confidence: 0.7, why: `a place ${joiner.lower} a place found` });
    i = k;
  }
  return out;
}
