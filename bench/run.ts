/**
 * `npm run bench`: what the language server costs, with the Ollama-protocol test server
 * playing a model of a given speed. Prints tables and ratios; asserts nothing.
 *
 *   1. time to first and to full highlighting for notes of 20, 200 and 2,000 sentences;
 *   2. engine overhead: wall time as a ratio to pure model time (the time the test server
 *      spent answering, summed over requests and divided by the allowed concurrency);
 *   3. model calls and prompt tokens after a one-sentence edit versus a full re-analysis.
 *
 * Environment: BENCH_FIRST_MS (default 50), BENCH_TOKEN_MS (default 20), BENCH_SIZES
 * (default 20,200,2000). The simulated model streams one piece per answer word; a note of
 * 2,000 sentences at 20 ms a token would take about a quarter of an hour, so sizes above
 * 200 run with the speed divided by BENCH_LARGE_SPEEDUP (default 10), printed in the table.
 */
import { performance } from 'node:perf_hooks';
import { LspTestClient, waitFor } from '../test/support/lspClient';
import {
    GoldDocument,
  GoldEntity,
  loadGoldDocuments,
  MEDTUNED_MODEL,
  OllamaTestServer,
  RecordedRequest,
} from '../test/support/ollamaServer';
import { NOTES_DIR } from '../test/support/gold';
import { segment } from '../server/src/engine/text/segment';

const FIRST_MS = Number(process.env.BENCH_FIRST_MS ?? 50);
const TOKEN_MS = Number(process.env.BENCH_TOKEN_MS ?? 20);
const SIZES = (process.env.BENCH_SIZES ?? '20,200,2000').split(',').map(Number);
const LARGE_SPEEDUP = Number(process.env.BENCH_LARGE_SPEEDUP ?? 10);
const CONCURRENCY = 2;

/**
 * A note of `sentences` distinct sentences (so that the cache cannot help), built from the
 * fixture sentences with a day number in front, with gold spans so the oracle answers it.
 */
function syntheticNote(sentences: number): GoldDocument {
  const pool = loadGoldDocuments(NOTES_DIR).flatMap((d) =>
    segment(d.text)
      .filter((s) => s.kind === 'sentence' && s.text.length > 30)
      .map((s) => ({
        text: s.text,
        entities: d.entities
          .filter((e) => e.start >= s.start && e.end <= s.end)
          .map((e) => ({ ...e, start: e.start - s.start, end: e.end - s.start })),
      }))
      // Clinical sentences with entities, so that every answer can be highlighted.
      .filter((s) => s.entities.some((e) => /^(PROBLEM|TREATMENT|TEST)$/.test(e.type) && e.start > 0)),
  );
  let text = 'PROGRESS NOTE\n';
  const entities: GoldEntity[] = [];
  for (let i = 0; i < sentences; i++) {
    if (i % 10 === 0) text += `\nVISIT ${i / 10 + 1}:\n`;
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
function modelMs(r: RecordedRequest): number {
  return (r.endedMs ?? 0) - (r.startedMs ?? 0);
}

function promptTokens(reqs: RecordedRequest[]): number {
  return reqs.reduce((n, r) => n + Math.ceil(String(r.body.prompt ?? JSON.stringify(r.body.messages)).length / 4), 0);
}

function table(title: string, header: string[], rows: (string | number)[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => '| ' + cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ') + ' |';
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log('|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const r of rows) console.log(line(r));
}

async function main(): Promise<void> {
  const notes = new Map(SIZES.concat(200).map((n) => [n, syntheticNote(n)]));
  const server = await OllamaTestServer.start({ gold: [...notes.values()] });
  const rows: (string | number)[][] = [];
  const settings = (extra = {}) => ({
    model: MEDTUNED_MODEL.name,
    ollama: { host: server.url },
    debounceMs: 0,
    maxConcurrentRequests: CONCURRENCY,
    ...extra,
  });

  for (const size of SIZES) {
    const speedup = size > 200 ? LARGE_SPEEDUP : 1;
    const first = FIRST_MS / speedup;
    const perToken = TOKEN_MS / speedup;
    server.setTiming({ firstTokenMs: first, perTokenMs: perToken });
    const client = await LspTestClient.start(settings());
    const text = notes.get(size)!.text;
    const uri = `file:///bench/${size}.note`;
    const before = server.generationRequests().length;
    const t0 = performance.now();
    await client.open(uri, text);
    // What an editor does: ask for the visible range first (the top of the note).
    const visibleEnd = text.split('\n').slice(0, 40).join('\n').length;
    await client.tokens(uri, { start: 0, end: visibleEnd });
    let firstAt = 0;
    await waitFor(
      'first highlight',
      async () => {
        const toks = await client.tokens(uri, { start: 0, end: visibleEnd });
        if (toks.length > 0 && !firstAt) firstAt = performance.now() - t0;
        return firstAt > 0;
      },
      3_600_000,
    );
    await waitFor(
      'full highlighting',
      () => {
        const s = client.lastStatus();
        return s && s.state === 'ready' && s.done === s.total && s.total >= size;
      },
      3_600_000,
    );
    const full = performance.now() - t0;
    const sent = server.generationRequests().slice(before);
    const pure = sent.reduce((ms, r) => ms + modelMs(r), 0) / CONCURRENCY;
    rows.push([
      size,
      `${first}+${perToken}/token`,
      sent.length,
      firstAt.toFixed(0),
      full.toFixed(0),
      pure.toFixed(0),
      (full / pure).toFixed(3),
    ]);
    await client.stop();
  }
  table(
    `Highlighting time (medtuned profile, ${CONCURRENCY} requests in flight, times in ms)`,
    ['sentences', 'model speed (ms)', 'model calls', 'first highlight', 'full highlighting', 'pure model time', 'wall / model'],
    rows,
  );

  // The cost of an edit: one changed sentence against a full re-analysis of the same note.
  server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
  const client = await LspTestClient.start(settings());
  const text = notes.get(200)!.text;
  const uri = 'file:///bench/edit.note';
  await client.open(uri, text);
  const settled = () => {
    const s = client.lastStatus();
    return s && s.state === 'ready' && s.done === s.total && s.total >= 200;
  };
  await waitFor('analysis', settled, 600_000);
  let mark = server.generationRequests().length;
  const at = text.indexOf('Day 100 ');
  await client.edit(uri, at, at + 'Day 100 '.length, 'Day one hundred ');
  await waitFor('edit sent', () => server.generationRequests().length > mark, 60_000);
  await waitFor('edit analysed', settled, 600_000);
  const edit = server.generationRequests().slice(mark);
  mark = server.generationRequests().length;
  await client.request('biomedNlp/analyzeDocument', { uri });
  await waitFor('full re-analysis sent', () => server.generationRequests().length >= mark + 200, 600_000);
  await waitFor('full re-analysis', settled, 600_000);
  const fullRun = server.generationRequests().slice(mark);
  await client.stop();
  table(
    'Cost of a one-sentence edit in a 200-sentence note',
    ['run', 'model calls', 'prompt tokens', 'share of full'],
    [
      ['one-sentence edit', edit.length, promptTokens(edit), (promptTokens(edit) / promptTokens(fullRun)).toFixed(4)],
      ['full re-analysis (cache ignored)', fullRun.length, promptTokens(fullRun), '1.0000'],
    ],
  );

  // Segmentation alone, which runs on every keystroke.
  const big = notes.get(2000)?.text ?? syntheticNote(2000).text;
  const t = performance.now();
  const runs = 20;
  for (let i = 0; i < runs; i++) segment(big);
  table('Engine work per keystroke', ['step', 'note', 'ms per run'], [['segment', '2,000 sentences', ((performance.now() - t) / runs).toFixed(2)]]);
  await server.stop();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
