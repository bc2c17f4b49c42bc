/**
 * The units of a range of sentences, found by binary search (what an edit's windows read),
 * against the walk over every unit of the note: the same unit for every sentence of every
 * range, list items of several sentences and sentences in no unit included.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { relationUnits, unitOfSentences, unitOfSentencesIn } from '../../../server/src/engine/tasks/relations';
import { segment } from '../../../server/src/engine/text/segment';

const PIECES = [
  'He has chest pain.',
  'No fever. ',
  '\n\n',
  '\n1. Aspirin daily. Take with food.\n',
  '\n- Metoprolol 25 mg. Hold if HR < 60.\n',
  'HISTORY:\n',
  'BP 120/80. HR 72. ',
  '\n',
];

describe('the units of a range of sentences (unitOfSentencesIn)', () => {
  it('gives every sentence of any range the unit the walk over every unit gives it, -1 for none', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 60 }), fc.nat(), fc.nat(), fc.nat(), (pieces, a, b, cut) => {
        const text = pieces.join('');
        const sentences = segment(text).filter((s) => s.kind === 'sentence');
        const units = relationUnits(text, sentences);
        // (Some units after the span units, as carry-over appends windows: never read.)
        const count = units.length;
        const all = unitOfSentences(units, count);
        const n = sentences.length;
        const from = n ? a % (n + 1) : 0;
        const to = Math.min(n, from + (b % (n + 1)));
        const within = unitOfSentencesIn([...units, ...units.slice(0, cut % 3)], from, to, count);
        assert.equal(within.length, Math.max(0, to - from));
        for (let s = from; s < to; s++) assert.equal(within[s - from], all[s] ?? -1, `sentence ${s} of [${from}, ${to}) in ${JSON.stringify(text)}`);
      }),
      { numRuns: 500 },
    );
  });

  it('holds on a list item of several sentences at the range start', () => {
    const text = 'Plan:\n1. Aspirin daily. Take with food. Stop if bleeding.\n2. Statin at night.\n';
    const sentences = segment(text).filter((s) => s.kind === 'sentence');
    const units = relationUnits(text, sentences);
    const item = units.find((u) => u.sentences.length > 1);
    assert.ok(item, JSON.stringify(units));
    const from = item.sentences[1];
    const within = unitOfSentencesIn(units, from, sentences.length);
    assert.equal(within[0], units.indexOf(item));
  });
});
