/**
 * Assertions over the PHI rules' spans for one synthetic text (the phi rule tests share them):
 * what was found, a phrase covered by a span of a type, a phrase overlapped, a phrase left
 * alone, and no span at all (of a type). Each failure prints the text and every span found.
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';

/** [type, text] of every span found. */
export const found = (text: string) => detectPhi(text).map((s) => [s.type, s.text]);

/** The phrase's offset in the text (from `from`), asserted present. */
function offset(text: string, phrase: string, from: number): number {
  const at = text.indexOf(phrase, from);
  assert.ok(at >= 0, `"${phrase}" is not in ${JSON.stringify(text)}`);
  return at;
}

/** A span of `type` covers the phrase (its text the text's own). */
export function has(text: string, type: string, phrase: string, from = 0): void {
  const at = offset(text, phrase, from);
  assert.ok(
    detectPhi(text).some((s) => s.type === type && s.start <= at && s.end >= at + phrase.length && text.slice(s.start, s.end) === s.text),
    `${type} "${phrase}" not found in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`,
  );
}

/** A span of `type` overlaps the phrase. */
export function overlaps(text: string, type: string, phrase: string, from = 0): void {
  const at = offset(text, phrase, from);
  assert.ok(
    detectPhi(text).some((s) => s.type === type && s.start < at + phrase.length && at < s.end),
    `${type} "${phrase}" not found in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`,
  );
}

/** No span (of `type`, when given) overlaps the phrase. */
export function lacks(text: string, phrase: string, from = 0, type?: string): void {
  const at = offset(text, phrase, from);
  assert.ok(
    !detectPhi(text).some((s) => (!type || s.type === type) && s.start < at + phrase.length && at < s.end),
    `"${phrase}" taken${type ? ` as ${type}` : ''} in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`,
  );
}

/** No span at all, or none of `type`. */
export function none(text: string, type?: string): void {
  if (!type) assert.deepEqual(found(text), [], text);
  else assert.ok(!detectPhi(text).some((s) => s.type === type), `${type} in ${JSON.stringify(text)}: ${JSON.stringify(found(text))}`);
}
