/**
 * phraseAt (phrases.ts): the name read after a cue, on strings written for this test. Its
 * invariants: the word that ends the name and all after it are left out, a full stop ends the
 * sentence unless the word's own, a last full stop or apostrophe is no part of the name, and the
 * span is read back from the text (two spaces between words keep none).
 */
import * as assert from 'node:assert/strict';
import { phraseAt } from '../../../server/src/engine/tasks/phi/phrases';

const ENDS = new Set(['in', 'with', 'since']);
const rule = { ends: (w: string) => ENDS.has(w.toLowerCase()), abbreviated: (w: string) => /^st\.$/i.test(w) };

/** The text of the name after "at " in `text`, or undefined. */
function read(text: string): string | undefined {
  const start = text.indexOf(' at ') + 4;
  const found = phraseAt(text, start, text.slice(start), rule);
  return found && text.slice(found.start, found.end);
}

describe('phrases: the name read after a cue (phraseAt)', () => {
  it("stops before the word that ends it, and at a sentence's full stop", () => {
    assert.equal(read('lives at marian manor since 2005'), 'marian manor');
    assert.equal(read('lives at goddard house. son peter'), 'goddard house');
    assert.equal(read('lives at bramble cove.'), 'bramble cove');
  });

  it("keeps a word's own full stop, and keeps nothing when the first word ends it", () => {
    assert.equal(read('lives at St. Joseph Manor in Brighton'), 'St. Joseph Manor');
    assert.equal(read('lives at in town'), undefined);
  });

  it('reads the span back from the text: two spaces between the words keep none', () => {
    assert.equal(read('lives at maple  knoll'), undefined);
    const found = phraseAt('x at hollis glen', 5, 'hollis glen', rule);
    assert.deepEqual(found, { start: 5, end: 16, first: 'hollis' });
  });
});
