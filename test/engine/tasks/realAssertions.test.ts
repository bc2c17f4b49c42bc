/**
 * The ConText assertion rules on sentences written the way real notes write them (review of
 * systems lists, radiology "was negative for", informants and escorts, plan hedges). Each
 * expectation is what an i2b2 2010 assertion annotator would mark; each case was a defect.
 */
import * as assert from 'node:assert/strict';
import { mentionOf, statusesOf } from '../../support/assertionStatuses';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { markAssertions } from '../../../server/src/engine/tasks/assertion/context';
import { checkTermsFile, compileTerms, CompiledTerms, defaultTerms, mergeTerms, TermsFile } from '../../../server/src/engine/tasks/assertion/terms';
import { ROOT } from '../../support/paths';

const statuses = (sentence: string, ...texts: string[]) => statusesOf(sentence, texts);

describe('assertion on real-note sentences', () => {
  it('a long negated list stays in scope to its last item (the window restarts after each short item)', () => {
    assert.deepEqual(
      statuses('No fever, chills, nausea, vomiting, diarrhea, constipation, dysuria, hematuria, rash, or headache.', 'fever', 'dysuria', 'headache'),
      { fever: ['negated'], dysuria: ['negated'], headache: ['negated'] },
    );
    assert.deepEqual(
      statuses(
        'Denies fever, chills, night sweats, weight loss, chest pain, palpitations, shortness of breath, cough, abdominal pain, or vomiting.',
        'shortness of breath',
        'vomiting',
      ),
      { 'shortness of breath': ['negated'], vomiting: ['negated'] },
    );
    assert.deepEqual(statuses('Hx of HTN, HLD, DM2, CAD, CHF, COPD, CKD, OSA, and GERD, presenting with cough.', 'GERD', 'cough'), {
      GERD: ['historical'],
      cough: [],
    });
    assert.deepEqual(statuses('Father with diabetes, hypertension, stroke, and colon cancer.', 'colon cancer'), { 'colon cancer': ['family'] });
  });

  it('a clause after a comma does not restart the window', () => {
    assert.deepEqual(statuses('No fever, she was admitted to the floor and treated with antibiotics for pneumonia.', 'pneumonia'), { pneumonia: [] });
  });

  it('"was negative for" / "is negative for" negate what follows', () => {
    assert.deepEqual(statuses('Chest x-ray was negative for infiltrate.', 'infiltrate'), { infiltrate: ['negated'] });
    assert.deepEqual(statuses('Family history is negative for colon cancer.', 'colon cancer'), { 'colon cancer': ['negated', 'family'] });
    assert.deepEqual(statuses('Blood cultures came back negative for bacteremia.', 'bacteremia'), { bacteremia: ['negated'] });
  });

  it('affirming verbs end a negation: endorses, admits to, notable for', () => {
    assert.deepEqual(statuses('Denies fever, endorses chills.', 'fever', 'chills'), { fever: ['negated'], chills: [] });
    assert.deepEqual(statuses('No fever, admits to chills.', 'chills'), { chills: [] });
    assert.deepEqual(statuses('Exam negative for edema, notable for crackles.', 'edema', 'crackles'), { edema: ['negated'], crackles: [] });
  });

  it('"not certain if" is uncertainty, not negation; plan uses of "may" are no hedge', () => {
    assert.deepEqual(statuses('Not certain if she has lupus.', 'lupus'), { lupus: ['possible'] });
    assert.deepEqual(statuses('He may need surgery for his hernia.', 'hernia'), { hernia: [] });
    assert.deepEqual(statuses('May have pneumonia.', 'pneumonia'), { pneumonia: ['possible'] });
  });

  it('"if any" is hypothetical before or after the problem', () => {
    assert.deepEqual(statuses('Call if any fever.', 'fever'), { fever: ['hypothetical'] });
    assert.deepEqual(statuses('Report fever or chills, if any.', 'fever', 'chills'), { fever: ['hypothetical'], chills: ['hypothetical'] });
  });

  it("a relative who brings, notices or witnesses is an informant: the problem is the patient's", () => {
    assert.deepEqual(statuses("Patient's mother brought her in for chest pain.", 'chest pain'), { 'chest pain': [] });
    assert.deepEqual(statuses('Brought in by his mother for fever.', 'fever'), { fever: [] });
    assert.deepEqual(statuses('Seizure witnessed by mother.', 'Seizure'), { Seizure: [] });
    assert.deepEqual(statuses('Rash noticed by her mother this morning.', 'Rash'), { Rash: [] });
    assert.deepEqual(statuses('Wife is concerned about his memory loss.', 'memory loss'), { 'memory loss': [] });
    // The relative's own history stays theirs.
    assert.deepEqual(statuses('Her mother had her first MI at 50.', 'MI'), { MI: ['family'] });
    assert.deepEqual(statuses('Mother had breast cancer.', 'breast cancer'), { 'breast cancer': ['family'] });
  });
});

describe('assertion on real-note sentences: what the list window and the new terms must not do', () => {
  it('a negated list ends at an item that reads as a clause: a verb, a subject, a degree, "intact"', () => {
    assert.deepEqual(statuses('No hemoptysis, weight loss, night sweats, fevers, chills, CT chest showed a 3 cm mass.', 'hemoptysis', 'chills', 'mass'), {
      hemoptysis: ['negated'],
      chills: ['negated'],
      mass: [],
    });
    assert.deepEqual(statuses('No edema, cyanosis, clubbing, skin intact, ulcer on left heel.', 'clubbing', 'ulcer'), { clubbing: ['negated'], ulcer: [] });
    assert.deepEqual(statuses('No focal deficits, gait steady, mild tremor.', 'focal deficits', 'tremor'), { 'focal deficits': ['negated'], tremor: [] });
    assert.deepEqual(statuses('He denies fever, cough, has been feeling tired, short of breath and dizzy.', 'cough', 'dizzy'), {
      cough: ['negated'],
      dizzy: [],
    });
    assert.deepEqual(statuses('No fever, chills, sweats, cough, has had increasing dyspnea and leg swelling.', 'sweats', 'leg swelling'), {
      sweats: ['negated'],
      'leg swelling': [],
    });
  });

  it('the words that end a list are terms of the terms file: a user file adds and removes them', () => {
    const sentence = 'No focal deficits, gait steady, mild tremor.';
    const status = (terms: CompiledTerms) => markAssertions(sentence, [mentionOf(sentence, 'tremor')], { terms })[0].negated === true;
    assert.equal(status(defaultTerms()), false);
    assert.equal(
      status(
        compileTerms(
          mergeTerms(JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/engine/tasks/assertion/terms.json'), 'utf8')) as TermsFile, { remove: ['mild'] }),
        ),
      ),
      true,
    );
    assert.equal(checkTermsFile({ listEnds: ['appreciated'] }), undefined);
    assert.match(checkTermsFile({ listEnds: 'mild' }) ?? '', /listEnds must be a list of strings/);
  });

  it('"not significant for" negates (the termination "significant for" does not cut it)', () => {
    assert.deepEqual(statuses('Family history not significant for CAD.', 'CAD'), { CAD: ['negated', 'family'] });
    assert.deepEqual(statuses('UA not remarkable for infection.', 'infection'), { infection: ['negated'] });
  });

  it("a relative's own verbs keep the family scope; only the patient as the object ends it", () => {
    assert.deepEqual(statuses('Father said to have had a stroke.', 'stroke'), { stroke: ['family'] });
    assert.deepEqual(statuses('Father noticed a mass on his neck.', 'mass'), { mass: ['family'] });
    assert.deepEqual(statuses('Her son was brought in last year for a stroke.', 'stroke'), { stroke: ['family'] });
    assert.deepEqual(statuses("Patient's mother brought her in for chest pain.", 'chest pain'), { 'chest pain': [] });
  });

  it('"absent" after a finding, "not suspected", "not diagnostic of", "in the differential", "concern of"', () => {
    assert.deepEqual(statuses('Dorsalis pedis pulses absent bilaterally.', 'Dorsalis pedis pulses'), { 'Dorsalis pedis pulses': ['negated'] });
    assert.deepEqual(statuses('Absent bowel sounds.', 'bowel sounds'), { 'bowel sounds': ['negated'] });
    assert.deepEqual(statuses('Pulmonary embolism is not suspected clinically.', 'Pulmonary embolism'), { 'Pulmonary embolism': ['negated'] });
    assert.deepEqual(statuses('Pulmonary embolism is suspected.', 'Pulmonary embolism'), { 'Pulmonary embolism': ['possible'] });
    assert.deepEqual(statuses('The biopsy is atypical but not diagnostic of carcinoma.', 'carcinoma'), { carcinoma: ['possible'] });
    assert.deepEqual(statuses('Gout remains in the differential.', 'Gout'), { Gout: ['possible'] });
    assert.deepEqual(statuses('Admitted for concern of meningitis.', 'meningitis'), { meningitis: ['possible'] });
  });

  it('"if you experience" and "return precautions" hold their whole list; "due to" ends a hypothetical', () => {
    assert.deepEqual(
      statuses('Come back if you experience a temperature above 38.5, spreading redness of the leg, or pus from the wound.', 'spreading redness', 'pus'),
      { 'spreading redness': ['hypothetical'], pus: ['hypothetical'] },
    );
    assert.deepEqual(statuses('Return precautions given for worsening headache, vomiting, and neck stiffness.', 'vomiting', 'neck stiffness'), {
      vomiting: ['hypothetical'],
      'neck stiffness': ['hypothetical'],
    });
    assert.deepEqual(statuses('Told to avoid aspirin due to prior GI bleed.', 'GI bleed'), { 'GI bleed': ['historical'] });
  });

  it('"little, if any" in a radiology report is no hypothetical', () => {
    assert.deepEqual(statuses('There has been little if any interval change in the size of the pulmonary nodule.', 'pulmonary nodule'), {
      'pulmonary nodule': [],
    });
    assert.deepEqual(statuses('Minimal, if any, residual pleural effusion.', 'residual pleural effusion'), { 'residual pleural effusion': [] });
  });
});
