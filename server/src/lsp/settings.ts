/**
 * The `biomedNlp.*` settings as the server reads them, with the defaults of package.json.
 * Values from the client are checked: a wrong type falls back to the default.
 */
import { DEFAULT_NLI_SECTIONS } from '../engine/tasks/nli';
import { EntityType, isEntityType, ProfileSetting } from '../engine/types';

export type SeveritySetting = 'error' | 'warning' | 'information' | 'hint';
const SEVERITIES: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint'];

/**
 * Which engine answers: `ollama`, an `openai`-compatible server (vLLM, llama.cpp, LM Studio,
 * TGI), `embedded` (llama.cpp in this process, `embedded.modelPath`), or `auto`: Ollama,
 * unless it does not answer at `ollama.host`: then the OpenAI-compatible server when
 * `openai.baseUrl` is set, else the embedded engine when `embedded.modelPath` is set.
 */
export type EngineSetting = 'ollama' | 'openai' | 'embedded' | 'auto';
const ENGINES: readonly EngineSetting[] = ['ollama', 'openai', 'embedded', 'auto'];

export interface Settings {
  languages: string[];
  entityTypes: EntityType[];
  promptProfile: ProfileSetting;
  model: string;
  ollama: { host: string; numCtx: number; keepAlive: string };
  engine: EngineSetting;
  /** The OpenAI-compatible server; `model` empty means `model` above. The API key is never a setting. */
  openai: { baseUrl: string; model: string };
  /**
   * The embedded engine (llama.cpp in the server process, node-llama-cpp): its GGUF file.
   * `auto` falls back to it when no server answers and `modelPath` is set.
   */
  embedded: { modelPath: string };
  allowRemoteHost: boolean;
  debounceMs: number;
  maxConcurrentRequests: number;
  requestTimeoutMs: number;
  retryIntervalMs: number;
  maxDocumentLength: number;
  relations: { enabled: boolean; maxPairsPerSentence: number };
  nli: {
    enabled: boolean;
    sections: string[];
    maxPremises: number;
    severity: { contradiction: SeveritySetting; unsupported: SeveritySetting };
  };
  /** 'verbose' is the only level at which logs may hold note text. */
  trace: 'off' | 'messages' | 'verbose';
}

export const DEFAULT_SETTINGS: Settings = {
  languages: ['clinical-note'],
  entityTypes: ['problem', 'treatment', 'test'],
  promptProfile: 'auto',
  model: 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  ollama: { host: 'http://127.0.0.1:11434', numCtx: 4096, keepAlive: '30m' },
  engine: 'auto',
  openai: { baseUrl: '', model: '' },
  embedded: { modelPath: '' },
  allowRemoteHost: false,
  debounceMs: 400,
  maxConcurrentRequests: 2,
  requestTimeoutMs: 120_000,
  retryIntervalMs: 5_000,
  maxDocumentLength: 500_000,
  relations: { enabled: true, maxPairsPerSentence: 12 },
  nli: {
    enabled: true,
    sections: [...DEFAULT_NLI_SECTIONS],
    maxPremises: 4,
    severity: { contradiction: 'warning', unsupported: 'information' },
  },
  trace: 'off',
};

type Raw = Record<string, unknown> | undefined | null;

function num(v: unknown, fallback: number, min: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min ? v : fallback;
}
function str(v: unknown, fallback: string): string {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback;
}
function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : fallback;
}

export function readSettings(raw: Raw): Settings {
  const d = DEFAULT_SETTINGS;
  const r = raw ?? {};
  const ollama = (r.ollama as Raw) ?? {};
  const openai = (r.openai as Raw) ?? {};
  const embedded = (r.embedded as Raw) ?? {};
  const types = Array.isArray(r.entityTypes)
    ? (r.entityTypes as unknown[]).filter((t): t is EntityType => typeof t === 'string' && isEntityType(t))
    : d.entityTypes;
  const profile = r.promptProfile;
  const trace = ((r.trace as Raw) ?? {}).server;
  const relations = (r.relations as Raw) ?? {};
  const nli = (r.nli as Raw) ?? {};
  const severity = (nli.severity as Raw) ?? {};
  const sev = (v: unknown, fallback: SeveritySetting): SeveritySetting =>
    typeof v === 'string' && (SEVERITIES as string[]).includes(v) ? (v as SeveritySetting) : fallback;
  return {
    languages: Array.isArray(r.languages) ? (r.languages as unknown[]).filter((l): l is string => typeof l === 'string') : d.languages,
    entityTypes: [...new Set(types)],
    promptProfile: profile === 'medtuned' || profile === 'json' || profile === 'auto' ? profile : d.promptProfile,
    model: str(r.model, d.model),
    ollama: {
      host: str(ollama.host, d.ollama.host),
      numCtx: num(ollama.numCtx, d.ollama.numCtx, 256),
      keepAlive: str(ollama.keepAlive, d.ollama.keepAlive),
    },
    engine: (ENGINES as unknown[]).includes(r.engine) ? (r.engine as EngineSetting) : d.engine,
    openai: {
      baseUrl: str(openai.baseUrl, d.openai.baseUrl),
      model: str(openai.model, d.openai.model),
    },
    embedded: {
      modelPath: str(embedded.modelPath, d.embedded.modelPath),
    },
    allowRemoteHost: bool(r.allowRemoteHost, d.allowRemoteHost),
    debounceMs: num(r.debounceMs, d.debounceMs, 0),
    maxConcurrentRequests: Math.floor(num(r.maxConcurrentRequests, d.maxConcurrentRequests, 1)),
    requestTimeoutMs: num(r.requestTimeoutMs, d.requestTimeoutMs, 100),
    retryIntervalMs: num(r.retryIntervalMs, d.retryIntervalMs, 50),
    maxDocumentLength: num(r.maxDocumentLength, d.maxDocumentLength, 1),
    relations: {
      enabled: bool(relations.enabled, d.relations.enabled),
      maxPairsPerSentence: Math.floor(num(relations.maxPairsPerSentence, d.relations.maxPairsPerSentence, 0)),
    },
    nli: {
      enabled: bool(nli.enabled, d.nli.enabled),
      sections: Array.isArray(nli.sections) ? (nli.sections as unknown[]).filter((x): x is string => typeof x === 'string') : d.nli.sections,
      maxPremises: Math.floor(num(nli.maxPremises, d.nli.maxPremises, 1)),
      severity: {
        contradiction: sev(severity.contradiction, d.nli.severity.contradiction),
        unsupported: sev(severity.unsupported, d.nli.severity.unsupported),
      },
    },
    trace: trace === 'messages' || trace === 'verbose' ? trace : 'off',
  };
}
