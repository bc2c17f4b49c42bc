/**
 * PHI rules for what nursing notes write (synthetic sentences written here, none from a
 * corpus): sign-offs with an initial, report given to a nurse, a name beside a service in
 * brackets, extensions and spaced numbers, pain scores against dates, towns where someone
 * lives or calls from, a name repeated at a sentence's start, a nickname in quotes.
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { found, has, lacks, none } from '../../support/phiRules';

describe('PHI rules for nursing notes: names', () => {
  it('an initial and a surname before a credential, though the surname is a word; not "I & O. Continue PT"', () => {
    has('CONT HEPARIN, UPDATE FAMILY.\nR. MEADOW, RN', 'name', 'R. MEADOW');
    has('plan: wean o2. -t. marsh rn', 'name', 't. marsh');
    none('Strict I & O. Continue PT.', 'name');
  });

  it('a word signing the note before its credential; report given to or taken from a nurse', () => {
    has('PLAN: CIWA, FOLLOW HCT.\nBROOK, RN', 'name', 'BROOK');
    has('D/C TO REHAB AT 1500. REPORT GIVEN TO PEARL RN.', 'name', 'PEARL');
    has('s/p stent to lad, report from dolly in cath lab.', 'name', 'dolly');
    none('REPORT GIVEN TO MICU TEAM.', 'name');
  });

  it('a name in brackets beside a service, before or after it', () => {
    has('Seen by nutrition (Hazel), TPN to start.', 'name', 'Hazel');
    has('ambulated twice w/ lonnie (pt) in hall.', 'name', 'lonnie');
    has('STRONG COUGH, RT (CORMAC) AT BEDSIDE.', 'name', 'CORMAC');
  });

  it('Dr. with an initial parted by a full stop; a name repeated at a sentence start in a note of one case', () => {
    has('vasopressin added per Dr. R. Osei.', 'name', 'R. Osei');
    const text = "hcp is pt's partner gil, visits daily. gil works nights at the yard.";
    has(text, 'name', 'gil', text.indexOf('gil works'));
    none('son will be in later. will continue to monitor.', 'name');
  });

  it('a nickname in quotes in a note of one case, after "for" or a relative; a verb after a relative is none', () => {
    has('restless, calling out for "ollie" overnight.', 'name', 'ollie');
    has('friend "bucky" called, not given info.', 'name', 'bucky');
    none('son flying in from the coast tonight.', 'name');
  });
});

describe('PHI rules for nursing notes: numbers and places', () => {
  it('an extension after x, pager or beeper; seven spaced digits after cell', () => {
    has('PAGED HO @ X6-2217, NO CALL BACK.', 'phone', '6-2217');
    has('case mgr pager #7-4410 aware.', 'phone', '7-4410');
    has('DTR CELL 555 0163, WANTS CALLS.', 'phone', '555 0163');
    none('UO 300 1400 TOTAL.', 'phone');
  });

  it('N/10 is a date unless a complaint or its strength comes just before; strength after weaker is none', () => {
    has('ADMITTED VIA THE ED 3/10. CV: AFIB.', 'date', '3/10');
    none('c/o chest pressure 6/10, ntg given.', 'date');
    none('L SIDE WEAKER 3/5 VS 4/5 R.', 'date');
  });

  it('a town where someone lives or calls from, though it is a word; a region by its direction is none', () => {
    has('SOCIAL: LIVES IN WALPOLE W/ WIFE.', 'location', 'WALPOLE');
    has("pt's son called from revere, updated.", 'location', 'revere');
    has('Daughter Ana in Reading visited today.', 'location', 'Reading');
    none('son called to check in.', 'location');
    none('transferred from western maryland, 2 units prbc given.', 'location');
  });

  it('a name before NH or SNF after from or to', () => {
    has('95 yo f from birch hollow nh w/ pna.', 'location', 'birch hollow');
  });

  it('a St. Jude valve is no saint; a clinical word signing the note does not spread to the catheter; a person asked for', () => {
    none('s/p AVR (St. Jude mechanical) 9/2, POD 3.', 'location');
    const signed = 'GU: FOLEY DRAINING CLEAR URINE. PLAN: CONT.\nP. FOLEY RN';
    assert.ok(
      detectPhi(signed).every((s) => s.start >= signed.indexOf('P. FOLEY')),
      JSON.stringify(found(signed)),
    );
    has('restless overnight, asking for margie.', 'name', 'margie');
    none('ASKING FOR PAIN MED, GIVEN PERCOCET.', 'name');
  });
});

describe('PHI rules for nursing notes: event logs, strength, brackets and initials', () => {
  it('a time stamp of an event is no year; "came over in 1951" is one', () => {
    none("csru nsg 1900: rec'd pt from or. 2030: ct output 250cc.", 'date');
    none('SON CALLED 2000, UPDATED.', 'date');
    has('Pt is from Sligo, came over in 1951.', 'date', '1951');
  });

  it("a muscle's strength is no date; a relative's age over 89 in brackets is an age", () => {
    none('MAE, L grip 4/5, R 5/5, no drift.', 'date');
    none('rue 0/5, rle 2/5, lue/lle 5/5.', 'date');
    has('He looks after his mother (97) at home.', 'age', '97');
  });

  it('names in brackets of one to three words after a service, a comma may follow; quotes after "call me" or "goes by"', () => {
    has('OOB W/ PT (NORA BLIGH), 2 ASSIST.', 'name', 'NORA BLIGH');
    has('CASE MGR (ODETTE, X5-2210) REFERRED PT.', 'name', 'ODETTE');
    has('EEG tech (Sokha) aware.', 'name', 'Sokha');
    has('Pt tells staff "call me Red."', 'name', 'Red');
    has('74 YO M (GOES BY "BUZZ") W/ COPD.', 'name', 'BUZZ');
    has('Pleasant, confused. Pt calls me Teodora all night.', 'name', 'Teodora');
    // An endearment is no name.
    lacks('Pleasant, confused. Pt calls me Honey all night.', 'Honey');
    lacks('Pleasant, confused. Pt asking for Nurse every few min.', 'Nurse');
  });

  it('initials with full stops signing the note; a clinician by an initial; credentials with full stops are none', () => {
    has('tol diet, ambulating.\n--H.J.', 'name', 'H.J');
    has('plan to d/c in am. -w.t. rn', 'name', 'w.t');
    has('sbp goal <140 per dr. q, nipride off.', 'name', 'q');
    none('Vent weaning deferred until A.M.', 'name');
    none('Seen today. Ona Vickers, R.N.', 'date');
    assert.ok(!detectPhi('Seen today. Ona Vickers, R.N.').some((s) => s.text === 'R.N'));
  });

  it('a name said as the real one; kids as relatives; a season after parents is no name; chaplain then Fr. is no name', () => {
    has('REGISTERED UNDER AN ALIAS, REAL NAME OSKAR PETERSEN CONFIRMED.', 'name', 'OSKAR PETERSEN');
    has('Kids (Wren 12, Jago 9) staying w/ grandparents.', 'name', 'Wren');
    none('her parents winter in florida.', 'name');
    assert.ok(!detectPhi('chaplain Fr. Tobias in to see pt.').some((s) => s.text === 'Fr'));
  });

  it('a ward in brackets after the floor; a sign-off after a dash before a credential; spoke with a name that is a word', () => {
    has('PLAN: CALL OUT TO FLOOR (PELHAM 6) IF STABLE.', 'location', 'PELHAM');
    has('P: Transfer to step-down (Whitcomb 4) tonight.', 'location', 'Whitcomb');
    has('lytes repleted. -hb rn', 'name', 'hb');
    has('CALL OUT IF STABLE O/N.\n-NELL K, RN', 'name', 'NELL K');
    has('coordinator spoke w/ rob @2300, plan reviewed.', 'name', 'rob');
    none('HOUSE STAFF HAVE SPOKEN WITH DAUGHTERS.', 'name');
  });

  it("where someone comes from, a saint's hospital with its possessive, a name alone ending the note; right and left are no role", () => {
    has('WIFE NORMA IN FROM LYNNFIELD THIS EVE.', 'location', 'LYNNFIELD');
    has('brother coming up from providence tomorrow.', 'location', 'providence');
    has("pt was at st. luke's in 2003 for hip fx.", 'location', 'st. luke');
    none('SR TO ST. HIGH PRESSURES RESOLVED.', 'location');
    has('FAMILY UPDATED, NOT AWARE OF ADMISSION PER HUSBAND. DEB', 'name', 'DEB');
    has('HCP IS FRIEND ODESSA, #555-0194.', 'phone', '555-0194');
    has('Pt is 97, remains full code.', 'age', '97');
    none('dopplerable pulses, rt better than left. ace to rt le.', 'name');
  });

  it('a hospital known by its name, a university by its short form, a ward at the note end or after "transfer today to"', () => {
    has('SHE WENT TO GOOD SAMARITAN LAST WEEK WITH CHILLS.', 'location', 'GOOD SAMARITAN');
    has('plan is transfer back to beth israel in am.', 'location', 'beth israel');
    has('Seen at Our Lady of Fatima for a fall in June.', 'location', 'Our Lady of Fatima');
    has('ARRIVED FROM UNIVERSITY OF VT MEDICAL CENTER BY AIR.', 'location', 'UNIVERSITY OF VT');
    has('was first seen at U of NH Med Ctr for dyspnea.', 'location', 'U of NH');
    has('PLAN: TRANSFER TOMORROW TO WHITLOCK 4', 'location', 'WHITLOCK 4');
    has('ok for transfer now to Pembury 2', 'location', 'Pembury 2');
    none('pt holds a holy cross necklace, in good spirits.', 'location');
  });

  it('an initial and a surname before what a clinician does; reached by phone; an extension after a phone', () => {
    has('CI LOW, K MARSH ORDERED DOBUTAMINE. WILL TITRATE.', 'name', 'K MARSH');
    has('Unable to reach Daria, message left.', 'name', 'Daria');
    has('call wife at 617 555 0142 x31 with news', 'phone', '617 555 0142 x31');
    none('K RIDER REPLETED PER SLIDING SCALE.', 'name');
  });

  it('states, times, pupils, drugs and devices are no PHI', () => {
    none('son is driving back to NJ tonight, will call.', 'location');
    none('two sisters in north carolina and one in ohio.', 'location');
    has('report 4/3/09, 1900\nneuro: sedated.', 'date', '4/3/09');
    lacks('report 4/3/09, 1900\nneuro: sedated.', '1900');
    none('1900>>0700\nS: slept well.', 'date');
    none('perrla, 3/3, brisk.', 'date');
    none('resp: nc 02 dec from 3->2l, sats 97%.', 'date');
    none('cont to enc c/db q2h\n', 'name');
    none('consider d/cing Swann in am.', 'name');
    none('ate alot of her dinner, thrashing around alot overnight.', 'location');
    none('pulses trace to dopp in both feet.', 'location');
    none('social: lives with wife and son, owns a hardware store.', 'name');
    has('social: wife, noreen, called twice for updates.', 'name', 'noreen');
    has('wife, noreen, left a number for the team.', 'name', 'noreen');
    lacks('wife, noreen, left a number for the team.', 'left');
  });

  it('sign-offs of their own at the note end; initials before /RN; a therapist before a listed name; a name before aware', () => {
    has('ambulated twice, tolerated well. plan: floor tomorrow. bev rn', 'name', 'bev');
    has('pain controlled. ? d/c home 11/24. wendy k. rn', 'name', 'wendy k');
    has('DETOX PLACEMENT PENDING. JT/RN', 'name', 'JT');
    has('nebs q4h by rt jerome, sats 95%.', 'name', 'jerome');
    has('Repeat lactate sent (Priya aware).', 'name', 'Priya');
    none('will continue to monitor. f/u in am', 'name');
    none('INC TO STERNUM, ACE TO RT LE INTACT.', 'name');
    none('pain controlled. cont plan. a', 'name');
  });

  it('nicknames in quotes after calls pt or known as, or a name in brackets; relatives misspelt; a name of two words again', () => {
    has('Her brothers call pt "Sully" and she answers to it.', 'name', 'Sully');
    has('pt known as "dutch" on the unit.', 'name', 'dutch');
    has('social: pt\'s son robert ("bob") is hcp.', 'name', 'bob');
    has('grandaughter keisha visiting tonight.', 'name', 'keisha');
    has('NA sponsor Arturo called.', 'name', 'Arturo');
    has('wife mary lou at bedside, mary lou is hcp.', 'name', 'mary lou', 20);
  });

  it('towns where someone lives, of two words or before a state code; workplaces after student, pcp, dialysis at', () => {
    has('son lives in fall river, visits weekly.', 'location', 'fall river');
    has('dtr lives in salem nh, will call.', 'location', 'salem');
    has('pt is a student at brandeis, parents notified.', 'location', 'brandeis');
    has('PCP AT DMH, LAST SEEN 3/2.', 'location', 'DMH');
    has('Seen by Dr. Irwin at Lakeshore Health last week.', 'location', 'Lakeshore');
    none('son called to check in.', 'location');
    none('Followed by Occupational Health for exposure.', 'location');
    none('pt has salem sump to lcws, draining bilious.', 'location');
  });

  it("going home to a town, a relative's age between commas, an outside hospital's abbreviation in brackets", () => {
    has('hopes to go home to revere on sunday.', 'location', 'revere');
    has('WIFE IRENE, 93, AT BEDSIDE ALL DAY.', 'age', '93');
    has('s/p tpa at osh (bmh) 6/2, then flown in.', 'location', 'bmh');
    none('PT IS IN POOR HEALTH, WIFE AWARE.', 'location');
    none('given fluids at osh (ivf), then transferred.', 'location');
    lacks('WIFE IRENE, 63, AT BEDSIDE ALL DAY.', '63');
  });

  it("the patient's name after pt before an age or a complaint; Mr and one letter; initials after pt", () => {
    has('MICU NPN: PT DRISCOLL IS 71 YO M S/P FALL.', 'name', 'DRISCOLL');
    has('pt oyelaran c/o nausea overnight.', 'name', 'oyelaran');
    has('social: pt marcus is 19 yo, lives with mom.', 'name', 'marcus');
    has('NPN 11-7 PT MRS T SLEEPING MOST OF NIGHT.', 'name', 'T', 15);
    has('NPN: PT R.D. REMAINS ON CPAP.', 'name', 'R.D');
    none('pt is 71 yo m s/p fall.', 'name');
    none('PT DENIES PAIN, PT RESTING.', 'name');
    none('pt ambulating in hall c/o fatigue.', 'name');
  });

  it('nicknames after name or a relative; workplaces after an occupation; towns of two words in one case; lists of places', () => {
    has('A+OX2, KNOWS NAME "BUDDY", NOT PLACE.', 'name', 'BUDDY');
    has('pt asking for her grandson "Rory" all evening.', 'name', 'Rory');
    has('PT IS A MACHINIST AT KESWICK TOOL, WIFE AWARE.', 'location', 'KESWICK');
    has('works part time at harmon feed store, no insurance.', 'location', 'harmon');
    has('SON STAYING IN GRAND RAPIDS, CALLS DAILY.', 'location', 'GRAND RAPIDS');
    has('referrals sent to dunmore rehab and cedar knoll nh today.', 'location', 'cedar knoll');
    has('lives alone in dedham, sister nearby.', 'location', 'dedham');
    none('PT IN GOOD SPIRITS, FAMILY AT BEDSIDE.', 'location');
  });

  it('months alone after in, dashed dates after a procedure, ages said of someone, streets after on or an address', () => {
    has('Dr Ames referred him in Nov. for a stress test.', 'date', 'Nov');
    has('s/p ercp 11-14 w/ stent, tolerating diet.', 'date', '11-14');
    has('Pt turns 95 next week, family planning a party.', 'age', '95');
    has('husband Lionel is 93 and still drives.', 'age', '93');
    has('home address 77 birch rd, lives alone.', 'address', '77 birch rd');
    has('Her cardiologist has an office on Elmwood Ave downtown.', 'address', 'Elmwood Ave');
    none('HR 120s, on Dilt gtt, K 3.9.', 'address');
    none('sats dec in am, o2 up to 4l.', 'date');
    lacks('Pt turns q2h, skin intact at 91% sat.', '91');
  });

  it('no PHI: 2/2 as secondary to, train of four, a rate after a slash, a code called, an eponym, a saint before a valve, an ordinal', () => {
    none('70 YO M W/ RESP FAILURE 2/2 PNA, ON VENT.', 'date');
    has('TRANSFERRED FROM OSH 2/2 IN SHOCK.', 'date', '2/2');
    none('Cisatracurium off, TOF 4/4.', 'date');
    none('Lactulose for 2-3 BM/day.\nCV: stable', 'name');
    none('vfib on monitor. code called. cpr started.', 'name');
    none('AFIB 70S, NO OSBORN WAVES.', 'name');
    none('s/p AVR (St. Jude mechanical), on coumadin.', 'name');
    none('BLISTERS L 3RD-4TH FINGERS, ELEVATED.', 'location');
    has('FAMILY MTG FOR THE 21ST CONFIRMED.', 'date', '21ST');
    none('pt from the area, works at the shipyard.', 'location');
  });

  it('times opening the lines of a log, strengths in a run, a phone never across lines, addresses after at', () => {
    none("HYPOTENSION.\n1900 REC'D PT ON LEVO\n2130 SBP 90S", 'date');
    none('SBP 110-130.\n0300 C/O INCISIONAL PAIN', 'phone');
    none('R FACIAL DROOP. L SIDE 5/5. PERRL.', 'date');
    none('now UE 3/5 prox, 4/5 distal, LE 2/5.', 'date');
    has('Hx:\n1998 CABG x3, 2004 AVR.', 'date', '1998');
    has('SOCIAL: WIFE IRMA (94) AT BEDSIDE.', 'age', '94');
    has('lives w/ son at 88 w. 12th st in tulsa.', 'address', '88 w. 12th st');
    has('DTR LIVES AT 14 GRANITE HILL RD IN BARRE.', 'address', '14 GRANITE HILL RD');
    none('At 1400 anterior CT (24 French) placed to suction.', 'address');
  });

  it('a name opening a line before the age; services before roles; a religious sister; case managers and techs; countries', () => {
    has('"bud" kowalczyk, 81 yo m, s/p fall.', 'name', 'kowalczyk');
    has('tito (hector ruiz), 31 yo m w/ gsw.', 'name', 'hector ruiz');
    has('R.K. IS A 70 YO F S/P MVR.', 'name', 'R.K');
    none('67 yo m w/ chf, pt is a 74 yo m.', 'name');
    none('VASC FELLOW AWARE, WILL SEE PT.', 'name');
    has('CHAPLAIN SR. BERNADETTE IN, PRAYERS SAID.', 'name', 'BERNADETTE');
    none('HR 70S SR. NO ECTOPY.', 'name');
    has('cm gloria following for rehab bed.', 'name', 'gloria');
    has('eeg tech yolanda checked leads.', 'name', 'yolanda');
    none('wound 3 cm deep, 2 cm area of redness.', 'name');
    none('police called for update; kids in Poland, mother in Vietnam.');
  });

  it('places after a transfer, via a hospital er, before a funeral home or an inn; a welder at his employer', () => {
    has('came over from cmmc last night.', 'location', 'cmmc');
    has('transferred from oakhurst. plan: diurese.', 'location', 'oakhurst');
    has('adm 9/30 via trinity er w/ chf.', 'location', 'trinity');
    has('FAMILY REQUESTS KERRIGAN FUNERAL HOME.', 'location', 'KERRIGAN');
    has('usually stays at elm street inn, brought in by ems.', 'location', 'elm street');
    has('PT WORKS AS WELDER AT NORTHPORT STEEL.', 'location', 'NORTHPORT');
    none('he admitted to severe sleep deprivation; came to visit sister.', 'location');
    none('pt uses grab bar in bathroom.', 'location');
  });

  it('a date or a year said in an orientation answer', () => {
    has('A+O x2, knows it is 2019 but not the month.', 'date', '2019');
    has("pt states it's the 14th today.", 'date', '14th');
    has('said the year was 1987, reoriented.', 'date', '1987');
    none('states it is 5 oclock, asks for breakfast.', 'date');
  });
});
