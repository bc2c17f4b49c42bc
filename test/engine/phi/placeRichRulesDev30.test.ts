/**
 * PHI rules from the dev30 round (40 ICU, transfer and social-work notes of a Boston teaching
 * hospital rich in places, written blind; the sentences here are written here, none from a
 * corpus): a place weighed against or listed with a place found; a place of two or three words
 * found once is found where the note repeats it; a neighbourhood before "Hill"; a town after a
 * street and "in"; a workplace after a job; a square by its name, a street after "at", a box's
 * number, a ZIP after a postal code in small letters; a police department before its job; the
 * patient's initials before an age; a relative's name that is a word too after "per"; and the
 * false friends of each.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes rich in places', () => {
  it('a place weighed against or listed with a place found, and again where the note repeats it', () => {
    has('Plan: screening for Braintree Rehab vs Marlowe.', 'location', 'Marlowe');
    has('Applications sent to Carney Hospital and Villa Serena. Bed offer from Villa Serena today.', 'location', 'Villa Serena', 60);
    has('CM faxed forms to Hebrew Rehab or Quenton.', 'location', 'Quenton');
  });

  it('leaves what follows a place and "and" where it names no place', () => {
    lacks('INTUBATED AT LAWRENCE GENERAL AND TXF HERE FOR CATH.', 'TXF');
    none('Seen at Tewksbury and discharged home.', 'name');
    lacks('Pt from Malden and daughter aware.', 'daughter');
  });

  it('a neighbourhood before "Hill", after a preposition of place, in any case', () => {
    has('SON LIVES IN MISSION HILL NOW.', 'location', 'MISSION HILL');
    has('her sister lives on federal hill in providence', 'location', 'federal hill');
  });

  it('leaves a hill that is no place', () => {
    none('Pt walked up the hill to the clinic last week.', 'location');
  });

  it('a town after a street and "in"; a workplace after a job; a street after "at"', () => {
    has('lives at 42 shore rd in hull with wife.', 'location', 'hull');
    has('PT WORKS AS A LINE COOK AT BRIGHAM CIRCLE DINER.', 'location', 'BRIGHAM');
    has('Retired after 30 yrs in the billing office at Liberty Mutual.', 'location', 'Liberty Mutual');
    has('She clerked 10 yrs at Congress Street for a law firm.', 'address', 'Congress Street');
  });

  it('a square by its name, a post-office box, a ZIP after a postal code in small letters', () => {
    has('collapsed at work near Kenmore Square, bystander CPR.', 'location', 'Kenmore Square');
    has('Mail to P.O. Box 88, Orleans.', 'address', 'P.O. Box 88');
    has('son at 7 elm st, revere, ma 02151, cell 781-555-0111', 'address', '02151');
  });

  it('leaves a square that names no place, and a number after a clinical word and a code that is a word too', () => {
    none('The Square of the hypotenuse.', 'location');
    none('heparin gtt, or 25000 units in 500 cc', 'address');
    none('heparin gtt, or 25000 units in 500 cc', 'location');
    none('HEPARIN GTT, OR 25000 UNITS OVER 24 HRS.', 'location');
  });

  it('a police department before its job', () => {
    has('Husband is a retired BPD sergeant.', 'location', 'BPD');
  });

  it('leaves a lung disease before a word of its own', () => {
    none('copd officer of record', 'location');
  });

  it("the patient's initials before an age, though they spell a clinical word; a name that is a word after per", () => {
    has('MICU NPN 7P-7A\nPT CR IS A 58 YO F WITH SEPSIS.', 'name', 'CR');
    has('Nsg note: pt KL, s/p fall from ladder, GCS 15.', 'name', 'KL');
    has('SON FRANK AT BEDSIDE. NO FRANK BLEEDING. DNR/DNI PER FRANK, MD AWARE.', 'name', 'FRANK', 50);
  });

  it('leaves a clinical word before s/p, and a word that is a name after per where none was found', () => {
    none('pt npo, s/p egd, resting.', 'name');
    none('NO FRANK BLOOD PER RECTUM.', 'name');
  });
});
