/**
 * An `--out` that would replace a command's own input is refused (exit 2), and the input is
 * left as it was: `vocab build` over its vocabulary or synonyms, or over any file that is not
 * a .vocab; `instructions` over its corpus; `export` over a note or .ann of its folder. A
 * typo in --out must not destroy a corpus.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, showResult } from '../support/cli';

const VOCAB = 'LOCAL:1\tchest pain\nLOCAL:2\tshortness of breath\n';
const PAIRS = '{"premise":"She denies fever.","hypothesis":"She has a fever.","label":"contradiction"}\n';

describe('biomed: an --out that is an input is refused', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-out-input-');

  /** `name` holding `text` in a fresh folder. */
  function file(name: string, text: string): string {
    const f = path.join(tmp(), name);
    fs.writeFileSync(f, text);
    return f;
  }

  it('vocab build: its vocabulary (by another name too) and a file that is not a .vocab are left alone', async () => {
    const vocab = file('local.tsv', VOCAB);
    const self = await biomed(['vocab', 'build', vocab, '--format', 'tsv', '--out', vocab]);
    assert.equal(self.code, 2, showResult(self));
    assert.match(self.stderr, /--out .*local\.tsv is an input of this command/);
    assert.equal(fs.readFileSync(vocab, 'utf8'), VOCAB);

    const link = path.join(path.dirname(vocab), 'same.vocab');
    fs.symlinkSync(vocab, link);
    const byLink = await biomed(['vocab', 'build', vocab, '--format', 'tsv', '--out', link]);
    assert.equal(byLink.code, 2, showResult(byLink));
    assert.equal(fs.readFileSync(vocab, 'utf8'), VOCAB);

    const other = file('notes.txt', 'keep me\n');
    const elsewhere = await biomed(['vocab', 'build', vocab, '--format', 'tsv', '--out', other]);
    assert.equal(elsewhere.code, 2, showResult(elsewhere));
    assert.match(elsewhere.stderr, /exists and is not a \.vocab file/);
    assert.equal(fs.readFileSync(other, 'utf8'), 'keep me\n');

    // An older .vocab is replaced, as before.
    const index = path.join(path.dirname(vocab), 'local.vocab');
    for (let i = 0; i < 2; i++) {
      const built = await biomed(['vocab', 'build', vocab, '--format', 'tsv', '--out', index]);
      assert.equal(built.code, 0, showResult(built));
    }
  });

  it('instructions: the pairs file it reads', async () => {
    const pairs = file('pairs.jsonl', PAIRS);
    const r = await biomed(['instructions', pairs, '--task', 'nli', '--out', pairs]);
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /is an input of this command/);
    assert.equal(fs.readFileSync(pairs, 'utf8'), PAIRS);
    const ok = await biomed(['instructions', pairs, '--task', 'nli', '--out', path.join(path.dirname(pairs), 'rows.jsonl')]);
    assert.equal(ok.code, 0, showResult(ok));
  });

  it('export: a note or an .ann of the folder it exports', async () => {
    const note = file('a.txt', 'Chest pain.\n');
    const folder = path.dirname(note);
    const ann = path.join(folder, 'a.ann');
    fs.writeFileSync(ann, 'T1\tproblem 0 10\tChest pain\n');
    for (const out of [note, ann]) {
      const r = await biomed(['export', folder, '--out', out, '--format', 'bioc']);
      assert.equal(r.code, 2, showResult(r));
      assert.match(r.stderr, /is a file of the folder .*, an input of this command/);
    }
    assert.equal(fs.readFileSync(note, 'utf8'), 'Chest pain.\n');
    assert.equal(fs.readFileSync(ann, 'utf8'), 'T1\tproblem 0 10\tChest pain\n');
  });
});
