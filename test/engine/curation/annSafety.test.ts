/**
 * What a write of a curation `.ann` never does: flatten a discontinuous span, drop
 * a line it cannot place, lose bytes that are not UTF-8, replace a read-only file or a
 * symbolic link, or let two notes of one name share the file. Real files in a temporary
 * folder; nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WriteRefusedError } from '../../../server/src/engine/atomicWrite';
import { InputError } from '../../../server/src/engine/errors';
import { annPathOf, CurationStore } from '../../../server/src/engine/curation/store';

const TEXT = 'Patient reports chest and arm pain today.\n';
const at = (s: string) => ({ start: TEXT.indexOf(s), end: TEXT.indexOf(s) + s.length });

describe('engine: curation .ann writes keep what they cannot interpret and refuse what they cannot keep', () => {
  let dir: string;
  let note: string;
  let ann: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-ann-safety-'));
    note = path.join(dir, 'visit.txt');
    ann = annPathOf(note);
    fs.writeFileSync(note, TEXT);
  });
  afterEach(() => {
    fs.chmodSync(dir, 0o755);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const read = () => fs.readFileSync(ann, 'utf8');
  const leftovers = () => fs.readdirSync(dir).filter((n) => n.endsWith('.tmp'));

  it('a discontinuous span keeps its fragments through writes and edits', () => {
    // "chest" (16-21) and "pain" (30-34): "chest ... pain", not "and arm".
    fs.writeFileSync(ann, 'T1\tproblem 16 21;30 34\tchest pain\n');
    const s = CurationStore.open(note, TEXT);
    assert.deepEqual(s.entity('T1')!.fragments, [
      { start: 16, end: 21 },
      { start: 30, end: 34 },
    ]);
    s.accept({ ...at('today'), type: 'test' });
    assert.match(read(), /^T1\tproblem 16 21;30 34\tchest pain$/m);
    // A suggestion in the gap is not reviewed by it; one over a fragment is.
    assert.equal(s.isReviewed({ ...at('arm'), type: 'problem', text: 'arm' }), false);
    assert.equal(s.isReviewed({ ...at('pain'), type: 'problem', text: 'pain' }), true);
    // An edit before it moves both fragments; an edit in the gap moves only the second.
    const t2 = 'The ' + TEXT;
    s.applyEdit([{ start: 0, end: 0, length: 4 }], t2);
    const t3 = t2.replace('and arm', 'and left arm');
    s.applyEdit([{ start: t2.indexOf('arm'), end: t2.indexOf('arm'), length: 5 }], t3);
    assert.match(read(), /^T1\tproblem 20 25;39 43\tchest pain$/m);
    // Read again against a text where it moved as a whole, it is found by its first fragment.
    fs.writeFileSync(note, 'Now: ' + t3);
    const again = CurationStore.open(note, 'Now: ' + t3);
    assert.deepEqual(again.entity('T1')!.fragments, [
      { start: 25, end: 30 },
      { start: 44, end: 48 },
    ]);
  });

  it('an attribute of an entity that is not in the file is kept, and its id is not reused', () => {
    fs.writeFileSync(ann, 'T1\tproblem 16 21\tchest\nA2\tNegated T99\n');
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at('pain'), type: 'problem' });
    const lines = read().split('\n');
    assert.ok(lines.includes('A2\tNegated T99'), read());
    assert.equal(lines.filter((l) => l.startsWith('A2\t')).length, 1, 'no second A2');
    assert.ok(!lines.some((l) => l.startsWith('T99\t')), 'a new entity does not take T99');
  });

  it('a rejection whose text is no longer in the note is kept, on reading and on an edit', () => {
    fs.writeFileSync(ann, '#1\tRejected problem:50-55\tcough\n');
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at('chest'), type: 'problem' });
    assert.match(read(), /^#\d+\tRejected problem:50-55\tcough$/m);
    s.reject({ ...at('arm'), type: 'problem' });
    // "arm" deleted from the note: its rejection stays, where it was.
    const t2 = TEXT.replace('arm ', '');
    s.applyEdit([{ start: at('arm').start, end: at('arm').end + 1, length: 0 }], t2);
    assert.match(read(), /^#\d+\tRejected problem:26-29\tarm$/m);
    assert.match(read(), /^#\d+\tRejected problem:50-55\tcough$/m);
  });

  it('an .ann that is not valid UTF-8 is refused, its bytes untouched', () => {
    const bytes = Buffer.concat([Buffer.from('T1\tproblem 16 21\tchest\n#1\tAnnotatorNote T1\tna'), Buffer.from([0xef, 0xbf]), Buffer.from('ve\n')]);
    fs.writeFileSync(ann, bytes);
    const s = CurationStore.open(note, TEXT);
    assert.throws(
      () => s.accept({ ...at('pain'), type: 'problem' }),
      (err: Error) => err instanceof WriteRefusedError && err.message.includes(ann) && /not valid UTF-8/.test(err.message),
    );
    assert.deepEqual(fs.readFileSync(ann), bytes);
    assert.equal(s.entities().length, 1, 'the store shows what the file holds, not the refused change');
    assert.deepEqual(leftovers(), []);
  });

  it('a read-only .ann (mode 444) is refused, unchanged, even for root', () => {
    fs.writeFileSync(ann, 'T1\tproblem 16 21\tchest\n');
    fs.chmodSync(ann, 0o444);
    const s = CurationStore.open(note, TEXT);
    assert.throws(
      () => s.accept({ ...at('pain'), type: 'problem' }),
      (err: Error) => err instanceof WriteRefusedError && err instanceof InputError && err.message.includes(ann) && /read-only/.test(err.message),
    );
    assert.equal(read(), 'T1\tproblem 16 21\tchest\n');
    assert.equal(fs.statSync(ann).mode & 0o777, 0o444);
    assert.deepEqual(leftovers(), []);
  });

  it('a symbolic link is written through to its target, and stays a link', () => {
    const shared = path.join(dir, 'shared');
    fs.mkdirSync(shared);
    const target = path.join(shared, 'visit.ann');
    fs.writeFileSync(target, 'T1\tproblem 16 21\tchest\n');
    fs.symlinkSync(path.relative(dir, target), ann);
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at('pain'), type: 'problem' });
    assert.ok(fs.lstatSync(ann).isSymbolicLink(), 'still a link');
    assert.match(fs.readFileSync(target, 'utf8'), /^T2\tproblem 30 34\tpain$/m);
    assert.deepEqual(leftovers(), []);
    assert.deepEqual(
      fs.readdirSync(shared).filter((n) => n.endsWith('.tmp')),
      [],
    );
  });

  it('two notes of one name do not share one .ann: the second is refused, naming both', () => {
    const s = CurationStore.open(note, TEXT);
    s.accept({ ...at('chest'), type: 'problem' });
    const before = read();
    const other = path.join(dir, 'visit.note');
    fs.writeFileSync(other, 'Other text entirely.\n');
    assert.throws(
      () => CurationStore.open(other, 'Other text entirely.\n'),
      (err: Error) => err instanceof WriteRefusedError && err.message.includes(other) && err.message.includes(note) && err.message.includes(ann),
    );
    assert.equal(read(), before);
    // A .ann is no note: it has no store (its store would be itself).
    assert.throws(() => CurationStore.open(ann, before), WriteRefusedError);
  });
});
