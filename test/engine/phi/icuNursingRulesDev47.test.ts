/**
 * The PHI rules from the dev47 round (ICU nursing notes of a Boston teaching hospital, by a
 * helper who saw neither the rules nor the other fixtures): a team's clinicians joined by a
 * slash, a respiratory therapist or a physician assistant by a name that is a word too after a
 * verb, a nurse by name before her unit and RN, whom a nurse met with, a priest before his visit though a town has his name, a relative's
 * name in quotes, a name in brackets after the lab, the blood bank or child life, a month and a
 * two-digit year. And what stays out: an ordinal after a relative, a specialty before a role, a
 * count after a number sign, a train of four, a month's colon. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from ICU nursing notes', () => {
  it("a team's clinicians joined by a slash; never a unit pair or one name alone", () => {
    has("sbt in am w/ team (nakamura/o'leary), f/u cx.", 'name', "o'leary");
    has("sbt in am w/ team (nakamura/o'leary), f/u cx.", 'name', 'nakamura');
    // (A listed surname that a disease is named for too, after the first.)
    has('POD 3. TEAM KOWALSKI/BARRETT AWARE OF PLAN.', 'name', 'KOWALSKI');
    none('Team Medicine/ICU aware of plan.', 'name');
    none('TEAM MICU/CCU NOTIFIED OF BED.', 'name');
  });

  it('a role by a name that is a word too after a verb, whom a nurse met with, a priest before his visit', () => {
    has('nc sat 93%. nebs x2 by rt bob. strong prod cough.', 'name', 'bob');
    has('COUMADIN TO START POD 1-2 PER PA DONNA, GOAL INR 2.5-3.5.', 'name', 'DONNA');
    has('ARRIVED 0100 FROM HARTFORD, MET W/ HOLLY AND FAMILY.', 'name', 'HOLLY');
    has('ATTENDS ST. BRENDAN IN DORCHESTER, FR HEALY VISITED THIS EVE.', 'name', 'HEALY');
    has('renal: hd 1000-1330 in unit, uf 3 l, stan hd rn. post k 4.2.', 'name', 'stan');
    has('Report from Jo PACU RN at 1400.', 'name', 'Jo');
    none('Pt to hd rn aware of plan.', 'name');
    none('DAY ICU RN AWARE OF PLAN.', 'name');
    none('nebs x2 by rt arm iv. strong prod cough.', 'name');
    none('FR HEALY TO ICU AT 0200.', 'name');
  });

  it("a relative's name in quotes, a name in brackets after a service, a month and a two-digit year", () => {
    has('Sleeps at a shelter or with a friend, "Sully", most nights.', 'name', 'Sully');
    has('Her AA sponsor "Red" visited.', 'name', 'Red');
    has('SPUTUM FROM 12/28 + GPC PER MICRO (DENISE).', 'name', 'DENISE');
    has('SIX-PACK PLT, COORDINATED W/ BLOOD BANK (GINNY).', 'name', 'GINNY');
    has('BROUGHT IN AT 2000 W/ CHILD LIFE (ROBIN).', 'name', 'ROBIN');
    has('3rd intubation, last one nov 98 at mgh.', 'date', 'nov 98');
    has('Last seen in clinic Sept 67, then lost to follow up.', 'date', 'Sept 67');
    lacks('fio2 dec 50 overnight, sats 95.', 'dec 50');
    lacks('Glucose jan 95 mg/dl on labs.', 'jan 95');
  });

  it('no PHI: an ordinal after a relative, a specialty before a role, a count after a number sign, a train of four, a colon before quotes', () => {
    none('3rd intubation per mom (first 1992).', 'name');
    none('IVIG day 5/5. Neuromuscular attending aware.', 'name');
    none('BRAIN DEATH EXAM #1 AT 2200 BY RESIDENT, EXAM #2 AT 0800.', 'id');
    none('propofol off, ramsay 5, train of 4 4/4. cv: st 110.', 'date');
    none('d/w covering resident. ? etoh, wife says 2-3 drinks/night.', 'name');
    none('MOB: "born on the way in" per EMS.', 'name');
  });
});
