/**
 * PHI rules from the dev15 round (long, messy ICU notes by many hands, written blind; the
 * sentences here are written here, none from a corpus): ranges of years, initials after "re"
 * or "labeled", a writer's initials in brackets after a time or on a dashed line, a name typed
 * onto a relative's word, apartments and ZIP codes after a street, a town right after "lives",
 * a hospital by its own name or before a stay's date, a nickname quoted in brackets, a code
 * after "docket" or "claim", a relative's age after two names; and the false friends: a clock
 * time after "by phone" or "from OR", a day of a course ("IVIG day 3/5"), "referred to SW", a
 * faith's word spread from a place's name. Each rule has its look-alikes beside it. Also, from
 * a review: a name in a note of one case ends before what its bearer does ("tunde brings").
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from messy notes: dates, times and numbers', () => {
  it('a range of years where one is no time of day or the past is told; a shift’s times are none', () => {
    has('pt was a teacher at Boston Latin 1961-1994.', 'date', '1961');
    has('pt was a teacher at Boston Latin 1961-1994.', 'date', '1994');
    has('lived in Sarasota, FL 1990-1995', 'date', '1995');
    has('worked there 2001-2003.', 'date', '2003');
    none('shift 1900-2300 uneventful', 'date');
    none('NPO 1930-2000 for procedure', 'date');
  });

  it('a clock time after "by phone" or "from OR" is no phone and no year; a day of a course is no date', () => {
    none('cards fellow spoke w/ dtr by phone 1900.\nplan: serial cks', 'phone');
    none('cards fellow spoke w/ dtr by phone 1900.\nplan: serial cks', 'date');
    has('wife asks to be called, phone 4471 (work)', 'phone', '4471');
    lacks('arrived from OR 1930 on epi .03', '1930');
    lacks('adm 11/6, IVIG day 3/5\nresp NIF -30', '3/5');
    has('adm 11/6, IVIG day 3/5\nresp NIF -30', 'date', '11/6');
    has('ostomy rn to do teaching starting the 21st\ngu: foley', 'date', '21st');
    none('abx starting the 2nd dose tonight', 'date');
  });

  it('a code of letters and digits after docket, claim or serial; a reference range is none', () => {
    has('guardian atty (guardianship docket SU03P2218GD), niece on speaker', 'id', 'SU03P2218GD');
    none('K 4.1 (ref range 3.5-5.0)', 'id');
    none('unit policy is to wean', 'id');
  });
});

describe('PHI rules from messy notes: people', () => {
  it('initials with full stops after re or labeled; an abbreviation there is none', () => {
    has('CSRU NPN 0700-1900   re: E.H.\nEverett Hope 81M POD#1', 'name', 'E.H');
    has('blood bank called re G.P. crossmatch', 'name', 'G.P');
    has('belongings labeled J.R.\ninj: splenic lac', 'name', 'J.R');
    none('re: P.O. meds, will hold', 'name');
  });

  it("the writer's initials in brackets after a time, or alone on a dashed line; a word there is none", () => {
    has('1200 (dk): vent AC 500x20 PEEP 12', 'name', 'dk');
    has('1830 addendum (RMc): son called from Seattle', 'name', 'RMc');
    has('renal c/s in am\n--- dk\n1830 addendum', 'name', 'dk', 18);
    none('1200 (ok): fine\n--- ok\nplan same', 'name');
  });

  it("a listed name typed onto a relative's word; a word there is none", () => {
    has('lives nearby, sonDesmond will come in am', 'name', 'Desmond');
    has('teaching done w/ pt + wifeMarilyn: plavix x 9 mo', 'name', 'Marilyn');
    none('hit by a sonOf the neighbor', 'name');
  });

  it('a name ends before what its bearer does, in a note of one case; a capitalised surname where case tells goes on', () => {
    has('social: husband tunde brings baby in to visit daily.', 'name', 'tunde');
    lacks('social: husband tunde brings baby in to visit daily.', 'brings');
    has('son ade comes in after work, wife ngozi calls nightly', 'name', 'ngozi');
    lacks('son ade comes in after work, wife ngozi calls nightly', 'comes');
    has('Social: Husband Tunde Brings visited with the children today.', 'name', 'Tunde Brings');
  });

  it('a nickname quoted in brackets after a name; a relative’s age after two names in brackets', () => {
    has('NICU npn\nWilliam Hatch ("Will") 34M GBS, onset 11/2', 'name', 'Will', 20);
    has('social: husband Howard Whitfield (92) lives w/ them', 'age', '92');
    lacks('social: husband Howard Whitfield (82) lives w/ them', '82');
    has('pt to morgue 0540 w/ Ray from transport, tags on', 'name', 'Ray');
  });

  it("false friends: SW after referred to; a faith's word in a place's name does not spread", () => {
    lacks('sister asking for records, referred to SW for release forms.', 'SW');
    lacks('Mr Chhim is buddhist, family asked for monk from Glory Buddhist Temple.', 'buddhist');
    has('Mr Chhim is buddhist, family asked for monk from Glory Buddhist Temple.', 'location', 'Glory Buddhist');
  });
});

describe('PHI rules from messy notes: places', () => {
  it('an apartment and a ZIP code after a street', () => {
    has('pt lived alone 112 Hancock St apt 4C Dorchester, MA 02125, 3rd floor walkup', 'address', 'apt 4C');
    has('pt lived alone 112 Hancock St apt 4C Dorchester, MA 02125, 3rd floor walkup', 'address', '02125');
    has('lives w/ son at 28 Adams St #3F,02122.', 'address', '02122');
    none('12 Main St. BP 120/80 HR 72 wbc 12345', 'id');
  });

  it('a listed town right after lives; lives alone or home is none', () => {
    has('social: lives Mattapan w/ daughter, deacon at church', 'location', 'Mattapan');
    has('cell 617-555-0163, lives Hyde Park, son will come', 'location', 'Hyde Park');
    none('pt lives alone, independent', 'location');
    none('lives home w/ wife', 'location');
  });

  it("a hospital by its own name anywhere, or before a stay's date; a phrase of the language needs its cue", () => {
    has('ESLD, on Mass General transplant list, not listed here', 'location', 'Mass General');
    has('prior CHF adm Mount Auburn 5/12/01, followed by outside cards.', 'location', 'Mount Auburn');
    has('prior adms: Good Samaritan 6/99 (pna), Brockton Hospital 1/01', 'location', 'Good Samaritan');
    none('wears a holy cross necklace 2/3 of the time', 'location');
  });
});
