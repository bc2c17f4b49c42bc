/**
 * A fixture note analysed whole (entities, relations, NLI) by the embedded engine on a test
 * GGUF model, with the scheduler's concurrency and the context's sequences both set to
 * `parallel`: 1 is one request at a time, more is batched decoding. Every answer is kept by
 * its request, and what the decoding cost is counted (the batching test and bench/batching.ts).
 */
import { performance } from 'node:perf_hooks';
import { EmbeddedBackend } from '../../server/src/engine/models/embedded/backend';
import { EmbeddedRuntime } from '../../server/src/engine/models/embedded/runtime';
import { AnalysisConfig, DocumentAnalysis } from '../../server/src/engine/pipeline/analysis';
import { MemoryCache } from '../../server/src/engine/pipeline/cache';
import { EngineContext, newStats } from '../../server/src/engine/pipeline/modelCall';
import { Scheduler } from '../../server/src/engine/pipeline/scheduler';
import { Profile } from '../../server/src/engine/profiles/profile';
import { CLINICAL_TYPES, ModelAnswer, ModelBackend, ModelRequest } from '../../server/src/engine/types';
import { TinyModelOptions } from './ggufWriter';

/** The test models: the embedded tests' (tags spelled as letters) and one whose tags are single tokens, as in Llama-2's vocabulary. */
export const TEST_MODELS: { name: string; options: TinyModelOptions }[] = [
  { name: 'test GGUF (letters)', options: { seed: 2 } },
  {
    name: 'test GGUF (tag tokens)',
    options: { seed: 12, bias: false, attentionScale: 16, words: ['B', 'I', 'O', 'PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT'] },
  },
];

/** Each sequence's context: the test models spell most text a byte a token, so an NLI prompt is long. */
export const NOTE_CONTEXT_SIZE = 4096;

export interface NoteCost {
  requests: number;
  /** Requests decoded jump-forward. */
  jumpForward: number;
  /** Model evaluation calls (batches sent to llama.cpp). */
  evaluations: number;
  /** Tokens in them. */
  evaluatedTokens: number;
  /** Prompt tokens evaluated (less what a sequence kept in its KV cache from its last request). */
  promptTokens: number;
  /** Answer tokens (known and chosen ones of jump-forward answers). */
  answerTokens: number;
  /** Sequential decode steps of the requests, summed (one at a time, each is one evaluation call). */
  steps: number;
  ms: number;
}

export interface NoteRun {
  /** Each request's answer text, by the request. */
  answers: Map<string, string>;
  /** What the analysis shows: entities, relations and NLI findings (JSON, for comparison). */
  shown: string;
  failed: number;
  cost: NoteCost;
}

export interface NoteRunOptions {
  runtime: EmbeddedRuntime;
  modelFile: string;
  profile: Profile;
  text: string;
  /** Requests in flight and sequences of the context. */
  parallel: number;
  /** Decode tagging answers jump-forward (else every request is generated token by token). */
  jumpForward: boolean;
}

export async function analyseNote(o: NoteRunOptions): Promise<NoteRun> {
  const embedded = new EmbeddedBackend(
    { modelPath: o.modelFile, contextSize: NOTE_CONTEXT_SIZE, requestTimeoutMs: 600_000, gpu: false, sequences: o.parallel },
    o.runtime,
  );
  const answers = new Map<string, string>();
  const cost: NoteCost = { requests: 0, jumpForward: 0, evaluations: 0, evaluatedTokens: 0, promptTokens: 0, answerTokens: 0, steps: 0, ms: 0 };
  const recording: ModelBackend = {
    description: embedded.description,
    async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
      const asked = o.jumpForward || request.kind !== 'generate' ? request : { ...request, expected: undefined };
      const a = await embedded.generate(asked, signal);
      answers.set(JSON.stringify(request), a.text);
      cost.requests++;
      cost.promptTokens += a.promptTokens ?? 0;
      cost.answerTokens += a.evalTokens ?? 0;
      return a;
    },
  };
  const config: AnalysisConfig = {
    model: o.modelFile,
    profile: o.profile,
    entityTypes: CLINICAL_TYPES,
    relations: { enabled: true, maxPairsPerSentence: 12, sentenceWindow: 1 },
    nli: { enabled: true, sections: ['assessment', 'plan', 'impression', 'assessment and plan', 'hospital course'], maxPremises: 3, budgetChars: 1500 },
  };
  const ctx: EngineContext = { backend: recording, scheduler: new Scheduler(o.parallel), cache: new MemoryCache(10_000), stats: newStats() };
  // The model is loaded before the clock and the counts start.
  await embedded.generate({ kind: 'generate', prompt: 'x', raw: true, stop: [], numPredict: 1 }, new AbortController().signal);
  const before = { ...o.runtime.evaluations };
  const stats = { ...embedded.decodeStats };
  const started = performance.now();
  const analysis = new DocumentAnalysis('file:///note', 1, o.text, config, ctx);
  analysis.start();
  await analysis.whenComplete();
  cost.ms = performance.now() - started;
  cost.evaluations = o.runtime.evaluations.calls - before.calls;
  cost.evaluatedTokens = o.runtime.evaluations.tokens - before.tokens;
  cost.steps = embedded.decodeStats.steps - stats.steps;
  cost.jumpForward = embedded.decodeStats.jumpForward - stats.jumpForward;
  const shown = JSON.stringify({ entities: analysis.entities(), relations: analysis.relations(), nli: analysis.nliFindings() ?? null });
  const failed = analysis.failed;
  analysis.dispose();
  return { answers, shown, failed, cost };
}
