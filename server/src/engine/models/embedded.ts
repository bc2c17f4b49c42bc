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
 * Greedy decoding (temperature 0, no repeat penalty: mentions are copied from the text),
 * the caller's AbortSignal and requestTimeoutMs stop a generation between two tokens.
 * One model is loaded at a time and kept for the next request; requests run one at a time
 * (one context sequence), in the order they come.
 *
 * `node-llama-cpp` is ESM and large (its prebuilt llama.cpp binaries come as optional npm
 * packages such as @node-llama-cpp/linux-x64); it is imported only when the engine is used
 * and is kept out of the esbuild bundles. Where it is not installed (the packaged
 * extension ships without node_modules) it is also looked for under
 * `~/.cache/biomed-nlp/runtime/node_modules` (see README, "Embedded engine"), and the engine
 * says that it is not installed and how to install it.
 *
 * The default model (Llama2-MedTuned 7B, Q4_K_M) is downloaded only when the user agrees:
 * `downloadModel` below (the editor asks first; the CLI takes --download).
 */
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { fetch as undiciFetch } from 'undici';
import { ModelAnswer, ModelBackend, ModelError, ModelRequest } from '../types';
import type { Probe } from './ollama';

// Types only: erased from the output, so nothing loads node-llama-cpp until it is used.
type NodeLlamaCpp = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } });
type Llama = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).Llama;
type LlamaModel = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaModel;
type LlamaContext = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContext;
type LlamaContextSequence = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContextSequence;
type LlamaGrammar = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaGrammar;
type ChatHistoryItem = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).ChatHistoryItem;

/** The node-llama-cpp version this engine is written and tested against: package.json's (a test keeps them equal). */
export const NODE_LLAMA_CPP_VERSION = '3.21.1';

/**
 * The default model: mradermacher's static GGUF quantisations of Llama2-MedTuned-7b, which
 * that repository names `<model>.<quant>.gguf`. It is the file Ollama pulls for
 * `hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M`, the default Ollama model.
 */
export const DEFAULT_MODEL_REPO = 'mradermacher/Llama2-MedTuned-7b-GGUF';
export const DEFAULT_MODEL_FILE = 'Llama2-MedTuned-7b.Q4_K_M.gguf';
export const DEFAULT_MODEL_URL = `https://huggingface.co/${DEFAULT_MODEL_REPO}/resolve/main/${DEFAULT_MODEL_FILE}`;
/** About 4.1 GB (a 7B model at Q4_K_M); used for the disk-space check when the server sends no length. */
export const DEFAULT_MODEL_BYTES = 4_081_004_224;

/** Where the CLI keeps downloaded models and the optional runtime: $BIOMED_NLP_CACHE, else ~/.cache/biomed-nlp. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.BIOMED_NLP_CACHE?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.join(xdg || path.join(os.homedir(), '.cache'), 'biomed-nlp');
}

/** The default model's place in `folder`. */
export function defaultModelPath(folder: string = cacheDir()): string {
  return path.join(folder, DEFAULT_MODEL_FILE);
}

export const NOT_INSTALLED_MESSAGE =
  `The embedded engine needs the node-llama-cpp package (${NODE_LLAMA_CPP_VERSION}), which is not installed. ` +
  `Install it with: npm install --prefix ~/.cache/biomed-nlp/runtime node-llama-cpp@${NODE_LLAMA_CPP_VERSION} ` +
  `(then try again), or use Ollama (biomedNlp.engine: ollama).`;

export interface EmbeddedSettings {
  /** The GGUF file. Empty: no model chosen yet. */
  modelPath: string;
  /** Context length in tokens (capped at the model's training context). */
  contextSize: number;
  requestTimeoutMs: number;
  /** CPU threads; 0 or absent: one less than the cores llama.cpp counts, at least 1. */
  threads?: number;
  /** `auto`: CUDA or Vulkan where a prebuilt binary works on this machine, else CPU. */
  gpu?: 'auto' | false;
  /** Other places to find node-llama-cpp in (folders holding node_modules); tests and the README's runtime folder. */
  runtimeDirs?: string[];
}

const SEED = 42;
const GGUF_MAGIC = 'GGUF';

// ---------------------------------------------------------------------------------------
// The shared runtime: node-llama-cpp, the Llama instance, the one loaded model, the queue.
// ---------------------------------------------------------------------------------------

let modulePromise: Promise<NodeLlamaCpp> | undefined;
let moduleFrom: string | undefined;

function isNotFound(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** node-llama-cpp, from this program's own node_modules or one of `runtimeDirs`. */
export function loadNodeLlamaCpp(runtimeDirs: readonly string[] = [path.join(cacheDir(), 'runtime')]): Promise<NodeLlamaCpp> {
  modulePromise ??= (async () => {
    try {
      const m = (await import('node-llama-cpp')) as NodeLlamaCpp;
      moduleFrom = 'node_modules';
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
        moduleFrom = path.dirname(path.dirname(entry));
        return m;
      } catch (err) {
        throw new ModelError('unreachable', `node-llama-cpp in ${dir} could not be loaded: ${(err as Error).message}`);
      }
    }
    throw new ModelError('unreachable', NOT_INSTALLED_MESSAGE);
  })();
  // A failed import is tried again next time (the user may install it meanwhile).
  modulePromise.catch(() => (modulePromise = undefined));
  return modulePromise;
}

let llamaPromise: Promise<Llama> | undefined;
let llamaGpu: 'auto' | false | undefined;
/** The last llama.cpp error lines, which say why a model did not load. */
let recentErrors: string[] = [];

async function getLlamaInstance(settings: EmbeddedSettings): Promise<Llama> {
  const gpu = settings.gpu ?? 'auto';
  if (llamaPromise && llamaGpu !== gpu) {
    await unloadModel();
    const old = await llamaPromise.catch(() => undefined);
    llamaPromise = undefined;
    await disposeLlama(old);
  }
  llamaGpu = gpu;
  llamaPromise ??= (async () => {
    const nlc = await loadNodeLlamaCpp(settings.runtimeDirs);
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
          if (level === nlc.LlamaLogLevel.error || level === nlc.LlamaLogLevel.fatal) recentErrors = [...recentErrors.slice(-7), line];
          // stderr only: stdout may be the language server protocol.
          if (level === nlc.LlamaLogLevel.fatal) process.stderr.write(`[llama.cpp] ${line}\n`);
        },
      });
      llama.maxThreads = settings.threads && settings.threads > 0 ? settings.threads : Math.max(1, llama.cpuMathCores - 1);
      return llama;
    } catch (err) {
      const name = (err as Error)?.name;
      const detail = name === 'NoBinaryFoundError' ? 'no prebuilt llama.cpp binary of node-llama-cpp works on this machine' : (err as Error).message;
      throw new ModelError('unreachable', `The embedded engine could not start llama.cpp: ${detail}.`);
    }
  })();
  llamaPromise.catch(() => (llamaPromise = undefined));
  return llamaPromise;
}

interface Loaded {
  /** path, size and modification time: a changed file is loaded again. */
  key: string;
  path: string;
  model: LlamaModel;
  context: LlamaContext;
  /** The one sequence, kept between requests: a prompt that starts like the last one reuses its evaluated prefix. */
  sequence: LlamaContextSequence;
  grammars: Map<string, Promise<LlamaGrammar>>;
}

let loaded: Promise<Loaded> | undefined;
let loadedKey: string | undefined;
/** The last load failure, kept until the file changes, so a broken file is not read again for every request. */
let failedLoad: { key: string; error: ModelError } | undefined;

async function unloadModel(): Promise<void> {
  const current = loaded;
  loaded = undefined;
  loadedKey = undefined;
  const l = await current?.catch(() => undefined);
  if (!l) return;
  await l.context.dispose().catch(() => undefined);
  await l.model.dispose().catch(() => undefined);
}

/**
 * Frees the loaded model's memory once the requests before this call are done (the settings
 * no longer use the embedded engine). The next embedded request loads it again.
 */
export function releaseEmbeddedModel(): Promise<void> {
  if (!loaded) return Promise.resolve();
  return exclusive(new AbortController().signal, unloadModel);
}

/** Unloads the model and releases llama.cpp (tests; the end of a CLI run). */
export async function disposeEmbeddedEngine(): Promise<void> {
  await unloadModel();
  const llama = await llamaPromise?.catch(() => undefined);
  llamaPromise = undefined;
  await disposeLlama(llama);
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

function fileKey(file: string, stat: fs.Stats): string {
  return `${file}\0${stat.size}\0${stat.mtimeMs}`;
}

/** Checks the file is there and starts like a GGUF file; the clear errors come from here. */
function checkModelFile(file: string): { key: string; stat: fs.Stats } {
  if (!file) {
    throw new ModelError(
      'model-missing',
      'No model file is set for the embedded engine: set biomedNlp.embedded.modelPath to a GGUF file (or pass --model-path FILE), or download the default model.',
    );
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ModelError('model-missing', `The model file ${file} does not exist. Set biomedNlp.embedded.modelPath (or --model-path) to a GGUF file.`);
  }
  if (!stat.isFile()) throw new ModelError('model-missing', `The model path ${file} is not a file; it should name a GGUF file.`);
  const head = Buffer.alloc(8);
  let read = 0;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, head, 0, 8, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new ModelError('model-missing', `The model file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  if (read < 8 || head.toString('latin1', 0, 4) !== GGUF_MAGIC) {
    throw new ModelError('model-missing', `The model file ${file} is not a GGUF file (it does not start with "GGUF"). The embedded engine loads GGUF models only.`);
  }
  return { key: fileKey(file, stat), stat };
}

/** Bytes per block and values per block of the GGML tensor types whose layout is certain; others are not size-checked. */
const GGML_BLOCKS: Record<number, [values: number, bytes: number]> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
};

/**
 * Reads the GGUF header and tensor table in JavaScript and checks that every tensor lies
 * within the file, before llama.cpp sees it. A cut-short file (an interrupted copy or
 * download) is the usual broken model; this says so plainly, and it keeps such files away
 * from node-llama-cpp's native loader, whose failures (3.21.1, 3.22.1) leave the Llama instance
 * impossible to dispose.
 */
async function checkGgufLayout(nlc: NodeLlamaCpp, file: string, size: number): Promise<void> {
  let info;
  try {
    info = await nlc.readGgufFileInfo(file, { sourceType: 'filesystem' });
  } catch (err) {
    throw new ModelError('model-missing', `The model file ${file} is not a valid GGUF file: its header cannot be read (${(err as Error).message}).`);
  }
  const incomplete = (needed: number) =>
    new ModelError(
      'model-missing',
      `The model file ${file} is incomplete: it has ${size} bytes, its tensors need at least ${needed}. Was a download or copy cut short? Download or copy it again.`,
    );
  if (info.infoEndOffset !== undefined && info.infoEndOffset > size) throw incomplete(info.infoEndOffset);
  let needed = 0;
  for (const t of info.tensorInfo ?? []) {
    if ((t.filePart ?? 1) !== 1) continue;
    const start = Number(t.fileOffset);
    const block = GGML_BLOCKS[t.ggmlType];
    const values = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    needed = Math.max(needed, block ? start + Math.ceil(values / block[0]) * block[1] : start + 1);
  }
  if (needed > size) throw incomplete(needed);
}

async function loadModel(settings: EmbeddedSettings): Promise<Loaded> {
  const file = path.resolve(settings.modelPath);
  const { key, stat } = checkModelFile(settings.modelPath && file);
  const fullKey = `${key}\0${settings.contextSize}`;
  if (failedLoad?.key === fullKey) throw failedLoad.error;
  if (loaded && loadedKey === fullKey) return loaded;
  await unloadModel();
  const llama = await getLlamaInstance(settings);
  const nlc = await loadNodeLlamaCpp(settings.runtimeDirs);
  loadedKey = fullKey;
  loaded = (async () => {
    await checkGgufLayout(nlc, file, stat.size);
    recentErrors = [];
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: file });
    } catch (err) {
      // llama.cpp's log lines come through the event loop: let the last ones arrive.
      await new Promise((r) => setTimeout(r, 50));
      const why = recentErrors.find((l) => /error loading model:/.test(l))?.replace(/^.*error loading model:\s*/, '') ?? (err as Error).message;
      throw new ModelError('model-missing', `The model file ${file} could not be loaded: it is corrupted, incomplete or not a model llama.cpp supports (${why}).`);
    }
    try {
      const contextSize = Math.max(256, Math.min(settings.contextSize, model.trainContextSize || settings.contextSize));
      const context = await model.createContext({ contextSize, sequences: 1 });
      return { key: fullKey, path: file, model, context, sequence: context.getSequence(), grammars: new Map() };
    } catch (err) {
      await model.dispose().catch(() => undefined);
      throw new ModelError('server-error', `The embedded engine could not make a context of ${settings.contextSize} tokens for ${path.basename(file)}: ${(err as Error).message}`);
    }
  })();
  loaded.catch((err: unknown) => {
    if (loadedKey === fullKey) {
      loaded = undefined;
      loadedKey = undefined;
    }
    if (err instanceof ModelError && err.kind === 'model-missing') failedLoad = { key: fullKey, error: err };
  });
  return loaded;
}

/** Requests run one at a time: one context sequence, and llama.cpp uses every core for each. */
let queue: Promise<unknown> = Promise.resolve();

function cancelled(): ModelError {
  return new ModelError('cancelled', 'The request was cancelled because the text changed.');
}

/** Runs `job` after the jobs before it; a job whose signal aborts while it waits never runs. */
function exclusive<T>(signal: AbortSignal, job: () => Promise<T>): Promise<T> {
  const turn = queue.then(
    () => (signal.aborted ? Promise.reject(cancelled()) : job()),
    () => (signal.aborted ? Promise.reject(cancelled()) : job()),
  );
  queue = turn.catch(() => undefined);
  if (signal.aborted) return Promise.reject(cancelled());
  // A waiting request that is cancelled answers at once; its turn is then skipped.
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelled());
    signal.addEventListener('abort', onAbort, { once: true });
    turn.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

// ---------------------------------------------------------------------------------------
// The backend.
// ---------------------------------------------------------------------------------------

/** `~/models/x.gguf` as a shell would read it; other paths as they are. */
export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') || file.startsWith('~\\') ? path.join(os.homedir(), file.slice(1)) : file;
}

export class EmbeddedBackend implements ModelBackend {
  readonly engine = 'embedded' as const;
  readonly settings: EmbeddedSettings;

  constructor(settings: EmbeddedSettings) {
    this.settings = { ...settings, modelPath: settings.modelPath && path.resolve(expandHome(settings.modelPath.trim())) };
  }

  get description(): string {
    return `${this.settings.modelPath ? path.basename(this.settings.modelPath) : '(no model file)'} in the embedded engine`;
  }

  /** Where the model runs, for the status: this process. */
  get host(): string {
    return 'this process (node-llama-cpp)';
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    if (signal.aborted) throw cancelled();
    return exclusive(signal, async () => {
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
        const l = await abortable(loadModel(this.settings), controller.signal);
        return await this.run(l, request, controller.signal);
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

  private async run(l: Loaded, request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    const nlc = await loadNodeLlamaCpp(this.settings.runtimeDirs);
    const sequence = l.sequence;
    const meter = sequence.tokenMeter.getState();
    const counts = () => sequence.tokenMeter.diff(meter);
    const started = performance.now();
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
    const history: ChatHistoryItem[] = messages.slice(0, -1).map((m) =>
      m.role === 'system' ? { type: 'system', text: m.content } : m.role === 'user' ? { type: 'user', text: m.content } : { type: 'model', response: [m.content] },
    );
    const grammar = await this.grammar(l, request.format);
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

  /** One grammar per schema, kept with the model (they are tied to its vocabulary). */
  private grammar(l: Loaded, schema: object): Promise<LlamaGrammar> {
    const key = JSON.stringify(schema);
    let g = l.grammars.get(key);
    if (!g) {
      g = (async () => {
        const llama = await getLlamaInstance(this.settings);
        try {
          return await llama.createGrammarForJsonSchema(schema as never);
        } catch (err) {
          throw new ModelError('server-error', `The JSON schema of the request cannot be made into a grammar: ${(err as Error).message}`);
        }
      })();
      g.catch(() => l.grammars.delete(key));
      l.grammars.set(key, g);
    }
    return g;
  }

  /**
   * Is node-llama-cpp there, and the model file? Loads nothing (a 4 GB model loads with the
   * first request); a file that failed to load stays "missing" until it changes.
   */
  async probe(_signal?: AbortSignal): Promise<Probe> {
    try {
      await loadNodeLlamaCpp(this.settings.runtimeDirs);
    } catch (err) {
      return { reachable: false, modelPresent: false, error: toModelError(err) };
    }
    try {
      const { key } = checkModelFile(this.settings.modelPath && path.resolve(this.settings.modelPath));
      const failed = failedLoad;
      if (failed && failed.key === `${key}\0${this.settings.contextSize}`) return { reachable: true, modelPresent: false, error: failed.error };
      return { reachable: true, modelPresent: true };
    } catch (err) {
      return { reachable: true, modelPresent: false, error: toModelError(err) };
    }
  }
}

/** `used`: what llama.cpp evaluated (the prompt less a prefix kept from the last request) and generated. */
function answer(text: string, stopReason: string, used: { usedInputTokens: number; usedOutputTokens: number }, ms: number): ModelAnswer {
  return { text, doneReason: stopReason === 'maxTokens' ? 'length' : 'stop', promptTokens: used.usedInputTokens, evalTokens: used.usedOutputTokens, evalMs: ms };
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

/** Where node-llama-cpp was found ('node_modules' or a runtime folder), once loaded. */
export function nodeLlamaCppSource(): string | undefined {
  return moduleFrom;
}

// ---------------------------------------------------------------------------------------
// Downloading the default model.
// ---------------------------------------------------------------------------------------

export interface DownloadProgress {
  received: number;
  /** From Content-Length; absent when the server does not say. */
  total?: number;
}

export interface DownloadOptions {
  /** The folder the model goes to (created if needed). */
  folder: string;
  /** Default: DEFAULT_MODEL_URL. */
  url?: string;
  /** Default: DEFAULT_MODEL_FILE for the default URL, else the URL's last path segment. */
  fileName?: string;
  /** Size assumed for the disk-space check when the server sends no Content-Length. */
  expectedBytes?: number;
  /** Called at most every `progressIntervalMs` (default 250) and once at the end. */
  onProgress?: (p: DownloadProgress) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

export type DownloadFailure = 'network' | 'http' | 'disk-space' | 'incomplete' | 'not-gguf' | 'cancelled' | 'file';

export class DownloadError extends Error {
  constructor(
    readonly reason: DownloadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Room left on the file system of `folder`, or undefined where it cannot be told. */
async function freeBytes(folder: string): Promise<number | undefined> {
  try {
    const s = await fs.promises.statfs(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/**
 * Downloads a GGUF model into `folder` and returns its path. The bytes go to a temporary
 * file beside the target, renamed only once complete (the length the server announced, and
 * the GGUF magic); on any failure the temporary file is removed. Checks free disk space
 * before writing. A file already at the target is taken as it is.
 */
export async function downloadModel(options: DownloadOptions): Promise<string> {
  const url = options.url ?? DEFAULT_MODEL_URL;
  const fileName = options.fileName ?? (url === DEFAULT_MODEL_URL ? DEFAULT_MODEL_FILE : decodeURIComponent(new URL(url).pathname.split('/').pop() || 'model.gguf'));
  const target = path.join(options.folder, fileName);
  try {
    checkModelFile(target);
    return target;
  } catch {
    // not there (or not a GGUF file): download it
  }
  try {
    await fs.promises.mkdir(options.folder, { recursive: true });
  } catch (err) {
    throw new DownloadError('file', `Cannot create the folder ${options.folder} for the model: ${(err as Error).message}`);
  }
  const expected = options.expectedBytes ?? (url === DEFAULT_MODEL_URL ? DEFAULT_MODEL_BYTES : undefined);
  const margin = 64 * 1024 * 1024;
  const checkSpace = async (needed: number | undefined) => {
    if (needed === undefined) return;
    const free = await freeBytes(options.folder);
    if (free !== undefined && free < needed + margin) {
      throw new DownloadError(
        'disk-space',
        `Not enough free disk space in ${options.folder}: the model needs ${gb(needed)}, and ${gb(free)} is free. Free some space or choose a GGUF file that is already on this machine.`,
      );
    }
  };
  await checkSpace(expected);

  const temp = path.join(options.folder, `.${fileName}.${process.pid}.${Date.now()}.part`);
  let response;
  try {
    response = await undiciFetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (err) {
    if (options.signal?.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
    const code = cause?.code ?? cause?.errors?.[0]?.code;
    throw new DownloadError('network', `Cannot download ${url}: ${code ?? (err as Error).message}. Without a connection to it, set a GGUF file that is already on this machine.`);
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    const hint = response.status === 401 || response.status === 403 ? ' (the model may need a login or may not be public)' : response.status === 404 ? ' (no such file)' : '';
    throw new DownloadError('http', `Downloading ${url} failed: the server answered ${response.status} ${response.statusText}${hint}.`);
  }
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  try {
    await checkSpace(total);
  } catch (err) {
    await response.body.cancel().catch(() => undefined);
    throw err;
  }

  let received = 0;
  let lastReport = 0;
  const interval = options.progressIntervalMs ?? 250;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      const now = Date.now();
      if (options.onProgress && now - lastReport >= interval) {
        lastReport = now;
        options.onProgress({ received, total });
      }
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.fromWeb(response.body as never), counter, fs.createWriteStream(temp, { flags: 'wx' }), { signal: options.signal });
    if (total !== undefined && received !== total) {
      throw new DownloadError('incomplete', `The download of ${url} ended after ${received} of ${total} bytes.`);
    }
    const head = Buffer.alloc(4);
    const fd = await fs.promises.open(temp, 'r');
    try {
      await fd.read(head, 0, 4, 0);
    } finally {
      await fd.close();
    }
    if (head.toString('latin1') !== GGUF_MAGIC) throw new DownloadError('not-gguf', `What ${url} sent is not a GGUF file.`);
    await fs.promises.rename(temp, target);
  } catch (err) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof DownloadError) throw err;
    if (options.signal?.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    const e = err as NodeJS.ErrnoException & { cause?: { code?: string } };
    if (e.code === 'ENOSPC') throw new DownloadError('disk-space', `The disk holding ${options.folder} is full; the model was not saved.`);
    const code = e.cause?.code ?? e.code;
    throw new DownloadError('incomplete', `The download of ${url} broke off after ${received}${total ? ` of ${total}` : ''} bytes (${code ?? e.message}). Nothing was kept; try again.`);
  }
  options.onProgress?.({ received, total });
  return target;
}

// ---------------------------------------------------------------------------------------
// biomedNlp.engine: auto, with the embedded engine as the last resort.
// ---------------------------------------------------------------------------------------

/** A backend with a health probe (Ollama's, the OpenAI-compatible one, or their AutoBackend). */
export interface ProbedBackend extends ModelBackend {
  probe(signal?: AbortSignal): Promise<Probe>;
}

/**
 * `auto` with an embedded model file set: the server engine(s) in `primary` (Ollama, or
 * Ollama-then-OpenAI) when they answer, else the embedded engine. The choice is made on
 * first use and made again whenever a health probe finds the chosen engine unusable (so
 * the embedded engine takes over from an Ollama that stopped, and an Ollama that is back
 * takes over from an embedded engine whose model file went away).
 */
export class EmbeddedFallbackBackend implements ProbedBackend {
  private choice: Promise<ProbedBackend> | undefined;
  private chosen: ProbedBackend | undefined;

  constructor(
    readonly primary: ProbedBackend,
    readonly embedded: EmbeddedBackend,
  ) {}

  /** True once the embedded engine was chosen. */
  get usesEmbedded(): boolean {
    return this.chosen === this.embedded;
  }

  get current(): ProbedBackend {
    return this.chosen ?? this.primary;
  }

  get description(): string {
    return this.current.description;
  }

  private choose(): Promise<ProbedBackend> {
    this.choice ??= this.primary.probe().then(
      (p) => (this.chosen = p.reachable ? this.primary : this.embedded),
      () => (this.chosen = this.embedded),
    );
    return this.choice;
  }

  /** Makes the choice (once) and says whether the embedded engine serves. */
  async resolve(): Promise<'primary' | 'embedded'> {
    await this.choose();
    const inner = this.primary as { resolve?: () => Promise<unknown> };
    if (!this.usesEmbedded && typeof inner.resolve === 'function') await inner.resolve();
    return this.usesEmbedded ? 'embedded' : 'primary';
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    return (await this.choose()).generate(request, signal);
  }

  async probe(signal?: AbortSignal): Promise<Probe> {
    const backend = await this.choose();
    const probe = await backend.probe(signal);
    if (backend === this.primary ? probe.reachable : probe.reachable && probe.modelPresent) return probe;
    // The chosen engine is not usable: choose again (the other one may be).
    this.choice = undefined;
    const again = await this.choose();
    return again === backend ? probe : again.probe(signal);
  }
}
