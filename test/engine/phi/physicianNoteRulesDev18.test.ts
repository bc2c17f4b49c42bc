/**
 * PHI rules from the dev18 round (30 physician notes: admissions, consults, discharge and
 * family-meeting notes, written blind; the sentences here are written here, none from a
 * corpus): a line wrapped after a preposition of place, a town after a place's name and its
 * comma, a practice, a counselling service or a hospice by its kind, an acronym employer, a
 * range of years in words, the age a relative reached, a capitalised May with its day, an MR
 * No., an extension of four digits, initials after "Surname, Given"; and the false friends: a
 * service after a signature's role, cultures in fractions, an arm's strength, "Short-term
 * rehab", Rhode Island and Puerto Rico alone, the FBI.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from physician notes: places', () => {
  it('a line wrapped after a preposition of place; a town after a place and its comma', () => {
    has('He lives in\nEast Weymouth with his wife.', 'location', 'East Weymouth');
    has('admitted after a fall at\nBirchwood Terrace in Milton on 3/2.', 'location', 'Birchwood Terrace');
    has('Disposition: Hebrew Rehabilitation Center, Roslindale.', 'location', 'Roslindale');
    lacks('Admitted to Mass General Hospital, Early AM labs pending.', 'Early');
    none('Pt resting in\nno distress overnight.', 'location');
  });

  it('a practice, a counselling service or a hospice by its kind; an acronym employer', () => {
    has('Cardiologist: Dr. Ana Reyes, Milton Cardiology, 617-555-0100.', 'location', 'Milton');
    has('Therapist at Riverbend Counseling in Lowell.', 'location', 'Riverbend');
    has('Hospice: Harborlight Hospice, intake today.', 'location', 'Harborlight');
    has('Worked for the MWRA from 1970 until 2001.', 'location', 'MWRA');
    none('Nuclear Cardiology reviewed the scan.', 'location');
    none('Believes her doctor is "working for the FBI".', 'location');
    none('4. Short-term rehab if daughter agrees.', 'location');
    none('Her mother lives in Rhode Island and is flying in.', 'location');
    none('Cook at a diner. From Puerto Rico; speaks Spanish.', 'location');
  });
});

describe('PHI rules from physician notes: dates, ages, numbers and names', () => {
  it('a range of years in words where one is no time of day; the age a relative reached; May with its day', () => {
    has('Machinist at a mill from 1951 to 1989 with asbestos exposure.', 'date', '1951');
    has('Machinist at a mill from 1951 to 1989 with asbestos exposure.', 'date', '1989');
    none('NPO from 1930 to 1945 for the scan.', 'date');
    has('Father died of MI at 58. Mother lived to 98.', 'age', '98');
    has('Follow-up: Dr. Pell, Heme Clinic, May 14 at 10 am.', 'date', 'May 14');
    none('May 2 doses be given tonight?', 'date');
  });

  it('an MR No., an extension of four digits, initials after "Surname, Given"', () => {
    has('Patient: Rita Voss      MR No. 0311-874-02', 'id', '0311-874-02');
    has('Wife home 978-555-0122, work ext. 3391.', 'phone', '3391');
    has('EVENT NOTE\n\nPrado, Luis (L.P.), hospital day 2.', 'name', 'L.P');
  });

  it('leaves a service after a signature, cultures in fractions and an arm’s strength alone', () => {
    lacks('Ian Marsh, MD, Pulmonary fellow', 'Pulmonary');
    lacks('Beth Orr, NP, Palliative Care, pager 9-0345', 'Palliative');
    none('Micro: 3/3 intra-op cultures MSSA.', 'date');
    none('Blood cultures grew CoNS 1/2 bottles.', 'date');
    none('Right arm 4/5, leg 5/5.', 'date');
  });
});
