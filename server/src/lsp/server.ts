/**
 * The language server: wiring only. Documents go to the engine's Workspace; LSP
 * features read its results for the current document version.
 */
import {
  CodeActionKind,
  createConnection,
  InitializeParams,
  InitializeResult,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalysis } from '../engine/pipeline/analysis';
import { OllamaBackend } from '../engine/models/ollama';
import { apiKeyFromEnv, AutoBackend, OpenAiBackend } from '../engine/models/openai';
import { downloadModel, EmbeddedBackend, EmbeddedFallbackBackend, releaseEmbeddedModel } from '../engine/models/embedded';
import { JsonProfile } from '../engine/profiles/json';
import { MedtunedProfile } from '../engine/profiles/medtuned';
import { Profile, resolveProfileName } from '../engine/profiles/profile';
import { ProbingBackend, Workspace, WorkspaceOptions, WorkspaceStatus } from '../engine/pipeline/workspace';
import {
  AnalyzeDocumentParams,
  AnalyzeDocumentRequest,
  CheckStatementParams,
  CheckStatementRequest,
  ExportParams,
  ExportRequest,
  ExportResult,
  ListModelsRequest,
  ListModelsResult,
  PullModelParams,
  PullModelRequest,
  PullProgressNotification,
  CheckStatementResult,
  DownloadModelParams,
  DownloadModelRequest,
  DownloadModelResult,
  DownloadProgressNotification,
  IgnoredFindings,
  IgnoredFindingsNotification,
  IgnoreFindingCommand,
  RelationsParams,
  RelationsRequest,
  RelationsResult,
  RetryRequest,
  StatsRequest,
  StatusNotification,
  StatusParams,
} from '../protocol/protocol';
import { ignoreActions, nliDiagnostics } from './diagnostics';
import { exportDocument } from './export';
import { entityHover } from './hover';
import { encode, LEGEND, toLineTokens } from './semanticTokens';
import { DEFAULT_SETTINGS, readSettings, Settings } from './settings';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const PROFILES: Record<string, Profile> = { medtuned: new MedtunedProfile(), json: new JsonProfile() };

// Libraries (the ollama client among them) may print to the console, and a line on
// stdout would corrupt the protocol; what they print may also quote model output.
console.log = console.info = console.warn = console.debug = (...args: unknown[]) => {
  if (settings.trace === 'verbose') connection.console.log(args.map(String).join(' '));
};
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

let settings: Settings = DEFAULT_SETTINGS;
let refreshSupported = false;
let progressSupported = false;
let configurationSupported = false;
const resourceSettings = new Map<string, Promise<Settings>>();

function workspaceOptions(s: Settings): WorkspaceOptions {
  return {
    debounceMs: s.debounceMs,
    maxConcurrentRequests: s.maxConcurrentRequests,
    retryIntervalMs: s.retryIntervalMs,
    maxDocumentLength: s.maxDocumentLength,
  };
}

/**
 * biomedNlp.engine: `ollama`, `openai`, or `auto` = Ollama unless openai.baseUrl is set and
 * Ollama does not answer. The OpenAI-compatible server's API key comes from the server's
 * environment (BIOMED_OPENAI_API_KEY or OPENAI_API_KEY; the client puts the key kept in
 * SecretStorage there), never from settings.
 */
function serverBackendFor(s: Settings): OllamaBackend | OpenAiBackend | AutoBackend {
  const ollama = new OllamaBackend({
    host: s.ollama.host,
    model: s.model,
    numCtx: s.ollama.numCtx,
    keepAlive: s.ollama.keepAlive,
    requestTimeoutMs: s.requestTimeoutMs,
    allowRemoteHost: s.allowRemoteHost,
  });
  if (s.engine === 'ollama' || (s.engine === 'auto' && !s.openai.baseUrl)) return ollama;
  const openai = new OpenAiBackend({
    baseUrl: s.openai.baseUrl,
    model: s.openai.model || s.model,
    apiKey: apiKeyFromEnv(),
    requestTimeoutMs: s.requestTimeoutMs,
    allowRemoteHost: s.allowRemoteHost,
    numCtx: s.ollama.numCtx,
  });
  return s.engine === 'openai' ? openai : new AutoBackend(ollama, openai);
}

/**
 * biomedNlp.engine `embedded`: llama.cpp in this process on embedded.modelPath; `auto` with
 * embedded.modelPath set falls back to it when no server answers.
 */
function backendFor(s: Settings): ProbingBackend {
  const embedded = () =>
    new EmbeddedBackend({ modelPath: s.embedded.modelPath, contextSize: s.ollama.numCtx, requestTimeoutMs: s.requestTimeoutMs });
  if (s.engine === 'embedded') return embedded();
  const server = serverBackendFor(s);
  if (s.engine === 'auto' && s.embedded.modelPath) return new EmbeddedFallbackBackend(server, embedded());
  // The embedded engine is out of the settings: its model's memory goes back.
  void releaseEmbeddedModel();
  return server;
}

/** The engine that serves now, its address and the model name it is asked for. */
function serving(s: Settings): { engine: 'ollama' | 'openai' | 'embedded'; host: string; model: string } {
  let b = workspace.backend;
  if (b instanceof EmbeddedFallbackBackend) b = b.usesEmbedded ? b.embedded : b.primary;
  if (b instanceof EmbeddedBackend) return { engine: 'embedded', host: b.host, model: b.settings.modelPath || '(no GGUF file set)' };
  const openai = b instanceof OpenAiBackend || (b instanceof AutoBackend && b.engine === 'openai');
  return openai ? { engine: 'openai', host: s.openai.baseUrl, model: s.openai.model || s.model } : { engine: 'ollama', host: s.ollama.host, model: s.model };
}

const workspace = new Workspace(backendFor(settings), workspaceOptions(settings), {
  onResults: (uri) => {
    scheduleRefresh();
    publishDiagnostics(uri);
  },
  onStatus: (status) => sendStatus(status),
  onWorkStarted: (uri, analysis) => void reportProgress(uri, analysis),
});

function sendStatus(status: WorkspaceStatus): void {
  const { engine, host, model } = serving(settings);
  const profile = resolveProfileName(settings.promptProfile, model);
  const params: StatusParams = { ...status, engine, model, host, profile };
  connection.sendNotification(StatusNotification, params);
  if (status.message && status.state !== 'analysing') connection.console.info(`[status] ${status.state}: ${status.message}`);
}

// Results arrive one sentence at a time; the client re-requests tokens at most every 150 ms.
let refreshTimer: NodeJS.Timeout | undefined;
function scheduleRefresh(): void {
  if (!refreshSupported || refreshTimer) return;
  refreshTimer = setTimeout(() => {
    refreshTimer = undefined;
    void connection.languages.semanticTokens.refresh();
  }, 150);
}

/** Progress for analyses that still need the model a while after they start (LTeX-style). */
const progressByUri = new Map<string, WorkDoneProgressServerReporter>();
async function reportProgress(uri: string, analysis: DocumentAnalysis): Promise<void> {
  if (!progressSupported || progressByUri.has(uri)) return;
  await new Promise((r) => setTimeout(r, 500));
  if (analysis.isComplete || analysis.isDisposed) return;
  const reporter = await connection.window.createWorkDoneProgress();
  progressByUri.set(uri, reporter);
  reporter.begin('Biomed NLP', 0, 'analysing', false);
  const timer = setInterval(() => {
    const current = workspace.current(uri);
    if (!current || current.isComplete || current.isDisposed) {
      clearInterval(timer);
      reporter.done();
      progressByUri.delete(uri);
      return;
    }
    const percent = current.sentences.length ? Math.round((100 * current.sentencesDone()) / current.sentences.length) : 100;
    reporter.report(percent, `${current.sentencesDone()}/${current.sentences.length} sentences`);
  }, 250);
}

/** Findings the user chose to ignore: uri -> sentence texts (the client keeps them). */
const ignored = new Map<string, Set<string>>();
const published = new Map<string, string>();

/** Publishes the NLI findings of the current version; never those of a stale one. */
function publishDiagnostics(uri: string): void {
  const doc = documents.get(uri);
  const analysis = workspace.current(uri);
  if (!doc || !analysis || analysis.version !== doc.version) return;
  void settingsFor(uri).then((s) => {
    // Re-checked after the await: an edit may have made this version stale meanwhile.
    if (documents.get(uri)?.version !== analysis.version || workspace.current(uri) !== analysis) return;
    const findings = s.nli.enabled ? (analysis.nliFindings() ?? []) : [];
    const diagnostics = nliDiagnostics(doc, findings, s.nli.severity, ignored.get(uri) ?? new Set());
    const key = JSON.stringify([analysis.version, diagnostics]);
    if (published.get(uri) === key) return;
    published.set(uri, key);
    void connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
  });
}

async function settingsFor(uri: string): Promise<Settings> {
  if (!configurationSupported) return settings;
  let s = resourceSettings.get(uri);
  if (!s) {
    s = connection.workspace.getConfiguration({ scopeUri: uri, section: 'biomedNlp' }).then(readSettings, () => settings);
    resourceSettings.set(uri, s);
  }
  return s;
}

async function analyse(doc: TextDocument, opts: { immediate?: boolean; ignoreCache?: boolean } = {}): Promise<void> {
  const s = await settingsFor(doc.uri);
  // With engine auto, the serving engine (and so the model name the profile follows) is known first.
  if (workspace.backend instanceof AutoBackend || workspace.backend instanceof EmbeddedFallbackBackend) await workspace.backend.resolve();
  // Stale-version check after the await: a newer change has its own analysis on the way.
  const latest = documents.get(doc.uri);
  if (!latest || latest.version !== doc.version) return;
  const { model } = serving(s);
  const profile = PROFILES[resolveProfileName(s.promptProfile, model)];
  const nli = { enabled: s.nli.enabled, sections: s.nli.sections, maxPremises: s.nli.maxPremises, budgetChars: s.ollama.numCtx * 2 };
  const config = { model, profile, entityTypes: s.entityTypes, relations: s.relations, nli };
  workspace.update(doc.uri, doc.version, doc.getText(), config, opts);
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params.capabilities;
  refreshSupported = !!caps.workspace?.semanticTokens?.refreshSupport;
  progressSupported = !!caps.window?.workDoneProgress;
  configurationSupported = !!caps.workspace?.configuration;
  const init = params.initializationOptions as { settings?: Record<string, unknown>; ignored?: IgnoredFindings['ignored'] } | undefined;
  settings = readSettings(init?.settings);
  for (const [uri, texts] of Object.entries(init?.ignored ?? {})) ignored.set(uri, new Set(texts));
  workspace.reconfigure(backendFor(settings), workspaceOptions(settings));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      semanticTokensProvider: { legend: LEGEND, full: true, range: true },
      hoverProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      executeCommandProvider: { commands: [IgnoreFindingCommand] },
    },
    serverInfo: { name: 'biomed-nlp', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (configurationSupported) await reloadSettings();
});

async function reloadSettings(): Promise<void> {
  const raw = await connection.workspace.getConfiguration('biomedNlp').catch(() => undefined);
  if (raw) settings = readSettings(raw);
  resourceSettings.clear();
  workspace.reconfigure(backendFor(settings), workspaceOptions(settings));
  for (const doc of documents.all()) await analyse(doc);
  sendStatus(workspace.status());
}

connection.onDidChangeConfiguration(async (change) => {
  if (!configurationSupported) {
    settings = readSettings((change.settings as { biomedNlp?: Record<string, unknown> })?.biomedNlp);
  }
  await reloadSettings();
});

documents.onDidOpen((e) => void analyse(e.document));
documents.onDidChangeContent((e) => void analyse(e.document));
documents.onDidClose((e) => {
  workspace.close(e.document.uri);
  resourceSettings.delete(e.document.uri);
  published.delete(e.document.uri);
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
});

connection.languages.semanticTokens.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  const analysis = doc && workspace.current(doc.uri);
  // Only results of exactly this version are shown.
  if (!doc || !analysis || analysis.version !== doc.version) return { data: [] };
  return { data: encode(toLineTokens(doc, analysis.entities())) };
});

connection.languages.semanticTokens.onRange((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return { data: [] };
  const range = { start: doc.offsetAt(params.range.start), end: doc.offsetAt(params.range.end) };
  // Remembered even before the first analysis exists: its work will start with this range.
  workspace.prioritise(doc.uri, range);
  const analysis = workspace.current(doc.uri);
  if (!analysis || analysis.version !== doc.version) return { data: [] };
  return { data: encode(toLineTokens(doc, analysis.entities(), range)) };
});

/** The current version's analysis, or undefined when it is not (yet) for this text. */
function currentAnalysis(uri: string): { doc: TextDocument; analysis: DocumentAnalysis } | undefined {
  const doc = documents.get(uri);
  const analysis = doc && workspace.current(uri);
  return doc && analysis && analysis.version === doc.version ? { doc, analysis } : undefined;
}

connection.onHover((params) => {
  const current = currentAnalysis(params.textDocument.uri);
  if (!current) return null;
  return entityHover(current.doc, current.analysis, current.doc.offsetAt(params.position)) ?? null;
});

connection.onRequest(RelationsRequest, (params: RelationsParams): RelationsResult | null => {
  const current = currentAnalysis(params.uri);
  if (!current) return null;
  const { doc, analysis } = current;
  const range = (r: { start: number; end: number }) => ({ start: doc.positionAt(r.start), end: doc.positionAt(r.end) });
  const end = (m: { start: number; end: number; text: string; type: string }) => ({ range: range(m), text: m.text, type: m.type });
  return {
    version: doc.version,
    pending: !analysis.isComplete,
    relations: analysis.relations().map((r) => ({ label: r.label, head: end(r.head), tail: end(r.tail), sentence: range(r.sentence) })),
  };
});

connection.onCodeAction((params) => ignoreActions(params.textDocument.uri, params.context.diagnostics));

connection.onExecuteCommand((params) => {
  if (params.command !== IgnoreFindingCommand) return;
  const [uri, sentence] = (params.arguments ?? []) as [string, string];
  if (typeof uri !== 'string' || typeof sentence !== 'string') return;
  ignored.set(uri, new Set([...(ignored.get(uri) ?? []), sentence]));
  const all: IgnoredFindings = { ignored: Object.fromEntries([...ignored].map(([u, t]) => [u, [...t]])) };
  void connection.sendNotification(IgnoredFindingsNotification, all);
  publishDiagnostics(uri);
});

connection.onRequest(CheckStatementRequest, async (params: CheckStatementParams): Promise<CheckStatementResult | null> => {
  const current = currentAnalysis(params.uri);
  if (!current || !params.hypothesis?.trim()) return null;
  const { doc, analysis } = current;
  const offsets = (r?: { start: { line: number; character: number }; end: { line: number; character: number } }) =>
    r && { start: doc.offsetAt(r.start), end: doc.offsetAt(r.end) };
  const within = offsets(params.range);
  const result = await analysis.checkStatement(params.hypothesis.trim(), {
    within: within && within.end > within.start ? within : undefined,
    exclude: offsets(params.exclude),
  });
  return {
    label: result.label,
    evidence: result.evidence.map((e) => ({ range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, text: e.text })),
  };
});

/** Model management talks to Ollama itself; other engines manage their models elsewhere. */
function ollamaBackend(): OllamaBackend {
  const backend = workspace.backend instanceof EmbeddedFallbackBackend ? workspace.backend.primary : workspace.backend;
  // With engine `auto`, Ollama is one of the two servers it may use.
  const ollama = backend instanceof AutoBackend ? backend.ollama : backend;
  if (!(ollama instanceof OllamaBackend)) throw new Error('Models are managed with Ollama; the current engine has its own.');
  return ollama;
}

connection.onRequest(ListModelsRequest, async (): Promise<ListModelsResult> => {
  const models = await ollamaBackend().listModels();
  return {
    host: settings.ollama.host,
    current: settings.model,
    models: models.map((m) => ({ ...m, profile: resolveProfileName(settings.promptProfile, m.name) })),
  };
});

connection.onRequest(PullModelRequest, async (params: PullModelParams, token) => {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  await ollamaBackend().pull(
    params.model,
    (p) => void connection.sendNotification(PullProgressNotification, { model: params.model, ...p }),
    controller.signal,
  );
  // The model may be the one the notes were waiting for.
  await workspace.retry();
  return { pulled: params.model };
});

/**
 * Downloads the embedded engine's default model into `params.folder` (the client asks the
 * user first and then sets biomedNlp.embedded.modelPath to the answer's path).
 */
connection.onRequest(DownloadModelRequest, async (params: DownloadModelParams, token): Promise<DownloadModelResult> => {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  const file = await downloadModel({
    folder: params.folder,
    signal: controller.signal,
    onProgress: (p) => void connection.sendNotification(DownloadProgressNotification, p),
  });
  return { path: file };
});

connection.onRequest(ExportRequest, async (params: ExportParams): Promise<ExportResult | null> => {
  const version = documents.get(params.uri)?.version;
  // The analysis of a note just opened starts once its settings have arrived.
  for (let waited = 0; version !== undefined && !currentAnalysis(params.uri) && waited < 5000; waited += 20) {
    await new Promise((r) => setTimeout(r, 20));
  }
  // A settings change may replace the analysis of the same version: follow it.
  for (let current = currentAnalysis(params.uri); current; current = currentAnalysis(params.uri)) {
    if (current.doc.version !== version) break;
    await current.analysis.whenComplete();
    if (!current.analysis.isDisposed) return exportDocument(params.uri, current.analysis, params.format);
  }
  if (version === undefined) return null;
  throw new Error('The note changed while it was being exported; export again.');
});

connection.onRequest(AnalyzeDocumentRequest, async (params: AnalyzeDocumentParams) => {
  const doc = documents.get(params.uri);
  if (!doc) return { analysed: false };
  await analyse(doc, { immediate: true, ignoreCache: true });
  return { analysed: true, sentences: workspace.current(doc.uri)?.sentences.length ?? 0 };
});

connection.onRequest(RetryRequest, async () => workspace.retry());

connection.onRequest(StatsRequest, () => ({
  ...workspace.ctx.stats,
  scheduler: workspace.ctx.scheduler.stats,
  cacheSize: workspace.ctx.cache.size,
}));

connection.onShutdown(() => workspace.dispose());

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${(err as Error)?.stack ?? err}`));

documents.listen(connection);
connection.listen();
