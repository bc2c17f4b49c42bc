/**
 * docs/dev/performance.md is a reference, not a diary: it stays short enough to read (under
 * 500 lines) and says what holds now, so it names no working session ("session 15") a reader
 * cannot look up; history belongs in CHANGELOG.md and git.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

const DOC = 'docs/dev/performance.md';
const MAX_LINES = 500;
/** A diary reference: "session 15", "session's start", "this session". */
const DIARY = /\bsessions? \d+|\bsession's\b|\bthis session\b/i;

function diaryLines(text: string): string[] {
  return text.split('\n').flatMap((line, i) => (DIARY.test(line) ? [`${i + 1}: ${line.trim()}`] : []));
}

describe('package: the performance doc is a reference', () => {
  const text = fs.readFileSync(path.join(ROOT, DOC), 'utf8');

  it('the pattern finds a session diary and not a language-server session or a word in prose', () => {
    for (const line of ['The whole bench again (session 15)', "at the session's start", 'this session measured', 'sessions 12 and 13']) {
      assert.notDeepEqual(diaryLines(line), [], line);
    }
    for (const line of ['reopened by a new process', 'one per note session', 'a session of the editor']) assert.deepEqual(diaryLines(line), [], line);
  });

  it(`has fewer than ${MAX_LINES} lines`, () => {
    const lines = text.split('\n').length;
    assert.ok(lines < MAX_LINES, `${DOC} has ${lines} lines: move history to CHANGELOG.md`);
  });

  it('names no working session', () => {
    assert.deepEqual(diaryLines(text), [], 'say what holds now; history goes to CHANGELOG.md');
  });
});
