/**
 * PHI rules from the dev43 round (40 end-of-life, comfort-care and death notes from ICUs,
 * written blind; the sentences here are written here, none from a corpus): the region's organ
 * bank by its name; the town after a funeral home and its comma; a cemetery by its name; a town
 * someone retired to; a month alone after "every"; an age over 89 after a name and its nickname
 * in quotes; a surname-first name's initials in brackets after its middle initial; and the false
 * friends: a language after "in", a clergy word before a verb, the times of a death's events
 * (no years). Each positive case is one that only its rule finds.
 */
import { has, none } from '../../support/phiRules';

describe('PHI rules from end-of-life and death notes', () => {
  it("the organ bank by its name, the town after a funeral home, a cemetery's name", () => {
    has('0300 NEOB notified per protocol, ref # 11-2233.', 'location', 'NEOB');
    has('FUNERAL HOME: OKAFOR & DWYER, NEEDHAM. NO AUTOPSY.', 'location', 'NEEDHAM');
    has('burial at Waterside Cemetery in the spring.', 'location', 'Waterside');
    has('buried at Oak Hill Cemetery next to her husband', 'location', 'Oak Hill');
    none('buried in the cemetery beside her husband. Funeral home, family to call.', 'location');
  });

  it('a town someone retired to, a month alone after "every", and never a language after "in"', () => {
    has('He retired to Brewer after the mill closed.', 'location', 'Brewer');
    has('went up to Maine every August with the kids.', 'date', 'August');
    none('family prayed in Cantonese at the bedside.', 'location');
  });

  it("an age over 89 after a name and its nickname in quotes; a name's initials after its middle initial", () => {
    has('pt harrington, margaret ("peggy"), 96, cmo since admission.', 'age', '96');
    has('Death note 0300 Delgado, Marisol T. (MTD), 81 y/o woman with sepsis.', 'name', 'MTD');
  });

  it("leaves a clergy word's verb and the times of a death's events, and keeps a history's year", () => {
    none('IMAM RECITED PRAYERS AT THE BEDSIDE.', 'name');
    has('rabbi cohen came at noon.', 'name', 'cohen');
    none('Ativan 1 mg/hr. 1902 apnea, asystole 1906. Pronounced 1910 by the resident.', 'date');
    has('father died 1952 of an MI.', 'date', '1952');
  });
});
