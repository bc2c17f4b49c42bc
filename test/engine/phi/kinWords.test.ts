/**
 * One list of close relatives (`CLOSE_KIN`, contextWords.ts) read by every rule about a relative:
 * the possessive before a relative, the name before a comma and a relative, the relative's name
 * given with what they go by, the possessive before a phone number, the relative after a name's
 * aliases and the terse "dtr here, priya, works". A relative's word one rule learns is learnt by
 * all; each rule keeps only the exceptions it needs (written beside it). The sentences are our own.
 */
import * as assert from 'node:assert/strict';
import { CLOSE_KIN } from '../../../server/src/engine/tasks/phi/contextWords';
import { KIN, KIN_AFTER_COMMA, NOT_BEFORE_KIN, NOT_KIN_OWNER } from '../../../server/src/engine/tasks/phi/nameMarkWords';
import { has, lacks } from '../../support/phiRules';

describe('PHI rules: one list of close relatives', () => {
  it('every relative rule of the marks around a name reads every close relative', () => {
    for (const w of CLOSE_KIN) {
      assert.ok(KIN.test(w), w);
      assert.ok(NOT_BEFORE_KIN.test(w), w);
      assert.ok(NOT_KIN_OWNER.test(w), w);
    }
    // (After a comma only: no mom, dad, boyfriend, girlfriend; see the sentences below.)
    assert.deepEqual(
      CLOSE_KIN.filter((w) => !KIN_AFTER_COMMA.test(w)),
      ['mom', 'dad', 'boyfriend', 'girlfriend'],
    );
  });

  it('a name before a comma and an aunt, and before a mother written mom (the name alone, not its relative)', () => {
    has('Sheila, his aunt, at bedside all evening.', 'name', 'Sheila');
    has("resp: lungs clear. marisol's mom is in puerto rico, calls nightly.", 'name', 'marisol');
  });

  it("a relative's relative names no one, in capitals or not", () => {
    has("SOCIAL: NEPHEW'S WIFE DOREEN CALLED, UPDATED.", 'name', 'DOREEN');
    lacks("SOCIAL: NEPHEW'S WIFE DOREEN CALLED, UPDATED.", 'NEPHEW');
    lacks("Pt's nephew's wife called. Nephew's daughter to visit in am.", 'Nephew');
  });

  it('after a comma, mom and a boyfriend name no one before them', () => {
    lacks('NO BM SINCE ADM, MOM GIVEN AT 2200.', 'ADM');
    lacks('Driver, her boyfriend, was uninjured at the scene.', 'Driver');
  });
});
