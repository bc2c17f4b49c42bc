/**
 * The PHI rules from the dev48 round (ICU nursing notes of a Boston teaching hospital by many
 * hands, narrative and clipped, handoffs, transfers, family meetings; by a helper who saw
 * neither the rules nor the other fixtures): the night float by name, a respiratory therapist
 * by a short name in capitals after "by" or before what he did, a PA after a service's word, a
 * diabetes educator and a nurse before "charge RN" by name, a name in brackets after the
 * pharmacy or the float, the patient's name after "pt" before where the patient lives or works,
 * a relative's name that is a clinical word too before "came", a month alone after a diagnosis
 * or "here", New Year, two places by name. And what stays out: "chief" beside a name, a verb's
 * past with 'd, a time after "pulled", a note's header, "near" before a hospital, a sitter's
 * next word. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from ICU nursing notes by many hands', () => {
  it('the night float, a therapist, a PA, an educator and a charge nurse by name', () => {
    has('bld cx x2 sent per night float Ben at 2300.', 'name', 'Ben');
    has('at 0130 more confused, night float josh in, ct head no change.', 'name', 'josh');
    has('NEURO: EXTUBATED 0830 BY RT GIL, A+OX3, MAE.', 'name', 'GIL');
    has('RESP: 40% FACE TENT. RT SAL DID CHEST PT X2.', 'name', 'SAL');
    has('lytes q4, cts out 6/5 per surg pa deb. fellow aware.', 'name', 'deb');
    has('ask Joslin CDE Pam to see re: insulin pump.', 'name', 'Pam');
    has('Floor bed requested on 10 North (Kerry charge RN aware).', 'name', 'Kerry');
    has('WT 88.4KG. PHARM (INES) DOUBLE CHECKED DOBUTAMINE CONC.', 'name', 'INES');
    none('night float aware of k 3.1, will recheck.', 'name');
    // (A float pool's nurse, and pain after a role's comma: no names.)
    none('float pool rn picked up the 1:1.', 'name');
    none("EPIDURAL D/C'D TODAY BY APS RN, PAIN CONTROLLED.", 'name');
    has('Pt works at Au Bon Pain in the mornings.', 'location', 'Au Bon Pain');
    none('pt will need 1:1 sitter once extubated.', 'name');
    none('psych: 1:1 sitter, section 12 signed.', 'name');
  });

  it("the patient's name before where the patient lives or works, a relative's that is a clinical word too, dates, places", () => {
    has('Social: Pt Bill lives w/ his partner of 22 yrs.', 'name', 'Bill');
    has('SOCIAL: PT WALTER ("WALLY") LIVES W/ WIFE.', 'name', 'WALTER');
    has('social: wife peg came up from the cape w/ a neighbor.', 'name', 'peg');
    lacks('s/p peg 6/2, tf at goal. son came in at 1400.', 'peg');
    has("pt (mr. souza) hx panc ca dx'd july at cape cod hospital.", 'date', 'july');
    has('prior adm here feb for w/d, pt says he used to work nights.', 'date', 'feb');
    has('Plan: ativan gtt, wean in am. Happy New Year.', 'date', 'New Year');
    has('Hx prior w/d sz 2001 at Addison Gilbert.', 'location', 'Addison Gilbert');
    has('Pt was a mail carrier w/ the US Postal Service 30 years.', 'location', 'US Postal Service');
  });

  it("no PHI: a chief beside a name, a verb with 'd, a time after pulled, a header, near before a hospital", () => {
    none('DR FITZGERALD (CHIEF) IN TO SEE PT AT 2200.', 'date');
    lacks('DR FITZGERALD (CHIEF) IN TO SEE PT AT 2200.', 'CHIEF');
    none("pt's guardian ok'd hospice consult, understands.", 'name');
    none('r fem sheath pulled 1930 by fellow, femstop x 1h.', 'date');
    none('npn micu 2300-0730 gallstone pancreatitis.', 'location');
    none('wife staying at a hotel near hosp tonight.', 'location');
    lacks("EPIDURAL D/C'D TODAY BY APS RN NOREEN.", 'APS');
  });
});
