/**
 * An instruction to act on signs ("call also for any ...", "call 911 if
 * ...", "return to the ED for ...", "please page the covering resident for ...") opens a
 * hypothetical list that runs over every item, with or without "any" before each, across
 * commas, "or", thresholds, semicolons and list numbers, up to the end of the sentence or a
 * clause that is no item of it. A negation inside one item reaches that item only. Every
 * sentence here was written for this project.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseContextTsv } from '../../../server/src/engine/formats/contextTsv';
import { scoreRows } from '../../../server/src/engine/eval/assertionScores';
import { findTriggers, markAssertions } from '../../../server/src/engine/tasks/assertion/context';
import { checkTermsFile, defaultTerms } from '../../../server/src/engine/tasks/assertion/terms';
import { ASSERTION_STATUSES, AssertionStatus, Mention } from '../../../server/src/engine/types';
import { ROOT } from '../../support/paths';

function at(sentence: string, text: string): Mention {
  const start = sentence.indexOf(text);
  assert.ok(start >= 0, `test set-up: ${text} not in ${sentence}`);
  return { start, end: start + text.length, type: 'problem', text };
}

/** The statuses of each text in the sentence ([] = affirmed, the patient's, now). */
function statuses(sentence: string, texts: readonly string[]): Record<string, AssertionStatus[]> {
  const marked = markAssertions(
    sentence,
    texts.map((t) => at(sentence, t)),
  );
  return Object.fromEntries(marked.map((m) => [m.text, ASSERTION_STATUSES.filter((s) => m[s])]));
}

const H: AssertionStatus[] = ['hypothetical'];
const NONE: AssertionStatus[] = [];

/** Asserts each text's statuses. */
function expect(sentence: string, want: Record<string, AssertionStatus[]>): void {
  assert.deepEqual(statuses(sentence, Object.keys(want)), want, sentence);
}

describe('assertion rules: an instruction list is hypothetical to its end', () => {
  it('"call us also for any ...": a dozen items, "any" before some, thresholds and a negation inside an item', () => {
    const s =
      'Please call us also for any temperature above 100.8, any redness spreading around the incision, foul smelling drainage, increasing swelling of the leg, pain not relieved by your pain medicine, numbness or tingling in your toes, or any other new symptom.';
    expect(s, {
      'temperature above 100.8': H,
      redness: H,
      'foul smelling drainage': H,
      'swelling of the leg': H,
      'pain not relieved': H,
      numbness: H,
      tingling: H,
    });
    assert.deepEqual(markAssertions(s, [at(s, 'tingling')])[0].assertion?.triggers.hypothetical, { by: 'trigger', text: 'call us also for' });
  });

  it('an instruction reaches its link over a few words: "Call your surgeon for", "Call the transplant clinic for", "Please page the covering resident for"', () => {
    expect(
      'Call your surgeon for any bleeding that soaks through the dressing, any vomiting, inability to keep down liquids, yellowing of the skin or eyes, any calf pain or new leg swelling.',
      { bleeding: H, vomiting: H, 'inability to keep down liquids': H, 'yellowing of the skin': H, 'calf pain': H, 'leg swelling': H },
    );
    expect(
      'Call the transplant clinic for a temperature of 100.5 or higher, diarrhea lasting more than two days, decreased urine output, or pain over the kidney.',
      {
        'temperature of 100.5': H,
        diarrhea: H,
        'decreased urine output': H,
        'pain over the kidney': H,
      },
    );
    expect('Please page the covering resident for SBP below 90, heart rate over 130, oxygen saturation below 88%, or urine output under 30 cc an hour.', {
      'SBP below 90': H,
      'heart rate over 130': H,
      'oxygen saturation below 88%': H,
      'urine output': H,
    });
  });

  it('"return to the ED for", "call 911 if", "go to the nearest emergency room if", "contact your doctor if you notice": the whole list, without "any"', () => {
    expect('Return to the ED for chest pain, trouble breathing, fainting, blood in your vomit or stool, or a heart rate over 120.', {
      'chest pain': H,
      'trouble breathing': H,
      fainting: H,
      'blood in your vomit': H,
      'heart rate over 120': H,
    });
    expect('Call 911 if you have crushing chest pain, sudden weakness of one side of the body, slurred speech, or loss of consciousness.', {
      'crushing chest pain': H,
      'sudden weakness': H,
      'slurred speech': H,
      'loss of consciousness': H,
    });
    expect('Go to the nearest emergency room if you have palpitations, lightheadedness, fainting spells, or chest pressure lasting more than five minutes.', {
      palpitations: H,
      lightheadedness: H,
      'fainting spells': H,
      'chest pressure': H,
    });
    expect(
      'Please contact your doctor if you notice shortness of breath with activity, weight gain of more than 3 pounds in one day, swelling in your legs, or a cough that keeps you awake at night.',
      { 'shortness of breath': H, 'weight gain': H, 'swelling in your legs': H, cough: H },
    );
    expect(
      'Return to the emergency department for any worsening headache, any confusion, neck stiffness, repeated vomiting, seizure, or weakness in an arm or leg.',
      {
        'worsening headache': H,
        confusion: H,
        'neck stiffness': H,
        'repeated vomiting': H,
        seizure: H,
        weakness: H,
      },
    );
  });

  it('semicolons and list numbers inside the list: the list runs on over them', () => {
    expect('Seek medical attention for any of the following: fever above 101; chills; pain, redness or swelling at the catheter site; or drainage of pus.', {
      'fever above 101': H,
      chills: H,
      redness: H,
      'swelling at the catheter site': H,
      'drainage of pus': H,
    });
    expect('Notify your physician if you develop any of the following: 1) fever over 101 2) worsening pain at the drain site 3) cloudy or bloody urine.', {
      'fever over 101': H,
      'worsening pain': H,
      'bloody urine': H,
    });
    expect('Call us for any of the following; 1) rash 2) itching 3) lip swelling.', { rash: H, itching: H, 'lip swelling': H });
  });

  it('a negation inside an item reaches that item only; "does not stop", "not relieved", "not controlled" negate nothing', () => {
    expect('Call also for any vomiting, pain not controlled by your medicines, no bowel movement in three days, black stools or any new symptom.', {
      vomiting: H,
      pain: H,
      'bowel movement': ['negated', 'hypothetical'],
      'black stools': H,
    });
    expect(
      'Call if you have any of these: dizziness, headache that does not go away, blurred vision, nosebleeds that do not stop, or swelling of the ankles.',
      {
        dizziness: H,
        headache: H,
        'blurred vision': H,
        nosebleeds: H,
        'swelling of the ankles': H,
      },
    );
  });

  it('what ends the instruction: a semicolon before a clause, a new sentence, "but", "and continue", a new numbered order', () => {
    expect('Call your doctor for any fever; you were treated for pneumonia.', { fever: H, pneumonia: NONE });
    expect('Call your doctor for fever; she has a history of endocarditis.', { fever: H, endocarditis: ['historical'] });
    expect('Call for any chest pain; take your aspirin every day for your coronary disease.', { 'chest pain': H, 'coronary disease': NONE });
    expect('Call for any fever. Pneumonia was treated with levofloxacin.', { fever: H, Pneumonia: NONE });
    expect('Call us for any wound redness, but the swelling you have now is expected.', { 'wound redness': H, swelling: NONE });
    expect('Call your doctor for any fever, and continue the lisinopril for your hypertension.', { fever: H, hypertension: NONE });
    expect('Call for any fever; 2) take your metoprolol for atrial fibrillation.', { fever: H, 'atrial fibrillation': NONE });
    expect('You were admitted with cellulitis. Call your doctor for any fever, chills, or spreading redness.', {
      cellulitis: NONE,
      fever: H,
      chills: H,
      'spreading redness': H,
    });
  });

  it('no instruction: a noun ("the call light"), a report ("we will call her"), an errand ("return to clinic in two weeks", "for follow up")', () => {
    expect('The patient uses the call light for help with toileting and has chronic back pain.', { 'chronic back pain': NONE });
    expect('Return to clinic in two weeks for follow up of his anemia.', { anemia: NONE });
    expect('Return to clinic for follow up of her diabetes.', { diabetes: NONE });
    expect('We will call her with the results of the biopsy for lymphoma.', { lymphoma: NONE });
    expect('Contact dermatitis with blistering on both hands.', { blistering: NONE });
    expect('The on call team was paged for hypotension.', { hypotension: NONE });
    expect('She will come in for a biopsy of the breast mass.', { 'breast mass': NONE });
    expect('Call with any questions; her anemia is stable.', { anemia: NONE });
    expect('Denies any chest pain, palpitations, or syncope.', { 'chest pain': ['negated'], syncope: ['negated'] });
  });

  it('the trigger a tool sees names the instruction with its link', () => {
    const t = findTriggers('Call also for any fever, chills, or rash.').find((x) => x.category === 'hypothetical');
    assert.equal(t?.text, 'Call also for');
    assert.equal(t?.list, true);
  });

  it('instructions and instructionLinks are lists of the terms layout', () => {
    assert.equal(checkTermsFile({ categories: { hypothetical: { instructions: ['ring'], instructionLinks: ['regarding'] } } }), undefined);
    assert.match(checkTermsFile({ categories: { hypothetical: { instructions: 'ring' } } }) ?? '', /instructions must be a list of strings/);
  });

  it('instruction-lists.tsv (written after the rule, run once, not tuned on): every row scored, all statuses right', () => {
    // Before the rule: hypothetical F1 61.5 (P 100, R 44.4), negation 77.8 (P 63.6: negations spilling over later items).
    const read = parseContextTsv(fs.readFileSync(path.join(ROOT, 'test/fixtures/assertion/instruction-lists.tsv'), 'utf8'));
    assert.equal(read.skipped, 0);
    const s = scoreRows(read.rows, defaultTerms());
    assert.ok(s.rows >= 50, `${s.rows} rows`);
    assert.ok(s.hypothetical.f1 >= 95, `hypothetical F1 ${s.hypothetical.f1}`);
    assert.ok(s.negation.f1 >= 98.2, `negation F1 ${s.negation.f1}`);
    assert.ok(s.historical.f1 >= 77, `historical F1 ${s.historical.f1}`);
  });

  it('marking stays linear: a sentence of thousands of instructions, semicolons and list numbers', () => {
    const sentence = 'call also for any fever; chills; 2) pain not relieved by rest, no urine; you were seen; '.repeat(2000);
    const mentions: Mention[] = Array.from({ length: 20 }, (_, i) => at(sentence.slice(0, 100 * (i + 1)), 'chills'));
    const t0 = Date.now();
    markAssertions(sentence, mentions);
    assert.ok(Date.now() - t0 < 3000, `${Date.now() - t0} ms`);
  });
});
