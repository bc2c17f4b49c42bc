/**
 * `biomed annotate` on one huge note, --max-document-length raised: the
 * seconds from starting the CLI to its first model request, and the CLI's peak memory
 * (VmHWM, Linux) by then. The note is distinct sentences (the fixture notes' text, each
 * copy numbered), so every sentence is its own model job. The run is stopped once the first
 * request has come (or after BENCH_HUGE_CAP_S seconds): only the wait before any work is
 * measured here, not the annotation of the whole note. Each size twice: entities only, and
 * with relations and NLI (annotate's defaults), whose planning waited for the whole note too.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { NOTES_DIR } from '../test/support/gold';
import { table } from './common';

const SIZES_MB = (process.env.BENCH_HUGE_MB ?? '1,5,20').split(',').map(Number);
const CAP_S = Number(process.env.BENCH_HUGE_CAP_S ?? 60);

function peakMemoryMb(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** Distinct sentences, about `mb` million characters. */
function noteOf(mb: number): string {
  const base = loadGoldDocuments(NOTES_DIR)
    .map((d) => d.text)
    .join('\n\n');
  const parts: string[] = [];
  let length = 0;
  for (let copy = 0; length < mb * 1e6; copy++) {
    const part = `Visit ${copy}.\n\n` + base.replace(/\.(\s)/g, (_, s: string) => ` (copy ${copy}).${s}`);
    parts.push(part);
    length += part.length;
  }
  return parts.join('\n\n');
}

export async function hugeNote(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const cli = process.env.BENCH_CLI ?? path.join(root, 'dist/cli.js');
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), timing: { firstTokenMs: 20, perTokenMs: 2 } });
  const rows: (string | number)[][] = [];
  for (const mb of SIZES_MB)
    for (const features of ['entities only', 'all (relations, NLI)'] as const) {
      const input = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-huge-'));
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-huge-out-'));
      const text = noteOf(mb);
      fs.writeFileSync(path.join(input, 'huge.note'), text);
      const before = server.generationRequests().length;
      const started = Date.now();
      const args = [
        cli,
        'annotate',
        input,
        '--out',
        out,
        ...(features === 'entities only' ? ['--no-relations', '--no-nli'] : []),
        '--model',
        MEDTUNED_MODEL.name,
        '--host',
        server.url,
        '--max-document-length',
        '1000000000',
      ];
      const child = spawn(process.execPath, args, { stdio: 'ignore' });
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let peak: number | undefined;
      let first: number | undefined;
      for (;;) {
        peak = peakMemoryMb(child.pid!) ?? peak;
        const sent = server.generationRequests().slice(before);
        if (sent.length > 0) first = (sent[0].receivedAt - started) / 1000;
        if (first !== undefined || child.exitCode !== null || Date.now() - started > CAP_S * 1000) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill('SIGKILL');
      await exited;
      rows.push([(text.length / 1e6).toFixed(1), features, first === undefined ? `none in ${CAP_S} s` : first.toFixed(2), peak ?? '?']);
      fs.rmSync(input, { recursive: true, force: true });
      fs.rmSync(out, { recursive: true, force: true });
    }
  await server.stop();
  table(
    'biomed annotate, one huge note of distinct sentences (--max-document-length raised): seconds to the first model request, and the peak memory by then',
    ['M characters', 'features', 'first request s', 'peak MB'],
    rows,
  );
}
