/**
 * PHI rules from the dev73 round (`test/fixtures/deid/dev73`: a hospital's own wards and
 * buildings and other hospitals named loosely; `dev74`: patients and families whose names no
 * common-name list holds). The sentences here are written here, none from a corpus: a ward's
 * floor of two digits, a ward before its kind, weighed against another or written again, a
 * hospital by one word after "the", the eye and ear infirmary, a name before a building or a
 * lobby, a surname of two letters after a title, a priest's title of another language; and
 * the false friends: a dose, a score or a setting after a drug's or a score's name, a verb
 * after "to" before a service, "brought" after a relative, "MR No." on a form.
 */
import { has, lacks, none, overlaps } from '../../support/phiRules';

describe('PHI rules from the dev73 round: wards, buildings and hospitals named loosely', () => {
  it("a ward's floor of two digits, before a clause's end or what goes with a ward", () => {
    overlaps('Tele bed on Quennell 10 in am if stable.', 'location', 'Quennell 10');
    overlaps('Back to quennell 12 neuro floor in am if stable.', 'location', 'quennell 12');
    // A dose, a score, a vent setting of two digits after a drug's, a score's or a setting's name is no ward.
    lacks('Transitioned to lantus 18 u qhs with humalog scale.', 'lantus');
    lacks('Placed on PSVof 15. Tolerating well.', 'PSVof');
  });

  it('a ward before its number and its kind, whatever is before it; one weighed against a found one; one written again', () => {
    overlaps('THEN ? CARVER 10 STEP-DOWN IF HR STAYS < 110.', 'location', 'CARVER 10');
    overlaps('Plan: to Tolliver 7 or Gatling 9 tomorrow, per team.', 'location', 'Gatling 9');
    // (At the note's end too: the number after the last word is read from the rest of the note.)
    has('Plan: when a bed opens, transfer to Tolliver 2 or Quennell 3.', 'location', 'Quennell 3');
    has('CAME BACK FROM BAKER 10 STEP-DOWN AT 2000. WIFE HAD BEEN VISITING ON BAKER 10 ALL WEEK.', 'location', 'BAKER 10', 50);
    // (Or by its first letter and its floor, as the note shortens it.)
    has('If better, to Tolliver 5 (T5) in am; T5 charge rn aware.', 'location', 'T5', 30);
    // (A ward's kind alone, no name: "Floor 6 step-down", "Day 3 tele" are none.)
    none('Moved to Day 3 tele, then Floor 6 step-down.', 'location');
  });

  it('a hospital by one word after "the", the eye and ear infirmary, a name before a building or a lobby', () => {
    has('Brought to the general by ems, then sent here.', 'location', 'general');
    has('Son wants her return to the hebrew, her home of 6 yrs.', 'location', 'hebrew');
    has('Glaucoma followed at mass eye and ear, f/u at meei in 2 wks.', 'location', 'mass eye and ear');
    has('Glaucoma followed at mass eye and ear, f/u at meei in 2 wks.', 'location', 'meei');
    has("Pt's home hospital is Mt. Auburn, where he was cathed.", 'location', 'Mt. Auburn');
    has('pt was seen in vascular clinic in the lowry building last month.', 'location', 'lowry');
    has('WIFE ASKED ABOUT PARKING IN THE STRATTON LOBBY.', 'location', 'STRATTON');
    // ("in general", "general surgery": no "the" before it, or a service after it.)
    lacks('In general she is more alert; general surgery to see.', 'general');
    lacks('Discussed with the general surgery team at the bedside.', 'general');
  });

  it('no place for a verb after "to" before a service; no name for "brought" after a relative', () => {
    lacks('Told to ask cardiology at f/u about the plan.', 'ask');
    lacks('CM TO ARRANGE VNA + HOME PT.', 'ARRANGE');
    lacks('husband brought soup from home, pt ate half.', 'brought');
    lacks('SON BROUGHT CANNOLI FOR PT.', 'BROUGHT');
  });
});

describe('PHI rules from the dev73 round: names no common-name list holds', () => {
  it('a surname of two letters after a title, a function word or not, where case tells', () => {
    has('Per GI fellow Dr. Ho, scope in am.', 'name', 'Ho');
    has('Mr. An was calm overnight, Korean interpreter used.', 'name', 'An');
    // ("MR No." on a form: a record's number, no name.)
    lacks('Patient: Edna Voss      MR No. 0904-512-77', 'No');
  });

  it("a priest's or an imam's title of another language before the name", () => {
    lacks('imam sheikh abdirahman from the mosque called, will visit.', 'sheikh');
    has('Parish priest Ks. Tomasz Wielgosz from the Polish church called.', 'name', 'Tomasz');
    lacks('Parish priest Ks. Tomasz Wielgosz from the Polish church called.', 'Ks');
    has('pastor hno. efrain from the church came by.', 'name', 'efrain');
    has('PRIEST DER VARTAN FROM THE ARMENIAN CHURCH VISITED.', 'name', 'VARTAN');
  });
});
