/**
 * PHI rules from the dev32 round (40 ICU nursing notes whose names turn up in odd spots and
 * shapes, written blind; the sentences here are written here, none from a corpus): the nurse a
 * patient's care or the report is handed to, by initials or by names joined by "&"; a name
 * glued to a credential by a dash; a person's possessive before a telephone number; a nickname
 * in quotes that is a clinical word too; a second clinician after "Drs" and a slash; a
 * physician assistant's surname before what was checked; the patient's initials before "is"
 * and an age, or in brackets after an age's sex; a parish written in small letters after its
 * name; a name that is a function word too after a relative in a note of one case; and the
 * false friends of each: a shift, a relative's or the patient's possessive, a role's word in a
 * list of names, a proxy's form, 1900 as a time, a strength after "moves all".
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes whose names turn up in odd spots', () => {
  it('the nurse the care or the report is handed to: initials, capitals, names joined by "&"; a name glued to RN', () => {
    has('Stable. Care assumed by R.V. at 1900.', 'name', 'R.V');
    has('CARE ASSUMED BY JT 0700.', 'name', 'JT');
    has('report given to wendy & kurt at change of shift.', 'name', 'kurt');
    has('Report given, care handed over to RN-Colette.', 'name', 'Colette');
  });

  it('leaves a shift or a post after a handover', () => {
    none('care assumed by night shift. report to oncoming rn.', 'name');
    lacks('Will report to RN this am.', 'RN');
  });

  it("a person's possessive before a telephone number", () => {
    has("Dtr in until 2100. Imelda's cell 617-555-0134.", 'name', 'Imelda');
  });

  it("leaves a relative's, a partner's and the patient's possessive before a number", () => {
    none("Wife's cell 617-555-0101. Partner's cell 508-555-0111. Pt's # 617-555-0112.", 'name');
  });

  it('a nickname in quotes that is a clinical word too; a second clinician after Drs and a slash; a PA before what was checked', () => {
    has('Pt Dorothy "Dot" Kimball, 80F, s/p fall.', 'name', 'Dot');
    has('0200 Drs Fischer/Ip in to see pt.', 'name', 'Ip');
    has('PA VOSS CHECKED CXR - LINE OK.', 'name', 'VOSS');
  });

  it("leaves a role's word listed after a name, and a proxy's form", () => {
    lacks('seen by sw gina and chaplain sr. agnes today.', 'chaplain');
    lacks('PT SIGNED HCP FORM TODAY.', 'FORM');
  });

  it("the patient's initials before is and an age, or in brackets after an age's sex", () => {
    has('MICU NPN 7p-7a R.D. is 71M adm 6/2 w/ urosepsis.', 'name', 'R.D');
    has('PT IS A 52 YO F (L.K.) W/ DKA.', 'name', 'L.K');
  });

  it('a parish in small letters after its name; a name that is a function word too after a relative in a note of one case', () => {
    has('Active at Holy Rosary parish in Lawrence.', 'location', 'Holy Rosary');
    has('social: son bill at bedside till 2100.', 'name', 'bill');
    has('social: sons rick & mark in till 2200.', 'name', 'mark');
  });

  it('leaves 1900 as a time, a strength after "moves all", a function word after a relative before a verb', () => {
    none('CARE ASSUMED BY B.W. 1900.', 'date');
    none('follows commands, moves all 5/5.', 'date');
    none('son will call tonight.', 'name');
  });
});
