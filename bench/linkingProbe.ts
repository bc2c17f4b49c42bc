/**
 * The linking bench's measured process (node out/bench/linkingProbe.js):
 * - `build SOURCE OUT TMP`: builds a .vocab from an MRCONSO.RRF; prints wall and CPU seconds and peak RSS;
 * - `probe VOCAB QUERIES`: opens it (seconds, RSS after open), then times exact lookups of the
 *   query names and approximate lookups of their typos (p50/p99 in ms, top-5 hit rate), and
 *   prints the peak RSS. JSON on stdout. CPU seconds beside wall seconds: on a shared machine
 *   the wall clock also counts the waits for a core.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { buildVocabulary } from '../server/src/engine/linking/vocab/build';
import { openVocabulary } from '../server/src/engine/linking/vocab/open';
import { nameKeys } from '../server/src/engine/linking/normalise';
import { mulberry32 } from '../server/src/engine/random';
import { Query, typo } from './linkingVocab';

const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
const percentile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function main(): void {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'build') {
    const t0 = performance.now();
    const s = buildVocabulary({ sources: [a], format: 'umls', out: b, tmpDir: c });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage();
    console.log(
      JSON.stringify({
        seconds,
        cpuSeconds: (cpu.user + cpu.system) / 1e6,
        concepts: s.concepts,
        names: s.names,
        bytes: s.bytes,
        peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
      }),
    );
    return;
  }
  const queries = JSON.parse(fs.readFileSync(b, 'utf8')) as Query[];
  const t0 = performance.now();
  const vocab = openVocabulary(a);
  const openSeconds = (performance.now() - t0) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const rssAfterOpen = mb(process.memoryUsage().rss);
  const exact: number[] = [];
  let exactHits = 0;
  for (const q of queries) {
    const s = performance.now();
    const found = vocab.exact(nameKeys(q.name)[0]);
    exact.push(performance.now() - s);
    if (found.some((o) => vocab.concept(o).id === `UMLS:${q.cui}`)) exactHits++;
  }
  const rand = mulberry32(7);
  const approx: number[] = [];
  let approxHits = 0;
  for (const q of queries) {
    const text = typo(q.name, rand);
    const s = performance.now();
    const found = vocab.approximate(text, 5);
    approx.push(performance.now() - s);
    if (found.some((f) => vocab.concept(f.concept).id === `UMLS:${q.cui}`)) approxHits++;
  }
  vocab.close();
  console.log(
    JSON.stringify({
      openSeconds,
      rssAfterOpen,
      exactP50: percentile(exact, 50),
      exactP99: percentile(exact, 99),
      exactHit: exactHits / queries.length,
      approxP50: percentile(approx, 50),
      approxP99: percentile(approx, 99),
      approxHit: approxHits / queries.length,
      peakRssMb: mb(process.resourceUsage().maxRSS * 1024),
    }),
  );
}

main();
