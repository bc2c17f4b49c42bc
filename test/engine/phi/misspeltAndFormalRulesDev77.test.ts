/**
 * PHI rules from the dev77 round (`test/fixtures/deid/dev77`: notes typed fast, names and places
 * misspelt and run together; `dev78`: notes in full, formal sentences by students and new
 * graduates). The sentences here are written here, none from a corpus: a town misspelt by a
 * letter after "from" or "in" or after any town's cue; and the false friends: "new graduate" and
 * a credential after RN, "found" after a relative, a person before "hospital day", "many years"
 * after "worked for", a cleric or a guardian before a comma and a relative's word.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from the dev77 round: misspelt places, formal notes', () => {
  it('a town misspelt by one letter after "from" or "in", capitalised where case tells', () => {
    has('MVC ON RTE 9 IN FRAMINGAM 10/12, TAKEN FIRST TO THE UNION HOSPITAL.', 'location', 'FRAMINGAM');
    has('fell at work in worcestor on sunday, brought in by ems.', 'location', 'worcestor');
    // ("FROM THE BAHAMAS": a town's plural is no misspelling; nor a word one letter from one of the language.)
    lacks('53 YO FEMALE FROM THE BAHAMAS- H/O UNSTABLE ANGINA.', 'BAHAMAS');
  });

  it('no name for "new graduate" or a credential after RN, nor for "found" after a relative', () => {
    none('JASMINE OKAFOR, RN, NEW GRADUATE PRECEPTED BY ROBERTA CASTELLANO, RN, CCRN', 'location');
    lacks('JASMINE OKAFOR, RN, NEW GRADUATE PRECEPTED BY ROBERTA CASTELLANO, RN, CCRN', 'NEW');
    lacks('JASMINE OKAFOR, RN, NEW GRADUATE PRECEPTED BY ROBERTA CASTELLANO, RN, CCRN', 'CCRN');
    lacks('her husband found her at 0900 unable to speak.', 'found');
  });

  it('no place for a person before "hospital day", nor for how long one worked', () => {
    lacks('MR. BROOKS IS A 57-YEAR-OLD MAN, HOSPITAL DAY 4, WITH ARDS.', 'YEAR-OLD MAN');
    lacks('he worked for many years at the box factory and lives with his wife.', 'many years');
  });

  it('no name for a cleric or a guardian before a comma and a relative', () => {
    lacks('their parish priest, father dennis mccaffrey, visited.', 'priest');
    lacks('PT HAS A COURT-APPOINTED GUARDIAN, HIS NEPHEW MR. MARTIN FEENEY.', 'GUARDIAN');
  });
});
