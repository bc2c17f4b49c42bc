/**
 * Tooltips in lines broken at spaces: the status tooltip's hover broke
 * words in the middle ("medtuned-/oracle", "statem/ents") where appendText's spaces could not.
 */
import * as assert from 'node:assert/strict';
import { tooltipParagraphs } from '../../client/src/statusText';
import { TOOLTIP_WIDTH, wrapAtSpaces } from '../../client/src/wrap';
import type { NoteProgress, StatusParams } from '../../server/src/protocol/protocol';

describe('tooltips: lines broken at spaces', () => {
  it('never splits a word, and keeps every line within the width where its words allow', () => {
    const text = 'Model: hf.co/someone/medtuned-oracle (medtuned profile) at http://127.0.0.1:11434 (ollama engine) and the summary statements of the note';
    const lines = wrapAtSpaces(text, 40);
    assert.equal(lines.join(' '), text, 'nothing lost or added but the breaks');
    for (const l of lines) assert.ok(l.length <= 40 || !l.includes(' '), `${JSON.stringify(l)} is over 40 characters`);
    const words = lines.flatMap((l) => l.split(' '));
    assert.ok(words.includes('hf.co/someone/medtuned-oracle'), JSON.stringify(lines));
    assert.ok(words.includes('statements'), JSON.stringify(lines));
    assert.ok(lines.length > 3);
    // A word longer than the width has a line of its own, whole.
    assert.deepEqual(wrapAtSpaces('a pneumonoultramicroscopicsilicovolcanoconiosis b', 10), ['a', 'pneumonoultramicroscopicsilicovolcanoconiosis', 'b']);
    // The text's own line breaks stay.
    assert.deepEqual(wrapAtSpaces('one two\nthree', 80), ['one two', 'three']);
  });

  it("the status tooltip: each paragraph's lines are whole words within the tooltip width", () => {
    const s: StatusParams = {
      state: 'ready',
      engine: 'ollama',
      model: 'medtuned-oracle',
      host: 'http://127.0.0.1:43117',
      profile: 'medtuned',
      done: 13,
      total: 13,
    };
    const note: NoteProgress = {
      sentences: { done: 13, total: 13 },
      relations: { found: 4, pending: false, looked: 6, failed: 0 },
      statements: { done: 2, total: 2, failed: 0, planned: true },
    };
    const paragraphs = tooltipParagraphs(s, note);
    assert.equal(paragraphs.length, 2, JSON.stringify(paragraphs));
    assert.equal(paragraphs[0].join(' '), 'Model: medtuned-oracle (medtuned profile) at http://127.0.0.1:43117 (ollama engine)');
    assert.equal(paragraphs[1].join(' '), 'This note: 13 of 13 sentences analysed; 4 relations found; 2 of 2 summary statements checked');
    for (const lines of paragraphs) {
      assert.ok(lines.length > 1, `a paragraph longer than a line is broken: ${JSON.stringify(lines)}`);
      for (const l of lines) assert.ok(l.length <= TOOLTIP_WIDTH, JSON.stringify(l));
    }
    const words = paragraphs.flat().flatMap((l) => l.split(' '));
    assert.ok(words.includes('medtuned-oracle') && words.includes('statements'), JSON.stringify(paragraphs));
  });
});
