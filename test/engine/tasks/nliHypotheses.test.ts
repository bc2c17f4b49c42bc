/** NLI: summary headers found and the statements checked (hypotheses). */
import * as assert from 'node:assert/strict';
import { DEFAULT_NLI_SECTIONS, hypothesisIndexes, isPlanSentence, normaliseSection } from '../../../server/src/engine/tasks/nli';
import { segment } from '../../../server/src/engine/text/segment';
import { EXTRA_HYPOTHESES, NOTE_NAMES, PLAN_SENTENCES, hypothesesOf, readNote, sentencesOf, span, uniqueSpan } from './nliNotes';

describe('nli: header detection and hypotheses', () => {
  for (const name of NOTE_NAMES) {
    it(`${name}: the gold hypotheses plus the non-plan diagnosis/assessment statements, nothing else`, () => {
      const { text, gold } = readNote(name);
      for (const g of gold) assert.equal(text.slice(g.start, g.end), g.hypothesis, 'gold offsets match the note');
      const sentences = sentencesOf(text);
      const actual = hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS).map((i) => span(sentences[i]));
      const expected = [
        ...gold.map((g) => ({ start: g.start, end: g.end, text: g.hypothesis })),
        ...EXTRA_HYPOTHESES[name].map((t) => uniqueSpan(text, t)),
      ].sort((a, b) => a.start - b.start);
      assert.deepEqual(actual, expected);
    });

    if (PLAN_SENTENCES[name].length > 0) {
      it(`${name}: plan sentences are sentences of the assessment-and-plan section but not hypotheses`, () => {
        const { text } = readNote(name);
        const sentences = sentencesOf(text);
        const hypotheses = new Set(hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS));
        for (const plan of PLAN_SENTENCES[name]) {
          const index = sentences.findIndex((s) => s.text === plan);
          assert.ok(index >= 0, `${plan} is a sentence of its own`);
          assert.equal(sentences[index].section, 'assessment and plan');
          assert.ok(isPlanSentence(plan), plan);
          assert.ok(!hypotheses.has(index), `${plan} is not checked`);
        }
      });
    }
  }

  it('the short and symbol spellings of assessment and plan are checked like it; "X and Plan" like X', () => {
    for (const header of ['A/P:', 'A&P:', 'ASSESSMENT/PLAN:', 'Assessment & Plan:', 'Impression and Plan:', 'Assessment and Plan', 'IMPRESSION/PLAN:']) {
      const text = `HISTORY OF PRESENT ILLNESS:\nCough for a week.\n\n${header}\nCommunity acquired pneumonia. Fever resolved.\n`;
      assert.deepEqual(hypothesesOf(text), ['Community acquired pneumonia.', 'Fever resolved.'], header);
    }
    // Another section is not checked, whatever it is called alike ("Plan" alone is not in the defaults).
    for (const header of ['Plan:', 'P:', 'History and Physical:']) {
      const text = `HISTORY OF PRESENT ILLNESS:\nCough for a week.\n\n${header}\nCommunity acquired pneumonia.\n`;
      assert.deepEqual(hypothesesOf(text), [], header);
    }
  });

  it('a header line ending in a colon starts a section: ASSESSMENT:', () => {
    const text = 'HISTORY:\nCough for a week.\n\nASSESSMENT:\nCommunity acquired pneumonia. Fever resolved.\n';
    assert.deepEqual(hypothesesOf(text), ['Community acquired pneumonia.', 'Fever resolved.']);
  });

  it('an all-capitals line without a colon starts a section: IMPRESSION', () => {
    const text = 'FINDINGS\nThere is a right lower lobe opacity.\n\nIMPRESSION\nRight lower lobe pneumonia.\n';
    const sentences = sentencesOf(text);
    assert.equal(sentences.find((s) => s.text === 'Right lower lobe pneumonia.')?.section, 'impression');
    assert.deepEqual(hypothesesOf(text), ['Right lower lobe pneumonia.']);
  });

  it('inline labels start a section: Summary: and Impression: with text on the same line', () => {
    const text =
      'History: Fever and cough for three days.\n' +
      'Summary: Symptoms are improving. No fever today.\n' +
      'Exam: Lungs clear.\n' +
      'Impression: Viral bronchitis.\n';
    assert.deepEqual(hypothesesOf(text), ['Symptoms are improving.', 'No fever today.', 'Viral bronchitis.']);
    // The label is a header segment, not part of the statement.
    const headers = segment(text)
      .filter((s) => s.kind === 'header')
      .map((s) => s.text);
    assert.deepEqual(headers, ['History:', 'Summary:', 'Exam:', 'Impression:']);
  });

  it('a section ends at the next header; text before any header is never checked', () => {
    const text =
      'The patient is well known to us.\n\n' +
      'ASSESSMENT:\nPneumonia is resolving.\n\n' +
      'PLAN:\nOxygen was weaned off. The patient is stable.\n\n' +
      'ASSESSMENT AND PLAN:\nHypertension, controlled. Continue amlodipine.\n';
    assert.deepEqual(hypothesesOf(text), ['Pneumonia is resolving.', 'Hypertension, controlled.']);
  });

  it('prose that merely mentions a section word is not a header', () => {
    const text = 'HPI:\nOverall impression of the family: worried.\nMy assessment was shared with the patient.\n';
    assert.deepEqual(hypothesesOf(text), []);
  });

  it('header case does not matter: assessment:, Assessment:, ASSESSMENT: and DISCHARGE DIAGNOSES', () => {
    for (const header of ['assessment:', 'Assessment:', 'ASSESSMENT:', 'Discharge Diagnoses:', 'DISCHARGE DIAGNOSES']) {
      const text = `HPI: Chest pain.\n\n${header}\nStable angina.\n`;
      assert.deepEqual(hypothesesOf(text), ['Stable angina.'], header);
    }
  });

  it('configured section names are matched whatever their case, colon and spacing', () => {
    const text = 'ASSESSMENT:\nStable angina.\n\nHOSPITAL COURSE:\nChest pain resolved with rest. Troponin stayed normal.\n';
    assert.deepEqual(hypothesesOf(text, ['Hospital Course']), ['Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, ['  HOSPITAL   course : ']), ['Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, ['Assessment:', 'hospital course']), ['Stable angina.', 'Chest pain resolved with rest.', 'Troponin stayed normal.']);
    assert.deepEqual(hypothesesOf(text, []), []);
    assert.deepEqual(hypothesesOf(text, ['impression']), []);
  });

  it('custom sections on a fixture: the hospital course of the heart failure note', () => {
    const { text } = readNote('discharge-heart-failure');
    assert.deepEqual(hypothesesOf(text, ['Hospital Course:']), [
      'A chest x-ray showed pulmonary edema and small bilateral pleural effusions.',
      'BNP was 2140 pg/mL.',
      'An echocardiogram revealed an ejection fraction of 25%.',
      'He was treated with intravenous furosemide with good diuresis, and his dyspnea improved.',
      'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.',
      'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.',
    ]);
  });

  it('a summary section in the singular or plural, or with a qualifier before its name, is that section', () => {
    // Each after a section that is no list of problems (a label there is a problem's name).
    const text = [
      'Discharge Diagnosis:',
      'Community-acquired pneumonia.',
      'Labs:',
      'Lactate 3.1.',
      'Clinical Impressions:',
      'Sepsis without shock.',
      'Vitals:',
      'T 38.2.',
      'Final Assessment:',
      'Resolving delirium.',
      'Labs:',
      'D-dimer 900.',
      'Differential Diagnosis:',
      'Pulmonary embolism.',
      'Admission Diagnosis:',
      'Heart failure.',
    ].join('\n');
    assert.deepEqual(hypothesesOf(text, DEFAULT_NLI_SECTIONS), ['Community-acquired pneumonia.', 'Sepsis without shock.', 'Resolving delirium.']);
  });

  it('header segments are never hypotheses even when given among the sentences', () => {
    const all = segment('ASSESSMENT:\nStable angina.\n');
    assert.deepEqual(
      hypothesisIndexes(all, DEFAULT_NLI_SECTIONS).map((i) => all[i].text),
      ['Stable angina.'],
    );
  });

  it('normaliseSection lower-cases, drops trailing colons and collapses whitespace', () => {
    assert.equal(normaliseSection('ASSESSMENT:'), 'assessment');
    assert.equal(normaliseSection('Assessment and   Plan:'), 'assessment and plan');
    assert.equal(normaliseSection('  Discharge\tDiagnoses ::  '), 'discharge diagnoses');
    assert.equal(normaliseSection('impression'), 'impression');
    assert.equal(normaliseSection('A/P:'), 'a/p');
    // Idempotent, and agrees with the section names segment() gives.
    for (const s of DEFAULT_NLI_SECTIONS) assert.equal(normaliseSection(normaliseSection(s.toUpperCase() + ':')), s);
    const seg = segment('ASSESSMENT   AND PLAN:\nStable.\n');
    assert.equal(seg[1].section, normaliseSection('ASSESSMENT   AND PLAN:'));
  });

  it('isPlanSentence: an imperative plan verb first, whatever case and list marker', () => {
    for (const plan of [
      'Start gabapentin 300 mg at bedtime.',
      'Refer to podiatry.',
      'Continue losartan 100 mg daily.',
      'Repeat basic metabolic panel in two weeks.',
      'HOLD lisinopril.',
      '1. Follow up in clinic in 2 weeks.',
      '- Monitor renal function.',
      '(Consider statin.)',
      'Discontinue metformin.',
    ]) {
      assert.equal(isPlanSentence(plan), true, plan);
    }
    for (const statement of [
      'Type 2 diabetes, poorly controlled.',
      'Kidney function is declining.',
      'Restart of warfarin was deferred.',
      'He will start insulin.',
      // Past participles report findings, they are not plans.
      'Continued chest pain overnight.',
      'Started on warfarin in 2019.',
      'Starting dose was low.',
      'Atrial fibrillation',
      '',
      '123.',
    ]) {
      assert.equal(isPlanSentence(statement), false, statement);
    }
  });
});
