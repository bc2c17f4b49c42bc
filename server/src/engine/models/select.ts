/**
 * Which model server serves, decided in one place for the editor and the command line:
 *
 * - `ollama`, `openai` (an OpenAI-compatible server: vLLM, llama.cpp, LM Studio, TGI),
 *   `embedded` (llama.cpp in this process on a GGUF file) or `recorded` (the bundled
 *   examples' recorded answers, no model; never in a chain): that one;
 * - `auto`: a fallback chain, in order, of Ollama, the OpenAI-compatible server when
 *   `openai.baseUrl` is set, and the embedded engine when `embedded.modelPath` is set.
 *
 * The chain chooses on first use and chooses again whenever a health probe finds the
 * chosen member unusable, so an Ollama started later takes over again and a stopped one
 * hands over. The OpenAI-compatible server's API key comes from the caller (the
 * environment), never from settings.
 */
import { ModelAnswer, ModelError, ModelRequest } from '../types';
import { EngineSetting, Probe, Serving, ServingBackend } from './backend';
import { EmbeddedBackend } from './embedded/backend';
import { EmbeddedRuntime } from './embedded/runtime';
import { OllamaBackend } from './ollama';
import { OpenAiBackend } from './openai';
import { defaultRecordedFile, RecordedBackend } from './recorded';

/** What choosing a backend needs to know: the model servers' part of the engine configuration. */
export interface BackendConfig {
  engine: EngineSetting;
  model: string;
  /** Context length: sent to Ollama, used by the embedded engine, a prompt budget for all. */
  numCtx: number;
  ollama: { host: string; keepAlive: string };
  openai: { baseUrl: string; model: string; apiKey?: string };
  embedded: { modelPath: string };
  allowRemoteHost: boolean;
  requestTimeoutMs: number;
  /** Model requests in flight at once; the embedded engine decodes that many together, as parallel sequences. */
  maxConcurrentRequests?: number;
  /** `embeddingModel`: what each server embeds NLI sentences with (a model name; for the embedded engine a GGUF file). */
  nli?: { embeddingModel?: string };
  /** `engine: recorded`: the answers file (default: the bundled examples' recorded answers). */
  recorded?: { file: string };
}

/**
 * `members` in order of preference: the first whose probe finds its server reachable serves,
 * else the last. A chosen member is kept while it answers with its model.
 */
export class FallbackBackend implements ServingBackend {
  private choice: Promise<ServingBackend> | undefined;
  private chosen: ServingBackend | undefined;

  constructor(private readonly chain: readonly ServingBackend[]) {
    if (chain.length === 0) throw new Error('A fallback chain needs at least one backend.');
  }

  members(): readonly ServingBackend[] {
    return this.chain;
  }

  /** The member serving now: the first until a choice is made. */
  get current(): ServingBackend {
    return this.chosen ?? this.chain[0];
  }

  get description(): string {
    return this.current.description;
  }

  serving(): Serving {
    return this.current.serving();
  }

  private choose(): Promise<ServingBackend> {
    this.choice ??= (async () => {
      for (const member of this.chain.slice(0, -1)) {
        const probe = await member.probe().catch(() => undefined);
        if (probe?.reachable) return (this.chosen = member);
      }
      return (this.chosen = this.chain[this.chain.length - 1]);
    })();
    return this.choice;
  }

  async resolve(): Promise<void> {
    await this.choose();
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    return (await this.choose()).generate(request, signal);
  }

  async probe(signal?: AbortSignal): Promise<Probe> {
    const member = await this.choose();
    const probe = await member.probe(signal);
    if (probe.reachable && probe.modelPresent) return probe;
    // The chosen member is not usable: choose again (another may be).
    this.choice = undefined;
    const again = await this.choose();
    return again === member ? probe : again.probe(signal);
  }

  /** The chosen member's embeddings. */
  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const member = await this.choose();
    if (!member.embed) throw new ModelError('model-missing', `${member.serving().engine} gives no embeddings.`);
    return member.embed(texts, signal);
  }

  async dispose(): Promise<void> {
    await Promise.all(this.chain.map((m) => m.dispose?.()));
  }
}

/**
 * The backend for `config`. `runtime` gives the embedded engine's llama.cpp runtime, made
 * only when the configuration uses the embedded engine.
 */
export function selectBackend(config: BackendConfig, runtime: () => EmbeddedRuntime): ServingBackend {
  const ollama = () =>
    new OllamaBackend({
      host: config.ollama.host,
      model: config.model,
      numCtx: config.numCtx,
      keepAlive: config.ollama.keepAlive,
      requestTimeoutMs: config.requestTimeoutMs,
      allowRemoteHost: config.allowRemoteHost,
      embeddingModel: config.nli?.embeddingModel,
    });
  const openai = () =>
    new OpenAiBackend({
      baseUrl: config.openai.baseUrl,
      model: config.openai.model || config.model,
      apiKey: config.openai.apiKey,
      requestTimeoutMs: config.requestTimeoutMs,
      allowRemoteHost: config.allowRemoteHost,
      numCtx: config.numCtx,
      embeddingModel: config.nli?.embeddingModel,
    });
  const embedded = () =>
    new EmbeddedBackend(
      {
        modelPath: config.embedded.modelPath,
        contextSize: config.numCtx,
        requestTimeoutMs: config.requestTimeoutMs,
        embeddingModelPath: config.nli?.embeddingModel,
        sequences: config.maxConcurrentRequests,
      },
      runtime(),
    );
  switch (config.engine) {
    case 'ollama':
      return ollama();
    case 'openai':
      return openai();
    case 'embedded':
      return embedded();
    case 'recorded':
      return new RecordedBackend(config.recorded?.file || defaultRecordedFile(), config.model);
    case 'auto': {
      const chain: ServingBackend[] = [ollama()];
      if (config.openai.baseUrl) chain.push(openai());
      if (config.embedded.modelPath) chain.push(embedded());
      return chain.length === 1 ? chain[0] : new FallbackBackend(chain);
    }
  }
}

/** Whether `config` may run the embedded engine (its runtime's memory can go back otherwise). */
export function usesEmbedded(config: BackendConfig): boolean {
  return config.engine === 'embedded' || (config.engine === 'auto' && config.embedded.modelPath !== '');
}
