/** PubTator: reading, writing and round trips (offsets in UTF-16 code units over title + abstract). */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { parsePubTator, readPubTator, writePubTator } from '../../../server/src/engine/formats/pubtator';
import { NCBI, RUNS, docArb } from './arbitraries';

describe('formats: PubTator', () => {
  const title = 'Cisplatin-induced nephrotoxicity in rats.';
  const abstract = 'Cisplatin causes acute kidney injury 😷 and 𠜎 ototoxicity.';
  const text = `${title} ${abstract}`;
  const at = (s: string, from = 0) => [text.indexOf(s, from), text.indexOf(s, from) + s.length];
  const line = (s: string, type: string, id?: string, from = 0) => ['99', ...at(s, from), s, type, ...(id === undefined ? [] : [id])].join('\t');

  it('reads titles, abstracts, mentions, ids and relations (CRLF, blank lines, malformed lines)', () => {
    const file = [
      '',
      `99|t|${title}`,
      `99|a|${abstract}`,
      line('Cisplatin', 'Chemical', 'D002945'),
      line('nephrotoxicity', 'Disease', 'D007674|D006222'),
      line('Cisplatin', 'Chemical', '-1', 20),
      line('acute kidney injury', 'Disease', 'D058186,D007674'),
      line('ototoxicity', 'Disease'),
      '99\tnot\ta\tline\tat all',
      '98\t0\t5\tWrong\tChemical\tD1',
      '99\t10\t99999\tbeyond\tDisease\tD2',
      '99\tCID\tD002945\tD058186',
      '99\tCID\tD002945\tD999999',
      '',
      '',
      '100|t|Second',
      '100|a|',
      '100\t0\t6\tSecond\tDisease\tD3',
      '',
    ].join('\r\n');
    const { documents, skipped } = parsePubTator(file);
    assert.equal(skipped, 3);
    assert.equal(documents.length, 2);
    const [d, d2] = documents;
    assert.equal(d.id, '99');
    assert.equal(d.text, text);
    assert.equal(d.infons?.title_length, String(title.length));
    assert.deepEqual(
      d.entities.map((e) => [e.id, e.type, e.text, e.ids]),
      [
        ['T1', 'Chemical', 'Cisplatin', ['D002945']],
        ['T2', 'Disease', 'nephrotoxicity', ['D007674', 'D006222']],
        ['T3', 'Chemical', 'Cisplatin', undefined],
        ['T4', 'Disease', 'acute kidney injury', ['D058186', 'D007674']],
        ['T5', 'Disease', 'ototoxicity', undefined],
      ],
    );
    for (const e of d.entities) assert.equal(text.slice(e.start, e.end), e.text);
    // The first entity holding each id; the unmappable relation is kept in the infons.
    assert.deepEqual(d.relations, [{ id: 'R1', label: 'CID', head: 'T1', tail: 'T4' }]);
    assert.equal(d.infons?.pubtator_unmapped_relations, 'CID\tD002945\tD999999');
    assert.equal(d2.text, 'Second');
    assert.equal(d2.entities.length, 1);

    // Writing reproduces every line that was read (`-1` and `,` kept verbatim), in file order.
    const out = writePubTator(documents);
    const kept = file.split('\r\n').filter((l) => l !== '' && !/^9[89]\t(not|0\t5|10\t99999)/.test(l));
    assert.deepEqual(
      out.split('\n').filter((l) => l !== ''),
      kept,
    );
    assert.deepEqual(readPubTator(out), documents);
  });

  it('writes without title_length as a title only, and line breaks as spaces', () => {
    const doc: AnnotatedDocument = {
      id: '7',
      text: 'Fever\r\nand rash',
      entities: [{ id: 'a', type: 'Disease', start: 0, end: 5, text: 'Fever', ids: ['D1', 'D2'] }],
      relations: [],
    };
    const out = writePubTator([doc]);
    assert.equal(out, '7|t|Fever  and rash\n7|a|\n7\t0\t5\tFever\tDisease\tD1|D2\n');
    const [back] = readPubTator(out);
    assert.equal(back.text, 'Fever  and rash');
    assert.equal(back.infons?.title_length, '15');
    assert.deepEqual(back.entities, [{ id: 'T1', type: 'Disease', start: 0, end: 5, text: 'Fever', ids: ['D1', 'D2'] }]);
  });

  it('round-trips random documents (write → read → write is stable; read(write) equals the read documents)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), (docs) => {
        const once = readPubTator(writePubTator(docs.map((d, i) => ({ ...d, id: String(1000 + i) }))));
        assert.equal(once.length, docs.length);
        const twice = readPubTator(writePubTator(once));
        assert.deepEqual(twice, once);
        for (const d of once) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text.replace(/[\r\n\t]/g, ' '));
      }),
      { numRuns: RUNS },
    );
  });

  it('NCBI Disease (development): mention texts equal the text at their offsets; writing reproduces the file', () => {
    const file = fs.readFileSync(NCBI, 'utf8');
    const { documents, skipped } = parsePubTator(file);
    assert.equal(skipped, 0);
    const titles = file.split('\n').filter((l) => /^\d+\|t\|/.test(l)).length;
    const mentions = file.split('\n').filter((l) => /^\d+\t\d+\t\d+\t/.test(l)).length;
    assert.equal(documents.length, titles);
    assert.equal(titles, 100);
    assert.equal(
      documents.reduce((n, d) => n + d.entities.length, 0),
      mentions,
    );
    for (const d of documents) {
      for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text, `${d.id} ${e.start}-${e.end}`);
    }
    const types = new Set(documents.flatMap((d) => d.entities.map((e) => e.type)));
    assert.deepEqual([...types].sort(), ['CompositeMention', 'DiseaseClass', 'Modifier', 'SpecificDisease']);
    const out = writePubTator(documents);
    const annotationLines = (s: string) => s.split(/\r?\n/).filter((l) => /^\d+\t/.test(l));
    assert.deepEqual(annotationLines(out), annotationLines(file));
    // The whole file comes back, but for the blank line it starts with.
    assert.ok(file.startsWith('\n'));
    assert.equal(out, file.slice(1));
    assert.deepEqual(readPubTator(out), documents);
  });

  it('reads a title or abstract holding a line or paragraph separator (U+2028, U+2029), and writes a space for one', () => {
    const record = '7|t|Aspirin in diabetes.\n7|a|Background\u2028Aspirin reduced events.\u2029Done.\n7\t32\t39\tAspirin\tChemical\tD001241\n';
    const [doc] = parsePubTator(record).documents;
    assert.equal(doc.text, 'Aspirin in diabetes. Background\u2028Aspirin reduced events.\u2029Done.');
    assert.equal(doc.text.slice(doc.entities[0].start, doc.entities[0].end), 'Aspirin');
    const written = writePubTator([doc]);
    assert.doesNotMatch(written, /[\u2028\u2029]/);
    const [back] = readPubTator(written);
    assert.equal(back.text, 'Aspirin in diabetes. Background Aspirin reduced events. Done.');
    assert.deepEqual([back.entities[0].start, back.entities[0].end], [32, 39]);
  });

  it('reads a record with an abstract and no title line (its title empty), and writes it back the same', () => {
    const file = '1|t|First title.\n\n2|a|Warfarin caused bleeding.\n2\t1\t9\tWarfarin\tChemical\tD014859\n';
    const read = parsePubTator(file);
    assert.equal(read.skipped, 0);
    assert.deepEqual(
      read.documents.map((d) => [d.id, d.text]),
      [
        ['1', 'First title.'],
        ['2', ' Warfarin caused bleeding.'],
      ],
    );
    const [, second] = read.documents;
    assert.equal(second.text.slice(second.entities[0].start, second.entities[0].end), 'Warfarin');
    assert.deepEqual(readPubTator(writePubTator([second])), [second]);
    // An abstract line of the record under way, after its mentions, is still misplaced.
    assert.equal(parsePubTator('3|t|T.\n3\t0\t1\tT\tGene\n3|a|late\n').skips['misplaced abstract'], 1);
  });

  it('a recorded document keeps its mark through writing and reading; a mark naming another document is a stray line', () => {
    const doc: AnnotatedDocument = {
      id: '7',
      text: 'Title here. Aspirin helps.',
      entities: [{ id: 'T1', type: 'Chemical', start: 12, end: 19, text: 'Aspirin' }],
      relations: [],
      recorded: true,
    };
    const written = writePubTator([doc]);
    assert.match(written, /^7\|recorded\|/m);
    const [back] = readPubTator(written);
    assert.equal(back.recorded, true);
    assert.equal(readPubTator(writePubTator([{ ...doc, recorded: undefined }]))[0].recorded, undefined);
    const stray = parsePubTator('7|t|T.\n7|a|A.\n8|recorded|x\n');
    assert.equal(stray.documents[0].recorded, undefined);
    assert.equal(stray.skips['stray line'], 1);
  });
});
