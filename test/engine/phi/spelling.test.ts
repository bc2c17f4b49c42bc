/**
 * Words one edit from an English word (spelling.ts nearEnglish: "higer", "thich" are
 * misspellings a name list happens to hold) and the bare-space test every rule asks of a gap
 * (words.ts bareSpace). Invariants: nearEnglish's kept answers are the answers it would give
 * afresh, asked once, twice or after the store was emptied at its bound; bareSpace is true
 * exactly for a gap of one or more spaces and tabs.
 */
import * as assert from 'node:assert/strict';
import { isEnglish } from '../../../server/src/engine/tasks/phi/lists';
import { NEAR_WORDS, nearEnglish } from '../../../server/src/engine/tasks/phi/spelling';
import { bareSpace, wordsOf } from '../../../server/src/engine/tasks/phi/words';

/** Every word one letter dropped, added, changed or two swapped away, as the rule defines it. */
function oneEditAway(w: string): string[] {
  const out: string[] = [];
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length) out.push(w.slice(0, i) + w.slice(i + 1));
    if (i + 1 < w.length) out.push(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    for (const c of letters) {
      out.push(w.slice(0, i) + c + w.slice(i));
      if (i < w.length) out.push(w.slice(0, i) + c + w.slice(i + 1));
    }
  }
  return out.filter((x) => x.length >= 4 && x !== w);
}
const afresh = (w: string) => oneEditAway(w).some((x) => isEnglish(x));

/** Our own lines: misspellings, listed names, words, and words no list holds. */
const NOTE = `Pt higer than baseline, thich secretions, stoll in chair. Seen by Okonkwo and Lindqvist; wife Marta.
Wexbridge, Halvorstad, xqzvvy, tolerating diet, ambulating, recieved meds, Fenwick clinic.`;

describe('Spelling: one edit from an English word', () => {
  it('finds misspellings and leaves names and made-up words alone', () => {
    for (const w of ['higer', 'thich', 'recieved', 'ambulatng']) assert.ok(nearEnglish(w), w);
    for (const w of ['okonkwo', 'lindqvist', 'xqzvvy', 'halvorstad']) assert.ok(!nearEnglish(w), w);
  });

  it('answers as afresh for every word of a note, asked once, again, and after its store was emptied', () => {
    const words = wordsOf(NOTE).map((w) => w.lower);
    const expected = words.map(afresh);
    assert.deepEqual(words.map(nearEnglish), expected);
    assert.deepEqual(words.map(nearEnglish), expected, 'asked again');
    for (let i = 0; i <= NEAR_WORDS; i++) nearEnglish(`zq${i.toString(36)}`);
    assert.deepEqual(words.map(nearEnglish), expected, 'after the store was emptied');
  });
});

describe('bareSpace: a gap of spaces and tabs only', () => {
  it('is true exactly where /^[ \\t]+$/ is, on every gap of up to three characters of a mixed alphabet', () => {
    const alphabet = [' ', '\t', '\n', '\r', ',', '.', 'a', '\u00a0', '\u2003'];
    let checked = 0;
    const each = (gap: string) => {
      assert.equal(bareSpace(gap), /^[ \t]+$/.test(gap), JSON.stringify(gap));
      checked++;
    };
    each('');
    for (const a of alphabet) {
      each(a);
      for (const b of alphabet) {
        each(a + b);
        for (const c of alphabet) each(a + b + c);
      }
    }
    assert.equal(checked, 1 + 9 + 81 + 729);
  });
});
