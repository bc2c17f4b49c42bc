/** JSON lines and NLI pairs: reading, writing and round trips. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { parseJsonl, readJsonl, writeJsonl } from '../../../server/src/engine/formats/jsonl';
import { parseNliPairs, readNliPairs, writeNliPairs } from '../../../server/src/engine/formats/nliPairs';
import { tokenize } from '../../../server/src/engine/text/tokenize';
import { FIXTURES, RUNS, docArb } from './arbitraries';

describe('formats: JSON lines', () => {
  it('round-trips random documents (emoji, non-BMP, CRLF; entities, relations, findings, infons, sentences)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 3 }), fc.boolean(), (docs, withSentences) => {
        if (withSentences) docs = docs.map((d) => ({ ...d, sentences: [{ start: 0, end: d.text.length, tokens: tokenize(d.text) }] }));
        const out = writeJsonl(docs);
        assert.equal(out.split('\n').length, docs.length + 1);
        const { documents, skipped } = parseJsonl(out.replace(/\n/g, '\r\n'));
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes the documented keys and skips malformed lines and parts', () => {
    const doc: AnnotatedDocument = { id: 'a', text: 'abc def', entities: [{ id: 'T1', type: 'problem', start: 0, end: 3, text: 'abc' }], relations: [] };
    assert.equal(
      writeJsonl([doc]),
      '{"id":"a","text":"abc def","entities":[{"id":"T1","type":"problem","start":0,"end":3,"text":"abc"}],"relations":[],"findings":[]}\n',
    );
    const text = [
      writeJsonl([doc]).trim(),
      '',
      'not json',
      '[1,2]',
      '{"id": 7, "text": "xy", "entities": [{"id": "T1", "type": "t", "start": 0, "end": 9}, {"id": "T2", "type": "t", "start": 1, "end": 2}], "relations": [{"id": "R1", "label": "L", "head": "T1", "tail": "T2"}], "findings": [{"label": "Neutral", "hypothesis": {"start": 0, "end": 1}}, {"label": "maybe", "hypothesis": {"start": 0, "end": 1}}]}',
    ].join('\n');
    const { documents, skipped } = parseJsonl(text);
    assert.equal(skipped, 5);
    assert.deepEqual(documents[0], doc);
    assert.deepEqual(documents[1], {
      id: '7',
      text: 'xy',
      entities: [{ id: 'T2', type: 't', start: 1, end: 2, text: 'y' }],
      relations: [],
      findings: [{ label: 'neutral', hypothesis: { start: 0, end: 1, text: 'x' }, evidence: [] }],
    });
    assert.deepEqual(readJsonl(''), []);
  });

  it('keeps the untrained mark of a relation, and writes it only when set', () => {
    const entities = [
      { id: 'T1', type: 'chemical' as const, start: 0, end: 9, text: 'cisplatin' },
      { id: 'T2', type: 'disease' as const, start: 17, end: 28, text: 'ototoxicity' },
    ];
    const doc: AnnotatedDocument = {
      id: 'u',
      text: 'cisplatin causes ototoxicity',
      entities,
      relations: [
        { id: 'R1', label: 'CID', head: 'T1', tail: 'T2', untrained: true },
        { id: 'R2', label: 'CID', head: 'T1', tail: 'T2' },
      ],
    };
    const line = writeJsonl([doc]);
    assert.match(line, /"label":"CID","head":"T1","tail":"T2","untrained":true\},\{"id":"R2","label":"CID","head":"T1","tail":"T2"\}/);
    assert.deepEqual(readJsonl(line)[0].relations, doc.relations);
    // Only `true` marks a relation: anything else reads as trained.
    assert.deepEqual(readJsonl(line.replace('"untrained":true', '"untrained":"yes"'))[0].relations[0], { id: 'R1', label: 'CID', head: 'T1', tail: 'T2' });
  });
});

describe('formats: NLI pairs', () => {
  it('reads the fixture pairs and round-trips them', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'nli/clinical-nli-dev.jsonl'), 'utf8');
    const pairs = readNliPairs(text);
    assert.equal(pairs.length, 24);
    assert.deepEqual(readNliPairs(writeNliPairs(pairs)), pairs);
  });

  it('lower-cases labels, reads SNLI field names, skips other labels and malformed lines', () => {
    const text = [
      '{"premise": "P", "hypothesis": "H", "label": "Entailment"}',
      '{"sentence1": "P2", "sentence2": "H2", "gold_label": "contradiction"}',
      '{"premise": "P", "hypothesis": "H", "label": "-"}',
      '{"premise": "P", "label": "neutral"}',
      'oops',
      '',
    ].join('\r\n');
    const { pairs, skipped } = parseNliPairs(text);
    assert.equal(skipped, 3);
    assert.deepEqual(pairs, [
      { premise: 'P', hypothesis: 'H', label: 'entailment' },
      { premise: 'P2', hypothesis: 'H2', label: 'contradiction' },
    ]);
    assert.equal(writeNliPairs(pairs), '{"premise":"P","hypothesis":"H","label":"entailment"}\n{"premise":"P2","hypothesis":"H2","label":"contradiction"}\n');
  });
});
