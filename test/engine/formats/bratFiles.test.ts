/** readBratFile: an .ann read against the note beside it, or why it cannot be, as the three BRAT-folder commands take it. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBratFile } from '../../../server/src/engine/formats/bratDocument';

describe('formats: a BRAT file beside its note (readBratFile)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bratfile-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const ANN = 'T1\tproblem 11 17\tfevers\n';

  it('reads the note found as the editor finds it (.txt first), the ID as given', () => {
    fs.writeFileSync(path.join(dir, 'a.md'), 'other text entirely');
    fs.writeFileSync(path.join(dir, 'a.txt'), 'She denies fevers today.');
    fs.writeFileSync(path.join(dir, 'a.ann'), ANN);
    const read = readBratFile(path.join(dir, 'a.ann'), 'ward/a');
    assert.equal(read.problem, undefined);
    if (read.problem !== undefined) return;
    assert.equal(read.document.id, 'ward/a');
    assert.deepEqual(
      read.document.entities.map((e) => [e.start, e.end, e.text]),
      [[11, 17, 'fevers']],
    );
  });

  it('a note saved with a byte order mark is counted as the .ann counts it (brat counts the mark)', () => {
    fs.writeFileSync(path.join(dir, 'b.txt'), '\uFEFFShe denies fevers today.');
    // brat's offsets count the mark: "fevers" at 12-18.
    fs.writeFileSync(path.join(dir, 'b.ann'), 'T1\tproblem 12 18\tfevers\n');
    const read = readBratFile(path.join(dir, 'b.ann'), 'b');
    assert.ok(read.problem === undefined);
    assert.equal(read.skips && Object.values(read.skips).reduce((n, c) => n + c, 0), 0);
    assert.equal(read.document.text.slice(12, 18), 'fevers');
  });

  it('no note beside it: a problem that names the notes looked for, marked noNote', () => {
    fs.writeFileSync(path.join(dir, 'lost.ann'), ANN);
    assert.deepEqual(readBratFile(path.join(dir, 'lost.ann'), 'lost'), { problem: 'no lost.txt, lost.note, lost.md beside it', noNote: true });
  });

  it('a note that is not text: a problem that says so, not marked noNote, nothing thrown', () => {
    fs.writeFileSync(path.join(dir, 'bin.txt'), Buffer.from([0x53, 0x00, 0x01, 0x02, 0x00]));
    fs.writeFileSync(path.join(dir, 'bin.ann'), ANN);
    const read = readBratFile(path.join(dir, 'bin.ann'), 'bin');
    assert.ok(read.problem !== undefined && !read.noNote);
    assert.match(read.problem, /bin\.txt/);
  });
});
