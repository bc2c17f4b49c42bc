/** The Concepts view's row words and the end message of *Analyse All Notes in the Folder* (client/src/conceptRows.ts; the message in protocol/corpus.ts). */
import * as assert from 'node:assert/strict';
import { conceptMentionRow, conceptNoteRow, conceptRow, fileName, statusCounts } from '../../client/src/conceptRows';
import { analyseFolderMessage } from '../../server/src/protocol/protocol';
import type { FoundConceptGroup, FoundMention } from '../../server/src/protocol/protocol';

const range = (line: number) => ({ start: { line, character: 4 }, end: { line, character: 23 } });
const mention = (line: number, statuses: FoundMention['statuses'], section = 'history of present illness'): FoundMention => ({
  range: range(line),
  text: 'atrial fibrillation',
  type: 'problem',
  statuses,
  section,
});
const zero = { affirmed: 0, negated: 0, possible: 0, historical: 0, hypothetical: 0, family: 0 };
const group: FoundConceptGroup = {
  key: 'MESH:D001281',
  id: 'MESH:D001281',
  name: 'atrial fibrillation',
  type: 'problem',
  counts: { ...zero, affirmed: 2, negated: 1 },
  notes: [
    { uri: 'file:///notes/discharge%20summary.note', mentions: [mention(3, ['affirmed']), mention(9, ['negated'])] },
    { uri: 'file:///notes/ed-fall.note', mentions: [mention(0, ['affirmed'], '')] },
  ],
};

describe('client: the Concepts view rows', () => {
  it('names only the statuses some mention has, in a fixed order', () => {
    assert.equal(statusCounts({ ...zero, negated: 3, affirmed: 9 }), '9 affirmed, 3 negated');
    assert.equal(statusCounts({ ...zero, family: 1, historical: 2 }), '2 historical, 1 family');
    assert.equal(statusCounts(zero), '');
  });

  it('a concept: its name, then its ID, its mentions and their statuses', () => {
    const row = conceptRow(group);
    assert.equal(row.label, 'atrial fibrillation');
    assert.equal(row.description, 'MESH:D001281 · 3 · 2 affirmed, 1 negated');
    assert.match(row.tooltip, /3 mentions in 2 notes/);
    // Without a concept ID, no ID.
    assert.equal(conceptRow({ ...group, id: undefined, key: 'text:atrial fibrillation' }).description, '3 · 2 affirmed, 1 negated');
  });

  it('a note: its file name, its mentions of the concept and their statuses', () => {
    const row = conceptNoteRow(group.notes[0]);
    assert.equal(row.label, 'discharge summary.note');
    assert.equal(row.description, '2 · 1 affirmed, 1 negated');
    assert.equal(fileName('file:///a/b/c.note'), 'c.note');
  });

  it('a mention: its text, then its line, section and statuses (no section before the first header)', () => {
    assert.equal(conceptMentionRow(group.notes[0].mentions[1]).description, 'line 10 · history of present illness · negated');
    assert.equal(conceptMentionRow(group.notes[1].mentions[0]).description, 'line 1 · affirmed');
  });

  it('says what analysing the folder did, and that it was cancelled', () => {
    const done = { notes: 5, analysed: 3, current: 2, open: 0, skipped: [], failed: [], cancelled: false };
    assert.equal(analyseFolderMessage(done), 'Biomed NLP: 5 notes in the folder: 3 analysed, 2 already indexed.');
    const rough = { notes: 9, analysed: 3, current: 1, open: 0, skipped: ['/n/scan.pdf'], failed: ['/n/a.note', '/n/b.note'], cancelled: true };
    assert.equal(
      analyseFolderMessage(rough),
      'Biomed NLP: Analysing the folder (9 notes) was cancelled: 3 analysed, 1 already indexed, 1 skipped (named in the log), 2 failed (named in the log), 2 not reached.',
    );
  });

  it('the parts add up to the notes of the folder: a note open in the editor is counted as open', () => {
    const results = [
      { notes: 4, analysed: 3, current: 0, open: 1, skipped: [], failed: [], cancelled: false },
      { notes: 6, analysed: 1, current: 2, open: 1, skipped: ['/n/x.note'], failed: ['/n/y.note'], cancelled: false },
      { notes: 7, analysed: 1, current: 1, open: 1, skipped: [], failed: [], cancelled: true },
    ];
    for (const r of results) {
      const message = analyseFolderMessage(r);
      const [whole, ...parts] = [...message.matchAll(/(\d+) (?:notes?|analysed|already|open|skipped|failed|not reached)/g)].map((m) => Number(m[1]));
      assert.equal(whole, r.notes, message);
      assert.equal(
        parts.reduce((a, b) => a + b, 0),
        r.notes,
        message,
      );
    }
    assert.equal(
      analyseFolderMessage(results[0]),
      'Biomed NLP: 4 notes in the folder: 3 analysed, 0 already indexed, 1 open in the editor (indexed as shown).',
    );
  });
});
