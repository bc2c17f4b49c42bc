/**
 * A weak approximate match is offered, never taken: a look-alike that shares no word with the
 * mention is no link and no candidate either (sharedWords.ts), and a match that
 * shares a word but scores under APPROXIMATE_FLOOR leaves an entity of a whole document
 * (annotate --vocab) without a concept or ids, while a close misspelling is still linked; the
 * model's choice (--model-choice) among the candidates is taken as it is.
 */
import * as assert from 'node:assert/strict';
import { APPROXIMATE_FLOOR, linkEntities, takenConcepts } from '../../../server/src/engine/linking/documentLinks';
import { Linker, MentionLink } from '../../../server/src/engine/linking/linker';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';
import type { AnnotatedDocument } from '../../../server/src/engine/formats/document';

const vocabulary = new MemoryVocabulary('drugs', [
  { id: 'MESH:D001241', name: 'Aspirin', names: ['Aspirin'], altIds: [], types: [] },
  { id: 'MESH:D006493', name: 'Heparin', names: ['Heparin'], altIds: [], types: [] },
]);
const linker = new Linker(vocabulary, {});

function document(): AnnotatedDocument {
  const text = 'Given metformin, then heparn, then a heparin lock flush solution syringe.';
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });
  return {
    id: 'd',
    text,
    entities: [
      { id: 'T1', type: 'treatment', ...at('metformin') },
      { id: 'T2', type: 'treatment', ...at('heparn') },
      { id: 'T3', type: 'treatment', ...at('heparin lock flush solution syringe') },
    ],
    relations: [],
  };
}

describe('linking: the floor under approximate matches', () => {
  it('a weak look-alike ("metformin" for Heparin or Aspirin) is not taken; a misspelling ("heparn") is', async () => {
    const [unlike, close, weak] = linker.linkDocument(document().text, document().entities);
    // "metformin" shares letters with Heparin and Aspirin, not a word: neither link nor candidate.
    assert.equal(unlike.method, 'none');
    assert.deepEqual(unlike.concepts, []);
    assert.deepEqual(unlike.candidates, []);
    // Sharing "heparin", not the head ("syringe"): offered, not linked (heads.ts).
    assert.deepEqual(
      weak.candidates[0].map((c) => [c.id, c.shares]),
      [['MESH:D006493', ['heparin']]],
    );
    assert.equal(weak.method, 'none');
    assert.deepEqual(takenConcepts(weak), []);
    // An approximate link under the floor is not taken either.
    const low = { ...weak.candidates[0][0], score: APPROXIMATE_FLOOR - 0.05 };
    assert.deepEqual(takenConcepts({ concepts: [low], method: 'approximate', candidates: [[low]] }), []);
    assert.ok(close.concepts[0].score >= APPROXIMATE_FLOOR, `scored ${close.concepts[0].score}`);
    assert.deepEqual(
      takenConcepts(close).map((c) => c.id),
      ['MESH:D006493'],
    );

    const doc = document();
    await linkEntities(doc, [{ linker }]);
    assert.deepEqual(
      doc.entities.map((e) => [e.text, e.ids, e.concepts?.length]),
      [
        ['metformin', undefined, 0],
        ['heparn', ['MESH:D006493'], 1],
        ['heparin lock flush solution syringe', undefined, 0],
      ],
    );
  });

  it("the model's choice is taken as it is, weak or not", async () => {
    const doc = document();
    // A model that takes each mention's first candidate, as a model choosing among them may.
    const firstCandidate = async (_doc: unknown, links: readonly MentionLink[]) =>
      links.map((l) => (l.concepts.length > 0 || !l.candidates[0]?.length ? l : { ...l, concepts: [l.candidates[0][0]], method: 'model' as const }));
    await linkEntities(doc, [{ linker }], firstCandidate);
    assert.deepEqual(
      doc.entities.map((e) => e.ids),
      // "metformin" has no candidate to choose.
      [undefined, ['MESH:D006493'], ['MESH:D006493']],
    );
  });
});
