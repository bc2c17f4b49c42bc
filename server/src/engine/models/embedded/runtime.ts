/**
 * The embedded engine's llama.cpp runtime: node-llama-cpp, its Llama instance, the one GGUF
 * model loaded (with its context, sequences and grammars), and the turns requests take
 * (turns.ts). One model is loaded at a time and kept for the next request. Its context has
 * `sequences` parallel sequences (biomedNlp.maxConcurrentRequests): up to that many requests
 * run at once, one sequence each, and node-llama-cpp decodes what they queue in one cycle as
 * one batch (batching.ts counts the batches); with one sequence they run one at a time, in
 * the order they come.
 *
 * All of it belongs to an EmbeddedRuntime, none to this module: whoever runs the engine (the
 * language server, the CLI, a test) makes a runtime and disposes of it, and two runtimes
 * share nothing they could disturb in each other (llama.cpp's native library is shared; its
 * log callback is process-wide, so llama.cpp's reasons for a failed load reach the runtime
 * whose Llama instance was made last).
 *
 * `node-llama-cpp` is ESM and large (its prebuilt llama.cpp binaries come as optional npm
 * packages such as @node-llama-cpp/linux-x64); it is imported only when the engine is used
 * and is kept out of the esbuild bundles. Where it is not installed (the packaged
 * extension ships without node_modules) it is also looked for under
 * `~/.cache/biomed-nlp/runtime/node_modules` (see README, "Embedded engine"), and the engine
 * says that it is not installed and how to install it.
 */
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ModelError } from '../../types';
import { countingStrategy, EvaluationCount, gatherEvaluations, newEvaluationCount } from './batching';
import { cacheDir } from './download';
import { checkGgufLayout, checkModelFile, statModelFile } from './gguf';
import { Turns } from './turns';

export { cancelled } from './turns';

// Types only: erased from the output, so nothing loads node-llama-cpp until it is used.
export type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });
type Llama = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).Llama;
type LlamaModel = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaModel;
type LlamaContext = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContext;
type LlamaContextSequence = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContextSequence;
export type LlamaGrammar = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaGrammar;

/** The node-llama-cpp version this engine is written and tested against: package.json's (a test keeps them equal). */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

export const NOT_INSTALLED_MESSAGE =
  `The embedded engine needs the node-llama-cpp package (${NODE_LLAMA_CPP_VERSION}), which is not installed. ` +
  `Install it with: npm install --prefix ~/.cache/biomed-nlp/runtime node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ` +
  `(then try again), or use Ollama (biomedNlp.engine: ollama).`;

/** How llama.cpp runs. */
export interface LlamaOptions {
  /** CPU threads; 0 or absent: one less than the cores llama.cpp counts, at least 1. */
  threads?: number;
  /** `auto`: CUDA or Vulkan where a prebuilt binary works on this machine, else CPU. */
  gpu?: 'auto' | false;
  /** Other places to find node-llama-cpp in (folders holding node_modules); tests and the README's runtime folder. */
  runtimeDirs?: string[];
}

/** The model to load, and how. */
export interface ModelOptions extends LlamaOptions {
  /** The GGUF file. Empty: no model chosen yet. */
  modelPath: string;
  /** Context length in tokens (capped at the model's training context), of each sequence. */
  contextSize: number;
  /**
   * Parallel sequences of the context: requests decoded together (default 1, one at a time).
   * Each has its own `contextSize` of KV cache, so memory grows with it.
   */
  sequences?: number;
  /** With sequences: how long held evaluations wait for the rest (batching.ts's MAX_WAIT_MS; benchmarks vary it). */
  batchWaitMs?: number;
}

export interface LoadedModel {
  /** path, size, modification time and context size: a changed file is loaded again. */
  key: string;
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  /** The context's sequences, kept between requests: a prompt that starts like the sequence's last one reuses its evaluated prefix. */
  sequences: LlamaContextSequence[];
  /** The first of them (the only one when requests run one at a time). */
  sequence: LlamaContextSequence;
  /** The sequences no request holds now (the last freed at the end). */
  free: LlamaContextSequence[];
  grammars: Map<string, Promise<LlamaGrammar>>;
  /** With more than one sequence: their evaluations held until all in use have queued (batching.ts). */
  gather?: { check: () => void };
}

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/**
 * node-llama-cpp (3.21.1, 3.22.1) never finishes disposing a Llama after a native model-load
 * failure (the failed model keeps a dispose guard): do not wait for it for ever.
 */
async function disposeLlama(llama: Llama | undefined): Promise<void> {
  if (!llama) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([llama.dispose().catch(() => undefined), new Promise((r) => (timer = setTimeout(r, 2000).unref()))]);
  clearTimeout(timer);
}

export class EmbeddedRuntime {
  private module: Promise<NodeLlamaCpp> | undefined;
  private moduleFrom: string | undefined;
  private llamaPromise: Promise<Llama> | undefined;
  private llamaGpu: 'auto' | false | undefined;
  /** The last llama.cpp error lines, which say why a model did not load. */
  private recentErrors: string[] = [];
  private loaded: Promise<LoadedModel> | undefined;
  private loadedKey: string | undefined;
  /** The last load failure, kept until the file changes, so a broken file is not read again for every request. */
  private failedLoad: { key: string; error: ModelError } | undefined;
  /** Requests to the loaded model share it up to its sequences; loading another model, releasing and embedding wait for the runtime alone. */
  private readonly turns = new Turns();
  /** Model evaluation calls (batches) of every generation context this runtime made (the bench reads it). */
  readonly evaluations: EvaluationCount = newEvaluationCount();

  /** node-llama-cpp, from this program's own node_modules or one of `runtimeDirs` (the first call's). */
  loadNodeLlamaCpp(runtimeDirs: readonly string[] = [path.join(cacheDir(), 'runtime')]): Promise<NodeLlamaCpp> {
    const loading = (this.module ??= (async () => {
      try {
        const m = (await import('node-llama-cpp')) as NodeLlamaCpp;
        this.moduleFrom = 'node_modules';
        return m;
      } catch (err) {
        if (!isNotFound(err)) throw new ModelError('unreachable', `node-llama-cpp could not be loaded: ${(err as Error).message}`);
      }
      for (const dir of runtimeDirs) {
        let entry: string;
        try {
          // The package's "exports" map says where its ESM entry is; require.resolve reads it.
          entry = createRequire(path.join(dir, 'noop.js')).resolve('node-llama-cpp');
        } catch {
          continue;
        }
        try {
          const m = (await import(pathToFileURL(entry).href)) as NodeLlamaCpp;
          this.moduleFrom = path.dirname(path.dirname(entry));
          return m;
        } catch (err) {
          throw new ModelError('unreachable', `node-llama-cpp in ${dir} could not be loaded: ${(err as Error).message}`);
        }
      }
      throw new ModelError('unreachable', NOT_INSTALLED_MESSAGE);
    })());
    // A failed import is tried again next time (the user may install it meanwhile).
    loading.catch(() => {
      if (this.module === loading) this.module = undefined;
    });
    return loading;
  }

  /** Where node-llama-cpp was found ('node_modules' or a runtime folder), once loaded. */
  get nodeLlamaCppSource(): string | undefined {
    return this.moduleFrom;
  }

  /** The Llama instance for `options.gpu` (made again when that changes). */
  async llama(options: LlamaOptions): Promise<Llama> {
    const gpu = options.gpu ?? 'auto';
    if (this.llamaPromise && this.llamaGpu !== gpu) {
      await this.unload();
      const old = await this.llamaPromise.catch(() => undefined);
      this.llamaPromise = undefined;
      await disposeLlama(old);
    }
    this.llamaGpu = gpu;
    const starting = (this.llamaPromise ??= (async () => {
      const nlc = await this.loadNodeLlamaCpp(options.runtimeDirs);
      try {
        const llama = await nlc.getLlama({
          gpu,
          // Never compile llama.cpp from source (it would download it): prebuilt binaries only.
          build: 'never',
          progressLogs: false,
          logLevel: nlc.LlamaLogLevel.warn,
          logger: (level, message) => {
            const line = message.trim();
            if (!line) return;
            if (level === nlc.LlamaLogLevel.error || level === nlc.LlamaLogLevel.fatal) this.recentErrors = [...this.recentErrors.slice(-7), line];
            // stderr only: stdout may be the language server protocol.
            if (level === nlc.LlamaLogLevel.fatal) process.stderr.write(`[llama.cpp] ${line}\n`);
          },
        });
        llama.maxThreads = options.threads && options.threads > 0 ? options.threads : Math.max(1, llama.cpuMathCores - 1);
        return llama;
      } catch (err) {
        const name = (err as Error)?.name;
        const detail = name === 'NoBinaryFoundError' ? 'no prebuilt llama.cpp binary of node-llama-cpp works on this machine' : (err as Error).message;
        throw new ModelError('unreachable', `The embedded engine could not start llama.cpp: ${detail}.`);
      }
    })());
    starting.catch(() => {
      if (this.llamaPromise === starting) this.llamaPromise = undefined;
    });
    return starting;
  }

  /**
   * The model of `options`, loaded now unless it is the one loaded already (another one is
   * unloaded first). Checks the file before llama.cpp reads it.
   */
  async load(options: ModelOptions): Promise<LoadedModel> {
    const file = path.resolve(options.modelPath);
    // Every request comes here: the file's stat says whether it is the one loaded; it is read only to load it.
    const { key } = statModelFile(options.modelPath && file);
    const fullKey = modelKey(key, options.contextSize, sequencesOf(options));
    if (this.failedLoad?.key === fullKey) throw this.failedLoad.error;
    if (this.loaded && this.loadedKey === fullKey) return this.loaded;
    const { stat } = checkModelFile(file);
    await this.unload();
    const llama = await this.llama(options);
    const nlc = await this.loadNodeLlamaCpp(options.runtimeDirs);
    this.loadedKey = fullKey;
    const loading = (this.loaded = (async () => {
      await checkGgufLayout(nlc, file, stat.size);
      this.recentErrors = [];
      let model: LlamaModel;
      try {
        model = await llama.loadModel({ modelPath: file });
      } catch (err) {
        // llama.cpp's log lines come through the event loop: let the last ones arrive.
        await new Promise((r) => setTimeout(r, 50));
        const why = this.recentErrors.find((l) => /error loading model:/.test(l))?.replace(/^.*error loading model:\s*/, '') ?? (err as Error).message;
        throw new ModelError(
          'model-missing',
          `The model file ${file} could not be loaded: it is corrupted, incomplete or not a model llama.cpp supports (${why}).`,
        );
      }
      try {
        const contextSize = Math.max(256, Math.min(options.contextSize, model.trainContextSize || options.contextSize));
        const sequences = sequencesOf(options);
        const context = await model.createContext({
          contextSize,
          sequences,
          batchSize: batchSizeFor(sequences, contextSize),
          batching: { itemPrioritizationStrategy: countingStrategy(this.evaluations) },
        });
        const all = Array.from({ length: sequences }, () => context.getSequence());
        const loaded: LoadedModel = {
          key: fullKey,
          path: file,
          model,
          context,
          sequences: all,
          sequence: all[0],
          free: [...all].reverse(),
          grammars: new Map(),
        };
        if (sequences > 1) loaded.gather = gatherEvaluations(context, () => loaded.sequences.length - loaded.free.length, options.batchWaitMs);
        return loaded;
      } catch (err) {
        await model.dispose().catch(() => undefined);
        throw new ModelError(
          'server-error',
          `The embedded engine could not make a context of ${options.contextSize} tokens for ${path.basename(file)}: ${(err as Error).message}`,
        );
      }
    })());
    loading.catch((err: unknown) => {
      if (this.loadedKey === fullKey) {
        this.loaded = undefined;
        this.loadedKey = undefined;
      }
      if (err instanceof ModelError && err.kind === 'model-missing') this.failedLoad = { key: fullKey, error: err };
    });
    return loading;
  }

  /**
   * Why the model of `options` did not load last time, if it did not and the file has not
   * changed since; undefined otherwise. Loads nothing; throws the file checks' errors.
   */
  loadFailure(options: ModelOptions): ModelError | undefined {
    const { key } = checkModelFile(options.modelPath && path.resolve(options.modelPath));
    const failed = this.failedLoad;
    return failed && failed.key === modelKey(key, options.contextSize, sequencesOf(options)) ? failed.error : undefined;
  }

  /** One grammar per schema, kept with the model (they are tied to its vocabulary). */
  grammar(loaded: LoadedModel, schema: object, options: LlamaOptions): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let g = loaded.grammars.get(key);
    if (!g) {
      g = (async () => {
        const llama = await this.llama(options);
        try {
          return await llama.createGrammarForJsonSchema(schema as never);
        } catch (err) {
          throw new ModelError('server-error', `The JSON schema of the request cannot be made into a grammar: ${(err as Error).message}`);
        }
      })();
      g.catch(() => loaded.grammars.delete(key));
      loaded.grammars.set(key, g);
    }
    return g;
  }

  /** Runs `job` alone, after the jobs before it; a job whose signal aborts while it waits never runs. */
  exclusive<T>(signal: AbortSignal, job: () => Promise<T>): Promise<T> {
    return this.turns.run(undefined, 1, signal, job);
  }

  /**
   * Runs a request to the model of `options` in its turn: beside the other requests to that
   * model while one of its sequences is free (the job loads it, then takes one with
   * `takeSequence`), else after the jobs before it. A file that cannot be used runs alone
   * (its job throws why).
   */
  generation<T>(options: ModelOptions, signal: AbortSignal, job: () => Promise<T>): Promise<T> {
    let group: string | undefined;
    try {
      group = modelKey(statModelFile(options.modelPath && path.resolve(options.modelPath)).key, options.contextSize, sequencesOf(options));
    } catch {
      group = undefined;
    }
    return this.turns.run(group, sequencesOf(options), signal, job);
  }

  /** A free sequence of `loaded` for one request, and the function that gives it back. */
  takeSequence(loaded: LoadedModel): { sequence: LlamaContextSequence; giveBack: () => void } {
    const sequence = loaded.free.pop();
    // The turns admit no more requests than there are sequences.
    if (!sequence) throw new Error(`No free sequence of ${loaded.sequences.length}: more requests than sequences were admitted.`);
    return {
      sequence,
      giveBack: () => {
        loaded.free.push(sequence);
        loaded.gather?.check();
      },
    };
  }

  /**
   * Frees the loaded model's memory once the requests before this call are done (the settings
   * no longer use the embedded engine). The next request loads it again.
   */
  release(): Promise<void> {
    if (!this.loaded) return Promise.resolve();
    return this.exclusive(new AbortController().signal, () => this.unload());
  }

  /** Unloads the model and releases llama.cpp at once (tests; the end of a CLI run); a later request starts again. */
  async dispose(): Promise<void> {
    await this.unload();
    const llama = await this.llamaPromise?.catch(() => undefined);
    this.llamaPromise = undefined;
    await disposeLlama(llama);
  }

  private async unload(): Promise<void> {
    const current = this.loaded;
    this.loaded = undefined;
    this.loadedKey = undefined;
    const l = await current?.catch(() => undefined);
    if (!l) return;
    await l.context.dispose().catch(() => undefined);
    await l.model.dispose().catch(() => undefined);
  }
}

function modelKey(fileKey: string, contextSize: number, sequences: number): string {
  return `${fileKey}\0${contextSize}\0${sequences}`;
}

/**
 * Tokens a model evaluation call may take: node-llama-cpp's 512, and 512 more for every four
 * sequences beyond four, up to 2048, so that prompts evaluated side by side are not cut into
 * shares of a few tokens each (every sequence gets an equal share of a batch). llama.cpp's
 * working memory for a batch grows with it.
 */
function batchSizeFor(sequences: number, contextSize: number): number {
  return Math.min(contextSize * sequences, 512 * Math.min(4, Math.max(1, Math.ceil(sequences / 4))));
}

function sequencesOf(options: ModelOptions): number {
  return Math.max(1, Math.floor(options.sequences ?? 1));
}
