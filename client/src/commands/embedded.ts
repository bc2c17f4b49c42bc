/**
 * The embedded engine's model: download the default one (only after the user agrees: it is
 * about 4.1 GB from huggingface.co) into the extension's global storage, or choose a GGUF
 * file already on this machine. Either way biomedNlp.embedded.modelPath is set (user
 * settings), which the server picks up: with biomedNlp.engine `auto` it is then used
 * whenever Ollama does not answer.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DownloadModelRequest, DownloadProgressNotification, type DownloadProgressParams } from '../../../server/src/protocol/protocol';
import { onNotification, sendRequest } from '../requests';

const DOWNLOAD = 'Download (about 4.1 GB)';
const CHOOSE = 'Choose a GGUF File…';

async function setModelPath(file: string): Promise<void> {
  await vscode.workspace.getConfiguration('biomedNlp').update('embedded.modelPath', file, vscode.ConfigurationTarget.Global);
}

/** Lets the user pick a .gguf file and sets it as the embedded engine's model. */
export async function chooseGgufFile(): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title: 'Biomed NLP: the GGUF model file for the embedded engine',
    canSelectMany: false,
    filters: { 'GGUF models': ['gguf'] },
  });
  const file = picked?.[0]?.fsPath;
  if (!file) return undefined;
  await setModelPath(file);
  void vscode.window.showInformationMessage(`Biomed NLP: the embedded engine will use ${path.basename(file)}.`);
  return file;
}

/**
 * biomedNlp.downloadEmbeddedModel: asks first, then downloads Llama2-MedTuned 7B (Q4_K_M)
 * with a cancellable progress notification, and sets biomedNlp.embedded.modelPath.
 */
export async function downloadEmbeddedModel(client: LanguageClient, context: vscode.ExtensionContext): Promise<string | undefined> {
  const folder = path.join(context.globalStorageUri.fsPath, 'models');
  const choice = await vscode.window.showInformationMessage(
    'Biomed NLP: the embedded engine analyses notes without Ollama, inside VS Code. Download its default model, ' +
      'Llama2-MedTuned 7B (Q4_K_M, about 4.1 GB), from huggingface.co?',
    {
      modal: true,
      detail: `It is saved in ${folder}. Only the model is downloaded: note text never leaves this machine. Where it cannot be downloaded, choose a GGUF file that is already on this machine.`,
    },
    DOWNLOAD,
    CHOOSE,
  );
  if (choice === CHOOSE) return chooseGgufFile();
  if (choice !== DOWNLOAD) return undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Downloading Llama2-MedTuned 7B', cancellable: true },
    async (progress, token) => {
      let lastPercent = 0;
      const sub = onNotification(client, DownloadProgressNotification, (p: DownloadProgressParams) => {
        if (!p.total) return progress.report({ message: `${(p.received / 1e9).toFixed(2)} GB` });
        const percent = Math.floor((100 * p.received) / p.total);
        progress.report({ message: `${(p.received / 1e9).toFixed(2)} of ${(p.total / 1e9).toFixed(2)} GB`, increment: Math.max(0, percent - lastPercent) });
        lastPercent = percent;
      });
      try {
        const result = await sendRequest(client, DownloadModelRequest, { folder }, token);
        await setModelPath(result.path);
        void vscode.window.showInformationMessage(`Biomed NLP: the model is downloaded; the embedded engine uses it when Ollama does not answer.`);
        return result.path;
      } catch (err) {
        if (token.isCancellationRequested) return undefined;
        const again = await vscode.window.showErrorMessage(`Biomed NLP: ${(err as Error).message}`, CHOOSE);
        return again === CHOOSE ? chooseGgufFile() : undefined;
      } finally {
        sub.dispose();
      }
    },
  );
}
