/**
 * The model cache on disk: what a corpus annotated again and a note reopened in a new editor
 * session cost. `biomed annotate --cache DIR` three times over the same synthetic notes
 * (cold; unchanged; one sentence changed in every note), and the language server twice over
 * one note with the same cache folder (a new process each time). Model calls and prompt
 * tokens are the cost; the seconds are this machine's, against the test server's model speed.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { LspTestClient } from '../test/support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { promptTokens, settled, syntheticNote, table } from './common';

const DOCS = Number(process.env.BENCH_CACHE_DOCS ?? 20);
const SENTENCES = 12;

export async function modelCache(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  const cli = path.join(root, 'dist/cli.js');
  const input = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-cache-in-'));
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-cache-'));
  for (let i = 0; i < DOCS; i++) {
    const lines = syntheticNote(SENTENCES * (i + 1))
      .text.split('\n')
      .filter((l) => /^Day /.test(l));
    fs.writeFileSync(path.join(input, `note-${i}.note`), lines.slice(-SENTENCES).join('\n') + '\n');
  }
  const server = await OllamaTestServer.start({ timing: { firstTokenMs: 20, perTokenMs: 2 } });
  const rows: (string | number)[][] = [];
  const run = async (what: string) => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-cache-out-'));
    const before = server.generationRequests().length;
    const t0 = performance.now();
    await promisify(execFile)(process.execPath, [
      cli,
      'annotate',
      input,
      '--out',
      out,
      '--no-nli',
      '--model',
      MEDTUNED_MODEL.name,
      '--host',
      server.url,
      '--cache',
      cache,
    ]);
    const sent = server.generationRequests().slice(before);
    rows.push([what, sent.length, promptTokens(sent), ((performance.now() - t0) / 1000).toFixed(2)]);
    fs.rmSync(out, { recursive: true, force: true });
  };
  await run(`annotate ${DOCS} notes, cache empty`);
  await run('the same notes again (a new process)');
  for (const f of fs.readdirSync(input)) {
    const file = path.join(input, f);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^Day (\d+)/m, 'Day $1, after the transfer,'));
  }
  await run('one sentence changed in every note');

  // The editor: one note of 120 sentences, opened in two sessions that share the folder.
  const note = syntheticNote(120).text;
  const editorCache = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-cache-lsp-'));
  for (const session of ['opened, cache empty', 'reopened in a new session']) {
    const settings = { model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 0 };
    const client = await LspTestClient.start(settings, undefined, { initializationOptions: { settings, biomedNlpClient: true, cacheDir: editorCache } });
    const before = server.generationRequests().length;
    const t0 = performance.now();
    await client.open('file:///bench/reopen.note', note);
    await settled(client, 100);
    const sent = server.generationRequests().slice(before);
    rows.push([`editor: a 120-sentence note ${session}`, sent.length, promptTokens(sent), ((performance.now() - t0) / 1000).toFixed(2)]);
    await client.stop();
  }
  await server.stop();
  for (const d of [input, cache, editorCache]) fs.rmSync(d, { recursive: true, force: true });
  table('the model cache on disk (--cache, biomedNlp.cache.*): model calls of a run again', ['run', 'model calls', 'prompt tokens', 'seconds'], rows);
}
