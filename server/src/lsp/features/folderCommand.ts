/**
 * *Analyse All Notes in the Folder* for clients other than Biomed NLP's (Neovim, Emacs,
 * Helix): the workspace/executeCommand command biomedNlp.analyseFolder runs the same analysis
 * as the biomedNlp/analyseFolder request (features/workspaceIndex.ts), with LSP work-done
 * progress ("3 of 12 notes") where the client takes it, since such a client shows no
 * biomedNlp/folderProgress. The summary VS Code's command shows comes back as the command's
 * result and as a message; the notes skipped or failed are named in the log.
 */
import { CancellationToken, MessageType, ShowMessageNotification, WorkDoneProgressServerReporter } from 'vscode-languageserver';
import { AnalyseFolderCommandResult, AnalyseFolderParams, AnalyseFolderResult, analyseFolderMessage, FolderProgressParams } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { localPath } from '../files';
import * as fs from 'node:fs';

type AnalyseFolder = (params: AnalyseFolderParams, cancelled: () => boolean, report: (p: FolderProgressParams) => void) => Promise<AnalyseFolderResult>;

/** The command's handler: `args` as workspace/executeCommand gives them (an optional folder URI). */
export type FolderCommand = (args: unknown[], token: CancellationToken) => Promise<AnalyseFolderCommandResult | null>;

export function registerFolderCommand(ctx: ServerContext, analyseFolder: AnalyseFolder): FolderCommand {
  const { connection } = ctx;
  const say = (type: MessageType, message: string) => void connection.sendNotification(ShowMessageNotification.type, { type, message });

  return async (args, token) => {
    const given = args[0];
    const uris = typeof given === 'string' ? [given] : ctx.workspaceFolders;
    const folders = uris.map(localPath).filter((f): f is string => f !== undefined);
    const notFolder = folders.find((f) => !fs.existsSync(f) || !fs.statSync(f).isDirectory());
    if (given !== undefined && (typeof given !== 'string' || folders.length === 0 || notFolder)) {
      say(MessageType.Warning, `Biomed NLP: ${JSON.stringify(given)} is not a folder's file URI (file:///…); give one, or nothing for the workspace folders.`);
      return null;
    }
    if (folders.length === 0) {
      say(MessageType.Info, 'Biomed NLP: open a folder of notes first (or give its file URI); its notes are analysed for the symbol search.');
      return null;
    }
    let progress: WorkDoneProgressServerReporter | undefined;
    if (ctx.support.progress) {
      progress = await connection.window.createWorkDoneProgress();
      progress.begin('Biomed NLP: analysing the notes of the folder', 0, undefined, true);
    }
    const cancelled = () => token.isCancellationRequested || (progress?.token.isCancellationRequested ?? false);
    const report = (p: FolderProgressParams) =>
      progress?.report(p.total ? Math.round((p.done / p.total) * 100) : 100, `${p.done} of ${p.total} notes${p.paused ? ' (paused while you type)' : ''}`);
    let result: AnalyseFolderResult;
    try {
      result = await analyseFolder({ folders }, cancelled, report);
    } finally {
      progress?.done();
    }
    for (const file of result.skipped)
      connection.console.info(`Analyse All Notes in the Folder: skipped ${file} (not a note one can read: binary or too long)`);
    for (const file of result.failed) connection.console.warn(`Analyse All Notes in the Folder: failed on ${file}`);
    const message = analyseFolderMessage(result);
    say(MessageType.Info, message);
    return { ...result, message };
  };
}
