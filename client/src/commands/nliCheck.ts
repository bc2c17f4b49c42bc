/**
 * "Show how this was checked", the code action on an NLI finding: the server's account of
 * every sentence the statement was checked against, its verdict, why it decides or not and
 * why retrieval chose it, in a read-only document beside the note, wrapped (the Problems
 * panel shows only the evidence).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NliCheckRequest, ShowNliCheckCommand } from '../../../server/src/protocol/protocol';
import { sendRequest } from '../requests';

type WithClient = <A extends unknown[], R>(command: (c: LanguageClient, ...args: A) => R) => (...args: A) => Promise<Awaited<R>>;

/** A scheme of its own: a provider's document is read-only, unlike an untitled one. */
const SCHEME = 'biomed-nli-check';

export function registerNliCheck(context: vscode.ExtensionContext, withClient: WithClient): void {
  const texts = new Map<string, string>();
  let next = 0;
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, { provideTextDocumentContent: (uri) => texts.get(uri.toString()) ?? '' }),
    // The text goes with its document.
    vscode.workspace.onDidCloseTextDocument((d) => d.uri.scheme === SCHEME && texts.delete(d.uri.toString())),
    vscode.commands.registerCommand(
      ShowNliCheckCommand,
      withClient(async (client, uri: string, sentence: string) => {
        const answer = await sendRequest(client, NliCheckRequest, { uri, sentence });
        if (!answer) {
          void vscode.window.showInformationMessage('Biomed NLP: this statement is no longer checked in the note (it changed, or the note is not analysed).');
          return;
        }
        // One document per request: a later check of the same statement may differ.
        const doc = vscode.Uri.from({ scheme: SCHEME, path: '/How this statement was checked.txt', query: String(++next) });
        texts.set(doc.toString(), answer.text);
        const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
        // Long sentences are read whole, wrapped at the editor's width (unless the user wraps text anyway).
        const wrap = vscode.workspace.getConfiguration('editor', editor.document).get<string>('wordWrap');
        if (wrap === 'off' && vscode.window.activeTextEditor === editor) await vscode.commands.executeCommand('editor.action.toggleWordWrap');
      }),
    ),
  );
}
