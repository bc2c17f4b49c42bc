/**
 * What every model server the engine can talk to provides: generation (types.ts), a health
 * probe, a description of what serves, and optionally sentence embeddings. Ollama, OpenAI-compatible servers, the embedded
 * engine and the fallback chain of `engine: auto` all implement this one interface, so
 * nothing outside models/ asks which class it holds.
 */
import { ModelBackend, ModelError } from '../types';

/**
 * The model servers there are, and `recorded` (answers recorded for the bundled examples,
 * no model: recorded.ts); `auto` (a setting, not a server) chooses among the servers.
 */
export const ENGINE_NAMES = ['ollama', 'openai', 'embedded', 'recorded'] as const;
export type EngineName = (typeof ENGINE_NAMES)[number];

/** The engine setting: one server, or `auto` (Ollama, else OpenAI-compatible, else embedded). */
export const ENGINE_SETTINGS = [...ENGINE_NAMES, 'auto'] as const;
export type EngineSetting = (typeof ENGINE_SETTINGS)[number];

/** What a health probe found. */
export interface Probe {
  /** The server answers (the embedded engine: its runtime and file can be used). */
  reachable: boolean;
  /** It has the configured model. */
  modelPresent: boolean;
  error?: ModelError;
}

/** What serves the requests now: the engine, its address and the model it is asked for. */
export interface Serving {
  engine: EngineName;
  /** Ollama's host, the OpenAI-compatible base URL, or a description of this process. */
  host: string;
  /** The model name (the embedded engine: the GGUF file; recorded answers: `recorded`). */
  model: string;
  /** The model whose prompt layout is asked, when not `model`'s (recorded answers: the model they were recorded as). */
  promptModel?: string;
}

export interface ServingBackend extends ModelBackend {
  probe(signal?: AbortSignal): Promise<Probe>;
  /** What serves now; for a fallback chain, the member chosen (the first before any choice). */
  serving(): Serving;
  /** Makes any pending choice (fallback chains), so that serving() is settled. */
  resolve?(): Promise<void>;
  /** The backends this one may hand requests to, itself included (model management looks for Ollama there). */
  members?(): readonly ServingBackend[];
  /** Frees what the backend holds (a loaded embedded model). */
  dispose?(): Promise<void>;
  /**
   * Embeds texts with the configured embedding model (biomedNlp.nli.embeddingModel), one
   * vector per text in order: Ollama's /api/embed, OpenAI's /v1/embeddings, or a GGUF
   * embedding model in the embedded engine. Throws a ModelError when no embedding model is
   * set or the server lacks it; callers carry on without vectors.
   */
  embed?(texts: string[], signal: AbortSignal): Promise<number[][]>;
}

/** The backend of `engine` among `backend` and the members of its fallback chain. */
export function memberOf<T extends ServingBackend>(backend: ServingBackend, engine: EngineName): T | undefined {
  const all = backend.members?.() ?? [backend];
  return all.find((b) => b.serving().engine === engine) as T | undefined;
}
