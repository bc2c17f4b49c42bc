/**
 * PHI rules for initials and the names a note repeats (synthetic sentences written here, none
 * from a corpus): the patient's initials in brackets beside the surname they abbreviate or
 * after the patient's word, before a record number; the writer's initials or initial and
 * surname ending the note; a common name opening a sentence before a person's verb where it
 * was found with context; and, from the same round, holidays of other calendars, a spelt age
 * before "y.o.", places named for a people ("Hebrew Rehab"), a short employer in capitals and
 * a well-known name before its church. Each rule has its look-alikes beside it.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules for initials', () => {
  it("the patient's initials in brackets: beside the surname they end with, or after the patient's word", () => {
    has('MICU NPN\nMr. Okafor (JO) is a 66 yo man with CHF.', 'name', 'JO');
    has('MRS. PELLETIER (A.P.), 80 YO, DAY 2.', 'name', 'A.P');
    has('nsicu npn  pt (kd) is a 33 yo m s/p MVC', 'name', 'kd');
    has('a ninety-one year old woman (R.T.V.) from home', 'name', 'R.T.V');
    lacks('Mr. Okafor (DNR) remains comfortable.', 'DNR');
    lacks('Mr. Okafor (CHF) remains comfortable.', 'CHF');
  });

  it('initials before a record number after pt; a clinical abbreviation there is none', () => {
    has('pt DLW mrn 5512093. 70yo', 'name', 'DLW');
    lacks('pt NPO # of days 3', 'NPO');
  });

  it("the writer's initials or initial and surname ending the note; a word ending the note is none", () => {
    has('Plan: cont current mgmt.\n-TK\n', 'name', 'TK');
    has('family aware, will call in am. -rb', 'name', 'rb');
    has('PLAN: CONT ABX.\nJRW\n', 'name', 'JRW');
    has('Plan: neuro checks q1h.\n--P.Summer,RN\n', 'name', 'P.Summer');
    none('Plan: cont current mgmt.\nOk\n', 'name');
    none('Plan: cont current mgmt. -ok', 'name');
  });
});

describe('PHI rules for a name the note repeats, and places and dates of this round', () => {
  it('a common name found with context opens a sentence before a verb of a person; before a verb of a number it is none', () => {
    has('Dtr Carol is HCP. Carol prefers rehab near home.', 'name', 'Carol', 'Dtr Carol is HCP. '.length);
    lacks('Wife Rose at bedside. Rose to 38.9 overnight per temp.', 'Rose to');
  });

  it('holidays of other calendars; a spelt age before y.o.', () => {
    has('Wife hopes he is home by Passover.', 'date', 'Passover');
    has('Admitted the day after Yom Kippur.', 'date', 'Yom Kippur');
    has('Mrs. K ninety y.o. s/p fall', 'age', 'ninety');
    none('Pt is seventy y.o. s/p fall', 'age');
  });

  it("a place named for a people before its kind; a people's word alone is none", () => {
    has('Adm from Hebrew Rehab with UTI.', 'location', 'Hebrew');
    has('Goes to the Polish Club on Sundays.', 'location', 'Polish');
    none('Speaks Polish and some English.', 'location');
  });

  it('a short employer in capitals after work words; a role in capitals after at is none', () => {
    has('Moved here in 1970 to work at GE in Lynn.', 'location', 'GE');
    lacks('Seen at work by the RN there.', 'RN');
    none('meets w/ social work for emotional support', 'location');
  });

  it('a well-known name before its church; the words in a sentence of their own are none', () => {
    has('Pt attends Sacred Heart church in Quincy.', 'location', 'Sacred Heart');
    none('The heart was sacred to her, she said.', 'location');
  });
});
