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
});
