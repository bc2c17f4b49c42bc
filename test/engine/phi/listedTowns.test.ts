/**
 * The listed town that begins at a word (listedTowns.ts), shared by the town after a funeral
 * home's comma and after a form field's value: its invariants, each with a case that breaks it.
 */
import * as assert from 'node:assert/strict';
import { listedTownAt } from '../../../server/src/engine/tasks/phi/listedTowns';
import { wordsOf } from '../../../server/src/engine/tasks/phi/words';

/** The town found at the first word of `text`, as text, or undefined. */
function townAt(text: string, most: number): string | undefined {
  const words = wordsOf(text);
  const last = listedTownAt(words, 0, most);
  return last < 0 ? undefined : text.slice(words[0].start, words[last].end);
}

describe('PHI: the listed town that begins at a word', () => {
  it('the longest of one to `most` words wins: "North Andover" over "North"', () => {
    assert.equal(townAt('North Andover and home', 3), 'North Andover');
    assert.equal(townAt('Fall River Ma', 2), 'Fall River');
    assert.equal(townAt('East Boston', 1), undefined, 'one word allowed: "East" alone is no listed town');
  });

  it('never across a line break or a comma', () => {
    assert.equal(townAt('Boston\nRiver', 3), 'Boston');
    assert.equal(townAt('Fall\nRiver', 3), undefined);
    assert.equal(townAt('Fall, River', 3), undefined);
  });

  it("a state's word alone and a function word alone are never a town; a state inside a town's name is", () => {
    assert.equal(townAt('Maine', 3), undefined);
    assert.equal(townAt('York', 3), undefined);
    assert.equal(townAt('New York', 3), 'New York');
    assert.equal(townAt('the', 3), undefined);
  });
});
