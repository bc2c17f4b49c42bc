/**
 * The PHI rules of the dev58 round (neuro, trauma and medical ICU notes rich in people and
 * their places), on sentences written for these tests: a clinician in brackets after a consult
 * or a service, the patient named where the note tells how they were identified or after the
 * age and sex in brackets, where a person studies or works after their standing, the age
 * someone died at, a May date after an appointment, a saint's name with its possessive after a
 * preposition of place; and the look-alikes each must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev58 round (synthetic notes)', () => {
  it('a clinician in brackets after a consult or a service; not a drug in brackets', () => {
    has('Ortho (Quenneville) plans ORIF Thurs.', 'name', 'Quenneville');
    has('ADDICTION CONSULT (TREMBLAY) TO SEE MON.', 'name', 'TREMBLAY');
    has('INFECTION CONTROL (BERNADETTE) AWARE, ROOM ON PRECAUTIONS.', 'name', 'BERNADETTE');
    lacks('pain control (dilaudid pca) adequate overnight.', 'dilaudid');
  });

  it('the patient where the note tells how they were identified; not a trauma alias or a habit', () => {
    // (Names that are words too: only the telling says they are names.)
    has("SECURITY: PT ID'D BY MOTHER AS HUNTER STONE, GOES BY H.", 'name', 'HUNTER STONE');
    has("pt id'd via fingerprints as miles crane; old mrn merged.", 'name', 'miles crane');
    lacks('Patient registered as Trauma Male X on arrival.', 'Trauma');
    none('pt identified as a smoker by pcp.', 'name');
  });

  it("the patient's initials or first name in brackets after the age and sex; not a code status", () => {
    has('MICU NPN 55yo M (R.G.) transferred from outside hospital.', 'name', 'R.G.');
    has('neuro icu npn 17 yo m (tavish) s/p dive into shallow water.', 'name', 'tavish');
    none('60 yo f (dnr) admitted from home.', 'name');
  });

  it('where a person studies or works, after their standing and at; not the bedside or the desk', () => {
    has('Grandson is a sophomore at Pellwood College, helps translate.', 'location', 'Pellwood');
    has('SON IS A JUNIOR AT BC. FAMILY SUPPORTIVE.', 'location', 'BC');
    has('dtr is an RN at Valley Regional, calls nightly.', 'location', 'Valley Regional');
    none('wife is a nurse at bedside. a nurse at the desk took the call.', 'location');
  });

  it('the age someone died at, over 89; not a time or a rate', () => {
    has('HER BROTHER DIED LAST YEAR AT 98. PT CAME FROM IRELAND.', 'age', '98');
    lacks('pt died at 0930 with family present.', '0930');
    lacks('coded and died at 95 bpm per monitor.', '95', 0, 'age');
  });

  it("a saint's name with its possessive after a preposition of place; not a shop's name or sinus tachycardia", () => {
    has("tx'd from St Q's w/ DKA.", 'location', "St Q's");
    has("LIVES NEAR ST ALBAN'S.", 'location', "ST ALBAN'S");
    none("went to stanley's for dinner. HR to ST 120s.", 'location');
  });

  it('a May date after an appointment; and a scene is no workplace', () => {
    has('ONC APPT MAY 17 W/ DR FENWICK.', 'date', 'MAY 17');
    lacks('driver stayed at scene per police.', 'scene');
  });
});
