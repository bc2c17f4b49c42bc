/**
 * The `biomedNlp.*` settings as the server reads them: the editor's own fields, and the
 * engine configuration (engine/config.ts) they map to. Values from the client are checked:
 * a wrong type falls back to the default (package.json declares the same defaults).
 */
import {
  DEFAULT_CACHE_MEGABYTES,
  DEFAULT_ENGINE_CONFIG,
  EngineConfig,
  EntityType,
  isEntityType,
  linking,
  SETTING_CHOICES,
  withoutCredentials,
} from '../engine';

/** `value` when it is one of a setting's choices, else `fallback`. */
function oneOf<T>(choices: readonly T[], value: unknown, fallback: T): T {
  return (choices as readonly unknown[]).includes(value) ? (value as T) : fallback;
}

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint';
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint'];

export interface Settings {
  /** What the engine is asked to do and with which model server. */
  engine: EngineConfig;
  /** How NLI findings are shown. */
  severity: { contradiction: SeveritySetting; unsupported: SeveritySetting };
  /** 'verbose' is the only level at which logs may hold note text. */
  trace: 'off' | 'messages' | 'verbose';
  /** Whether the model's entities are suggestions reviewed into the note's `.ann` (lsp/curation.ts). */
  curation: { enabled: boolean };
  /** The model's answers on disk (in the client's storage, context.ts), bounded; or in memory only. */
  cache: { persist: boolean; maxMegabytes: number };
  /** `show`: the PHI the rules find shown in the note (its own token type, a hover, counts). */
  deidentify: { show: boolean };
}

export const DEFAULT_SETTINGS: Settings = {
  engine: DEFAULT_ENGINE_CONFIG,
  severity: { contradiction: 'warning', unsupported: 'information' },
  trace: 'off',
  curation: { enabled: false },
  cache: { persist: true, maxMegabytes: DEFAULT_CACHE_MEGABYTES },
  deidentify: { show: true },
};

type Raw = Record<string, unknown> | undefined | null;

/** The widest `biomedNlp.relations.sentenceWindow` (package.json says the same). */
export const MAX_SENTENCE_WINDOW = 3;
/** The most curated examples one entity prompt may carry (package.json says the same). */
export const MAX_FEW_SHOT = 10;

/** The longest wait a timer takes (2^31 - 1 ms, about 24.8 days): a longer one fires at once (package.json says the same). */
export const MAX_TIMER_MS = 2_147_483_647;

function num(v: unknown, fallback: number, min: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
}
/** A number of milliseconds a timer waits: at most MAX_TIMER_MS. */
function ms(v: unknown, fallback: number, min: number): number {
  return Math.min(MAX_TIMER_MS, num(v, fallback, min));
}
function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
}
function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

/** `biomedNlp.linking.vocabularies`: entries `{ path, types }` with a path; types that are not strings are dropped. */
function vocabularies(v: unknown): linking.VocabularySetting[] {
  if (!Array.isArray(v)) return [];
  return v.flatMap((e: unknown) => {
    const entry = e as Raw;
    if (!entry || typeof entry !== 'object' || typeof entry.path !== 'string' || entry.path.trim() === '') return [];
    const types = Array.isArray(entry.types) ? (entry.types as unknown[]).filter((t): t is string => typeof t === 'string' && t.trim() !== '') : [];
    return [{ path: entry.path.trim(), types: types.map((t) => t.trim()) }];
  });
}

export function readSettings(raw: Raw): Settings {
  const d = DEFAULT_ENGINE_CONFIG;
  const r = raw ?? {};
  const ollama = (r.ollama as Raw) ?? {};
  const openai = (r.openai as Raw) ?? {};
  const embedded = (r.embedded as Raw) ?? {};
  // Types in any case ("Problem"); a list with none this project knows is a mistake, not "highlight nothing" ([] is).
  const given = Array.isArray(r.entityTypes) ? (r.entityTypes as unknown[]) : undefined;
  const known = given?.flatMap((t) => (typeof t === 'string' && isEntityType(t.trim().toLowerCase()) ? [t.trim().toLowerCase() as EntityType] : []));
  const types = !given || (known!.length === 0 && given.length > 0) ? d.entityTypes : known!;
  const profile = r.promptProfile;
  const trace = ((r.trace as Raw) ?? {}).server;
  const relations = (r.relations as Raw) ?? {};
  const medtuned = (r.medtuned as Raw) ?? {};
  const variant = medtuned.instructionVariant;
  const nli = (r.nli as Raw) ?? {};
  const assertion = (r.assertion as Raw) ?? {};
  const curation = (r.curation as Raw) ?? {};
  const linkingSettings = (r.linking as Raw) ?? {};
  const cache = (r.cache as Raw) ?? {};
  const deid = (r.deidentify as Raw) ?? {};
  const severity = (nli.severity as Raw) ?? {};
  const sev = (v: unknown, fallback: SeveritySetting): SeveritySetting =>
    typeof v === 'string' && (SEVERITIES as string[]).includes(v) ? (v as SeveritySetting) : fallback;
  const engine: EngineConfig = {
    engine: oneOf(SETTING_CHOICES.engine, r.engine, d.engine),
    model: str(r.model, d.model),
    promptProfile: oneOf(SETTING_CHOICES.promptProfile, profile, d.promptProfile),
    numCtx: num(ollama.numCtx, d.numCtx, 256),
    ollama: {
      host: str(ollama.host, d.ollama.host),
      keepAlive: str(ollama.keepAlive, d.ollama.keepAlive),
    },
    openai: {
      baseUrl: str(openai.baseUrl, d.openai.baseUrl),
      model: str(openai.model, d.openai.model),
    },
    embedded: {
      modelPath: str(embedded.modelPath, d.embedded.modelPath),
    },
    allowRemoteHost: bool(r.allowRemoteHost, d.allowRemoteHost),
    deidentify: { beforeRemote: bool(deid.beforeRemote, d.deidentify!.beforeRemote) },
    requestTimeoutMs: ms(r.requestTimeoutMs, d.requestTimeoutMs, 100),
    medtuned: {
      instructionVariant:
        typeof variant === 'number' && Number.isInteger(variant) && variant >= 1 && variant <= SETTING_CHOICES.maxInstructionVariant
          ? variant
          : d.medtuned.instructionVariant,
    },
    entityTypes: [...new Set(types)],
    relations: {
      enabled: bool(relations.enabled, d.relations.enabled),
      maxPairsPerSentence: Math.floor(num(relations.maxPairsPerSentence, d.relations.maxPairsPerSentence, 0)),
      untrainedKinds: oneOf(SETTING_CHOICES.untrainedKinds, relations.untrainedKinds, d.relations.untrainedKinds),
      // More than a few sentences apart is no longer one statement and its context.
      sentenceWindow: Math.min(MAX_SENTENCE_WINDOW, Math.floor(num(relations.sentenceWindow, d.relations.sentenceWindow, 0))),
    },
    nli: {
      enabled: bool(nli.enabled, d.nli.enabled),
      sections: Array.isArray(nli.sections) ? (nli.sections as unknown[]).filter((x): x is string => typeof x === 'string') : [...d.nli.sections],
      maxPremises: Math.floor(num(nli.maxPremises, d.nli.maxPremises, 1)),
      embeddingModel: typeof nli.embeddingModel === 'string' ? nli.embeddingModel.trim() : d.nli.embeddingModel,
    },
    assertion: {
      enabled: bool(assertion.enabled, d.assertion.enabled),
      extraTermsFile: typeof assertion.extraTermsFile === 'string' ? assertion.extraTermsFile.trim() : d.assertion.extraTermsFile,
      source: oneOf(SETTING_CHOICES.assertionSource, assertion.source, d.assertion.source),
    },
    curation: { fewShot: Math.min(MAX_FEW_SHOT, Math.floor(num(curation.fewShot, d.curation!.fewShot, 0))) },
    linking: { vocabularies: vocabularies(linkingSettings.vocabularies) },
    maxConcurrentRequests: Math.floor(num(r.maxConcurrentRequests, d.maxConcurrentRequests, 1)),
    retryIntervalMs: ms(r.retryIntervalMs, d.retryIntervalMs, 50),
    debounceMs: ms(r.debounceMs, d.debounceMs, 0),
    maxDocumentLength: num(r.maxDocumentLength, d.maxDocumentLength, 1),
    cacheSize: d.cacheSize,
  };
  const e = DEFAULT_SETTINGS;
  return {
    engine,
    severity: {
      contradiction: sev(severity.contradiction, e.severity.contradiction),
      unsupported: sev(severity.unsupported, e.severity.unsupported),
    },
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
    curation: { enabled: bool(curation.enabled, e.curation.enabled) },
    cache: { persist: bool(cache.persist, e.cache.persist), maxMegabytes: num(cache.maxMegabytes, e.cache.maxMegabytes, 1) },
    deidentify: { show: bool(deid.show, e.deidentify.show) },
  };
}

/**
 * The settings' one shape in every channel: `{ "biomedNlp": { … } }` is the whole of
 * `initializationOptions` and the whole of the client's workspace settings, and the same
 * inner object answers `workspace/configuration` for the section `biomedNlp`. Layers merge
 * in this order, later wins, leaf by leaf (objects merge, arrays and values are replaced):
 * the defaults < `initializationOptions` < `workspace/didChangeConfiguration`'s settings <
 * the client's answer to `workspace/configuration` (where it declared it). An answer that
 * is not an object (`null`: the client has no such section) adds nothing.
 */
export type RawSettings = Record<string, unknown>;

function isObject(v: unknown): v is RawSettings {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted keys (`"ollama.host"`, as VS Code's user settings write them) become nested objects. */
function expandDotted(raw: RawSettings): RawSettings {
  let out: RawSettings = {};
  for (const [key, value] of Object.entries(raw)) {
    const v = isObject(value) ? expandDotted(value) : value;
    const nested = key
      .split('.')
      .reverse()
      .reduce<unknown>((inner, part) => ({ [part]: inner }), v) as RawSettings;
    out = mergeRawSettings(out, nested);
  }
  return out;
}

/** Merges settings layers, later over earlier, leaf by leaf. */
export function mergeRawSettings(...layers: (RawSettings | undefined)[]): RawSettings {
  const out: RawSettings = {};
  for (const layer of layers) {
    if (!layer) continue;
    for (const [key, value] of Object.entries(layer)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
      out[key] = isObject(value) && isObject(out[key]) ? mergeRawSettings(out[key] as RawSettings, value) : value;
    }
  }
  return out;
}

/** The `biomedNlp` section of a client's whole settings (`{ biomedNlp: {…} }`), or undefined. */
export function sectionOf(whole: unknown): RawSettings | undefined {
  return isObject(whole) && isObject(whole.biomedNlp) ? expandDotted(whole.biomedNlp) : undefined;
}

/** A section as answered by workspace/configuration: an object, or nothing to add. */
export function answeredSection(answer: unknown): RawSettings | undefined {
  return isObject(answer) ? expandDotted(answer) : undefined;
}

/**
 * The settings in `initializationOptions`: `biomedNlp` (the documented shape), over
 * `settings` (the section's values, as Biomed NLP's VS Code client sends them).
 */
export function initializationSettings(init: unknown): RawSettings | undefined {
  if (!isObject(init)) return undefined;
  const legacy = isObject(init.settings) ? expandDotted(init.settings) : undefined;
  const section = sectionOf(init);
  return legacy || section ? mergeRawSettings(legacy, section) : undefined;
}

/** Which model server and model the engine will use, for the log line at start (no note text). */
export function describeModelInUse(e: EngineConfig): string {
  const ollama = `Ollama at ${withoutCredentials(e.ollama.host)} (model ${e.model})`;
  const openai = `an OpenAI-compatible server at ${withoutCredentials(e.openai.baseUrl)} (model ${e.openai.model || e.model})`;
  const embedded = `the embedded engine on ${e.embedded.modelPath}`;
  switch (e.engine) {
    case 'ollama':
      return ollama;
    case 'openai':
      return e.openai.baseUrl ? openai : 'an OpenAI-compatible server, but biomedNlp.openai.baseUrl is not set';
    case 'embedded':
      return e.embedded.modelPath ? embedded : 'the embedded engine, but biomedNlp.embedded.modelPath is not set';
    case 'recorded':
      return 'recorded answers for the bundled examples (no model)';
    default:
      return ['engine auto: ' + ollama, e.openai.baseUrl ? openai : '', e.embedded.modelPath ? embedded : ''].filter(Boolean).join(', else ');
  }
}
