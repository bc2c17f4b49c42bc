/**
 * PHI rules for what terse ICU notes write (synthetic sentences written here, none from a
 * corpus): other names beside a found name, initials before an age, a name whose relative
 * is spoken of, names beside a service; dates with a month's abbreviation between hyphens
 * and holidays; places weighed in a discharge plan, employers, schools, temples and prisons,
 * roads by their number, a town after a street. Each rule has its look-alikes beside it.
 */
import { shiftDate } from '../../../server/src/engine/tasks/phi/dates';
import * as assert from 'node:assert/strict';
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules for ICU notes: other names of a person', () => {
  it('names in brackets or quotes beside a found name; a department or a role in brackets is none', () => {
    const a = 'Mr. Street (Albert, "Al") is a 68M with COPD, trach.';
    has(a, 'name', 'Albert');
    has(a, 'name', 'Al', a.indexOf('Al"'));
    has('Pt Raymond Kessler ("Ray"), 58M, 28% TBSA burn.', 'name', 'Ray');
    has('Pt Mildred Sanders, 96 y/o F, "Millie", adm March 3rd.', 'name', 'Millie');
    has('pt bernie (bernard costa), 67m, s/p choking episode', 'name', 'bernie');
    lacks('Seen by Dr. Smith (Cardiology) today.', 'Cardiology');
    lacks('Dr. Leary, Beth RN and Tom (PCT) in tank room.', 'PCT');
    lacks('Dr. Alvarez said "fine" to the plan.', 'fine');
    lacks("pt's guardian (frank dimauro) signed consent", 'guardian');
  });

  it('initials with full stops in brackets after pt, or opening a line before an age; A.M. is a time', () => {
    has('ccu 3a: pt (R.S.) c/o 6/10 substernal cp', 'name', 'R.S');
    has('CSRU NPN 1500-2300\nW.T. 72M s/p CABG x4', 'name', 'W.T');
    lacks('resp:\nA.M. 72 yo man', 'A.M');
  });

  it("a name whose relative the note speaks of, though the name is a word; not the doctor's wife", () => {
    const text = "Pt Harold Winter, 78 yo. SOCIAL: Winter's wife Rose called x2 overnight.";
    has(text, 'name', 'Winter', text.indexOf("Winter's"));
    none("The Doctor's wife called the desk.", 'name');
    none("Today's son visit was short.", 'name');
  });

  it('an age after a label; a name beside a service, or before "from" one; not a service\'s own word', () => {
    has('MICU NPN 1900-0700\npt: Jasmine, 17F known IDDM, admitted', 'name', 'Jasmine');
    has('diabetes teaching w/ Pam (CDE), SW f/u.', 'name', 'Pam');
    has('filter clotted 0100, changed by Hank from dialysis.', 'name', 'Hank');
    none("also recieving tpn per nutrition's reccomendations.", 'name');
    none('PT WORKED W/ SPEECH SWALLOW EVAL TODAY.', 'name');
  });

  it('a relative in quotes, and a name of four letters or less that ends like a verb ("ted")', () => {
    has('pt\'s "friend" bobby called at 0200 requesting info', 'name', 'bobby');
    has('wife eleanor & son ted called.', 'name', 'ted');
    none('son flying in from the coast tonight', 'name');
  });
});

describe('PHI rules for ICU notes: dates', () => {
  it('a day and a month between hyphens, a year after; not a decimal before a month', () => {
    has('Date: 14-Mar-02   Shift: 0700-1900', 'date', '14-Mar-02');
    has('ADMITTED 30-OCT W/ STATUS EPILEPTICUS', 'date', '30-OCT');
    has('seen Mar-14-2002 in clinic', 'date', 'Mar-14-2002');
    lacks('K 3.4-mar repleted', '4-mar');
  });

  it('shifts those dates in their own layout', () => {
    assert.equal(shiftDate('14-Mar-02', 30), '13-Apr-02');
    assert.equal(shiftDate('30-OCT', 30), '29-NOV');
    assert.equal(shiftDate('Mar-14-2002', -400), 'Feb-7-2001');
  });

  it('holidays that date what happened, and a spelt age over 89 before "yr"', () => {
    has("found down 12/31 (New Year's Eve) after OD", 'date', "New Year's Eve");
    has('adm on Thanksgiving after family noted melena', 'date', 'Thanksgiving');
    has('ADM 12/24/03 (CHRISTMAS EVE) FROM HOME', 'date', 'CHRISTMAS EVE');
    has('Pt is a ninety-two yr old woman from assisted living', 'age', 'ninety-two');
    lacks('eighty-nine yr old man', 'eighty-nine');
  });
});

describe('PHI rules for ICU notes: places', () => {
  it('places weighed in a discharge plan; not a destination, not "placed to suction"', () => {
    const a = 'she is asking about d/c to Kindred vs Radius closer to home.';
    has(a, 'location', 'Kindred');
    has(a, 'location', 'Radius');
    has('working on LTAC placement at Radius in Roxbury vs Kindred in Peabody', 'location', 'Kindred');
    none('plan d/c to Rehab when bed available.', 'location');
    none('OGT placement confirmed; placed to LCS.', 'location');
  });

  it('employers and workplaces; not social work, not "employer aware"', () => {
    has("Pt's employer Boston Sand & Gravel also called re: workers comp.", 'location', 'Boston Sand & Gravel');
    has('quit in 2000, worked 30 yrs at General Electric in Lynn.', 'location', 'General Electric');
    has("onset of HA while at work at Friendly's in Hyannis.", 'location', 'Friendly');
    none('both have been meeting w/ social work for emotional support due to coping.', 'location');
    none('employer aware of admission.', 'location');
  });

  it('a hospital by a name that is a clinical word too, a school, a temple, a prison, a town alone of a two-word state', () => {
    has('adm 11/2/98 from Salem Hospital, s/p necrosectomy.', 'location', 'Salem');
    has('stressed about exams at Revere High. Dr. Mehta aware.', 'location', 'Revere');
    has('CVA S/P TPA @ LOWELL GENERAL 9/7/07 1845, TRANSFERRED HERE', 'location', 'LOWELL');
    has('ALSO FRIEND IRVING FROM TEMPLE ISRAEL VISITED.', 'location', 'TEMPLE ISRAEL');
    has('Recently released from MCI Concord on 12/15.', 'location', 'MCI Concord');
    has('SON IS HCP, LIVES IN YORK, WILL DRIVE DOWN IN AM.', 'location', 'YORK');
    none('IN GENERAL, PT DOING WELL. BP HIGH AT TIMES.', 'location');
    none('Retired from teaching middle school, lives alone.', 'location');
  });

  it('roads by their number, a street in capitals, a town after a street and a comma', () => {
    has('Family staying at a hotel on Route 9.', 'address', 'Route 9');
    has('unrestrained driver MVC on Rte 128 near Burlington', 'address', 'Rte 128');
    has('LIVES AT BRIGHTON HOUSE, 1420 COMMONWEALTH AVE. NIECE IS HCP.', 'address', '1420 COMMONWEALTH AVE');
    has('pt lives alone at 22 bennington st, east boston. pt states', 'location', 'east boston');
    none('route of administration changed to po.', 'address');
    // (Iodine's isotopes in capitals are no interstates: I-131 ablation, an I-123 scan; I-95 is.)
    none('S/P I-131 ABLATION 1998. THYROID SCAN WITH I-123 SHOWED NO UPTAKE.', 'address');
    has('Son driving down I-95 tonight from Maine.', 'address', 'I-95');
  });
});

describe('PHI rules for ICU notes: contacts, numbers and hospitals of two towns', () => {
  it('a name before its phone in brackets; not Fax before a number, not a word before a range', () => {
    has('comfort focused. Joy (cell 508-555-0147) asks to be called w/ any change.', 'name', 'Joy');
    none('Tel (207) 555-0134   Fax (207) 555-0135', 'name');
    none('cv: sbp stable (116-143), hr 70s.', 'name');
  });

  it('numbers after pgr, called or faxed; an extension of three digits', () => {
    const text = 'VA liaison called - 555-0177 ext 312 - faxed records to 555-0178.';
    has(text, 'phone', '555-0177');
    has(text, 'phone', '312');
    has(text, 'phone', '555-0178');
    has('Interpreter Jacques (pgr 555-2290) at bedside', 'phone', '555-2290');
    has('msg left for pt. Inmate # W-88213.', 'id', 'W-88213');
  });

  it('the patient before an age, a nickname between; a verb before an age is none', () => {
    has('9/2/99 0200. PT JAMES O\'ROURKE ("JIMMY"), 92 YO MALE S/P FALL', 'name', "JAMES O'ROURKE");
    has('4.9.02 nights\npt sterling ashby 66 yo s/p cabg', 'name', 'sterling ashby');
    has('Shift: 0700-1900\nPt: J.R.  71 M  POD #1 CABG x4', 'name', 'J.R');
    none('pt resting comfortably 66 yo', 'name');
  });

  it('people by their role: a social or case worker, a buddy, a name from a service; a title after a pastor is no name', () => {
    has('VA social worker Roger Bloom called. Wants pt transferred.', 'name', 'Roger Bloom');
    has("Pt's buddy Sully from his old unit visited.", 'name', 'Sully');
    has('jen from sw will see him today re: placement.', 'name', 'jen');
    lacks("Pt's pastor Rev. Hal Greer visited.", 'Rev');
    has("Pt's pastor Rev. Hal Greer visited.", 'name', 'Hal');
    lacks('legal guardian, Margaret Fields, Esq. (office 555-0126)', 'Esq');
  });

  it('a hospital named for two towns, an inn after "at the", a date on a weekday "the 24th"', () => {
    has('intubated in ED at Newton-Wellesley and transferred here.', 'location', 'Newton-Wellesley');
    has('WIFE AT BEDSIDE, STAYING AT THE HOLIDAY INN ON THE PIKE.', 'location', 'HOLIDAY');
    has('reassessment on Tuesday the 24th, after which', 'date', '24th');
    none('went to follow-up at check-in desk', 'location');
  });
});
