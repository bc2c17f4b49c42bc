/**
 * The de-identification corpus readers on small synthetic files (PhysioNet, i2b2 2014 XML,
 * BRAT), what they count as bad input, and the scorer's overlap counting as stat.pm does.
 */
import * as assert from 'node:assert/strict';
import { readBratPhi, readI2b2Xml, readPhysionet, writePhysionetSpans } from '../../../server/src/engine/formats/phiCorpus';
import { DeidScorer } from '../../../server/src/engine/eval/deidScores';

const TEXT = [
  'START_OF_RECORD=4||||1||||',
  'Seen by Dr. Okonkwo on 7/22.',
  '||||END_OF_RECORD',
  '',
  'START_OF_RECORD=4||||2||||',
  'No identifiers here.',
  '||||END_OF_RECORD',
  '',
  'START_OF_RECORD=7||||1||||',
  'Cut short, no end',
  '',
].join('\n');

describe('De-identification corpora and scoring', () => {
  it('reads PhysioNet records with the -phi.phrase types, counting what it drops', () => {
    const skips = {};
    const phrase = '4 1 12 19 HCPName Okonkwo\n4 1 23 27 Date 7/22\n4 1 24 26 Date 7/\n4 1 20 99 Date x\n9 1 0 2 Date xx\nnot a line\n';
    const docs = readPhysionet(TEXT, undefined, phrase, skips);
    assert.deepEqual(
      docs.map((d) => [d.id, d.gold.map((g) => `${g.type}:${g.text}`)]),
      [
        ['4 1', ['HCPName:Okonkwo', 'Date:7/22', 'Date:/2']],
        ['4 2', []],
      ],
    );
    assert.deepEqual(skips, {
      'record cut short (no ||||END_OF_RECORD)': 1,
      'spans past the end of their text': 1,
      'gold spans of notes the text lacks': 1,
      'phrase lines that are no span': 1,
      'gold spans overlapping another (kept, each scored)': 1,
    });
  });

  it('reads the .deid layout when there is no phrase file, and writes it back', () => {
    const deid = 'Patient 4 Note 1\n12 12 19\n23 23 27\nPatient 4 Note 2\n';
    const docs = readPhysionet(TEXT, deid, undefined, {});
    assert.deepEqual(
      docs[0].gold.map((g) => g.text),
      ['Okonkwo', '7/22'],
    );
    assert.equal(writePhysionetSpans(docs.map((d) => ({ id: d.id, spans: d.gold }))), deid);
  });

  it('reads i2b2 2014 XML and BRAT notes', () => {
    const xml =
      '<?xml version="1.0"?><deIdi2b2><TEXT><![CDATA[Mr. Abelard seen 3/4/2090.]]></TEXT><TAGS><NAME id="P0" start="4" end="11" text="Abelard" TYPE="PATIENT" /><DATE id="P1" start="17" end="25" TYPE="DATE" /><DATE id="P2" start="17" end="90" TYPE="DATE" /></TAGS></deIdi2b2>';
    const skips = {};
    const doc = readI2b2Xml('n.xml', xml, skips)!;
    assert.deepEqual(
      doc.gold.map((g) => [g.type, g.text]),
      [
        ['PATIENT', 'Abelard'],
        ['DATE', '3/4/2090'],
      ],
    );
    assert.deepEqual(skips, { 'spans past the end of their text': 1 });
    const brat = readBratPhi('n.txt', 'Call Ruth at 555-0101.', 'T1\tNAME 5 9\tRuth\nT2\tPHONE 13 21\t555-0101\n', {});
    assert.deepEqual(
      brat.gold.map((g) => [g.type, g.text]),
      [
        ['NAME', 'Ruth'],
        ['PHONE', '555-0101'],
      ],
    );
  });

  it('scores as stat.pm: a gold found by any overlap, a detected span right by any overlap', () => {
    const s = new DeidScorer();
    // "holy cross": two gold tokens, one detected span over both: both found, one span right.
    s.add(
      [
        { start: 0, end: 4, type: 'Location' },
        { start: 5, end: 10, type: 'Location' },
        { start: 20, end: 24, type: 'Date' },
      ],
      [
        { start: 0, end: 10, type: 'location' },
        { start: 23, end: 30, type: 'date' },
        { start: 40, end: 45, type: 'name' },
      ],
    );
    s.add([{ start: 0, end: 3, type: 'HCPName' }], []);
    const r = s.scores();
    assert.deepEqual([r.gold, r.found, r.detected, r.right], [4, 3, 3, 2]);
    assert.equal(r.recall, 0.75);
    assert.equal(r.precision, 2 / 3);
    assert.deepEqual(r.goldTypes, [
      { type: 'Location', total: 2, hit: 2 },
      { type: 'Date', total: 1, hit: 1 },
      { type: 'HCPName', total: 1, hit: 0 },
    ]);
    assert.deepEqual(
      r.detectedTypes.find((t) => t.type === 'name'),
      { type: 'name', total: 1, hit: 0 },
    );
  });
});
