/**
 * `--cache DIR` / $BIOMED_CACHE_DIR: the model's answers kept between runs. A corpus run
 * again costs no model call; a changed sentence costs only its own questions; answers the
 * cache cannot trust are dropped and said, never used.
 */
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { filesBelow, runCli } from '../support/cli';
import { loadGoldDocuments, loadNliPairs, OllamaTestServer } from '../support/ollamaServer';
import { NLI_PAIRS, NOTES, cliSuite, show, tmpDir } from '../support/cliSuite';

describe('CLI: the model cache on disk (--cache)', function () {
  cliSuite();
  this.timeout(90_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());

  /** The fixture notes, copied where a test may change them. */
  function corpus(): string {
    const dir = tmpDir();
    for (const f of fs.readdirSync(NOTES).filter((f) => f.endsWith('.note'))) fs.copyFileSync(path.join(NOTES, f), path.join(dir, f));
    return dir;
  }
  const calls = () => server.generationRequests().length;
  const outputs = (dir: string) => Object.fromEntries(filesBelow(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));

  it('a corpus annotated again (a new output folder, a new process) asks the model nothing, and writes the same annotations', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const [first, second] = [tmpDir(), tmpDir()];
    const before = calls();
    const r1 = await runCli(['annotate', notes, '--out', first, '--host', server.url, '--cache', cache]);
    assert.equal(r1.code, 0, show(r1));
    const asked = calls() - before;
    assert.ok(asked > 20, `${asked} model calls the first time`);
    assert.match(
      r1.stdout,
      new RegExp(`Model cache ${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ${asked} answers used, 0 from the cache and ${asked} from the model; \\d+ kept`),
    );
    // The folder from the environment, as a shell profile would set it.
    const r2 = await runCli(['annotate', notes, '--out', second, '--host', server.url], { env: { BIOMED_CACHE_DIR: cache } });
    assert.equal(r2.code, 0, show(r2));
    assert.equal(calls() - before, asked, 'no model call the second time');
    assert.match(r2.stdout, /; 0 model calls, 0 prompt tokens\./);
    // Every question of the first run is answered from the cache (one asked by two notes counts twice).
    const reused = Number(/: \d+ answers used, (\d+) from the cache and 0 from the model;/.exec(r2.stdout)?.[1]);
    assert.ok(reused >= asked, `${reused} answers reused, ${asked} asked the first time`);
    assert.deepEqual(outputs(second), outputs(first));
  });

  it('one sentence changed: only its own questions go to the model', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const r1 = await runCli(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r1.code, 0, show(r1));
    const note = path.join(notes, 'progress-diabetes-ckd.note');
    const text = fs.readFileSync(note, 'utf8');
    assert.ok(text.includes('Weight 98 kg.'));
    fs.writeFileSync(note, text.replace('Weight 98 kg.', 'Weight 97 kg after a fever.'));
    const before = server.generationRequests().length;
    const r2 = await runCli(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r2.code, 0, show(r2));
    const asked = server.generationRequests().slice(before);
    assert.ok(asked.length >= 1, 'the changed sentence is asked about');
    for (const r of asked)
      assert.ok(JSON.stringify(r.body).includes('97 kg after a fever'), `a request about another sentence: ${JSON.stringify(r.body).slice(0, 300)}`);
  });

  it('a torn or altered cache file: the bad answers are dropped, said on stderr, and asked again; the run succeeds', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const first = tmpDir();
    const r1 = await runCli(['annotate', notes, '--out', first, '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r1.code, 0, show(r1));
    const file = path.join(cache, 'answers.log');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    // One answer's bytes changed (its check no longer holds), and a crash cut the file mid-line.
    const altered = lines.findIndex((l, i) => i >= 3 && /^[0-9a-f]{64}\t.*"start":\d/.test(l));
    lines[altered] = lines[altered].replace(/"start":(\d)/, (_m, d) => `"start":${(Number(d) + 1) % 10}`);
    fs.writeFileSync(file, lines.join('\n') + '{"cut');
    const before = calls();
    const second = tmpDir();
    const r2 = await runCli(['annotate', notes, '--out', second, '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r2.code, 0, show(r2));
    assert.match(r2.stderr, /Model cache: 2 answer\(s\) in .* were torn or changed on disk and were dropped \(asked again\)\./);
    assert.equal(calls() - before, 1, 'the altered answer is asked again; the others are reused');
    assert.deepEqual(outputs(second), outputs(first));
  });

  it('a damaged cache is repaired once: the first run says how many lines were bad, the next says nothing and the file holds none', async () => {
    const notes = corpus();
    const cache = tmpDir();
    const r1 = await runCli(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r1.code, 0, show(r1));
    const file = path.join(cache, 'answers.log');
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const answers = lines.map((l, i) => (/^[0-9a-f]{64}\t/.test(l) ? i : -1)).filter((i) => i >= 0);
    assert.ok(answers.length >= 8, `${answers.length} answers kept`);
    // Three answers' keys damaged (the line is no answer's layout: found when the file is read),
    // two answers' bytes changed (their check fails: found when the answer is read).
    for (const i of answers.slice(0, 3)) lines[i] = `Z${lines[i].slice(1)}`;
    for (const i of answers.slice(3, 5)) lines[i] = `${lines[i].slice(0, -1)}${lines[i].endsWith(' ') ? '_' : ' '}`;
    fs.writeFileSync(file, lines.join('\n'));
    const damagedReport = /Model cache: (\d+) answer\(s\) in .* were torn or changed on disk/;
    const r2 = await runCli(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r2.code, 0, show(r2));
    assert.equal(damagedReport.exec(r2.stderr)?.[1], '5', show(r2));
    const before = calls();
    const r3 = await runCli(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--cache', cache, '--no-nli']);
    assert.equal(r3.code, 0, show(r3));
    assert.doesNotMatch(r3.stderr, damagedReport);
    assert.equal(calls(), before, 'every damaged answer was asked again and kept by the run before');
    const bad = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .slice(1, -1)
      .filter((l) => !/^[0-9a-f]{64}$/.test(l) && !answerLineHolds(l));
    assert.deepEqual(bad, []);
  });

  it('--cache naming a file is refused before anything is sent', async () => {
    const file = path.join(tmpDir(), 'cache.txt');
    fs.writeFileSync(file, 'mine');
    const before = calls();
    const r = await runCli(['annotate', NOTES, '--out', tmpDir(), '--host', server.url, '--cache', file]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--cache .*cache\.txt: not a folder/);
    assert.equal(fs.readFileSync(file, 'utf8'), 'mine');
    assert.equal(calls(), before);
  });
});

/** An answer's line as the store writes it: KEY, the first 16 hex of its JSON's SHA-256, the JSON. */
function answerLineHolds(line: string): boolean {
  const m = /^[0-9a-f]{64}\t([0-9a-f]{16})\t(.*)$/.exec(line);
  return !!m && createHash('sha256').update(m[2]).digest('hex').slice(0, 16) === m[1];
}
