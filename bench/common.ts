/** What the bench scripts share: synthetic notes with gold, request accounting, the server's usage, tables. */
import * as fs from 'node:fs';
import { LspTestClient, waitFor } from '../test/support/lspClient';
import { GoldDocument, GoldEntity, loadGoldDocuments, OllamaTestServer, RecordedRequest } from '../test/support/ollamaServer';
import { NOTES_DIR } from '../test/support/gold';
import { segment } from '../server/src/engine/text/segment';

export const FIRST_MS = Number(process.env.BENCH_FIRST_MS ?? 50);
export const TOKEN_MS = Number(process.env.BENCH_TOKEN_MS ?? 20);

/**
 * A note of `sentences` distinct sentences (so that the cache cannot help), built from the
 * fixture sentences with a day number in front, with gold spans so the oracle answers it;
 * each paragraph of ten opens with `header(n)` ("VISIT n:", which is no section header).
 */
export function syntheticNote(sentences: number, header = (visit: number) => `VISIT ${visit}:`): GoldDocument {
  const pool = loadGoldDocuments(NOTES_DIR).flatMap((d) =>
    segment(d.text)
      .filter((s) => s.kind === 'sentence' && s.text.length > 30)
      .map((s) => ({
        text: s.text,
        entities: d.entities.filter((e) => e.start >= s.start && e.end <= s.end).map((e) => ({ ...e, start: e.start - s.start, end: e.end - s.start })),
      }))
      // Clinical sentences with entities, so that every answer can be highlighted.
      .filter((s) => s.entities.some((e) => /^(PROBLEM|TREATMENT|TEST)$/.test(e.type) && e.start > 0)),
  );
  let text = 'PROGRESS NOTE\n';
  const entities: GoldEntity[] = [];
  for (let i = 0; i < sentences; i++) {
    if (i % 10 === 0) text += `\n${header(i / 10 + 1)}\n`;
    const source = pool[i % pool.length];
    const prefix = `Day ${i + 1} ${source.text[0].toLowerCase()}`;
    const at = text.length + prefix.length - 1;
    text += prefix + source.text.slice(1) + '\n';
    for (const e of source.entities) {
      // An entity at the very start moved its first letter into the lower case prefix.
      if (e.start === 0) continue;
      entities.push({ type: e.type, start: at + e.start, end: at + e.end });
    }
  }
  return { name: `synthetic-${sentences}`, text, entities };
}

/** How long the simulated model spent on a request, as the test server measured it. */
export function modelMs(r: RecordedRequest): number {
  return (r.endedMs ?? 0) - (r.startedMs ?? 0);
}

/** Prompt tokens as the test server counts them (prompt_eval_count: characters / 4). */
export function promptTokens(reqs: RecordedRequest[]): number {
  return reqs.reduce((n, r) => n + Math.ceil(String(r.body.prompt ?? r.body.messages.map((m: { content: string }) => m.content).join('')).length / 4), 0);
}

/** NLI prompts hold `Sentence 1:` and `Sentence 2:` (both profiles). */
export function isNliRequest(r: RecordedRequest): boolean {
  return JSON.stringify(r.body).includes('Sentence 1: ');
}

/** Relation prompts carry masks (medtuned) or entity markers (json). */
export function isRelationRequest(r: RecordedRequest): boolean {
  return /@(problem|treatment|test|CHEMICAL|DISEASE|GENE)\$|<e1>/.test(JSON.stringify(r.body));
}

export async function settled(client: LspTestClient, minSentences = 1): Promise<void> {
  await waitFor(
    'analysis',
    () => {
      const s = client.lastStatus();
      return s && s.state === 'ready' && s.done === s.total && s.total >= minSentences;
    },
    3_600_000,
  );
}

export function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

/**
 * Resolves once the model has been asked nothing for `pollMs` and the client's status says
 * ready with every sentence done: relation and NLI work finishes after the entities.
 */
export async function modelIdle(client: LspTestClient, server: OllamaTestServer, pollMs: number): Promise<void> {
  let last = -1;
  await waitFor(
    'the model to be idle',
    async () => {
      const now = server.generationRequests().length;
      const idle = now === last;
      last = now;
      await new Promise((r) => setTimeout(r, pollMs));
      const s = client.lastStatus();
      return idle && s?.state === 'ready' && s.done === s.total;
    },
    3_600_000,
  );
}

const TICK_MS = 1000 / 100; // USER_HZ on Linux

/** Server CPU time (ms) and peak RSS (MB) from /proc. */
export function serverUsage(pid: number): { cpuMs: number; peakMb: number; rssMb: number } {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const cpuMs = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { cpuMs, peakMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
}

/** A request the server does not know: answered (with an error) once everything before it is handled. */
export async function ping(client: LspTestClient): Promise<void> {
  await client.request('biomedNlp/benchPing').catch(() => undefined);
}
