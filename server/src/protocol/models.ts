/**
 * The requests about the model itself, beside protocol.ts (which re-exports them): the
 * models Ollama has and pulls, the embedded engine's download, and the model cache.
 */
import { notification, request } from './descriptors';

export interface ModelItem {
  name: string;
  size: number;
  parameterSize: string;
  quantization: string;
  /** The prompt profile this model would be used with under the current settings. */
  profile: string;
}
export interface ListModelsResult {
  host: string;
  current: string;
  models: ModelItem[];
}
/** The models Ollama has (fails when the configured engine does not include Ollama). */
export const ListModelsRequest = request<void, ListModelsResult>('biomedNlp/listModels');

export interface PullModelParams {
  model: string;
}
export interface PullModelResult {
  pulled: string;
}
/** Pulls a model into Ollama; progress comes as PullProgressNotification; cancellable. */
export const PullModelRequest = request<PullModelParams, PullModelResult>('biomedNlp/pullModel');
export interface PullProgressParams {
  model: string;
  status: string;
  digest?: string;
  completed?: number;
  total?: number;
}
export const PullProgressNotification = notification<PullProgressParams>('biomedNlp/pullProgress');

export interface DownloadModelParams {
  folder: string;
}
export interface DownloadModelResult {
  /** The GGUF file, for biomedNlp.embedded.modelPath. */
  path: string;
}
/** Downloads the embedded engine's default model (Llama2-MedTuned 7B GGUF, about 4.1 GB) into `folder`. */
export const DownloadModelRequest = request<DownloadModelParams, DownloadModelResult>('biomedNlp/downloadModel');
export interface DownloadProgressParams {
  received: number;
  total?: number;
}
export const DownloadProgressNotification = notification<DownloadProgressParams>('biomedNlp/downloadProgress');

export interface ClearModelCacheResult {
  /** Answers forgotten (in memory and on disk). */
  cleared: number;
  /** The cache's folder; absent when answers are kept in memory only (biomedNlp.cache.persist false). */
  dir?: string;
}
/** Empties the model cache (*Clear the Model Cache*): every sentence is asked again. */
export const ClearModelCacheRequest = request<void, ClearModelCacheResult>('biomedNlp/clearModelCache');
/** The same for any LSP client, by workspace/executeCommand; the result comes back as a message too. */
export const ClearModelCacheCommand = 'biomedNlp.clearModelCache';
