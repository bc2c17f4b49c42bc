/**
 * `BENCH_ONLY=deid`: the PHI rules' speed over the PhysioNet deid development part (891
 * nursing notes, 0.77 MB; ../shared/data/deid, BIOMED_SHARED_DATA): the rules alone on the
 * notes' texts (the corpus read once, not timed), MB/s and ms per note, best of five passes
 * after a warm-up (the name lists are built on first use, timed apart), with the recall and
 * precision of the run. Without the data the table is left out, saying why.
 *
 * Then one note of 0.5 to 4 MB (our own lines, names and dates on every one): MB/s at each size
 * and its ratio to the smallest's. Linear rules keep the ratio near 1; a rule that rescans the
 * note for every name falls with size (a 5 MB note once took 40 s here, the spread of names
 * found with context scanning every span for every word).
 */
import { performance } from 'node:perf_hooks';
import { evaluateDeid } from '../server/src/engine/eval/deidEvaluation';
import { readPhysionet } from '../server/src/engine/formats/phiCorpus';
import { detectPhi } from '../server/src/engine/tasks/phi/detect';
import { absentLine, missingShared, sharedFile } from '../test/support/sharedData';
import { table } from './common';
import * as fs from 'node:fs';

/** Our own lines: a clinician, a date and a place on each, the same few names again and again. */
const LINES = [
  'Seen by Dr. Okonkwo on 7/22/2019 at Wexbridge General; BP 110/70, stable overnight.',
  'Okonkwo aware of the plan. Wife (Marta Lindqvist) called 555-201-7788 with questions.',
  'Discussed with Dr. Halvorstad 3/4, MRN 4471920; follow up in the Fenwick clinic.',
  'Afebrile, tolerating diet, ambulating with PT. Plan unchanged.',
];

function sizes(): void {
  const rows: (string | number)[][] = [];
  let first = 0;
  for (const mb of [0.5, 1, 2, 4]) {
    const text = Array.from({ length: Math.ceil((mb * 1e6) / 80) }, (_, i) => LINES[i % LINES.length]).join('\n');
    detectPhi(text.slice(0, 10_000));
    const t = performance.now();
    const found = detectPhi(text).length;
    const ms = performance.now() - t;
    const rate = text.length / 1e6 / (ms / 1000);
    first ||= rate;
    rows.push([(text.length / 1e6).toFixed(2), found, ms.toFixed(0), rate.toFixed(2), (rate / first).toFixed(2)]);
  }
  table('De-identification rules on one note as it grows (our own lines)', ['MB', 'PHI found', 'ms', 'MB/s', 'MB/s ÷ 0.5 MB note'], rows);
}

export async function deid(): Promise<void> {
  sizes();
  const files = [sharedFile('deid/id.text'), sharedFile('deid/id-phi.phrase')];
  const missing = missingShared(files);
  if (missing.length) {
    console.log(`\nDe-identification rules: skipped: ${absentLine('The PhysioNet deid development part', missing)}`);
    return;
  }
  const docs = readPhysionet(fs.readFileSync(files[0], 'latin1'), undefined, fs.readFileSync(files[1], 'latin1'), {});
  const chars = docs.reduce((n, d) => n + d.text.length, 0);
  let t = performance.now();
  detectPhi('Seen today by the team, stable overnight.');
  const firstUse = performance.now() - t;
  const passes: number[] = [];
  for (let pass = 0; pass < 6; pass++) {
    t = performance.now();
    for (const d of docs) detectPhi(d.text);
    if (pass > 0) passes.push(performance.now() - t);
  }
  const best = Math.min(...passes);
  const s = evaluateDeid({ corpus: files[0] }).scores;
  table(
    'De-identification rules (no model) over the PhysioNet deid development part',
    ['notes', 'MB', 'lists built (ms, once)', 'best pass (ms)', 'MB/s', 'ms per note', 'recall', 'precision'],
    [
      [
        docs.length,
        (chars / 1e6).toFixed(2),
        firstUse.toFixed(0),
        best.toFixed(0),
        (chars / 1e6 / (best / 1000)).toFixed(2),
        (best / docs.length).toFixed(2),
        s.recall.toFixed(3),
        s.precision.toFixed(3),
      ],
    ],
  );
}
