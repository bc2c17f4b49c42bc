/**
 * The PHI rules on synthetic notes written for these tests: each kind of PHI found with its
 * exact offsets (CRLF and characters outside the BMP included), dates in many layouts, and
 * clinical words, vitals and lab values left alone.
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { found, has } from '../../support/phiRules';

describe('PHI rules (no model)', () => {
  it('finds names after titles, relatives, verbs, before roles, and in sign-offs', () => {
    has('Seen by Dr. Okonkwo this am, plan discussed.', 'name', 'Okonkwo');
    has('PER DR HALVORSEN, WEAN AS TOLERATED.', 'name', 'HALVORSEN');
    has("pt's wife Margaret at bedside, updated.", 'name', 'Margaret');
    has('son: Gregory called for an update.', 'name', 'Gregory');
    has('Line placed, K. Lindqvist RN aware.', 'name', 'Lindqvist');
    has('Pain controlled overnight. Plan unchanged.\nDolores\n', 'name', 'Dolores');
    has('Mr. Castellano remains intubated.', 'name', 'Castellano');
  });

  it('finds dates in many layouts, and years', () => {
    for (const d of ['7/22', '2/3/98', '12/01/2004', '4-13-95', 'Jan 5', 'January 5th, 1998', '5 March 2001', '2004-03-17'])
      has(`Admitted ${d} with chest pain.`, 'date', d);
    has('Readmitted on the 3rd for dyspnea.', 'date', '3rd');
    has("PMH: MI '92, CABG 1995.", 'date', '92');
    has("PMH: MI '92, CABG 1995.", 'date', '1995');
  });

  it('finds phones, pagers, e-mail, URLs, IDs, ages over 89, addresses and ZIP codes', () => {
    has('Daughter can be reached at (410) 555-0199.', 'phone', '(410) 555-0199');
    has('Call son 212- 476- 8356 with changes.', 'phone', '212- 476- 8356');
    has('Pager #40417', 'phone', '40417');
    has('Results sent to j.doe@example.org today.', 'email', 'j.doe@example.org');
    has('See www.example-hospital.org/portal for forms.', 'url', 'www.example-hospital.org/portal');
    has('MRN: 00482913 verified at admission.', 'id', '00482913');
    has('SSN 123-45-6789 on file.', 'id', '123-45-6789');
    has('92 yo woman with CHF.', 'age', '92');
    has('Lives at 42 Willow Brook Road with her husband.', 'address', '42 Willow Brook Road');
    has('Baltimore, MD 21201', 'address', '21201');
  });

  it('finds places: institutions and moves', () => {
    has('Transferred from Dunmore General Hospital for cath.', 'location', 'Dunmore');
    has('TO BE TRANSFERRED TO KESWICK REHAB TOMORROW.', 'location', 'KESWICK');
    has('Lives in Catonsville with her daughter.', 'location', 'Catonsville');
  });

  it('leaves clinical words, vitals and lab values alone', () => {
    const text = [
      'BP 110/70, HR 88, RR 18, SpO2 97% on 2L. Temp 37.2. Pain 4/10.',
      'Foley draining clear urine. Hickman line intact. Swan-Ganz removed. Lasix 40 mg IV given at 1900.',
      'Hx of Parkinson disease and Alzheimer dementia. CPAP 5/5, FiO2 40%. Rales 1/3 up bilaterally.',
      'D5 1/2 NS at 100 cc/hr. Heparin 1400 units/hr. FS 204. WBC 12.1, Hct 28.4, K 3.9, Cr 2.1.',
      'Neuro: PERRL, MAE. Tol diet well. SVR 1100-1300. Plan: cont to monitor.',
    ].join('\n');
    assert.deepEqual(found(text), []);
  });

  it('keeps offsets exact with CRLF line ends and characters outside the BMP', () => {
    const text = '😀 note 𝔸\r\nSeen by Dr. Okonkwo on 7/22.\r\nDaughter Margaret called 😀 (410) 555-0199.\r\n';
    const spans = detectPhi(text);
    for (const s of spans) assert.equal(text.slice(s.start, s.end), s.text);
    assert.deepEqual(
      spans.map((s) => s.text),
      ['Okonkwo', '7/22', 'Margaret', '(410) 555-0199'],
    );
    assert.ok(spans.every((s) => s.confidence > 0 && s.confidence <= 1 && s.why.length > 0));
  });
});
