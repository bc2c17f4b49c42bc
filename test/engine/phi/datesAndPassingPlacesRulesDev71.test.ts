/**
 * The PHI rules of the dev71 round (dev71: notes dense with dates written every way; dev72:
 * places named in passing in social and disposition sections), on sentences written for these
 * tests: a pager's number after its word and a few more; a date of six digits after a note's
 * heading word, a birth's or an admission's; Jamaica Plain's letters before "as" or "to"; a
 * saint's church after "of" or "attends"; and the look-alikes each must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev71 round (synthetic notes)', () => {
  it("a pager's number after its word and up to three words; a date of six digits after a heading, a birth or an admission", () => {
    has('EP AWARE, PAGER DR. OYELARAN 2231 W/ ANY VT.', 'phone', '2231');
    has('pager for fellow 3391. -a. broussard rn', 'phone', '3391');
    has('CCU Nursing Progress Note 041502 7a-7p S: tired.', 'date', '041502');
    has('pt: 91 yo m, dob 081109, from the elms.', 'date', '081109');
    none('lab note 123456. plt 154000. npn 7a-7p.', 'date');
  });

  it("Jamaica Plain's letters before a word of what or where, a saint's church after of", () => {
    has("used to work at Doyle's in JP as a cook.", 'location', 'JP');
    has("parishioner of st leonard's, priest in for anointing.", 'location', 'st leonard');
    lacks('JP drain stripped, 40cc in jp to bulb.', 'jp', 20);
  });

  it('the look-alikes: a number ending, a slash before an initial, an adjective after a relative, a business before a relative', () => {
    lacks('pt k.m. 17yo f, 3rd icu adm since 9/97.', 'rd');
    none('?Hebrew Rehab at d/c. Ostomy RN to teach in am.', 'name');
    none('hcp when wife unavailable, 978-555-0145.', 'name');
    lacks('WIFE WORRIED ABOUT BUSINESS, BROTHER SAL RUNNING IT.', 'BUSINESS');
    lacks('ran the pub for 30 yrs, son kevin runs it now.', 'yrs');
  });
});
