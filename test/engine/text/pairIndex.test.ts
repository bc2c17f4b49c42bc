/**
 * `holds` (pairIndex.ts) answers as `includes` does, whichever text was asked about before and
 * whatever characters the text and the string hold: its table of pairs only spares reading.
 */
import * as assert from 'node:assert/strict';
import { mulberry32 } from '../../../server/src/engine/random';
import { holds } from '../../../server/src/engine/text/pairIndex';

describe('A look for a string by the pairs of characters a text holds', () => {
  it('answers as includes on random texts and strings, astral characters, line breaks and empty strings among them', () => {
    const pieces = ['a', 'b', 'on', 'from ', 'local', 'mci-', '(', '"', '\u201c', '\n', ' ', '9', '😀', '\ud83d', 'é', 'st'];
    const rand = mulberry32(7);
    const make = (n: number) => Array.from({ length: n }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
    for (let t = 0; t < 200; t++) {
      const text = make(Math.floor(rand() * 30));
      // Strings of the text itself and strings made alike, asked in turn with another text between.
      for (let k = 0; k < 20; k++) {
        const from = Math.floor(rand() * (text.length + 1));
        const cue = rand() < 0.5 ? text.slice(from, from + Math.floor(rand() * 6)) : make(1 + Math.floor(rand() * 3));
        assert.equal(holds(text, cue), text.includes(cue), `${JSON.stringify(text)} holds ${JSON.stringify(cue)}`);
        if (k % 7 === 0) assert.equal(holds(`${text}x`, cue), `${text}x`.includes(cue));
      }
    }
  });

  it('answers for the text asked about, not the one asked about before', () => {
    assert.equal(holds('lives in quincy', 'quincy'), true);
    assert.equal(holds('lives at home', 'quincy'), false);
    assert.equal(holds('lives in quincy', 'quincy'), true);
  });
});
