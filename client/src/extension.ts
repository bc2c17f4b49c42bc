/**
 * The client: starts the language server, shows its status, forwards the commands.
 * Everything else happens in the server.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import {
  AnalyzeDocumentRequest,
  DEFAULT_LANGUAGES,
  type ExportFormat,
  IgnoredFindingsNotification,
  RetryRequest,
  StatusNotification,
  type IgnoredFindings,
  type StatusParams,
} from '../../server/src/protocol/protocol';
import { onNotification, sendRequest } from './requests';
import { checkSelectionAgainstNote, checkStatement } from './commands/checkStatement';
import { openExample } from './commands/examples';
import { exportAnnotations } from './commands/export';
import { pullModel, selectModel } from './commands/models';
import { chooseGgufFile, downloadEmbeddedModel } from './commands/embedded';
import { showMenu, StatusView } from './status';

const IGNORED_KEY = 'biomedNlp.ignoredFindings';
/** The OpenAI-compatible server's API key, in SecretStorage (never in settings). */
const OPENAI_KEY_SECRET = 'biomedNlp.openai.apiKey';

let client: LanguageClient | undefined;

function analysedLanguages(): string[] {
  const langs = vscode.workspace.getConfiguration('biomedNlp').get<string[]>('languages', [...DEFAULT_LANGUAGES]);
  return langs.length ? langs : [...DEFAULT_LANGUAGES];
}

async function startClient(context: vscode.ExtensionContext, output: vscode.LogOutputChannel, status: StatusView): Promise<void> {
  const module = context.asAbsolutePath('dist/server.js');
  // A stored API key reaches the server in its environment, where the CLI reads it too; not
  // in initializationOptions, which LSP tracing would write to the log.
  const apiKey = await context.secrets.get(OPENAI_KEY_SECRET);
  const env = apiKey ? { env: { ...process.env, BIOMED_OPENAI_API_KEY: apiKey } } : {};
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: env },
    debug: { module, transport: TransportKind.ipc, options: { ...env, execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: analysedLanguages().map((language) => ({ language })),
    synchronize: { configurationSection: 'biomedNlp' },
    outputChannel: output,
    initializationOptions: {
      settings: vscode.workspace.getConfiguration('biomedNlp'),
      // Findings the user ignored, kept in the workspace between sessions.
      ignored: context.workspaceState.get<IgnoredFindings['ignored']>(IGNORED_KEY, {}),
    },
  };
  client = new LanguageClient('biomedNlp', 'Biomed NLP', serverOptions, clientOptions);
  onNotification(client, StatusNotification, (s: StatusParams) => status.update(s));
  onNotification(client, IgnoredFindingsNotification, (f: IgnoredFindings) => void context.workspaceState.update(IGNORED_KEY, f.ignored));
  await client.start();
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Biomed NLP', { log: true });
  const status = new StatusView(
    () => void (client && sendRequest(client, RetryRequest)),
    () => output.show(true),
  );
  context.subscriptions.push(output, status);

  context.subscriptions.push(
    vscode.commands.registerCommand('biomedNlp.analyzeDocument', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor || !client) return;
      if (!analysedLanguages().includes(editor.document.languageId)) {
        void vscode.window.showInformationMessage(
          `Biomed NLP analyses ${analysedLanguages().join(', ')} documents; add "${editor.document.languageId}" to biomedNlp.languages to analyse this one.`,
        );
        return;
      }
      await sendRequest(client, AnalyzeDocumentRequest, { uri: editor.document.uri.toString() });
    }),
    vscode.commands.registerCommand('biomedNlp.showLog', () => output.show(true)),
    vscode.commands.registerCommand('biomedNlp.checkStatement', (statement?: string) => client && checkStatement(client, statement)),
    vscode.commands.registerCommand('biomedNlp.checkSelectionAgainstNote', () => client && checkSelectionAgainstNote(client)),
    vscode.commands.registerCommand('biomedNlp.selectModel', () => client && selectModel(client)),
    vscode.commands.registerCommand('biomedNlp.pullModel', (model?: string) => client && pullModel(client, model)),
    vscode.commands.registerCommand('biomedNlp.downloadEmbeddedModel', () => client && downloadEmbeddedModel(client, context)),
    vscode.commands.registerCommand('biomedNlp.chooseEmbeddedModelFile', () => chooseGgufFile()),
    vscode.commands.registerCommand('biomedNlp.exportAnnotations', (format?: ExportFormat, target?: vscode.Uri) =>
      client ? exportAnnotations(client, format, target) : undefined,
    ),
    vscode.commands.registerCommand('biomedNlp.openExample', () => openExample(context)),
    vscode.commands.registerCommand('biomedNlp.showMenu', () => showMenu()),
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
      if (client) {
        await client.stop();
        await startClient(context, output, status);
      }
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      // The document selector is fixed when the client starts.
      if (e.affectsConfiguration('biomedNlp.languages') && client) {
        await client.stop();
        await startClient(context, output, status);
      }
    }),
  );
  await startClient(context, output, status);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
