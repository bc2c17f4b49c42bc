/** *Clear the Model Cache*: the server forgets the model's answers, on disk too, and says how many. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ClearModelCacheRequest } from '../../../server/src/protocol/protocol';
import { sendRequest } from '../requests';

/**
 * Where the server keeps the model's answers: this workspace's own storage (a window with no
 * folder: the extension's global storage), never inside the user's folder.
 */
export function modelCacheDir(context: vscode.ExtensionContext): string {
  return path.join((context.storageUri ?? context.globalStorageUri).fsPath, 'model-cache');
}

export async function clearModelCache(client: LanguageClient): Promise<void> {
  const { cleared, dir } = await sendRequest(client, ClearModelCacheRequest);
  const where = dir ? ` from ${path.basename(path.dirname(dir))}/${path.basename(dir)}` : ' (kept in memory only)';
  void vscode.window.showInformationMessage(`Biomed NLP: the model cache is empty: ${cleared} answers removed${where}. Every sentence will be asked again.`);
}
