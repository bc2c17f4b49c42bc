/** IOB (token<TAB>tag): reading, writing and round trips. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { parseIob, readIob, writeIob } from '../../../server/src/engine/formats/iob';
import { tokenize, Token } from '../../../server/src/engine/text/tokenize';
import { BC5CDR, EMOJI, PUNCT, RUNS, WORDS, docArb, runsArb } from './arbitraries';

describe('formats: IOB', () => {
  it('reads tab- and space-separated lines, bare tags, CRLF; skips and counts malformed lines', () => {
    const file = [
      '-DOCSTART-\tO',
      '',
      'Cisplatin\tB-Chemical',
      'induced\tO',
      'acute\tI-Disease',
      'kidney\tI-Disease',
      'injury\tB-Disease',
      '.\tO',
      '  ',
      'bad',
      'Fever B',
      'and I',
      '😷 O',
      'x\tQ-Foo',
      'rash B',
      '',
    ].join('\r\n');
    const { documents, skipped } = parseIob(file, { defaultType: 'Problem' });
    assert.equal(skipped, 2);
    assert.equal(documents.length, 2);
    const [a, b] = documents;
    assert.equal(a.id, 's1');
    assert.equal(a.text, 'Cisplatin induced acute kidney injury .');
    assert.deepEqual(
      a.entities.map((e) => [e.id, e.type, e.text]),
      [
        ['T1', 'Chemical', 'Cisplatin'],
        ['T2', 'Disease', 'acute kidney'],
        ['T3', 'Disease', 'injury'],
      ],
    );
    assert.deepEqual(a.sentences?.[0].tokens?.[1], { start: 10, end: 17, text: 'induced' });
    assert.equal(b.text, 'Fever and 😷 rash');
    assert.deepEqual(
      b.entities.map((e) => [e.type, e.start, e.end, e.text]),
      [
        ['Problem', 0, 9, 'Fever and'],
        ['Problem', 13, 17, 'rash'],
      ],
    );
    assert.deepEqual(b.sentences, [
      {
        start: 0,
        end: 17,
        tokens: [
          { start: 0, end: 5, text: 'Fever' },
          { start: 6, end: 9, text: 'and' },
          { start: 10, end: 12, text: '😷' },
          { start: 13, end: 17, text: 'rash' },
        ],
      },
    ]);
    assert.deepEqual(readIob(writeIob(documents), { defaultType: 'Problem' }), documents);
  });

  it('a space-separated line whose token holds a no-break space keeps it in the token ("10\u00a0mg")', () => {
    const read = parseIob('Took O\n10\u00a0mg B-Chemical\ndaily O\n');
    assert.equal(read.skipped, 0);
    const [doc] = read.documents;
    assert.equal(doc.text, 'Took 10\u00a0mg daily');
    assert.deepEqual(
      doc.entities.map((e) => e.text),
      ['10\u00a0mg'],
    );
  });

  it('writes tokenised text, widening entities to the tokens they touch', () => {
    const text = 'Pt has chest-pain,\r\nno fever.';
    const doc: AnnotatedDocument = {
      id: 'n1',
      text,
      entities: [
        { id: 'a', type: 'problem', start: text.indexOf('est'), end: text.indexOf('-pain') + 3, text: 'est-pa' },
        { id: 'b', type: 'problem', start: text.indexOf('fever'), end: text.indexOf('fever') + 5, text: 'fever' },
        { id: 'c', type: 'other', start: text.indexOf('fever') + 1, end: text.indexOf('fever') + 2, text: 'e' },
      ],
      relations: [],
    };
    assert.equal(writeIob([doc]), 'Pt\tO\nhas\tO\nchest\tB-problem\n-\tI-problem\npain\tI-problem\n,\tO\nno\tO\nfever\tB-problem\n.\tO\n\n');
  });

  it('round-trips random token sequences with token-aligned entities', () => {
    const tokenArb = fc.oneof(fc.constantFrom(...WORDS, ...PUNCT, ...EMOJI), fc.integer({ min: 0, max: 999 }).map(String));
    const sentenceArb = fc
      .array(tokenArb, { minLength: 1, maxLength: 15 })
      .chain((tokens) =>
        fc.tuple(
          fc.constant(tokens),
          runsArb(tokens.length),
          fc.array(fc.constantFrom('Chemical', 'Disease', 'B', 'Gene_or_protein'), { minLength: 8, maxLength: 8 }),
        ),
      );
    fc.assert(
      fc.property(fc.array(sentenceArb, { minLength: 1, maxLength: 4 }), (sentences) => {
        const docs: AnnotatedDocument[] = sentences.map(([toks, runs, types], i) => {
          const tokens: Token[] = [];
          let text = '';
          for (const t of toks) {
            if (text) text += ' ';
            tokens.push({ start: text.length, end: text.length + t.length, text: t });
            text += t;
          }
          const entities = runs.map(([a, b], k) => ({
            id: `T${k + 1}`,
            type: types[k],
            start: tokens[a].start,
            end: tokens[b].end,
            text: text.slice(tokens[a].start, tokens[b].end),
          }));
          return { id: `s${i + 1}`, text, entities, relations: [], sentences: [{ start: 0, end: text.length, tokens }] };
        });
        const out = writeIob(docs);
        const { documents, skipped } = parseIob(out);
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
        assert.equal(writeIob(documents), out);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes random texts (CRLF, emoji) as their tokens, entities keeping their tokens and types', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const tokens = tokenize(doc.text);
        const docs = readIob(writeIob([doc]));
        if (tokens.length === 0) return assert.equal(docs.length, 0);
        assert.equal(docs.length, 1);
        const [back] = docs;
        assert.deepEqual(
          back.sentences?.[0].tokens?.map((t) => t.text),
          tokens.map((t) => t.text),
        );
        assert.deepEqual(
          back.entities.map((e) => e.type),
          doc.entities.map((e) => e.type),
        );
        assert.deepEqual(
          back.entities.map((e) => e.text),
          doc.entities.map((e) =>
            tokenize(e.text)
              .map((t) => t.text)
              .join(' '),
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('BC5CDR (development): sentence and chunk counts, round trip', () => {
    const file = fs.readFileSync(BC5CDR, 'utf8');
    // Counted from the raw lines, independently of the reader.
    let sentences = 0;
    let chunkCount = 0;
    let inSentence = false;
    let prevTag = 'O';
    const byType: Record<string, number> = {};
    for (const line of file.split('\n')) {
      if (line.trim() === '') {
        if (inSentence) sentences++;
        inSentence = false;
        prevTag = 'O';
        continue;
      }
      inSentence = true;
      const tag = line.split('\t')[1];
      const type = tag.slice(2);
      if (tag.startsWith('B-') || (tag.startsWith('I-') && prevTag.slice(2) !== type)) {
        chunkCount++;
        byType[type] = (byType[type] ?? 0) + 1;
      }
      prevTag = tag;
    }
    if (inSentence) sentences++;
    const { documents, skipped } = parseIob(file);
    assert.equal(skipped, 0);
    assert.equal(documents.length, sentences);
    assert.equal(sentences, 4581);
    assert.equal(
      documents.reduce((n, d) => n + d.entities.length, 0),
      chunkCount,
    );
    const types: Record<string, number> = {};
    for (const d of documents) for (const e of d.entities) types[e.type] = (types[e.type] ?? 0) + 1;
    assert.deepEqual(types, byType);
    assert.deepEqual(Object.keys(types).sort(), ['Chemical', 'Disease']);
    for (const d of documents) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text);
    const out = writeIob(documents);
    assert.deepEqual(readIob(out), documents);
    assert.equal(out, file);
  });
});
