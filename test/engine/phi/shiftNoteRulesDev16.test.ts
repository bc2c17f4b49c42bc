/**
 * PHI rules from the dev16 round (30 short 1990s ICU shift notes, written blind; the sentences
 * here are written here, none from a corpus): a surname after a nickname in quotes, the last
 * digits of a social security number, a code after a number sign, a town's fire or police
 * department, a lake after "at", a place's name before a kind in lower case, the children's
 * hospital by its short name, a workplace one drove for; and the false friends: sevenths of a
 * week of gestation, Apgar scores, the newborn's father, a valve's maker after its size, a
 * disease's nurse. Each rule has its look-alikes beside it. Also ages over 89 in three more
 * shapes (with a sex in capitals, a birthday, between commas after a name), written from this
 * project's own sentences after blind9's Age count (its misses never printed).
 */
import { has, lacks, none, overlaps } from '../../support/phiRules';

describe('PHI rules from short shift notes: names and numbers', () => {
  it('a surname after a name and its nickname in quotes; a quoted word after no name is left', () => {
    has('Pt was visited by Mr. Augustin "Gus" Fennimore at noon.', 'name', 'Fennimore');
    has('pt is josephine "jo" kowalczyk, 70 yo', 'name', 'kowalczyk');
    lacks('Pt states "fine" Denies pain at this time.', 'Denies');
  });

  it('the last digits of a social security number; a code of letters and digits after a number sign', () => {
    has('Pension office needs SSN, which ends in 2291, faxed today.', 'id', '2291');
    has('Per wife, his social security number ends 7730.', 'id', '7730');
    has('Listed for kidney, UNOS # 552-TR-1180, since spring.', 'id', '552-TR-1180');
    has('Workers comp claim # B-41 227 906 per employer.', 'id', 'B-41 227 906');
    // A bed, a room, a count after a number sign are none; so is a phone number.
    lacks('Transferred to bed # 12B on Farr 4.', '12B');
    none('Unit # 4 aware of admission.', 'id');
    lacks('Wife # 617-555-0144 (home).', '617-555-0144', 0, 'id');
  });
});

describe('PHI rules from short shift notes: places', () => {
  it("a town's fire or police department, a lake after at, the children's hospital by its short name", () => {
    has('Brother is a captain w/ Revere FD, called twice.', 'location', 'Revere');
    has('Son, an officer with Salem PD, at bedside.', 'location', 'Salem');
    has('Near-drowning at Lake Massapoag on Sunday.', 'location', 'Lake Massapoag');
    has("Two prior admits at Children's for DKA.", 'location', 'Children');
    has("transferred from children's 4/2 for vent wean", 'location', 'children');
    lacks('Pt has 3 children, all local.', 'children');
    lacks("Discussed the children's visit with SW.", 'children');
  });

  it('a place named before its kind in lower case after "the"; a workplace after drove for', () => {
    overlaps('Daughter manages the Blue Heron restaurant in Hull.', 'location', 'Blue Heron');
    overlaps('Pt drove for Yellow Star Cab x 30 yrs.', 'location', 'Yellow Star Cab');
    lacks('Pt ate at the restaurant downstairs.', 'restaurant');
    lacks('Wife drove for 2 hours to get here.', 'hours');
  });

  it('leaves gestation, Apgar scores, the newborn, a valve and a disease’s nurse alone', () => {
    lacks('NICU NSG\nBaby Boy Lind, 31 4/7 wk, Apgars 6/8, DOL 3.', '4/7');
    lacks('NICU NSG\nBaby Boy Lind, 31 4/7 wk, Apgars 6/8, DOL 3.', '6/8');
    lacks("Mom visiting. Baby's father in to hold infant.", 'Baby');
    lacks('POD 3 s/p MVR (#27 St. Jude), on coumadin.', 'St. Jude');
    lacks('TB nurse from the health dept called re: PPD.', 'TB');
    has('Seen 4/7 in clinic, wk of dizziness prior.', 'date', '4/7');
  });
});

describe('PHI rules for ages over 89 in more shapes', () => {
  it('an age with a sex in capitals, a birthday, an age between commas after a name', () => {
    has('CCU admit: 93M w/ CHF exacerbation', 'age', '93');
    has('Pt is a 97 F from an ALF in Hull.', 'age', '97');
    has('Family planning her 101st birthday party.', 'age', '101');
    has('Mrs. Quill, 95, remains HCP.', 'age', '95');
    has('Agatha Penrose, 92, lives alone on the 2nd floor.', 'age', '92');
  });

  it('leaves a temperature in Fahrenheit, a list of vitals and younger ages alone', () => {
    none('Tmax 99 F overnight, no cultures sent.', 'age');
    none('afebrile, 98 F, HR 70s', 'age');
    none('VS: 99 F, HR 88, BP 118/70', 'age');
    none('HR 92, 95, 98 over the shift', 'age');
    none('Pt is a 79 F from home.', 'age');
    none('Her 80th birthday was last week.', 'age');
  });
});
