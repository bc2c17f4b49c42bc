/**
 * Assertion on the way templates and hurried notes write findings (engine/tasks/assertion):
 * fields answered as in a form ("Fever: No"), negated lists that switch to what the patient
 * has ("denies fever, states SOB is worse", "no edema, +JVD"), question marks, and sentences
 * typed on without a space. Sentences written for this project; each case was a defect.
 */
import * as assert from 'node:assert/strict';
import { statusesOf } from '../../support/assertionStatuses';

const statuses = (sentence: string, ...texts: string[]) => statusesOf(sentence, texts);

describe('assertion: form answers, list switches, question marks', () => {
  it('a field answered no, none, negative, absent, denies or (-) negates its label, and only its label', () => {
    assert.deepEqual(statuses('Fever: No Chills: yes Cough: no', 'Fever', 'Chills', 'Cough'), { Fever: ['negated'], Chills: [], Cough: ['negated'] });
    assert.deepEqual(statuses('Chest pain: denies, Palpitations: endorses', 'Chest pain', 'Palpitations'), { 'Chest pain': ['negated'], Palpitations: [] });
    assert.deepEqual(statuses('Fever: absent. Cough: present.', 'Fever', 'Cough'), { Fever: ['negated'], Cough: [] });
    assert.deepEqual(statuses('Edema: (-); Rash: negative', 'Edema', 'Rash'), { Edema: ['negated'], Rash: ['negated'] });
  });

  it('a spaced dash stands for the colon, a dash alone answers no, and a label may join words with / or &', () => {
    assert.deepEqual(statuses('Chest pain - denies. Palpitations - denies. Dyspnea - endorses with exertion.', 'Chest pain', 'Palpitations', 'Dyspnea'), {
      'Chest pain': ['negated'],
      Palpitations: ['negated'],
      Dyspnea: [],
    });
    assert.deepEqual(statuses('Abd pain: + ; Melena: - ; Hematochezia: -', 'Abd pain', 'Melena', 'Hematochezia'), {
      'Abd pain': [],
      Melena: ['negated'],
      Hematochezia: ['negated'],
    });
    assert.deepEqual(statuses('Nausea/vomiting: denies. Diarrhea: positive.', 'Nausea/vomiting', 'Diarrhea'), { 'Nausea/vomiting': ['negated'], Diarrhea: [] });
    assert.deepEqual(statuses('Melena: - blood per rectum', 'Melena'), { Melena: [] }, 'a dash before more words is no answer');
    assert.deepEqual(statuses('X - ray of the chest', 'ray'), { ray: [] });
  });

  it('a value that goes on is no answer: "Pain: no relief with ibuprofen" leaves the pain affirmed', () => {
    assert.deepEqual(statuses('Pain: no relief with ibuprofen', 'Pain'), { Pain: [] });
    assert.deepEqual(statuses('Headache: yes, no photophobia', 'Headache', 'photophobia'), { Headache: [], photophobia: ['negated'] });
  });

  it('(-) negates what follows; (+) and + end a negated list', () => {
    assert.deepEqual(statuses('(-) fever, chills, (+) cough', 'fever', 'chills', 'cough'), { fever: ['negated'], chills: ['negated'], cough: [] });
    assert.deepEqual(statuses('No nausea, vomiting; + abdominal pain.', 'vomiting', 'abdominal pain'), { vomiting: ['negated'], 'abdominal pain': [] });
    assert.deepEqual(statuses('No edema, +JVD.', 'edema', 'JVD'), { edema: ['negated'], JVD: [] });
  });

  it('a negated list ends where the patient is said to have something', () => {
    for (const [sentence, has] of [
      ['Denies fever, states SOB is worse.', 'SOB'],
      ['Denies fever, notes cough for 3 days.', 'cough'],
      ['Pt denies chest pain, says that dyspnea is worse.', 'dyspnea'],
      ['He denies any chest pain and is complaining of back pain.', 'back pain'],
      ['No infiltrate and a small effusion.', 'small effusion'],
      ['No edema, with mild erythema at the site.', 'mild erythema'],
    ])
      assert.deepEqual(statuses(sentence, has), { [has]: [] }, sentence);
    assert.deepEqual(statuses('No infiltrate or effusion.', 'effusion'), { effusion: ['negated'] }, 'a list joined by "or" stays negated');
  });

  it("a later list item followed by a word of presence is there; the negation's own item is not", () => {
    assert.deepEqual(statuses('No fever, cough present.', 'fever', 'cough'), { fever: ['negated'], cough: [] });
    assert.deepEqual(statuses('No pneumothorax is seen, small effusion noted.', 'pneumothorax', 'small effusion'), {
      pneumothorax: ['negated'],
      'small effusion': [],
    });
    assert.deepEqual(statuses('No effusion seen.', 'effusion'), { effusion: ['negated'] });
    assert.deepEqual(statuses('No fever noted, rales noted.', 'fever', 'rales'), { fever: ['negated'], rales: [] });
    assert.deepEqual(
      statuses('No rash, erythema, or swelling present.', 'erythema'),
      { erythema: ['negated'] },
      'presence after the last item of "or": still the list',
    );
  });

  it('a result after an item is its own: "HIV negative"; a backward scope stops at the item before that has one', () => {
    assert.deepEqual(statuses('HIV negative, HCV antibody reactive.', 'HIV', 'HCV antibody'), { HIV: ['negated'], 'HCV antibody': [] });
    assert.deepEqual(statuses('Rapid strep negative, influenza A positive, COVID-19 not detected.', 'Rapid strep', 'influenza A', 'COVID-19'), {
      'Rapid strep': ['negated'],
      'influenza A': [],
      'COVID-19': ['negated'],
    });
    assert.deepEqual(
      statuses('Fever, chills and sweats were absent.', 'Fever', 'sweats'),
      { Fever: ['negated'], sweats: ['negated'] },
      'a list before "were absent" is still held',
    );
    assert.deepEqual(statuses('Blood cultures showed gram negative rods.', 'gram negative rods'), { 'gram negative rods': [] });
  });

  it('a clause after "noted," or "seen," is out of the negation; "no evidence of" ends a history; "given" ends a hedge', () => {
    assert.deepEqual(statuses('Skin: warm and dry, no rashes or lesions noted, small abrasion on right forearm.', 'lesions', 'small abrasion'), {
      lesions: ['negated'],
      'small abrasion': [],
    });
    assert.deepEqual(statuses('Hx of breast cancer s/p mastectomy, no evidence of recurrence.', 'breast cancer', 'recurrence'), {
      'breast cancer': ['historical'],
      recurrence: ['negated'],
    });
    assert.deepEqual(statuses('Concern for sepsis given tachycardia and fever.', 'sepsis', 'fever'), { sepsis: ['possible'], fever: [] });
  });

  it('a question mark asks of the one item before it, or after it when it opens the item; a lost apostrophe asks nothing', () => {
    assert.deepEqual(statuses('Pneumonia?', 'Pneumonia'), { Pneumonia: ['possible'] });
    assert.deepEqual(statuses('CXR: ?PNA, small effusion.', 'PNA', 'small effusion'), { PNA: ['possible'], 'small effusion': [] });
    assert.deepEqual(statuses('Fever? Cough present.', 'Cough'), { Cough: [] });
    assert.deepEqual(statuses('Cough, ? pneumonia', 'Cough', 'pneumonia'), { Cough: [], pneumonia: ['possible'] });
    assert.deepEqual(statuses('The patient?s cough is better.', 'cough'), { cough: [] });
  });

  it('a full stop typed without a space before a capitalised word ends the scope; "e.g.Tylenol" does not', () => {
    assert.deepEqual(statuses('No fever.Cough present.', 'fever', 'Cough'), { fever: ['negated'], Cough: [] });
    assert.deepEqual(statuses('Avoid NSAIDs, e.g.Ibuprofen, for now.', 'Ibuprofen'), { Ibuprofen: [] });
    assert.deepEqual(statuses('No analgesics, e.g.Ibuprofen.', 'Ibuprofen'), { Ibuprofen: ['negated'] });
  });
});
