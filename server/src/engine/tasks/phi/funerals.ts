/**
 * Where a death's arrangements are made: the town after a funeral home, a chapel or a mortuary
 * and its comma ("Henderson-Goode Funeral Home, Hamden", "FUNERAL HOME: CUMMINGS & FLAHERTY,
 * HINGHAM"). (The funeral home's own name and a cemetery's are institutions.ts's, before their
 * kind; the organ bank is careProviders.ts's.)
 *
 * Invariants: the town is a listed town of one to three words right after the comma, on the
 * same line, never a state alone (listedTowns.ts).
 */
import { listedTownAt } from './listedTowns';
import { PhiSpan } from './types';
import { firstWordFrom, Word } from './words';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** A funeral home's kind, alone or as a label, then its name on the line, then a comma. */
const FUNERAL = /\b(?:funeral[ \t]+homes?|funeral[ \t]+chapels?|chapels|mortuary|memorial[ \t]+chapel)(?:[ \t]*:[ \t]*[^,\n]{2,40})?[ \t]*,[ \t]*(?=\p{L})/giu;

export function funeralSpans(text: string, words: Word[]): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(FUNERAL, text)) {
    const at = m.index + m[0].length;
    // ("Funeral Home, Fall River, MA": the longest listed town of the first one to three words.)
    const t = firstWordFrom(words, at);
    const last = words[t]?.start === at ? listedTownAt(words, t, 3) : -1;
    if (last >= 0) out.push({ start: at, end: words[last].end, type: 'location', confidence: 0.75, why: 'a town after a funeral home' });
  }
  return out;
}
