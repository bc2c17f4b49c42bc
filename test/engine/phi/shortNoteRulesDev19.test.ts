/**
 * PHI rules from the dev19 round (30 short 1990s ICU nursing notes, half in capitals, written
 * blind; the sentences here are written here, none from a corpus): a month after "for" or
 * "seen", a pager's number after "paged", a town after "of" (a person's, or before a state's
 * code), a surname before its initials in brackets after "pt", a street in capitals ending in
 * ST, a place's name in brackets after its kind, a restaurant after an owner's verb, a second
 * clinician after a slash, relatives joined by "&"; and the false friends: PERL 3/3, a time
 * after "paged", a phrase in brackets after a kind, a nurse's aide.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from short nursing notes: dates, numbers and towns', () => {
  it('a month after for or seen; a pager after paged, not a time of day', () => {
    has('Followed by Dr. Pell, last seen October.', 'date', 'October');
    has('Surgery planned for August at the Brigham.', 'date', 'August');
    has('Diabetes educator paged (4417).', 'phone', '4417');
    none('GI fellow paged 2305, at bedside 2315.', 'phone');
    none('NEURO: A+OX2. MAE. PERL 3/3.', 'date');
  });

  it("a town after of: a person's, or before a state's code; a street in capitals ending in ST", () => {
    has('Daughter Judith Ross of Framingham, home phone on chart.', 'location', 'Framingham');
    has('HCP IS SON PAUL ORR OF DRACUT, MA, PH 978-555-0111.', 'location', 'DRACUT');
    has('OFFICE 88 HIGHLAND ST, WALTHAM 02451.', 'address', '88 HIGHLAND ST');
    lacks('HR 110S, ST ON MONITOR.', 'ST', 0, 'address');
  });
});

describe('PHI rules from short nursing notes: names and places', () => {
  it('a surname before its initials after pt; a second clinician after a slash; relatives joined by &', () => {
    has('CSRU NPN\nPT DESROSIERS (M.D.) S/P AVR.', 'name', 'DESROSIERS');
    has('DC WIRES PER DR. OKAFOR/CHEN (CT SURG).', 'name', 'CHEN');
    has('PARENTS (FRANK & DIANE) DRIVING DOWN FROM MAINE.', 'name', 'DIANE');
    lacks('seen by Dr. Pell/ortho today', 'ortho');
  });

  it("a place's name in brackets after its kind; a restaurant after an owner's verb; not a phrase or an aide", () => {
    has("RABBI FROM FAMILY'S TEMPLE (TEMPLE BETH AM) VISITED.", 'location', 'TEMPLE BETH');
    has("Pastor from the family's church (Greater Grace Tabernacle) called.", 'location', 'Greater Grace');
    has('Family owns Lotus Garden restaurant in Quincy.', 'location', 'Lotus Garden');
    lacks('D/C TO ROSLINDALE REHAB (NEAR DTR IN ROZZIE) IN AM.', 'NEAR');
    lacks('DAUGHTER NADINE (NURSE AIDE AT THE VA) CALLED.', 'AIDE');
  });
});
