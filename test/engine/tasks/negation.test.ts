import * as assert from 'node:assert/strict';
// The NegEx-era cases, through the old module path (now a re-export of the ConText engine).
import { markAssertions } from '../../../server/src/engine/tasks/negation';
import { EntityType, Mention } from '../../../server/src/engine/types';

/** A mention of the first occurrence (or the nth) of `text` in the sentence. */
function at(sentence: string, text: string, type: EntityType = 'problem', nth = 0): Mention {
  let start = -1;
  for (let i = 0; i <= nth; i++) start = sentence.indexOf(text, start + 1);
  assert.ok(start >= 0, `test set-up: ${text} not in ${sentence}`);
  return { start, end: start + text.length, type, text };
}

function flags(sentence: string, ...texts: string[]): Record<string, [boolean | undefined, boolean | undefined]> {
  const out: Record<string, [boolean | undefined, boolean | undefined]> = {};
  const ms = markAssertions(
    sentence,
    texts.map((t) => at(sentence, t)),
  );
  ms.forEach((m, i) => (out[texts[i]] = [m.negated, m.uncertain]));
  return out;
}

const NEG: [boolean, boolean] = [true, false];
const UNC: [boolean, boolean] = [false, true];
const POS: [boolean, boolean] = [false, false];

describe('markAssertions', () => {
  it('no mentions: empty result', () => {
    assert.deepEqual(markAssertions('No fever.', []), []);
  });

  it('keeps the mention fields and returns new objects', () => {
    const s = 'No fever.';
    const m = at(s, 'fever');
    const [r] = markAssertions(s, [m]);
    assert.equal(r.start, m.start);
    assert.equal(r.end, m.end);
    assert.equal(r.type, m.type);
    assert.equal(r.text, m.text);
    assert.notEqual(r, m);
    assert.equal(m.negated, undefined, 'the input is not modified');
  });

  it('"He reported orthopnea but denied chest pain.": chest pain negated, orthopnea not', () => {
    assert.deepEqual(flags('He reported orthopnea but denied chest pain.', 'orthopnea', 'chest pain'), {
      orthopnea: POS,
      'chest pain': NEG,
    });
  });

  it('"No murmurs." is negated', () => {
    assert.deepEqual(flags('No murmurs.', 'murmurs'), { murmurs: NEG });
  });

  it('"He has no history of arrhythmia." is negated', () => {
    assert.deepEqual(flags('He has no history of arrhythmia.', 'arrhythmia'), { arrhythmia: NEG });
  });

  it('a negation trigger covers a list of mentions after it', () => {
    assert.deepEqual(flags('Denies fever, chills or night sweats.', 'fever', 'chills', 'night sweats'), {
      fever: NEG,
      chills: NEG,
      'night sweats': NEG,
    });
  });

  it('other pre-triggers: without, negative for, no evidence of, free of', () => {
    assert.deepEqual(flags('Walks without dyspnea.', 'dyspnea'), { dyspnea: NEG });
    assert.deepEqual(flags('Urine culture negative for E. coli.', 'E. coli'), { 'E. coli': NEG });
    assert.deepEqual(flags('CT shows no evidence of metastasis.', 'metastasis'), { metastasis: NEG });
    assert.deepEqual(flags('She is free of seizures.', 'seizures'), { seizures: NEG });
  });

  it('"possible pneumonia" is uncertain, not negated', () => {
    assert.deepEqual(flags('Chest x-ray shows possible pneumonia.', 'pneumonia'), { pneumonia: UNC });
  });

  it('other uncertainty cues: suspected, concerning for, rule out, cannot exclude', () => {
    assert.deepEqual(flags('Suspected sepsis.', 'sepsis'), { sepsis: UNC });
    assert.deepEqual(flags('Findings concerning for malignancy.', 'malignancy'), { malignancy: UNC });
    assert.deepEqual(flags('Admitted to rule out myocardial infarction.', 'myocardial infarction'), { 'myocardial infarction': UNC });
    assert.deepEqual(flags('Cannot exclude pulmonary embolism.', 'pulmonary embolism'), { 'pulmonary embolism': UNC });
  });

  it('"pneumonia was ruled out" is negated by a post-trigger', () => {
    assert.deepEqual(flags('Pneumonia was ruled out.', 'Pneumonia'), { Pneumonia: NEG });
    assert.deepEqual(flags('The diagnosis of pneumonia was ruled out by CT.', 'pneumonia'), { pneumonia: NEG });
  });

  it('uncertainty post-triggers: "is suspected"', () => {
    assert.deepEqual(flags('Endocarditis is suspected.', 'Endocarditis'), { Endocarditis: UNC });
  });

  it('a post-trigger (ConText: backward) covers the words before it up to a terminator', () => {
    assert.deepEqual(flags('Pneumonia and effusion were ruled out.', 'Pneumonia', 'effusion'), { Pneumonia: NEG, effusion: NEG });
    assert.deepEqual(flags('Fever persists but pneumonia was ruled out.', 'Fever', 'pneumonia'), { Fever: POS, pneumonia: NEG });
  });

  it('"but" ends the scope of a negation', () => {
    assert.deepEqual(flags('No fever but cough persists.', 'fever', 'cough'), { fever: NEG, cough: POS });
    assert.deepEqual(flags('Denies chest pain but reports dyspnea.', 'chest pain', 'dyspnea'), {
      'chest pain': NEG,
      dyspnea: POS,
    });
  });

  it('other terminators end the scope: however, a period, a semicolon', () => {
    assert.deepEqual(flags('No nausea; vomiting since morning.', 'vomiting'), { vomiting: POS });
    assert.deepEqual(flags('No rash. Headache present.', 'Headache'), { Headache: POS });
    assert.deepEqual(flags('No edema, however ascites is present.', 'ascites'), { ascites: POS });
  });

  it('the scope ends a few words after the trigger (window limit)', () => {
    const near = 'No sign at all of rash.';
    // "no" ... 4 words ... rash: inside the window.
    assert.deepEqual(flags(near, 'rash'), { rash: NEG });
    const far = 'No complaints were voiced by the patient or her family about rash.';
    assert.deepEqual(flags(far, 'rash'), { rash: POS });
  });

  it('triggers are matched case-insensitively', () => {
    assert.deepEqual(flags('DENIES CHEST PAIN.', 'CHEST PAIN'), { 'CHEST PAIN': NEG });
    assert.deepEqual(flags('POSSIBLE pneumonia', 'pneumonia'), { pneumonia: UNC });
  });

  it('a trigger must be a whole word: "nothing", "know" do not negate', () => {
    assert.deepEqual(flags('Nothing unusual about the anemia.', 'anemia'), { anemia: POS });
    assert.deepEqual(flags('We know about anemia.', 'anemia'), { anemia: POS });
  });

  it('a trigger after the mention does not negate it (pre-triggers look backwards only)', () => {
    assert.deepEqual(flags('Fever, no cough.', 'Fever', 'cough'), { Fever: POS, cough: NEG });
  });

  it('affirmed mentions get both flags false', () => {
    assert.deepEqual(flags('Patient has diabetes and hypertension.', 'diabetes', 'hypertension'), {
      diabetes: POS,
      hypertension: POS,
    });
  });

  it('negation wins over uncertainty', () => {
    assert.deepEqual(flags('No possible pneumonia.', 'pneumonia'), { pneumonia: NEG });
  });

  it('works on mentions spanning a line break and after emoji', () => {
    const s = '😀 Denies chest\r\npain.';
    const [m] = markAssertions(s, [{ start: s.indexOf('chest'), end: s.indexOf('.'), type: 'problem', text: 'chest\r\npain' }]);
    assert.equal(m.negated, true);
  });
});
