/** Two annotators' BRAT folders compared in the engine (engine/eval/folderAgreement.ts), on sentences written for this test. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareBratFolders } from '../../../server/src/engine/eval/folderAgreement';

const NOTE = 'Patient reports dizziness after starting lisinopril.\n';
const at = (text: string) => `${NOTE.indexOf(text)} ${NOTE.indexOf(text) + text.length}\t${text}`;

describe('compareBratFolders (biomed agreement)', () => {
  let root: string;
  let a: string;
  let b: string;
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-agreement-'));
    a = path.join(root, 'a');
    b = path.join(root, 'b');
    fs.mkdirSync(a);
    fs.mkdirSync(b);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  const write = (folder: string, name: string, content: string) => fs.writeFileSync(path.join(folder, name), content);

  it("scores B's entities against A's, pairs by name, and says which pairs it could not compare", () => {
    write(a, 'one.txt', NOTE);
    write(a, 'one.ann', `T1\tproblem ${at('dizziness')}\nT2\ttreatment ${at('lisinopril')}\n`);
    // B found the problem only, and has a line its reader skips (offsets past the text).
    write(b, 'one.ann', `T1\tproblem ${at('dizziness')}\nT2\ttest 900 905\tnope\n`);
    // A pair whose texts differ cannot be compared; a name in one folder only is listed.
    write(a, 'two.txt', NOTE);
    write(a, 'two.ann', `T1\tproblem ${at('dizziness')}\n`);
    write(b, 'two.txt', NOTE.replace('dizziness', 'vertigo'));
    write(b, 'two.ann', 'T1\tproblem 16 23\tvertigo\n');
    write(a, 'three.ann', '');
    write(b, 'four.ann', '');
    // In both, but no note beside A's.
    write(a, 'five.ann', '');
    write(b, 'five.ann', '');

    const skipped: string[] = [];
    const r = compareBratFolders(a, b, (file, skips) => {
      if (Object.keys(skips).length) skipped.push(`${path.basename(path.dirname(file))}/${path.basename(file)}: ${Object.keys(skips).join(', ')}`);
    });
    assert.equal(r.documents, 1);
    assert.equal(r.score.strict.micro.tp, 1);
    assert.equal(r.score.strict.micro.fn, 1, "A's treatment B did not mark");
    assert.equal(r.score.strict.micro.fp, 0, "B's skipped line is no entity");
    assert.deepEqual(skipped, ['b/one.ann: bad offset']);
    assert.deepEqual(r.onlyInA, ['three']);
    assert.deepEqual(r.onlyInB, ['four']);
    assert.equal(r.failed.length, 2, r.failed.join('\n'));
    assert.match(r.failed.join('\n'), /^five: .* in /m, 'an .ann of A without its note');
    assert.match(r.failed.join('\n'), /^two: the text in .* is not the text in /m);
  });

  it('a copy of the note with other line endings (or a byte order mark) is compared, its offsets moved onto A; one counted in code points too', () => {
    const lf = 'HPI:\nPatient reports dizziness 😀 after starting lisinopril.\nPlan: stop lisinopril and recheck the dizziness.\n';
    const crlf = '\uFEFF' + lf.replace(/\n/g, '\r\n');
    // Offsets into `text` (UTF-16 units, or code points as Python's brat counts them) of the nth `word`.
    const span = (text: string, word: string, nth: number, codePoints = false) => {
      let at = -1;
      for (let k = 0; k <= nth; k++) at = text.indexOf(word, at + 1);
      const count = (s: string) => (codePoints ? [...s].length : s.length);
      return `${count(text.slice(0, at))} ${count(text.slice(0, at)) + count(word)}\t${word}`;
    };
    const ann = (text: string, codePoints = false) =>
      [
        `T1\tproblem ${span(text, 'dizziness', 0, codePoints)}`,
        `T2\ttreatment ${span(text, 'lisinopril', 0, codePoints)}`,
        `T3\ttreatment ${span(text, 'lisinopril', 1, codePoints)}`,
        `T4\tproblem ${span(text, 'dizziness', 1, codePoints)}`,
      ].join('\n') + '\n';
    // A on LF, B on CRLF with a BOM (UTF-16 offsets), C on CRLF counted in code points, and the reverse.
    write(a, 'n.txt', lf);
    write(a, 'n.ann', ann(lf));
    write(b, 'n.txt', crlf);
    write(
      b,
      'n.ann',
      ann(crlf.slice(1)).replace(/^(T\d+\t\S+) (\d+) (\d+)/gm, (_, head: string, x: string, y: string) => `${head} ${Number(x) + 1} ${Number(y) + 1}`),
    );
    const c = path.join(root, 'c');
    fs.mkdirSync(c);
    write(c, 'n.txt', crlf.slice(1));
    write(c, 'n.ann', ann(crlf.slice(1), true));
    for (const [x, y] of [
      [a, b],
      [a, c],
      [c, a],
      [b, c],
    ]) {
      const skipped: string[] = [];
      const r = compareBratFolders(x, y, (file, skips) => Object.keys(skips).length && skipped.push(`${file}: ${JSON.stringify(skips)}`));
      const pair = `${path.basename(x)} against ${path.basename(y)}`;
      assert.deepEqual(r.failed, [], pair);
      assert.deepEqual(skipped, [], pair);
      assert.equal(r.documents, 1, pair);
      assert.deepEqual([r.score.strict.micro.tp, r.score.strict.micro.fp, r.score.strict.micro.fn], [4, 0, 0], pair);
      assert.equal(r.kappa, 1, pair);
    }
    // One word more is another text: not compared.
    write(b, 'n.txt', crlf.replace('Plan:', 'Plan today:'));
    assert.match(compareBratFolders(a, b).failed.join('\n'), /^n: the text in .* is not the text in .* \(not only in line endings\)/);
  });
});
