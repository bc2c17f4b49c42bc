/**
 * The model side of the command line: the same backend, scheduler, cache and profiles as
 * the language server, configured from options and the environment. `--engine ollama`
 * (the default) talks to Ollama at `--host`; `--engine openai` to an OpenAI-compatible
 * server at `--base-url` (vLLM, llama.cpp, LM Studio, TGI, Ollama's /v1), with the API key
 * from BIOMED_OPENAI_API_KEY or OPENAI_API_KEY; `--engine embedded` (or just `--model-path`)
 * runs llama.cpp in this process on a GGUF file, `--download` first fetching the default
 * model into ~/.cache/biomed-nlp when it is not there.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EngineContext, newStats } from '../engine/pipeline/analysis';
import { LruCache } from '../engine/pipeline/cache';
import { refusalReason } from '../engine/models/hostPolicy';
import { OllamaBackend } from '../engine/models/ollama';
import { cacheDir, DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, defaultModelPath, downloadModel, EmbeddedBackend } from '../engine/models/embedded';
import { API_KEY_VARIABLES, apiKeyFromEnv, OpenAiBackend } from '../engine/models/openai';
import { JsonProfile } from '../engine/profiles/json';
import { MedtunedProfile } from '../engine/profiles/medtuned';
import { Profile, resolveProfileName } from '../engine/profiles/profile';
import { Scheduler } from '../engine/pipeline/scheduler';
import { cacheKey } from '../engine/pipeline/cache';
import { ModelAnswer, ModelError, ModelRequest, ProfileSetting } from '../engine/types';
import { DEFAULT_SETTINGS } from '../lsp/settings';
import { Options, UsageError } from './args';

export const MODEL_OPTIONS: Options = {
  engine: { type: 'string' },
  host: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string' },
  profile: { type: 'string' },
  concurrency: { type: 'string' },
  'num-ctx': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'allow-remote-host': { type: 'boolean' },
  'model-path': { type: 'string' },
  download: { type: 'boolean' },
};

export const MODEL_HELP = `Model options:
  --engine E             ollama | openai | embedded (default ollama; openai when --base-url is given,
                         embedded when --model-path or --download is)
  --host URL             Ollama server (default $OLLAMA_HOST or ${DEFAULT_SETTINGS.ollama.host})
  --base-url URL         OpenAI-compatible server (vLLM, llama.cpp, LM Studio, TGI), e.g.
                         http://127.0.0.1:8000/v1; API key from $${API_KEY_VARIABLES.join(' or $')}
  --model NAME           model (default ${DEFAULT_SETTINGS.model})
  --profile P            medtuned | json | auto (default auto: medtuned when the model name says so)
  --concurrency N        model requests in flight (default 2)
  --num-ctx N            context length sent with every Ollama request (default ${DEFAULT_SETTINGS.ollama.numCtx};
                         an OpenAI-compatible server fixes it when it starts)
  --timeout-ms N         give one request up after this long (default ${DEFAULT_SETTINGS.requestTimeoutMs})
  --allow-remote-host    allow a host that is not on this machine (notes may hold protected health information)
  --model-path FILE      embedded engine: the GGUF model file, run in this process by node-llama-cpp
                         (default: the downloaded default model in $BIOMED_NLP_CACHE or ~/.cache/biomed-nlp)
  --download             embedded engine: first download the default model (Llama2-MedTuned 7B Q4_K_M,
                         about 4.1 GB, from huggingface.co, or $BIOMED_NLP_MODEL_URL: a mirror of that
                         file) into ~/.cache/biomed-nlp if it is not there`;

export interface ModelSetup {
  ctx: EngineContext;
  profile: Profile;
  model: string;
  /** Ollama's host, or the OpenAI-compatible base URL (the embedded engine: this process). */
  host: string;
  engine: 'ollama' | 'openai' | 'embedded';
  backend: OllamaBackend | OpenAiBackend | EmbeddedBackend;
  /** Embedded engine: download the default model first (--download). */
  download?: boolean;
}

function envHost(): string | undefined {
  const h = process.env.OLLAMA_HOST?.trim();
  if (!h) return undefined;
  return h.includes('://') ? h : `http://${h}`;
}

export function modelSetup(values: Record<string, unknown>, help: string): ModelSetup {
  const baseUrl = values['base-url'] as string | undefined;
  const modelPath = values['model-path'] as string | undefined;
  const download = values.download === true;
  const engine = (values.engine as string | undefined) ?? (baseUrl !== undefined ? 'openai' : modelPath !== undefined || download ? 'embedded' : 'ollama');
  if (engine !== 'ollama' && engine !== 'openai' && engine !== 'embedded') throw new UsageError(`--engine must be ollama or openai for a server, or embedded for a GGUF file run in this process (got "${engine}")`, help);
  if (engine !== 'embedded' && (modelPath !== undefined || download)) throw new UsageError(`--model-path and --download are for --engine embedded; ${engine === 'openai' ? 'an OpenAI-compatible server' : 'Ollama'} has its own models.`, help);
  if (engine === 'embedded') return embeddedSetup(values, help, modelPath, download);
  if (engine === 'openai' && !baseUrl?.trim()) throw new UsageError('--engine openai needs --base-url, e.g. --base-url http://127.0.0.1:8000/v1', help);
  if (engine === 'openai' && values.host !== undefined) throw new UsageError('--host is the Ollama server; with --engine openai give --base-url only.', help);
  if (engine === 'ollama' && baseUrl !== undefined) throw new UsageError('--base-url is for --engine openai; Ollama takes --host.', help);
  const host = engine === 'openai' ? baseUrl!.trim() : ((values.host as string | undefined) ?? envHost() ?? DEFAULT_SETTINGS.ollama.host);
  const model = (values.model as string | undefined) ?? DEFAULT_SETTINGS.model;
  const profileSetting = (values.profile as string | undefined) ?? 'auto';
  if (!['auto', 'medtuned', 'json'].includes(profileSetting)) throw new UsageError(`--profile must be medtuned, json or auto (got "${profileSetting}")`, help);
  const concurrency = Number(values.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1 (got "${values.concurrency}")`, help);
  const numCtx = Number(values['num-ctx'] ?? DEFAULT_SETTINGS.ollama.numCtx);
  const timeout = Number(values['timeout-ms'] ?? DEFAULT_SETTINGS.requestTimeoutMs);
  const allowRemoteHost = values['allow-remote-host'] === true;
  const refused = refusalReason(host, allowRemoteHost);
  if (refused) throw new UsageError(refused.replace('set biomedNlp.allowRemoteHost to true', 'pass --allow-remote-host'), help);
  const backend =
    engine === 'openai'
      ? new OpenAiBackend({ baseUrl: host, model, apiKey: apiKeyFromEnv(), requestTimeoutMs: timeout, allowRemoteHost, numCtx })
      : new OllamaBackend({ host, model, numCtx, keepAlive: DEFAULT_SETTINGS.ollama.keepAlive, requestTimeoutMs: timeout, allowRemoteHost });
  const name = resolveProfileName(profileSetting as ProfileSetting, model);
  const profile = name === 'medtuned' ? new MedtunedProfile() : new JsonProfile();
  const ctx: EngineContext = { backend, scheduler: new Scheduler(concurrency), cache: new LruCache<unknown>(50_000), stats: newStats() };
  return { ctx, profile, model, host, engine, backend };
}

function engineContext(backend: EngineContext['backend'], values: Record<string, unknown>, help: string): EngineContext {
  const concurrency = Number(values.concurrency ?? 2);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new UsageError(`--concurrency must be a whole number of at least 1 (got "${values.concurrency}")`, help);
  return { backend, scheduler: new Scheduler(concurrency), cache: new LruCache<unknown>(50_000), stats: newStats() };
}

/** `--engine embedded`: llama.cpp in this process on --model-path (or the downloaded default model). */
function embeddedSetup(values: Record<string, unknown>, help: string, modelPath: string | undefined, download: boolean): ModelSetup {
  if (values.host !== undefined || values['base-url'] !== undefined) throw new UsageError('--host and --base-url name servers; the embedded engine runs in this process and takes --model-path FILE.', help);
  if (values.model !== undefined) throw new UsageError('--model names a model a server serves; the embedded engine takes --model-path FILE (a GGUF file).', help);
  if (modelPath !== undefined && download) throw new UsageError(`--download fetches the default model into ${cacheDir()}; give either --download or --model-path.`, help);
  if (modelPath !== undefined && !modelPath.trim()) throw new UsageError('--model-path needs a GGUF file.', help);
  const file = path.resolve(modelPath ?? defaultModelPath());
  const profileSetting = (values.profile as string | undefined) ?? 'auto';
  if (!['auto', 'medtuned', 'json'].includes(profileSetting)) throw new UsageError(`--profile must be medtuned, json or auto (got "${profileSetting}")`, help);
  const numCtx = Number(values['num-ctx'] ?? DEFAULT_SETTINGS.ollama.numCtx);
  const timeout = Number(values['timeout-ms'] ?? DEFAULT_SETTINGS.requestTimeoutMs);
  const backend = new EmbeddedBackend({ modelPath: file, contextSize: numCtx, requestTimeoutMs: timeout });
  // The profile follows the file name, as it follows the model name elsewhere.
  const name = resolveProfileName(profileSetting as ProfileSetting, path.basename(file));
  const profile = name === 'medtuned' ? new MedtunedProfile() : new JsonProfile();
  return { ctx: engineContext(backend, values, help), profile, model: file, host: backend.host, engine: 'embedded', backend, download };
}

/** --download: the default model into the cache folder, with progress on stderr; $BIOMED_NLP_MODEL_URL names a mirror of the same file. */
async function downloadDefaultModel(): Promise<void> {
  const folder = cacheDir();
  const url = process.env.BIOMED_NLP_MODEL_URL?.trim() || DEFAULT_MODEL_URL;
  let lastPercent = -1;
  process.stderr.write(`Downloading the default model from ${url}\n  into ${folder}\n`);
  await downloadModel({
    folder,
    url,
    fileName: DEFAULT_MODEL_FILE,
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

/** Fails fast, with what to do, when the server is not there or lacks the model. */
export async function checkModel(setup: ModelSetup): Promise<void> {
  if (setup.engine === 'embedded') {
    if (setup.download && !fs.existsSync(setup.model)) await downloadDefaultModel();
    else if (!fs.existsSync(setup.model) && setup.model === path.resolve(defaultModelPath())) {
      throw new Error(
        `No model for the embedded engine: pass --model-path FILE (a GGUF file on this machine), or --download to fetch the default model (about 4.1 GB, from huggingface.co) into ${cacheDir()}.`,
      );
    }
  }
  const probe = await setup.backend.probe();
  if (probe.reachable && probe.modelPresent) return;
  const server = setup.engine === 'openai' ? 'The OpenAI-compatible server' : 'Ollama';
  throw new Error(probe.error?.message ?? `${server} at ${setup.host} cannot serve ${setup.model}.`);
}

/**
 * One model request outside a document analysis (evaluation of pairs): through the shared
 * scheduler (concurrency) and cache, with one retry for a transient failure.
 */
export async function ask(setup: ModelSetup, request: ModelRequest): Promise<ModelAnswer> {
  const key = cacheKey({ text: JSON.stringify(request), model: setup.model, profile: setup.profile.name, task: 'ask', promptVersion: setup.profile.promptVersion });
  const cached = setup.ctx.cache.get(key) as ModelAnswer | undefined;
  if (cached) return cached;
  const ticket = setup.ctx.scheduler.request<ModelAnswer>(key, 1, async (signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        setup.ctx.stats.modelCalls++;
        const answer = await setup.backend.generate(request, signal);
        setup.ctx.stats.promptTokens += answer.promptTokens;
        return answer;
      } catch (err) {
        if (!(err instanceof ModelError && ['server-error', 'bad-response'].includes(err.kind) && attempt === 0)) throw err;
      }
    }
  });
  try {
    const answer = await ticket.promise;
    setup.ctx.cache.set(key, answer);
    return answer;
  } finally {
    ticket.release();
  }
}

/** Runs `fn` over `items` with `width` in flight, in order of the items' indexes. */
export async function forEachLimited<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
}
