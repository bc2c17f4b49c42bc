/**
 * Through dist/cli.js: annotate's output safety, corrupt corpora
 * reported (and refused with --strict), numeric options validated on every command.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CliResult, cliSandbox, filesBelow, ROOT, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const NOTES = path.join(FIXTURES, 'notes');

describe('biomed CLI: output safety, corrupt corpora, option validation', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-safety-');
  const show = showResult;

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => {
    await server.stop();
  });

  /** A folder with one clinical note (and nothing else). */
  function noteFolder(): string {
    const d = tmp();
    fs.mkdirSync(path.join(d, 'notes'));
    fs.copyFileSync(path.join(NOTES, 'ed-chest-pain.note'), path.join(d, 'notes', 'ed-chest-pain.note'));
    return path.join(d, 'notes');
  }

  async function refused(args: string[], message: RegExp): Promise<CliResult> {
    const before = server.generationRequests().length;
    const r = await biomed(['annotate', ...args, '--host', server.url]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, message);
    assert.equal(server.generationRequests().length, before, 'no model request');
    return r;
  }

  describe('annotate: output safety', () => {
    it('--out equal to an input file is refused: exit 2, the note untouched', async () => {
      const notes = noteFolder();
      const note = path.join(notes, 'ed-chest-pain.note');
      const text = fs.readFileSync(note, 'utf8');
      const copy = path.join(notes, 'x.txt');
      fs.writeFileSync(copy, text);
      await refused([copy, '--out', copy, '--format', 'pubtator'], /--out .*x\.txt is one of the input files/);
      assert.equal(fs.readFileSync(copy, 'utf8'), text);
    });

    it('two input files that would write the same output are refused, both named', async () => {
      const d = tmp();
      for (const sub of ['a', 'b']) {
        fs.mkdirSync(path.join(d, sub));
        fs.copyFileSync(path.join(NOTES, 'ed-chest-pain.note'), path.join(d, sub, 'same.txt'));
      }
      const r = await refused(
        [path.join(d, 'a', 'same.txt'), path.join(d, 'b', 'same.txt'), '--out', path.join(d, 'out')],
        /Two inputs would write the same output "same"/,
      );
      assert.match(r.stderr, /a[\\/]same\.txt and .*b[\\/]same\.txt/);
    });

    it('--out - is refused (it made a folder named "-")', async () => {
      const notes = noteFolder();
      const r = await refused([notes, '--out', '-'], /--out - \(standard output\) is not taken/);
      assert.equal(r.stdout, '');
      assert.equal(fs.existsSync(path.join(ROOT, '-')), false, 'no folder "-" where it ran');
    });

    it('--format brat into a folder inside the input folder, or the input folder itself, is refused (its .txt files would be read back as notes)', async () => {
      const notes = noteFolder();
      await refused([notes, '--out', path.join(notes, 'brat'), '--format', 'brat'], /is inside the input folder .* brat outputs are \.txt files/);
      await refused([notes, '--out', notes, '--format', 'brat'], /is inside the input folder/);
      assert.deepEqual(filesBelow(notes), ['ed-chest-pain.note'], 'nothing written');
    });

    it('an input folder inside a brat --out folder is refused', async () => {
      const out = tmp();
      const notes = path.join(out, 'notes');
      fs.mkdirSync(notes);
      fs.copyFileSync(path.join(NOTES, 'ed-chest-pain.note'), path.join(notes, 'a.note'));
      await refused([notes, '--out', out, '--format', 'brat'], /The input folder .* is inside --out/);
    });

    it('a .txt output file inside an input folder is refused', async () => {
      const notes = noteFolder();
      await refused([notes, '--out', path.join(notes, 'all.txt'), '--format', 'pubtator'], /output file is a \.txt file, which annotate reads as notes/);
    });

    it('--out equal to an input folder, or holding one, is refused for every format: exit 2 naming the overlap (it once read no note: 0 annotated, exit 0)', async () => {
      const notes = noteFolder();
      for (const format of ['json', 'bioc', 'pubtator']) {
        await refused([notes, '--out', notes, '--format', format], /--out .*notes is the input folder .*notes: .*no note would be read/);
        await refused([notes, '--out', notes + path.sep, '--format', format], /is the input folder/);
      }
      await refused([notes, '--out', path.dirname(notes)], /The input folder .*notes is inside --out .*no note would be read/);
      assert.deepEqual(filesBelow(notes), ['ed-chest-pain.note'], 'nothing written');
    });

    it('a JSON --out folder inside the input folder: its files are never inputs, and a rerun skips the finished note', async () => {
      const notes = noteFolder();
      const out = path.join(notes, 'out');
      const r = await biomed(['annotate', notes, '--out', out, '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.deepEqual(filesBelow(out), ['ed-chest-pain.json']);
      // A stray note-like file in the output folder is not an input either.
      fs.writeFileSync(path.join(out, 'stray.txt'), 'Chest pain.');
      const again = await biomed(['annotate', notes, '--out', out, '--host', server.url]);
      assert.equal(again.code, 0, show(again));
      assert.match(again.stdout, /^0 annotated, 1 skipped/m);
    });

    it('an existing per-note output biomed did not write is refused, naming it; --force replaces it', async () => {
      const notes = noteFolder();
      const out = tmp();
      const mine = path.join(out, 'ed-chest-pain.json');
      fs.writeFileSync(mine, '{"id":"mine","text":"my own work"}\n');
      await refused([notes, '--out', out], /biomed annotate did not write: .*ed-chest-pain\.json\. Refusing to overwrite/);
      assert.equal(fs.readFileSync(mine, 'utf8'), '{"id":"mine","text":"my own work"}\n');
      const forced = await biomed(['annotate', notes, '--out', out, '--force', '--host', server.url]);
      assert.equal(forced.code, 0, show(forced));
      assert.match(forced.stdout, /^1 annotated, 0 skipped/m);
      assert.match(fs.readFileSync(mine, 'utf8'), /"id":"ed-chest-pain"/);
      // Now it is biomed's own: the rerun skips it without --force.
      const again = await biomed(['annotate', notes, '--out', out, '--host', server.url]);
      assert.equal(again.code, 0, show(again));
      assert.match(again.stdout, /^0 annotated, 1 skipped/m);
    });

    it('brat: an existing .txt beside the outputs that biomed did not write is refused', async () => {
      const notes = noteFolder();
      const out = tmp();
      fs.writeFileSync(path.join(out, 'ed-chest-pain.txt'), 'someone else');
      await refused([notes, '--out', out, '--format', 'brat'], /did not write: .*ed-chest-pain\.txt/);
    });

    it('an output file biomed did not write is refused; an output biomed wrote and someone edited is no longer its own', async () => {
      const notes = noteFolder();
      const dir = tmp();
      const gold = path.join(dir, 'gold.pubtator');
      fs.writeFileSync(gold, 'ed-chest-pain|t|x\ned-chest-pain|a|y\n');
      await refused([notes, '--out', gold], /did not write: .*gold\.pubtator/);
      assert.equal(fs.readFileSync(gold, 'utf8'), 'ed-chest-pain|t|x\ned-chest-pain|a|y\n');

      const out = path.join(dir, 'all.jsonl');
      const first = await biomed(['annotate', notes, '--out', out, '--host', server.url]);
      assert.equal(first.code, 0, show(first));
      const rerun = await biomed(['annotate', notes, '--out', out, '--host', server.url]);
      assert.equal(rerun.code, 0, show(rerun));
      assert.match(rerun.stdout, /^0 annotated, 1 skipped/m);
      fs.appendFileSync(out, '{"id":"hand","text":"edited"}\n');
      await refused([notes, '--out', out], /did not write: .*all\.jsonl/);
    });
  });

  describe('corrupt corpora: counts on stderr, --strict', () => {
    it('eval ner (PubTator): the skipped lines counted per file; --strict exits 1 naming the file', async () => {
      const dir = tmp();
      const corpus = path.join(dir, 'corpus.txt');
      fs.writeFileSync(
        corpus,
        [
          '1|t|Chest pain',
          '1|a|and fever.',
          '1\t0\t10\tChest pain\tDisease\tD1',
          '1\t0\t999\tChest pain\tDisease\tD1',
          '1\t0\t5\tFever\tDisease\tD2',
          '1\t0',
          '',
        ].join('\n'),
      );
      const r = await biomed(['eval', 'ner', corpus, '--format', 'pubtator', '--profile', 'json', '--model', 'llama3.1:8b', '--host', server.url]);
      assert.match(r.stderr, /corpus\.txt: skipped 3 lines \(1 bad offset, 1 text mismatch, 1 truncated line\)/, show(r));
      const before = server.generationRequests().length;
      const strict = await biomed(['eval', 'ner', corpus, '--format', 'pubtator', '--strict', '--host', server.url]);
      assert.equal(strict.code, 1, show(strict));
      assert.match(strict.stderr, /corpus\.txt: skipped 3 lines \(.*\); --strict refuses/);
      assert.equal(server.generationRequests().length, before);
    });

    it('eval ner (IOB) --strict: an invalid tag; eval nli and eval re (ChemProt): bad JSON lines', async () => {
      const dir = tmp();
      const iob = path.join(dir, 'c.tsv');
      fs.writeFileSync(iob, 'Aspirin\tB-Chemical\ncauses\tQ-Foo\n\n');
      const a = await biomed(['eval', 'ner', iob, '--format', 'iob', '--strict', '--host', server.url]);
      assert.equal(a.code, 1, show(a));
      assert.match(a.stderr, /c\.tsv: skipped 1 line \(1 invalid tag\)/);
      const nli = path.join(dir, 'p.jsonl');
      fs.writeFileSync(nli, '{"premise":"a","hypothesis":"b","label":"entailment"}\n{oops\n');
      const b = await biomed(['eval', 'nli', nli, '--strict', '--host', server.url]);
      assert.equal(b.code, 1, show(b));
      assert.match(b.stderr, /p\.jsonl: skipped 1 line \(1 bad JSON line\)/);
      const chem = path.join(dir, 'chem.jsonl');
      fs.writeFileSync(chem, '{"text": "<< A >> x [[ B ]]", "label": "INHIBITOR"}\n{"text": "none", "label": "X"}\n');
      const c = await biomed(['eval', 're', chem, '--strict', '--profile', 'json', '--model', 'llama3.1:8b', '--host', server.url]);
      assert.equal(c.code, 1, show(c));
      assert.match(c.stderr, /chem\.jsonl: skipped 1 line \(1 bad marker\)/);
    });

    it('instructions and eval re on a BRAT folder: a T line whose text does not match the .txt is counted; --strict exits 1', async () => {
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'a.txt'), 'Chest pain treated with aspirin.');
      fs.writeFileSync(path.join(dir, 'a.ann'), 'T1\tproblem 0 10\tChest pain\nT2\ttreatment 24 31\tibuprofen\n');
      const out = path.join(tmp(), 'rows.jsonl');
      const r = await biomed(['instructions', dir, '--task', 'ner', '--out', out]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stderr, /a\.ann: skipped 1 line \(1 text mismatch\)/);
      const strict = await biomed(['instructions', dir, '--task', 'ner', '--out', out + '2', '--strict']);
      assert.equal(strict.code, 1, show(strict));
      assert.match(strict.stderr, /a\.ann: skipped 1 line \(1 text mismatch\); --strict refuses/);
      assert.ok(!fs.existsSync(out + '2'));
      const re = await biomed(['eval', 're', dir, '--strict', '--host', server.url]);
      assert.equal(re.code, 1, show(re));
      assert.match(re.stderr, /a\.ann: skipped 1 line/);
    });
  });

  describe('numeric options: usage errors naming the option', () => {
    const commands: { name: string; args: () => string[] }[] = [
      { name: 'annotate', args: () => ['annotate', NOTES, '--out', path.join(tmp(), 'o')] },
      { name: 'eval ner', args: () => ['eval', 'ner', path.join(FIXTURES, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt'), '--format', 'pubtator'] },
      { name: 'eval re', args: () => ['eval', 're', NOTES] },
      { name: 'eval nli', args: () => ['eval', 'nli', path.join(FIXTURES, 'nli', 'clinical-nli-dev.jsonl')] },
    ];
    const bad: [string, string][] = [
      ['--timeout-ms', 'abc'],
      ['--timeout-ms', '0'],
      ['--num-ctx', '12.5'],
      ['--concurrency', '-1'],
      ['--concurrency', ''],
      ['--instruction-variant', '0'],
      ['--instruction-variant', '2.5'],
    ];
    for (const c of commands) {
      it(`${c.name}: ${bad.map(([o, v]) => `${o} "${v}"`).join(', ')} each exit 2 naming the option`, async () => {
        for (const [opt, value] of bad) {
          const r = await biomed([...c.args(), `${opt}=${value}`, '--host', server.url]);
          assert.equal(r.code, 2, `${opt} ${value}\n${show(r)}`);
          assert.match(r.stderr, new RegExp(opt), `${opt} ${value}`);
        }
      });
    }

    it('eval --limit, instructions --seed, modelfile --num-ctx: bad values exit 2 naming the option', async () => {
      const nli = path.join(FIXTURES, 'nli', 'clinical-nli-dev.jsonl');
      for (const v of ['0', '-3', 'x', '1.5', '', '0x10', '1e3']) {
        const r = await biomed(['eval', 'nli', nli, `--limit=${v}`, '--host', server.url]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /--limit must be a whole number of at least 1/);
      }
      for (const v of ['-1', 'x', '1.5', '']) {
        const r = await biomed(['instructions', nli, '--task', 'nli', '--out', '-', `--seed=${v}`]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /--seed must be a whole number of at least 0/);
      }
      const dir = tmp();
      fs.writeFileSync(path.join(dir, 'm.gguf'), 'GGUF....');
      for (const v of ['12.5', '100', '-1', '']) {
        const r = await biomed(['modelfile', '--gguf', path.join(dir, 'm.gguf'), `--num-ctx=${v}`]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /--num-ctx must be a whole number of at least 256/);
      }
    });
  });
});
