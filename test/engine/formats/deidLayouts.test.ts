/**
 * Corpus documents de-identified in their own layout (engine/formats/deidLayouts.ts,
 * deidMarkup.ts) on synthetic documents written here, with the PHI rules' tags: the text
 * replaced, each annotation moved onto the new text and its quoted text read again, an
 * annotation over a replaced span covering the replacement, passages kept consistent, and
 * what is bad (offsets past the text, lines cut short, overlaps) counted.
 */
import * as assert from 'node:assert/strict';
import { deidentify } from '../../../server/src/engine/tasks/phi/deidentify';
import {
  DeidText,
  deidJsonlDocument,
  deidPubTatorRecord,
  movePieces,
  OVERLAP,
  PAST_TEXT,
  readJsonlDocument,
  splitPubTator,
} from '../../../server/src/engine/formats/deidLayouts';
import { deidBioCDocument, deidI2b2Xml, I2b2Unreadable, splitBioC } from '../../../server/src/engine/formats/deidMarkup';
import { SkipCounts } from '../../../server/src/engine/formats/document';
import { readDeidCorpus } from '../../../server/src/engine/formats/deidCorpus';

const tags: DeidText = (text) => deidentify(text, { style: 'tags' });
const NOTE = 'Seen by Dr. Okonkwo on 7/22/2019 for chest pain.';
const at = (s: string, w: string) => NOTE.indexOf(w) + (s === 'end' ? w.length : 0);

describe('de-identified corpus layouts (no model)', () => {
  it('moves offsets across pieces: after a replacement by its growth, inside one to its ends, past the text nowhere', () => {
    const m = movePieces(
      [
        { offset: 0, text: 'Dr. Okonkwo' },
        { offset: 12, text: 'Seen 7/22/2019.' },
      ],
      tags,
    );
    assert.deepEqual(m.pieces, [
      { offset: 0, text: 'Dr. [**Name**]' },
      { offset: 15, text: 'Seen [**Date**].' },
    ]);
    assert.equal(m.map(4, 'start'), 4);
    assert.equal(m.map(6, 'start'), 4, 'inside a replaced name: its start');
    assert.equal(m.map(6, 'end'), 14, 'inside a replaced name: its end');
    assert.equal(m.map(12, 'start'), 15);
    assert.equal(m.map(27, 'end'), 31);
    assert.equal(m.map(28, 'end'), undefined);
    assert.equal(m.slice(15, 31), 'Seen [**Date**].');
  });

  it('writes a JSON line with its entities, findings and sentences moved and their texts read again', () => {
    const skips: SkipCounts = {};
    const o = readJsonlDocument(
      JSON.stringify({
        id: 'n1',
        extra: { kept: true },
        text: NOTE,
        entities: [
          { id: 'T1', type: 'problem', start: at('start', 'chest'), end: at('end', 'pain'), text: 'chest pain' },
          { id: 'T2', type: 'person', start: at('start', 'Dr.'), end: at('end', 'Okonkwo') - 2, text: 'Dr. Okonk' },
          { id: 'T3', type: 'x', start: 3, end: 400 },
        ],
        relations: [
          { id: 'R1', label: 'r', head: 'T1', tail: 'T2' },
          { id: 'R2', label: 'r', head: 'T1', tail: 'T3' },
        ],
        findings: [
          {
            label: 'entailment',
            hypothesis: { start: 0, end: 4, text: 'Seen' },
            evidence: [{ start: at('start', '7/22'), end: at('end', '2019'), text: '7/22/2019' }],
          },
        ],
        sentences: [{ start: 0, end: NOTE.length, tokens: [{ start: at('start', 'Okonkwo'), end: at('end', 'Okonkwo'), text: 'Okonkwo' }] }],
      }),
      skips,
    )!;
    const line = JSON.parse(deidJsonlDocument(o, tags, skips));
    const text = 'Seen by Dr. [**Name**] on [**Date**] for chest pain.';
    assert.equal(line.text, text);
    assert.deepEqual(line.extra, { kept: true });
    assert.deepEqual(line.entities, [
      { id: 'T1', type: 'problem', start: text.indexOf('chest'), end: text.length - 1, text: 'chest pain' },
      { id: 'T2', type: 'person', start: 8, end: 22, text: 'Dr. [**Name**]' },
    ]);
    assert.deepEqual(
      line.relations.map((r: { id: string }) => r.id),
      ['R1'],
    );
    assert.deepEqual(line.findings[0].evidence, [{ start: 26, end: 36, text: '[**Date**]' }]);
    assert.deepEqual(line.sentences, [{ start: 0, end: text.length, tokens: [{ start: 12, end: 22, text: '[**Name**]' }] }]);
    assert.equal(skips[PAST_TEXT], 1);
    assert.equal(skips['relations of a dropped annotation (dropped)'], 1);
    assert.equal(skips[OVERLAP], undefined, 'the entity past the text is not counted as an overlap');
  });

  it('counts a JSON line cut short and a line that is no document', () => {
    const skips: SkipCounts = {};
    assert.equal(readJsonlDocument('{"id":"x","text":"Dr. Oko', skips), undefined);
    assert.equal(readJsonlDocument('{"id":"x"}', skips), undefined);
    assert.equal(
      Object.values(skips).reduce((a, b) => a + b, 0),
      2,
    );
  });

  it('writes a PubTator record with title and abstract apart, mentions moved, relations kept', () => {
    const title = 'Visit of 7/22/2019';
    const abstract = 'Dr. Okonkwo noted chest pain.';
    const full = `${title} ${abstract}`;
    const c = full.indexOf('chest');
    const n = full.indexOf('Okonkwo');
    const file = [
      `9|t|${title}`,
      `9|a|${abstract}`,
      `9\t${c}\t${c + 10}\tchest pain\tDisease\tD002637`,
      `9\t${n}\t${n + 7}\tOkonkwo\tPerson\t-1`,
      `9\t${n - 4}\t${n + 7}\tDr. Okonkwo\tPerson\t-1`,
      `9\t${c}\t900\tchest pain\tDisease\tD1`,
      `9\t${c}\t${c + 5}\tche`,
      `9\tCID\tD1\tD2`,
      // The blank line missing: the next title starts a record all the same.
      `10|t|No identifiers here`,
      `10|a|Blood pressure stable.`,
    ].join('\n');
    const skips: SkipCounts = {};
    const records = splitPubTator(file, skips);
    assert.deepEqual(
      records.map((r) => r.id),
      ['9', '10'],
    );
    const out = deidPubTatorRecord(records[0], tags, skips);
    const newTitle = 'Visit of [**Date**]';
    const newAbstract = 'Dr. [**Name**] noted chest pain.';
    const nc = `${newTitle} ${newAbstract}`.indexOf('chest');
    const nn = `${newTitle} ${newAbstract}`.indexOf('[**Name**]');
    assert.equal(
      out,
      [
        `9|t|${newTitle}`,
        `9|a|${newAbstract}`,
        `9\t${nc}\t${nc + 10}\tchest pain\tDisease\tD002637`,
        `9\t${nn}\t${nn + 10}\t[**Name**]\tPerson\t-1`,
        `9\t${nn - 4}\t${nn + 10}\tDr. [**Name**]\tPerson\t-1`,
        `9\tCID\tD1\tD2`,
        '',
      ].join('\n'),
    );
    assert.equal(deidPubTatorRecord(records[1], tags, skips), '10|t|No identifiers here\n10|a|Blood pressure stable.\n');
    assert.equal(skips[PAST_TEXT], 1);
    assert.equal(skips['mention lines cut short (dropped)'], 1);
    assert.equal(skips['records not ended by a blank line (read apart)'], 1);
    assert.equal(skips[OVERLAP], 1);
  });

  it('writes a BioC document with its passages at their new offsets and every annotation moved', () => {
    const skips: SkipCounts = {};
    const doc = {
      id: 'b1',
      infons: { patient: 'p1' },
      passages: [
        { offset: 0, infons: { type: 'title' }, text: 'Dr. Okonkwo', annotations: [{ id: 'A1', text: 'Okonkwo', locations: [{ offset: 4, length: 7 }] }] },
        {
          offset: 12,
          text: 'Seen 7/22/2019 for pain.',
          annotations: [
            { id: 'A2', text: 'pain', locations: [{ offset: 31, length: 4 }] },
            { id: 'A3', text: 'x', locations: [{ offset: 60, length: 2 }] },
          ],
        },
      ],
      relations: [
        { id: 'R1', nodes: [{ refid: 'A1' }, { refid: 'A2' }] },
        { id: 'R2', nodes: [{ refid: 'A1' }, { refid: 'A3' }] },
      ],
    };
    const file = splitBioC(JSON.stringify({ source: 's', documents: [doc] }), skips);
    assert.ok(typeof file !== 'string');
    const out = deidBioCDocument(file.documents[0], tags, skips) as typeof doc;
    assert.deepEqual(
      out.passages.map((p) => [p.offset, p.text]),
      [
        [0, 'Dr. [**Name**]'],
        [15, 'Seen [**Date**] for pain.'],
      ],
    );
    assert.deepEqual(out.passages[0].annotations, [{ id: 'A1', text: '[**Name**]', locations: [{ offset: 4, length: 10 }] }]);
    assert.deepEqual(out.passages[1].annotations, [{ id: 'A2', text: 'pain', locations: [{ offset: 35, length: 4 }] }]);
    assert.equal('Seen [**Date**] for pain.'.slice(35 - 15, 39 - 15), 'pain', 'the location points into its passage');
    assert.deepEqual(
      out.relations.map((r) => r.id),
      ['R1'],
    );
    assert.deepEqual(out.infons, { patient: 'p1' });
    assert.equal(skips[PAST_TEXT], 1);
    assert.deepEqual(JSON.parse(file.write([out])), { source: 's', documents: [out] });
  });

  it('says why a BioC file cut mid-element cannot be read', () => {
    const whole = JSON.stringify({ documents: [{ id: 'b', passages: [{ offset: 0, text: 'Dr. Okonkwo' }] }] });
    const why = splitBioC(whole.slice(0, whole.indexOf('"text"') + 5), {});
    assert.equal(typeof why, 'string');
    assert.match(why as string, /cut short/);
  });

  it('writes an i2b2 XML note with its TEXT replaced and its TAGS moved, refusing one cut short', () => {
    const text = 'Record date: 2067-05-03\nDr. Okonkwo saw the patient & family on 2067-05-04.\n';
    const d = text.indexOf('2067');
    const n = text.indexOf('Okonkwo');
    const p = text.indexOf('patient');
    const xml =
      `<?xml version="1.0" encoding="UTF-8" ?>\n<deIdi2b2>\n<TEXT><![CDATA[${text}]]></TEXT>\n<TAGS>\n` +
      `<DATE id="P0" start="${d}" end="${d + 10}" text="2067-05-03" TYPE="DATE" comment="" />\n` +
      `<NAME id="P1" start="${n}" end="${n + 7}" text="Okonkwo" TYPE="DOCTOR" comment="" />\n` +
      `<NAME id="P2" start="${n - 4}" end="${n + 7}" text="Dr. Okonkwo" TYPE="DOCTOR" comment="" />\n` +
      `<X id="P3" start="${p}" end="${p + 7}" text="patient" TYPE="X" comment="" />\n` +
      `<NAME id="P4" start="900" end="907" text="x" TYPE="DOCTOR" comment="" />\n` +
      `</TAGS>\n</deIdi2b2>\n`;
    const skips: SkipCounts = {};
    const out = deidI2b2Xml(xml, tags, skips);
    const newText = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(out)![1];
    assert.ok(!/Okonkwo|2067/.test(newText), newText);
    const tagsOut = [...out.matchAll(/<(\w+) id="(P\d)" start="(\d+)" end="(\d+)" text="([^"]*)"/g)].map((m) => ({ id: m[2], s: +m[3], e: +m[4], text: m[5] }));
    assert.deepEqual(
      tagsOut.map((t) => t.id),
      ['P0', 'P1', 'P2', 'P3'],
    );
    for (const t of tagsOut) assert.equal(t.text, newText.slice(t.s, t.e).replace(/&/g, '&amp;'), t.id);
    assert.equal(tagsOut[3].text, 'patient');
    assert.ok(out.endsWith('</TAGS>\n</deIdi2b2>\n') && out.startsWith('<?xml'));
    assert.equal(skips[PAST_TEXT], 1);
    assert.equal(skips[OVERLAP], 1);
    assert.throws(() => deidI2b2Xml(xml.slice(0, xml.indexOf('<NAME id="P1"') + 20), tags, {}), I2b2Unreadable);
    assert.throws(() => deidI2b2Xml(xml.slice(0, xml.indexOf('Okonkwo')), tags, {}), /not closed/);
    assert.throws(
      () => deidI2b2Xml('<collection><document><passage><text>Dr. Okonkwo</text></passage></document></collection>', tags, {}),
      /BioC XML, which is not read here/,
    );
  });

  it('reads each corpus layout as documents with the ids annotate gives them, and joins their parts in the layout', () => {
    const skips: SkipCounts = {};
    const jsonl = readDeidCorpus('jsonl', `{"text":"${NOTE}","patient":7}\n\n{"id":"x","text":"BP 110/70."}\n`, skips);
    assert.ok(typeof jsonl !== 'string');
    assert.deepEqual(
      jsonl.documents.map((d) => [d.id, d.patient]),
      [
        ['1', '7'],
        ['x', undefined],
      ],
    );
    const parts = jsonl.documents.map((d) => d.deid(tags, skips));
    assert.equal(jsonl.join(parts), `${parts[0]}\n${parts[1]}\n`);
    assert.equal(JSON.parse(parts[1]).text, 'BP 110/70.');
    // BioC: a list of documents and one document alone keep their shape.
    const doc = (id: string) => ({ id, passages: [{ offset: 0, text: NOTE }] });
    for (const root of [[doc('a'), doc('b')], doc('a')]) {
      const b = readDeidCorpus('bioc', JSON.stringify(root), skips);
      assert.ok(typeof b !== 'string');
      const written = JSON.parse(b.join(b.documents.map((d) => d.deid(tags, skips))));
      assert.equal(Array.isArray(written), Array.isArray(root));
      const first = Array.isArray(written) ? written[0] : written;
      assert.equal(first.passages[0].text, 'Seen by Dr. [**Name**] on [**Date**] for chest pain.');
    }
    const physionet = readDeidCorpus('physionet', `START_OF_RECORD=3||||1||||\n${NOTE}\n||||END_OF_RECORD\n`, skips);
    assert.ok(typeof physionet !== 'string');
    assert.deepEqual(
      physionet.documents.map((d) => [d.id, d.patient]),
      [['3 1', '3']],
    );
    assert.equal(
      physionet.join(physionet.documents.map((d) => d.deid(tags, skips))),
      `START_OF_RECORD=3||||1||||\nSeen by Dr. [**Name**] on [**Date**] for chest pain.\n||||END_OF_RECORD\n`,
    );
    assert.deepEqual(skips, {});
  });
});
