/**
 * The client: starts the language server, shows its status, forwards the commands.
 * Everything else happens in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

/** The commands a hover's links may run: accepting or rejecting a relation (curation). */
const HOVER_COMMANDS = ['biomedNlp.curation.acceptRelation', 'biomedNlp.curation.rejectRelation'];
import {
  AnalyzeDocumentRequest,
  DEFAULT_LANGUAGES,
  type DeidCopyStyle,
  type ExportFormat,
  IgnoredFindingsNotification,
  AnalysisChangedNotification,
  FolderProgressNotification,
  IndexChangedNotification,
  NotesProgressNotification,
  RetryRequest,
  type SearchVocabularyArgs,
  StatusNotification,
  type IgnoredFindings,
  type StatusParams,
} from '../../server/src/protocol/protocol';
import { onNotification, sendRequest } from './requests';
import { OutlineRefresh } from './outlineRefresh';
import { blockedBy } from './statusText';
import { checkSelectionAgainstNote, checkStatement } from './commands/checkStatement';
import { registerNliCheck } from './commands/nliCheck';
import { openExample } from './commands/examples';
import { exportAnnotations } from './commands/export';
import { saveDeidentifiedCopy } from './commands/deidCopy';
import { addVocabulary, AddVocabularyArgs } from './commands/vocabularies';
import { searchVocabulary } from './commands/searchVocabulary';
import { pullModel, selectModel } from './commands/models';
import { chooseGgufFile, downloadEmbeddedModel } from './commands/embedded';
import { clearModelCache, modelCacheDir } from './commands/modelCache';
import { showMenu, StatusView } from './status';
import { NotePanel, pickStatusFilter, pickTypeFilter, revealInNote, VIEW_ID } from './panel';
import type { CheckRecord } from './panelItems';
import { registerCuration, watchCuration } from './curation';
import { StatusMarks } from './statusMarks';
import { ConceptsView, pickConceptStatuses, pickConceptTypes } from './concepts';
import { analyseFolder, folderProgress } from './commands/analyseFolder';
import { findConcept } from './commands/findConcept';

const IGNORED_KEY = 'biomedNlp.ignoredFindings';
/** The OpenAI-compatible server's API key, in SecretStorage (never in settings). */
const OPENAI_KEY_SECRET = 'biomedNlp.openai.apiKey';

let client: LanguageClient | undefined;
/** The side panel; created at activation, filled once the server runs. */
let panel: NotePanel | undefined;
/** The Concepts view (the workspace's indexed notes); created at activation, filled once the server runs. */
let concepts: ConceptsView | undefined;
/** Asks the Outline again when a note's results change. */
let outline: OutlineRefresh | undefined;
/** The server start in progress or done; undefined while no server runs. */
let starting: Promise<LanguageClient> | undefined;
/** The box and band marks, drawn from the semantic tokens the client passes on; one for every client started. */
let marks: StatusMarks | undefined;

function analysedLanguages(): string[] {
  const langs = vscode.workspace.getConfiguration('biomedNlp').get<string[]>('languages', [...DEFAULT_LANGUAGES]);
  return langs.length ? langs : [...DEFAULT_LANGUAGES];
}

function isAnalysed(document: vscode.TextDocument): boolean {
  return analysedLanguages().includes(document.languageId);
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: () => StatusView): Promise<LanguageClient> {
  const module = context.asAbsolutePath('dist/server.js');
  // A stored API key reaches the server in its environment, where the CLI reads it too; not
  // in initializationOptions, which LSP tracing would write to the log.
  const apiKey = await context.secrets.get(OPENAI_KEY_SECRET);
  const env = { ...process.env, ...(apiKey ? { BIOMED_OPENAI_API_KEY: apiKey } : {}) };
  // The bundles are minified; the source maps beside them (in a checkout, not in the .vsix)
  // make a debugged server's stack traces readable.
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--enable-source-maps', '--nolazy', '--inspect=6019'] } },
  };
  if (!marks) context.subscriptions.push((marks = new StatusMarks()));
  const clientOptions: LanguageClientOptions = {
    // Fixed when the client starts: a change of biomedNlp.languages restarts it (below).
    documentSelector: analysedLanguages().map((language) => ({ language })),
    synchronize: { configurationSection: 'biomedNlp' },
    outputChannel: output,
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('biomedNlp'),
      // Findings the user ignored, kept in the workspace between sessions.
      ignored: context.workspaceState.get<IgnoredFindings['ignored']>(IGNORED_KEY, {}),
      // This client handles the server's biomedNlp/* notifications and runs its client-side commands.
      biomedNlpClient: true,
      // The model's answers are kept here between sessions (biomedNlp.cache.*).
      cacheDir: modelCacheDir(context),
    },
    middleware: {
      ...marks.middleware,
      // Hovers quote note text (escaped by the server); only the two curation commands its
      // relation links name may run from them, nothing else.
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const content of hover?.contents ?? []) {
          if (content instanceof vscode.MarkdownString) content.isTrusted = { enabledCommands: HOVER_COMMANDS };
        }
        return hover;
      },
      workspace: {
        // A change of biomedNlp.languages stops this client (below) while the client's own
        // configuration sync is still sending the change; that send then fails, and the
        // client would show the failure as an error. A stopping client has nothing to learn.
        didChangeConfiguration: async (sections, next) => {
          try {
            await next(sections);
          } catch (err) {
            if (started.isRunning()) throw err;
          }
        },
      },
    },
  };
  const started = new LanguageClient('biomedNlp', 'Biomed NLP', serverOptions, clientOptions);
  onNotification(started, StatusNotification, (s: StatusParams) => {
    status().update(s);
    panel?.statusChanged();
  });
  onNotification(started, NotesProgressNotification, (p) => status().updateNotes(p));
  onNotification(started, AnalysisChangedNotification, (p) => {
    void panel?.refresh(p.uri);
    outline?.changed(p.uri);
  });
  onNotification(started, FolderProgressNotification, folderProgress);
  onNotification(started, IndexChangedNotification, () => void concepts?.refresh());
  onNotification(started, IgnoredFindingsNotification, (f: IgnoredFindings) => void context.workspaceState.update(IGNORED_KEY, f.ignored));
  context.subscriptions.push(watchCuration(started));
  status();
  await started.start();
  client = started;
  void panel?.refresh();
  void concepts?.refresh();
  return started;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Biomed NLP', { log: true });
  context.subscriptions.push(output);
  // The status item appears with the server, not for every file that activates the extension.
  let statusView: StatusView | undefined;
  const status = (): StatusView => {
    if (!statusView) {
      statusView = new StatusView(
        () => void (client && sendRequest(client, RetryRequest)),
        () => output.show(true),
        String(context.extension.packageJSON.version ?? ''),
      );
      context.subscriptions.push(statusView);
    }
    return statusView;
  };

  /**
   * The language server starts lazily: the extension activates on any language (VS Code has
   * no activation event that follows a setting), but the server process starts only for a
   * document of a language in biomedNlp.languages, or for a command that needs it.
   */
  const ensureClient = (): Promise<LanguageClient> => {
    starting ??= startClient(context, output, status).catch((err) => {
      starting = undefined;
      throw err;
    });
    return starting;
  };
  const stopClient = async (): Promise<void> => {
    const running = await starting?.catch(() => undefined);
    starting = undefined;
    client = undefined;
    await running?.stop();
  };
  const startIfAnalysed = (): void => {
    if (!starting && vscode.workspace.textDocuments.some(isAnalysed)) void ensureClient();
  };
  /** Runs `command` with the server, starting it if needed. */
  const withClient =
    <A extends unknown[], R>(command: (c: LanguageClient, ...args: A) => R) =>
    async (...args: A): Promise<Awaited<R>> =>
      await command(await ensureClient(), ...args);
  registerCuration(context, withClient, () => client);
  registerNliCheck(context, withClient);
  const notePanel = new NotePanel(
    () => client,
    isAnalysed,
    () => blockedBy(statusView?.current),
  );
  panel = notePanel;
  context.subscriptions.push(notePanel);
  const conceptsView = new ConceptsView(() => client);
  concepts = conceptsView;
  context.subscriptions.push(conceptsView);
  outline = new OutlineRefresh(() => analysedLanguages().map((language) => ({ language })));
  context.subscriptions.push(outline);
  /** Statement checks are kept in the panel's Checks section. */
  const keepCheck = (check: CheckRecord): void => notePanel.addCheck(check);

  context.subscriptions.push(
    vscode.commands.registerCommand('biomedNlp.analyzeDocument', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      if (!isAnalysed(editor.document)) {
        void vscode.window.showInformationMessage(
          `Biomed NLP analyses ${analysedLanguages().join(', ')} documents; add "${editor.document.languageId}" to biomedNlp.languages to analyse this one.`,
        );
        return;
      }
      await sendRequest(await ensureClient(), AnalyzeDocumentRequest, { uri: editor.document.uri.toString() });
    }),
    vscode.commands.registerCommand('biomedNlp.showLog', () => output.show(true)),
    vscode.commands.registerCommand(
      'biomedNlp.checkStatement',
      withClient((c, statement?: string) => checkStatement(c, keepCheck, statement)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.checkSelectionAgainstNote',
      withClient((c) => checkSelectionAgainstNote(c, keepCheck)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.selectModel',
      withClient((c) => selectModel(c)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.pullModel',
      withClient((c, model?: string) => pullModel(c, model)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.downloadEmbeddedModel',
      withClient((c) => downloadEmbeddedModel(c, context)),
    ),
    vscode.commands.registerCommand('biomedNlp.chooseEmbeddedModelFile', () => chooseGgufFile()),
    vscode.commands.registerCommand(
      'biomedNlp.addVocabulary',
      withClient((c, args?: AddVocabularyArgs) => addVocabulary(c, context, args)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.searchVocabulary',
      withClient((c, args?: SearchVocabularyArgs) => searchVocabulary(c, args)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.exportAnnotations',
      withClient((c, format?: ExportFormat, target?: vscode.Uri) => exportAnnotations(c, format, target)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.saveDeidentifiedCopy',
      withClient((c, style?: DeidCopyStyle, target?: vscode.Uri) => saveDeidentifiedCopy(c, style, target)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.clearModelCache',
      withClient((c) => clearModelCache(c)),
    ),
    vscode.commands.registerCommand('biomedNlp.openExample', () => openExample(context)),
    vscode.commands.registerCommand('biomedNlp.showMenu', () => showMenu(statusView?.current)),
    vscode.commands.registerCommand('biomedNlp.showPanel', () => vscode.commands.executeCommand(`${VIEW_ID}.focus`)),
    vscode.commands.registerCommand('biomedNlp.showLegend', () => notePanel.revealLegend()),
    vscode.commands.registerCommand('biomedNlp.panel.reveal', (uri: string, range: Parameters<typeof revealInNote>[1]) => revealInNote(uri, range)),
    vscode.commands.registerCommand('biomedNlp.panel.filterTypes', () => pickTypeFilter(notePanel)),
    vscode.commands.registerCommand('biomedNlp.panel.filterStatuses', () => pickStatusFilter(notePanel)),
    vscode.commands.registerCommand('biomedNlp.panel.clearFilters', () => {
      notePanel.setTypeFilter(undefined);
      notePanel.setStatusFilter(undefined);
    }),
    vscode.commands.registerCommand('biomedNlp.panel.refresh', () => notePanel.refresh()),
    vscode.commands.registerCommand(
      'biomedNlp.analyseFolder',
      withClient((c) => analyseFolder(c, output)),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.findConcept',
      withClient((c) => findConcept(c, conceptsView)),
    ),
    vscode.commands.registerCommand('biomedNlp.concepts.filterTypes', () => pickConceptTypes(conceptsView)),
    vscode.commands.registerCommand('biomedNlp.concepts.filterStatuses', () => pickConceptStatuses(conceptsView)),
    vscode.commands.registerCommand('biomedNlp.concepts.clearQuery', () => conceptsView.setQuery(undefined)),
    vscode.commands.registerCommand('biomedNlp.concepts.refresh', () => conceptsView.refresh()),
    vscode.commands.registerCommand('biomedNlp.setOpenAiApiKey', async () => {
      const key = await vscode.window.showInputBox({
        title: 'API key for the OpenAI-compatible server (biomedNlp.openai.baseUrl)',
        prompt: "Kept in VS Code's secret storage, never in settings. Leave empty to remove the stored key.",
        password: true,
        ignoreFocusOut: true,
      });
      if (key === undefined) return;
      if (key.trim()) await context.secrets.store(OPENAI_KEY_SECRET, key.trim());
      else await context.secrets.delete(OPENAI_KEY_SECRET);
      // The server reads the key when it starts.
      if (starting) {
        await stopClient();
        await ensureClient();
      }
    }),
    vscode.workspace.onDidOpenTextDocument((document) => {
      if (!starting && isAnalysed(document)) void ensureClient();
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (!e.affectsConfiguration('biomedNlp.languages')) return;
      // The document selector is fixed when the client starts: a running server restarts with
      // the new one; a newly analysed language that is already open starts it.
      if (starting) await stopClient();
      startIfAnalysed();
    }),
  );
  startIfAnalysed();
}

export async function deactivate(): Promise<void> {
  await (await starting?.catch(() => undefined))?.stop();
}
