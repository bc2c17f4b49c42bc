/**
 * `biomed annotate` throughput: documents and sentences per second against the test server
 * at a simulated model speed, for --concurrency 1, 2, 4 and 8, as a ratio to the ideal (the
 * server-side model time divided by the concurrency). The test server answers requests in
 * parallel, as a GPU serving parallel slots would (OLLAMA_NUM_PARALLEL).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { modelMs, syntheticNote, table } from './common';

const DOCS = Number(process.env.BENCH_CLI_DOCS ?? 24);
const SENTENCES = 10;
const FIRST_MS = Number(process.env.BENCH_CLI_FIRST_MS ?? 20);
const TOKEN_MS = Number(process.env.BENCH_CLI_TOKEN_MS ?? 2);

export async function cliThroughput(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const cli = path.join(root, 'dist/cli.js');
  const input = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-in-'));
  const notes = Array.from({ length: DOCS }, (_, i) => {
    // Distinct days keep every sentence distinct, so the cache cannot help.
    const note = syntheticNote(SENTENCES * (i + 1));
    const text =
      note.text
        .split('\n')
        .filter((l) => /^Day /.test(l))
        .slice(-SENTENCES)
        .join('\n') + '\n';
    fs.writeFileSync(path.join(input, `note-${i}.note`), text);
    return text;
  });
  const server = await OllamaTestServer.start({ timing: { firstTokenMs: FIRST_MS, perTokenMs: TOKEN_MS } });
  const rows: (string | number)[][] = [];
  for (const concurrency of [1, 2, 4, 8]) {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-out-'));
    const before = server.generationRequests().length;
    const t0 = performance.now();
    // Asynchronously: the test server answers from this same process.
    await promisify(execFile)(process.execPath, [
      cli,
      'annotate',
      input,
      '--out',
      out,
      '--no-relations',
      '--no-nli',
      '--model',
      MEDTUNED_MODEL.name,
      '--host',
      server.url,
      '--concurrency',
      String(concurrency),
    ]);
    const wall = (performance.now() - t0) / 1000;
    const sent = server.generationRequests().slice(before);
    const ideal = sent.reduce((ms, r) => ms + modelMs(r), 0) / concurrency / 1000;
    const sentences = notes.length * SENTENCES;
    rows.push([concurrency, sent.length, wall.toFixed(2), (notes.length / wall).toFixed(2), (sentences / wall).toFixed(1), (ideal / wall).toFixed(3)]);
    fs.rmSync(out, { recursive: true, force: true });
  }
  await server.stop();
  fs.rmSync(input, { recursive: true, force: true });
  table(
    `biomed annotate throughput (${DOCS} notes of ${SENTENCES} sentences, entities only, model ${FIRST_MS} ms + ${TOKEN_MS} ms/token)`,
    ['concurrency', 'model calls', 'seconds', 'docs/s', 'sentences/s', 'ideal / actual'],
    rows,
  );
}
