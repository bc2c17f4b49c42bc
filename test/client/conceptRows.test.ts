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

  it('a concept: its counts by status lead the label, then its name; its mentions and ID follow', () => {
    const row = conceptRow(group);
    assert.equal(row.label, '2 affirmed, 1 negated · atrial fibrillation');
    assert.equal(row.description, '3 mentions · MESH:D001281');
    assert.match(row.tooltip, /3 mentions in 2 notes/);
    assert.match(row.tooltip, /MESH:D001281/);
    // Without a concept ID, no ID.
    assert.equal(conceptRow({ ...group, id: undefined, key: 'text:atrial fibrillation' }).description, '3 mentions');
    // A long name: the counts still lead (the label's end is what VS Code cuts).
    const long = conceptRow({ ...group, name: 'Renal Insufficiency, Chronic, with a very long qualifier' });
    assert.ok(long.label.startsWith('2 affirmed, 1 negated · Renal'), long.label);
  });

  it('a note: the statuses of its mentions lead, then its file name; its mentions of the concept', () => {
    const row = conceptNoteRow(group.notes[0]);
    assert.equal(row.label, '1 affirmed, 1 negated · discharge summary.note');
    assert.equal(row.description, '2 mentions');
    assert.equal(conceptNoteRow(group.notes[1]).description, '1 mention');
    assert.equal(fileName('file:///a/b/c.note'), 'c.note');
  });

  it('a mention: its text, then its statuses, line and section (no section before the first header)', () => {
    assert.equal(conceptMentionRow(group.notes[0].mentions[1]).description, 'negated · line 10 · history of present illness');
    assert.equal(conceptMentionRow(group.notes[1].mentions[0]).description, 'affirmed · line 1');
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
