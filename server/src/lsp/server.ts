/**
 * The language server: wiring only. `startServer(connection)` takes any connection (stdio
 * in main.ts, in-memory streams in tests), declares the capabilities and registers the
 * features, each in its own module under features/. Documents go to the engine's
 * Workspace; each open note's state is its NoteSession (noteSession.ts); every request
 * handler runs through the Runner (runner.ts).
 */
import { CodeActionKind, Connection, InitializeParams, InitializeResult, MarkupKind, TextDocumentSyncKind } from 'vscode-languageserver';
import { Workspace } from '../engine';
import {
  AnalyseFolderCommand,
  ClearModelCacheCommand,
  CurateCommand,
  IgnoreFindingCommand,
  SaveDeidentifiedCopyCommand,
  ShowNliCheckCommand,
} from '../protocol/protocol';
import { InitializationOptions, ServerContext } from './context';
import { registerAnalysis } from './features/analysis';
import { registerCommands } from './features/commands';
import { registerModelCache } from './features/modelCache';
import { registerWorkspaceIndex } from './features/workspaceIndex';
import { registerFolderCommand } from './features/folderCommand';
import { registerDeidCopy } from './features/deidCopy';
import { registerCuration } from './features/curation';
import { registerExport } from './features/export';
import { registerHover } from './features/hover';
import { registerModels } from './features/models';
import { registerNli } from './features/nli';
import { registerOutline } from './features/outline';
import { registerStatementChecks } from './features/statements';
import { registerStatus } from './features/status';
import { registerVocabularies } from './features/vocabularies';
import { registerSemanticTokens } from './features/tokens';
import { LEGEND } from './semanticTokens';
import { Settings } from './settings';

export interface ServerOptions {
  /** Where the OpenAI-compatible server's API key is read (the client puts a stored key there). */
  env?: NodeJS.ProcessEnv;
  /** The server's own script, which runs a vocabulary build when started as its worker (entry.ts); without it none is built. */
  workerScript?: string;
}

export interface RunningServer {
  readonly workspace: Workspace;
  /** The settings read last (the log redirection in main.ts reads the trace level). */
  settings(): Settings;
}

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  const ctx = new ServerContext(connection, options.env);
  const { sessions, workspace } = ctx;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    ctx.support.refresh = !!caps.workspace?.semanticTokens?.refreshSupport;
    ctx.support.progress = !!caps.window?.workDoneProgress;
    ctx.support.configuration = !!caps.workspace?.configuration;
    ctx.support.watch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    ctx.workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    const init = params.initializationOptions as InitializationOptions | undefined;
    ctx.initialize(init);
    // Hovers in plain text where the client prefers it (eglot without markdown-mode), and for
    // any other client than Biomed NLP's that takes it: the hover's markdown escapes every
    // character a renderer could read as syntax, and Neovim 0.7 shows those escapes as typed.
    const formats = caps.textDocument?.hover?.contentFormat ?? [];
    ctx.support.plainHover = formats[0] === MarkupKind.PlainText || (!ctx.support.custom && formats.includes(MarkupKind.PlainText));
    ctx.initializing.fire(init ?? {});
    workspace.reconfigure(ctx.engineConfig(ctx.settings));
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        semanticTokensProvider: { legend: LEGEND, full: { delta: true }, range: true },
        hoverProvider: true,
        documentSymbolProvider: { label: 'Biomed NLP' },
        // Entities across the indexed notes, by name or concept ID (features/workspaceIndex.ts).
        workspaceSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        // "Show how this was checked" is the VS Code client's own command; other clients send it here.
        executeCommandProvider: {
          // This extension's client registers the commands it runs itself (VS Code refuses a second
          // registration, and the client would not start); other clients get them here.
          commands: [
            IgnoreFindingCommand,
            CurateCommand,
            ...(ctx.support.custom ? [] : [ClearModelCacheCommand, ShowNliCheckCommand, AnalyseFolderCommand, SaveDeidentifiedCopyCommand]),
          ],
        },
      },
      serverInfo: { name: 'biomed-nlp', version: '0.1.0' },
    };
  });

  // The features. Those that follow another's changes are wired here, after all are made:
  // a curation change restyles the tokens and the panel's figures, and changes the
  // few-shot examples of its folder.
  const status = registerStatus(ctx);
  const nli = registerNli(ctx);
  const curation = registerCuration(ctx);
  const tokens = registerSemanticTokens(ctx, curation.curation);
  const analysis = registerAnalysis(ctx, curation.curation, status);
  curation.curation.curatedChanged.event(() => {
    tokens.scheduleRefresh();
    for (const s of sessions.all()) status.scheduleOverviewNotice(s.uri);
  });
  curation.curation.examplesChanged.event((folder) => analysis.examplesChanged(folder));
  registerHover(ctx, curation.curation);
  registerOutline(ctx, curation.curation);
  const index = registerWorkspaceIndex(ctx);
  registerCommands(ctx, nli, curation, registerModelCache(ctx), registerFolderCommand(ctx, index.analyseFolder), registerDeidCopy(ctx));
  // biomedNlp.deidentify.show changed: the PHI tokens and counts follow (only then: every
  // settings round would otherwise send each note's overview again).
  let showingPhi = ctx.settings.deidentify.show;
  ctx.settingsApplied.event(() => {
    if (ctx.settings.deidentify.show === showingPhi) return;
    showingPhi = ctx.settings.deidentify.show;
    tokens.scheduleRefresh();
    for (const s of sessions.all()) status.scheduleOverviewNotice(s.uri);
  });
  registerStatementChecks(ctx);
  registerModels(ctx);
  registerExport(ctx);
  const vocabularies = registerVocabularies(ctx, options.workerScript);
  // A vocabulary that cannot be used is said when settings change and when a note opens (the
  // first settings of a client without workspace/configuration are applied at initialize).
  ctx.settingsApplied.event(() => vocabularies.reportProblems());
  ctx.documents.onDidOpen(() => vocabularies.reportProblems());

  connection.onShutdown(async () => {
    // Nothing is sent after this: timers that fire later find the flag.
    ctx.shutDown = true;
    ctx.shuttingDown.fire();
    sessions.stopAll();
    workspace.dispose();
    await workspace.engine.dispose();
  });

  ctx.documents.listen(connection);
  connection.listen();
  return { workspace, settings: () => ctx.settings };
}
