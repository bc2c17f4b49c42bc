/**
 * A note de-identified (engine/tasks/phi/deidentify.ts, dates.ts) on synthetic notes written
 * here: tags leave no detected PHI; surrogates are one per name and patient, the same for a
 * seed and another for another seed; dates move by one offset in their own layout, so the
 * days between them survive; a BRAT .ann moved onto the new text points at the same words.
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { deidentify, dateShiftOf, DeidEdit, mapOffset, originalOffset, touchesEdit } from '../../../server/src/engine/tasks/phi/deidentify';
import { mulberry32 } from '../../../server/src/engine/random';
import { shiftDate } from '../../../server/src/engine/tasks/phi/dates';
import { rebaseBratAnn } from '../../../server/src/engine/formats/phiCorpus';

const NOTE =
  'Seen by Dr. Okonkwo on 7/22/2019 with his wife Margaret. Dr. Okonkwo called (301) 555-1212.\n' +
  'MRN 12345678. Admitted 2019-01-05, discharged January 19, 2019; 92 yo.';

const day = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

describe('de-identification of a note (no model)', () => {
  it('shifts each date layout by the days given, keeping the layout', () => {
    const cases: [string, number, string][] = [
      ['7/22', 10, '8/1'],
      ['07/22', 10, '08/01'],
      ['2/3/98', 30, '3/5/98'],
      ['12/30/1999', 3, '1/2/2000'],
      ['7-22-19', -22, '6-30-19'],
      ['8/87', 365, '8/88'],
      ['2019-01-05', 365, '2020-01-05'],
      ['Jan 5', 31, 'Feb 5'],
      ['JAN. 5TH', 1, 'JAN. 6TH'],
      ['January 5, 2019', -5, 'December 31, 2018'],
      ['Sept 30', 1, 'Oct 1'],
      ['January 2019', 40, 'February 2019'],
      ['5th of January', 28, '2nd of February'],
      ['3rd', 1, '4th'],
      ['1998', 200, '1999'],
      ['98', -200, '97'],
    ];
    for (const [text, days, want] of cases) assert.equal(shiftDate(text, days), want, `${text} + ${days}`);
    assert.equal(shiftDate('2/30', 1), undefined, 'no such day');
    assert.equal(shiftDate('early spring', 1), undefined);
  });

  it('with tags, leaves none of the PHI it detects', () => {
    const spans = detectPhi(NOTE);
    assert.ok(spans.length >= 7, JSON.stringify(spans.map((s) => s.text)));
    const out = deidentify(NOTE, { style: 'tags' });
    for (const s of spans) assert.ok(!out.text.includes(s.text), `${s.text} left in ${out.text}`);
    assert.match(out.text, /Dr\. \[\*\*Name\*\*\] on \[\*\*Date\*\*\]/);
    assert.equal(out.counts.name, 3);
    assert.equal(out.counts.age, 1);
  });

  it("gives a name one surrogate within a note and across a patient's notes, another for another patient", () => {
    const a = deidentify(NOTE, { style: 'surrogates', seed: 1, patient: 'p1' });
    const okonkwo = a.key!.names.okonkwo;
    assert.ok(okonkwo && okonkwo !== 'Okonkwo');
    assert.equal(a.text.split(`Dr. ${okonkwo}`).length, 3, a.text);
    assert.ok(!a.text.includes('Okonkwo') && !a.text.includes('Margaret') && !a.text.includes('555-1212') && !a.text.includes('12345678'));
    assert.match(a.text, /; 90\+ yo\./);
    const b = deidentify('Dr. Okonkwo reviewed the chart.', { style: 'surrogates', seed: 1, patient: 'p1' });
    assert.equal(b.text, `Dr. ${okonkwo} reviewed the chart.`);
    const c = deidentify('Dr. Okonkwo reviewed the chart.', { style: 'surrogates', seed: 1, patient: 'p2' });
    assert.notEqual(c.text, b.text);
  });

  it('shifts every date of a patient by one offset, so intervals survive', () => {
    const out = deidentify(NOTE, { style: 'surrogates', seed: 5, patient: 'p1' });
    const shift = dateShiftOf(5, 'p1');
    assert.ok(Math.abs(shift) >= 30);
    const iso = /(\d{4})-(\d\d)-(\d\d)/.exec(out.text)!;
    const long = /(January|February|March|April|May|June|July|August|September|October|November|December) (\d+), (\d{4})/.exec(out.text)!;
    const us = /on (\d+)\/(\d+)\/(\d{4})/.exec(out.text)!;
    const month = (n: string) =>
      ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].indexOf(n) + 1;
    assert.equal(day(+iso[1], +iso[2], +iso[3]) - day(2019, 1, 5), shift);
    assert.equal(day(+long[3], month(long[1]), +long[2]) - day(+iso[1], +iso[2], +iso[3]), 14, 'the 14 days between admission and discharge');
    assert.equal(day(+us[3], +us[1], +us[2]) - day(2019, 7, 22), shift);
  });

  it('gives the same output for a seed and another for another seed', () => {
    const one = deidentify(NOTE, { style: 'surrogates', seed: 42, patient: 'p' }).text;
    assert.equal(deidentify(NOTE, { style: 'surrogates', seed: 42, patient: 'p' }).text, one);
    assert.notEqual(deidentify(NOTE, { style: 'surrogates', seed: 43, patient: 'p' }).text, one);
  });

  it('copies a note without PHI unchanged', () => {
    const text = 'BP 110/70, HR 88, afebrile. Plan: continue current regimen.';
    for (const style of ['tags', 'surrogates'] as const) {
      const out = deidentify(text, { style, seed: 1, patient: 'p' });
      assert.equal(out.text, text);
      assert.deepEqual(out.counts, {});
    }
  });

  it('moves a BRAT .ann onto the new text, each annotation on the same words', () => {
    const ann = `T1\tProblem ${NOTE.indexOf('92 yo')} ${NOTE.indexOf('92 yo') + 5}\t92 yo\nT2\tPerson ${NOTE.indexOf('Okonkwo')} ${NOTE.indexOf('Okonkwo') + 7}\tOkonkwo\nT3\tX 0 9999\tpast\n#1\tAnnotatorNotes T2\tOkonkwo\nA1\tNegated T1\n`;
    for (const style of ['tags', 'surrogates'] as const) {
      const out = deidentify(NOTE, { style, seed: 2, patient: 'p' });
      const skips = {};
      const moved = rebaseBratAnn(ann, NOTE.length, out.text, out.edits, skips);
      const lines = moved.trim().split('\n');
      assert.equal(lines.length, 3, moved);
      for (const l of lines.filter((x) => x.startsWith('T'))) {
        const [, span, text] = l.split('\t');
        const [, s, e] = span.split(' ').map(Number);
        assert.equal(out.text.slice(s, e), text, l);
      }
      assert.match(lines[0], style === 'tags' ? /\t\[\*\*Age over 90\*\*\] yo$/ : /\t90\+ yo$/);
      assert.equal(lines[2], 'A1\tNegated T1');
      assert.deepEqual(Object.values(skips), [1, 1]);
    }
  });

  it('moves every offset as a walk through the edits does, both ways: after one by its growth, inside one to its ends', () => {
    const r = mulberry32(5);
    for (let round = 0; round < 200; round++) {
      const edits: DeidEdit[] = [];
      let at = 0;
      let grown = 0;
      while (edits.length < 1 + Math.floor(r() * 8)) {
        const start = at + Math.floor(r() * 3);
        const end = start + 1 + Math.floor(r() * 4);
        const length = Math.floor(r() * 12);
        edits.push({ start, end, type: 'name', newStart: start + grown, newEnd: start + grown + length });
        grown += length - (end - start);
        at = end;
      }
      for (let offset = 0; offset <= at + 2; offset++)
        for (const side of ['start', 'end'] as const) {
          // The definition, one edit at a time.
          let expected = offset;
          for (const e of edits) {
            if (side === 'start' ? offset < e.start : offset <= e.start) break;
            if (side === 'start' ? offset < e.end : offset <= e.end) {
              expected = side === 'start' ? e.newStart : e.newEnd;
              break;
            }
            expected = offset + e.newEnd - e.end;
          }
          assert.equal(mapOffset(edits, offset, side), expected, `${JSON.stringify(edits)} ${offset} ${side}`);
          // The way back (the PHI shield's answers), by the same walk over the new offsets.
          let back = offset;
          for (const e of edits) {
            if (side === 'start' ? offset < e.newStart : offset <= e.newStart) break;
            if (side === 'start' ? offset < e.newEnd : offset <= e.newEnd) {
              back = side === 'start' ? e.start : e.end;
              break;
            }
            back = offset + e.end - e.newEnd;
          }
          assert.equal(originalOffset(edits, offset, side), back, `back: ${JSON.stringify(edits)} ${offset} ${side}`);
        }
      for (let start = 0; start <= at + 1; start++)
        for (let end = start; end <= at + 2; end++)
          assert.equal(
            touchesEdit(edits, start, end),
            edits.some((e) => e.start < end && e.end > start),
            `touches: ${JSON.stringify(edits)} [${start}, ${end})`,
          );
    }
  });
});
