/**
 * The PHI rules of the dev63 round (cardiac surgery, surgical ICU and step-down notes as nurses
 * write them), on sentences written for these tests: a PCA or a resident named before their
 * role in brackets, and the role no name beside it; a place after a move ends at a comma before
 * a word of the language or a relative's; a relative's word before a phone is no name; CIWA is
 * no name; and the look-alikes each must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev63 round (synthetic notes)', () => {
  it('a PCA or a resident named before their role in brackets; not a pump in brackets', () => {
    has('ambulated w/ rosa (pca) to end of hall.', 'name', 'rosa');
    has('OOB TO CHAIR W/ REGGIE (PCA) X1.', 'name', 'REGGIE');
    lacks('SOFT WRIST RESTRAINTS PER YOON (RES). CV: PACED.', 'RES');
    none('on dilaudid (pca). morphine (PCA) 1mg.', 'name');
  });

  it("a place after a move ends at a comma before a word of the language or a relative's", () => {
    has('pt lives in saugus, dtr in town.', 'location', 'saugus');
    lacks('pt lives in saugus, dtr in town.', 'dtr');
    lacks('SON WALTER LIVES IN DUBLIN, IRELAND, DTR TO CALL HIM IN AM.', 'DTR');
  });

  it("a relative's word before a phone, and CIWA, are no names", () => {
    none('case mgr aware. Niece cell 617-555-0183. Pt retired.', 'name');
    none('last drink 8/11 per wife, ciwa 6 this am.', 'name');
  });
});
