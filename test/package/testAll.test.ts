/**
 * `npm test`'s runner (scripts/test-all.mjs) over tiny fake suites (`--suites FILE`), never the
 * real ones: every suite runs after one fails, the summary counts come from mocha's spec
 * reporter lines, the last line sums them, and the exit status says whether all passed.
 */
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

interface Fake {
  id: string;
  /** What the fake suite prints on stdout. */
  prints: string;
  exit?: number;
  mocha?: boolean;
  stops?: boolean;
  expectSkips?: boolean;
}

/** Runs the runner over `fakes`; its exit code, its output's lines, and its last line. */
async function runner(fakes: Fake[]): Promise<{ code: number; lines: string[]; last: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-test-all-'));
  try {
    const suites = fakes.map((f) => ({
      id: f.id,
      command: [process.execPath, '-e', `process.stdout.write(${JSON.stringify(f.prints)}); process.exitCode = ${f.exit ?? 0};`],
      mocha: f.mocha ?? true,
      stops: f.stops,
      expectSkips: f.expectSkips,
    }));
    fs.writeFileSync(path.join(dir, 'suites.json'), JSON.stringify(suites));
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
      execFile(process.execPath, [path.join(ROOT, 'scripts', 'test-all.mjs'), '--suites', path.join(dir, 'suites.json')], (err, stdout) =>
        resolve({ code: err ? Number(err.code) : 0, stdout }),
      ),
    );
    const lines = stdout.trimEnd().split('\n');
    return { code, lines, last: lines[lines.length - 1] };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The summary table's row of a suite: its cells. */
const row = (lines: string[], id: string) =>
  lines
    .find((l) => l.startsWith(`${id} `))
    ?.trim()
    .split(/\s{2,}/);

const mochaSummary = (passing: number, failing = 0, pending = 0) =>
  `\n  ✔ something\n\n  ${passing} passing (12ms)\n${pending ? `  ${pending} pending\n` : ''}${failing ? `  ${failing} failing\n\n  1) a test:\n     AssertionError: expected\n     3 passing (1ms)\n` : ''}`;

describe('package: the test runner (scripts/test-all.mjs) over fake suites', function () {
  this.timeout(30_000);

  it('runs every suite after one fails, counts from mocha summaries, sums them on the last line, exits 1', async () => {
    const r = await runner([
      { id: 'first', prints: mochaSummary(2, 1), exit: 1 },
      // Coloured as on a terminal.
      { id: 'second', prints: '\u001b[32m  3 passing\u001b[0m\u001b[90m (5ms)\u001b[0m\n\u001b[36m  2 pending\u001b[0m\n' },
      { id: 'crash', prints: 'TypeError: boom\n', exit: 3 },
      { id: 'plain', prints: 'built\n', mocha: false },
    ]);
    assert.equal(r.code, 1);
    assert.deepEqual(row(r.lines, 'first'), ['first', 'FAILED (exit 1)', '2', '1', '0', row(r.lines, 'first')![5]]);
    assert.deepEqual(row(r.lines, 'second')?.slice(0, 5), ['second', 'ok', '3', '0', '2']);
    assert.deepEqual(row(r.lines, 'crash')?.slice(0, 5), ['crash', 'FAILED (exit 3; no mocha summary)', '-', '-', '-']);
    assert.deepEqual(row(r.lines, 'plain')?.slice(0, 2), ['plain', 'ok']);
    assert.match(row(r.lines, 'plain')![5], /^\d+\.\d s$/);
    // The crash, with no failing count, is one failure; a summary-like line inside a failure's message is not one.
    assert.equal(r.last, '5 passed, 2 failed, 2 skipped');
    // The failing test's report once more just above the table, for a log read from its tail.
    const repeated = r.lines.indexOf('=== failing in first (repeated from above)');
    const tableHead = r.lines.findIndex((l) => l.startsWith('suite '));
    assert.ok(repeated > r.lines.indexOf('  1 failing') && repeated < tableHead, 'repeated after the suites, before the table');
    assert.deepEqual(r.lines.slice(repeated + 1, repeated + 3), ['1) a test:', '     AssertionError: expected']);
    assert.equal(r.lines.filter((l) => l.startsWith('=== failing in')).length, 1, 'only the suite with a failing test');
  });

  it('a suite expected to skip fails when nothing was skipped with its reason', async () => {
    const reason = '    skipped: MEDIC not found under /tmp/x (BIOMED_SHARED_DATA; default ../shared/data beside the repository): medic.txt\n';
    const r = await runner([
      { id: 'skips', prints: reason + mochaSummary(1, 0, 1), expectSkips: true },
      { id: 'pendingOnly', prints: mochaSummary(1, 0, 1), expectSkips: true },
      { id: 'reasonOnly', prints: reason + mochaSummary(2), expectSkips: true },
    ]);
    assert.equal(r.code, 1);
    assert.equal(row(r.lines, 'skips')?.[1], 'ok');
    assert.equal(row(r.lines, 'pendingOnly')?.[1], 'FAILED (nothing skipped with its reason)');
    assert.equal(row(r.lines, 'reasonOnly')?.[1], 'FAILED (nothing skipped with its reason)');
    assert.equal(r.last, '4 passed, 2 failed, 2 skipped');
  });

  it('a failed suite that stops the run (build, typecheck) leaves the rest not run', async () => {
    const r = await runner([
      { id: 'build', prints: 'error TS2322\n', exit: 2, mocha: false, stops: true },
      { id: 'tests', prints: mochaSummary(7) },
    ]);
    assert.equal(r.code, 1);
    assert.deepEqual(row(r.lines, 'tests'), ['tests', 'not run', '-', '-', '-', '-']);
    assert.ok(!r.lines.some((l) => l.includes('7 passing')), 'the suite after it did not run');
    assert.equal(r.last, '0 passed, 1 failed, 0 skipped');
  });

  it('exits 0 when every suite passed', async () => {
    const r = await runner([
      { id: 'a', prints: mochaSummary(4, 0, 1) },
      { id: 'b', prints: mochaSummary(6) },
    ]);
    assert.equal(r.code, 0);
    assert.equal(r.last, '10 passed, 0 failed, 1 skipped');
  });
});
