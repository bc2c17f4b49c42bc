/**
 * The language server: wiring only. `startServer(connection)` takes any connection (stdio
 * in main.ts, in-memory streams in tests), declares the capabilities and registers the
 * features, each in its own module under features/. Documents go to the engine's
 * Workspace; each open note's state is its NoteSession (noteSession.ts); every request
 * handler runs through the Runner (runner.ts).
 */
import { CodeActionKind, Connection, InitializeParams, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { Workspace } from '../engine';
import { CurateCommand, IgnoreFindingCommand } from '../protocol/protocol';
import { InitializationOptions, ServerContext } from './context';
import { registerAnalysis } from './features/analysis';
import { registerCommands } from './features/commands';
import { registerCuration } from './features/curation';
import { registerExport } from './features/export';
import { registerHover } from './features/hover';
import { registerModels } from './features/models';
import { registerNli } from './features/nli';
import { registerOutline } from './features/outline';
import { registerStatementChecks } from './features/statements';
import { registerStatus } from './features/status';
import { registerSemanticTokens } from './features/tokens';
import { LEGEND } from './semanticTokens';
import { readSettings, Settings } from './settings';

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
  const ctx = new ServerContext(connection, options.env);
  const { sessions, workspace } = ctx;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    ctx.support.refresh = !!caps.workspace?.semanticTokens?.refreshSupport;
    ctx.support.progress = !!caps.window?.workDoneProgress;
    ctx.support.configuration = !!caps.workspace?.configuration;
    ctx.support.watch = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const init = params.initializationOptions as InitializationOptions | undefined;
    ctx.settings = readSettings(init?.settings);
    ctx.initializing.fire(init ?? {});
    workspace.reconfigure(ctx.engineConfig(ctx.settings));
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

  // The features. Some call each other (a curation change restyles the tokens and changes the
  // folder's examples): those calls go through the objects registration returns.
  const status = registerStatus(ctx);
  const nli = registerNli(ctx);
  const curation = registerCuration(ctx, {
    refresh: () => {
      tokens.scheduleRefresh();
      for (const s of sessions.all()) status.scheduleOverviewNotice(s.uri);
    },
    examplesChanged: (folder) => analysis.examplesChanged(folder),
  });
  const tokens = registerSemanticTokens(ctx, curation.curation);
  const analysis = registerAnalysis(ctx, curation.curation, status);
  registerHover(ctx, curation.curation);
  registerOutline(ctx, curation.curation);
  registerCommands(ctx, nli, curation);
  registerStatementChecks(ctx);
  registerModels(ctx);
  registerExport(ctx);

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
