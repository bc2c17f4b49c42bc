/**
 * The PHI rules of the dev59 round (Boston and New England ICU notes whose places are named the
 * hard way), on sentences written for these tests: the street a home or a found place is on
 * with no street's word, a square by its name and "sq", a road after "the", a pond, a river or
 * a mountain by its name, a town's rescue or ambulance on its way, a town outside or north of
 * which something lies, where someone works "in" a town, a hospital a patient was sent to for a
 * procedure, an airport, a listed town before MD or PA after "in", a workplace after a shift or
 * a post, a school's letters before a student's standing, a significant other's name, a
 * relative's age right after them, a date before a pain score's word, a run-on date, a first
 * name and an initial signing after a dash; and the look-alikes each must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev59 round (synthetic notes)', () => {
  it('the street a home or a found place is on, named alone; not a floor, an income or a weekday', () => {
    has('SISTER LIVES ON TREMONT ABOVE THE LAUNDROMAT.', 'location', 'TREMONT');
    has('son lives in Hingham off Main, no car.', 'location', 'Main');
    has('pt lives in eastie on w 3rd w/ her nephew.', 'location', 'w 3rd');
    has('Wife staying at the Ramada on Quarterdeck, will call.', 'location', 'Quarterdeck');
    none('lives on 2nd floor. lives on her own. lives on ssdi.', 'location');
    lacks('Living will on chart.', 'chart');
    lacks('Son lives in Boscawen and visits on Sundays.', 'Sundays');
  });

  it('a square by its name and sq; not a measure', () => {
    has('rents a room in inman sq near the bakery.', 'location', 'inman sq');
    has('DAUGHTER WORKS AT A BANK IN ADAMS SQ.', 'location', 'ADAMS SQ');
    has('lives in quincy (wollaston sq).', 'location', 'wollaston sq');
    none('wound 4 sq cm, clean. area 2 sq ft.', 'location');
  });

  it('a road after "the", "or" or "of"; not a saint after St', () => {
    has('crashed on a side road off the Gorham Pond Rd near the dump.', 'address', 'Gorham Pond Rd');
    has('works out of the Rindge St depot.', 'address', 'Rindge St');
    has('usually sleeps at the shelter or the maple st annex.', 'address', 'maple st');
    none("Referred by Dr. Ames of Aurora St. Agatha's.", 'address');
  });

  it('a pond, a river or a mountain by its name; not a town of three words split', () => {
    has('Social: keeps a camp on Spectacle Pond in summer.', 'location', 'Spectacle Pond');
    // (A place's kind before a comma and a relative is no name: "X Pond, wife".)
    has('Social: keeps a camp on Spectacle Pond, wife in Orange.', 'location', 'Spectacle Pond');
    has('found by his son at the cabin on round lake in jackman.', 'location', 'round lake');
    has('Fell skiing at Wachusett Mountain 2/3.', 'location', 'Wachusett Mountain');
    has('Son lives in White River Junction, VT.', 'location', 'White River Junction');
  });

  it("a town's rescue or ambulance on its way, at a sentence's start too; not a water rescue", () => {
    has('Pinned under a tractor 6/2. Greenwich rescue to the local ED.', 'location', 'Greenwich');
    has('leg crushed at the quarry. hardwick ambulance to cvmc.', 'location', 'hardwick');
    has('Fell from a ladder. Brackwater rescue to Farley ED.', 'location', 'Brackwater');
    none('called for rescue. water rescue to shore.', 'location');
  });

  it('a town outside, north or west of which something lies; not "outside of normal limits"', () => {
    has('ATV CRASH ON A LOGGING ROAD OUTSIDE OF BERLIN.', 'location', 'BERLIN');
    has('cabin north of Jackman, no phone.', 'location', 'Jackman');
    lacks('labs outside of normal limits.', 'normal');
  });

  it('where someone works in a town, after their trade', () => {
    has('her nephew, a dentist in needham, is the hcp.', 'location', 'needham');
    has('son is a pharmacist in Newton, calls nightly.', 'location', 'Newton');
  });

  it('a hospital a patient was sent to for a procedure; not a ward, the OR or home', () => {
    has('ruled in at the local ed, sent to concord for cath.', 'location', 'concord');
    has('TO A SMALL HOSP FIRST, THEN KENT FOR CATH.', 'location', 'KENT');
    none('sent to cath lab for cath. then home for eval. to OR for surgery.', 'location');
  });

  it("an airport by its code or name; not a word's midway", () => {
    has('dtr flew into jfk last night.', 'location', 'jfk');
    has('SON FLYING INTO BWI FROM OHIO.', 'location', 'BWI');
    has("brother flew in to o'hare then drove.", 'location', "o'hare");
    none('at midway point of shift, pt resting.', 'location');
  });

  it('a listed town before MD or PA after "in" or "near"; not "to Kerr PA"', () => {
    has('FROM ATLANTIC GENERAL IN BERLIN MD, ADM 9/29.', 'location', 'BERLIN');
    lacks('d/w Kerr PA, will see pt.', 'Kerr', 0, 'location');
  });

  it('a workplace after a shift or a post; not a purpose after driving', () => {
    has('Pt works 2nd shift at Polarine, wife aware.', 'location', 'Polarine');
    has('husband works the counter at Kellys on the beach.', 'location', 'Kellys');
    has('pt used to drive a cab for ambassador.', 'location', 'ambassador');
    none('drove a truck for work. drives a cab for extra money.', 'location');
  });

  it("a school's letters before a student's standing; not a degree or a word", () => {
    has('19 yo F (Kit), BU sophomore, found down.', 'location', 'BU');
    has('PT IS A UNH STUDENT.', 'location', 'UNH');
    none('RN student here. MS student following. A NEW STUDENT.', 'location');
  });

  it("a significant other's name after s/o; not a SOAP note's S/O", () => {
    has('s/o bev visits daily.', 'name', 'bev');
    has('social: s/o paulo is a line cook.', 'name', 'paulo');
    none('S/O: pt resting. S/O Sleeping. s/o pt awake.', 'name');
  });

  it("a relative's age over 89 right after them; not a dose", () => {
    has('SON IS A FARMER, MOTHER 92 LIVES W/ HIM.', 'age', '92');
    has("PT'S MOTHER-IN-LAW IS 96 AND LIVES W/ THEM.", 'age', '96');
    lacks('brother 90 mg daily.', '90');
  });

  it('a date before a pain word and a run-on date; not a pain score', () => {
    has('went to the local ED w/ cp 4/17, ruled in.', 'date', '4/17');
    has('micu npn 7a-7p 1/22/02.48 yo m etoh w/d.', 'date', '1/22/02');
    none('pain 4/10. cp 7/10 resolved. abg 7.36/58/82.5.', 'date');
  });

  it('a first name that is a word too and an initial, signing after a dash', () => {
    has('Pain controlled, will wean. -Carol K.\n', 'name', 'Carol K');
    has('CALLED FROM HOME.\n--PAM R.\n', 'name', 'PAM R');
  });
});
