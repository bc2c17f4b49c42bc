/**
 * PHI rules from the dev22 and dev23 rounds (histories heavy with years and earlier
 * admissions; discharge, transfer and case-management notes from New England; written blind;
 * the sentences here are written here, none from a corpus): a letterhead on the line after
 * the note's title, a listed town before a state's code that is no word, a name inside which
 * City or University stands, the place after a date and "at", dictation and typist initials,
 * the patient's initials in brackets that spell a clinical word, a sign-off that does, a health
 * plan after "Insurance:", a practice after a clinician's name, a record number after MR; and
 * the false friends: a decade, CT the scan, a score before "at rest", a public programme, a
 * department, eponyms of scores and dressings (Killip, Ranson, Unna).
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from histories and discharge notes: places', () => {
  it("a letterhead on the line after the note's title", () => {
    has('SOCIAL WORK PROGRESS NOTE\nMARSHWOOD MEMORIAL HOSPITAL, NEW BEDFORD, MA\n4/22/98', 'location', 'MARSHWOOD MEMORIAL');
    has('SOCIAL WORK PROGRESS NOTE\nMARSHWOOD MEMORIAL HOSPITAL, NEW BEDFORD, MA\n4/22/98', 'location', 'NEW BEDFORD');
    has('Discharge Summary\nOak Hollow City Medical Center, Hartford, CT\n\nPatient: X', 'location', 'Hartford');
  });

  it('leaves a second line that is no letterhead, and a second line after a first that is no title', () => {
    none('Discharge Summary\nMedical Center follow up in 2 weeks', 'location');
    none('NURSING NOTE\nNEURO: ALERT, COOPERATIVE', 'location');
    lacks('Pt resting\nMEDICAL CENTER, ROOM 4', 'MEDICAL');
  });

  it("a listed town before a state's code that is no word, without a ZIP or a preposition", () => {
    has('Sending facility: Pawcatuck Valley Hospital, Westerly, RI', 'location', 'Westerly');
    has('HCP: daughter, CENTRAL FALLS, RI, 401-555-0158', 'location', 'CENTRAL FALLS');
    has('Patient transferred from Keene, NH by ambulance', 'location', 'Keene');
  });

  it('leaves a code that is a word, a scan or a possessive', () => {
    lacks('Chest, CT negative for PE', 'Chest');
    none('Hx: CHF, MI, CVA', 'location');
    lacks("Reviewed Concord, CT's findings", 'Concord');
    none('Head, CT negative', 'location');
  });

  it('a name inside which City or University stands, where case tells', () => {
    has('Transfer to Oak Bluff City Medical Center neurosurgical ICU', 'location', 'Oak Bluff City');
    has('Referred to Elm Bluff University Hospital today', 'location', 'Elm Bluff University');
    lacks('Went to the University Hospital for a second opinion', 'University');
  });

  it('the place after a date and "at", a word of the language too', () => {
    has('COPD, intubated x2 (Dec 1995 at Carney, March 98 here)', 'location', 'Carney');
    has('etoh cirrhosis dx 10/99 at carney. sbp 2001', 'location', 'carney');
    has('most recently 9/28 at carney. no pcp', 'location', 'carney');
    has('S/P WHIPPLE FOR AMPULLARY CA 1985 AT PELLHAVEN. CHF', 'location', 'PELLHAVEN');
  });

  it('leaves a score, a murmur, a time, home and the bedside after a number and "at"', () => {
    none('pain 4/10 at rest, 2/10 with meds', 'location');
    none('murmur 2/6 at lusb', 'location');
    none('seen 3/14 at bedside, 1995 at home', 'location');
    none('BP 120/80 at 1400', 'location');
  });

  it('a health plan after "Insurance:", and a practice after a clinician and its comma', () => {
    has('Insurance: Harbor Mutual Health Plan, ID HM0677', 'location', 'Harbor Mutual Health Plan');
    has('INSURANCE: GRANITE SHIELD SUPPLEMENT, ID YRK99', 'location', 'GRANITE SHIELD SUPPLEMENT');
    has('PCP: Dr. Walter Beck, Tidewater Family Medicine, 401-555-0102', 'location', 'Tidewater Family Medicine');
    has('FOLLOW-UP: DR. NAKAMURA, SHORELINE SURGICAL ASSOCIATES, 8/15/03', 'location', 'SHORELINE SURGICAL ASSOCIATES');
  });

  it('leaves a public programme after "Insurance:" and a department after a clinician', () => {
    none('Insurance: Medicare A and B, no copay days', 'location');
    none('Insurance: none', 'location');
    none('Seen by Dr. Lee, Internal Medicine, today', 'location');
  });
});

describe('PHI rules from histories and discharge notes: initials, sign-offs and years', () => {
  it("the dictating writer's and the typist's initials after a credential, or alone on the last line", () => {
    has('DICTATED BY RICHARD OUELLETTE, MD RO/JT', 'name', 'JT');
    has('Jonathan Ames, M.D. / ja:dkw', 'name', 'ja');
    has('Jonathan Ames, M.D. / ja:dkw', 'name', 'dkw');
    has('Plan as above.\nRPK/mlt', 'name', 'RPK');
  });

  it('leaves a pair of words with a slash in the middle of a note', () => {
    none('Pain controlled.\nHR/BP stable\nwill cont to monitor', 'name');
    lacks('Use and/or as needed.\nPlan: cont', 'and');
  });

  it("the patient's initials in brackets that spell a clinical word, where the name is a name", () => {
    has('Patient: Dennis Pelletier (DP), 57M', 'name', 'DP');
    has('Pt: Sanchez, Hector (H.S.) MRN 5520', 'name', 'H.S');
    has('Gerald Ashby (initials G.A. on the unit census)', 'name', 'G.A');
    has('Nursing: Pete Sciarra, RN, ps.', 'name', 'ps');
  });

  it('leaves an abbreviation defined in brackets', () => {
    none('Pulses: Dorsalis Pedis (DP) 2+ bilat', 'name');
    none('Posterior Tibial (PT) pulses palpable', 'name');
  });

  it('a sign-off that spells a clinical word, ending the note after a sentence', () => {
    has('nh contact 508-555-0144 x221. dm rn', 'name', 'dm');
    has('will cont to monitor.\nlr rn\n', 'name', 'lr');
  });

  it('leaves DM and LR in the middle of a note', () => {
    none('Hx: DM. RN aware of fs 240', 'name');
    none('LR at 100/hr. RN to check lytes', 'name');
  });

  it('leaves a decade, and keeps a year', () => {
    none('Hernia repair in the 1960s. Remote IVDA in the 1970S.', 'date');
    none("Came to Waltham in the 1920's", 'date');
    has('Hernia repair in 1965', 'date', '1965');
  });

  it('a record number after MR alone, and eponyms of scores and dressings left alone', () => {
    has('PT: RAPOSO, KEVIN   MR 880194   SEEN TODAY', 'id', '880194');
    none('Echo: MR 2+, TR 1+', 'id');
    none('Killip class I. Ranson 2 at 48 hours. Then Unna boot weekly.', 'name');
    none('Killip class I. Ranson 2 at 48 hours. Then Unna boot weekly.', 'location');
    has('Seen by Dr. Killip in clinic', 'name', 'Killip');
  });
});

describe('PHI rules from histories and discharge notes: an initial after per, a year before its apostrophe, a date after a full stop', () => {
  it("an initial and a surname after per; a year before its apostrophe after an event; a date glued to a word's full stop", () => {
    has('FILM DONE THIS AM-AS PER R. HALLORAN-LUNGS CLEARER', 'name', 'R. HALLORAN');
    has('plan as per J. Molloy, recheck lytes', 'name', 'J. Molloy');
    has("S/P R HEMICOLECTOMY 71'. HTN.", 'date', '71');
    has("QUIT SMOKING 88'. SOCIAL DRINKER.", 'date', '88');
    has("HERNIA REPAIR IN 09' WITHOUT ISSUE", 'date', '09');
    has('Did well, back to Pellham.6/28. Readmitted 7/2', 'date', '6/28');
  });

  it('leaves a side after per, feet walked and a decimal before a slash', () => {
    none('drain per L. side, 20cc', 'name');
    none("AMBULATED 50' WITH PT. Walked in 20' hall", 'date');
    none('K 3.8/4.1 this am', 'date');
  });
});

describe("PHI rules from histories and discharge notes: a header's Last, First", () => {
  it('a surname and a given name ending a line, spread to the given name alone later', () => {
    has('NPN 7A-7P (day 3 in MICU) - Pellerin, Leo\nSkin intact. Leo is more motivated today.', 'name', 'Pellerin, Leo');
    has('NPN 7A-7P (day 3 in MICU) - Pellerin, Leo\nSkin intact. Leo is more motivated today.', 'name', 'Leo', 50);
  });

  it('leaves a drug after a surname and its comma', () => {
    lacks('Called Pellerin, Dilaudid given\nok', 'Dilaudid');
  });
});

describe('PHI rules from histories and discharge notes: employers and agencies by their kind', () => {
  it('a shipyard, contractors, textiles or services after a name', () => {
    has('thirty years with Tidewell Mechanical Contractors, who presented', 'location', 'Tidewell Mechanical');
    has('Retired welder, Quinnapoxet River Shipyard. Lives with daughter', 'location', 'Quinnapoxet River');
    has('Report filed with Pellham Elder Services protective unit', 'location', 'Pellham Elder');
  });

  it('leaves services no name names, and any in a note of one case after a preposition alone', () => {
    none('Referred to Social Services and Protective Services', 'location');
    none('REFERRED TO ELDER SERVICES FOR HOME SAFETY', 'location');
  });
});

describe('PHI rules from histories and discharge notes: appointments and homes', () => {
  it('a day of the month before the time of an appointment; a convalescent or rest home by its name', () => {
    has('Follow-up at the clinic the 17th at 1:00, 603-555-0193', 'date', '17th');
    has('F/U WITH DR. X THE 4TH AT 1030', 'date', '4TH');
    has('Bed offers from Wilton Meadows and Our Lady Convalescent Home', 'location', 'Lady');
    has('Lives at Pellcrest Rest Home since her fall', 'location', 'Pellcrest');
  });

  it('leaves a dose at a time and bed rest', () => {
    none('Given the 3 doses at 1400', 'date');
    none('Pt on bed rest home tomorrow', 'location');
  });
});
