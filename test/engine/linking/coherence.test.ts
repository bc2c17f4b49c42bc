/**
 * Document coherence: an approximate link prefers, among its candidates, a concept that a
 * surer link of the same document found. Sentences written for this project.
 */
import * as assert from 'node:assert/strict';
import { Linker } from '../../../server/src/engine/linking/linker';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';

const vocabulary = new MemoryVocabulary('test', [
  { id: 'MESH:D000010', name: 'Liver Diseases', names: ['hepatic disease'], altIds: [], types: [] },
  { id: 'MESH:D000011', name: 'Liver Failure', names: ['hepatic failure'], altIds: [], types: [] },
  { id: 'MESH:D000012', name: 'Gout', names: [], altIds: [], types: [] },
]);

describe('linking: document coherence', () => {
  // Not a general head ("dysfunction" would be read as the organ's disease): a misspelt phrase,
  // found by approximate search (its head kept: heads.ts).
  const loose = 'hepatic diseasee';

  it('alone, a loose phrase goes to its nearest name', () => {
    const [alone] = new Linker(vocabulary).linkDocument(undefined, [{ text: loose }]);
    assert.equal(alone.method, 'approximate');
    assert.equal(alone.concepts[0].id, 'MESH:D000010');
    assert.ok(
      alone.candidates[0].some((c) => c.id === 'MESH:D000011'),
      'liver failure is a candidate',
    );
  });

  it('beside an exact mention of a candidate concept, it takes that concept', () => {
    const links = new Linker(vocabulary).linkDocument(undefined, [{ text: 'hepatic failure' }, { text: loose }]);
    assert.equal(links[0].method, 'exact');
    assert.equal(links[1].concepts[0].id, 'MESH:D000011');
    assert.equal(links[1].candidates[0][0].id, 'MESH:D000011', 'the chosen concept heads its candidates');
    assert.equal(links[1].method, 'approximate');
  });

  it('a concept that is not among its candidates does not pull it', () => {
    const links = new Linker(vocabulary).linkDocument(undefined, [{ text: 'gout' }, { text: loose }]);
    assert.equal(links[1].concepts[0].id, 'MESH:D000010');
  });

  it('a key several concepts share takes the one the document names surely elsewhere', () => {
    const shared = new MemoryVocabulary('shared', [
      { id: 'X:1', name: 'Glandular Lymph Disorder', names: ['GLD'], altIds: [], types: [] },
      { id: 'X:2', name: 'Globoid Cell Leukodystrophy', names: ['GLD', 'Krabbe disease'], altIds: [], types: [] },
    ]);
    const alone = new Linker(shared).linkDocument(undefined, [{ text: 'GLD' }]);
    assert.equal(alone[0].concepts[0].id, 'X:1', 'alone, the vocabulary order');
    const links = new Linker(shared).linkDocument(undefined, [{ text: 'Krabbe disease' }, { text: 'GLD' }]);
    assert.deepEqual(
      links.map((l) => l.concepts[0].id),
      ['X:2', 'X:2'],
    );
    assert.equal(links[1].method, 'exact');
    const both = new Linker(shared).linkDocument(undefined, [{ text: 'GLD' }, { text: 'GLD' }]);
    assert.equal(both[0].concepts[0].id, 'X:1', 'an ambiguous mention is no sure context for another');
  });
});
