/**
 * The PHI rules from the dev50 round (ICU nursing notes about where patients come from, live
 * and go; by a helper who saw neither the rules nor the other fixtures): a street named after
 * "on" in a note of small letters, a hospital of one word between a preposition of place and
 * its hospital's word in a note of one case, a ward of four capitals that a surname list holds,
 * a year after "class of", "born" or "in" before a word, a place after "emigrated from". And
 * what stays out: a rate or a rhythm after ST, an outside or a local hospital, a hospital's name
 * that goes on, a unit's abbreviation before its number, a time of day. And from the dev51 round
 * (a Baltimore teaching hospital's ICU nursing notes by many hands): a pager's number after
 * "paged at" (not a time of day), a phone after "hm", a hospital heading a unit's note. And from
 * the dev52 round (Maryland ICU notes about transfers in and out): a hospital known by one word
 * before what happened there ("taken to mercy then"), a dialysis unit by its name, Washington
 * before DC. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes about where patients come from and go', () => {
  it('a street after "on" in a note of small letters; none before a rate or a rhythm', () => {
    has('pt lives w/ sister over the laundromat on kenrick st for years, dtr calls nightly.', 'address', 'kenrick st');
    has('found down near quenby ave by passerby, ems called.', 'address', 'quenby ave');
    lacks('pt on monitor st 110s, no ectopy. on tele st to 120 w/ activity.', 'monitor st');
    lacks('pt on monitor st 110s, no ectopy. on tele st to 120 w/ activity.', 'tele st');
    lacks('placed on sinus st overnight, lopressor given.', 'sinus st');
  });

  it('a hospital of one word after a preposition of place in a note of one case; not an outside or local one', () => {
    has("REF'D FROM LOWELL GENERAL AFTER +ETT AT SAINTS MEMORIAL. PMH: HTN.", 'location', 'SAINTS');
    has('pt tx from hallmark infirmary last pm for hypoxia.', 'location', 'hallmark');
    none('TRANSFERRED FROM OUTSIDE HOSPITAL. SENT TO PSYCH HOSPITAL. CAME FROM ANOTHER HOSPITAL.', 'location');
    none('pt came from local hospital. admitted to this hospital. went to state hospital.', 'location');
    // (Where the name goes on, the longer name's rule takes it whole.)
    has('june 5. transferred from saints memorial medical center. pt belongs to', 'location', 'saints memorial medical');
    // (A comma between is no name: "at bedside, hospital".)
    lacks('interpreter translates at bedside, hospital interpreter services aware.', 'bedside');
  });

  it('a ward of four capitals that a surname list holds; no unit before its number', () => {
    has("WIFE'S # 508-555-0199. PLAN: TO FARR 4 TODAY IF BED.", 'location', 'FARR 4');
    none('PLAN: TO MICU 6 TONIGHT. TO SICU 2. TO PACU 1. ON CCU 3. TO WEST 5.', 'location');
  });

  it('a year after "class of", "born" (before 1900 too) or "in" before a word; no time of day', () => {
    has('PT FROM HALL HIGH SCHOOL CLASS OF 2003, FIRST SEMESTER HERE.', 'date', '2003');
    has('LIVES AT ASSISTED LIVING IN CAMBRIDGE, BORN 1898, ADM W/ UROSEPSIS.', 'date', '1898');
    has('pt came to fall river in 1923 to work in the mills.', 'date', '1923');
    none("Rec'd 1855 ml out. Started at 1855 to 1900.", 'date');
    none('Lasix given in 1923 to 2000 window per MD.', 'date');
  });

  it('a place after "emigrated from" or "immigrated from"', () => {
    has('PT IMMIGRATED FROM PONCE IN 1975, WORKED IN THE MILLS.', 'location', 'PONCE');
    has('Pt emigrated from Brava, Cape Verde in 1968; worked at the docks.', 'location', 'Brava');
  });

  it('a pager after "paged at" unless it is a time of day; a phone after "hm"', () => {
    has('ho greg paged at 3385, came to see pt.', 'phone', '3385');
    lacks('dr frank paged at 2305 re k of 3.1.', '2305');
    has('dtr lives in towson, hm 555-0135, will call in am.', 'phone', '555-0135');
  });

  it("a hospital heading a unit's note at a line's start; no unit, clinical word or direction there", () => {
    has('DUNMORE SQUARE ICU NPN 7A-7P\n45 YO M ADMITTED W/ ASTHMA.', 'location', 'DUNMORE SQUARE');
    has('wexbury 4 tele/step down nsg 7a-7p 2/8/99\npt c/o cp overnight.', 'location', 'wexbury');
    has('Harbor CCU NPN 7a-7p\nPt stable overnight.', 'location', 'Harbor');
    none('CARDIAC SURGERY ICU NOTE 7A-7P\nPT STABLE.', 'location');
    none('NEURO ICU NPN\nPT STABLE. MICU NPN 7P-7A: STABLE.', 'location');
    none('PICU Step-Down Nursing Note 6/27/2006\nStable.', 'location');
    none('EAST MICU NPN 7A-7P\nSTABLE. Shock Trauma ICU Nursing Note 1900-0700', 'location');
    // (Only at a line's start: "pt to harbor ccu" mid-line is the move rules' to read.)
    lacks('Plan: wean, then Harbor CCU nsg to call.', 'Harbor');
  });

  it('a one-word hospital before what happened there, a dialysis unit by its name, Washington before DC', () => {
    has('FELL AT HOME, TAKEN TO MERCY THEN SENT HERE FOR ORTHO.', 'location', 'MERCY');
    has('pt eloped once at mercy per osh notes, bed alarm on.', 'location', 'mercy');
    lacks('family left to the mercy of the courts.', 'mercy');
    lacks('wife at memorial service then home.', 'memorial');
    has('ESRD on HD MWF at Brackenridge Dialysis since 1999.', 'location', 'Brackenridge');
    none('PT ON HEMO DIALYSIS. CONTINUOUS DIALYSIS PER RENAL. RENAL DIALYSIS UNIT AWARE.', 'location');
    has('Son lives on Reservoir Rd in Washington, DC, calls daily.', 'location', 'Washington');
  });
});
