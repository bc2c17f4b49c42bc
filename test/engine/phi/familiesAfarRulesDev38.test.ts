/**
 * PHI rules from the dev38 round (40 oncology, transplant and hospice-transition notes about
 * families come from far away, written blind; the sentences here are written here, none from a
 * corpus): airlines, bus lines and the train by name (carriers.ts); a house of worship's name
 * back to its preposition in a note of one case; a business after its owner's verb; a house
 * number on Broadway; employers of the region's mills and plants; a hospital and an agency by a
 * short name (Coram, the Jimmy Fund); a part of a neighbourhood, in brackets after its town or
 * after a street's comma; a town after "returns to", or after an age, "from" and a comma;
 * "Templo Bethel"; "the 15th" after "past"; and the false friends of each: a delta wave, a
 * northwest wind, an HLA match, bilirubin, MS Contin, a Swan-Ganz after a number, a service
 * hyphenated before a role, a case manager's title after RN, a verb after a relative.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes about families come from far away', () => {
  it('an airline, a bus line or the train by its name; a carrier that is a word after a verb of travel', () => {
    has('Daughter flies home to Albany on JetBlue Sunday.', 'location', 'JetBlue');
    has('SON ARRIVED ON AER LINGUS LAST NIGHT.', 'location', 'AER LINGUS');
    has('parents take the bonanza bus down each weekend', 'location', 'bonanza bus');
    has('brother flew in from Denver on United this am', 'location', 'United');
    has('wife travels up from new york by amtrak', 'location', 'amtrak');
  });

  it('leaves a carrier that is a word where no one travels', () => {
    none('EEG: delta waves, no seizures. United Way volunteer visited.', 'location');
  });

  it("a house of worship back to its preposition, a business after its owner's verb, a house on Broadway, an employer", () => {
    has('PASTOR FROM EVENING STAR BAPTIST CHURCH CALLED.', 'location', 'EVENING STAR');
    has('WIFE OWNS SEASIDE PIZZA ON RT 3A.', 'location', 'SEASIDE');
    has('lives at 418 broadway, apt 2', 'address', '418 broadway');
    has('Electric Boat welder x 30 yrs, lives in Groton', 'location', 'Electric Boat');
    has('home infusion through Coram, intake rn called', 'location', 'Coram');
    has('treated as a child at the jimmy fund clinic', 'location', 'jimmy fund');
  });

  it('leaves a parish a possessive or a clinical word names, and church in the morning', () => {
    none("priest from pt's parish to visit; went to church this morning.", 'location');
  });

  it('a part of a neighbourhood in brackets or after a street, a town after "returns to" or after an age and "from"', () => {
    has('family from quincy (houghs neck) visiting', 'location', 'houghs neck');
    has('sister has an apartment at 40 Marlborough St, Back Bay.', 'location', 'Back Bay');
    has('Daughter returns to Bath on Monday.', 'location', 'Bath');
    has('58 YO M FROM REVERE, AML DX 3/2001', 'location', 'REVERE');
    has("pt's pastor, rev. diaz of templo bethel, called", 'location', 'templo bethel');
    has('He may lose his job if he stays past the 20th.', 'date', '20th');
  });

  it('leaves an HLA match, bilirubin, MS Contin, a Swan-Ganz after a number and a relative who flies', () => {
    none('Brother is a 6/6 match; 8/8 HLA matched donor search.', 'date');
    none('Bili 3.2; pain: MS Contin 15 bid. BP 110/60S. SWAN-GANZ PA 28/14.', 'name');
    lacks('heme-onc attending note - micu. I saw and examined', 'heme-onc', 0, 'name');
    lacks('R. Ames, RN, Case Manager, x4417', 'Case Manager', 0, 'name');
    lacks("EXTUBATION AFTER PT'S SON FLIES IN FROM GALWAY.", 'FLIES', 0, 'name');
  });
});
