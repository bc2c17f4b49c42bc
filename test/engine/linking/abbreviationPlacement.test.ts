/**
 * Short forms read from where the mentions lie: a short-form mention right after another
 * mention across an opening parenthesis stands for it, even when its letters do not spell it
 * (only part of the long form is a mention). Sentences written for this project.
 */
import * as assert from 'node:assert/strict';
import { abbreviationsFromPlacement } from '../../../server/src/engine/linking/abbreviations';
import { Linker } from '../../../server/src/engine/linking/linker';
import { MemoryVocabulary } from '../../../server/src/engine/linking/memoryVocabulary';

const vocabulary = new MemoryVocabulary('test', [
  { id: 'MESH:D007674', name: 'Kidney Diseases', names: ['Nephropathy'], altIds: [], types: [] },
  { id: 'MESH:D003693', name: 'Delirium', names: [], altIds: [], types: [] },
  // Names near "RCN" and "EDD" that a short form alone would drift to.
  { id: 'MESH:D000001', name: 'Renal Cell Neoplasm', names: ['RCN disease'], altIds: [], types: [] },
  { id: 'MESH:D000002', name: 'Ectodermal Dysplasia', names: ['EDD syndrome'], altIds: [], types: [] },
]);

/** Mentions with their offsets in `text`, each found after the previous one. */
function place(text: string, mentions: string[]): { text: string; start: number; end: number }[] {
  let from = 0;
  return mentions.map((m) => {
    const start = text.indexOf(m, from);
    from = start + m.length;
    return { text: m, start, end: start + m.length };
  });
}

describe('linking: short forms after a mention in parentheses', () => {
  const text = 'Rates of radiocontrast nephropathy (RCN) were low; RCN was transient.';

  it('with the text, what lies between must be an opening parenthesis', () => {
    assert.equal(abbreviationsFromPlacement(place(text, ['nephropathy', 'RCN', 'RCN']), text).get('RCN'), 'nephropathy');
    const apart = 'Nephropathy was rare and RCN was transient.';
    assert.equal(abbreviationsFromPlacement(place(apart, ['Nephropathy', 'RCN']), apart).size, 0, 'not in parentheses');
  });

  it('without the text, a gap of one to three characters', () => {
    const mentions = [
      { text: 'delirium', start: 10, end: 18 },
      { text: 'EDDs', start: 20, end: 24 },
      { text: 'stroke', start: 40, end: 46 },
      { text: 'TIA', start: 60, end: 63 },
    ];
    const map = abbreviationsFromPlacement(mentions);
    assert.equal(map.get('EDD'), 'delirium', 'the plural s is dropped');
    assert.equal(map.has('TIA'), false, 'too far from any mention');
    assert.equal(abbreviationsFromPlacement(mentions.map((m) => ({ text: m.text }))).size, 0, 'no offsets, no placement');
  });

  it("without the text, a list's next item is not a short form of the one before: it shares no letter with it", () => {
    // "hypertension, DM, CAD": ", " is as short as " (".
    const list = [
      { text: 'hypertension', start: 11, end: 23 },
      { text: 'DM', start: 25, end: 27 },
      { text: 'CAD', start: 29, end: 32 },
    ];
    assert.equal(abbreviationsFromPlacement(list).size, 0);
    // A short form of part of its long form shares a letter: "nephropathy (CIN)".
    assert.equal(
      abbreviationsFromPlacement([
        { text: 'nephropathy', start: 17, end: 28 },
        { text: 'CIN', start: 30, end: 33 },
      ]).get('CIN'),
      'nephropathy',
    );
  });

  it('the linker reads the short form as the mention before it, everywhere in the document', () => {
    const links = new Linker(vocabulary).linkDocument(undefined, [
      { text: 'nephropathy', start: 23, end: 34 },
      { text: 'RCN', start: 36, end: 39 },
      { text: 'RCN', start: 51, end: 54 },
    ]);
    assert.deepEqual(
      links.map((l) => l.concepts[0]?.id),
      ['MESH:D007674', 'MESH:D007674', 'MESH:D007674'],
    );
    assert.equal(links[2].method, 'abbreviation');
  });

  it('a short form that is itself a name keeps its own concept (placement is weaker than spelling)', () => {
    const synonyms = new MemoryVocabulary('synonyms', [{ id: 'MESH:D000002', name: 'EDD', names: ['EDD'], altIds: [], types: [] }]);
    const links = new Linker(vocabulary, { synonyms }).linkDocument(undefined, [
      { text: 'delirium', start: 0, end: 8 },
      { text: 'EDD', start: 10, end: 13 },
    ]);
    assert.equal(links[1].concepts[0].id, 'MESH:D000002');
  });

  it('a short form that only some concept of the vocabulary is named still stands for the mention before it', () => {
    // In a large vocabulary nearly every short form is some concept's initialism.
    const large = new MemoryVocabulary('large', [
      { id: 'X:1', name: 'Enteric Duct Disorder', names: ['EDD'], altIds: [], types: [] },
      { id: 'MESH:D003693', name: 'Delirium', names: [], altIds: [], types: [] },
    ]);
    const links = new Linker(large).linkDocument(undefined, [
      { text: 'delirium', start: 0, end: 8 },
      { text: 'EDD', start: 10, end: 13 },
    ]);
    assert.equal(links[1].concepts[0].id, 'MESH:D003693');
    assert.equal(links[1].method, 'abbreviation');
    assert.equal(new Linker(large).link('EDD').concepts[0].id, 'X:1', 'alone, its own name');
  });

  it('among the concepts a short form names, the one of the mention before it is taken', () => {
    const shared = new MemoryVocabulary('shared', [
      { id: 'X:1', name: 'Spondylo-Jugal Syndrome', names: ['SJS'], altIds: [], types: [] },
      { id: 'X:2', name: 'Schwartz-Jampel Syndrome', names: ['SJS'], altIds: [], types: [] },
    ]);
    const links = new Linker(shared).linkDocument(undefined, [
      { text: 'Schwartz-Jampel syndrome', start: 0, end: 24 },
      { text: 'SJS', start: 26, end: 29 },
    ]);
    assert.equal(links[1].concepts[0].id, 'X:2');
    assert.ok(
      links[1].candidates[0].some((c) => c.id === 'X:1'),
      'the other stays a candidate',
    );
  });
});
