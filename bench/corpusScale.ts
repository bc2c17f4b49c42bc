/**
 * `biomed annotate` at corpus scale: 10,000 short documents (one sentence
 * each, a JSON lines file) against the test server's OpenAI-compatible endpoints, which play
 * a model with a fixed latency per request and unlimited parallel capacity, so the ideal is
 * concurrency / latency requests per second. For --concurrency 8, 32 and 64: throughput,
 * its ratio to the ideal, the most requests the server had open at once, and the CLI
 * process's CPU time and peak RSS (VmHWM of /proc/<pid>/status); then memory at 1,000,
 * 10,000 and 20,000 documents: with the input streamed and the caches bounded, the peak is
 * the same at 10,000 and 20,000 (a run of 1,000 ends before V8 has grown its heap to the
 * steady size). The test server runs in this process, so on a 2-core machine it shares
 * the CPU with the CLI.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { GoldDocument, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { syntheticNote, table } from './common';

const DOCS = Number(process.env.BENCH_SCALE_DOCS ?? 10_000);
const SMALL = Number(process.env.BENCH_SCALE_SMALL ?? 1_000);
/** A corpus twice as large, for memory only: flat means the same peak as at DOCS. */
const LARGE = 2 * DOCS;
const LATENCY_MS = Number(process.env.BENCH_SCALE_MS ?? 40);
const CONCURRENCY = (process.env.BENCH_SCALE_CONCURRENCY ?? '8,32,64').split(',').map(Number);
// BENCH_SCALE_NODE_FLAGS: node flags for the measured CLI (e.g. --optimize-for-size).

interface Run {
  seconds: number;
  cpuSeconds: number;
  peakRssMb: number;
  /** JS heap in use after a full collection (bench/heapAtExit.ts): at the end of the run, engine still held, and at exit. */
  liveHeapMb: number;
  exitHeapMb: number;
  /** Highest JS heap committed (heapTotal) and memory outside it (external), sampled (bench/heapAtExit.ts). */
  peakHeapTotalMb: number;
  peakExternalMb: number;
  requests: number;
  peakOpen: number;
  stdout: string;
}

/** Short documents with gold: the synthetic note's sentences, each led by a word of its own so the oracle finds it at once. */
function shortDocuments(n: number): GoldDocument[] {
  const note = syntheticNote(n);
  const out: GoldDocument[] = [];
  let i = 0;
  let next = 0;
  for (const line of note.text.split('\n')) {
    const at = next;
    next += line.length + 1;
    if (!/^Day \d+ /.test(line)) continue;
    const prefix = `V${++i} `;
    const text = prefix + line.replace(/^Day \d+ /, '');
    const shift = prefix.length - line.match(/^Day \d+ /)![0].length - at;
    const entities = note.entities.filter((e) => e.start >= at && e.end <= at + line.length).map((e) => ({ ...e, start: e.start + shift, end: e.end + shift }));
    out.push({ name: `doc-${String(i).padStart(6, '0')}`, text, entities });
  }
  return out;
}

/** Reads VmHWM (kB) and CPU ticks of a live process; undefined once it is gone. */
function sample(pid: number): { hwmKb: number; ticks: number } | undefined {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which is in parentheses): utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { hwmKb: Number(/VmHWM:\s+(\d+)/.exec(status)![1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

async function annotate(cli: string, server: OllamaTestServer, input: string, concurrency: number, state: string): Promise<Run> {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-scale-out-'));
  const before = server.generationRequests().length;
  server.resetPeakGenerations();
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_SCALE_NODE_FLAGS?.split(' ').filter(Boolean) ?? []),
      '--expose-gc',
      '-r',
      path.join(__dirname, 'heapAtExit.js'),
      cli,
      'annotate',
      input,
      '--out',
      path.join(out, 'all.jsonl'),
      '--no-relations',
      '--no-nli',
      '--engine',
      'openai',
      '--base-url',
      `${server.url}/v1`,
      '--model',
      MEDTUNED_MODEL.name,
      '--concurrency',
      String(concurrency),
    ],
    { env: { ...process.env, BIOMED_STATE_DIR: state, CI: 'true', BENCH_HEAP_FILE: path.join(out, 'heap') }, stdio: ['ignore', 'pipe', 'ignore'] },
  );
  let stdout = '';
  child.stdout.on('data', (b) => (stdout += b));
  let last = { hwmKb: 0, ticks: 0 };
  const timer = setInterval(() => (last = sample(child.pid!) ?? last), 25);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  clearInterval(timer);
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (process.env.BENCH_SCALE_DEBUG) console.error(`server process CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s in ${seconds.toFixed(1)} s`);
  if (code !== 0) throw new Error(`biomed annotate exited ${code}: ${stdout}`);
  const heap = JSON.parse(fs.readFileSync(path.join(out, 'heap'), 'utf8')) as {
    exit: number;
    endOfRun: number | null;
    peak: { heapTotal: number; external: number };
  };
  const mb = (bytes: number) => bytes / 1024 / 1024;
  fs.rmSync(out, { recursive: true, force: true });
  return {
    liveHeapMb: mb(heap.endOfRun ?? NaN),
    exitHeapMb: mb(heap.exit),
    peakHeapTotalMb: mb(heap.peak.heapTotal),
    peakExternalMb: mb(heap.peak.external),
    seconds,
    cpuSeconds: last.ticks / 100,
    peakRssMb: last.hwmKb / 1024,
    requests: server.generationRequests().length - before,
    peakOpen: server.peakGenerations,
    stdout,
  };
}

export async function corpusScale(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const cli = path.join(root, 'dist/cli.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-scale-'));
  const all = shortDocuments(LARGE);
  const docs = all.slice(0, DOCS);
  const write = (file: string, list: GoldDocument[]) => {
    fs.writeFileSync(file, list.map((d) => `${JSON.stringify({ id: d.name, text: d.text })}\n`).join(''));
    return file;
  };
  const big = write(path.join(dir, 'big.jsonl'), docs);
  const small = write(path.join(dir, 'small.jsonl'), docs.slice(0, SMALL));
  const large = write(path.join(dir, 'large.jsonl'), all);
  const server = await OllamaTestServer.start({ gold: all, timing: { firstTokenMs: LATENCY_MS, perTokenMs: 0 } });
  const rows: (string | number)[][] = [];
  const rss: (string | number)[][] = [];
  try {
    for (const concurrency of CONCURRENCY) {
      // A fresh state folder: every run annotates all documents.
      const r = await annotate(cli, server, big, concurrency, fs.mkdtempSync(path.join(dir, 'state-')));
      const ideal = (concurrency * 1000) / LATENCY_MS;
      const actual = r.requests / r.seconds;
      rows.push([
        concurrency,
        DOCS,
        r.requests,
        r.seconds.toFixed(1),
        (DOCS / r.seconds).toFixed(0),
        ideal.toFixed(0),
        (actual / ideal).toFixed(3),
        r.peakOpen,
        ((1000 * r.cpuSeconds) / DOCS).toFixed(2),
        r.peakRssMb.toFixed(0),
      ]);
      if (concurrency === CONCURRENCY[CONCURRENCY.length - 1]) {
        const s = await annotate(cli, server, small, concurrency, fs.mkdtempSync(path.join(dir, 'state-')));
        const row = (n: number, x: Run) => [
          n,
          concurrency,
          x.peakRssMb.toFixed(0),
          x.peakHeapTotalMb.toFixed(0),
          x.peakExternalMb.toFixed(1),
          x.liveHeapMb.toFixed(1),
          x.exitHeapMb.toFixed(1),
        ];
        const l = await annotate(cli, server, large, concurrency, fs.mkdtempSync(path.join(dir, 'state-')));
        rss.push(row(SMALL, s), row(DOCS, r), row(LARGE, l));
      }
    }
  } finally {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  table(
    `biomed annotate at corpus scale (${DOCS} one-sentence documents from a JSON lines file, entities only, --engine openai; model ${LATENCY_MS} ms a request, unlimited parallel slots: ideal = concurrency / latency)`,
    ['concurrency', 'documents', 'requests', 'seconds', 'docs/s', 'ideal req/s', 'actual / ideal', 'peak open requests', 'CLI CPU ms / doc', 'peak RSS MB'],
    rows,
  );
  table(
    'biomed annotate memory by corpus size (peak RSS: VmHWM of the CLI process; peak heap committed: highest heapTotal, the JS heap V8 holds, garbage included; peak external: Buffers and other memory outside the JS heap; live heap: JS heap in use after a full GC, at the end of the run with the engine and its caches still held, and at exit once they are gone)',
    ['documents', 'concurrency', 'peak RSS MB', 'peak heap committed MB', 'peak external MB', 'live heap, end of run MB', 'live heap at exit MB'],
    rss,
  );
}
