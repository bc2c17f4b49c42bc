/**
 * PHI rules from the dev55 round (CCU and cardiac surgery recovery nursing notes): where a past
 * procedure was done, a hospital after its date and "at"; and what stays out: an outside
 * hospital, home or work after the date, a valve's maker before its size, a program's phase
 * before rehab. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from cardiac nursing notes', () => {
  it('a hospital after a past procedure, its date and at', () => {
    has('pmh: htn, mi 1993 at sinai, quit smoking.', 'location', 'sinai');
    has('PPM PLACED JUN 1999 AT UMMS, DDD 60.', 'location', 'UMMS');
    has("s/p MVR '97 at Union Memorial, on coumadin.", 'location', 'Union Memorial');
    has('ptca to lad 4-2-96 at st agnes, no restenosis.', 'location', 'st agnes');
  });

  it('no place where none is named after the date', () => {
    lacks('ICD placed 3/14 at OSH, interrogated today.', 'OSH', 0, 'location');
    lacks('cabg x2 1991 at home since, no angina.', 'home', 0, 'location');
    lacks('first MI 10/12/02 at work, brought in by EMS.', 'work', 0, 'location');
  });

  it("a valve's maker before its size and a program's phase before rehab name no place", () => {
    none('s/p MVR (St. Jude 29mm) and TV repair.', 'location');
    none('to start Phase II rehab after d/c.', 'location');
  });
});
