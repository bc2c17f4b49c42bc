/**
 * Concept linking's vocabulary index: for generated UMLS-layout vocabularies
 * of 100,000, 1,000,000 and 10,000,000 MRCONSO rows (bench/linkingVocab.ts, seeded), the
 * build's time and peak memory, the .vocab file's size, then in a fresh process the time to
 * open it, the memory after opening (RSS), and exact and approximate lookups' p50/p99 with
 * their hit rates. Rows above BENCH_LINKING_MAX_ROWS (default 1,000,000) are left out, so a
 * plain `npm run bench` stays within a few minutes: BENCH_LINKING_MAX_ROWS=10000000 runs the
 * largest (about 1.2 GB of MRCONSO and as much again of temporary files).
 * BENCH_LINKING_ROWS=none leaves this table out. Then MEDIC inside a UMLS-size stand-in
 * against MEDIC alone (bench/linkingStandIn.ts), under the same limit.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { table } from './common';
import { generateMrconso } from './linkingVocab';
import { linkingStandIn } from './linkingStandIn';

const SIZES = (process.env.BENCH_LINKING_ROWS ?? '100000,1000000,10000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const MAX_ROWS = Number(process.env.BENCH_LINKING_MAX_ROWS ?? 1_000_000);

const probe = (args: string[]) =>
  JSON.parse(execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'linkingProbe.js'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24 }));

export async function linking(): Promise<void> {
  const rows: (string | number)[][] = [];
  const ms = (x: number) => x.toFixed(3);
  for (const size of SIZES.filter((s) => s <= MAX_ROWS)) {
    const dir = fs.mkdtempSync(path.join(process.env.BENCH_LINKING_TMP ?? os.tmpdir(), 'bench-linking-'));
    try {
      const t0 = performance.now();
      const gen = generateMrconso(dir, size);
      const genSeconds = (performance.now() - t0) / 1000;
      fs.writeFileSync(path.join(dir, 'queries.json'), JSON.stringify(gen.queries));
      const vocab = path.join(dir, 'umls.vocab');
      const build = probe(['build', path.join(dir, 'MRCONSO.RRF'), vocab, dir]);
      fs.rmSync(path.join(dir, 'MRCONSO.RRF'));
      const look = probe(['probe', vocab, path.join(dir, 'queries.json')]);
      rows.push([
        size.toLocaleString('en-US'),
        gen.concepts.toLocaleString('en-US'),
        (gen.bytes / 1e6).toFixed(0),
        genSeconds.toFixed(0),
        `${build.seconds.toFixed(0)} / ${build.cpuSeconds.toFixed(0)}`,
        build.peakRssMb,
        (fs.statSync(vocab).size / 1e6).toFixed(0),
        look.openSeconds.toFixed(3),
        look.rssAfterOpen,
        `${ms(look.exactP50)} / ${ms(look.exactP99)}`,
        `${(look.approxP50 as number).toFixed(2)} / ${(look.approxP99 as number).toFixed(2)}`,
        `${Math.round(look.exactHit * 100)}% / ${Math.round(look.approxHit * 100)}%`,
        look.peakRssMb,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const skipped = SIZES.filter((s) => s > MAX_ROWS);
  if (SIZES.length) {
    table(
      `Vocabulary index (.vocab) by MRCONSO rows, ${os.cpus().length} CPUs${skipped.length ? `; left out above BENCH_LINKING_MAX_ROWS=${MAX_ROWS}: ${skipped.join(', ')}` : ''}`,
      [
        'rows',
        'concepts',
        'MRCONSO MB',
        'generate s',
        'build wall / CPU s',
        'build peak RSS MB',
        '.vocab MB',
        'open s',
        'RSS after open MB',
        'exact p50/p99 ms',
        'approx p50/p99 ms',
        'hit exact/approx top-5',
        'probe peak RSS MB',
      ],
      rows,
    );
  }
  await linkingStandIn(MAX_ROWS);
}
