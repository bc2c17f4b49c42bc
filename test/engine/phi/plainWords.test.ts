/**
 * markedNames (nameMarks.ts) skips the plain words (`plainWord`, nameMarkWords.ts): one space
 * either side, no cue before, no role after, no title. The invariant: every rule needs what a
 * plain word lacks, so the skip changes nothing. Checked against the same rules reading every
 * word, on every fixture note and on random notes made of the marks the rules read.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../../../server/src/engine/random';
import { markedNames } from '../../../server/src/engine/tasks/phi/nameMarks';
import { plainWord } from '../../../server/src/engine/tasks/phi/nameMarkWords';
import { caseTells, wordsOf } from '../../../server/src/engine/tasks/phi/words';

/** The rules' spans over a note, skipping plain words or reading them all, with the same words already taken. */
function both(text: string, takenBefore: number[]) {
  const run = (everyWord: boolean) => markedNames(text, wordsOf(text), caseTells(text), new Set(takenBefore), everyWord);
  return { skipping: run(false), reading: run(true) };
}

function fixtureNotes(): string[] {
  const root = path.join(__dirname, '../../../../test/fixtures/deid');
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(dir, e.name));
      else if (e.name.endsWith('.txt')) out.push(fs.readFileSync(path.join(dir, e.name), 'utf8'));
  };
  walk(root);
  return out;
}

describe('The marks around a name skip plain words', () => {
  it('finds the same names skipping plain words as reading every word, in every fixture note', () => {
    const notes = fixtureNotes();
    assert.ok(notes.length > 1000, `${notes.length} fixture notes`);
    let found = 0;
    let plain = 0;
    let all = 0;
    for (const note of notes) {
      const { skipping, reading } = both(note, []);
      assert.deepEqual(skipping, reading, note.slice(0, 200));
      found += reading.length;
      const words = wordsOf(note);
      words.forEach((_, i) => (plain += plainWord(words, i) ? 1 : 0));
      all += words.length;
    }
    // The test reaches both sides: names found, and most words skipped.
    assert.ok(found > 200 && plain > all / 5, `${found} names found; ${plain} of ${all} words plain`);
  });

  it('finds the same names on random notes made of the marks the rules read, some words already taken', () => {
    const pieces = [
      'Rose',
      'ROSE',
      'rose',
      'Kevin',
      'Quinlan',
      'Doña',
      'Carmen',
      'Fr.',
      'fr',
      'Sr.',
      'Rev.',
      'Mme',
      'pastor',
      'imam',
      'Dr.',
      'dr',
      'DR',
      'RN',
      'rn',
      'MD',
      'NP',
      'PA',
      'LPN',
      'jk',
      'KLW',
      'J.',
      'B.K.',
      'T',
      'K',
      'a',
      'I',
      'wife',
      'son',
      'daughter',
      "pt's",
      "Rob's",
      'friend',
      'for',
      'me',
      'calls',
      'asks',
      'asking',
      'call',
      'report',
      'given',
      'to',
      'from',
      'with',
      'w/',
      'by',
      'per',
      'speech',
      'nutrition',
      'PT',
      'sw',
      'cards',
      'EP',
      'Thanks',
      'Sincerely',
      'thank',
      'you',
      'Patient:',
      'Re:',
      'cc:',
      'pt:',
      'aware',
      'ordered',
      'paged',
      '72M',
      '45F',
      '(cell 508-555-0147)',
      '("Bill")',
      '"Tony"',
      '(Grant)',
      '(pt)',
      '- mb',
      '/ jd',
      'RAG/mlt',
      'her',
      'daughter,',
      'the',
      'stable',
      'liaison',
    ];
    const gaps = [' ', ' ', ' ', ' ', ', ', '. ', '\n', ' (', ') ', ': ', ' - ', ' / ', '  ', '\n\n', ' "', '" '];
    const rand = mulberry32(46);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
    let found = 0;
    for (let n = 0; n < 3000; n++) {
      let text = '';
      const length = 3 + Math.floor(rand() * 14);
      for (let k = 0; k < length; k++) text += (k ? pick(gaps) : '') + pick(pieces);
      const count = wordsOf(text).length;
      const taken = Array.from({ length: count }, (_, i) => i).filter(() => rand() < 0.1);
      const { skipping, reading } = both(text, taken);
      assert.deepEqual(skipping, reading, `${JSON.stringify(text)} taken ${JSON.stringify(taken)}`);
      found += reading.length;
    }
    assert.ok(found > 500, `${found} names found`);
  });
});
