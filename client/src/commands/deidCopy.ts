/**
 * *Save a De-identified Copy*: the style chosen here (tags or surrogates), the copy written
 * by the server's workspace/executeCommand command biomedNlp.saveDeidentifiedCopy (the same
 * other editors run), beside the note as `name.deid.txt`; never over the note.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest } from 'vscode-languageclient';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DeidCopyStyle, SaveDeidentifiedCopyCommand, SaveDeidentifiedCopyResult } from '../../../server/src/protocol/protocol';

const STYLES: { label: string; style: DeidCopyStyle; description: string }[] = [
  { label: 'Tags', style: 'tags', description: '[**Name**], [**Date**], … as MIMIC writes them' },
  { label: 'Surrogates', style: 'surrogates', description: 'realistic stand-ins: other names, dates shifted, same-shape numbers' },
];

/** `style` and `target` (a file URI) skip the quick pick and the default place (tests, keybindings). */
export async function saveDeidentifiedCopy(client: LanguageClient, style?: DeidCopyStyle, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const chosen =
    style ??
    (await vscode.window.showQuickPick(STYLES, { title: 'Biomed NLP: save a de-identified copy with', placeHolder: 'PHI the rules find is replaced' }))?.style;
  if (!chosen) return undefined;
  const note = editor.document.uri;
  if (note.scheme !== 'file') {
    void vscode.window.showWarningMessage('Biomed NLP: save the note to a file first; its de-identified copy is written beside it.');
    return undefined;
  }
  const result = (await client.sendRequest(ExecuteCommandRequest.type, {
    command: SaveDeidentifiedCopyCommand,
    arguments: [{ uri: note.toString(), style: chosen, ...(target ? { target: target.toString() } : {}) }],
  })) as SaveDeidentifiedCopyResult | null;
  // A refusal (not an open note, the note itself as target) came as a warning from the server.
  if (!result) return undefined;
  const copy = vscode.Uri.parse(result.uri);
  void vscode.window.showInformationMessage(result.message, 'Open the Copy').then((open) => open && vscode.window.showTextDocument(copy));
  return copy;
}
