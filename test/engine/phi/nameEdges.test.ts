/**
 * The rest of a person's name beside a found part of it (nameEdges.ts), on sentences written
 * for these tests: a first name before a surname a rule found, a double-barrelled surname
 * after a first name, in mixed case and in notes of one case; and the words beside a name
 * that are no part of it (a newborn's, a judge's, a sitter's word, a verb that is a surname
 * too, a shop's name, a scale's).
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { lacks } from '../../support/phiRules';

/** The text of the name span that covers `phrase`, asserted present. */
function nameSpan(text: string, phrase: string): string {
  const at = text.indexOf(phrase);
  assert.ok(at >= 0, `"${phrase}" is not in the text`);
  const span = detectPhi(text).find((s) => s.type === 'name' && s.start < at + phrase.length && at < s.end);
  assert.ok(span, `no name over "${phrase}" in ${JSON.stringify(text)}: ${JSON.stringify(detectPhi(text).map((s) => s.text))}`);
  return span.text;
}

describe('PHI rules: the rest of a found name (nameEdges.ts)', () => {
  it('takes the first name before a surname found alone, in mixed case and in capitals', () => {
    assert.equal(nameSpan('Friend from church, Vera Liotta, visited today.', 'Liotta'), 'Vera Liotta');
    assert.equal(nameSpan('NPN 7A-7P: PT DALE KOWALCZYK FROM DOVER REMAINS INTUBATED.', 'KOWALCZYK'), 'DALE KOWALCZYK');
  });

  it('takes a double-barrelled surname after a first name found after a relative', () => {
    assert.equal(nameSpan('wife carmen and daughter lucia ferreira-quintana called x2 from home.', 'lucia'), 'lucia ferreira-quintana');
    assert.equal(nameSpan('SOCIAL: DAUGHTER MAEVE OYELARAN-BRISCOE HERE, CELL 617-555-0188.', 'MAEVE'), 'MAEVE OYELARAN-BRISCOE');
  });

  it("leaves a newborn's, a judge's and a sitter's word outside the name", () => {
    assert.equal(nameSpan('Baby Girl Lindqvist, DOL 3, tolerating feeds.', 'Lindqvist'), 'Lindqvist');
    assert.equal(nameSpan('Order signed by Judge Fiore this morning.', 'Fiore'), 'Fiore');
    lacks('1:1 sitter deanna at bedside all shift.', 'sitter');
  });

  it("in a note of one case, adds no word of the language after a name, and no word before a shop's name", () => {
    lacks('roommate kelsey brought clothes and a phone charger.', 'brought');
    lacks("FAMILY REPORTS PT RAN MARCHETTI'S BAKERY FOR 30 YEARS.", 'RAN');
    // (A scale and its grade after a name is no surname.)
    lacks("pt: o'brien, siobhan sah hunt-hess 3, s/p coiling.", 'hunt-hess');
  });
});
