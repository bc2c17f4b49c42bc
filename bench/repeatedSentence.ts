/**
 * `biomed annotate` on a note of one sentence repeated N times: the
 * time from starting the CLI to its first model request, and to its exit. Every copy is
 * one work item holding the same model job; joining that job once walked every holder,
 * so the first request came after a quadratic stall (16 s at 2.8 MB, then the stale
 * connection failed the document). The limit is raised (--max-document-length) so that
 * the large notes are analysed; the last row keeps the default, which skips them.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { NOTES_DIR } from '../test/support/gold';
import { table } from './common';

const SENTENCE = 'She denies shortness of breath.\n';
const SIZES = (process.env.BENCH_REPEAT_SIZES ?? '1000,10000,30000,90000').split(',').map(Number);

export async function repeatedSentence(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const cli = process.env.BENCH_CLI ?? path.join(root, 'dist/cli.js');
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), timing: { firstTokenMs: 20, perTokenMs: 2 } });
  const rows: (string | number)[][] = [];
  const runs = [...SIZES.map((n) => ({ n, limit: '1000000000' })), { n: SIZES[SIZES.length - 1], limit: undefined }];
  for (const { n, limit } of runs) {
    const input = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-repeat-'));
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-repeat-out-'));
    fs.writeFileSync(path.join(input, 'repeated.note'), SENTENCE.repeat(n));
    const before = server.generationRequests().length;
    const started = Date.now();
    const t0 = performance.now();
    const args = [cli, 'annotate', input, '--out', out, '--no-relations', '--no-nli', '--model', MEDTUNED_MODEL.name, '--host', server.url];
    if (limit) args.push('--max-document-length', limit);
    // Asynchronously: the test server answers from this same process.
    const code = await new Promise<number>((resolve) =>
      execFile(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 }, (err) => resolve(err ? ((err as unknown as { code: number }).code ?? -1) : 0)),
    );
    const wall = (performance.now() - t0) / 1000;
    const sent = server.generationRequests().slice(before);
    const first = sent.length > 0 ? ((sent[0].receivedAt - started) / 1000).toFixed(2) : 'none';
    rows.push([
      n,
      (SENTENCE.repeat(n).length / 1e6).toFixed(2),
      limit ? 'raised' : 'default (500000)',
      first,
      wall.toFixed(2),
      sent.length,
      code === 0 ? 'annotated' : limit ? `exit ${code}` : `skipped (exit ${code})`,
    ]);
    fs.rmSync(input, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }
  await server.stop();
  table(
    'biomed annotate, one sentence repeated N times (entities only, model 20 ms + 2 ms/token): seconds from start to the first model request and to exit',
    ['copies', 'MB', '--max-document-length', 'first request s', 'total s', 'model calls', 'result'],
    rows,
  );
}
