/**
 * Concept IDs in every output format: JSON lines' `ids` and `concepts`,
 * BioC's `identifier` infon, BRAT's `N` lines (and the `NoConcept` note), PubTator's ID
 * column; each written and read back by the project's own readers.
 */
import * as assert from 'node:assert/strict';
import { readBioC, writeBioC } from '../../../server/src/engine/formats/bioc';
import { parseBrat } from '../../../server/src/engine/formats/brat';
import { bratOmissions, readBratDocument, writeBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { readJsonl, writeJsonl } from '../../../server/src/engine/formats/jsonl';
import { readPubTator, writePubTator } from '../../../server/src/engine/formats/pubtator';

const TEXT = 'Atrial fibrillation with breast and ovarian cancer; no zorblax syndrome.';

function linkedDoc(): AnnotatedDocument {
  return {
    id: 'doc1',
    text: TEXT,
    entities: [
      {
        id: 'T1',
        type: 'problem',
        start: 0,
        end: 19,
        text: 'Atrial fibrillation',
        ids: ['MESH:D001281'],
        concepts: [{ id: 'MESH:D001281', name: 'Atrial Fibrillation', vocabulary: 'tiny', score: 1, method: 'exact' }],
      },
      {
        id: 'T2',
        type: 'problem',
        start: 25,
        end: 50,
        text: 'breast and ovarian cancer',
        ids: ['MESH:D001943', 'MESH:D010051'],
        concepts: [
          { id: 'MESH:D001943', name: 'Breast Neoplasms', vocabulary: 'tiny', score: 0.94, method: 'composite' },
          { id: 'MESH:D010051', name: 'Ovarian Neoplasms', vocabulary: 'tiny', score: 0.94, method: 'composite' },
        ],
      },
      { id: 'T3', type: 'problem', start: 55, end: 71, text: 'zorblax syndrome', concepts: [] },
    ],
    relations: [],
  };
}

const idsOf = (d: AnnotatedDocument) => d.entities.map((e) => e.ids);

describe('formats: concept IDs written and read back', () => {
  it('JSON lines: ids and concepts per entity; [] (no ids) for a linked entity without a concept; absent when not linked', () => {
    const doc = linkedDoc();
    doc.entities.push({ id: 'T4', type: 'test', start: 0, end: 6, text: 'Atrial' });
    const line = writeJsonl([doc]);
    const raw = JSON.parse(line).entities;
    assert.deepEqual(raw[1].concepts, [
      { id: 'MESH:D001943', name: 'Breast Neoplasms', vocabulary: 'tiny', score: 0.94, method: 'composite' },
      { id: 'MESH:D010051', name: 'Ovarian Neoplasms', vocabulary: 'tiny', score: 0.94, method: 'composite' },
    ]);
    assert.deepEqual(raw[2].concepts, []);
    assert.equal('ids' in raw[2], false);
    assert.equal('concepts' in raw[3], false);
    const [back] = readJsonl(line);
    assert.deepEqual(back.entities, doc.entities);
  });

  it('JSON lines: a concept without a string id or name is dropped on reading, the rest kept', () => {
    const line = JSON.stringify({
      text: 'fever',
      entities: [
        {
          id: 'T1',
          type: 'problem',
          start: 0,
          end: 5,
          concepts: [
            { id: 7, name: 'x' },
            { id: 'LOCAL:1', name: 'Fever' },
          ],
        },
      ],
    });
    assert.deepEqual(readJsonl(line)[0].entities[0].concepts, [{ id: 'LOCAL:1', name: 'Fever', vocabulary: '', score: 0, method: '' }]);
  });

  it('BioC: the identifier infon, a composite joined by |; read back as the same ids', () => {
    const json = writeBioC([linkedDoc()]);
    const annotations = JSON.parse(json).documents[0].passages[0].annotations;
    assert.deepEqual(
      annotations.map((a: { infons: Record<string, string> }) => a.infons.identifier),
      ['MESH:D001281', 'MESH:D001943|MESH:D010051', undefined],
    );
    assert.deepEqual(idsOf(readBioC(json)[0]), [['MESH:D001281'], ['MESH:D001943', 'MESH:D010051'], undefined]);
  });

  it('PubTator: the sixth column of mention lines; read back as the same ids', () => {
    const text = writePubTator([linkedDoc()]);
    const mentions = text.split('\n').filter((l) => /^doc1\t\d/.test(l));
    assert.deepEqual(mentions, [
      'doc1\t0\t19\tAtrial fibrillation\tproblem\tMESH:D001281',
      'doc1\t25\t50\tbreast and ovarian cancer\tproblem\tMESH:D001943|MESH:D010051',
      'doc1\t55\t71\tzorblax syndrome\tproblem',
    ]);
    assert.deepEqual(idsOf(readPubTator(text)[0]), [['MESH:D001281'], ['MESH:D001943', 'MESH:D010051'], undefined]);
  });

  it("BRAT: one N line per ID with the concept's name, brat's layout; read back as the same ids", () => {
    const { ann, txt } = writeBratDocument(linkedDoc());
    const nLines = ann.split('\n').filter((l) => l.startsWith('N'));
    assert.deepEqual(nLines, [
      'N1\tReference T1 MESH:D001281\tAtrial Fibrillation',
      'N2\tReference T2 MESH:D001943\tBreast Neoplasms',
      'N3\tReference T2 MESH:D010051\tOvarian Neoplasms',
    ]);
    assert.deepEqual(idsOf(readBratDocument('doc1', txt, ann)), [['MESH:D001281'], ['MESH:D001943', 'MESH:D010051'], undefined]);
    assert.deepEqual(bratOmissions(linkedDoc()).identifiers, 0);
  });

  it('BRAT: a decision that no concept fits (ids []) is a NoConcept note on the entity, read back as []', () => {
    const doc = linkedDoc();
    doc.entities[2].ids = [];
    const { ann, txt } = writeBratDocument(doc);
    assert.ok(ann.split('\n').includes('#1\tNoConcept T3\tno concept fits'), ann);
    assert.deepEqual(readBratDocument('doc1', txt, ann).entities[2].ids, []);
    // Not an entity, attribute or relation to any BRAT reader.
    assert.equal(parseBrat(ann).entities.length, 3);
  });

  it('BRAT: an ID without a DB: prefix is no N line and is counted; an N line another tool wrote is read, one of a missing entity is not', () => {
    const doc = linkedDoc();
    doc.entities[0].ids = ['D001281'];
    doc.entities[0].concepts = undefined;
    const { ann } = writeBratDocument(doc);
    assert.ok(!ann.includes('D001281'), ann);
    assert.equal(bratOmissions(doc).identifiers, 1);
    const hand =
      'T1\tproblem 0 19\tAtrial fibrillation\nN1\tReference T1 MESH:D001281\tAtrial Fibrillation\nN2\tReference T9 MESH:D000001\tNothing\nN3\tReference T1 OMIM:608583\n';
    const read = readBratDocument('d', TEXT, hand);
    assert.deepEqual(idsOf(read), [['MESH:D001281', 'OMIM:608583']]);
  });
});
