/** Every corpus reader counts what it skips, by reason (`skips`), and `skipped` is their sum. */
import * as assert from 'node:assert/strict';
import { parseBioC } from '../../../server/src/engine/formats/bioc';
import { parseBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { parseChemProt } from '../../../server/src/engine/formats/chemprot';
import { describeSkips, totalSkipped } from '../../../server/src/engine/formats/document';
import { parseIob } from '../../../server/src/engine/formats/iob';
import { parseJsonl } from '../../../server/src/engine/formats/jsonl';
import { parseNliPairs } from '../../../server/src/engine/formats/nliPairs';
import { parsePubTator } from '../../../server/src/engine/formats/pubtator';

describe('corrupt corpora: skips counted by reason', () => {
  it('describeSkips: largest first, plurals', () => {
    assert.equal(describeSkips({ 'invalid tag': 1, 'bad offset': 2 }), '2 bad offsets, 1 invalid tag');
    assert.equal(describeSkips({ 'text mismatch': 3 }), '3 text mismatches');
    assert.equal(describeSkips({ 'not a document': 4, 'bad JSON line': 2 }), '4 not documents, 2 bad JSON lines');
    assert.equal(describeSkips({ 'not BioC JSON': 1 }), '1 not BioC JSON');
    // The noun comes before "cut short" and a parenthesis.
    assert.equal(describeSkips({ 'record cut short (no END)': 2 }), '2 records cut short (no END)');
    assert.equal(describeSkips({ 'record cut short (no END)': 1 }), '1 record cut short (no END)');
    assert.equal(totalSkipped({ a: 2, b: 1 }), 3);
  });

  it('PubTator: bad offsets, truncated lines, text mismatches, stray lines', () => {
    const file = [
      '1|t|Cisplatin nephrotoxicity',
      '1|a|Renal failure.',
      '1\t0\t9\tCisplatin\tChemical\tD002945',
      '1\t0\t999\tCisplatin\tChemical\tD002945', // past the text
      '1\tx\t9\tCisplatin\tChemical\tD002945', // not a number
      '1\t0', // truncated
      '1\t10\t24\tnephrosis\tDisease\tD007674', // the text there is "nephrotoxicity"
      '2\t0\t3\tabc\tChemical\t-', // another PMID
      '',
    ].join('\n');
    const r = parsePubTator(file);
    assert.deepEqual(r.skips, { 'bad offset': 2, 'truncated line': 1, 'text mismatch': 1, 'stray line': 1 });
    assert.equal(r.skipped, 5);
    assert.equal(r.documents[0].entities.length, 1);
  });

  it('IOB: invalid tags and truncated lines', () => {
    const r = parseIob('Aspirin\tB-Chemical\ncauses\tX-Foo\nulcers\n\tO\nbleeding\tB-Disease\n');
    assert.deepEqual(r.skips, { 'invalid tag': 1, 'truncated line': 2 });
    assert.equal(r.skipped, 3);
  });

  it('BRAT: bad offsets, a T line whose text is not the .txt at its offsets, duplicate ids, dangling relations, malformed lines', () => {
    const text = 'Chest pain treated with aspirin.';
    const ann = [
      'T1\tProblem 0 10\tChest pain',
      'T2\tTreatment 24 31\taspirin',
      'T3\tProblem 0 500\tChest pain', // past the text
      'T4\tProblem 10 0\tChest pain', // backwards
      'T5\tProblem 0 5\tHeart', // text mismatch
      'T1\tProblem 0 5\tChest', // duplicate id
      'R1\tTrIP Arg1:T2 Arg2:T1',
      'R2\tTrIP Arg1:T9 Arg2:T1', // dangling
      'garbage line',
      'E1\tEvent:T1', // events: not corruption
      '#1\tAnnotatorNotes T1\tnote',
      '',
    ].join('\n');
    const r = parseBratDocument('x', text, ann);
    assert.deepEqual(r.skips, { 'bad offset': 2, 'text mismatch': 1, 'duplicate id': 1, 'dangling relation': 1, 'malformed line': 1 });
    assert.deepEqual(
      r.document.entities.map((e) => e.id),
      ['T1', 'T2'],
    );
    assert.equal(r.document.relations.length, 1);
    // A discontinuous span's text is its fragments joined by a space.
    assert.deepEqual(parseBratDocument('y', 'chest and pain', 'T1\tProblem 0 5;10 14\tchest pain\n').skips, {});
  });

  it('BioC JSON: bad JSON, bad offsets, overlapping passages, unmapped relations, invalid labels', () => {
    assert.deepEqual(parseBioC('{"documents": [').skips, { 'bad JSON': 1 });
    const collection = {
      documents: [
        {
          id: 'd1',
          passages: [
            {
              offset: 0,
              text: 'Aspirin causes ulcers.',
              annotations: [
                { id: 'A1', infons: { type: 'Chemical' }, locations: [{ offset: 0, length: 7 }] },
                { id: 'A2', infons: { type: 'Disease' }, locations: [{ offset: 15, length: 500 }] },
                { id: 'A3', infons: { type: 'Disease' }, locations: [{ offset: 'x', length: 2 }] },
                { id: 'F1', infons: { type: 'nli_finding', label: 'maybe' }, locations: [{ offset: 0, length: 7 }] },
              ],
              relations: [
                {
                  id: 'R1',
                  infons: { type: 'CID' },
                  nodes: [
                    { refid: 'A1', role: 'head' },
                    { refid: 'A9', role: 'tail' },
                  ],
                },
              ],
            },
            { offset: 3, text: 'overlap' },
          ],
        },
        'not a document',
      ],
    };
    const r = parseBioC(JSON.stringify(collection));
    assert.deepEqual(r.skips, { 'bad offset': 2, 'invalid label': 1, 'unmapped relation': 1, 'overlapping passage': 1, 'malformed document': 1 });
    assert.equal(r.skipped, 6);
  });

  it('JSON lines: bad JSON lines, lines that are no document, bad offsets, dangling relations, invalid findings', () => {
    const text = [
      '{"id":"a","text":"Aspirin helps.","entities":[{"id":"T1","type":"chemical","start":0,"end":7},{"id":"T2","type":"x","start":5,"end":99}],"relations":[{"id":"R1","label":"r","head":"T1","tail":"T9"}],"findings":[{"label":"perhaps","hypothesis":{"start":0,"end":3}}]}',
      '{"id":"b",',
      '{"id":"c"}',
      '',
    ].join('\n');
    const r = parseJsonl(text);
    assert.deepEqual(r.skips, { 'bad offset': 1, 'dangling relation': 1, 'invalid finding': 1, 'bad JSON line': 1, 'not a document': 1 });
    assert.equal(r.skipped, 5);
  });

  it('ChemProt: bad JSON lines, missing fields, missing markers', () => {
    const good = '{"text": "<< Aspirin >> inhibits [[ COX-2 ]] .", "label": "INHIBITOR", "metadata": []}';
    const r = parseChemProt([good, '{"text": "no markers here", "label": "INHIBITOR"}', '{"label": "INHIBITOR"}', '{oops', ''].join('\n'));
    assert.equal(r.pairs.length, 1);
    assert.deepEqual(r.skips, { 'bad marker': 1, 'missing field': 1, 'bad JSON line': 1 });
  });

  it('NLI pairs: bad JSON lines, missing fields, invalid labels', () => {
    const r = parseNliPairs(
      ['{"premise":"a","hypothesis":"b","label":"entailment"}', '{"premise":"a","hypothesis":"b","label":"-"}', '{"premise":"a"}', '[1]', 'nope', ''].join(
        '\n',
      ),
    );
    assert.equal(r.pairs.length, 1);
    assert.deepEqual(r.skips, { 'invalid label': 1, 'missing field': 2, 'bad JSON line': 1 });
    assert.equal(r.skipped, 4);
  });
});
