/**
 * *Biomed NLP: Analyse All Notes in the Folder*: the workspace folders' notes analysed for the
 * index (biomedNlp/analyseFolder), in the background on the server, with a cancellable
 * progress notification that follows biomedNlp/folderProgress.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AnalyseFolderRequest, analyseFolderMessage, type FolderProgressParams } from '../../../server/src/protocol/protocol';
import { sendRequest } from '../requests';

/** The notification of the run in progress, if any: the server's progress goes there. */
let report: ((p: FolderProgressParams) => void) | undefined;

/** biomedNlp/folderProgress: "3 of 12 notes". */
export function folderProgress(p: FolderProgressParams): void {
  report?.(p);
}

export async function analyseFolder(client: LanguageClient, output: vscode.LogOutputChannel): Promise<void> {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
  if (!folders.length) {
    void vscode.window.showInformationMessage(
      'Biomed NLP: open a folder of notes first; its notes are analysed for the Concepts view and the symbol search (Ctrl+T).',
    );
    return;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Biomed NLP: analysing the notes of the folder', cancellable: true },
    async (progress, token) => {
      let done = 0;
      report = (p) => {
        const increment = p.total ? ((p.done - done) / p.total) * 100 : 0;
        done = p.done;
        progress.report({ message: `${p.done} of ${p.total} notes${p.paused ? ' (paused while you type)' : ''}`, increment });
      };
      try {
        return await sendRequest(client, AnalyseFolderRequest, { folders }, token);
      } finally {
        report = undefined;
      }
    },
  );
  for (const file of result.skipped) output.info(`Analyse All Notes in the Folder: skipped ${file} (not a note one can read: binary or too long)`);
  for (const file of result.failed) output.warn(`Analyse All Notes in the Folder: failed on ${file}`);
  const message = analyseFolderMessage(result);
  if (result.skipped.length || result.failed.length) {
    const choice = await vscode.window.showInformationMessage(message, 'Show the Log');
    if (choice) output.show(true);
  } else void vscode.window.showInformationMessage(message);
}
