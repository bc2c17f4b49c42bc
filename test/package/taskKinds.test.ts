/**
 * A task's kinds are spelled out once, in the task table: no other engine module
 * lists the tasks (a record with a key per task, a union of their names, a sum over them);
 * counts and failures per task follow `TASK_KINDS`.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TASK_KINDS, TASKS } from '../../server/src/engine/pipeline/taskTable';
import { ROOT } from '../support/paths';

const ENGINE = path.join(ROOT, 'server/src/engine');
const TABLE = 'pipeline/taskTable.ts';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Ways a module lists the tasks itself: every kind as a key, a name or a field, within one short stretch (any order). */
function listsTasks(text: string): string | undefined {
  const escape = (k: string) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const ways: [string, (k: string) => RegExp][] = [
    ['a key per task', (k) => new RegExp(`(?<![\\w.])${escape(k)}\\s*:(?!:)`)],
    ['every task name', (k) => new RegExp(`'${escape(k)}'`)],
    ['a field per task', (k) => new RegExp(`\\.${escape(k)}\\b`)],
  ];
  for (const [what, pattern] of ways) {
    const first = new RegExp(pattern(TASK_KINDS[0]).source, 'g');
    for (const m of text.matchAll(first)) {
      const stretch = text.slice(Math.max(0, m.index - 160), m.index + 160);
      if (TASK_KINDS.every((k) => pattern(k).test(stretch))) return `${what}: ${stretch.replace(/\s+/g, ' ').trim().slice(0, 160)}`;
    }
  }
  return undefined;
}

describe('task kinds come from the task table', () => {
  it('TASK_KINDS is the table, in its order', () => {
    assert.deepEqual([...TASK_KINDS], Object.keys(TASKS));
    assert.ok(TASK_KINDS.length >= 3);
  });

  it('no other engine module lists the tasks itself', () => {
    const found: string[] = [];
    for (const file of sources(ENGINE)) {
      const rel = path.relative(ENGINE, file).split(path.sep).join('/');
      if (rel === TABLE) continue;
      const where = listsTasks(fs.readFileSync(file, 'utf8'));
      if (where) found.push(`${rel}: ${where}`);
    }
    assert.deepEqual(found, []);
  });

  it('the check finds a list of the tasks where there is one', () => {
    assert.ok(listsTasks(`return { ner: { waiting: 0 }, re: { waiting: 0 }, nli: { waiting: 0 } };`));
    assert.ok(listsTasks(`failed(error: ModelError, task: 'ner' | 're' | 'nli'): void {`));
    assert.ok(listsTasks(`return this.counts.ner[state] + this.counts.re[state] + this.counts.nli[state];`));
    assert.equal(listsTasks(`for (const kind of TASK_KINDS) n += this.counts[kind][state];`), undefined);
  });
});
