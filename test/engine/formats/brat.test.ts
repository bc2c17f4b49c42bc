import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BratDocument, parseBrat, writeBrat } from '../../../server/src/engine/formats/brat';
import { ROOT } from '../../support/paths';

const NOTES = path.join(ROOT, 'test/fixtures/notes');

function fixturePairs(): Array<{ ann: string; text: string; name: string }> {
  const pairs = [];
  for (const f of fs
    .readdirSync(NOTES)
    .filter((f) => f.endsWith('.ann'))
    .sort()) {
    const base = f.slice(0, -4);
    const textFile = ['.note', '.txt'].map((e) => path.join(NOTES, base + e)).find((p) => fs.existsSync(p));
    assert.ok(textFile, `no text beside ${f}`);
    pairs.push({
      name: base,
      ann: fs.readFileSync(path.join(NOTES, f), 'utf8'),
      text: fs.readFileSync(textFile, 'utf8'),
    });
  }
  return pairs;
}

describe('BRAT standoff', () => {
  it('parses every fixture, each entity text equal to the text at its spans', () => {
    const pairs = fixturePairs();
    assert.ok(pairs.length >= 4);
    for (const { name, ann, text } of pairs) {
      const doc = parseBrat(ann);
      assert.ok(doc.entities.length > 0, name);
      for (const e of doc.entities) {
        const surface = e.spans.map((s) => text.slice(s.start, s.end)).join(' ');
        assert.equal(surface, e.text, `${name} ${e.id}`);
      }
      const ids = new Set(doc.entities.map((e) => e.id));
      for (const r of doc.relations) {
        assert.ok(ids.has(r.arg1) && ids.has(r.arg2), `${name} ${r.id} arguments exist`);
      }
    }
  });

  it('reads entities and relations field by field', () => {
    const doc = parseBrat('T1\tChemical 0 9\tCisplatin\nT2\tDisease 18 32\tnephrotoxicity\nR1\tCID Arg1:T1 Arg2:T2\n');
    assert.deepEqual(doc, {
      entities: [
        { id: 'T1', type: 'Chemical', spans: [{ start: 0, end: 9 }], text: 'Cisplatin' },
        { id: 'T2', type: 'Disease', spans: [{ start: 18, end: 32 }], text: 'nephrotoxicity' },
      ],
      relations: [{ id: 'R1', label: 'CID', arg1: 'T1', arg2: 'T2' }],
      attributes: [],
    });
  });

  it('round-trips write → parse, and writes \\n line ends with a trailing newline', () => {
    for (const { ann } of fixturePairs()) {
      const doc = parseBrat(ann);
      const written = writeBrat(doc);
      assert.ok(written.endsWith('\n') && !written.includes('\r'));
      assert.deepEqual(parseBrat(written), doc);
    }
    const doc: BratDocument = {
      entities: [
        {
          id: 'T1',
          type: 'PROBLEM',
          spans: [
            { start: 0, end: 5 },
            { start: 10, end: 14 },
          ],
          text: 'chest pain',
        },
        { id: 'T3', type: 'PROBLEM', spans: [{ start: 20, end: 26 }], text: 'nausea' },
      ],
      relations: [{ id: 'R1', label: 'PIP', arg1: 'T1', arg2: 'T3' }],
      attributes: [
        { id: 'A1', name: 'Negation', target: 'T3' },
        { id: 'A2', name: 'Severity', target: 'T1', value: 'High' },
      ],
    };
    const text = writeBrat(doc);
    assert.equal(text, 'T1\tPROBLEM 0 5;10 14\tchest pain\nT3\tPROBLEM 20 26\tnausea\nR1\tPIP Arg1:T1 Arg2:T3\n' + 'A1\tNegation T3\nA2\tSeverity T1 High\n');
    assert.deepEqual(parseBrat(text), doc);
    assert.equal(writeBrat({ entities: [], relations: [], attributes: [] }), '');
  });

  it('reads discontinuous spans', () => {
    const text = 'chest and arm pain';
    const doc = parseBrat('T1\tPROBLEM 0 5;14 18\tchest pain\n');
    assert.deepEqual(doc.entities[0].spans, [
      { start: 0, end: 5 },
      { start: 14, end: 18 },
    ]);
    assert.equal(doc.entities[0].spans.map((s) => text.slice(s.start, s.end)).join(' '), 'chest pain');
  });

  it('reads attributes with and without a value', () => {
    const doc = parseBrat('T3\tPROBLEM 0 6\tnausea\nA1\tNegation T3\nA2\tSeverity T3 Mild\nM3\tUncertain T3\n');
    assert.deepEqual(doc.attributes, [
      { id: 'A1', name: 'Negation', target: 'T3' },
      { id: 'A2', name: 'Severity', target: 'T3', value: 'Mild' },
      { id: 'M3', name: 'Uncertain', target: 'T3' },
    ]);
  });

  it('tolerates CRLF, blank lines, comments and unknown kinds; skips malformed lines', () => {
    const ann = [
      '\uFEFF# a comment',
      'T1\tDisease 0 9\tsome text',
      '',
      '   ',
      '#1\tAnnotatorNotes T1\tchecked',
      'E1\tTreatment:T1 Theme:T2',
      'N1\tReference T1 MESH:D000001\tthing',
      '*\tEquiv T1 T2',
      'T2\tDisease x y\tbad offsets',
      'T3\tDisease 9 4\tend before start',
      'T4 Disease 0 4 no tabs',
      'R1\tCID Arg1:T1',
      'garbage line',
      'A1\tNegation',
      'T5\tChemical 10 14;20 25\ttwo parts',
      'R2\tCID Arg1:T5 Arg2:T1',
      'A2\tNegation T1',
    ].join('\r\n');
    const doc = parseBrat(ann);
    assert.deepEqual(
      doc.entities.map((e) => [e.id, e.text]),
      [
        ['T1', 'some text'],
        ['T5', 'two parts'],
      ],
    );
    assert.deepEqual(doc.relations, [{ id: 'R2', label: 'CID', arg1: 'T5', arg2: 'T1' }]);
    assert.deepEqual(doc.attributes, [{ id: 'A2', name: 'Negation', target: 'T1' }]);
  });
});
