/**
 * The PHI rules of the dev67 round (dev67: clinicians named the hard way; dev68: transfers from
 * all over New England), on sentences written for these tests: the patient's name right after
 * an age and a sex, or after "pt" before a bracket that says what they go by; a town right after
 * "lives" in capitals; a post a relative is stationed at; a date after an event's word though an
 * FiO2 follows, or near "moderate"; a surname no list holds in brackets after a consult; a nurse
 * covered for; a doctor's initials after the role or the title; a pager's number after "at"; a
 * relative at the bedside whose name is a clinical word; a colleague; and the look-alikes each
 * must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev67 round (synthetic notes)', () => {
  it('the patient named right after an age and a sex, or after "pt" before what they go by', () => {
    has("o: 77yo f winslow, tx'd from cooley dick 1/6.", 'name', 'winslow');
    has('d: pt is a ninety-one yo woman, greta, lives w/ son.', 'name', 'greta');
    has('pt sully (james sullivan), 81 yo m, from revere.', 'name', 'sully');
    has('pt bernie(prefers that) 80yo m from lynn.', 'name', 'bernie');
    none('MICU NPN 44 yo M HIV (CD4 30), PCP pna. 71 yo m iddm, pvd. 38 yo M, IVDU, MSSA.', 'name');
    none("ccu npn 78yo man tx'd from nwh. 22 yo F HbSC, acute chest.", 'name');
  });

  it('a town right after "lives" in capitals, a post a relative is stationed at', () => {
    has('RETIRED MACHINIST. LIVES LEDYARD W/ WIFE.', 'location', 'LEDYARD');
    has('son stationed at Pease, drove down.', 'location', 'Pease');
    none('LIVES HOME W/ WIFE. LIVES ALONE. lives florida w/ son.', 'location');
  });

  it('a date after an event\'s word though an FiO2 follows, or near "moderate"', () => {
    has('EXTUBATED 11/14, 40% FT, SATS 97%.', 'date', '11/14');
    has('drain moderate, back to OR 2/10 w/ dr. fenn.', 'date', '2/10');
    none('PS 10/5, 40%. pain 6/10, rates it 4/10.', 'date');
  });

  it('a surname in brackets after a consult, a nurse covered for, initials after a role, a pager after "at"', () => {
    has('ep (oyelaran) to see re icd in am.', 'name', 'oyelaran');
    has('PER CT SURG (OKONJO-REYES), NOT A CANDIDATE.', 'name', 'OKONJO-REYES');
    has('rn lou covering for judy during lunch.', 'name', 'judy');
    has('MD JK to call micro in am.', 'name', 'JK');
    has('D/W DR. T. WHO AGREES W/ PLAN.', 'name', 'T');
    has('paged dr. wise at 4471, no call back.', 'phone', '4471');
    none('id (ceftriaxone) day 3, renal (sevelamer) started. rn covering for lunch. md aware.', 'name');
    lacks('called son at 1430, no answer.', '1430');
  });

  it('a relative at the bedside whose name is a clinical word; a colleague', () => {
    has('WIFE ANN AND SISTER PEG AT BEDSIDE.', 'name', 'PEG');
    has('COLLEAGUE IRA CALLED FOR UPDATE.', 'name', 'IRA');
  });

  it('the look-alikes: straps, a protocol, a rate, a DAR label, a bus, a parish, a count of years, a season, a partner', () => {
    none('abd dsg dry, montgomery straps in place. insulin gtt per Portland protocol.', 'name');
    none('ON NS@100.RESP:RA SATS 98%.', 'email');
    lacks('Parkinsons. A: 2030 pt c/o back pain.', '2030');
    lacks('wife and dtr visit daily by bus, dtr #508-555-0189.', 'bus');
    lacks('FATHER LEMIEUX FROM PARISH VISITING TOMORROW.', 'PARISH');
    lacks('brazilian, came from minas gerais 6 yrs ago, works construction.', '6');
    lacks('LIVES IN NARRAGANSETT ON OCEAN RD, SUMMERS ON BLOCK ISLAND.', 'SUMMERS');
    lacks('worked at Jiminy Peak. Partner cell 413-555-0111.', 'Partner');
  });
});
