/** BioC JSON: reading, writing and round trips. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseBioC, readBioC, writeBioC } from '../../../server/src/engine/formats/bioc';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { RUNS, docArb } from './arbitraries';

describe('formats: BioC JSON', () => {
  it('reads passages at their offsets, identifiers, role names, concept-id relations and findings', () => {
    const collection = {
      source: 'PubTator',
      date: '20240101',
      key: 'BioC.key',
      infons: {},
      documents: [
        {
          id: '123',
          infons: { journal: 'J', year: 2020, nested: { no: 1 } },
          passages: [
            {
              offset: 0,
              infons: { type: 'title' },
              text: 'Cisplatin nephrotoxicity.',
              annotations: [
                { id: '1', infons: { type: 'Chemical', identifier: 'D002945' }, text: 'Cisplatin', locations: [{ offset: 0, length: 9 }] },
                { id: '2', infons: { type: 'Disease', identifier: 'D007674,D006222' }, text: 'nephrotoxicity', locations: [{ offset: 10, length: 14 }] },
              ],
              relations: [],
            },
            {
              offset: 30,
              infons: { type: 'abstract' },
              text: 'Renal 😷 failure was seen.',
              annotations: [
                {
                  id: '3',
                  infons: { type: 'Disease', identifier: 'D051437', negated: 'true' },
                  text: 'Renal 😷 failure',
                  locations: [
                    { offset: 30, length: 5 },
                    { offset: 39, length: 7 },
                  ],
                },
                { id: '4', infons: { type: 'Disease' }, text: 'bad', locations: [{ offset: 'x', length: 3 }] },
                { id: '5', infons: { type: 'Disease' }, text: 'far', locations: [{ offset: 900, length: 3 }] },
              ],
              relations: [
                {
                  id: 'R1',
                  infons: { type: 'CID' },
                  nodes: [
                    { refid: '1', role: 'Arg1' },
                    { refid: '2', role: 'Arg2' },
                  ],
                },
                {
                  id: 'R2',
                  infons: { relation: 'CID' },
                  nodes: [
                    { refid: 'D051437', role: 'Disease' },
                    { refid: 'D002945', role: 'Chemical' },
                  ],
                },
                { id: 'R3', infons: { relation: 'CID', Chemical: 'D002945', Disease: 'D006222' }, nodes: [] },
                {
                  id: 'R4',
                  infons: { type: 'CID' },
                  nodes: [
                    { refid: '1', role: 'head' },
                    { refid: 'nowhere', role: 'tail' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { documents, skipped } = parseBioC(JSON.stringify(collection));
    assert.equal(skipped, 3);
    const [d] = documents;
    assert.equal(d.id, '123');
    assert.equal(d.text, 'Cisplatin nephrotoxicity.     Renal 😷 failure was seen.');
    assert.deepEqual(d.infons, { journal: 'J', year: '2020', title_length: '25' });
    assert.deepEqual(d.entities, [
      { id: '1', type: 'Chemical', start: 0, end: 9, text: 'Cisplatin', ids: ['D002945'] },
      { id: '2', type: 'Disease', start: 10, end: 24, text: 'nephrotoxicity', ids: ['D007674', 'D006222'] },
      { id: '3', type: 'Disease', start: 30, end: 46, text: 'Renal 😷 failure', ids: ['D051437'], negated: true },
    ]);
    assert.deepEqual(d.relations, [
      { id: 'R1', label: 'CID', head: '1', tail: '2' },
      { id: 'R2', label: 'CID', head: '1', tail: '3' },
      { id: 'R3', label: 'CID', head: '1', tail: '2' },
    ]);
    assert.deepEqual(readBioC('not json'), []);
  });

  it('writes one passage, findings as nli_finding / nli_evidence annotations linked by relations', () => {
    const text = 'No fever. Patient is afebrile.';
    const doc: AnnotatedDocument = {
      id: 'n',
      text,
      entities: [{ id: 'F1', type: 'problem', start: 3, end: 8, text: 'fever', negated: true }],
      relations: [],
      findings: [{ label: 'entailment', hypothesis: { start: 10, end: 30, text: text.slice(10, 30) }, evidence: [{ start: 0, end: 9, text: 'No fever.' }] }],
    };
    const json = writeBioC([doc], { source: 'biomed', date: '20250101' });
    const parsed = JSON.parse(json);
    assert.equal(parsed.source, 'biomed');
    assert.equal(parsed.documents[0].passages.length, 1);
    const anns = parsed.documents[0].passages[0].annotations;
    assert.deepEqual(
      anns.map((a: { id: string; infons: { type: string } }) => [a.id, a.infons.type]),
      [
        ['F1', 'problem'],
        ['F2', 'nli_finding'],
        ['V1', 'nli_evidence'],
      ],
    );
    assert.deepEqual(parsed.documents[0].passages[0].relations[0], {
      id: 'N1',
      infons: { type: 'nli_evidence' },
      nodes: [
        { refid: 'F2', role: 'hypothesis' },
        { refid: 'V1', role: 'evidence' },
      ],
    });
    assert.deepEqual(readBioC(json), [doc]);
  });

  it('round-trips random documents (emoji, non-BMP, CRLF; entities, relations, findings, infons)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 3 }), (docs) => {
        const { documents, skipped } = parseBioC(writeBioC(docs));
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
      }),
      { numRuns: RUNS },
    );
  });

  it("reads a list of collections (the NCBI BioC API's answer) and PubTator3's export; any other JSON is said not to be BioC", () => {
    const doc = (id: string) => ({ id, passages: [{ offset: 0, text: `Note ${id}.`, annotations: [] }] });
    assert.deepEqual(
      parseBioC(JSON.stringify([{ source: 'PubMed', documents: [doc('1'), doc('2')] }, { documents: [doc('3')] }])).documents.map((d) => d.id),
      ['1', '2', '3'],
    );
    assert.deepEqual(
      parseBioC(JSON.stringify({ PubTator3: [doc('4')] })).documents.map((d) => [d.id, d.text]),
      [['4', 'Note 4.']],
    );
    assert.deepEqual(
      parseBioC(JSON.stringify([doc('5')])).documents.map((d) => d.id),
      ['5'],
    );
    for (const other of ['{"foo":1}', '{"documents":"oops"}', '"text"', '42']) {
      const read = parseBioC(other);
      assert.deepEqual([read.documents, read.skips], [[], { 'not BioC JSON': 1 }], other);
    }
  });
});
