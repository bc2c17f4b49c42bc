/**
 * What the extension costs before it does anything: the size of the bundles and of the
 * .vsix (raw and gzip, since that is what is downloaded), and the language server's cold
 * start: `node dist/server.js --stdio` spawned, time until its initialize response, and its
 * resident memory then. Reads dist/ as `npm run package` left it (the .vsix row is missing
 * when it was not built).
 */
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { table } from './common';

const ROOT = path.resolve(__dirname, '../..');
const DIST = path.join(ROOT, 'dist');
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 10);

function kb(bytes: number): string {
  return (bytes / 1024).toFixed(0);
}

/** Resident memory of a process in bytes (Linux /proc; elsewhere `ps`). */
function rssBytes(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const m = /VmRSS:\s+(\d+) kB/.exec(status);
    if (m) return Number(m[1]) * 1024;
  } catch {
    // not Linux: below
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

/** One cold start: ms from spawn to the initialize response, and RSS right after it. */
export async function coldStart(serverJs: string): Promise<{ ms: number; rss: number }> {
  const t0 = performance.now();
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const body = JSON.stringify({
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: {} },
  });
  proc.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  try {
    const ms = await new Promise<number>((resolve, reject) => {
      let buffered = Buffer.alloc(0);
      proc.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering initialize`)));
      proc.stdout.on('data', (chunk: Buffer) => {
        buffered = Buffer.concat([buffered, chunk]);
        // Messages before the response (log notifications) are skipped by their length.
        for (;;) {
          const head = buffered.indexOf('\r\n\r\n');
          if (head < 0) return;
          const length = Number(/Content-Length: (\d+)/i.exec(buffered.subarray(0, head).toString())?.[1]);
          if (buffered.length < head + 4 + length) return;
          const message = JSON.parse(buffered.subarray(head + 4, head + 4 + length).toString());
          buffered = buffered.subarray(head + 4 + length);
          if (message.id === 1) return resolve(performance.now() - t0);
        }
      });
    });
    return { ms, rss: rssBytes(proc.pid!) };
  } finally {
    proc.kill();
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function startup(): Promise<void> {
  const rows: (string | number)[][] = [];
  const files = ['extension.js', 'server.js', 'cli.js', 'biomed-nlp.vsix'];
  for (const f of files) {
    const file = path.join(DIST, f);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    // A .vsix is a zip already: its gzip size says nothing new.
    rows.push([`dist/${f}`, kb(bytes.length), f.endsWith('.vsix') ? '' : kb(gzipSync(bytes, { level: 9 }).length)]);
  }
  table('Bundle sizes (KiB)', ['file', 'raw', 'gzip -9'], rows);

  const runs: { ms: number; rss: number }[] = [];
  // One unmeasured start first, so the file is in the page cache for every measured one.
  await coldStart(path.join(DIST, 'server.js'));
  for (let i = 0; i < RUNS; i++) runs.push(await coldStart(path.join(DIST, 'server.js')));
  const stats = (xs: number[], f: (x: number) => string) => [median(xs), Math.min(...xs), Math.max(...xs)].map(f);
  table(
    `Language server cold start (node dist/server.js --stdio, ${RUNS} runs)`,
    ['measure', 'median', 'min', 'max'],
    [
      [
        'spawn to initialize response (ms)',
        ...stats(
          runs.map((r) => r.ms),
          (x) => x.toFixed(0),
        ),
      ],
      [
        'RSS after initialize (MiB)',
        ...stats(
          runs.map((r) => r.rss),
          (x) => (x / 2 ** 20).toFixed(1),
        ),
      ],
    ],
  );
}
