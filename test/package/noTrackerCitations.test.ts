/**
 * No tracked file cites an issue of a tracker: readers of the repository have none, so a
 * comment, test title or doc says what the code does and why instead. Every tracked source,
 * test, script and doc file is read (git ls-files); fixtures are data, only their READMEs are
 * read. EXEMPT names the files not held to it yet, each still citing (an exemption no longer
 * needed fails, so that it is removed).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

/** Files not held to it yet (none now; a file added here must still cite one). */
const EXEMPT: string[] = [];

/** The files read: sources, tests, scripts, docs and configuration by their endings, and .ci/. */
const TEXT = /\.(?:[cm]?[jt]s|json|md|sh|ya?ml|py|lua|el|sbatch)$|^\.ci\//;

/**
 * A citation: the word issue (or issues) before a number, with a space, a hyphen, a hash or
 * nothing between; a hash and a number in brackets, as trackers link; and the word's
 * possessive, which names an issue a reader cannot open as surely as its number does.
 */
const CITATION = /\bissues?[ -]?#?\d+|\(#\d+\)|\bissue's\b/i;

/** `file:line: text` of every line of `text` that cites an issue. */
function citations(text: string, file = ''): string[] {
  return text.split('\n').flatMap((line, i) => (CITATION.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : []));
}

function trackedTextFiles(): string[] {
  const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 }).split('\0');
  return listed.filter((f) => TEXT.test(f) && (!f.startsWith('test/fixtures/') || f.endsWith('.md')) && fs.existsSync(path.join(ROOT, f)));
}

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

describe('package: no citations of a tracker', () => {
  it('the pattern finds a citation in each spelling, and not a brat note, a colour or the word in prose', () => {
    const n = 34;
    const issue = 'issue';
    for (const line of [
      `see ${issue} ${n}`,
      `(Issue #${n})`,
      `${issue}-${n}`,
      `${issue}s ${n} and 35`,
      `${issue}${n}`,
      `fixed (#${n})`,
      `above the ${issue}'s thresholds`,
    ]) {
      assert.notDeepEqual(citations(line), [], line);
    }
    for (const line of [
      '#1\tRejected problem:44-54\tChest pain',
      'color: #555;',
      'tissue 12 mm',
      'To address this issue we',
      'Issues: 1.Pneumonia 2.Heart failure',
    ]) {
      assert.deepEqual(citations(line), [], line);
    }
  });

  it('no tracked source, test, script or doc file cites an issue', () => {
    const files = trackedTextFiles();
    assert.ok(files.length > 500 && files.includes('README.md') && files.includes('test/fixtures/README.md'), `${files.length} files read`);
    const found = files.filter((f) => !EXEMPT.includes(f)).flatMap((f) => citations(read(f), f));
    assert.deepEqual(found, [], 'say what the code does and why instead');
  });

  it('every exempt file is tracked and still cites one', () => {
    const files = trackedTextFiles();
    for (const f of EXEMPT) {
      assert.ok(files.includes(f), `${f}: not a tracked file read here`);
      assert.notDeepEqual(citations(read(f), f), [], `${f} cites no issue: remove it from EXEMPT`);
    }
  });
});
