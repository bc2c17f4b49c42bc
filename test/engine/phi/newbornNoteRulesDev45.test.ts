/**
 * PHI rules from the dev45 round (40 NICU, PICU, nursery and children's floor notes, written
 * blind; the sentences here are written here, none from a corpus): a newborn's surname after
 * "Baby Boy", "Infant Girl" or "Twin A"; a child's dotted initials before what the child does;
 * the mother and father of a baby (MOB, FOB), siblings and great-grandparents as relatives, and a
 * great-grandmother's age over 89 in brackets; a lactation consultant by name; a pediatric
 * practice by its name. And the false friends: a word of the language or a line's device after
 * the newborn's label, dotted abbreviations, two capitals before a verb (a service or a state),
 * days of a gestational week after its weeks.
 */
import { has, lacks, none } from '../../support/phiRules';

describe("PHI rules from newborn and children's notes", () => {
  it("a newborn's surname after its label; never a word of the language or a line's device", () => {
    has('nursery note 2300-0700 baby girl pardee, term female, feeding well', 'name', 'pardee');
    has('TRANSITION NOTE 0400 INFANT BOY QUARLES, BW 3890 G', 'name', 'QUARLES');
    has('Twin B Pardee 1650 g on CPAP', 'name', 'Pardee');
    none('Baby Girl quiet overnight, voiding.', 'name');
    none('Twin A UAC out this AM, PIV L hand.', 'name');
  });

  it("a child's dotted initials before what the child does or its 's; not a dotted abbreviation", () => {
    has('R.K. asking for his mother at 0200.', 'name', 'R.K');
    has("J.P.'s classmates sent cards.", 'name', 'J.P');
    none('Meds P.O. is fine per pharmacy.', 'name');
    lacks('Plan: SW will follow; RI wants records.', 'SW');
  });

  it("the baby's mother and father, siblings and a great-grandmother's age; a lactation consultant", () => {
    has('MOB Lucinda and FOB Dmitri in at 2000, held baby.', 'name', 'Lucinda');
    has('MOB Lucinda and FOB Dmitri in at 2000, held baby.', 'name', 'Dmitri');
    has('PATERNAL GGM ROSALIND (94) HELPS WITH CARE.', 'age', '94');
    has('lc bernadette to see again in am', 'name', 'bernadette');
  });

  it('a pediatric practice by its name; days of a gestational week are no date', () => {
    has('PCP Dr. Whitcombe, Quarry Hill Pediatrics, appt Monday.', 'location', 'Quarry Hill');
    has('PEDS: DR. ABERNATHY, KESTREL PEDIATRICS. HOME SOON.', 'location', 'KESTREL PEDIATRICS');
    none('ex-31 wk, now 34 5/7 CGA, DOL 20.', 'date');
    none('Seen by General Pediatrics this am.', 'location');
  });
});
