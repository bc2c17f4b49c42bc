/**
 * The PHI rules of the dev61 round (ICU notes of a Boston teaching hospital as nurses write
 * them, and notes whose people are named the hard way), on sentences written for these tests:
 * a relative's abbreviation is no name joined to a name, an in-law's abbreviation before a
 * name, a name after case management, perfusion or residents, a break's coverage by a name, a
 * therapist after "w/ PT", a role's name before "at", a clinician in square brackets or before a
 * slash after a consult (a hyphenated consult too), a fellow's name glued by a dash, a ward
 * named by a word of the language or of the clinic, a pilot's airline; and the look-alikes each
 * must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev61 round (synthetic notes)', () => {
  it("a relative's abbreviation is no name joined to a name; an in-law's abbreviation names the one after it", () => {
    lacks('HUSBAND EMEKA AND DAU CHINWE HERE.', 'DAU');
    lacks('wife faith and bro gerry at bs.', 'bro');
    has('fil sonny called from home.', 'name', 'sonny');
  });

  it('a name after case management, perfusion or residents; not the service alone', () => {
    has('CASE MGMT SUE FOLLOWING RE: VNA.', 'name', 'SUE');
    has('ANESTHESIA IN; PERFUSION STAN ON STANDBY.', 'name', 'STAN');
    has('SEEN BY FELLOW W/ RESIDENTS MATT AND KIM.', 'name', 'MATT');
    none('perfusion adequate. residents aware. Case mgmt following.', 'name');
  });

  it('a break covered by a name, a therapist after "w/ PT", a role\'s name before "at"; not the patient\'s verbs', () => {
    has('BREAK COVERAGE BY JESS 1200-1230.', 'name', 'JESS');
    has('AMBULATED X2 W/ PT JORGE, TOLERATED.', 'name', 'JORGE');
    has('RT DONNA AT BEDSIDE FOR WEAN.', 'name', 'DONNA');
    none('pt denies pain. RT ARM AT REST.', 'name');
  });

  it('a clinician in square brackets or before a slash after a consult; not a unit or a drug in brackets', () => {
    has('EPIDURAL PER APS [LOWRY], PAIN 3/10.', 'name', 'LOWRY');
    has('NEURO-ONC (FERRIS) TO SEE IN AM.', 'name', 'FERRIS');
    has('icp 6-11. nsurg (baptiste/oduya) aware.', 'name', 'baptiste');
    none('levo 0.1 [mcg/kg/min]. renal (cvvh) ok. ID (vanco/zosyn) following.', 'name');
  });

  it("a fellow's name glued by a dash; not a credential or a unit", () => {
    has('PULM FELLOW-GRUBER, AWARE OF HR.', 'name', 'GRUBER');
    none('RN-BSN. RN-CCU. RESIDENT-AWARE. FELLOW-ICU.', 'name');
    lacks('gave report to day rn.\nM.OConnell RN/BSN\n', 'BSN');
  });

  it('a ward named by a word of the language or of the clinic; not a floor, a day or a service', () => {
    has('Plan: transfer to Pratt 4 tomorrow if AF stays quiet.', 'location', 'Pratt 4');
    has('intubated 9/14/01 on Stanhope 3 and transferred to MICU.', 'location', 'Stanhope 3');
    none('transfer to Floor 6. Tx to Trauma 2 at 2305. on Day 3 of abx. on Room 3.', 'location');
  });

  it("a pilot's airline", () => {
    has('pt is a pilot for delta, just back from atlanta.', 'location', 'delta');
  });
});
