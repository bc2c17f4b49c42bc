/**
 * The vocabulary build's external sort (vocab/externalSort.ts): every distinct line once, in
 * string order, from memory, from run files sorted on a worker thread or on the caller's; a
 * run that cannot be written fails the sort with the file's name, whichever thread wrote it;
 * the merge's tournament gives the runs' lines in order for any number of runs.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExternalSorter, LoserTree } from '../../../../server/src/engine/linking/vocab/externalSort';
import { mulberry32 } from '../../../../server/src/engine/random';

describe('vocabulary build: the external sort', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-sort-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Lines with repeats, non-ASCII and astral characters (string order is UTF-16 code units).
  const rand = mulberry32(7);
  const pieces = ['K1:asthma', 'K2:mellitus diabetes', 'Aéclampsie', 'I\u{1F600}x', 'K3:neoplasm', 'A\uFFFDz', 'I12'];
  const lines = Array.from({ length: 3000 }, () => `${pieces[Math.floor(rand() * pieces.length)]}\u0000${Math.floor(rand() * 400)}`);
  const expected = [...new Set(lines)].sort();

  for (const [how, budget, onWorker] of [
    ['in memory', undefined, true],
    ['in runs on the worker thread', 2000, true],
    ['in runs on the caller’s thread', 2000, false],
  ] as const) {
    it(`${how}: every distinct line once, in string order; no run file left`, () => {
      const sorter = new ExternalSorter(dir, budget, onWorker);
      for (const line of lines) sorter.add(line);
      assert.deepEqual([...sorter.sorted()], expected);
      assert.deepEqual(fs.readdirSync(dir), []);
      sorter.dispose();
    });
  }

  for (const onWorker of [true, false]) {
    it(`no line added: nothing sorted, no run file (${onWorker ? 'worker' : 'caller'})`, () => {
      const sorter = new ExternalSorter(dir, 500, onWorker);
      assert.deepEqual([...sorter.sorted()], []);
      assert.deepEqual(fs.readdirSync(dir), []);
      sorter.dispose();
    });
  }

  /** A sorted run held in memory, read as the merge reads a run file. */
  class ArrayRun {
    line = '';
    done = false;
    private at = 0;
    constructor(private readonly lines: string[]) {
      this.next();
    }
    next(): void {
      if (this.at < this.lines.length) this.line = this.lines[this.at++];
      else this.done = true;
    }
  }

  it('the tournament merges any number of runs (1 to 40, some empty, with repeats) in string order', () => {
    const pick = mulberry32(11);
    for (let k = 1; k <= 40; k++) {
      const runs = Array.from({ length: k }, () => Array.from({ length: Math.floor(pick() * 6) }, () => `K${Math.floor(pick() * 30)}`).sort());
      const sources = runs.map((r) => new ArrayRun(r));
      const tree = new LoserTree(sources);
      const merged: string[] = [];
      for (;;) {
        const w = tree.winner();
        if (sources[w].done) break;
        merged.push(sources[w].line);
        sources[w].next();
        tree.replay(w);
      }
      assert.deepEqual(merged, runs.flat().sort(), `${k} runs`);
    }
  });

  it('many runs of odd count through the sorter: the same lines as one sort', () => {
    // A budget that gives dozens of runs (the tournament's paths of unequal depth).
    const sorter = new ExternalSorter(dir, 350, false);
    for (const line of lines) sorter.add(line);
    assert.deepEqual([...sorter.sorted()], expected);
    sorter.dispose();
  });

  for (const onWorker of [true, false]) {
    it(`a run that cannot be written (its folder is gone) fails the sort with the file's name (${onWorker ? 'worker' : 'caller'})`, () => {
      const gone = path.join(dir, 'gone');
      const sorter = new ExternalSorter(gone, 500, onWorker);
      assert.throws(
        () => {
          for (const line of lines) sorter.add(line);
          for (const line of sorter.sorted()) void line;
        },
        new RegExp(`run-0\\.txt|${gone.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
      );
      sorter.dispose();
    });
  }
});
