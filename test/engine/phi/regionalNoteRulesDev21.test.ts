/**
 * PHI rules from the dev21 round (30 notes from hospitals outside New England, written blind;
 * the sentences here are written here, none from a corpus): a letterhead's institution and
 * town on a note's first line, a record's code with letters and a dash or a space, a masked
 * SSN's last four, an SSN with a letter after it; and the false friends: a system's first line,
 * a time after a date's year, a note's title after a role, "mild MR." before "Plan", a unit
 * after "to".
 */
import { has, lacks, none } from '../../support/phiRules';

describe("PHI rules from notes of other regions: a letterhead's institution", () => {
  it('the institution before its unit or title, and a town, on the first line', () => {
    has('KESTRELVIEW TRAUMA ICU - RN NOTE\nNov 2 2008   1900', 'location', 'KESTRELVIEW');
    has('OKSU NEURO ICU - ATTENDING PROGRESS NOTE\nDate: 3/4/09', 'location', 'OKSU');
    has('Saint Anselm Medical Center CCU\nCardiology Attending Note', 'location', 'Saint Anselm');
    has('UNIVERSITY HOSPITAL - EL PASO - EMERGENCY DEPARTMENT\nNURSING NOTE', 'location', 'UNIVERSITY HOSPITAL');
    has('UNIVERSITY HOSPITAL - EL PASO - EMERGENCY DEPARTMENT\nNURSING NOTE', 'location', 'EL PASO');
    has('BAPTIST HEALTH REHABILITATION INSTITUTE, PINE BLUFF, AR\nRehab Admission', 'location', 'BAPTIST HEALTH REHABILITATION INSTITUTE');
  });

  it('leaves a system line, a title, shift times and a sentence on the first line alone', () => {
    none('NEURO: ALERT, COOPERATIVE, OX3\nCV: SR', 'location');
    none('MICU NPN 7P-7A\nPT RESTING', 'location');
    none('MEDICAL ICU - NIGHTS\nno events', 'location');
    none('Medical Center\nfollow up', 'location');
    none('PROGRESS NOTE - ENDOCRINOLOGY CLINIC\n\nSUBJECTIVE: doing well', 'location');
    none('PROGRESS NOTE - CARDIOLOGY CENTER\nS: no chest pain', 'location');
    lacks('TRANSFERRED FROM GENERAL HOSPITAL\nPT IS', 'TRANSFERRED');
  });
});

describe('PHI rules from notes of other regions: numbers and false friends', () => {
  it("a record's code with letters and a dash or a space; a masked SSN; an SSN with a letter after it", () => {
    has('Pell, Ramona   MR K-4471902   DOB on chart', 'id', 'K-4471902');
    has('MRN TX 2210-447-1', 'id', 'TX 2210-447-1');
    has('SSN xxx-xx-3390 on the face sheet', 'id', '3390');
    has('Medicare A 218-44-1092-A; supplement on file', 'id', '218-44-1092-A');
  });

  it('leaves a time after a date, a title after a role, "MR." before Plan and a unit after to', () => {
    lacks('Nursing note   Sep 9, 2006   1900\nPt resting', '1900');
    lacks('RN Progress Note   5/27/97', 'Progress');
    lacks('Critical Care Attending Note   June 2, 2007', 'Care');
    lacks('Echo: mild MR.\nPlan: ASA, metoprolol', 'Plan');
    none('Tx to Trauma 2 at 2305.', 'location');
  });
});
