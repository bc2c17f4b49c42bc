/**
 * The language server: wiring only. `startServer(connection)` takes any connection (stdio
 * in main.ts, in-memory streams in tests); documents go to the engine's Workspace, LSP
 * features read its results for the current document version.
 */
import {
  CodeActionKind,
  Connection,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  LSPErrorCodes,
  InitializeParams,
  InitializeResult,
  ResponseError,
  TextDocuments,
  TextDocumentSyncKind,
  WorkDoneProgressServerReporter,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EngineConfig } from '../engine/config';
import { downloadModel } from '../engine/models/embedded/download';
import { apiKeyFromEnv } from '../engine/models/openai';
import { DocumentAnalysis, statementRefusal } from '../engine/pipeline/analysis';
import { describeInjections, injectionSuspects } from '../engine/tasks/injection';
import { analysisConfigFor, createEngine } from '../engine/pipeline/engine';
import { resolveProfileName } from '../engine/profiles/profile';
import { Workspace, WorkspaceStatus } from '../engine/pipeline/workspace';
import {
  AnalysisChangedNotification,
  AnalyzeDocumentRequest,
  CheckStatementRequest,
  CurateCommand,
  CurateParams,
  CurateRequest,
  CurationAgreementRequest,
  CurationReviewRequest,
  DownloadModelRequest,
  DownloadProgressNotification,
  ExportRequest,
  IgnoredFindings,
  IgnoredFindingsNotification,
  IgnoreFindingCommand,
  ListModelsRequest,
  NoteOverviewRequest,
  NotesProgressNotification,
  PullModelRequest,
  PullProgressNotification,
  RelationsRequest,
  RetryRequest,
  StatusNotification,
  StatusParams,
} from '../protocol/protocol';
import { Curation } from './curation';
import * as path from 'node:path';
import { CurationConfig, FewShotExample, FolderExamples } from '../engine/curation/fewShot';
import { ignoreActions, nliDiagnostics } from './diagnostics';
import { exportDocument } from './export';
import { entityHover, relationCommandLinks } from './hover';
import { onRequest, sendNotification } from './requests';
import { encode, LEGEND, tokenEdits, toLineTokens } from './semanticTokens';
import { documentSymbols, noteOverview, noteProgress } from './symbols';
import { DEFAULT_SETTINGS, readSettings, Settings } from './settings';
import { localPath } from './files';
import { lspRange, offsetSpan, Span } from './ranges';

export interface ServerOptions {
  /** Where the OpenAI-compatible server's API key is read (the client puts a stored key there). */
  env?: NodeJS.ProcessEnv;
}

export interface RunningServer {
  readonly workspace: Workspace;
  /** The settings read last (the log redirection in main.ts reads the trace level). */
  settings(): Settings;
}

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  const documents = new TextDocuments(TextDocument);
  let settings: Settings = DEFAULT_SETTINGS;
  let refreshSupported = false;
  let progressSupported = false;
  let configurationSupported = false;
  let watchSupported = false;
  const resourceSettings = new Map<string, Promise<Settings>>();
  let shutDown = false;

  /** The engine configuration of `s`, with the API key from the environment (never from settings). */
  function engineConfig(s: Settings): EngineConfig {
    return { ...s.engine, openai: { ...s.engine.openai, apiKey: apiKeyFromEnv(options.env) } };
  }

  const workspace = new Workspace(createEngine(engineConfig(settings)), {
    onResults: (uri) => {
      scheduleRefresh();
      scheduleOverviewNotice(uri);
      publishDiagnostics(uri);
    },
    onStatus: (status) => sendStatus(status),
    onWorkStarted: (uri, analysis) => {
      // After the debounce, not per keystroke: the rules read every sentence.
      logInjections(uri, analysis);
      void reportProgress(uri, analysis);
    },
  });

  /**
   * The speed only when it was measured: generated tokens over at least 0.2 s of generation
   * as the model server timed it (a stand-in server or cached answers give none).
   */
  function measuredSpeed(status: WorkspaceStatus): number | undefined {
    const { evalTokens, evalMs } = workspace.ctx.stats;
    return evalTokens > 0 && evalMs >= 200 && Number.isFinite(status.tokensPerSecond) ? status.tokensPerSecond : undefined;
  }

  function sendStatus(status: WorkspaceStatus): void {
    if (shutDown) return;
    const serving = workspace.backend.serving();
    const profile = analysisConfigFor(settings.engine, serving).profile.name;
    const params: StatusParams = { ...status, ...serving, profile, tokensPerSecond: measuredSpeed(status) };
    // A missing embedding model never fails NLI; the status says why premises are ranked without it.
    const embeddingModel = settings.engine.nli.embeddingModel;
    const embedProblem = embeddingModel ? workspace.engine.ctx.features?.embeddings.problem(embeddingModel) : undefined;
    if (embedProblem && status.state === 'ready' && !status.message) {
      params.message = `NLI premises are ranked without embeddings: ${embedProblem.message}`;
    }
    sendNotification(connection, StatusNotification, params);
    sendNotesProgress();
    if (status.message && status.state !== 'analysing') connection.console.info(`[status] ${status.state}: ${status.message}`);
  }

  // Results arrive one sentence at a time; the client re-requests tokens at most every 150 ms.
  let refreshTimer: NodeJS.Timeout | undefined;
  function scheduleRefresh(): void {
    if (!refreshSupported || refreshTimer || shutDown) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = undefined;
      if (!shutDown) void connection.languages.semanticTokens.refresh();
    }, 150);
  }

  /** Progress for analyses that still need the model a while after they start (LTeX-style). */
  const progressByUri = new Map<string, WorkDoneProgressServerReporter>();
  async function reportProgress(uri: string, analysis: DocumentAnalysis): Promise<void> {
    if (!progressSupported || progressByUri.has(uri)) return;
    await new Promise((r) => setTimeout(r, 500));
    if (analysis.isComplete || analysis.isDisposed || shutDown) return;
    const reporter = await connection.window.createWorkDoneProgress();
    progressByUri.set(uri, reporter);
    reporter.begin('Biomed NLP', 0, 'analysing', false);
    const timer = setInterval(() => {
      const current = workspace.current(uri);
      if (!current || current.isComplete || current.isDisposed || shutDown) {
        clearInterval(timer);
        if (!shutDown) reporter.done();
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
  /** What the diagnostics last published for a document were built from (version, findings, ignored, settings). */
  const publishedState = new Map<string, string>();
  let settingsGeneration = 0;

  /** Publishes the NLI findings of the current version; never those of a stale one. */
  function publishDiagnostics(uri: string): void {
    const doc = documents.get(uri);
    const analysis = workspace.current(uri);
    if (!doc || !analysis || analysis.version !== doc.version) return;
    // Most answers are entities or relations: nothing a diagnostic shows changed.
    const state = `${analysis.version}:${analysis.findingsVersion}:${ignored.get(uri)?.size ?? 0}:${settingsGeneration}`;
    if (publishedState.get(uri) === state) return;
    publishedState.set(uri, state);
    void settingsFor(uri).then((s) => {
      // Re-checked after the await: an edit may have made this version stale meanwhile.
      if (documents.get(uri)?.version !== analysis.version || workspace.current(uri) !== analysis) return;
      const findings = s.engine.nli.enabled ? (analysis.nliFindings() ?? []) : [];
      const diagnostics = nliDiagnostics(doc, findings, s.severity, ignored.get(uri) ?? new Set());
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
    const config = await workspace.engine.analysisConfig(s.engine);
    // Stale-version check after the await: a newer change has its own analysis on the way.
    const latest = documents.get(doc.uri);
    if (!latest || latest.version !== doc.version || shutDown) return;
    const curated = curationConfig(doc.uri, s);
    examplesUsed.set(doc.uri, curated?.examples);
    // Curated examples only for the json layout: the medtuned training layout has none.
    workspace.update(doc.uri, doc.version, doc.getText(), curated && config.profile.name === 'json' ? { ...config, curation: curated } : config, opts);
  }

  // Learning from curation (engine/curation/fewShot.ts): the curated sentences of the note's folder.
  const folderExamples = new Map<string, FolderExamples>();
  const examplesUsed = new Map<string, readonly FewShotExample[] | undefined>();
  /** The curated examples of each folder as last read (see curationConfig). */
  const folderPools = new Map<string, readonly FewShotExample[]>();
  const folderOf = (uri: string) => {
    const file = localPath(uri);
    return file === undefined ? undefined : path.dirname(file);
  };
  function curationConfig(uri: string, s: Settings): CurationConfig | undefined {
    const fewShot = s.engine.curation?.fewShot ?? 0;
    const folder = folderOf(uri);
    if (fewShot <= 0 || !folder || !curation.isActive(uri)) return undefined;
    // The pool changes with curation, not with typing: it is read again only after a store
    // opened or an action changed it (examplesChanged), never on a keystroke.
    let pool = folderPools.get(folder);
    if (!pool) {
      let f = folderExamples.get(folder);
      if (!f) folderExamples.set(folder, (f = new FolderExamples(folder)));
      // Open notes' .ann files are written against the editor's text, not the file on disk.
      const texts = new Map<string, string>();
      for (const d of documents.all()) {
        const file = localPath(d.uri);
        if (file !== undefined) texts.set(file, d.getText());
      }
      folderPools.set(folder, (pool = f.examples(texts)));
    }
    return { examples: pool, fewShot };
  }
  async function analyseChangedExamples(folder: string): Promise<void> {
    for (const doc of documents.all()) {
      // (A note analysed with the current pool already is skipped: examplesUsed is set by analyse.)
      if (folderOf(doc.uri) !== folder) continue;
      if (curationConfig(doc.uri, await settingsFor(doc.uri))?.examples !== examplesUsed.get(doc.uri)) await analyse(doc);
    }
  }
  /**
   * A note opens: its store first, so that its first analysis already has the folder's
   * curated examples (analysed before, it would be analysed again once the store opened).
   * Its `.ann` may change the folder's pool: the other notes of the folder follow.
   */
  async function opened(doc: TextDocument): Promise<void> {
    // A store that fails to open must not keep the note from being analysed.
    await curation.update(doc).catch((err) => connection.console.error(`[curation] ${doc.uri}: ${(err as Error).message}`));
    const folder = folderOf(doc.uri);
    if (folder) folderPools.delete(folder);
    await analyse(doc);
    if (folder) await analyseChangedExamples(folder);
  }

  /** Sentences that read as instructions to the model: offsets and rules only, once per change of them. */
  const injectionsLogged = new Map<string, string>();
  function logInjections(uri: string, analysis: DocumentAnalysis | undefined): void {
    // The rule per sentence text is cached by the engine (NLI planning asks the same).
    const features = workspace.engine.ctx.features;
    const line = analysis && describeInjections(injectionSuspects(analysis.sentences, features && ((t, s) => features.injection(t, s))));
    if ((injectionsLogged.get(uri) ?? '') === (line ?? '')) return;
    injectionsLogged.set(uri, line ?? '');
    if (line) connection.console.info(`[nli] ${uri}: ${line}`);
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    refreshSupported = !!caps.workspace?.semanticTokens?.refreshSupport;
    progressSupported = !!caps.window?.workDoneProgress;
    configurationSupported = !!caps.workspace?.configuration;
    watchSupported = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const init = params.initializationOptions as { settings?: Record<string, unknown>; ignored?: IgnoredFindings['ignored'] } | undefined;
    settings = readSettings(init?.settings);
    for (const [uri, texts] of Object.entries(init?.ignored ?? {})) ignored.set(uri, new Set(texts));
    workspace.reconfigure(engineConfig(settings));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Biomed NLP' },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [IgnoreFindingCommand, CurateCommand] },
      },
      serverInfo: { name: 'biomed-nlp', version: '0.1.0' },
    };
  });

  connection.onInitialized(async () => {
    // .ann files written by other tools (another annotator, a sync): the curated entities
    // shown and the folder's few-shot examples follow them without an edit.
    if (watchSupported) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.ann' }] }).catch(() => undefined);
    if (configurationSupported) await reloadSettings();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      if (!change.uri.endsWith('.ann')) continue;
      const file = localPath(change.uri);
      if (file === undefined) continue;
      // The .ann of an open curated note: its store tells whether it really changed (its own
      // writes come back here too, and must not re-plan the folder on every pause in typing).
      if (!curation.annChanged(file)) examplesChanged(path.dirname(file));
    }
  });

  /**
   * A curated `.ann` of the folder changed (an action, another tool): its pool is read again,
   * and the open notes whose examples change are analysed again. Only a folder whose pool was
   * read has notes analysed with its examples.
   */
  function examplesChanged(folder: string | undefined): void {
    if (folder !== undefined && folderPools.delete(folder)) void analyseChangedExamples(folder);
  }

  async function reloadSettings(): Promise<void> {
    const raw = await connection.workspace.getConfiguration('biomedNlp').catch(() => undefined);
    if (raw) settings = readSettings(raw);
    resourceSettings.clear();
    settingsGeneration++;
    workspace.reconfigure(engineConfig(settings));
    // Stores first (curation may have been switched), then one analysis per note with the
    // pools read again once per folder.
    for (const doc of documents.all()) await curation.update(doc);
    folderPools.clear();
    for (const doc of documents.all()) await analyse(doc);
    sendStatus(workspace.status());
  }

  connection.onDidChangeConfiguration(async (change) => {
    if (!configurationSupported) {
      settings = readSettings((change.settings as { biomedNlp?: Record<string, unknown> })?.biomedNlp);
    }
    await reloadSettings();
  });

  // Curation (lsp/curation.ts): the .ann store of each open note where it is on.
  // A curation change restyles the tokens and changes the panel's review and agreement figures.
  const curationEnabled = async (uri: string) => (await settingsFor(uri)).curation.enabled;
  const curation = new Curation(
    connection,
    documents,
    currentAnalysis,
    curationEnabled,
    () => {
      scheduleRefresh();
      for (const doc of documents.all()) scheduleOverviewNotice(doc.uri);
    },
    (annPath) => examplesChanged(path.dirname(annPath)),
  );
  documents.onDidOpen((e) => void opened(e.document));
  documents.onDidChangeContent((e) => curation.changed(e.document));
  documents.onDidClose((e) => curation.closed(e.document.uri));
  documents.onDidChangeContent((e) => void analyse(e.document));
  documents.onDidClose((e) => {
    workspace.close(e.document.uri);
    examplesUsed.delete(e.document.uri);
    resourceSettings.delete(e.document.uri);
    published.delete(e.document.uri);
    publishedState.delete(e.document.uri);
    injectionsLogged.delete(e.document.uri);
    sentTokens.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /** The note's tokens (those of `range`, or all), encoded. */
  function noteTokens(doc: TextDocument, range?: Span): number[] {
    // Only results of exactly this version are shown.
    const mentions = curation.mentions(doc.uri, range) ?? currentAnalysis(doc.uri)?.analysis.entities(range);
    return mentions ? encode(toLineTokens(doc, mentions, range)) : [];
  }
  /** The tokens last sent for each note, so that the next request can be answered with the change (a delta). */
  const sentTokens = new Map<string, { resultId: string; data: number[] }>();
  let tokenResults = 0;
  function sent(uri: string, data: number[]): string {
    const resultId = String(++tokenResults);
    sentTokens.set(uri, { resultId, data });
    return resultId;
  }

  connection.languages.semanticTokens.on((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const data = noteTokens(doc);
    return { resultId: sent(doc.uri, data), data };
  });

  connection.languages.semanticTokens.onDelta((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const data = noteTokens(doc);
    const before = sentTokens.get(doc.uri);
    const resultId = sent(doc.uri, data);
    // The editor's tokens are those of the result it names, or it gets them all.
    return before?.resultId === params.previousResultId ? { resultId, edits: tokenEdits(before.data, data) } : { resultId, data };
  });

  connection.languages.semanticTokens.onRange((params) => {
    const doc = documents.get(params.textDocument.uri);
    if (!doc) return { data: [] };
    const range = offsetSpan(doc, params.range);
    // Remembered even before the first analysis exists: its work will start with this range.
    workspace.prioritise(doc.uri, range);
    return { data: noteTokens(doc, range) };
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
    // Where curation is on, each relation can be accepted or rejected from the hover itself.
    const relationActions = curation.isActive(current.doc.uri) ? relationCommandLinks(current.doc) : undefined;
    return entityHover(current.doc, current.analysis, current.doc.offsetAt(params.position), { relationActions }) ?? null;
  });

  onRequest(connection, RelationsRequest, (params) => {
    const current = currentAnalysis(params.uri);
    if (!current) return null;
    const { doc, analysis } = current;
    const range = (r: Span) => lspRange(doc, r);
    const end = (m: { start: number; end: number; text: string; type: string }) => ({ range: range(m), text: m.text, type: m.type });
    return {
      version: doc.version,
      pending: !analysis.isComplete,
      relations: analysis.relations().map((r) => ({
        label: r.label,
        head: end(r.head),
        tail: end(r.tail),
        sentence: range(r.sentence),
        sentences: r.sentences.map(range),
        ...(r.untrained ? { untrained: true } : {}),
      })),
    };
  });

  // The side panel and the Outline (symbols.ts): read from the current version's analysis.
  // VS Code asks once per version (the Outline does not ask again when entities arrive), so
  // the answer waits a little for the analysis: up to 5 s for it to exist, then up to 10 s for
  // its entities; later it lists what is known.
  connection.onDocumentSymbol(async (params, token) => {
    const uri = params.textDocument.uri;
    const version = documents.get(uri)?.version;
    for (let waited = 0; version !== undefined && !currentAnalysis(uri) && waited < 5000 && !token.isCancellationRequested; waited += 50) {
      await new Promise((r) => setTimeout(r, 50));
    }
    // A settings change may replace the analysis of the same version: follow it, within the 10 s.
    const deadline = Date.now() + 10_000;
    for (let current = currentAnalysis(uri); current && current.doc.version === version && !token.isCancellationRequested; current = currentAnalysis(uri)) {
      const left = deadline - Date.now();
      if (left <= 0) break;
      await Promise.race([current.analysis.whenComplete(), new Promise((r) => setTimeout(r, left)), new Promise((r) => token.onCancellationRequested(r))]);
      if (current.analysis.isComplete && !current.analysis.isDisposed) break;
    }
    const latest = currentAnalysis(uri);
    return latest ? documentSymbols(latest.doc, latest.analysis) : null;
  });

  onRequest(connection, NoteOverviewRequest, (params) => {
    const current = currentAnalysis(params.uri);
    return current ? noteOverview(current.doc, current.analysis) : null;
  });

  /** Tells the client (at most every 250 ms per note) that a note's overview changed. */
  const overviewTimers = new Map<string, NodeJS.Timeout>();
  function scheduleOverviewNotice(uri: string): void {
    if (shutDown || overviewTimers.has(uri)) return;
    overviewTimers.set(
      uri,
      setTimeout(() => {
        overviewTimers.delete(uri);
        const current = currentAnalysis(uri);
        if (current && !shutDown) sendNotification(connection, AnalysisChangedNotification, { uri, version: current.doc.version });
      }, 250),
    );
  }

  /** Each open note's own counts, so that the status speaks of the note in front of the user. */
  let lastNotesProgress = '';
  function sendNotesProgress(): void {
    const notes: Record<string, ReturnType<typeof noteProgress>> = {};
    for (const doc of documents.all()) {
      const current = currentAnalysis(doc.uri);
      if (current) notes[doc.uri] = noteProgress(current.analysis);
    }
    const key = JSON.stringify(notes);
    if (key === lastNotesProgress) return;
    lastNotesProgress = key;
    sendNotification(connection, NotesProgressNotification, { notes });
  }

  connection.onCodeAction((params) => [...ignoreActions(params.textDocument.uri, params.context.diagnostics), ...curation.codeActions(params)]);
  // A curation action may change the examples of the folder's notes.
  const curate = (params: CurateParams) => {
    const result = curation.execute(params);
    if (result.changed) examplesChanged(folderOf(params.uri));
    return result;
  };
  onRequest(connection, CurateRequest, (params) => curate(params));
  onRequest(connection, CurationReviewRequest, (params) => curation.review(params.uri));
  onRequest(connection, CurationAgreementRequest, (params) => curation.agreement(params.uri));

  connection.onExecuteCommand((params) => {
    if (params.command === CurateCommand) return curate((params.arguments ?? [])[0] as CurateParams);
    if (params.command !== IgnoreFindingCommand) return;
    const [uri, sentence] = (params.arguments ?? []) as [string, string];
    if (typeof uri !== 'string' || typeof sentence !== 'string') return;
    ignored.set(uri, new Set([...(ignored.get(uri) ?? []), sentence]));
    const all: IgnoredFindings = { ignored: Object.fromEntries([...ignored].map(([u, t]) => [u, [...t]])) };
    sendNotification(connection, IgnoredFindingsNotification, all);
    publishDiagnostics(uri);
  });

  onRequest(connection, CheckStatementRequest, async (params, token) => {
    // A statement, not a document: a longer text is refused before anything reaches the model.
    const refused = typeof params.hypothesis === 'string' ? statementRefusal(params.hypothesis.trim()) : undefined;
    if (refused) throw new ResponseError(ErrorCodes.InvalidParams, refused);
    const current = currentAnalysis(params.uri);
    if (!current || !params.hypothesis?.trim()) return null;
    const { doc, analysis } = current;
    const within = params.range && offsetSpan(doc, params.range);
    // The user's priority lasts while the user waits: a cancelled request releases its jobs.
    const controller = new AbortController();
    const listener = token.onCancellationRequested(() => controller.abort());
    if (token.isCancellationRequested) controller.abort();
    let result: Awaited<ReturnType<DocumentAnalysis['checkStatement']>>;
    try {
      result = await analysis.checkStatement(
        params.hypothesis.trim(),
        { within: within && within.end > within.start ? within : undefined, exclude: params.exclude && offsetSpan(doc, params.exclude) },
        controller.signal,
      );
    } catch (err) {
      if (controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'The check was cancelled.');
      throw err;
    } finally {
      listener.dispose();
    }
    return {
      label: result.label,
      evidence: result.evidence.map((e) => ({ range: lspRange(doc, e), text: e.text })),
    };
  });

  /** Model management talks to Ollama itself; other engines manage their models elsewhere. */
  function ollama() {
    const backend = workspace.engine.ollama();
    if (!backend) {
      const { engine } = workspace.backend.serving();
      const where = engine === 'openai' ? 'the OpenAI-compatible server' : 'the embedded engine (a GGUF file)';
      throw new ResponseError(1, `Models are managed with Ollama; biomedNlp.engine uses ${where}, which has its own models.`);
    }
    return backend;
  }

  onRequest(connection, ListModelsRequest, async () => {
    const models = await ollama().listModels();
    return {
      host: settings.engine.ollama.host,
      current: settings.engine.model,
      models: models.map((m) => ({ ...m, profile: resolveProfileName(settings.engine.promptProfile, m.name) })),
    };
  });

  onRequest(connection, PullModelRequest, async (params, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    await ollama().pull(
      params.model,
      (p) => sendNotification(connection, PullProgressNotification, { model: params.model, ...p }),
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
  onRequest(connection, DownloadModelRequest, async (params, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const file = await downloadModel({
      folder: params.folder,
      signal: controller.signal,
      onProgress: (p) => sendNotification(connection, DownloadProgressNotification, p),
    });
    return { path: file };
  });

  onRequest(connection, ExportRequest, async (params) => {
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

  onRequest(connection, AnalyzeDocumentRequest, async (params) => {
    const doc = documents.get(params.uri);
    if (!doc) return { analysed: false };
    await analyse(doc, { immediate: true, ignoreCache: true });
    return { analysed: true, sentences: workspace.current(doc.uri)?.sentences.length ?? 0 };
  });

  onRequest(connection, RetryRequest, async () => workspace.retry());

  connection.onShutdown(async () => {
    // Nothing is sent after this: timers that fire later find the flag.
    shutDown = true;
    clearTimeout(refreshTimer);
    curation.flushAll();
    for (const t of overviewTimers.values()) clearTimeout(t);
    workspace.dispose();
    await workspace.engine.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return { workspace, settings: () => settings };
}
