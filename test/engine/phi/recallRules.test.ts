/**
 * The PHI rules that raise recall, on synthetic notes written for these tests: each rule
 * with a sentence it must find and one it must leave alone (vitals, drugs, clinical words).
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';

const found = (text: string) => detectPhi(text).map((s) => [s.type, s.text]);
const has = (text: string, type: string, phrase: string, from = 0) => {
  const at = text.indexOf(phrase, from);
  assert.ok(
    detectPhi(text).some((s) => s.type === type && s.start <= at && s.end >= at + phrase.length),
    `${type} "${phrase}" not found in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`,
  );
};
const lacks = (text: string, phrase: string, from = 0) => {
  const at = text.indexOf(phrase, from);
  assert.ok(
    !detectPhi(text).some((s) => s.start < at + phrase.length && at < s.end),
    `"${phrase}" taken in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`,
  );
};

describe('PHI recall rules (synthetic notes)', () => {
  it('takes a name or place found with context where the note repeats it', () => {
    const note = 'ADMITTED FROM WEXBRIDGE HOSPITAL AFTER A FALL. 3/4 AT WEXBRIDGE GIVEN 2 FFP. DR. HALVORSTAD AWARE; HALVORSTAD TO CALL BACK.';
    has(note, 'location', 'WEXBRIDGE', note.indexOf('AT WEXBRIDGE'));
    has(note, 'name', 'HALVORSTAD', note.indexOf('; HALVORSTAD'));
    // A name that is also an English word, or a drug, does not spread.
    const plain = 'Wife Rose at bedside. Rose bengal stain neg. Dr. Lasix-Ordway aware, lasix 40 mg given.';
    lacks(plain, 'Rose', plain.indexOf('. Rose'));
    lacks(plain, 'lasix 40');
  });
});
