/**
 * PHI rules for initials and the names a note repeats (synthetic sentences written here, none
 * from a corpus): the patient's initials in brackets beside the surname they abbreviate or
 * after the patient's word, before a record number; the writer's initials or initial and
 * surname ending the note; a common name opening a sentence before a person's verb where it
 * was found with context; and, from the same round, holidays of other calendars, a spelt age
 * before "y.o.", places named for a people ("Hebrew Rehab"), a short employer in capitals and
 * a well-known name before its church; and from the dev12 round, a full name's initials in
 * brackets, initials ending the last sentence, numbers after run # or trauma #, a name joined
 * to a relative's word by a hyphen, where a family stays, where the patient came from and a
 * workplace that opens with a word of the language. Each rule has its look-alikes beside it.
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

  it('a word before ", RN" ending the note is a sign-off where a sign-off starts: a line, after a sentence or another signer; mid-sentence it is none', () => {
    has('Plan: wean as tol.\nGRAY, RN\n', 'name', 'GRAY');
    has('cont vent, wean fio2. Halloran, RN', 'name', 'Halloran');
    has('cont vent.\nj. okafor rn / mikkel sn\n', 'name', 'mikkel');
    none('family updated at bedside by primary, RN', 'name');
    none('pt turned and repositioned by float, RN', 'name');
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

describe('PHI rules of the dev12 round', () => {
  it("a full name's initials in brackets after it; brackets of other letters are none", () => {
    has('Pt Agnes Whitcomb (AW) likes to be called "Aggie".', 'name', 'AW');
    lacks('Pt Agnes Whitcomb (ICU) transfer today.', 'ICU');
  });

  it('initials after the last sentence, in small letters or capitals; a credential or a word there is none', () => {
    has('tol TF at goal. will cont to monitor. kd', 'name', 'kd');
    has('Pt is full code at this time. JRB', 'name', 'JRB');
    lacks('Family aware.\n-Joan M. CM', 'CM');
    none('PT STABLE, BP OK. HR', 'name');
  });

  it('a number after run # or trauma #; a line number or a count is none', () => {
    has('brought in by EMS (run # 05-22719) after a fall', 'id', '05-22719');
    has("Pt's trauma #T-0412 on the band.", 'id', 'T-0412');
    none('IV #2 in L forearm, line #3 d/c.', 'id');
  });

  it("a name joined to a relative's word by a hyphen; a clinical word joined so is none", () => {
    has('SON-EDDIE CALLED FROM WORCESTER.', 'name', 'EDDIE');
    lacks('wife-aware of plan', 'aware');
  });

  it('where a family stays and where the patient came from; a unit or the ED there is none', () => {
    has('Parents are staying at the Holiday Inn on Route 1.', 'location', 'Holiday Inn');
    has('Pt is a 70 yo man adm 2/3 from Somerville w/ PNA.', 'location', 'Somerville');
    none('Pt transferred from MICU to floor.', 'location');
    none('Pt admitted from ED at 1400.', 'location');
  });

  it('a workplace that opens with a word of the language before a capitalised name; "works at home" is none', () => {
    has('pt works at Home Depot in Saugus.', 'location', 'Home Depot');
    none('pt works at home most days.', 'location');
  });

  it('a date after "on" before a line that names a PCP: the PCP is no pain score', () => {
    has('worried about missing exam on 12/10.\n-PCP is at a local health center.', 'date', '12/10');
  });
});
