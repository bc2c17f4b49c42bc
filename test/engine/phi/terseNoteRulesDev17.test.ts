/**
 * PHI rules from the dev17 round (30 terse ICU notes, half in lower case, half in capitals,
 * written blind; the sentences here are written here, none from a corpus): dashed dates after
 * adm or pulled, a date after a word of strengths when its day is past 12, a month in capitals
 * before a stop, a season with its year, a relative's age said with "is", an SSN's last four;
 * a first name and a nickname before a found surname, "Last, First" opening a line before an
 * age and sex, initials in brackets that are the name's own, initials after re in lower case,
 * an in-law written without hyphens, coworkers and home health aides; a saint's place without
 * its full stop, a people's rehab, a place by its one name after "at". And the false friends:
 * strengths before bue, a time of day, "most of day", a guardian in brackets, the scene, what
 * a relative does, an adjective of the body after "at". Each rule has its look-alikes beside it.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from terse notes: dates, ages and numbers', () => {
  it('a dashed date after adm or pulled; a date after a word of strengths with a day past 12', () => {
    has('pt rosa 77f adm 6-14 w/ cp, r/o mi', 'date', '6-14');
    has('old picc pulled 3-22, new one placed', 'date', '3-22');
    has('new weakness 5/19, worse since', 'date', '5/19');
    has('son flying up 8/30 from tampa', 'date', '8/30');
    lacks('strength 4/5 bue, 3/5 ble', '4/5');
    lacks('titrated up 1/2 tab per team', '1/2');
  });

  it('a month in capitals before a stop, a season with its year; no modal verb', () => {
    has('LAST ADMIT WAS IN MAY.\nPLAN: CONT ABX', 'date', 'MAY');
    has('also fell summer 98.', 'date', 'summer 98');
    has('had a CVA in the winter of 2003, no deficits', 'date', 'winter of 2003');
    lacks('PT IN MAY BE TRANSFERRED', 'MAY');
    lacks('in the fall 20 mg was given', 'fall');
  });

  it("a relative's age said with is; an SSN's last four", () => {
    has("PT'S FATHER IS 96 AND STILL DRIVES.", 'age', '96');
    has('SSN last 4: 5512 on the face sheet', 'id', '5512');
    none('wt is 96 kg, up from 92', 'age');
  });
});

describe('PHI rules from terse notes: names', () => {
  it('a first name and a nickname in quotes before a found surname', () => {
    has('CSRU NPN 0700-1900\nPT WALTER "WALLY" KOWALCZYK 81M S/P CABG', 'name', 'WALTER');
    has('CSRU NPN 0700-1900\nPT WALTER "WALLY" KOWALCZYK 81M S/P CABG', 'name', 'WALLY');
  });

  it('"Last, First" opening a line before an age and sex; no two words of the language', () => {
    has('micu npn 7p-7a\npark, min-ji 29f asthma flare, on bipap', 'name', 'park, min-ji');
    has('MICU NPN\nOKAFOR, CHIDI 54 M W/ DKA', 'name', 'OKAFOR, CHIDI');
    lacks('neuro\nsedated, intubated 40 yo male', 'sedated');
  });

  it("initials in brackets that are the name's own; initials after re in lower case", () => {
    has('micu npn\nmargaret okonkwo (m.o.) 66f copd', 'name', 'm.o');
    has('micu npn\ndesmond fairweather (df) 38m gbs', 'name', 'df');
    has('ccu npn 7a-7p  re: r.k.  mrn 2290-1187', 'name', 'r.k');
    lacks('pt got a chest tube (ct) today', 'ct');
    lacks('blood bank called re: a.m. labs', 'a.m');
  });

  it('an in-law without hyphens, coworkers, a home health aide; not what a relative does', () => {
    has('LIVES W/ SON AND DTR IN LAW ROXANNE IN LYNN', 'name', 'ROXANNE');
    has('coworkers mack and dwight visited after shift', 'name', 'mack');
    has('home w/ vna and hha loretta 3x/wk', 'name', 'loretta');
    lacks('pt and wife live at 14 elm st in lynn', 'live');
    lacks('was in law enforcement x 20 yrs', 'enforcement');
    lacks('HUSBAND AT BEDSIDE MOST OF DAY, SON CALLED', 'DAY');
    lacks('SOCIAL: NIECE ROSE DUBOIS (GUARDIAN) MET W/ TEAM', 'GUARDIAN');
  });
});

describe('PHI rules from terse notes: places', () => {
  it("a saint's place without its full stop after a preposition of place; a people's rehab", () => {
    has('cea 2001 at st elizabeths, no stroke', 'location', 'st elizabeths');
    has('ADM FROM ST JOSEPH MANOR IN BROCKTON', 'location', 'ST JOSEPH');
    has('family asking about hebrew rehab vs home', 'location', 'hebrew');
    none('hr sr to st 120s, lopressor given', 'location');
    none('SR TO ST. HIGH PRESSURES RESOLVED', 'location');
  });

  it('a place by its one name after at, no word of the language, misspelling or part of the body', () => {
    has('prior stent at dunleavy 1999', 'location', 'dunleavy');
    has('ANTICOAG CLINIC AT MCGRATH TO F/U', 'location', 'MCGRATH');
    has('Her niece is a nurse at Kilbride, aware.', 'location', 'Kilbride');
    none('pt at bedisde w/ family', 'location');
    none('cxr: tip at cavoatrial jxn', 'location');
    none('meds given at noc', 'location');
    lacks('FLOWN FROM SCENE, INTUBATED', 'SCENE');
  });

  it('a listed town right after a place; a town where one came to or is from; a relative or proxy before in', () => {
    has('hd mwf at fresenius quincy, missed friday', 'location', 'quincy');
    has('pt from italy, came to boston in 1968', 'location', 'boston');
    has("trach'd 7/19. from revere, lives w/ son", 'location', 'revere');
    has('NIECE JOAN PELL HCP IN CONCORD, # 978-555-0117', 'location', 'CONCORD');
    has('DTR IN LAW RITA IN NEWTON COMING', 'location', 'NEWTON');
    lacks('TRANSFERRED TO THE ZAGARIA CAMPUS FOR ERCP', 'CAMPUS');
    lacks('MVC VS TREE IN HADLEY EARLY SAT AM', 'EARLY');
    lacks('From home, ambulatory w/ walker', 'home');
  });

  it("an owner's place before its town; a second place after a found one", () => {
    has('SON OWNS TONYS HOUSE OF PIZZA IN SAUGUS', 'location', 'TONYS HOUSE OF PIZZA');
    has('referrals to spaulding and kindred in stoughton', 'location', 'kindred');
    lacks('pt owns a house in peabody', 'house');
    lacks('LIVES W/ DTR ELEANOR AND SON-IN-LAW IN NEWTON', 'SON-IN-LAW');
    lacks('wife and kids in quincy', 'kids');
  });

  it('a care home named after a preposition of place in a note of one case; a hospital abbreviation in lower case', () => {
    has('adm from willow bend nursing home w/ uti', 'location', 'willow bend');
    has('ob dr kiley at nwh aware, will see pt', 'location', 'nwh');
    none('went to the nursing home yesterday', 'location');
    none('lives at home w/ visiting nurse', 'location');
    none('sent to bath, tolerated', 'location');
  });
});
