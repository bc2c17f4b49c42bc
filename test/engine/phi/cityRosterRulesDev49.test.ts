/**
 * The PHI rules from the dev49 round (ICU nursing notes whose clinicians and families carry
 * the names of a city hospital's rosters, many of them words or towns too; by a helper who saw
 * neither the rules nor the other fixtures): a resident by name after "res", a therapist before
 * what he is checking, a co-signer after a nurse's role and a slash, a month and a two-digit
 * year before a sentence's full stop, the American Legion by its whole name, Healthcare for the
 * Homeless without the city's name. And what stays out: an adverb after a relative, the kind of
 * a relative's phone, a role after a role, a night float's abbreviation, a role in brackets
 * after "per" and a name, a letter glued to a number. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes with a city hospital roster', () => {
  it('a resident, a therapist, a co-signer by name', () => {
    has('2+ EDEMA. COVERING RES ZOLTAN AWARE OF CI.', 'name', 'ZOLTAN');
    has('NIF -30. RT HECTOR CHECKING Q4. DR. YAMAMOTO AWARE.', 'name', 'HECTOR');
    has("HUSBAND'S CELL 508-555-1144. GLORIA RN / TESS\n", 'name', 'TESS');
    has('GOALS W/ NIECE IN AM. M. BELL RN / JEN (ORIENTEE)\n', 'name', 'JEN');
    none('pt to or / pacu rn / icu\n', 'name');
    none('Report given to MICU RN / ICU team.\n', 'name');
  });

  it('a month and a two-digit year before a full stop, two places by their whole names', () => {
    has('prior dka admits may 96 and oct 96. pt tearful.', 'date', 'oct 96');
    lacks('temp oct 96.5 at 0400 per axillary', 'oct 96');
    has('Pt is a WWII vet, still goes to the American Legion for breakfast.', 'location', 'American Legion');
    has('Outreach worker Marcus from Healthcare for the Homeless knows pt well.', 'location', 'Healthcare for the Homeless');
  });

  it("no PHI: an adverb after a relative, a phone's kind, a role after a role, NF, a role in brackets, a unit's letter", () => {
    none('PER WIFE NEVER GOT APPT AT THE CLINIC.', 'name');
    lacks('DAUGHTER PAULINE IS HCP, WORK # 978-555-3306.', 'WORK');
    lacks('A. MARCHETTI RN / BUD (RN STUDENT)\n', 'STUDENT');
    lacks('ABG called to Oleg (NF). Skin: small tear.', 'NF');
    lacks('INR goal 2.5-3.5 per Anand (PA). Resp: 3L NC.', 'PA');
    lacks('Lines: R IJ TLC 5/3, PIV 20g. Surgical intern Becca aware of UO.', 'Surgical');
    // (BU Student Health stays a place: a student is no role before it.)
    has('Presented to BU Student Health and sent here.', 'location', 'BU Student');
    none('Presented to BU Student Health and sent here.', 'name');
  });
});
