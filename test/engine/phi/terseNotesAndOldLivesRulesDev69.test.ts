/**
 * The PHI rules of the dev69 round (dev69: terse end-of-night-shift notes; dev70: very old
 * patients and the places and people of their lives), on sentences written for these tests: a
 * place after an at sign; a consultant after a service's dash or colon; a relative's name after
 * what they did; an age after a name with initials between, spelt after a stop or after "age",
 * after "will be" or "would be"; a ZIP after a street's comma; a town in brackets after a name; a
 * town where someone was born; a place fought at; "Last, First" before a dash; an airport after
 * "arrives"; and the look-alikes each must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev69 round (synthetic notes)', () => {
  it('a place after an at sign; no goal, rate or bedtime after one', () => {
    has('aicd placed 2001 @ bwh, ckd stage 3.', 'location', 'bwh');
    has('TAH 1968 @ Faulkner, neuro intact.', 'location', 'Faulkner');
    none('tf @ goal, sats 95% @ 2L, tylenol @ hs, I&O even @ MN.', 'location');
  });

  it("a consultant after a service's dash or colon, a relative's name after what they did", () => {
    has('hd 2100-0100 (renal- hsu) post hd k 4.6', 'name', 'hsu');
    has('TRAUMA ATT AWARE. ORTHO: LINDQVIST - S.W. KANE RN', 'name', 'LINDQVIST');
    has('family: dtr here till 0100, patty, lives in weymouth.', 'name', 'patty');
    has('wife called x2 - joan, she is at home.', 'name', 'joan');
    none('ID- AFBRILE. GI- SOFT. neuro: intact. renal: foley.', 'name');
  });

  it('ages over 89 beside a name, spelt, after "age", "will be" or "would be"', () => {
    has('mr. gianelli (l.g.), 93, came to us from kindred.', 'age', '93');
    has('PT: MACKENZIE, ALASTAIR. NINETY-FIVE. ADM W/ AS.', 'age', 'NINETY-FIVE');
    has('social: age ninety-seven, from chelsea.', 'age', 'ninety-seven');
    has('PT WILL BE 96 ON SUNDAY.', 'age', '96');
    has('pt would be 101 on the 9th per dtr.', 'age', '101');
  });

  it('a ZIP after a street, a town in brackets after a name, a birthplace, a place fought at, "Last, First" before a dash', () => {
    has('own apt on Washington St, 02135, w/ help from niece.', 'address', '02135');
    has('2 dtrs: helen (andover) and kiki.', 'location', 'andover');
    has('SOCIAL: BORN IN VILNA, CAME TO CHELSEA AS A BOY.', 'location', 'VILNA');
    has('marine corps, fought at guadalcanal. wife died 1999.', 'location', 'guadalcanal');
    has('pt kowalczyk, stella - 99 yo - hip fx.', 'name', 'stella');
    has('RAY + DEBBIE ARRIVES LOGAN 1100.', 'location', 'LOGAN');
  });

  it('the look-alikes: full code, a chart, a state or a proxy in brackets, a day program, a language', () => {
    none('clarified w/ dtr, full dnr/dni. hcp paperwork on chart, niece is hcp.', 'name');
    lacks('Two daughters, Ruth (Vermont) and Anne.', 'Vermont');
    lacks('niece from Randolph (HCP) and her husband.', 'HCP');
    lacks('CARD GAME AT THE ADULT DAY PROGRAM AT MEDFORD.', 'ADULT');
    lacks('Pt French Canadian, born in Trois-Rivieres.', 'Canadian');
  });
});
