/**
 * An annotated document moved onto its de-identified text (formats/deidDocument.ts): every
 * span points into the new text exactly, every quoted field is read from it, and no PHI
 * string the rules found survives anywhere in the document. Sentences written here.
 */
import * as assert from 'node:assert/strict';
import { deidentifyDocument } from '../../../server/src/engine/formats/deidDocument';
import { AnnotatedDocument } from '../../../server/src/engine/formats/document';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';

const TEXT =
  'HPI: Mrs. Halvorsen was seen by Dr. Okonkwo on 7/22/2019 for chest pain.\n' +
  'Call her daughter at (301) 555-1212. Okonkwo syndrome was ruled out.\n' +
  'Plan: aspirin 81 mg daily; follow up 8/1/2019.\n';

function span(text: string, words: string, from = 0): { start: number; end: number; text: string } {
  const start = text.indexOf(words, from);
  assert.ok(start >= 0, words);
  return { start, end: start + words.length, text: words };
}

function doc(): AnnotatedDocument {
  const sentence2 = TEXT.indexOf('Call');
  return {
    id: 'pa/n1',
    text: TEXT,
    entities: [
      { id: 'T1', type: 'problem', ...span(TEXT, 'chest pain'), section: 'history of present illness' },
      // Overlaps a name the rules replace: its words must come from the new text.
      { id: 'T2', type: 'problem', ...span(TEXT, 'Okonkwo syndrome') },
      { id: 'T3', type: 'treatment', ...span(TEXT, 'aspirin 81 mg') },
      // Wholly inside a date.
      { id: 'T4', type: 'test', ...span(TEXT, '7/22') },
    ],
    relations: [{ id: 'R1', label: 'TrAP', head: 'T3', tail: 'T1' }],
    findings: [
      { label: 'entailment', hypothesis: span(TEXT, 'Plan: aspirin 81 mg daily; follow up 8/1/2019.'), evidence: [span(TEXT, TEXT.slice(0, sentence2 - 1))] },
    ],
    sentences: [{ start: 0, end: sentence2 - 1, tokens: [span(TEXT, 'Mrs.'), span(TEXT, 'Halvorsen')] }],
    infons: { title_length: String(sentence2 - 1), source: 'Dr. Okonkwo', answers: 'recorded' },
  };
}

function assertExact(d: AnnotatedDocument): void {
  for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text, `${e.id} points at its words`);
  for (const f of d.findings ?? [])
    for (const s of [f.hypothesis, ...f.evidence]) assert.equal(d.text.slice(s.start, s.end), s.text, 'an NLI span points at its words');
  for (const s of d.sentences ?? []) for (const t of s.tokens ?? []) assert.equal(d.text.slice(t.start, t.end), t.text, 'a token points at its words');
}

describe('deidentifyDocument', () => {
  const phi = detectPhi(TEXT).map((s) => s.text);
  before(() => {
    // The sentences carry what the test needs the rules to find.
    for (const w of ['Halvorsen', 'Okonkwo', '7/22/2019', '(301) 555-1212', '8/1/2019'])
      assert.ok(
        phi.some((p) => p.includes(w)),
        `the rules find ${w}`,
      );
  });

  for (const options of [{ style: 'tags' as const }, { style: 'surrogates' as const, seed: 7, patient: 'pa' }]) {
    it(`${options.style}: spans exact on the new text, no PHI string left in any field`, () => {
      const { document: d, deid } = deidentifyDocument(doc(), options);
      assert.equal(d.text, deid.text);
      assertExact(d);
      const json = JSON.stringify(d);
      for (const p of phi) assert.ok(!new RegExp(`\\b${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(json), `"${p}" left in ${json}`);
      // What touched no PHI keeps its words; relations keep their entity ids.
      assert.deepEqual(
        d.entities.filter((e) => e.id === 'T1' || e.id === 'T3').map((e) => e.text),
        ['chest pain', 'aspirin 81 mg'],
      );
      assert.deepEqual(d.relations, doc().relations);
      assert.equal(d.entities[0].section, 'history of present illness');
      // The title length moves with the title: it still ends at the same line break.
      assert.equal(d.text[Number(d.infons!.title_length)], '\n');
      assert.equal(d.infons!.answers, 'recorded');
    });
  }

  it('tags: a mention over a name takes the tag, one inside a date the whole tag', () => {
    const { document: d } = deidentifyDocument(doc(), { style: 'tags' });
    assert.equal(d.entities.find((e) => e.id === 'T2')!.text, '[**Name**] syndrome');
    assert.equal(d.entities.find((e) => e.id === 'T4')!.text, '[**Date**]');
    assert.equal(d.sentences![0].tokens![1].text, '[**Name**]');
    assert.equal(d.infons!.source, 'Dr. [**Name**]');
  });

  it('a document without PHI comes back the same', () => {
    const clean: AnnotatedDocument = {
      id: 'c',
      text: 'BP 110/70, afebrile.',
      entities: [{ id: 'T1', type: 'test', start: 0, end: 2, text: 'BP' }],
      relations: [],
    };
    assert.deepEqual(deidentifyDocument(clean, { style: 'tags' }).document, clean);
  });
});
