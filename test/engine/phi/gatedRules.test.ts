/**
 * The PHI rules' expressions are tried at the words they can begin at (leadingWords.ts) or at
 * line breaks (opensLines); the rest are tried at every position of every note, about 2 ns a
 * character each. A rewrite that loses a list's gate (an optional word first, a one-letter
 * alternative) costs every note without changing a span, so no other test sees it. This one
 * counts the expressions tried everywhere over every fixture note and keeps their number from
 * growing: a new rule is gated, or looked for only where what it needs is in the note, or
 * counted here with the reason.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { expressionsTriedEverywhere, forgetGates } from '../../../server/src/engine/text/matches';

/** The expressions tried everywhere at the last count (dates, phones and codes that open with a digit or a class, and the like). */
const CEILING = 63;

describe("The PHI rules' expressions tried at every position", function () {
  // (Every fixture note read once.)
  this.timeout(60_000);

  it(`are no more than ${CEILING} over every fixture note`, () => {
    const root = path.join(__dirname, '../../../../test/fixtures/deid');
    const walk = (dir: string): string[] =>
      fs
        .readdirSync(dir, { withFileTypes: true })
        .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.txt') ? [path.join(dir, e.name)] : []));
    forgetGates();
    const notes = walk(root);
    for (const file of notes) detectPhi(fs.readFileSync(file, 'utf8'));
    const everywhere = expressionsTriedEverywhere();
    // The count is reached: most rules ran, and the gate was asked about each.
    assert.ok(notes.length > 1000, `${notes.length} fixture notes`);
    assert.ok(everywhere.length > 20, `${everywhere.length} expressions tried everywhere: the count no longer reaches them`);
    assert.ok(everywhere.length <= CEILING, `${everywhere.length} expressions tried everywhere, at most ${CEILING}:\n${everywhere.join('\n')}`);
  });
});
