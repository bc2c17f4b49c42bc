/**
 * An engine: the model server chosen for a configuration, and what all its document
 * analyses share (scheduler, cache, counters), and how a configuration becomes what an
 * analysis asks for (profiles, `analysisConfig`). Built by `createEngine` for the
 * language server and the command line alike.
 */
import * as path from 'node:path';
import { DEFAULT_ENGINE_CONFIG, EngineConfig, maxSentenceChars, nliBudgetChars } from '../config';
import { nextSlice } from '../foreground';
import { memberOf, Probe, Serving, ServingBackend } from '../models/backend';
import { EmbeddedRuntime } from '../models/embedded/runtime';
import { OllamaBackend } from '../models/ollama';
import { selectBackend, usesEmbedded } from '../models/select';
import { cacheKey, MemoryCache, ModelCache, PersistentCache } from './cache';
import { FeatureCache } from './features';
import { AnalysisConfig, DocumentAnalysis } from './analysis';
import { cachedCall, clockOf, EngineContext, EngineStats as CallStats, newStats } from './modelCall';
import { PhiShield, phiShieldFor, shieldedRequest } from './phiShield';
import { Scheduler } from './scheduler';
import { ServerClock } from './clock/serverClock';
import { clockOptions } from './clock/waits';
import type { BatchAnalysis } from './noteAnalysis';
import type { Segment } from '../text/segment';
import { Token } from '../text/tokenize';
import { InternalError } from '../errors';
import { FoundConcept, VocabularyShelf } from '../linking/noteLinks';
import { LinkAnswer, LinkQuestion } from '../linking/modelChoice';
import { linkChoiceLayout } from '../profiles/linkChoice';
import { JsonProfile } from '../profiles/json';
import { MedtunedOptions, MedtunedProfile } from '../profiles/medtuned';
import { Profile, resolveProfileName } from '../profiles/profile';
import { AssertionOptions } from '../tasks/assertion/context';
import { loadTerms } from '../tasks/assertion/terms';
import { describeInjections, injectionSuspects } from '../tasks/injection';
import { ModelAnswer, ModelRequest, ProfileName } from '../types';

/** Sentences read for the injection log line between two turns of the event loop. */
const INJECTION_SLICE = 2_000;

export class Engine {
  readonly ctx: EngineContext;
  /** llama.cpp in this process, made the first time the configuration uses the embedded engine. */
  private runtime: EmbeddedRuntime | undefined;
  private chosen: ServingBackend;

  constructor(private current: EngineConfig) {
    this.chosen = this.select(current);
    this.ctx = {
      backend: this.chosen,
      scheduler: new Scheduler(current.maxConcurrentRequests),
      cache: cacheFor(current),
      stats: newStats(),
      clock: new ServerClock(clockOptions(current)),
      features: new FeatureCache(current.featureCapacity),
      vocabularies: new VocabularyShelf(),
    };
    this.ctx.phiShield = this.shieldFor(current);
    this.ctx.vocabularies!.configure(current.linking?.vocabularies ?? []);
  }

  /** The PHI shield of a configuration; a text's PHI read from the feature cache (what the editor shows). */
  private shieldFor(config: EngineConfig): PhiShield {
    const features = this.ctx.features!;
    return phiShieldFor(
      config.deidentify,
      () => this.chosen,
      config.allowRemoteHost,
      (text) => features.phi(text),
    );
  }

  get config(): EngineConfig {
    return this.current;
  }

  get backend(): ServingBackend {
    return this.chosen;
  }

  /** The one object that decides when the model server gets a request, and says why work waits (clock/serverClock.ts). */
  get clock(): ServerClock {
    return clockOf(this.ctx);
  }

  private select(config: EngineConfig): ServingBackend {
    return selectBackend(config, () => (this.runtime ??= new EmbeddedRuntime()));
  }

  /** New settings: a new backend and concurrency; cached results stay (they are keyed by model and profile). */
  reconfigure(config: EngineConfig): void {
    const previous = this.current;
    this.current = config;
    this.chosen = this.select(config);
    this.ctx.backend = this.chosen;
    this.ctx.phiShield = this.shieldFor(config);
    this.ctx.scheduler.setConcurrency(config.maxConcurrentRequests);
    this.ctx.clock?.reset(clockOptions(config));
    this.ctx.vocabularies?.configure(config.linking?.vocabularies ?? []);
    if (cacheChanged(previous, config)) {
      this.ctx.cache.close();
      this.ctx.cache = cacheFor(config);
    }
    // The embedded engine is out of the configuration: its model's memory goes back.
    if (!usesEmbedded(config)) void this.runtime?.release();
  }

  /**
   * What serves now, as far as the answers' cache keys need to know: an `auto` chain makes
   * its choice here (asking the servers) only when its members would be asked for different
   * models (`choiceDecidesKeys`); otherwise it chooses on the first request that goes out.
   */
  async serving(): Promise<Serving> {
    if (this.choiceDecidesKeys) await this.backend.resolve?.();
    return this.backend.serving();
  }

  /**
   * Whether an `auto` chain's choice changes the model (or the profile its name decides)
   * that the cache keys name: the embedded engine's GGUF file beside a server's model. Then
   * no cached answer can be looked up before the servers are asked which one serves.
   */
  get choiceDecidesKeys(): boolean {
    const members = this.backend.members?.() ?? [this.backend];
    return new Set(members.map((m) => profileModel(m.serving()) + '\u0000' + m.serving().model)).size > 1;
  }

  /**
   * `check` runs once, when the first request (generation or embeddings) is about to go to
   * the model server, shared by the requests that go at once; while every answer comes from
   * the cache it never runs. Its failure fails that request and every later one.
   */
  checkOnFirstRequest(check: () => Promise<void>): void {
    let once: Promise<void> | undefined;
    this.ctx.ready = () => (once ??= check());
  }

  probe(signal?: AbortSignal): Promise<Probe> {
    return this.backend.probe(signal);
  }

  /** Model requests this engine lets be in flight at once (a command keeps about twice as many documents going). */
  get capacity(): number {
    return this.ctx.scheduler.capacity;
  }

  /** Model requests in flight and queued for one of the server's slots (`capacity`), as plain numbers. */
  requests(): { inFlight: number; queued: number; slots: number } {
    const { scheduler } = this.ctx;
    return { inFlight: scheduler.inFlight, queued: scheduler.queued, slots: scheduler.capacity };
  }

  /** What the model calls so far cost, as plain numbers (a copy: it does not change under the caller). */
  stats(): EngineStats {
    const { modelCalls, promptTokens, evalTokens, evalMs, cacheHits, answered, dropped, truncated, unreadable } = this.ctx.stats;
    return { modelCalls, promptTokens, evalTokens, evalMs, cacheHits, answered, dropped, truncated, unreadable };
  }

  /** Why NLI premises are ranked without the embeddings of `model`, when they are (a missing embedding model never fails NLI). */
  embeddingProblem(model: string): string | undefined {
    return this.ctx.features?.embeddings.problem(model)?.message;
  }

  /**
   * Why a vocabulary of the configuration (`linking.vocabularies`) is not used: one message
   * per file that is missing or not a `.vocab` (looked at again, so a file since built or
   * rebuilt counts). Empty when all are open or none is configured.
   */
  linkingProblems(): string[] {
    const shelf = this.ctx.vocabularies;
    if (!shelf) return [];
    shelf.refresh();
    return shelf.problems();
  }

  /** The vocabularies' concepts whose names match `query` as the user types (VocabularyShelf.search); none where no vocabulary is configured. */
  searchVocabularies(query: string, limit: number, type?: string): FoundConcept[] {
    return this.ctx.vocabularies?.search(query, limit, type) ?? [];
  }

  /**
   * The sentences of `sentences` that read as instructions to the model, as one line of
   * offsets and rule names (no note text), or undefined when none does. The rule per
   * sentence text is cached (NLI planning asks the same). Read in slices of
   * INJECTION_SLICE sentences with the event loop free between them, so that a huge note's
   * requests are answered meanwhile; null (nothing read to the end) once `stale()` says a
   * newer version came.
   */
  async injectionLine(sentences: readonly Segment[], stale: () => boolean = () => false): Promise<string | undefined | null> {
    const features = this.ctx.features;
    const rule = features && ((t: string, s: string) => features.injection(t, s));
    const found: ReturnType<typeof injectionSuspects> = [];
    for (let from = 0; from < sentences.length; from += INJECTION_SLICE) {
      if (from > 0) {
        await new Promise<void>((resolve) => nextSlice(resolve));
        if (stale()) return null;
      }
      for (const f of injectionSuspects(sentences.slice(from, from + INJECTION_SLICE), rule)) found.push({ ...f, index: f.index + from });
    }
    return describeInjections(found);
  }

  /**
   * The prompt profile `config` asks for with the model serving now: the one place it is
   * derived (status, analyses and commands all ask here). With `instructions`, the
   * medtuned layout's instructions chosen (another variant, a training set per type; each
   * choice has its own prompt version); other layouts are returned as they are.
   */
  profile(config: EngineConfig = this.current, instructions?: MedtunedOptions): Profile {
    const base = profileOf(config, this.backend.serving());
    if (!instructions || !(base instanceof MedtunedProfile)) return base;
    return new MedtunedProfile({
      instructionVariant: instructions.instructionVariant ?? base.instructionVariant,
      datasets: { ...base.datasets, ...instructions.datasets },
      // The same context cap as the configured profile: prompts must fit num_ctx.
      numCtx: config.numCtx,
    });
  }

  /**
   * What a document's analysis asks for under `config` (a document's own settings may differ
   * from the engine's in what they ask, not in which server answers), with the model serving now.
   */
  async analysisConfig(config: EngineConfig = this.current): Promise<AnalysisConfig> {
    return analysisConfigFor(config, await this.serving());
  }

  /** What a document's analysis asks for under `config`, with the model serving now (settled by `serving()` for an `auto` chain). */
  analysisConfigOf(config: EngineConfig): AnalysisConfig {
    return analysisConfigFor(config, this.backend.serving());
  }

  /**
   * A document analysed outside the editor (the command line): no debounce, no versions.
   * `onInternalError` is required: a bug (errors.ts) must reach the front end as a bug,
   * with its stack, never as a model failure nor in silence.
   */
  analyse(
    id: string,
    text: string,
    config: AnalysisConfig,
    options: {
      /** An item failed with an unexpected error (a bug): the front end says so and logs the stack. */
      onInternalError: (error: InternalError) => void;
      sentences?: readonly { start: number; end: number; tokens?: readonly Token[] }[];
      /** Results or counts changed (a sentence answered: `sentencesDone()`), for a command's progress. */
      onProgress?: (analysis: BatchAnalysis) => void;
      /** After every open note's work (a folder analysed for the index while the user works). */
      background?: boolean;
    },
  ): BatchAnalysis {
    const { onProgress, onInternalError, ...rest } = options;
    return new DocumentAnalysis(id, 1, text, config, this.ctx, { onProgress, onInternalError: (_a, error) => onInternalError(error) }, rest);
  }

  /** One question outside a document analysis (evaluation of pairs): scheduled, cached, retried like any request. */
  async ask(request: ModelRequest, profile: { name: string; promptVersion: string }): Promise<ModelAnswer> {
    const { model } = this.backend.serving();
    const key = cacheKey({ text: JSON.stringify(request), model, profile: profile.name, task: 'ask', promptVersion: profile.promptVersion });
    return cachedCall(this.ctx, key, 1, 'ask', shieldedRequest(request, this.ctx.phiShield), (answer) => ({ ...answer, dropped: 0 }));
  }

  /**
   * Asks which of a mention's candidates it names (linking/modelChoice.ts), in `profile`'s
   * layout; undefined for a layout whose model is never asked (medtuned: not trained on linking).
   */
  linkChooser(profile: Profile): ((question: LinkQuestion) => Promise<LinkAnswer>) | undefined {
    const layout = linkChoiceLayout(profile);
    if (!layout) return undefined;
    const version = { name: profile.name, promptVersion: layout.version };
    return async (q) => layout.parse(q, await this.ask(layout.request(q), version));
  }

  /** Ollama, where it is one of the servers this configuration may use (model management talks to it). */
  ollama(): OllamaBackend | undefined {
    return memberOf<OllamaBackend>(this.backend, 'ollama');
  }

  /** The model's answers this engine keeps (in memory, and on disk when configured). */
  get cache(): ModelCache {
    return this.ctx.cache;
  }

  async dispose(): Promise<void> {
    this.ctx.cache.close();
    this.ctx.vocabularies?.close();
    await this.backend.dispose?.();
    await this.runtime?.dispose();
  }
}

/** The cache a configuration asks for: on disk in its folder, or in memory only. */
function cacheFor(config: EngineConfig): ModelCache {
  const disk = config.persistentCache;
  return disk ? new PersistentCache(config.cacheSize, disk.dir, disk.maxMegabytes * 1024 * 1024) : new MemoryCache(config.cacheSize);
}

function cacheChanged(a: EngineConfig, b: EngineConfig): boolean {
  return (
    a.cacheSize !== b.cacheSize || a.persistentCache?.dir !== b.persistentCache?.dir || a.persistentCache?.maxMegabytes !== b.persistentCache?.maxMegabytes
  );
}

/** The name a profile follows: the model's, the GGUF file's name for the embedded engine, the recorded model's for recorded answers. */
function profileModel(serving: Serving): string {
  if (serving.promptModel) return serving.promptModel;
  return serving.engine === 'embedded' ? path.basename(serving.model) : serving.model;
}

/** The prompt profile of `config` when `serving` serves. */
function profileOf(config: EngineConfig, serving: Serving): Profile {
  return profileFor(config, profileModel(serving));
}

/** What an analysis asks for under `config` when `serving` serves (its profile as `profileOf` derives it). */
export function analysisConfigFor(config: EngineConfig, serving: Serving): AnalysisConfig {
  return { ...analysisConfig(config, profileModel(serving)), model: serving.model };
}

/** The counters of an engine's model calls (`Engine.stats()`): modelCall.ts's, less the per-task split. */
export type EngineStats = Omit<CallStats, 'byTask'>;

/** The one way to build an engine, for the language server and the command line alike. */
export function createEngine(config: EngineConfig): Engine {
  return new Engine(config);
}

// Profiles hold no state: one instance per wording and context length is shared by every analysis.
const JSON_PROFILES = new Map<string, JsonProfile>();
const MEDTUNED_PROFILES = new Map<string, MedtunedProfile>();

/** `assertionStatuses`: entity requests also ask the statuses of each mention (biomedNlp.assertion.source rules+model). */
function jsonProfile(numCtx: number | undefined, assertionStatuses = false): JsonProfile {
  const key = `${numCtx}:${assertionStatuses}`;
  let profile = JSON_PROFILES.get(key);
  if (!profile) JSON_PROFILES.set(key, (profile = new JsonProfile({ numCtx, assertionStatuses })));
  return profile;
}

/**
 * The prompt profile for `model` (a model name, or a GGUF file name) under `config`; with
 * `numCtx`, its requests cap numPredict so that prompt + answer fit the context.
 */
export function profileFor(
  config: Pick<EngineConfig, 'promptProfile' | 'medtuned'> & { numCtx?: number; assertion?: Pick<EngineConfig['assertion'], 'enabled' | 'source'> },
  model: string,
): Profile {
  const name: ProfileName = resolveProfileName(config.promptProfile, model);
  if (name === 'json') return jsonProfile(config.numCtx, config.assertion?.enabled === true && config.assertion.source === 'rules+model');
  const variant = config.medtuned.instructionVariant;
  const key = `${variant}:${config.numCtx}`;
  let profile = MEDTUNED_PROFILES.get(key);
  if (!profile) MEDTUNED_PROFILES.set(key, (profile = new MedtunedProfile({ instructionVariant: variant, numCtx: config.numCtx })));
  return profile;
}

/** What one document's analysis asks for, when `model` serves. */
export function analysisConfig(config: EngineConfig, model: string): AnalysisConfig {
  const profile = profileFor(config, model);
  return {
    model,
    profile,
    entityTypes: config.entityTypes,
    relations: {
      enabled: config.relations.enabled,
      maxPairsPerSentence: config.relations.maxPairsPerSentence,
      sentenceWindow: config.relations.sentenceWindow ?? DEFAULT_ENGINE_CONFIG.relations.sentenceWindow,
      // The same model, asked in the json layout, for pairs its own layout was not trained on.
      untrainedLayout: config.relations.untrainedKinds === 'json-prompt' && profile.name !== 'json' ? jsonProfile(config.numCtx) : undefined,
    },
    nli: { ...config.nli, budgetChars: nliBudgetChars(config) },
    maxSentenceChars: maxSentenceChars(config),
    assertion: assertionOptions(config.assertion ?? DEFAULT_ENGINE_CONFIG.assertion),
  };
}

/** The assertion options of an analysis: the terms file is read here, once per change of it (never throws). */
export function assertionOptions(a: EngineConfig['assertion']): AssertionOptions {
  const { terms, error } = loadTerms(a.extraTermsFile);
  return { enabled: a.enabled, terms, source: a.source, ...(error ? { termsError: error } : {}) };
}
