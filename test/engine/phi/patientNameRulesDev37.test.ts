/**
 * PHI rules from the dev37 round (40 ICU, consent, ethics and family-meeting notes that name the
 * patient often and in many shapes, with ages in every layout; written blind, the sentences here
 * are written here, none from a corpus): an age over 89 glued to a small letter of sex, after a
 * sex and a slash, or in brackets after a name; initials in brackets after a title and a surname
 * though they spell a word, after a double surname, and of four letters; a name asked for after
 * "call me"; the last four of a social security number after "(last 4)"; a bar or a shop after
 * "called"; a year after "in" before "and"; and the false friends of each: a temperature, a
 * clinical abbreviation in brackets, "call me back", MR after its grade, a service after MD, a
 * range of times.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes that name the patient in many shapes', () => {
  it('an age over 89 glued to a sex, after a sex and a slash, or in brackets after a name', () => {
    has('ccu npn: pt (r.l.) 93m admitted from home w/ chf', 'age', '93');
    has('Mrs. Dube, Bed 7 F/94 Neuro: alert', 'age', '94');
    has('pt costa, ana f/91 pod 1 s/p hip pinning', 'age', '91');
    has('Pt: Ottilie Brandt (96) Bed 3, DNR/DNI', 'age', '96');
  });

  it('leaves a temperature and a relative number', () => {
    none('tmax 99f overnight; temp 98f this am.', 'age');
    lacks('Pt: Ottilie Brandt (76) Bed 3', '76', 0, 'age');
  });

  it("initials in brackets after a title and surname, a double surname's, and four letters", () => {
    has("ms o'hara (so) c/o nausea overnight", 'name', 'so');
    has('mr delorenzo (pd) asking for his wife', 'name', 'pd');
    has('Patient: Rosalind Greer-Hollis (RGH) admitted 9/4', 'name', 'RGH');
    has('Mr. Abernathy-Cole (J.T.A.C.) is a 60 yo man', 'name', 'J.T.A.C');
  });

  it('leaves a clinical abbreviation in brackets after a name', () => {
    lacks('Mr. Garcia (CABG) POD 2, extubated.', 'CABG', 0, 'name');
  });

  it('a name asked for after "call me", the last four of an SSN, a bar after "called", a year before "and"', () => {
    has('PT SAYS "CALL ME RUSTY" TO EVERYONE.', 'name', 'RUSTY');
    has('Face sheet: SSN (last 4) 7731, Medicare A.', 'id', '7731');
    has('LAST DRINK AT A BAR CALLED THE RUSTY NAIL, PER SON.', 'location', 'RUSTY NAIL');
    has('she was born in Krakow in 1908 and came over after the war', 'date', '1908');
  });

  it('leaves "call me back", MR after its grade, a service after MD, and a range of times', () => {
    none('daughter asks to call me back; call me if any change.', 'name');
    lacks('Echo: EF 35%, mod MR. Diuresis discussed with team.', 'Diuresis', 0, 'name');
    lacks('A. Okoro, MD, Ethics', 'Ethics', 0, 'name');
    none('u/o in 1930 and 2000 was 50 cc', 'date');
  });
});
