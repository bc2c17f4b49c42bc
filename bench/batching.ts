/**
 * Batched decoding in the embedded engine, counted: each fixture note analysed whole
 * (entities, relations, NLI; the medtuned profile) on the test GGUF models with requests one
 * at a time against BENCH_BATCHING_PARALLEL (default 16) in flight as parallel sequences of
 * one context, plain generation against jump-forward. Per note: model requests, model
 * evaluation calls (batches sent to llama.cpp), prompt tokens evaluated and answer tokens
 * decoded, and wall time beside. The counts do not depend on the machine; the time does,
 * and a CPU is compute-bound (a batch of 16 tokens costs about 16 times one token), so batching
 * saves little time here: on a GPU a decode step is bound by memory bandwidth and a batch
 * costs little more than one token (docs/dev/performance.md). BENCH_BATCHING_NOTES picks notes.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedRuntime } from '../server/src/engine/models/embedded/runtime';
import { MedtunedProfile } from '../server/src/engine/profiles/medtuned';
import { analyseNote, NoteCost, TEST_MODELS } from '../test/support/embeddedNotes';
import { writeTinyLlamaGguf } from '../test/support/ggufWriter';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../test/support/gold';
import { table } from './common';

const PARALLEL = Number(process.env.BENCH_BATCHING_PARALLEL ?? 16);
const NOTES = process.env.BENCH_BATCHING_NOTES?.split(',') ?? [...CLINICAL_NOTES, ...LITERATURE_NOTES];

export async function batching(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-batching-'));
  const runtime = new EmbeddedRuntime();
  console.log(`\n## Batched decoding in the embedded engine (test GGUF models, CPU, ${os.cpus().length} cores: ${os.cpus()[0]?.model ?? '?'})`);
  console.log(`One at a time: 1 request in flight, 1 sequence. Batched: ${PARALLEL} in flight, ${PARALLEL} sequences of one context.`);
  try {
    for (const [m, model] of TEST_MODELS.entries()) {
      const file = path.join(dir, `model-${m}.gguf`);
      writeTinyLlamaGguf(file, model.options);
      const rows: string[][] = [];
      for (const note of NOTES) {
        const text = fixtureNote(note).text;
        for (const jumpForward of [false, true]) {
          const run = (parallel: number) => analyseNote({ runtime, modelFile: file, profile: new MedtunedProfile(), text, parallel, jumpForward });
          const one = (await run(1)).cost;
          const batched = (await run(PARALLEL)).cost;
          const row = (how: string, c: NoteCost, ratio: string) => [
            note,
            jumpForward ? 'jump-forward' : 'plain',
            how,
            String(c.requests),
            String(c.evaluations),
            ratio,
            String(c.promptTokens),
            String(c.answerTokens),
            (c.ms / 1000).toFixed(1),
          ];
          rows.push(row('one at a time', one, ''), row('batched', batched, `${(one.evaluations / batched.evaluations).toFixed(1)}×`));
        }
      }
      table(
        `### ${model.name}`,
        ['note', 'decoding', 'how', 'model requests', 'evaluation calls', 'fewer calls', 'prompt tokens evaluated', 'answer tokens', 'wall s'],
        rows,
      );
    }
  } finally {
    await runtime.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
