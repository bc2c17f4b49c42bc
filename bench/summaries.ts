/**
 * A long note with many summary statements (the fixture clinical notes one after another, as
 * in a file of many discharge summaries): every statement of their ASSESSMENT, PLAN and
 * HOSPITAL COURSE sections is checked against the note, so each planning ranks evidence for
 * thousands of statements. Measured on the language server over stdio, the model answering
 * at once: the whole analysis (wall and server CPU), and edits that each pause beyond the
 * debounce: the server's CPU per edit and the longest a request waits while the edit is
 * analysed (a ping every 25 ms; how long a hover would hang).
 */
import { performance } from 'node:perf_hooks';
import { LspTestClient } from '../test/support/lspClient';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { CLINICAL_NOTES, NOTES_DIR } from '../test/support/gold';
import { segment } from '../server/src/engine/text/segment';
import { DEFAULT_NLI_SECTIONS, hypothesisIndexes } from '../server/src/engine/tasks/nli';
import { modelIdle, ping, serverUsage, table } from './common';

const EDITS = 10;

/** The clinical fixture notes, one after another, until `chars` characters. */
function noteOf(chars: number, notes: { text: string }[]): string {
  let text = '';
  for (let i = 0; text.length < chars; i++) text += notes[i % notes.length].text + '\n\n';
  return text;
}

export async function summaries(): Promise<void> {
  const gold = loadGoldDocuments(NOTES_DIR).filter((d) => CLINICAL_NOTES.includes(d.name));
  const rows: (string | number)[][] = [];
  for (const chars of (process.env.BENCH_SUMMARY_CHARS ?? '100000,400000').split(',').map(Number)) {
    const text = noteOf(chars, gold);
    const sentences = segment(text).filter((s) => s.kind === 'sentence');
    const statements = hypothesisIndexes(sentences, DEFAULT_NLI_SECTIONS).length;
    const server = await OllamaTestServer.start({ gold });
    const client = await LspTestClient.start({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      maxConcurrentRequests: 4,
      debounceMs: 100,
      relations: { enabled: true },
      nli: { enabled: true },
    });
    const pid = client.proc!.pid!;
    const uri = `file:///bench/summaries-${chars}.note`;
    let cpu = serverUsage(pid).cpuMs;
    const t0 = performance.now();
    await client.open(uri, text);
    await modelIdle(client, server, 200);
    const wholeS = (performance.now() - t0) / 1000;
    const wholeCpuS = (serverUsage(pid).cpuMs - cpu) / 1000;
    const at = Math.floor(text.length / 2);
    const longest: number[] = [];
    cpu = serverUsage(pid).cpuMs;
    for (let i = 0; i < EDITS; i++) {
      await client.edit(uri, at + i, at + i, 'x');
      let worst = 0;
      let done = false;
      const finished = modelIdle(client, server, 200).then(() => (done = true));
      while (!done) {
        const p0 = performance.now();
        await ping(client);
        worst = Math.max(worst, performance.now() - p0);
        await new Promise((r) => setTimeout(r, 25));
      }
      await finished;
      longest.push(worst);
    }
    const perEdit = (serverUsage(pid).cpuMs - cpu) / EDITS;
    longest.sort((a, b) => a - b);
    rows.push([
      text.length.toLocaleString('en-US'),
      sentences.length,
      statements,
      wholeS.toFixed(1),
      wholeCpuS.toFixed(1),
      perEdit.toFixed(0),
      longest[Math.floor(EDITS / 2)].toFixed(0),
      longest[EDITS - 1].toFixed(0),
    ]);
    await client.stop();
    await server.stop();
  }
  table(
    `A note of many summaries (the clinical fixture notes repeated), all features on, debounce 100 ms; ${EDITS} edits, each analysed before the next`,
    ['characters', 'sentences', 'statements', 'whole analysis s', 'server CPU s', 'server CPU ms / edit', 'longest wait p50 ms', 'longest wait max ms'],
    rows,
  );
}
