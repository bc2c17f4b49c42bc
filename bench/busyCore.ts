/**
 * Typing in a huge note (BENCH_BUSY_SENTENCES, 50,000 sentences: about 3.8 M characters,
 * maxDocumentLength raised) while its analysis runs and another process keeps one core busy
 * (a busy loop in a child process, stopped after the run or BENCH_BUSY_S seconds): ten rounds
 * of ten keystrokes 50 ms apart, each followed by what VS Code asks (keystrokeAnswers.ts),
 * then a second of pings every 50 ms while the debounce ends and the analysis plans the
 * edit. The longest wait of any answer is how long the server kept the editor waiting.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { waitFor } from '../test/support/lspClient';
import { OllamaTestServer } from '../test/support/ollamaServer';
import { noteWithAssessment, startServer } from './allFeatures';
import { ping, table } from './common';
import { EditorTokens, emptyWaits, keystroke, quantile } from './keystrokeAnswers';

const SENTENCES = Number(process.env.BENCH_BUSY_SENTENCES ?? 50_000);
const CAP_S = Number(process.env.BENCH_BUSY_S ?? 120);

export async function busyCore(): Promise<void> {
  const note = noteWithAssessment(SENTENCES);
  const server = await OllamaTestServer.start({ gold: [note] });
  const client = await startServer(server, { maxDocumentLength: 2 * note.text.length });
  const uri = 'file:///bench/busy-core.note';
  await client.open(uri, note.text);
  // Typing starts once the analysis works (some sentences done).
  await waitFor('the analysis under way', () => (client.lastStatus()?.done ?? 0) >= 100, 600_000);
  const busy = spawn(process.execPath, ['-e', `const end = Date.now() + ${CAP_S * 1000}; while (Date.now() < end) {}`], { stdio: 'ignore' });
  try {
    const waits = emptyWaits();
    const pings: number[] = [];
    const tokens = await EditorTokens.of(client, uri);
    let at = Math.floor(note.text.length / 2);
    const started = performance.now();
    for (let round = 0; round < 10 && performance.now() - started < CAP_S * 1000; round++) {
      for (let i = 0; i < 10; i++) {
        await keystroke(client, uri, at++, 'x', tokens, waits);
        await new Promise((r) => setTimeout(r, 50));
      }
      const pause = performance.now();
      while (performance.now() - pause < 1_000) {
        const t = performance.now();
        await ping(client);
        pings.push(performance.now() - t);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const max = (xs: number[]) => Math.max(...xs).toFixed(1);
    table(
      `Typing in a ${SENTENCES.toLocaleString('en-US')}-sentence note (${note.text.length.toLocaleString('en-US')} characters) while its analysis runs and another process keeps one core busy (ms)`,
      ['keystrokes', 'answers p50 / p99', 'longest answer', 'longest tokens delta / hover / code actions', 'pings', 'longest ping', 'longest wait'],
      [
        [
          waits.byKind.hover.length,
          `${quantile(waits.all, 0.5).toFixed(1)} / ${quantile(waits.all, 0.99).toFixed(1)}`,
          max(waits.all),
          `${max(waits.byKind.delta)} / ${max(waits.byKind.hover)} / ${max(waits.byKind.codeAction)}`,
          pings.length,
          max(pings),
          max([...waits.all, ...pings]),
        ],
      ],
    );
  } finally {
    busy.kill('SIGKILL');
    await client.stop();
    await server.stop();
  }
}
