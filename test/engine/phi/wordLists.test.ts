/**
 * The name, place and word lists asked of a note's word: a word keeps the lists' answers once
 * asked (lists.ts, clinicalWords.ts), and the lists' answers for a word's letters are kept for
 * the words asked about lately, up to a bound. Invariants: a word's kept answer is the answer
 * for its letters, whichever is asked first and however often; emptying the kept answers at
 * the bound changes no answer.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isStopWord, isUnknownWord, mayBeName } from '../../../server/src/engine/tasks/phi/clinicalWords';
import { isAnyName, isCommonName, isCommonPlace, isEnglish, isName, isPlace, MEMO_WORDS, opensTown } from '../../../server/src/engine/tasks/phi/lists';
import { Word, wordsOf } from '../../../server/src/engine/tasks/phi/words';

const ASKED: [string, (w: string | Word) => boolean][] = [
  ['isName', isName],
  ['isCommonName', isCommonName],
  ['isAnyName', isAnyName],
  ['isPlace', isPlace],
  ['isCommonPlace', isCommonPlace],
  ['isEnglish', isEnglish],
  ['isStopWord', isStopWord],
  ['isUnknownWord', isUnknownWord],
  ['mayBeName', mayBeName],
];

/** Our own lines: listed names, names that are words, places, clinical and function words, words no list has. */
const NOTE = `Seen by Dr. Okonkwo; wife Grace and son Will at bedside. Foley draining, stable.
Lives in Mattapan, moving to Boston Harbor. Mercy Hospital. Lindqvist xqzvv ZZQX the of.`;

function answers(words: readonly (string | Word)[]): string[] {
  return words.map((w) => ASKED.map(([, ask]) => (ask(w) ? '1' : '0')).join(''));
}

describe('The lists asked of a note word', () => {
  it('knows the kinds of word apart (names, names that are words, places, clinical and function words)', () => {
    assert.ok(isName('okonkwo') && !isEnglish('okonkwo') && isUnknownWord('okonkwo'));
    assert.ok(isCommonName('grace') && isEnglish('grace') && !isName('grace') && mayBeName('grace'));
    assert.ok(isStopWord('foley') && isStopWord('the') && !isUnknownWord('foley'));
    assert.ok(!isEnglish('xqzvv') && isUnknownWord('xqzvv') && mayBeName('xqzvv'));
    assert.ok(!isUnknownWord('x'), 'one letter is never an unknown word');
  });

  it("gives a word's answers equal to its letters', asked first or later, again and again", () => {
    const words = wordsOf(NOTE);
    const byLetters = answers(words.map((w) => w.lower));
    // Fresh words, asked before their letters were (the first question fills the word's store).
    const fresh = wordsOf(NOTE);
    assert.deepEqual(answers(fresh), byLetters);
    assert.deepEqual(answers(fresh), byLetters, 'asked again, from what the word kept');
    assert.ok(
      fresh.every((w) => w.lists >= 0 && w.stop >= 0),
      'each word kept its answers',
    );
    // Asked one question at a time, in another order, on other fresh words.
    const other = wordsOf(NOTE);
    for (const [name, ask] of [...ASKED].reverse())
      other.forEach((w, i) => assert.equal(ask(w) ? '1' : '0', byLetters[i][ASKED.findIndex(([n]) => n === name)], `${name}(${w.text})`));
  });

  it('answers the same after the kept answers were emptied at their bound', () => {
    const words = wordsOf(NOTE).map((w) => w.lower);
    const before = answers(words);
    // More made-up words than the bound: the store of answers is emptied at least once.
    for (let i = 0; i <= MEMO_WORDS; i++) isName(`zq${i.toString(36)}`);
    assert.deepEqual(answers(words), before);
    assert.deepEqual(answers(wordsOf(NOTE)), before);
  });

  it('answers the same for every word of every fixture note, word or letters', () => {
    const root = path.join(__dirname, '../../../../test/fixtures/deid');
    let checked = 0;
    for (const dir of fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory())) {
      for (const file of fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.txt'))) {
        const words = wordsOf(fs.readFileSync(path.join(root, dir, file), 'utf8'));
        assert.deepEqual(answers(words), answers(words.map((w) => w.lower)), `${dir}/${file}`);
        checked += words.length;
      }
    }
    assert.ok(checked > 10_000, `fixture words checked: ${checked}`);
  });

  it("says a word opens a town of two words or more exactly where one of the list's towns begins with it", () => {
    const towns = (
      JSON.parse(fs.readFileSync(path.join(__dirname, '../../../../server/src/engine/tasks/phi/phiLists.json'), 'utf8')) as { towns: string }
    ).towns.split('|');
    const openers = new Set(towns.filter((t) => t.includes(' ')).map((t) => t.split(' ')[0]));
    assert.ok(openers.size > 100, `${openers.size} openers`);
    for (const w of openers) assert.ok(opensTown(w), w);
    // Every other word of every town, and words no town holds.
    const others = [...new Set(towns.flatMap((t) => t.split(' ')))].filter((w) => !openers.has(w));
    assert.ok(others.length > 100, `${others.length} other words`);
    for (const w of [...others, 'pt', 'zzqx', '']) assert.ok(!opensTown(w), w);
  });
});
