/**
 * What every feature of the server shares: the connection, the open documents and their
 * sessions, the request runner, the engine's Workspace (whose events are fanned out here
 * so that each feature listens for its own), the client's capabilities and the settings.
 */
import * as path from 'node:path';
import { Connection, Emitter, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { apiKeyFromEnv, createEngine, NoteAnalysis, EngineConfig, InternalError, notes, Workspace, WorkspaceStatus } from '../engine';
import { IgnoredFindings, NotificationType } from '../protocol/protocol';
import { localPath } from './files';
import { NoteSessions } from './noteSession';
import { logInternalError, Runner } from './runner';
import { Notify } from './requests';
import {
  answeredSection,
  DEFAULT_SETTINGS,
  describeModelInUse,
  initializationSettings,
  mergeRawSettings,
  RawSettings,
  readSettings,
  Settings,
} from './settings';

const { isOutputFile } = notes;

/** What the client sends at initialize besides its capabilities. */
export interface InitializationOptions {
  /** The settings, `{ biomedNlp: {…} }` (settings.ts: the one shape in every channel). */
  biomedNlp?: Record<string, unknown>;
  /** The section's values (Biomed NLP's VS Code client sends them so); `biomedNlp` wins over them. */
  settings?: Record<string, unknown>;
  /**
   * Set by Biomed NLP's own client (VS Code): it handles the `biomedNlp/*` notifications
   * and runs the client-side commands (biomedNlp.showNliCheck). Other clients get standard
   * LSP instead: showMessage for an unusable model, the check's account as a message.
   */
  biomedNlpClient?: boolean;
  /** The findings the user ignored (the client keeps them). */
  ignored?: IgnoredFindings['ignored'];
  /**
   * Where the model's answers are kept between sessions: the client's own storage (VS Code's
   * storageUri), never the user's notes folder. Absent: $BIOMED_CACHE_DIR, else memory only.
   */
  cacheDir?: string;
}

/** What the client said at initialize that it supports. */
export interface ClientSupport {
  /** workspace/semanticTokens/refresh */
  refresh: boolean;
  /** window/workDoneProgress/create */
  progress: boolean;
  /** workspace/configuration (settings per resource) */
  configuration: boolean;
  /** dynamic registration of workspace/didChangeWatchedFiles */
  watch: boolean;
  /** this server's own notifications and client-side commands (InitializationOptions.biomedNlpClient) */
  custom: boolean;
  /** hovers in plain text (server.ts: the client prefers it, or is not Biomed NLP's and takes it) */
  plainHover: boolean;
}

export class ServerContext {
  readonly documents = new TextDocuments(TextDocument);
  readonly sessions: NoteSessions;
  readonly runner: Runner;
  readonly workspace: Workspace;
  readonly support: ClientSupport = {
    refresh: false,
    progress: false,
    configuration: false,
    watch: false,
    custom: false,
    plainHover: false,
  };
  /** The settings each channel sent, merged in the order settings.ts states (later wins). */
  readonly layers: { init?: RawSettings; changed?: RawSettings } = {};
  /** The Workspace's events: new results of a note's current version, the status, model work starting. */
  readonly results = new Emitter<{ uri: string; analysis: NoteAnalysis }>();
  readonly status = new Emitter<WorkspaceStatus>();
  readonly workStarted = new Emitter<{ uri: string; analysis: NoteAnalysis }>();
  /** The client's initialize request, for what features read of its options. */
  readonly initializing = new Emitter<InitializationOptions>();
  /** The workspace-wide settings were read again and applied to the engine (settingsChanged). */
  readonly settingsApplied = new Emitter<void>();
  /** The server shuts down: timers stop (connection.onShutdown takes one handler: server.ts fires this). */
  readonly shuttingDown = new Emitter<void>();
  /** The workspace-wide settings as last read. */
  settings: Settings = DEFAULT_SETTINGS;
  /** Counts settings changes (what was published under older settings is published again). */
  settingsGeneration = 0;
  /** Set on shutdown: nothing is sent after it (timers that fire later find it). */
  shutDown = false;
  /** The workspace folders' URIs the client named at initialize (its rootUri when it named none). */
  workspaceFolders: string[] = [];

  constructor(
    readonly connection: Connection,
    private readonly env: NodeJS.ProcessEnv | undefined,
  ) {
    this.workspace = new Workspace(createEngine(this.engineConfig(this.settings)), {
      onResults: (uri, analysis) => {
        this.sessions.get(uri)?.analysisChanged();
        this.results.fire({ uri, analysis });
      },
      onStatus: (status) => this.status.fire(status),
      onWorkStarted: (uri, analysis) => this.workStarted.fire({ uri, analysis }),
      onInternalError: (error: InternalError) => logInternalError(connection, error),
    });
    this.sessions = new NoteSessions(this.documents, this.workspace, (params) => connection.sendDiagnostics(params));
    this.runner = new Runner(connection, this.sessions);
    // A note's session exists while the editor has it open (registered before any feature's
    // listener, so that each finds it); closing it ends the session and the note's analysis.
    this.documents.onDidOpen((e) => {
      // A curation or output file (x.ann) is never a note: no session, so nothing analyses, curates or writes it.
      const file = localPath(e.document.uri);
      if (file !== undefined && isOutputFile(file)) return;
      this.sessions.open(e.document.uri);
      // The document's line offsets are built lazily, by the first call that needs them: here,
      // as the note opens, not by its first keystroke's update (3 ms at 500,000 characters).
      void e.document.lineCount;
    });
    this.documents.onDidClose((e) => {
      this.sessions.get(e.document.uri)?.close();
      this.workspace.close(e.document.uri);
    });
  }

  /** The engine configuration of `s`, with the API key from the environment (never from settings). */
  engineConfig(s: Settings): EngineConfig {
    const dir = s.cache.persist ? this.cacheDir : undefined;
    return {
      ...s.engine,
      openai: { ...s.engine.openai, apiKey: apiKeyFromEnv(this.env) },
      persistentCache: dir ? { dir, maxMegabytes: s.cache.maxMegabytes } : undefined,
    };
  }

  /** The folder of the model's answers on disk, from initialize (or the environment). */
  private cacheDir: string | undefined;

  /** Where this server keeps what outlives it (the model cache, the note index): undefined when memory only. */
  get storageDir(): string | undefined {
    return this.settings.cache.persist ? this.cacheDir : undefined;
  }

  /** What the client said at initialize: its capabilities' consequences and the first settings. */
  initialize(init: InitializationOptions | undefined): void {
    this.support.custom = init?.biomedNlpClient === true;
    const dir = typeof init?.cacheDir === 'string' && init.cacheDir.trim() ? init.cacheDir : (this.env ?? process.env).BIOMED_CACHE_DIR?.trim();
    this.cacheDir = dir ? path.resolve(dir) : undefined;
    this.layers.init = initializationSettings(init);
    this.settings = readSettings(this.layers.init);
  }

  /**
   * Sends one of this server's own notifications (protocol.ts) where the client declared
   * them (InitializationOptions.biomedNlpClient): other clients would drop them unread, a
   * hundred per note.
   */
  readonly notify: Notify = <P>(type: NotificationType<P>, params: P): void => {
    if (this.support.custom) void this.connection.sendNotification(type.method, params);
  };

  /** The layers merged, with `answer` (a workspace/configuration answer) on top when it is an object. */
  private merged(answer?: unknown): Settings {
    return readSettings(mergeRawSettings(this.layers.init, this.layers.changed, answeredSection(answer)));
  }

  /** Whether the client's last workspace/configuration answer was an object (for the log line). */
  private configurationAnswered = false;

  /** The workspace-wide settings: the layers, and the client's workspace/configuration answer where it declared it. */
  async readWorkspaceSettings(): Promise<Settings> {
    const answer = this.support.configuration ? await this.connection.workspace.getConfiguration('biomedNlp').catch(() => undefined) : undefined;
    this.configurationAnswered = answeredSection(answer) !== undefined;
    return this.merged(answer);
  }

  private modelLogged = '';
  /** Logs (once per change) which model server and model are used, and where the settings came from: no note text. */
  logModelInUse(): void {
    const sources = [
      ...(this.layers.init ? ['initializationOptions'] : []),
      ...(this.layers.changed ? ['workspace/didChangeConfiguration'] : []),
      ...(this.configurationAnswered ? ['workspace/configuration'] : []),
    ];
    const from = sources.length ? `settings from ${sources.join(', ')}` : 'no settings received: all defaults';
    const line = `Biomed NLP language server: ${describeModelInUse(this.settings.engine)}; ${from}`;
    if (line === this.modelLogged || this.shutDown) return;
    this.modelLogged = line;
    this.connection.console.info(line);
  }

  /** A note's own settings (resource scope), asked of the client once per settings change. */
  async settingsFor(uri: string): Promise<Settings> {
    if (!this.support.configuration) return this.settings;
    // A null answer (no such section for the note) falls back to the workspace-wide settings.
    const ask = () =>
      this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'biomedNlp' }).then(
        (answer) => (answeredSection(answer) ? this.merged(answer) : this.settings),
        () => this.settings,
      );
    const session = this.sessions.get(uri);
    return session ? session.settingsOr(ask) : ask();
  }

  /** Settings changed: every note asks for its own again. */
  settingsChanged(settings: Settings): void {
    this.settings = settings;
    this.settingsGeneration++;
    for (const s of this.sessions.all()) s.forgetSettings();
    this.workspace.reconfigure(this.engineConfig(settings));
    this.logModelInUse();
    this.settingsApplied.fire();
  }
}
