/** The CSV of mentions (formats/csv.ts): RFC 4180 as a reader written apart reads it back. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { writeDocuments } from '../../../server/src/engine/formats/corpora';
import { mentionRows, writeCsv } from '../../../server/src/engine/formats/csv';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { readJsonl, writeJsonl } from '../../../server/src/engine/formats/jsonl';
import { csvRecords, parseCsv } from '../../support/csvParse';
import { RUNS, docArb } from './arbitraries';

const HEADER = ['document', 'start', 'end', 'text', 'type', 'statuses', 'ids', 'section'];

describe('formats: CSV of mentions', () => {
  // Texts that need quoting, each on its own: a comma, a quote, a line break (LF and CRLF), an emoji.
  const text = 'PMH: reflux, "heartburn"\nand\r\nchest 😷 pain.\nFamily history: mother had breast cancer.';
  const at = (s: string) => text.indexOf(s);
  const doc: AnnotatedDocument = {
    id: 'note, "one"',
    text,
    entities: [
      { id: 'T1', type: 'problem', start: at('reflux'), end: at('reflux') + 'reflux, "heartburn"'.length, text: 'reflux, "heartburn"' },
      { id: 'T2', type: 'problem', start: at('and'), end: at('pain') + 4, text: 'and\r\nchest 😷 pain', possible: true, uncertain: true, negated: true },
      { id: 'T3', type: 'problem', start: at('breast'), end: at('breast') + 13, text: 'breast cancer', family: true, ids: ['MESH:D001943', 'MESH:D009369'] },
    ],
    relations: [],
  };

  it('quotes what needs quoting, doubles quotes, ends rows with CRLF, and reads back field for field', () => {
    const csv = writeCsv([doc]);
    assert.ok(csv.startsWith(`${HEADER.join(',')}\r\n`), csv);
    assert.ok(csv.includes('"note, ""one"""'), 'the document id with a comma and quotes is quoted, its quotes doubled');
    assert.ok(csv.includes('"reflux, ""heartburn"""'));
    // The row ends are CRLF; the CRLF inside the quoted text stays as written.
    assert.equal(csv.split('"and\r\nchest 😷 pain"').length, 2, csv);
    const rows = parseCsv(csv);
    assert.deepEqual(rows[0], HEADER);
    assert.deepEqual(
      rows.slice(1).map((r) => r.slice(3)),
      [
        ['reflux, "heartburn"', 'problem', 'affirmed', '', 'past medical history'],
        ['and\r\nchest 😷 pain', 'problem', 'negated;possible', '', 'past medical history'],
        ['breast cancer', 'problem', 'family', 'MESH:D001943;MESH:D009369', 'family history'],
      ],
    );
    // Offsets are UTF-16 code units, as the JSON writes them: the slice of the text is the mention.
    for (const r of rows.slice(1)) assert.equal(text.slice(Number(r[1]), Number(r[2])), r[3]);
    assert.ok(rows.slice(1).every((r) => r[0] === 'note, "one"'));
  });

  it('is what writeDocuments writes as csv; no documents: the header alone', () => {
    assert.equal(writeDocuments('csv', [doc]), writeCsv([doc]));
    assert.equal(writeDocuments('csv', []), `${HEADER.join(',')}\r\n`);
  });

  it("takes a section the source gives over the segmenter's, and the JSON lines keep it", () => {
    const given = { ...doc, entities: [{ ...doc.entities[0], section: 'assessment and plan' }] };
    assert.equal(mentionRows(given)[0].section, 'assessment and plan');
    const [back] = readJsonl(writeJsonl([given]));
    assert.equal(back.entities[0].section, 'assessment and plan');
    assert.equal(readJsonl(writeJsonl([doc]))[0].entities[0].section, undefined, 'none written where none was given');
  });

  it("reads back random documents' mentions field for field (commas, quotes, CR, LF, tabs, emoji, non-BMP)", () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 3 }), (docs) => {
        const want = docs.flatMap(mentionRows).map((r) => ({
          document: r.document,
          start: String(r.start),
          end: String(r.end),
          text: r.text,
          type: r.type,
          statuses: r.statuses.join(';'),
          ids: r.ids.join(';'),
          section: r.section,
        }));
        assert.deepEqual(csvRecords(writeCsv(docs)), want);
      }),
      { numRuns: RUNS },
    );
  });
});
