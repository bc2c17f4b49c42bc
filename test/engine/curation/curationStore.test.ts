/**
 * The curation store (server/src/engine/curation): the `.ann` beside a note, offsets that
 * follow edits, atomic writes, changes made on disk by someone else, deleted text. Real
 * files in a temporary folder; nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { writeFileAtomic } from '../../../server/src/engine/atomicWrite';
import { parseCuration, writeCuration } from '../../../server/src/engine/curation/annFile';
import { annPathOf, CurationStore } from '../../../server/src/engine/curation/store';
import { mapSpan } from '../../../server/src/engine/curation/spans';
import { parseBratDocument } from '../../../server/src/engine/formats/bratDocument';

const TEXT = 'Denies chest pain 🙂.\r\nStarted aspirin for chest pain.\r\nCBC normal.\r\n';
const at = (text: string, s: string, nth = 0) => {
  let i = -1;
  for (let k = 0; k <= nth; k++) i = text.indexOf(s, i + 1);
  assert.ok(i >= 0, s);
  return { start: i, end: i + s.length };
};

describe('engine: curation store', () => {
  let dir: string;
  let note: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-curation-'));
    note = path.join(dir, 'visit.note');
    fs.writeFileSync(note, TEXT);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const ann = () => fs.readFileSync(annPathOf(note), 'utf8');
  const leftovers = () => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('note.ext keeps its annotations in note.ann beside it', () => {
    assert.equal(annPathOf('/a/b/visit.note'), '/a/b/visit.ann');
    assert.equal(annPathOf('/a/b.c/notes'), '/a/b.c/notes.ann');
    assert.equal(annPathOf('/a/x.y.txt'), '/a/x.y.ann');
  });

  it('accept, status, relation, reject: valid BRAT that the corpus reader takes whole, UTF-16 offsets', () => {
    const s = CurationStore.open(note, TEXT);
    const pain = s.accept({ ...at(TEXT, 'chest pain', 1), type: 'problem' });
    s.setStatus(pain.id, 'historical', true);
    s.acceptRelation({ label: 'TrAP', head: { ...at(TEXT, 'aspirin'), type: 'treatment', text: 'aspirin' }, tail: { ...pain, text: 'chest pain' } });
    s.reject({ ...at(TEXT, 'chest pain'), type: 'problem' });
    s.setStatus(pain.id, 'family', true);
    const aspirin = at(TEXT, 'aspirin');
    // The emoji before the CRLF is two UTF-16 units: aspirin starts at 31, not 30.
    assert.equal(aspirin.start, 31);
    assert.equal(
      ann(),
      [
        `T2\ttreatment ${aspirin.start} ${aspirin.end}\taspirin`,
        `T1\tproblem ${at(TEXT, 'chest pain', 1).start} ${at(TEXT, 'chest pain', 1).end}\tchest pain`,
        'R1\tTrAP Arg1:T2 Arg2:T1',
        'A1\tHistorical T1',
        'A2\tExperiencer T1 Other',
        `#1\tRejected problem:7-17\tchest pain`,
        '',
      ].join('\n'),
    );
    const read = parseBratDocument('visit', TEXT, ann());
    assert.equal(read.skipped, 0);
    assert.deepEqual(
      read.document.entities.map((e) => [e.type, e.text, e.historical ?? false, e.family ?? false]),
      [
        ['treatment', 'aspirin', false, false],
        ['problem', 'chest pain', true, true],
      ],
    );
    assert.deepEqual(
      read.document.relations.map((r) => [r.label, r.head, r.tail]),
      [['TrAP', 'T2', 'T1']],
    );
    // A second store of the same note reads all of it back.
    const again = CurationStore.open(note, TEXT);
    const byId = (xs: readonly { id: string }[]) => [...xs].sort((a, b) => a.id.localeCompare(b.id));
    assert.deepEqual(byId(again.entities()), byId(s.entities()));
    assert.deepEqual(again.rejected(), s.rejected());
    assert.equal(writeCuration(parseCuration(ann()), TEXT), ann());
  });

  it('a rejected suggestion stays reviewed for the same span and text, and only for them', () => {
    const s = CurationStore.open(note, TEXT);
    const first = { ...at(TEXT, 'chest pain'), type: 'problem', text: 'chest pain' };
    const second = { ...at(TEXT, 'chest pain', 1), type: 'problem', text: 'chest pain' };
    s.reject(first);
    assert.equal(s.isReviewed(first), true);
    assert.equal(s.isReviewed({ ...first, type: 'test' }), true, 'the same text and span, whatever type the model gives');
    assert.equal(s.isReviewed(second), false, 'the same text elsewhere is another suggestion');
    // Rejecting a curated entity removes it and its relations.
    const t = s.accept(second);
    s.acceptRelation({ label: 'TrAP', head: { ...at(TEXT, 'aspirin'), type: 'treatment', text: 'aspirin' }, tail: second });
    s.reject(second);
    assert.equal(s.entity(t.id), undefined);
    assert.equal(s.relations().length, 0);
    // The rejection follows an edit before it; once its text changes, the suggestion may return.
    const text2 = 'No ' + TEXT;
    s.applyEdit([{ start: 0, end: 0, length: 3 }], text2);
    const moved = { ...first, start: first.start + 3, end: first.end + 3 };
    assert.equal(s.isReviewed(moved), true);
    const text3 = text2.slice(0, moved.start) + 'C' + text2.slice(moved.start + 1);
    s.applyEdit([{ start: moved.start, end: moved.start + 1, length: 1 }], text3);
    assert.equal(s.isReviewed({ ...moved, text: 'Chest pain' }), false);
  });

  it('changeTextTo: a whole new text moves the offsets by the one span that differs', () => {
    const s = CurationStore.open(note, TEXT);
    const e = s.accept({ ...at(TEXT, 'aspirin'), type: 'treatment' });
    const text2 = TEXT.replace('chest pain', 'severe chest pain');
    assert.ok(text2.indexOf('aspirin') > TEXT.indexOf('aspirin'), 'the edit is before the entity');
    assert.deepEqual(s.changeTextTo(text2), []);
    const moved = s.entity(e.id)!;
    assert.equal(text2.slice(moved.start, moved.end), 'aspirin');
    assert.equal(s.noteText, text2);
  });

  it('offsets follow edits: any edits, in lockstep with a character-level model (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 8, maxLength: 40, unit: fc.constantFrom('a', 'b', ' ', '\n', '🙂') }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.nat(), fc.nat(), fc.string({ maxLength: 3, unit: fc.constantFrom('x', 'y') })), { minLength: 1, maxLength: 12 }),
        (text0, spans, edits) => {
          fs.rmSync(annPathOf(note), { force: true });
          const s = CurationStore.open(note, text0);
          // Entities at distinct spans; each remembers which original characters it covers.
          const original = new Map<string, { start: number; end: number }>();
          for (const [a, b] of spans) {
            const start = a % text0.length;
            const end = start + 1 + (b % (text0.length - start));
            if ([...original.values()].some((o) => o.start === start && o.end === end)) continue;
            original.set(s.accept({ start, end, type: 'problem' }).id, { start, end });
          }
          // The model: each character of the text with the offset it had in text0 (-1: typed later).
          let chars = [...Array(text0.length).keys()];
          let text = text0;
          let orphans = 0;
          for (const [a, b, insert] of edits) {
            const start = a % (text.length + 1);
            const end = start + (b % (text.length - start + 1));
            text = text.slice(0, start) + insert + text.slice(end);
            chars = [...chars.slice(0, start), ...Array(insert.length).fill(-1), ...chars.slice(end)];
            orphans += s.applyEdit([{ start, end, length: insert.length }], text).length;
          }
          assert.equal(s.entities().length + orphans, original.size, 'no entity is lost silently');
          assert.equal(s.deleted().length, orphans);
          for (const [id, o] of original) {
            const survivors = chars.flatMap((c, i) => (c >= o.start && c < o.end ? [i] : []));
            const e = s.entity(id);
            if (!e) {
              assert.deepEqual(survivors, [], 'an entity goes only when none of its text is left');
              continue;
            }
            assert.ok(0 <= e.start && e.start < e.end && e.end <= text.length);
            for (const i of survivors) assert.ok(e.start <= i && i < e.end, 'every surviving character is inside');
            for (let i = e.start; i < e.end; i++) assert.ok(chars[i] === -1 || (chars[i] >= o.start && chars[i] < o.end), 'no character of other text');
            assert.equal(e.text, text.slice(e.start, e.end));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('mapSpan: typing at an edge stays outside, typing inside joins, deleting all of it orphans', () => {
    const e = { start: 5, end: 10 };
    assert.deepEqual(mapSpan(e, { start: 5, end: 5, length: 2 }), { start: 7, end: 12 });
    assert.deepEqual(mapSpan(e, { start: 10, end: 10, length: 2 }), { start: 5, end: 10 });
    assert.deepEqual(mapSpan(e, { start: 7, end: 8, length: 3 }), { start: 5, end: 12 });
    assert.deepEqual(mapSpan(e, { start: 0, end: 2, length: 0 }), { start: 3, end: 8 });
    assert.deepEqual(mapSpan(e, { start: 8, end: 12, length: 0 }), { start: 5, end: 8 });
    assert.equal(mapSpan(e, { start: 4, end: 10, length: 0 }), undefined);
    assert.equal(mapSpan(e, { start: 5, end: 10, length: 4 }), undefined);
  });

  it('deleted text: the entity is kept as a Deleted note with its relations, reported and written at once', () => {
    const s = CurationStore.open(note, TEXT);
    const pain = s.accept({ ...at(TEXT, 'chest pain', 1), type: 'problem' });
    s.acceptRelation({ label: 'TrAP', head: { ...at(TEXT, 'aspirin'), type: 'treatment', text: 'aspirin' }, tail: { ...pain, text: 'chest pain' } });
    const gone = at(TEXT, ' for chest pain');
    const text = TEXT.slice(0, gone.start) + TEXT.slice(gone.end);
    const orphans = s.applyEdit([{ start: gone.start, end: gone.end, length: 0 }], text);
    assert.deepEqual(orphans, [{ type: 'problem', start: pain.start, end: pain.end, text: 'chest pain; relations: TrAP(aspirin, chest pain)' }]);
    assert.equal(s.entities().length, 1);
    assert.match(ann(), new RegExp(`^#1\\tDeleted problem:${pain.start}-${pain.end}\\tchest pain; relations: TrAP\\(aspirin, chest pain\\)$`, 'm'));
    // The corpus reader sees no entity there and no dangling relation.
    const read = parseBratDocument('visit', text, ann());
    assert.equal(read.skipped, 0);
    assert.deepEqual(
      read.document.entities.map((e) => e.text),
      ['aspirin'],
    );
    // Read back, the note is still there.
    assert.equal(CurationStore.open(note, text).deleted().length, 1);
  });

  it('typing (writeLater): moved offsets wait for flush, deleted text is written at once, a file changed meanwhile wins', () => {
    const s = CurationStore.open(note, TEXT);
    const cbc = { ...s.accept({ ...at(TEXT, 'CBC'), type: 'test' }) };
    const written = ann();
    // Three keystrokes before the entity: the file is left as it was until the flush.
    let text = TEXT;
    for (const ch of ['a', 'b', 'c']) {
      text = ch + text;
      assert.deepEqual(s.applyEdit([{ start: 0, end: 0, length: 1 }], text, { writeLater: true }), []);
    }
    assert.equal(ann(), written);
    assert.equal(s.entity(cbc.id)!.start, cbc.start + 3, 'the store itself follows at once');
    s.flush();
    assert.match(ann(), new RegExp(`^T1\ttest ${cbc.start + 3} ${cbc.end + 3}\tCBC$`, 'm'));
    const flushed = fs.statSync(annPathOf(note)).ino;
    s.flush();
    assert.equal(fs.statSync(annPathOf(note)).ino, flushed, 'nothing waits: no write');
    // Deleting a curated entity's text is written at once, even while typing.
    const gone = at(text, 'CBC');
    const after = text.slice(0, gone.start) + text.slice(gone.end);
    assert.equal(s.applyEdit([{ start: gone.start, end: gone.end, length: 0 }], after, { writeLater: true }).length, 1);
    assert.match(ann(), /^#1\tDeleted test:/m);
    // Another tool writes the file while a move waits: its file wins, anchored to the text.
    const aspirin = at(after, 'aspirin');
    const typed = 'x' + after;
    s.applyEdit([{ start: 0, end: 0, length: 1 }], typed, { writeLater: true });
    fs.writeFileSync(annPathOf(note), `T5\ttreatment ${aspirin.start} ${aspirin.end}\taspirin\n`);
    assert.equal(s.syncFromDisk(), true);
    assert.deepEqual(
      s.entities().map((e) => [e.id, e.start, typed.slice(e.start, e.end)]),
      [['T5', aspirin.start + 1, 'aspirin']],
    );
    s.flush();
    assert.equal(ann(), `T5\ttreatment ${aspirin.start} ${aspirin.end}\taspirin\n`, 'the waiting write was given up for the file on disk');
  });

  it('assertion attributes are read as every BRAT reader of the project reads them (i2b2, Uncertainty, false values kept as written)', () => {
    const text = 'No fever. Possible pneumonia. Mother had cancer. Old stroke.';
    const e = (s: string) => at(text, s);
    const ann = [
      `T1\tproblem ${e('fever').start} ${e('fever').end}\tfever`,
      `T2\tproblem ${e('pneumonia').start} ${e('pneumonia').end}\tpneumonia`,
      `T3\tproblem ${e('cancer').start} ${e('cancer').end}\tcancer`,
      `T4\tproblem ${e('stroke').start} ${e('stroke').end}\tstroke`,
      'A1\tAssertion T1 absent',
      'A2\tUncertainty T2',
      'A3\tExperiencer T3 Other',
      'A4\tTemporality T4 historical',
      'A5\tNegated T4 false',
      '',
    ].join('\n');
    const curated = parseCuration(ann);
    const read = parseBratDocument('n', text, ann).document;
    const statuses = (id: string) => read.entities.find((x) => x.id === id)!;
    assert.deepEqual(
      curated.entities.map((x) => [x.id, x.statuses]),
      [
        ['T1', ['negated']],
        ['T2', ['possible']],
        ['T3', ['family']],
        ['T4', ['historical']],
      ],
    );
    for (const x of curated.entities) for (const s of x.statuses) assert.equal(statuses(x.id)[s], true, `${x.id} ${s} in the corpus reader too`);
    assert.deepEqual(curated.other, ['A5\tNegated T4 false'], 'a false value is not a status: kept as written');
  });

  it('writes are atomic: a new file renamed over the old one, no temporary file left', () => {
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at(TEXT, 'aspirin'), type: 'treatment' });
    const before = ann();
    // A hard link keeps the old inode: a write in place would change what it shows.
    const link = path.join(dir, 'old.ann');
    fs.linkSync(annPathOf(note), link);
    s.accept({ ...at(TEXT, 'CBC'), type: 'test' });
    assert.equal(fs.readFileSync(link, 'utf8'), before);
    assert.notEqual(ann(), before);
    assert.notEqual(fs.statSync(link).ino, fs.statSync(annPathOf(note)).ino);
    assert.deepEqual(leftovers(), []);
    // A write that cannot land (a folder in the way) leaves what was there and no temporary file.
    fs.rmSync(link);
    const blocked = path.join(dir, 'blocked.ann');
    fs.mkdirSync(blocked);
    fs.writeFileSync(path.join(blocked, 'keep'), 'x');
    assert.throws(() => writeFileAtomic(blocked, 'T1\tproblem 0 1\tD\n'));
    assert.deepEqual(leftovers(), []);
    assert.equal(fs.readFileSync(path.join(blocked, 'keep'), 'utf8'), 'x');
  });

  it('a change made on disk meanwhile is read first and kept: the action lands on top of it', () => {
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at(TEXT, 'aspirin'), type: 'treatment' });
    // Another tool adds an entity and a note of its own, with CRLF line ends.
    const cbc = at(TEXT, 'CBC');
    fs.writeFileSync(annPathOf(note), ann().replace(/\n/g, '\r\n') + `T7\ttest ${cbc.start} ${cbc.end}\tCBC\r\n#9\tAnnotatorNotes T7\tordered twice\r\n`);
    s.accept({ ...at(TEXT, 'chest pain'), type: 'problem' });
    const read = parseBratDocument('visit', TEXT, ann());
    assert.deepEqual(read.document.entities.map((e) => `${e.id} ${e.text}`).sort(), ['T1 aspirin', 'T2 chest pain', 'T7 CBC']);
    assert.match(ann(), /^#9\tAnnotatorNotes T7\tordered twice$/m);
    // syncFromDisk says whether there was anything new.
    assert.equal(s.syncFromDisk(), false);
    fs.writeFileSync(annPathOf(note), '');
    assert.equal(s.syncFromDisk(), true);
    assert.equal(s.entities().length, 0);
  });

  it('an .ann that no longer fits its text: entities move to their text, or become Deleted notes', () => {
    const pain = at(TEXT, 'aspirin');
    fs.writeFileSync(annPathOf(note), `T1\ttreatment ${pain.start} ${pain.end}\taspirin\nT2\ttest 0 3\tMRI\n`);
    // Two lines were added at the top while the .ann was closed.
    const text = 'Line one.\nLine two.\n' + TEXT;
    const s = CurationStore.open(note, text);
    assert.deepEqual(
      s.entities().map((e) => [e.id, e.start, e.end]),
      [['T1', pain.start + 20, pain.end + 20]],
    );
    assert.deepEqual(s.deleted(), [{ type: 'test', start: 0, end: 3, text: 'MRI' }]);
  });
});
