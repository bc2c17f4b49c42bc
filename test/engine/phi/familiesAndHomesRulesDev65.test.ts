/**
 * The PHI rules of the dev65 round (notes about families, social work and where patients live
 * and go), on sentences written for these tests: an age after "w/" names the patient before it;
 * a year after "since" a smoker's or a drinker's; a short name in capitals before what a case
 * manager or a sitter does; a street and its town with no comma between; a town after an
 * ampersand; a house of worship's lower-case word after a name no list holds; a care provider
 * named before "healthcare"; and the look-alikes each must leave (a verb with n't, "went", an
 * alternate proxy, a case manager's office, a salon, a postal code that is a word, a saint).
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev65 round (synthetic notes)', () => {
  it('the patient named before an age and "w/"; a year after a smoker\'s or a drinker\'s "since"', () => {
    has('micu npn. pt okonjo 61m w/ urosepsis, on levo.', 'name', 'okonjo');
    has('smoker since 1957, quit last yr.', 'date', '1957');
    has('HEAVY DRINKER SINCE 1949 PER SON.', 'date', '1949');
    lacks('NPO since 1945 for am cath.', '1945');
  });

  it('a short name in capitals before what a case manager or a sitter does', () => {
    has('CM ROZ FAXING REFERRALS TODAY.', 'name', 'ROZ');
    has('SITTER KIM AT BEDSIDE FOR SAFETY.', 'name', 'KIM');
    none('RT ABG SENT. CM NOTE DONE.', 'name');
  });

  it('a street and its town with no comma, a town after an ampersand', () => {
    has('PT LIVES ALONE, 3RD FLR, HOLBORN ST ROXBURY. SON VISITS.', 'location', 'ROXBURY');
    has('dtr and son live in Medford & Malden, both call daily.', 'location', 'Malden');
    lacks('Patient: Yvette St. Pierre   MRN: 203344', 'Yvette St', 0, 'address');
    none('HR 96 SINUS ST DEPRESSION. ON ASA.', 'address');
  });

  it("a house of worship's lower-case word after a name no list holds; a care provider before healthcare", () => {
    has('Family belongs to Kimisis church in Lowell, priest to visit.', 'location', 'Kimisis');
    has('screening for rehab, ? brantwood healthcare vs home w/ vna.', 'location', 'brantwood');
  });

  it("a verb with n't, a going verb, an alternate proxy, an office, a salon, a code that is a word: no PHI", () => {
    none("WIFE DOESN'T DRIVE AT NIGHT. WIFE WENT HOME 2200.", 'name');
    none('hcp form signed: wife hcp, son alt. plan for ep study.', 'name');
    none('disability papers given to case mgmt for review.', 'name');
    lacks('works at salon on elm st, boss aware.', 'salon');
    lacks('family from kumasi, ghana, in us since 1999.', 'ghana');
  });
});
