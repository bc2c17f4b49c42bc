/**
 * Reading a BRAT folder as a corpus (`biomed eval … --format brat`, `biomed instructions
 * FOLDER`): one document per `.ann` with a note beside it, the note found as the editor and
 * `biomed agreement` find it (engine/noteFiles.ts), through the real bundle for instructions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareFolders } from '../../server/src/cli/agreement';
import { bratFolderDocuments, readBratFolder } from '../../server/src/cli/eval/common';
import { ensureCliBuilt, runCli } from '../support/cli';

describe('CLI: a BRAT folder as a corpus', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => ensureCliBuilt());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-brat-folder-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string) => fs.writeFileSync(path.join(dir, name), content);

  it('one document per .ann: a .md note is read, a note kept as .txt and .note counts once (the .txt), an .ann without a note is not a document', () => {
    write('a.md', 'Patient denies fever.\n');
    write('a.ann', 'T1\tproblem 15 20\tfever\n');
    write('b.txt', 'Aspirin given.\n');
    write('b.note', 'Heparin given.\n');
    write('b.ann', 'T1\ttreatment 0 7\tAspirin\n');
    write('c.ann', 'T1\tproblem 0 4\tnone\n');
    write('d.txt', 'A note nobody annotated.\n');
    const docs = bratFolderDocuments(dir, true);
    assert.deepEqual(
      docs.map((d) => [d.id, d.text, d.entities.map((e) => `${e.type} ${e.text}`)]),
      [
        ['a', 'Patient denies fever.\n', ['problem fever']],
        ['b', 'Aspirin given.\n', ['treatment Aspirin']],
      ],
    );
  });

  it('a note beside an .ann that is not text ends the read, naming the note; not a usage error, not a bug', () => {
    write('a.txt', 'Patient denies fever.\n');
    write('a.ann', 'T1\tproblem 15 20\tfever\n');
    fs.writeFileSync(path.join(dir, 'b.txt'), Buffer.from([0x50, 0x00, 0x01, 0x02]));
    write('b.ann', 'T1\tproblem 0 1\tP\n');
    assert.throws(
      () => bratFolderDocuments(dir, true),
      (err: Error) => err.constructor === Error && /b\.txt/.test(err.message),
    );
  });

  it("a note with a UTF-8 byte order mark: offsets counted without it (the editor's) or with it (brat's) are both read", () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    fs.writeFileSync(path.join(dir, 'editor.txt'), Buffer.concat([bom, Buffer.from('Patient has pneumonia.\n')]));
    write('editor.ann', 'T1\tproblem 12 21\tpneumonia\n');
    fs.writeFileSync(path.join(dir, 'brat.txt'), Buffer.concat([bom, Buffer.from('Patient has pneumonia.\n')]));
    write('brat.ann', 'T1\tproblem 13 22\tpneumonia\n');
    const docs = bratFolderDocuments(dir, true);
    assert.deepEqual(
      docs.map((d) => [d.id, d.entities.map((e) => `${e.text}@${e.start}`)]),
      [
        ['brat', ['pneumonia@13']],
        ['editor', ['pneumonia@12']],
      ],
    );
    for (const d of docs) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text);
    // biomed agreement of two brat folders over such a note: the entity is matched, not skipped.
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-brat-folder-b-'));
    try {
      fs.copyFileSync(path.join(dir, 'brat.txt'), path.join(other, 'brat.txt'));
      fs.copyFileSync(path.join(dir, 'brat.ann'), path.join(other, 'brat.ann'));
      const agreed = compareFolders(dir, other, true);
      assert.deepEqual([agreed.documents, agreed.score.strict.micro.tp], [1, 1]);
      assert.deepEqual(
        agreed.failed.filter((f) => f.startsWith('brat')),
        [],
      );
    } finally {
      fs.rmSync(other, { recursive: true, force: true });
    }
  });

  it('a folder with no annotated note is refused with the extensions it looks for', () => {
    write('c.ann', 'T1\tproblem 0 4\tnone\n');
    assert.throws(() => readBratFolder(dir, false), /No \.ann files with their notes \(\.txt, \.note, \.md\) beside them/);
  });

  it('biomed instructions on a folder builds NER rows from a curated .md note', async () => {
    write('a.md', 'Patient denies fever.\n');
    write('a.ann', 'T1\tproblem 15 20\tfever\n');
    const out = path.join(dir, 'ner.jsonl');
    const r = await runCli(['instructions', dir, '--task', 'ner', '--out', out, '--seed', '1']);
    assert.equal(r.code, 0, r.stderr);
    const rows = fs
      .readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    assert.equal(rows.length, 1);
    assert.match(rows[0].output, /^fever : B-PROBLEM$/m, 'the curated entity is tagged in the answer');
  });
});
