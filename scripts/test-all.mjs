// `npm test`: every suite, one after another, each run even when an earlier one failed, so a
// failing mocha suite does not hide the other editors' or real VS Code's tests. Then a table
// (suite, result, passed / failed / skipped, time) and, alone on the last line,
// `N passed, N failed, N skipped` summed over the suites (CI reads that line). Just above the
// table, each failing test's report is printed once more (mocha's lines after `N failing`, at most
// FAILURE_LINES a suite), so a log that keeps only its tail still says which test failed and why.
// Exits 1 when any
// suite failed. Only a failed build or typecheck stops it: nothing after them can run.
//
// The suites: build, typecheck, mocha (.mocharc.js: every suite but editors and e2e), the
// tests that read the shared data folder (those that import test/support/sharedData) once more
// with BIOMED_SHARED_DATA pointed at an empty folder (they pass only by skipping, each saying
// what is absent), the Neovim and Emacs tests, and the end-to-end tests in real VS Code.
//
//   node scripts/test-all.mjs                     every suite
//   node scripts/test-all.mjs --only mocha,e2e    those (build and typecheck always run first)
//   node scripts/test-all.mjs --suites FILE       the suites of a JSON file instead (the
//                                                 runner's own test): [{ "id", "command":
//                                                 [argv], "mocha"?, "stops"?, "env"?, "expectSkips"? }]
//
// Counts come from mocha's spec reporter summary lines (`N passing`, `N failing`, `N pending`);
// a suite that fails without a failing count (a build error, a crash) counts as one failed.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const SKIP_LINE = /^\s*skipped: .+ not found under /;
const FAILURE_LINES = 60;

/** The tests that read the shared data folder: the compiled ones importing its support module. */
function sharedDataTests() {
  const dir = path.join(ROOT, 'out', 'test');
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith('.test.js') && !/^(e2e|editors)\//.test(f))
    .map((f) => path.join('out', 'test', f))
    .filter((f) => /require\("[./]*\/support\/sharedData"\)/.test(fs.readFileSync(path.join(ROOT, f), 'utf8')))
    .sort();
}

function defaultSuites(emptyDir) {
  return [
    { id: 'build', command: ['npm', 'run', 'build'], stops: true },
    { id: 'typecheck', command: ['npx', 'tsc', '-b'], stops: true },
    { id: 'mocha', command: ['npx', 'mocha'], mocha: true },
    {
      id: 'shared-data-absent',
      // Found after the typecheck has compiled them.
      command: () => ['npx', 'mocha', ...sharedDataTests()],
      env: { BIOMED_SHARED_DATA: emptyDir() },
      mocha: true,
      expectSkips: true,
    },
    { id: 'editors', command: ['npm', 'run', 'test:editors:built'], mocha: true },
    { id: 'e2e', command: ['npm', 'run', 'test:e2e'], mocha: true },
  ];
}

/**
 * Reads the spec reporter's summary lines as they go by (`  N passing (2s)`, `  N failing`,
 * `  N pending`, indented two spaces exactly, colours stripped); each `passing` line is one
 * more mocha run, whose counts are added.
 */
function summaryReader() {
  const s = { runs: 0, passed: 0, failed: 0, skipped: 0, skipLines: 0, failures: [] };
  // Mocha prints the failures' reports after its summary, up to the next run's first line.
  let inFailures = false;
  return {
    summary: s,
    line(raw) {
      const line = raw.replace(/\x1b\[[0-9;]*m/g, ''); // eslint-disable-line no-control-regex
      let m;
      if ((m = /^ {2}(\d+) passing \(\S+\)$/.exec(line))) {
        s.runs++;
        s.passed += Number(m[1]);
        inFailures = false;
      } else if (s.runs > 0 && (m = /^ {2}(\d+) failing$/.exec(line))) {
        s.failed += Number(m[1]);
        inFailures = true;
      } else if (inFailures && /^\S/.test(line))
        inFailures = false; // npm's or the next run's own line
      else if (inFailures) {
        if (s.failures.length < FAILURE_LINES) s.failures.push(line);
      } else if (s.runs > 0 && (m = /^ {2}(\d+) pending$/.exec(line))) s.skipped += Number(m[1]);
      else if (SKIP_LINE.test(line)) s.skipLines++;
    },
  };
}

/** Runs one suite, its output passed through as it comes and read line by line. */
function run(suite) {
  const argv = typeof suite.command === 'function' ? suite.command() : suite.command;
  const reader = summaryReader();
  const started = Date.now();
  console.log(
    `\n=== ${suite.id}: ${argv.join(' ')}${
      suite.env
        ? ` (${Object.entries(suite.env)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')})`
        : ''
    }\n`,
  );
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: ROOT,
      env: { ...process.env, ...suite.env },
      stdio: ['inherit', 'pipe', 'pipe'],
      shell: process.platform === 'win32',
    });
    running = child;
    for (const [stream, out] of [
      [child.stdout, process.stdout],
      [child.stderr, process.stderr],
    ]) {
      let rest = '';
      stream.on('data', (chunk) => {
        out.write(chunk);
        const lines = (rest + chunk.toString('utf8')).split('\n');
        rest = lines.pop();
        lines.forEach(reader.line);
      });
      stream.on('end', () => rest && reader.line(rest));
    }
    const done = (code, why) => {
      running = undefined;
      const s = reader.summary;
      const notes = [];
      if (why) notes.push(why);
      if (code !== 0) notes.push(`exit ${code}`);
      if (suite.mocha && s.runs === 0) notes.push('no mocha summary');
      if (suite.expectSkips && (s.skipped === 0 || s.skipLines === 0)) notes.push('nothing skipped with its reason');
      resolve({ id: suite.id, ok: notes.length === 0, ...s, notes, seconds: (Date.now() - started) / 1000 });
    };
    child.on('error', (err) => done(-1, err.message));
    child.on('close', (code, signal) => done(code ?? -1, signal ? `killed by ${signal}` : undefined));
  });
}

let running;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    running?.kill(signal);
    process.exit(130);
  });
}

function table(results, suites) {
  const rows = [['suite', 'result', 'passed', 'failed', 'skipped', 'time']];
  for (const suite of suites) {
    const r = results.find((x) => x.id === suite.id);
    if (!r) rows.push([suite.id, 'not run', '-', '-', '-', '-']);
    else {
      const counts = r.runs > 0 ? [r.passed, r.failed, r.skipped].map(String) : ['-', '-', '-'];
      rows.push([r.id, r.ok ? 'ok' : `FAILED (${r.notes.join('; ')})`, ...counts, `${r.seconds.toFixed(1)} s`]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((cell, i) => (i >= 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ')).join('\n');
}

async function main() {
  const args = process.argv.slice(2);
  const option = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  let empty;
  const emptyDir = () => (empty ??= fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-no-shared-data-')));
  let suites = option('--suites') ? JSON.parse(fs.readFileSync(option('--suites'), 'utf8')) : defaultSuites(emptyDir);
  const only = option('--only')?.split(',');
  if (only) suites = suites.filter((s) => s.stops || only.includes(s.id));
  const results = [];
  try {
    for (const suite of suites) {
      const r = await run(suite);
      results.push(r);
      if (!r.ok && suite.stops) break;
    }
  } finally {
    if (empty) fs.rmSync(empty, { recursive: true, force: true });
  }
  const failedSuites = results.filter((r) => !r.ok);
  const sum = (k) => results.reduce((n, r) => n + r[k], 0);
  // A suite that failed with no failing test counted (a build error, a crash) is one failure.
  const failed = sum('failed') + failedSuites.filter((r) => r.failed === 0).length;
  const ok = failedSuites.length === 0 && results.length === suites.length;
  for (const r of results.filter((x) => x.failures.some((l) => l.trim()))) {
    console.log(`\n=== failing in ${r.id} (repeated from above)\n${r.failures.join('\n').trim()}`);
  }
  console.log(`\n${table(results, suites)}\n`);
  console.log(`${sum('passed')} passed, ${failed} failed, ${sum('skipped')} skipped`);
  process.exitCode = ok ? 0 : 1;
}

await main();
