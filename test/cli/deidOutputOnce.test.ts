/**
 * `--deidentify` on a rerun (cli/deidOutput.ts): the changed note's text is de-identified once
 * to compare it with what was written, and the document written from that same result, not
 * replaced a second time; the document is the one a fresh de-identification writes.
 */
import * as assert from 'node:assert/strict';
import { parseDeidentify } from '../../server/src/cli/deidOutput';
import { deidentifyDocument } from '../../server/src/engine/formats/deidDocument';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { deidentifyWork } from '../../server/src/engine/tasks/phi/deidentify';

const TEXT = 'Seen by Dr. Okonkwo on 7/22/2019; daughter Priya called (301) 555-1212 about the rash.';
const doc = (text: string): AnnotatedDocument => {
  const start = text.indexOf('rash');
  return { id: 'pa/n1', text, entities: [{ id: 'T1', type: 'problem', start, end: start + 4, text: 'rash' }], relations: [] };
};

describe('--deidentify: a note compared on a rerun is de-identified once', () => {
  it('text() then document() of the same note replaces its PHI once; the document is a fresh one', () => {
    const out = parseDeidentify({ deidentify: 'surrogates', seed: '7' }, '')!;
    const before = deidentifyWork.texts;
    const text = out.text(TEXT, 'pa/n1', 'pa');
    const written = out.document(doc(TEXT), 'pa');
    assert.equal(deidentifyWork.texts - before, 1, 'one de-identification for the comparison and the document');
    assert.equal(written.text, text);
    assert.deepEqual(written, deidentifyDocument(doc(TEXT), { style: 'surrogates', seed: 7, patient: 'pa/n1' }).document);
  });

  it('another note, or the same text of another patient, is de-identified afresh', () => {
    const out = parseDeidentify({ deidentify: 'surrogates', seed: '7', 'patient-of': 'note' }, '')!;
    out.text(TEXT, 'pa/n1', 'pa');
    const before = deidentifyWork.texts;
    const other = `${TEXT} Seen again.`;
    const written = out.document(doc(other), 'pa');
    assert.equal(deidentifyWork.texts - before, 1);
    assert.ok(written.text.endsWith('Seen again.') && !written.text.includes('Okonkwo'));
    out.text(TEXT, 'pa/n1', 'pa');
    const third = out.document({ ...doc(TEXT), id: 'pb/n2' }, 'pb');
    assert.equal(third.text, deidentifyDocument({ ...doc(TEXT), id: 'pb/n2' }, { style: 'surrogates', seed: 7, patient: 'pb/n2' }).document.text);
  });
});
