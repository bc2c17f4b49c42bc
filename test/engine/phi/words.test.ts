/**
 * A note's words as the PHI rules read them (words.ts): a possessive 's is no part of the word
 * and is kept as a flag, so that every rule asks the word and none looks at the text after it;
 * an apostrophe inside a name stays, a closing quote or a plural's apostrophe goes unflagged.
 */
import * as assert from 'node:assert/strict';
import { wordsOf } from '../../../server/src/engine/tasks/phi/words';

const of = (text: string) => wordsOf(text).map((w) => `${w.text}${w.possessive ? "+'s" : ''}@${w.start}-${w.end}`);

describe("A note's words", () => {
  it("drops a possessive 's in any case and flags the word, its offsets its own letters", () => {
    assert.deepEqual(of("pt's wife"), ["pt+'s@0-2", 'wife@5-9']);
    assert.deepEqual(of("PT'S SON"), ["PT+'s@0-2", 'SON@5-8']);
    assert.deepEqual(of("Children's"), ["Children+'s@0-8"]);
  });

  it("keeps an apostrophe inside a name, and flags no closing quote or plural's apostrophe", () => {
    assert.deepEqual(of("O'Brien's"), ["O'Brien+'s@0-7"]);
    assert.deepEqual(of("friend 'Tony' called"), ['friend@0-6', 'Tony@8-12', 'called@14-20']);
    assert.deepEqual(of("the sons' visit"), ['the@0-3', 'sons@4-8', 'visit@10-15']);
  });
});
