/**
 * Names and shapes shared by the client and the server beyond standard LSP. Type-only
 * plus constants, so the client bundle pulls in nothing else from the server.
 */
export type EngineState =
  | 'starting'
  | 'idle'
  | 'analysing'
  | 'ready'
  | 'unreachable'
  | 'model-missing'
  | 'remote-refused'
  | 'error';

export interface StatusParams {
  state: EngineState;
  /**
   * The engine that serves: Ollama, an OpenAI-compatible server (vLLM, llama.cpp, ...), or
   * the embedded engine (llama.cpp in the server process; `model` is then the GGUF file).
   * Always sent by the server; absent only in the client's own "starting" status.
   */
  engine?: 'ollama' | 'openai' | 'embedded';
  /** The model and the server's address (Ollama's host, or the OpenAI-compatible base URL). */
  model: string;
  host: string;
  profile: string;
  /** Sentences answered / all sentences of the open analysed documents. */
  done: number;
  total: number;
  /** Human-readable detail for error states and notices (never note text). */
  message?: string;
  /** Generation speed of recent model calls. */
  tokensPerSecond?: number;
}

export const StatusNotification = 'biomedNlp/status';
export const AnalyzeDocumentRequest = 'biomedNlp/analyzeDocument';
export const RetryRequest = 'biomedNlp/retry';
export const StatsRequest = 'biomedNlp/stats';

export interface AnalyzeDocumentParams {
  uri: string;
}

export const RelationsRequest = 'biomedNlp/relations';

export interface RelationsParams {
  uri: string;
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

export interface RelationEnd {
  range: LspRange;
  text: string;
  type: string;
}

export interface RelationsResult {
  /** The document version the relations belong to. */
  version: number;
  relations: { label: string; head: RelationEnd; tail: RelationEnd; sentence: LspRange }[];
  /** True while relation work for this version is still running. */
  pending: boolean;
}

export const CheckStatementRequest = 'biomedNlp/checkStatement';

export interface CheckStatementParams {
  uri: string;
  hypothesis: string;
  /** Check against this part of the note only; the whole note when absent. */
  range?: LspRange;
  /** Leave this part out of the premise (the statement's own place in the note). */
  exclude?: LspRange;
}

export interface CheckStatementResult {
  label: 'entailment' | 'contradiction' | 'neutral';
  evidence: { range: LspRange; text: string }[];
}

/** Server to client: the findings the user chose to ignore, for the client to keep. */
export const IgnoredFindingsNotification = 'biomedNlp/ignoredFindings';
export interface IgnoredFindings {
  /** uri -> sentence texts. */
  ignored: Record<string, string[]>;
}
export const IgnoreFindingCommand = 'biomedNlp.ignoreFinding';

export const ListModelsRequest = 'biomedNlp/listModels';
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

export const PullModelRequest = 'biomedNlp/pullModel';
export interface PullModelParams {
  model: string;
}
export const PullProgressNotification = 'biomedNlp/pullProgress';
export interface PullProgressParams {
  model: string;
  status: string;
  digest?: string;
  completed?: number;
  total?: number;
}

/** Downloads the embedded engine's default model (Llama2-MedTuned 7B GGUF, about 4.1 GB) into `folder`. */
export const DownloadModelRequest = 'biomedNlp/downloadModel';
export interface DownloadModelParams {
  folder: string;
}
export interface DownloadModelResult {
  /** The GGUF file, for biomedNlp.embedded.modelPath. */
  path: string;
}
export const DownloadProgressNotification = 'biomedNlp/downloadProgress';
export interface DownloadProgressParams {
  received: number;
  total?: number;
}

export const ExportRequest = 'biomedNlp/export';
export type ExportFormat = 'bioc' | 'brat' | 'jsonl';
export interface ExportParams {
  uri: string;
  format: ExportFormat;
}
export interface ExportResult {
  /** Files to write, named by the suffix to put after the note's base name. */
  files: { suffix: string; content: string }[];
  entities: number;
  relations: number;
  findings: number;
}
