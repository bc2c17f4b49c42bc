/**
 * The fixture notes' requests (capturePrompts.ts) replayed through the embedded engine in
 * this process, on a GGUF of a real model's shape: one request at a time (1 sequence)
 * against batched (PARALLEL sequences of one context, as many requests in flight), plain
 * generation against jump-forward. The GPU machine's counterpart of bench/batching.ts, to
 * set beside drive.py's llama-server tables from the same prompts.
 *
 * A random-weight model never stops by itself, so a plain answer is cut at the well-formed
 * answer's length in tokens (what drive.py asks llama-server for); jump-forward answers have
 * their layout's length by construction. A request is sent once as many of its note's
 * answers have come back as when the engine sent it (`after`): relations wait for entities.
 * Speed only: the answers of random weights mean nothing.
 *
 *   node embeddedReplay.js PROMPTS.json MODEL.gguf [OUT.json]   (env PARALLEL, default 16; WIDTHS, default 1,PARALLEL)
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { EmbeddedBackend } from '../../server/src/engine/models/embedded/backend';
import { EmbeddedRuntime } from '../../server/src/engine/models/embedded/runtime';
import { ModelRequest } from '../../server/src/engine/types';
import type { CapturedRequest } from './capturePrompts';

const PARALLEL = Number(process.env.PARALLEL ?? 16);
/** The widths run (WIDTHS, default 1 and PARALLEL): sequences of the context and requests in flight. */
const WIDTHS = (process.env.WIDTHS ?? `1,${PARALLEL}`).split(',').map(Number);
/** BATCH_WAIT_MS: how long held evaluations wait for the other sequences (default the engine's). */
const WAIT_MS = process.env.BATCH_WAIT_MS === undefined ? undefined : Number(process.env.BATCH_WAIT_MS);
const CONTEXT = 4096;

interface Cost {
  requests: number;
  evaluations: number;
  promptTokens: number;
  answerTokens: number;
  ms: number;
}

/** Sends `reqs` (of one or more notes) with `parallel` in flight, each once its note has `after` answers back. */
async function replay(
  backend: EmbeddedBackend,
  reqs: CapturedRequest[],
  parallel: number,
  jumpForward: boolean,
  cut: Map<CapturedRequest, number>,
): Promise<Cost> {
  const runtime = backend.runtime;
  const cost: Cost = { requests: 0, evaluations: 0, promptTokens: 0, answerTokens: 0, ms: 0 };
  const before = runtime.evaluations.calls;
  const done = new Map<string, number>();
  const waiting = [...reqs];
  // Workers with nothing to send wait for the next answer: any answer may free a request.
  const idle: Array<() => void> = [];
  const started = performance.now();
  const worker = async (): Promise<void> => {
    while (waiting.length) {
      const i = waiting.findIndex((r) => (done.get(r.note) ?? 0) >= r.after);
      if (i < 0) {
        await new Promise<void>((r) => idle.push(r));
        continue;
      }
      const [r] = waiting.splice(i, 1);
      const request: ModelRequest =
        jumpForward && r.request.kind === 'generate' && r.request.expected
          ? r.request
          : r.request.kind === 'generate'
            ? { ...r.request, expected: undefined, numPredict: cut.get(r) ?? r.request.numPredict }
            : r.request;
      // (A signal of its own, as the scheduler gives each request.)
      const a = await backend.generate(request, new AbortController().signal);
      cost.requests++;
      cost.promptTokens += a.promptTokens ?? 0;
      cost.answerTokens += a.evalTokens ?? 0;
      done.set(r.note, (done.get(r.note) ?? 0) + 1);
      idle.splice(0).forEach((wake) => wake());
    }
    idle.splice(0).forEach((wake) => wake());
  };
  await Promise.all(Array.from({ length: parallel }, worker));
  cost.ms = performance.now() - started;
  cost.evaluations = runtime.evaluations.calls - before;
  return cost;
}

async function main(): Promise<void> {
  const [promptsFile, modelPath, outFile] = process.argv.slice(2);
  const reqs = JSON.parse(fs.readFileSync(promptsFile, 'utf8')) as CapturedRequest[];
  const notes = [...new Set(reqs.map((r) => r.note))];
  const runtime = new EmbeddedRuntime();
  const rows: string[][] = [];
  const results: object[] = [];
  try {
    const llama = await runtime.llama({ gpu: 'auto' });
    console.log(
      `node-llama-cpp on ${llama.gpu || 'CPU'}; ${reqs.length} requests of ${notes.length} notes; widths: ${WIDTHS.join(', ')} sequences; batch wait ${WAIT_MS ?? 'default'} ms`,
    );
    for (const parallel of WIDTHS) {
      const backend = new EmbeddedBackend(
        {
          modelPath,
          contextSize: CONTEXT,
          requestTimeoutMs: 600_000,
          gpu: 'auto',
          sequences: parallel,
          ...(WAIT_MS !== undefined ? { batchWaitMs: WAIT_MS } : {}),
        },
        runtime,
      );
      // The model is loaded (and warmed) before any clock starts.
      await backend.generate({ kind: 'generate', prompt: 'x', raw: true, stop: [], numPredict: 4 }, new AbortController().signal);
      const loaded = await runtime.load(backend.settings);
      console.log(`${parallel} sequence(s): ${loaded.model.gpuLayers} layers on the GPU, context ${loaded.context.contextSize} tokens a sequence`);
      const cut = new Map(reqs.map((r) => [r, Math.max(1, loaded.model.tokenize(r.answer).length)]));
      for (const jumpForward of [false, true]) {
        const how = `${parallel === 1 ? 'one at a time' : `batched (${parallel})`}, ${jumpForward ? 'jump-forward' : 'plain'}`;
        const perNote = [];
        for (const note of notes) {
          const c = await replay(
            backend,
            reqs.filter((r) => r.note === note),
            parallel,
            jumpForward,
            cut,
          );
          perNote.push(c);
          rows.push([note, how, String(c.requests), String(c.evaluations), String(c.promptTokens), String(c.answerTokens), (c.ms / 1000).toFixed(2)]);
        }
        // All notes at once (a corpus run): batches fill across notes.
        const all = parallel === 1 ? undefined : await replay(backend, reqs, parallel, jumpForward, cut);
        const sum = perNote.reduce((s, c) => s + c.ms, 0);
        rows.push(['all notes, one after another', how, '', '', '', '', (sum / 1000).toFixed(2)]);
        if (all)
          rows.push([
            'all notes at once',
            how,
            String(all.requests),
            String(all.evaluations),
            String(all.promptTokens),
            String(all.answerTokens),
            (all.ms / 1000).toFixed(2),
          ]);
        results.push({ parallel, jumpForward, perNote, notesMs: sum, allAtOnce: all });
      }
    }
  } finally {
    await runtime.dispose();
  }
  console.log('\n| note | how | model requests | evaluation calls | prompt tokens evaluated | answer tokens | seconds |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
  if (outFile) fs.writeFileSync(outFile, JSON.stringify(results, null, 1));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
