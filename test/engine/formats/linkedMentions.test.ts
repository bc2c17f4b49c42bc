/**
 * Mentions with concept IDs read from the three corpus layouts (formats/linkedMentions.ts):
 * PubTator ID columns (composites with `|` or `+`), the concept layout (`-1`, `|`), BRAT N
 * lines resolved to their T lines. Lines written for this project.
 */
import * as assert from 'node:assert/strict';
import { readLinkedMentions } from '../../../server/src/engine/formats/linkedMentions';

describe('formats: linked mentions', () => {
  it('PubTator: the ID column, composites joined by | or +, -1 as none; title and relation lines skipped', () => {
    const text = [
      '111|t|Gout and kidney stones.',
      '111|a|Breast and ovary tumours were rare.',
      '111\t0\t4\tGout\tSpecificDisease\tD006073',
      '111\t9\t22\tkidney stones\tSpecificDisease\tD007669+D000001',
      '111\t24\t48\tBreast and ovary tumours\tCompositeMention\tD001943|D010051',
      '111\t50\t54\trare\tModifier\t-1',
      '111\tCID\tD000002\tD006073',
      '',
    ].join('\n');
    const m = readLinkedMentions(text, 'pubtator');
    assert.equal(m.length, 4);
    assert.deepEqual(m[0], { document: '111', start: 0, end: 4, text: 'Gout', type: 'SpecificDisease', ids: ['D006073'], composite: false });
    assert.deepEqual(m[1].ids, ['D007669', 'D000001']);
    assert.equal(m[1].composite, true);
    assert.deepEqual(m[2].ids, ['D001943', 'D010051']);
    assert.deepEqual(m[3].ids, []);
    assert.equal(m[3].composite, false);
  });

  it('the concept layout: PMID||start|end||type||text||ID', () => {
    const text =
      '222||10|24||Disease||renal colic||D007674\n222||30|41||Disease||odd finding||-1\n222||50|70||Disease||gout or arthritis||D006073|D001168\nnot a line\n';
    const m = readLinkedMentions(text, 'concept');
    assert.equal(m.length, 3);
    assert.deepEqual(m[0], { document: '222', start: 10, end: 24, text: 'renal colic', type: 'Disease', ids: ['D007674'], composite: false });
    assert.deepEqual(m[1].ids, []);
    assert.deepEqual(m[2].ids, ['D006073', 'D001168']);
    assert.equal(m[2].composite, true);
    // The lines that are not mentions are counted, by reason.
    const skips = {};
    readLinkedMentions(`${text}222||x|y||Disease||gout||D1\n\n`, 'concept', skips);
    assert.deepEqual(skips, { 'truncated line': 1, 'bad offset': 1 });
  });

  it('BRAT: each N line resolved to its T line; several on one T make a composite; text order', () => {
    const ann = [
      'T1\tDisease 20 31\tpalpitation',
      'T2\tDisease 0 10\tarrhythmia',
      'T3\tDisease 40 45;50 55\tleft arm',
      'T4\tDisease 60 64\tnone',
      'N1\tReference T1 MESH:D010142\tPalpitation',
      'N2\tReference T2 MESH:D001145\tArrhythmias, Cardiac',
      'N3\tReference T3 MESH:D000001\tOne',
      'N4\tReference T3 MESH:D000002\tTwo',
      'N5\tReference T9 MESH:D000003\tno such T',
      '#1\tAnnotatorNotes T1\ta note',
    ].join('\n');
    const m = readLinkedMentions(ann, 'brat');
    assert.deepEqual(
      m.map((x) => [x.start, x.end, x.text, x.ids]),
      [
        [0, 10, 'arrhythmia', ['MESH:D001145']],
        [20, 31, 'palpitation', ['MESH:D010142']],
        [40, 55, 'left arm', ['MESH:D000001', 'MESH:D000002']],
      ],
    );
    assert.equal(m[2].composite, true);
    assert.equal(m[0].type, 'Disease');
  });
});
