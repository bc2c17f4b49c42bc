/**
 * Re-segmenting only the paragraphs an edit touched gives exactly what segmenting the
 * whole new text gives, whatever the edit: inside a sentence, across paragraphs, adding or
 * removing headers, blank lines, CRLF, emoji, at the start or the end of the note.
 */
import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { changedSpan, resegment, resegmentEdit, resegmentStats } from '../../../server/src/engine/text/resegment';
import { segment } from '../../../server/src/engine/text/segment';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../../support/gold';

const NOTES = [...CLINICAL_NOTES, ...LITERATURE_NOTES].map((n) => fixtureNote(n).text);
const PIECES = [
  '',
  'x',
  'No fever. ',
  '\n',
  '\n\n',
  '\r\n\r\n',
  'PLAN:\n',
  'Treatment: ',
  'ASSESSMENT\n',
  '😀',
  ' [**Name**] ',
  'Dr. ',
  '1. ',
  '- ',
  'BP 120/80.',
];

function check(before: string, after: string, maxSentenceChars?: number): void {
  const previous = { text: before, segments: segment(before, { maxSentenceChars }) };
  assert.deepEqual(resegment(previous, after, { maxSentenceChars }), segment(after, { maxSentenceChars }));
}

describe('resegment: only the edited paragraphs are segmented again', () => {
  it('equals a full segmentation after random edits of the fixture notes', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...NOTES),
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 60 }), ins: fc.constantFrom(...PIECES) }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(undefined, 40, 200),
        (note, edits, max) => {
          let text = note;
          for (const e of edits) {
            const at = e.at % (text.length + 1);
            let end = Math.min(text.length, at + e.del);
            // Never leave half a surrogate pair: real editors do not.
            if (/[\udc00-\udfff]/.test(text[at] ?? '') || /[\udc00-\udfff]/.test(text[end] ?? '')) continue;
            end = Math.max(end, at);
            const next = text.slice(0, at) + e.ins + text.slice(end);
            check(text, next, max);
            text = next;
          }
        },
      ),
      { numRuns: 400, seed: 11 },
    );
  });

  it('equals a full segmentation on random texts built from clinical pieces', () => {
    const piece = fc.constantFrom(...PIECES, 'Chest pain resolved. ', 'HISTORY:\n', 'He denies fever.', 'Plan: follow up.\n');
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(piece, { maxLength: 30 }),
        fc.array(piece, { maxLength: 30 }),
        fc.array(piece, { maxLength: 3 }),
        (a, b, c, ins) => {
          check(a.join('') + b.join('') + c.join(''), a.join('') + ins.join('') + c.join(''));
        },
      ),
      { numRuns: 400, seed: 5 },
    );
  });

  it('an edit in the first paragraph segments only it again (as the text start); a changed title segments the section it names', () => {
    const before = 'Chest pain for two days.\nNo fever.\n\nHISTORY:\nHe walks daily.\n';
    const after = before.replace('two', 'three');
    const edit = resegmentEdit({ text: before, segments: segment(before) }, after);
    assert.deepEqual(edit.segments, segment(after));
    assert.equal(edit.window?.start, 0);
    assert.equal(edit.window?.end, after.indexOf('\n\n') + 1, 'to the blank line');
    const titled = 'DISCHARGE SUMMARY\n\nHe walks daily.\n';
    const retitled = resegmentEdit({ text: titled, segments: segment(titled) }, titled.replace('DISCHARGE', 'ADMISSION'));
    assert.deepEqual(retitled.window, { start: 0, end: titled.length, delta: 0, sentencesAfter: 0 }, 'the title names the section below it');
    assert.equal(retitled.segments.find((x) => x.text === 'He walks daily.')?.section, 'admission summary');
    // Random edits of the first paragraph, titles and headers among what is typed.
    const typed = fc.constantFrom('', 'x', ' ', '.', '\n', '\n\n', 'DISCHARGE SUMMARY\n', 'Chief complaint: ', 'HISTORY:\n', 'Fever. ', '😀');
    fc.assert(
      fc.property(fc.constantFrom(...NOTES), fc.nat(), fc.nat({ max: 20 }), typed, (note, at, del, ins) => {
        const first = Math.max(0, note.indexOf('\n\n'));
        const start = at % (first + 1);
        check(note, note.slice(0, start) + ins + note.slice(Math.min(note.length, start + del)));
      }),
      { numRuns: 600, seed: 17 },
    );
  });

  it('keeps the sections of the text below an edit that adds or removes a header', () => {
    const before = 'HISTORY:\nChest pain.\n\nHe walks daily.\n\nPLAN:\nRest.\n';
    const after = before.replace('He walks daily.', 'ASSESSMENT:\nHe walks daily.');
    const segs = resegment({ text: before, segments: segment(before) }, after);
    assert.equal(segs.find((s) => s.text === 'He walks daily.')?.section, 'assessment');
    assert.deepEqual(resegment({ text: after, segments: segment(after) }, before), segment(before));
  });

  it('a header added, removed or renamed segments again only up to the next header, problem labels and all', () => {
    const piece = fc.constantFrom(
      'He walks daily.\n',
      'No fever. Rest.\n',
      '\n',
      '\n\n',
      'HISTORY:\n',
      'ASSESSMENT AND PLAN:\n',
      'Pneumonia: improving on ceftriaxone.\n',
      'Plan: follow up.\n',
      'HOSPITAL COURSE\n',
      'Chief complaint: ',
    );
    const header = fc.constantFrom('', 'ASSESSMENT AND PLAN:\n', 'HISTORY:\n', 'PLAN:\n', 'Pneumonia: ', ':', '\n\n', 'x');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), fc.nat(), fc.nat({ max: 25 }), header, (parts, at, del, ins) => {
        const before = parts.join('');
        const start = at % (before.length + 1);
        check(before, before.slice(0, start) + ins + before.slice(Math.min(before.length, start + del)));
      }),
      { numRuns: 1000, seed: 23 },
    );
  });

  it('costs what the edit changed: a keystroke in a 500,000-character note segments its paragraph; a new header, its section', () => {
    const paragraph = 'Day 1 he reported chest pain.\nNo fever. He walks daily.\n';
    const section = (name: string) => `${name}:\n${paragraph}\n${paragraph}\n`;
    const sections = Array.from({ length: 4500 }, (_, i) => section(i % 2 ? 'HISTORY' : 'PLAN'));
    const note = sections.join('\n');
    assert.ok(note.length > 500_000);
    const previous = { text: note, segments: segment(note) };
    const at = note.indexOf('daily', note.length >> 1);
    const count = (after: string) => {
      resegmentStats.calls = resegmentStats.segmentedChars = 0;
      const edit = resegmentEdit(previous, after);
      assert.deepEqual(edit.segments, segment(after));
      return { ...resegmentStats, window: edit.window! };
    };
    const typed = count(note.slice(0, at) + 'x' + note.slice(at));
    assert.equal(typed.calls, 1);
    assert.ok(typed.segmentedChars <= 'HISTORY:\n'.length + paragraph.length + 1, `a keystroke segmented ${typed.segmentedChars} characters`);
    // A header typed above a paragraph: that section's rest is segmented again, up to the next header's paragraph.
    const line = note.lastIndexOf('\n', at) + 1;
    const headed = count(note.slice(0, line) + 'ASSESSMENT:\n' + note.slice(line));
    assert.ok(headed.segmentedChars < 2 * section('HISTORY').length, `a header segmented ${headed.segmentedChars} characters`);
    assert.ok(headed.window.end > at && headed.window.end < at + 2 * section('HISTORY').length);
  });

  it('changedSpan: the longest common prefix, then the longest common suffix that does not overlap it, in texts of many blocks', () => {
    const piece = fc.constantFrom('a', 'b', 'ab', '\n', '😀', 'x'.repeat(700), 'y'.repeat(1500));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), fc.nat(), fc.nat({ max: 3000 }), fc.array(piece, { maxLength: 3 }), (parts, at, del, ins) => {
        const before = parts.join('');
        const start = at % (before.length + 1);
        const after = before.slice(0, start) + ins.join('') + before.slice(Math.min(before.length, start + del));
        const span = changedSpan(before, after);
        assert.equal(before.slice(0, span.start) + after.slice(span.start, span.start + span.length) + before.slice(span.end), after);
        // Maximal: one more character of prefix (or of suffix, within what the prefix leaves) would differ.
        const limit = Math.min(before.length, after.length);
        assert.ok(span.start === limit || before[span.start] !== after[span.start]);
        const q = before.length - span.end;
        assert.ok(q === limit - span.start || before[before.length - 1 - q] !== after[after.length - 1 - q]);
      }),
      { numRuns: 400, seed: 5 },
    );
  });
});
