/**
 * The engine's configuration: one type, its defaults and the limits derived from it. The
 * language server maps VS Code settings into it (lsp/settings.ts); the command line maps its
 * flags into it (cli/engineOptions.ts). Neither decides anything the other must repeat. What
 * is built from a configuration (profiles, an analysis's configuration, the engine) is the
 * pipeline's: pipeline/engine.ts.
 */
import { DEFAULT_FEW_SHOT } from './curation/fewShot';
import type { VocabularySetting } from './linking/noteLinks';
import { ENGINE_SETTINGS, EngineSetting } from './models/backend';
import { BackendConfig } from './models/select';
import { maxSentenceCharsFor } from './profiles/limits';
import { MAX_INSTRUCTION_VARIANT } from './profiles/medtunedInstructions';
import { DEFAULT_NLI_SECTIONS } from './tasks/nli';
import { ASSERTION_SOURCES, AssertionSource } from './tasks/assertion/context';
import { EntityType, ProfileSetting } from './types';

export interface EngineConfig extends BackendConfig {
  /** `ollama`, `openai`, `embedded`, or `auto` (Ollama, else OpenAI-compatible, else embedded). */
  engine: EngineSetting;
  /** The model name Ollama (and, unless openai.model is set, the OpenAI-compatible server) serves. */
  model: string;
  /** The prompt layout; `auto` follows the model name (medtuned models get their own). */
  promptProfile: ProfileSetting;
  /** The medtuned layout: which of the verbatim training instructions is asked (1-5). */
  medtuned: { instructionVariant: number };
  /** Entity types asked for and shown. */
  entityTypes: EntityType[];
  /**
   * `untrainedKinds`: pairs the prompt layout was not trained on (under medtuned: chemical-
   * disease, gene-disease, chemical-gene) are skipped, or asked in the json layout and marked so.
   * `sentenceWindow`: pairs are also sought across sentences of one paragraph up to this
   * many sentences apart (1: each sentence with its neighbours; 0: within a sentence or list item).
   */
  relations: { enabled: boolean; maxPairsPerSentence: number; untrainedKinds: UntrainedKinds; sentenceWindow: number };
  /** `embeddingModel`: sentence embeddings rank NLI premises too ('' for none: words, concepts, quantities and entities only). */
  nli: { enabled: boolean; sections: string[]; maxPremises: number; embeddingModel: string };
  /**
   * ConText assertion statuses: `extraTermsFile` ('' for none) adds terms in the layout of
   * tasks/assertion/terms.json; `source` rules+model asks the json profile's model to confirm them.
   */
  assertion: { enabled: boolean; extraTermsFile: string; source: AssertionSource };
  /**
   * `fewShot`: under the json profile, this many curated sentences most like the one analysed
   * are examples in its entity prompt (curation/fewShot.ts; the language server supplies the
   * curated folder's sentences). Absent: DEFAULT_FEW_SHOT. Never under medtuned.
   */
  curation?: { fewShot: number };
  /**
   * Concept linking (linking/noteLinks.ts): `.vocab` files, each with the entity types it
   * serves (none: every type). A lookup, never a model call. Absent: no linking.
   */
  linking?: { vocabularies: VocabularySetting[] };
  /** Model requests in flight at once. */
  maxConcurrentRequests: number;
  /** How long a server that is down or lacks the model is left before it is probed again. */
  retryIntervalMs: number;
  /**
   * The longest wait between recovery checks: they start at retryIntervalMs and double up
   * to this (±20% jitter). Not a user setting; absent: see retryCapMs.
   */
  retryMaxIntervalMs?: number;
  /**
   * The first wait before a failed model request is tried again (a transient failure: up
   * to REQUEST_TRIES tries, the wait doubling per failed turn up to retryCapMs, ±20%), when
   * the server sent no Retry-After. Not a user setting (command line: --retry-ms); absent:
   * see requestRetryBaseMs.
   */
  retryBaseMs?: number;
  /**
   * The longest model work waits on an overloaded server (429/503) without a success before
   * it is given up (pipeline/clock/waits.ts). Not a user setting (command line: --max-wait);
   * absent: as long as the server asks (the editor shows that it waits).
   */
  maxWaitMs?: number;
  /** Model work on an edited document starts after this quiet time. */
  debounceMs: number;
  /** Longer documents are not analysed (a notice says so). */
  maxDocumentLength: number;
  /** Model results kept in memory (answers are small; the key holds no text). */
  cacheSize: number;
  /**
   * Model results also kept on disk, in `dir` (pipeline/answerStore.ts), up to `maxMegabytes`,
   * least recently used dropped first; absent: memory only.
   */
  persistentCache?: PersistentCacheConfig;
  /**
   * `beforeRemote`: a model host not on this machine gets surrogates in place of the PHI the
   * rules find, and its answers are moved back onto the note (pipeline/phiShield.ts).
   * `seed`: the surrogates' seed (tests); absent: drawn once per engine. Absent: on.
   */
  deidentify?: { beforeRemote: boolean; seed?: number };
  /** Distinct sentence texts whose derived features are kept (pipeline/features.ts); absent: its default. */
  featureCapacity?: number;
}

export interface PersistentCacheConfig {
  /** The folder of the answers' file: the editor's own storage, or the command line's --cache DIR. */
  dir: string;
  maxMegabytes: number;
}

/** biomedNlp.cache.maxMegabytes's default (package.json says the same). */
export const DEFAULT_CACHE_MEGABYTES = 256;

export type UntrainedKinds = 'skip' | 'json-prompt';
export const UNTRAINED_KINDS: readonly UntrainedKinds[] = ['skip', 'json-prompt'];

/**
 * What each setting with a fixed set of values may be: the editor's settings (lsp/settings.ts)
 * and the command line's flags (cli/engineOptions.ts) are checked against this one table.
 */
export const SETTING_CHOICES = {
  engine: ENGINE_SETTINGS as readonly EngineSetting[],
  promptProfile: ['auto', 'medtuned', 'json'] as readonly ProfileSetting[],
  untrainedKinds: UNTRAINED_KINDS,
  assertionSource: ASSERTION_SOURCES,
  /** The medtuned layout's instruction variants are 1 to this. */
  maxInstructionVariant: MAX_INSTRUCTION_VARIANT,
} as const;

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  engine: 'auto',
  model: 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  promptProfile: 'auto',
  numCtx: 4096,
  ollama: { host: 'http://127.0.0.1:11434', keepAlive: '30m' },
  openai: { baseUrl: '', model: '' },
  embedded: { modelPath: '' },
  allowRemoteHost: false,
  deidentify: { beforeRemote: true },
  requestTimeoutMs: 120_000,
  medtuned: { instructionVariant: 1 },
  entityTypes: ['problem', 'treatment', 'test'],
  relations: { enabled: true, maxPairsPerSentence: 12, untrainedKinds: 'skip', sentenceWindow: 1 },
  nli: { enabled: true, sections: [...DEFAULT_NLI_SECTIONS], maxPremises: 6, embeddingModel: '' },
  assertion: { enabled: true, extraTermsFile: '', source: 'rules' },
  curation: { fewShot: DEFAULT_FEW_SHOT },
  linking: { vocabularies: [] },
  maxConcurrentRequests: 2,
  retryIntervalMs: 5_000,
  debounceMs: 400,
  maxDocumentLength: 500_000,
  cacheSize: 20_000,
};

/**
 * The longest wait between two recovery checks: `retryMaxIntervalMs` when given, else
 * twelve times the first wait, at most a minute (60 s with the default 5 s interval).
 */
export function retryCapMs(config: Pick<EngineConfig, 'retryIntervalMs' | 'retryMaxIntervalMs'>): number {
  return config.retryMaxIntervalMs ?? Math.max(config.retryIntervalMs, Math.min(60_000, config.retryIntervalMs * 12));
}

/** Tries of one model request with a transient failure (a dropped connection, a cut stream, 429/5xx): the first and three more. */
export const REQUEST_TRIES = 4;

/**
 * The first wait before a failed request is tried again: `retryBaseMs` when given, else a
 * tenth of retryIntervalMs, at most a second (500 ms with the default 5 s interval).
 */
export function requestRetryBaseMs(config: Pick<EngineConfig, 'retryIntervalMs' | 'retryBaseMs'>): number {
  return config.retryBaseMs ?? Math.max(1, Math.min(1_000, Math.round(config.retryIntervalMs / 10)));
}

/**
 * How much premise text one NLI hypothesis may be checked against: about half the
 * context, at some four characters a token, so that premise, hypothesis and answer fit.
 */
export function nliBudgetChars(config: Pick<EngineConfig, 'numCtx'>): number {
  return config.numCtx * 2;
}

/**
 * The longest sentence sent to the model as one piece: longer ones are split by segmentation
 * at a word boundary. Derived from numCtx so that the instruction, the sentence and the
 * medtuned NER answer (~10 tokens per input token) fit (profiles/limits.ts): 1258 characters
 * at the default 4096, 64 (the floor) at 512.
 */
export function maxSentenceChars(config: Pick<EngineConfig, 'numCtx'>): number {
  return maxSentenceCharsFor(config.numCtx);
}
