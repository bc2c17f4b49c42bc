/**
 * Section headers of report layouts written blind (issue 47): 90 report skeletons of eight
 * types (test/fixtures/sections/blind-reports.txt), written by a helper session that never saw
 * the segmenter, headers marked. The segmenter's header recall and precision on them are held
 * at or above their first figures, measured before any rule was changed for them (recall
 * 0.745, precision 0.909; docs/guide/evaluation.md). Issue 47 asks for 0.98 and 0.95: these
 * floors rise as the segmenter does.
 */
import * as assert from 'node:assert/strict';
import { BlindReport, headerScores, readBlindReports } from './blindReports';

const FIRST = { recall: 0.745, precision: 0.908 };

describe('segmentation: section headers of report layouts written blind', () => {
  let reports: BlindReport[];
  before(() => (reports = readBlindReports()));

  it('reads the fixture: 90 reports of eight types, every marked header where its label is', () => {
    assert.equal(reports.length, 90);
    assert.deepEqual([...new Set(reports.map((r) => r.type))].sort(), ['consult', 'discharge', 'ed', 'hp', 'operative', 'pathology', 'progress', 'radiology']);
    let marked = 0;
    for (const r of reports) {
      assert.ok(!r.text.includes('[[') && !r.text.includes(']]'), `${r.type} ${r.number}: a mark left in the text`);
      for (const h of r.headers) assert.equal(r.text.slice(h.start, h.start + h.label.length), h.label);
      marked += r.headers.length;
    }
    assert.equal(marked, 707);
  });

  it(`header recall >= ${FIRST.recall} and precision >= ${FIRST.precision} (the first figures)`, () => {
    const s = headerScores(reports);
    assert.ok(s.recall >= FIRST.recall, `recall ${s.recall.toFixed(3)} (${s.found} of ${s.gold} marked headers found)`);
    assert.ok(s.precision >= FIRST.precision, `precision ${s.precision.toFixed(3)} (${s.trueHeaders} of ${s.headers} headers marked)`);
  });
});
