/**
 * PHI rules from the dev36 round (40 ICU, social-work and chaplaincy notes that retell a
 * patient's life outside the hospital, written blind; the sentences here are written here, none
 * from a corpus): veterans' posts, lodges, union locals and parishes by their names; clubs,
 * courts, senior centers, food banks, trailer parks, liquor stores and treatment programs by a
 * name before their kind; a saint's parish in small letters; agencies of the homeless and the
 * poor; a town's VA; a name said in quotes; a patient's dotted initials before a comma and an
 * age; and the false friends of each: a country alone, a weekday's abbreviation or a faith
 * after a relative, what a relative has, a role after a name's comma, a room after a street.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes of a life outside the hospital', () => {
  it("a veterans' post by its word or number, a lodge, a union local and a parish by a devotion's name", () => {
    has('drinks nightly, vfw post 1127, walks home', 'location', 'vfw post 1127');
    has('retired, tends bar at american legion post 44 on weekends', 'location', 'american legion post 44');
    has('plays cribbage at the elks every friday', 'location', 'elks');
    has('Wife active in the Knights of Columbus auxiliary.', 'location', 'Knights of Columbus');
    has('Retired ironworker, Local 7, still goes to meetings.', 'location', 'Local 7');
    has('member of the carpenters union local 33 for 30 yrs', 'location', 'local 33');
    has('Both attend Holy Name in West Roxbury.', 'location', 'Holy Name');
    has('Wife says they attend Sacred Heart weekly.', 'location', 'Sacred Heart');
  });

  it('leaves a post, a local and a devotion where they name no place', () => {
    none('Pt is a VFW member, served in Korea; wife prayed to the holy spirit at bedside.', 'location');
    none('local 1% lidocaine given; Local anesthesia, local 10 ml.', 'location');
  });

  it('a name before a club, a court, a senior center, a food bank, a liquor store or a treatment program', () => {
    has('Polish American Citizens Club member.', 'location', 'Polish American Citizens');
    has('Priest from St. Mark parish called.', 'location', 'St. Mark');
    has('Wife works days, Dorchester District Court clerk.', 'location', 'Dorchester');
    has('Merrimack Valley Food Bank volunteer, drives for them.', 'location', 'Merrimack Valley');
    has('Riverside Trailer Park in Saugus.', 'location', 'Riverside');
    has('Kowalski Liquors delivers to him weekly.', 'location', 'Kowalski');
    has('was dosing daily at harborside methadone program until 6/2', 'location', 'harborside');
  });

  it('leaves a blood bank, a plain program and a descriptor before its kind', () => {
    none('clot sent to blood bank; 2 units in blood bank.', 'location');
    none('referred to the day program and the methadone program.', 'location');
  });

  it("an agency by its name, a hospital's short name after 'the', and a town's VA", () => {
    has('followed by Catholic Charities for housing', 'location', 'Catholic Charities');
    has('CASE MGMT THRU JEWISH FAMILY SERVICE.', 'location', 'JEWISH FAMILY SERVICE');
    has('TRANSFERRED FROM THE CARNEY LAST NIGHT.', 'location', 'CARNEY');
    has('pcp is at the west roxbury va', 'location', 'west roxbury');
  });

  it('leaves a country alone, and a place before a word a state code spells', () => {
    none('Daughter lives in Israel; came from Lebanon in 1978.', 'location');
    has('moved here from Lebanon, NH last year', 'location', 'Lebanon');
  });

  it('a name said in quotes, and dotted initials before a comma and an age', () => {
    has('Boyfriend, known only as "Sully", not involved.', 'name', 'Sully');
    has('visited pt d.c., 71 yo m, trached', 'name', 'd.c');
  });

  it("leaves a weekday's abbreviation, a faith, what a relative has, a role after a comma and a room after a street", () => {
    lacks('Will meet w/ son Thurs to review.', 'Thurs', 0, 'name');
    lacks('Family is Muslim; imam to visit.', 'Muslim', 0, 'name');
    none("LAWYER HANDLING SON'S CASE. SON'S CAR TOWED.", 'name');
    lacks('prayed with the family.\nsister joan, chaplain\n', 'chaplain', 0, 'name');
    lacks('lives at 41 adams st, rm 3, dorchester, ma 02122', 'rm', 0, 'location');
  });

  it("a store by its brand, and a taxi company after 'for'", () => {
    has('Jordan Marsh retiree, lives alone.', 'location', 'Jordan Marsh');
    has("Filene's Basement cashier x 20 yrs.", 'location', "Filene's Basement");
    has('Pt drives a cab for Town Taxi.', 'location', 'Town Taxi');
  });
});
