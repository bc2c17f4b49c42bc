/**
 * Where a death's arrangements are made: the town after a funeral home, a chapel or a mortuary
 * and its comma ("Henderson-Goode Funeral Home, Hamden", "FUNERAL HOME: CUMMINGS & FLAHERTY,
 * HINGHAM"), and a cemetery by its name ("burial at Waterside Cemetery"). (The funeral home's own
 * name is places.ts's, before its kind; the organ bank is careProviders.ts's.)
 *
 * Invariants: the town is a listed town of one to three words right after the comma, on the
 * same line, never a state alone; a cemetery's name is one to three words before "cemetery",
 * capitalised where case tells, else after at, in or to, never a function or clinical word.
 */
import { isStopWord } from './clinicalWords';
import { isTown } from './lists';
import { STATES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** A funeral home's kind, alone or as a label, then its name on the line, then a comma. */
const FUNERAL = /\b(?:funeral[ \t]+homes?|funeral[ \t]+chapels?|chapels|mortuary|memorial[ \t]+chapel)(?:[ \t]*:[ \t]*[^,\n]{2,40})?[ \t]*,[ \t]*(?=\p{L})/giu;

export function funeralSpans(text: string, words: Word[], tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(FUNERAL, text)) {
    const at = m.index + m[0].length;
    const line = /^[\p{L}'.-]+(?:[ \t]+[\p{L}'.-]+){0,2}/u.exec(text.slice(at, at + 40));
    if (!line) continue;
    const parts = line[0].split(/[ \t]+/);
    // The longest listed town of the first one to three words ("Fall River", "Hingham").
    for (let n = parts.length; n >= 1; n--) {
      const phrase = parts.slice(0, n).join(' ');
      const lower = phrase.toLowerCase().replace(/\.$/, '');
      if (!isTown(lower) || STATES.has(lower)) continue;
      out.push({ start: at, end: at + phrase.replace(/\.$/, '').length, type: 'location', confidence: 0.75, why: 'a town after a funeral home' });
      break;
    }
  }
  for (let i = 1; i < words.length; i++) {
    if (words[i].lower !== 'cemetery' || !bareSpace(words[i].gap)) continue;
    let from = i;
    while (from > i - 3 && from > 0 && (from === i || bareSpace(words[from].gap)) && named(words[from - 1])) from--;
    if (from === i) continue;
    const cued = from > 0 && /^(at|in|to)$/.test(words[from - 1].lower);
    if (!tells && !cued) continue;
    out.push({ start: words[from].start, end: words[i].end, type: 'location', confidence: 0.75, why: 'a cemetery by its name' });
  }
  return out;

  function named(w: Word): boolean {
    return !isStopWord(w) && w.text.length >= 3 && (!tells || w.cap || w.allCaps);
  }
}
