/**
 * `biomed annotate` on a terminal shows its sentences as they finish, with an estimate of
 * the time left once enough is done; the bar, the count and the ETA count one unit
 * ("questions 37/~120 · ETA 40 s · notes 1/2"); not on a non-terminal, where CI logs keep one
 * line per note. The module with
 * a stream that says it is a terminal and a clock of its own, then the real bundle under a
 * real pseudo-terminal (util-linux `script`).
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { ETA_MIN_MS, ETA_MIN_SENTENCES, formatSeconds, Progress } from '../../server/src/cli/progress';
import { CLINICAL_NOTES, fixtureNote } from '../support/gold';
import { CLI, cliSandbox, ROOT } from '../support/cli';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

/** A stream that says it is a terminal and keeps what is written. */
function terminal(isTTY: boolean): Writable & { isTTY: boolean; text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  }) as Writable & { isTTY: boolean; text: () => string };
  w.isTTY = isTTY;
  w.text = () => chunks.join('');
  return w;
}

/** The line a terminal shows last (after the last carriage return). */
const shown = (s: string) => s.split('\r').pop()!.trimEnd();

describe('biomed annotate: progress per sentence with an ETA on a terminal', function () {
  this.timeout(60_000);
  const savedCi = process.env.CI;
  before(() => delete process.env.CI);
  after(() => (savedCi === undefined ? delete process.env.CI : (process.env.CI = savedCi)));

  it('bar, count and ETA count one unit: sentences, as they finish; the ETA once enough is done, from the rate so far', () => {
    let now = 0;
    const out = terminal(true);
    const p = new Progress(3, out, { unit: 'notes', now: () => now });
    const a = p.startDocument(4);
    const b = p.startDocument(6);
    const counts: string[] = [];
    for (let i = 1; i <= 4; i++) {
      now += 400;
      a.done(i);
      counts.push(shown(out.text()));
    }
    // 10 sentences in the two notes begun, and the third note, not begun, at their average (5): about 15.
    assert.match(counts[0], /^\[##\.{28}\] sentences 1\/~15 · notes 0\/3$/);
    assert.match(counts[1], /sentences 2\/~15 · notes 0\/3$/);
    assert.doesNotMatch(counts[1], /ETA/, `not before ${ETA_MIN_SENTENCES} sentences`);
    // 4 sentences in 1.6 s, 11 left: 4 s.
    assert.match(counts[3], /^\[########\.{22}\] sentences 4\/~15 · ETA 4 s · notes 0\/3$/);
    a.end();
    p.update(1, '0 failed');
    // A note finished moves no bar: the bar is the sentences' (it was the notes', and stayed empty while they ran).
    assert.match(shown(out.text()), /^\[########\.{22}\] sentences 4\/~15 · ETA 4 s · notes 1\/3 · 0 failed$/);
    now += 400;
    b.done(1);
    // 5 done in 2 s, 10 left: 4 s.
    assert.equal(p.eta(), 4);
    assert.match(shown(out.text()), /sentences 5\/~15 · ETA 4 s/);
    b.end();
    // A document that ended part way leaves its unfinished sentences out of the count.
    p.update(2, '1 failed');
    assert.match(shown(out.text()), /sentences 5\/~8 · ETA \d+ s · notes 2\/3 · 1 failed$/);
    const c = p.startDocument(2);
    now += 400;
    c.done(2);
    c.end();
    p.update(3, '1 failed');
    // All done: a full bar, the count at its total, no estimate and no ETA.
    assert.match(shown(out.text()), /^\[#{30}\] sentences 7\/7 · notes 3\/3 · 1 failed$/);
  });

  it("with the documents' model work, bar, count and ETA count the model's questions: never all done while relations and NLI run", () => {
    let now = 0;
    const out = terminal(true);
    const p = new Progress(1, out, { unit: 'notes', now: () => now });
    const t = p.startDocument(4);
    now = 2000;
    // Entities of all 4 sentences answered; 8 relation and NLI questions planned after them.
    t.done(4, { settled: 4, planned: 12 });
    assert.match(shown(out.text()), /^\[#{10}\.{20}\] questions 4\/12 · ETA 4 s · notes 0\/1$/);
    now = 4000;
    t.done(4, { settled: 8, planned: 12 });
    // Redrawn as the work goes on, though no sentence is added.
    assert.match(shown(out.text()), /^\[#{20}\.{10}\] questions 8\/12 · ETA 2 s · notes 0\/1$/);
    // More relation pairs planned: the total grows, the bar does not go back.
    now = 4200;
    t.done(4, { settled: 8, planned: 20 });
    assert.match(shown(out.text()), /^\[#{20}\.{10}\] questions 8\/20 · ETA \d+ s/);
  });

  it('no ETA while too little time has passed, however many sentences', () => {
    let now = 0;
    const p = new Progress(1, terminal(true), { now: () => now });
    const t = p.startDocument(20);
    now = ETA_MIN_MS - 1;
    t.done(10);
    assert.equal(p.eta(), undefined);
    now = ETA_MIN_MS * 2;
    assert.equal(p.eta(), 2);
  });

  it('not a terminal: no sentence counts, no line redrawn, only the events', () => {
    const out = terminal(false);
    const p = new Progress(2, out, { unit: 'notes' });
    const t = p.startDocument(5);
    for (let i = 1; i <= 5; i++) t.done(i);
    p.update(1, '0 failed', 'annotated a: 3 entities');
    p.finish();
    assert.equal(out.text(), '[1/2] annotated a: 3 entities\n');
  });

  it('formatSeconds', () => {
    assert.deepEqual([40, 119, 120, 185, 3600, 3720].map(formatSeconds), ['40 s', '119 s', '2 min', '3 min 5 s', '1 h', '1 h 2 min']);
  });

  describe('through dist/cli.js under a pseudo-terminal', () => {
    let server: OllamaTestServer;
    const { tmp, state } = cliSandbox('biomed-progress-');
    before(async () => {
      server = await OllamaTestServer.start({ gold: loadGoldDocuments(path.join(ROOT, 'test', 'fixtures', 'notes')) });
      // One answer every ~120 ms, one at a time: the run lasts long enough for an estimate.
      server.setTiming({ firstTokenMs: 120, perTokenMs: 0 });
    });
    after(async () => server.stop());

    it('the bar and the count rise together, question by question, before any note is done, and an ETA is shown', async () => {
      const notes = tmp();
      for (const name of CLINICAL_NOTES.slice(0, 2))
        fs.copyFileSync(path.join(ROOT, 'test/fixtures/notes', fixtureNote(name).file), path.join(notes, `${name}.note`));
      const args = [
        CLI,
        'annotate',
        notes,
        '--out',
        tmp(),
        '--host',
        server.url,
        '--model',
        MEDTUNED_MODEL.name,
        '--concurrency',
        '1',
        '--no-relations',
        '--no-nli',
      ];
      const command = ['node', ...args].map((a) => `'${a}'`).join(' ');
      // `script` runs the command on a pseudo-terminal: stderr is a TTY, as in a person's shell.
      const { CI: _ci, ...env } = process.env;
      const typescript = await new Promise<string>((resolve, reject) =>
        execFile('script', ['-qefc', command, '/dev/null'], { env: { ...env, BIOMED_STATE_DIR: state() }, timeout: 50_000 }, (err, stdout) =>
          err ? reject(new Error(`${err.message}\n${stdout}`)) : resolve(stdout),
        ),
      );
      const lines = typescript.split('\r').map((l) => l.trim());
      const counts = lines
        .map((l) => l.match(/^\[([#.]{30})\] questions (\d+)\/~?(\d+)(?: · ETA \d+ s)? · notes (\d)\/2/))
        .filter((m): m is RegExpMatchArray => m !== null);
      assert.ok(counts.length >= 5, typescript.slice(0, 2000));
      const done = counts.map((m) => Number(m[2]));
      const filled = counts.map((m) => m[1].replace(/\./g, '').length);
      assert.ok(
        done.every((d, i) => i === 0 || d >= done[i - 1]) && filled.every((f, i) => i === 0 || f >= filled[i - 1]),
        `never goes back: ${done.join(' ')} / ${filled.join(' ')}`,
      );
      assert.ok(new Set(done).size >= 5, `moves per question, not per note: ${done.join(' ')}`);
      // The bar fills while the first note runs (a bar of notes stayed empty until one was done).
      assert.ok(
        counts.some((m) => m[4] === '0' && m[1].startsWith('#')),
        typescript.slice(0, 2000),
      );
      assert.equal(filled[filled.length - 1], 30, `full at the end: ${filled.join(' ')}`);
      assert.ok(
        lines.some((l) => /questions \d+\/~?\d+ · ETA \d+ s/.test(l)),
        typescript.slice(0, 2000),
      );
      assert.match(typescript, /2 annotated, 0 skipped/);
    });
  });
});
