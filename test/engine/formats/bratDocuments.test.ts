/** BRAT documents and assertion statuses as BRAT attributes. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBioC, writeBioC } from '../../../server/src/engine/formats/bioc';
import { bratOmissions, parseBratDocumentOf, readBratDocument, writeBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument, DocEntity, setStatus } from '../../../server/src/engine/formats/document';
import { ASSERTION_STATUSES } from '../../../server/src/engine/types';
import { readJsonl, writeJsonl } from '../../../server/src/engine/formats/jsonl';
import { FIXTURES, RUNS, docArb } from './arbitraries';

describe('formats: BRAT documents', () => {
  it('bratOmissions counts what the .ann cannot hold: findings, entity identifiers, untrained marks', () => {
    const text = 'Cisplatin caused nephrotoxicity; no fever.';
    const doc: AnnotatedDocument = {
      id: 'x',
      text,
      entities: [
        { id: 'T1', type: 'chemical', start: 0, end: 9, text: 'Cisplatin', ids: ['D002945'] },
        { id: 'T2', type: 'disease', start: 17, end: 31, text: 'nephrotoxicity', ids: ['D007674', 'C536128'] },
      ],
      relations: [{ id: 'R1', label: 'CID', head: 'T1', tail: 'T2', untrained: true }],
      findings: [{ label: 'contradiction', hypothesis: { start: 33, end: 41, text: 'no fever' }, evidence: [] }],
    };
    assert.deepEqual(bratOmissions(doc), { findings: 1, identifiers: 3, untrained: 1 });
    assert.deepEqual(writeBratDocument(doc).omitted, { findings: 1, identifiers: 3, untrained: 1 });
    const back = readBratDocument('x', writeBratDocument(doc).txt, writeBratDocument(doc).ann);
    // What was counted is indeed not in the .ann.
    assert.deepEqual(bratOmissions(back), { findings: 0, identifiers: 0, untrained: 0 });
    assert.equal(back.entities.length, 2);
    assert.equal(back.relations.length, 1);
  });

  it('reads the note fixtures and round-trips them', () => {
    const dir = path.join(FIXTURES, 'notes');
    let n = 0;
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ann'))) {
      const base = f.slice(0, -4);
      const txtFile = ['.note', '.txt'].map((e) => path.join(dir, base + e)).find((p) => fs.existsSync(p))!;
      const text = fs.readFileSync(txtFile, 'utf8');
      const ann = fs.readFileSync(path.join(dir, f), 'utf8');
      const doc = readBratDocument(base, text, ann);
      assert.ok(doc.entities.length > 0);
      for (const e of doc.entities) assert.equal(text.slice(e.start, e.end), e.text);
      const { txt, ann: out } = writeBratDocument(doc);
      assert.equal(txt, text);
      assert.deepEqual(readBratDocument(base, txt, out), doc);
      n++;
    }
    assert.ok(n >= 4);
  });

  it('maps attributes and discontinuous spans; writes fresh ids where needed', () => {
    const text = 'No chest\r\npain or fever 😷 today.';
    const ann = [
      'T3\tPROBLEM 3 8;10 14\tchest pain',
      'T4\tPROBLEM 18 23\tfever',
      'T5\tPROBLEM 18 999\tbeyond',
      'A1\tNegated T3',
      'A2\tUncertain T4',
      'A3\tAssertion T4 absent',
      'A4\tExperiencer T3 Family_member',
      'A5\tTemporality T4 Historical',
      'A6\tAssertion T3 hypothetical',
      'R1\tTrAP Arg1:T3 Arg2:T4',
      'R2\tTrAP Arg1:T3 Arg2:T5',
      'junk line',
    ].join('\r\n');
    const doc = readBratDocument('x', text, ann);
    assert.deepEqual(doc.entities, [
      { id: 'T3', type: 'PROBLEM', start: 3, end: 14, text: 'chest\r\npain', negated: true, family: true, hypothetical: true },
      { id: 'T4', type: 'PROBLEM', start: 18, end: 23, text: 'fever', possible: true, uncertain: true, negated: true, historical: true },
    ]);
    assert.deepEqual(doc.relations, [{ id: 'R1', label: 'TrAP', head: 'T3', tail: 'T4' }]);
    const { ann: out } = writeBratDocument({
      ...doc,
      entities: doc.entities.map((e, i) => ({ ...e, id: i ? 'e2' : 'T3' })),
      relations: [{ id: 'rel', label: 'TrAP', head: 'T3', tail: 'e2' }],
    });
    assert.equal(
      out,
      'T3\tPROBLEM 3 14\tchest pain\nT1\tPROBLEM 18 23\tfever\nR1\tTrAP Arg1:T3 Arg2:T1\n' +
        'A1\tNegated T3\nA2\tHypothetical T3\nA3\tExperiencer T3 Other\nA4\tNegated T1\nA5\tPossible T1\nA6\tHistorical T1\n',
    );
    const back = readBratDocument('x', text, out);
    assert.deepEqual(
      back.entities.map((e) => [e.id, e.negated, e.possible, e.uncertain, e.historical, e.hypothetical, e.family]),
      [
        ['T3', true, undefined, undefined, undefined, true, true],
        ['T1', true, true, true, true, undefined, undefined],
      ],
    );
    // Experiencer Patient, and a false value, set the status false.
    const patient = readBratDocument('x', text, 'T1\tPROBLEM 18 23\tfever\nA1\tExperiencer T1 Patient\nA2\tPossible T1 false\n');
    assert.deepEqual([patient.entities[0].family, patient.entities[0].possible, patient.entities[0].uncertain], [false, false, false]);
  });

  it('round-trips random documents (entities, ids with a DB: prefix as N lines, relations; findings are not written)', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const { txt, ann } = writeBratDocument(doc);
        const back = readBratDocument(doc.id, txt, ann);
        const expected: AnnotatedDocument = {
          id: doc.id,
          text: doc.text,
          entities: doc.entities.map((e) => {
            const x: DocEntity = { id: e.id, type: e.type, start: e.start, end: e.end, text: e.text };
            // BRAT writes set statuses only: false reads back as absent.
            for (const s of ASSERTION_STATUSES) if (e[s]) setStatus(x, s, true);
            // brat's N lines name a concept DB:ID: a bare ID is not written (bratOmissions counts it).
            const ids = e.ids?.filter((id) => id.includes(':'));
            if (ids?.length) x.ids = ids;
            return x;
          }),
          relations: doc.relations,
        };
        assert.deepEqual(back, expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('formats: assertion statuses', () => {
  const text = 'Mother had 😷 breast cancer; no fever.';
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });

  it('JSON lines: every status is written when set, possible without its old name uncertain; reading uncertain sets possible', () => {
    const doc: AnnotatedDocument = {
      id: 'a',
      text,
      entities: [
        { id: 'T1', type: 'problem', ...at('breast cancer'), family: true, historical: true },
        { id: 'T2', type: 'problem', ...at('fever'), negated: true, possible: false, uncertain: false, hypothetical: false },
      ],
      relations: [],
    };
    const line = JSON.parse(writeJsonl([doc]));
    assert.deepEqual(line.entities[0], { id: 'T1', type: 'problem', start: 14, end: 27, text: 'breast cancer', historical: true, family: true });
    assert.deepEqual(line.entities[1], {
      id: 'T2',
      type: 'problem',
      start: 32,
      end: 37,
      text: 'fever',
      negated: true,
      possible: false,
      hypothetical: false,
    });
    assert.deepEqual(readJsonl(writeJsonl([doc])), [doc]);
    // Data written before `possible` existed.
    const old = readJsonl(JSON.stringify({ id: 'b', text, entities: [{ id: 'T1', type: 'problem', start: 32, end: 37, uncertain: true }] }))[0];
    assert.deepEqual([old.entities[0].possible, old.entities[0].uncertain], [true, true]);
  });

  it('BioC: status infons (possible, not its old name uncertain); reading uncertain or experiencer sets possible or family', () => {
    const doc: AnnotatedDocument = {
      id: 'a',
      text,
      entities: [{ id: 'T1', type: 'problem', ...at('breast cancer'), family: true, possible: true, uncertain: true }],
      relations: [],
    };
    const json = JSON.parse(writeBioC([doc]));
    assert.deepEqual(json.documents[0].passages[0].annotations[0].infons, { type: 'problem', possible: 'true', family: 'true' });
    assert.deepEqual(readBioC(writeBioC([doc]))[0].entities, doc.entities);
    const annotation = (infons: Record<string, string>) =>
      JSON.stringify({
        documents: [
          {
            id: 'x',
            passages: [{ offset: 0, text, annotations: [{ id: '1', infons: { type: 'problem', ...infons }, locations: [{ offset: 32, length: 5 }] }] }],
          },
        ],
      });
    const e = readBioC(annotation({ uncertain: 'true', experiencer: 'Family member' }))[0].entities[0];
    assert.deepEqual([e.possible, e.uncertain, e.family], [true, true, true]);
    assert.equal(readBioC(annotation({ experiencer: 'patient' }))[0].entities[0].family, false);
  });

  it('an entity over a line separator (U+2028): read from an .ann that holds it raw, written with a space', () => {
    const text = 'Denies chest\u2028pain today.';
    const raw = readBratDocument('n', text, 'T1\tproblem 7 17\tchest\u2028pain\n');
    assert.deepEqual(
      raw.entities.map((e) => [e.start, e.end]),
      [[7, 17]],
    );
    const { ann } = writeBratDocument(raw);
    assert.equal(ann, 'T1\tproblem 7 17\tchest pain\n');
    assert.equal(readBratDocument('n', text, ann).entities.length, 1);
  });

  it('offsets after an emoji: read as UTF-16 code units (INCEpTION, this project) or as code points (Python brat), whichever the texts match', () => {
    const text = 'Mood 😷 poor; fever 𝑥 and chest pain.';
    const u16 = (s: string) => [text.indexOf(s), text.indexOf(s) + s.length];
    const cp = (s: string) => u16(s).map((n) => [...text.slice(0, n)].length);
    const line = (id: string, s: string, [a, b]: number[]) => `${id}\tproblem ${a} ${b}\t${s}\n`;
    const spans = (ann: string) => {
      const read = parseBratDocumentOf('n', [text], ann);
      return [read.skipped, read.document.entities.map((e) => text.slice(e.start, e.end))];
    };
    const ann = (at: (s: string) => number[]) => line('T1', 'fever', at('fever')) + line('T2', 'chest pain', at('chest pain'));
    assert.notDeepEqual(cp('chest pain'), u16('chest pain'), 'the two countings differ here');
    assert.deepEqual(spans(ann(u16)), [0, ['fever', 'chest pain']]);
    assert.deepEqual(spans(ann(cp)), [0, ['fever', 'chest pain']]);
    // The offsets the document holds are UTF-16 either way.
    assert.deepEqual(
      parseBratDocumentOf('n', [text], ann(cp)).document.entities.map((e) => [e.start, e.end]),
      [u16('fever'), u16('chest pain')],
    );
    // Beyond the text in code points is a bad offset, not a crash.
    assert.equal(parseBratDocumentOf('n', [text], line('T1', 'x', [40, 45])).skips['bad offset'], 1);
  });

  it('recorded answers: a note on every entity, read back as the mark', () => {
    const doc: AnnotatedDocument = {
      id: 'r',
      text: 'Fever treated with aspirin.',
      entities: [
        { id: 'T1', type: 'problem', start: 0, end: 5, text: 'Fever' },
        { id: 'T2', type: 'treatment', start: 19, end: 26, text: 'aspirin' },
      ],
      relations: [],
      recorded: true,
    };
    const { ann } = writeBratDocument(doc);
    const notes = ann.split('\n').filter((l) => l.startsWith('#'));
    assert.deepEqual(notes, ["#1\tAnnotatorNotes T1\trecorded answer, not a model's", "#2\tAnnotatorNotes T2\trecorded answer, not a model's"]);
    assert.equal(readBratDocument('r', doc.text, ann).recorded, true);
    assert.equal(readBratDocument('r', doc.text, writeBratDocument({ ...doc, recorded: undefined }).ann).recorded, undefined);
  });
});
