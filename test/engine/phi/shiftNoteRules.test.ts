/**
 * PHI rules from the dev14 round (ICU shift notes written blind; synthetic sentences written
 * here, none from a corpus): a relative's age between commas with no name or after a title, the
 * name a relative goes by in brackets, a consultant's name beside a consulting service, a
 * physician assistant before a listed first name, a hotel or a retirement village, a listed
 * town before a verb's form, Broadway, a university's short form; and the false friends the
 * round showed: a diagnosis before "cath", an office after an interpreter, a time of day after
 * "~", "HCP" before "proxy", "Accepting MD". Each rule has its look-alikes beside it.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from ICU shift notes: people', () => {
  it("a relative's age over 89 between commas, after a title and name or with none", () => {
    has("Pt's mother Mrs. Barros, 93, also calls daily from Fall River.", 'age', '93');
    has("social: pt's mother, 102, lives w/ them.", 'age', '102');
    // (A vital sign between commas is no age: no relative before it.)
    none('vs: BP 92, HR 100, RR 18.', 'age');
    lacks('mother, 85, lives alone', '85');
  });

  it('the name a relative goes by, in brackets after their name; an abbreviation in capitals is none', () => {
    has('Social: Wife Margaret (Peg) here all day.', 'name', 'Peg');
    has('son Robert (Bobby) in to visit', 'name', 'Bobby');
    lacks('WIFE MARGARET (PEG) AT BEDSIDE.', 'PEG');
    lacks('son Mike (HCP) called for update', 'HCP');
    lacks('daughter Ann (Nurse) here', 'Nurse');
  });

  it("a consultant's listed name in brackets beside a consulting service; a drug there is none", () => {
    has('wound RN to see in am. Plastic surg (Morrow) aware.', 'name', 'Morrow');
    lacks('GI (Protonix) cont. ID (Vanco) following.', 'Protonix');
    lacks('GI (Protonix) cont. ID (Vanco) following.', 'Vanco');
  });

  it('a physician assistant before a listed first name; the pulmonary artery is none', () => {
    has('dr. mcgrath aware, pa stacy to pull wires 10/26.', 'name', 'stacy');
    none('PA line d/c. pa catheter out. PA pressures 40/20.', 'name');
  });

  it('false friends: an office after an interpreter, HCP before proxy, an accepting MD', () => {
    has('SPANISH ONLY, INTERPRETER ELENA FROM INTERPRETER SVCS ASSISTED.', 'name', 'ELENA');
    lacks('SPANISH ONLY, INTERPRETER ELENA FROM INTERPRETER SVCS ASSISTED.', 'SVCS');
    has("SOCIAL: Pt's partner Andre is HCP, proxy form on chart.", 'name', 'Andre');
    lacks("SOCIAL: Pt's partner Andre is HCP, proxy form on chart.", 'HCP');
    has('Report called to 11R at 1445. Accepting MD Dr. Wolcott.', 'name', 'Wolcott');
    lacks('Report called to 11R at 1445. Accepting MD Dr. Wolcott.', 'Accepting');
  });
});

describe('PHI rules from ICU shift notes: places and times', () => {
  it('a hotel by its name after the word, a village or an air ambulance by its name before; where the hotel is, is none', () => {
    has('wife staying at hotel commonwealth overnight.', 'location', 'hotel commonwealth');
    lacks('SONS HERE, STAYING AT HOTEL ACROSS ST.', 'ACROSS');
    has('w/ son in Milton until moving to Fuller Village in June.', 'location', 'Fuller');
    has('Transferred from Attleboro by Boston MedFlight.', 'location', 'Boston');
    none('lives in the village', 'location');
  });

  it('a listed town before a verb’s form; a word the lists lack before a noun of the note stays none', () => {
    has("Pt's sister Nora from Worcester visiting this weekend.", 'location', 'Worcester');
    none('specimen placed in Endocatch bag.', 'location');
  });

  it('Broadway after on or off; a university by its short form after a student', () => {
    has('brought in by EMS from a bar on West Broadway at about 1700.', 'address', 'West Broadway');
    has('lives off broadway in chelsea', 'address', 'broadway');
    has('SOCIAL: Pt is a student at UMass Boston, lives w/ roommate.', 'location', 'UMass Boston');
  });

  it('a diagnosis before "cath" after a comma is no hospital; a hospital’s initials before it are', () => {
    lacks('PT IS A 78 YO MALE S/P IMI, CATH 2/2 AT 0300 W/ STENT TO RCA.', 'IMI');
    has('PT CAME FROM NWH ER AT 0300.', 'location', 'NWH');
  });

  it('a time of day after "~" or "@" is no year; a year after "in" is', () => {
    lacks('Plan: CMO ~2000. Family aware.', '2000');
    lacks('extubated @2100 to 4L NC.', '2100');
    has('CABG in 1998, AVR in 2003.', 'date', '2003');
  });
});
