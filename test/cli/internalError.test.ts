/**
 * Through dist/cli.js: a bug inside the engine is said to be one ("internal
 * error (a bug)") with its stack on standard error, the CLI's log, never dressed up as a
 * model failure ("model requests failed", "undefined"). The bug is provoked with
 * BIOMED_TEST_FAULT=parse (engine/testFault.ts), which throws a plain TypeError in the
 * parsing of each model answer, as a parser bug would; without it the same runs succeed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, ROOT, runCli, showResult } from '../support/cli';
import { goldFromDocuments } from '../support/corpusGold';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { readPubTator } from '../../server/src/engine/formats/pubtator';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');
const NCBI = path.join(ROOT, 'test', 'fixtures', 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt');
const NOTE = fs.readFileSync(path.join(NOTES, 'ed-chest-pain.note'), 'utf8');

describe('biomed CLI: an internal error is a bug, with its stack', function () {
  this.timeout(90_000);
  const { tmp, state } = cliSandbox('biomed-bug-');
  const run = (args: string[], fault: string | undefined) => runCli(args, { env: { BIOMED_STATE_DIR: state(), BIOMED_TEST_FAULT: fault } });

  describe('annotate', () => {
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
    });
    after(async () => server.stop());

    it('names the document as failed by an internal error (a bug), with the stack on stderr; exit 1', async () => {
      const notes = tmp();
      fs.writeFileSync(path.join(notes, 'chest.note'), NOTE);
      const out = tmp();
      const args = ['annotate', notes, '--out', out, '--no-nli', '--no-relations', '--host', server.url];
      const r = await run(args, 'parse');
      assert.equal(r.code, 1, showResult(r));
      assert.match(r.stdout, /^ {2}failed: chest: internal error \(a bug\): analysis ner work: TypeError: BIOMED_TEST_FAULT=parse/m, showResult(r));
      assert.doesNotMatch(r.stdout + r.stderr, /model requests failed|: undefined/, showResult(r));
      // The stack, in the log: the cause's own frames, once per document.
      assert.match(
        r.stderr,
        /internal error \(a bug\) at chest; please report it with this stack:\nInternalError at analysis ner work, caused by TypeError: BIOMED_TEST_FAULT=parse/,
        showResult(r),
      );
      assert.match(r.stderr, /\n\s+at .*testFault/, `the stack names where it was thrown\n${showResult(r)}`);
      assert.equal(r.stderr.split('please report it').length - 1, 1, showResult(r));

      // The same run without the fault: the note is annotated (the failure above was the bug's alone).
      const ok = await run(args, undefined);
      assert.equal(ok.code, 0, showResult(ok));
      assert.match(ok.stdout, /^1 annotated, 0 skipped \(already done\), 0 failed/m, showResult(ok));
    });

    it('a fault name the engine does not know changes nothing', async () => {
      const notes = tmp();
      fs.writeFileSync(path.join(notes, 'chest.note'), NOTE);
      const r = await run(['annotate', notes, '--out', tmp(), '--no-nli', '--no-relations', '--host', server.url], 'elsewhere');
      assert.equal(r.code, 0, showResult(r));
      assert.doesNotMatch(r.stderr, /internal error/, showResult(r));
    });
  });

  describe('eval ner', () => {
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: goldFromDocuments(readPubTator(fs.readFileSync(NCBI, 'utf8'))) });
    });
    after(async () => server.stop());

    it('each failed document says internal error (a bug), not "undefined"; the stacks are on stderr; exit 1', async () => {
      const r = await run(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '2', '--host', server.url], 'parse');
      assert.equal(r.code, 1, showResult(r));
      const failed = r.stderr.split('\n').filter((l) => l.startsWith('failed: '));
      assert.equal(failed.length, 2, showResult(r));
      for (const line of failed) assert.match(line, /^failed: \S+: internal error \(a bug\): analysis ner work: TypeError: BIOMED_TEST_FAULT=parse/);
      assert.doesNotMatch(r.stderr, /undefined/, showResult(r));
      assert.match(r.stderr, /caused by TypeError: BIOMED_TEST_FAULT=parse[^\n]*\n\s+at /, showResult(r));
    });
  });
});
