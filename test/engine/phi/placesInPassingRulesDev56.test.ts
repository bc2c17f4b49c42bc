/**
 * The PHI rules of the dev56 and dev57 round (Boston-area ICU notes rich in places, and places
 * named in passing), on sentences written for these tests: where someone lives after "lives
 * at", a group of kin's town, a trade worked out of a town, a relative's bus or train from a
 * town, a shop named by words of the language, where records came from, a ward named by a word
 * before a bed or a wait, a May date with its two-digit year, two writers' initials and an
 * initial with a surname signing a note, a found name's initials later in the note, a street
 * named by a letter or a season, a name after SOAP's "o:", the patient after PT before an age glued
 * to the sex or with a middle initial; and the look-alikes each must leave.
 */
import { has, lacks, overlaps } from '../../support/phiRules';

describe('PHI rules of the dev56 and dev57 round (synthetic notes)', () => {
  it('where someone lives, named after lives at, in any case; not home, the shelter or a group home', () => {
    has('widowed, lives independently at bramble cove. dtr visits.', 'location', 'bramble cove');
    has('PT LIVES AT HOLLIS GLEN SINCE 2004, AMBULATES W/ WALKER.', 'location', 'HOLLIS GLEN');
    has('Lives at Saint Agatha Commons in Medford.', 'location', 'Saint Agatha Commons');
    lacks('lives at home with wife, independent in adls.', 'home');
    lacks('lives at the shelter most nights.', 'shelter');
    lacks('lives at a group home, staff aware.', 'group home');
  });

  it("a group of kin's town in the same clause; not across a comma", () => {
    // (Towns the word list holds as words too: the kin say they are towns.)
    has('her parents in worcester, driving in tonight.', 'location', 'worcester');
    has('GRANDKIDS IN BOSTON CALLED X2.', 'location', 'BOSTON');
    lacks('staying with inlaws, phone numbers in Green chart.', 'Green');
  });

  it('a trade worked out of a town, and a bus or train a relative takes from one; not out of bed', () => {
    has('lobstered out of rockport for 30 yrs, quit 1999.', 'location', 'rockport');
    has('HE DRIVES FOR A FUEL COMPANY OUT OF LOWELL.', 'location', 'LOWELL');
    has('WIFE ARRIVING ON THE TRAIN FROM PROVIDENCE AT 1800.', 'location', 'PROVIDENCE');
    lacks('pt out of bed to chair x2, tol well.', 'bed');
  });

  it('a shop named by words of the language between the and its kind, in a note of one case; not a describing word', () => {
    has('robbed while closing the copper kettle restaurant last night.', 'location', 'copper kettle');
    has('FELL DOWN STAIRS LEAVING THE RUSTY NAIL PUB ~0100.', 'location', 'RUSTY NAIL');
    lacks('drinks at the local bar most nights.', 'local');
  });

  it('where records came from, after per; not old or outside records', () => {
    has('BASELINE CR 1.2 PER MAPLECREST RECORDS FROM 2003.', 'location', 'MAPLECREST');
    lacks('hx per old records and per OSH records.', 'old');
  });

  it('a ward named by a word that is a word too, before its floor and a bed or a wait; not a rate or a goal', () => {
    has('plan: to fuller 6 bed 3 when ok w/ trauma.', 'location', 'fuller 6');
    has('PLAN: TO WHITE 7 WHEN STABLE.', 'location', 'WHITE 7');
    lacks('titrate to goal 4 if needed. wean to rate 4.', 'goal');
    lacks('titrate to goal 4 if needed. wean to rate 4.', 'rate');
  });

  it('a date of May with its day and two-digit year, the year in the span; not a dose', () => {
    has('micu npn 7p-7a may 3 05 s: pt says he is tired.', 'date', 'may 3 05');
    lacks('pt may 3 tabs prn. may 2 10 mg doses.', 'may 3');
  });

  it("two writers' initials joined by a slash, and an initial with a surname, signing a note after a dash", () => {
    has('D/C PLAN LIKELY REHAB. -TR/KL', 'name', 'TR');
    has('D/C PLAN LIKELY REHAB. -TR/KL', 'name', 'KL');
    has('pt says "take me home". -j. ferreira', 'name', 'j. ferreira');
  });

  it("a found name's initials with full stops later in the note; not p.o. though a name's initials spell it", () => {
    has("o: declan o'rourke, 41 y/o. a: pain poorly controlled, d.o. anxious.", 'name', 'd.o.');
    has('PT BRIDGET KAVANAGH 33F. B.K. TEARFUL RE KIDS.', 'name', 'B.K.');
    lacks('Pt Paul Ortiz resting. Meds p.o. tolerated.', 'p.o.');
  });

  it('a street named by a capital letter or by a season, after on; not a sinus rhythm', () => {
    has('DAUGHTER LIVES ON K ST, 617-555-0175.', 'address', 'K ST');
    has('hit by a car on winter st, brought in by ems.', 'address', 'winter st');
    lacks('PT ON A ST. HR ON E ST 120.', 'ST');
  });

  it('the patient after PT before an age glued to the sex, and with a middle initial between', () => {
    has('CSRU NPN PT ISOLDE VRANNIGHAM 79F POD 1 MVR/CABG.', 'name', 'ISOLDE VRANNIGHAM');
    has('CCU NPN 7P-7A PT OSWIN T. QUARRENDALE, 87M, ADMITTED FROM HOME.', 'name', 'OSWIN T. QUARRENDALE');
  });

  it('a name after SOAP\'s "o:" before the age', () => {
    overlaps("o: declan o'rourke, 41 y/o, s/p fall from ladder.", 'name', "declan o'rourke");
  });
});
