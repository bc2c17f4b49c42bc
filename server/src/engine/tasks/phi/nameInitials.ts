/**
 * A found name's initials with full stops anywhere in the note: "o: kevin o'halloran, 38 y/o
 * ... pain poorly controlled, k.o. anxious", "PT BRENDAN KEOHANE ... B.K. ANXIOUS RE JOB". A
 * note names its patient once and then writes the initials; the name found, its initials name
 * the same person.
 *
 * Invariants: only initials written with a full stop after each letter ("k.o.", "W. L.", "h.f."),
 * two or three letters, standing apart from the words around them; they must be the first
 * letters of a found name of two or three words (its first and last word, or every word),
 * never a dosing or clinical abbreviation that is spelt so ("p.o.", "a.m.", "i.v.", "q.d.").
 */
import { PhiSpan } from './types';
import { initial, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Abbreviations written with full stops that a name's initials may spell. */
const DOTTED_ABBREVIATIONS = new Set('am pm po iv im qd bs ok pr sq sc hs ng od os ou ad as au ac pc gt ss ii ie eg nb bid tid qid qhs prn npo'.split(' '));

/** The initials of the words of a name's text, lower case: first and last, and each word's when three. */
function initialsOf(name: string): string[] {
  const parts = name
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((p) => /^[a-z]/.test(p));
  if (parts.length < 2 || parts.length > 3) return [];
  const firstLast = parts[0][0] + parts[parts.length - 1][0];
  return parts.length === 3 ? [firstLast, parts.map((p) => p[0]).join('')] : [firstLast];
}

export function nameInitialSpans(text: string, words: readonly Word[], found: readonly Found[]): Found[] {
  const keys = new Set<string>();
  for (const f of found) if (f.type === 'name') for (const k of initialsOf(text.slice(f.start, f.end))) keys.add(k);
  for (const k of DOTTED_ABBREVIATIONS) keys.delete(k);
  if (!keys.size) return [];
  const out: Found[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    if (!initial(words[i]) || !initial(words[i + 1]) || !/^\. ?$/.test(words[i + 1].gap)) continue;
    // (Apart from the words before: a space, a mark or the note's start, not a letter's full stop.)
    if (i > 0 && !/(?:^|[\s(,;:"'])$/.test(words[i].gap)) continue;
    let n = 2;
    if (initial(words[i + 2]) && /^\. ?$/.test(words[i + 2].gap)) n = 3;
    const last = words[i + n - 1];
    // (A full stop after the last letter, then no letter: "k.o. anxious", "h.f.")
    if (text[last.end] !== '.' || /[A-Za-z]/.test(text[last.end + 1] ?? '')) continue;
    const letters = words
      .slice(i, i + n)
      .map((w) => w.lower)
      .join('');
    if (!keys.has(letters)) continue;
    out.push({ start: words[i].start, end: last.end + 1, type: 'name', confidence: 0.7, why: "a found name's initials" });
    i += n - 1;
  }
  return out;
}
