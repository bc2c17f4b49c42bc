/**
 * The note index at a researcher's scale: 1,000 generated notes of 60 entities each (a
 * concept mentioned once, last of the last note, among 2,000 others), queried by concept
 * ID, by name and grouped for the Concepts view; the index's size on disk and in memory,
 * and the time to read it back. The goal: a query under 100 ms, under 50 MB.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { IndexedMention, NoteIndex } from '../server/src/engine/noteIndex';
import { table } from './common';

const NOTES = Number(process.env.BENCH_INDEX_NOTES ?? 1000);
const PER_NOTE = 60;
const STATUSES = [[], [], [], ['negated'], ['historical'], ['family'], ['possible']] as const;

function mention(i: number, j: number): IndexedMention {
  const concept = (i * 7 + j * 13) % 2000;
  const text = `finding number ${concept}`;
  const start = j * 40;
  return {
    start,
    end: start + text.length,
    from: { line: j, character: 0 },
    to: { line: j, character: text.length },
    text,
    type: ['problem', 'treatment', 'test'][concept % 3],
    statuses: [...STATUSES[(i + j) % STATUSES.length]],
    concepts: [{ id: `MESH:D${String(concept).padStart(6, '0')}`, name: `Finding Number ${concept}` }],
    section: ['history of present illness', 'past medical history', 'family history', 'assessment and plan'][j % 4],
  };
}

function timed<T>(run: () => T, times = 20): { ms: number; value: T } {
  let value = run();
  const t0 = performance.now();
  for (let k = 0; k < times; k++) value = run();
  return { ms: (performance.now() - t0) / times, value };
}

export async function noteIndex(): Promise<void> {
  global.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const index = new NoteIndex();
  for (let i = 0; i < NOTES; i++) {
    const mentions = Array.from({ length: PER_NOTE }, (_, j) => mention(i, j));
    if (i === NOTES - 1) mentions.push({ ...mention(i, PER_NOTE), text: 'Takayasu arteritis', concepts: [{ id: 'MESH:D013625', name: 'Takayasu Arteritis' }] });
    index.put({ uri: `file:///notes/note-${String(i).padStart(5, '0')}.note`, hash: NoteIndex.hash(String(i)), mentions });
  }
  global.gc?.();
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1024 / 1024;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-index-'));
  const file = path.join(dir, 'notes-index.json');
  index.save(file);
  const diskMb = fs.statSync(file).size / 1024 / 1024;
  const rows: (string | number)[][] = [];
  const row = (what: string, r: { ms: number; value: unknown[] }) => rows.push([what, r.value.length, r.ms.toFixed(1)]);
  row(
    'concept ID, written once, last (MESH:D013625)',
    timed(() => index.find({ id: 'MESH:D013625' })),
  );
  row(
    'concept ID, common (D000042)',
    timed(() => index.find({ id: 'D000042' })),
  );
  row(
    'name, whole-word prefix ("takayasu art")',
    timed(() => index.find({ name: 'takayasu art' })),
  );
  row(
    'name, common ("finding number 42")',
    timed(() => index.find({ name: 'finding number 42' })),
  );
  row(
    'negated problems',
    timed(() => index.find({ statuses: ['negated'], types: ['problem'] }), 5),
  );
  row(
    'Concepts view: all grouped by concept',
    timed(() => index.concepts({}), 3),
  );
  const load = timed(() => [NoteIndex.load(file)], 3);
  fs.rmSync(dir, { recursive: true, force: true });
  table(
    `the note index: ${NOTES} notes, ${NOTES * PER_NOTE + 1} mentions; ${diskMb.toFixed(1)} MB on disk, about ${heapMb.toFixed(1)} MB of heap (read back in ${load.ms.toFixed(0)} ms)`,
    ['query', 'mentions found', 'ms'],
    rows,
  );
}
