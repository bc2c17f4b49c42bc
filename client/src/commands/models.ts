/**
 * Model management: choose a model from those Ollama has, pull one with a cancellable
 * progress notification (bytes of each layer, then success or Ollama's error).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ListModelsRequest,
  PullModelRequest,
  PullProgressNotification,
  type ListModelsResult,
  type PullProgressParams,
} from '../../../server/src/protocol/protocol';
import { onNotification, sendRequest } from '../requests';

function gigabytes(bytes: number | undefined): string {
  return bytes === undefined ? '?' : `${(bytes / 1e9).toFixed(2)} GB`;
}

/** biomedNlp.selectModel: a quick pick over /api/tags with size, quantisation and profile. */
export async function selectModel(client: LanguageClient): Promise<string | undefined> {
  let result: ListModelsResult;
  try {
    result = await sendRequest(client, ListModelsRequest);
  } catch (err) {
    void vscode.window.showErrorMessage(`Biomed NLP: cannot list models: ${(err as Error).message}`);
    return undefined;
  }
  if (result.models.length === 0) {
    const choice = await vscode.window.showInformationMessage(`Ollama at ${result.host} has no models yet.`, 'Pull Model');
    if (choice === 'Pull Model') await vscode.commands.executeCommand('biomedNlp.pullModel');
    return undefined;
  }
  const items = result.models.map((m) => ({
    label: m.name,
    description: `${gigabytes(m.size)} · ${m.quantization || 'unknown quantisation'} · ${m.profile} profile`,
    detail: m.name === result.current ? 'current model' : undefined,
    picked: m.name === result.current,
  }));
  const picked = await vscode.window.showQuickPick(items, { title: 'Biomed NLP: select the model', placeHolder: `Models at ${result.host}` });
  if (!picked) return undefined;
  await vscode.workspace.getConfiguration('biomedNlp').update('model', picked.label, vscode.ConfigurationTarget.Global);
  return picked.label;
}

/** biomedNlp.pullModel: streams /api/pull into a cancellable progress notification. */
export async function pullModel(client: LanguageClient, model?: string): Promise<boolean> {
  const configured = vscode.workspace.getConfiguration('biomedNlp').get<string>('model', '');
  const name =
    model ??
    (await vscode.window.showInputBox({
      title: 'Biomed NLP: pull a model with Ollama',
      value: configured,
      prompt: 'Model name, e.g. llama3.1:8b or hf.co/user/repo:Q4_K_M',
    }));
  if (!name?.trim()) return false;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Pulling ${name}`, cancellable: true },
    async (progress, token) => {
      let lastPercent = 0;
      let layer = '';
      const sub = onNotification(client, PullProgressNotification, (p: PullProgressParams) => {
        if (p.model !== name) return;
        if (p.digest && p.digest !== layer) {
          layer = p.digest;
          lastPercent = 0;
        }
        if (p.total && p.completed !== undefined) {
          const percent = Math.floor((100 * p.completed) / p.total);
          progress.report({ message: `${p.status}: ${gigabytes(p.completed)} of ${gigabytes(p.total)}`, increment: Math.max(0, percent - lastPercent) });
          lastPercent = percent;
        } else {
          progress.report({ message: p.status });
        }
      });
      try {
        await sendRequest(client, PullModelRequest, { model: name }, token);
        void vscode.window.showInformationMessage(`Biomed NLP: ${name} is installed.`);
        return true;
      } catch (err) {
        if (!token.isCancellationRequested) void vscode.window.showErrorMessage(`Biomed NLP: ${(err as Error).message}`);
        return false;
      } finally {
        sub.dispose();
      }
    },
  );
}
