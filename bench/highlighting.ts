/**
 * Time to first and to full highlighting for notes of 20, 200 and 2,000 sentences, and the
 * engine's overhead as a ratio of wall time to pure model time (the time the test server
 * spent answering, summed over requests and divided by the allowed concurrency).
 * Entity work only: relations are measured by relations.ts.
 *
 * Environment: BENCH_FIRST_MS (default 50), BENCH_TOKEN_MS (default 20), BENCH_SIZES
 * (default 20,200,2000). The simulated model streams one piece per answer word; a note of
 * 2,000 sentences at 20 ms a token would take about a quarter of an hour, so sizes above
 * 200 run with the speed divided by BENCH_LARGE_SPEEDUP (default 10), printed in the table.
 */
import { performance } from 'node:perf_hooks';
import { segment } from '../server/src/engine/text/segment';
import { LspTestClient, waitFor } from '../test/support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { FIRST_MS, modelMs, settled, syntheticNote, table, TOKEN_MS } from './common';

const SIZES = (process.env.BENCH_SIZES ?? '20,200,2000').split(',').map(Number);
const LARGE_SPEEDUP = Number(process.env.BENCH_LARGE_SPEEDUP ?? 10);
const CONCURRENCY = 2;

export async function highlighting(): Promise<void> {
  const notes = new Map(SIZES.map((n) => [n, syntheticNote(n)]));
  const server = await OllamaTestServer.start({ gold: [...notes.values()] });
  const rows: (string | number)[][] = [];
  for (const size of SIZES) {
    const speedup = size > 200 ? LARGE_SPEEDUP : 1;
    const first = FIRST_MS / speedup;
    const perToken = TOKEN_MS / speedup;
    server.setTiming({ firstTokenMs: first, perTokenMs: perToken });
    const client = await LspTestClient.start({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 0,
      maxConcurrentRequests: CONCURRENCY,
      relations: { enabled: false },
    });
    const text = notes.get(size)!.text;
    const uri = `file:///bench/${size}.note`;
    const before = server.generationRequests().length;
    const t0 = performance.now();
    await client.open(uri, text);
    // What an editor does: ask for the visible range first (the top of the note).
    const visibleEnd = text.split('\n').slice(0, 40).join('\n').length;
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
    await settled(client, size);
    const full = performance.now() - t0;
    const sent = server.generationRequests().slice(before);
    const pure = sent.reduce((ms, r) => ms + modelMs(r), 0) / CONCURRENCY;
    rows.push([size, `${first}+${perToken}/token`, sent.length, firstAt.toFixed(0), full.toFixed(0), pure.toFixed(0), (full / pure).toFixed(3)]);
    await client.stop();
  }
  await server.stop();
  table(
    `Highlighting time (medtuned profile, ${CONCURRENCY} requests in flight, times in ms)`,
    ['sentences', 'model speed (ms)', 'model calls', 'first highlight', 'full highlighting', 'pure model time', 'wall / model'],
    rows,
  );

  // Segmentation alone, which runs on every keystroke.
  const big = syntheticNote(2000).text;
  const t = performance.now();
  const runs = 20;
  for (let i = 0; i < runs; i++) segment(big);
  table('Engine work per keystroke', ['step', 'note', 'ms per run'], [['segment', '2,000 sentences', ((performance.now() - t) / runs).toFixed(2)]]);
}
