/**
 * What typing and answers cost the language server, with all features on
 * (entities, relations, NLI over an ASSESSMENT section) and a model stand-in that answers
 * at once, so that the server is the only thing measured:
 *  (a) one keystroke in a note of 20k / 100k / 500k characters, followed at once by what
 *      VS Code asks (tokens' delta, hover, code actions: keystrokeAnswers.ts): the wait from
 *      the keystroke to each answer, p50 and p99, and the server's CPU per keystroke over a
 *      run of keystrokes inside the debounce;
 *  (b) server CPU per sentence and peak RSS for a whole analysis of 100 / 1,000 / 5,000 sentences;
 *  (c) a typing burst (100 keystrokes at 50 ms) on a 500-sentence note: from the last
 *      keystroke to the first model request, and to the edited sentence highlighted.
 *  (d) typing in a 50,000-sentence note while its analysis runs and another process keeps a
 *      core busy: the longest wait for any answer (busyCore.ts).
 * CPU and memory are read from /proc for the server process (Linux).
 */
import { performance } from 'node:perf_hooks';
import { waitFor } from '../test/support/lspClient';
import { GoldDocument, OllamaTestServer } from '../test/support/ollamaServer';
import { noteWithAssessment, startServer } from './allFeatures';
import { busyCore } from './busyCore';
import { modelIdle, ping, serverUsage, settled, table } from './common';
import { EditorTokens, emptyWaits, keystroke, quantile } from './keystrokeAnswers';

function sentencesFor(chars: number): number {
  return Math.max(10, Math.round(chars / 76));
}

/** Keystrokes measured per note size (BENCH_KEYSTROKES): 100 gives a p99 that is not the maximum. */
const KEYSTROKES = Number(process.env.BENCH_KEYSTROKES ?? 100);

async function keystrokes(): Promise<void> {
  const rows: (string | number)[][] = [];
  const tokenRows: (string | number)[][] = [];
  const sizes = (process.env.BENCH_CHARS ?? '20000,100000,500000').split(',').map(Number);
  // The largest note again with a header opening each paragraph (BENCH_HEADED=0: not).
  const notes = sizes.map((chars) => ({ chars, headed: false }));
  if (process.env.BENCH_HEADED !== '0') notes.push({ chars: Math.max(...sizes), headed: true });
  for (const { chars, headed } of notes) {
    const note = noteWithAssessment(sentencesFor(chars), 12, headed);
    const server = await OllamaTestServer.start({ gold: [note] });
    const client = await startServer(server, { debounceMs: 2_000 });
    const size = note.text.length.toLocaleString('en-US') + (headed ? ', headed' : '');
    const uri = `file:///bench/keystroke-${chars}${headed ? '-headed' : ''}.note`;
    await client.open(uri, note.text);
    await settled(client, 10);
    const pid = client.proc!.pid!;
    const at = Math.floor(note.text.length / 2);
    const waits = emptyWaits();
    const tokens = await EditorTokens.of(client, uri);
    const cpu0 = serverUsage(pid).cpuMs;
    for (let i = 0; i < KEYSTROKES; i++) {
      await keystroke(client, uri, at + i, 'x', tokens, waits);
      await new Promise((r) => setTimeout(r, 30));
    }
    const cpu = (serverUsage(pid).cpuMs - cpu0) / KEYSTROKES;
    // Each keystroke's slowest answer, in order (which keystrokes set the p99).
    if (process.env.BENCH_KEYSTROKE_WAITS) console.error(`keystroke waits ${size}: ${waits.byKind.delta.map((ms) => ms.toFixed(0)).join(' ')}`);
    // What the editor is sent for the note's tokens behind a line break (every later token moves a line).
    const before = await client.fullTokens(uri);
    await client.edit(uri, at, at, '\n');
    await ping(client);
    let t0 = performance.now();
    const delta = await client.deltaTokens(uri, before.resultId!);
    const deltaMs = performance.now() - t0;
    // Another line break, so that the full request too is the first behind its edit.
    await client.edit(uri, at, at, '\n');
    await ping(client);
    t0 = performance.now();
    const full = await client.fullTokens(uri);
    const fullMs = performance.now() - t0;
    const [fullBytes, deltaBytes] = [JSON.stringify(full).length, JSON.stringify(delta).length];
    tokenRows.push([
      size,
      full.data.length / 5,
      fullBytes.toLocaleString('en-US'),
      deltaBytes.toLocaleString('en-US'),
      (fullBytes / deltaBytes).toFixed(0),
      fullMs.toFixed(1),
      deltaMs.toFixed(1),
    ]);
    const q = (xs: number[]) => `${quantile(xs, 0.5).toFixed(1)} / ${quantile(xs, 0.99).toFixed(1)}`;
    rows.push([size, note.text.split('\n').length, q(waits.all), q(waits.byKind.delta), q(waits.byKind.hover), q(waits.byKind.codeAction), cpu.toFixed(1)]);
    await client.stop();
    await server.stop();
  }
  table(
    `One keystroke, all features on (server over stdio; ${KEYSTROKES} keystrokes 30 ms apart, inside the debounce, each followed at once by the tokens' delta, a hover and the code actions at the cursor; ms from the keystroke to each answer, p50 / p99)`,
    ['characters', 'lines', 'every answer', 'tokens delta', 'hover', 'code actions', 'server CPU ms / keystroke'],
    rows,
  );
  table(
    'Semantic tokens behind a line break: the whole note (full) against the change (delta, what VS Code asks for)',
    ['characters', 'tokens', 'full bytes', 'delta bytes', 'full / delta', 'full ms', 'delta ms'],
    tokenRows,
  );
}

async function answers(): Promise<void> {
  const rows: (string | number)[][] = [];
  const sizes = (process.env.BENCH_SENTENCES ?? '100,1000,5000').split(',').map(Number);
  for (const n of sizes) {
    const note = noteWithAssessment(n);
    // Other sentences than the measured note's (no cache hits), at the same offsets as their gold.
    const base = noteWithAssessment(20, 3);
    const warmUp = { ...base, name: 'warm-up', text: base.text.replace(/Day (\d+) /g, 'Dai $1 ') };
    const server = await OllamaTestServer.start({ gold: [note, warmUp] });
    const client = await startServer(server, { debounceMs: 0 });
    const pid = client.proc!.pid!;
    // One-time start-up (module initialisation, JIT) is not per-sentence work: a small note
    // of other sentences is analysed first, and its cost is left out.
    await client.open('file:///bench/warm-up.note', warmUp.text);
    await settled(client, 20);
    await client.close('file:///bench/warm-up.note');
    await ping(client);
    const before = serverUsage(pid);
    const t0 = performance.now();
    await client.open(`file:///bench/answers-${n}.note`, note.text);
    await settled(client, n);
    await modelIdle(client, server, 300);
    const wall = performance.now() - t0;
    const after = serverUsage(pid);
    const requests = server.generationRequests().length;
    rows.push([n, requests, (wall / 1000).toFixed(1), ((after.cpuMs - before.cpuMs) / n).toFixed(2), after.peakMb.toFixed(0), after.rssMb.toFixed(0)]);
    await client.stop();
    await server.stop();
  }
  table(
    'A whole analysis, all features on (model answers at once; after a 20-sentence warm-up note)',
    ['sentences', 'model requests', 'wall s', 'server CPU ms / sentence', 'peak RSS MB', 'RSS after MB'],
    rows,
  );
}

async function burst(): Promise<void> {
  const note = noteWithAssessment(500);
  const line = note.text.indexOf('Day 250 ');
  const at = line + 'Day 250 '.length;
  const typed = 'a'.repeat(100);
  const finalText = note.text.slice(0, at) + typed + note.text.slice(at);
  const shift = (e: { start: number; end: number; type: string }) => (e.start >= at ? { ...e, start: e.start + typed.length, end: e.end + typed.length } : e);
  const edited: GoldDocument = { ...note, name: 'burst-final', text: finalText, entities: note.entities.map(shift) };
  const target = edited.entities.find((e) => e.start > at + typed.length && e.start < finalText.indexOf('\n', at))!;
  const server = await OllamaTestServer.start({ gold: [note, edited] });
  const rows: (string | number)[][] = [];
  for (const nli of [true, false]) {
    const client = await startServer(server, { nli: { enabled: nli } });
    const uri = `file:///bench/burst-${nli}.note`;
    await client.open(uri, note.text);
    await settled(client, 500);
    await new Promise((r) => setTimeout(r, 1000));
    const mark = server.generationRequests().length;
    const pid = client.proc!.pid!;
    const cpu0 = serverUsage(pid).cpuMs;
    for (let i = 0; i < typed.length; i++) {
      await client.edit(uri, at + i, at + i, 'a');
      await new Promise((r) => setTimeout(r, 50));
    }
    const last = Date.now();
    const cpu = (serverUsage(pid).cpuMs - cpu0) / typed.length;
    await waitFor('a model request', () => server.generationRequests().length > mark, 120_000);
    const firstRequest = server.generationRequests()[mark].receivedAt - last;
    await waitFor(
      'the edited sentence highlighted',
      async () => {
        const tokens = await client.tokens(uri, { start: target.start - 200, end: target.end + 200 });
        return tokens.some((t) => t.start === target.start && t.end === target.end);
      },
      120_000,
    );
    const highlighted = Date.now() - last;
    rows.push([nli ? 'all features' : 'NLI off', firstRequest, highlighted, cpu.toFixed(1)]);
    await client.stop();
  }
  await server.stop();
  table(
    'Typing burst: 100 keystrokes at 50 ms on a 500-sentence note (debounce 400 ms)',
    ['features', 'last keystroke → first model request ms', '→ edited sentence highlighted ms', 'server CPU ms / keystroke'],
    rows,
  );
}

const PARTS: Record<string, () => Promise<void>> = { keystrokes, answers, burst, busy: busyCore };

/** BENCH_INCREMENTAL=keystrokes,answers,burst,busy picks parts. */
export async function incremental(): Promise<void> {
  for (const part of (process.env.BENCH_INCREMENTAL ?? Object.keys(PARTS).join(',')).split(',')) await PARTS[part]();
}
