/**
 * The model side of the command line: its flags mapped into the engine configuration
 * (engine/config.ts) that the language server uses too, and the engine built from it.
 * `--engine ollama` talks to Ollama at `--host`; `--engine openai` (the default when
 * `--base-url` is given) to an OpenAI-compatible server (vLLM, llama.cpp, LM Studio, TGI,
 * Ollama's /v1) with the API key from BIOMED_OPENAI_API_KEY or OPENAI_API_KEY; `--engine
 * embedded` (the default with `--model-path` or `--download`) runs llama.cpp in this
 * process on a GGUF file; `--engine auto` (the default otherwise) tries them in that order,
 * as the editor does: the OpenAI-compatible server when $BIOMED_OPENAI_BASE_URL (or
 * --base-url) names one, the embedded engine when its default model is on disk.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AnalysisConfig,
  apiKeyFromEnv,
  assertionOptions,
  createEngine,
  DEFAULT_CACHE_MEGABYTES,
  DEFAULT_ENGINE_CONFIG,
  Engine,
  EngineConfig,
  ModelError,
  modelFiles,
  Profile,
  refusalReason,
  Serving,
  serverClock,
  SETTING_CHOICES,
} from '../engine';
import { choice, intOption, Options, UsageError } from './args';
import { missingModelMessage, noModelMessage } from './noModel';

const MAX_INSTRUCTION_VARIANT = SETTING_CHOICES.maxInstructionVariant;
const RETRY = serverClock.retryPolicy(DEFAULT_ENGINE_CONFIG);
const { API_KEY_VARIABLES, defaultModel, downloadModel } = modelFiles;

export const MODEL_OPTIONS: Options = {
  engine: { type: 'string' },
  host: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  profile: { type: 'string' },
  concurrency: { type: 'string' },
  'num-ctx': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'retry-ms': { type: 'string' },
  'allow-remote-host': { type: 'boolean' },
  'model-path': { type: 'string' },
  download: { type: 'boolean' },
  'instruction-variant': { type: 'string' },
  assertion: { type: 'boolean' },
  'assertion-terms': { type: 'string' },
  cache: { type: 'string' },
};

/** `--instruction-variant` for commands that ask with one variant (annotate); eval adds `all`. */
export const INSTRUCTION_VARIANT_HELP = `  --instruction-variant N
                         medtuned profile: ask with variant N (1-${MAX_INSTRUCTION_VARIANT}) of the training instructions,
                         verbatim (default ${DEFAULT_ENGINE_CONFIG.medtuned.instructionVariant}; every variant is a wording the model was trained
                         on; i2b2-2010 relations have 3, so 4 and 5 ask their 1 and 2)`;

/** `--untrained-kinds` (annotate). */
export const UNTRAINED_KINDS_HELP = `  --untrained-kinds K    skip | json-prompt (default ${DEFAULT_ENGINE_CONFIG.relations.untrainedKinds}): relation pairs the medtuned layout was not
                         trained on (chemical-disease, gene-disease, chemical-gene) are not asked
                         (skip), or are asked of the same model in the json layout and each such
                         relation is marked untrained (json-prompt)`;

/**
 * The value of --instruction-variant: a whole number 1-5, or `all` where the command scores
 * every variant (`allowAll`); undefined when not given.
 */
export function instructionVariantFlag(value: unknown, help: string, allowAll = false): number | 'all' | undefined {
  if (value === undefined) return undefined;
  if (value === 'all') {
    if (allowAll) return 'all';
    throw new UsageError('--instruction-variant all scores every variant and is for biomed eval ner|re|nli; here give one variant, 1 to 5.', help);
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_INSTRUCTION_VARIANT) {
    throw new UsageError(
      `--instruction-variant must be a whole number from 1 to ${MAX_INSTRUCTION_VARIANT}: one of the training instruction variants (got "${value}")`,
      help,
    );
  }
  return n;
}

const D = DEFAULT_ENGINE_CONFIG;

export const MODEL_HELP = `Model options:
  --engine E             auto | ollama | openai | embedded | recorded (default auto; openai when
                         --base-url is given, embedded when --model-path or --download is).
                         recorded: no model, answers recorded for the bundled examples/ notes
                         (labelled recorded in every output; any other note: "no recorded
                         answer"). auto, as in the editor:
                         Ollama if it answers at --host, else the OpenAI-compatible server of
                         --base-url or $BIOMED_OPENAI_BASE_URL, else the embedded engine if its model
                         is on disk (--model-path, or the downloaded default); with none of them it
                         names the three ways to get one, with the commands (exit 1)
  --host URL             Ollama server (default $OLLAMA_HOST or ${D.ollama.host})
  --base-url URL         OpenAI-compatible server (vLLM, llama.cpp, LM Studio, TGI), e.g.
                         http://127.0.0.1:8000/v1 (default $BIOMED_OPENAI_BASE_URL); API key
                         from $${API_KEY_VARIABLES.join(' or $')}
  --model NAME           model a server serves (default ${D.model})
  --profile P            medtuned | json | auto (default auto: medtuned when the model name says so)
  --concurrency N        model requests in flight (default ${D.maxConcurrentRequests})
  --num-ctx N            context length (default ${D.numCtx}): sent with every Ollama request, used by
                         the embedded engine, and the NLI premise budget for all engines (an
                         OpenAI-compatible server fixes its own when it starts)
  --timeout-ms N         give one request up after this long (default ${D.requestTimeoutMs})
  --retry-ms N           first wait before a failed request (5xx, dropped connection) is tried
                         again, doubling, ${RETRY.tries} tries in all (default ${RETRY.firstWaitMs}); after a 429 or
                         503 one request at a time, spaced by this wait or the server's Retry-After
                         (at most ${RETRY.retryAfterCapMs / 1000} s), until one succeeds
  --cache DIR            keep the model's answers in DIR between runs (default $BIOMED_CACHE_DIR; none:
                         this run only): a sentence asked before is not asked again, and a run whose
                         answers are all there asks the model server nothing and runs with it down
                         (the server is checked at the first question the cache lacks). The
                         summary says how many answers came from the cache and how many from the
                         model. The editor's cache lies in its storage (biomedNlp.cache.*); pass
                         that folder to share it
  --allow-remote-host    allow a host that is not on this machine (notes may hold protected health information;
                         the PHI the rules find goes there as surrogates, the answers moved back onto the note)
  --model-path FILE      embedded engine: the GGUF model file, run in this process by node-llama-cpp
                         (default: the downloaded default model in $BIOMED_NLP_CACHE or ~/.cache/biomed-nlp)
  --download             embedded engine: first download the default model (Llama2-MedTuned 7B Q4_K_M,
                         about 4.1 GB, from huggingface.co, or $BIOMED_NLP_MODEL_URL: a mirror of that
                         file) into ~/.cache/biomed-nlp if it is not there

Assertion statuses (the ConText rules, as the editor's biomedNlp.assertion settings):
  --no-assertion         no statuses (negated, possible, historical, hypothetical, family)
  --assertion-terms FILE terms merged into the defaults, in the layout of
                         biomedNlp.assertion.extraTermsFile (a file that cannot be used is an error)`;

/** --no-assertion and --assertion-terms as the engine's assertion settings; a named terms file must be usable. */
function assertionFromFlags(values: Record<string, unknown>, help: string): EngineConfig['assertion'] {
  const file = values['assertion-terms'] as string | undefined;
  const assertion = { ...D.assertion, enabled: values.assertion !== false, extraTermsFile: file === undefined ? '' : path.resolve(file) };
  if (file !== undefined && !file.trim()) throw new UsageError('--assertion-terms needs a JSON file in the layout of the assertion terms.', help);
  const { termsError } = assertionOptions(assertion);
  if (termsError)
    throw new UsageError(
      termsError.replace('biomedNlp.assertion.extraTermsFile', '--assertion-terms').replace(/; the default assertion terms are used\.$/, '.'),
      help,
    );
  return assertion;
}

/** --cache DIR, else $BIOMED_CACHE_DIR: the folder of the answers kept between runs; none: memory only. */
function cacheFolder(flag: unknown, env: NodeJS.ProcessEnv, help: string): EngineConfig['persistentCache'] {
  if (flag !== undefined && !String(flag).trim()) throw new UsageError('--cache needs a folder: where the model answers are kept between runs.', help);
  const dir = (flag as string | undefined) ?? env.BIOMED_CACHE_DIR?.trim();
  if (!dir) return undefined;
  const resolved = path.resolve(dir);
  if (fs.existsSync(resolved) && !fs.statSync(resolved).isDirectory())
    throw new UsageError(`--cache ${dir}: not a folder (the model cache is a folder of its own).`, help);
  return { dir: resolved, maxMegabytes: DEFAULT_CACHE_MEGABYTES };
}

function envHost(env: NodeJS.ProcessEnv): string | undefined {
  const h = env.OLLAMA_HOST?.trim();
  if (!h) return undefined;
  return h.includes('://') ? h : `http://${h}`;
}

function wholeNumber(value: unknown, name: string, fallback: number, min: number, help: string): number {
  return intOption(value, name, min, help) ?? fallback;
}

/** The engine configuration the model flags describe (usage errors for contradictory flags); `download` is --download. */
export function engineConfigFromFlags(
  values: Record<string, unknown>,
  help: string,
  env: NodeJS.ProcessEnv = process.env,
): { config: EngineConfig; download: boolean } {
  const baseUrlFlag = (values['base-url'] as string | undefined)?.trim();
  const modelPath = values['model-path'] as string | undefined;
  const download = values.download === true;
  const inferred: EngineConfig['engine'] = baseUrlFlag !== undefined ? 'openai' : modelPath !== undefined || download ? 'embedded' : 'auto';
  const engine = (values.engine as string | undefined) ?? inferred;
  // A server named in the environment is one auto may choose (and openai's default address).
  const baseUrl = baseUrlFlag ?? (engine === 'auto' || engine === 'openai' ? env.BIOMED_OPENAI_BASE_URL?.trim() || undefined : undefined);
  if (!(SETTING_CHOICES.engine as readonly string[]).includes(engine)) {
    throw new UsageError(
      `--engine must be ollama or openai for a server, embedded for a GGUF file run in this process, recorded for the bundled examples' recorded answers (no model), or auto (got "${engine}")`,
      help,
    );
  }
  if (engine === 'recorded' && (baseUrlFlag !== undefined || modelPath !== undefined || download))
    throw new UsageError(
      '--engine recorded answers from the recorded answers of the bundled examples, no model: it takes no --base-url, --model-path or --download.',
      help,
    );
  const servers = engine === 'ollama' || engine === 'openai';
  if (servers && (modelPath !== undefined || download)) {
    throw new UsageError(
      `--model-path and --download are for --engine embedded (or auto); ${engine === 'openai' ? 'an OpenAI-compatible server' : 'Ollama'} has its own models.`,
      help,
    );
  }
  if (engine === 'embedded') {
    if (values.host !== undefined || baseUrl !== undefined)
      throw new UsageError('--host and --base-url name servers; the embedded engine runs in this process and takes --model-path FILE.', help);
    if (values.model !== undefined)
      throw new UsageError('--model names a model a server serves; the embedded engine takes --model-path FILE (a GGUF file).', help);
  }
  if (modelPath !== undefined && download)
    throw new UsageError(`--download fetches the default model into ${defaultModel(env).folder}; give either --download or --model-path.`, help);
  if (modelPath !== undefined && !modelPath.trim()) throw new UsageError('--model-path needs a GGUF file.', help);
  if (engine === 'openai' && !baseUrl) throw new UsageError('--engine openai needs --base-url, e.g. --base-url http://127.0.0.1:8000/v1', help);
  if (engine === 'openai' && values.host !== undefined) throw new UsageError('--host is the Ollama server; with --engine openai give --base-url only.', help);
  if (engine === 'ollama' && baseUrlFlag !== undefined) throw new UsageError('--base-url is for --engine openai; Ollama takes --host.', help);
  const profile = (values.profile as string | undefined) ?? 'auto';
  if (!(SETTING_CHOICES.promptProfile as readonly string[]).includes(profile))
    throw new UsageError(`--profile must be medtuned, json or auto (got "${profile}")`, help);

  const variant = instructionVariantFlag(values['instruction-variant'], help) as number | undefined;
  const untrainedKinds = choice(values['untrained-kinds'], 'untrained-kinds', SETTING_CHOICES.untrainedKinds, help) ?? D.relations.untrainedKinds;

  const allowRemoteHost = values['allow-remote-host'] === true;
  const config: EngineConfig = {
    ...D,
    engine: engine as EngineConfig['engine'],
    model: (values.model as string | undefined) ?? D.model,
    promptProfile: profile as EngineConfig['promptProfile'],
    numCtx: wholeNumber(values['num-ctx'], 'num-ctx', D.numCtx, 256, help),
    ollama: { ...D.ollama, host: (values.host as string | undefined) ?? envHost(env) ?? D.ollama.host },
    openai: { baseUrl: baseUrl ?? '', model: '', apiKey: apiKeyFromEnv(env) },
    embedded: { modelPath: embeddedModelPath(engine, modelPath, download, env) },
    allowRemoteHost,
    requestTimeoutMs: wholeNumber(values['timeout-ms'], 'timeout-ms', D.requestTimeoutMs, 1, help),
    retryBaseMs: intOption(values['retry-ms'], 'retry-ms', 1, help),
    medtuned: { ...D.medtuned, instructionVariant: variant ?? D.medtuned.instructionVariant },
    assertion: assertionFromFlags(values, help),
    relations: { ...D.relations, untrainedKinds },
    maxConcurrentRequests: wholeNumber(values.concurrency, 'concurrency', D.maxConcurrentRequests, 1, help),
    // A corpus run keeps more answers than an editor session.
    cacheSize: 50_000,
    persistentCache: cacheFolder(values.cache, env, help),
    debounceMs: 0,
  };
  // The hosts this run may send notes to, checked before anything is sent.
  const hosts = engine === 'openai' ? [baseUrl!] : engine === 'embedded' || engine === 'recorded' ? [] : [config.ollama.host, ...(baseUrl ? [baseUrl] : [])];
  for (const host of hosts) {
    const refused = refusalReason(host, allowRemoteHost);
    if (refused) throw new UsageError(refused.replace('set biomedNlp.allowRemoteHost to true', 'pass --allow-remote-host'), help);
  }
  return { config, download };
}

/** The embedded engine's file: the one named or downloaded; for auto, the default model when it is on disk (else none). */
function embeddedModelPath(engine: string, modelPath: string | undefined, download: boolean, env: NodeJS.ProcessEnv): string {
  const file = path.resolve(modelPath ?? defaultModel(env).path);
  if (engine === 'embedded' || modelPath !== undefined || download) return file;
  return engine === 'auto' && fs.existsSync(file) ? file : '';
}

/**
 * Model answers a corpus run (annotate) keeps: enough for the sentences that recur across
 * nearby documents (boilerplate, templates), not one per document of the corpus. Each
 * entry costs about half a kilobyte of heap, and V8 commits a multiple of the live heap,
 * so 50,000 of them (the other commands' bound) made the peak RSS grow with the corpus
 * (bench/corpusScale.ts: 116 MB at 1,000 documents, 188 MB at 10,000).
 */
export const CORPUS_CACHE_SIZE = 4_096;

/**
 * Distinct sentence texts whose derived features (cache keys, injection rules, NLI terms,
 * embeddings) a corpus run keeps: as for answers, what recurs in nearby documents.
 */
export const CORPUS_FEATURE_CAPACITY = 4_096;

/** What a command asks of its engine beyond the flags. */
export interface CliEngineOptions {
  /** Many documents, each analysed once (annotate): caches bounded by what is near, not by the corpus. */
  corpus?: boolean;
  /** Give up model work after waiting this long on an overloaded server (annotate's --max-wait); absent: wait as long as it asks. */
  maxWaitMs?: number;
}

/** An engine for one command: built from the flags; the server checked at the first question the cache cannot answer (`prepare`). */
export class CliEngine {
  readonly engine: Engine;

  constructor(
    readonly config: EngineConfig,
    private readonly download = false,
  ) {
    this.engine = createEngine(config);
  }

  /** Model requests in flight at once: a command keeps about twice as many items going. */
  get capacity(): number {
    return this.engine.capacity;
  }

  /** Why this command cannot reach a model: the check's error, once the first request that needed the server made it and it failed. */
  unavailable: Error | undefined;

  /** What serves (settled by `check()` for --engine auto). */
  get serving(): Serving {
    return this.engine.backend.serving();
  }

  get model(): string {
    return this.serving.model;
  }

  get profile(): Profile {
    return this.engine.profile(this.config);
  }

  /**
   * What a document's analysis asks for, with this command's own choices (types, relations,
   * NLI), in `profile` (default: the command's).
   */
  analysisConfig(overrides: Partial<EngineConfig> = {}, profile: Profile = this.profile): AnalysisConfig {
    return { ...this.engine.analysisConfigOf({ ...this.config, ...overrides }), profile };
  }

  /**
   * Makes `check()` the gate of the first request to the model server: a run whose every
   * answer is in the cache asks the server nothing (no listing, no version) and runs with it
   * down. Checked now where that cannot be: --download (asked for a download), and an
   * --engine auto chain whose members are asked for different models (the embedded
   * engine's file beside a server's model), whose choice decides which answers are the
   * cached ones. A failed check is kept in `unavailable` (the command stops and says it as
   * the check says it) and fails the request as the model failure it reports.
   */
  async prepare(): Promise<void> {
    if (this.download || this.engine.choiceDecidesKeys) return this.check();
    this.engine.checkOnFirstRequest(() =>
      this.check().catch((err: unknown) => {
        this.unavailable = err as Error;
        throw err instanceof ModelError ? err : new ModelError('unreachable', (err as Error).message);
      }),
    );
  }

  /** Fails fast, with what to do, when the server is not there or lacks the model (--download first fetches it). */
  async check(): Promise<void> {
    const file = this.config.embedded.modelPath;
    if (file && !fs.existsSync(file)) {
      if (this.download) await downloadDefaultModel(path.dirname(file));
      else if (this.config.engine === 'embedded' && file === path.resolve(defaultModel().path)) {
        throw new Error(
          `No model for the embedded engine: pass --model-path FILE (a GGUF file on this machine), or --download to fetch the default model (about 4.1 GB, from huggingface.co) into ${defaultModel().folder}.`,
        );
      }
    }
    // A fallback chain (--engine auto) makes its choice in the probe.
    const probe = await this.engine.probe();
    if (probe.reachable && probe.modelPresent) return;
    // Nothing answered: the default (auto) says every way to get a model.
    if (this.config.engine === 'auto' && probe.error?.kind === 'unreachable') throw new Error(noModelMessage(this.config, probe.error.message));
    const { engine, host, model } = this.serving;
    if (engine === 'recorded') throw new Error(probe.error?.message ?? `The recorded answers ${host} cannot be read.`);
    if (probe.error?.kind === 'model-missing' && engine !== 'embedded')
      throw new Error(missingModelMessage(probe.error.message, this.serving, await this.installedModels()));
    const server = engine === 'openai' ? 'The OpenAI-compatible server' : engine === 'embedded' ? 'The embedded engine' : 'Ollama';
    throw new Error(probe.error?.message ?? `${server} at ${host} cannot serve ${model}.`);
  }

  /** The models Ollama lists, for the hint of a missing one (none when it is not Ollama or does not list). */
  private async installedModels(): Promise<string[]> {
    try {
      return (await this.engine.ollama()?.listModels())?.map((m) => m.name) ?? [];
    } catch {
      return [];
    }
  }

  dispose(): Promise<void> {
    return this.engine.dispose();
  }
}

/** The engine for a command's flags (usage errors first, nothing sent yet). */
export function cliEngine(values: Record<string, unknown>, help: string, options: CliEngineOptions = {}): CliEngine {
  const { config, download } = engineConfigFromFlags(values, help);
  const corpus = options.corpus ? { cacheSize: CORPUS_CACHE_SIZE, featureCapacity: CORPUS_FEATURE_CAPACITY } : {};
  return new CliEngine({ ...config, ...corpus, maxWaitMs: options.maxWaitMs }, download);
}

/** --download: the default model into the cache folder, with progress on stderr; $BIOMED_NLP_MODEL_URL names a mirror of the same file. */
async function downloadDefaultModel(folder: string): Promise<void> {
  const { url, fileName } = defaultModel();
  let lastPercent = -1;
  process.stderr.write(`Downloading the default model from ${url}\n  into ${folder}\n`);
  await downloadModel({
    folder,
    url,
    fileName,
    progressIntervalMs: 1000,
    onProgress: ({ received, total }) => {
      const percent = total ? Math.floor((100 * received) / total) : -1;
      if (percent === lastPercent && percent >= 0) return;
      lastPercent = percent;
      const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;
      process.stderr.write(`  ${mb(received)}${total ? ` of ${mb(total)} (${percent}%)` : ''}\n`);
    },
  });
}
