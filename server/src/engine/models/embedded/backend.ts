/**
 * The embedded engine: llama.cpp inside this process through `node-llama-cpp`, for
 * machines without Ollama or another server. It loads one GGUF file (biomedNlp.embedded.modelPath,
 * or `biomed --engine embedded --model-path FILE`) and answers both kinds of request:
 *
 * - `generate` (the medtuned profile): a raw completion of the prompt text with a BOS
 *   token and no chat template (LlamaCompletion), cut at the stop strings and numPredict,
 *   which is what Ollama's `raw: true` does;
 * - `chat` (the json profile): a chat session in the model's own chat template, with the
 *   request's JSON schema turned into a grammar (`llama.createGrammarForJsonSchema`), so
 *   that what comes back parses and is valid under the schema (unless numPredict cuts it).
 *
 * A generate request that says what its answer looks like (`expected`, the medtuned NER
 * layout) is decoded jump-forward instead (jumpForward.ts): the known parts of the answer go in
 * as batches and only the tags are sampled, among the valid ones.
 *
 * Greedy decoding (temperature 0, no repeat penalty: mentions are copied from the text),
 * the caller's AbortSignal and requestTimeoutMs stop a generation between two tokens.
 * The model, and the turn each request waits for, belong to the EmbeddedRuntime the backend
 * is given (runtime.ts); backends on one runtime share its one loaded model. With
 * `sequences` above 1, requests in flight together each decode on a sequence of their own
 * (own grammar or jump-forward state, signal and numPredict), and node-llama-cpp evaluates
 * their tokens together, one batch per step; a request that comes meanwhile joins the next
 * batch. Each request's tokens see only its own sequence, so the answers are those of one
 * request at a time.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ModelAnswer, ModelError, ModelRequest } from '../../types';
import { Probe, Serving, ServingBackend } from '../backend';
import { expandHome } from './download';
import { jumpForward } from './jumpForward';
import { cancelled, EmbeddedRuntime, LoadedModel, ModelOptions, NodeLlamaCpp } from './runtime';

// A type only: erased from the output, so nothing loads node-llama-cpp until it is used.
type ChatHistoryItem = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).ChatHistoryItem;
type LlamaModel = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaModel;
type LlamaContextSequence = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContextSequence;
type LlamaEmbeddingContext = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaEmbeddingContext;

export interface EmbeddedSettings extends ModelOptions {
  requestTimeoutMs: number;
  /** A GGUF file of an embedding model (biomedNlp.nli.embeddingModel), loaded beside the generation model when first asked. */
  embeddingModelPath?: string;
}

const SEED = 42;

/** How requests were decoded, counted as they go (the bench and tests read them). */
export interface DecodeStats {
  /** Requests decoded jump-forward. */
  jumpForward: number;
  /** Requests generated token by token (every other request). */
  plain: number;
  /** Sequential decode steps: sampled tokens of plain generation, tag choices of jump-forward. */
  steps: number;
}

export class EmbeddedBackend implements ServingBackend {
  readonly engine = 'embedded' as const;
  readonly settings: EmbeddedSettings;
  readonly decodeStats: DecodeStats = { jumpForward: 0, plain: 0, steps: 0 };
  /** Called with each tag jump-forward decoding chooses, as it is chosen (progress; tests cancel mid-sentence with it). */
  onTag?: (index: number, tag: string) => void;

  constructor(
    settings: EmbeddedSettings,
    readonly runtime: EmbeddedRuntime,
  ) {
    this.settings = { ...settings, modelPath: settings.modelPath && path.resolve(expandHome(settings.modelPath.trim())) };
  }

  get description(): string {
    return `${this.settings.modelPath ? path.basename(this.settings.modelPath) : '(no model file)'} in the embedded engine`;
  }

  /** Where the model runs, for the status: this process. */
  get host(): string {
    return 'this process (node-llama-cpp)';
  }

  serving(): Serving {
    return { engine: 'embedded', host: this.host, model: this.settings.modelPath || '(no GGUF file set)' };
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    if (signal.aborted) throw cancelled();
    return this.runtime.generation(this.settings, signal, async () => {
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, this.settings.requestTimeoutMs);
      const forward = () => controller.abort();
      signal.addEventListener('abort', forward, { once: true });
      try {
        // The load itself is not stopped by one request's signal: the next request wants it too.
        const l = await abortable(this.runtime.load(this.settings), controller.signal);
        const { sequence, giveBack } = this.runtime.takeSequence(l);
        try {
          return await this.run(l, sequence, request, controller.signal);
        } finally {
          giveBack();
        }
      } catch (err) {
        if (signal.aborted) throw cancelled();
        if (timedOut) throw new ModelError('timeout', `The embedded model did not answer within ${this.settings.requestTimeoutMs} ms.`);
        throw toModelError(err);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', forward);
      }
    });
  }

  private async run(l: LoadedModel, sequence: LlamaContextSequence, request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    const nlc = await this.runtime.loadNodeLlamaCpp(this.settings.runtimeDirs);
    const meter = sequence.tokenMeter.getState();
    const counts = () => sequence.tokenMeter.diff(meter);
    const started = performance.now();
    if (request.kind === 'generate' && request.expected?.kind === 'tagging') {
      const result = await jumpForward(nlc, sequence, request.prompt, request.expected, {
        signal,
        maxAnswerTokens: request.numPredict,
        onStep: () => this.decodeStats.steps++,
        onTag: (i, tag) => this.onTag?.(i, tag),
      });
      if (result) {
        this.decodeStats.jumpForward++;
        return {
          text: result.text,
          doneReason: result.doneReason,
          promptTokens: result.promptTokens,
          evalTokens: result.answerTokens,
          evalMs: performance.now() - started,
        };
      }
    }
    this.decodeStats.plain++;
    try {
      return await this.generatePlain(nlc, l, sequence, request, signal, counts, started);
    } finally {
      // Every sampled token took one sequential decode step.
      this.decodeStats.steps += counts().usedOutputTokens;
    }
  }

  private async generatePlain(
    nlc: NodeLlamaCpp,
    l: LoadedModel,
    sequence: LlamaContextSequence,
    request: ModelRequest,
    signal: AbortSignal,
    counts: () => { usedInputTokens: number; usedOutputTokens: number },
    started: number,
  ): Promise<ModelAnswer> {
    if (request.kind === 'generate') {
      const completion = new nlc.LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
      try {
        const result = await completion.generateCompletionWithMeta(request.prompt, {
          maxTokens: request.numPredict,
          temperature: 0,
          seed: SEED,
          repeatPenalty: false,
          customStopTriggers: request.stop.length ? request.stop : undefined,
          signal,
        });
        return answer(result.response, result.metadata.stopReason, counts(), performance.now() - started);
      } finally {
        completion.dispose({ disposeSequence: false });
      }
    }
    const messages = request.messages;
    const last = messages[messages.length - 1];
    if (!last || last.role !== 'user') throw new ModelError('server-error', 'A chat request must end with a user message.');
    const history: ChatHistoryItem[] = messages
      .slice(0, -1)
      .map((m) =>
        m.role === 'system'
          ? { type: 'system', text: m.content }
          : m.role === 'user'
            ? { type: 'user', text: m.content }
            : { type: 'model', response: [m.content] },
      );
    const grammar = await this.runtime.grammar(l, request.format, this.settings);
    const session = new nlc.LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
    try {
      session.setChatHistory(history);
      const result = await session.promptWithMeta(last.content, {
        grammar,
        maxTokens: request.numPredict,
        temperature: 0,
        seed: SEED,
        repeatPenalty: false,
        signal,
      });
      return answer(result.responseText, result.stopReason, counts(), performance.now() - started);
    } finally {
      session.dispose({ disposeSequence: false });
    }
  }

  /**
   * Is node-llama-cpp there, and the model file? Loads nothing (a 4 GB model loads with the
   * first request); a file that failed to load stays "missing" until it changes.
   */
  async probe(_signal?: AbortSignal): Promise<Probe> {
    try {
      await this.runtime.loadNodeLlamaCpp(this.settings.runtimeDirs);
    } catch (err) {
      return { reachable: false, modelPresent: false, error: toModelError(err) };
    }
    try {
      const failed = this.runtime.loadFailure(this.settings);
      if (failed) return { reachable: true, modelPresent: false, error: failed };
      return { reachable: true, modelPresent: true };
    } catch (err) {
      return { reachable: true, modelPresent: false, error: toModelError(err) };
    }
  }

  /**
   * Sentence embeddings from the GGUF embedding model, one text at a time in the runtime's
   * turn (llama.cpp embeds through its own context). The model is loaded on first use and
   * kept until dispose.
   */
  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const file = this.settings.embeddingModelPath?.trim();
    if (!file) throw new ModelError('model-missing', 'No embedding model is set (biomedNlp.nli.embeddingModel).');
    const modelPath = path.resolve(expandHome(file));
    if (!/\.gguf$/i.test(modelPath) || !fs.existsSync(modelPath)) {
      throw new ModelError(
        'model-missing',
        `The embedded engine embeds with a GGUF file of an embedding model; biomedNlp.nli.embeddingModel "${file}" is not such a file.`,
      );
    }
    return this.runtime.exclusive(signal, async () => {
      try {
        const context = await this.embeddingContext(modelPath);
        const out: number[][] = [];
        for (const text of texts) {
          if (signal.aborted) throw cancelled();
          out.push([...(await context.getEmbeddingFor(text)).vector]);
        }
        return out;
      } catch (err) {
        if (signal.aborted) throw cancelled();
        throw toModelError(err);
      }
    });
  }

  private embedding: { path: string; model: LlamaModel; context: Promise<LlamaEmbeddingContext> } | undefined;

  private async embeddingContext(modelPath: string): Promise<LlamaEmbeddingContext> {
    if (this.embedding?.path !== modelPath) {
      await this.disposeEmbedding();
      const llama = await this.runtime.llama(this.settings);
      const model = await llama.loadModel({ modelPath });
      this.embedding = {
        path: modelPath,
        model,
        context: model.createEmbeddingContext({ contextSize: Math.min(this.settings.contextSize, model.trainContextSize) }),
      };
    }
    return this.embedding.context;
  }

  private async disposeEmbedding(): Promise<void> {
    const e = this.embedding;
    this.embedding = undefined;
    if (!e) return;
    await e.context.then((c) => c.dispose()).catch(() => undefined);
    await e.model.dispose().catch(() => undefined);
  }

  /** Frees the runtime's loaded model once the requests before are done (the next request loads it again). */
  async dispose(): Promise<void> {
    await this.disposeEmbedding();
    return this.runtime.release();
  }
}

/** `used`: what llama.cpp evaluated (the prompt less a prefix kept from the last request) and generated. */
function answer(text: string, stopReason: string, used: { usedInputTokens: number; usedOutputTokens: number }, ms: number): ModelAnswer {
  return {
    text,
    doneReason: stopReason === 'maxTokens' ? 'length' : 'stop',
    promptTokens: used.usedInputTokens,
    evalTokens: used.usedOutputTokens,
    evalMs: ms,
  };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function toModelError(err: unknown): ModelError {
  if (err instanceof ModelError) return err;
  const e = err as Error;
  if (e?.name === 'DisposedError') return new ModelError('server-error', 'The embedded model was unloaded during the request.');
  if (e?.name === 'InsufficientMemoryError') return new ModelError('server-error', `The embedded engine ran out of memory: ${e.message}`);
  return new ModelError('server-error', `The embedded engine failed: ${e?.message ?? String(err)}`);
}
