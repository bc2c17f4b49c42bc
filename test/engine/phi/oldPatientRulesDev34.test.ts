/**
 * PHI rules from the dev34 round (40 nursing, case-management and discharge-planning notes about
 * very old patients going between nursing homes, rehabs and hospice, written blind; the
 * sentences here are written here, none from a corpus): an age over 89 between commas after a
 * name found in a note of any case; an agency after a referral, a fax, services or home care
 * through it; a relative's town before their telephone number or with its state in brackets;
 * a date right after "on" though a place's "at" came before; and the false friends of each: a
 * subject after "re:", a letter or a kind of care before a place's word, a care service's
 * abbreviation after a fax, a pain score, a telephone's label that is a town too.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes about very old patients and their placements', () => {
  it('an age over 89 between commas after a name found, in capitals and in small letters', () => {
    has('DISCHARGE PLANNING NOTE PT HARLAN VOSBURGH, 94, ADMITTED 2/2 WITH CHF.', 'age', '94');
    has('cm note mrs. philomena agostini, 101, from home w/ her son.', 'age', '101');
  });

  it('leaves an age of 89 or under, and a number after a word that is no name', () => {
    none('DISCHARGE PLANNING NOTE PT HARLAN VOSBURGH, 86, ADMITTED 2/2 WITH CHF.', 'age');
    none('LUNGS CLEAR, 94, ON RA.', 'age');
  });

  it('an agency after a referral faxed to it, services through it, home care via it', () => {
    has('Hospice referral faxed to KMH this am.', 'location', 'KMH');
    has('Lives alone with services through Brightwater (case manager Nell).', 'location', 'Brightwater');
    has('Home care via Alderbrook, aide 3x/wk.', 'location', 'Alderbrook');
  });

  it("leaves a care service's abbreviation after a fax or a referral, and services at home", () => {
    none('Forms faxed to PCP and to VNA; referral to DME for walker.', 'location');
    none('Will need services at home and home care via the agency.', 'location');
  });

  it("a relative's town before their telephone number, and a town with its state in brackets", () => {
    has('Niece Corinne (Foxborough, 508-555-0191) is HCP.', 'location', 'Foxborough');
    has('son walt, natick, 508-555-0142, aware of plan.', 'location', 'natick');
    has('GRANDSON PAUL (BANGOR, MAINE) CALLED.', 'location', 'BANGOR, MAINE');
  });

  it("leaves a telephone's label that is a town too, and a country in brackets", () => {
    none('Wife (home, 617-555-0177) aware.', 'location');
    none('Daughter Ilse (Munich, Germany) called.', 'location');
  });

  it("a date right after on, though a place's at came before it", () => {
    has('Geriatrics to see him at Hale on 1/10.', 'date', '1/10');
  });

  it('leaves a pain score after on', () => {
    none('Pt rates pain at rest on 6/10 scale.', 'date');
  });

  it("leaves a subject after re:, and a letter or a kind of care before a place's word", () => {
    none('Will f/u w/ family re: health care proxy form.', 'name');
    none('Pt F.D., 95 yo M, hospital day 3 for CHF.', 'location');
    lacks('Recommend SNF rehab; attends day program M/W/F. Home care to resume.', 'SNF');
    lacks('Recommend SNF rehab; attends day program M/W/F. Home care to resume.', 'F. Home');
  });
});
