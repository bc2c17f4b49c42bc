/**
 * Answers kept are answers enough: with every needed answer in the model cache (--cache),
 * `annotate`, `find` over notes and `eval nli` ask the model server nothing (not even its
 * model list) and run with it down; the server is checked at the first question the cache
 * cannot answer, and then fails as it always did (the no-model message with its three ways).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesBelow, runCli } from '../support/cli';
import { loadGoldDocuments, loadNliPairs, OllamaTestServer } from '../support/ollamaServer';
import { assertNoTempFiles, NLI_PAIRS, NOTES, cliSuite, show, tmpDir } from '../support/cliSuite';
import { refusingHost } from '../support/refusingHost';

describe('CLI: a run whose answers are all in the cache asks the model server nothing', function () {
  cliSuite();
  this.timeout(120_000);
  let server: OllamaTestServer;
  let down: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES), nliPairs: loadNliPairs(NLI_PAIRS) });
    down = await refusingHost();
  });
  after(async () => server.stop());

  // No OpenAI-compatible server from the environment, no embedded model on disk: Ollama is the one way to a model.
  const biomed = (args: string[]) => runCli(args, { env: { BIOMED_OPENAI_BASE_URL: '', BIOMED_NLP_CACHE: tmpDir(), BIOMED_CACHE_DIR: '' } });
  function corpus(): string {
    const dir = tmpDir();
    for (const f of fs.readdirSync(NOTES).filter((f) => f.endsWith('.note'))) fs.copyFileSync(path.join(NOTES, f), path.join(dir, f));
    return dir;
  }
  const outputs = (dir: string) => Object.fromEntries(filesBelow(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]));
  /** The cache line's figures: answers used, from the cache, from the model. */
  function cacheFigures(text: string): { used: number; cached: number; model: number } {
    const m = /Model cache .*: (\d+) answers used, (\d+) from the cache and (\d+) from the model; \d+ kept/.exec(text);
    assert.ok(m, `no cache line in:\n${text}`);
    return { used: Number(m[1]), cached: Number(m[2]), model: Number(m[3]) };
  }

  it('annotate again: no request of any path to a live server, and with the server down the same bytes, exit 0', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const [first, second, third] = [tmpDir(), tmpDir(), tmpDir()];
    const asked = server.generationRequests().length;
    const r1 = await biomed(['annotate', notes, '--out', first, '--host', server.url, '--cache', cache]);
    assert.equal(r1.code, 0, show(r1));
    const calls = server.generationRequests().length - asked;
    assert.ok(calls > 20, `${calls} model calls the first time`);
    assert.deepEqual(cacheFigures(r1.stdout), { used: calls, cached: 0, model: calls });

    // A live server that records every request: none, of any path (no /api/tags, /api/show, /api/version).
    const requests = server.requests.length;
    const r2 = await biomed(['annotate', notes, '--out', second, '--host', server.url, '--cache', cache]);
    assert.equal(r2.code, 0, show(r2));
    assert.deepEqual(
      server.requests.slice(requests).map((r) => r.path),
      [],
    );
    assert.match(r2.stdout, /; 0 model calls, 0 prompt tokens\./);
    const again = cacheFigures(r2.stdout);
    assert.equal(again.model, 0);
    assert.equal(again.cached, again.used);
    assert.ok(again.used >= calls, `${again.used} answers used, ${calls} asked the first time`);
    assert.deepEqual(outputs(second), outputs(first));

    // The server down: the same run, the same bytes.
    const r3 = await biomed(['annotate', notes, '--out', third, '--host', down, '--cache', cache]);
    assert.equal(r3.code, 0, show(r3));
    assert.doesNotMatch(r3.stderr, /no model to run|not reachable/);
    assert.deepEqual(cacheFigures(r3.stdout), again);
    assert.deepEqual(outputs(third), outputs(first));
  });

  it('one sentence changed, the server down: the no-model message with its three ways at the question the cache lacks, exit 1, nothing written half', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const first = tmpDir();
    const r1 = await biomed(['annotate', notes, '--out', first, '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r1.code, 0, show(r1));
    const note = path.join(notes, 'progress-diabetes-ckd.note');
    const text = fs.readFileSync(note, 'utf8');
    assert.ok(text.includes('Weight 98 kg.'));
    fs.writeFileSync(note, text.replace('Weight 98 kg.', 'Weight 97 kg after a fever.'));

    for (const out of [tmpDir(), path.join(tmpDir(), 'all.jsonl')]) {
      const r = await biomed(['annotate', notes, '--out', out, '--host', down, '--cache', cache, '--no-nli']);
      assert.equal(r.code, 1, show(r));
      assert.equal(r.stdout, '', 'no summary: the run stopped as the check stops it');
      assert.match(r.stderr, /biomed annotate: no model to run \(--engine auto\): Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
      assert.match(r.stderr, /Three ways forward:/);
      assert.equal(r.stderr.match(/no model to run/g)?.length, 1, 'one message');
      if (out.endsWith('.jsonl')) {
        // The output file is assembled only when every note is done.
        assert.equal(fs.existsSync(out), false);
        assertNoTempFiles(path.dirname(out));
        continue;
      }
      // Notes done from the cache are written whole (as the first run wrote them); the changed one is not written.
      const written = outputs(out);
      const before = outputs(first);
      assert.ok(!Object.keys(written).some((f) => f.startsWith('progress-diabetes-ckd')), Object.keys(written).join(', '));
      for (const [f, bytes] of Object.entries(written)) if (f.endsWith('.json')) assert.deepEqual(bytes, before[f], f);
      assertNoTempFiles(out);
    }
  });

  it('notes the cache lacks, asked at once: one check of the server (one /api/tags), then only their questions', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const r1 = await biomed(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r1.code, 0, show(r1));
    const edits: [string, string, string][] = [
      ['progress-diabetes-ckd.note', 'Weight 98 kg.', 'Weight 97 kg after a fever.'],
      ['discharge-heart-failure.note', 'Warfarin', 'Warfarin was held for two days, then'],
    ];
    for (const [name, from, to] of edits) {
      const file = path.join(notes, name);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(text.includes(from), `${name} holds ${from}`);
      fs.writeFileSync(file, text.replace(from, to));
    }
    const requests = server.requests.length;
    const r2 = await biomed(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli', '--concurrency', '4']);
    assert.equal(r2.code, 0, show(r2));
    const paths = server.requests.slice(requests).map((r) => r.path);
    assert.equal(paths.filter((p) => p !== '/api/generate').length, 1, paths.join(', '));
    assert.equal(paths[0], '/api/tags');
    const figures = cacheFigures(r2.stdout);
    assert.equal(figures.model, paths.length - 1);
    assert.equal(figures.cached + figures.model, figures.used);
  });

  it('find over notes again, the server down: the same mentions, 0 model calls, all answers from the cache', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const args = ['find', notes, '--name', 'diabetes', '--json', '--cache', cache];
    const r1 = await biomed([...args, '--host', server.url]);
    assert.equal(r1.code, 0, show(r1));
    const first = cacheFigures(r1.stderr + r1.stdout);
    assert.ok(first.model > 5 && first.cached + first.model === first.used, JSON.stringify(first));
    const requests = server.requests.length;
    const r2 = await biomed([...args, '--host', server.url]);
    assert.equal(r2.code, 0, show(r2));
    assert.equal(server.requests.length, requests, 'no request of any path');
    const r3 = await biomed([...args, '--host', down]);
    assert.equal(r3.code, 0, show(r3));
    assert.equal(r3.stdout, r1.stdout);
    assert.match(r3.stderr, /: 0 model calls\./);
    const again = cacheFigures(r3.stderr);
    assert.deepEqual(again, { used: again.cached, cached: again.cached, model: 0 });
    assert.ok(again.cached >= first.model);
  });

  it('eval nli again, the server down: the same figures from the cache; a pair not in it: the no-model message, exit 1', async () => {
    const cache = tmpDir();
    const args = ['eval', 'nli', NLI_PAIRS, '--limit', '6', '--json', '--cache', cache];
    const r1 = await biomed([...args, '--host', server.url]);
    assert.equal(r1.code, 0, show(r1));
    assert.deepEqual(cacheFigures(r1.stderr), { used: 6, cached: 0, model: 6 });
    const requests = server.requests.length;
    const r2 = await biomed([...args, '--host', down]);
    assert.equal(r2.code, 0, show(r2));
    assert.equal(server.requests.length, requests);
    assert.equal(r2.stdout, r1.stdout, 'the same figures');
    assert.deepEqual(cacheFigures(r2.stderr), { used: 6, cached: 6, model: 0 });
    // One pair more than the cache holds.
    const r3 = await biomed(['eval', 'nli', NLI_PAIRS, '--limit', '7', '--json', '--cache', cache, '--host', down]);
    assert.equal(r3.code, 1, show(r3));
    assert.equal(r3.stdout, '');
    assert.match(r3.stderr, /biomed eval: no model to run \(--engine auto\): Ollama is not reachable/);
    assert.match(r3.stderr, /Three ways forward:/);
  });
});
